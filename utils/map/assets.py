"""The map's own files, so it draws with no internet: Leaflet, MarkerCluster, country outlines.

They come from packages installed from the registry (XStatic-Leaflet,
XStatic-Leaflet-MarkerCluster, countryinfo), never copied into the repository:
`install(folder)` puts them where the app serves static files.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from importlib import resources
from pathlib import Path

from utils.places.countries import countryinfo_records

VENDOR = "vendor"
FILES = {  # asset name -> (package, path inside its data folder, file name we serve)
    "leaflet_js": ("xstatic.pkg.leaflet", "leaflet.js", "leaflet.js"),
    "leaflet_css": ("xstatic.pkg.leaflet", "leaflet.css", "leaflet.css"),
    "markercluster_js": ("xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js", "leaflet.markercluster.js"),
    "markercluster_css": ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.css", "MarkerCluster.css"),
    "markercluster_default_css": ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css", "MarkerCluster.Default.css"),
}
OUTLINES = "countries.json"


def source(name: str) -> Path:
    package, inner, _ = FILES[name]
    return Path(str(resources.files(package).joinpath("data", inner)))


@functools.lru_cache(maxsize=1)
def country_outlines() -> dict:
    """Every country's outline as one FeatureCollection, rounded to about 1 km."""
    features = []
    for info in countryinfo_records():
        for feature in (info.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry")
            if geometry and geometry.get("type") in ("Polygon", "MultiPolygon"):
                shape = {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"])}
                features.append({"type": "Feature", "geometry": shape, "properties": {"name": info.get("name", "")}})
    return {"type": "FeatureCollection", "features": features}


def _rounded(coordinates):
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], 2), round(coordinates[1], 2)]
    return [_rounded(part) for part in coordinates]


def install(static_dir: Path) -> Path:
    """Copies the files into static_dir/vendor (only what changed), and writes the outlines."""
    target = Path(static_dir) / VENDOR
    target.mkdir(parents=True, exist_ok=True)
    for name, (_, _, served) in FILES.items():
        origin, copy = source(name), target / served
        if not copy.exists() or copy.stat().st_size != origin.stat().st_size:
            partial = copy.with_name(f"{copy.name}.{os.getpid()}.partial")  # a browser never reads half a file
            shutil.copyfile(origin, partial)
            partial.replace(copy)
    images = Path(str(resources.files("xstatic.pkg.leaflet").joinpath("data", "images")))
    if images.is_dir():
        shutil.copytree(images, target / "images", dirs_exist_ok=True)
    outlines = target / OUTLINES
    if not outlines.exists():
        partial = outlines.with_suffix(f".{os.getpid()}.partial")
        partial.write_text(json.dumps(country_outlines(), separators=(",", ":")), encoding="utf-8")
        partial.replace(outlines)
    return target


def urls(base: str) -> dict[str, str]:
    """Asset name -> URL under `base` (such as '/app/static/vendor'), plus 'outlines'."""
    base = base.rstrip("/")
    found = {name: f"{base}/{served}" for name, (_, _, served) in FILES.items()}
    found["outlines"] = f"{base}/{OUTLINES}"
    return found


def inline_text(name: str) -> str:
    """A file's text, for a page that must carry everything inside it."""
    return source(name).read_text(encoding="utf-8")
