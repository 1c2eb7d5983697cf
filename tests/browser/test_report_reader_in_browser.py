"""The report reader in Chromium: paste a round-up, review the draft rows beside their sentences, accept two,
and send them to the moderators' queue."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import App, screenshot
from tests.conftest import REPO
from utils.live.store import Store

HKCTU = (REPO / "tests" / "data" / "reports" / "hkctu_round_up_2019.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reader_app(tmp_path_factory):
    tmp: Path = tmp_path_factory.mktemp("reader")
    server = App({"SOLIDARITY_MAP_OFFLINE": "1"}, tmp)
    server.database = f"sqlite:///{tmp / 'actions.db'}"
    yield server
    server.stop()


def test_paste_review_accept(reader_app, open_page):
    page = open_page(reader_app.url + "data", {"width": 1280, "height": 720})
    page.get_by_text("From a report to rows: read a campaign's round-up").click()
    page.get_by_label("The report's text").fill(HKCTU)
    page.get_by_role("spinbutton", name="year, Written on (gives the year)").click()
    page.keyboard.type("20190402")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Read the report").click()
    page.get_by_text("8 draft rows", exact=False).wait_for(timeout=60_000)
    page.locator("mark").first.wait_for()
    assert "On 21 March, about 30 dockers launched a protest" in page.locator(".sm-reader").inner_text()
    grid = page.locator("[data-testid='stDataFrameResizable']").first  # the draft rows' editor, above the view's table
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    for row in (2, 4):  # Porto and Seoul: the third and fifth drafts
        grid.click(position={"x": 41, "y": 35 * row + 35 + 17})  # on the checkbox itself
        page.wait_for_timeout(400)
    screenshot(page, "report-reader-laptop")
    page.get_by_role("button", name="⬇ The 2 accepted rows (CSV)").wait_for(timeout=30_000)
    screenshot(page, "report-reader-laptop")
    page.get_by_role("button", name="Send them to the moderators' queue").click()
    page.get_by_text("2 rows sent to the moderators' queue", exact=False).wait_for(timeout=30_000)
    pending = Store(reader_app.database).rows(("pending",))
    assert sorted(row["city"] for row in pending) == ["Porto", "Seoul"]
    page.get_by_role("button", name="Send them to the moderators' queue").click()  # the same two again: the form's limits hold here
    page.get_by_text("Sending 2 more would pass the 3 reports", exact=False).wait_for(timeout=30_000)
    assert len(Store(reader_app.database).rows(("pending",))) == 2
    assert box and not page.errors, page.errors
