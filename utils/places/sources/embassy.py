"""The embassy list: an embassy or consulate, however it is written ('Chinese embassy in Seoul', 'Ambassade de Chine'),
at its own position from the list (Wikidata); the city it stands in, when the list has no position for it."""

from __future__ import annotations

import dataclasses
import re

from utils.places.countries import capital, country_name
from utils.places.embassies import Embassies, sender_and_host
from utils.places.names import name_key
from utils.places.place import Place
from utils.places.query import Query
from utils.places.sources.base import Asking, Lookup

IN_CITY = re.compile(r"\b(?:in|at)\s+([^\W\d][^,;()]*)$", re.IGNORECASE)  # 'Chinese embassy in Berlin'


class EmbassySource:
    name = "embassies"

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def locate(self, asking: Asking) -> Place | None:
        query = asking.query
        if not query.mission:
            return None
        found, city = self._mission(query, asking.notes)
        if found is None and city and not query.city:  # the list knows the mission's city, not its position: that city
            asking.query = dataclasses.replace(query, city=city)
        return found

    def _mission(self, query: Query, notes: list[str]) -> tuple[Place | None, str]:
        """The embassy or consulate the row names, at its own position from the list; or the city it
        stands in, when the list has no position for it. Kept in the cache with the list's version,
        so that the bundled data is placed without opening the gazetteer."""
        embassies, cache = self.lookup.embassies, self.lookup.cache
        if embassies is None:
            return None, ""
        key = f"mission|{name_key(query.mission)}|{query.country}|{name_key(query.city)}"
        entry = cache.get(key)
        # an answer kept before unplaced missions were put at their city is asked again
        if entry is not None and entry.get("list") == embassies.version and not (entry.get("unplaced") and not entry.get("city")):
            if entry.get("unplaced"):
                notes.append(entry["unplaced"])
            return self.lookup.cached(key), entry.get("city", "")
        place, city, country, note = self._found(query, embassies)
        if note:
            notes.append(note)
        checked = self.lookup.checked(place, dataclasses.replace(query, country=query.country or country), notes, "the embassy list")
        if place is None or checked is not None:  # a refused answer is said by checked() and not kept
            cache.put(key, checked, "embassies", list=embassies.version, city=city, unplaced=note, origin=place.origin if place else "")
        return checked, city

    def _found(self, query: Query, embassies: Embassies) -> tuple[Place | None, str, str, str]:
        """The mission's place (or None), its city, its country, and why it has no place."""
        city, host = query.city, query.country
        gazetteer = self.lookup.gazetteer
        if not city and not host and gazetteer is not None and not sender_and_host(query.mission)[1]:
            named = IN_CITY.search(query.mission.strip())  # 'Chinese embassy in Berlin': the city says the country
            match = gazetteer.city(named.group(1).strip()) if named else None
            if match is not None and match.precision == "city" and match.country:
                city, host = named.group(1).strip(), match.country
        found = embassies.find(query.mission, host, city, self.lookup.position)
        if found is None:
            return None, "", "", ""
        if found.mission is None:
            return None, "", "", found.note
        mission = found.mission
        if not mission.placed:  # at its city, never at the country's centre: the list's, the row's, else the capital
            where = mission.city or country_name(mission.country)
            note = f"the embassy list has no position for the {mission.title} in {where}"
            given = mission.city or city  # the list's city, else the row's
            city = given or (capital(mission.country) if mission.group == "embassy" else "")
            if city:
                note += f"; placed at its city, {city}" if given else f"; placed at {city}, the capital, where embassies stand"
            return None, city, mission.country, note
        label = f"{mission.title}, {query.city or mission.city}"
        origin = f"Wikidata {mission.qid}"
        place = Place(mission.lat, mission.lon, "venue", "embassies", label, found.note, origin, mission.country)
        return place, mission.city, mission.country, ""
