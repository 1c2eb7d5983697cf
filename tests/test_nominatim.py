"""Nominatim as a source, against a fake Nominatim on 127.0.0.1 that speaks its JSON."""

import pytest

from tests.fake_nominatim import FakeNominatim
from utils.errors import ConfigError, GeocoderRateLimited, GeocoderUnavailable
from utils.places.nominatim import build_nominatim


@pytest.fixture
def fake():
    with FakeNominatim(slow_seconds=1.5) as server:
        yield server


def source(fake, retries=1, min_delay=0.0):
    # a second for an answer: a loaded CI machine is slow, and the fake's slow answers take 1.5 s
    nominatim = build_nominatim(fake.domain, "http", "solidarity-map-tests/1.0", 1.0, min_delay, retries, email="tests@example.org")
    nominatim.backoff = 0.05
    return nominatim


def test_a_venue_found_is_a_venue_with_its_address(fake):
    place = source(fake).lookup("Embassy of China, Seoul, South Korea", "KR")
    assert (place.precision, place.source, place.lat, place.lon) == ("venue", "nominatim", 37.5595, 126.9831)
    assert "Myeongdong" in place.label


def test_nothing_found_is_none_not_an_error(fake):
    assert source(fake).lookup("Nowhere at all") is None


def test_user_agent_names_the_app_and_the_email(fake):
    source(fake).lookup("Embassy")
    assert fake.requests[0]["agent"] == "solidarity-map-tests/1.0 tests@example.org"


@pytest.mark.parametrize(
    ("query", "error", "tries"),
    [
        ("Busy", GeocoderRateLimited, 3),
        ("Broken", GeocoderUnavailable, 3),
        ("Slow", GeocoderUnavailable, 1),
        ("Garbage", GeocoderUnavailable, 1),
    ],
)
def test_failures_raise_never_look_like_not_found(fake, query, error, tries):
    with pytest.raises(error):
        source(fake, retries=2).lookup(query)
    assert len(fake.requests) == tries


def test_rate_limit_spaces_requests_on_the_server_side(fake):
    nominatim = source(fake, min_delay=0.6)
    for number in range(3):
        nominatim.lookup(f"Embassy {number}")
    times = [request["at"] for request in fake.requests]
    # the limiter waits 0.6 s between requests; 0.45 leaves room for a busy machine's jitter, and would fail without it
    assert min(later - earlier for earlier, later in zip(times, times[1:], strict=False)) >= 0.45


@pytest.mark.parametrize("agent", ["my-application", "", "geopy/2.5.0"])
def test_sample_user_agent_is_refused_naming_the_setting(agent):
    with pytest.raises(ConfigError, match="SOLIDARITY_MAP_NOMINATIM_USER_AGENT"):
        build_nominatim("127.0.0.1:9", "http", agent, 1, 1, 0)
