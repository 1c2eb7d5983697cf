"""Pictures to share, drawn on the server with no browser and no network: a poster of a view (PNG for a square post,
a link preview or a slide; SVG for print on A4 or A3) and the week in motion (an animated GIF and an MP4).

One picture, two renderers: `layout` turns what is shown (a `Picture`: the title, its lines, the marks, the legend,
the credit) into shapes in pixels, over the country outlines the offline map draws; `png` draws them with Pillow and
`svg` writes them as SVG. The marks look as on the map: a filled circle at a venue or an exact spot, a ring for a
city, a dashed ring for a region or a country, each with its kind's colour and letter. Text is measured with the font
the picture is drawn in (a CJK font, so Chinese and Korean are written, not boxes).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFont

from utils.actions.campaign import Campaign
from utils.escape import escape_text
from utils.i18n import ENGLISH, N_, Words
from utils.map.mapview import KIND_STYLE, PRECISIONS
from utils.publish.basemap import TileSource, tiled_map
from utils.view.fields import kind_word
from utils.view.filters import ViewResult
from utils.view.timeline import data_span, headline, is_frame

SIZES: dict[str, tuple[int, int]] = {"square": (1080, 1080), "preview": (1200, 630), "slide": (1920, 1080)}
PAPERS: dict[str, tuple[int, int]] = {"a4": (297, 210), "a3": (420, 297)}  # millimetres, landscape
PAPER_PX = 10  # an SVG for print is laid out at 10 units a millimetre
FONT_FILES = (  # the first found draws every language the site speaks; scripts/setup installs the first
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
FONT_FAMILY = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Noto Sans CJK KR', sans-serif"  # the SVG's, for a printer's machine
PAPER_COLOUR, SEA, LAND, BORDER, INK, SOFT, GREY = "#fffdf8", "#dde8f0", "#f7f4ec", "#9aa7b4", "#1f2329", "#4a5560", "#37474f"
CELL = "#263238"  # a counted cell of many actions
WORLD = (-170.0, -56.0, 190.0, 75.0)  # west, south, east, north: a view with nothing on the map shows the world
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Mark:
    lon: float
    lat: float
    kind: str
    precision: str
    fresh: bool = False  # the movie's day: the actions of that day, drawn larger


@dataclass(frozen=True)
class Picture:
    """What one poster or one frame of the movie shows, as plain values in the chosen language."""

    title: str
    lines: tuple[str, ...]  # under the title: the dates, the figures (a frame: the day and its count)
    credit: str
    marks: tuple[Mark, ...]
    legend: tuple[tuple[str, str, str, str], ...]  # the kinds shown, then how precise: word, colour, letter, precision
    bounds: tuple[float, float, float, float] = WORLD  # west, south, east, north
    card: bool = False  # a title or closing card of the movie: the words large, over a faded map


# --- what is shown ------------------------------------------------------------------------------------------------


def shown_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """The view's actions a picture counts (calls to action frame the campaign and are not actions)."""
    return actions[~is_frame(actions)] if "action_kind" in actions else actions


def marks_of(actions: pd.DataFrame, fresh_day: dt.date | None = None) -> tuple[Mark, ...]:
    """The actions on the map as marks (those with no place are counted, not drawn)."""
    placed = actions[actions["lat"].notna() & (actions.get("unplaced_reason", pd.Series("", index=actions.index)) == "")]
    days = pd.to_datetime(placed["date"], errors="coerce").dt.date if "date" in placed else pd.Series(None, index=placed.index)
    return tuple(
        Mark(
            float(lon),
            float(lat),
            str(kind) if kind in KIND_STYLE else "other",
            str(precision or "city"),
            fresh_day is not None and day == fresh_day,
        )
        for lon, lat, kind, precision, day in zip(
            placed["lon"], placed["lat"], placed["action_kind"], placed["precision"], days, strict=True
        )
    )


def legend_of(actions: pd.DataFrame, words: Words) -> tuple[tuple[str, str, str, str], ...]:
    """The map's legend: the kinds shown, each its colour and letter, and how a mark says how precise it is."""
    kinds = set(actions["action_kind"]) if "action_kind" in actions else set()
    shown = tuple((kind_word(kind, words), colour, letter, "venue") for kind, (colour, letter) in KIND_STYLE.items() if kind in kinds)
    return shown + tuple((words.t(label), GREY, "", precision) for precision, label in PRECISIONS)


