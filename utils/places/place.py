"""What geocoding answers: a Place that says how precise it is, or an Unplaced with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from utils.i18n import N_

PRECISIONS = ("exact", "venue", "city", "region", "country")
SOURCES = ("manual", "embassies", "cache", "gazetteer", "nominatim")
# why an action is not on the map: a few fixed words, shown in the chosen language (the detail stays as the geocoder wrote it)
NO_PLACE, NOT_FOUND, UNAVAILABLE, AMBIGUOUS = N_("no place given"), N_("not found"), N_("geocoder unavailable"), N_("ambiguous")
REJECTED = N_("row rejected by the loader")
WITHHELD = N_("protected, with no city or country to show it at")  # a protected action is never shown finer
SENT_FROM_LABEL = N_("sent from {place}")
# why a place should be checked by a person: a name read as a near one, or one of several places of that name
FUZZY, AMBIGUOUS_DOUBT = "fuzzy", "ambiguous"
DOUBTS = (FUZZY, AMBIGUOUS_DOUBT)  # the label of a letter placed where its text says it was sent from


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
    doubt: str = ""  # "", or one of DOUBTS: why a person should check it (the note says it in words)


@dataclass(frozen=True)
class Unplaced:
    reason: str  # NO_PLACE, NOT_FOUND, UNAVAILABLE or AMBIGUOUS
    detail: str = ""


Result = Place | Unplaced
