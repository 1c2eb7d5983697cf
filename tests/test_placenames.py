"""The offline map's place names: which cities each zoom names, and the missions at street zoom."""

from __future__ import annotations

import json

import pytest

from utils.map.placenames import CELL_DEGREES, cell_of, min_population, place_files, write_place_files
from utils.places.embassies import Embassies
from utils.places.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def files(gazetteer_dir):
    return place_files(Gazetteer.open(gazetteer_dir).every_city(), Embassies.open())


def labels_in_view(files: dict[str, dict], south: float, west: float, north: float, east: float, zoom: int, most: int = 400) -> list[str]:
    """The city names the browser draws for a view, chosen as templates/place_names.js.j2 chooses them."""
    if zoom <= 6:
        rows = files["world.json"]["cities"]
    else:
        rows = [
            row
            for x in range(int((west + 180) // CELL_DEGREES), int((east + 180) // CELL_DEGREES) + 1)
            for y in range(int((south + 90) // CELL_DEGREES), int((north + 90) // CELL_DEGREES) + 1)
            for row in files.get(f"cells/{x}_{y}.json", {}).get("cities", [])
        ]
    least = min_population(zoom)
    inside = [row for row in rows if south <= row[1] <= north and west <= row[2] <= east and (row[3] >= least or row[4])]
    return [row[0] for row in sorted(inside, key=lambda row: (-row[4], -row[3]))[:most]]


def test_the_world_names_the_capitals_and_large_cities_and_no_village(files):
    world = {row[0]: row for row in files["world.json"]["cities"]}
    assert world["Berlin"][4] == 1 and world["Seoul"][4] == 1 and world["Vaduz"][4] == 1  # capitals, however small
    assert world["Hamburg"][4] == 0 and "Potsdam" not in world
    assert labels_in_view(files, 47, 5, 55, 15, 6)[:2] == ["Berlin", "Prague"]  # capitals first, then the largest


def test_zoomed_in_every_town_of_the_view_is_there_the_largest_first(files):
    around_berlin = labels_in_view(files, 52.3, 13.0, 52.7, 13.8, 10)
    assert around_berlin[0] == "Berlin" and "Potsdam" in around_berlin and "Kreuzberg" in around_berlin
    assert "Hamburg" not in around_berlin
    assert min_population(4) > min_population(7) > min_population(10) > min_population(12) == 0


def test_missions_are_in_the_cell_of_where_they_stand(files):
    seoul = files[f"cells/{cell_of(37.57, 126.98)}.json"]
    assert any(row[0] == "Embassy of China" and row[1] == "Seoul" for row in seoul["missions"])
    assert all(isinstance(row[2], float) for row in seoul["missions"])


def test_the_files_are_written_once_per_gazetteer_and_list(tmp_path, gazetteer_dir):
    gazetteer = Gazetteer.open(gazetteer_dir)
    folder = write_place_files(tmp_path, gazetteer, Embassies.open())
    assert json.loads((folder / "world.json").read_text(encoding="utf-8"))["cities"][0][0]  # a name, largest first
    before = (folder / "world.json").stat().st_mtime_ns
    assert write_place_files(tmp_path, gazetteer, Embassies.open()) == folder and (folder / "world.json").stat().st_mtime_ns == before
