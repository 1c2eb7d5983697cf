"""The public map as a static site: `python -m utils export site DIR` writes HTML, JS, CSS and the data as JSON.

Any static host or CDN serves it to any number of visitors; the Streamlit app stays where campaigners and
analysts work. It shows the map, the timeline with its player, the filters by country and kind, the text view,
in every language of the site; a link to a view says what the dashboard's does (`dates`, `from`, `to`, `day`,
`country`, `kind`, `q`, `action`, `lang`), so one link opens the same view on either.

Pure: actions and a campaign in, files (path -> text) out; `write_site` puts them in a folder.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from utils.actions.campaign import Campaign
from utils.actions.schema import SIGNATURE_KINDS, organisation_names
from utils.escape import escape_text
from utils.i18n import LANGUAGES, Language, Words, words_in
from utils.map import assets
from utils.map.mapview import KIND_INDEX, KIND_STYLE, MARKER_CSS, MARKER_JS, PRECISIONS, marker_rows, marker_spec, script_json
from utils.map.templates import template_text
from utils.photos.clean import SERVED_NAME
from utils.publish import tiles as tiling
from utils.publish.tiles import LEAF_MOST, TILED_FROM
from utils.view.fields import days_written, kind_word, reason_word, text_of
from utils.view.filters import SEARCHED, link_words
from utils.view.story import captions_of, story_words
from utils.view.timeline import is_frame

# an action of the view, as the page filters and lists it; its marker (if placed) is a row of mapview.marker_rows
# `names` (its organisations, casefolded, one per line), `people` (a count or null) and `signatures` (a petition's
# count is of signatures) make the line of figures, counted as the dashboard's (timeline.headline) counts them
UNPLACED_PAGE = 200  # a tiled site's actions with no place, per file (the list shows a page, and more on asking)
LEAF_BATCH = 20_000  # leaves' actions worked out together

SITE_FIELDS = ("id", "day", "until", "country", "kind", "caption", "day_words", "why", "search", "names", "people", "signatures")


def site_files(actions: pd.DataFrame, campaign: Campaign, **options) -> dict[str, str]:
    """Every file of the site but the map's own scripts (`write_site` copies those), by path: `site_parts` in one dict
    (for a small site, or to read one file; a tiled site's many files are better written one by one)."""
    return dict(site_parts(actions, campaign, **options))


def site_parts(
    actions: pd.DataFrame,
    campaign: Campaign,
    tiles: str = "",
    attribution: str = "",
    other_names: Callable[[str, str], list[str]] | None = None,
    languages: tuple[Language, ...] = LANGUAGES,
    tiled_from: int = TILED_FROM,
    leaf_most: int = LEAF_MOST,
    photos: bool = False,
    address: str = "",
) -> Iterator[tuple[str, str]]:
    """The site's files one by one (path, text): the page, its code, and per language the campaign's words, the
    interface's words and the actions. `other_names(city, country_code)` gives a city's names in other scripts (the
    gazetteer's `scripts_of`), so a search for 首尔 finds Seoul. Above `tiled_from` actions the map is tiled
    (utils/publish/tiles.py): each language's data file holds the counts, and the actions are in tiles fetched as needed.
    `photos`: the published photos the actions name are written beside the page (write_site's `photos`), so the cards
    draw them; without, a card says a photo exists. The page's head names the campaign and its poster (write_site's
    `poster`, POSTER beside the page) for link previews; `address` is where the site is published (a preview's image
    wants a full URL)."""
    actions = actions[~is_frame(actions)]  # a campaign's week is a band on the timeline, not an action
    tiled = len(actions) > tiled_from
    config = {
        "languages": [{"code": one.code, "name": one.name, "matches": list(one.matches)} for one in languages],
        "tiles": tiles,
        "attribution": attribution,
        "kinds": list(KIND_STYLE),
        "link": link_words(),  # the link's words, as the dashboard declares them (utils/view/filters.py)
    }
    page = template_text("site.html").replace("SITE_CONFIG", script_json(config))
    yield "index.html", page.replace("SITE_TITLE", escape_text(campaign.title)).replace("SITE_PREVIEW", preview_tags(campaign, address))
    yield "site.js", template_text("site.js")
    yield "site.css", template_text("site.css")
    yield "markers.js", MARKER_JS
    yield "markers.css", MARKER_CSS
    if not tiled:
        searched = _searched(actions, other_names)
        for language in languages:
            yield f"data/{language.code}.json", script_json(site_data(actions, campaign, words_in(language.code), searched, photos))
        return
    yield from _tiled_parts(actions, campaign, languages, leaf_most, photos)


def _tiled_parts(
    actions: pd.DataFrame, campaign: Campaign, languages: tuple[Language, ...], leaf_most: int, photos: bool = False
) -> Iterator[tuple[str, str]]:
    """A big file's site: per language its data file (the counts, no actions) and the unplaced actions in pages; the
    tiles of cells; the leaves' actions per language; the index from an action's id to its leaf."""
    actions = actions.reset_index(drop=True)
    placed_mask = (actions["lat"].notna() & actions["lon"].notna()).to_numpy()
    placed = actions[placed_mask].reset_index(drop=True)
    dims = tiling.dimensions(actions)
    placed_dims = tiling.Dimensions(dims.spans, dims.span[placed_mask], dims.kind[placed_mask], dims.countries, dims.country[placed_mask])
    pyramid = tiling.pyramid(placed["lat"].to_numpy(), placed["lon"].to_numpy(), leaf_most)
    unplaced = actions[~placed_mask]
    pages = max(1, -(-len(unplaced) // UNPLACED_PAGE))
    shards = max(1, -(-len(placed) // tiling.PER_SHARD))
    tiled = {
        "total": len(actions),
        "placed": len(placed),
        "spans": dims.spans,
        "codes": dims.countries,
        "counts": tiling.summary_counts(actions, dims, placed_mask),
        "organisations": tiling.organisation_counts(actions, [(week.first.isoformat(), week.last.isoformat()) for week in campaign.weeks]),
        "kinds": sorted({int(kind) for kind in np.unique(dims.kind)}),
        "signature_kinds": [KIND_INDEX[kind] for kind in SIGNATURE_KINDS if kind in KIND_INDEX],
        "root": (tiling.LEAF if pyramid[0].leaf else tiling.CELLS) if pyramid and len(placed) else tiling.EMPTY,
        "unplaced_pages": pages,
        "shards": shards,
        "leaf_most": leaf_most,
    }
    for language in languages:
        words = words_in(language.code)
        data = site_data(unplaced.iloc[:0], campaign, words, photos=photos)
        data["countries"] = [[code, words.country(code)] for code in sorted((code for code in dims.countries if code), key=words.country)]
        data["tiled"] = tiled
        yield f"data/{language.code}.json", script_json(data)
        for page in range(pages):  # no search on a tiled site (tiles.py): the rows carry no search text
            part = unplaced.iloc[page * UNPLACED_PAGE : (page + 1) * UNPLACED_PAGE]
            yield f"data/unplaced/{language.code}/{page}.json", script_json(_site_rows(part, words))
    below = tiling.children(pyramid)
    index: dict[int, dict[str, str]] = {}
    ids = text_of(placed, "id").tolist()
    for tile in pyramid:
        if not tile.leaf:
            yield f"tiles/{tile.key}.json", script_json(tiling.cell_tile(placed, tile, placed_dims, below[tile.key]))
            yield f"tiles/{tile.key}.c.json", script_json(tiling.cell_tile(placed, tile, placed_dims, below[tile.key], by_country=True))
            continue
        for row in tile.rows:
            index.setdefault(tiling.shard_of(ids[row], shards), {})[ids[row]] = tile.key
    yield from _leaf_parts(placed, [tile for tile in pyramid if tile.leaf], languages)
    for shard in range(shards):
        yield f"tiles/index/{shard}.json", script_json(index.get(shard, {}))


def _leaf_parts(placed: pd.DataFrame, leaves: list[tiling.Tile], languages: tuple[Language, ...]) -> Iterator[tuple[str, str]]:
    """Each leaf's actions per language, as the small site's rows and markers: worked out for many leaves at once
    (a few thousand actions' worth), so a million actions take seconds, not a pandas call per leaf."""
    batch: list[tiling.Tile] = []
    for number, leaf in enumerate(leaves):
        batch.append(leaf)
        if sum(len(tile.rows) for tile in batch) < LEAF_BATCH and number < len(leaves) - 1:
            continue
        part = placed.iloc[np.concatenate([tile.rows for tile in batch])]
        for language in languages:
            words = words_in(language.code)
            rows, markers = _site_rows(part, words, leaf=True), marker_rows(part, words)
            start = 0
            for tile in batch:
                end = start + len(tile.rows)
                yield f"tiles/{language.code}/{tile.key}.json", script_json({"rows": rows[start:end], "markers": markers[start:end]})
                start = end
        batch = []


def _searched(actions: pd.DataFrame, other_names: Callable[[str, str], list[str]] | None) -> pd.Series:
    """What a search reads of each action besides its caption: its own words, its country's names in every language
    of the site, its kind's, and its city's names in other scripts; each distinct place looked up once."""
    own = [text_of(actions, name) for name in SEARCHED if name != "action_kind"]  # the dashboard's, kinds in words below
    text = own[0].str.cat(own[1:], sep=" ") if own else pd.Series("", index=actions.index)
    codes = text_of(actions, "country_code")
    countries = {code: " ".join(sorted({words_in(one.code).country(code) for one in LANGUAGES})) for code in codes.unique() if code}
    kinds = {
        kind: " ".join(sorted({kind_word(kind, words_in(one.code)) for one in LANGUAGES}))
        for kind in text_of(actions, "action_kind").unique()
    }
    places = text_of(actions, "city").where(text_of(actions, "city") != "", text_of(actions, "geo_label").str.split(",").str[0].fillna(""))
    scripts = {}
    if other_names is not None:
        scripts = {(place, code): " ".join(other_names(place, code)) for place, code in set(zip(places, codes, strict=True)) if place}
    return (
        text
        + " "
        + codes.map(countries).fillna("")
        + " "
        + text_of(actions, "action_kind").map(kinds).fillna("")
        + " "
        + pd.Series([scripts.get(key, "") for key in zip(places, codes, strict=True)], index=actions.index)
    ).str.casefold()


def site_data(actions: pd.DataFrame, campaign: Campaign, words: Words, searched: pd.Series | None = None, photos: bool = False) -> dict:
    """One language's file: the campaign's words, the interface's, the countries' names, the actions and markers."""
    campaign = campaign.in_language(words)
    searched = _searched(actions, None) if searched is None else searched
    codes = sorted({code for code in actions.get("country_code", pd.Series(dtype=str)) if code}, key=words.country)
    return {
        "language": words.code,
        "campaign": {
            "title": campaign.title,
            "subject": campaign.subject,
            "credit": campaign.credit,
            "weeks": [
                {"name": week.label_in(words), "first": week.first.isoformat(), "last": week.last.isoformat()} for week in campaign.weeks
            ],
            "home": [day.isoformat() if day else "" for day in campaign.home],
        },
        "words": site_words(words),
        "countries": [[code, words.country(code)] for code in codes],
        "kinds": [[kind, kind_word(kind, words)] for kind in KIND_STYLE],
        "fields": list(SITE_FIELDS),
        "actions": _site_rows(actions, words, searched),
        "markers": marker_spec(words, "./" if photos else ""),  # the photos written beside the page (write_site)
        "legend": {
            "kinds": [[kind, KIND_STYLE[kind][0], KIND_STYLE[kind][1], kind_word(kind, words)] for kind in KIND_STYLE],
            "precisions": [[precision, words.t(said)] for precision, said in PRECISIONS],
        },
        "marker_rows": marker_rows(actions, words) if len(actions) else [],
    }


def _site_rows(actions: pd.DataFrame, words: Words, searched: pd.Series | None = None, leaf: bool = False) -> list[list]:
    """The actions as rows of SITE_FIELDS, in a language. A tiled site's leaf leaves out what only the small site reads
    (the search text, the names counted, why an action has no place): its figures are counted in tiles.py."""
    if actions.empty:
        return []
    kinds = text_of(actions, "action_kind")
    blank = pd.Series("", index=actions.index)
    searched = blank if searched is None or leaf else searched
    columns = {  # by SITE_FIELDS' names, so the browser reads a row by name as it reads a marker's
        "id": text_of(actions, "id"),
        "day": actions["date"].dt.strftime("%Y-%m-%d").fillna(""),  # as a link says a day
        "until": actions["date_end"].dt.strftime("%Y-%m-%d").fillna(""),
        "country": text_of(actions, "country_code"),
        "kind": kinds.where(kinds != "", "other"),
        "caption": [caption.text for caption in captions_of(actions, words)],
        "day_words": days_written(actions["date"], words, "day").where(actions["date"].notna(), words.t("No date")),
        "why": blank if leaf else text_of(actions, "unplaced_reason").map(lambda reason: reason_word(reason, words)),
        "search": searched,
        "names": blank
        if leaf
        else text_of(actions, "organisations").map(lambda cell: "\n".join(name.casefold() for name in organisation_names(cell))),
        "people": [None if pd.isna(count) else int(count) for count in actions["participants"]],
        "signatures": kinds.isin(SIGNATURE_KINDS).map(int),
    }
    return [list(row) for row in zip(*(list(columns[name]) for name in SITE_FIELDS), strict=True)]


def site_words(words: Words) -> dict[str, str]:
    """The page's own words in a language (the player's are the story file's)."""
    return {
        **story_words(words),
        "language": words.t("Language"),
        "filters": words.t("Filters"),
        "dates": words.t("Dates"),
        "all_dates": words.t("All dates"),
        "country": words.t("Country"),
        "kind": words.t("Kind of action"),
        "search": words.t("Search"),
        "search_hint": words.t("words in any field"),
        "all_days": words.t("All days"),
        "play_days": words.t("▶ Play the days"),
        "shown": words.t("{shown} of {all} actions on the map"),
        "none": words.t("No action matches these filters. Widen the dates or clear a filter in the sidebar."),
        "not_on_map": words.t("Not on the map ({n})"),
        "not_on_map_why": words.t("Counted in the figures above, with why they have no place."),
        "day_by_day": words.t("The actions day by day, as text"),
        "actions_per_day": words.t("Actions per day"),
        "clear": words.t("Clear the filters"),
        "map": words.t("Map of the day's actions"),
        "static_note": words.t("A published copy of the map: it reads no data from a server, and a link to a view opens the same view."),
        "one_action": words.forms("{n} action", "{n} actions")[0],
        "many_actions": words.forms("{n} action", "{n} actions")[1],
        # the line of figures, as the dashboard's Map page says it
        **_figure_words(words),
        "legend": words.t("Legend"),
        "legend_kind": words.t("Kind of action"),
        "legend_precise": words.t("How precise"),
        "share": words.t("Share this view"),
        "share_link": words.t("The link opens exactly this view: dates, day, filters, selection and language."),
        "copy": words.t("Copy the link"),
        "copied": words.t("Copied"),
        "embed": words.t("To show it on another site, paste this:"),
        # a tiled site's (utils/publish/tiles.py)
        "tiled_note": words.t(
            "This map holds {n} actions: it loads the part in view as you move. It filters by dates, day, country and kind; "
            "searching their words is on the dashboard, and organisations are counted here for a day, a campaign week or all dates, "
            "without a kind or country filter."
        ),
        "on_screen": words.t("The actions on screen, day by day"),
        "zoom_to_list": words.t("Zoom in to list the actions on screen"),
        "show_more": words.t("Show more"),
        "tiles_failed": words.t("Part of the map could not be loaded: move the map to try again."),
    }


def _figure_words(words: Words) -> dict[str, str]:
    """The line of figures' words, each pair of forms asked once."""
    said = {}
    for name, singular, plural in (
        ("action", "action", "actions"),
        ("country", "country", "countries"),
        ("organisation", "organisation", "organisations"),
    ):
        said[f"figure_{name}"], said[f"figure_{plural}"] = words.forms(singular, plural)
    said["undated_one"], said["undated"] = words.forms(
        "and {n} action with no date, listed below the map", "and {n} actions with no date, listed below the map"
    )
    said["undated_signed"] = words.forms(
        "and {n} action with no date ({signatures} signatures), listed below the map",
        "and {n} actions with no date ({signatures} signatures), listed below the map",
    )[1]
    said.update(
        figure_people=words.t("people taking part"),
        figure_signatures=words.t("signatures"),
        no_count=words.t("{some} of {all} give no count"),
    )
    return said


POSTER = "poster.png"  # the site's picture for link previews (Open Graph, Twitter cards): 1200×630


def preview_tags(campaign: Campaign, address: str = "") -> str:
    """The head's tags that make a shared link show the campaign and its poster (Open Graph, Twitter cards): read by
    the sites a link is posted on, which run no script. Every value passes through escape_text."""
    image = f"{address.rstrip('/')}/{POSTER}" if address else POSTER
    tags = [
        ("property", "og:type", "website"),
        ("property", "og:title", campaign.title),
        ("property", "og:description", campaign.subject),
        ("property", "og:image", image),
        ("property", "og:image:width", "1200"),
        ("property", "og:image:height", "630"),
        ("property", "og:image:alt", campaign.title),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", campaign.title),
        ("name", "twitter:description", campaign.subject),
        ("name", "twitter:image", image),
        ("name", "description", campaign.subject),
    ]
    if address:
        tags.insert(1, ("property", "og:url", address))
    return "\n".join(f'<meta {kind}="{name}" content="{escape_text(value)}">' for kind, name, value in tags if value)


def write_site(
    directory: Path,
    files: Mapping[str, str] | Iterable[tuple[str, str]],
    photos: Mapping[str, bytes] | None = None,
    poster: bytes | None = None,
) -> list[Path]:
    """The site's files (a dict, or `site_parts`' pairs one by one) into `directory`, with Leaflet and its clustering
    beside them (no CDN), and `photos` (by their names in a photo cell, 'photos/<digest>.jpg', as the store keeps them:
    clean) beside the page: every path written."""
    directory = Path(directory)
    written, folders = [], set()
    for name, text in files.items() if isinstance(files, Mapping) else files:
        path = directory / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for name, data in (photos or {}).items():
        if SERVED_NAME.match(name):  # a name the store gave: never a path out of the folder
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    if poster is not None:
        (directory / POSTER).write_bytes(poster)
        written.append(directory / POSTER)
    vendor = directory / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    for name, (_, _, served) in assets.FILES.items():
        shutil.copyfile(assets.source(name), vendor / served)
        written.append(vendor / served)
    outlines = vendor / assets.OUTLINES
    outlines.write_text(json.dumps(assets.country_outlines(), separators=(",", ":")), encoding="utf-8")
    written.append(outlines)
    return written
