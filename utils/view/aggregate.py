"""What the screen can show of many placed actions: single actions when few are in view, else cells with counts.

The browser is never sent more than it can draw. For the part of the world in view (with a margin, so a
small pan needs nothing new) and the map's zoom, `view_layer` answers either the actions themselves, when
at most `limit` are there, or a grid of square cells, `cell_px` screen pixels wide at that zoom, each with
its exact count, its commonest kind, how many of its actions are placed at a venue, a city or only a country,
and the bounds of its actions (a click zooms to them). Pure numpy and pandas: no I/O, no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

TILE_PX = 256  # a Web Mercator tile: the world is TILE_PX * 2**zoom pixels wide
MAX_LAT = 85.05112878  # Web Mercator's edge
PRECISION_LEVELS = ("venue", "city", "country")  # how sure a cell's actions are, as the map's rings say
_LEVEL_OF = {"exact": 0, "venue": 0, "city": 1, "region": 2, "country": 2}


@dataclass(frozen=True)
class Viewport:
    """The part of the world on screen, as the map reports it, and its zoom."""

    south: float
    west: float
    north: float
    east: float
    zoom: int

    @classmethod
    def world(cls, zoom: int = 2) -> Viewport:
        return cls(-MAX_LAT, -180.0, MAX_LAT, 180.0, zoom)

    @classmethod
    def around(cls, lat: float, lon: float, zoom: int, width_px: int = 1280, height_px: int = 800) -> Viewport:
        """The view a map of that size shows centred on (lat, lon): before the browser has said what it shows."""
        x, y = mercator(np.array([lat]), np.array([lon]))
        world = TILE_PX * 2**zoom
        half_x, half_y = width_px / 2 / world, height_px / 2 / world
        south, west = _unmercator(y[0] + half_y, x[0] - half_x)
        north, east = _unmercator(y[0] - half_y, x[0] + half_x)
        return cls(south, float(west), north, float(east), zoom)

    @classmethod
    def from_map(cls, returned: dict | None) -> Viewport | None:
        """The view streamlit-folium returned ({"bounds": {"_southWest": …, "_northEast": …}, "zoom": z}), if whole."""
        try:
            bounds, zoom = returned["bounds"], int(returned["zoom"])
            south_west, north_east = bounds["_southWest"], bounds["_northEast"]
            values = [float(south_west["lat"]), float(south_west["lng"]), float(north_east["lat"]), float(north_east["lng"])]
        except (KeyError, TypeError, ValueError):
            return None
        if not all(math.isfinite(value) for value in values):
            return None
        return cls(*values, max(0, min(zoom, 20)))

    def widened(self, margin: float) -> Viewport:
        """The view grown by `margin` of its size on every side: what a small pan brings into sight."""
        tall, wide = self.north - self.south, self.east - self.west
        return Viewport(
            max(-90.0, self.south - tall * margin),
            self.west - wide * margin,
            min(90.0, self.north + tall * margin),
            self.east + wide * margin,
            self.zoom,
        )


def mercator(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator x and y, each 0..1 across the world (y downwards, as the map's pixels go)."""
    radians = np.radians(np.clip(lat, -MAX_LAT, MAX_LAT))
    x = (np.asarray(lon, dtype="float64") + 180.0) / 360.0
    y = (1.0 - np.log(np.tan(radians) + 1.0 / np.cos(radians)) / math.pi) / 2.0
    return x, y


def _unmercator(y: float, x: float) -> tuple[float, float]:
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * min(max(y, 0.0), 1.0)))))
    return lat, x * 360.0 - 180.0


def in_view(lat: np.ndarray, lon: np.ndarray, view: Viewport) -> np.ndarray:
    """Which points lie in the view; a view across the date line (west -200 or east 200) wraps round."""
    inside = (lat >= view.south) & (lat <= view.north)
    if view.east - view.west >= 360:
        return inside
    west = (view.west + 180.0) % 360.0 - 180.0
    east = west + (view.east - view.west)
    if east <= 180.0:
        return inside & (lon >= west) & (lon <= east)
    return inside & ((lon >= west) | (lon <= east - 360.0))


