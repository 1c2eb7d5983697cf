"""python -m utils export story [INPUT.csv] -o story.html [--offline]
python -m utils export site DIR [--data INPUT.csv] [--offline] [--tiles URL]
python -m utils export poster [INPUT.csv] -o poster.png|poster.svg [--size square|preview|slide] [--paper a4|a3] [--language ko]
python -m utils export movie [INPUT.csv] -o week.gif|week.mp4 [--language ko]"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from utils.actions import schema
from utils.actions.campaign import campaign_beside, campaign_of_file, read_campaign
from utils.actions.loaded import Loaded, place
from utils.cli.common import add_mapping_arguments, published_actions, settings_and_actions
from utils.i18n import LANGUAGES, words_in
from utils.photos.shelf import drawn_photos, operator_photos, photo_files
from utils.places.geocode import Geocoder, default_geocoder
from utils.publish import poster
from utils.publish.basemap import tile_source
from utils.publish.export import story_html
from utils.publish.site import site_parts, write_site
from utils.publish.tiles import TILED_FROM
from utils.settings import Settings
from utils.view.filters import ViewFilter, ViewResult, apply


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils export", description="Export the actions of a CSV.")
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
    site.add_argument(
        "--address",
        default="",
        help="where the site is published (https://…/): a link shared on social media then shows the site's poster",
    )
    site.add_argument("--campaign", type=Path, help="the campaign file (default: beside the CSV, else from the CSV's own name and dates)")
    add_mapping_arguments(site)
    for name, help_text, default in (
        ("poster", "a picture of the view to share: PNG (--size) or SVG for print (--paper), drawn with no browser", "poster.png"),
        ("movie", "the days one after another as an animated GIF or an MP4 (by the name's ending), drawn with no browser", "week.gif"),
    ):
        picture = commands.add_parser(name, help=help_text)
        picture.add_argument("input", type=Path, nargs="?", help="the actions (default: the published ones, as the app shows them)")
        picture.add_argument("-o", "--output", type=Path, default=Path(default))
        picture.add_argument("--language", choices=[language.code for language in LANGUAGES], default="en")
        picture.add_argument("--dates", default="", help="FIRST..LAST (YYYY-MM-DD), or all (default: the campaign's first view)")
        picture.add_argument("--offline", action="store_true", help="no network for geocoding (cache and gazetteer only)")
        picture.add_argument("--campaign", type=Path, help="the campaign file (default: beside the CSV, else from the CSV's own name)")
        add_mapping_arguments(picture)
    parsers = commands.choices
    parsers["poster"].add_argument("--size", choices=sorted(poster.SIZES), default="slide", help="a PNG's size (default: slide, 1920×1080)")
    parsers["poster"].add_argument("--paper", choices=sorted(poster.PAPERS), default="a4", help="an SVG's paper, landscape (default: a4)")
    args = parser.parse_args(argv)
    if args.command == "site":
        return _site(args)
    if args.command in ("poster", "movie"):
        return _picture(args, parser)
    placed = _placed(args.input, args)
    actions = placed.loaded.actions
    carried = placed.photos(drawn_photos(actions, first=True))  # each card's first photo, carried inside the file
    args.output.write_text(story_html(actions, placed.loaded.campaign, photos=carried), encoding="utf-8")
    print(
        f"{args.output}: {len(actions)} actions, {len(carried)} photos, {len(placed.loaded.problems)} load problems, "
        f"{args.output.stat().st_size / 1e6:.1f} MB, plays with no network"
    )
    return 0


class Placed(NamedTuple):
    settings: Settings
    loaded: Loaded  # the actions placed, their photos copied, with every problem of the file and of its photos
    geocoder: Geocoder
    photos: Callable[[Iterable[str]], dict[str, bytes]]  # the named photos' bytes (the database's published ones, the shelf's copies)


def _placed(source: Path | None, args) -> Placed:
    """What every command here starts from: the file loaded as the options say (none given: the published actions, as
    the app shows them), placed by the one path the app's pages take (loaded.place: its actions placed, its photos
    copied), with its campaign (the campaign file given, else the one beside the file, else one made from the file)."""
    if source is None:
        settings, result, source = published_actions()
    else:
        settings, result = settings_and_actions(source, args)
    offline = args.offline or settings.offline
    geocoder = default_geocoder(settings, offline=offline)
    copies = operator_photos(settings, source.parent, offline)  # the photos it names: beside it, or linked
    campaign_file = args.campaign or campaign_beside(source)
    campaign = read_campaign(campaign_file) if campaign_file else None
    loaded = place(
        result, source.name, "", geocoder, lambda placed: campaign or campaign_of_file(source.name, placed, uploaded=False), photos=copies
    )
    for problem in loaded.problems[len(result.problems) :]:  # the photos' own: the file's were said when it was read
        print(f"{source.name}: {problem}")
    return Placed(settings, loaded, geocoder, lambda names: _photo_files(settings, names, copies))


def _view_of(placed: pd.DataFrame, span: tuple[dt.date, dt.date] | None) -> ViewResult:
    """The view the app shows for these dates (None: all of them): a picture counts what the Map page counts."""
    return apply(placed, ViewFilter(*(span or (None, None))))


def _photo_files(settings, names, copies) -> dict[str, bytes]:
    """The named photos' bytes: the database's published ones (when the app uses one), then the shelf's copies."""
    if not settings.uses_database:
        return photo_files(names, copies.shelf.data)
    from utils.live.store import Store, database_url

    store = Store(database_url(settings.database_url))
    try:
        return photo_files(names, store.published_photo_file, copies.shelf.data)
    finally:
        store.engine.dispose()


