import datetime as dt
import re

import pandas as pd

from tests.conftest import REPO
from utils.actions.campaign import BUNDLED
from utils.actions.load import load_actions
from utils.view.timeline import DayBar, daily_counts, data_span, days_between, headline, player_days, timeline_html

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


def test_an_action_over_several_days_counts_on_each_day_within_the_range():
    actions = pd.DataFrame(
        {
            "date": pd.to_datetime(["2019-03-24", "2019-03-30", "2019-03-26", None]),
            "date_end": pd.to_datetime(["2019-03-26", "2019-04-03", None, None]),
            "action_kind": ["strike", "protest", "letter", "petition"],
        }
    )
    table = daily_counts(actions, dt.date(2019, 3, 25), dt.date(2019, 3, 31))
    counted = table[table["actions"] > 0].set_index(["day", "action_kind"])["actions"].to_dict()
    day = lambda number: dt.date(2019, 3, number)  # noqa: E731
    assert counted == {
        (day(25), "strike"): 1,  # began the day before the range: counted on its days within it
        (day(26), "strike"): 1,
        (day(26), "letter"): 1,
        (day(30), "protest"): 1,  # runs on past the range's end
        (day(31), "protest"): 1,
    }
    assert list(table["day"].drop_duplicates()) == [day(number) for number in range(25, 32)]


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


def test_a_long_range_keeps_the_newest_days_on_which_actions_start():
    """A live campaign's newest reports are what a visitor comes for: the oldest days are the ones left out."""
    days = pd.to_datetime([f"2019-03-{day}" for day in range(20, 31)] + ["2026-12-04", "2026-12-04"])
    actions = pd.DataFrame({"date": days, "date_end": pd.NaT})
    kept, cut = player_days(actions, dt.date(2018, 9, 19), dt.date(2026, 12, 4), most=5)
    assert kept == [dt.date(2019, 3, 27), dt.date(2019, 3, 28), dt.date(2019, 3, 29), dt.date(2019, 3, 30), dt.date(2026, 12, 4)]
    assert cut == 7
    assert player_days(actions, dt.date(2019, 3, 25), dt.date(2019, 3, 31), most=5) == (
        days_between(dt.date(2019, 3, 25), dt.date(2019, 3, 31)),
        0,
    )


def test_an_action_running_to_2100_adds_one_day_not_thirty_thousand():
    actions = pd.DataFrame({"date": pd.to_datetime(["2019-03-26", "2019-03-27"]), "date_end": pd.to_datetime(["2100-12-31", None])})
    assert player_days(actions, dt.date(2019, 3, 26), dt.date(2100, 12, 31), most=366) == ([dt.date(2019, 3, 26), dt.date(2019, 3, 27)], 0)


def test_the_timeline_chart_stacks_each_days_kinds_to_scale_and_shows_every_word_as_text():
    bars = [
        DayBar("Mon 25 Mar", (("protest", "#c62828", 0), ("march", "#b35a00", 0))),
        DayBar("Tue 26 Mar", (("protest", "#c62828", 1), ("march", "#b35a00", 1))),
        DayBar("Wed 27 Mar", (("protest", "#c62828", 1), ("march", "#b35a00", 0)), faded=True),
    ]
    html = timeline_html(bars, [("<b>Week</b> of action", 0, 2)], "Actions per day", [("protest", "#c62828"), ("march", "#b35a00")])
    assert 'title="Tue 26 Mar · protest: 1"' in html and 'title="Tue 26 Mar · march: 1"' in html
    assert "height:50.00%;background:#c62828" in html  # one of two: the busiest day fills the axis
    assert "Mon 25 Mar · protest" not in html  # a day with none draws no segment
    assert html.count("sm-tl-faded") == 1
    assert "&lt;b&gt;Week&lt;/b&gt; of action" in html and "<b>" not in html
    assert "grid-column:1/4" in html  # the band spans its three days


def test_the_timeline_chart_labels_a_few_days_of_a_long_range_and_rounds_its_axis():
    bars = [DayBar(f"day {number}", (("protest", "#c62828", number),)) for number in range(60)]
    html = timeline_html(bars, [], "Actions per day", [])
    labels = re.findall(r"<span(?: class=\"[^\"]*\")?>(day \d+)</span>", html)
    assert labels[:3] == ["day 0", "day 4", "day 8"] and len(labels) == 15  # about 16 fit a screen
    assert re.findall(r"<span>(\d+)</span></div>", html) == ["20", "40", "60"]  # 59 at most: lines at round values
