import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from utils.dates import month_first_column, parse_date


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


def test_ambiguous_form_is_read_day_first_and_reported():
    reading = parse_date("05/03/2019")
    assert reading.day == dt.date(2019, 3, 5)
    assert "could be read two ways" in reading.note and "2019-03-05" in reading.note


def test_month_first_column_changes_the_reading():
    assert month_first_column(["03/26/2019", "03/05/2019"])
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
