"""A protected action is never shown finer than its protection allows, anywhere: on the map, in the CSV and the GeoJSON
of a view, in the story file and in the static site; and unless its row says `named`, it names nobody."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from utils.actions.campaign import BUNDLED
from utils.actions.load import load_actions
from utils.actions.protect import Protection, read_protect
from utils.map.mapview import card_data, marker_rows
from utils.places.gazetteer import Gazetteer
from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
from utils.publish.export import geojson_bytes, story_html, view_table
from utils.publish.sheets import csv_bytes
from utils.publish.site import site_files
from utils.view.fields import MARKER_FIELDS

# the venue's own position, given in the file, and the names of the people there: none may reach a public output
EMBASSY = ("37.56222", "126.98278")
FILE = (
    "id,date,action_kind,organisations,place,city,country,lat,lon,participants_text,target,description,source,protect\n"
    f"hidden,2019-03-27,protest,Shenzhen Workers Solidarity Group,Embassy of China,Seoul,South Korea,{EMBASSY[0]},{EMBASSY[1]},"
    "Li Wei and 12 others,Chinese embassy in Seoul,Li Wei read the statement at the gate,https://example.org/li-wei,yes\n"
    "country,2019-03-28,protest,Hidden Circle,Some Street 5,Busan,South Korea,,,,,,,country\n"
    "named,2019-03-29,march,KCTU,Embassy of China,Seoul,South Korea,,,15 members,Chinese embassy in Seoul,A march,,city named\n"
    "open,2019-03-26,protest,KCTU,Embassy of China,Seoul,South Korea,,,15 members,Chinese embassy in Seoul,At the embassy,,\n"
)
SECRETS = (
    "Shenzhen Workers Solidarity Group",
    "Li Wei",
    "Embassy of China, Seoul, South Korea",
    "example.org/li-wei",
    "Hidden Circle",
    "Some Street",
)


@pytest.fixture(scope="module")
def placed(gazetteer_dir):
    geocoder = Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), lambda: Gazetteer.open(gazetteer_dir), None)
    return geocode_actions(load_actions(FILE.encode()).actions, geocoder).set_index("id", drop=False)


@pytest.mark.parametrize(
    ("cell", "protection", "understood"),
    [
        ("", Protection(), True),
        ("no", Protection(), True),
        ("yes", Protection("city"), True),
        ("Country", Protection("country"), True),
        ("city named", Protection("city", True), True),
        ("maybe", Protection("city"), False),  # a doubt about safety is settled on the safe side
    ],
)
def test_a_protect_cell_is_read_plainly_and_a_doubt_is_safe(cell, protection, understood):
    assert read_protect(cell) == (protection, understood)


def test_an_unreadable_protection_is_said_with_its_row_and_protects_at_the_city():
    result = load_actions(b"id,city,country,protect\na,Seoul,KR,perhaps\n")
    assert result.actions["protect"].tolist() == ["city"]
    assert [(problem.row, problem.column) for problem in result.problems] == [(2, "protect")]


def test_a_protected_action_is_placed_at_its_city_or_country_and_names_nobody(placed):
    hidden, country, named, open_ = (placed.loc[name] for name in ("hidden", "country", "named", "open"))
    assert (hidden["precision"], hidden["geo_label"]) == ("city", "Seoul, South Korea")
    assert (round(hidden["lat"], 2), round(hidden["lon"], 2)) == (37.57, 126.98)  # Seoul's centre, not the gate
    assert (hidden["lat"], hidden["lon"]) != (float(EMBASSY[0]), float(EMBASSY[1]))
    assert [hidden[name] for name in ("organisations", "participants_text", "description", "source", "place", "target")] == [""] * 6
    assert (country["precision"], country["geo_label"], country["organisations"]) == ("country", "South Korea", "")
    assert (named["precision"], named["organisations"], named["place"]) == ("city", "KCTU", "")  # named: its names stay
    assert (open_["precision"], open_["organisations"]) == ("venue", "KCTU")  # unprotected: as precise as known


def test_no_public_output_holds_the_fine_place_or_a_withheld_name(placed):
    protected = placed.loc[["hidden", "country", "named"]]
    outputs = {
        "markers": json.dumps(marker_rows(protected)),
        "csv": csv_bytes(view_table(protected)).decode("utf-8"),
        "geojson": geojson_bytes(protected).decode("utf-8"),
        "story": story_html(protected, BUNDLED, span=None),
        "site": json.dumps(site_files(protected, BUNDLED), ensure_ascii=False),
    }
    for name, text in outputs.items():
        assert "Seoul" in text and "South Korea" in text, name  # the actions are there, at their city or country
        for secret in (*SECRETS, EMBASSY[0], EMBASSY[1][:7]):
            assert secret not in text, (name, secret)
    rows = {row[MARKER_FIELDS.index("id")]: dict(zip(MARKER_FIELDS, row, strict=True)) for row in marker_rows(protected)}
    assert rows["hidden"]["precision"] == 2 and rows["country"]["precision"] == 4  # drawn as a ring and a dashed ring
    assert rows["hidden"]["protect"].startswith("Shown no finer than its city, its names withheld")
    geo = json.loads(outputs["geojson"])
    where = {feature["id"]: feature["geometry"]["coordinates"] for feature in geo["features"]}
    assert where["hidden"] == [round(placed.loc["hidden", "lon"], 6), round(placed.loc["hidden", "lat"], 6)]


def test_the_card_of_a_protected_action_says_why_in_the_chosen_language(placed):
    from utils.i18n import words_in

    row = dict(zip(MARKER_FIELDS, card_data(placed.loc["hidden"].to_dict(), words_in("zh-Hant"))["row"], strict=True))
    assert row["protect"] == "為參與者的安全，只顯示到城市，並隱去名字。" and row["organisations"] == ""


def test_an_action_protected_with_no_city_or_country_is_listed_not_drawn(gazetteer_dir):
    geocoder = Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), lambda: Gazetteer.open(gazetteer_dir), None)
    file = b"id,action_kind,organisations,lat,lon,protect\np,protest,A,37.56222,126.98278,city\n"
    row = geocode_actions(load_actions(file).actions, geocoder).iloc[0]
    assert pd.isna(row["lat"]) and row["unplaced_reason"] != "" and row["organisations"] == ""
