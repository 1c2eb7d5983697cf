function smAdd(parent, tag, text, className) {
    // a new element under `parent`, its text set as text (never parsed as HTML): the cards, the story and the site use it
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    parent.appendChild(node);
    return node;
}

var SM_LT = "\x3c";  // "<": the Map page's card carries this file in st.html, whose sanitiser drops a script that reads as markup

function markerHtml(classes, size, colour, letterColour, letter) {
    // a marker's round: its look is ours (classes, colours, the kind's letter), never the data's text
    return SM_LT + 'div class="sm-marker ' + classes + '" style="width:' + size + "px;height:" + size + "px;background:" + colour + ";color:" + colour +
        '">' + SM_LT + 'span style="color:' + letterColour + '">' + letter + SM_LT + "/span>" + SM_LT + "/div>";
}

function smMarkerKit(spec) {
    // spec (fields.browser_spec): the kinds' looks, the precisions, and the names of a row's values (fields.MARKER_FIELDS)
    var styles = spec.styles, kinds = spec.kinds, precisions = spec.precisions, words = spec.words;
    var icons = {}, SHORT = 160, at = {};
    spec.fields.forEach(function (name, index) { at[name] = index; });
    function get(r, name) { return r[at[name]]; }
    function icon(kind, precision) {
        var key = kind + "/" + precision;
        if (!icons[key]) {
            var style = styles[kind], solid = precision < 2, size = solid ? 30 : 34;
            icons[key] = L.divIcon({
                className: "sm-action-icon",
                html: markerHtml("sm-" + precisions[precision], size, style[0], solid ? "#fff" : style[0], style[1]),
                iconSize: [size, size], iconAnchor: [size / 2, size / 2], popupAnchor: [0, -size / 2]
            });
        }
        return icons[key];
    }
    var add = smAdd;
    function more(cell, text) {
        // a long text starts short, with a button for the rest: the card stays small on a phone
        cell.textContent = "";
        if (text.length <= SHORT) { cell.textContent = text; return; }
        var cut = text.lastIndexOf(" ", SHORT), shown = add(cell, "span", text.slice(0, cut > 80 ? cut : SHORT) + "\u2026 ");
        var button = add(cell, "button", spec.say.more);
        button.type = "button"; button.className = "sm-more";
        button.onclick = function (event) { event.preventDefault(); event.stopPropagation(); shown.textContent = text; button.remove(); };
    }
    function card(r, why, into) {
        // an action's card: the fields in the order and words fields.FIELDS declares them, each shown as its `show`
        // says; a marker's popup, the story's, the site's and the Map page's "Action details" are all this one.
        // An unplaced action (precision -1) says why it is not on the map.
        var box = document.createElement("div"), list, precision = get(r, "precision");
        box.className = "sm-popup";
        add(box, "h4", get(r, spec.title) || kinds[get(r, "kind")]);
        list = add(box, "dl");
        function item(label, value) { if (value) { add(list, "dt", label); return add(list, "dd", value); } }
        spec.popup.forEach(function (field) {
            var name = field[0], label = field[1], show = field[2];
            if (show === "kind") { item(label, kinds[get(r, "kind")] + (get(r, "kind_own") ? " (" + get(r, "kind_own") + ")" : "")); }
            else if (show === "place") {
                if (precision >= 0) { add(item(label, get(r, name) || "?"), "i", " (" + words[precisions[precision]] + ")"); }
                else { item(label, get(r, name)); item(spec.say.why, why || spec.say.unknown); }
            }
            else if (show === "photo") { photo(item, label, r, name); }
            else if (show === "long") { if (get(r, name)) { more(item(label, "-"), get(r, name)); } }
            else if (show === "link") {
                var url = get(r, name + "_url"), text = get(r, name + "_text");
                if (url) {
                    var cell = item(label, "-");
                    cell.textContent = "";
                    var link = add(cell, "a", text || url);
                    link.href = url; link.target = "_blank"; link.rel = "noopener noreferrer";
                } else { item(label, text); }
            } else { item(label, get(r, name)); }
        });
        if (into) { into.textContent = ""; into.appendChild(box); }
        return box;
    }
    var SERVED = /^photos\/[0-9a-f]{32}\.jpg$/;  // photos the app itself serves, cleaned
    var LINKED = /^https:\/\/\S+$/i;  // another site's photo: drawn only where the operator allows it (spec.remote)
    function photo(item, label, r, name) {
        // the first photo the app serves, with what it shows and who took it; a link elsewhere is never fetched unless allowed
        var names = String(get(r, name) || "").split(";").map(function (one) { return one.trim(); }).filter(Boolean);
        if (!names.length) { return; }
        var inline = spec.inline || {};  // the story file carries its photos inside it
        var drawn = names.filter(function (one) {
            return (SERVED.test(one) && (inline[one] || spec.photos)) || (spec.remote && LINKED.test(one));
        });
        if (!drawn.length) { item(label, spec.say.photo_elsewhere); return; }
        var cell = item(label, "-");
        cell.textContent = "";
        var image = add(cell, "img", undefined, "sm-photo");
        image.src = inline[drawn[0]] || (SERVED.test(drawn[0]) ? spec.photos + drawn[0] : drawn[0]);
        image.alt = get(r, name + "_alt") || label; image.loading = "lazy";
        if (!SERVED.test(drawn[0])) { image.referrerPolicy = "no-referrer"; }
        if (get(r, name + "_credit")) { add(cell, "small", fill(spec.say.photo_by, {who: get(r, name + "_credit")}), "sm-credit"); }
    }
    function popup(layer) { return card(layer.options.row); }
    function name(r) { return kinds[get(r, "kind")] + ", " + (get(r, "place") || spec.say.unknown) + ", " + get(r, "date"); }
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
            el.setAttribute("data-action-id", get(r, "id")); el.classList.add("sm-action"); el.setAttribute("aria-label", name(r));
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
    function marker(r, map) {
        // one action's marker, its popup and its tooltip: the map's layer and the story file both draw with this
        return bind(L.marker([get(r, "lat"), get(r, "lon")], {icon: icon(get(r, "kind"), get(r, "precision")), keyboard: true, row: r}), map);
    }
    var say = spec.say, LEVELS = ["venue", "city", "country"];
    function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; }); }
    function number(n) { return n.toLocaleString(say.locale); }
    function compact(n) {
        if (n < 10000) { return n.toLocaleString(say.locale); }
        if (n < 1000000) { return Math.round(n / 1000) + "k"; }
        return (Math.round(n / 100000) / 10) + "M";
    }
    function describe(c, filtered) {
        // a filtered count (the static site's tiles) has no split by precision: the cell's rings say the whole cell's
        var parts = filtered ? [] : [c[4] && fill(say.venue, {n: number(c[4])}), c[5] && fill(say.city, {n: number(c[5])}),
                                     c[6] && fill(say.country, {n: number(c[6])})].filter(Boolean);
        var actions = fill(c[2] === 1 ? say.action : say.actions, {n: number(c[2])});
        return parts.length ? fill(say.mostly, {actions: actions, kind: kinds[c[3]], parts: parts.join(", ")}) : actions + ", " + kinds[c[3]];
    }
    function cell(c, map, filtered) {
        // a cell of many actions counted on the server (utils/view/aggregate.py): [lat, lon, count, kind, venue, city, country,
        // south, west, north, east, precision]: a circle sized by its count, coloured by its commonest kind, ringed as its
        // precision; a click zooms to its actions. The dashboard's counted map and the static site's tiles both draw it.
        var size = Math.round(Math.min(52, 28 + 6 * Math.log10(c[2]))), colour = styles[c[3]][0], level = LEVELS[c[11]];
        var solid = level === "venue";
        var cellIcon = L.divIcon({
            className: "sm-cell-icon",
            html: markerHtml("sm-cell sm-" + level, size, colour, solid ? "#fff" : "#222", ""),
            iconSize: [size, size], iconAnchor: [size / 2, size / 2]
        });
        var marker = L.marker([c[0], c[1]], {icon: cellIcon, keyboard: true});
        var point = c[7] === c[9] && c[8] === c[10];
        marker.on("add", function () {
            var el = marker.getElement();
            el.querySelector("span").textContent = compact(c[2]);
            el.setAttribute("aria-label", describe(c, filtered));
            el.setAttribute("data-count", c[2]);
        });
        if (!window.matchMedia || !window.matchMedia("(hover: none)").matches) {
            marker.bindTooltip(describe(c, filtered) + (point ? "" : ". " + say.zoom));
        }
        if (point) {
            // every action of the cell is at one point: zooming cannot part them, so say how to see them one by one
            var box = document.createElement("div");
            box.className = "sm-popup";
            box.appendChild(document.createElement("h4")).textContent = describe(c, filtered);
            box.appendChild(document.createElement("p")).textContent = say.one_point;
            marker.bindPopup(box);
        } else {
            marker.on("click", function () { map.fitBounds([[c[7], c[8]], [c[9], c[10]]], {padding: [30, 30], maxZoom: map.getZoom() + 4}); });
        }
        return marker;
    }
    return {marker: marker, cell: cell, card: card, get: get, keepScroll: keepScroll};
}
