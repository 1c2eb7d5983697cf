"""Embassies and consulates placed at the mission, however a campaigner writes them, offline."""

import json
import random
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import REPO
from utils.actions.load import load_actions
from utils.places.countries import country_name, countryinfo_records
from utils.places.embassies import Embassies, from_project_csv, mission_kind, read, write
from utils.places.gazetteer import Gazetteer
from utils.places.geocode import GeocodeCache, Geocoder, Place, geocode_actions
from utils.places.outlines import distance_km

SEOUL = "Q17007157"  # China's embassy in Seoul


@pytest.fixture(scope="module")
def gazetteer(gazetteer_dir):
    return Gazetteer.open(gazetteer_dir)


@pytest.fixture(scope="module")
def geocoder(gazetteer):
    return Geocoder(GeocodeCache(None), gazetteer, None)


@pytest.mark.parametrize(
    ("text", "country", "city", "qid"),
    [
        ("Embassy of China, Seoul", "South Korea", "Seoul", SEOUL),
        ("Chinese embassy in Seoul", "", "", SEOUL),
        ("中国驻韩国大使馆", "", "", SEOUL),
        ("주한 중국대사관", "", "Seoul", SEOUL),
        ("PRC consulate-general, Manchester", "", "", "Q114750784"),
        ("Ambassade de Chine", "France", "Paris", "Q19951337"),
        ("Embajada de China", "España", "Madrid", "Q105177036"),
        ("посольство России", "Germany", "Berlin", "Q836838"),
        ("Consulate of Russia", "US", "New York", "Q5164557"),
        ("US embassy", "France", "Paris", "Q894836"),
        ("Chinese embassy", "UK", "London", "Q5369936"),  # filed under Marylebone
        ("Chinese embassy", "Belgium", "Brussels", "Q69312342"),  # filed under Woluwe-Saint-Pierre
    ],
)
def test_a_mission_is_read_however_it_is_written_and_placed_at_the_mission(geocoder, text, country, city, qid):
    mission = Embassies.open().find(text, _code(country), city, geocoder.lookup.position).mission
    assert mission is not None and mission.qid == qid
    place = geocoder.locate({"action_kind": "protest", "place": text, "city": city, "country": country})
    assert isinstance(place, Place) and (place.precision, place.source) == ("venue", "embassies"), place
    assert distance_km(place.lat, place.lon, mission.lat, mission.lon) < 0.01
    assert place.origin == f"Wikidata {qid}"


def _code(country: str) -> str:
    from utils.places.countries import country_code

    return country_code(country) or "" if country else ""


def test_the_bundled_seoul_protest_is_at_the_embassy_not_the_city_centre(geocoder):
    actions = load_actions(REPO / "data" / "actions.csv").actions
    seoul = geocode_actions(actions[actions["id"] == "2019-03-26-seoul-kctu-embassy"], geocoder).iloc[0]
    assert (seoul["precision"], seoul["geo_label"]) == ("venue", "Embassy of China, Seoul")
    assert distance_km(seoul["lat"], seoul["lon"], 37.56222, 126.98278) < 0.01
    assert distance_km(seoul["lat"], seoul["lon"], 37.566, 126.9784) > 0.4  # Seoul's centre is elsewhere


def test_a_mission_the_list_has_no_position_for_is_placed_at_its_city_and_says_so(geocoder):
    place = geocoder.locate({"action_kind": "protest", "target": "Chinese embassy in the Philippines", "country": "Philippines"})
    assert (place.precision, place.label) == ("city", "Manila, Philippines")
    assert "the embassy list has no position for the Embassy of China in Manila" in place.note
    sentro = geocoder.locate({"action_kind": "protest", "place": "Embassy of China, Makati", "city": "Makati", "country": "Philippines"})
    assert sentro.precision == "city" and "Makati" in sentro.label and "no position for the Embassy of China" in sentro.note
    berlin = geocoder.locate(
        {"action_kind": "protest", "place": "Botschaft der Volksrepublik China", "city": "Berlin", "country": "Germany"}
    )
    assert berlin.precision == "city" and "Berlin" in berlin.label and "no position for the Embassy of China in Germany" in berlin.note


def test_an_embassy_where_the_list_has_only_a_consulate_is_placed_at_the_consulate_with_a_note(geocoder):
    place = geocoder.locate({"action_kind": "protest", "place": "Chinese embassy", "city": "Manchester", "country": "UK"})
    assert place.precision == "venue" and "only a consulate general" in place.note


def test_a_mission_of_no_named_country_falls_back_to_the_city_and_says_why(geocoder):
    place = geocoder.locate({"action_kind": "protest", "place": "the embassy", "city": "Seoul", "country": "South Korea"})
    assert place.precision == "city" and "names none" in place.note


def test_the_users_own_coordinates_always_win(geocoder):
    place = geocoder.locate({"place": "Embassy of China, Seoul", "city": "Seoul", "country": "KR", "lat": 37.5, "lon": 127.0})
    assert (place.lat, place.lon, place.source) == (37.5, 127.0, "manual")


