"""The static site's map of a big file: the placed actions as a pyramid of tiles, counted where many, themselves where few.

A site of a million actions cannot send them all to a phone. From the world's tile down, a tile holding more than
`LEAF_MOST` placed actions is written as the grid of cells the dashboard's counted map draws at its zoom
(`aggregate.cells_of`), and split in four for the next zoom; a tile with fewer (or at `DEEPEST`) is a leaf: its
actions themselves, drawn as markers. The browser fetches only the tiles in view, at the map's zoom.

A cell's count is kept per (dates, kind, country), so the site's date, day, kind and country filters count cells
exactly as they count markers; the same counts for the whole file give the line of figures and the timeline.
Search reads text, which only the leaves carry: a tiled site does not offer it and says so.

Pure numpy and pandas: no files, no words (utils/publish/site.py writes the files in each language).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import pandas as pd

from utils.actions.schema import organisation_names
from utils.map.mapview import KIND_INDEX, cell_rows
from utils.view.aggregate import CELL_COLUMNS, cell_index, cells_of, mercator
from utils.view.fields import text_of

TILED_FROM = 20_000  # a site of more actions than this is tiled; fewer are all in its one data file per language
LEAF_MOST = 250  # at most this many actions in a leaf: ~70 KB of markers and rows per language
DEEPEST = 16  # a tile this deep is a leaf however full it is (its actions share a few points: zooming cannot part them)
CELL_PX = 64  # as the dashboard's counted map: 16 cells to a tile
EMPTY, CELLS, LEAF = 0, 1, 2  # what a tile's child is, as the tile says (the browser walks down by it)
PER_SHARD = 2_000  # actions per file of the index that finds a linked action's tile
DAYS_COUNTED = 400  # distinct organisations counted for each day up to this many days


@dataclass(frozen=True)
class Tile:
    """A square of the map at a zoom (Web Mercator's numbering) and the positions of the placed actions in it."""

    z: int
    x: int
    y: int
    rows: np.ndarray
    leaf: bool

    @property
    def key(self) -> str:
        return f"{self.z}/{self.x}/{self.y}"


def pyramid(lat: np.ndarray, lon: np.ndarray, leaf_most: int = LEAF_MOST, deepest: int = DEEPEST) -> list[Tile]:
    """Every tile holding actions, from the world's down: each placed action is in one tile per zoom down to its
    leaf, and in exactly one leaf. A parent is listed before its children."""
    x, y = mercator(np.asarray(lat, dtype="float64"), np.asarray(lon, dtype="float64"))
    x, y = np.clip(x, 0, 1 - 1e-12), np.clip(y, 0, 1 - 1e-12)
    tiles, waiting = [], deque([(0, 0, 0, np.arange(len(x)))])
    while waiting:
        z, tx, ty, rows = waiting.popleft()
        if len(rows) <= leaf_most or z >= deepest:
            tiles.append(Tile(z, tx, ty, rows, leaf=True))
            continue
        tiles.append(Tile(z, tx, ty, rows, leaf=False))
        scale = 2 ** (z + 1)
        quarter = (np.floor(y[rows] * scale).astype("int64") - 2 * ty) * 2 + (np.floor(x[rows] * scale).astype("int64") - 2 * tx)
        order = np.argsort(quarter, kind="stable")
        edges = np.searchsorted(quarter[order], np.arange(5))
        for index in range(4):
            part = rows[order[edges[index] : edges[index + 1]]]
            if len(part):
                waiting.append((z + 1, 2 * tx + index % 2, 2 * ty + index // 2, part))
    return tiles


def children(tiles: list[Tile]) -> dict[str, list[int]]:
    """Per tile of cells, what its four children are (top left, top right, bottom left, bottom right)."""
    kind = {tile.key: LEAF if tile.leaf else CELLS for tile in tiles}
    return {
        tile.key: [kind.get(f"{tile.z + 1}/{2 * tile.x + index % 2}/{2 * tile.y + index // 2}", EMPTY) for index in range(4)]
        for tile in tiles
        if not tile.leaf
    }


@dataclass(frozen=True)
class Dimensions:
    """What the site filters by, as small numbers per action: its dates (first and last day, one number per distinct
    pair), its kind (the map's kind numbers) and its country (a number per code, "" first)."""

    spans: list[list[str]]
    span: np.ndarray
    kind: np.ndarray
    countries: list[str]
    country: np.ndarray


def dimensions(actions: pd.DataFrame) -> Dimensions:
    first = actions["date"].dt.strftime("%Y-%m-%d").fillna("")
    last = actions["date_end"].dt.strftime("%Y-%m-%d").fillna("") if "date_end" in actions else pd.Series("", index=actions.index)
    last = last.where((last != "") & (first != ""), first)
    pairs = pd.MultiIndex.from_arrays([first, last])
    span, spans = pd.factorize(pairs, sort=True)
    kinds = text_of(actions, "action_kind").map(KIND_INDEX).fillna(KIND_INDEX["other"]).astype("int64").to_numpy()
    country, countries = pd.factorize(text_of(actions, "country_code"), sort=True)
    return Dimensions([list(pair) for pair in spans], span.astype("int64"), kinds, list(countries), country.astype("int64"))


def joint(*columns: np.ndarray, weights: tuple[np.ndarray, ...] = ()) -> list[int]:
    """The distinct combinations of the columns' values with how many rows have each (and each weight's sum), as
    one flat list: [a, b, …, n, w1, …, a, b, …]. The browser reads it in steps of len(columns) + 1 + len(weights)."""
    if not len(columns[0]):
        return []
    radices = [int(column.max()) + 1 for column in columns]
    code = np.zeros(len(columns[0]), dtype="int64")
    for column, radix in zip(columns, radices, strict=True):
        code = code * radix + column
    keys, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
    sums = [np.bincount(inverse.reshape(-1), weights=weight, minlength=len(keys)).round().astype("int64") for weight in weights]
    values = []
    for radix in reversed(radices):
        values.append(keys % radix)
        keys = keys // radix
    table = np.column_stack([*reversed(values), counts, *sums])
    return table.reshape(-1).tolist()


def cell_tile(placed: pd.DataFrame, tile: Tile, dims: Dimensions, below: list[int], by_country: bool = False) -> dict:
    """A tile of cells: the cells as the dashboard draws them (mapview.cell_rows), each cell's actions counted per
    dates and kind as [cell, span, kind, n, …] (with `by_country`, per dates, kind and country: [cell, span, kind,
    country, n, …], the file the browser fetches instead under a country filter, so the first view stays small),
    and what its four children are."""
    part = placed.iloc[tile.rows]
    lat, lon = part["lat"].to_numpy(dtype="float64"), part["lon"].to_numpy(dtype="float64")
    cells = cells_of(part, tile.z, CELL_PX) if len(part) else pd.DataFrame(columns=CELL_COLUMNS)
    cell = cell_index(lat, lon, tile.z, CELL_PX)
    keys = (cell, dims.span[tile.rows], dims.kind[tile.rows]) + ((dims.country[tile.rows],) if by_country else ())
    return {"cells": cell_rows(cells), "counts": joint(*keys), "children": below}


def summary_counts(actions: pd.DataFrame, dims: Dimensions, placed: np.ndarray) -> list[int]:
    """The whole file counted per (dates, kind, country, placed or not): [span, kind, country, placed, n, people,
    with a count, …]; people summed over the actions that give a count (a petition's count is of signatures)."""
    people = pd.to_numeric(actions["participants"], errors="coerce")
    given = people.notna().to_numpy()
    return joint(
        dims.span,
        dims.kind,
        dims.country,
        placed.astype("int64"),
        weights=(people.fillna(0).to_numpy(dtype="float64"), given.astype("float64")),
    )


def organisation_counts(actions: pd.DataFrame, weeks: list[tuple[str, str]]) -> dict[str, int]:
    """How many distinct organisations the dated actions name: for every date ("all"), for each of the campaign's
    weeks ("first|last") and for each day ("day|day", up to DAYS_COUNTED days). Counts of distinct names do not add
    up, so the site gives them for these views and leaves them out under a kind or country filter or other dates."""
    first = actions["date"]
    last = actions["date_end"].where(actions["date_end"].notna(), first) if "date_end" in actions else first
    names = text_of(actions, "organisations").map(lambda cell: [name.casefold() for name in organisation_names(cell)])
    exploded = names.explode().dropna()
    if exploded.empty:
        return {}
    code, _ = pd.factorize(exploded)
    starts, ends = first.reindex(exploded.index).to_numpy(), last.reindex(exploded.index).to_numpy()
    dated = ~pd.isna(starts)
    counts = {"all": int(len(np.unique(code[dated])))}

    def within(one: str, other: str) -> int:
        inside = dated & (starts <= np.datetime64(other)) & (ends >= np.datetime64(one))
        return int(len(np.unique(code[inside])))

    for week in weeks:
        counts[f"{week[0]}|{week[1]}"] = within(*week)
    for day in sorted(set(first.dropna().dt.strftime("%Y-%m-%d")))[:DAYS_COUNTED]:
        counts[f"{day}|{day}"] = within(day, day)
    return counts


def shard_of(identifier: str, shards: int) -> int:
    """Which file of the index holds an action's tile: the same sum site.js works out (31 × h + each UTF-16 unit)."""
    total = 0
    units = identifier.encode("utf-16-le")
    for index in range(0, len(units), 2):
        total = (total * 31 + units[index] + 256 * units[index + 1]) & 0xFFFFFFFF
    return total % shards
