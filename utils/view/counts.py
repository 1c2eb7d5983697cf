"""Counts of a view for an analyst: per day, country, kind and organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from utils.actions.schema import organisation_names
from utils.i18n import ENGLISH, N_, Words
from utils.view.fields import kind_word

NO_COUNTRY = N_("(no country)")
NO_ORGANISATION = N_("(none named)")

WHEN = (N_("action week"), N_("outside the week"), N_("dated"), N_("no date"))  # what per_day's 'when' says, in the charts' order


@dataclass(frozen=True)
class Counts:
    """The one definition of a view's counts, said alike by the Map, the Data page, the Presentation, the static site
    and the story file. A call to action (the campaign's week) frames the actions: it is never counted as one."""

    actions: int  # the view's actions: dated in its days, and those with no date
    on_map: int  # of them, with a place on the map
    not_on_map: int  # of them, with no place (each listed with why)
    dated: int  # of them, with a date in the view's days: the timeline's
    undated: int  # of them, with no date: not on the timeline, still counted
    outside: int  # matching the filters, dated outside the view's days: not counted, said
    frames: int  # calls to action in the view: a band, not an action


def per_day(actions: pd.DataFrame, weeks: Sequence[tuple[dt.date, dt.date]] = (), words: Words = ENGLISH) -> pd.DataFrame:
    """Actions starting each day, with whether the day is inside one of the campaign's `weeks`; undated ones as one row.
    A file with no week of action has its days 'dated', not 'outside the week'. Labels in the chosen language."""
    per_date = actions["date"].dt.normalize().value_counts(dropna=False)  # counted first: a million actions, a few hundred days
    table = pd.DataFrame({"day": [None if pd.isna(day) else day.date() for day in per_date.index], "actions": per_date.to_numpy()})
    table = table.groupby("day", dropna=False, sort=False)["actions"].sum().reset_index()
    table["in_week"] = table["day"].map(lambda day: bool(pd.notna(day) and any(start <= day <= end for start, end in weeks)))
    no_date, in_week = words.t(WHEN[3]), words.t(WHEN[0])
    table["label"] = table["day"].map(lambda day: no_date if pd.isna(day) else words.date(day, "medium"))
    outside = words.t(WHEN[1]) if weeks else words.t(WHEN[2])
    table["when"] = table.apply(lambda row: no_date if pd.isna(row["day"]) else (in_week if row["in_week"] else outside), axis=1)
    order = table["day"].map(lambda day: (pd.isna(day), day if pd.notna(day) else None))
    return (
        table.assign(_order=order.map(lambda key: (key[0], str(key[1]))))
        .sort_values("_order")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def per_country(actions: pd.DataFrame, words: Words = ENGLISH) -> pd.DataFrame:
    codes = actions["country_code"].value_counts()  # each code named once, not once per action
    names = pd.Series(codes.to_numpy(), index=[words.country(code) if code else words.t(NO_COUNTRY) for code in codes.index])
    return _ranked(names.groupby(level=0).sum(), "country")


def per_kind(actions: pd.DataFrame, words: Words = ENGLISH) -> pd.DataFrame:
    """Actions per kind: `kind` the schema's name (the chart's colour), `said` its words in the chosen language."""
    table = actions["action_kind"].value_counts().rename_axis("kind").rename("actions").reset_index()
    table["said"] = table["kind"].map(lambda kind: kind_word(kind, words))
    return table


def per_organisation(actions: pd.DataFrame, words: Words = ENGLISH) -> pd.DataFrame:
    """Actions per organisation named; an action naming two counts for each. Each distinct cell is split once."""
    cells = actions["organisations"].value_counts()
    names = pd.Series([sorted(set(organisation_names(cell))) or [words.t(NO_ORGANISATION)] for cell in cells.index])
    spread = pd.DataFrame({"name": names, "actions": cells.to_numpy()}).explode("name")
    return _ranked(spread.groupby("name")["actions"].sum(), "organisation")


def _ranked(totals: pd.Series, label: str) -> pd.DataFrame:
    """Most actions first; equal counts in alphabetical order, so that a chart never reorders between runs."""
    table = totals.rename_axis(label).rename("actions").reset_index()
    return table.sort_values(["actions", label], ascending=[False, True], kind="stable").reset_index(drop=True)


def top(table: pd.DataFrame, most: int) -> tuple[pd.DataFrame, int]:
    """A ranked table's first `most` rows, and how many rows were left out."""
    return table.head(most), max(0, len(table) - most)


def participants(actions: pd.DataFrame) -> dict[str, int]:
    known = actions["participants"].dropna()
    return {"total": int(known.sum()), "with_count": len(known), "without_count": int(actions["participants"].isna().sum())}
