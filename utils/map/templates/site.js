// The published map (utils/publish/site.py): reads data/LANG.json and draws the view its link describes, with the
// dashboard's own link words (dates, from, to, day, country, kind, q, action, lang). Data text only ever
// reaches the page through textContent; markers and popups are markers.js's, as on the dashboard.
// A big file's site is tiled (utils/publish/tiles.py): its data file holds the counts, and the map fetches the tiles in
// view, cells where many actions are, the actions themselves where few.
(function () {
  var CONFIG = JSON.parse(document.getElementById("site-config").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var DATA = null, WORDS = {}, AT = {}, MARKERS = {}, kit = null, timer = null, legend = null;
  var TILED = null, FETCHED = {}, KEPT = {}, drawnKey = "", generation = 0, onScreen = [], UNPLACED = [], unplacedPages = 0, pendingAction = "";
  var LISTED_MOST = 200, EMPTY = 0, CELLS = 1, LEAF = 2, FEW_IN_A_TILE = 60;
  var state = readLink(new URLSearchParams(location.search));

  var map = L.map("map", {maxZoom: 18, minZoom: 1, worldCopyJump: true}).setView([25, 40], 2);
  window.smSiteMap = map;  // for the tests and the benchmark, as window.smActions is
  if (CONFIG.tiles) { L.tileLayer(CONFIG.tiles, {maxZoom: 18, attribution: CONFIG.attribution || ""}).addTo(map); }
  map.createPane("outlines").style.zIndex = 150;
  fetch("vendor/countries.json").then(function (answer) { return answer.json(); }).then(function (outlines) {
    L.geoJSON(outlines, {pane: "outlines", interactive: false, style: {color: "#7a8a99", weight: 1, fillColor: "#fbfaf5", fillOpacity: 1}}).addTo(map);
  }).catch(function () { /* the markers still show on the plain background */ });
  var layer = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true}).addTo(map);
  var cellLayer = L.featureGroup().addTo(map);

  function match(tag) {
    tag = (tag || "").toLowerCase().replace("_", "-");
    if (!tag) { return null; }
    for (var i = 0; i < CONFIG.languages.length; i++) { if (CONFIG.languages[i].code.toLowerCase() === tag) { return CONFIG.languages[i].code; } }
    for (var j = 0; j < CONFIG.languages.length; j++) {
      var prefixes = CONFIG.languages[j].matches;
      for (var k = 0; k < prefixes.length; k++) {
        if (tag === prefixes[k] || tag.indexOf(prefixes[k] + "-") === 0) { return CONFIG.languages[j].code; }
      }
    }
    return null;
  }
  function browserLanguage() {
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) { var code = match(wanted[i]); if (code) { return code; } }
    return "en";
  }
  function readLink(params) {
    // the link's words as utils/view/filters.py declares them (CONFIG.link): each read into the field it says, then
    // checked as the dashboard checks it
    var view = {};
    CONFIG.link.forEach(function (word) {
      view[word.field] = word.many ? params.getAll(word.name).join(",").split(",").filter(Boolean) : (params.get(word.name) || "").trim();
    });
    view.language = match(view.language) || "";
    view.countries = view.countries.map(function (code) { return code.toUpperCase(); });
    view.kinds = view.kinds.filter(function (kind) { return CONFIG.kinds.indexOf(kind) >= 0; });
    view.search = view.search.slice(0, 200);
    view.dates = view.dates === "all" ? "all" : view.from || view.to ? "range" : "week";
    return view;
  }
  function writeLink() {
    var params = new URLSearchParams(), home = DATA.campaign.home;
    CONFIG.link.forEach(function (word) {
      var value = state[word.field];
      if (word.name === "dates") { if (value === "all" && home[0]) { params.set("dates", "all"); } return; }
      if ((word.name === "from" || word.name === "to") && state.dates !== "range") { return; }
      if (word.field === "language") { if (value && value !== "en") { params.set(word.name, value); } return; }
      if (word.many) { (value || []).forEach(function (one) { params.append(word.name, one); }); }
      else if (value) { params.set(word.name, value); }
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    drawShare();
  }

  function range() {
    var home = DATA.campaign.home;
    if (state.dates === "range") { return [state.from || "0000-00-00", state.to || "9999-99-99"]; }
    if (state.dates === "week" && home[0]) { return [home[0], home[1]]; }
    return null;  // every date
  }
  function field(row, name) { return row[AT[name]]; }
  function inside(first, last, span) { return !!first && first <= span[1] && (last || first) >= span[0]; }
  function within(row, span) { return inside(field(row, "day"), field(row, "until"), span); }
  function spansOf(rows) { return rows.map(function (row) { return [field(row, "day"), field(row, "until") || field(row, "day")]; }); }
  function matches(row) {
    if (state.countries.length && state.countries.indexOf(field(row, "country")) < 0) { return false; }
    if (state.kinds.length && state.kinds.indexOf(field(row, "kind")) < 0) { return false; }
    if (state.search) {
      var text = (field(row, "caption") + " " + field(row, "search")).toLowerCase();
      if (text.indexOf(state.search.toLowerCase()) < 0) { return false; }
    }
    return true;
  }
  function playerDays(spans) {  // [first, last] of each action (or of each counted group, on a tiled site)
    var span = range(), days = [];
    if (span && span[0] !== "0000-00-00" && span[1] !== "9999-99-99") {
      var day = new Date(span[0] + "T00:00:00Z"), last = new Date(span[1] + "T00:00:00Z");
      if ((last - day) / 86400000 <= 31) {
        for (; day <= last; day.setUTCDate(day.getUTCDate() + 1)) { days.push(day.toISOString().slice(0, 10)); }
        return days;
      }
    }
    var seen = {};
    spans.forEach(function (one) { var d = one[0]; if (d && !seen[d] && (!span || inside(one[0], one[1], span))) { seen[d] = true; days.push(d); } });
    return days.sort();
  }
  function dayWords(day, style) {
    var options = style === "short" ? {weekday: "short", month: "short", day: "numeric"} : {weekday: "long", year: "numeric", month: "long", day: "numeric"};
    return new Intl.DateTimeFormat(DATA.markers.say.locale, Object.assign({timeZone: "UTC"}, options)).format(new Date(day + "T00:00:00Z"));
  }
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; }); }
  function number(n) { return n.toLocaleString(DATA.markers.say.locale); }
  var add = smAdd;  // markers.js's

  function draw() {
    if (TILED) { drawTiled(); return; }
    var span = range(), chosen = DATA.actions.filter(matches);
    var shown = chosen.filter(function (row) { return field(row, "day") && (state.day ? within(row, [state.day, state.day]) : !span || within(row, span)); });
    var placed = shown.filter(function (row) { return MARKERS[field(row, "id")]; });
    layer.clearLayers();
    var markers = placed.map(function (row) { return kit.marker(MARKERS[field(row, "id")], map); });
    layer.addLayers(markers);
    window.smActions = layer;
    var undated = chosen.filter(function (row) { return !field(row, "day"); });
    drawFigures(headline(shown), headline(undated));
    var counted = shown.length + undated.length;  // as the dashboard counts: the view's dated actions and the undated
    $("on-map").textContent = fill(WORDS.shown, {shown: number(placed.length + undated.filter(function (row) { return MARKERS[field(row, "id")]; }).length), all: number(counted)});
    if (!counted) { $("on-map").textContent += " · " + WORDS.none; }
    var days = playerDays(spansOf(chosen)), counts = {};
    chosen.forEach(function (row) { days.forEach(function (day) { if (within(row, [day, day])) { counts[day] = (counts[day] || 0) + 1; } }); });
    drawPlayer(days);
    drawTimeline(days, counts);
    var unplaced = chosen.filter(function (row) { return !MARKERS[field(row, "id")] && (!field(row, "day") || !span || within(row, span)); });
    drawUnplaced(unplaced, unplaced.length);
    drawText(shown.concat(undated), WORDS.day_by_day);
    writeLink();
    if (state.action && MARKERS[state.action]) {
      markers.forEach(function (marker) {
        if (marker.options.row === MARKERS[state.action]) { layer.zoomToShowLayer(marker, function () { marker.openPopup(); }); }
      });
    } else if (markers.length) {  // the view's actions in sight, as the player moves from day to day
      map.fitBounds(L.latLngBounds(markers.map(function (m) { return m.getLatLng(); })), {padding: [40, 40], maxZoom: 6});
    }
  }
  function headline(rows) {  // timeline.headline's figures: a petition's count is of signatures, not of people
    var countries = {}, names = {}, figures = {actions: rows.length, countries: 0, organisations: 0, participants: 0, withCount: 0, withoutCount: 0, signatures: 0, petitions: 0};
    rows.forEach(function (row) {
      if (field(row, "country")) { countries[field(row, "country")] = true; }
      field(row, "names").split("\n").forEach(function (name) { if (name) { names[name] = true; } });
      var people = field(row, "people");
      if (field(row, "signatures")) { figures.petitions += 1; figures.signatures += people || 0; }
      else if (people === null) { figures.withoutCount += 1; }
      else { figures.withCount += 1; figures.participants += people; }
    });
    figures.countries = Object.keys(countries).length;
    figures.organisations = Object.keys(names).length;
    return figures;
  }
  function drawFigures(figures, apart) {
    var box = $("figures");
    box.textContent = "";
    function cell(value, label) {
      var span = add(box, "span", undefined, "sm-figure");
      add(span, "span", value, "sm-figure-value");
      add(span, "span", " " + label, "sm-figure-label");
    }
    cell(number(figures.actions), figures.actions === 1 ? WORDS.figure_action : WORDS.figure_actions);
    cell(number(figures.countries), figures.countries === 1 ? WORDS.figure_country : WORDS.figure_countries);
    if (figures.organisations !== null) {  // a tiled site counts distinct organisations only for whole days (tiles.py)
      cell(number(figures.organisations), figures.organisations === 1 ? WORDS.figure_organisation : WORDS.figure_organisations);
    }
    cell(figures.withCount ? number(figures.participants) : "—", WORDS.figure_people);
    if (figures.signatures) { cell(number(figures.signatures), WORDS.figure_signatures); }
    if (figures.withoutCount && figures.withCount) {
      add(box, "span", fill(WORDS.no_count, {some: number(figures.withoutCount), all: number(figures.actions - figures.petitions)}), "sm-figure-apart");
    }
    if (apart.actions) {
      var said = apart.signatures ? WORDS.undated_signed : apart.actions === 1 ? WORDS.undated_one : WORDS.undated;
      add(box, "span", fill(said, {n: number(apart.actions), signatures: number(apart.signatures)}), "sm-figure-apart");
    }
  }
  function drawLegend() {
    if (legend) { legend.remove(); }
    legend = L.control({position: "bottomleft"});
    legend.onAdd = function () {
      var box = L.DomUtil.create("details", "sm-legend"), present = {};
      present = presentKinds();
      add(box, "summary", WORDS.legend);
      add(box, "b", WORDS.legend_kind);
      DATA.legend.kinds.filter(function (kind) { return present[kind[0]]; }).forEach(function (kind) {
        var line = add(box, "div"), mark = add(line, "span", kind[2], "sm-marker sm-exact");
        mark.style.background = kind[1];
        line.appendChild(document.createTextNode(kind[3]));
      });
      add(box, "b", WORDS.legend_precise);
      DATA.legend.precisions.forEach(function (precision) {
        var line = add(box, "div"), mark = add(line, "span", undefined, "sm-marker sm-" + precision[0]);
        mark.style.background = "#37474f"; mark.style.color = "#37474f";
        line.appendChild(document.createTextNode(precision[1]));
      });
      box.open = map.getSize().x >= 600 && map.getSize().y >= 450;  // folded on a phone, as on the dashboard
      map.on("popupopen", function () { box.open = false; });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);
  }
  function drawShare() {
    var link = location.href;
    $("share-link").value = link;
    $("share-embed").value = '<iframe src="' + link.replace(/&/g, "&amp;").replace(/"/g, "&quot;") + '" title="Solidarity Map" width="100%" height="720" style="border:0" loading="lazy" allowfullscreen></iframe>';
  }
  function drawPlayer(days) {
    var at = days.indexOf(state.day);
    $("day").textContent = state.day ? dayWords(state.day) : WORDS.all_days;
    $("prev").disabled = !days.length || at === 0;
    $("next").disabled = !days.length || at === days.length - 1;
    $("all-days").disabled = !state.day;
    $("play").disabled = !days.length;
    $("play").textContent = timer ? WORDS.pause : WORDS.play_days;
    document.body.setAttribute("data-day", state.day || "all");
  }
  function drawTimeline(days, counts) {
    var bars = $("bars"), most = 1;
    days.forEach(function (day) { most = Math.max(most, counts[day] || 0); });
    bars.textContent = "";
    days.forEach(function (day) {
      var button = add(bars, "button", undefined, state.day && state.day !== day ? "faded" : "");
      button.type = "button";
      button.setAttribute("aria-label", dayWords(day) + ": " + fill((counts[day] || 0) === 1 ? WORDS.one_action : WORDS.many_actions, {n: number(counts[day] || 0)}));
      add(button, "span", number(counts[day] || 0), "count");
      add(button, "span", undefined, "bar").style.height = Math.round(70 * (counts[day] || 0) / most) + "px";
      add(button, "span", dayWords(day, "short"), "label");
      button.onclick = function () { stop(); state.day = state.day === day ? "" : day; draw(); };
    });
  }
  function drawUnplaced(rows, count) {
    $("unplaced-title").textContent = fill(WORDS.not_on_map, {n: number(count)});
    $("unplaced-why").textContent = count ? WORDS.not_on_map_why : "";
    var list = $("unplaced");
    list.textContent = "";
    rows.forEach(function (row) {
      var item = add(list, "li", field(row, "caption"));
      item.setAttribute("data-action-id", field(row, "id"));
      if (field(row, "why")) { add(item, "em", " — " + field(row, "why")); }
    });
    var more = $("unplaced-more");
    more.hidden = !TILED || unplacedPages >= TILED.unplaced_pages;
    more.textContent = WORDS.show_more;
  }
  function drawText(rows, title, total) {
    $("text-title").textContent = title + " (" + number(total === undefined ? rows.length : total) + ")";
    var text = $("text"), current = null, list = null;
    text.textContent = "";
    var key = function (row) { return field(row, "day") || "~"; };  // the undated last, as on the dashboard
    rows.slice().sort(function (a, b) { return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0; }).forEach(function (row) {
      if (field(row, "day_words") !== current) { current = field(row, "day_words"); add(text, "h3", current); list = add(text, "ul"); }
      add(list, "li", field(row, "caption"));
    });
  }

  function step(offset) {
    var days = TILED ? tiledDays(counted()) : playerDays(spansOf(DATA.actions.filter(matches))), at = days.indexOf(state.day);
    if (!days.length) { return false; }
    var to = at < 0 ? (offset > 0 ? 0 : days.length - 1) : Math.max(0, Math.min(days.length - 1, at + offset));
    if (at === to) { return false; }
    state.day = days[to];
    draw();
    return true;
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } $("play").textContent = WORDS.play_days; }
  function play() {
    if (timer) { stop(); return; }
    if (!state.day) { step(1); }
    timer = setInterval(function () { if (!step(1)) { stop(); } }, Number($("pace").value) * 1000);
    $("play").textContent = WORDS.pause;
  }

  function choices(box, options, chosen, onChange) {
    box.textContent = "";
    options.forEach(function (option) {
      var label = add(box, "label"), input = add(label, "input");
      input.type = "checkbox"; input.value = option[0]; input.checked = chosen.indexOf(option[0]) >= 0;
      input.onchange = function () {
        onChange(Array.prototype.filter.call(box.querySelectorAll("input"), function (i) { return i.checked; }).map(function (i) { return i.value; }));
      };
      add(label, "span", " " + option[1]);
    });
  }
  function summary(id, label, chosen, names) {
    var named = chosen.map(function (code) { return names[code] || code; });
    $(id).textContent = label + (named.length ? ": " + named.join(", ") : "");
  }
  function words() {
    WORDS = DATA.words;
    document.documentElement.lang = DATA.language;
    document.title = DATA.campaign.title;
    $("title").textContent = DATA.campaign.title;
    $("subject").textContent = DATA.campaign.subject;
    $("credit").textContent = DATA.campaign.credit;
    $("static-note").textContent = WORDS.static_note;
    $("language-label").textContent = WORDS.language;
    $("language").setAttribute("aria-label", WORDS.language + " · Language");
    $("filters-title").textContent = WORDS.filters;
    $("dates-label").textContent = WORDS.dates;
    $("search-label").textContent = WORDS.search;
    $("search").placeholder = WORDS.search_hint;
    $("search").value = state.search;
    $("clear").textContent = WORDS.clear;
    $("prev").textContent = WORDS.previous; $("next").textContent = WORDS.next; $("all-days").textContent = WORDS.all_days;
    $("prev").setAttribute("aria-label", WORDS.previous_day); $("next").setAttribute("aria-label", WORDS.next_day);
    $("player").setAttribute("aria-label", WORDS.controls);
    $("map").setAttribute("aria-label", WORDS.map);
    $("timeline-title").textContent = WORDS.actions_per_day;
    $("share-title").textContent = WORDS.share; $("share-said").textContent = WORDS.share_link;
    $("share-copy").textContent = WORDS.copy; $("share-embed-said").textContent = WORDS.embed;
    $("share-link").setAttribute("aria-label", WORDS.share); $("share-embed").setAttribute("aria-label", WORDS.embed);
    drawLegend();
    var pace = $("pace"), was = pace.value || "3";
    pace.textContent = "";
    [["5", WORDS.slow], ["3", WORDS.normal], ["1.5", WORDS.fast]].forEach(function (o) { var option = add(pace, "option", o[1]); option.value = o[0]; });
    pace.value = was; pace.setAttribute("aria-label", WORDS.pace);
    var language = $("language");
    language.textContent = "";
    CONFIG.languages.forEach(function (one) { var option = add(language, "option", one.name); option.value = one.code; });
    language.value = DATA.language;
    var dates = $("dates");
    dates.textContent = "";
    DATA.campaign.weeks.forEach(function (week) { var option = add(dates, "option", week.name); option.value = "week:" + week.first + ":" + week.last; });
    add(dates, "option", WORDS.all_dates).value = "all";
    if (state.dates === "range") { add(dates, "option", state.from + " – " + state.to).value = "range"; }
    var home = DATA.campaign.home;
    dates.value = state.dates === "all" || !home[0] ? "all" : state.dates === "range" ? "range" : "week:" + home[0] + ":" + home[1];
    var countryNames = {}, kindNames = {};
    DATA.countries.forEach(function (c) { countryNames[c[0]] = c[1]; });
    DATA.kinds.forEach(function (k) { kindNames[k[0]] = k[1]; });
    var present = presentKinds();
    $("search-box").hidden = !!TILED;
    $("tiled-note").textContent = TILED ? fill(WORDS.tiled_note, {n: number(TILED.total)}) : "";
    choices($("countries"), DATA.countries, state.countries, function (chosen) { state.countries = chosen; summary("country-label", WORDS.country, chosen, countryNames); stop(); draw(); });
    choices($("kinds"), DATA.kinds.filter(function (k) { return present[k[0]]; }), state.kinds, function (chosen) { state.kinds = chosen; summary("kind-label", WORDS.kind, chosen, kindNames); stop(); draw(); });
    summary("country-label", WORDS.country, state.countries, countryNames);
    summary("kind-label", WORDS.kind, state.kinds, kindNames);
  }

  function presentKinds() {  // the kinds the file has: the legend and the filter offer no other
    var present = {};
    if (TILED) { TILED.kinds.forEach(function (index) { present[CONFIG.kinds[index]] = true; }); }
    else { DATA.actions.forEach(function (row) { present[field(row, "kind")] = true; }); }
    return present;
  }

  // ---- a tiled site: the figures and the timeline from the file's counts, the map from the tiles in view ----
  function counted() {  // the file's counts under the kind and country filters: [span, kind, country, placed, n, people, given]
    var c = TILED.counts, out = [];
    for (var i = 0; i < c.length; i += 7) {
      if (state.kinds.length && state.kinds.indexOf(CONFIG.kinds[c[i + 1]]) < 0) { continue; }
      if (state.countries.length && state.countries.indexOf(TILED.codes[c[i + 2]]) < 0) { continue; }
      out.push(c.slice(i, i + 7));
    }
    return out;
  }
  function spanShown(index) {  // a counted group's dates in the view (the chosen day, else the dates)
    var one = TILED.spans[index], span = range();
    return state.day ? inside(one[0], one[1], [state.day, state.day]) : !span || inside(one[0], one[1], span);
  }
  function tiledDays(groups) { return playerDays(groups.map(function (g) { return TILED.spans[g[0]]; })); }
  function tiledHeadline(groups, dated) {
    var figures = {actions: 0, countries: 0, organisations: null, participants: 0, withCount: 0, withoutCount: 0, signatures: 0, petitions: 0}, countries = {};
    groups.forEach(function (g) {
      figures.actions += g[4];
      if (TILED.codes[g[2]]) { countries[g[2]] = true; }
      if (TILED.signature_kinds.indexOf(g[1]) >= 0) { figures.petitions += g[4]; figures.signatures += g[5]; }
      else { figures.participants += g[5]; figures.withCount += g[6]; figures.withoutCount += g[4] - g[6]; }
    });
    figures.countries = Object.keys(countries).length;
    if (dated && !state.kinds.length && !state.countries.length) {
      var span = range(), key = state.day ? state.day + "|" + state.day : span ? span[0] + "|" + span[1] : "all";
      if (key in TILED.organisations) { figures.organisations = TILED.organisations[key]; }
    }
    return figures;
  }
  function drawTiled() {
    var groups = counted(), shown = [], undated = [], span = range();
    groups.forEach(function (g) { if (!TILED.spans[g[0]][0]) { undated.push(g); } else if (spanShown(g[0])) { shown.push(g); } });
    drawFigures(tiledHeadline(shown, true), tiledHeadline(undated, false));
    var all = 0, placed = 0;
    shown.concat(undated).forEach(function (g) { all += g[4]; placed += g[3] ? g[4] : 0; });
    $("on-map").textContent = fill(WORDS.shown, {shown: number(placed), all: number(all)});
    if (!all) { $("on-map").textContent += " · " + WORDS.none; }
    var days = tiledDays(groups), counts = {};
    groups.forEach(function (g) {
      var one = TILED.spans[g[0]];
      days.forEach(function (day) { if (inside(one[0], one[1], [day, day])) { counts[day] = (counts[day] || 0) + g[4]; } });
    });
    drawPlayer(days);
    drawTimeline(days, counts);
    var unplaced = 0;
    groups.forEach(function (g) { if (!g[3] && (!TILED.spans[g[0]][0] || !span || inside(TILED.spans[g[0]][0], TILED.spans[g[0]][1], span))) { unplaced += g[4]; } });
    drawUnplaced(UNPLACED.filter(function (row) { return matches(row) && (!field(row, "day") || !span || within(row, span)); }), unplaced);
    writeLink();
    refreshTiles();
  }
  function shownRow(row) {  // a leaf's action in the view, as the small site's `shown`
    var span = range();
    return matches(row) && !!field(row, "day") && (state.day ? within(row, [state.day, state.day]) : !span || within(row, span));
  }
  function fetched(path) {
    if (!FETCHED[path]) {
      FETCHED[path] = fetch(path).then(function (answer) { if (!answer.ok) { throw new Error(path); } return answer.json(); });
      FETCHED[path].catch(function () { delete FETCHED[path]; });  // a tile that failed (bad wifi) is asked again on the next move
    }
    return FETCHED[path];
  }
  function tileBox(z, x, y) {
    var n = Math.pow(2, z), lat = function (t) { return 180 / Math.PI * Math.atan(Math.sinh(Math.PI * (1 - 2 * t / n))); };
    return L.latLngBounds([lat(y + 1), x / n * 360 - 180], [lat(y), (x + 1) / n * 360 - 180]);
  }
  function seen(z, x, y, view) {  // a tile in view, or in one of the world's copies beside it
    var box = tileBox(z, x, y);
    for (var shift = -360; shift <= 360; shift += 360) {
      if (view.intersects(L.latLngBounds([box.getSouth(), box.getWest() + shift], [box.getNorth(), box.getEast() + shift]))) { return true; }
    }
    return false;
  }
  function walk(z, x, y, type, zoom, view, found) {
    // down from the world's tile to the map's zoom, through the tiles in view: cells at the map's zoom, leaves above it
    if (type === EMPTY || !seen(z, x, y, view)) { return Promise.resolve(); }
    if (type === LEAF) {
      return fetched("tiles/" + DATA.language + "/" + z + "/" + x + "/" + y + ".json").then(function (leaf) { found.leaves.push(leaf); found.keys.push("L" + z + "/" + x + "/" + y); });
    }
    // under a country filter, the tile counted per country too (tiles.cell_tile): the first view fetches the smaller
    return fetched("tiles/" + z + "/" + x + "/" + y + (state.countries.length ? ".c" : "") + ".json").then(function (tile) {
      var children = tile.children;
      if (z >= zoom) {
        // a tile of many actions with few of them in the view (a day, a kind, a country): their leaves instead, so the
        // few are drawn as themselves, not as circles of 1; only the quarters that hold some of them are fetched
        var counted = cellCounts(tile), few = Object.keys(counted.total).reduce(function (sum, cell) { return sum + counted.total[cell]; }, 0);
        if (few > FEW_IN_A_TILE || !few) { found.cells.push(tile); found.keys.push("C" + z + "/" + x + "/" + y); return null; }
        var mid = tileBox(z + 1, 2 * x + 1, 2 * y + 1).getNorthWest(), holding = [false, false, false, false];
        tile.cells.forEach(function (row, index) { if (counted.total[index]) { holding[(row[0] < mid.lat ? 2 : 0) + (row[1] >= mid.lng ? 1 : 0)] = true; } });
        children = children.map(function (child, i) { return holding[i] ? child : EMPTY; });
      }
      return Promise.all(children.map(function (child, i) { return walk(z + 1, 2 * x + i % 2, 2 * y + (i >> 1), child, zoom, view, found); }));
    });
  }
  function cellCounts(tile) {  // each cell's count and its count per kind under the view's dates, day, kinds and countries
    var total = {}, kinds = {}, c = tile.counts, by = state.countries.length ? 5 : 4;
    for (var i = 0; i < c.length; i += by) {  // [cell, span, kind, n], or [cell, span, kind, country, n]
      if (state.kinds.length && state.kinds.indexOf(CONFIG.kinds[c[i + 2]]) < 0) { continue; }
      if (by === 5 && state.countries.indexOf(TILED.codes[c[i + 3]]) < 0) { continue; }
      if (!TILED.spans[c[i + 1]][0] || !spanShown(c[i + 1])) { continue; }
      var n = c[i + by - 1];
      total[c[i]] = (total[c[i]] || 0) + n;
      kinds[c[i]] = kinds[c[i]] || {};
      kinds[c[i]][c[i + 2]] = (kinds[c[i]][c[i + 2]] || 0) + n;
    }
    return {total: total, kinds: kinds};
  }
  function refreshTiles() {
    var mine = ++generation, found = {cells: [], leaves: [], keys: []}, view = map.getBounds().pad(0.25);
    document.body.setAttribute("data-tiles", "loading");
    walk(0, 0, 0, TILED.root, map.getZoom(), view, found).then(function () {
      if (mine !== generation) { return; }  // the map moved again meanwhile: the newer walk draws
      drawTiles(found);
      document.body.setAttribute("data-tiles", "ready");
      if (!unplacedPages) { moreUnplaced(); }  // the list of actions with no place after the map's first tiles
    }, function () {
      if (mine === generation) { document.body.setAttribute("data-tiles", "failed"); $("on-map").textContent += " · " + WORDS.tiles_failed; }
    });
  }
  function drawTiles(found) {
    var key = found.keys.sort().join(",") + "|" + JSON.stringify([state.day, range(), state.kinds, state.countries, DATA.language]);
    if (key === drawnKey) { return; }
    drawnKey = key;
    cellLayer.clearLayers();
    found.cells.forEach(function (tile) {
      var counted = cellCounts(tile), total = counted.total, kinds = counted.kinds;
      tile.cells.forEach(function (row, index) {
        if (!total[index]) { return; }
        var shown = row.slice(), filtered = total[index] !== row[2], most = -1;
        shown[2] = total[index];
        Object.keys(kinds[index]).forEach(function (kind) { if (kinds[index][kind] > most) { most = kinds[index][kind]; shown[3] = Number(kind); } });
        cellLayer.addLayer(kit.cell(shown, map, filtered));
      });
    });
    // the leaves' markers are kept from one move to the next (only those leaving or coming are taken off or put on):
    // the cluster layer, an open card and a zoom to one marker all hold on to the same marker
    onScreen = [];
    var wanted = {}, adding = [], leaving = [], opened = null;
    found.leaves.forEach(function (leaf) {
      leaf.rows.forEach(function (row, index) {
        if (!shownRow(row)) { return; }
        onScreen.push(row);
        var id = field(row, "id");
        var marker = KEPT[id] || (KEPT[id] = kit.marker(leaf.markers[index], map));
        wanted[id] = marker;
        if (!layer.hasLayer(marker)) { adding.push(marker); }
        if (pendingAction && id === pendingAction) { opened = marker; }
      });
    });
    layer.eachLayer(function (marker) { if (wanted[kit.get(marker.options.row, "id")] !== marker) { leaving.push(marker); } });
    layer.removeLayers(leaving);
    layer.addLayers(adding);
    window.smActions = onScreen.length ? layer : cellLayer;
    drawText(onScreen.slice(0, LISTED_MOST), onScreen.length ? WORDS.on_screen : WORDS.zoom_to_list, onScreen.length);
    if (opened) { showAction(opened, 30); }
  }
  function showAction(marker, tries) {
    // a linked action's card: the map zooms in until the marker stands on its own (the tiles are drawn again at each
    // zoom, the marker kept), then its card opens; at the deepest zoom its cluster spreads out
    if (!layer.hasLayer(marker) || !marker.__parent) {  // the cluster layer adds many markers in chunks
      if (tries > 0) { setTimeout(function () { showAction(marker, tries - 1); }, 100); }
      return;
    }
    var parent = layer.getVisibleParent(marker);
    if (parent === marker) { pendingAction = ""; marker.openPopup(); return; }
    if (map.getZoom() < map.getMaxZoom()) { map.setView(marker.getLatLng(), Math.min(map.getMaxZoom(), map.getZoom() + 3), {animate: false}); return; }
    pendingAction = "";
    if (parent && parent.spiderfy) { parent.spiderfy(); }
    setTimeout(function () { marker.openPopup(); }, 400);
  }
  function findAction(id) {
    // a link to one action: the index says its leaf; the map goes there and its popup opens when the leaf is drawn
    var shards = TILED.shards, h = 0;
    for (var i = 0; i < id.length; i++) { h = (Math.imul(h, 31) + id.charCodeAt(i)) >>> 0; }
    fetched("tiles/index/" + (h % shards) + ".json").then(function (index) {
      var where = index[id];
      if (!where) { return; }
      var parts = where.split("/").map(Number);
      fetched("tiles/" + DATA.language + "/" + where + ".json").then(function (leaf) {
        var at = leaf.rows.map(function (row) { return field(row, "id"); }).indexOf(id);
        if (at < 0) { return; }
        pendingAction = id;
        drawnKey = "";
        map.setView([kit.get(leaf.markers[at], "lat"), kit.get(leaf.markers[at], "lon")], Math.max(parts[0], Math.min(map.getZoom() + 2, 12)));
      });
    });
  }
  function moreUnplaced() {
    if (!TILED || unplacedPages >= TILED.unplaced_pages) { return Promise.resolve(); }
    var language = DATA.language;
    return fetched("data/unplaced/" + language + "/" + unplacedPages + ".json").then(function (rows) {
      if (DATA.language !== language) { return; }
      unplacedPages += 1;
      UNPLACED = UNPLACED.concat(rows);
      draw();
    });
  }

  function load(language) {
    return fetch("data/" + language + ".json").then(function (answer) { return answer.json(); }).then(function (data) {
      DATA = data;
      TILED = data.tiled || null;
      UNPLACED = []; unplacedPages = 0; drawnKey = ""; KEPT = {};
      layer.clearLayers();
      if (TILED) { state.search = ""; }  // no search on a tiled site (its note says so): the link does not claim one
      AT = {};
      data.fields.forEach(function (name, index) { AT[name] = index; });
      kit = smMarkerKit(data.markers);
      kit.keepScroll(map);
      MARKERS = {};
      data.marker_rows.forEach(function (row) { MARKERS[kit.get(row, "id")] = row; });
      words();
      draw();
      document.body.setAttribute("data-ready", language);
      if (TILED && state.action) { findAction(state.action); }
    });
  }

  $("share-copy").onclick = function () {
    var button = this, input = $("share-link");
    input.select();
    var done = function () { button.textContent = WORDS.copied; setTimeout(function () { button.textContent = WORDS.copy; }, 2000); };
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); }); }
    else { document.execCommand("copy"); done(); }
  };
  $("prev").onclick = function () { stop(); step(-1); };
  $("next").onclick = function () { stop(); step(1); };
  $("play").onclick = play;
  $("all-days").onclick = function () { stop(); state.day = ""; draw(); };
  $("pace").onchange = function () { if (timer) { stop(); play(); } };
  $("language").onchange = function () { stop(); state.language = this.value; load(state.language); };
  $("dates").onchange = function () {
    stop(); state.day = "";
    if (this.value === "all") { state.dates = "all"; }
    else if (this.value.indexOf("week:") === 0) { var parts = this.value.split(":"); var home = DATA.campaign.home; if (parts[1] === home[0] && parts[2] === home[1]) { state.dates = "week"; } else { state.dates = "range"; state.from = parts[1]; state.to = parts[2]; } }
    draw();
  };
  $("search").oninput = function () { state.search = this.value.trim().slice(0, 200); draw(); };
  $("clear").onclick = function () { stop(); state.countries = []; state.kinds = []; state.search = ""; state.day = ""; words(); draw(); };
  map.on("popupopen", function (event) {
    var row = event.popup._source && event.popup._source.options.row;
    if (row) { state.action = kit.get(row, "id"); writeLink(); }
  });
  map.on("popupclose", function () { state.action = ""; writeLink(); });
  $("unplaced-more").onclick = function () { moreUnplaced(); };
  map.on("moveend", function () { if (TILED) { refreshTiles(); } });
  load(state.language || browserLanguage());
})();
