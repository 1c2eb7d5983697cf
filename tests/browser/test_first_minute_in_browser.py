"""A visitor's first minute, offline, at a phone's, a projector's and a big screen's size.

The map is on the first screen, every marker opens a popup that stays and fits, and the
public reads plain words: no exception, host name, file path or internal source name.
"""

import pytest

from tests.browser.conftest import map_frame, screenshot, wait_for_markers

SIZES = {"phone": {"width": 390, "height": 844}, "projector": {"width": 1280, "height": 720}, "screen": {"width": 1920, "height": 1080}}
ACTIONS = [
    "2019-03-21-porto-dockers",
    "2019-03-26-hong-kong-march",
    "2019-03-26-seoul-kctu-embassy",
    "2019-03-28-sentro-embassy-philippines",
    "2019-03-29-ccc-netherlands-photo",
]
MACHINE_WORDS = ("shared/seeds", ".txt", "Errno", "HTTPSConnectionPool", "NameResolution", "gazetteer", "nominatim", "Traceback")


def map_state(page) -> dict:
    return (
        map_frame(page)
        .locator(".leaflet-container")
        .evaluate(
            """c => { var m = Object.values(window).find(v => v && v._container === c);
                  var s = m.getSize(), p = document.querySelector('.leaflet-popup');
                  return {lat: m.getCenter().lat, zoom: m.getZoom(), height: s.y, width: s.x,
                          popup: p ? p.getBoundingClientRect().toJSON() : null,
                          legendOpen: !!(document.querySelector('.sm-legend') || {}).open,
                          zoomBox: document.querySelector('.leaflet-control-zoom').getBoundingClientRect().toJSON()}; }"""
        )
    )


def marker_in_view(page, action_id: str) -> bool:
    return (
        map_frame(page)
        .locator(f".sm-action[data-action-id='{action_id}']")
        .evaluate(
            "el => { var r = el.getBoundingClientRect(); return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; }"
        )
    )


@pytest.mark.parametrize("size", list(SIZES))
def test_the_map_takes_the_first_screen_and_the_player_is_on_it(offline_app, open_page, size):
    viewport = SIZES[size]
    page = open_page(offline_app.url, viewport)
    map_frame(page).locator(".sm-action, .marker-cluster").first.wait_for()  # on a phone's world view some are clustered
    page.wait_for_timeout(800)
    frame = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    visible = max(0, min(frame["y"] + frame["height"], viewport["height"]) - frame["y"])
    share = visible / viewport["height"]
    assert share >= (0.6 if size == "phone" else 0.5), f"the map fills {share:.0%} of the first screen"
    if size == "phone":  # the other pages are one tap away, not behind the menu icon
        for name in ("Data", "Presentation"):
            link = page.locator(".st-key-sm-phone-nav").get_by_role("link", name=name)
            assert link.is_visible() and link.bounding_box()["y"] < 60
        for link in page.locator(".st-key-sm-phone-nav").get_by_role("link").all():  # one row: none falls onto the page
            assert link.bounding_box()["y"] < 40, link.inner_text()
    if size != "phone":  # the day player is there without scrolling
        play = page.get_by_role("button", name="▶ Play the days").bounding_box()
        assert play["y"] + play["height"] <= viewport["height"]
    screenshot(page, f"first-screen-{size}")


@pytest.mark.parametrize("size", list(SIZES))
def test_tapping_any_marker_opens_a_popup_that_stays_fits_and_speaks_plainly(offline_app, open_page, size):
    for action_id in ACTIONS:
        page = open_page(offline_app.url + f"?dates=all&action={action_id}", SIZES[size])
        marker = map_frame(page).locator(f".sm-action[data-action-id='{action_id}']")
        marker.wait_for()
        page.wait_for_timeout(500)
        marker.tap() if size == "phone" else marker.click()
        page.wait_for_timeout(1200)  # the popup used to close within a quarter of a second
        state = map_state(page)
        assert state["popup"] is not None, f"{action_id}: the popup closed"
        assert state["popup"]["height"] <= state["height"] and state["popup"]["width"] <= state["width"]
        assert abs(state["lat"]) < 80, f"{action_id}: the map was thrown to latitude {state['lat']:.0f}"
        assert marker_in_view(page, action_id)
        assert state["popup"]["left"] >= state["zoomBox"]["right"] or state["popup"]["top"] >= state["zoomBox"]["bottom"]
        assert not state["legendOpen"]
        text = map_frame(page).locator(".leaflet-popup-content").inner_text()
        assert not [word for word in MACHINE_WORDS if word.casefold() in text.casefold()], text
        if action_id == ACTIONS[2]:
            screenshot(page, f"popup-{size}")
        assert page.errors == []