def bounds_of(marks: Sequence[Mark]) -> tuple[float, float, float, float]:
    """The marks' extent, padded, never narrower than a region (one action is not shown at street level)."""
    if not marks:
        return WORLD
    west, east = min(mark.lon for mark in marks), max(mark.lon for mark in marks)
    south, north = min(mark.lat for mark in marks), max(mark.lat for mark in marks)
    width, height = max(east - west, 24.0), max(north - south, 12.0)
    middle_lon, middle_lat = (west + east) / 2, (south + north) / 2
    return (
        middle_lon - width * 0.62,
        max(-75.0, middle_lat - height * 0.65),
        middle_lon + width * 0.62,
        min(80.0, middle_lat + height * 0.65),
    )


def figures_line(actions: pd.DataFrame, words: Words) -> str:
    """'9 actions · 6 countries · 12 organisations · 1,250 people taking part', as the Map page's headline counts."""
    figures = headline(actions) if len(actions) else {"actions": 0, "countries": 0, "organisations": 0, "with_count": 0, "signatures": 0}
    parts = [
        f"{words.number(figures[name])} {words.tn(one, many, figures[name])}"
        for name, one, many in (
            ("actions", "action", "actions"),
            ("countries", "country", "countries"),
            ("organisations", "organisation", "organisations"),
        )
    ]
    if figures["with_count"]:
        parts.append(words.t("{people} taking part", people=figures["participants"]))
    if figures["signatures"]:
        parts.append(f"{words.number(figures['signatures'])} {words.t('signatures')}")
    return " · ".join(parts)


def dates_line(actions: pd.DataFrame, span: tuple[dt.date, dt.date] | None, words: Words) -> str:
    first, last = span or data_span(actions, (dt.date.today(), dt.date.today()))
    return words.span(first, last)


def chosen_span(text: str) -> tuple[dt.date, dt.date] | None | str:
    """A command's --dates: 'FIRST..LAST', 'all' (None), or '' for the campaign's first view ('home')."""
    text = text.strip()
    if not text:
        return "home"
    if text == "all":
        return None
    first, separator, last = text.partition("..")
    try:
        span = dt.date.fromisoformat(first), dt.date.fromisoformat(last if separator else first)
    except ValueError:
        raise ValueError("give FIRST..LAST as YYYY-MM-DD..YYYY-MM-DD, or all") from None
    if span[1] < span[0]:
        raise ValueError("the last day is before the first")
    return span


def apart_line(undated: pd.DataFrame, words: Words) -> str:
    """The view's actions with no date, counted apart as the Map page counts them ('' when there are none)."""
    count = len(shown_actions(undated))
    return words.tn("and {n} action with no date", "and {n} actions with no date", count) if count else ""


def poster_picture(view: ViewResult, campaign: Campaign, words: Words = ENGLISH, span: tuple[dt.date, dt.date] | None = None) -> Picture:
    """The poster of a view: its dated actions on the map and counted as the Map page counts them (those with no
    date counted apart), its dates, the campaign's title and credit, in the chosen language."""
    campaign = campaign.in_language(words)
    shown = shown_actions(view.shown)
    marks = marks_of(shown)
    lines = (
        dates_line(shown, span, words),
        " · ".join(part for part in (figures_line(shown, words), apart_line(view.undated, words)) if part),
    )
    return Picture(campaign.title, lines, campaign.credit, marks, legend_of(shown, words), bounds_of(marks))


# --- the week in motion ---------------------------------------------------------------------------------------------


def movie_pictures(
    view: ViewResult, campaign: Campaign, words: Words = ENGLISH, span: tuple[dt.date, dt.date] | None = None
) -> list[Picture]:
    """The movie's frames: a title card, each day of the span with the actions so far (the day's drawn larger) and
    the day's name and count, and a closing card with the figures (as the poster's) and the credit."""
    campaign = campaign.in_language(words)
    shown = shown_actions(view.shown)
    first, last = span or data_span(shown, (dt.date.today(), dt.date.today()))
    every = marks_of(shown)
    bounds, legend = bounds_of(every), legend_of(shown, words)
    days = pd.to_datetime(shown["date"], errors="coerce").dt.date if "date" in shown else pd.Series(dtype=object)
    opening = Picture(campaign.title, (words.span(first, last), words.t("day by day")), campaign.credit, (), legend, bounds, card=True)
    frames = [opening]
    day = first
    while day <= last:
        so_far = shown[(days <= day).to_numpy()] if len(shown) else shown
        that_day = int((days == day).sum()) if len(shown) else 0
        count = words.tn("{n} action that day", "{n} actions that day", that_day)
        total = words.tn("{n} so far", "{n} so far", len(so_far))
        frames.append(
            Picture(campaign.title, (words.date(day, "day"), f"{count} · {total}"), campaign.credit, marks_of(so_far, day), legend, bounds)
        )
        day += dt.timedelta(days=1)
    closing = Picture(
        campaign.title, (words.span(first, last), figures_line(shown, words)), campaign.credit, every, legend, bounds, card=True
    )
    return [*frames, closing]


