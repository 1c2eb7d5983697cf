"""Where each action happened: an action in, a Place or an Unplaced out.

The chain, in order: the row's own lat/lon; the embassy list for an embassy or
consulate however it is written ("Chinese embassy in Seoul", "Ambassade de Chine");
the persistent cache; the offline gazetteer (cities, regions, countries); Nominatim
for other venues and for what the gazetteer lacks. A venue that cannot be found
falls back to its city, and says so.

Run `python -m utils geocode INPUT.csv [--offline] [-o OUTPUT.csv]`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute
from filelock import FileLock

from utils.actions.schema import IN_PERSON_KINDS, PLACED_COLUMNS, SENT_FROM_KINDS
from utils.errors import GeocoderRateLimited, GeocoderUnavailable
from utils.places.countries import capital, country_code, country_name
from utils.places.embassies import CONSULATE, EMBASSY, Embassies, mission_kind, sender_and_host
from utils.places.gazetteer import FORMAT as GAZETTEER_FORMAT
from utils.places.gazetteer import Gazetteer, name_key
from utils.places.nominatim import NominatimSource, build_nominatim
from utils.places.outlines import NEAR_KM, near_country, valid_position
from utils.places.place import (
    AMBIGUOUS,
    NO_PLACE,
    NOT_FOUND,
    PRECISIONS,
    REJECTED,
    SENT_FROM_LABEL,
    SOURCES,
    UNAVAILABLE,
    Place,
    Result,
    Unplaced,
)
from utils.places.regions import region_of
from utils.settings import BUNDLED_CACHE

log = logging.getLogger(__name__)

IN_CITY = re.compile(r"\b(?:in|at)\s+([^\W\d][^,;()]*)$", re.IGNORECASE)  # 'Chinese embassy in Berlin'
ONLINE_WORDS = re.compile(r"\b(online|virtual|internet|web|e-?mail)\b", re.I)
# where a letter's text says it was sent from: 'Letter dated Rome', 'statement issued in Buenos Aires'
SENT_FROM = re.compile(r"\b(?:dated|sent from|written in|signed in|issued in)\s+((?:[A-Z][\w'-]+)(?:[ -](?:[A-Z][\w'-]+)){0,2})")
VENUE_WORDS = re.compile(
    r"\b(embassy|consulate|office|station|square|park|hall|street|road|avenue|building|plaza|bridge|port|university|liaison)\b", re.I
)


# --- the persistent cache -----------------------------------------------------


class GeocodeCache:
    """Answers kept across restarts in a JSON-lines file, safe for several processes.

    Each line is one answer with when and where it came from. Only real answers
    are stored (a place, or Nominatim's definite "not found"); a timeout or an
    error never is, so it is tried again next time.
    """

    def __init__(self, path: Path | None, seeds: Iterable[Path] = ()):
        """`path` is read and written; each of `seeds` (the bundled data's cache) is only read."""
        self.path = Path(path) if path else None
        self._entries: dict[str, dict] = {}
        for seed in seeds:
            self._read(Path(seed))
        self._mtime = -1.0
        self._refresh()

    def _read(self, path: Path) -> None:
        if not path.exists():
            return
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                self._entries[entry["key"]] = entry
            except (ValueError, KeyError, TypeError):
                log.warning("skipping an unreadable line in the geocode cache %s: %r", path, line[:80])

    def _refresh(self) -> None:
        if self.path is None or not self.path.exists():
            return
        mtime = self.path.stat().st_mtime
        if mtime == self._mtime:
            return
        self._mtime = mtime
        self._read(self.path)

    def get(self, key: str) -> dict | None:
        entry = self._entries.get(key)
        if entry is None:
            self._refresh()
            entry = self._entries.get(key)
        if entry and entry.get("source") == "gazetteer" and entry.get("format") != GAZETTEER_FORMAT:
            return None
        return entry

    def put(self, key: str, answer: Place | None, source: str, server: str = "", **more: str) -> None:
        """`more`: what else the source needs to reuse its answer (the embassy list's version, a fallback city)."""
        entry = {"key": key, "found": answer is not None, "source": source, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        entry.update({name: value for name, value in more.items() if value})
        if server:
            entry["server"] = server
        if source == "gazetteer":
            entry["format"] = GAZETTEER_FORMAT
        if answer is not None:
            entry.update({"lat": answer.lat, "lon": answer.lon, "precision": answer.precision, "label": answer.label, "note": answer.note})
            if answer.country:
                entry["country"] = answer.country
        self._entries[key] = entry
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with FileLock(str(self.path) + ".lock"), self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
        self._mtime = self.path.stat().st_mtime

    def __len__(self) -> int:
        return len(self._entries)


class SessionCache:
    """One visitor's answers over the shared cache: read through to it, written only here, in memory.

    A visitor's upload is placed with it, so that place names from one visitor's file never
    enter the server's cache (unless the operator opts in: SOLIDARITY_MAP_SHARE_UPLOAD_GEOCODES).
    """

    def __init__(self, shared: GeocodeCache):
        self.shared = shared
        self.own = GeocodeCache(None)

    def get(self, key: str) -> dict | None:
        return self.own.get(key) or self.shared.get(key)

    def put(self, key: str, answer: Place | None, source: str, server: str = "", **more: str) -> None:
        self.own.put(key, answer, source, server, **more)

    def __len__(self) -> int:
        return len(self.own)


def place_from_cache(entry: dict) -> Place | None:
    if not entry.get("found"):
        return None
    origin = f"{entry.get('source', '?')} {entry.get('server', '')}".strip() + f", {entry.get('at', '')[:10]}"
    if entry.get("origin"):  # the source's own reference: 'Wikidata Q17007157'
        origin += f", {entry['origin']}"
    return Place(
        entry["lat"],
        entry["lon"],
        entry["precision"],
        "cache",
        entry.get("label", ""),
        entry.get("note", ""),
        origin,
        entry.get("country", ""),
    )


# --- the chain ----------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """What an action asks to be found: a venue, a city, and the region and country around it."""

    venue: str
    city: str
    region: str
    country: str  # ISO alpha-2, or ""
    country_text: str
    mission: str = ""  # the text naming an embassy or consulate, when one does ('Chinese embassy in Seoul')
    sent_from: bool = False  # a letter placed where its text says it was sent from ('Letter dated Rome')


NUMBERED_SUBDIVISIONS = {"FR": "département", "ES": "provincia"}
# US territories that geonames, like ISO, files as countries of their own
US_TERRITORIES = {"PR": "PR", "GU": "GU", "VI": "VI", "AS": "AS", "MP": "MP", "PUERTO RICO": "PR", "GUAM": "GU"}


def query_of(action: Mapping[str, object]) -> Query:
    text = {name: _text(action.get(name)) for name in ("place", "city", "region", "country", "country_code")}
    code = text["country_code"] or (country_code(text["country"]) or "" if text["country"] else "")
    region = text["region"]
    if code == "US" and region.upper() in US_TERRITORIES:
        code, region = US_TERRITORIES[region.upper()], ""
    venue, city = text["place"], text["city"]
    said = [venue] + (
        [_text(action.get(name)) for name in ("target", "description")] if action.get("action_kind") in IN_PERSON_KINDS else []
    )
    mission = next((words for words in said if mission_kind(words)), "")
    if venue and not city and "," in venue:  # 'City Hall, Toronto, ON': one cell, read from the right by the geocoder
        city, venue = venue, ""
    if venue and (name_key(venue) == name_key(city) or not city and not VENUE_WORDS.search(venue) and not mission_kind(venue)):
        city, venue = city or venue, ""
    if not (venue or city or region or code) and action.get("action_kind") in SENT_FROM_KINDS:
        sent = SENT_FROM.search(_text(action.get("description")))
        if sent:
            return Query("", sent.group(1), "", "", "", sent_from=True)
    return Query(venue, city, region, code, text["country"], mission)


# The sources after the row's own position, in the order they are asked: each answers a Place, or None and says why.
CHAIN: tuple[str, ...] = ("embassies", "venue", "city", "region", "country")


class Unavailable(str):
    """What a source said when it could not answer (no network, a failing server), rather than did not know:
    the row is then unplaced as 'geocoder unavailable', to be tried again, never as 'not found'."""


class Geocoder:
    """The chain of sources. Each distinct query is answered once per run, and once ever when cached."""

    def __init__(
        self,
        cache: GeocodeCache | SessionCache,
        gazetteer: Callable[[], Gazetteer] | Gazetteer | None,
        nominatim: NominatimSource | None,
        embassies: Callable[[], Embassies] | Embassies | None = Embassies.open,
        chain: tuple[str, ...] = CHAIN,
    ):
        """`embassies`: the list of missions (the bundled one by default; None for none); `chain`: the sources, in order."""
        unknown = [step for step in chain if step not in CHAIN]
        if unknown:
            raise ValueError(f"unknown geocoding sources {unknown}; the sources are {', '.join(CHAIN)}")
        self.chain = chain
        self.cache = cache
        self._gazetteer = gazetteer
        self.nominatim = nominatim
        self._embassies = embassies
        self._memo: dict[str, Result] = {}

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

    def for_visitor(self, share_answers: bool = False) -> Geocoder:
        """A geocoder for one visitor's file: the same gazetteer and Nominatim (and so the same rate
        limiter), its own memory of answers, and the shared cache only read unless `share_answers`."""
        cache = self.cache if share_answers or isinstance(self.cache, SessionCache) else SessionCache(self.cache)
        return Geocoder(cache, lambda: self.gazetteer, self.nominatim, lambda: self.embassies, self.chain)

    def file_country(self, actions: Iterable[Mapping[str, object]], most: int = 400) -> str:
        """The country a file's rows share, when they share one: ≥80% of the rows that name a country
        name it; or, when no row names one, it has a town of each row's name in ≥80% of the rows (and more
        than any other country). '' otherwise."""
        queries = [query_of(action) for action in itertools.islice(actions, most)]
        named = Counter(query.country for query in queries if query.country)
        if named:
            code, count = named.most_common(1)[0]
            return code if count >= 3 and count >= 0.8 * sum(named.values()) else ""
        gazetteer = self.gazetteer
        cities = [query.city.split(",")[-1] for query in queries if query.city and not query.country]
        if gazetteer is None or len(cities) < 3:
            return ""
        having = Counter(code for city in cities for code in gazetteer.countries_of(city))
        ranked = having.most_common(2)
        if not ranked or ranked[0][1] < 0.8 * len(cities) or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return ""
        return ranked[0][0]

    def locate(self, action: Mapping[str, object], assume_country: str = "") -> Result:
        """Where the action happened. `assume_country`: the country most rows of its file share, tried
        first for a row that names none (Brest in a French file is Brest, France), and said."""
        names_one = any(_text(action.get(name)) for name in ("country", "country_code"))
        if assume_country and not names_one and not _has_position(action):
            assumed = self.locate({**action, "country_code": assume_country})
            if isinstance(assumed, Place) and assumed.precision != "country":
                note = f"no country given; placed in {country_name(assume_country)}, like most rows of the file"
                return dataclasses.replace(assumed, note="; ".join(part for part in (note, assumed.note) if part))
        return self._locate_row(action)

    def _locate_row(self, action: Mapping[str, object]) -> Result:
        lat, lon = action.get("lat"), action.get("lon")
        if _has_position(action):
            label = ", ".join(
                str(action.get(name) or "").strip() for name in ("place", "city", "country") if str(action.get(name) or "").strip()
            )
            return Place(
                float(lat), float(lon), "exact", "manual", label or f"{float(lat):.4f}, {float(lon):.4f}", "position given in the file"
            )
        query = query_of(action)
        if ONLINE_WORDS.search(f"{query.venue} {query.city}"):
            return Unplaced(NO_PLACE, f"{query.venue or query.city!r} is online, not a place on a map")
        if not (query.venue or query.city or query.region or query.country):
            if query.country_text:
                return Unplaced(NOT_FOUND, f"country {query.country_text!r} is not one we know")
            return Unplaced(NO_PLACE, "no place, city or country given (a letter or an online action?)")
        key = repr(query)
        if key not in self._memo:
            self._memo[key] = self._locate(query)
        found = self._memo[key]
        if query.sent_from and isinstance(found, Place):  # the map says so: sent from here, not done here
            note = "; ".join(part for part in (f"the text says it was sent from {query.city}", found.note) if part)
            return dataclasses.replace(found, label=SENT_FROM_LABEL.format(place=found.label), note=note)
        return found

    def _locate(self, query: Query) -> Result:
        problems: list[str] = []
        query = self._written_region(self._one_cell(query, problems), problems)
        for step in self.chain:  # each source answers a Place, or None and says why; it may narrow the query
            found, query = getattr(self, f"_from_{step}")(query, problems)
            if found is not None:
                return _with_note(found if found.country else dataclasses.replace(found, country=query.country), problems)
        reason = UNAVAILABLE if any(isinstance(problem, Unavailable) for problem in problems) else NOT_FOUND
        asked = ", ".join(part for part in (query.venue, query.city, query.region, query.country_text) if part)
        return Unplaced(reason, f"{asked!r}: " + ("; ".join(problems) or "no source knows it"))

    # --- the sources, in the order CHAIN names them -------------------------------

    def _from_embassies(self, query: Query, problems: list[str]) -> tuple[Place | None, Query]:
        if not query.mission:
            return None, query
        found, city = self._mission(query, problems)
        if found is None and city and not query.city:  # the list knows the mission's city, not its position: that city
            query = dataclasses.replace(query, city=city)
        return found, query

    def _from_venue(self, query: Query, problems: list[str]) -> tuple[Place | None, Query]:
        return (self._venue(query, problems) if query.venue else None), query

    def _from_city(self, query: Query, problems: list[str]) -> tuple[Place | None, Query]:
        if not query.city:
            return None, self._region_as_country(query, problems)
        cached = self._checked(self._cached(_city_key(query)), query, problems, f"city {query.city!r}")
        if cached is not None:
            return cached, query
        moved = self._region_as_country(query, problems)
        return self._city(moved, problems, read_cache=moved != query), moved  # the cache was read above for this query

    def _from_region(self, query: Query, problems: list[str]) -> tuple[Place | None, Query]:
        return self._region(query), query

    def _from_country(self, query: Query, problems: list[str]) -> tuple[Place | None, Query]:
        return self._country(query), query

    def _mission(self, query: Query, problems: list[str]) -> tuple[Place | None, str]:
        """The embassy or consulate the row names, at its own position from the list; or the city it
        stands in, when the list has no position for it. Kept in the cache with the list's version,
        so that the bundled data is placed without opening the gazetteer."""
        embassies = self.embassies
        if embassies is None:
            return None, ""
        key = f"mission|{name_key(query.mission)}|{query.country}|{name_key(query.city)}"
        entry = self.cache.get(key)
        # an answer kept before unplaced missions were put at their city is asked again
        if entry is not None and entry.get("list") == embassies.version and not (entry.get("unplaced") and not entry.get("city")):
            if entry.get("unplaced"):
                problems.append(entry["unplaced"])
            return place_from_cache(entry), entry.get("city", "")
        place, city, country, note = self._mission_found(query, embassies)
        if note:
            problems.append(note)
        checked = self._checked(place, dataclasses.replace(query, country=query.country or country), problems, "the embassy list")
        if place is None or checked is not None:  # a refused answer is said by _checked and not kept
            self.cache.put(
                key, checked, "embassies", list=embassies.version, city=city, unplaced=note, origin=place.origin if place else ""
            )
        return checked, city

    def _mission_found(self, query: Query, embassies: Embassies) -> tuple[Place | None, str, str, str]:
        """The mission's place (or None), its city, its country, and why it has no place."""
        city, host = query.city, query.country
        if not city and not host and self.gazetteer is not None and not sender_and_host(query.mission)[1]:
            named = IN_CITY.search(query.mission.strip())  # 'Chinese embassy in Berlin': the city says the country
            match = self.gazetteer.city(named.group(1).strip()) if named else None
            if match is not None and match.precision == "city" and match.country:
                city, host = named.group(1).strip(), match.country
        found = embassies.find(query.mission, host, city, self._position)
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

    def _position(self, city: str, country: str) -> tuple[float, float] | None:
        gazetteer = self.gazetteer
        return gazetteer.position(city, country) if gazetteer else None

    def _cached(self, key: str) -> Place | None:
        entry = self.cache.get(key)
        return place_from_cache(entry) if entry is not None else None

    def _one_cell(self, query: Query, problems: list[str]) -> Query:
        """'Hammond, IN', 'Hammond Police Department, Hammond, IN', 'Castro and El Camino Real, Mountain View, CA',
        'Lyon, France': one cell read from the right (country, then state or region, then city; what is left is
        the venue), so an intersection is never split into two foreign towns and a state code never becomes a country."""
        if "," not in query.city or self.gazetteer is None:
            return query
        gazetteer = self.gazetteer
        parts = [part.strip() for part in query.city.split(",") if part.strip()]
        code, region, country_text = query.country, query.region, query.country_text
        while len(parts) > 1:
            last = parts[-1]
            code_like = re.fullmatch(r"[A-Za-z]{2}", last) is not None
            named = country_code(last)
            if region and name_key(last) == name_key(region):  # 'Hammond, IN' beside a State column saying IN
                code = code or ("US" if gazetteer.is_us_state(last) else "")
            elif code in ("", "US") and not region and gazetteer.is_us_state(last) and (code == "US" or code_like or not named):
                code, region = "US", last  # 'City, ST': a US state, not a country with that code (IN, CA, GA, DE)
            elif named and (not code or named == code) and not (code_like and gazetteer.city(parts[-2], named) is None):
                code, country_text = named, last
            elif code and not region and gazetteer.region_code(last, code):
                region = last
            elif code_like and last.isupper():
                where = "a US state code" if code in ("", "US") else f"a region of {country_name(code)} the gazetteer knows"
                problems.append(f"{last!r} (in {query.city!r}) is not {where}; left out")
            else:
                break
            parts.pop()
        if region and not code and re.fullmatch(r"[A-Z]{2}", region) and not country_code(region):
            problems.append(f"{region!r} is not a US state code; left out")
            region = ""
        city, venue = parts[-1], ", ".join(parts[:-1])
        return dataclasses.replace(query, venue=query.venue or venue, city=city, region=region, country=code, country_text=country_text)

    def _written_region(self, query: Query, problems: list[str]) -> Query:
        """A French département by number or name ('07', 'Ardèche') chooses its région in the gazetteer; an overseas
        one ('974', 'La Réunion', or the city cell saying 'Guadeloupe') is a country of its own there. A Spanish
        provincia by number is not a region of the gazetteer (whose region codes are other numbers): said, left out."""
        region = region_of(query.region, query.country) if query.region else None
        if region is None and query.country == "FR" and not query.region:  # 'Guadeloupe' as the city, no region
            named = region_of(query.city or query.venue, "FR")
            if named is not None and named.country != "FR":
                venue = query.venue if query.city else ""
                return dataclasses.replace(query, city="", venue=venue, country=named.country, country_text=named.name)
            return query
        if region is not None and region.country != query.country:  # '974': a country of its own
            named = region_of(query.city, "FR") if query.city else None  # 'La Réunion, 974': the territory is the place
            city = "" if named is not None and named.country == region.country else query.city
            return dataclasses.replace(query, city=city, region="", country=region.country, country_text=region.name)
        if region is None and query.country in NUMBERED_SUBDIVISIONS and re.fullmatch(r"\d{1,3}|2[AB]", query.region.strip(), re.I):
            problems.append(f"{NUMBERED_SUBDIVISIONS[query.country]} {query.region.strip()!r} is not known to the gazetteer; left out")
            return dataclasses.replace(query, region="")
        return query

    def _region_as_country(self, query: Query, problems: list[str]) -> Query:
        """'Seoul, South Korea, US' (a country in the State column): read the region as the country."""
        if not (query.region and query.country and self.gazetteer) or self.gazetteer.region_code(query.region, query.country):
            return query
        moved = country_code(query.region)
        if not moved or moved == query.country:
            return query
        problems.append(f"region {query.region!r} is a country, not a region of {query.country_text!r}: read as the country")
        return Query(query.venue, query.city, "", moved, query.region)

    def _venue(self, query: Query, problems: list[str]) -> Place | None:
        text = query.venue
        if query.country and country_name(query.country).casefold() not in text.casefold():
            text = f"{text}, {country_name(query.country)}"
        key = f"venue|{name_key(text)}|{query.country}"
        cached = self.cache.get(key)
        if cached is not None:
            place = place_from_cache(cached)
            if place is None:
                problems.append(f"venue {query.venue!r} not found by Nominatim ({cached.get('at', '')[:10]})")
            return self._checked(place, query, problems, f"venue {query.venue!r}")
        if self.nominatim is None:
            problems.append(f"venue {query.venue!r} not looked up (offline)")
            return None
        return self._online(text, query, key, f"venue {query.venue!r}", problems, keep_not_found=True)

    def _city(self, query: Query, problems: list[str], read_cache: bool = True) -> Place | None:
        names = [query.city] + [part.strip() for part in re.split(r"/| & | and ", query.city) if part.strip() != query.city.strip()]
        key = _city_key(query)
        cached = self._checked(self._cached(key), query, problems, f"city {query.city!r}") if read_cache else None
        if cached is not None:
            return cached
        gazetteer = self.gazetteer
        for name in names:
            match = gazetteer.city(name, query.country, query.region) if gazetteer and name else None
            if match is not None:
                note = (
                    match.note if name == query.city else f"{query.city!r} names several places; placed at {name!r}. {match.note}".strip()
                )
                found = Place(match.lat, match.lon, match.precision, "gazetteer", match.label, note, country=match.country or query.country)
                place = self._checked(found, query, problems, name)
                if place is not None:
                    self.cache.put(key, place, "gazetteer")
                    return place
        return self._city_online(query, key, problems)

    def _city_online(self, query: Query, key: str, problems: list[str]) -> Place | None:
        if self.nominatim is None:
            elsewhere = self.gazetteer.elsewhere(query.city, query.country) if self.gazetteer and query.region else []
            if elsewhere:  # never a namesake in another region, silently: named, for a person to choose
                problems.append(f"no town named {query.city!r} in region {query.region!r}; of that name elsewhere: {'; '.join(elsewhere)}")
            else:
                problems.append(f"city {query.city!r} not in the offline gazetteer")
            return None
        text = ", ".join(part for part in (query.city, query.region, country_name(query.country) if query.country else "") if part)
        return self._online(text, query, key, f"city {query.city!r}", problems, keep_not_found=False)

    def _online(self, text: str, query: Query, key: str, asked: str, problems: list[str], keep_not_found: bool) -> Place | None:
        """Nominatim's answer for `text`, checked and kept in the cache under `key` (a venue it does not know is kept as
        not found; a city is asked again next time); None, and why in `problems`, else. Unavailable is said as such."""
        try:
            found = self.nominatim.lookup(text, query.country)
        except (GeocoderUnavailable, GeocoderRateLimited) as error:
            log.warning("%s not looked up: %s", asked, error)  # the detail is for the log, not the page
            problems.append(Unavailable(f"{asked} not looked up: geocoder unavailable"))
            return None
        if found is None:
            if keep_not_found:
                self.cache.put(key, None, "nominatim", self.nominatim.server)
            problems.append(f"{asked} not found by Nominatim")
            return None
        checked = self._checked(found, query, problems, asked)
        if checked is not None:
            self.cache.put(key, checked, "nominatim", self.nominatim.server)
        return checked

    def _region(self, query: Query) -> Place | None:
        if not (query.region and query.country and self.gazetteer):
            return None
        match = self.gazetteer.region(query.region, query.country)
        return None if match is None else Place(match.lat, match.lon, "region", "gazetteer", match.label, match.note, country=query.country)

    def _country(self, query: Query) -> Place | None:
        if not query.country:
            return None
        key = f"country|{query.country}"
        cached = self.cache.get(key)
        if cached is not None and cached.get("found"):
            return place_from_cache(cached)
        match = self.gazetteer.country(query.country) if self.gazetteer else None
        if match is None:
            return None
        place = Place(match.lat, match.lon, "country", "gazetteer", match.label, country=query.country)
        self.cache.put(key, place, "gazetteer")
        return place

    def _checked(self, place: Place | None, query: Query, problems: list[str], asked: str) -> Place | None:
        """The place when it can be right: a position on Earth, in (or near) the row's country when one is known.

        Every answer passes here before it is used or cached, whichever source gave it: a
        server that places Seoul in the Atlantic is refused, with why, and asked again next time.
        """
        if place is None:
            return None
        if not valid_position(place.lat, place.lon):
            problems.append(f"{asked}: the answer ({place.lat}, {place.lon}) is not a position on Earth; not used")
            return None
        if query.country and near_country(place.lat, place.lon, query.country) is False and not self._town_near(place, query.country):
            where = f"{place.lat:.2f}, {place.lon:.2f}"
            problems.append(f"{asked}: {place.source}'s answer ({where}) lies outside {country_name(query.country)}; not used")
            return None
        return place

    def _town_near(self, place: Place, code: str) -> bool:
        """For islands the coarse outlines leave out (Canaries, Okinawa): a town of the country close by will do."""
        gazetteer = self.gazetteer
        return gazetteer is not None and gazetteer.has_town_near(place.lat, place.lon, code, NEAR_KM / 2)

    @property
    def network_requests(self) -> int:
        return self.nominatim.requests if self.nominatim else 0


def _city_key(query: Query) -> str:
    return f"city|{name_key(query.city)}|{name_key(query.region)}|{query.country}"


def _with_note(place: Place, problems: list[str]) -> Place:
    if not problems:
        return place
    note = "; ".join(problems) + f"; placed at the {place.precision}"
    if place.note:
        note += f" ({place.note})"
    return dataclasses.replace(place, note=note)


def _text(value: object) -> str:
    """A cell as text: '' for a missing one (None, NaN), never 'nan'."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def _has_position(action: Mapping[str, object]) -> bool:
    lat, lon = action.get("lat"), action.get("lon")
    return _is_number(lat) and _is_number(lon) and -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180


def _is_number(value: object) -> bool:
    try:
        return value is not None and not pd.isna(value) and float(value) == float(value)
    except (TypeError, ValueError):
        return False


# --- a table of actions ---------------------------------------------------------

GEO_COLUMNS = PLACED_COLUMNS


# what locate() reads of an action: rows alike in these are placed alike, so each distinct one is located once
LOCATING = ("place", "city", "region", "country", "country_code", "target", "description", "action_kind")


def geocode_actions(actions: pd.DataFrame, geocoder: Geocoder, progress: Callable[[Iterable], Iterable] | None = None) -> pd.DataFrame:
    """The actions with GEO_COLUMNS filled in; every action kept, in the same order.

    A row with its own position is placed at it, all such rows at once; the others are located once per
    distinct place (a million rows of a few thousand towns ask the geocoder a few thousand times)."""
    placed = actions.copy(deep=False)  # copy-on-write: the actions' own columns are shared, not copied
    lat = pd.to_numeric(placed["lat"], errors="coerce") if "lat" in placed else pd.Series(float("nan"), index=placed.index)
    lon = pd.to_numeric(placed["lon"], errors="coerce") if "lon" in placed else pd.Series(float("nan"), index=placed.index)
    positioned = (lat.abs() <= 90) & (lon.abs() <= 180)
    columns = {
        "lat": lat.where(positioned),
        "lon": lon.where(positioned),
        "precision": pd.Series("exact", index=placed.index).where(positioned, ""),
        "geo_source": pd.Series("manual", index=placed.index).where(positioned, ""),
        "geo_label": _position_labels(placed, lat, lon).where(positioned, ""),
        "geo_note": pd.Series("position given in the file", index=placed.index).where(positioned, ""),
        "geo_origin": pd.Series("", index=placed.index),
        "unplaced_reason": pd.Series("", index=placed.index),
    }
    found = pd.Series("", index=placed.index)
    rest = placed.loc[~positioned, [name for name in LOCATING if name in placed]]
    if "description" in rest:
        rest = rest.assign(description=_telling(rest))
    if len(rest):
        keys = rest.astype(str).fillna("")
        group = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
        firsts = pd.Series(range(len(group))).groupby(group).first().to_numpy()
        distinct = rest.iloc[firsts].to_dict("records")
        country = geocoder.file_country(actions.head(400).to_dict("records"))
        results = [geocoder.locate(action, country) for action in (progress(distinct) if progress else distinct)]
        spread = [results[code] for code in group]
        where = rest.index
        columns["lat"].loc[where] = [r.lat if isinstance(r, Place) else float("nan") for r in spread]
        columns["lon"].loc[where] = [r.lon if isinstance(r, Place) else float("nan") for r in spread]
        for name, read in (
            ("precision", lambda r: r.precision if isinstance(r, Place) else ""),
            ("geo_source", lambda r: r.source if isinstance(r, Place) else ""),
            ("geo_label", lambda r: r.label if isinstance(r, Place) else ""),
            ("geo_note", lambda r: r.note if isinstance(r, Place) else r.detail),
            ("geo_origin", lambda r: r.origin if isinstance(r, Place) else ""),  # for analysts: which source, when
            ("unplaced_reason", lambda r: r.reason if isinstance(r, Unplaced) else ""),
        ):
            columns[name] = columns[name].astype(object)
            columns[name].loc[where] = [read(r) for r in spread]
        found.loc[where] = [r.country if isinstance(r, Place) else "" for r in spread]
    for name, values in columns.items():
        placed[name] = values.astype("float64") if name in ("lat", "lon") else values.astype(str)
    # a row that names no country gets the one its place lies in ('Hammond, IN' is in the US): counted and filtered by it
    given = placed["country_code"].fillna("") if "country_code" in placed else pd.Series("", index=placed.index)
    placed["country_code"] = given.where(given != "", found)
    return placed


def _telling(actions: pd.DataFrame) -> pd.Series:
    """Of each description, what query_of reads: one naming a mission, of an action in person ('at the Chinese
    embassy'), or one of an action sent from somewhere; any other is left out, so that rows alike but for their
    prose are located once."""
    kind = actions["action_kind"].astype(str) if "action_kind" in actions else pd.Series("", index=actions.index)
    text = actions["description"].astype(str).fillna("")
    sent = kind.isin(SENT_FROM_KINDS).to_numpy()
    in_person = kind.isin(IN_PERSON_KINDS).to_numpy() & ~sent
    telling = sent.copy()
    if in_person.any():
        telling[in_person] = _may_name_a_mission(text[in_person])
    return text.where(telling, "")


def _may_name_a_mission(texts: pd.Series) -> np.ndarray:
    """Which texts mission_kind may find a mission in, with the same patterns run by pyarrow (RE2) over the whole
    column: RE2's ASCII word boundaries match wherever Python's Unicode ones do, and more, so no mission is missed."""
    column = pyarrow.array(texts.to_numpy(dtype=object), type=pyarrow.string())
    found = [pyarrow.compute.match_substring_regex(column, pattern.pattern, ignore_case=True) for pattern in (CONSULATE, EMBASSY)]
    return pyarrow.compute.or_(*found).to_numpy(zero_copy_only=False).astype(bool)


def _position_labels(actions: pd.DataFrame, lat: pd.Series, lon: pd.Series) -> pd.Series:
    """What a row with its own position is called: its place, city and country as given, else its coordinates.
    Each distinct (place, city, country) is named once: a million rows share a few thousand names."""
    names = [name for name in ("place", "city", "country") if name in actions]
    if names:
        codes, distinct = pd.MultiIndex.from_frame(actions[names].astype(str).fillna("")).factorize()
        words = [", ".join(part.strip() for part in parts if part.strip()) for parts in distinct]
        label = pd.Series(np.asarray(words, dtype=object)[codes] if words else "", index=actions.index, dtype=object)
    else:
        label = pd.Series("", index=actions.index, dtype=object)
    bare = (label == "").to_numpy() & lat.notna().to_numpy() & lon.notna().to_numpy()
    if bare.any():  # only rows with nothing but a position are named by it
        label[bare] = [f"{y:.4f}, {x:.4f}" for y, x in zip(lat[bare], lon[bare], strict=True)]
    return label


def summary(placed: pd.DataFrame) -> str:
    """Placed by source and precision, unplaced by reason."""
    on_map = placed[placed["unplaced_reason"] == ""]
    lines = [f"actions: {len(placed)}  placed: {len(on_map)}  unplaced: {len(placed) - len(on_map)}"]
    for title, counts in (
        ("placed by source", Counter(on_map["geo_source"])),
        ("placed by precision", Counter(on_map["precision"])),
        ("unplaced by reason", Counter(placed.loc[placed["unplaced_reason"] != "", "unplaced_reason"])),
    ):
        lines.append(f"{title}:")
        order = {name: index for index, name in enumerate(PRECISIONS + SOURCES)}
        lines.extend(f"  {name}: {count}" for name, count in sorted(counts.items(), key=lambda item: (order.get(item[0], 99), item[0])))
    unplaced = placed[placed["unplaced_reason"] != ""]
    lines.extend(_listed("not placed", unplaced, "unplaced_reason"))
    checks = on_map[on_map["geo_note"].str.contains("fuzzy|ambiguous", regex=True)]
    lines.extend(_listed("to check (fuzzy or ambiguous)", checks, "precision"))
    return "\n".join(lines)


def _listed(title: str, rows: pd.DataFrame, reason: str, most: int = 50) -> list[str]:
    if rows.empty:
        return []
    lines = [f"{title}: {len(rows)}"]
    for row in rows.head(most).to_dict("records"):
        asked = ", ".join(str(row.get(name) or "") for name in ("place", "city", "region", "country") if str(row.get(name) or "").strip())
        what = asked or str(row.get("organisations") or row.get("description") or "")[:60]
        lines.append(f"  row {row.get('row', '?')}: {what}: {row.get(reason)} ({row.get('geo_note', '')})")
    if len(rows) > most:
        lines.append(f"  ... and {len(rows) - most} more in the output file")
    return lines


def default_geocoder(settings, offline: bool | None = None) -> Geocoder:
    """The chain as the settings describe it: cache file, gazetteer folder, Nominatim unless offline."""
    offline = settings.offline if offline is None else offline
    nominatim = None
    if not offline:
        nominatim = build_nominatim(
            settings.nominatim_domain,
            settings.nominatim_scheme,
            settings.nominatim_user_agent,
            settings.nominatim_timeout,
            settings.nominatim_min_delay,
            settings.nominatim_retries,
            settings.nominatim_email,
        )
    cache = GeocodeCache(settings.geocode_cache, seeds=[BUNDLED_CACHE] if settings.geocode_cache != BUNDLED_CACHE else [])
    return Geocoder(cache, lambda: Gazetteer.open(settings.gazetteer_dir), nominatim)


def with_rejected_rows(placed: pd.DataFrame, rejected: pd.DataFrame) -> pd.DataFrame:
    """Rows the loader rejected, put back in their place, unplaced with the loader's reason."""
    if rejected.empty:
        return placed
    back = rejected.rename(columns={"reason": "geo_note"}).assign(unplaced_reason=REJECTED)
    rows = pd.concat([placed, back], ignore_index=True).sort_values("row", kind="stable").reset_index(drop=True)
    return rows


def beside_the_file(headers: list[str], body: list[list[str]], placed: pd.DataFrame, first_row: int = 2) -> pd.DataFrame:
    """The file's own cells exactly as written, in their columns and order, then what geocoding adds:
    no cell of the user's is blanked or rewritten ('200.0' stays '200.0', '21/04/2023' stays as it is)."""
    names = _unique([header.strip() or f"column_{index + 1}" for index, header in enumerate(headers)])
    table = pd.DataFrame([(record + [""] * len(names))[: len(names)] for record in body], columns=names, dtype=object)
    added = placed.set_index("row").reindex(range(first_row, len(body) + first_row))
    for name in GEO_COLUMNS:
        column = name if name not in table.columns else f"{name}_geocoded"
        table[column] = added[name].to_numpy() if name in added else ""
    return table


def _unique(names: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    unique = []
    for name in names:
        seen[name] += 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


__all__ = [
    "AMBIGUOUS",
    "NO_PLACE",
    "NOT_FOUND",
    "PRECISIONS",
    "SOURCES",
    "UNAVAILABLE",
    "GeocodeCache",
    "Geocoder",
    "NominatimSource",
    "Place",
    "Result",
    "Unplaced",
    "build_nominatim",
    "geocode_actions",
    "summary",
]
