"""Placed actions -> folium.Map (pure: no I/O, no Streamlit).

All markers travel as one GeoJSON object drawn by one small script, clustered,
so 100,000 actions stay usable; not one folium.Marker with its own script per row.
A place known only to its city is drawn as a ring, one known only to its region
or country as a dashed ring: the map never pretends to know more than it does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

import folium
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from utils.actions.schema import ACTION_KINDS, KINDS
from utils.escape import escape_text
from utils.i18n import ENGLISH, N_, Words
from utils.map.templates import template_text
from utils.view.aggregate import PRECISION_LEVELS, Layer, Viewport, cell_precision, view_layer
from utils.view.fields import MARKER_FIELDS, PRECISION_WORDS, browser_spec, kind_word, reason_word, shown_values, text_of

KIND_STYLE: dict[str, tuple[str, str]] = {kind.name: (kind.colour, kind.letter) for kind in KINDS}  # colour, letter
WORLD = (20.0, 20.0)

MARKER_CSS = template_text("markers.css")  # the markers, legend and popups


def script_json(value: object) -> str:
    """JSON that is safe inside an HTML <script>: no '</script>' or '<!--' can form. Jinja's `tojson` is as safe but
    also writes every apostrophe as \\u0027, which only an HTML attribute needs: the story file stays readable text."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


KIND_INDEX = {kind: index for index, kind in enumerate(KIND_STYLE)}
PRECISION_INDEX = {precision: index for index, precision in enumerate(PRECISION_WORDS)}


def marker_rows(actions: pd.DataFrame, words: Words = ENGLISH) -> list[list]:
    """One compact row per placed action, its values in the order fields.MARKER_FIELDS names them;
    the browser reads them by those names and builds the markers and their cards."""
    return action_rows(actions[actions["lat"].notna() & actions["lon"].notna()], words)


def action_rows(actions: pd.DataFrame, words: Words = ENGLISH) -> list[list]:
    """As marker_rows, for placed actions and unplaced ones alike: an unplaced one has no position (null) and no
    precision (-1)."""
    if actions.empty:
        return []
    values = shown_values(actions, words)
    lat, lon = (
        pd.to_numeric(actions[name], errors="coerce") if name in actions else pd.Series(float("nan"), index=actions.index)
        for name in ("lat", "lon")
    )
    placed = lat.notna() & lon.notna()
    position = {name: column.round(5).astype(object).where(placed, None) for name, column in (("lat", lat), ("lon", lon))}
    columns = {
        **{name: values[name] for name in values.columns},
        **position,
        "kind": values["kind"].map(KIND_INDEX).fillna(KIND_INDEX["other"]).astype(int),
        "precision": values["precision"].map(PRECISION_INDEX).fillna(0).where(placed, -1).astype(int),
    }
    return [list(row) for row in zip(*(columns[name].tolist() for name in MARKER_FIELDS), strict=True)]


def card_data(action: pd.Series | dict, words: Words = ENGLISH) -> dict:
    """What the browser's card of one action needs (markers.js draws it, as it draws a marker's popup): its row, and
    why it is not on the map when it is not. Data only: no HTML is written here."""
    frame = pd.DataFrame([dict(action)])
    return {"row": action_rows(frame, words)[0], "why": reason_word(text_of(frame, "unplaced_reason").iloc[0], words)}


def card_html(action: pd.Series | dict, words: Words = ENGLISH, photos: str = "", remote: bool = False) -> str:
    """The card of one action for a page (the Map page's "Action details"): a place for it, and markers.js drawing
    it there from card_data with textContent (templates/card.js), as the map draws its popups. The data travels as
    script_json: no text of the action is HTML here."""
    data = {"spec": marker_spec(words, photos, remote=remote), **card_data(action, words)}
    data["here"] = "sm-card-" + hashlib.sha1(script_json(data).encode()).hexdigest()[:12]
    script = MARKER_JS + "\n" + CARD_JS.replace("SM_CARD_DATA", script_json(data))
    return f'<style>{MARKER_CSS}</style><div id="{data["here"]}" class="sm-card"></div><script>{script}</script>'


