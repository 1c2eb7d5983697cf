"""Embassies and consulates, offline: 'Chinese embassy in Seoul' -> the embassy's own position.

The list (data/embassies.csv) comes from Wikidata (CC0) through the database-of-embassies
project: every mission's sending country, the country and city where it stands, its
position when Wikidata has one, its kind and its Wikidata item. A campaigner writes a
mission in many ways and languages ("Embassy of China, Seoul", "PRC consulate-general,
Manchester", "Ambassade de Chine", "посольство России", "中国驻韩国大使馆", "주한
중국대사관"); `Embassies.find` reads the kind, the sending country and the city from the
text and the row, and answers the mission (or why none).

    python -m utils embassies find "Chinese embassy in Seoul" [--country KR] [--city Seoul]
    python -m utils embassies refresh [--from database_of_embassies.csv] [-o data/embassies.csv]

`refresh` asks Wikidata's query service (or reads the project's CSV) and writes the trimmed list.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from utils.places.countries import countries_in, country_code, country_name
from utils.places.names import name_key
from utils.places.outlines import distance_km
from utils.settings import BUNDLED_EMBASSIES

FIELDS = ("sender", "country", "city", "lat", "lon", "kind", "qid")
SAME_CITY_KM = 25.0  # a mission filed under a district (Uccle, Marylebone, Chanakyapuri) is still in its city
WIKIDATA = "https://query.wikidata.org/sparql"
USER_AGENT = "solidarity-map/1.0 (embassy list refresh; https://github.com/)"

# The words for a mission, in the languages campaigns write in. A consulate is tried first: "consulate-general".
CONSULATE = re.compile(
    r"consulates?[- ]general|consul[- ]general|consulates?\b|consulats?\b(?:[- ]g[ée]n[ée]ral)?|generalkonsulat\w*|konsulat\w*"
    r"|consulados?\b(?: general)?|consolat[oi]\b(?: generale)?|консульств\w*|總領事館|总领事馆|領事館|领事馆|총영사관|영사관",
    re.I,
)
EMBASSY = re.compile(
    r"embass(?:y|ies)|ambassades?\b|botschaft\w*|embajadas?\b|embaixadas?\b|ambasciat[ae]\b|ambasad\w*|high commission"
    r"|haut[- ]commissariat|посольств\w*|大使馆|大使館|대사관",
    re.I,
)
# "the US embassy", "UK consulate": a code just before the word (a bare 'us' or 'in' is not a country elsewhere)
CODE_BEFORE = re.compile(r"\b([A-Z]{2,3}|U\.S\.|U\.K\.)\s*(?=embass|consul|mission)", re.I)


@dataclass(frozen=True)
class Mission:
    sender: str  # ISO alpha-2 of the sending country
    country: str  # ISO alpha-2 of the country it stands in
    city: str
    lat: float | None
    lon: float | None
    kind: str  # "embassy", "consulate general", "high commission", ...
    qid: str  # the Wikidata item, e.g. Q17007157

    @property
    def group(self) -> str:
        return "consulate" if "consul" in self.kind else "embassy"

    @property
    def title(self) -> str:
        """'Embassy of China'."""
        return f"{self.kind[:1].upper()}{self.kind[1:]} of {country_name(self.sender)}"

    @property
    def name(self) -> str:
        """'Embassy of China, Seoul'."""
        return f"{self.title}, {self.city or country_name(self.country)}"

    @property
    def placed(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Found:
    """What the list says of a mission a text names: the mission (which may have no position), or why none."""

    mission: Mission | None
    note: str = ""  # a choice the user should know of, or why no mission was found


def mission_kind(text: str) -> str | None:
    """'consulate' or 'embassy' when the text names a mission, else None."""
    if CONSULATE.search(text or ""):
        return "consulate"
    if EMBASSY.search(text or ""):
        return "embassy"
    return None


def sender_and_host(text: str, host: str = "") -> tuple[str, str]:
    """The mission's sending country, and where it stands when the row does not say: every country the text
    names but the host sends; a second one named is the host ('Chinese embassy in the Philippines',
    '中国驻韩国大使馆'). '' for what the text does not say."""
    named = countries_in(text)
    for match in CODE_BEFORE.finditer(text):
        code = country_code(match.group(1).replace(".", ""))
        if code and code not in named:
            named.insert(0, code)
    others = [code for code in named if code != host]
    if not others:
        return "", host
    return others[0], host or (others[1] if len(others) > 1 else "")


class Embassies:
    def __init__(self, missions: Iterable[Mission], version: str = ""):
        """`version`: which list this is (a digest of its file), so that answers kept from another list are not reused."""
        self.version = version
        self.by_sender: dict[str, list[Mission]] = {}
        for mission in missions:
            self.by_sender.setdefault(mission.sender, []).append(mission)

    @classmethod
    @functools.lru_cache(maxsize=2)
    def open(cls, path: Path = BUNDLED_EMBASSIES) -> Embassies:
        return cls(read(path), hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16])

    def __len__(self) -> int:
        return sum(len(missions) for missions in self.by_sender.values())

    def find(
        self,
        text: str,
        host: str = "",
        city: str = "",
        position_of: Callable[[str, str], tuple[float, float] | None] | None = None,
    ) -> Found | None:
        """The mission `text` names, standing in `host` (ISO code, when known) and `city` (when known).

        None when the text names no mission. `position_of(city, country)` is where a city is (the
        gazetteer), to match a mission filed under a district to the city a row names.
        """
        kind = mission_kind(text)
        if kind is None:
            return None
        sender, host = sender_and_host(text, host)
        if not sender:
            return Found(None, f"{kind} of which country? {text!r} names none")
        missions = [m for m in self.by_sender.get(sender, []) if not host or m.country == host]
        where = city or _city_in(text, missions)
        if where:
            in_city = [m for m in missions if _same_city(m, where, host, position_of)]
            # the list may know a mission but not its city (China's embassy in Germany): the one such of that kind
            unfiled = [m for m in missions if not m.city and m.group == kind]
            missions = in_city or (unfiled if host and len(unfiled) == 1 else [])
        elif host:  # 'the Chinese embassy in the Philippines': the one embassy there, in the capital
            missions = [m for m in missions if m.group == kind and m.kind != "honorary consulate"]
            if len(missions) > 1:
                return Found(None, f"{len(missions)} {kind}s of {country_name(sender)} in {country_name(host)}; which city?")
        else:
            return Found(None, f"no city or country given for the {kind} of {country_name(sender)}")
        if not missions:
            place = " in " + ", ".join(part for part in (where, country_name(host) if host else "") if part) if where or host else ""
            return Found(None, f"the embassy list has no mission of {country_name(sender)}{place}")
        missions.sort(key=lambda m: (m.group != kind, m.kind == "honorary consulate", not m.placed, m.kind != kind))
        chosen = missions[0]
        note = "" if chosen.group == kind else f"the embassy list has no {kind} of {country_name(sender)} there, only a {chosen.kind}"
        return Found(chosen, note)


def _city_in(text: str, missions: list[Mission]) -> str:
    """The city of one of these missions that the text names ('PRC consulate-general, Manchester')."""
    key = f" {name_key(text)} "
    for mission in missions:
        if mission.city and f" {name_key(mission.city)} " in key:
            return mission.city
    return ""


def _same_city(mission: Mission, city: str, host: str, position_of) -> bool:
    if name_key(mission.city) == name_key(city):
        return True
    if position_of is None:
        return False
    asked = position_of(city, host or mission.country)
    if asked is None:
        return False
    there = (mission.lat, mission.lon) if mission.placed else position_of(mission.city, mission.country)
    return there is not None and distance_km(asked[0], asked[1], there[0], there[1]) <= SAME_CITY_KM


# --- the list, read and refreshed ------------------------------------------------------


def read(path: Path) -> list[Mission]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            Mission(
                row["sender"],
                row["country"],
                row["city"],
                float(row["lat"]) if row["lat"] else None,
                float(row["lon"]) if row["lon"] else None,
                row["kind"],
                row["qid"],
            )
            for row in csv.DictReader(handle)
        ]


def write(missions: Iterable[Mission], path: Path) -> int:
    rows = sorted(missions, key=lambda m: (m.sender, m.country, m.city, m.kind, m.qid))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(FIELDS)
        for m in rows:
            lat = "" if m.lat is None else f"{m.lat:.5f}"
            lon = "" if m.lon is None else f"{m.lon:.5f}"
            out.writerow((m.sender, m.country, m.city, lat, lon, m.kind, m.qid))
    return len(rows)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if value == value else None


MINISTRY = re.compile(r"^(ministry of foreign affairs( and cooperation)?|government) of (the )?", re.I)


def _operator_code(operator: str) -> str | None:
    """'People's Republic of China', 'Ministry of Foreign Affairs of the Russian Federation' -> a country code."""
    return country_code(operator) or country_code(MINISTRY.sub("", operator))