# --- layout: shapes in pixels -------------------------------------------------------------------------------------


@functools.cache
def font_file() -> str | None:
    return next((path for path in FONT_FILES if Path(path).exists()), None)


@functools.lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_file()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def measure(text: str, size: int) -> float:
    return font(size).getlength(text)


def wrapped(text: str, size: int, width: float, most: int) -> list[str]:
    """Lines of `text` no wider than `width` at `size`, at most `most` (the last ends in '…' when cut): broken at
    spaces, and anywhere in a word too long for a line (Chinese and Korean titles have few spaces)."""
    lines: list[str] = []
    line = ""
    for word in re.findall(r"\S+\s*", CONTROL.sub("", text)) or [""]:
        if measure(line + word.rstrip(), size) <= width:
            line += word
            continue
        if line:
            lines.append(line.rstrip())
            line = ""
        for character in word:
            if measure(line + character, size) > width and line:
                lines.append(line.rstrip())
                line = ""
            line += character
    lines.append(line.rstrip())
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1]
        while last and measure(last + "…", size) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return [line for line in lines if line] or [""]


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline's top: where the line starts downwards
    text: str
    size: int
    colour: str = INK
    bold: bool = False
    anchor: str = "start"  # start, middle or end


@dataclass(frozen=True)
class Land:
    rings: tuple[tuple[tuple[float, float], ...], ...]  # a country's outer rings, in pixels


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    radius: float
    colour: str
    letter: str
    precision: str


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: str
    stroke: str = ""


def _mercator(lat):
    """Web Mercator's y of a latitude (or an array of them)."""
    return np.log(np.tan(np.pi / 4 + np.radians(np.clip(lat, -85.0, 85.0)) / 2))


def projection(bounds: tuple[float, float, float, float], box: Box) -> Callable[[float, float], tuple[float, float]]:
    """Lon/lat to pixels in `box`: Web Mercator, the bounds grown to the box's shape and centred. The function's
    `corner` is the box's top left (longitude in radians, Mercator y) and its `scale` the pixels a radian: where a
    tiled map (basemap.tiled_map) is cut from."""
    west, south, east, north = bounds
    x_span, y_low, y_high = math.radians(east - west), _mercator(south), _mercator(north)
    width, height = box.x1 - box.x0, box.y1 - box.y0
    scale = min(width / x_span, height / (y_high - y_low))
    middle_x, middle_y = math.radians((west + east) / 2), (y_low + y_high) / 2
    centre_x, centre_y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2

    def to_pixels(lon, lat):  # a point, or arrays of them
        return centre_x + (np.radians(lon) - middle_x) * scale, centre_y - (_mercator(lat) - middle_y) * scale

    to_pixels.corner = (middle_x + (box.x0 - centre_x) / scale, middle_y + (centre_y - box.y0) / scale)
    to_pixels.scale = scale
    return to_pixels


