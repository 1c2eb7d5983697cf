"""The data page as an analyst reads it (AppTest), on a fixture whose counts are known by hand."""

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from tests.conftest import REPO, notices

FIXTURE = REPO / "tests" / "fixtures" / "small_actions.csv"


@pytest.fixture(autouse=True)
def settings(monkeypatch, tmp_path, gazetteer_dir):
    monkeypatch.setenv("SOLIDARITY_MAP_OFFLINE", "1")
    monkeypatch.setenv("SOLIDARITY_MAP_DATA", str(FIXTURE))
    monkeypatch.setenv("SOLIDARITY_MAP_GEOCODE_CACHE", str(tmp_path / "cache.jsonl"))
    monkeypatch.setenv("SOLIDARITY_MAP_GAZETTEER_DIR", str(gazetteer_dir))
    st.cache_data.clear()
    st.cache_resource.clear()


def data_page(query: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    app._page_hash = calc_hash("data")  # the page st.navigation registers at url_path "data"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == "Data"
    return app


def text(app: AppTest) -> str:
    return "\n".join([e.value for e in app.markdown] + [e.value for e in app.subheader] + [e.value for e in app.caption])


def test_week_view_lists_its_actions_with_where_they_are():
    app = data_page()
    assert "5 actions in this view" in text(app)  # s1, s2, s3, s6 in the week; s5 undated
    table = app.dataframe[0].value.set_index("id")
    assert set(table.index) == {"s1", "s2", "s3", "s5", "s6"}
    assert table.loc["s1", "on_map"] and not table.loc["s6", "on_map"]
    assert table.loc["s1", "precision"] == "exact" and table.loc["s1", "geo_source"] == "manual"
    assert table.loc["s6", "unplaced_reason"] == "no place given"
    assert table.loc["s1", "link"] == "https://example.org/s1" and pd.isna(table.loc["s2", "link"])


def test_counts_of_the_view_by_hand():
    app = data_page({"dates": "all"})
    assert "6 actions in this view" in text(app)
    assert "**60 people taking part** where known (3 actions give a count, 2 give none); **500 signatures** on 1 petition." in text(app)


def test_same_url_parameters_as_the_map():
    app = data_page({"kind": "protest", "dates": "all"})
    assert "3 actions in this view" in text(app)
    assert set(app.dataframe[0].value["id"]) == {"s1", "s3", "s4"}


def test_downloads_are_offered_for_the_view():
    app = data_page()
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == [
        "⬇ CSV of this view",
        "⬇ GeoJSON of the placed actions",
        "⬇ Load problems (2)",
    ]  # the two formula-like sources, kept as text


def test_upload_with_renamed_columns_round_trip():
    app = data_page()
    raw = (REPO / "tests" / "data" / "womens_march_2017_crowd_estimates.csv").read_bytes()
    app.file_uploader(key="upload_file").set_value(("marches.csv", raw, "text/csv")).run()
    holds = {box.label: box.value for box in app.selectbox if box.label.endswith(": what it holds")}
    assert holds["Column 4: what it holds"] == "(keep as it is)" and holds["Column 6: what it holds"] == "Taking part"
    next(button for button in app.button if button.label == "Load this file").click().run(timeout=300)
    assert not app.exception
    assert "Showing your file marches.csv (627 actions, 625 on the map) on every page." in notices(app, "success")[0]
    app.radio(key="dates_mode").set_value("All dates").run()
    assert "627 actions in this view" in text(app)
    assert any("Estimate (low)" in list(table.proto.column_order) for table in app.dataframe)  # the file's own columns are shown
    assert "people taking part" in text(app)


def test_upload_of_a_hostile_file_gets_the_loaders_message():
    app = data_page()
    app.file_uploader(key="upload_file").set_value(
        ("garbage.csv", (REPO / "tests" / "bad_files" / "binary_garbage.csv").read_bytes(), "text/csv")
    ).run()
    assert not app.exception
    assert "this is not a file this site reads" in notices(app, "error")[0]


def test_upload_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("SOLIDARITY_MAP_ALLOW_UPLOAD", "0")
    app = data_page()
    assert "Loading your own file is turned off on this site." in text(app)
    assert not app.get("file_uploader")


def test_a_filter_the_uploaded_file_cannot_match_is_dropped_not_an_error():
    app = data_page({"country": "KR", "dates": "all"})
    assert "1 action in this view" in text(app)
    raw = b"City,Country,Date\nPorto,Portugal,2019-03-21\nLisbon,Portugal,2019-03-22\n"
    app.file_uploader(key="upload_file").set_value(("pt.csv", raw, "text/csv")).run()
    next(button for button in app.button if button.label == "Load this file").click().run(timeout=300)
    assert not app.exception
    assert "2 actions in this view" in text(app)


def test_an_uploads_places_stay_out_of_the_servers_geocode_cache(tmp_path):
    app = data_page()
    raw = b"City,Country,Date\nBayonne,France,2019-03-26\n"
    app.file_uploader(key="upload_file").set_value(("fr.csv", raw, "text/csv")).run()
    next(button for button in app.button if button.label == "Load this file").click().run(timeout=300)
    assert not app.exception and "1 action in this view" in text(app)
    cache = tmp_path / "cache.jsonl"
    assert not cache.exists() or "bayonne" not in cache.read_text()


def test_the_upload_is_at_the_top_and_speaks_plain_words():
    app = data_page()
    assert app.subheader[0].value == "Load your own file"
    raw = b"Datum,Stadt,Land,Teilnehmer\n2019-03-26,Berlin,Deutschland,40\n"
    app.file_uploader(key="upload_file").set_value(("berlin.csv", raw, "text/csv")).run()
    holds = [box.value for box in app.selectbox if box.label.endswith(": what it holds")]
    assert holds == ["Date", "City", "Country", "Taking part"]
    assert "⬇ This mapping (for the commands)" in [button.proto.label for button in app.get("download_button")]


def test_headers_in_chinese_and_korean_are_guessed():
    app = data_page()
    raw = "日期,城市,国家,组织\n2019-03-26,首尔,韩国,KCTU\n".encode()
    app.file_uploader(key="upload_file").set_value(("seoul.csv", raw, "text/csv")).run()
    holds = [box.value for box in app.selectbox if box.label.endswith(": what it holds")]
    assert holds == ["Date", "City", "Country", "Organisations"]


def test_a_file_with_no_date_column_gets_one_date_for_every_row_and_its_own_dates_are_shown():
    app = data_page()
    raw = (REPO / "tests" / "data" / "womens_march_2017_crowd_estimates.csv").read_bytes()
    app.file_uploader(key="upload_file").set_value(("marches.csv", raw, "text/csv")).run()
    next(box for box in app.text_input if box.label == "Date").set_value("2017-01-21").run()
    next(box for box in app.selectbox if box.label == "Kind").set_value("march").run()
    next(button for button in app.button if button.label == "Load this file").click().run(timeout=300)
    assert not app.exception
    assert app.radio(key="dates_mode").value == "All dates"  # the file's own dates, not the Jasic week
    assert "627 actions in this view" in text(app)
    assert app.radio(key="dates_mode").options == ["All dates", "Choose dates"]  # no week of another campaign to choose
    assert app.query_params["file"] == "marches.csv"
    assert "Actions from your file" not in text(app)  # the Map page says it; here the caption names the file
    assert any("marches.csv" in caption for caption in notices(app, "caption"))


def test_a_long_view_is_shown_a_page_at_a_time_in_the_order_chosen(monkeypatch):
    monkeypatch.setenv("SOLIDARITY_MAP_TABLE_ROWS", "2")
    app = data_page({"dates": "all"})
    assert "6 actions in this view" in text(app)  # the count is the view's, not the page's
    assert list(app.dataframe[0].value["id"]) == ["s4", "s1"]  # earliest first: 21 March, then 26 March
    assert "Rows 1 to 2 of 6, by date, earliest first. The CSV below holds them all." in text(app)
    app.number_input(key="table_page").set_value(3).run()
    assert "Rows 5 to 6 of 6" in text(app)
    app.selectbox(key="table_order").set_value("people taking part, most first").run()
    app.number_input(key="table_page").set_value(1).run()
    assert list(app.dataframe[0].value["id"]) == ["s5", "s4"]  # the petition's 500 signatures, then 30 people
    assert not app.exception


def test_a_narrower_view_brings_the_page_back_within_its_pages(monkeypatch):
    monkeypatch.setenv("SOLIDARITY_MAP_TABLE_ROWS", "2")
    app = data_page({"dates": "all"})
    app.number_input(key="table_page").set_value(3).run()
    app.multiselect(key="kinds").set_value(["protest"]).run()  # 3 actions: two pages
    assert "Rows 3 to 3 of 3" in text(app) and app.number_input(key="table_page").value == 2
    assert not app.exception


def test_a_workbook_is_uploaded_its_sheet_chosen_and_its_own_words_mapped_to_kinds():
    from tests.test_formats import as_xlsx

    headers = ["date", "lieu", "pays", "action"]
    rows = [
        ["21/04/2023", "Lyon", "France", "chahut"],
        ["27/04/2023", "Nantes", "France", "annulation"],
        ["05/04/2023", "Rennes", "France", "rassemblement"],
    ]
    raw = as_xlsx(headers, rows, sheets=("Avril", "Mai"), typed=False)
    app = data_page()
    app.file_uploader(key="upload_file").set_value(
        ("actions.xlsx", raw, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    ).run()
    assert not app.exception
    sheet = next(box for box in app.selectbox if box.label == "Sheet")
    assert sheet.options == ["Avril", "Mai", "Notes"] and sheet.value == "Avril"
    holds = [box.value for box in app.selectbox if box.label.endswith(": what it holds")]
    assert holds == ["Date", "Place", "Country", "Kind"]
    offered = [box.label for box in app.selectbox if " row)" in box.label or " rows)" in box.label]
    assert offered == ["annulation (1 row)"]  # chahut and rassemblement are protests already
    next(box for box in app.selectbox if box.label == "annulation (1 row)").set_value("statement").run()
    next(button for button in app.button if button.label == "Load this file").click().run(timeout=300)
    assert not app.exception
    assert "Showing your file actions.xlsx (3 actions, 3 on the map) on every page." in notices(app, "success")[0]
    table = next(frame for frame in app.dataframe if "action_kind" in list(frame.value.columns))
    assert sorted(table.value["action_kind"]) == ["protest", "protest", "statement"]