@dataclass(frozen=True)
class Layer:
    """What to draw: the actions themselves (`actions`), or `cells` standing for `in_view` actions."""

    in_view: int
    actions: pd.DataFrame | None = None
    cells: pd.DataFrame | None = None

    @property
    def aggregated(self) -> bool:
        return self.cells is not None


def view_layer(placed: pd.DataFrame, view: Viewport, limit: int, cell_px: int = 64, margin: float = 0.5) -> Layer:
    """The placed actions (lat, lon, action_kind, precision) in and around `view`: themselves if at most `limit`
    are there, else cells. Every action in view is counted in exactly one cell."""
    lat, lon = placed["lat"].to_numpy(dtype="float64"), placed["lon"].to_numpy(dtype="float64")
    near = in_view(lat, lon, view.widened(margin))
    count = int(near.sum())
    near_actions = placed if count == len(placed) else placed[near]
    if count <= limit:
        return Layer(count, actions=near_actions)
    return Layer(count, cells=cells_of(near_actions, view.zoom, cell_px))


CELL_COLUMNS = ["lat", "lon", "count", "action_kind", "venue", "city", "country", "south", "west", "north", "east"]


def cells_of(placed: pd.DataFrame, zoom: int, cell_px: int = 64) -> pd.DataFrame:
    """One row per grid cell holding actions: where its actions are on average, how many, the commonest kind
    (ties to the kind named first), how many at each precision, and the box its actions span."""
    if placed.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    lat, lon = placed["lat"].to_numpy(dtype="float64"), placed["lon"].to_numpy(dtype="float64")
    cell = cell_index(lat, lon, zoom, cell_px)
    cells = int(cell.max()) + 1
    count = np.bincount(cell, minlength=cells)
    kinds = pd.Categorical(placed["action_kind"])
    by_kind = np.bincount(cell * len(kinds.categories) + kinds.codes, minlength=cells * len(kinds.categories))
    commonest = np.asarray(kinds.categories)[by_kind.reshape(cells, -1).argmax(axis=1)]
    precisions = pd.Categorical(placed["precision"])  # codes, not a lookup per row: a million actions in ~0.1 s
    level = np.array([_LEVEL_OF.get(str(name), 2) for name in precisions.categories] + [2], dtype="int64")[precisions.codes]
    by_level = np.bincount(cell * 3 + level, minlength=cells * 3).reshape(cells, 3)
    table = pd.DataFrame({"cell": cell, "lat": lat, "lon": lon})
    box = table.groupby("cell", sort=True).agg(south=("lat", "min"), north=("lat", "max"), west=("lon", "min"), east=("lon", "max"))
    return pd.DataFrame(
        {
            "lat": np.bincount(cell, weights=lat, minlength=cells) / count,
            "lon": np.bincount(cell, weights=lon, minlength=cells) / count,
            "count": count,
            "action_kind": commonest,
            **{name: by_level[:, index] for index, name in enumerate(PRECISION_LEVELS)},
            **{name: box[name].to_numpy() for name in ("south", "west", "north", "east")},
        }
    )[CELL_COLUMNS]


def cell_index(lat: np.ndarray, lon: np.ndarray, zoom: int, cell_px: int = 64) -> np.ndarray:
    """Which cell of the grid at `zoom` each point falls in, numbered 0.. in the order `cells_of` lists the cells."""
    x, y = mercator(lat, lon)
    across = TILE_PX * 2**zoom / cell_px
    column = np.floor(np.clip(x, 0, 1 - 1e-12) * across).astype("int64")
    row = np.floor(np.clip(y, 0, 1 - 1e-12) * across).astype("int64")
    return np.unique(row * int(across + 1) + column, return_inverse=True)[1].reshape(-1)


def cell_precision(cells: pd.DataFrame) -> pd.Series:
    """How a cell is drawn: as sure as the level that most of its actions reach, never surer."""
    shares = cells[list(PRECISION_LEVELS)].to_numpy()
    cumulative = shares.cumsum(axis=1)
    level = (cumulative * 2 > cells["count"].to_numpy()[:, None]).argmax(axis=1)
    return pd.Series(np.asarray(PRECISION_LEVELS)[level], index=cells.index)
