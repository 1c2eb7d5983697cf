"""A region or state of a country, from the offline gazetteer: placed at the middle of its towns."""

from __future__ import annotations

from utils.places.place import Place
from utils.places.sources.base import Asking, Lookup


class RegionSource:
    name = "region"

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def locate(self, asking: Asking) -> Place | None:
        query = asking.query
        if not (query.region and query.country and self.lookup.gazetteer):  # opened only for a region to find
            return None
        match = self.lookup.gazetteer.region(query.region, query.country)
        return None if match is None else Place(match.lat, match.lon, "region", "gazetteer", match.label, match.note, country=query.country)
