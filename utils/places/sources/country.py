"""A country alone, from the offline gazetteer: the last source, placed no finer than the country, and said so."""

from __future__ import annotations

from utils.places.place import Place
from utils.places.sources.base import Asking, Lookup


class CountrySource:
    name = "country"

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def locate(self, asking: Asking) -> Place | None:
        query, lookup = asking.query, self.lookup
        if not query.country:
            return None
        key = f"country|{query.country}"
        cached = lookup.cache.get(key)
        if cached is not None and cached.get("found"):
            return lookup.cached(key)
        match = lookup.gazetteer.country(query.country) if lookup.gazetteer else None
        if match is None:
            return None
        place = Place(match.lat, match.lon, "country", "gazetteer", match.label, country=query.country)
        lookup.cache.put(key, place, "gazetteer")
        return place
