"""Daily counts and the days of the story."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from utils.actions.schema import FRAME_KINDS, SIGNATURE_KINDS, organisation_names
from utils.escape import escape_text


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]


def player_days(actions: pd.DataFrame, first: dt.date, last: dt.date, most: int) -> tuple[list[dt.date], int]:
    """The days the timeline and the day player step through, and how many were left out.

    A range of up to 31 days has every day, quiet ones included; a longer one (all dates) the days on which an
    action starts, the newest `most` of them: in a live campaign the newest reports are what a visitor comes for,
    and an action running to 2100 adds one day, not 30,000."""
    if (last - first).days <= 31:
        return days_between(first, last), 0
    starts = actions["date"].dropna().dt.normalize()
    starts = starts[(starts >= pd.Timestamp(first)) & (starts <= pd.Timestamp(last))].unique()  # a million actions, a few hundred days
    days = sorted(pd.Timestamp(day).date() for day in starts)
    return days[-most:], max(0, len(days) - most)


def data_span(actions: pd.DataFrame, fallback: tuple[dt.date, dt.date] | None = None) -> tuple[dt.date, dt.date]:
    """First and last day any action touches: the data's own dates (an uploaded file's are not widened to
    a campaign's action week); `fallback` (the campaign's first week; else today) only when no action has a date."""
    dated = actions[actions["date"].notna()]
    if dated.empty:
        return fallback or (dt.date.today(), dt.date.today())
    return dated["date"].min().date(), dated["date_end"].fillna(dated["date"]).max().date()


def daily_counts(actions: pd.DataFrame, first: dt.date, last: dt.date, weeks: Sequence[tuple[dt.date, dt.date]] = ()) -> pd.DataFrame:
    """Actions per day and kind, for each day from first to last (an action spanning days counts on each).

    Columns: day (date), action_kind, actions, in_week (bool: the day is in one of `weeks`, the campaign's)
    """
    dated = actions[actions["date"].notna() & ~is_frame(actions)]
    start = dated["date"].dt.normalize().clip(lower=pd.Timestamp(first))
    end = dated["date_end"].fillna(dated["date"]).dt.normalize().clip(upper=pd.Timestamp(last))
    # one row per day of each action, for a million actions at once: no loop in Python
    length = ((end - start).dt.days + 1).clip(lower=0).to_numpy(dtype="int64")
    offsets = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    days = np.repeat(start.to_numpy(dtype="datetime64[D]"), length) + offsets.astype("timedelta64[D]")
    spread = pd.DataFrame({"day": days, "action_kind": np.repeat(dated["action_kind"].to_numpy(), length)})
    counts = spread.value_counts().rename("actions").reset_index()
    counts["day"] = pd.to_datetime(counts["day"]).dt.date  # days as dates once counted: a few hundred, not a million
    every = pd.DataFrame({"day": days_between(first, last)})
    table = every.merge(counts, on="day", how="left")
    table["actions"] = table["actions"].fillna(0).astype(int)
    table["action_kind"] = table["action_kind"].fillna("")
    table["in_week"] = table["day"].map(lambda day: any(start <= day <= end for start, end in weeks))
    return table


def is_frame(actions: pd.DataFrame) -> pd.Series:
    """The campaign's frame (an action week, a call to action): shown as a band, never counted as an action."""
    return actions["action_kind"].isin(FRAME_KINDS)


@dataclass(frozen=True)
class Frame:
    name: str  # "Global action week"
    first: dt.date
    last: dt.date


def frames(actions: pd.DataFrame) -> list[Frame]:
    """The calls to action among the actions, with a short name taken from their description."""
    found = []
    for action in actions[is_frame(actions) & actions["date"].notna()].to_dict("records"):
        first = action["date"].date()
        last = action["date_end"].date() if pd.notna(action.get("date_end")) else first
        found.append(Frame(_frame_name(action), first, last))
    return sorted(found, key=lambda frame: frame.first)


def _frame_name(action: dict) -> str:
    description = str(action.get("description") or "")
    head = description.split(":")[0].split(".")[0].strip()
    return head if 0 < len(head) <= 50 else "Call to action"


def headline(actions: pd.DataFrame) -> dict[str, int]:
    """The figures a viewer reads first: actions, countries, organisations, people taking part, signatures.

    Calls to action are not actions; a petition's count is of signatures, not of people taking part.
    """
    actions = actions[["action_kind", "organisations", "country_code", "participants"]]  # a million rows: only what is counted
    actions = actions[~is_frame(actions)]
    organisations = {name.casefold() for cell in actions["organisations"].unique() for name in organisation_names(cell)}
    petitions = actions["action_kind"].isin(SIGNATURE_KINDS)
    counts = actions["participants"]
    in_person = counts[~petitions.to_numpy()]
    codes = actions["country_code"].unique()
    return {
        "actions": len(actions),
        "countries": len([code for code in codes if code]),
        "organisations": len(organisations),
        "participants": int(in_person.sum()),
        "with_count": int(in_person.notna().sum()),
        "without_count": int(in_person.isna().sum()),
        "signatures": int(counts[petitions.to_numpy()].sum()),
        "petitions": int(petitions.sum()),
    }


@dataclass(frozen=True)
class DayBar:
    """One day's column of the timeline: its label and its actions per kind, bottom up."""

    label: str
    parts: tuple[tuple[str, str, int], ...]  # (kind in words, colour, actions)
    faded: bool = False  # another day is chosen


def timeline_html(bars: Sequence[DayBar], bands: Sequence[tuple[str, int, int]], title: str, legend: Sequence[tuple[str, str]]) -> str:
    """The actions per day as stacked bars in plain HTML and CSS (templates/timeline.css): no chart library for a
    phone to fetch and run. `bands` are the campaign's weeks (name, first and last column, from 0), drawn behind
    the bars; `legend` the kinds shown (word, colour). Every word passes through escape_text."""
    most = max((sum(count for _, _, count in bar.parts) for bar in bars), default=0)
    top = max(1, _nice_top(most))
    columns = len(bars)
    wide, narrow = -(-columns // 16), -(-columns // 6)  # a label on every nth column: about 16 fit a screen, 6 a phone
    grid = "".join(f'<div class="sm-tl-line" style="bottom:{value / top * 100:.1f}%"><span>{value}</span></div>' for value in _ticks(top))
    band = "".join(
        f'<div class="sm-tl-band" style="grid-column:{first + 1}/{last + 2}"><span>{escape_text(name)}</span></div>'
        for name, first, last in bands
    )
    days = "".join(_day_html(index, bar, top) for index, bar in enumerate(bars))
    labels = "".join(
        f'<span class="{"sm-tl-minor" if index % narrow else ""}">{escape_text(bar.label)}</span>' if index % wide == 0 else "<span></span>"
        for index, bar in enumerate(bars)
    )
    keys = "".join(f'<span><i style="background:{colour}"></i>{escape_text(word)}</span>' for word, colour in legend)
    return (
        f'<div class="sm-tl" style="--sm-days:{columns}" role="img" aria-label="{escape_text(title)}">'
        f'<div class="sm-tl-title">{escape_text(title)}</div>'
        f'<div class="sm-tl-plot">{grid}{band}{days}</div><div class="sm-tl-labels">{labels}</div>'
        f'<div class="sm-tl-legend">{keys}</div></div>'
    )


def _day_html(index: int, bar: DayBar, top: int) -> str:
    total = sum(count for _, _, count in bar.parts)
    parts = "".join(
        f'<div style="height:{count / top * 100:.2f}%;background:{colour}" title="{escape_text(f"{bar.label} · {word}: {count}")}"></div>'
        for word, colour, count in bar.parts
        if count
    )
    faded = " sm-tl-faded" if bar.faded else ""
    return f'<div class="sm-tl-day{faded}" style="grid-column:{index + 1}" title="{escape_text(f"{bar.label}: {total}")}">{parts}</div>'


def _nice_top(most: int) -> int:
    """The axis' top: the day with most actions, rounded up to 1, 2 or 5 times a power of ten."""
    if most <= 5:
        return most
    scale = 10 ** (len(str(most)) - 1)
    return next(step * scale for step in (1, 2, 3, 4, 5, 6, 8, 10) if step * scale >= most)


def _ticks(top: int) -> list[int]:
    """Up to five round values to draw lines at, from 1, 2 or 5 times a power of ten."""
    step = next(step * 10**power for power in range(12) for step in (1, 2, 5) if top / (step * 10**power) <= 5)
    return list(range(step, top + 1, step))
