"""Real-browser tests: `streamlit run` on a free port, Debian's Chromium driven by Playwright.

Outside network is blocked in the browser (only 127.0.0.1 answers), as in a meeting
room with no internet or in CI.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = REPO / "tests" / "browser" / "screenshots"
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class App:
    def __init__(self, env: dict[str, str], tmp: Path, args: tuple[str, ...] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        environment = {
            **os.environ,
            "SOLIDARITY_MAP_GEOCODE_CACHE": str(tmp / "cache.jsonl"),
            "SOLIDARITY_MAP_DATABASE_URL": f"sqlite:///{tmp / 'actions.db'}",
            **env,
        }
        self.log = (tmp / "streamlit.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                *args,
            ],
            cwd=REPO,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not start: " + (tmp / "streamlit.log").read_text()[-2000:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def offline_app(tmp_path_factory):
    """The dashboard on the bundled data with SOLIDARITY_MAP_OFFLINE=1, one per test module."""
    server = App({"SOLIDARITY_MAP_OFFLINE": "1"}, tmp_path_factory.mktemp("offline"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is not installed at {CHROMIUM}: run `bash scripts/test`, which installs it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


def block_outside(route) -> None:
    url = route.request.url
    host = url.split("/")[2].split(":")[0] if "://" in url else ""
    if url.startswith(("file:", "data:", "about:")) or host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def open_page(browser):
    """A new page with outside network blocked; collects script errors."""
    pages = []

    def make(url: str, viewport: dict | None = None, locale: str | None = None):
        size = viewport or PROJECTOR
        # a phone's screen is touched; `locale` is the browser's language (its Accept-Language)
        context = browser.new_context(viewport=size, has_touch=size["width"] < 600, **({"locale": locale} if locale else {}))
        context.route("**/*", block_outside)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.goto(url)
        pages.append(context)
        return page

    yield make
    for context in pages:
        context.close()


def map_frame(page):
    return page.frame_locator("iframe[title='streamlit_folium.st_folium']")


def wait_for_markers(page, count: int, timeout: float = 30_000, expect: list[str] | None = None) -> list[str]:
    """Waits until exactly `count` action markers are drawn (those of `expect`, when given); returns their action ids."""
    frame = map_frame(page)
    markers = frame.locator(".sm-action")
    deadline = time.monotonic() + timeout / 1000
    seen: list[str] = []
    while time.monotonic() < deadline:
        try:
            if markers.count() == count and count:
                seen = sorted(markers.evaluate_all("els => els.map(e => e.getAttribute('data-action-id'))"))
                if expect is None or seen == sorted(expect):
                    return seen
        except Exception:  # noqa: BLE001 - the frame is being replaced while the app reruns
            pass
        page.wait_for_timeout(200)
    raise AssertionError(f"expected {count} markers {expect or ''}, saw {markers.count()}: {seen}")


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def one_map(page, timeout: float = 30_000) -> None:
    """Waits until the page holds one map: while a page is replaced by another, the old one's map may linger a moment."""
    page.wait_for_function("document.querySelectorAll(\"iframe[title='streamlit_folium.st_folium']\").length === 1", timeout=timeout)


def click_marker(page, action_id: str):
    """Clicks a marker with the whole map in view (a marker at the screen's edge scrolls when focused)."""
    one_map(page)
    page.locator("iframe[title='streamlit_folium.st_folium']").evaluate("frame => frame.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    map_frame(page).locator(f".sm-action[data-action-id='{action_id}']").click()
    popup = map_frame(page).locator(".leaflet-popup-content").last
    popup.wait_for()
    return popup


def export_site(database: str, folder: Path) -> Path:
    """The public static copy, written by the command a cron line runs, from the live `database`, offline."""
    environment = {**os.environ, "SOLIDARITY_MAP_DATABASE_URL": database, "SOLIDARITY_MAP_GEOCODE_CACHE": str(folder.parent / "c.jsonl")}
    done = subprocess.run(
        [sys.executable, "-m", "utils", "export", "site", str(folder), "--offline"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return folder


@contextlib.contextmanager
def served(folder: Path):
    """`folder` served as any static host would, on 127.0.0.1: its address."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
