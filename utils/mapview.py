"""Placed actions -> folium.Map (pure: no I/O, no Streamlit).

All markers travel as one GeoJSON object drawn by one small script, clustered,
so 100,000 actions stay usable; not one folium.Marker with its own script per row.
A place known only to its city is drawn as a ring, one known only to its region
or country as a dashed ring: the map never pretends to know more than it does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import folium
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from utils.escape import escape_text, link_or_text, source_parts
from utils.schema import ACTION_KINDS, KINDS
from utils.templates import template_text

KIND_STYLE: dict[str, tuple[str, str]] = {kind.name: (kind.colour, kind.letter) for kind in KINDS}  # colour, letter
PRECISION_WORDS = {
    "exact": "exact position given in the file",
    "venue": "at the venue",
    "city": "somewhere in the city (exact spot unknown)",
    "region": "somewhere in the region (exact spot unknown)",
    "country": "somewhere in the country (exact spot unknown)",
}
WORLD = (20.0, 20.0)

MARKER_CSS = template_text("markers.css")  # the markers, legend and popups


def popup_html(action: pd.Series | dict) -> str:
    """The popup of one action; every piece of data text is escaped here."""
    get = action.get
    kind = str(get("action_kind") or "other")
    title = escape_text(get("organisations") or kind.capitalize())
    rows = [("Date", _date_text(get("date"), get("date_end"))), ("Kind", escape_text(kind))]
    where = get("geo_label") or get("place") or get("city") or get("country")
    precision = str(get("precision") or "")
    rows.append(
        ("Place", escape_text(where) + (f" <i>({escape_text(PRECISION_WORDS.get(precision, precision))})</i>" if precision else ""))
    )
    people = get("participants_text") or (get("participants") if pd.notna(get("participants")) else "")
    if people not in ("", None):
        rows.append(("Taking part", escape_text(people)))
    for label, name in (("Target", "target"), ("What happened", "description")):
        if get(name):
            rows.append((label, escape_text(get(name))))
    if get("source"):
        source_title, url = source_parts(get("source"))
        rows.append(("Source", link_or_text(url, source_title) if url else escape_text(source_title)))
    body = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<div class="sm-popup"><h4>{title}</h4><dl>{body}</dl></div>'


def tooltip_text(action: pd.Series | dict) -> str:
    day = _date_text(action.get("date"), None)
    where = action.get("geo_label") or action.get("city") or action.get("country") or ""
    return escape_text(f"{day} · {action.get('action_kind') or 'other'} · {where}")


def _date_text(start: object, end: object) -> str:
    if start is None or pd.isna(start):
        return "no date" if end is None or pd.isna(end) else f"until {pd.Timestamp(end):%d %b %Y}"
    text = f"{pd.Timestamp(start):%a %d %b %Y}"
    if end is not None and pd.notna(end) and pd.Timestamp(end) != pd.Timestamp(start):
        text += f" – {pd.Timestamp(end):%d %b %Y}"
    return text


def script_json(value: object) -> str:
    """JSON that is safe inside an HTML <script>: no '</script>' or '<!--' can form."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


MARKER_FIELDS = (
    "lat",
    "lon",
    "id",
    "kind",
    "precision",
    "date",
    "organisations",
    "place",
    "people",
    "target",
    "description",
    "source_url",
    "source_text",
)
KIND_INDEX = {kind: index for index, kind in enumerate(KIND_STYLE)}
PRECISION_INDEX = {precision: index for index, precision in enumerate(PRECISION_WORDS)}


def marker_rows(actions: pd.DataFrame) -> list[list]:
    """One compact row per placed action (fields as in MARKER_FIELDS); the browser builds popups from them."""
    placed = actions[actions["lat"].notna() & actions["lon"].notna()]
    if placed.empty:
        return []
    text = lambda name: placed[name].fillna("").astype(str) if name in placed else pd.Series("", index=placed.index)  # noqa: E731
    start = placed["date"].dt.strftime("%a %d %b %Y").fillna("no date")
    end = placed["date_end"].dt.strftime(" – %d %b %Y").fillna("") if "date_end" in placed else ""
    spans = placed["date_end"].notna() & (placed["date_end"] != placed["date"]) if "date_end" in placed else False
    dates = start.where(~spans, start + end) if "date_end" in placed else start
    people = text("participants_text").where(
        text("participants_text") != "", placed["participants"].astype("string").fillna("") if "participants" in placed else ""
    )
    where = text("geo_label")
    for fallback in ("place", "city", "country"):
        where = where.where(where != "", text(fallback))
    parts = text("source").map(source_parts)
    titles, urls = parts.map(lambda part: part[0]), parts.map(lambda part: part[1])
    columns = [
        placed["lat"].round(5),
        placed["lon"].round(5),
        text("id"),
        placed["action_kind"].map(KIND_INDEX).fillna(KIND_INDEX["other"]).astype(int),
        text("precision").map(PRECISION_INDEX).fillna(0).astype(int),
        dates,
        text("organisations"),
        where,
        people,
        text("target"),
        text("description"),
        urls,
        titles,
    ]
    return [list(row) for row in zip(*(column.tolist() for column in columns), strict=True)]


# Builds markers, popups and tooltips in the browser from compact rows (MARKER_FIELDS).
# Data text only ever goes in through textContent; shared by the map and the story file.
MARKER_JS = template_text("markers.js")


