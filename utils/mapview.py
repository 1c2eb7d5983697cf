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

KIND_STYLE: dict[str, tuple[str, str]] = {kind.name: (kind.colour, kind.letter) for kind in KINDS}  # colour, letter
PRECISION_WORDS = {
    "exact": "exact position given in the file",
    "venue": "at the venue",
    "city": "somewhere in the city (exact spot unknown)",
    "region": "somewhere in the region (exact spot unknown)",
    "country": "somewhere in the country (exact spot unknown)",
}
WORLD = (20.0, 20.0)

MARKER_CSS = """
<style>
.sm-marker{border-radius:50%;display:flex;align-items:center;justify-content:center;font:700 13px/1 system-ui,sans-serif;letter-spacing:-.5px;box-sizing:border-box;}
.sm-exact,.sm-venue{color:#fff;border:3px solid #fff;box-shadow:0 0 0 1px rgba(0,0,0,.45);}
.sm-city{background:#fff !important;border:5px solid currentColor;}
.sm-region,.sm-country{background:rgba(255,255,255,.75) !important;border:4px dashed currentColor;}
.sm-legend{background:rgba(255,255,255,.95);padding:8px 10px;border-radius:6px;font:14px/1.5 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:230px;}
.sm-legend .sm-marker{display:inline-flex;width:20px;height:20px;font-size:11px;margin-right:6px;vertical-align:middle;}
.sm-legend b{display:block;margin-top:4px;}
.sm-legend summary{cursor:pointer;font-weight:700;}
.sm-popup{font:14px/1.4 system-ui,sans-serif;max-width:300px;overflow-wrap:anywhere;}
.sm-more{border:0;background:none;color:#0b57a4;text-decoration:underline;font:inherit;padding:0;cursor:pointer;}
.sm-action-icon:focus-visible{outline:3px solid #111;outline-offset:3px;border-radius:50%;}
.sm-popup h4{margin:0 0 4px;font-size:16px;}
.sm-popup dt{font-weight:700;margin-top:4px;}
.sm-popup dd{margin:0;}
.leaflet-container.sm-offline{background:#dde8f0;}
</style>
"""


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
MARKER_JS = """
function smMarkerKit(styles, kinds, precisions, words) {
    var icons = {}, SHORT = 160;
    function icon(kind, precision) {
        var key = kind + "/" + precision;
        if (!icons[key]) {
            var style = styles[kind], solid = precision < 2, size = solid ? 30 : 34;
            icons[key] = L.divIcon({
                className: "sm-action-icon",
                html: '<div class="sm-marker sm-' + precisions[precision] + '" style="width:' + size + 'px;height:' + size + 'px;background:' + style[0] + ';color:' + style[0] + '"><span style="color:' + (solid ? "#fff" : style[0]) + '">' + style[1] + "</span></div>",
                iconSize: [size, size], iconAnchor: [size / 2, size / 2], popupAnchor: [0, -size / 2]
            });
        }
        return icons[key];
    }
    function add(parent, tag, text) {
        var node = document.createElement(tag);
        if (text !== undefined) { node.textContent = text; }
        parent.appendChild(node);
        return node;
    }
    function more(cell, text) {
        // a long text starts short, with a button for the rest: the card stays small on a phone
        cell.textContent = "";
        if (text.length <= SHORT) { cell.textContent = text; return; }
        var cut = text.lastIndexOf(" ", SHORT), shown = add(cell, "span", text.slice(0, cut > 80 ? cut : SHORT) + "\u2026 ");
        var button = add(cell, "button", "more");
        button.type = "button"; button.className = "sm-more";
        button.onclick = function (event) { L.DomEvent.stop(event); shown.textContent = text; button.remove(); };
    }
    function popup(layer) {
        var r = layer.options.row, box = document.createElement("div"), list;
        box.className = "sm-popup";
        add(box, "h4", r[6] || kinds[r[3]]);
        list = add(box, "dl");
        function item(label, value) { if (value) { add(list, "dt", label); return add(list, "dd", value); } }
        item("Date", r[5]);
        item("Kind", kinds[r[3]]);
        add(item("Place", r[7] || "?"), "i", " (" + words[precisions[r[4]]] + ")");
        item("Taking part", r[8]);
        item("Target", r[9]);
        if (r[10]) { more(item("What happened", "-"), r[10]); }
        if (r[11]) {
            var cell = item("Source", "-");
            cell.textContent = "";
            var link = add(cell, "a", r[12] || r[11]);
            link.href = r[11]; link.target = "_blank"; link.rel = "noopener noreferrer";
        } else { item("Source", r[12]); }
        return box;
    }
    function name(r) { return kinds[r[3]] + ", " + (r[7] || "place unknown") + ", " + r[5]; }
    function tooltip(layer) {
        var box = document.createElement("div");
        box.textContent = name(layer.options.row);
        return box;
    }
    function fit(map) {
        // never taller or wider than the map, clear of the zoom buttons: Leaflet's autopan then moves
        // the map only as far as needed, instead of chasing a popup taller than the map to the Arctic
        var size = map.getSize();
        return {
            maxWidth: Math.max(180, Math.min(320, size.x - 100)), minWidth: Math.min(200, size.x - 100),
            maxHeight: Math.max(120, Math.min(340, Math.round(size.y * 0.6) - 40)),
            autoPanPaddingTopLeft: L.point(56, 12), autoPanPaddingBottomRight: L.point(24, 12)
        };
    }
    function bind(marker, map) {
        var r = marker.options.row;
        marker.on("click", function () { L.setOptions(marker.getPopup(), fit(map)); });  // before the popup opens
        marker.bindPopup(popup, fit(map));
        if (!window.matchMedia || !window.matchMedia("(hover: none)").matches) {  // a touch screen has no hover: its tap opens the card
            marker.bindTooltip(tooltip);
            marker.on("popupopen", function () { marker.closeTooltip(); });
        }
        marker.on("add", function () {
            var el = marker.getElement();
            if (!el) { return; }
            el.setAttribute("data-action-id", r[2]); el.classList.add("sm-action"); el.setAttribute("aria-label", name(r));
            // a pressed mouse would focus the marker, and focusing scrolls the page when the map is partly
            // off screen: the marker then moves from under the pointer and the click is lost. Tab still focuses it.
            el.addEventListener("mousedown", function (event) { event.preventDefault(); });
        });
        return marker;
    }
    function keepScroll(map) {
        // Leaflet focuses the map on every press (for its keyboard controls). In an iframe that is partly off
        // screen, a plain focus() scrolls the page around it: the map jumps under the finger, the tap lands
        // elsewhere and the popup it opened closes. Focus without scrolling instead.
        var container = map.getContainer(), focus = container.focus;
        if (container.smKeepsScroll) { return; }  // once per map, however often its markers are replaced
        container.smKeepsScroll = true;
        container.focus = function () { focus.call(container, {preventScroll: true}); };
    }
    return {icon: icon, popup: popup, tooltip: tooltip, bind: bind, keepScroll: keepScroll};
}
"""