def test_a_target_or_description_places_an_action_in_person_but_not_a_letter_to_the_embassy(geocoder):
    protest = geocoder.locate({"action_kind": "protest", "target": "Chinese embassy in Seoul", "city": "Seoul", "country": "KR"})
    letter = geocoder.locate({"action_kind": "letter", "target": "Chinese embassy in Seoul", "city": "Seoul", "country": "KR"})
    assert protest.precision == "venue" and letter.precision == "city"


def test_words_for_a_mission_in_the_campaigns_languages():
    kinds = [
        mission_kind(text)
        for text in ("Consulado General de China", "Generalkonsulat", "总领事馆", "大使館", "High Commission", "Town Hall")
    ]
    assert kinds == ["consulate", "consulate", "consulate", "embassy", "embassy", None]


def test_missions_read_from_the_list_at_90_percent_within_2_km(geocoder):
    """Missions of 60 countries written as campaigners write them, each with its city and host country."""
    demonyms = {(info.get("ISO") or {}).get("alpha2"): info.get("demonym") for info in countryinfo_records()}
    missions = [
        m for m in Embassies.open().by_sender.values() for m in m if m.placed and m.city and m.kind in ("embassy", "consulate general")
    ]
    sample = random.Random(7).sample(missions, 400)
    rows, shapes = [], ["Embassy of {name}", "{demonym} embassy", "{name} embassy in {city}"]
    for index, mission in enumerate(sample):
        shape = shapes[index % len(shapes)]
        if "{demonym}" in shape and not demonyms.get(mission.sender):
            shape = shapes[0]
        if mission.group == "consulate":
            shape = shape.replace("Embassy", "Consulate General").replace("embassy", "consulate")
        text = shape.format(name=country_name(mission.sender), demonym=demonyms.get(mission.sender), city=mission.city)
        rows.append({"action_kind": "protest", "place": text, "city": mission.city, "country": country_name(mission.country)})
    placed = [geocoder.locate(row) for row in rows]
    near = sum(
        isinstance(place, Place) and distance_km(place.lat, place.lon, mission.lat, mission.lon) <= 2
        for place, mission in zip(placed, sample, strict=True)
    )
    assert near / len(sample) >= 0.9, f"{near} of {len(sample)} within 2 km"


# --- the list, refreshed -------------------------------------------------------------


def test_refresh_from_the_projects_csv_keeps_what_the_app_needs(tmp_path):
    missions, unknown = from_project_csv((REPO / "tests" / "data" / "embassies_excerpt.csv").read_text(encoding="utf-8"))
    assert unknown == ["Quebec"]
    assert len(missions) == 15 and {m.sender for m in missions} == {"CN", "VA"}
    write(missions, tmp_path / "embassies.csv")
    again = {m.qid: m for m in read(tmp_path / "embassies.csv")}
    assert again[SEOUL].city == "Seoul" and (again[SEOUL].lat, again[SEOUL].lon) == (37.56222, 126.98278)
    germany = [m for m in again.values() if m.country == "DE" and m.kind == "embassy"]
    assert len(germany) == 1 and germany[0].sender == "CN" and not germany[0].placed  # 'Ministry of Foreign Affairs of the PRC'


class FakeWikidata:
    """A SPARQL endpoint on 127.0.0.1 answering JSON results, as Wikidata's query service does."""

    ANSWER = {
        "results": {
            "bindings": [
                {
                    "mission": {"value": "http://www.wikidata.org/entity/Q17007157"},
                    "sender": {"value": "CN"},
                    "country": {"value": "KR"},
                    "cityLabel": {"value": "Seoul"},
                    "coord": {"value": "Point(126.98277778 37.56222222)"},
                    "typeLabel": {"value": "embassy"},
                },
                {
                    "mission": {"value": "http://www.wikidata.org/entity/Q48885414"},
                    "sender": {"value": "CN"},
                    "country": {"value": "PH"},
                    "cityLabel": {"value": "Manila"},
                    "typeLabel": {"value": "embassy"},
                },
            ]
        }
    }

    def __enter__(self):
        fake = self
        self.queries = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.queries.append(parse_qs(urlparse(self.path).query))
                body = json.dumps(fake.ANSWER).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()


def test_refresh_from_wikidatas_query_service(tmp_path):
    with FakeWikidata() as wikidata:
        output = tmp_path / "embassies.csv"
        done = subprocess.run(
            [sys.executable, "-m", "utils", "embassies", "refresh", "--endpoint", wikidata.url, "-o", str(output)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert "2 missions, 1 with a position" in done.stdout
    assert "wdt:P137" in wikidata.queries[0]["query"][0] and wikidata.queries[0]["format"] == ["json"]
    missions = {m.qid: m for m in read(output)}
    assert (missions[SEOUL].lat, missions[SEOUL].lon) == (37.56222, 126.98278) and not missions["Q48885414"].placed


def test_refresh_that_cannot_reach_wikidata_says_so_and_keeps_the_list(tmp_path):
    output = tmp_path / "embassies.csv"
    output.write_text("kept")
    done = subprocess.run(
        [sys.executable, "-m", "utils", "embassies", "refresh", "--endpoint", "http://127.0.0.1:9/sparql", "-o", str(output)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "cannot refresh the embassy list" in done.stderr and "Traceback" not in done.stderr
    assert output.read_text() == "kept"