@functools.cache
def outlines() -> tuple[tuple[tuple[tuple[float, float], ...], ...], ...]:
    """Each country's outer rings as (lon, lat) pairs: the outlines the offline map draws."""
    from utils.map.assets import country_outlines

    countries = []
    for feature in country_outlines()["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        countries.append(tuple(tuple((float(lon), float(lat)) for lon, lat in polygon[0]) for polygon in polygons if polygon))
    return tuple(countries)


@dataclass(frozen=True)
class Raster:
    image: Image.Image
    box: Box


def layout(picture: Picture, width: int, height: int, tiles: TileSource | None = None, grounds: dict | None = None) -> tuple[list, list]:
    """The picture as shapes in a `width`×`height` frame: the map's (sea and land, or the tiles of `tiles` when they
    can be had) and the rest (the words, the legend, the marks). `grounds` keeps the map's shapes by where the map is
    (a movie's frames share one: its outlines projected and its tiles read once)."""
    unit = min(width, height) / 1080
    pad = round(48 * unit)
    title_size, line_size, small = round((64 if picture.card else 54) * unit), round(30 * unit), max(12, round(20 * unit))
    words: list = []
    y = pad
    for line in wrapped(picture.title, title_size, width - 2 * pad, 2):
        words.append(Text(pad, y, line, title_size, INK, True))
        y += round(title_size * 1.22)
    for line in picture.lines:
        for part in wrapped(line, line_size, width - 2 * pad, 2):
            words.append(Text(pad, y, part, line_size, SOFT))
            y += round(line_size * 1.35)
    top = y + round(12 * unit)
    legend_lines = _flow([_legend_width(item, small) for item in picture.legend], width - 2 * pad)
    footer = round(small * 1.5) * (max(legend_lines.values(), default=0) + 1 + (1 if picture.credit or tiles else 0)) + round(16 * unit)
    map_box = Box(pad, top, width - pad, round(max(top + 40, height - pad - footer)), SEA, BORDER)
    to_pixels = projection(picture.bounds, map_box)
    key = (picture.bounds, map_box, width, height)
    ground = grounds.get(key) if grounds is not None else None
    if ground is None:
        ground = _ground(map_box, to_pixels, width, height, tiles)
        if grounds is not None:
            grounds[key] = ground
    tiled = any(isinstance(shape, Raster) for shape in ground)
    marks: list = []
    radius = max(7.0, 18 * unit)
    if len(picture.marks) > MARKS_MOST:  # too many to draw one by one: counted cells, as the map draws them
        marks.extend(_cells(picture.marks, to_pixels, map_box, 64 * unit))
    for mark in sorted(picture.marks, key=lambda mark: mark.fresh) if len(picture.marks) <= MARKS_MOST else ():  # the day's on top
        x, y_mark = (float(value) for value in to_pixels(mark.lon, mark.lat))
        if map_box.x0 <= x <= map_box.x1 and map_box.y0 <= y_mark <= map_box.y1:
            colour, letter = KIND_STYLE[mark.kind]
            marks.append(Dot(x, y_mark, radius * (1.45 if mark.fresh else 1.0), colour, letter, mark.precision))
    if picture.card:  # the words large over a faded map
        marks = [Box(map_box.x0, map_box.y0, map_box.x1, map_box.y1, "#fffdf8cc")] + marks
    y = map_box.y1 + round(14 * unit)
    x, line = pad, 0
    for index, (word, colour, letter, precision) in enumerate(picture.legend):
        if legend_lines[index] != line:
            x, line, y = pad, legend_lines[index], y + round(small * 1.5)
        marks.append(Dot(x + small * 0.6, y + small * 0.6, small * 0.6, colour, letter, precision))
        words.append(Text(x + small * 1.5, y, word, small, SOFT))
        x += _legend_width(picture.legend[index], small)
    credit = " · ".join(part for part in (tiles.credit if tiled and tiles else "", picture.credit) if part)  # the tiles' first
    if credit:
        y += round(small * 1.5)
        words.append(Text(pad, y, wrapped(credit, small, width - 2 * pad, 1)[0], small, SOFT))
    return ground, marks + words


def _legend_width(item: tuple[str, str, str, str], size: int) -> float:
    return size * 2.4 + measure(item[0], size)


def _flow(widths: Sequence[float], room: float) -> dict[int, int]:
    """The line each of the legend's items goes on, in order, filling each line before the next."""
    lines, used, line = {}, 0.0, 0
    for index, width in enumerate(widths):
        if used and used + width > room:
            line, used = line + 1, 0.0
        lines[index] = line
        used += width
    return lines


def _ground(map_box: Box, to_pixels, width: int, height: int, tiles: TileSource | None) -> list:
    """The paper and the map: the tiles of `tiles` when they can be had, else the country outlines."""
    ground: list = [Box(0, 0, width, height, PAPER_COLOUR), map_box]
    size = (round(map_box.x1 - map_box.x0), round(map_box.y1 - map_box.y0))
    tiled = tiled_map(tiles, size, *to_pixels.corner, to_pixels.scale) if tiles is not None else None
    if tiled is not None:
        ground.append(Raster(tiled, map_box))
        return ground
    for country in outlines():
        rings = tuple(tuple((float(x), float(y)) for x, y in (to_pixels(lon, lat) for lon, lat in ring)) for ring in country)
        rings = tuple(ring for ring in rings if _overlaps(ring, map_box))
        if rings:
            ground.append(Land(rings))
    return ground


MARKS_MOST = 1500  # more marks than this are drawn as counted cells (as the map draws many): none hides another


def _cells(marks: Sequence[Mark], to_pixels, box: Box, size: float) -> list[Dot]:
    """The marks counted per square of `size` pixels, each square's count in a dark disc at its marks' middle."""
    xs, ys = to_pixels(np.array([mark.lon for mark in marks]), np.array([mark.lat for mark in marks]))
    inside = (xs >= box.x0) & (xs <= box.x1) & (ys >= box.y0) & (ys <= box.y1)
    xs, ys = xs[inside], ys[inside]
    if not len(xs):
        return []
    squares, where, counts = np.unique(
        np.stack([(xs - box.x0) // size, (ys - box.y0) // size], axis=1), axis=0, return_inverse=True, return_counts=True
    )
    middle_x = np.bincount(where.ravel(), weights=xs) / counts
    middle_y = np.bincount(where.ravel(), weights=ys) / counts
    most = max(2, int(counts.max()))
    return [
        Dot(float(x), float(y), size * (0.22 + 0.22 * math.log(count + 1) / math.log(most + 1)), CELL, f"{count:,}", "cell")
        for x, y, count in zip(middle_x, middle_y, counts.tolist(), strict=True)
    ]


def _overlaps(ring: Sequence[tuple[float, float]], box: Box) -> bool:
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    return max(xs) >= box.x0 and min(xs) <= box.x1 and max(ys) >= box.y0 and min(ys) <= box.y1


# --- renderers ----------------------------------------------------------------------------------------------------


def _clip(points: Sequence[tuple[float, float]], box: Box) -> list[tuple[float, float]]:
    return [(min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)) for x, y in points]


def draw(shapes: Sequence, image: Image.Image) -> Image.Image:
    """The shapes drawn on `image` (RGB), in order."""
    canvas = ImageDraw.Draw(image, "RGBA")
    map_box = next((shape for shape in shapes if isinstance(shape, Box) and shape.stroke), None)
    for shape in shapes:
        if isinstance(shape, Box):
            canvas.rectangle((shape.x0, shape.y0, shape.x1, shape.y1), fill=shape.fill, outline=shape.stroke or None)
        elif isinstance(shape, Raster):
            image.paste(shape.image, (round(shape.box.x0), round(shape.box.y0)))
            canvas.rectangle((shape.box.x0, shape.box.y0, shape.box.x1, shape.box.y1), outline=BORDER)
        elif isinstance(shape, Land):
            for ring in shape.rings:
                points = _clip(ring, map_box) if map_box else list(ring)
                if len(points) > 2:
                    canvas.polygon(points, fill=LAND, outline=BORDER)
        elif isinstance(shape, Dot):
            _dot(canvas, shape)
        elif isinstance(shape, Text):
            anchor = {"start": "la", "middle": "ma", "end": "ra"}[shape.anchor]
            stroke = max(1, shape.size // 28) if shape.bold else 0  # the font has one weight: bold drawn thicker
            canvas.text(
                (shape.x, shape.y),
                shape.text,
                font=font(shape.size),
                fill=shape.colour,
                anchor=anchor,
                stroke_width=stroke,
                stroke_fill=shape.colour,
            )
    return image


def _dot(canvas: ImageDraw.ImageDraw, dot: Dot) -> None:
    box = (dot.x - dot.radius, dot.y - dot.radius, dot.x + dot.radius, dot.y + dot.radius)
    line = max(2, round(dot.radius / 4))
    if dot.precision in ("exact", "venue", "cell"):
        canvas.ellipse(box, fill=dot.colour, outline="white", width=max(2, round(dot.radius / 6)))
        letter_colour = "white"
    elif dot.precision == "city":
        canvas.ellipse(box, fill="white", outline=dot.colour, width=line)
        letter_colour = dot.colour
    else:  # a region or a country: dashed, as the map draws it
        canvas.ellipse(box, fill=(255, 255, 255, 190))
        for start in range(0, 360, 30):
            canvas.arc(box, start, start + 18, fill=dot.colour, width=line)
        letter_colour = dot.colour
    size = max(8, round(dot.radius * (0.8 if dot.precision == "cell" else 1.05)))
    canvas.text((dot.x, dot.y), dot.letter, font=font(size), fill=letter_colour, anchor="mm")


def png(picture: Picture, size: tuple[int, int], tiles: TileSource | None = None) -> bytes:
    """The picture as a PNG of `size` pixels (over `tiles` when they can be had)."""
    ground, over = layout(picture, *size, tiles)
    image = draw(over, draw(ground, Image.new("RGB", size, PAPER_COLOUR)))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def svg(picture: Picture, paper: str = "a4") -> str:
    """The picture as an SVG on A4 or A3 (landscape), for print: text as text, in the picture's font."""
    width_mm, height_mm = PAPERS[paper]
    width, height = width_mm * PAPER_PX, height_mm * PAPER_PX
    ground, over = layout(picture, width, height)
    map_box = next(shape for shape in ground if isinstance(shape, Box) and shape.stroke)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_mm}mm" height="{height_mm}mm" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT_FAMILY}">',
        f"<title>{_text(picture.title)}</title>",
        f'<defs><clipPath id="map"><rect x="{map_box.x0}" y="{map_box.y0}" width="{map_box.x1 - map_box.x0}" height="{map_box.y1 - map_box.y0}"/></clipPath></defs>',
    ]
    for shape in [*ground, *over]:
        parts.append(_svg_shape(shape))
    parts.append("</svg>")
    return "\n".join(part for part in parts if part)


def _text(value: str) -> str:
    return escape_text(CONTROL.sub("", value))


def _svg_shape(shape) -> str:
    if isinstance(shape, Box):
        fill, opacity = (shape.fill[:7], int(shape.fill[7:], 16) / 255) if len(shape.fill) == 9 else (shape.fill, 1)
        stroke = f' stroke="{shape.stroke}"' if shape.stroke else ""
        return (
            f'<rect x="{shape.x0:.1f}" y="{shape.y0:.1f}" width="{shape.x1 - shape.x0:.1f}" height="{shape.y1 - shape.y0:.1f}" '
            f'fill="{fill}" fill-opacity="{opacity:.2f}"{stroke}/>'
        )
    if isinstance(shape, Land):
        path = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + " Z" for ring in shape.rings)
        return f'<path d="{path}" fill="{LAND}" stroke="{BORDER}" stroke-width="1" clip-path="url(#map)"/>'
    if isinstance(shape, Dot):
        line = max(2, round(shape.radius / 4))
        if shape.precision in ("exact", "venue", "cell"):
            circle, letter = f'fill="{shape.colour}" stroke="white" stroke-width="{max(2, round(shape.radius / 6))}"', "white"
        elif shape.precision == "city":
            circle, letter = f'fill="white" stroke="{shape.colour}" stroke-width="{line}"', shape.colour
        else:
            dash = shape.radius * math.pi / 10
            circle, letter = (
                f'fill="white" fill-opacity="0.75" stroke="{shape.colour}" stroke-width="{line}" stroke-dasharray="{dash:.1f} {dash * 0.66:.1f}"',
                shape.colour,
            )
        return (
            f'<circle cx="{shape.x:.1f}" cy="{shape.y:.1f}" r="{shape.radius:.1f}" {circle}/>'
            f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{round(shape.radius * (0.8 if shape.precision == "cell" else 1.05))}" fill="{letter}" '
            f'text-anchor="middle" dominant-baseline="central">{_text(shape.letter)}</text>'
        )
    if isinstance(shape, Text):
        weight = ' font-weight="bold"' if shape.bold else ""
        return (
            f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size}" fill="{shape.colour}"{weight} '
            f'text-anchor="{shape.anchor}" dominant-baseline="text-before-edge">{_text(shape.text)}</text>'
        )
    return ""