class ActionLayer(JSCSSMixin, MacroElement):
    """All actions as compact rows drawn by one script, clustered.

    Popups and tooltips are built in the browser with textContent, so no text from
    the data is ever parsed as HTML or JavaScript, and 100,000 actions stay small.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.kit }}
        (function () {
            var styles = {{ this.styles }}, kinds = {{ this.kinds }}, precisions = {{ this.precisions }}, words = {{ this.words }};
            var rows = {{ this.rows }};
            var map = {{ this.map_variable() }};
            var group = {{ "L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true})" if this.cluster else "L.featureGroup()" }};
            var kit = smMarkerKit(styles, kinds, precisions, words);
            kit.keepScroll(map);
            var markers = rows.map(function (r) {
                return kit.bind(L.marker([r[0], r[1]], {icon: kit.icon(r[3], r[4]), keyboard: true, row: r}), map);
            });
            if (group.addLayers) { group.addLayers(markers); } else { markers.forEach(function (m) { group.addLayer(m); }); }
            // onto the map, or into the layer group that streamlit-folium swaps in place when only the markers change
            group.addTo({{ this._parent.get_name() }});
            {% if this.fit %}
            if (markers.length) { map.fitBounds(L.latLngBounds(markers.map(function (m) { return m.getLatLng(); })), {padding: [40, 40], maxZoom: 6}); }
            {% endif %}
            window.smActions = group;
        })();
        {% endmacro %}
        """
    )

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

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.getContainer().classList.add("sm-offline");
            // under the tiles (200): tiles cover it when they load, and it shows when they cannot
            var pane = map.createPane("outlines"); pane.style.zIndex = 150;
            function draw(data) {
                L.geoJSON(data, {pane: "outlines", interactive: false, style: {color: "#7a8a99", weight: 1, fillColor: "#fbfaf5", fillOpacity: 1}}).addTo(map);
            }
            {% if this.url %}
            fetch({{ this.url }}).then(function (r) { return r.json(); }).then(draw).catch(function () {});
            {% else %}
            draw({{ this.data }});
            {% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, url: str | None = None, data: dict | None = None):
        super().__init__()
        self._name = "Outlines"
        self.url = json.dumps(url) if url else None
        self.data = script_json(data) if data is not None else "null"


class Legend(MacroElement):
    """Colours and letters by kind, and how a marker shows its precision."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function (map) {
                var div = L.DomUtil.create("details", "sm-legend");
                div.innerHTML = "<summary>Legend</summary>" + {{ this.html }};
                div.open = map.getSize().x >= 600 && map.getSize().y >= 450;  // on a phone or a small map the legend starts folded
                map.on("popupopen", function () { div.open = false; });  // and it folds away when a popup opens, so it hides no text
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

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
    map_.get_root().header.add_child(Element(MARKER_CSS), name="sm_css")
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
