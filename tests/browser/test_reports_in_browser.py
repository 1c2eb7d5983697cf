"""The campaign live, in Chromium: a visitor reports an action, a moderator signs in, fixes its place on the
map, approves it, and a second visitor sees its marker."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import App, map_frame, screenshot, wait_for_markers
from utils.live.auth import hash_password
from utils.live.store import Store

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("live")
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[moderators]\n"ana" = "{hash_password(PASSWORD)}"\n', encoding="utf-8")
    server = App({"SOLIDARITY_MAP_OFFLINE": "1", "SOLIDARITY_MAP_PUBLIC": "1"}, tmp, ("--secrets.files", str(secrets)))
    server.database = f"sqlite:///{tmp / 'actions.db'}"
    yield server
    server.stop()


def choose(page, label: str, option: str) -> None:
    box = page.get_by_test_id("stMainBlockContainer").get_by_label(label, exact=True)  # the sidebar has a Country filter too
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).first.click()


def test_a_report_is_moderated_onto_every_visitors_map(live_app, open_page):
    visitor = open_page(live_app.url + "report", {"width": 390, "height": 844})
    visitor.get_by_role("heading", name="Report an action").wait_for(timeout=60_000)
    visitor.get_by_role("spinbutton", name="year, Date").click()
    visitor.keyboard.type("20190327")  # year, month and day, each segment moves on to the next
    visitor.keyboard.press("Tab")
    visitor.get_by_label("Organisations", exact=True).fill("Seoul Solidarity Circle")
    choose(visitor, "Country", "South Korea")
    visitor.get_by_label("Place", exact=True).fill("Myeongdong Cathedral steps")
    visitor.get_by_label("What happened").fill("<script>alert('x')</script> members held a vigil")
    screenshot(visitor, "report-form-phone")
    visitor.get_by_role("button", name="Send the report").click()
    visitor.get_by_text("your report is in", exact=False).wait_for(timeout=30_000)
    reference = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", visitor.get_by_text("your report is in", exact=False).inner_text()).group(0)
    assert not visitor.errors, visitor.errors

    moderator = open_page(live_app.url + "moderate", {"width": 1280, "height": 720})
    moderator.get_by_role("textbox", name="Name").fill("ana")
    moderator.get_by_role("textbox", name="Password").fill(PASSWORD)
    moderator.get_by_role("button", name="Sign in").click()
    moderator.get_by_text("Signed in as ana. 1 report waiting.").wait_for(timeout=30_000)
    assert moderator.get_by_role("combobox", name="Report", exact=True).input_value().startswith(reference)
    moderator.get_by_text("somewhere in the country", exact=False).first.wait_for()  # no such place: only its country
    frame = map_frame(moderator)
    frame.locator(".leaflet-container").first.wait_for()
    box = frame.locator(".leaflet-container").first.bounding_box()
    # the country's ring sits at the map's centre; Seoul is some 60 px north and 40 px west of it at this zoom
    frame.locator(".leaflet-container").first.click(position={"x": box["width"] / 2 - 40, "y": box["height"] / 2 - 60})
    put = moderator.get_by_role("button", name=re.compile(r"Put it where the pin is"))
    put.wait_for(timeout=30_000)
    screenshot(moderator, "moderate-queue-laptop")
    put.click()
    moderator.get_by_text("exact position given in the file", exact=False).first.wait_for(timeout=30_000)
    # the run that placed it draws top-down: the Approve button of the version before stays until it is replaced,
    # and a click on it would rightly be refused as stale
    moderator.wait_for_function("!document.querySelector('[data-testid=stElementContainer][data-stale=true]')", timeout=30_000)
    moderator.get_by_role("button", name="Approve: show it on the map").click()
    moderator.get_by_text("No report is waiting", exact=False).wait_for(timeout=30_000)
    assert not moderator.errors, moderator.errors

    report_id = f"report-{reference.lower()}"
    action = Store(live_app.database).get(report_id)
    assert action["status"] == "published" and action["lat"] and action["lon"]
    assert 37.0 < float(action["lat"]) < 38.2 and 126.3 < float(action["lon"]) < 127.7  # near Seoul, where it was clicked
    second = open_page(live_app.url + "?day=2019-03-27", {"width": 1920, "height": 1080})
    assert wait_for_markers(second, 1, timeout=60_000) == [report_id]  # the day's one action: the approved report
    screenshot(second, "map-after-approval-projector")
    assert not second.errors, second.errors


def sign_in(page) -> None:
    page.get_by_role("textbox", name="Name").fill("ana")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_moderator_finds_a_place_by_name_then_drags_the_pin_on_the_offline_map(live_app, open_page):
    """A report placed at the wrong Springfield: the moderator looks for the right town by name, then drags the pin
    across the zoomed offline map (towns and embassies named on it) to the spot; the database has where it was dropped."""
    store = Store(live_app.database)
    reference = store.submit(
        {"date": "2019-03-28", "action_kind": "protest", "organisations": "Drag Test Union", "city": "Springfield", "country": "US"}
    )
    report_id = f"report-{reference.lower()}"
    moderator = open_page(live_app.url + "moderate", {"width": 1280, "height": 720})
    sign_in(moderator)
    moderator.get_by_text("Signed in as ana.", exact=False).wait_for(timeout=30_000)
    report = moderator.get_by_role("combobox", name="Report", exact=True)
    if not report.input_value().startswith(reference):
        report.click()
        moderator.get_by_role("option", name=re.compile(reference)).click()
    find = moderator.get_by_role("textbox", name="Find a place by name")
    find.wait_for(timeout=30_000)
    find.fill("Berlin")
    find.press("Enter")
    choose(moderator, "Places named Berlin", "Berlin, Germany")
    moderator.get_by_role("button", name="Put it there").click()
    moderator.get_by_text("Placed.", exact=False).first.wait_for(timeout=30_000)
    action = store.get(report_id)
    assert abs(float(action["lat"]) - 52.52) < 0.05 and abs(float(action["lon"]) - 13.40) < 0.05
    assert (action["city"], action["country"]) == ("Berlin", "Germany")  # the report now names the place it is put at
    moderator.get_by_text("Placed at Berlin, Germany", exact=False).first.wait_for(timeout=30_000)
    # the report's new version draws a new map: the old one stays a moment while it mounts
    moderator.wait_for_function("document.querySelectorAll(\"iframe[title='streamlit_folium.st_folium']\").length === 1", timeout=30_000)
    frame = map_frame(moderator)
    moderator.locator("iframe[title='streamlit_folium.st_folium']").evaluate("f => f.scrollIntoView({block: 'center'})")
    pin = frame.locator(".sm-pin")
    pin.wait_for(timeout=30_000)
    for _ in range(10):  # in to street zoom, as a moderator looking for the spot: the towns, then the embassies named
        if frame.locator(".sm-mission").count():
            break
        frame.locator(".leaflet-control-zoom-in").click()
        moderator.wait_for_timeout(700)
    frame.locator(".sm-mission").first.wait_for(timeout=15_000)
    assert frame.locator(".sm-place, .sm-mission").count() > 5
    start = pin.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    moderator.mouse.move(x, y)
    moderator.mouse.down()
    moderator.mouse.move(x + 60, y + 40, steps=12)
    moderator.mouse.move(x + 120, y + 80, steps=12)
    moderator.mouse.up()
    put = moderator.get_by_role("button", name=re.compile(r"Put it where the pin is"))
    put.wait_for(timeout=30_000)
    moderator.locator("iframe[title='streamlit_folium.st_folium']").last.evaluate("f => f.scrollIntoView({block: 'center'})")
    screenshot(moderator, "moderate-drag-the-pin-laptop")
    dropped = [float(number) for number in re.findall(r"-?\d+\.\d+", put.inner_text())]
    assert dropped[0] < 52.52 and dropped[1] > 13.40  # south-east of where it was: where the pin was dropped
    put.click()
    moderator.get_by_text("Placed.", exact=False).first.wait_for(timeout=30_000)
    action = store.get(report_id)
    assert (round(float(action["lat"]), 5), round(float(action["lon"]), 5)) == (dropped[0], dropped[1])
    assert action["status"] == "pending"  # fixed, not yet approved
    assert not moderator.errors, moderator.errors
