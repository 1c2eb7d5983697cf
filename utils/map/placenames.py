"""Place names for the offline map: cities and towns by zoom level from the offline gazetteer, and the embassy
list's missions at street zoom, as small static JSON files the browser fetches for what is in view.

Offline, the map's basemap is country outlines: zoomed in, a beige area with one border, where nobody can
check "the right Berlin" or click an embassy. These files give it names: `world.json` holds the capitals
and the large cities (drawn up to zoom 6), and `cells/X_Y.json` every city, town and placed mission of a
5-degree cell (fetched from zoom 7, only for the cells in view). Pure: the gazetteer and the list in, files out.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from filelock import FileLock

from utils.places.countries import capital
from utils.places.embassies import Embassies
from utils.places.gazetteer import Gazetteer
from utils.places.names import name_key

FORMAT = 1  # bump when the files' layout changes
CELL_DEGREES = 5
WORLD_POPULATION = 250_000  # a city this big, or a capital, is named from the world's zoom


def cell_of(lat: float, lon: float) -> str:
    """The cell a point lies in, as its file is named: '38_28' for Berlin."""
    x = min(int((lon + 180) // CELL_DEGREES), 360 // CELL_DEGREES - 1)
    y = min(int((lat + 90) // CELL_DEGREES), 180 // CELL_DEGREES - 1)
    return f"{x}_{y}"


def place_files(cities: Iterable[tuple[str, float, float, str, int]], embassies: Embassies | None) -> dict[str, dict]:
    """'world.json' and 'cells/X_Y.json' -> their data. `cities` are (name, lat, lon, country code, population).

    A city row is [name, lat, lon, population, capital (1 or 0)], largest first; a mission row is
    [title, city, lat, lon] ('Embassy of China', 'Seoul', ...)."""
    capitals: dict[str, tuple[str, int]] = {}  # country -> (the capital's key, the population of its largest namesake)
    rows: list[tuple[str, float, float, str, int]] = list(cities)
    for name, _, _, code, population in rows:
        if code and name_key(name) == name_key(capital(code)) and population >= capitals.get(code, ("", -1))[1]:
            capitals[code] = (name_key(name), population)
    world: list[list] = []
    cells: dict[str, dict[str, list]] = {}
    for name, lat, lon, code, population in rows:
        is_capital = int(capitals.get(code, ("", -2)) == (name_key(name), population))
        row = [name, round(lat, 4), round(lon, 4), int(population), is_capital]
        if population >= WORLD_POPULATION or is_capital:
            world.append(row)
        cells.setdefault(cell_of(lat, lon), {"cities": [], "missions": []})["cities"].append(row)
    for missions in embassies.by_sender.values() if embassies else []:
        for mission in missions:
            if mission.placed and mission.kind != "honorary consulate":
                row = [mission.title, mission.city, round(mission.lat, 5), round(mission.lon, 5)]
                cells.setdefault(cell_of(mission.lat, mission.lon), {"cities": [], "missions": []})["missions"].append(row)
    files = {"world.json": {"cities": sorted(world, key=lambda row: -row[3])}}
    for cell, held in cells.items():
        held["cities"].sort(key=lambda row: -row[3])
        files[f"cells/{cell}.json"] = held
    return files


def stamp(gazetteer: Gazetteer, embassies: Embassies | None) -> str:
    """Which gazetteer and list the files come from: a new one is written beside, never over, the old."""
    said = f"{FORMAT}|{Path(gazetteer.path).name}|{embassies.version if embassies else ''}"
    return hashlib.sha256(said.encode()).hexdigest()[:12]


def write_place_files(directory: Path, gazetteer: Gazetteer, embassies: Embassies | None) -> Path:
    """The files under directory/STAMP (written once, by one process at a time: a folder there is complete), and that folder."""
    target = Path(directory) / stamp(gazetteer, embassies)
    if (target / "world.json").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):  # two app processes starting at once: the second finds it written
        if (target / "world.json").exists():
            return target
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        for name, data in place_files(gazetteer.every_city(), embassies).items():
            path = partial / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        partial.replace(target)
    return target


def min_population(zoom: int) -> int:
    """The smallest city named at a zoom (capitals always are): the same table as the browser's."""
    steps = {2: 3_000_000, 3: 2_000_000, 4: 1_000_000, 5: 400_000, 6: 150_000, 7: 50_000, 8: 20_000, 9: 5_000, 10: 1_000}
    return steps.get(max(2, min(zoom, 11)), 0) if zoom <= 10 else 0
