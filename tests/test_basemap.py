"""A picture's map from tiles when online: the site's tile server (a fake one on 127.0.0.1 here) asked for the tiles
of the view, each once, the credit said first; offline, or when the server fails, the outlines as before."""

from __future__ import annotations

import dataclasses
import io
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from utils.actions.campaign import BUNDLED
from utils.i18n import ENGLISH
from utils.publish import poster
from utils.publish.basemap import TileSource, tile_source
from utils.settings import Settings

GREEN = (10, 200, 10)
SEOUL = (126.98, 37.56)


class FakeTiles:
    """Every tile a plain green square; with `status` other than 200, every tile that status."""

    def __init__(self, status: int = 200):
        self.paths: list[str] = []
        fake = self
        tile = io.BytesIO()
        Image.new("RGB", (256, 256), GREEN).save(tile, "PNG")

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.paths.append(self.path)
                body = tile.getvalue() if status == 200 else b"down"
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.template = f"http://127.0.0.1:{self.server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tiles():
    server = FakeTiles()
    yield server
    server.close()


def seoul_picture() -> poster.Picture:
    marks = (poster.Mark(*SEOUL, "protest", "venue"), poster.Mark(139.69, 35.69, "march", "city"))
    return poster.Picture("Seoul and Tokyo", ("25–31 March 2019", "2 actions"), "Sources: a report", marks, (), poster.bounds_of(marks))


def colours(data: bytes) -> set[tuple[int, int, int]]:
    return {colour for _, colour in Image.open(io.BytesIO(data)).convert("RGB").getcolors(maxcolors=1_000_000)}


def test_a_poster_online_is_drawn_over_the_views_tiles_each_fetched_once_and_credited(tiles, tmp_path):
    source = TileSource(tiles.template, "&copy; <a href='https://osm.org/copyright'>OpenStreetMap</a> contributors", tmp_path)
    first = poster.png(seoul_picture(), (1200, 630), source)
    assert GREEN in colours(first) and len(tiles.paths) > 1
    zoom = int(tiles.paths[0].split("/")[1])
    x = math.floor((SEOUL[0] + 180) / 360 * 2**zoom)
    lat = math.radians(SEOUL[1])
    y = math.floor((1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * 2**zoom)
    assert f"/{zoom}/{x}/{y}.png" in tiles.paths  # the tile under Seoul's mark
    asked = len(tiles.paths)
    again = poster.png(seoul_picture(), (1200, 630), source)
    assert len(tiles.paths) == asked and again == first  # kept: never fetched twice
    _, shapes = poster.layout(seoul_picture(), 1200, 630, source)
    credit = [shape.text for shape in shapes if isinstance(shape, poster.Text) and "OpenStreetMap" in shape.text]
    assert credit == ["© OpenStreetMap contributors · Sources: a report"]


def test_when_the_tiles_cannot_be_had_the_poster_draws_the_outlines(tmp_path):
    failing = FakeTiles(status=500)
    try:
        data = poster.png(seoul_picture(), (1080, 1080), TileSource(failing.template, "© tiles", tmp_path))
    finally:
        failing.close()
    assert failing.paths and GREEN not in colours(data) and tuple(int(poster.LAND[i : i + 2], 16) for i in (1, 3, 5)) in colours(data)


def test_a_view_that_would_need_too_many_tiles_draws_the_outlines(tiles, tmp_path):
    data = poster.png(seoul_picture(), (1920, 1080), dataclasses.replace(TileSource(tiles.template, "© tiles", tmp_path), most=1))
    assert tiles.paths == [] and GREEN not in colours(data)


def test_the_movie_online_is_drawn_over_tiles_too_and_the_svg_to_print_keeps_its_lines(tiles, tmp_path, placed_week):
    source = TileSource(tiles.template, "© tiles", tmp_path)
    gif = Image.open(io.BytesIO(poster.make("gif", placed_week, BUNDLED, ENGLISH, None, tiles=source)))
    gif.seek(1)
    assert any(abs(r - GREEN[0]) + abs(g - GREEN[1]) + abs(b - GREEN[2]) < 30 for _, (r, g, b) in gif.convert("RGB").getcolors(1_000_000))
    svg = poster.make("a4", placed_week, BUNDLED, ENGLISH, None, tiles=source).decode("utf-8")
    assert "<path" in svg and "<image" not in svg


def test_no_tiles_offline_or_without_a_tile_server():
    assert tile_source(Settings(offline=True)) is None and tile_source(Settings(tiles="")) is None
    assert tile_source(Settings()).template == Settings().tiles
    assert tile_source(Settings(), offline=True) is None


@pytest.fixture(scope="module")
def placed_week():
    from tests.conftest import REPO
    from utils.actions.load import load_actions
    from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
    from utils.view.filters import ViewFilter, apply

    placed = geocode_actions(
        load_actions(REPO / "data" / "actions.csv").actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    )
    return apply(placed, ViewFilter())
