"""A city or town: the cache, the offline gazetteer (several names in one cell: 'Seoul / Busan' tries each), then
Nominatim when online. Never a namesake in another region, silently."""

from __future__ import annotations

import re

from utils.places.countries import country_name
from utils.places.place import Place
from utils.places.query import Query, city_key, region_as_country
from utils.places.sources.base import Asking, Lookup


class CitySource:
    name = "city"

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def locate(self, asking: Asking) -> Place | None:
        query, notes, lookup = asking.query, asking.notes, self.lookup
        if not query.city:
            asking.query = region_as_country(query, lambda: lookup.gazetteer, notes)
            return None
        cached = lookup.checked(lookup.cached(city_key(query)), query, notes, f"city {query.city!r}")
        if cached is not None:
            return cached
        asking.query = moved = region_as_country(query, lambda: lookup.gazetteer, notes)
        return self._city(moved, notes, read_cache=moved != query)  # the cache was read above for this query

    def _city(self, query: Query, notes: list[str], read_cache: bool = True) -> Place | None:
        lookup = self.lookup
        names = [query.city] + [part.strip() for part in re.split(r"/| & | and ", query.city) if part.strip() != query.city.strip()]
        key = city_key(query)
        cached = lookup.checked(lookup.cached(key), query, notes, f"city {query.city!r}") if read_cache else None
        if cached is not None:
            return cached
        gazetteer = lookup.gazetteer
        for name in names:
            match = gazetteer.city(name, query.country, query.region) if gazetteer and name else None
            if match is not None:
                note = (
                    match.note if name == query.city else f"{query.city!r} names several places; placed at {name!r}. {match.note}".strip()
                )
                doubt = match.doubt or ("ambiguous" if name != query.city else "")
                found = Place(
                    match.lat,
                    match.lon,
                    match.precision,
                    "gazetteer",
                    match.label,
                    note,
                    country=match.country or query.country,
                    doubt=doubt,
                )
                place = lookup.checked(found, query, notes, name)
                if place is not None:
                    lookup.cache.put(key, place, "gazetteer")
                    return place
        return self._online(query, key, notes)

    def _online(self, query: Query, key: str, notes: list[str]) -> Place | None:
        lookup = self.lookup
        if lookup.nominatim is None:
            elsewhere = lookup.gazetteer.elsewhere(query.city, query.country) if lookup.gazetteer and query.region else []
            if elsewhere:  # never a namesake in another region, silently: named, for a person to choose
                notes.append(f"no town named {query.city!r} in region {query.region!r}; of that name elsewhere: {'; '.join(elsewhere)}")
            else:
                notes.append(f"city {query.city!r} not in the offline gazetteer")
            return None
        text = ", ".join(part for part in (query.city, query.region, country_name(query.country) if query.country else "") if part)
        return lookup.online(text, query, key, f"city {query.city!r}", notes, keep_not_found=False)
