"""A region written beside a city, as the gazetteer knows regions: a French département ('07', 'Ardèche') or
région ('Normandie'), a Canadian province ('ON', 'Québec'), a Spanish comunidad or provincia ('Andalucía',
'Sevilla'), an Italian regione or provincia ('Lombardia', 'MI'), a German Land ('Bayern'); an overseas
département or territory ('974',
'La Réunion', 'Guadeloupe') is a country of its own in the gazetteer, as in ISO 3166.

pycountry's ISO 3166-2 subdivisions give the names, codes and parents; the tables below turn a top region into
the gazetteer's own region code (geonames admin1, INSEE's numbers for France). A département is finer than the
gazetteer's regions: it chooses the région, and a note says when towns of one name remain in it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pycountry

from utils.places.names import fold

# ISO 3166-2 région -> the gazetteer's admin1 code (INSEE's région numbers)
FRENCH_REGIONS = {
    "FR-ARA": "84", "FR-BFC": "27", "FR-BRE": "53", "FR-CVL": "24", "FR-20R": "94", "FR-GES": "44", "FR-HDF": "32",
    "FR-IDF": "11", "FR-NOR": "28", "FR-NAQ": "75", "FR-OCC": "76", "FR-PDL": "52", "FR-PAC": "93",
}  # fmt: skip
# overseas départements and collectivities: a country of their own in the gazetteer
FRENCH_OVERSEAS = {
    "FR-971": "GP", "FR-972": "MQ", "FR-973": "GF", "FR-974": "RE", "FR-976": "YT", "FR-PM": "PM", "FR-BL": "BL",
    "FR-MF": "MF", "FR-WF": "WF", "FR-PF": "PF", "FR-NC": "NC", "FR-TF": "TF",
}  # fmt: skip
CANADIAN_PROVINCES = {
    "CA-AB": "01", "CA-BC": "02", "CA-MB": "03", "CA-NB": "04", "CA-NL": "05", "CA-NS": "07", "CA-ON": "08",
    "CA-PE": "09", "CA-QC": "10", "CA-SK": "11", "CA-YT": "12", "CA-NT": "13", "CA-NU": "14",
}  # fmt: skip
# Spain's comunidades, Italy's regioni, Germany's Länder: checked against the gazetteer (each capital's own code,
# tests/test_regions.py)
SPANISH_COMMUNITIES = {
    "ES-AN": "51", "ES-AR": "52", "ES-AS": "34", "ES-IB": "07", "ES-PV": "59", "ES-CN": "53", "ES-CB": "39", "ES-CM": "54",
    "ES-CL": "55", "ES-CT": "56", "ES-EX": "57", "ES-GA": "58", "ES-RI": "27", "ES-MD": "29", "ES-MC": "31", "ES-NC": "32",
    "ES-VC": "60",
}  # fmt: skip
ITALIAN_REGIONS = {
    "IT-25": "09", "IT-62": "07", "IT-72": "04", "IT-21": "12", "IT-52": "16", "IT-45": "05", "IT-34": "20", "IT-82": "15",
    "IT-75": "13", "IT-42": "08", "IT-88": "14", "IT-36": "06", "IT-32": "17", "IT-55": "18", "IT-57": "10", "IT-65": "01",
    "IT-67": "11", "IT-77": "02", "IT-78": "03", "IT-23": "19",
}  # fmt: skip
GERMAN_STATES = {
    "DE-BW": "01", "DE-BY": "02", "DE-BE": "16", "DE-BB": "11", "DE-HB": "03", "DE-HH": "04", "DE-HE": "05", "DE-MV": "12",
    "DE-NI": "06", "DE-NW": "07", "DE-RP": "08", "DE-SL": "09", "DE-SN": "13", "DE-ST": "14", "DE-SH": "10", "DE-TH": "15",
}  # fmt: skip
ADMIN1 = {**FRENCH_REGIONS, **CANADIAN_PROVINCES, **SPANISH_COMMUNITIES, **ITALIAN_REGIONS, **GERMAN_STATES}
COUNTRIES = frozenset(code[:2] for code in ADMIN1)  # the countries whose regions are read here (the US's: the gazetteer's own)
REGION_NAMES = {(code[:2], admin1): pycountry.subdivisions.get(code=code).name for code, admin1 in ADMIN1.items()}


@dataclass(frozen=True)
class Region:
    """What a region cell says, as the gazetteer can use it."""

    country: str  # the country code: the file's, or an overseas territory's own (RE)
    admin1: str  # the gazetteer's region code; '' when the region is a country of its own
    name: str  # as ISO names it: 'Ardèche', 'La Réunion'
    finer: bool = False  # a département: finer than the gazetteer's regions, so namesakes may remain in it


def region_of(text: str, country: str) -> Region | None:
    """'07' or 'Ardèche' in France -> the région Auvergne-Rhône-Alpes (84), finer; '974' -> La Réunion, country RE;
    None when the region is not one the gazetteer can use."""
    subdivision = _subdivision(text.strip(), country)
    if subdivision is None:
        return None
    if subdivision.code in FRENCH_OVERSEAS:
        return Region(FRENCH_OVERSEAS[subdivision.code], "", subdivision.name)
    top, finer = subdivision, False
    while top.code not in ADMIN1 and getattr(top, "parent_code", None):
        top, finer = pycountry.subdivisions.get(code=top.parent_code), True
    if top.code not in ADMIN1:
        return None
    return Region(country, ADMIN1[top.code], subdivision.name, finer)


def region_name(country: str, admin1: str) -> str:
    """The gazetteer's region code in words: ('FR', '84') -> 'Auvergne-Rhône-Alpes'; '' when unknown."""
    return REGION_NAMES.get((country, admin1), "")


def _subdivision(text: str, country: str):
    if country not in COUNTRIES or not text:
        return None
    if country == "FR" and re.fullmatch(r"\d{1,3}|2[AaBb]", text):  # a département's number: '7' is '07'
        number = text.upper().zfill(2) if len(text) < 3 else text
        return pycountry.subdivisions.get(code=f"FR-{number}") or pycountry.subdivisions.get(code=f"FR-{number}C")  # Paris: FR-75C
    if re.fullmatch(r"[A-Za-z]{2,3}", text) and (found := pycountry.subdivisions.get(code=f"{country}-{text.upper()}")):
        return found
    return _by_name(country).get(fold(text))


@functools.cache
def _by_name(country: str) -> dict:
    names = {}
    for subdivision in pycountry.subdivisions.get(country_code=country) or []:
        names.setdefault(fold(subdivision.name), subdivision)
        names.setdefault(fold(re.sub(r"\s*\(.*\)", "", subdivision.name)), subdivision)  # 'Guyane (française)'
    return names
