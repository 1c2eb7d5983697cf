"""What a geocoding source is, and what every source may use.

A source is an object with a `name` and one verb, `locate(asking) -> Place | None`: the place it knows for the query,
or None when it does not know it (saying why in `asking.notes`); it raises `SourceUnavailable` when it could not ask
(no network, a failing server). A source may narrow the query for the sources after it (`asking.query`): the embassy
list knows a mission's city, the city source reads a country written in the region's column.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from utils.errors import GeocoderRateLimited, GeocoderUnavailable
from utils.places.cache import GeocodeCache, SessionCache, place_from_cache
from utils.places.countries import country_name
from utils.places.embassies import Embassies
from utils.places.gazetteer import Gazetteer
from utils.places.nominatim import NominatimSource
from utils.places.outlines import NEAR_KM, near_country, valid_position
from utils.places.place import Place
from utils.places.query import Query

log = logging.getLogger(__name__)


class SourceUnavailable(Exception):
    """A source could not ask (no network, a failing server), rather than did not know: the row is then unplaced as
    'geocoder unavailable', to be tried again, never as 'not found'. Its text is a note for the row."""


@dataclass
class Asking:
    """One query on its way down the chain: the query as the sources so far have narrowed it, and what they noticed."""

    query: Query
    notes: list[str] = field(default_factory=list)


class Source(Protocol):
    name: str

    def locate(self, asking: Asking) -> Place | None: ...


class Lookup:
    """What every source may use: the cache, the gazetteer and the embassy list (opened when first asked), Nominatim
    (None offline), and the one check every answer passes before it is used or kept."""

    def __init__(
        self,
        cache: GeocodeCache | SessionCache,
        gazetteer: Callable[[], Gazetteer] | Gazetteer | None,
        nominatim: NominatimSource | None,
        embassies: Callable[[], Embassies] | Embassies | None,
    ):
        self.cache = cache
        self._gazetteer = gazetteer
        self.nominatim = nominatim
        self._embassies = embassies

    @property
    def embassies(self) -> Embassies | None:
        if callable(self._embassies) and not isinstance(self._embassies, Embassies):
            self._embassies = self._embassies()
        return self._embassies

    @property
    def gazetteer(self) -> Gazetteer | None:
        if callable(self._gazetteer) and not isinstance(self._gazetteer, Gazetteer):
            self._gazetteer = self._gazetteer()  # built lazily: a cached run never opens it
        return self._gazetteer

    def position(self, city: str, country: str) -> tuple[float, float] | None:
        gazetteer = self.gazetteer
        return gazetteer.position(city, country) if gazetteer else None

    def cached(self, key: str) -> Place | None:
        entry = self.cache.get(key)
        return place_from_cache(entry) if entry is not None else None

    def online(self, text: str, query: Query, key: str, asked: str, notes: list[str], keep_not_found: bool) -> Place | None:
        """Nominatim's answer for `text`, checked and kept in the cache under `key` (a venue it does not know is kept as
        not found; a city is asked again next time); None, and why in `notes`, else. Raises SourceUnavailable when
        Nominatim could not be asked (its detail goes to the log, not the page)."""
        try:
            found = self.nominatim.lookup(text, query.country)
        except (GeocoderUnavailable, GeocoderRateLimited) as error:
            log.warning("%s not looked up: %s", asked, error)
            raise SourceUnavailable(f"{asked} not looked up: geocoder unavailable") from error
        if found is None:
            if keep_not_found:
                self.cache.put(key, None, "nominatim", self.nominatim.server)
            notes.append(f"{asked} not found by Nominatim")
            return None
        checked = self.checked(found, query, notes, asked)
        if checked is not None:
            self.cache.put(key, checked, "nominatim", self.nominatim.server)
        return checked

    def checked(self, place: Place | None, query: Query, notes: list[str], asked: str) -> Place | None:
        """The place when it can be right: a position on Earth, in (or near) the row's country when one is known.

        Every answer passes here before it is used or cached, whichever source gave it: a
        server that places Seoul in the Atlantic is refused, with why, and asked again next time.
        """
        if place is None:
            return None
        if not valid_position(place.lat, place.lon):
            notes.append(f"{asked}: the answer ({place.lat}, {place.lon}) is not a position on Earth; not used")
            return None
        if query.country and near_country(place.lat, place.lon, query.country) is False and not self._town_near(place, query.country):
            where = f"{place.lat:.2f}, {place.lon:.2f}"
            notes.append(f"{asked}: {place.source}'s answer ({where}) lies outside {country_name(query.country)}; not used")
            return None
        return place

    def _town_near(self, place: Place, code: str) -> bool:
        """For islands the coarse outlines leave out (Canaries, Okinawa): a town of the country close by will do."""
        gazetteer = self.gazetteer
        return gazetteer is not None and gazetteer.has_town_near(place.lat, place.lon, code, NEAR_KM / 2)
