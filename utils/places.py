"""What geocoding answers: a Place that says how precise it is, or an Unplaced with its reason."""

from __future__ import annotations

from dataclasses import dataclass

PRECISIONS = ("exact", "venue", "city", "region", "country")
SOURCES = ("manual", "embassies", "cache", "gazetteer", "nominatim")
NO_PLACE, NOT_FOUND, UNAVAILABLE, AMBIGUOUS = "no place given", "not found", "geocoder unavailable", "ambiguous"


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    precision: str  # one of PRECISIONS
    source: str  # one of SOURCES
    label: str = ""  # what the answer names: "Seoul, South Korea"
    note: str = ""  # how sure, or what was used instead of what was asked
    origin: str = ""  # for an answer from the cache: where it first came from, and when
    country: str = ""  # ISO alpha-2 of the country it lies in, when known (a file may name none: 'Hammond, IN')


@dataclass(frozen=True)
class Unplaced:
    reason: str  # NO_PLACE, NOT_FOUND, UNAVAILABLE or AMBIGUOUS
    detail: str = ""


Result = Place | Unplaced
