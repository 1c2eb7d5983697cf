"""A picture's map from tiles, when online: the tiles of the site's tile server that cover a view, each fetched once
and kept in a folder the app's processes share, stitched and scaled into the picture's map at its projection. When
offline, or when a tile cannot be had, the picture draws the country outlines instead (utils/publish/poster.py)."""

from __future__ import annotations

import functools
import hashlib
import html
import io
import logging
import math
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

log = logging.getLogger(__name__)

TILE = 256
FETCHING = 2  # OpenStreetMap's tile policy: no more than two connections at once
USER_AGENT = "solidarity-map/1.0 (draws a poster of a campaign's actions)"
SEA = "#aad3df"  # OpenStreetMap's water, where no tile is (beyond the poles)


def fetch_tile(url: str, timeout: float = 10.0) -> bytes:
    """A tile's bytes; OSError when it cannot be had now."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return answer.read(2_000_000)


@dataclass(frozen=True)
class TileSource:
    """A tile server (a URL template, as the map's: {z}/{x}/{y}, {s} for a subdomain), its attribution as the picture
    says it, the folder its tiles are kept in, and how a tile is fetched."""

    template: str
    attribution: str
    folder: Path
    fetch: Callable[[str], bytes] = fetch_tile
    most: int = 96  # tiles one picture may ask for: a larger view is drawn over the outlines

    @property
    def credit(self) -> str:
        """The attribution as plain text ('© OpenStreetMap contributors', from '&copy; …' or a link)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.attribution)).strip()

    def url(self, z: int, x: int, y: int) -> str:
        return self.template.replace("{s}", "abc"[(x + y) % 3]).replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))

    def tile(self, z: int, x: int, y: int) -> Image.Image | None:
        """One tile, from the folder or fetched once (and kept); None when it cannot be had now."""
        kept = self.folder / hashlib.sha256(self.template.encode()).hexdigest()[:12] / str(z) / str(x) / f"{y}.png"
        try:
            return _decoded(kept.read_bytes())
        except (OSError, UnidentifiedImageError):
            pass
        try:
            data = self.fetch(self.url(z, x, y))
            image = _decoded(data)
        except (OSError, ValueError, urllib.error.URLError, UnidentifiedImageError) as error:
            log.warning("a map tile could not be had (%s/%s/%s): %s: %s", z, x, y, type(error).__name__, error)
            return None
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(".partial")
        partial.write_bytes(data)
        partial.replace(kept)
        return image


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGB")


def tiled_map(source: TileSource, size: tuple[int, int], radians_left: float, merc_top: float, scale: float) -> Image.Image | None:
    """The map `size` pixels wide and high whose top left is at longitude `radians_left` (in radians) and Mercator y
    `merc_top`, `scale` pixels a radian, from tiles at the zoom nearest that scale; None when a tile is missing or the
    view would need more than `source.most` tiles."""
    zoom = max(0, min(18, round(math.log2(2 * math.pi * scale / TILE))))
    world = TILE * 2**zoom
    per_radian = world / (2 * math.pi)
    left = (radians_left + math.pi) * per_radian
    top = (math.pi - merc_top) * per_radian
    width, height = size[0] * per_radian / scale, size[1] * per_radian / scale
    first_x, last_x = math.floor(left / TILE), math.floor((left + width - 1) / TILE)
    first_y, last_y = math.floor(top / TILE), math.floor((top + height - 1) / TILE)  # rows beyond the poles stay sea
    wanted = [(x, y) for x in range(first_x, last_x + 1) for y in range(max(0, first_y), min(2**zoom - 1, last_y) + 1)]
    if not wanted or len(wanted) > source.most:
        return None
    with ThreadPoolExecutor(FETCHING) as pool:
        tiles = list(pool.map(lambda place: source.tile(zoom, place[0] % 2**zoom, place[1]), wanted))
    if any(tile is None for tile in tiles):
        return None
    canvas = Image.new("RGB", ((last_x - first_x + 1) * TILE, (last_y - first_y + 1) * TILE), SEA)
    for (x, y), tile in zip(wanted, tiles, strict=True):
        canvas.paste(tile.resize((TILE, TILE)), ((x - first_x) * TILE, (y - first_y) * TILE))
    crop = (left - first_x * TILE, top - first_y * TILE, left - first_x * TILE + width, top - first_y * TILE + height)
    return canvas.crop(tuple(round(value) for value in crop)).resize(size, Image.Resampling.LANCZOS)


def tile_source(settings, offline: bool | None = None) -> TileSource | None:
    """The site's tile server as the settings name it, for pictures drawn when online; None offline or with none."""
    offline = settings.offline if offline is None else offline
    if offline or not settings.tiles:
        return None
    return TileSource(
        settings.tiles, settings.tiles_attribution, settings.tile_cache, functools.partial(fetch_tile, timeout=settings.photo_timeout)
    )
