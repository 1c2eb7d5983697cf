"""The map page in Chromium with no internet: markers, the timeline, links, safety."""

import pytest

from tests.browser.conftest import PHONE, PROJECTOR, App, click_marker, map_frame, screenshot, wait_for_markers

WEEK = [
    "2019-03-26-hong-kong-march",
    "2019-03-26-seoul-kctu-embassy",
    "2019-03-28-sentro-embassy-philippines",
    "2019-03-29-ccc-netherlands-photo",
]
ON_26_MARCH = ["2019-03-26-hong-kong-march", "2019-03-26-seoul-kctu-embassy"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    # online mode, but Nominatim is a closed port and the browser reaches nothing outside: no internet at all
    server = App(
        {"SOLIDARITY_MAP_NOMINATIM_DOMAIN": "127.0.0.1:9", "SOLIDARITY_MAP_NOMINATIM_SCHEME": "http"}, tmp_path_factory.mktemp("app")
    )
    yield server
    server.stop()


def test_markers_show_with_outside_network_blocked(app, open_page):
    page = open_page(app.url)
    assert wait_for_markers(page, len(WEEK)) == WEEK
    assert page.get_by_text("Showing the global action week, 25–31 March 2019.").is_visible()
    assert page.errors == []


def test_timeline_on_26_march_shows_that_days_actions_and_the_link_reproduces_it(app, open_page):
    page = open_page(app.url)
    wait_for_markers(page, len(WEEK))
    for _ in range(2):  # Monday 25, then Tuesday 26
        page.get_by_role("button", name="Next ▶").click()
        page.wait_for_timeout(300)
    page.get_by_text("Showing Tuesday 26 March 2019, during the global action week.").wait_for()
    assert wait_for_markers(page, 2) == ON_26_MARCH
    assert "day=2019-03-26" in page.url
    copied = page.url
    screenshot(page, "map-26-march-projector")

    again = open_page(copied)
    again.get_by_text("Showing Tuesday 26 March 2019, during the global action week.").wait_for()
    assert wait_for_markers(again, 2) == ON_26_MARCH

    phone = open_page(copied, PHONE)
    assert wait_for_markers(phone, 2) == ON_26_MARCH
    screenshot(phone, "map-26-march-phone")
    assert page.errors == again.errors == phone.errors == []


def test_a_link_to_map_by_its_name_opens_the_map_with_its_view(app, open_page):
    page = open_page(app.url + "map?day=2019-03-26")  # as a person types it, or a link shared from it
    page.get_by_text("Showing Tuesday 26 March 2019, during the global action week.").wait_for()
    assert wait_for_markers(page, 2) == ON_26_MARCH
    page.wait_for_timeout(1000)
    assert not page.get_by_text("Page not found").count()  # not Streamlit's "does not seem to exist"
    assert page.errors == []


def test_popup_says_how_precise_the_place_is(app, open_page):
    page = open_page(app.url + "?day=2019-03-26&country=KR")
    wait_for_markers(page, 1)
    text = click_marker(page, "2019-03-26-seoul-kctu-embassy").inner_text()
    assert "Korean Confederation of Trade Unions (KCTU)" in text
    assert "Embassy of China, Seoul (at the venue)" in text  # from the embassy list, offline
    assert "15 members" in text
    manila = open_page(app.url + "?day=2019-03-28")
    wait_for_markers(manila, 1)
    text = click_marker(manila, "2019-03-28-sentro-embassy-philippines").inner_text()
    assert "Makati City, Philippines (somewhere in the city (exact spot unknown))" in text  # the list has no position for it


def test_offline_mode_draws_country_outlines_under_the_markers(offline_app, open_page):
    page = open_page(offline_app.url, PROJECTOR)
    assert wait_for_markers(page, len(WEEK)) == WEEK
    outlines = map_frame(page).locator(".leaflet-outlines-pane path")
    assert outlines.count() > 100
    screenshot(page, "map-offline-projector")
    assert page.errors == []


def test_panning_and_zooming_do_not_rerun_the_app(app, open_page):
    page = open_page(app.url)
    sent = []  # messages from the browser to the app: a rerun starts with one
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    page.reload()
    wait_for_markers(page, len(WEEK))
    page.wait_for_timeout(1500)
    frame = page.locator("iframe[title='streamlit_folium.st_folium']")
    frame.evaluate("element => element.scrollIntoView({block: 'center'})")
    box = frame.bounding_box()
    before = len(sent)
    page.mouse.move(box["x"] + 300, box["y"] + 300)
    page.mouse.down()
    page.mouse.move(box["x"] + 520, box["y"] + 360, steps=12)
    page.mouse.up()
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(2500)
    assert len(sent) == before
    page.get_by_role("button", name="Next ▶").click()  # whereas a control does rerun it
    page.wait_for_timeout(1500)
    assert len(sent) > before


def test_play_steps_through_the_days_with_the_map_following(app, open_page):
    page = open_page(app.url)
    wait_for_markers(page, len(WEEK))
    page.get_by_role("button", name="▶ Play the days").click()
    page.wait_for_url("**/?day=2019-03-25", timeout=10_000)
    page.wait_for_url("**/?day=2019-03-26", timeout=10_000)
    assert wait_for_markers(page, 2) == ON_26_MARCH
    page.get_by_role("button", name="⏸ Pause").click()
    assert page.errors == []
