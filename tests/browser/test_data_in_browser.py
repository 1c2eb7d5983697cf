"""The data page in Chromium: a deep link, a CSV downloaded through the page, a file uploaded."""

import csv
import io

import pytest

from tests.browser.conftest import PHONE, PROJECTOR, click_marker, screenshot, wait_for_markers
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


@pytest.mark.parametrize("size", ["phone", "projector", "screen"])
def test_upload_shows_the_file_with_its_own_dates_on_the_map_page_too(offline_app, open_page, size):
    viewport = {"phone": PHONE, "projector": {"width": 1280, "height": 720}, "screen": PROJECTOR}[size]
    page = open_page(offline_app.url + "data", viewport)
    page.get_by_text("Load your own file").wait_for()
    page.locator("input[type='file']").set_input_files(str(REPO / "tests" / "fixtures" / "small_actions.csv"))
    page.get_by_role("button", name="Load this file").click()
    page.get_by_text("Showing your file small_actions.csv (6 actions, 4 on the map) on every page.").wait_for(timeout=60_000)
    page.locator("iframe[title='streamlit_folium.st_folium']").first.wait_for()  # the preview map
    page.wait_for_timeout(1500)
    screenshot(page, f"data-upload-{size}")
    assert "file=small_actions.csv" in page.url
    page.goto(offline_app.url + "map?" + page.url.split("?", 1)[1])  # a reload starts a new session: the page says so
    page.get_by_text("a file you load is kept for your session only").wait_for()
    assert page.errors == []


@pytest.mark.parametrize("size", ["phone", "projector", "screen"])
def test_a_workbook_in_french_is_mapped_loaded_and_its_cards_show_the_files_own_words(offline_app, open_page, tmp_path, size):
    from tests.test_formats import as_xlsx

    records = list(
        csv.reader(io.StringIO((REPO / "tests" / "data" / "france_casserolades_2023.csv").read_text(encoding="utf-8")), delimiter=";")
    )
    path = tmp_path / "casserolades.xlsx"
    path.write_bytes(as_xlsx(records[0], records[1:], sheets=("Avril", "Mai"), typed=False))
    viewport = {"phone": PHONE, "projector": {"width": 1280, "height": 720}, "screen": PROJECTOR}[size]
    page = open_page(offline_app.url + "data", viewport)
    page.get_by_text("Load your own file").wait_for()
    page.locator("input[type='file']").set_input_files(str(path))
    page.get_by_text("Your file's own words for its actions").wait_for(timeout=60_000)
    assert page.get_by_text("annulation (2 rows)").count() == 1  # chahut, rassemblement, casserolade are protests
    page.get_by_test_id("stMainBlockContainer").get_by_label("Country", exact=True).fill("France")
    page.get_by_test_id("stMainBlockContainer").get_by_label("Country", exact=True).press("Enter")
    page.wait_for_timeout(1500)
    page.get_by_label("annulation (2 rows)").click()
    page.keyboard.type("statement")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)
    screenshot(page, f"data-xlsx-mapping-{size}")
    page.get_by_role("button", name="Load this file").click()
    page.get_by_text("Showing your file casserolades.xlsx (11 actions, 11 on the map) on every page.").wait_for(timeout=120_000)
    # on the Map page of the same session, the two cancelled visits found by the file's own word
    if size == "phone":
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_role("link", name="Map").first.click()
    page.get_by_text("Actions from your file casserolades.xlsx").wait_for()
    page.get_by_role("textbox", name="Search").fill("annulation")
    page.get_by_role("textbox", name="Search").press("Enter")
    ids = wait_for_markers(page, 2, timeout=60_000)
    if size == "phone" and page.get_by_test_id("stSidebarCollapseButton").is_visible():
        page.get_by_test_id("stSidebarCollapseButton").click()
    popup = click_marker(page, ids[0])
    assert "statement (annulation)" in popup.inner_text()
    page.wait_for_timeout(600)  # the card's fade-in
    screenshot(page, f"data-xlsx-card-{size}")
    assert page.errors == []