class ActionLayer(JSCSSMixin, MacroElement):
    """All actions as compact rows drawn by one script, clustered.

    Popups and tooltips are built in the browser with textContent, so no text from
    the data is ever parsed as HTML or JavaScript, and 100,000 actions stay small.
    """

    _template = Template(template_text("action_layer.js.j2"))

    def __init__(self, rows: list[list], cluster: bool = True, fit: bool = True, assets: dict[str, str] | None = None):
        super().__init__()
        self._name = "ActionLayer"
        self.kit = MARKER_JS
        self.rows = script_json(rows)
        self.styles = script_json(list(KIND_STYLE.values()))
        self.kinds = script_json(list(KIND_STYLE))
        self.precisions = script_json(list(PRECISION_WORDS))
        self.words = script_json(PRECISION_WORDS)
        self.cluster = cluster
        self.fit = fit
        assets = assets or {}
        if cluster:
            self.default_js = [
                (
                    "markerclusterjs",
                    assets.get("markercluster_js", "https://unpkg.com/leaflet.markercluster@1.4.1/dist/leaflet.markercluster.js"),
                )
            ]
            self.default_css = [
                (
                    "markerclustercss",
                    assets.get("markercluster_css", "https://unpkg.com/leaflet.markercluster@1.4.1/dist/MarkerCluster.css"),
                ),
                (
                    "markerclusterdefaultcss",
                    assets.get("markercluster_default_css", "https://unpkg.com/leaflet.markercluster@1.4.1/dist/MarkerCluster.Default.css"),
                ),
            ]
        else:
            self.default_js, self.default_css = [], []

    def map_variable(self) -> str:
        """The map's script variable, read when the script is written: the layer may sit in a group on the map."""
        parent = self._parent
        while not isinstance(parent, folium.Map):
            parent = parent._parent
        return parent.get_name()


class Outlines(MacroElement):
    """A plain basemap of country outlines for offline use: from a URL (fetched) or inline data."""

    _template = Template(template_text("outlines.js.j2"))

    def __init__(self, url: str | None = None, data: dict | None = None):
        super().__init__()
        self._name = "Outlines"
        self.url = json.dumps(url) if url else None
        self.data = script_json(data) if data is not None else "null"


class Legend(MacroElement):
    """Colours and letters by kind, and how a marker shows its precision."""

    _template = Template(template_text("legend.js.j2"))

    def __init__(self, kinds: Iterable[str]):
        super().__init__()
        self._name = "Legend"
        self.html = json.dumps(legend_html(kinds))


def legend_html(kinds: Iterable[str]) -> str:
    shown = [kind for kind in ACTION_KINDS if kind in set(kinds)] or list(ACTION_KINDS)
    parts = ["<b>Kind of action</b>"]
    for kind in shown:
        colour, letter = KIND_STYLE[kind]
        parts.append(f'<div><span class="sm-marker sm-exact" style="background:{colour}">{letter}</span>{escape_text(kind)}</div>')
    parts.append("<b>How precise</b>")
    grey = "#37474f"
    for precision, words in (("venue", "venue or exact"), ("city", "city only"), ("country", "region or country only")):
        parts.append(f'<div><span class="sm-marker sm-{precision}" style="background:{grey};color:{grey}"></span>{words}</div>')
    return "".join(parts)


def base_map(
    kinds: Iterable[str],
    offline: bool = False,
    assets: dict[str, str] | None = None,
    outlines: str | dict | None = None,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    tiles: str = "OpenStreetMap",
    attribution: str | None = None,
) -> folium.Map:
    """The map without its markers: tiles or the offline outlines, the legend of `kinds`, the markers' style.
    `assets` maps 'leaflet_js', 'leaflet_css', 'markercluster_js', ... to URLs the browser can reach (the app
    serves them itself); `outlines` is the offline basemap."""
    assets = assets or {}
    map_ = folium.Map(
        location=center or WORLD,
        zoom_start=zoom or 2,
        tiles=None if offline else tiles,
        attr=attribution,
        control_scale=True,
        max_zoom=18,
        min_zoom=1,
        world_copy_jump=True,
    )
    map_.options.update(maxZoom=18, minZoom=1)  # with no tile layer Leaflet has no zoom range, and clustering needs one
    map_.default_js = [("leaflet", assets.get("leaflet_js", folium.Map.default_js[0][1]))]
    map_.default_css = [("leaflet_css", assets.get("leaflet_css", folium.Map.default_css[0][1]))]
    map_.get_root().header.add_child(Element(f"<style>{MARKER_CSS}</style>"), name="sm_css")
    if outlines is not None:
        map_.add_child(Outlines(url=outlines) if isinstance(outlines, str) else Outlines(data=outlines))
    map_.add_child(Legend(kinds))
    return map_


def action_group(
    actions: pd.DataFrame, cluster: bool = True, fit: bool = True, assets: dict[str, str] | None = None
) -> folium.FeatureGroup:
    """The markers alone, as a layer group: streamlit-folium swaps it on the map in place (`feature_group_to_add`),
    so stepping through the days changes the markers without rebuilding the map, its tiles and its outlines."""
    group = folium.FeatureGroup(name="Actions", control=False)
    group.add_child(ActionLayer(marker_rows(actions), cluster=cluster, fit=fit, assets=assets))
    return group


def build_map(
    actions: pd.DataFrame,
    offline: bool = False,
    assets: dict[str, str] | None = None,
    outlines: str | dict | None = None,
    cluster: bool = True,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    tiles: str = "OpenStreetMap",
    attribution: str | None = None,
) -> folium.Map:
    """The map of the placed actions, markers included: one piece of HTML."""
    map_ = base_map(actions["action_kind"] if len(actions) else [], offline, assets, outlines, center, zoom, tiles, attribution)
    map_.add_child(ActionLayer(marker_rows(actions), cluster=cluster, fit=center is None, assets=assets))
    return map_
