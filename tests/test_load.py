"""The loader: every row of every file is accepted or rejected with a clear reason."""

import csv
import io
import os
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import BAD_FILES, REPO
from utils.actions.checks import read_count, unguarded_cell
from utils.actions.load import account, load_actions, sniff_delimiter
from utils.settings import Limits, Settings

HEADER = "id,date,action_kind,organisations,place,city,country,lat,lon,participants,description,source\n"

# Each bad file, a phrase its messages must contain, and how many rows are accepted / rejected.
CORPUS = {
    "empty.csv": ("the file is empty", 0, 0),
    "whitespace_only.csv": ("the file is empty", 0, 0),
    "header_only.csv": ("header but no rows", 0, 0),
    "missing_location_column.csv": ("expected one of place, city, country (found: id, date, action_kind, Kiez)", 0, 2),
    "duplicate_ids.csv": ("row 3, column 'id': id 'a1' is already used on row 2", 2, 1),
    "impossible_dates.csv": ("row 2, column 'date' (kept): '2019-02-31' is not a real day", 6, 0),
    "latlon_out_of_range.csv": ("row 2, column 'lat' (kept): 137.5 is out of range (-90 to 90)", 3, 0),
    "text_in_number_columns.csv": ("row 3, column 'participants' (kept): 'many' is not a number", 3, 0),
    "html_and_script.csv": (None, 2, 0),
    "spreadsheet_formulas.csv": ("looks like a spreadsheet formula; kept as plain text", 3, 0),
    "mixed_encodings.csv": ("1 line(s) are not UTF-8 and were read as Windows-1252 (lines 3)", 2, 0),
    "ragged_rows.csv": ("row 2 (kept): the row has 14 values but the header has 12", 3, 0),
    "blank_rows.csv": ("row 3: the row is empty", 2, 1),
    "unknown_kind_and_country.csv": ("'teach-in' is not a known kind", 2, 0),
    "date_end_before_start.csv": (
        "row 2, column 'date_end' (kept): ends (2019-03-25) before it starts (2019-03-30); the end is left out",
        2,
        0,
    ),
    "ambiguous_dates.csv": ("'05/03/2019' (row 2) could be read two ways; all are read day first, as '26/03/2019' (row 3) shows", 2, 0),
    "unclosed_quote.csv": ("a quote mark opened in this cell is never closed, so 2 following line(s)", 0, 1),
    "binary_garbage.csv": ("this is not a file this site reads (it holds binary data)", 0, 0),
    "html_page_not_csv.csv": ("this is a web page (HTML), not a CSV", 0, 0),
    "utf16_tab_excel.csv": (None, 2, 0),
    "semicolon_windows1252.csv": (None, 2, 0),
    "quoted_newlines.csv": (None, 2, 0),
    "nul_bytes.csv": ("the file held 2 NUL character(s) (line 2, 3), which were removed; no row was dropped", 2, 0),
    "negative_and_huge_counts.csv": ("row 2, column 'participants' (kept): '-5' is negative", 7, 0),
    "numbers_and_times_python_accepts.csv": ("row 4, column 'date' (kept): '2019-03-26T25:99': 25:99 is not a time of day", 4, 0),
    "unclosed_quote_at_end.csv": ("row 3: a quote mark opened in this row is never closed before the end of the file", 1, 1),
    "formula_in_header.csv": ("looks like a spreadsheet formula", 1, 0),
}


def test_corpus_has_every_bad_file():
    assert sorted(CORPUS) == sorted(path.name for path in BAD_FILES.iterdir())


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_file_gets_clear_message_and_every_row_is_accounted_for(name):
    phrase, accepted, rejected = CORPUS[name]
    result = load_actions(BAD_FILES / name)
    messages = "\n".join(str(problem) for problem in result.problems)
    if phrase:
        assert phrase in messages
    assert (result.accepted, result.rejected_count) == (accepted, rejected)
    assert result.rows_in_file == result.accepted + result.rejected_count
    assert (result.rejected["reason"].str.len() > 0).all()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_command_prints_account_without_traceback(name):
    run = subprocess.run([sys.executable, "-m", "utils", "load", str(BAD_FILES / name)], capture_output=True, text=True, cwd=REPO)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stdout.startswith("rows in file: ")


def test_bundled_actions_load_with_zero_problems():
    result = load_actions(REPO / "data" / "actions.csv")
    assert result.problems == []
    assert result.accepted == result.rows_in_file == 9
    assert result.actions["id"].is_unique


