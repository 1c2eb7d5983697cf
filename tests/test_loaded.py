"""One path from a file's bytes to what the pages show (utils/actions/loaded.py)."""

from tests.conftest import REPO
from utils.actions.campaign import campaign_of_file
from utils.actions.load import load_actions
from utils.actions.loaded import content_digest, place
from utils.places.geocode import GeocodeCache, Geocoder


def test_the_same_bytes_read_another_way_are_another_file_for_the_caches():
    raw = b"Ort,Land\nSeoul,KR\n"
    assert content_digest(raw) == content_digest(raw)
    assert content_digest(raw, {"Ort": "city"}) != content_digest(raw, {"Ort": "place"})
    assert content_digest(raw, {}, {"date": "2019-03-26"}) != content_digest(raw)


def test_a_placed_file_keeps_every_row_its_problems_and_gets_its_campaign():
    raw = (REPO / "tests" / "fixtures" / "small_actions.csv").read_bytes()
    result = load_actions(raw)
    geocoder = Geocoder(GeocodeCache(None, seeds=[REPO / "data" / "geocode_cache.jsonl"]), None, None)
    loaded = place(result, "small.csv", content_digest(raw), geocoder, lambda placed: campaign_of_file("small.csv", placed))
    assert len(loaded.actions) == result.accepted and loaded.rows_in_file == result.rows_in_file
    assert loaded.problems == tuple(result.problems)
    assert loaded.campaign.title == "small" and loaded.campaign.subject == "Actions from your file small.csv."
    assert set(loaded.actions["unplaced_reason"].unique()) >= {""}
