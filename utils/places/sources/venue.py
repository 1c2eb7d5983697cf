"""A venue that is not an embassy ('Myeongdong Cathedral', 'Hammond Police Department'): Nominatim, when online."""

from __future__ import annotations

from utils.places.countries import country_name
from utils.places.names import name_key
from utils.places.place import Place
from utils.places.sources.base import Asking, Lookup


class VenueSource:
    name = "venue"

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def locate(self, asking: Asking) -> Place | None:
        query, notes = asking.query, asking.notes
        if not query.venue:
            return None
        text = query.venue
        if query.country and country_name(query.country).casefold() not in text.casefold():
            text = f"{text}, {country_name(query.country)}"
        key = f"venue|{name_key(text)}|{query.country}"
        cached = self.lookup.cache.get(key)
        if cached is not None:
            place = self.lookup.cached(key)
            if place is None:
                notes.append(f"venue {query.venue!r} not found by Nominatim ({cached.get('at', '')[:10]})")
            return self.lookup.checked(place, query, notes, f"venue {query.venue!r}")
        if self.lookup.nominatim is None:
            notes.append(f"venue {query.venue!r} not looked up (offline)")
            return None
        return self.lookup.online(text, query, key, f"venue {query.venue!r}", notes, keep_not_found=True)