def test_enter_on_a_focused_marker_opens_its_popup_and_it_stays(offline_app, open_page):
    page = open_page(offline_app.url)
    wait_for_markers(page, 4)
    marker = map_frame(page).locator(".sm-action[data-action-id='2019-03-26-seoul-kctu-embassy']")
    assert marker.get_attribute("aria-label") == "protest, Embassy of China, Seoul, Tue 26 Mar 2019"
    marker.focus()
    marker.press("Enter")
    page.wait_for_timeout(1200)
    assert map_state(page)["popup"] is not None
    assert "Korean Confederation of Trade Unions" in map_frame(page).locator(".leaflet-popup-content").inner_text()


def test_a_long_description_starts_short_with_more(offline_app, open_page):
    page = open_page(offline_app.url + "?action=2019-03-26-seoul-kctu-embassy", SIZES["phone"])
    marker = map_frame(page).locator(".sm-action[data-action-id='2019-03-26-seoul-kctu-embassy']")
    marker.wait_for()
    marker.tap()
    content = map_frame(page).locator(".leaflet-popup-content")
    content.wait_for()
    short = content.inner_text()
    assert "… more" in short or "…\nmore" in short
    map_frame(page).get_by_role("button", name="more").click()
    assert len(content.inner_text()) > len(short) and map_state(page)["popup"] is not None


WATCH_MARKERS = """body => {
    // every state of the markers the visitor could see, and the map element itself, from now on
    window.smSeen = [];
    window.smMap = document.querySelector('.leaflet-container');
    window.smOutline = document.querySelector('.leaflet-outlines-pane path');
    var record = () => {
        var ids = Array.from(document.querySelectorAll('.sm-action')).map(e => e.getAttribute('data-action-id')).sort().join(' ');
        if (!window.smSeen.length || window.smSeen[window.smSeen.length - 1] !== ids) { window.smSeen.push(ids); }
    };
    record();
    new MutationObserver(record).observe(body, {childList: true, subtree: true});
}"""
SEEN = """body => ({seen: window.smSeen || null,
               sameMap: window.smMap === document.querySelector('.leaflet-container'),
               sameOutlines: !!window.smOutline && window.smOutline.isConnected})"""


@pytest.mark.parametrize("size", list(SIZES))
def test_the_player_swaps_one_days_markers_for_the_next_with_no_flash(offline_app, open_page, size):
    """Next changes the markers on the map in place: the map, its outlines and its view stay; no blank map and no
    moment where the last day's markers show with the new day's, or alone after the new day is chosen."""
    page = open_page(offline_app.url + "?day=2019-03-28", SIZES[size])
    assert wait_for_markers(page, 1) == ["2019-03-28-sentro-embassy-philippines"]
    page.wait_for_timeout(800)
    body = map_frame(page).locator("body")
    body.evaluate(WATCH_MARKERS)
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text("Showing Friday 29 March 2019, during the global action week.").wait_for()
    wait_for_markers(page, 1, expect=["2019-03-29-ccc-netherlands-photo"])
    page.wait_for_timeout(800)
    watched = body.evaluate(SEEN)
    assert watched["seen"] == ["2019-03-28-sentro-embassy-philippines", "2019-03-29-ccc-netherlands-photo"], watched
    assert watched["sameMap"] and watched["sameOutlines"], "the map was rebuilt, tiles and outlines with it"
    page.get_by_role("button", name="◀ Previous").click()
    page.get_by_text("Showing Thursday 28 March 2019, during the global action week.").wait_for()
    wait_for_markers(page, 1, expect=["2019-03-28-sentro-embassy-philippines"])
    page.wait_for_timeout(500)
    watched = body.evaluate(SEEN)
    assert watched["seen"][-1] == "2019-03-28-sentro-embassy-philippines" and len(watched["seen"]) == 3, watched
    assert watched["sameMap"]
    assert page.errors == []


