"""Geocoding: offline first, cached, honest about precision, polite to Nominatim."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import REPO
from tests.fake_nominatim import FakeNominatim
from utils.actions.load import load_actions
from utils.places.gazetteer import Gazetteer
from utils.places.geocode import (
    BUNDLED_CACHE,
    NO_PLACE,
    NOT_FOUND,
    UNAVAILABLE,
    GeocodeCache,
    Geocoder,
    Place,
    Unplaced,
    build_nominatim,
    geocode_actions,
    summary,
)

SEOUL_EMBASSY = {"place": "Embassy of China, Seoul", "city": "Seoul", "country": "South Korea"}


@pytest.fixture(scope="module")
def gazetteer(gazetteer_dir):
    return Gazetteer.open(gazetteer_dir)


@pytest.fixture
def fake():
    with FakeNominatim(slow_seconds=1.5) as server:
        yield server


def online(fake, cache_path, gazetteer, min_delay=0.0, retries=1, timeout=0.5):
    nominatim = build_nominatim(fake.domain, "http", "solidarity-map-tests/1.0", timeout, min_delay, retries)
    nominatim.backoff = 0.05
    # no embassy list: these tests ask Nominatim for a venue, as it is asked for a mission the list lacks
    return Geocoder(GeocodeCache(cache_path), gazetteer, nominatim, embassies=None)


def test_embassy_is_found_as_a_venue_and_cached_with_where_and_when(fake, tmp_path, gazetteer):
    geocoder = online(fake, tmp_path / "cache.jsonl", gazetteer)
    place = geocoder.locate(SEOUL_EMBASSY)
    assert isinstance(place, Place)
    assert (place.precision, place.source) == ("venue", "nominatim")
    assert place.lat == pytest.approx(37.5595)
    entry = json.loads((tmp_path / "cache.jsonl").read_text().splitlines()[0])
    assert entry["source"] == "nominatim" and entry["server"] == fake.domain and entry["at"].startswith("20")
    assert fake.requests[0]["agent"].startswith("solidarity-map-tests/1.0")


def test_second_run_makes_no_network_calls(fake, tmp_path, gazetteer):
    actions = [SEOUL_EMBASSY, {"place": "Nowhere Office, Porto", "city": "Porto", "country": "Portugal"}]
    first = online(fake, tmp_path / "cache.jsonl", gazetteer)
    first_results = [first.locate(action) for action in actions]
    asked = len(fake.requests)
    assert asked == 2
    second = online(fake, tmp_path / "cache.jsonl", gazetteer)
    second_results = [second.locate(action) for action in actions]
    assert len(fake.requests) == asked
    assert [(r.lat, r.lon) for r in second_results] == [(r.lat, r.lon) for r in first_results]
    assert second_results[0].source == "cache" and "nominatim" in second_results[0].origin


def test_each_distinct_query_is_asked_once_per_run(fake, tmp_path, gazetteer):
    geocoder = online(fake, None, gazetteer)
    for _ in range(5):
        geocoder.locate(SEOUL_EMBASSY)
    assert fake.queries() == ["Embassy of China, Seoul, South Korea"]


def test_venue_not_found_falls_back_to_the_city_and_says_so(fake, tmp_path, gazetteer):
    geocoder = online(fake, tmp_path / "cache.jsonl", gazetteer)
    place = geocoder.locate({"place": "Nowhere Office, Porto", "city": "Porto", "country": "Portugal"})
    assert (place.precision, place.source) == ("city", "gazetteer")
    assert "not found by Nominatim" in place.note and "placed at the city" in place.note
    assert place.lat == pytest.approx(41.15, abs=0.05)


@pytest.mark.parametrize(("trouble", "tries"), [("Slow Embassy", 1), ("Busy Embassy", 2), ("Broken Embassy", 2), ("Garbage Embassy", 1)])
def test_failure_is_not_cached_and_is_tried_again_next_run(fake, tmp_path, gazetteer, trouble, tries):
    action = {"place": trouble, "city": "Seoul", "country": "South Korea"}
    place = online(fake, tmp_path / "cache.jsonl", gazetteer).locate(action)
    assert place.precision == "city" and "geocoder unavailable" in place.note
    asked = len(fake.requests)
    assert asked == tries  # 429 and 5xx are tried once more; a timeout or bad answer is not
    online(fake, tmp_path / "cache.jsonl", gazetteer).locate(action)
    assert len(fake.requests) == 2 * asked
    cached = (tmp_path / "cache.jsonl").read_text() if (tmp_path / "cache.jsonl").exists() else ""
    assert "venue|" not in cached


def test_failure_with_nothing_to_fall_back_on_is_unavailable_not_not_found(fake, tmp_path):
    geocoder = online(fake, tmp_path / "cache.jsonl", None)
    result = geocoder.locate({"place": "Broken Embassy Square"})
    assert isinstance(result, Unplaced) and result.reason == UNAVAILABLE


def test_rate_limit_holds_on_the_server_side(fake, tmp_path, gazetteer):
    geocoder = online(fake, None, gazetteer, min_delay=0.4)
    for number in range(4):
        geocoder.locate({"place": f"Embassy number {number}", "country": "Japan"})
    times = [request["at"] for request in fake.requests]
    assert len(times) == 4
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.25  # 0.4 s asked; arrival times jitter on a busy machine, and with no limiter they are ~0.005 s apart


def test_shared_rate_limiter_throttles_two_geocoders(fake, gazetteer):
    nominatim = build_nominatim(fake.domain, "http", "solidarity-map-tests/1.0", 1.0, 0.6, 0)  # a second: busy machines
    one, two = Geocoder(GeocodeCache(None), gazetteer, nominatim), Geocoder(GeocodeCache(None), gazetteer, nominatim)
    one.locate({"place": "Embassy A", "country": "Japan"})
    two.locate({"place": "Embassy B", "country": "Japan"})
    assert len(fake.requests) == 2 and fake.requests[1]["at"] - fake.requests[0]["at"] >= 0.45


def test_unreachable_server_pauses_lookups_instead_of_waiting_per_place(tmp_path, gazetteer):
    nominatim = build_nominatim("127.0.0.1:9", "http", "solidarity-map-tests/1.0", 0.5, 0.0, 2)
    geocoder = Geocoder(GeocodeCache(None), gazetteer, nominatim)
    places = [geocoder.locate({"place": f"Embassy {n}", "city": "Seoul", "country": "KR"}) for n in range(3)]
    assert nominatim.requests == 1
    assert all(place.precision == "city" and "geocoder unavailable" in place.note for place in places)


def test_429_is_retried_with_backoff(fake, tmp_path, gazetteer):
    geocoder = online(fake, None, gazetteer, retries=2)
    geocoder.locate({"place": "Busy Embassy", "city": "Seoul", "country": "South Korea"})
    assert fake.queries().count("Busy Embassy, South Korea") == 3


def test_manual_coordinates_win_and_are_exact(gazetteer):
    place = Geocoder(GeocodeCache(None), gazetteer, None).locate({"lat": 41.1, "lon": -8.6, "city": "Seoul"})
    assert (place.precision, place.source, place.lat) == ("exact", "manual", 41.1)


def test_letter_without_place_is_unplaced_with_its_reason(gazetteer):
    result = Geocoder(GeocodeCache(None), gazetteer, None).locate({"action_kind": "letter", "place": "", "city": ""})
    assert isinstance(result, Unplaced) and result.reason == NO_PLACE


def test_online_action_is_not_a_place():
    result = Geocoder(GeocodeCache(None), None, None).locate({"city": "Disability (online)"})
    assert result.reason == NO_PLACE and "online" in result.detail


@pytest.mark.parametrize(
    ("action", "label"),
    [
        ({"city": "서울", "country": "KR"}, "Seoul, South Korea"),
        ({"city": "서울", "country": "대한민국"}, "Seoul, South Korea"),
        ({"city": "Москва", "country": "Россия"}, "Moscow, Russia"),
        ({"city": "首尔", "country": "韩国"}, "Seoul, South Korea"),
        ({"city": "東京", "country": "日本"}, "Tokyo, Japan"),
        ({"city": "مراكش", "country": "المغرب"}, "Marrakesh, Morocco"),
        ({"city": "Makati", "country": "Philippines"}, "Makati City, Philippines"),
        ({"city": "Manila"}, "Manila, Philippines"),
        ({"city": "Lousville", "region": "KY", "country": "US"}, "Louisville, KY, United States"),
        ({"city": "Portland", "region": "Maine", "country": "US"}, "Portland, ME, United States"),
        ({"city": "Mayaguez", "region": "PR", "country": "US"}, "Mayagüez, Puerto Rico"),
    ],
)
def test_names_in_other_scripts_spellings_and_typos_resolve(gazetteer, action, label):
    place = Geocoder(GeocodeCache(None), gazetteer, None).locate(action)
    assert place.label == label


def test_fuzzy_match_and_namesake_guess_say_so(gazetteer, tmp_path):
    geocoder = Geocoder(GeocodeCache(tmp_path / "cache.jsonl"), gazetteer, None)
    louisville = geocoder.locate({"city": "Lousville", "region": "KY", "country": "US"})
    assert "fuzzy match" in louisville.note and louisville.doubt == "fuzzy"
    portland = geocoder.locate({"city": "Portland", "country": "US"})
    assert "ambiguous" in portland.note and "Portland, ME" in portland.note and portland.doubt == "ambiguous"
    assert geocoder.locate({"city": "Seoul", "country": "KR"}).doubt == ""
    again = Geocoder(GeocodeCache(tmp_path / "cache.jsonl"), None, None)  # the doubt is kept with the answer
    assert again.locate({"city": "Portland", "country": "US"}).doubt == "ambiguous"


def test_the_rows_to_check_are_those_whose_place_is_in_doubt_never_read_from_notes(gazetteer):
    file = b"id,city,region,country,description\nl,Lousville,KY,US,\np,Portland,,US,\ns,Seoul,,KR,ambiguous and fuzzy words\n"
    placed = geocode_actions(load_actions(file).actions, Geocoder(GeocodeCache(None), gazetteer, None)).set_index("id")
    assert placed["geo_doubt"].to_dict() == {"l": "fuzzy", "p": "ambiguous", "s": ""}
    lines = summary(placed.reset_index()).splitlines()
    checks = lines[lines.index("to check (fuzzy or ambiguous): 2") + 1 :]
    assert len(checks) == 2 and checks[0].endswith("fuzzy (" + placed.loc["l", "geo_note"] + ")")


def test_island_known_only_to_its_state_is_placed_at_region(gazetteer):
    place = Geocoder(GeocodeCache(None), gazetteer, None).locate({"city": "Maui", "region": "HI", "country": "US"})
    assert place.precision == "region" and 18 < place.lat < 23


def test_bundled_data_places_with_no_network_and_no_gazetteer():
    """The committed cache alone places every placeable bundled action."""
    actions = load_actions(REPO / "data" / "actions.csv").actions
    geocoder = Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    placed = geocode_actions(actions, geocoder).set_index("id")
    assert geocoder.network_requests == 0
    expected = {
        "2019-03-21-porto-dockers": (41.15, -8.61, "city"),
        "2019-03-26-hong-kong-march": (22.28, 114.17, "city"),
        "2019-03-26-seoul-kctu-embassy": (37.56, 126.98, "venue"),  # at the embassy, from the embassy list
        "2019-03-28-sentro-embassy-philippines": (14.55, 121.03, "city"),
        "2019-03-29-ccc-netherlands-photo": (52.5, 5.75, "country"),
        "2018-09-19-fim-cisl-letter-acftu": (41.89, 12.51, "city"),  # 'Letter dated Rome': sent from Rome
    }
    for action_id, (lat, lon, precision) in expected.items():
        row = placed.loc[action_id]
        assert (round(row["lat"], 2), round(row["lon"], 2), row["precision"]) == (lat, lon, precision)
    unplaced = placed[placed["unplaced_reason"] != ""]
    assert set(unplaced["action_kind"]) == {"letter", "petition", "call to action"}
    assert (unplaced["unplaced_reason"] == NO_PLACE).all()


def test_real_file_places_at_least_95_percent_offline(gazetteer):
    actions = load_actions(REPO / "tests" / "data" / "womens_march_2017_crowd_estimates.csv").actions
    placed = geocode_actions(actions, Geocoder(GeocodeCache(None), gazetteer, None))
    share = (placed["unplaced_reason"] == "").mean()
    assert share >= 0.95
    assert (placed["precision"] == "city").mean() >= 0.9
    lines = summary(placed)
    assert "unplaced by reason:" in lines and "to check (fuzzy or ambiguous)" in lines


def test_cache_is_safe_when_two_processes_write_at_once(tmp_path):
    script = (
        "import sys; from utils.places.geocode import GeocodeCache, Place\n"
        "cache = GeocodeCache(sys.argv[1])\n"
        "for n in range(200): cache.put(f'{sys.argv[2]}|{n}', Place(1.0, 2.0, 'city', 'gazetteer', 'x' * 300), 'gazetteer')\n"
    )
    path = tmp_path / "cache.jsonl"
    runs = [subprocess.Popen([sys.executable, "-c", script, str(path), name], cwd=REPO) for name in ("a", "b")]
    assert [run.wait(60) for run in runs] == [0, 0]
    entries = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(entries) == 400 and len(GeocodeCache(path)) == 400


def test_command_writes_every_row_in_order_with_a_summary(tmp_path, gazetteer_dir):
    source = tmp_path / "mixed.csv"
    source.write_text('City,State,Country,Note\nSeoul,,South Korea,a\nQqqxville,,,b\nBad,,,"c\nPorto,,Portugal,d\n')
    output = tmp_path / "out.csv"
    env_cache = {"SOLIDARITY_MAP_GEOCODE_CACHE": str(tmp_path / "c.jsonl"), "SOLIDARITY_MAP_GAZETTEER_DIR": str(gazetteer_dir)}
    run = subprocess.run(
        [sys.executable, "-m", "utils", "geocode", str(source), "--offline", "-o", str(output)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**__import__("os").environ, **env_cache},
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "placed by precision:" in run.stdout and "network requests: 0" in run.stdout
    table = pd.read_csv(output, keep_default_na=False, encoding="utf-8-sig")
    assert list(table.columns[:4]) == ["City", "State", "Country", "Note"]
    assert list(table["City"])[:2] == ["Seoul", "Qqqxville"]
    assert table.loc[0, "precision"] == "city"
    assert table.loc[1, "unplaced_reason"] == "not found"
    assert len(table) == 3  # the unclosed quote swallows the last line into row 4, which is rejected and kept
    assert table.loc[2, "unplaced_reason"] == "row rejected by the loader"


def test_bundled_data_never_opens_the_gazetteer():
    """A fresh machine shows the bundled actions without building the 65 MB gazetteer index."""

    def no_gazetteer():
        raise AssertionError("the gazetteer was opened")

    actions = load_actions(REPO / "data" / "actions.csv").actions
    placed = geocode_actions(actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), no_gazetteer, None))
    assert (placed["unplaced_reason"] == "").sum() == 6


# --- answers are checked before they are used or cached -------------------------------


@pytest.mark.parametrize(
    "action",
    [
        {"city": "Seoul", "country": "South Korea"},
        {"place": "Embassy of China", "city": "Rome", "country": "Italy"},
        {"city": "Lyon", "country": "France"},
        {"city": "Berlin", "country": "Germany"},
        {"city": "Hong Kong", "country": "Hong Kong"},
    ],
)
def test_a_lying_server_placing_everything_in_the_atlantic_is_refused_and_not_cached(tmp_path, action):
    with FakeNominatim(everything_at=(0.0, -30.0)) as liar:
        cache = tmp_path / "cache.jsonl"
        nominatim = build_nominatim(liar.domain, "http", "solidarity-map-tests/1.0", 0.5, 0.0, 0)
        result = Geocoder(GeocodeCache(cache), None, nominatim, embassies=None).locate(action)
        assert liar.requests, "the server was asked"
    assert not (isinstance(result, Place) and result.lat == 0.0 and result.lon == -30.0)
    text = result.note if isinstance(result, Place) else result.detail
    assert "lies outside" in text and "not used" in text
    assert not cache.exists() or '"lat": 0.0' not in cache.read_text()


def test_an_answer_inside_the_country_is_kept(fake, tmp_path):
    nominatim = build_nominatim(fake.domain, "http", "solidarity-map-tests/1.0", 0.5, 0.0, 0)
    place = Geocoder(GeocodeCache(None), None, nominatim, embassies=None).locate(
        {"place": "Embassy of China", "city": "Seoul", "country": "South Korea"}
    )
    assert (place.precision, place.lat) == ("venue", 37.5595)


def test_a_poisoned_cache_entry_is_not_used(tmp_path, gazetteer):
    cache = GeocodeCache(tmp_path / "cache.jsonl")
    cache.put("city|seoul||KR", Place(0.0, -30.0, "city", "nominatim", "Seoul"), "nominatim", "liar.example")
    place = Geocoder(GeocodeCache(tmp_path / "cache.jsonl"), gazetteer, None).locate({"city": "Seoul", "country": "South Korea"})
    assert place.lat == pytest.approx(37.57, abs=0.1) and "lies outside South Korea" in place.note


def test_islands_left_out_of_the_coarse_outlines_still_place(gazetteer):
    geocoder = Geocoder(GeocodeCache(None), gazetteer, None)
    for city, country in (("Las Palmas de Gran Canaria", "Spain"), ("Naha", "Japan"), ("Palma", "Spain"), ("Funchal", "Portugal")):
        place = geocoder.locate({"city": city, "country": country})
        assert isinstance(place, Place) and place.precision == "city", (city, place)


def test_a_server_failing_with_500_pauses_lookups_after_one_place(tmp_path, gazetteer):
    with FakeNominatim(status=500) as failing:
        nominatim = build_nominatim(failing.domain, "http", "solidarity-map-tests/1.0", 0.5, 0.0, 2)
        nominatim.backoff = 0.01
        geocoder = Geocoder(GeocodeCache(None), gazetteer, nominatim)
        places = [geocoder.locate({"place": f"Embassy {n}", "city": "Seoul", "country": "KR"}) for n in range(5)]
        assert len(failing.requests) == 3  # one place's tries, then a pause
    assert all(place.precision == "city" and "geocoder unavailable" in place.note for place in places)


def test_a_visitors_answers_stay_with_the_visitor_unless_the_operator_shares_them(tmp_path, gazetteer):
    shared = Geocoder(GeocodeCache(tmp_path / "cache.jsonl"), gazetteer, None)
    shared.locate({"city": "Porto", "country": "Portugal"})
    visitor = shared.for_visitor()
    place = visitor.locate({"city": "Bayonne", "country": "France"})
    assert place.precision == "city" and visitor.locate({"city": "Porto", "country": "Portugal"}).source == "cache"
    written = (tmp_path / "cache.jsonl").read_text()
    assert "porto" in written and "bayonne" not in written
    shared.for_visitor(share_answers=True).locate({"city": "Bayonne", "country": "France"})
    assert "bayonne" in (tmp_path / "cache.jsonl").read_text()


def test_a_letter_is_placed_where_its_text_says_it_was_sent_from_and_says_so(gazetteer):
    geocoder = Geocoder(GeocodeCache(None), gazetteer, None)
    rome = geocoder.locate(
        {"action_kind": "letter", "description": "Letter dated Rome, signed by Gianni Alioti, Head of International Office."}
    )
    assert (rome.precision, rome.label) == ("city", "Rome, Italy") and "sent from Rome" in rome.note
    unsaid = geocoder.locate({"action_kind": "letter", "description": "The branch wrote to Prime Minister Li Keqiang."})
    protest = geocoder.locate({"action_kind": "protest", "description": "A banner read: letter dated Rome."})
    assert isinstance(unsaid, Unplaced) and isinstance(protest, Unplaced)


# --- one cell read from the right ----------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "label", "said"),
    [
        ({"city": "Hammond, IN"}, "Hammond, IN, United States", ""),
        ({"city": "Hammond, IN", "region": "IN"}, "Hammond, IN, United States", ""),
        ({"place": "Hammond Police Department, Hammond, IN"}, "Hammond, IN, United States", "Hammond Police Department"),
        ({"place": "Castro and El Camino Real, Mountain View, CA"}, "Mountain View, CA, United States", "Castro and El Camino Real"),
        ({"place": "Bristol and 17th streets, Santa Ana, CA"}, "Santa Ana, CA, United States", "Bristol and 17th streets"),
        ({"place": "Market and Main Streets, Bloomsburg, PA"}, "Bloomsburg, PA, United States", "Market and Main Streets"),
        ({"city": "Des Moines, IO"}, "Des Moines, IA, United States", "'IO' (in 'Des Moines, IO') is not a US state code"),
        ({"city": "Athens, GA"}, "Athens, GA, United States", ""),  # Georgia, not Gabon
        ({"city": "Wilmington, DE"}, "Wilmington, DE, United States", ""),  # Delaware, not Germany
        ({"city": "Lyon, France"}, "Lyon, France", ""),
        ({"city": "Paris, FR"}, "Paris, France", ""),
        ({"city": "Springfield, IL, USA"}, "Springfield, IL, United States", ""),
        ({"place": "City Hall, Toronto, ON, Canada"}, "Toronto, Canada", "placed at the city"),  # ON: Ontario, a province it knows
    ],
)
def test_one_cell_is_read_from_the_right_country_then_state_then_city(gazetteer, action, label, said):
    place = Geocoder(GeocodeCache(None), gazetteer, None).locate(action)
    assert isinstance(place, Place) and place.precision == "city" and place.label == label, place
    assert said in place.note


def test_a_numbered_departement_is_not_read_as_a_region_code(gazetteer):
    geocoder = Geocoder(GeocodeCache(None), gazetteer, None)
    paris = geocoder.locate({"city": "Paris", "region": "75", "country": "France"})  # 75 is also Nouvelle-Aquitaine's region code
    assert paris.label == "Paris, France" and abs(paris.lat - 48.85) < 0.1
    madrid = geocoder.locate({"city": "Madrid", "region": "28", "country": "ES"})
    assert madrid.label == "Madrid, Spain" and "provincia '28'" in madrid.note


def test_a_file_whose_rows_share_a_country_lends_it_to_the_rows_that_name_none(gazetteer):
    geocoder = Geocoder(GeocodeCache(None), gazetteer, None)
    french = [{"city": name, "country": "France"} for name in ("Lyon", "Rennes", "Nantes", "Lille")] + [{"city": "Brest"}]
    assert geocoder.file_country(french) == "FR"
    placed = geocode_actions(pd.DataFrame(french), geocoder)
    assert placed.iloc[4]["geo_label"] == "Brest, France" and "like most rows of the file" in placed.iloc[4]["geo_note"]
    mixed = [
        {"city": "Lyon", "country": "France"},
        {"city": "Porto", "country": "Portugal"},
        {"city": "Bonn", "country": "DE"},
        {"city": "Brest"},
    ]
    assert geocoder.file_country(mixed) == ""
    assert geocoder.file_country([{"city": name} for name in ("Brest", "Bayonne", "Laval", "Rennes")]) == "FR"


def run_command(verb: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "utils", verb, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**__import__("os").environ, **(env or {})},
    )


def test_commands_map_columns_as_the_page_does_and_keep_the_mapping_beside_the_file(tmp_path, gazetteer_dir):
    source = tmp_path / "manifs.csv"
    source.write_text(
        "lieu;pays;quand;qui;effectif\nBrest;France;21/04/2023;CGT;200.0\nLyon;France;22/04/2023;CFDT;environ 300\n", encoding="utf-8"
    )
    env = {"SOLIDARITY_MAP_GEOCODE_CACHE": str(tmp_path / "c.jsonl"), "SOLIDARITY_MAP_GAZETTEER_DIR": str(gazetteer_dir)}
    first = run_command("load", str(source), "--map", "date=quand", "--map", "organisations=qui", "--every", "action_kind=protest", env=env)
    assert first.returncode == 0, first.stderr
    assert "2023-04-21: 1" in first.stdout and "protest: 2" in first.stdout
    saved = json.loads((tmp_path / "manifs.csv.mapping.json").read_text(encoding="utf-8"))
    assert saved["columns"]["quand"] == "date" and saved["columns"]["lieu"] == "place" and saved["every_row"] == {"action_kind": "protest"}

    again = run_command("geocode", str(source), "--offline", "-o", str(tmp_path / "out.csv"), env=env)  # the saved mapping, reused
    assert again.returncode == 0 and "using the column mapping saved in manifs.csv.mapping.json" in again.stderr
    table = pd.read_csv(tmp_path / "out.csv", keep_default_na=False, dtype=str, encoding="utf-8-sig")
    assert list(table.columns[:5]) == ["lieu", "pays", "quand", "qui", "effectif"]
    assert list(table["quand"]) == ["21/04/2023", "22/04/2023"] and list(table["effectif"]) == ["200.0", "environ 300"]  # as written
    assert list(table["geo_label"]) == ["Brest, France", "Lyon, France"]

    wrong = run_command("load", str(source), "--map", "city=ville")
    assert wrong.returncode == 2 and "the file has no column 'ville' (it has lieu, pays, quand, qui, effectif)" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    (tmp_path / "bad.json").write_text('{"columns": {"lieu": "town"}}')
    bad = run_command("load", str(source), "--mapping", str(tmp_path / "bad.json"))
    assert bad.returncode == 2 and "'town' is not one of our columns" in bad.stderr


# --- the chain is data ----------------------------------------------------------------------


def test_the_chain_is_a_list_of_source_objects_and_a_new_source_is_one_class(gazetteer):
    """A source is an object with one verb, locate(asking) -> Place | None, raising SourceUnavailable when it could not
    ask: a toy one, put in the chain, places what the others do not know; one that cannot ask leaves it 'unavailable'."""
    from utils.places.sources import CHAIN, SourceUnavailable
    from utils.places.sources.city import CitySource
    from utils.places.sources.country import CountrySource

    protest = {"action_kind": "protest", "place": "Embassy of China, Seoul", "city": "Seoul", "country": "KR"}
    assert Geocoder(GeocodeCache(None), gazetteer, None).locate(protest).precision == "venue"
    assert Geocoder(GeocodeCache(None), gazetteer, None, chain=(CitySource, CountrySource)).locate(protest).precision == "city"

    class Atlantis:
        name = "atlantis"

        def __init__(self, lookup):
            self.lookup = lookup

        def locate(self, asking):
            if asking.query.city != "Atlantis":
                return None
            return self.lookup.checked(Place(31.0, -24.0, "city", "legend", "Atlantis"), asking.query, asking.notes, "Atlantis")

    class Down:
        name = "down"

        def __init__(self, lookup):
            pass

        def locate(self, asking):
            raise SourceUnavailable("the oracle not asked: geocoder unavailable")

    assert Geocoder(GeocodeCache(None), gazetteer, None).locate({"city": "Atlantis"}).label == "Atlantis, South Africa"
    found = Geocoder(GeocodeCache(None), gazetteer, None, chain=(Atlantis, *CHAIN)).locate({"city": "Atlantis"})
    assert isinstance(found, Place) and (found.lat, found.lon, found.source) == (31.0, -24.0, "legend")  # asked first
    assert Geocoder(GeocodeCache(None), gazetteer, None, chain=(Atlantis, *CHAIN)).locate(protest).precision == "venue"
    down = Geocoder(GeocodeCache(None), gazetteer, None, chain=(Down, *CHAIN)).locate({"city": "Qqqxville"})
    assert isinstance(down, Unplaced) and down.reason == UNAVAILABLE and "the oracle not asked" in down.detail
    placed = Geocoder(GeocodeCache(None), gazetteer, None, chain=(Down, *CHAIN)).locate(protest)
    assert placed.precision == "venue" and "the oracle not asked" in placed.note  # the rest of the chain still answers


def test_an_outcome_is_typed_not_read_back_from_its_words(gazetteer, tmp_path):
    nowhere = {"city": "unavailable creek, too many failed"}  # words that once made a 'not found' read as 'unavailable'
    assert Geocoder(GeocodeCache(None), gazetteer, None).locate(nowhere).reason == "not found"
    down = build_nominatim("127.0.0.1:9", "http", "solidarity-map-tests/1.0", 0.5, 0.0, 0)
    result = Geocoder(GeocodeCache(None), None, down).locate({"city": "Qqqxville", "country": "KR"})
    assert isinstance(result, Unplaced) and result.reason == UNAVAILABLE


def test_many_rows_of_few_places_ask_the_geocoder_once_per_place_and_positions_not_at_all(monkeypatch):
    towns = ["Seoul,South Korea", "Porto,Portugal", "Makati,Philippines"]
    # each row its own prose, as real files have: prose that names no mission does not change where a row is
    rows = ["id,city,country,lat,lon,action_kind,description"]
    rows += [f"r{n},{towns[n % 3]},,,protest,Rally number {n} for the Jasic workers" for n in range(3_000)]
    rows += [f"p{n},Seoul,South Korea,{37 + n / 1000},{127 + n / 1000},protest," for n in range(500)]
    rows += ["m1,Seoul,South Korea,,,protest,A protest at the Chinese embassy"]  # this prose names a mission: asked apart
    actions = load_actions("\n".join(rows).encode()).actions
    geocoder = Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    asked = []
    where = {"Seoul": Place(37.56, 126.99, "city", "gazetteer", "Seoul"), "Porto": Place(41.15, -8.61, "city", "gazetteer", "Porto")}

    def locate(action, country=""):
        asked.append(action["city"])
        return where.get(action["city"], Unplaced(NOT_FOUND, "not in this test's gazetteer"))

    monkeypatch.setattr(geocoder, "locate", locate)
    placed = geocode_actions(actions, geocoder).set_index("id")
    assert sorted(asked) == ["Makati", "Porto", "Seoul", "Seoul"]  # 3,000 rows, three places, and the embassy's row
    assert placed.loc["r3", ["lat", "precision"]].tolist() == placed.loc["r0", ["lat", "precision"]].tolist() == [37.56, "city"]
    assert placed.loc["r2", "unplaced_reason"] == NOT_FOUND and placed.loc["r5", "geo_note"] == "not in this test's gazetteer"
    assert placed.loc["p7", ["lat", "lon", "precision", "geo_source"]].tolist() == [37.007, 127.007, "exact", "manual"]
    assert placed.loc["p7", "geo_label"] == "Seoul, South Korea" and len(placed) == 3_501


def test_prose_that_may_name_a_mission_is_kept_for_the_geocoder_in_every_language_it_reads():
    from utils.places.embassies import mission_kind
    from utils.places.geocode import _may_name_a_mission

    texts = [
        "Protest at the Chinese Embassy in Seoul",
        "Rassemblement devant l'ambassade de Chine",
        "Kundgebung vor der chinesischen Botschaft",
        "Concentración ante la embajada china",
        "protesto na Embaixada da China",
        "presidio davanti all'ambasciata cinese",
        "пикет у посольства Китая",
        "在中国驻香港联络办公室和中国大使馆外抗议",
        "중국 대사관 앞 집회",
        "outside the Consulate-General of China",
        "consulat général de Chine",
        "Generalkonsulat",
        "總領事館",
        "a rally for the Jasic workers",
        "march through the city centre",
    ]
    may = _may_name_a_mission(pd.Series(texts, dtype=str))
    assert all(may[index] for index, text in enumerate(texts) if mission_kind(text))  # never drops what names a mission
    assert list(may[-2:]) == [False, False]  # prose that names none is left out of the place's key


@pytest.mark.parametrize(
    ("row", "city", "said"),
    [
        ({"place": "Embassy of China", "country": "DE"}, "Berlin", "placed at Berlin, the capital, where embassies stand"),
        ({"place": "Embassy of China", "city": "Berlin", "country": "DE"}, "Berlin", "placed at its city, Berlin"),
        ({"place": "Chinese embassy in Berlin"}, "Berlin", "placed at its city, Berlin"),
        ({"place": "Chinese embassy in Bahrain"}, "Manama", "placed at Manama, the capital"),
    ],
)
def test_a_mission_the_list_cannot_place_is_put_at_its_city_never_the_countrys_centre(gazetteer, row, city, said):
    """China's embassy in Germany has no city and no position in the list: its city, from the row or the capital, and said."""
    place = Geocoder(GeocodeCache(None), gazetteer, None).locate({"action_kind": "protest", **row})
    assert place.precision == "city" and place.label.startswith(city) and said in place.note
    assert "the embassy list has no position for the Embassy of China" in place.note


