"""A thousand to a million actions: our first view against folium's FastMarkerCluster, the static site, and the loader.

    .venv/bin/python -m bench.bench_scale [--sizes 10000,100000,1000000] [--limit 120] [--whole-site-most 100000]

For each size, with the same popup fields in both (organisation, date, kind, place, target, description, source):
- ours: the map the dashboard sends for its first view (utils.map.mapview.base_map plus view_group for the world at zoom 2:
  counted cells above SOLIDARITY_MAP_MARKER_LIMIT, 3,000); FastMarkerCluster: every action in the page;
- build seconds (Python, the map's HTML written), megabytes of that HTML, and Chromium's seconds from opening the page
  to the first marker or cell drawn (Debian's chromium through Playwright, Leaflet and its plugins served from
  127.0.0.1, no other network). A page that draws nothing within --limit seconds is given the limit;
- the static site (utils/publish/site.py, English only: every language has the same sizes), tiled above 20,000 actions
  (utils/publish/tiles.py): seconds to write it and its megabytes on disk; in Chromium, the data it fetched (data/ and tiles/)
  until its first marker or cell was drawn, and the seconds to that; then one zoom-in by two levels and a pan: what
  each fetched. The same actions as one data file per language (the untiled site) beside it, up to --whole-site-most;
- the loader: seconds and peak resident memory to load the same actions from a CSV (each size in its own process).
The actions have a country each, by where they are (a 10-degree square per country code, as neighbours share a
cell), so a tile's counts per country are as many as on a real map. Last lines: `scale_at_N ours_mb=M
ours_paint_s=P fmc_mb=FM fmc_paint_s=FP` and `site_at_N first_data_mb=D first_marker_s=S` for the largest size.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import folium
from folium.plugins import FastMarkerCluster

from bench.bench_map import synthetic_actions
from utils.actions.campaign import BUNDLED
from utils.i18n import LANGUAGES
from utils.map import assets
from utils.map.mapview import base_map, view_group
from utils.places.countries import countryinfo_records
from utils.publish.site import site_parts, write_site
from utils.settings import Settings
from utils.view.aggregate import Viewport
from utils.view.fields import shown_values

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
POPUP = ["organisations", "date", "kind", "place", "target", "description", "source_text"]
FMC_CALLBACK = """function (row) {
    // the same fields as our popup, built with textContent as ours are
    var marker = L.marker(new L.LatLng(row[0], row[1]));
    marker.bindPopup(function () {
        var box = document.createElement("div"), labels = LABELS;
        labels.forEach(function (label, i) {
            var b = document.createElement("b"); b.textContent = label + ": "; box.appendChild(b);
            box.appendChild(document.createTextNode(row[i + 2])); box.appendChild(document.createElement("br"));
        });
        return box;
    });
    return marker;
}""".replace("LABELS", json.dumps(POPUP))


def ours(actions, urls: dict[str, str]) -> str:
    map_ = base_map(actions["action_kind"].unique(), offline=True, assets=urls)
    group, _ = view_group(actions, Viewport.world(2), Settings().marker_limit, urls)
    return map_.add_child(group).get_root().render()


def fast_marker_cluster(actions, urls: dict[str, str]) -> str:
    values = shown_values(actions)
    rows = [list(row) for row in zip(actions["lat"].round(5), actions["lon"].round(5), *(values[name] for name in POPUP), strict=True)]
    map_ = folium.Map(location=(20, 20), zoom_start=2, tiles=None)
    map_.options.update(maxZoom=18, minZoom=1)  # no tiles here (no network): clustering needs a zoom range, as ours does
    map_.default_js = [("leaflet", urls["leaflet_js"])]
    map_.default_css = [("leaflet_css", urls["leaflet_css"])]
    layer = FastMarkerCluster(rows, callback=FMC_CALLBACK)
    layer.default_js = [("markerclusterjs", urls["markercluster_js"])]
    layer.default_css = [("markerclustercss", urls["markercluster_css"]), ("markerclusterdefaultcss", urls["markercluster_default_css"])]
    return map_.add_child(layer).get_root().render()


def with_countries(actions):
    """Each action's country by where it is: one code per 10-degree square, as a real map's neighbours share cells."""
    codes = sorted({(info.get("ISO") or {}).get("alpha2", "") for info in countryinfo_records()} - {""})
    square = ((actions["lat"] + 90) // 10).astype(int) * 36 + ((actions["lon"] + 180) // 10).astype(int)
    return actions.assign(country_code=[codes[value % len(codes)] for value in square])


def site_figures(browser, actions, folder: Path, base: str, name: str, tiled_from: int, limit: float) -> dict:
    """Write the site, open it in Chromium: what it fetched and how soon it drew; then a zoom-in and a pan."""
    site = folder / name
    start = time.perf_counter()
    write_site(site, site_parts(actions, BUNDLED, languages=LANGUAGES[:1], tiled_from=tiled_from))
    build_s = time.perf_counter() - start
    disk_mb = sum(path.stat().st_size for path in site.rglob("*") if path.is_file()) / 1e6
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort())
    page = context.new_page()
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request))

    def data_mb(since: int = 0) -> float:
        return (
            sum((request.sizes()["responseBodySize"]) for request in fetched[since:] if "/data/" in request.url or "/tiles/" in request.url)
            / 1e6
        )

    figures = {"build_s": build_s, "disk_mb": disk_mb}
    start = time.perf_counter()
    try:
        page.goto(f"{base}/{name}/index.html", timeout=limit * 1000, wait_until="commit")
        page.locator(".leaflet-marker-icon").first.wait_for(state="attached", timeout=limit * 1000)
        figures["paint_s"] = time.perf_counter() - start
        figures["first_mb"] = data_mb()
        if tiled_from < len(actions):
            for label, move in (("zoom", "map.setZoom(4)"), ("pan", "map.panBy([600, 0])")):
                page.wait_for_selector("body[data-tiles='ready']", timeout=limit * 1000)
                since = len(fetched)
                page.evaluate("() => { const map = window.smSiteMap; " + move + "; }")
                page.wait_for_timeout(300)
                page.wait_for_selector("body[data-tiles='ready']", timeout=limit * 1000)
                page.wait_for_timeout(200)
                figures[f"{label}_mb"] = data_mb(since)
    except Exception:  # noqa: BLE001 - a page that never draws took the limit
        figures.setdefault("paint_s", limit)
        figures.setdefault("first_mb", data_mb())
    finally:
        context.close()
    shutil.rmtree(site)
    return figures


def timed_build(build, actions, urls) -> tuple[float, str]:
    start = time.perf_counter()
    html = build(actions, urls)
    return time.perf_counter() - start, html


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):  # a page closed at its time limit while loading
            pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def paint_seconds(browser, url: str, limit: float) -> float:
    """Seconds from opening the page to its first marker, cell or cluster drawn; `limit` when none is in time."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort())
    page = context.new_page()
    start = time.perf_counter()
    try:
        page.goto(url, timeout=limit * 1000, wait_until="commit")
        remaining = max(1.0, limit - (time.perf_counter() - start))
        page.locator(".leaflet-marker-icon").first.wait_for(state="attached", timeout=remaining * 1000)
        return time.perf_counter() - start
    except Exception:  # noqa: BLE001 - a page that never draws, or a browser that gives up on it, took the limit
        return limit
    finally:
        context.close()


