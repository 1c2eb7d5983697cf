import datetime as dt

from tests.conftest import REPO
from utils.load import load_actions
from utils.timeline import daily_counts, data_span, headline, story_days

ACTIONS = load_actions(REPO / "data" / "actions.csv").actions


def test_span_covers_the_letter_and_the_week():
    assert data_span(ACTIONS) == (dt.date(2018, 9, 19), dt.date(2019, 3, 31))  # the petition has no start date, so no span


def test_daily_counts_cover_every_day_and_spanning_actions():
    table = daily_counts(ACTIONS, dt.date(2019, 3, 25), dt.date(2019, 3, 31))
    per_day = table.groupby("day")["actions"].sum()
    assert list(per_day) == [1, 3, 1, 2, 2, 1, 1]  # the action week itself counts on each of its days
    assert table["in_week"].all()


def test_story_days_are_the_days_actions_start():
    assert story_days(ACTIONS)[:2] == [dt.date(2018, 9, 19), dt.date(2019, 3, 21)]


def test_headline_counts_people_and_says_how_many_have_no_count():
    assert headline(ACTIONS) == {"actions": 9, "countries": 5, "organisations": 12, "participants": 8186, "without_count": 5}