def marker_spec(words: Words = ENGLISH, photos: str = "", inline: dict[str, str] | None = None, remote: bool = False) -> dict:
    """What the browser's marker code (templates/markers.js) needs besides the rows, in the chosen language."""
    spec = browser_spec(list(KIND_STYLE.values()), list(KIND_STYLE), words, photos, remote)
    spec["inline"] = inline or {}  # photos carried inside the page (the story file), by their names in a photo cell
    one, many = words.forms("{n} action", "{n} actions")
    spec["say"].update(
        {
            "action": one,
            "actions": many,
            "mostly": words.t("{actions}, mostly {kind} ({parts})"),
            "venue": words.t("{n} at a venue"),
            "city": words.t("{n} city only"),
            "country": words.t("{n} country only"),
            "zoom": words.t("Click to zoom in."),
            "one_point": words.t(
                "They are all placed at this one point. Choose a day, a kind or an organisation to see them one by one, "
                "or read them on the Data page."
            ),
            "locale": words.language.locale.replace("_", "-"),
        }
    )
    return spec


# Builds markers, popups and tooltips in the browser from compact rows (fields.MARKER_FIELDS).
# Data text only ever goes in through textContent; shared by the map and the story file.
MARKER_JS = template_text("markers.js")
CARD_JS = template_text("card.js")  # the Map page's card, drawn by MARKER_JS


class ActionLayer(JSCSSMixin, MacroElement):
    """All actions as compact rows drawn by one script, clustered.

    Popups and tooltips are built in the browser with textContent, so no text from
    the data is ever parsed as HTML or JavaScript, and 100,000 actions stay small.
    """

    _template = Template(template_text("action_layer.js.j2"))

    def __init__(
        self, rows: list[list], cluster: bool = True, fit: bool = True, assets: dict[str, str] | None = None, words: Words = ENGLISH
    ):
        super().__init__()
        self._name = "ActionLayer"
        self.kit = MARKER_JS
        self.rows = script_json(rows)
        assets = assets or {}
        self.spec = script_json(marker_spec(words, assets.get("photos", ""), remote=bool(assets.get("remote_images"))))
        self.cluster = cluster
        self.fit = fit
        self.default_js, self.default_css = cluster_assets(assets) if cluster else ([], [])

    def map_variable(self) -> str:
        """The map's script variable, read when the script is written: the layer may sit in a group on the map."""
        parent = self._parent
        while not isinstance(parent, folium.Map):
            parent = parent._parent
        return parent.get_name()


def cluster_assets(assets: dict[str, str] | None = None) -> tuple[list, list]:
    """Leaflet.markercluster's script and styles, from `assets` (the app serves them) or the public CDN."""
    assets = assets or {}
    cdn = "https://unpkg.com/leaflet.markercluster@1.4.1/dist/"
    return (
        [("markerclusterjs", assets.get("markercluster_js", cdn + "leaflet.markercluster.js"))],
        [
            ("markerclustercss", assets.get("markercluster_css", cdn + "MarkerCluster.css")),
            ("markerclusterdefaultcss", assets.get("markercluster_default_css", cdn + "MarkerCluster.Default.css")),
        ],
    )


class CellLayer(JSCSSMixin, MacroElement):
    """Cells of many actions counted on the server (utils.view.aggregate): a circle each, sized by its count, coloured
    by its commonest kind, ringed as its precision; a click zooms to its actions. It brings the clustering
    script with it: zooming in swaps it, on the same map, for an ActionLayer that needs it."""

    _template = Template(template_text("cell_layer.js.j2"))

    def __init__(self, cells: pd.DataFrame, assets: dict[str, str] | None = None, words: Words = ENGLISH):
        super().__init__()
        self._name = "CellLayer"
        self.cells = script_json(cell_rows(cells))
        self.spec = script_json(marker_spec(words))
        self.kit = MARKER_JS
        self.default_js, self.default_css = cluster_assets(assets)

    map_variable = ActionLayer.map_variable


def cell_rows(cells: pd.DataFrame) -> list[list]:
    """One compact row per cell: [lat, lon, count, kind, venue, city, country, south, west, north, east, precision]."""
    if cells.empty:
        return []
    columns = [
        cells["lat"].round(5),
        cells["lon"].round(5),
        cells["count"].astype(int),
        cells["action_kind"].map(KIND_INDEX).fillna(KIND_INDEX["other"]).astype(int),
        *(cells[name].astype(int) for name in PRECISION_LEVELS),
        *(cells[name].round(5) for name in ("south", "west", "north", "east")),
        cell_precision(cells).map({level: index for index, level in enumerate(PRECISION_LEVELS)}),
    ]
    return [list(row) for row in zip(*(column.tolist() for column in columns), strict=True)]


