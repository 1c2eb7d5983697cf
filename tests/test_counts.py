import pandas as pd

from tests.conftest import REPO
from utils import counts
from utils.campaign import BUNDLED
from utils.load import load_actions

ACTIONS = load_actions(REPO / "tests" / "fixtures" / "small_actions.csv").actions


def test_per_day_splits_the_week_from_the_days_around_it():
    table = counts.per_day(ACTIONS, [week.dates for week in BUNDLED.weeks])  # the bundled campaign's week
    assert list(zip(table["label"], table["actions"], table["when"], strict=True)) == [
        ("21 Mar 2019", 1, "outside the week"),
        ("26 Mar 2019", 2, "action week"),
        ("27 Mar 2019", 1, "action week"),
        ("28 Mar 2019", 1, "action week"),
        ("no date", 1, "no date"),
    ]


def test_per_country_kind_and_organisation():
    assert dict(zip(*counts.per_country(ACTIONS).values.T, strict=True))["(no country)"] == 2
    assert dict(zip(*counts.per_kind(ACTIONS)[["kind", "actions"]].values.T, strict=True)) == {
        "protest": 3,
        "march": 1,
        "petition": 1,
        "letter": 1,
    }
    organisations = dict(zip(*counts.per_organisation(ACTIONS).values.T, strict=True))
    assert organisations["Union A"] == 3 and organisations["Union B"] == 1


def test_participants_say_how_many_actions_have_no_count():
    assert counts.participants(ACTIONS) == {"total": 560, "with_count": 4, "without_count": 2}


def test_a_long_count_is_ranked_with_ties_in_alphabetical_order_and_cut_with_what_is_left_out():
    actions = pd.DataFrame({"organisations": ["B; A", "C", "A", "B", "D; C", "E"]})
    table = counts.per_organisation(actions)
    assert list(zip(table["organisation"], table["actions"], strict=True)) == [("A", 2), ("B", 2), ("C", 2), ("D", 1), ("E", 1)]
    shown, left_out = counts.top(table, 3)
    assert list(shown["organisation"]) == ["A", "B", "C"] and left_out == 2
