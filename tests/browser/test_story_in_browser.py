"""The story with no network: the exported file from a 'USB stick', and the Presentation page."""

import pytest

from tests.browser.conftest import PHONE, PROJECTOR, screenshot
from tests.browser.test_first_minute_in_browser import SEEN, WATCH_MARKERS
from tests.conftest import REPO
from utils.actions.load import load_actions
from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
from utils.publish.export import story_html


@pytest.fixture(scope="module")
def story_file(tmp_path_factory):
    placed = geocode_actions(
        load_actions(REPO / "data" / "actions.csv").actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    )
    path = tmp_path_factory.mktemp("usb") / "story.html"
    path.write_text(story_html(placed), encoding="utf-8")
    return path


SIZES = {"phone": PHONE, "projector": {"width": 1280, "height": 720}, "screen": PROJECTOR}


def open_story(open_page, url: str, size: str, settle: int):
    """The Presentation page at a size, its player drawn: the page and the player's frame."""
    page = open_page(url, SIZES[size])
    player = page.frame_locator("iframe").last
    player.locator("#title").wait_for()
    page.wait_for_timeout(settle)
    return page, player


def slide(page) -> str:
    return page.evaluate("document.body.getAttribute('data-slide')")


def test_exported_story_plays_from_a_file_with_no_network(story_file, open_page):
    page = open_page(story_file.as_uri(), PROJECTOR)
    page.locator("#title").wait_for()
    assert slide(page) == "opening" and page.locator("#title").inner_text() == "Before the action week"
    assert page.locator(".leaflet-outlines-pane path").count() > 100
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.body.getAttribute('data-slide') === '2019-03-21'")
    assert page.locator(".sm-action").count() == 1
    assert "about 30 dockers" in page.locator("#captions").inner_text()
    page.select_option("#pace", "3")
    page.locator("#play").click()  # quiet days (22-24 March) are skipped by default
    page.wait_for_function("document.body.getAttribute('data-slide') === '2019-03-25'", timeout=10_000)
    page.wait_for_function("document.body.getAttribute('data-slide') === '2019-03-26'", timeout=10_000)
    page.locator("#play").click()  # pause
    page.goto(story_file.as_uri() + "#slide=2019-03-26")
    page.wait_for_function("document.body.getAttribute('data-slide') === '2019-03-26'")
    page.wait_for_timeout(1800)
    assert sorted(page.locator(".sm-action").evaluate_all("els => els.map(e => e.dataset.actionId)")) == [
        "2019-03-26-hong-kong-march",
        "2019-03-26-seoul-kctu-embassy",
    ]
    screenshot(page, "story-file-26-march-projector")
    assert page.errors == []


def test_exported_story_reads_on_a_phone(story_file, open_page):
    page = open_page(story_file.as_uri() + "#slide=closing", PHONE)
    page.wait_for_function("document.body.getAttribute('data-slide') === 'closing'")
    assert "8121 signatures" in page.locator("#captions").text_content()  # on this page or, by Next, a later part of it
    screenshot(page, "story-file-closing-phone")


def test_presentation_page_steps_through_three_days_with_no_network(offline_app, open_page):
    page = open_page(offline_app.url + "story?slide=2019-03-25", PROJECTOR)
    player = page.frame_locator("iframe[title='st.iframe'], iframe").last
    player.locator("#title").wait_for()
    titles = []
    while len(titles) < 3:  # a day too long for the panel takes a Next per part
        title = player.locator("#title").inner_text()
        if title not in titles:
            titles.append(title)
        player.locator("#next").click()
    while player.locator("#title").inner_text() == titles[-1]:
        player.locator("#next").click()
    page.wait_for_timeout(1800)
    assert titles == ["Monday 25 March 2019", "Tuesday 26 March 2019", "Thursday 28 March 2019"]  # quiet Wednesday skipped
    assert player.locator("#title").inner_text() == "Friday 29 March 2019"
    assert player.locator(".sm-action").count() == 1
    assert "slide=2019-03-29" in page.url
    screenshot(page, "presentation-28-march-projector")
    again = open_page(page.url, PROJECTOR)
    again.frame_locator("iframe").last.locator("#title").wait_for()
    assert again.frame_locator("iframe").last.locator("#title").inner_text() == "Friday 29 March 2019"
    assert page.errors == [] and again.errors == []


