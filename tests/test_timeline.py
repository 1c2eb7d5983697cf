import datetime as dt

import pandas as pd

from tests.conftest import REPO
from utils.campaign import BUNDLED
from utils.load import load_actions
from utils.timeline import daily_counts, data_span, headline, story_days

ACTIONS = load_actions(REPO / "data" / "actions.csv").actions


def test_span_covers_the_letter_and_the_week():
    assert data_span(ACTIONS) == (dt.date(2018, 9, 19), dt.date(2019, 3, 31))  # the petition has no start date, so no span
    june = pd.DataFrame({"date": pd.to_datetime(["2020-06-01", "2020-06-09"]), "date_end": pd.to_datetime([None, None])})
    assert data_span(june) == (dt.date(2020, 6, 1), dt.date(2020, 6, 9))  # another file's own dates, not this campaign's week


def test_daily_counts_cover_every_day_and_spanning_actions():
    table = daily_counts(ACTIONS, dt.date(2019, 3, 25), dt.date(2019, 3, 31), [week.dates for week in BUNDLED.weeks])
    per_day = table.groupby("day")["actions"].sum()
    assert list(per_day) == [0, 2, 0, 1, 1, 0, 0]  # the action week is the frame, not an action on each of its days
    assert table["in_week"].all()


def test_story_days_are_the_days_actions_start():
    assert story_days(ACTIONS)[:2] == [dt.date(2018, 9, 19), dt.date(2019, 3, 21)]


def test_headline_counts_people_and_says_how_many_have_no_count():
    assert headline(ACTIONS) == {
        "actions": 8,  # the action week is a call to action, not an action
        "countries": 5,
        "organisations": 12,
        "participants": 65,  # Porto, Hong Kong, Seoul: the petition's 8,121 are signatures
        "with_count": 3,
        "without_count": 4,
        "signatures": 8121,
        "petitions": 1,
    }
