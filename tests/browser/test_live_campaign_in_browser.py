"""The campaign live, offline, in Chromium: a report dated today approved, and every page still in step.

The Presentation of the week still tells 2019 as 2019 (13 slides), the Map's *All dates* ends with today, the
counts agree between the Map, the Data page and the published site, the phone's sidebar closes with its own
button, and a clicker's PageDown steps the story after a click on one of the player's boxes.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.conftest import PHONE, PROJECTOR, App, screenshot, wait_for_markers
from tests.conftest import REPO
from utils.live.store import Store

SIZES = {"phone": PHONE, "projector": {"width": 1280, "height": 720}, "screen": PROJECTOR}
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    """The dashboard on a database that took the bundled file, then a report dated today a moderator approved,
    and a letter reported with no place (approved too: it is counted and listed, never on the map)."""
    tmp = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{tmp / 'actions.db'}"
    store = Store(url)
    store.seed(REPO / "data" / "actions.csv")
    today = {"date": TODAY.isoformat(), "action_kind": "protest", "organisations": "IG Metall Berlin", "city": "Berlin", "country": "DE"}
    letter = {"date": "2019-03-27", "action_kind": "letter", "organisations": "Unison", "target": "Chinese Prime Minister"}
    approved = [f"report-{store.submit(cells).lower()}" for cells in (today, letter)]
    for report in approved:
        store.approve(report, "ana", 1)
    store.engine.dispose()
    server = App({"SOLIDARITY_MAP_OFFLINE": "1", "SOLIDARITY_MAP_DATABASE_URL": url}, tmp)
    server.database, server.today = url, approved[0]
    yield server
    server.stop()


def player_of(page):
    player = page.frame_locator(".st-key-sm-story iframe")
    player.locator("#title").wait_for()
    return player


@pytest.mark.parametrize("size", ["phone", "projector", "screen"])
def test_a_report_from_today_leaves_the_weeks_presentation_in_2019(live_app, open_page, size):
    page = open_page(live_app.url + "story", SIZES[size])
    player = player_of(page)
    assert player.locator("#title").inner_text() == "Before the action week"
    assert player.locator("#counter").inner_text() == "1 of 13"
    page.get_by_text("1 action after 31 March 2019 is not in this story").wait_for()
    titles: list[str] = []
    for _ in range(30):  # a clicker's Next, a part of a long slide at a time, quiet days skipped
        key = player.locator("body").get_attribute("data-slide")
        titles += [key] if key not in titles else []
        if player.locator("#next").is_disabled():
            break
        player.locator("#next").click()
    assert titles[:4] == ["opening", "2019-03-21", "2019-03-25", "2019-03-26"]  # quiet days skipped, 2019 in order
    assert all(key.startswith("2019-03") for key in titles[1:-1]) and player.locator("#counter").inner_text() == "13 of 13"
    assert player.locator("body").get_attribute("data-slide") == "closing"
    assert "Unison" in player.locator("#captions").text_content()  # a placeless letter: counted, told, not on the map
    screenshot(page, f"live-presentation-{size}")
    assert page.errors == []


@pytest.mark.parametrize("size", ["phone", "projector", "screen"])
def test_all_dates_on_the_map_end_with_today(live_app, open_page, size):
    """The timeline of all dates runs from the 2018 letter through March 2019 to today's report, and the map has it."""
    page = open_page(live_app.url + f"?dates=all&action={live_app.today}", SIZES[size])
    page.locator(".sm-map-line").wait_for()
    assert counted_on_the_map(page) == (7, 10)
    assert wait_for_markers(page, 1, expect=[live_app.today]) == [live_app.today]  # today's, in Berlin, the map opened on it
    per_day = page.get_by_text("Actions per day, as text:").inner_text().rstrip(".")
    assert per_day.split(": ", 1)[1].startswith("Wed 19 Sep 2018 1; Thu 21 Mar 2019 1")  # days of several years say their year
    assert per_day.endswith(f"{TODAY:%a} {TODAY.day} {TODAY:%b %Y} 1")
    assert page.get_by_text("days before them are left out").count() == 0  # eight days with actions: none cut
    screenshot(page, f"live-map-all-dates-{size}")
    assert page.errors == []


def counted_on_the_map(page) -> tuple[int, int]:
    line = page.locator(".sm-map-line b").inner_text()
    shown, total = re.match(r"(\d+) of (\d+) actions? on the map", line).groups()
    return int(shown), int(total)


