"""What an action shows a person, declared once, by name: the card (drawn in the browser by
templates/markers.js, for a marker's popup and the Map page's "Action details" alike), the tooltip, the story's captions and the Data page's table read it from here.

`shown_values(actions)` computes each field's text for many actions at once (no loop per row,
so 100,000 markers stay quick); the browser gets the names with the rows and reads a row by
name, never by position.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from utils.actions.protect import read_protect
from utils.actions.schema import COLUMN_NAMES, KIND, LABELS, SENT_FROM_KINDS, canonical_column, column_label, normalise_name
from utils.escape import source_parts
from utils.i18n import ENGLISH, LANGUAGES, N_, Words, words_in
from utils.places.place import SENT_FROM_LABEL
from utils.places.query import query_of


@dataclass(frozen=True)
class Field:
    name: str  # the key the card, the caption and the browser read it by
    column: str = ""  # the schema column it shows, whose label is its label (the place: the column `place`)
    show: str = "text"  # how a card shows it: text, kind, place (with its precision), long (folded), link, photo

    @property
    def label(self) -> str:
        return LABELS[self.column or self.name]


FIELDS: tuple[Field, ...] = (
    Field("organisations", "organisations"),  # the card's title
    Field("photo", "photo", "photo"),  # its photos, with what they show and who took them (a served one drawn)
    Field("date", "date"),
    Field("kind", "action_kind", "kind"),
    Field("place", "", "place"),  # where it was put, else the file's place, city or country
    Field("people", "participants"),
    Field("target", "target"),
    Field("description", "description", "long"),
    Field("source", "source", "link"),
    Field("protect", "protect"),  # why it is shown coarsely and names nobody (utils/places/protect.py)
)
TITLE = "organisations"  # the card's heading; the kind stands in when it is empty
POPUP: tuple[Field, ...] = tuple(field for field in FIELDS if field.name != TITLE)  # below the heading, in order


def column_heads(words: Words = ENGLISH) -> dict[str, str]:
    """Each column's one label (schema.Column.label) in the chosen language: a card, the Data page's table, the CSV of
    a view, the mapping of a file and the forms all say a column so."""
    return {name: column_label(name, words) for name in LABELS}


PRECISION_WORDS = {
    "exact": N_("exact position given in the file"),
    "venue": N_("at the venue"),
    "city": N_("somewhere in the city (exact spot unknown)"),
    "region": N_("somewhere in the region (exact spot unknown)"),
    "country": N_("somewhere in the country (exact spot unknown)"),
}


def kind_word(name: str, words: Words = ENGLISH) -> str:
    """A kind of action in the chosen language ('protest', '抗議', '항의')."""
    return words.t(name) if name in KIND else name  # a kind's name is its word, marked N_ where KINDS declares it


def reason_word(reason: str, words: Words = ENGLISH) -> str:
    """Why an action is not on the map, in the chosen language (places.NO_PLACE and its like)."""
    return words.t(reason) if reason else ""


def precision_word(precision: str, words: Words = ENGLISH) -> str:
    return words.t(PRECISION_WORDS[precision]) if precision in PRECISION_WORDS else precision


def _travelling(field: Field) -> tuple[str, ...]:
    """The values a field travels as: a link as its link and its title, a photo with what it shows and who took it."""
    if field.show == "link":
        return (f"{field.name}_url", f"{field.name}_text")
    if field.show == "photo":
        return (field.name, f"{field.name}_alt", f"{field.name}_credit")
    return (field.name,)


# The values a row of an action carries for the browser's card and marker, by name: its position and identity, then
# each field's value (a link field as its link and its title), in FIELDS' order: a field declared there travels too.
IDENTITY: tuple[str, ...] = ("lat", "lon", "id", "kind", "kind_own", "precision")
MARKER_FIELDS: tuple[str, ...] = IDENTITY + tuple(name for field in FIELDS if field.show != "kind" for name in _travelling(field))


def text_of(actions: pd.DataFrame, name: str) -> pd.Series:
    if name not in actions:
        return pd.Series("", index=actions.index, dtype=object)
    return actions[name].astype(object).where(actions[name].notna(), "").astype(str)


def _dates(actions: pd.DataFrame, name: str) -> pd.Series:
    if name not in actions:
        return pd.Series(pd.NaT, index=actions.index, dtype="datetime64[ns]")
    return pd.to_datetime(actions[name], errors="coerce")


def date_text(actions: pd.DataFrame, words: Words = ENGLISH) -> pd.Series:
    """'Tue 26 Mar 2019', 'Mon 25 Mar 2019 – 31 Mar 2019', 'until 01 Apr 2019' or 'no date' (in the chosen language)."""
    start, end = _dates(actions, "date"), _dates(actions, "date_end")
    spans = start.notna() & end.notna() & (end != start)
    day = days_written(start, words, "dated")
    last = days_written(end, words, "medium")
    text = day.where(~spans, day + " – " + last)
    until = days_written(end, words, "medium", N_("until {day}"))
    written = text_of(actions, "date_original")  # a date the loader could not read, shown as the file has it
    unread = written.map(lambda cell: words.t("{date} (as written)", date=cell) if cell else words.t("no date"))
    return text.where(start.notna(), until.where(end.notna(), unread)).astype(str)


def days_written(days: pd.Series, words: Words, style: str, message: str = "") -> pd.Series:
    """Each day as `words.date(day, style)` says it ('' where there is none), inside `message` ('until {day}') when
    one is given: each distinct day written once, however many actions share it."""
    distinct = days.dropna().unique()
    said = {day: words.date(day, style) for day in distinct}
    if message:
        said = {day: words.t(message, day=text) for day, text in said.items()}
    return days.map(said).astype(object).fillna("")


def place_text(actions: pd.DataFrame, words: Words = ENGLISH) -> pd.Series:
    """Where it is, in words: the place it was put at, else the file's place, city or country."""
    where = text_of(actions, "geo_label")
    sent = sent_from(actions) & (where != "")  # 'sent from Rome, Italy': our words around the place's name
    if sent.any():
        where = where.where(~sent, where[sent].map(lambda place: words.t(SENT_FROM_LABEL, place=place)))
    for fallback in ("place", "city"):
        where = where.where(where != "", text_of(actions, fallback))
    codes = text_of(actions, "country_code")
    names = {code: words.country(code) for code in codes.unique() if code}
    countries = codes.map(lambda code: names.get(code, "")).where(codes != "", text_of(actions, "country"))
    return where.where(where != "", countries)


