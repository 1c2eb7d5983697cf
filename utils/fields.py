"""What an action shows a person, declared once, by name: the popup (drawn in Python and in the
browser), the tooltip, the story's captions and the Data page's table read it from here.

`shown_values(actions)` computes each field's text for many actions at once (no loop per row,
so 100,000 markers stay quick); the browser gets the names with the rows and reads a row by
name, never by position.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from utils.countries import country_name
from utils.escape import source_parts


@dataclass(frozen=True)
class Field:
    name: str  # the key the popup, the caption and the browser read it by
    label: str  # as the popup and the table head it
    column: str = ""  # the schema column the table shows for it, if one
    show: str = "text"  # how a popup shows it: text, kind, place (with its precision), long (folded), link


FIELDS: tuple[Field, ...] = (
    Field("organisations", "Organisations", "organisations"),  # the popup's title
    Field("date", "Date", "date"),
    Field("kind", "Kind", "action_kind", "kind"),
    Field("place", "Place", "", "place"),
    Field("people", "Taking part", "participants"),
    Field("target", "Target", "target"),
    Field("description", "What happened", "description", "long"),
    Field("source", "Source", "source", "link"),
)
FIELD: dict[str, Field] = {field.name: field for field in FIELDS}
TITLE = "organisations"  # the popup's heading; the kind stands in when it is empty
POPUP: tuple[Field, ...] = tuple(field for field in FIELDS if field.name != TITLE)  # below the heading, in order
TABLE_LABELS: dict[str, str] = {field.column: field.label for field in FIELDS if field.column}

PRECISION_WORDS = {
    "exact": "exact position given in the file",
    "venue": "at the venue",
    "city": "somewhere in the city (exact spot unknown)",
    "region": "somewhere in the region (exact spot unknown)",
    "country": "somewhere in the country (exact spot unknown)",
}

# The values a marker row carries, by name: its position and identity, then the fields' values
# (the source split into its link and its title).
MARKER_FIELDS: tuple[str, ...] = (
    "lat",
    "lon",
    "id",
    "kind",
    "precision",
    "date",
    "organisations",
    "place",
    "people",
    "target",
    "description",
    "source_url",
    "source_text",
)


def text_of(actions: pd.DataFrame, name: str) -> pd.Series:
    if name not in actions:
        return pd.Series("", index=actions.index, dtype=object)
    return actions[name].astype(object).where(actions[name].notna(), "").astype(str)


def _dates(actions: pd.DataFrame, name: str) -> pd.Series:
    if name not in actions:
        return pd.Series(pd.NaT, index=actions.index, dtype="datetime64[ns]")
    return pd.to_datetime(actions[name], errors="coerce")


def date_text(actions: pd.DataFrame) -> pd.Series:
    """'Tue 26 Mar 2019', 'Mon 25 Mar 2019 – 31 Mar 2019', 'until 01 Apr 2019' or 'no date'."""
    start, end = _dates(actions, "date"), _dates(actions, "date_end")
    text = start.dt.strftime("%a %d %b %Y")
    spans = start.notna() & end.notna() & (end != start)
    text = text.where(~spans, text + end.dt.strftime(" – %d %b %Y"))
    until = "until " + end.dt.strftime("%d %b %Y")
    return text.where(start.notna(), until.where(end.notna(), "no date")).astype(str)


def place_text(actions: pd.DataFrame) -> pd.Series:
    """Where it is, in words: the place it was put at, else the file's place, city or country."""
    where = text_of(actions, "geo_label")
    for fallback in ("place", "city"):
        where = where.where(where != "", text_of(actions, fallback))
    codes = text_of(actions, "country_code")
    countries = codes.map(lambda code: country_name(code) if code else "").where(codes != "", text_of(actions, "country"))
    return where.where(where != "", countries)


def people_text(actions: pd.DataFrame) -> pd.Series:
    """How many took part, in the source's words when it gave them, else the number."""
    wording = text_of(actions, "participants_text")
    if "participants" in actions:
        numbers = pd.to_numeric(actions["participants"], errors="coerce")
        counted = numbers.map(lambda number: f"{int(number):,}" if pd.notna(number) else "")
    else:
        counted = pd.Series("", index=actions.index, dtype=object)
    return wording.where(wording != "", counted)


def shown_values(actions: pd.DataFrame) -> pd.DataFrame:
    """Every field's text for each action (and the source as its link and its title), one column per name."""
    parts = text_of(actions, "source").map(source_parts)
    kinds = text_of(actions, "action_kind")
    return pd.DataFrame(
        {
            "id": text_of(actions, "id"),
            "organisations": text_of(actions, "organisations"),
            "date": date_text(actions),
            "kind": kinds.where(kinds != "", "other"),
            "place": place_text(actions),
            "precision": text_of(actions, "precision"),
            "people": people_text(actions),
            "target": text_of(actions, "target"),
            "description": text_of(actions, "description"),
            "source_url": parts.map(lambda part: part[1]),
            "source_text": parts.map(lambda part: part[0]),
        },
        index=actions.index,
    )


def browser_spec(styles: list, kinds: list[str]) -> dict:
    """What the browser's marker code needs besides the rows: the kinds' looks, the precisions, the fields by name."""
    return {
        "styles": styles,
        "kinds": kinds,
        "precisions": list(PRECISION_WORDS),
        "words": PRECISION_WORDS,
        "fields": list(MARKER_FIELDS),
        "title": TITLE,
        "popup": [[field.name, field.label, field.show] for field in POPUP],
    }
