"""What leaves the app: spreadsheet-safe CSV, GeoJSON of the placed actions, the offline story."""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from collections.abc import Mapping

import pandas as pd

from utils.actions import schema
from utils.actions.campaign import BUNDLED, Campaign
from utils.actions.load import Problem
from utils.i18n import ENGLISH, N_, Words
from utils.map.templates import template_text
from utils.photos.shelf import drawn_photos
from utils.view.fields import column_heads

# Columns an analyst gets, in the schema's order; the extra columns of their own file follow.
EXPORT_COLUMNS = schema.ALL_COLUMN_NAMES


def view_table(actions: pd.DataFrame, words: Words | None = None) -> pd.DataFrame:
    """The actions as an analyst downloads them: our columns first, then the file's own extras. Given `words` of
    another language than English, our columns are headed in it (the loader reads those heads back)."""
    ours = [name for name in EXPORT_COLUMNS if name in actions.columns]
    table = actions[ours + [name for name in actions.columns if name not in ours]]
    if words is None or words.english:
        return table
    heads = column_heads(words)
    return table.rename(columns={name: heads[name] for name in ours if name in heads})


def _plain(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def geojson(actions: pd.DataFrame) -> dict:
    """The placed actions as an RFC 7946 FeatureCollection: WGS 84, longitude first, no 'crs'."""
    table = view_table(actions)
    placed = table[table["lat"].notna() & table["lon"].notna()]
    features = []
    for action in placed.to_dict("records"):
        coordinates = [round(float(action.pop("lon")), 6), round(float(action.pop("lat")), 6)]
        properties = {name: _plain(value) for name, value in action.items()}
        features.append(
            {
                "type": "Feature",
                "id": str(action.get("id", "")),
                "geometry": {"type": "Point", "coordinates": coordinates},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(actions: pd.DataFrame) -> bytes:
    return json.dumps(geojson(actions), ensure_ascii=False, indent=1).encode("utf-8")


PROBLEM_HEADS = {"row": N_("row"), "column": N_("column"), "value": N_("value"), "problem": N_("problem"), "kept": N_("kept")}


def problems_table(problems: list[Problem] | tuple[Problem, ...], words: Words = ENGLISH) -> pd.DataFrame:
    """The load problems, one a row; headed in the chosen language (the messages themselves are in English)."""
    rows = [
        {
            "row": problem.number,  # a sheet's row, a GeoJSON's feature or a KML's placemark, as the message says
            "column": problem.column or "",
            "value": problem.value,
            "problem": words.say(problem.message),
            "kept": problem.severity != "error",
        }
        for problem in problems
    ]
    table = pd.DataFrame(rows, columns=list(PROBLEM_HEADS))
    return table if words.english else table.rename(columns={name: words.t(head) for name, head in PROBLEM_HEADS.items()})


# --- the story as one file ---------------------------------------------------------


def story_html(
    actions: pd.DataFrame,
    campaign: Campaign = BUNDLED,
    start: str = "",
    embedded: bool = False,
    tiles: str = "",
    autoplay: bool = False,
    max_days: int = 366,
    words: Words = ENGLISH,
    span: tuple[dt.date, dt.date] | None | str = "home",
    photos: Mapping[str, bytes] | None = None,
) -> str:
    """One self-contained HTML file that plays the story of a view's dates (`span`, None for all dates; by default
    the campaign's first view): Leaflet, the outlines, the data and the player inside.

    Opened from a USB stick with no network it shows the outline basemap, the markers and
    the captions and plays day by day; `tiles` (a URL template) adds map tiles over the outlines.
    """
    from jinja2 import Template

    from utils.map import assets
    from utils.map.mapview import MARKER_CSS, MARKER_JS, marker_spec, script_json
    from utils.view.story import slide_index, story_slides, story_words

    campaign = campaign.in_language(words)
    span = campaign.home_span if span == "home" else span
    slides = story_slides(actions, max_days, campaign.opening, campaign.closing, words, span, campaign.week_spans)
    options = {
        "start": slide_index(slides, start),
        "embedded": embedded,
        "autoplay": autoplay,
        "tiles": tiles,
    }
    markers = marker_spec(words, inline=_inline_photos(actions, photos or {}))
    say = story_words(words)
    return Template(template_text("story.html"), autoescape=True).render(
        title=words.t("{title}, day by day", title=campaign.title),
        credit=campaign.credit,
        language=words.code if campaign.languages.get(words.code) or campaign.file_name else campaign.language,
        say=say,
        say_json=_inline(script_json(say)),
        leaflet_css=_inline(assets.inline_text("leaflet_css")),
        leaflet_js=_inline(assets.inline_text("leaflet_js")),
        marker_css=_inline(MARKER_CSS),
        marker_js=_inline(MARKER_JS),
        story_json=_inline(script_json([slide.as_json() for slide in slides])),
        outlines_json=_inline(script_json(assets.country_outlines())),
        options_json=_inline(script_json(options)),
        marker_json=_inline(script_json(markers)),
    )


def _inline_photos(actions: pd.DataFrame, photos: Mapping[str, bytes]) -> dict[str, str]:
    """The photos the actions name (their first, as a card shows it) that `photos` holds, as data: URLs: the story file
    carries them inside it, so its cards show them with no network."""
    if not photos:
        return {}
    named = drawn_photos(actions, first=True)
    return {name: "data:image/jpeg;base64," + base64.b64encode(photos[name]).decode("ascii") for name in sorted(named) if name in photos}


def _inline(text: str):
    """Code and JSON that go into the page as they are (script_json already made them safe in a <script>)."""
    from markupsafe import Markup

    return Markup(text.replace("</script", "<\\/script").replace("</style", "<\\/style"))
