"""The hosted set-up, run for real: Debian's PostgreSQL, two app processes, Debian's nginx with deploy/nginx.conf
itself in front. The report limits count each real visitor behind the proxy, two processes share the sign-in
throttle and the moderators' sessions, a report sent on one is approved on the other, each visitor stays on one
process, and when one stops its visitors go on on the other. The last test stops a process: it stays last."""

from __future__ import annotations

import re
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE, App, block_outside, free_port, screenshot
from tests.nginx import routed, running_nginx
from tests.pgserver import fresh_database, running_server
from utils.live.auth import Throttle, hash_password
from utils.live.store import Store

PASSWORD = "correct horse battery"


@dataclass
class Hosted:
    proxy: str
    one: App
    two: App
    database: str
    nginx: Path  # nginx's folder: its access log says which process answered each request

    def process_of(self, app: App) -> str:
        return f"127.0.0.1:{app.port}"


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
                yield Hosted(proxy, processes[0], processes[1], url, tmp / "nginx")
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
            page.get_by_role("spinbutton", name="year, Date").click()
            page.keyboard.type("20190327")
            page.keyboard.press("Tab")
            page.get_by_label("Organisations", exact=True).fill(f"Union at {forwarded_for} #{session}.{number}")
            page.get_by_label("City", exact=True).fill("Seoul")
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
    from utils.map import assets

    assets.install(REPO / "static")  # as the app does on its first page (the other tests here have drawn pages too)
    for path in ("app/static/vendor/countries.json", "app/static/vendor/leaflet.js"):
        asked = urllib.request.Request(hosted.proxy + path, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asked, timeout=30) as answer:
            assert answer.headers.get("Content-Encoding") == "gzip", path
            body = gzip.decompress(answer.read())
        with urllib.request.urlopen(hosted.proxy + path, timeout=30) as plain:
            assert plain.headers.get("Content-Encoding") is None and plain.read() == body


def route_to(hosted: Hosted, app: App) -> str:
    """A route cookie that nginx sends to `app`: asked of nginx itself (each first request is given one, and its access
    log says where that request went)."""
    seen = []
    for _ in range(60):
        with urllib.request.urlopen(hosted.proxy + "_stcore/health", timeout=10) as answer:
            given = [one.split(";")[0].split("=", 1) for one in answer.headers.get_all("Set-Cookie")]
            cookie = dict(given)["sm_route"]
        for _ in range(20):  # nginx logs a request just after answering it
            went = {request.upstream for request in routed(hosted.nginx, cookie)}
            if went:
                break
            time.sleep(0.05)
        if went == {hosted.process_of(app)}:
            return cookie
        seen.append(went)
    raise AssertionError(f"nginx sent no first request to {app.url}: {seen[:5]}")


def visitor_on(browser, hosted: Hosted, app: App, forwarded_for: str, size: dict = PHONE):
    """A new visitor whom nginx sends to `app`, as it would send any visitor with that cookie."""
    context = browser.new_context(viewport=size, has_touch=True, extra_http_headers={"X-Forwarded-For": forwarded_for})
    context.route("**/*", block_outside)
    context.add_cookies([{"name": "sm_route", "value": route_to(hosted, app), "url": hosted.proxy}])
    return context


def settled(page) -> None:
    """Waits until the page's last run is drawn whole (Streamlit marks what a run has not redrawn yet as stale)."""
    for _ in range(100):
        if not page.locator("[data-stale='true']").count() and not page.get_by_test_id("stStatusWidget").count():
            page.wait_for_timeout(300)
            if not page.locator("[data-stale='true']").count():
                return
        page.wait_for_timeout(200)


def route_cookie(context) -> str:
    return next(one["value"] for one in context.cookies() if one["name"] == "sm_route")


def served_by(hosted: Hosted, context) -> set[str]:
    """The processes that answered this browser's requests so far."""
    return {request.answered_by for request in routed(hosted.nginx, route_cookie(context))}


