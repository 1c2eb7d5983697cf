"""Daily counts and the days of the story."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from utils.counts import participants
from utils.filters import ACTION_WEEK
from utils.schema import organisation_names


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]


def bounded_span(first: dt.date, last: dt.date, max_days: int) -> tuple[dt.date, dt.date, int]:
    """The span cut to at most `max_days` days from its first, and how many days were cut."""
    days = (last - first).days + 1
    if days <= max_days:
        return first, last, 0
    return first, first + dt.timedelta(days=max_days - 1), days - max_days


def data_span(actions: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """First and last day any action touches, widened to cover the action week."""
    dated = actions[actions["date"].notna()]
    if dated.empty:
        return ACTION_WEEK
    first = min(dated["date"].min().date(), ACTION_WEEK[0])
    last = max(dated["date_end"].fillna(dated["date"]).max().date(), ACTION_WEEK[1])
    return first, last


def daily_counts(actions: pd.DataFrame, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Actions per day and kind, for each day from first to last (an action spanning days counts on each).

    Columns: day (date), action_kind, actions, in_week (bool).
    """
    rows = []
    for action in actions[actions["date"].notna()].itertuples():
        start = action.date.date()
        end = action.date_end.date() if pd.notna(action.date_end) else start
        for day in days_between(max(start, first), min(end, last)):
            rows.append((day, action.action_kind))
    counts = pd.DataFrame(rows, columns=["day", "action_kind"]).value_counts().rename("actions").reset_index()
    every = pd.DataFrame({"day": days_between(first, last)})
    table = every.merge(counts, on="day", how="left")
    table["actions"] = table["actions"].fillna(0).astype(int)
    table["action_kind"] = table["action_kind"].fillna("")
    table["in_week"] = table["day"].map(lambda day: ACTION_WEEK[0] <= day <= ACTION_WEEK[1])
    return table


def story_days(actions: pd.DataFrame) -> list[dt.date]:
    """The days on which at least one action started, in order."""
    return sorted({day.date() for day in actions["date"].dropna()})


def headline(actions: pd.DataFrame) -> dict[str, int]:
    """The figures a viewer reads first: actions, countries, organisations, people taking part."""
    organisations = {name.casefold() for cell in actions["organisations"] for name in organisation_names(cell)}
    people = participants(actions)
    return {
        "actions": len(actions),
        "countries": actions.loc[actions["country_code"] != "", "country_code"].nunique(),
        "organisations": len(organisations),
        "participants": people["total"],
        "without_count": people["without_count"],
    }