# VmHWM, not getrusage's ru_maxrss: that survives exec, so a child of this big process would report the parent's size
LOAD_ONE = """
import re, sys, time
from utils.actions.load import load_actions
from utils.settings import Limits
start = time.perf_counter()
result = load_actions(sys.argv[1], limits=Limits(max_bytes=2_000_000_000, max_rows=2_000_000))
seconds = time.perf_counter() - start
peak_kb = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
print(result.accepted, seconds, peak_kb / 1000)
"""


def loader_figures(actions, folder: Path) -> tuple[float, float, float]:
    """Seconds and peak megabytes to load the actions from a CSV, in a process of its own; and the file's megabytes."""
    path = folder / "actions.csv"
    columns = ["id", "date", "action_kind", "organisations", "city", "lat", "lon", "participants", "target", "description", "source"]
    actions[columns].assign(date=actions["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    run = subprocess.run([sys.executable, "-c", LOAD_ONE, str(path)], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    accepted, seconds, peak = run.stdout.split()
    assert int(accepted) == len(actions), run.stderr[-2000:]
    size = path.stat().st_size / 1e6
    path.unlink()
    return float(seconds), float(peak), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds a page may take to draw its first marker")
    parser.add_argument("--whole-site-most", type=int, default=100_000, help="the untiled site up to this many actions")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary, sync_playwright() as playwright:
        folder = Path(temporary)
        assets.install(folder)
        server, base = serve(folder)
        urls = assets.urls(f"{base}/{assets.VENDOR}")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        print(
            f"{'actions':>9} {'layer':>5} {'build_s':>8} {'html_MB':>8} {'paint_s':>8}   loader: {'file_MB':>7} {'load_s':>7} {'peak_MB':>8}"
        )
        figures = {}
        for size in [int(size) for size in args.sizes.split(",")]:
            actions = with_countries(synthetic_actions(size))
            load_s, peak_mb, file_mb = loader_figures(actions, folder)
            for name, build in (("ours", ours), ("fmc", fast_marker_cluster)):
                build_s, html = timed_build(build, actions, urls)
                (folder / f"{name}.html").write_text(html, encoding="utf-8")
                megabytes = len(html.encode("utf-8")) / 1e6
                del html
                paint_s = paint_seconds(browser, f"{base}/{name}.html", args.limit)
                figures[size, name] = (megabytes, paint_s)
                loader = f"{file_mb:>7.1f} {load_s:>7.1f} {peak_mb:>8.0f}" if name == "ours" else ""
                print(f"{size:>9} {name:>5} {build_s:>8.2f} {megabytes:>8.2f} {paint_s:>8.2f}   {'':8}{loader}", flush=True)
            (ours_mb, ours_s), (fmc_mb, fmc_s) = figures[size, "ours"], figures[size, "fmc"]
            print(f"{size:>9} ratio first view x{fmc_mb / ours_mb:.0f} smaller, first marker x{fmc_s / ours_s:.1f} sooner", flush=True)
            for name, tiled_from in (("site", 20_000), ("whole", size)):
                if name == "whole" and size > args.whole_site_most:
                    continue
                site = site_figures(browser, actions, folder, base, name, tiled_from, args.limit)
                figures[size, name] = site
                moved = f" zoom_MB {site['zoom_mb']:.2f} pan_MB {site['pan_mb']:.2f}" if "zoom_mb" in site else ""
                print(
                    f"{size:>9} {name:>5} build_s {site['build_s']:.1f} disk_MB {site['disk_mb']:.1f} first_data_MB {site['first_mb']:.2f}"
                    f" first_marker_s {site['paint_s']:.2f}{moved}",
                    flush=True,
                )
        browser.close()
        server.shutdown()
    largest = max(size for size, _ in figures)
    (ours_mb, ours_s), (fmc_mb, fmc_s) = figures[largest, "ours"], figures[largest, "fmc"]
    print(f"scale_at_{largest} ours_mb={ours_mb:.2f} ours_paint_s={ours_s:.2f} fmc_mb={fmc_mb:.1f} fmc_paint_s={fmc_s:.1f}")
    site = figures[largest, "site"]
    print(f"site_at_{largest} first_data_mb={site['first_mb']:.2f} first_marker_s={site['paint_s']:.2f}")


if __name__ == "__main__":
    main()
