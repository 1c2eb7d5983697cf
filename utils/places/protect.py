"""A protected action placed no finer than its protection allows (utils/actions/protect.py reads the cell): at its
city, or its country, whatever its row gave (a venue, an embassy, its own coordinates); its venue and target not
said, its photos left out, and unless the row says `named`, its organisations, people, description and source withheld.

Applied where every action is placed (geocode.geocode_actions), so the map, the tables, every download, the story
file and the static site all carry the coarse place: none of them ever holds the fine one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from utils.actions.protect import read_protect
from utils.places.place import WITHHELD, Place, Unplaced

FINER = {"city": ("exact", "venue"), "country": ("exact", "venue", "city", "region")}  # what each level may not show
PHOTO = ("photo", "photo_alt", "photo_credit")  # a photo can show a face or a street: a protected action shows none
WHERE = {"city": ("place", "target", *PHOTO), "country": ("place", "target", "city", "region", *PHOTO)}  # cells saying too much
NAMES = ("organisations", "participants_text", "description", "source")  # cells that can name people
WITHHELD_NOTE = {
    "city": "shown no finer than its city, for the safety of those taking part",
    "country": "shown no finer than its country, for the safety of those taking part",
}


def protect_placed(placed: pd.DataFrame, locate: Callable[[Mapping[str, object]], Place | Unplaced]) -> pd.DataFrame:
    """The placed actions with every protected one made coarse: `locate` (the geocoder's) finds its city or country
    from its own cells, the venue and its words left out."""
    if "protect" not in placed or not placed["protect"].astype(str).str.strip().ne("").any():
        return placed
    placed = placed.copy()
    cells = placed["protect"].astype(str)
    protections = {cell: read_protect(cell)[0] for cell in cells.unique()}
    level = cells.map(lambda cell: protections[cell].level)
    named = cells.map(lambda cell: protections[cell].named)
    protected = level != ""
    for name in WHERE["country"]:
        if name in placed:
            placed.loc[level.isin([lv for lv, cells in WHERE.items() if name in cells]), name] = ""
    unnamed = protected & ~named
    for name in NAMES:
        if name in placed:
            placed.loc[unnamed, name] = ""
    precision = placed["precision"].astype(str) if "precision" in placed else pd.Series("", index=placed.index)
    too_fine = protected & pd.Series([p in FINER.get(lv, ()) for p, lv in zip(precision, level, strict=True)], index=placed.index)
    answers: dict[tuple, Place | Unplaced] = {}
    for index in placed.index[too_fine]:
        row = placed.loc[index]
        asked = _coarse_query(row, level[index])
        key = tuple(sorted(asked.items()))
        if key not in answers:
            answers[key] = locate(asked)
        _place(placed, index, answers[key], level[index])
    return placed


def _coarse_query(row: pd.Series, level: str) -> dict[str, str]:
    """What to ask for a protected row: its city, region and country cells (or the country alone); no venue, no
    target, no description, so that no embassy is found, and no coordinates of its own."""
    country = {"country": str(row.get("country") or ""), "country_code": str(row.get("country_code") or "")}
    if level == "city" and str(row.get("city") or "").strip():
        return {"city": str(row.get("city")), "region": str(row.get("region") or ""), **country}
    return country


def _place(placed: pd.DataFrame, index, answer: Place | Unplaced, level: str) -> None:
    if isinstance(answer, Place) and answer.precision not in FINER[level]:
        values = {
            "lat": answer.lat,
            "lon": answer.lon,
            "precision": answer.precision,
            "geo_source": answer.source,
            "geo_label": answer.label,
            "geo_note": WITHHELD_NOTE[level],
            "geo_origin": "",
            "geo_doubt": answer.doubt,
            "unplaced_reason": "",
        }
    else:  # no city or country to show it at: off the map, listed with why
        values = {
            "lat": float("nan"),
            "lon": float("nan"),
            "precision": "",
            "geo_source": "",
            "geo_label": "",
            "geo_note": WITHHELD_NOTE[level],
            "geo_origin": "",
            "geo_doubt": "",
            "unplaced_reason": WITHHELD,
        }
    for name, value in values.items():
        if name in placed:
            placed.at[index, name] = value