class Outlines(MacroElement):
    """A plain basemap of country outlines for offline use: from a URL (fetched) or inline data."""

    _template = Template(template_text("outlines.js.j2"))

    def __init__(self, url: str | None = None, data: dict | None = None):
        super().__init__()
        self._name = "Outlines"
        self.url = json.dumps(url) if url else None
        self.data = script_json(data) if data is not None else "null"


class PlaceNames(MacroElement):
    """Cities and towns by zoom level, and the embassy list's missions at street zoom, over the offline outlines:
    fetched from `url` (utils/map/placenames.py's files) for what is in view."""

    _template = Template(template_text("place_names.js.j2"))

    def __init__(self, url: str):
        super().__init__()
        self._name = "PlaceNames"
        self.url = json.dumps(url.rstrip("/"))


class DragPin(MacroElement):
    """A pin at `location` to drag where a place really is; dropped (or the map clicked), it is a click there."""

    _template = Template(template_text("drag_pin.js.j2"))

    def __init__(self, location: tuple[float, float], title: str):
        super().__init__()
        self._name = "DragPin"
        self.location = json.dumps([float(location[0]), float(location[1])])
        self.title = script_json(title)


PRECISIONS = (("venue", N_("venue or exact")), ("city", N_("city only")), ("country", N_("region or country only")))  # the legend's


class Legend(MacroElement):
    """Colours and letters by kind, and how a marker shows its precision."""

    _template = Template(template_text("legend.js.j2"))

    def __init__(self, kinds: Iterable[str], words: Words = ENGLISH):
        super().__init__()
        self._name = "Legend"
        self.html = script_json(legend_html(kinds, words))
        self.title = script_json(escape_text(words.t("Legend")))


def legend_html(kinds: Iterable[str], words: Words = ENGLISH) -> str:
    shown = [kind for kind in ACTION_KINDS if kind in set(kinds)] or list(ACTION_KINDS)
    heading = words.t("Kind of action")
    parts = [f"<b>{escape_text(heading)}</b>"]
    for kind in shown:
        colour, letter = KIND_STYLE[kind]
        name = escape_text(kind_word(kind, words))
        parts.append(f'<div><span class="sm-marker sm-exact" style="background:{colour}">{letter}</span>{name}</div>')
    heading = words.t("How precise")
    parts.append(f"<b>{escape_text(heading)}</b>")
    grey = "#37474f"
    for precision, said in ((precision, words.t(label)) for precision, label in PRECISIONS):
        parts.append(f'<div><span class="sm-marker sm-{precision}" style="background:{grey};color:{grey}"></span>{escape_text(said)}</div>')
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
    words: Words = ENGLISH,
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
    if offline and assets.get("places"):  # tiles name their own places
        map_.add_child(PlaceNames(assets["places"]))
    map_.add_child(Legend(kinds, words))
    return map_


def action_group(
    rows: list[list], cluster: bool = True, fit: bool = True, assets: dict[str, str] | None = None, words: Words = ENGLISH
) -> folium.FeatureGroup:
    """The markers alone (`marker_rows` of the actions), as a layer group: streamlit-folium swaps it on the map in
    place (`feature_group_to_add`), so stepping through the days changes the markers without rebuilding the map,
    its tiles and its outlines."""
    group = folium.FeatureGroup(name="Actions", control=False)
    group.add_child(ActionLayer(rows, cluster=cluster, fit=fit, assets=assets, words=words))
    return group


def view_group(
    placed: pd.DataFrame, view: Viewport, limit: int, assets: dict[str, str] | None = None, words: Words = ENGLISH
) -> tuple[folium.FeatureGroup, Layer]:
    """What the screen can show of many actions, as a layer group for streamlit-folium to swap in place: the
    actions in and around `view` as markers when at most `limit` are there, else cells with their counts."""
    layer = view_layer(placed, view, limit)
    group = folium.FeatureGroup(name="Actions", control=False)
    if layer.aggregated:
        group.add_child(CellLayer(layer.cells, assets, words))
    else:
        group.add_child(ActionLayer(marker_rows(layer.actions, words), fit=False, assets=assets, words=words))
    return group, layer


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
    words: Words = ENGLISH,
) -> folium.Map:
    """The map of the placed actions, markers included: one piece of HTML."""
    map_ = base_map(actions["action_kind"] if len(actions) else [], offline, assets, outlines, center, zoom, tiles, attribution, words)
    map_.add_child(ActionLayer(marker_rows(actions, words), cluster=cluster, fit=center is None, assets=assets, words=words))
    return map_
