"""Pictures to share, drawn on the server with no browser: the view as a poster (PNG at a post's, a link preview's and
a slide's size; SVG on A4 or A3) and its days in motion (GIF, MP4), read back as a person's programs read them."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import imageio_ffmpeg
import pytest
from PIL import Image

from tests.conftest import REPO
from utils.actions.campaign import BUNDLED, Campaign
from utils.actions.load import load_actions
from utils.i18n import ENGLISH, words_in
from utils.map.mapview import KIND_STYLE
from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
from utils.publish import poster
from utils.view.filters import ViewFilter, apply
from utils.view.timeline import headline

WEEK = (dt.date(2019, 3, 25), dt.date(2019, 3, 31))
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def placed():
    actions = load_actions(REPO / "data" / "actions.csv").actions
    return geocode_actions(actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None))


@pytest.fixture(scope="module")
def week(placed):
    return apply(placed, ViewFilter(*WEEK))


def colours_in(data: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    return {colour for _, colour in image.getcolors(maxcolors=1_000_000)}


def colours_in_frame(image: Image.Image) -> set[tuple[int, int, int]]:
    return {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1_000_000)}


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[index : index + 2], 16) for index in (1, 3, 5))


@pytest.mark.parametrize("size", sorted(poster.SIZES))
def test_a_poster_is_a_png_of_its_size_with_the_weeks_marks_in_their_kinds_colours(week, size):
    data = poster.make(size, week, BUNDLED, ENGLISH, WEEK)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == poster.SIZES[size]
    shown = set(week.shown["action_kind"]) - {"call to action"}
    assert {rgb(KIND_STYLE[kind][0]) for kind in shown} <= colours_in(data)  # each kind's mark is drawn
    assert rgb(KIND_STYLE["petition"][0]) not in colours_in(data) or "petition" in shown


def test_the_posters_figures_are_the_map_pages(week, placed):
    """The poster counts as the Map page's headline does: the week's dated actions, those with no date apart."""
    picture = poster.poster_picture(week, BUNDLED, ENGLISH, WEEK)
    figures = headline(week.shown)
    dates, counted = picture.lines
    assert dates == "25–31 March 2019"
    assert counted.startswith(f"{figures['actions']} actions · {figures['countries']} countries · {figures['organisations']} organisations")
    assert "and 2 actions with no date" in counted  # the petition and the letter with no date: counted, not lost
    assert len(picture.marks) == int(week.on_map["lat"].notna().sum())


def test_chinese_and_korean_are_written_in_glyphs_not_boxes(week):
    assert poster.font_file() and "wqy" in poster.font_file()  # the set-up installs the CJK font
    missing = poster.font(40).getmask("\U000e0001").getbbox()  # a character no font has: its box
    for text in ("노동자", "團結", "团结"):
        assert poster.font(40).getmask(text).getbbox() != missing and poster.measure(text, 40) > 60
    picture = poster.poster_picture(week, BUNDLED, words_in("ko"), WEEK)
    assert picture.lines[0] == "2019년 3월 25일~31일" and picture.title == BUNDLED.in_language(words_in("ko")).title
    assert any("\uac00" <= character <= "\ud7a3" for character in picture.title)  # the campaign's Korean title, in Hangul
    assert Image.open(io.BytesIO(poster.png(picture, (1080, 1080)))).size == (1080, 1080)


def test_an_svg_for_print_parses_on_a4_and_a3_with_its_words_as_text(week):
    hostile = Campaign('<script>alert(1)</script> & "quotes"', "subject", credit="Credit \x07with a bell")
    for paper, size in (("a4", ("297mm", "210mm")), ("a3", ("420mm", "297mm"))):
        root = ElementTree.fromstring(poster.make(paper, week, hostile, ENGLISH, WEEK))
        assert root.tag == f"{SVG}svg" and (root.get("width"), root.get("height")) == size
        texts = [element.text for element in root.iter(f"{SVG}text")]
        assert '<script>alert(1)</script> & "quotes"' in texts and "Credit with a bell" in texts  # text, never markup
        assert not list(root.iter(f"{SVG}script"))
        assert len(list(root.iter(f"{SVG}circle"))) >= len(poster.poster_picture(week, hostile, ENGLISH, WEEK).marks)


def test_the_week_in_motion_is_a_gif_of_its_days_between_a_title_and_a_closing_card(week):
    data = poster.make("gif", week, BUNDLED, ENGLISH, WEEK)
    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF" and image.n_frames == 7 + 2  # the seven days, the title and the closing card
    durations = []
    for frame in range(image.n_frames):
        image.seek(frame)
        durations.append(image.info["duration"])
    assert durations[0] == durations[-1] == 2500 and set(durations[1:-1]) == {1500}
    assert len(data) < 8_000_000
    image.seek(image.n_frames - 1)  # the closing card: every mark of the week, in its kind's colour (a GIF's palette is near)
    palette = colours_in_frame(image)
    for kind in set(week.shown["action_kind"]) - {"call to action"}:
        assert min(sum(abs(a - b) for a, b in zip(colour, rgb(KIND_STYLE[kind][0]), strict=True)) for colour in palette) < 24, kind


def test_the_week_in_motion_is_an_h264_mp4_the_encoder_reads_back(week, tmp_path):
    path = tmp_path / "week.mp4"
    path.write_bytes(poster.make("mp4", week, BUNDLED, words_in("zh-Hant"), WEEK))
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert seconds == pytest.approx(2 * poster.SECONDS_A_CARD + 7 * poster.SECONDS_A_DAY, abs=0.2)
    assert frames == round(seconds * poster.MOVIE_FPS)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    reader.close()
    assert meta["codec"].startswith("h264") and tuple(meta["size"]) == poster.MOVIE_SIZE
    assert path.stat().st_size < 8_000_000


def test_a_view_with_nothing_on_the_map_still_makes_a_poster_of_the_world(placed):
    nothing = apply(placed, ViewFilter(dt.date(2030, 1, 1), dt.date(2030, 1, 7)))
    picture = poster.poster_picture(nothing, BUNDLED, ENGLISH, (dt.date(2030, 1, 1), dt.date(2030, 1, 7)))
    assert picture.marks == () and picture.bounds == poster.WORLD and picture.lines[1].startswith("0 actions")
    assert Image.open(io.BytesIO(poster.png(picture, (1200, 630)))).size == (1200, 630)


def run_export(*args: str, tmp_path) -> subprocess.CompletedProcess:
    env = {"SOLIDARITY_MAP_GEOCODE_CACHE": str(tmp_path / "cache.jsonl"), "SOLIDARITY_MAP_PHOTO_SHELF": str(tmp_path / "shelf")}
    return subprocess.run(
        [sys.executable, "-m", "utils", "export", *args, "--offline"],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_commands_write_a_poster_and_a_movie(tmp_path):
    square, movie = tmp_path / "week.png", tmp_path / "week.gif"
    done = run_export(
        "poster", str(REPO / "data" / "actions.csv"), "-o", str(square), "--size", "square", "--language", "ko", tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert Image.open(square).size == (1080, 1080) and "6 actions" in done.stdout  # the week's 4 and the 2 with no date
    done = run_export("movie", str(REPO / "data" / "actions.csv"), "-o", str(movie), "--dates", "2019-03-25..2019-03-27", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert Image.open(movie).n_frames == 3 + 2


def test_a_command_asked_wrongly_says_what_to_give_with_no_traceback(tmp_path):
    wrong_file = run_export("poster", "-o", str(tmp_path / "poster.jpg"), tmp_path=tmp_path)
    assert wrong_file.returncode == 2 and "a poster is written as .png or .svg" in wrong_file.stderr
    wrong_dates = run_export("movie", "-o", str(tmp_path / "m.gif"), "--dates", "31/03/2019", tmp_path=tmp_path)
    assert wrong_dates.returncode == 2 and "give FIRST..LAST as YYYY-MM-DD..YYYY-MM-DD, or all" in wrong_dates.stderr
    assert "Traceback" not in wrong_file.stderr + wrong_dates.stderr


def test_more_marks_than_a_picture_can_show_one_by_one_are_counted_in_cells(placed):
    """Thousands of actions: none hidden under another, none lost; each square of the map says how many it holds."""
    many = poster.Picture(
        "Many", ("", ""), "", tuple(poster.Mark(120 + n % 50 * 0.2, 30 + n // 50 * 0.2, "protest", "city") for n in range(2000)), ()
    )
    many = poster.Picture(many.title, many.lines, many.credit, many.marks, many.legend, poster.bounds_of(many.marks))
    _, shapes = poster.layout(many, 1200, 630)
    cells = [shape for shape in shapes if isinstance(shape, poster.Dot) and shape.precision == "cell"]
    assert 1 < len(cells) < 200 and sum(int(cell.letter.replace(",", "")) for cell in cells) == 2000
    assert not [shape for shape in shapes if isinstance(shape, poster.Dot) and shape.precision == "city"]
