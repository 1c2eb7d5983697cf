"""The hosted set-up, run for real: Debian's PostgreSQL, two app processes, Debian's nginx with deploy/nginx.conf
itself in front. The report limits count each real visitor behind the proxy, and two processes share the sign-in
throttle and the moderators' sessions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE, App, block_outside, free_port, screenshot
from utils.auth import Throttle, hash_password
from utils.nginx import running_nginx
from utils.pgserver import fresh_database, running_server
from utils.store import Store

PASSWORD = "correct horse battery"


@dataclass
class Hosted:
    proxy: str
    one: App
    two: App
    database: str


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    tmp: Path = tmp_path_factory.mktemp("hosted")
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[moderators]\n"ana" = "{hash_password(PASSWORD)}"\n', encoding="utf-8")
    with running_server() as server, fresh_database(server) as url:
        env = {
            "SOLIDARITY_MAP_OFFLINE": "1",
            "SOLIDARITY_MAP_PUBLIC": "1",
            "SOLIDARITY_MAP_DATABASE_URL": url,
            "SOLIDARITY_MAP_TRUSTED_PROXIES": "127.0.0.1",  # nginx, on this machine
        }
        processes = []
        for name in ("one", "two"):
            (tmp / name).mkdir()
            processes.append(App(env, tmp / name, ("--secrets.files", str(secrets))))
        store = Store(url)  # the tables and the bundled actions made once, before two processes open them
        store.seed(Path("data/actions.csv").resolve())
        store.engine.dispose()
        try:
            with running_nginx(tmp / "nginx", [app.port for app in processes], free_port()) as proxy:
                yield Hosted(proxy, processes[0], processes[1], url)
        finally:
            for app in processes:
                app.stop()


def visitor(browser, forwarded_for: str):
    """A new visitor whose request reaches nginx from `forwarded_for` (as if through the visitor's own proxy chain)."""
    context = browser.new_context(viewport=PHONE, has_touch=True, extra_http_headers={"X-Forwarded-For": forwarded_for})
    context.route("**/*", block_outside)
    return context


def send_reports(browser, url: str, forwarded_for: str, count: int, session: int = 0) -> list[str]:
    """Reports sent from one browser session, each its own (the same report sent again is stored once): 'sent' or 'limited'."""
    context = visitor(browser, forwarded_for)
    page = context.new_page()
    page.goto(url + "report")
    outcomes = []
    try:
        for number in range(count):
            page.get_by_role("heading", name="Report an action").wait_for(timeout=60_000)
            page.get_by_role("spinbutton", name="year, When").click()
            page.keyboard.type("20190327")
            page.keyboard.press("Tab")
            page.get_by_label("Who took part (organisations)").fill(f"Union at {forwarded_for} #{session}.{number}")
            page.get_by_label("City or town").fill("Seoul")
            page.get_by_role("button", name="Send the report").click()
            done = page.get_by_text("your report is in", exact=False).or_(page.get_by_text("Many reports have come from your network"))
            done.first.wait_for(timeout=30_000)
            if page.get_by_text("your report is in", exact=False).count():
                outcomes.append("sent")
                page.get_by_role("button", name="Report another action").click()
            else:
                outcomes.append("limited")
        return outcomes
    finally:
        context.close()


def test_thirty_visitors_behind_the_proxy_are_thirty_and_one_address_is_limited(hosted, browser):
    different = [send_reports(browser, hosted.proxy, f"198.51.100.{number}", 1)[0] for number in range(1, 31)]
    assert different == ["sent"] * 30
    assert Store(hosted.database).count("pending") == 30
    same = [outcome for session in range(10) for outcome in send_reports(browser, hosted.proxy, "203.0.113.7", 3, session)]
    assert same.count("sent") == 20 and same.count("limited") == 10 and same[:20] == ["sent"] * 20
    assert Store(hosted.database).count("pending") == 50


def sign_in(page, name: str, password: str) -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_two_processes_share_the_throttle_and_a_guesser_elsewhere_locks_nobody_out(hosted, browser):
    attacker = visitor(browser, "198.51.100.66").new_page()
    attacker.goto(hosted.one.url + "moderate")  # straight to the first process
    keys = Throttle.keys("ana", "198.51.100.66")
    store = Store(hosted.database)

    def failures() -> int:
        return store.sign_in_failures(keys).get(keys[1], (0, None))[0]

    while failures() < 5:  # five wrong guesses that count (one made too soon is only told to wait): the next must wait 16 s
        before = failures()
        sign_in(attacker, "ana", f"guess number {before}")
        for _ in range(20):
            attacker.wait_for_timeout(250)
            if failures() > before:
                break
    again = visitor(browser, "198.51.100.66").new_page()
    again.goto(hosted.two.url + "moderate")  # the second process knows of the first one's failures
    sign_in(again, "ana", PASSWORD)
    again.get_by_text("Too many failed sign-ins", exact=False).wait_for(timeout=30_000)
    wait = int(re.search(r"try again in (\d+) seconds", again.get_by_text("Too many failed sign-ins", exact=False).inner_text()).group(1))
    assert wait >= 2

    moderator = visitor(browser, "203.0.113.7").new_page()  # the moderator, from her own address, on the second process
    moderator.set_viewport_size({"width": 1280, "height": 720})
    moderator.goto(hosted.two.url + "moderate")
    sign_in(moderator, "ana", PASSWORD)
    moderator.get_by_text("Signed in as ana.", exact=False).wait_for(timeout=30_000)
    moderator.reload()  # the sign-in lasts across a reload
    moderator.get_by_text("Signed in as ana.", exact=False).wait_for(timeout=60_000)
    moderator.goto(hosted.one.url + "moderate")  # and on the other process: the session is in the database
    moderator.get_by_text("Signed in as ana.", exact=False).wait_for(timeout=60_000)
    screenshot(moderator, "moderate-signed-in-after-reload-laptop")
    moderator.get_by_role("button", name="Sign out").click()
    moderator.get_by_role("textbox", name="Password").wait_for(timeout=30_000)
    moderator.reload()
    moderator.get_by_role("textbox", name="Password").wait_for(timeout=60_000)  # signed out stays signed out
    assert not moderator.get_by_text("Signed in as", exact=False).count()


def test_the_maps_files_leave_the_proxy_compressed(hosted):
    """The outlines and the map's scripts through deploy/nginx.conf: gzipped for a browser that asks, whole for one that does not."""
    import gzip
    import urllib.request

    from tests.conftest import REPO
    from utils import assets

    assets.install(REPO / "static")  # as the app does on its first page (the other tests here have drawn pages too)
    for path in ("app/static/vendor/countries.json", "app/static/vendor/leaflet.js"):
        asked = urllib.request.Request(hosted.proxy + path, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asked, timeout=30) as answer:
            assert answer.headers.get("Content-Encoding") == "gzip", path
            body = gzip.decompress(answer.read())
        with urllib.request.urlopen(hosted.proxy + path, timeout=30) as plain:
            assert plain.headers.get("Content-Encoding") is None and plain.read() == body