def sent_from(actions: pd.DataFrame) -> pd.Series:
    """Which actions are placed where their text says they were sent from ('Letter dated Rome'), read from their
    cells as the geocoder reads them (query_of): a letter or a petition with no place of its own."""
    kinds = text_of(actions, "action_kind").isin(SENT_FROM_KINDS)
    for name in ("place", "city", "region", "country"):  # a letter with a place of its own was done there
        kinds &= text_of(actions, name) == ""
    found = pd.Series(False, index=actions.index)
    if kinds.any():
        candidates = actions[kinds]
        # the file's own cells: country_code is the loader's reading of `country`, or the geocoder's answer once placed
        found[kinds] = [query_of({**action, "country_code": ""}).sent_from for action in candidates.to_dict("records")]
    return found


PROTECTED_WORDS = {
    ("city", False): N_("Shown no finer than its city, its names withheld, for the safety of those taking part."),
    ("city", True): N_("Shown no finer than its city, for the safety of those taking part."),
    ("country", False): N_("Shown no finer than its country, its names withheld, for the safety of those taking part."),
    ("country", True): N_("Shown no finer than its country, for the safety of those taking part."),
}


def protect_text(actions: pd.DataFrame, words: Words = ENGLISH) -> pd.Series:
    """Why a protected action is shown coarsely and names nobody, in the chosen language; '' for any other."""
    cells = text_of(actions, "protect")
    said = {}
    for cell in cells.unique():
        protection = read_protect(cell)[0]
        said[cell] = words.t(PROTECTED_WORDS[(protection.level, protection.named)]) if protection.level else ""
    return cells.map(said).astype(object)


