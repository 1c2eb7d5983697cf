"""The tiled static site's counting (utils/publish/tiles.py): every placed action in one leaf, every cell's count split
exactly by dates, kind and country, the file's figures as the small site counts them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tests.many_actions import many_actions
from utils.actions.campaign import BUNDLED
from utils.actions.schema import SIGNATURE_KINDS, organisation_names
from utils.i18n import LANGUAGES
from utils.map.mapview import KIND_INDEX
from utils.publish import tiles
from utils.publish.site import site_files


@pytest.fixture(scope="module")
def actions(tmp_path_factory):
    return many_actions(900, tmp_path_factory.mktemp("many"))


def placed_of(actions: pd.DataFrame) -> pd.DataFrame:
    return actions[actions["lat"].notna()].reset_index(drop=True)


def test_every_placed_action_is_in_one_leaf_and_a_parent_holds_what_its_children_hold(actions):
    placed = placed_of(actions)
    pyramid = tiles.pyramid(placed["lat"].to_numpy(), placed["lon"].to_numpy(), leaf_most=20)
    leaves = [tile for tile in pyramid if tile.leaf]
    in_leaves = np.concatenate([tile.rows for tile in leaves])
    assert sorted(in_leaves.tolist()) == list(range(len(placed)))  # each once: none lost, none twice
    assert all(len(tile.rows) <= 20 or tile.z == tiles.DEEPEST for tile in leaves)
    by_key = {tile.key: tile for tile in pyramid}
    below = tiles.children(pyramid)
    for tile in pyramid:
        if tile.leaf:
            continue
        kids = [by_key.get(f"{tile.z + 1}/{2 * tile.x + i % 2}/{2 * tile.y + i // 2}") for i in range(4)]
        assert sorted(np.concatenate([kid.rows for kid in kids if kid]).tolist()) == sorted(tile.rows.tolist())
        assert below[tile.key] == [tiles.EMPTY if kid is None else tiles.LEAF if kid.leaf else tiles.CELLS for kid in kids]
    assert pyramid[0].key == "0/0/0" and len(pyramid[0].rows) == len(placed)


def test_actions_at_one_point_stop_splitting_at_the_deepest_zoom():
    lat, lon = np.full(50, 37.5665), np.full(50, 126.978)
    leaves = [tile for tile in tiles.pyramid(lat, lon, leaf_most=10, deepest=6) if tile.leaf]
    assert [(tile.z, len(tile.rows)) for tile in leaves] == [(6, 50)]


def test_a_cells_counts_split_its_count_by_dates_kind_and_country(actions):
    placed = placed_of(actions)
    dims = tiles.dimensions(placed)
    pyramid = tiles.pyramid(placed["lat"].to_numpy(), placed["lon"].to_numpy(), leaf_most=20)
    below = tiles.children(pyramid)
    for tile in [tile for tile in pyramid if not tile.leaf]:
        plain, by_country = (tiles.cell_tile(placed, tile, dims, below[tile.key], by_country=flag) for flag in (False, True))
        assert plain["cells"] == by_country["cells"] and plain["children"] == below[tile.key]
        for counts, step in ((plain["counts"], 4), (by_country["counts"], 5)):
            per_cell = np.zeros(len(plain["cells"]), dtype=int)
            for at in range(0, len(counts), step):
                per_cell[counts[at]] += counts[at + step - 1]
            assert per_cell.tolist() == [cell[2] for cell in plain["cells"]]
        # the protests of Germany in this tile, counted from the tile as the browser counts them
        part = placed.iloc[tile.rows]
        wanted = int(((part["action_kind"] == "protest") & (part["country_code"] == "DE")).sum())
        counts = by_country["counts"]
        found = sum(
            counts[at + 4]
            for at in range(0, len(counts), 5)
            if counts[at + 2] == KIND_INDEX["protest"] and dims.countries[counts[at + 3]] == "DE"
        )
        assert found == wanted


def test_the_files_figures_are_the_sum_of_its_counts(actions):
    dims = tiles.dimensions(actions)
    placed = actions["lat"].notna().to_numpy()
    counts = np.array(tiles.summary_counts(actions, dims, placed)).reshape(-1, 7)  # span, kind, country, placed, n, people, given
    assert counts[:, 4].sum() == len(actions)
    assert counts[counts[:, 3] == 0, 4].sum() == (~placed).sum()
    people = pd.to_numeric(actions["participants"], errors="coerce")
    assert counts[:, 5].sum() == people.sum() and counts[:, 6].sum() == people.notna().sum()
    petitions = [KIND_INDEX[kind] for kind in SIGNATURE_KINDS]
    signed = actions["action_kind"].isin(SIGNATURE_KINDS)
    assert counts[np.isin(counts[:, 1], petitions), 5].sum() == people[signed].sum()
    spans = dims.spans
    three_days = [index for index, (first, last) in enumerate(spans) if first and first != last]
    assert three_days and all(last > first for first, last in (spans[index] for index in three_days))
    assert counts[[spans[int(span)][0] == "" for span in counts[:, 0]], 4].sum() == actions["date"].isna().sum()


def test_organisations_are_counted_distinct_per_day_over_actions_of_several_days(actions):
    counts = tiles.organisation_counts(actions, [("2019-03-25", "2019-03-31")])

    def distinct(first: str, last: str) -> int:
        ends = actions["date_end"].where(actions["date_end"].notna(), actions["date"])
        inside = actions["date"].notna() & (actions["date"] <= pd.Timestamp(last)) & (ends >= pd.Timestamp(first))
        return len({name.casefold() for cell in actions.loc[inside, "organisations"] for name in organisation_names(cell)})

    assert counts["2019-03-25|2019-03-31"] == distinct("2019-03-25", "2019-03-31")
    for day in ("2019-03-21", "2019-03-27", "2019-04-01"):
        assert counts[f"{day}|{day}"] == distinct(day, day)
    assert counts["all"] == distinct("0000-01-01", "9999-12-31")


def test_the_shard_sum_is_stable_for_ids_in_any_script():
    # the same numbers site.js works out (31 × h + each UTF-16 unit, kept to 32 bits): a link finds its action's tile
    assert tiles.shard_of("a", 1_000_000) == 97
    assert tiles.shard_of("ab", 1_000_000) == 97 * 31 + 98
    assert tiles.shard_of("я", 1_000_000) == 0x44F
    assert tiles.shard_of("😀", 1 << 31) == (0xD83D * 31 + 0xDE00) % (1 << 31)  # a pair of UTF-16 units, as JavaScript sees it


def test_a_big_files_site_sends_counts_first_and_its_actions_in_tiles(actions):
    files = site_files(actions, BUNDLED, tiled_from=300, leaf_most=20, languages=LANGUAGES[:2])
    data = json.loads(files["data/en.json"])
    assert data["actions"] == [] and data["marker_rows"] == []  # nothing per action in the first file
    tiled = data["tiled"]
    assert tiled["total"] == len(actions) and tiled["placed"] == int(actions["lat"].notna().sum())
    assert tiled["root"] == tiles.CELLS
    placed_ids = set(actions.loc[actions["lat"].notna(), "id"])
    for language in ("en", LANGUAGES[1].code):
        leaf_ids = [row[0] for name, text in files.items() if name.startswith(f"tiles/{language}/") for row in json.loads(text)["rows"]]
        assert sorted(leaf_ids) == sorted(placed_ids)  # each placed action in one leaf per language
    index = {}
    for shard in range(tiled["shards"]):
        index.update(json.loads(files[f"tiles/index/{shard}.json"]))
    assert set(index) == placed_ids
    some = sorted(placed_ids)[0]
    assert some in {row[0] for row in json.loads(files[f"tiles/en/{index[some]}.json"])["rows"]}
    assert tiles.shard_of(some, tiled["shards"]) in range(tiled["shards"])
    unplaced = [row[0] for page in range(tiled["unplaced_pages"]) for row in json.loads(files[f"data/unplaced/en/{page}.json"])]
    assert sorted(unplaced) == sorted(set(actions["id"]) - placed_ids)  # no action lost: listed even with no place
    assert "Searching" not in data["words"]["tiled_note"] and "{n}" in data["words"]["tiled_note"]


def test_the_first_view_of_a_tiled_site_does_not_grow_with_the_file(tmp_path):
    """The data file and the world's tiles down to the first view's zoom: four times the actions, about the same bytes."""

    def first_view(count: int) -> int:
        files = site_files(many_actions(count, tmp_path), BUNDLED, tiled_from=100, leaf_most=5, languages=LANGUAGES[:1])
        first = ["data/en.json"] + [name for name in files if name.split("/")[0] == "tiles" and name.split("/")[1] in ("0", "1", "2")]
        return sum(len(files[name].encode()) for name in first if not name.endswith(".c.json"))  # .c: under a country filter

    small, big = first_view(1_000), first_view(4_000)
    assert big < 1.5 * small
