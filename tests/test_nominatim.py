"""Nominatim as a source, against a fake Nominatim on 127.0.0.1 that speaks its JSON."""

import pytest

from tests.fake_nominatim import FakeNominatim
from utils.errors import ConfigError, GeocoderRateLimited, GeocoderUnavailable
from utils.places.nominatim import build_nominatim


@pytest.fixture
def fake():
    with FakeNominatim(slow_seconds=1.5) as server:
        yield server


class Clock:
    """A clock the test moves: the limiter's and the retries' waits are recorded, never waited for."""

    def __init__(self):
        self.now = 1_000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def source(fake, retries=1, min_delay=0.0, clock=None):
    # a second for an answer: a loaded CI machine is slow, and the fake's slow answers take 1.5 s
    clock = clock or Clock()
    nominatim = build_nominatim(
        fake.domain, "http", "solidarity-map-tests/1.0", 1.0, min_delay, retries, email="tests@example.org", sleep=clock.sleep, clock=clock
    )
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


def test_the_limiter_spaces_requests_by_the_clock_it_is_given(fake):
    clock = Clock()
    nominatim = source(fake, min_delay=0.6, clock=clock)
    for number in range(3):
        nominatim.lookup(f"Embassy {number}")
    assert len(fake.requests) == 3 and clock.slept == [0.6, 0.6]  # no time passed but the waits: each one whole


def test_a_busy_server_is_asked_again_after_growing_pauses_then_not_for_a_while(fake):
    clock = Clock()
    nominatim = source(fake, retries=2, clock=clock)
    with pytest.raises(GeocoderRateLimited):
        nominatim.lookup("Busy")
    assert len(fake.requests) == 3 and clock.slept == [0.05, 0.1]  # backoff 0.05 doubling, as the clock says
    with pytest.raises(GeocoderUnavailable, match="failed a moment ago"):
        nominatim.lookup("Embassy")  # paused: not asked
    assert len(fake.requests) == 3
    clock.now += nominatim.pause_after_failure + 1
    assert nominatim.lookup("Embassy") is not None and len(fake.requests) == 4  # asked again once the pause is over


@pytest.mark.parametrize("agent", ["my-application", "", "geopy/2.5.0"])
def test_sample_user_agent_is_refused_naming_the_setting(agent):
    with pytest.raises(ConfigError, match="SOLIDARITY_MAP_NOMINATIM_USER_AGENT"):
        build_nominatim("127.0.0.1:9", "http", agent, 1, 1, 0)