# --- the movie ------------------------------------------------------------------------------------------------------


MOVIE_SIZE = (1280, 720)
SECONDS_A_DAY = 1.5
SECONDS_A_CARD = 2.5


def movie_frames(pictures: Sequence[Picture], size: tuple[int, int] = MOVIE_SIZE, tiles: TileSource | None = None) -> Iterator[Image.Image]:
    """Each picture drawn, the map under it laid out and drawn once (every frame of a movie shares its bounds)."""
    grounds: dict[tuple, list] = {}
    drawn: dict[int, Image.Image] = {}
    for picture in pictures:
        ground, over = layout(picture, *size, tiles, grounds)
        if id(ground) not in drawn:
            drawn[id(ground)] = draw(ground, Image.new("RGB", size, PAPER_COLOUR))
        yield draw(over, drawn[id(ground)].copy())


def durations(pictures: Sequence[Picture], seconds_a_day: float = SECONDS_A_DAY) -> list[float]:
    return [SECONDS_A_CARD if picture.card else seconds_a_day for picture in pictures]


def gif(
    pictures: Sequence[Picture],
    size: tuple[int, int] = MOVIE_SIZE,
    seconds_a_day: float = SECONDS_A_DAY,
    progress=None,
    tiles: TileSource | None = None,
) -> bytes:
    """The movie as an animated GIF: one frame a picture, each shown its time, played round and round."""
    frames = []
    for done, frame in enumerate(movie_frames(pictures, size, tiles), start=1):
        frames.append(frame.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE))
        if progress:
            progress(done / len(pictures))
    out = io.BytesIO()
    times = [round(seconds * 1000) for seconds in durations(pictures, seconds_a_day)]
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=times, loop=0, optimize=True, disposal=1)
    return out.getvalue()


