"""Nominatim as one source of the geocoding chain: polite (rate-limited, named, retried with backoff) and honest about failures."""

from __future__ import annotations

import time
from collections.abc import Callable

from utils.errors import ConfigError, GeocoderRateLimited, GeocoderUnavailable
from utils.places.place import Place


class NominatimSource:
    """geopy's Nominatim behind a shared rate limiter, with retries and backoff.

    `client` is a geopy `Nominatim` (its domain, scheme, user agent and timeout are
    set by whoever builds it); `limiter` is geopy's `RateLimiter` around its
    `geocode`, built with `swallow_exceptions=False` so an error is never mistaken
    for "not found". Both are passed in, so the app shares one and a test points
    one at a fake server on 127.0.0.1.
    """

    def __init__(
        self,
        client,
        limiter: Callable,
        retries: int = 2,
        backoff: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        """`sleep` and `clock` wait and tell the time (a test passes its own, so no test waits for real)."""
        self.client = client
        self.limiter = limiter
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.clock = clock
        self.requests = 0
        self.server = getattr(client, "domain", "")
        self.paused_until = 0.0
        self.pause_after_failure = 300.0

    def lookup(self, query: str, code: str = "") -> Place | None:
        """The place Nominatim names for `query`, None when it finds nothing; raises when it fails.

        A 429 or 5xx answer is tried again after a growing pause; a timeout or an
        unreachable server is not. Either way, once it has failed, all lookups pause for
        `pause_after_failure` seconds, so a meeting room with no internet, or a server
        that answers 500 to everything, costs one wait, not one per place.
        """
        from geopy import exc

        if self.clock() < self.paused_until:
            raise GeocoderUnavailable(f"Nominatim at {self.server} failed a moment ago; not asking again yet")
        for attempt in range(self.retries + 1):
            try:
                self.requests += 1
                location = self.limiter(query, exactly_one=True, addressdetails=False, country_codes=code.lower() or None)
            except exc.GeocoderRateLimited as error:
                failure: Exception = GeocoderRateLimited(f"Nominatim at {self.server} says too many requests (429)")
                wait = error.retry_after or self.backoff * 2**attempt
            except (exc.GeocoderServiceError, OSError, ValueError) as error:
                failure = GeocoderUnavailable(f"Nominatim at {self.server} failed: {type(error).__name__}: {error}")
                if not _server_error(error):
                    self.paused_until = self.clock() + self.pause_after_failure
                    raise failure from error
                wait = self.backoff * 2**attempt
            else:
                return None if location is None else _nominatim_place(location)
            if attempt < self.retries:
                self.sleep(min(wait, 60))
        self.paused_until = self.clock() + self.pause_after_failure
        raise failure


def _server_error(error: Exception) -> bool:
    """True for an HTTP 5xx answer: worth another try, unlike a timeout or no connection."""
    status = getattr(error.__cause__, "status_code", None)
    return isinstance(status, int) and 500 <= status <= 599


def _nominatim_place(location) -> Place:
    raw = location.raw or {}
    kind = (raw.get("addresstype") or raw.get("type") or "").casefold()
    if kind in ("city", "town", "village", "municipality", "hamlet", "suburb", "borough"):
        precision = "city"
    elif kind in ("state", "province", "region", "county"):
        precision = "region"
    elif kind == "country":
        precision = "country"
    else:
        precision = "venue"
    return Place(float(location.latitude), float(location.longitude), precision, "nominatim", location.address or "")


# The sample user agents of documentation and tutorials, which nominatim.openstreetmap.org refuses.
SAMPLE_USER_AGENTS = frozenset({"my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here", "myapp", "test"})


def build_nominatim(
    domain: str,
    scheme: str,
    user_agent: str,
    timeout: float,
    min_delay: float,
    retries: int,
    email: str = "",
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> NominatimSource:
    """One Nominatim client and its rate limiter; share the result across a process. `sleep` and `clock` are the
    limiter's and the retries' (a test's own, so that it waits for nothing)."""
    from geopy.adapters import RequestsAdapter
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    class Limiter(RateLimiter):  # geopy's limiter, telling the time and waiting as it is told to
        def _clock(self) -> float:
            return clock()

        def _sleep(self, seconds: float) -> None:
            sleep(seconds)

    def adapter(proxies, ssl_context):
        # our own loop retries (and backs off); the adapter's hidden retries would multiply requests
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)

    if not user_agent.strip() or user_agent.strip().casefold() in SAMPLE_USER_AGENTS or user_agent.startswith("geopy/"):
        raise ConfigError(
            f"SOLIDARITY_MAP_NOMINATIM_USER_AGENT={user_agent!r}: Nominatim's usage policy asks for a user agent naming your app"
            " (nominatim.openstreetmap.org refuses sample ones)"
        )
    agent = f"{user_agent} {email}".strip() if email else user_agent
    client = Nominatim(user_agent=agent, domain=domain, scheme=scheme, timeout=timeout, adapter_factory=adapter)
    limiter = Limiter(client.geocode, min_delay_seconds=min_delay, max_retries=0, swallow_exceptions=False)
    return NominatimSource(client, limiter, retries=retries, sleep=sleep, clock=clock)
