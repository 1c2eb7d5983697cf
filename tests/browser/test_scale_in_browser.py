"""Many actions in Chromium: the server counts them in cells, a tap zooms in, single markers where few are in view."""

import datetime as dt
import time

import numpy as np
import pytest

from tests.browser.conftest import PHONE, PROJECTOR, App, map_frame, screenshot

COUNT = 20_000


def write_actions(path) -> dict[str, int]:
    """COUNT actions over 21-31 March 2019 across Europe and Asia; returns how many start each day."""
    rng = np.random.default_rng(11)
    days = [dt.date(2019, 3, 21) + dt.timedelta(days=int(n)) for n in rng.integers(0, 11, COUNT)]
    kinds = rng.choice(["protest", "letter", "photo action", "march"], COUNT, p=[0.55, 0.2, 0.15, 0.1])
    lat, lon = rng.uniform(0, 60, COUNT), rng.uniform(-10, 140, COUNT)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,date,action_kind,organisations,city,lat,lon,description\n")
        for number in range(COUNT):
            handle.write(
                f"a{number},{days[number]},{kinds[number]},Union {number % 300},Town {number % 900},"
                f"{lat[number]:.5f},{lon[number]:.5f},Action number {number}\n"
            )
    per_day: dict[str, int] = {}
    for day in days:
        per_day[day.isoformat()] = per_day.get(day.isoformat(), 0) + 1
    return per_day


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    per_day = write_actions(folder / "many.csv")
    server = App(
        {"SOLIDARITY_MAP_OFFLINE": "1", "SOLIDARITY_MAP_DATA": str(folder / "many.csv"), "SOLIDARITY_MAP_MARKER_LIMIT": "500"}, folder
    )
    server.per_day = per_day
    yield server
    server.stop()


def map_state(page) -> dict:
    """The map's zoom, and what its layer holds: cells with their counts, and single markers."""
    frame = next(frame for frame in page.frames if "streamlit_folium" in frame.url)
    return frame.evaluate(
        """() => ({zoom: map.getZoom(),
                  counts: Array.from(document.querySelectorAll('.sm-cell-icon')).map(e => +e.getAttribute('data-count')),
                  markers: document.querySelectorAll('.sm-action').length,
                  clusters: document.querySelectorAll('.marker-cluster').length})"""
    )


def wait_for_cells(page, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = map_state(page)
            if state["counts"]:
                return state
        except (StopIteration, Exception):  # noqa: BLE001 - the frame is still being built
            pass
        page.wait_for_timeout(250)
    raise AssertionError("no counted cells were drawn")


def tap_central_cell(page, phone: bool) -> tuple[int, dict]:
    """Taps the cell nearest the map's middle; returns its count and the map once its zoom has changed."""
    page.locator("iframe[title='streamlit_folium.st_folium']").evaluate("frame => frame.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(400)
    before = map_state(page)
    box = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    cells = map_frame(page).locator(".sm-cell-icon")
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    boxes = [cells.nth(index).bounding_box() for index in range(cells.count())]
    index = min(
        (index for index, cell in enumerate(boxes) if cell),
        key=lambda index: (boxes[index]["x"] - middle[0]) ** 2 + (boxes[index]["y"] - middle[1]) ** 2,
    )
    count = int(cells.nth(index).get_attribute("data-count"))
    x, y = boxes[index]["x"] + boxes[index]["width"] / 2, boxes[index]["y"] + boxes[index]["height"] / 2
    page.touchscreen.tap(x, y) if phone else page.mouse.click(x, y)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        page.wait_for_timeout(300)
        after = map_state(page)
        if after["zoom"] > before["zoom"] and (after["counts"] != before["counts"] or after["markers"] or after["clusters"]):
            return count, after
    raise AssertionError(f"tapping a cell of {count} did not zoom in to a new layer: {map_state(page)}")


def test_the_first_view_counts_every_action_in_cells_and_a_click_zooms_in_to_single_markers(many, open_page):
    page = open_page(many.url + "?dates=all", PROJECTOR)
    first = wait_for_cells(page)
    assert sum(first["counts"]) == COUNT and first["markers"] == 0  # every action counted, none sent one by one
    assert page.get_by_text(f"{COUNT:,} actions in and around this view, too many to draw one by one").is_visible()
    screenshot(page, "scale-cells-1920")
    state = first
    for _ in range(6):  # each click zooms towards fewer actions, until they are drawn one by one
        if not state["counts"]:
            break
        count, state = tap_central_cell(page, phone=False)
        assert state["markers"] + state["clusters"] or sum(state["counts"]) < COUNT
    assert not state["counts"] and state["markers"] + state["clusters"] > 0
    screenshot(page, "scale-markers-1920")
    marker = map_frame(page).locator(".sm-action").first
    marker.click()
    popup = map_frame(page).locator(".leaflet-popup-content").last
    popup.wait_for()
    assert "Union" in popup.inner_text() and "Action number" in popup.inner_text()
    assert page.errors == []


def test_a_day_of_the_player_counts_only_that_days_actions(many, open_page):
    page = open_page(many.url + "?dates=all&day=2019-03-26", PROJECTOR)
    state = wait_for_cells(page)
    assert sum(state["counts"]) == many.per_day["2019-03-26"]
    page.get_by_role("button", name="Next ▶").click()
    deadline = time.monotonic() + 30
    while sum(state["counts"]) != many.per_day["2019-03-27"] and time.monotonic() < deadline:
        page.wait_for_timeout(300)
        state = map_state(page)
    assert sum(state["counts"]) == many.per_day["2019-03-27"]
    assert page.errors == []


def test_on_a_phone_a_tap_on_a_cell_zooms_in(many, open_page):
    page = open_page(many.url + "?dates=all", PHONE)
    first = wait_for_cells(page)
    screenshot(page, "scale-cells-390")
    count, after = tap_central_cell(page, phone=True)
    assert after["zoom"] > first["zoom"]
    screenshot(page, "scale-zoomed-390")
    assert page.errors == []
