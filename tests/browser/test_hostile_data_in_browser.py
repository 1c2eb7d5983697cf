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
    details = page.locator(".sm-popup")
    details.get_by_text("<script>alert('org')</script>").wait_for()
    assert "${alert('tpl')} `tick`" in details.inner_text()
    assert details.locator("img, script, a").count() == 0
    page.wait_for_timeout(500)
    assert page.errors == []


class Beacon:
    """A server on 127.0.0.1 that counts the requests a page's browser sends it (an image beacon would)."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.hits: list[str] = []
        beacon = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                beacon.hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("path", ["", "story"])
def test_markdown_and_html_in_a_link_show_as_text_with_no_live_link_or_beacon(hostile_app, open_page, path):
    from urllib.parse import urlencode

    beacon = Beacon()
    try:
        query = {
            "kind": "[Your session expired - log in here](https://evil.example/login)",
            "dates": f"![x](http://127.0.0.1:{beacon.port}/beacon.png)",
            "org": f"<img src='http://127.0.0.1:{beacon.port}/tag.png'>",
            "slide": f"![y](http://127.0.0.1:{beacon.port}/slide.png)",
        }
        page = open_page(hostile_app.url + path + "?" + urlencode(query))
        note = page.locator(".sm-notice-info")
        note.wait_for(timeout=30_000)
        assert "[Your session expired - log in here](https://evil.example/login)" in note.inner_text()
        assert "![x](http://127.0.0.1:" in note.inner_text()
        page.wait_for_timeout(1500)
        assert page.locator("a[href*='evil.example']").count() == 0
        assert page.locator("img[src*='127.0.0.1']").count() == 0
        assert beacon.hits == []
        screenshot(page, f"hostile-link-notes{'-' + path if path else ''}")
    finally:
        beacon.close()