def people_text(actions: pd.DataFrame, words: Words = ENGLISH) -> pd.Series:
    """How many took part, in the source's words when it gave them, else the number."""
    wording = text_of(actions, "participants_text")
    if "participants" in actions:
        numbers = pd.to_numeric(actions["participants"], errors="coerce")
        counted = numbers.map(lambda number: words.number(int(number)) if pd.notna(number) else "")
    else:
        counted = pd.Series("", index=actions.index, dtype=object)
    return wording.where(wording != "", counted)


def shown_values(actions: pd.DataFrame, words: Words = ENGLISH) -> pd.DataFrame:
    """Every field's text for each action (a link field as its link and its title), one column per name, in the
    chosen language where it is ours (dates, countries, numbers); `kind` is the schema's name, `kind_word` its words.
    A field FIELDS declares with no way of its own here shows its column's text as the file has it."""
    kinds = text_of(actions, "action_kind")
    values = {
        "id": text_of(actions, "id"),
        "date": date_text(actions, words),
        "kind": kinds.where(kinds != "", "other"),
        "kind_word": kinds.where(kinds != "", "other").map(lambda name: kind_word(name, words)),
        "kind_own": text_of(actions, "action_kind_original"),  # the file's own word for it ('Kundgebung')
        "place": place_text(actions, words),
        "precision": text_of(actions, "precision"),
        "people": people_text(actions, words),
        "protect": protect_text(actions, words),
    }
    for field in FIELDS:
        if field.show == "link":
            parts = text_of(actions, field.column).map(source_parts)
            values[f"{field.name}_url"] = parts.map(lambda part: part[1])
            values[f"{field.name}_text"] = parts.map(lambda part: part[0])
        elif field.show == "photo":
            for name in _travelling(field):
                values[name] = text_of(actions, name.replace(field.name, field.column, 1))
            if "photo_shown" in actions:  # what the app can draw (its own copies); else the cell says a photo exists
                shown = text_of(actions, "photo_shown")
                values[field.name] = shown.where(shown != "", values[field.name])
        elif field.name not in values:
            values[field.name] = text_of(actions, field.column or field.name)
    return pd.DataFrame(values, index=actions.index)


def browser_spec(styles: list, kinds: list[str], words: Words = ENGLISH, photos: str = "", remote: bool = False) -> dict:
    """What the browser's marker code needs besides the rows: the kinds' looks and words, the precisions, the fields
    by name, and the few words it writes itself, all in the chosen language."""
    return {
        "styles": styles,
        "kinds": [kind_word(kind, words) for kind in kinds],
        "precisions": list(PRECISION_WORDS),
        "words": {precision: precision_word(precision, words) for precision in PRECISION_WORDS},
        "fields": list(MARKER_FIELDS),
        "title": TITLE,
        "popup": [[field.name, words.t(field.label), field.show] for field in POPUP],
        "photos": photos,  # where the app serves published photos ('/app/static/'): '' shows none, only says one exists
        "remote": remote,  # the operator lets a card draw another site's photo (SOLIDARITY_MAP_REMOTE_IMAGES)
        "say": {
            "more": words.t("more"),
            "unknown": words.t("place unknown"),
            "why": column_heads(words)["unplaced_reason"],
            "photo_elsewhere": words.t("a photo exists, not shown here"),
            "photo_by": words.t("Photo: {who}"),
        },
    }


def column_named(header: str) -> str | None:
    """The schema column a file's header names (its name, an alias), or its head in any language of the site: a CSV
    of a view downloaded in 繁體中文 reads back. None for a column we do not know."""
    return canonical_column(header) or _translated_heads().get(normalise_name(header))


@functools.lru_cache(maxsize=1)
def _translated_heads() -> dict[str, str]:
    heads: dict[str, str] = {}
    for language in LANGUAGES:
        for name, head in column_heads(words_in(language.code)).items():
            if name in COLUMN_NAMES:  # a file's own columns only: a 'row' or 'precision' of its own is kept beside ours
                heads.setdefault(normalise_name(head), name)
    return heads