@pytest.mark.parametrize("size", list(SIZES))
def test_a_shared_link_its_qr_code_and_the_figures_reproduce_the_view(offline_app, open_page, size):
    """Country by name, a day: the figures count that day's action; Share gives the link, an embed snippet and a QR
    code that reads back as the link; the link opens the same view on another screen."""
    import io

    import zxingcpp
    from PIL import Image

    page = open_page(offline_app.url + "?day=2019-03-26&country=South%20Korea", SIZES[size])
    seoul = ["2019-03-26-seoul-kctu-embassy"]
    assert wait_for_markers(page, 1) == seoul
    figures = page.get_by_test_id("headline").inner_text()
    assert figures.split() == ["1", "action", "1", "country", "1", "organisation", "15", "people", "taking", "part"], figures
    assert page.locator(".sm-notice").filter(has_text="could not be used").count() == 0  # the country's name applied, no note
    page.get_by_role("button", name="Share this view").click()
    panel = page.get_by_test_id("stPopoverBody")
    panel.locator("[data-testid='stCode']").nth(1).wait_for()
    codes = panel.locator("[data-testid='stCode']").all_inner_texts()
    link = codes[0].strip()
    assert link.startswith(offline_app.url) and "day=2019-03-26" in link and "country=KR" in link, link
    assert "<iframe" in codes[1] and "embed=true" in codes[1]
    qr = panel.get_by_role("img").first
    qr.scroll_into_view_if_needed()
    box = qr.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"], "the QR code is cut off"
    scanned = [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))]
    assert scanned == [link]
    screenshot(page, f"share-{size}")

    other = open_page(link, SIZES["phone" if size != "phone" else "screen"])
    assert wait_for_markers(other, 1) == seoul
    assert other.get_by_test_id("headline").inner_text() == figures
    assert page.errors == other.errors == []


@pytest.mark.parametrize("size", list(SIZES))
def test_parts_of_a_link_that_cannot_apply_are_said_on_the_first_screen(offline_app, open_page, size):
    page = open_page(offline_app.url + "?action=doesnotexist&country=Atlantis&day=2019-03-21", SIZES[size])
    note = page.locator(".sm-notice").filter(has_text="could not be used")
    note.wait_for()
    text = note.inner_text()
    assert "'doesnotexist' is not an action in this data" in text and "Atlantis" in text and "2019-03-21" in text, text
    box = note.bounding_box()
    assert box["y"] + 40 <= SIZES[size]["height"], "the note is below the first screen"


@pytest.mark.parametrize("size", list(SIZES))
def test_a_marker_reached_with_the_keyboard_shows_where_focus_is(offline_app, open_page, size):
    page = open_page(offline_app.url + "?day=2019-03-26", SIZES[size])
    wait_for_markers(page, 2)
    frame = map_frame(page)
    frame.locator(".leaflet-container").focus()
    for _ in range(12):  # Tab through the map's controls to the first marker
        page.keyboard.press("Tab")
        focused = frame.locator(".sm-action:focus")
        if focused.count():
            break
    assert focused.count() == 1, "no marker can be reached with Tab"
    ring = focused.evaluate("el => { var s = getComputedStyle(el); return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }")
    assert ring[0] == "solid" and ring[1] >= 2 and ring[2] in ("rgb(17, 17, 17)",), ring
    page.keyboard.press("Enter")
    page.wait_for_timeout(800)
    assert map_state(page)["popup"] is not None