@pytest.mark.parametrize("size", ["phone", "projector", "screen"])
def test_presentation_fits_the_room_every_caption_reachable_by_clicker(offline_app, open_page, size):
    viewport = SIZES[size]
    page, player = open_story(open_page, offline_app.url + "story?dates=all&slide=closing", size, 800)
    frame = page.locator(".st-key-sm-story iframe").bounding_box()
    assert frame["y"] + frame["height"] <= viewport["height"] + 1, "the player runs below the screen"
    seen = []
    for _ in range(10):  # a clicker's Next shows each part of a long slide in turn
        items = player.locator("#captions li:not([hidden])")
        bottom = player.locator("#panel").evaluate("p => p.getBoundingClientRect().bottom")
        for index in range(items.count()):
            assert items.nth(index).evaluate("li => li.getBoundingClientRect().bottom") <= bottom, "a caption is cut off"
            seen.append(items.nth(index).inner_text())
        screenshot(page, f"presentation-closing-{size}-part-{len(seen)}")
        if player.locator("#next").is_disabled():
            break
        player.locator("#next").click()
    total = player.locator("#captions li").count()
    assert len(seen) == total == 2  # the petition and the letter with no place (the call to action frames the week: no caption)
    assert any("8121 signatures" in text for text in seen)


def test_previous_stops_at_the_first_slide_and_quiet_days_can_be_shown(offline_app, open_page):
    page = open_page(offline_app.url + "story?dates=all", PROJECTOR)
    player = page.frame_locator("iframe").last
    player.locator("#title").wait_for()
    assert player.locator("#prev").is_disabled()
    player.locator("body").press("ArrowLeft")
    assert player.locator("#title").inner_text() == "Before the action week"
    player.locator("#skip").uncheck()
    player.locator("#next").click()
    player.locator("#next").click()
    assert player.locator("#title").inner_text() == "Friday 22 March 2019"  # a quiet day, shown when asked
    assert player.locator("#full").is_visible()


@pytest.mark.parametrize("size", ["phone", "projector", "screen"])
@pytest.mark.parametrize("day", ["2019-03-21", "2019-03-26"])  # the first day, and the busiest
def test_a_day_of_the_presentation_fits_each_screen(offline_app, open_page, size, day):
    viewport = SIZES[size]
    page, player = open_story(open_page, offline_app.url + f"story?dates=all&slide={day}", size, 1800)
    assert player.locator("body").get_attribute("data-slide") == day
    frame_top = page.locator(".st-key-sm-story iframe").bounding_box()["y"]
    for part in ("#title", "#play", "#next"):
        box = player.locator(part).bounding_box()
        assert box is not None and box["y"] + box["height"] <= viewport["height"] + 1, f"{part} is below the screen"
        assert box["y"] >= frame_top - 1
    bottom = player.locator("#panel").evaluate("p => p.getBoundingClientRect().bottom")
    visible = player.locator("#captions li:not([hidden])")
    for index in range(visible.count()):
        assert visible.nth(index).evaluate("li => li.getBoundingClientRect().bottom") <= bottom
    screenshot(page, f"presentation-{day}-{size}")


@pytest.mark.parametrize("size", ["phone", "projector", "screen"])
def test_next_slide_replaces_the_days_markers_with_no_flash_of_the_last(offline_app, open_page, size):
    page, player = open_story(open_page, offline_app.url + "story?slide=2019-03-26", size, 1800)
    body = player.locator("body")
    body.evaluate(WATCH_MARKERS)
    for _ in range(4):  # through the 26th's parts, if it is shown in parts; the 27th is quiet and skipped
        player.locator("#next").click()
        if player.locator("#title").inner_text() != "Tuesday 26 March 2019":
            break
    assert player.locator("#title").inner_text() == "Thursday 28 March 2019"
    page.wait_for_timeout(2000)  # the flight to Manila
    seen = body.evaluate(SEEN)
    assert seen["seen"] == ["2019-03-26-hong-kong-march 2019-03-26-seoul-kctu-embassy", "2019-03-28-sentro-embassy-philippines"], seen
    assert seen["sameMap"] and seen["sameOutlines"]
    assert page.errors == []