def test_bundled_command_prints_kinds_and_days():
    run = subprocess.run([sys.executable, "-m", "utils", "load", "data/actions.csv"], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0
    assert "rows in file: 9  accepted: 9  rejected: 0" in run.stdout
    assert "  protest: 3" in run.stdout
    assert "  2019-03-26: 2" in run.stdout
    assert "  (no date): 2" in run.stdout
    assert "problems: 0" in run.stdout


def test_letter_without_place_is_loaded_not_dropped():
    actions = load_actions(REPO / "data" / "actions.csv").actions
    letters = actions[actions["action_kind"] == "letter"]
    assert len(letters) == 2
    assert (letters["place"] == "").all() and (letters["city"] == "").all()


def test_source_counts_are_kept_as_number_and_wording():
    actions = load_actions(REPO / "data" / "actions.csv").actions.set_index("id")
    porto = actions.loc["2019-03-21-porto-dockers"]
    assert porto["participants"] == 30 and porto["participants_text"] == "about 30 dockers"
    assert actions.loc["2019-online-petition-labourstart", "participants"] == 8121


def test_script_and_html_are_kept_as_text_for_escaping_later():
    actions = load_actions(BAD_FILES / "html_and_script.csv").actions
    assert actions.loc[0, "organisations"] == "<script>alert(1)</script>"
    assert actions.loc[0, "source"] == "javascript:alert(4)"


def test_utf16_tab_file_from_excel_reads_korean_and_written_dates():
    actions = load_actions(BAD_FILES / "utf16_tab_excel.csv").actions
    assert list(actions["city"]) == ["서울", "Makati"]
    assert [d.strftime("%Y-%m-%d") for d in actions["date"]] == ["2019-03-26", "2019-03-28"]


def test_semicolon_windows1252_with_decimal_commas():
    result = load_actions(BAD_FILES / "semicolon_windows1252.csv")
    assert result.delimiter == ";" and result.encoding == "windows-1252"
    first, second = result.actions.iloc[0], result.actions.iloc[1]
    assert (first["lat"], first["lon"]) == (41.15, -8.61)
    assert first["date"].strftime("%Y-%m-%d") == "2019-03-21"
    assert second["organisations"] == "Confédération" and second["country_code"] == "CH"
    assert second["date"].strftime("%Y-%m-%d") == "2019-03-26"


def test_quoted_newlines_stay_inside_their_cell():
    actions = load_actions(BAD_FILES / "quoted_newlines.csv").actions
    assert actions.loc[0, "description"] == "Marched from the police station\nto the Liaison Office"
    assert list(actions["row"]) == [2, 3]


def test_ragged_row_keeps_extra_values():
    actions = load_actions(BAD_FILES / "ragged_rows.csv").actions
    assert actions.loc[0, "extra_values"] == "EXTRA1 | EXTRA2"


def test_unknown_kind_keeps_its_original_wording():
    actions = load_actions(BAD_FILES / "unknown_kind_and_country.csv").actions
    assert actions.loc[0, "action_kind"] == "other"
    assert actions.loc[0, "action_kind_original"] == "teach-in"


def test_bom_and_header_spelling_are_understood():
    text = "\ufeffAction Kind;DATE; Organization ;City;Country;Latitude;Longitude;Notes\nProtest;26 March 2019;KCTU;Seoul;South Korea;37.57;126.98;x\n"
    result = load_actions(text.encode("utf-8"))
    assert result.problems == []
    assert result.column_map["Action Kind"] == "action_kind"
    assert result.column_map["Organization"] == "organisations"
    assert result.actions.loc[0, "lat"] == 37.57
    assert result.actions.loc[0, "description"] == "x"


def test_file_from_elsewhere_with_place_and_date_gets_stable_ids_and_keeps_extras():
    text = "City,State,Country,Estimate (low)\nAbilene,TX,US,200\nAdrian,MI,US,\n"
    first, second = load_actions(text.encode()), load_actions(text.encode())
    assert first.accepted == 2
    assert list(first.actions["id"]) == list(second.actions["id"])
    assert first.actions["id"].str.startswith("auto-").all()
    assert first.actions.loc[0, "region"] == "TX"
    assert first.actions.loc[0, "Estimate (low)"] == "200"
    assert first.extra_columns == ["Estimate (low)"]


def test_column_mapping_given_by_the_user_wins():
    text = "Town,Average\nPorto,30\n"
    result = load_actions(text.encode(), mapping={"Town": "city", "Average": "participants"})
    assert result.actions.loc[0, "city"] == "Porto"
    assert result.actions.loc[0, "participants"] == 30


def test_month_first_column_is_detected_and_said():
    text = "city,date\nPorto,03/26/2019\nSeoul,03/05/2019\n"
    result = load_actions(text.encode())
    assert [d.strftime("%Y-%m-%d") for d in result.actions["date"]] == ["2019-03-26", "2019-03-05"]
    assert "read month first" in str(result.problems[0])


def test_large_file_of_20_megabytes_loads_every_row(tmp_path):
    line = '{i},2019-03-{d:02d},protest,Union {i},,Seoul,South Korea,37.5,126.9,15,"A long description, with commas, of action {i} that pads the row out",https://example.org/{i}\n'
    path = tmp_path / "large.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        i = 0
        while handle.tell() < 20_000_000:
            handle.write(line.format(i=i, d=21 + i % 11))
            i += 1
    result = load_actions(path)
    assert result.rows_in_file == i
    assert result.accepted == i and result.problems == []


def test_a_count_is_read_as_people_write_it():
    def read(text: str) -> tuple[int | None, bool]:
        reading = read_count(text)
        return reading.count, reading.plain

    assert read("1,200") == (1200, True)
    assert read("8121") == (8121, True)
    assert read("about 30") == (30, False)
    assert read("many") == (None, False)


def test_delimiter_is_sniffed_from_the_header():
    assert sniff_delimiter("a;b;c\n1;2,5;3") == ";"
    assert sniff_delimiter("a\tb\tc\n") == "\t"
    assert sniff_delimiter('"x;y",b,c\n') == ","


def test_account_lists_each_problem_with_row_and_column():
    text = account(load_actions(BAD_FILES / "impossible_dates.csv"))
    assert "rows in file: 6  accepted: 6  rejected: 0" in text
    assert "row 5, column 'date' (kept): 'tomorrow' is not a date (expected YYYY-MM-DD, such as 2019-03-26); left undated" in text
    assert "  (no date): 5" in text


# --- properties --------------------------------------------------------------

cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=8), max_size=12), delimiter=st.sampled_from([",", ";", "\t"]))
def test_any_table_is_fully_accounted_for(rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["id", "date", "city", "country", "lat", "lon", "participants", "notes"])
    writer.writerows(rows)
    result = load_actions(buffer.getvalue().encode("utf-8"))
    assert result.rows_in_file == result.accepted + result.rejected_count
    assert result.actions["id"].is_unique


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=600))
def test_any_bytes_give_an_account_not_an_exception(raw):
    result = load_actions(raw)
    assert result.rows_in_file == result.accepted + result.rejected_count


