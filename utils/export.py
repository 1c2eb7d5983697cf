"""What leaves the app: spreadsheet-safe CSV, GeoJSON of the placed actions, the offline story."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd

from utils import schema
from utils.campaign import BUNDLED, Campaign
from utils.fields import column_heads
from utils.i18n import ENGLISH, N_, Words
from utils.load import Problem
from utils.templates import template_text

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
) -> str:
    """One self-contained HTML file that plays the story of a view's dates (`span`, None for all dates; by default
    the campaign's first view): Leaflet, the outlines, the data and the player inside.

    Opened from a USB stick with no network it shows the outline basemap, the markers and
    the captions and plays day by day; `tiles` (a URL template) adds map tiles over the outlines.
    """
    from jinja2 import Template

    from utils import assets
    from utils.mapview import MARKER_CSS, MARKER_JS, marker_spec, script_json
    from utils.story import slide_index, story_slides, story_words

    campaign = campaign.in_language(words)
    span = campaign.home_span if span == "home" else span
    slides = story_slides(actions, max_days, campaign.opening, campaign.closing, words, span, campaign.week_spans)
    options = {
        "start": slide_index(slides, start),
        "embedded": embedded,
        "autoplay": autoplay,
        "tiles": tiles,
    }
    markers = marker_spec(words)
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


def _inline(text: str):
    """Code and JSON that go into the page as they are (script_json already made them safe in a <script>)."""
    from markupsafe import Markup

    return Markup(text.replace("</script", "<\\/script").replace("</style", "<\\/style"))


def main(argv: list[str] | None = None) -> int:
    """python -m utils.export story INPUT.csv -o story.html [--offline]
    python -m utils.export site DIR [--data INPUT.csv] [--offline] [--tiles URL]"""
    import argparse

    from utils.commands import add_mapping_arguments

    parser = argparse.ArgumentParser(prog="python -m utils.export", description="Export the actions of a CSV.")
    commands = parser.add_subparsers(dest="command", required=True)
    story = commands.add_parser("story", help="a single self-contained HTML file that plays the story day by day")
    story.add_argument(
        "input", type=Path, nargs="?", help="the actions (default: the published ones: the database's if the app uses one, else its CSV)"
    )
    story.add_argument("-o", "--output", type=Path, default=Path("story.html"))
    story.add_argument("--offline", action="store_true", help="no network for geocoding (cache and gazetteer only)")
    story.add_argument("--campaign", type=Path, help="the campaign file (default: beside the CSV, else from the CSV's own name and dates)")
    add_mapping_arguments(story)
    site = commands.add_parser("site", help="a read-only static site of the map, its player, filters and text, in every language")
    site.add_argument("directory", type=Path)
    site.add_argument(
        "--data",
        type=Path,
        help="the actions (default: the published ones, as the app shows them: the database's if SOLIDARITY_MAP_DATABASE_URL "
        "names one, else SOLIDARITY_MAP_DATA, else the bundled data/actions.csv)",
    )
    site.add_argument("--offline", action="store_true", help="no network for geocoding (cache and gazetteer only)")
    site.add_argument("--tiles", default="", help="a tile server's URL template over the offline outlines (default: none)")
    site.add_argument("--attribution", default="", help="the tiles' attribution, as their provider asks")
    site.add_argument("--campaign", type=Path, help="the campaign file (default: beside the CSV, else from the CSV's own name and dates)")
    add_mapping_arguments(site)
    args = parser.parse_args(argv)
    if args.command == "site":
        return _site(args)
    result, placed, campaign, _ = _placed(args.input, args)
    args.output.write_text(story_html(placed, campaign), encoding="utf-8")
    print(
        f"{args.output}: {len(placed)} actions, {len(result.problems)} load problems, {args.output.stat().st_size / 1e6:.1f} MB, plays with no network"
    )
    return 0


def _placed(source: Path | None, args):
    """What both commands start from: the file loaded as the options say (none given: the published actions, as the
    app shows them), its actions placed, its campaign (the campaign file given, else the one beside the file, else one
    made from the file), and the geocoder used."""
    from utils.campaign import campaign_beside, campaign_of_file, read_campaign
    from utils.commands import published_actions, settings_and_actions
    from utils.geocode import default_geocoder, geocode_actions

    if source is None:
        settings, result, source = published_actions()
    else:
        settings, result = settings_and_actions(source, args)
    geocoder = default_geocoder(settings, offline=args.offline or settings.offline)
    placed = geocode_actions(result.actions, geocoder)
    campaign_file = args.campaign or campaign_beside(source)
    campaign = read_campaign(campaign_file) if campaign_file else campaign_of_file(source.name, placed, uploaded=False)
    return result, placed, campaign, geocoder


def _site(args) -> int:
    from utils.site import site_parts, write_site
    from utils.tiles import TILED_FROM

    result, placed, campaign, geocoder = _placed(args.data, args)
    gazetteer = geocoder.gazetteer
    other_names = gazetteer.scripts_of if gazetteer else None
    written = write_site(
        args.directory, site_parts(placed, campaign, tiles=args.tiles, attribution=args.attribution, other_names=other_names)
    )
    size = sum(path.stat().st_size for path in written) / 1e6
    actions = placed[~placed["action_kind"].isin(schema.FRAME_KINDS)]
    on_map = int((actions["unplaced_reason"] == "").sum())
    tiled = (
        f" Over {TILED_FROM:,} actions the map is tiled: it loads the part in view, and offers no search."
        if len(actions) > TILED_FROM
        else ""
    )
    print(
        f"{args.directory}: {len(written)} files, {size:.1f} MB; {len(actions)} actions ({on_map} on the map), {len(result.problems)} load problems."
        f"{tiled} Serve the folder with any static host (try: python -m http.server -d {args.directory})."
    )
    return 0


if __name__ == "__main__":
    from utils.commands import run

    run(main)
