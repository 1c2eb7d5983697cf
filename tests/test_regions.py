"""Regions beside cities, as the gazetteer knows them: each table checked against the gazetteer itself."""

import pytest

from utils.places.gazetteer import Gazetteer
from utils.places.names import name_key
from utils.places.regions import ADMIN1, region_of

# a city of each region, as the region's own code in ISO 3166-2
CAPITALS = {
    "FR-ARA": "Lyon", "FR-BFC": "Dijon", "FR-BRE": "Rennes", "FR-CVL": "Orléans", "FR-20R": "Ajaccio", "FR-GES": "Strasbourg",
    "FR-HDF": "Lille", "FR-IDF": "Paris", "FR-NOR": "Rouen", "FR-NAQ": "Bordeaux", "FR-OCC": "Toulouse", "FR-PDL": "Nantes",
    "FR-PAC": "Marseille", "CA-AB": "Edmonton", "CA-BC": "Victoria", "CA-MB": "Winnipeg", "CA-NB": "Fredericton",
    "CA-NL": "St. John's", "CA-NS": "Halifax", "CA-ON": "Toronto", "CA-PE": "Charlottetown", "CA-QC": "Quebec",
    "CA-SK": "Regina", "CA-YT": "Whitehorse", "CA-NT": "Yellowknife", "CA-NU": "Iqaluit",
    "ES-AN": "Sevilla", "ES-AR": "Zaragoza", "ES-AS": "Oviedo", "ES-IB": "Palma", "ES-PV": "Bilbao",
    "ES-CN": "Las Palmas de Gran Canaria", "ES-CB": "Santander", "ES-CM": "Toledo", "ES-CL": "Valladolid",
    "ES-CT": "Barcelona", "ES-EX": "Mérida", "ES-GA": "Santiago de Compostela", "ES-RI": "Logroño", "ES-MD": "Madrid",
    "ES-MC": "Murcia", "ES-NC": "Pamplona", "ES-VC": "Valencia", "IT-25": "Milan", "IT-62": "Rome", "IT-72": "Naples",
    "IT-21": "Turin", "IT-52": "Florence", "IT-45": "Bologna", "IT-34": "Venice", "IT-82": "Palermo", "IT-75": "Bari",
    "IT-42": "Genoa", "IT-88": "Cagliari", "IT-36": "Trieste", "IT-32": "Trento", "IT-55": "Perugia", "IT-57": "Ancona",
    "IT-65": "L'Aquila", "IT-67": "Campobasso", "IT-77": "Potenza", "IT-78": "Catanzaro", "IT-23": "Aosta",
    "DE-BW": "Stuttgart", "DE-BY": "Munich", "DE-BE": "Berlin", "DE-BB": "Potsdam", "DE-HB": "Bremen", "DE-HH": "Hamburg",
    "DE-HE": "Wiesbaden", "DE-MV": "Schwerin", "DE-NI": "Hanover", "DE-NW": "Düsseldorf", "DE-RP": "Mainz",
    "DE-SL": "Saarbrücken", "DE-SN": "Dresden", "DE-ST": "Magdeburg", "DE-SH": "Kiel", "DE-TH": "Erfurt",
}  # fmt: skip


def test_every_region_table_agrees_with_the_gazetteer(gazetteer_dir):
    gazetteer = Gazetteer.open(gazetteer_dir)
    assert sorted(CAPITALS) == sorted(ADMIN1)
    wrong = {}
    for code, city in CAPITALS.items():
        rows = gazetteer._candidates(name_key(city), code[:2], "")
        best = max(rows, key=lambda row: (row[6], row[5]))
        if best[4] != ADMIN1[code]:
            wrong[code] = (city, best[4], ADMIN1[code])
    assert wrong == {}


@pytest.mark.parametrize(
    ("text", "country", "admin1", "finer"),
    [
        ("07", "FR", "84", True),
        ("Ardèche", "FR", "84", True),
        ("75", "FR", "11", True),  # Paris: FR-75C
        ("2A", "FR", "94", True),
        ("Normandie", "FR", "28", False),
        ("Québec", "CA", "10", False),
        ("ON", "CA", "08", False),
        ("Andalucía", "ES", "51", False),
        ("Sevilla", "ES", "51", True),
        ("Lombardia", "IT", "09", False),
        ("MI", "IT", "09", True),
        ("Bayern", "DE", "02", False),
    ],
)
def test_a_region_as_written_is_the_gazetteers_region(text, country, admin1, finer):
    region = region_of(text, country)
    assert (region.country, region.admin1, region.finer) == (country, admin1, finer)


@pytest.mark.parametrize(("text", "code"), [("974", "RE"), ("La Réunion", "RE"), ("971", "GP"), ("Guyane", "GF"), ("976", "YT")])
def test_an_overseas_departement_is_a_country_of_its_own(text, code):
    region = region_of(text, "FR")
    assert (region.country, region.admin1) == (code, "")


@pytest.mark.parametrize(("text", "country"), [("28", "ES"), ("Atlantis", "FR"), ("Texas", "US"), ("", "FR")])
def test_what_is_not_a_region_here_is_none(text, country):
    assert region_of(text, country) is None
