"""The story with no network: the exported file from a 'USB stick', and the Presentation page."""

import pytest

from tests.browser.conftest import PHONE, PROJECTOR, screenshot
from tests.conftest import REPO
from utils.export import story_html
from utils.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
from utils.load import load_actions


@pytest.fixture(scope="module")
def story_file(tmp_path_factory):
    placed = geocode_actions(
        load_actions(REPO / "data" / "actions.csv").actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    )
    path = tmp_path_factory.mktemp("usb") / "story.html"
    path.write_text(story_html(placed), encoding="utf-8")
    return path


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
    page.locator("#play").click()
    page.wait_for_function("document.body.getAttribute('data-slide') === '2019-03-22'", timeout=10_000)
    page.wait_for_function("document.body.getAttribute('data-slide') === '2019-03-23'", timeout=10_000)
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
    assert "8121 signatures" in page.locator("#captions").inner_text()
    screenshot(page, "story-file-closing-phone")


def test_presentation_page_steps_through_three_days_with_no_network(offline_app, open_page):
    page = open_page(offline_app.url + "story?slide=2019-03-25", PROJECTOR)
    player = page.frame_locator("iframe[title='st.iframe'], iframe").last
    player.locator("#title").wait_for()
    titles = []
    for _ in range(3):
        titles.append(player.locator("#title").inner_text())
        player.locator("#next").click()
    page.wait_for_timeout(1800)
    assert titles == ["Monday 25 March 2019", "Tuesday 26 March 2019", "Wednesday 27 March 2019"]
    assert player.locator("#title").inner_text() == "Thursday 28 March 2019"
    assert player.locator(".sm-action").count() == 1
    assert "slide=2019-03-28" in page.url
    screenshot(page, "presentation-28-march-projector")
    again = open_page(page.url, PROJECTOR)
    again.frame_locator("iframe").last.locator("#title").wait_for()
    assert again.frame_locator("iframe").last.locator("#title").inner_text() == "Thursday 28 March 2019"
    assert page.errors == [] and again.errors == []