printable = st.text(alphabet=st.characters(whitelist_categories=("L", "M", "N", "P", "S", "Zs")), max_size=20)


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(st.tuples(printable, printable), min_size=1, max_size=10), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])
)
def test_text_round_trips_through_any_encoding(values, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["city", "description"])
    writer.writerows(values)
    result = load_actions(buffer.getvalue().encode(encoding))
    kept = result.actions[["city", "description"]].values.tolist()
    # a cell a spreadsheet guards with an apostrophe ("'=") is the text after it, as a spreadsheet shows it
    expected = [[unguarded_cell(city.strip()), unguarded_cell(text.strip())] for city, text in values]
    assert result.rows_in_file == len(values)
    for row in kept:
        assert row in expected


# --- hostile and careless files: words, never a traceback, and no silent change ----------


def test_negative_and_impossible_counts_are_named_not_changed_or_totalled():
    result = load_actions(BAD_FILES / "negative_and_huge_counts.csv")
    people = result.actions.set_index("id")["participants"]
    assert people.isna()[["c1", "c2", "c3", "c4", "c5", "c6"]].all()
    assert people["c7"] == 200  # '200.0', as spreadsheets write whole numbers
    assert result.actions.set_index("id").loc["c1", "participants_text"] == "-5"
    messages = [str(problem) for problem in result.problems]
    assert "row 3, column 'participants' (kept): '-1200' is negative, and a count of people cannot be; kept as the wording" in messages
    assert any(message.startswith("row 5, column 'participants' (kept): '9223372036854775808' is more people") for message in messages)


def test_python_number_and_time_leniency_is_not_ours():
    result = load_actions(BAD_FILES / "numbers_and_times_python_accepts.csv")
    actions = result.actions.set_index("id")
    assert actions.loc[["u1", "u2"], ["lat", "lon"]].isna().all().all()
    assert pd.isna(actions.loc["u3", "date"]) and actions.loc["u3", "date_original"] == "2019-03-26T25:99"
    assert actions.loc["u4", "date"].date().isoformat() == "2019-03-26"
    assert "row 2, column 'lat' (kept): '1_0' is not a number" in "\n".join(str(problem) for problem in result.problems)