def from_project_csv(raw: str) -> tuple[list[Mission], list[str]]:
    """Missions from the database-of-embassies CSV (semicolon-separated); and the names no ISO code was found for."""
    missions, unknown = [], []
    for row in csv.DictReader(io.StringIO(raw), delimiter=";"):
        sender, country = _operator_code(row.get("operator", "")), country_code(row.get("country", ""))
        if not sender or not country:
            unknown.append(row.get("operator", "") if not sender else row.get("country", ""))
            continue
        lat, lon = _number(row.get("latitude", "")), _number(row.get("longitude", ""))
        if lat is None or lon is None:
            lat = lon = None
        qid = (row.get("QID") or "").rsplit("/", 1)[-1]
        missions.append(Mission(sender, country, (row.get("city") or "").strip(), lat, lon, (row.get("type") or "").strip().lower(), qid))
    return missions, unknown


SPARQL = """
SELECT DISTINCT ?mission ?sender ?country ?cityLabel ?coord ?typeLabel WHERE {
  VALUES ?root { wd:Q3917681 wd:Q7843791 }
  ?mission wdt:P31 ?type . ?type wdt:P279* ?root .
  ?mission wdt:P137 ?operator . ?operator wdt:P297 ?sender .
  ?mission wdt:P17 ?where . ?where wdt:P297 ?country .
  OPTIONAL { ?mission wdt:P131 ?city . }
  OPTIONAL { ?mission wdt:P625 ?coord . }
  FILTER NOT EXISTS { ?mission wdt:P576 ?closed . }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }
}
"""
POINT = re.compile(r"Point\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)")


def from_wikidata(endpoint: str = WIKIDATA, timeout: float = 120.0) -> list[Mission]:
    """The same list, asked of Wikidata's query service (SPARQL, JSON results)."""
    url = endpoint + "?" + urllib.parse.urlencode({"query": SPARQL, "format": "json"})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json", "User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        data = json.load(answer)
    missions: dict[str, Mission] = {}
    for binding in data["results"]["bindings"]:
        value = lambda name, row=binding: row.get(name, {}).get("value", "")  # noqa: E731
        qid = value("mission").rsplit("/", 1)[-1]
        point = POINT.search(value("coord"))
        lon, lat = (float(point.group(1)), float(point.group(2))) if point else (None, None)
        mission = Mission(value("sender").upper(), value("country").upper(), value("cityLabel"), lat, lon, value("typeLabel").lower(), qid)
        if qid not in missions or (not missions[qid].placed and mission.placed):  # one row per mission
            missions[qid] = mission
    return list(missions.values())
