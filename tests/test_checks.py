"""The loader's checks, column by column: the same messages, in the same order, as a row read alone."""

import pandas as pd

from utils.actions import load
from utils.actions.checks import Distinct, Ids, check_chunk
from utils.actions.load import load_actions

POSITIONS = {0: "id", 1: "date", 2: "date_end", 3: "action_kind", 4: "city", 5: "lat", 6: "lon", 7: "participants", 8: "country", 9: "note"}


def test_a_rows_problems_come_in_the_order_its_checks_run():
    records = [["x1", "2019-03-27", "2019-03-26", "teach-in", "=cmd()", "95", "", "-5", "Atlantis", "mine"]]
    checked = check_chunk(records, 2, POSITIONS, 10, {}, Ids())
    said = [(problem.column, problem.severity) for problem in checked.problems]
    assert said == [
        ("city", "warning"),  # a formula, kept as text
        ("date_end", "warning"),  # ends before it starts: the end is left out, the action kept
        ("lat", "warning"),  # out of range
        ("action_kind", "warning"),
        ("participants", "warning"),
        ("country", "warning"),
    ]
    assert not checked.rejected and pd.isna(checked.actions.loc[0, "date_end"])
    assert checked.actions.loc[0, "city"] == "=cmd()" and checked.actions.loc[0, "note"] == "mine"  # the cells as the file has them


def test_an_id_used_in_an_earlier_chunk_names_the_row_that_used_it_first():
    ids = Ids()
    first = check_chunk([["a1", "2019-03-26", "", "protest", "Seoul", "", "", "", "", ""]], 2, POSITIONS, 10, {}, ids)
    later = check_chunk(
        [["b1", "", "", "", "Porto", "", "", "", "", ""], ["a1", "", "", "", "Porto", "", "", "", "", ""]], 900, POSITIONS, 10, {}, ids
    )
    assert list(first.actions["id"]) == ["a1"] and list(later.actions["id"]) == ["b1"]
    assert [str(problem) for problem in later.problems] == ["row 901, column 'id': id 'a1' is already used on row 2; ids must be unique"]


def test_identical_rows_without_ids_are_both_kept_under_their_own_ids():
    row = ["", "2019-03-26", "", "protest", "Seoul", "", "", "", "", ""]
    checked = check_chunk([row, list(row)], 2, POSITIONS, 10, {}, Ids())
    first, second = checked.actions["id"]
    assert first.startswith("auto-") and second == f"{first}-3" and checked.problems == []


def test_each_distinct_cell_is_read_once():
    read = []
    answers = Distinct(pd.Series(["a", "b", "a", "a", "b"])).each(lambda value: read.append(value) or value.upper())
    assert list(answers) == ["A", "B", "A", "A", "B"] and sorted(read) == ["a", "b"]


def test_a_file_read_in_many_chunks_loads_as_in_one(monkeypatch):
    lines = ["id,date,action_kind,city,participants"]
    for number in range(350):
        identifier = "dup" if number in (10, 240) else ("" if number % 50 == 0 else f"r{number}")
        lines.append(
            f"{identifier},2019-03-{20 + number % 10},{'protest' if number % 7 else 'vigil'},Seoul,{number if number % 3 else 'about ' + str(number)}"
        )
    lines.append(",2019-03-20,protest,Seoul,about 0")  # the same as row 2, with no id: kept under its own
    raw = ("\n".join(lines) + "\n").encode()
    whole = load_actions(raw)
    monkeypatch.setattr(load, "CELLS_AT_ONCE", 1)  # 100 rows at a time: four chunks
    chunked = load_actions(raw)
    assert [str(problem) for problem in chunked.problems] == [str(problem) for problem in whole.problems]
    pd.testing.assert_frame_equal(chunked.actions, whole.actions)
    assert chunked.accepted + chunked.rejected_count == chunked.rows_in_file == 351
    assert "row 242, column 'id': id 'dup' is already used on row 12; ids must be unique" in [str(problem) for problem in chunked.problems]