def test_count_of_five_thousand_digits_is_a_problem_not_a_traceback():
    result = load_actions((HEADER + "a,2019-03-26,protest,A,,Seoul,South Korea,,," + "9" * 5000 + ",d,s\n").encode())
    assert result.accepted == 1 and result.actions["participants"].isna().all()
    assert "is more people than live on Earth" in str(result.problems[0]) and len(str(result.problems[0])) < 300


@pytest.mark.parametrize("size", [140_000, 2_000_000])
def test_a_cell_of_any_size_is_read_whole(size):
    description = "x" * size
    result = load_actions((HEADER + f'a,2019-03-26,protest,A,,Seoul,South Korea,,,,"{description}",s\n').encode())
    assert result.accepted == 1 and result.actions.loc[0, "description"] == description


def test_unclosed_quote_on_row_two_of_a_large_file_is_reported(tmp_path):
    rows = [f"r{n},2019-03-27,protest,B,,Porto,Portugal,,,,row {n} {'y' * 100},s" for n in range(1500)]
    path = tmp_path / "unclosed.csv"
    path.write_text(HEADER + 'a,2019-03-26,protest,"KCTU,,Seoul,South Korea,,,,d,s\n' + "\n".join(rows) + "\n")
    assert path.stat().st_size > 150_000
    run = subprocess.run([sys.executable, "-m", "utils", "load", str(path)], capture_output=True, text=True, cwd=REPO)
    assert "Traceback" not in run.stdout + run.stderr
    assert "row 2, column 'organisations': a quote mark opened in this cell is never closed" in run.stdout


def test_a_file_over_the_row_limit_is_refused_whole_with_the_limit_named():
    raw = b"city\n" + b"a\n" * 12_000
    result = load_actions(raw, limits=Limits(max_rows=10_000))
    assert result.accepted == 0 and result.rows_in_file == 0
    assert str(result.problems[0]) == "file: the file has more than 10,000 rows; this site reads at most 10,000 (split the file)"


def test_twelve_million_tiny_rows_stop_at_the_upload_row_limit_without_exhausting_memory():
    raw = b"c\n" + b"a\n" * 12_400_000  # 24.8 MB, under the upload limit
    result = load_actions(raw, limits=Settings().file_limits(upload=True))
    assert "this site reads at most 250,000" in str(result.problems[0])


def test_an_upload_of_many_tiny_cells_is_refused_by_its_cell_count():
    raw = ("c" + ",c" * 99 + "\n").encode() + ("a" + ",a" * 99 + "\n").encode() * 60_000  # 12 MB: 6 million cells
    result = load_actions(raw, limits=Settings().file_limits(upload=True))
    assert result.accepted == 0 and result.rows_in_file == 0
    assert str(result.problems[0]).startswith("file: the file has more than 5,000,000 cells (rows times columns)")


def test_a_file_of_more_rows_than_an_upload_may_have_is_read_as_the_sites_own_data():
    raw = b"id,city,date\n" + b"".join(f"{n},Seoul,2019-03-{25 + n % 7}\n".encode() for n in range(260_000))
    result = load_actions(raw, limits=Settings().file_limits())
    assert result.accepted == 260_000 and result.rows_in_file == 260_000 and not result.problems
    assert result.actions["row"].iloc[-1] == 260_001 and result.actions["date"].dt.day.value_counts().to_dict()[25] == 37_143


def test_too_many_columns_and_too_many_bytes_are_refused():
    wide = load_actions(("city," + ",".join(f"c{n}" for n in range(400)) + "\nSeoul\n").encode())
    assert "the header has 401 columns; this site reads at most 300" in str(wide.problems[0])
    big = load_actions(b"city\nSeoul\n" + b"#" * 2_000, limits=Limits(max_bytes=1_000))
    assert "this site reads files of up to" in str(big.problems[0])