@pytest.mark.parametrize(
    ("action", "label", "near", "said"),
    [
        # a département chooses the région: Champagné in the Sarthe, never Champagne in the Ardèche, and back
        ({"city": "Champagné", "region": "72", "country": "France"}, "Champagné, France", (48.02, 0.33), ""),
        ({"city": "Champagne", "region": "07", "country": "France"}, "Champagne, France", None, "in Auvergne-Rhône-Alpes"),
        ({"city": "Champagne", "region": "Ardèche", "country": "France"}, "Champagne, France", None, "(45.273, 4.800)"),
        ({"city": "Valence", "region": "Drôme", "country": "France"}, "Valence, France", (44.93, 4.89), ""),
        ({"city": "Saint-Denis", "region": "93", "country": "France"}, "Saint-Denis, France", (48.94, 2.35), ""),
        # overseas: a country of its own in the gazetteer, as in ISO 3166
        ({"city": "Saint-Denis", "region": "974", "country": "France"}, "Saint-Denis, Réunion", (-20.88, 55.45), ""),
        ({"place": "La Réunion", "region": "974", "country": "France"}, "Réunion", (-21.1, 55.5), ""),
        ({"city": "Guadeloupe", "country": "France"}, "Guadeloupe", (16.2, -61.6), ""),
        ({"city": "San Juan", "region": "Puerto Rico", "country": "US"}, "San Juan, Puerto Rico", (18.47, -66.1), ""),
        ({"city": "London", "region": "Ontario", "country": "Canada"}, "London, Canada", (42.98, -81.25), ""),
    ],
)
def test_a_region_beside_a_city_chooses_among_its_namesakes(gazetteer, action, label, near, said):
    place = Geocoder(GeocodeCache(None), gazetteer, None).locate(action)
    assert isinstance(place, Place) and place.label == label, place
    if near:
        assert abs(place.lat - near[0]) < 0.15 and abs(place.lon - near[1]) < 0.15, place
    assert said in place.note


def test_a_departement_with_no_town_of_that_name_names_those_elsewhere_and_never_takes_one_silently(gazetteer):
    place = Geocoder(GeocodeCache(None), gazetteer, None).locate({"city": "Grand-Couronne", "region": "07", "country": "France"})
    assert place.precision == "region" and "Grand-Couronne, France (Normandie)" in place.note
