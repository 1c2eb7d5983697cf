"""The data page in Chromium: a deep link, a CSV downloaded through the page, a file uploaded."""

import csv
import io

from tests.browser.conftest import PROJECTOR, screenshot
from tests.conftest import REPO


def test_deep_link_to_the_data_page_downloads_exactly_the_view(offline_app, open_page):
    page = open_page(offline_app.url + "data?kind=protest&dates=all")
    page.get_by_text("3 actions in this view").wait_for()
    assert page.get_by_text("Page not found").count() == 0
    with page.expect_download() as download_info:
        page.get_by_role("button", name="⬇ CSV of this view").click()
    download = download_info.value
    assert download.suggested_filename == "actions-view.csv"
    raw = open(download.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert sorted(row["id"] for row in rows) == [
        "2019-03-21-porto-dockers",
        "2019-03-26-seoul-kctu-embassy",
        "2019-03-28-sentro-embassy-philippines",
    ]
    assert {row["action_kind"] for row in rows} == {"protest"}
    screenshot(page, "data-protests-projector")
    assert page.errors == []


def test_upload_shows_the_file_on_the_map_page_too(offline_app, open_page):
    page = open_page(offline_app.url + "data", PROJECTOR)
    page.get_by_text("Load your own file").wait_for()
    page.locator("input[type='file']").set_input_files(str(REPO / "tests" / "fixtures" / "small_actions.csv"))
    page.get_by_role("button", name="Load this file").click()
    page.get_by_text("Showing your file small_actions.csv (6 actions).").wait_for(timeout=60_000)
    screenshot(page, "data-upload-projector")
    page.get_by_role("link", name="Map").first.click()
    page.get_by_text("Solidarity Map").first.wait_for()
    page.get_by_text("3 of 5 actions on the map").wait_for()
    assert page.errors == []
