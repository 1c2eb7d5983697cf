import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from utils.actions.dates import column_order, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "2019-03-26",
        "2019/03/26",
        "26/03/2019",
        "26.03.2019",
        "26 March 2019",
        "26th March 2019",
        "March 26, 2019",
        "Tue 26 Mar 2019",
        "26 mars 2019",
        "2019-03-26T10:00:00",
    ],
)
def test_usual_forms_of_26_march_2019(text):
    reading = parse_date(text)
    assert reading.day == dt.date(2019, 3, 26) and reading.error is None


def test_empty_cell_is_an_undated_action_not_an_error():
    assert parse_date("  ") == parse_date("")
    assert parse_date("").day is None and parse_date("").error is None


def test_ambiguous_form_is_read_day_first_and_marked_for_the_columns_one_note():
    reading = parse_date("05/03/2019")
    assert reading.day == dt.date(2019, 3, 5) and reading.ambiguous and reading.note is None


def test_month_first_column_changes_the_reading():
    assert column_order(["03/26/2019", "03/05/2019"])[0].month_first
    assert parse_date("03/05/2019", month_first=True).day == dt.date(2019, 3, 5)


@pytest.mark.parametrize(
    "text", ["2019-02-31", "31/02/2019", "32 March 2019", "yesterday", "2019-13-01", "26 Marchember 2019", "1066-10-14"]
)
def test_impossible_dates_say_what_was_expected(text):
    reading = parse_date(text)
    assert reading.day is None and "YYYY-MM-DD" in reading.error and repr(text) in reading.error


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_iso_date_round_trips(day):
    assert parse_date(day.isoformat()).day == day


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("27/28 شتنبر 2025", "2025-09-27", "2025-09-28"),  # Moroccan month name, a two-day span
        ("٢٧/٢٨ شتنبر ٢٠٢٥", "2025-09-27", "2025-09-28"),  # the same in Arabic-Indic digits
        ("5 جانفي 2020", "2020-01-05", None),  # Algeria and Tunisia
        ("25 أيلول 2019", "2019-09-25", None),  # the Levant
        ("25 مارس 2019", "2019-03-25", None),
        ("27/28 septembre 2025", "2025-09-27", "2025-09-28"),
        ("27–28 Sept 2025", "2025-09-27", "2025-09-28"),
        ("du 25 au 31 mars 2019", "2019-03-25", "2019-03-31"),
        ("30 mars au 2 avril 2019", "2019-03-30", "2019-04-02"),
        ("1er mai 2019", "2019-05-01", None),
        ("25.–31.3.2019", "2019-03-25", "2019-03-31"),
        ("30.3.–2.4.2019", "2019-03-30", "2019-04-02"),
        ("vom 25. bis 31. März 2019", "2019-03-25", "2019-03-31"),
        ("25 al 31 de marzo de 2019", "2019-03-25", "2019-03-31"),
        ("sábado 30 de marzo de 2019", "2019-03-30", None),
        ("30 de março de 2019", "2019-03-30", None),
        ("30 marzo 2019", "2019-03-30", None),
        ("25 t/m 31 maart 2019", "2019-03-25", "2019-03-31"),
        ("25 Maret 2019", "2019-03-25", None),
        ("Marso 25, 2019", "2019-03-25", None),
        ("March 25–31, 2019", "2019-03-25", "2019-03-31"),
        ("2019年3月25日", "2019-03-25", None),
        ("2019年3月30日至4月2日", "2019-03-30", "2019-04-02"),
        ("2019년 3월 25일 월요일", "2019-03-25", None),
        ("2019-03-25/2019-03-31", "2019-03-25", "2019-03-31"),
        ("26 March 2019 10:00", "2019-03-26", None),
    ],
)
def test_dates_and_spans_as_campaigns_write_them(text, first, last):
    reading = parse_date(text)
    assert reading.error is None, reading.error
    assert reading.day.isoformat() == first
    assert (reading.end.isoformat() if reading.end else None) == last


@pytest.mark.parametrize("text", ["3月25日至31日", "3월 25~31일", "du 25 au 31 mars"])
def test_a_span_with_no_year_takes_the_columns_year_and_says_so(text):
    assert "names no year" in parse_date(text).error
    reading = parse_date(text, year=2019)
    assert (reading.day, reading.end) == (dt.date(2019, 3, 25), dt.date(2019, 3, 31))
    assert "read as 2019, the year of the column's other dates" in reading.note


@pytest.mark.parametrize(
    ("text", "why"), [("fin mars 2019", "is not a date"), ("mars 2019", "names no day"), ("31 au 25 mars 2019", "ends before it starts")]
)
def test_what_is_not_one_day_is_said_and_never_guessed(text, why):
    reading = parse_date(text)
    assert reading.day is None and why in reading.error


def test_a_columns_order_is_settled_by_its_own_unambiguous_dates():
    order, settled_by, ambiguous = column_order(["21/04/2023", "05/04/2023", "06/04/2023", "27/04/2023"])
    assert (order.month_first, settled_by, ambiguous, order.year) == (False, "21/04/2023", ["05/04/2023", "06/04/2023"], 2023)
    order, settled_by, _ = column_order(["03/26/2019", "03/05/2019"])
    assert order.month_first and settled_by == "03/26/2019"
    assert column_order(["05/04/2023"])[1] is None