def _picture(args, parser: argparse.ArgumentParser) -> int:
    """`export poster` and `export movie`: the view's picture, or the days one after another, in the file named."""
    suffix = args.output.suffix.lower()
    wanted = {"poster": (".png", ".svg"), "movie": (".gif", ".mp4")}[args.command]
    if suffix not in wanted:
        parser.error(f"-o {args.output}: a {args.command} is written as {' or '.join(wanted)}")
    try:
        chosen = poster.chosen_span(args.dates)
    except ValueError as error:
        parser.error(f"--dates {args.dates!r}: {error}")
    placed = _placed(args.input, args)
    campaign = placed.loaded.campaign
    span = campaign.home_span if chosen == "home" else chosen
    view = _view_of(placed.loaded.actions, span)
    choice = {".png": args.__dict__.get("size"), ".svg": args.__dict__.get("paper"), ".gif": "gif", ".mp4": "mp4"}[suffix]
    tiles = tile_source(placed.settings, offline=args.offline or placed.settings.offline)  # over the site's tiles when online
    args.output.write_bytes(poster.make(choice, view, campaign, words_in(args.language), span, tiles=tiles))
    counted = len(poster.shown_actions(view.shown)) + len(poster.shown_actions(view.undated))
    print(f"{args.output}: {counted} actions, {args.output.stat().st_size / 1e6:.1f} MB, {len(placed.loaded.problems)} load problems")
    return 0


def _site(args) -> int:
    made = _placed(args.data, args)
    placed, campaign = made.loaded.actions, made.loaded.campaign
    gazetteer = made.geocoder.gazetteer
    other_names = gazetteer.scripts_of if gazetteer else None
    photos = made.photos(drawn_photos(placed))  # written beside the page
    parts = site_parts(
        placed, campaign, tiles=args.tiles, attribution=args.attribution, other_names=other_names, photos=bool(photos), address=args.address
    )
    span = campaign.home_span  # the site's first view, as its link preview's poster (in the campaign's own language)
    preview = poster.make("preview", _view_of(placed, span), campaign, words_in(campaign.language), span)
    written = write_site(args.directory, parts, photos, preview)
    size = sum(path.stat().st_size for path in written) / 1e6
    actions = placed[~placed["action_kind"].isin(schema.FRAME_KINDS)]
    on_map = int((actions["unplaced_reason"] == "").sum())
    tiled = (
        f" Over {TILED_FROM:,} actions the map is tiled: it loads the part in view, and offers no search."
        if len(actions) > TILED_FROM
        else ""
    )
    print(
        f"{args.directory}: {len(written)} files, {size:.1f} MB; {len(actions)} actions ({on_map} on the map), {len(made.loaded.problems)} load problems."
        f"{tiled} Serve the folder with any static host (try: python -m http.server -d {args.directory})."
    )
    return 0