def test_command_limits_come_from_settings(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(b"city\n" + b"Seoul\n" * 30)
    env = {**os.environ, "SOLIDARITY_MAP_MAX_ROWS": "20"}
    run = subprocess.run([sys.executable, "-m", "utils", "load", str(path)], capture_output=True, text=True, cwd=REPO, env=env)
    assert "the file has more than 20 rows" in run.stdout and run.returncode == 1


def test_one_value_for_every_row_fills_a_column_the_file_lacks():
    raw = b"City,State,Country,Average\nAbilene,TX,US,200\nAlbany,NY,US,\n"
    result = load_actions(raw, every_row={"date": "21/01/2017", "action_kind": "march"})
    assert result.accepted == 2 and result.problems == []
    assert set(result.actions["date"].dt.date.astype(str)) == {"2017-01-21"}
    assert set(result.actions["action_kind"]) == {"march"}


def test_a_bad_value_for_every_row_is_named_on_each_row():
    result = load_actions(b"City,Country\nSeoul,South Korea\n", every_row={"date": "31/02/2019"})
    assert result.rejected_count == 0 and "'31/02/2019' is not a real day" in str(result.problems[0])


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ("Datum,Stadt,Land,Teilnehmer,Gewerkschaft", ["date", "city", "country", "participants", "organisations"]),
        ("date,lieu,ville,pays,organisateurs,département", ["date", "place", "city", "country", "organisations", "region"]),
        ("fecha,ciudad,país,organizador,descripción", ["date", "city", "country", "organisations", "description"]),
        ("data,cidade,país,sindicato,descrição", ["date", "city", "country", "organisations", "description"]),
    ],
)
def test_common_headers_in_five_languages_are_understood(headers, expected):
    result = load_actions((headers + "\n" + ",".join("x" for _ in headers.split(",")) + "\n").encode())
    assert [name for _, name in result.layout] == expected


def test_a_command_read_through_head_ends_quietly(tmp_path):
    """An account longer than a pipe holds (3,000 problems), read with `| head`: no BrokenPipe traceback."""
    path = tmp_path / "many.csv"
    path.write_text("date,city\n" + "".join(f"2019-13-{n % 28 + 1:02d},Seoul\n" for n in range(3000)))
    run = subprocess.run(f"{sys.executable} -m utils load {path} | head -1", shell=True, capture_output=True, text=True, cwd=REPO)
    assert run.stdout.startswith("rows in file: 3000") and "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr


def test_a_problem_is_said_in_the_visitors_language_and_stays_english_elsewhere():
    import pickle

    from utils.i18n import words_in
    from utils.publish.export import problems_table

    result = load_actions(b"date,city,lat\n31/02/2019,Seoul,north\n2019-03-26,Porto,\n")
    date_problem = next(problem for problem in result.problems if problem.column == "date")
    assert (
        str(date_problem)
        == "row 2, column 'date' (kept): '31/02/2019' is not a real day (expected YYYY-MM-DD, such as 2019-03-26); left undated"
    )
    assert date_problem.said(words_in("zh-Hant")).startswith("第 2 行, 欄 'date'")
    assert "'31/02/2019' 不是真實存在的日子（應為 YYYY-MM-DD，例如 2019-03-26）" in date_problem.said(words_in("zh-Hant"))
    assert pickle.loads(pickle.dumps(date_problem)).said(words_in("ko")) == date_problem.said(words_in("ko"))  # as st.cache_data keeps it
    table = problems_table(result.problems, words_in("ko"))
    assert list(table.columns) == ["행", "열", "값", "문제", "유지됨"]
    assert "'north': 숫자가 아닙니다 (도 단위, 예: 37.57). 무시하고 장소로 지오코딩했습니다" in table["문제"].tolist()


def test_doubled_quotes_in_a_quoted_cell_that_spans_lines_are_text_as_the_csv_standard_says():
    raw = (
        "date;lieu;action;description\n"
        '21/04/2023;Paris;rassemblement;"Casserolade devant ""la mairie""; puis cortège\n'
        'suite; du; texte; ""ici""; encore"\n'
        "27/04/2023;Lyon;rassemblement;ok\n"
    ).encode()
    result = load_actions(raw)
    assert (result.accepted, result.rejected_count) == (2, 0)
    assert result.actions.loc[0, "description"] == 'Casserolade devant "la mairie"; puis cortège\nsuite; du; texte; "ici"; encore'
    assert not [problem for problem in result.problems if "quote" in str(problem)]


def test_a_real_unclosed_quote_still_names_its_row_when_the_file_also_has_doubled_quotes():
    raw = (
        "date;lieu;action;description\n"
        '21/04/2023;Paris;rassemblement;"dit ""non"" au préfet"\n'
        '22/04/2023;Lyon;rassemblement;"jamais fermé\n'
        "23/04/2023;Nantes;rassemblement;avalé\n"
        '24/04/2023;Lille;rassemblement;"avalé aussi"\n'
    ).encode()
    result = load_actions(raw)
    assert result.actions["row"].tolist() == [2]
    assert any(problem.row == 3 and "never closed" in str(problem) for problem in result.problems)
