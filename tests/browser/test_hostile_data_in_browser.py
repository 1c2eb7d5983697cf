"""Text from a data file is shown as text: nothing in it runs, in the map's frame or the page."""

import pytest

from tests.browser.conftest import App, click_marker, screenshot, wait_for_markers

HOSTILE = (
    "id,date,action_kind,organisations,city,country,lat,lon,target,description,source\n"
    "evil-1,2019-03-26,protest,<script>alert('org')</script>,<b>Seoul</b>,South Korea,37.5,127.0,"
    '"\\" onmouseover=alert(\'attr\') x=\\"",'
    "\"<img src=x onerror=alert('img')> ${alert('tpl')} `tick`\",javascript:alert('js')\n"
    "evil-2,2019-03-27,protest,</textarea><svg onload=alert('svg')>,Porto,Portugal,41.1,-8.6,target,plain,https://example.org/?a=<b>\n"
)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "hostile.csv"
    data.write_text(HOSTILE, encoding="utf-8")
    server = App({"SOLIDARITY_MAP_DATA": str(data), "SOLIDARITY_MAP_OFFLINE": "1"}, folder)
    yield server
    server.stop()


def test_script_and_html_in_a_csv_show_as_text_and_never_run(hostile_app, open_page):
    page = open_page(hostile_app.url)
    assert wait_for_markers(page, 2) == ["evil-1", "evil-2"]
    popup = click_marker(page, "evil-1")
    text = popup.inner_text()
    assert "<script>alert('org')</script>" in text
    assert "<img src=x onerror=alert('img')> ${alert('tpl')} `tick`" in text
    assert "javascript:alert('js')" in text
    assert popup.locator("a").count() == 0  # a javascript: source is never a link
    assert popup.locator("img, script, svg").count() == 0
    screenshot(page, "hostile-popup-projector")

    popup = click_marker(page, "evil-2")
    assert "</textarea><svg onload=alert('svg')>" in popup.inner_text()
    assert popup.locator("a").get_attribute("href") == "https://example.org/?a=<b>"

    assert page.errors == []  # no alert() ran: a dialog would be recorded here


def test_details_and_lists_on_the_page_show_hostile_text_as_text(hostile_app, open_page):
    page = open_page(hostile_app.url + "?action=evil-1")
    page.get_by_text("<script>alert('org')</script>").first.wait_for()
    details = page.locator(".sm-popup")
    assert "${alert('tpl')} `tick`" in details.inner_text()
    assert details.locator("img, script, a").count() == 0
    page.wait_for_timeout(500)
    assert page.errors == []
