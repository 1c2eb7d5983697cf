"""Counts of a view for an analyst: per day, country, kind and organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from utils.countries import country_name
from utils.schema import organisation_names

NO_COUNTRY = "(no country)"


WHEN = ("action week", "outside the week", "dated", "no date")  # what per_day's 'when' says, in the charts' order


def per_day(actions: pd.DataFrame, weeks: Sequence[tuple[dt.date, dt.date]] = ()) -> pd.DataFrame:
    """Actions starting each day, with whether the day is inside one of the campaign's `weeks`; undated ones as one row.
    A file with no week of action has its days 'dated', not 'outside the week'."""
    days = actions["date"].dt.date
    table = days.value_counts(dropna=False).rename("actions").reset_index().rename(columns={"date": "day"})
    table["in_week"] = table["day"].map(lambda day: bool(pd.notna(day) and any(start <= day <= end for start, end in weeks)))
    table["label"] = table["day"].map(lambda day: "no date" if pd.isna(day) else f"{day:%d %b %Y}")
    outside = "outside the week" if weeks else "dated"
    table["when"] = table.apply(lambda row: "no date" if pd.isna(row["day"]) else ("action week" if row["in_week"] else outside), axis=1)
    order = table["day"].map(lambda day: (pd.isna(day), day if pd.notna(day) else None))
    return (
        table.assign(_order=order.map(lambda key: (key[0], str(key[1]))))
        .sort_values("_order")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def per_country(actions: pd.DataFrame) -> pd.DataFrame:
    names = actions["country_code"].map(lambda code: country_name(code) if code else NO_COUNTRY)
    return names.value_counts().rename_axis("country").rename("actions").reset_index()


def per_kind(actions: pd.DataFrame) -> pd.DataFrame:
    return actions["action_kind"].value_counts().rename_axis("kind").rename("actions").reset_index()


def per_organisation(actions: pd.DataFrame) -> pd.DataFrame:
    names = actions["organisations"].map(lambda cell: sorted(set(organisation_names(cell))) or ["(none named)"])
    return names.explode().value_counts().rename_axis("organisation").rename("actions").reset_index()


def participants(actions: pd.DataFrame) -> dict[str, int]:
    known = actions["participants"].dropna()
    return {"total": int(known.sum()), "with_count": len(known), "without_count": int(actions["participants"].isna().sum())}
