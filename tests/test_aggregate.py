"""What the screen can show of many actions: counted cells, or the actions themselves where few are in view."""

import numpy as np
import pandas as pd
import pytest

from utils.view.aggregate import Viewport, cell_precision, cells_of, in_view, view_layer


def actions_at(points: list[tuple[float, float, str, str]]) -> pd.DataFrame:
    lat, lon, kind, precision = zip(*points, strict=True)
    return pd.DataFrame({"lat": lat, "lon": lon, "action_kind": kind, "precision": precision, "id": [f"a{n}" for n in range(len(points))]})


def many(count: int, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "lat": rng.uniform(-60, 70, count),
            "lon": rng.uniform(-180, 180, count),
            "action_kind": rng.choice(["protest", "letter", "petition"], count),
            "precision": rng.choice(["venue", "city", "country"], count),
        }
    )
    return frame.astype({"action_kind": str, "precision": str})


def test_every_action_in_view_is_counted_in_exactly_one_cell():
    actions = many(20_000)
    layer = view_layer(actions, Viewport.world(2), limit=1_000)
    assert layer.aggregated and layer.in_view == 20_000
    assert layer.cells["count"].sum() == 20_000
    assert (layer.cells[["venue", "city", "country"]].sum(axis=1) == layer.cells["count"]).all()
    assert len(layer.cells) < 400  # what a world map at zoom 2 can show, not 20,000 markers


def test_few_actions_in_view_are_sent_as_themselves():
    actions = pd.concat([many(5_000), actions_at([(37.57, 126.98, "protest", "venue"), (37.55, 127.0, "letter", "city")])])
    seoul = Viewport.around(37.56, 126.99, zoom=12)
    layer = view_layer(actions.reset_index(drop=True), seoul, limit=100)
    assert not layer.aggregated
    assert set(layer.actions["id"].dropna()) == {"a0", "a1"} and layer.in_view == len(layer.actions)


def test_a_cell_says_its_commonest_kind_and_how_precise_its_actions_are():
    points = [(10.0, 10.0, "protest", "venue")] * 3 + [(10.01, 10.01, "letter", "country")] * 2 + [(10.02, 10.0, "letter", "city")] * 2
    cells = cells_of(actions_at(points), zoom=3)
    assert len(cells) == 1
    cell = cells.iloc[0]
    assert (cell["count"], cell["venue"], cell["city"], cell["country"]) == (7, 3, 2, 2)
    assert cell["action_kind"] == "letter"  # four letters against three protests
    assert cell_precision(cells).tolist() == ["city"]  # three of seven at a venue is not most: drawn no surer than a city
    assert (cell["south"], cell["north"], cell["west"], cell["east"]) == (10.0, 10.02, 10.0, 10.01)  # where a click zooms to


def test_zooming_in_parts_the_cells_and_actions_at_one_point_stay_together():
    actions = pd.concat([many(2_000), actions_at([(48.85, 2.35, "protest", "city")] * 500)], ignore_index=True)
    coarse, fine = cells_of(actions, zoom=1), cells_of(actions, zoom=5)
    assert len(fine) > 3 * len(coarse) and fine["count"].sum() == coarse["count"].sum() == 2_500
    paris = cells_of(actions_at([(48.85, 2.35, "protest", "city")] * 500), zoom=18).iloc[0]
    assert (
        paris["count"] == 500 and paris["south"] == paris["north"] and paris["west"] == paris["east"]
    )  # one point: a click cannot part them


def test_a_view_across_the_date_line_takes_both_sides():
    lat, lon = np.array([0.0, 0.0, 0.0]), np.array([175.0, -175.0, 0.0])
    assert in_view(lat, lon, Viewport(-10, 170, 10, 190, 5)).tolist() == [True, True, False]
    assert in_view(lat, lon, Viewport(-10, -190, 10, -170, 5)).tolist() == [True, True, False]
    assert in_view(lat, lon, Viewport(-10, -400, 10, 400, 0)).tolist() == [True, True, True]


@pytest.mark.parametrize(
    "returned, expected",
    [
        ({"bounds": {"_southWest": {"lat": 1, "lng": 2}, "_northEast": {"lat": 3, "lng": 4}}, "zoom": 6}, Viewport(1, 2, 3, 4, 6)),
        ({"bounds": {"_southWest": {"lat": None, "lng": None}, "_northEast": {"lat": None, "lng": None}}, "zoom": 2}, None),
        ({"zoom": 2}, None),
        (None, None),
        ({"bounds": {"_southWest": {"lat": "nan", "lng": 2}, "_northEast": {"lat": 3, "lng": 4}}, "zoom": 6}, None),
    ],
)
def test_the_view_the_map_reports_is_read_or_left_alone(returned, expected):
    assert Viewport.from_map(returned) == expected


def test_a_view_around_a_point_holds_it_in_the_middle():
    view = Viewport.around(37.56, 126.99, zoom=9)
    assert view.south < 37.56 < view.north and view.west < 126.99 < view.east
    assert abs((view.west + view.east) / 2 - 126.99) < 1e-6 and 2 < view.east - view.west < 5  # 1280 px at zoom 9: about 3.5 degrees
