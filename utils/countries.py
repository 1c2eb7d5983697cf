"""Country names and codes: 'UK', 'The Netherlands', 'South Korea', 'KOR' -> one ISO code."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from importlib import resources

import pycountry

# Spellings that pycountry does not know, seen in real files.
ALIASES: dict[str, str] = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "u s": "US",
    "u s a": "US",
    "america": "US",
    "united states of america": "US",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "holland": "NL",
    "the netherlands": "NL",
    "russia": "RU",
    "vietnam": "VN",
    "viet nam": "VN",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "taiwan": "TW",
    "czech republic": "CZ",
    "czechia": "CZ",
    "kosovo": "XK",
    "hong kong": "HK",
    "hong kong sar": "HK",
    "macau": "MO",
    "macao": "MO",
    "china": "CN",
    "prc": "CN",
    "people s republic of china": "CN",
    "ivory coast": "CI",
    "cape verde": "CV",
    "turkey": "TR",
    "moldova": "MD",
    "palestine": "PS",
    "the philippines": "PH",
    "the gambia": "GM",
    "swaziland": "SZ",
    "burma": "MM",
    "micronesia": "FM",
    "brunei": "BN",
    "east timor": "TL",
}

# Short names people use, where pycountry's is long ("Korea, Republic of").
SHORT_NAMES: dict[str, str] = {
    "XK": "Kosovo",
    "KR": "South Korea",
    "KP": "North Korea",
    "RU": "Russia",
    "VN": "Vietnam",
    "IR": "Iran",
    "SY": "Syria",
    "TW": "Taiwan",
    "BO": "Bolivia",
    "VE": "Venezuela",
    "TZ": "Tanzania",
    "LA": "Laos",
    "MD": "Moldova",
    "HK": "Hong Kong",
    "MO": "Macau",
    "CZ": "Czechia",
    "GB": "United Kingdom",
    "US": "United States",
}


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


@functools.lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """The ISO 3166 alpha-2 code a country name or code stands for, or None."""
    key = _key(text or "")
    if not key:
        return None
    if key in ALIASES:
        return ALIASES[key]
    try:
        return pycountry.countries.lookup(text.strip()).alpha_2
    except LookupError:
        pass
    return _other_spellings().get(key)


@functools.lru_cache(maxsize=1)
def countryinfo_records() -> tuple[dict, ...]:
    """Every country's record in the countryinfo package (names, ISO codes, outline), read once for all who need it."""
    folder = resources.files("countryinfo").joinpath("data")
    return tuple(
        json.loads(entry.read_text(encoding="utf-8")) for entry in sorted(folder.iterdir(), key=str) if entry.name.endswith(".json")
    )


@functools.lru_cache(maxsize=1)
def _other_spellings() -> dict[str, str]:
    """Names in other languages and spellings ('Suisse', 'Deutschland'), from countryinfo."""
    spellings: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (getattr(country, "common_name", ""), getattr(country, "official_name", "")):
            if name:
                spellings.setdefault(_key(name), country.alpha_2)
    for info in countryinfo_records():
        code = (info.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        names = [info.get("name", ""), info.get("nativeName", ""), *(info.get("altSpellings") or [])]
        names += list((info.get("translations") or {}).values())
        for name in names:
            if isinstance(name, str) and len(name) > 3:
                spellings.setdefault(_key(name), code)
    return spellings


@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """A short English name for an ISO alpha-2 code: 'KR' -> 'South Korea'."""
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
