import csv
import io
import json

import geojson_validator
import pandas as pd
import pytest

from tests.conftest import BAD_FILES, REPO
from utils.actions.load import load_actions
from utils.escape import safe_cell
from utils.places.geocode import GeocodeCache, Geocoder, geocode_actions
from utils.publish.export import geojson, geojson_bytes, problems_table, view_table
from utils.publish.sheets import csv_bytes


def is_number(text: str) -> bool:
    """A negative number is a number cell, which a spreadsheet does not run."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def placed(path) -> pd.DataFrame:
    return geocode_actions(load_actions(path).actions, Geocoder(GeocodeCache(None), None, None))


@pytest.mark.parametrize("value", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value


def test_csv_opens_safely_and_keeps_every_row():
    actions = placed(REPO / "tests" / "fixtures" / "small_actions.csv")
    data = csv_bytes(view_table(actions))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(actions) == 6
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")) or is_number(value)
    assert rows[1]["source"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["date"] == "2019-03-26" and rows[4]["date"] == ""


def test_csv_of_hostile_file_has_no_live_formula():
    actions = placed(BAD_FILES / "spreadsheet_formulas.csv")
    text = csv_bytes(actions).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        assert not any(cell.startswith(("=", "+", "-", "@")) and not is_number(cell) for cell in row)


def test_csv_of_a_file_with_a_formula_header_neutralises_the_header_too():
    actions = placed(BAD_FILES / "formula_in_header.csv")
    header = next(csv.reader(io.StringIO(csv_bytes(view_table(actions)).decode("utf-8-sig"))))
    assert '\'=HYPERLINK("http://evil.example","hdr")' in header
    assert not any(name.startswith(("=", "+", "-", "@", "\t", "\r")) for name in header)


def test_geojson_is_valid_rfc_7946_with_one_feature_per_placed_action():
    actions = placed(REPO / "tests" / "fixtures" / "small_actions.csv")
    collection = json.loads(geojson_bytes(actions))
    assert geojson_validator.validate_structure(collection, check_crs=True) == {}
    assert "crs" not in collection
    assert len(collection["features"]) == 4 == int(actions["lat"].notna().sum())
    seoul = next(feature for feature in collection["features"] if feature["id"] == "s1")
    assert seoul["geometry"]["coordinates"] == [126.98, 37.57]
    assert seoul["properties"]["date"] == "2019-03-26" and seoul["properties"]["precision"] == "exact"


def test_geojson_of_nothing_placed_is_an_empty_collection():
    actions = placed(REPO / "tests" / "fixtures" / "small_actions.csv")
    assert geojson(actions[actions["lat"].isna()]) == {"type": "FeatureCollection", "features": []}


def test_problems_table_names_row_column_and_problem():
    table = problems_table(load_actions(BAD_FILES / "impossible_dates.csv").problems)
    assert list(table.columns) == ["row", "column", "value", "problem", "kept"]
    assert table.iloc[0].to_dict() == {
        "row": 2,
        "column": "date",
        "value": "2019-02-31",
        "problem": table.iloc[0]["problem"],
        "kept": True,  # the action, undated
    }
    assert "is not a real day" in table.iloc[0]["problem"]


def test_a_view_downloaded_in_chinese_has_chinese_heads_and_reads_back_the_same():
    from utils.i18n import words_in

    actions = placed(REPO / "data" / "actions.csv")
    raw = csv_bytes(view_table(actions, words_in("zh-Hant")))
    heads = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert heads[:5] == ["編號", "日期", "直至", "類型", "團體"] and len(set(heads)) == len(heads)
    again = load_actions(raw)
    assert again.errors == [] and len(again.actions) == len(actions)
    for column in ("id", "action_kind", "organisations", "city", "country", "participants", "target", "description", "source"):
        assert again.actions[column].astype(str).tolist() == actions[column].astype(str).tolist(), column


def test_the_story_file_in_chinese_plays_in_chinese_with_the_data_as_written():
    from utils.actions.campaign import BUNDLED
    from utils.i18n import words_in
    from utils.publish.export import story_html

    page = story_html(placed(REPO / "data" / "actions.csv"), BUNDLED, words=words_in("zh-Hant"))
    assert '<html lang="zh-Hant">' in page and "<title>聲援佳士工人：逐日故事</title>" in page
    assert ">◀ 前一天<" in page and ">▶ 播放<" in page and "跳過沒有行動的日子" in page
    assert "2019年3月26日星期二" in page and "行動週之前" in page
    assert "Korean Confederation of Trade Unions (KCTU)" in page  # the data as written
