"""What an action asks to be found (a Query), read from its cells; and the readings that narrow it before the sources
are asked: one cell read from the right ('Hammond, IN'), a French département by its number, a country in the region's
column. Pure: each is given the gazetteer as a function that opens it (only when it must be read), and says what it
noticed in `notes`."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from utils.actions.schema import IN_PERSON_KINDS, SENT_FROM_KINDS
from utils.places.countries import country_code, country_name
from utils.places.embassies import mission_kind
from utils.places.gazetteer import Gazetteer
from utils.places.names import name_key
from utils.places.regions import region_of

ONLINE_WORDS = re.compile(r"\b(online|virtual|internet|web|e-?mail)\b", re.I)
# where a letter's text says it was sent from: 'Letter dated Rome', 'statement issued in Buenos Aires'
SENT_FROM = re.compile(r"\b(?:dated|sent from|written in|signed in|issued in)\s+((?:[A-Z][\w'-]+)(?:[ -](?:[A-Z][\w'-]+)){0,2})")
VENUE_WORDS = re.compile(
    r"\b(embassy|consulate|office|station|square|park|hall|street|road|avenue|building|plaza|bridge|port|university|liaison)\b", re.I
)


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
    text = {name: text_of(action.get(name)) for name in ("place", "city", "region", "country", "country_code")}
    code = text["country_code"] or (country_code(text["country"]) or "" if text["country"] else "")
    region = text["region"]
    if code == "US" and region.upper() in US_TERRITORIES:
        code, region = US_TERRITORIES[region.upper()], ""
    venue, city = text["place"], text["city"]
    said = [venue] + (
        [text_of(action.get(name)) for name in ("target", "description")] if action.get("action_kind") in IN_PERSON_KINDS else []
    )
    mission = next((words for words in said if mission_kind(words)), "")
    if venue and not city and "," in venue:  # 'City Hall, Toronto, ON': one cell, read from the right by the geocoder
        city, venue = venue, ""
    if venue and (name_key(venue) == name_key(city) or not city and not VENUE_WORDS.search(venue) and not mission_kind(venue)):
        city, venue = city or venue, ""
    if not (venue or city or region or code) and action.get("action_kind") in SENT_FROM_KINDS:
        sent = SENT_FROM.search(text_of(action.get("description")))
        if sent:
            return Query("", sent.group(1), "", "", "", sent_from=True)
    return Query(venue, city, region, code, text["country"], mission)


def one_cell(query: Query, gazetteer: Callable[[], Gazetteer | None], notes: list[str]) -> Query:
    """'Hammond, IN', 'Hammond Police Department, Hammond, IN', 'Castro and El Camino Real, Mountain View, CA',
    'Lyon, France': one cell read from the right (country, then state or region, then city; what is left is
    the venue), so an intersection is never split into two foreign towns and a state code never becomes a country."""
    if "," not in query.city or gazetteer() is None:  # opened only for a cell with a comma
        return query
    gazetteer = gazetteer()
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
            notes.append(f"{last!r} (in {query.city!r}) is not {where}; left out")
        else:
            break
        parts.pop()
    if region and not code and re.fullmatch(r"[A-Z]{2}", region) and not country_code(region):
        notes.append(f"{region!r} is not a US state code; left out")
        region = ""
    city, venue = parts[-1], ", ".join(parts[:-1])
    return dataclasses.replace(query, venue=query.venue or venue, city=city, region=region, country=code, country_text=country_text)


def written_region(query: Query, notes: list[str]) -> Query:
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
        notes.append(f"{NUMBERED_SUBDIVISIONS[query.country]} {query.region.strip()!r} is not known to the gazetteer; left out")
        return dataclasses.replace(query, region="")
    return query


def region_as_country(query: Query, gazetteer: Callable[[], Gazetteer | None], notes: list[str]) -> Query:
    """'Seoul, South Korea, US' (a country in the State column): read the region as the country."""
    if not (query.region and query.country and gazetteer()) or gazetteer().region_code(query.region, query.country):
        return query
    moved = country_code(query.region)
    if not moved or moved == query.country:
        return query
    notes.append(f"region {query.region!r} is a country, not a region of {query.country_text!r}: read as the country")
    return Query(query.venue, query.city, "", moved, query.region)


def city_key(query: Query) -> str:
    """The cache's key for a city's answer."""
    return f"city|{name_key(query.city)}|{name_key(query.region)}|{query.country}"


def text_of(value: object) -> str:
    """A cell as text: '' for a missing one (None, NaN), never 'nan'."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