def test_a_report_sent_on_one_process_is_approved_on_the_other_and_a_third_visitor_sees_it(hosted, browser):
    reporter = visitor_on(browser, hosted, hosted.one, "192.0.2.10")
    page = reporter.new_page()
    page.goto(hosted.proxy + "report")
    page.get_by_role("heading", name="Report an action").wait_for(timeout=60_000)
    page.get_by_role("spinbutton", name="year, Date").click()
    page.keyboard.type("20190329")
    page.keyboard.press("Tab")
    page.get_by_label("Organisations", exact=True).fill("Busan Dock Workers Across Processes")
    page.get_by_label("City", exact=True).fill("Busan")
    page.get_by_role("button", name="Send the report").click()
    page.get_by_text("your report is in", exact=False).wait_for(timeout=30_000)
    store = Store(hosted.database)
    sent = [row for row in store.rows(("pending",)) if row["organisations"] == "Busan Dock Workers Across Processes"]
    assert len(sent) == 1 and served_by(hosted, reporter) == {hosted.process_of(hosted.one)}

    moderator = visitor_on(browser, hosted, hosted.two, "192.0.2.20", {"width": 1280, "height": 720}).new_page()
    moderator.goto(hosted.proxy + "moderate")
    sign_in(moderator, "ana", PASSWORD)
    moderator.get_by_text("Signed in as ana.", exact=False).wait_for(timeout=60_000)
    box = moderator.get_by_role("combobox", name="Report", exact=True)
    box.click()
    moderator.keyboard.type("Busan Dock Workers")
    moderator.get_by_role("option", name=re.compile("Busan Dock Workers")).first.click()
    moderator.wait_for_function(
        "() => [...document.querySelectorAll(\"input[aria-label='Organisations']\")]"
        ".some(field => field.value === 'Busan Dock Workers Across Processes')",
        timeout=30_000,
    )
    settled(moderator)  # the report's own form drawn whole: the button below is its, not a run's before
    moderator.get_by_role("button", name="Approve: show it on the map").click()
    moderator.get_by_text("Approved: it is on the map.").wait_for(timeout=30_000)
    assert store.get(sent[0]["id"])["status"] == "published"  # in the database, for every process
    assert served_by(hosted, moderator.context) == {hosted.process_of(hosted.two)}

    for app in (hosted.one, hosted.two):  # a third visitor, on either process, sees it on the map
        third = visitor_on(browser, hosted, app, "192.0.2.30").new_page()
        third.goto(hosted.proxy + "?dates=all&q=Busan+Dock+Workers")
        third.get_by_text("1 of 1 action on the map").wait_for(timeout=60_000)
        marker = third.frame_locator("iframe[title='streamlit_folium.st_folium']").locator(".sm-action").first
        marker.wait_for(timeout=30_000)
        marker.click()
        popup = third.frame_locator("iframe[title='streamlit_folium.st_folium']").locator(".leaflet-popup-content")
        popup.get_by_text("Busan Dock Workers Across Processes").wait_for(timeout=10_000)
        third.context.close()


def test_a_visitor_stays_on_one_process_across_reruns_and_talks_over_a_websocket(hosted, browser):
    context = browser.new_context(viewport=PHONE, has_touch=True)  # no cookie yet: nginx chooses, and says so in one
    context.route("**/*", block_outside)
    page = context.new_page()
    page.goto(hosted.proxy)
    page.get_by_text("Showing the global action week", exact=False).wait_for(timeout=60_000)
    for day in ("Monday 25 March 2019", "Tuesday 26 March 2019", "Wednesday 27 March 2019"):
        page.get_by_role("button", name="Next ▶").click()
        page.get_by_text(f"Showing {day}", exact=False).wait_for(timeout=30_000)
    assert "day=2019-03-27" in page.url
    page.reload()  # the same browser, a new session: the same process
    page.get_by_text("Showing Wednesday 27 March 2019", exact=False).wait_for(timeout=60_000)
    cookie = route_cookie(context)
    context.close()  # the websockets close, and nginx logs them
    for _ in range(50):
        requests = routed(hosted.nginx, cookie)
        if sum("/_stcore/stream" in request.request for request in requests) >= 2:
            break
        time.sleep(0.1)
    assert len(requests) > 20 and len({request.upstream for request in requests}) == 1
    streams = [request for request in requests if "/_stcore/stream" in request.request]
    assert len(streams) == 2 and {request.status for request in streams} == {101}  # upgraded, one per session


def test_when_a_process_stops_its_visitors_go_on_on_the_other_with_their_view_and_nobody_else_notices(hosted, browser):
    """Last in this file: it stops the first process. Its visitors' pages reconnect, through nginx, to the other
    process: a new session there, which takes the view from the page's link."""
    staying = visitor_on(browser, hosted, hosted.two, "192.0.2.40").new_page()
    moving = visitor_on(browser, hosted, hosted.one, "192.0.2.41").new_page()
    for page in (staying, moving):
        page.goto(hosted.proxy + "?kind=protest")
        page.frame_locator("iframe[title='streamlit_folium.st_folium']").locator(".sm-action").first.wait_for(timeout=60_000)
    hosted.one.stop()
    for _ in range(20):  # the first click may come while the page is still reconnecting: a visitor clicks again
        moving.get_by_role("button", name="Next ▶").click()
        moving.wait_for_timeout(1000)
        if "day=" in moving.url:
            break
    settled(moving)
    day = re.search(r"day=2019-03-(\d\d)", moving.url)
    assert day and "kind=protest" in moving.url  # its view goes on, and the link follows it again
    screenshot(moving, "hosted-moved-to-the-other-process-phone")
    assert served_by(hosted, moving.context) == {hosted.process_of(hosted.one), hosted.process_of(hosted.two)}

    for _ in range(int(day.group(1)) - 24):  # the other visitor goes on as before, to the same day
        staying.get_by_role("button", name="Next ▶").click()
        staying.wait_for_timeout(500)
        settled(staying)
    assert f"day=2019-03-{day.group(1)}" in staying.url
    line = "p.sm-map-line"
    assert moving.locator(line).inner_text() == staying.locator(line).inner_text()  # the same actions: its filter was kept
    assert moving.locator("[data-testid='headline']").inner_text() == staying.locator("[data-testid='headline']").inner_text()
    assert served_by(hosted, staying.context) == {hosted.process_of(hosted.two)}
