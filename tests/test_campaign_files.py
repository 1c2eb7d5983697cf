"""The files campaigns really have, read as a person reading them would: an Arabic-only list with Maghreb month
spans, a French list with départements, homonyms, overseas places, escaped quotes and its own words for actions."""

import math

import pandas as pd
import pytest

from tests.conftest import REPO
from utils.actions.load import load_actions
from utils.places.gazetteer import Gazetteer
from utils.places.geocode import GeocodeCache, Geocoder, geocode_actions

DATA = REPO / "tests" / "data"

# each city where a map or an encyclopedia puts it: the rows must land within 4 km
MOROCCO = {
    "الرباط": (34.0209, -6.8416),
    "الدار البيضاء": (33.5731, -7.5898),
    "مراكش": (31.6295, -7.9811),
    "فاس": (34.0181, -5.0078),
    "طنجة": (35.7595, -5.8340),
    "أكادير": (30.4278, -9.5981),
    "مكناس": (33.8935, -5.5473),
    "وجدة": (34.6814, -1.9086),
    "تطوان": (35.5785, -5.3684),
    "القنيطرة": (34.2610, -6.5802),
    "آسفي": (32.2994, -9.2372),
}


def km(a, b) -> float:
    (lat1, lon1), (lat2, lon2) = a, b
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371 * math.hypot(x, math.radians(lat2 - lat1))


@pytest.fixture
def geocoder(gazetteer_dir):
    return Geocoder(GeocodeCache(None), Gazetteer.open(gazetteer_dir), None)


def test_an_arabic_only_file_is_read_dated_and_placed_as_a_reader_would(geocoder):
    result = load_actions(DATA / "morocco_gen_z_212_ar.csv")
    assert (result.accepted, result.rejected_count, result.errors) == (11, 0, [])
    assert result.column_map == {
        "المدينة": "city",
        "البلد": "country",
        "المكان": "place",
        "التاريخ": "date",
        "نوع النشاط": "action_kind",
        "الجهة المنظمة": "organisations",
    }
    actions = result.actions.set_index("city")
    assert actions.loc["الرباط", "date"] == pd.Timestamp("2025-09-27") and actions.loc["الرباط", "date_end"] == pd.Timestamp("2025-09-28")
    assert actions.loc["فاس", "date_end"] == pd.Timestamp("2025-09-28")  # written in Arabic-Indic digits
    assert actions.loc["أكادير", "date"] == pd.Timestamp("2025-09-28") and pd.isna(actions.loc["أكادير", "date_end"])
    assert actions.loc["الرباط", "action_kind"] == "protest" and actions.loc["الرباط", "action_kind_original"] == "وقفة احتجاجية"
    assert actions.loc["مراكش", "action_kind"] == "march"
    assert set(actions["country_code"]) == {"MA"}
    placed = geocode_actions(result.actions, geocoder).set_index("city")
    for city, where in MOROCCO.items():
        assert km((placed.loc[city, "lat"], placed.loc[city, "lon"]), where) < 4, city
        assert placed.loc[city, "precision"] == "city"


def test_a_french_file_with_departements_escaped_quotes_and_its_own_words(geocoder):
    result = load_actions(DATA / "france_casserolades_2023.csv", every_row={"country": "France"}, kinds={"annulation": "statement"})
    assert (result.accepted, result.rejected_count) == (11, 0)
    said = [str(problem) for problem in result.problems]
    assert not [line for line in said if "quote" in line]
    # 21/04 and 27/04 settle the column: one note for it, not one per row
    assert [line for line in said if "two ways" in line] == [
        "column 'date' (kept): dates such as '05/04/2023' (row 5) could be read two ways; all are read day first, as '21/04/2023' (row 2) "
        "shows"
    ]
    actions = result.actions
    assert (
        actions.loc[0, "description"] == 'Casserolade devant "la mairie"; puis cortège\njusqu\'à la place; sous la pluie; "dans le calme"'
    )
    assert actions["date"].dt.strftime("%d %B").tolist()[3:5] == ["05 April", "06 April"]  # day first, as the column shows
    kinds = dict(zip(actions["row"], actions["action_kind"], strict=True))
    assert kinds[2] == "protest" and kinds[3] == "protest" and kinds[6] == "statement" and kinds[12] == "protest"
    assert actions.set_index("row").loc[6, "action_kind_original"] == "annulation"  # the card shows the file's own word
    placed = geocode_actions(actions, geocoder).set_index("row")
    where = {row: (placed.loc[row, "lat"], placed.loc[row, "lon"]) for row in placed.index}
    # Champagne, 07: in its région (never Champagné in the Sarthe); the gazetteer knows no départements, so the note
    # names each Champagne of the région with where it is, the Ardèche's among them, for a person to check
    assert 44.0 < where[2][0] < 46.5 and 2.0 < where[2][1] < 7.2
    assert "which is in Ardèche" in placed.loc[2, "geo_note"] and "(45.273, 4.800)" in placed.loc[2, "geo_note"]
    assert placed.loc[3, "geo_label"] == "Réunion" and km(where[3], (-21.1, 55.5)) < 60  # never Grand-Couronne in Normandy
    assert placed.loc[4, "geo_label"] == "Saint-Denis, Réunion"
    assert km(where[5], (48.936, 2.357)) < 5  # Saint-Denis in the Seine-Saint-Denis
    assert km(where[6], (48.857, 2.352)) < 5  # Paris, 75: not a town of Nouvelle-Aquitaine (region 75)
    assert km(where[7], (48.02, 0.33)) < 5  # Champagné in the Sarthe
    assert km(where[8], (44.93, 4.89)) < 5  # Valence in the Drôme, by name
    assert km(where[9], (16.24, -61.53)) < 10 and "Guadeloupe" in placed.loc[9, "geo_label"]
    assert km(where[10], (49.36, 1.0)) < 10  # Grand-Couronne, in Normandy where it is