@pytest.mark.parametrize("query", ["", "?dates=all", "?dates=all&kind=letter", "?day=2019-03-26"])
def test_the_map_and_the_data_page_count_the_same_actions(live_app, open_page, query):
    page = open_page(live_app.url + query, SIZES["projector"])
    page.locator(".sm-map-line").wait_for()
    on_map, total = counted_on_the_map(page)
    heading = page.get_by_text(re.compile(r"^Not on the map \(\d+\)$"))
    assert heading.inner_text() == f"Not on the map ({total - on_map})"
    data = open_page(live_app.url + "data" + query, SIZES["projector"])
    data.get_by_text(re.compile(r"^\d+ actions? in this view$")).wait_for()
    assert data.get_by_text(re.compile(r"^\d+ actions? in this view$")).inner_text().split()[0] == str(total)
    assert data.get_by_text(re.compile(r"^\d+ of them on the map")).inner_text().split()[0] == str(on_map)
    assert page.errors == [] and data.errors == []


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_phones_sidebar_closes_with_its_own_button(live_app, open_page, language):
    page = open_page(live_app.url + f"?lang={language}", PHONE)
    page.locator(".sm-map-line").wait_for()
    page.locator("[data-testid=stExpandSidebarButton]").tap()
    sidebar = page.locator("section[data-testid=stSidebar]")
    page.wait_for_function("document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'false'")
    page.wait_for_timeout(600)  # the sidebar slides in
    close = page.locator("[data-testid=stSidebarCollapseButton] button")
    box = close.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # where a thumb taps, whatever lies on top
    page.wait_for_function("document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'true'")
    assert sidebar.get_attribute("data-collapsed") == "true" and "/report" not in page.url
    assert page.locator(".st-key-sm-phone-nav").is_visible()  # and the row of pages is back
    screenshot(page, f"live-phone-sidebar-closed-{language}")
    assert page.errors == []


def test_pagedown_steps_the_story_after_a_click_on_skip_quiet_days(live_app, open_page):
    page = open_page(live_app.url + "story?slide=2019-03-21", PROJECTOR)
    player = player_of(page)
    player.locator("#skip").click()  # quiet days now shown; the checkbox has the focus
    player.locator("#skip").press("PageDown")
    player.locator("body[data-slide='2019-03-22']").wait_for()
    player.locator("#skip").press("PageDown")
    player.locator("body[data-slide='2019-03-23']").wait_for()
    player.locator("#pace").focus()
    player.locator("#pace").press("PageUp")
    player.locator("body[data-slide='2019-03-22']").wait_for()
    assert page.evaluate("window.scrollY") == 0  # the page did not scroll instead
    assert page.errors == []


@pytest.mark.parametrize("size", ["phone", "projector", "screen"])
def test_a_selected_action_on_the_offline_map_shows_the_towns_around_it(live_app, open_page, size):
    """Offline, zoomed in on Seoul's embassy protest: the outlines carry the city names, the capital first."""
    from tests.browser.conftest import click_marker, map_frame

    page = open_page(live_app.url + "?action=2019-03-26-seoul-kctu-embassy", SIZES[size])
    frame = map_frame(page)
    frame.locator(".sm-place.sm-capital").first.wait_for(timeout=30_000)
    page.locator("iframe[title='streamlit_folium.st_folium']").evaluate("f => f.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(800)
    names = frame.locator(".sm-place").all_inner_texts()
    assert "Seoul" in names and "Incheon" in names and len(names) >= 8
    popup = click_marker(page, "2019-03-26-seoul-kctu-embassy")  # the names never stand between a thumb and a marker
    assert "Korean Confederation of Trade Unions (KCTU)" in popup.inner_text()
    page.wait_for_timeout(600)  # the card fades in
    screenshot(page, f"live-offline-map-zoomed-{size}")
    assert page.errors == []


@pytest.fixture(scope="module")
def rebuilt_site(live_app, tmp_path_factory):
    """The public static copy, rebuilt by the command a cron line runs, from the live database, served as any host would."""
    from tests.browser.conftest import export_site, served

    with served(export_site(live_app.database, tmp_path_factory.mktemp("public"))) as address:
        yield address


@pytest.mark.parametrize("size", ["phone", "projector", "screen"])
def test_the_rebuilt_static_site_shows_the_approved_report(live_app, rebuilt_site, open_page, size):
    dashboard = open_page(live_app.url + "?dates=all", SIZES[size])
    dashboard.locator(".sm-map-line b").wait_for()
    said_there = dashboard.locator(".sm-map-line b").inner_text()
    page = open_page(rebuilt_site + "?dates=all", SIZES[size])
    page.wait_for_selector("body[data-ready='en']")
    page.wait_for_timeout(500)
    assert "IG Metall Berlin" in page.locator("#text").text_content()  # the approved report, told day by day
    assert page.locator("#on-map").inner_text() == said_there == "7 of 10 actions on the map"  # the same count on both
    assert "Unison" in page.locator("#unplaced").inner_text()  # the placeless letter: listed with why
    page.locator("#map").scroll_into_view_if_needed()
    screenshot(page, f"live-site-rebuilt-{size}")
    assert page.errors == []


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_phones_row_of_pages_stays_one_line_on_every_page(live_app, open_page, language):
    """On the moderators' page four pages are linked: the row scrolls sideways, it never wraps over the page."""
    page = open_page(live_app.url + f"moderate?lang={language}", PHONE)
    row = page.locator(".st-key-sm-phone-nav")
    row.locator("a").nth(3).wait_for(state="attached", timeout=30_000)
    assert row.locator("a").count() == 4 and row.bounding_box()["height"] <= 44
    assert row.evaluate("r => r.scrollWidth >= r.clientWidth")
    assert page.errors == []
