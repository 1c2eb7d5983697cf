"""Whether a point can be in a country: the check every geocoder answer passes before it is used or cached.

The outlines are countryinfo's (the ones the map draws), coarse: a coast may sit tens of
kilometres off. So a point counts as in a country when it lies inside the outline or
within `NEAR_KM` of it. A country with no outline (Hong Kong, Singapore, Macau) is a
circle around its centre, as wide as its area and a margin. A wrong answer (a server
placing Seoul in the Atlantic, a namesake on another continent) is thousands of
kilometres off, far beyond either margin.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from utils.places.countries import countryinfo_records

NEAR_KM = 100.0
EARTH_KM = 6371.0


@dataclass(frozen=True)
class CountryShape:
    rings: tuple[tuple[tuple[float, float], ...], ...]  # outer rings, (lon, lat) pairs
    box: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    centre: tuple[float, float] | None  # (lat, lon)
    radius_km: float  # for a country with no outline


@functools.lru_cache(maxsize=1)
def country_shapes() -> dict[str, CountryShape]:
    """ISO alpha-2 code -> its shape, from countryinfo's data."""
    shapes: dict[str, CountryShape] = {}
    for info in countryinfo_records():
        code = (info.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        rings = tuple(_outer_rings(info))
        points = [point for ring in rings for point in ring]
        box = (
            (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points))
            if points
            else (0.0, 0.0, 0.0, 0.0)
        )
        latlng = info.get("latlng") or []
        centre = (float(latlng[0]), float(latlng[1])) if len(latlng) == 2 else None
        area = float(info.get("area") or 0)
        shapes[code] = CountryShape(rings, box, centre, math.sqrt(area / math.pi) * 1.5 + NEAR_KM)
    return shapes


def _outer_rings(info: dict):
    for feature in (info.get("geoJSON") or {}).get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = [geometry.get("coordinates")] if geometry.get("type") == "Polygon" else geometry.get("coordinates") or []
        for polygon in polygons:
            if polygon and len(polygon[0]) >= 3:
                yield tuple((float(lon), float(lat)) for lon, lat, *_ in polygon[0])


def valid_position(lat: object, lon: object) -> bool:
    """Finite numbers, latitude within ±90 and longitude within ±180."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def near_country(lat: float, lon: float, code: str) -> bool | None:
    """True when the point is in the country or within NEAR_KM of it; None when we know no shape for the country."""
    shape = country_shapes().get(code.upper())
    if shape is None:
        return None
    if shape.rings:
        return _near_outline(lat, lon, shape)
    if shape.centre is None:
        return None
    return distance_km(lat, lon, *shape.centre) <= shape.radius_km


def _near_outline(lat: float, lon: float, shape: CountryShape) -> bool:
    margin = NEAR_KM / 111.0 / max(math.cos(math.radians(min(abs(lat), 85))), 0.05)
    west, south, east, north = shape.box
    if not (south - NEAR_KM / 111.0 <= lat <= north + NEAR_KM / 111.0 and west - margin <= lon <= east + margin):
        return False
    if any(_inside(lon, lat, ring) for ring in shape.rings):
        return True
    return any(_segment_km(lat, lon, a, b) <= NEAR_KM for ring in shape.rings for a, b in zip(ring, ring[1:] + ring[:1], strict=True))


def _inside(x: float, y: float, ring: tuple[tuple[float, float], ...]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _segment_km(lat: float, lon: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from the point to a segment, on a plane scaled at the point's latitude (close enough at 100 km)."""
    scale = math.cos(math.radians(lat))
    ax, ay = (a[0] - lon) * scale, a[1] - lat
    bx, by = (b[0] - lon) * scale, b[1] - lat
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    return math.hypot(ax + t * dx, ay + t * dy) * 111.2


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))
