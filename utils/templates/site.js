// The published map (utils/site.py): reads data/LANG.json and draws the view its link describes, with the
// dashboard's own link words (dates, from, to, day, country, kind, q, action, lang). Data text only ever
// reaches the page through textContent; markers and popups are markers.js's, as on the dashboard.
(function () {
  var CONFIG = JSON.parse(document.getElementById("site-config").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var DATA = null, WORDS = {}, AT = {}, MARKERS = {}, kit = null, timer = null, legend = null;
  var state = readLink(new URLSearchParams(location.search));

  var map = L.map("map", {maxZoom: 18, minZoom: 1, worldCopyJump: true}).setView([25, 40], 2);
  if (CONFIG.tiles) { L.tileLayer(CONFIG.tiles, {maxZoom: 18, attribution: CONFIG.attribution || ""}).addTo(map); }
  map.createPane("outlines").style.zIndex = 150;
  fetch("vendor/countries.json").then(function (answer) { return answer.json(); }).then(function (outlines) {
    L.geoJSON(outlines, {pane: "outlines", interactive: false, style: {color: "#7a8a99", weight: 1, fillColor: "#fbfaf5", fillOpacity: 1}}).addTo(map);
  }).catch(function () { /* the markers still show on the plain background */ });
  var layer = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true}).addTo(map);

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
    var view = {
      lang: match(params.get("lang")) || "", dates: "week", from: "", to: "", day: params.get("day") || "",
      countries: params.getAll("country").join(",").split(",").filter(Boolean).map(function (c) { return c.toUpperCase(); }),
      kinds: params.getAll("kind").join(",").split(",").filter(function (k) { return CONFIG.kinds.indexOf(k) >= 0; }),
      q: (params.get("q") || "").slice(0, 200), action: params.get("action") || ""
    };
    if (params.get("dates") === "all") { view.dates = "all"; }
    else if (params.get("from") || params.get("to")) { view.dates = "range"; view.from = params.get("from") || ""; view.to = params.get("to") || ""; }
    return view;
  }
  function writeLink() {
    var params = new URLSearchParams(), home = DATA.campaign.home;
    if (state.dates === "all" && home[0]) { params.set("dates", "all"); }
    if (state.dates === "range") { params.set("from", state.from); params.set("to", state.to); }
    if (state.day) { params.set("day", state.day); }
    state.countries.forEach(function (code) { params.append("country", code); });
    state.kinds.forEach(function (kind) { params.append("kind", kind); });
    if (state.q) { params.set("q", state.q); }
    if (state.action) { params.set("action", state.action); }
    if (state.lang && state.lang !== "en") { params.set("lang", state.lang); }
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
  function within(row, span) {
    var first = field(row, "day"), last = field(row, "until") || first;
    return !!first && first <= span[1] && last >= span[0];
  }
  function matches(row) {
    if (state.countries.length && state.countries.indexOf(field(row, "country")) < 0) { return false; }
    if (state.kinds.length && state.kinds.indexOf(field(row, "kind")) < 0) { return false; }
    if (state.q) {
      var text = (field(row, "caption") + " " + field(row, "search")).toLowerCase();
      if (text.indexOf(state.q.toLowerCase()) < 0) { return false; }
    }
    return true;
  }
  function playerDays(rows) {
    var span = range(), days = [];
    if (span && span[0] !== "0000-00-00" && span[1] !== "9999-99-99") {
      var day = new Date(span[0] + "T00:00:00Z"), last = new Date(span[1] + "T00:00:00Z");
      if ((last - day) / 86400000 <= 31) {
        for (; day <= last; day.setUTCDate(day.getUTCDate() + 1)) { days.push(day.toISOString().slice(0, 10)); }
        return days;
      }
    }
    rows.forEach(function (row) { var d = field(row, "day"); if (d && days.indexOf(d) < 0 && (!span || within(row, span))) { days.push(d); } });
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
    var span = range(), chosen = DATA.actions.filter(matches);
    var shown = chosen.filter(function (row) { return field(row, "day") && (state.day ? within(row, [state.day, state.day]) : !span || within(row, span)); });
    var placed = shown.filter(function (row) { return MARKERS[field(row, "id")]; });
    layer.clearLayers();
    var markers = placed.map(function (row) { return kit.marker(MARKERS[field(row, "id")], map); });
    layer.addLayers(markers);
    window.smActions = layer;
    var undated = chosen.filter(function (row) { return !field(row, "day"); });
    drawFigures(shown, undated);
    var counted = shown.length + undated.length;  // as the dashboard counts: the view's dated actions and the undated
    $("on-map").textContent = fill(WORDS.shown, {shown: number(placed.length + undated.filter(function (row) { return MARKERS[field(row, "id")]; }).length), all: number(counted)});
    if (!counted) { $("on-map").textContent += " · " + WORDS.none; }
    drawPlayer(chosen);
    drawTimeline(chosen);
    drawUnplaced(chosen.filter(function (row) { return !MARKERS[field(row, "id")] && (!field(row, "day") || !span || within(row, span)); }));
    drawText(shown.concat(undated));
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
  function drawFigures(shown, undated) {
    var figures = headline(shown), apart = headline(undated), box = $("figures");
    box.textContent = "";
    function cell(value, label) {
      var span = add(box, "span", undefined, "sm-figure");
      add(span, "span", value, "sm-figure-value");
      add(span, "span", " " + label, "sm-figure-label");
    }
    cell(number(figures.actions), figures.actions === 1 ? WORDS.figure_action : WORDS.figure_actions);
    cell(number(figures.countries), figures.countries === 1 ? WORDS.figure_country : WORDS.figure_countries);
    cell(number(figures.organisations), figures.organisations === 1 ? WORDS.figure_organisation : WORDS.figure_organisations);
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
      DATA.actions.forEach(function (row) { present[field(row, "kind")] = true; });
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
  function drawPlayer(chosen) {
    var days = playerDays(chosen), at = days.indexOf(state.day);
    $("day").textContent = state.day ? dayWords(state.day) : WORDS.all_days;
    $("prev").disabled = !days.length || at === 0;
    $("next").disabled = !days.length || at === days.length - 1;
    $("all-days").disabled = !state.day;
    $("play").disabled = !days.length;
    $("play").textContent = timer ? WORDS.pause : WORDS.play_days;
    document.body.setAttribute("data-day", state.day || "all");
  }
  function drawTimeline(chosen) {
    var days = playerDays(chosen), bars = $("bars"), counts = {}, most = 1;
    chosen.forEach(function (row) { days.forEach(function (day) { if (within(row, [day, day])) { counts[day] = (counts[day] || 0) + 1; } }); });
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
  function drawUnplaced(rows) {
    $("unplaced-title").textContent = fill(WORDS.not_on_map, {n: number(rows.length)});
    $("unplaced-why").textContent = rows.length ? WORDS.not_on_map_why : "";
    var list = $("unplaced");
    list.textContent = "";
    rows.forEach(function (row) {
      var item = add(list, "li", field(row, "caption"));
      item.setAttribute("data-action-id", field(row, "id"));
      if (field(row, "why")) { add(item, "em", " — " + field(row, "why")); }
    });
  }
  function drawText(rows) {
    $("text-title").textContent = WORDS.day_by_day + " (" + number(rows.length) + ")";
    var text = $("text"), current = null, list = null;
    text.textContent = "";
    var key = function (row) { return field(row, "day") || "~"; };  // the undated last, as on the dashboard
    rows.slice().sort(function (a, b) { return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0; }).forEach(function (row) {
      if (field(row, "day_words") !== current) { current = field(row, "day_words"); add(text, "h3", current); list = add(text, "ul"); }
      add(list, "li", field(row, "caption"));
    });
  }

  function step(offset) {
    var days = playerDays(DATA.actions.filter(matches)), at = days.indexOf(state.day);
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
    $("search").value = state.q;
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
    var present = {};
    DATA.actions.forEach(function (row) { present[field(row, "kind")] = true; });
    choices($("countries"), DATA.countries, state.countries, function (chosen) { state.countries = chosen; summary("country-label", WORDS.country, chosen, countryNames); stop(); draw(); });
    choices($("kinds"), DATA.kinds.filter(function (k) { return present[k[0]]; }), state.kinds, function (chosen) { state.kinds = chosen; summary("kind-label", WORDS.kind, chosen, kindNames); stop(); draw(); });
    summary("country-label", WORDS.country, state.countries, countryNames);
    summary("kind-label", WORDS.kind, state.kinds, kindNames);
  }

  function load(language) {
    return fetch("data/" + language + ".json").then(function (answer) { return answer.json(); }).then(function (data) {
      DATA = data;
      AT = {};
      data.fields.forEach(function (name, index) { AT[name] = index; });
      kit = smMarkerKit(data.markers);
      kit.keepScroll(map);
      MARKERS = {};
      data.marker_rows.forEach(function (row) { MARKERS[kit.get(row, "id")] = row; });
      words();
      draw();
      document.body.setAttribute("data-ready", language);
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
  $("language").onchange = function () { stop(); state.lang = this.value; load(state.lang); };
  $("dates").onchange = function () {
    stop(); state.day = "";
    if (this.value === "all") { state.dates = "all"; }
    else if (this.value.indexOf("week:") === 0) { var parts = this.value.split(":"); var home = DATA.campaign.home; if (parts[1] === home[0] && parts[2] === home[1]) { state.dates = "week"; } else { state.dates = "range"; state.from = parts[1]; state.to = parts[2]; } }
    draw();
  };
  $("search").oninput = function () { state.q = this.value.trim().slice(0, 200); draw(); };
  $("clear").onclick = function () { stop(); state.countries = []; state.kinds = []; state.q = ""; state.day = ""; words(); draw(); };
  map.on("popupopen", function (event) {
    var row = event.popup._source && event.popup._source.options.row;
    if (row) { state.action = kit.get(row, "id"); writeLink(); }
  });
  map.on("popupclose", function () { state.action = ""; writeLink(); });
  load(state.lang || browserLanguage());
})();