MOVIE_FPS = 10


def mp4(
    pictures: Sequence[Picture],
    target: Path,
    size: tuple[int, int] = MOVIE_SIZE,
    seconds_a_day: float = SECONDS_A_DAY,
    progress=None,
    tiles: TileSource | None = None,
) -> Path:
    """The movie as an MP4 (H.264, as every phone and slide programme plays it), encoded by the ffmpeg that
    imageio-ffmpeg brings: no system encoder needed."""
    import imageio_ffmpeg

    writer = imageio_ffmpeg.write_frames(
        str(target), size, fps=MOVIE_FPS, codec="libx264", pix_fmt_out="yuv420p", macro_block_size=8, ffmpeg_log_level="error", quality=7
    )
    writer.send(None)
    try:
        for done, (frame, seconds) in enumerate(
            zip(movie_frames(pictures, size, tiles), durations(pictures, seconds_a_day), strict=True), start=1
        ):
            data = frame.tobytes()
            for _ in range(max(1, round(seconds * MOVIE_FPS))):
                writer.send(data)
            if progress:
                progress(done / len(pictures))
    finally:
        writer.close()
    return target


# --- one call for a page or a command -------------------------------------------------------------------------------

CHOICES: dict[str, tuple[str, str, str]] = {  # what a person picks: its words, the file's ending and type
    "slide": (N_("Poster for a slide (PNG, 1920×1080)"), ".png", "image/png"),
    "square": (N_("Poster for a post (PNG, 1080×1080)"), ".png", "image/png"),
    "preview": (N_("Poster for a link preview (PNG, 1200×630)"), ".png", "image/png"),
    "a4": (N_("Poster to print (SVG, A4)"), ".svg", "image/svg+xml"),
    "a3": (N_("Poster to print (SVG, A3)"), ".svg", "image/svg+xml"),
    "gif": (N_("The days in motion (GIF)"), ".gif", "image/gif"),
    "mp4": (N_("The days in motion (MP4 video)"), ".mp4", "video/mp4"),
}


def make(
    choice: str,
    view: ViewResult,
    campaign: Campaign,
    words: Words = ENGLISH,
    span: tuple[dt.date, dt.date] | None = None,
    progress: Callable[[float], None] | None = None,
    tiles: TileSource | None = None,
) -> bytes:
    """The picture `choice` names (a key of CHOICES) of a view, as the bytes of its file; its map from `tiles` when
    online and they can be had (a PNG, GIF or MP4; an SVG to print keeps the outlines, as lines)."""
    if choice in ("gif", "mp4"):
        pictures = movie_pictures(view, campaign, words, span)
        if choice == "gif":
            return gif(pictures, progress=progress, tiles=tiles)
        with tempfile.TemporaryDirectory() as folder:
            return mp4(pictures, Path(folder) / "movie.mp4", progress=progress, tiles=tiles).read_bytes()
    picture = poster_picture(view, campaign, words, span)
    data = svg(picture, choice).encode("utf-8") if choice in PAPERS else png(picture, SIZES[choice], tiles)
    if progress:
        progress(1.0)
    return data
