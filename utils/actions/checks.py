"""What the loader checks in a file's rows, a chunk of rows at a time, column by column.

Each distinct date, coordinate, kind, count and country of a column is read once and the answer spread over
the column (pandas), so a million rows are checked in seconds and never live as a dict per row. The messages
are those a row read alone would get, in the same order: `Problem(row=7, column="date", ...)`. A row with an
error is rejected with its cells as the file has them; every other row becomes an action.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from utils.actions import schema
from utils.actions.dates import DateOrder, parse_date
from utils.actions.protect import read_protect
from utils.escape import FORMULA_START
from utils.i18n import ENGLISH, Said, Words
from utils.places.countries import country_code

ERROR, WARNING = "error", "warning"
MAX_COUNT = 10_000_000_000  # more people than live on Earth: a typo or an attack, never a count
DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Problem:
    """A problem with one cell, one row or the whole file (row and column None)."""

    row: int | None
    column: str | None
    value: str
    message: str
    severity: str = ERROR
    unit: str = "row"  # what the file's records are: rows, or a GeoJSON's features, a KML's placemarks (numbered from 1)
    dropped: bool = False  # the row is kept but this value is not (an unread date): a form asks for it again instead

    def __str__(self) -> str:
        return self.said()

    @property
    def number(self) -> int | None:
        """The record's number as the file's reader counts it: a sheet's row, or the feature's or placemark's."""
        return None if self.row is None else self.row - 1 if self.unit in ("feature", "placemark") else self.row

    def said(self, words: Words = ENGLISH) -> str:
        """'row 7, column 'date': '31/02/2019' is not a real day (…)', in the chosen language."""
        where = []
        if self.row is not None and self.unit == "feature":
            where.append(words.t("feature {number}", number=str(self.number)))
        elif self.row is not None and self.unit == "placemark":
            where.append(words.t("placemark {number}", number=str(self.number)))
        elif self.row is not None:
            where.append(words.t("row {row}", row=str(self.row)))
        if self.column:
            where.append(words.t("column {column}", column=repr(self.column)))
        prefix = ", ".join(where) or words.t("file")
        tag = "" if self.severity == ERROR else words.t(" (kept)")
        return f"{prefix}{tag}: {words.say(self.message)}"


# --- one cell --------------------------------------------------------------

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def parse_number(text: str) -> float | None:
    """'37.56', '37,56' (decimal comma), '-8.61' -> float; None when not a plain decimal number.

    Stricter than Python's float(): '1_0', '1e3', 'nan' and 'infinity' are not numbers here.
    """
    value = text.strip().replace("\u2212", "-")
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    if not _DECIMAL.fullmatch(value):
        return None
    return float(value)


@dataclass(frozen=True)
class CountReading:
    count: int | None
    plain: bool  # the text was a plain number: nothing more to keep
    problem: str = ""  # why the text gave no count, when it looked like one


def read_count(text: str) -> CountReading:
    """'1,200' -> 1200 (plain); 'about 30' -> 30; '200.0' -> 200; '-5', 'many' or 10**30 -> no count, with why."""
    value = text.strip().replace("\u2212", "-")
    if re.fullmatch(r"-\s*[\d.,\s]*\d[\d.,\s]*", value):
        return CountReading(
            None, False, Said("{value} is negative, and a count of people cannot be; kept as the wording", value=repr(value[:40]))
        )
    plain = re.fullmatch(r"\d{1,3}(?:[,. \u00a0]\d{3})+|\d+(?:\.0{1,2})?", value)
    digits = [re.sub(r"\.0{1,2}$", "", value)] if plain else re.findall(r"\d{1,3}(?:[,.]\d{3})+|\d+", value)
    if len(digits) != 1:
        return CountReading(None, False, "")
    number = re.sub(r"\D", "", digits[0])
    if len(number) > len(str(MAX_COUNT)) or int(number) > MAX_COUNT:
        shown = value if len(value) <= 40 else value[:20] + f"… ({len(value)} characters)"
        return CountReading(None, False, Said("{value} is more people than live on Earth; kept as the wording", value=repr(shown)))
    return CountReading(int(number), bool(plain))


def unguarded_cell(cell: str) -> str:
    """unguarded, for one cell: "'=A1" is the text '=A1'."""
    return cell[1:] if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_START else cell


def unguarded(cells: pd.Series) -> pd.Series:
    """A cell a spreadsheet (or our own export) guarded with an apostrophe, "'=A1", is the text '=A1', as the
    spreadsheet itself shows it: so a file we wrote reads back to the same values."""
    guarded = cells.str.startswith("'") & cells.str[1:2].isin(FORMULA_START) & (cells.str.len() > 1)
    return cells.where(~guarded, cells.str[1:])


_FORMULA = r"^(?:[=@\t\r]|[+\-]\s*[A-Za-z(])"  # escape.looks_like_formula, for a whole column at once


# --- a chunk of rows ---------------------------------------------------------

# the order in which a row's problems are told, as the checks run for one row
_FORMULA_AT, _DATE_AT, _SPAN_AT, _COORDINATES_AT, _KIND_AT, _COUNT_AT, _PROTECT_AT, _COUNTRY_AT, _ID_AT, _OVERFLOW_AT, _WIDTH_AT = range(11)


@dataclass
class Ids:
    """Every id the file has used so far, as 64-bit hashes sorted, with the row that used each first."""

    hashes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype="uint64"))
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype="int64"))

    def first_rows(self, hashes: np.ndarray) -> np.ndarray:
        """The row that used each hash first, or 0."""
        if not len(self.hashes):
            return np.zeros(len(hashes), dtype="int64")
        at = np.minimum(np.searchsorted(self.hashes, hashes), len(self.hashes) - 1)
        return np.where(self.hashes[at] == hashes, self.rows[at], 0)

    def add(self, hashes: np.ndarray, rows: np.ndarray) -> None:
        joined = np.concatenate([self.hashes, hashes])
        order = np.argsort(joined, kind="stable")  # two sorted runs and one more: merged in linear time
        self.hashes, self.rows = joined[order], np.concatenate([self.rows, rows])[order]


@dataclass
class Checked:
    """A chunk's rows: the accepted ones as actions, the rejected ones with their cells and reasons."""

    actions: pd.DataFrame
    rejected: list[dict[str, object]]
    problems: list[Problem]


class Told:
    """A chunk's problems, each with its place among its row's: sorted, they read as a row read alone gets them."""

    def __init__(self, rows: np.ndarray):
        self.rows = rows
        self.items: list[tuple[int, int, int, Problem]] = []

    def row(self, index: int) -> int:
        return int(self.rows[index])

    def add(self, index: int, order: int, problem: Problem, position: int = 0) -> None:
        self.items.append((self.row(index), order, position, problem))

    def each(self, where: np.ndarray | pd.Series, order: int, make, position: int = 0) -> None:
        """`make(index)` for each row where `where` holds."""
        for index in np.flatnonzero(np.asarray(where, dtype=bool)):
            self.add(int(index), order, make(int(index)), position)

    def problems(self) -> list[Problem]:
        return [problem for *_, problem in sorted(self.items, key=lambda item: item[:3])]


def check_chunk(
    records: list[list[str]],
    first_row: int,
    positions: dict[int, str],
    width: int,
    orders: dict[str, DateOrder],
    ids: Ids,
    standard: Callable[[], bool] = lambda: False,
    kinds: Mapping[str, str] | None = None,
) -> Checked:
    """`records` (the file's rows from row `first_row`), each cell read as the column at its position says.

    `standard()` says whether the whole file is standard CSV (every quoted cell closed, a quote inside one doubled):
    asked only when a cell spans lines as a runaway quote would, since in a standard file such a cell is text.
    `kinds` maps a file's own words for its actions to kinds ({"chahut": "protest"})."""
    kinds = kinds or {}
    rows = np.arange(first_row, first_row + len(records), dtype="int64")
    told = Told(rows)
    cells = _cells_of(records, positions)
    overflow = [record[width:] for record in records]
    skipped = _skipped(cells, overflow, width, told, standard)
    _formulas(cells, skipped, told)
    actions = _actions(cells, orders, skipped, ids, told, kinds)
    _overflowing(actions, overflow, width, skipped, told)
    given = np.array([len(record) for record in records], dtype="int64")
    told.each(
        (given > 0) & (given < width) & ~skipped,
        _WIDTH_AT,
        lambda i: Problem(
            told.row(i),
            None,
            "",
            Said("the row has {given} values but the header has {width}; the missing ones are read as empty", given=given[i], width=width),
            WARNING,
        ),
    )
    return _split(actions, cells, rows, told.problems())


def _cells_of(records: list[list[str]], positions: dict[int, str]) -> pd.DataFrame:
    """The records' cells by the column each position feeds, a missing cell empty, a guarded one unguarded."""
    cells = pd.DataFrame(
        {
            name: pd.Series([record[index] if index < len(record) else "" for record in records], dtype=object)
            for index, name in positions.items()
        }
    )
    for name in cells.columns:
        cells[name] = unguarded(cells[name].astype(str))
    return cells


def _skipped(cells: pd.DataFrame, overflow: list[list[str]], width: int, told: Told, standard: Callable[[], bool]) -> np.ndarray:
    """Rows read no further: empty ones, and those whose quote mark swallowed the lines after them."""
    blank_overflow = np.array([not any(value.strip() for value in extra) for extra in overflow], dtype=bool)
    blank = cells.apply(lambda column: column.str.strip() == "").all(axis=1).to_numpy() if len(cells.columns) else np.ones(len(cells), bool)
    empty = blank & blank_overflow
    told.each(empty, 0, lambda i: Problem(told.row(i), None, "", Said("the row is empty")))
    runaway = _runaway_quotes(cells, width, ~empty)
    if runaway.notna().any() and standard():
        runaway[:] = None
    for index in np.flatnonzero(runaway.notna().to_numpy()):
        name, message = runaway.iloc[index]
        told.add(int(index), 0, Problem(told.row(index), name, cells.at[index, name][:200], message))
    return empty | runaway.notna().to_numpy()


def _formulas(cells: pd.DataFrame, skipped: np.ndarray, told: Told) -> None:
    """A warning for each cell a spreadsheet would run, in the file's column order; kept as plain text."""
    schema_columns = [name for name in cells.columns if name in schema.BY_NAME]
    for position, name in enumerate(schema_columns):
        column = cells[name]
        formula = column.str[:1].isin(FORMULA_START).to_numpy() & ~skipped  # the regex only for cells that may be formulas
        if formula.any():
            formula[formula] = column[formula].str.contains(_FORMULA, regex=True).to_numpy(dtype=bool)
        told.each(
            formula,
            _FORMULA_AT,
            lambda i, n=name: Problem(
                told.row(i),
                n,
                cells.at[i, n],
                Said("{value} looks like a spreadsheet formula; kept as plain text", value=repr(cells.at[i, n][:40])),
                WARNING,
            ),
            position,
        )


def _actions(
    cells: pd.DataFrame, orders: dict[str, DateOrder], skipped: np.ndarray, ids: Ids, told: Told, kinds: Mapping[str, str]
) -> pd.DataFrame:
    """Each row as an action, column by column, its problems told as they are found."""
    rows = told.rows
    actions = pd.DataFrame(index=cells.index)
    for name in schema.columns_of_kind("text", schema.COLUMN_NAMES):
        actions[name] = cells[name].str.strip() if name in cells else ""
    ends = None
    for position, name in enumerate(schema.columns_of_kind("date", schema.COLUMN_NAMES)):
        actions[name], unread, span_ends = _dates(cells, name, orders.get(name, DateOrder()), skipped, told, position)
        if name == "date":
            ends = span_ends
            if unread.any():  # the action stays, undated, with its cell as written
                actions["date_original"] = cells[name].str.strip().where(unread, "")
    if ends is not None:  # '25–31 March 2019' in the date column: the last day, unless the file gives one
        actions["date_end"] = actions["date_end"].where(actions["date_end"].notna(), ends)
    backwards = actions["date"].notna() & actions["date_end"].notna() & (actions["date_end"] < actions["date"]) & ~skipped
    told.each(
        backwards,
        _SPAN_AT,
        lambda i: Problem(
            told.row(i),
            "date_end",
            cells.at[i, "date_end"],
            Said(
                "ends ({end}) before it starts ({start}); the end is left out",
                end=actions.at[i, "date_end"].date(),
                start=actions.at[i, "date"].date(),
            ),
            WARNING,
            dropped=True,
        ),
    )
    actions["date_end"] = actions["date_end"].where(~backwards)
    actions["lat"], actions["lon"] = _coordinates(cells, skipped, told)
    actions["action_kind"], original = _kinds(cells, skipped, told, kinds)
    if original.ne("").any():
        actions["action_kind_original"] = original
    actions["participants"], actions["participants_text"] = _counts(cells, skipped, told)
    actions["protect"] = _protections(cells, skipped, told)
    actions[schema.COUNTRY_CODE_COLUMN] = _countries(actions["country"], skipped, told)
    actions["id"] = _identify(cells, skipped, ids, told)
    actions[schema.ROW_COLUMN] = rows
    for name in [name for name in cells.columns if name not in schema.BY_NAME]:  # the file's own columns, as written
        actions[name] = cells[name]
    return actions


def _overflowing(actions: pd.DataFrame, overflow: list[list[str]], width: int, skipped: np.ndarray, told: Told) -> None:
    """Values beyond the header's width, kept in 'extra_values' and said."""
    extra = np.array([" | ".join(values) for values in overflow], dtype=object)
    has_extra = np.array([any(value.strip() for value in values) for values in overflow], dtype=bool) & ~skipped
    if not has_extra.any():
        return
    actions["extra_values"] = np.where(has_extra, extra, "")
    told.each(
        has_extra,
        _OVERFLOW_AT,
        lambda i: Problem(
            told.row(i),
            None,
            extra[i],
            Said(
                "the row has {given} values but the header has {width}; the extra values are kept in column 'extra_values'",
                given=width + len(overflow[i]),
                width=width,
            ),
            WARNING,
        ),
    )


def _split(actions: pd.DataFrame, cells: pd.DataFrame, rows: np.ndarray, problems: list[Problem]) -> Checked:
    """A row with an error is rejected, with its cells as the file has them and every error's message."""
    errors: dict[int, list[str]] = {}
    for problem in problems:
        if problem.severity == ERROR:
            errors.setdefault(problem.row, []).append(problem.message)
    rejected_at = np.isin(rows, list(errors))
    rejected = [
        {schema.ROW_COLUMN: int(rows[i]), "reason": "; ".join(errors[int(rows[i])]), **cells.iloc[i].to_dict()}
        for i in np.flatnonzero(rejected_at)
    ]
    return Checked(actions[~rejected_at].reset_index(drop=True), rejected, problems)


def _runaway_quotes(cells: pd.DataFrame, width: int, considered: np.ndarray) -> pd.Series:
    """Per row, (column, message) when a cell swallowed whole lines of the file because a quote mark was never closed."""
    found = pd.Series([None] * len(cells), dtype=object)
    for name in cells.columns:
        multiline = cells[name].str.contains("\n", regex=False) | cells[name].str.contains("\r", regex=False)
        for index in np.flatnonzero(multiline.to_numpy() & considered & found.isna().to_numpy()):
            value = cells.at[index, name]
            swallowed = [line for line in value.splitlines()[1:] if max(line.count(d) for d in DELIMITERS) >= max(2, width // 2)]
            if swallowed:
                found.iloc[index] = (
                    name,
                    Said(
                        "a quote mark opened in this cell is never closed, so {lines} following line(s) of the file "
                        "were read into it (starting {start}); close the quote and load again",
                        lines=len(swallowed),
                        start=repr(swallowed[0][:40]),
                    ),
                )
    return found


class Distinct:
    """A column's distinct cells, each read once: `each(read)` spreads the answers back over the column's rows."""

    def __init__(self, column: pd.Series):
        self.codes, self.values = pd.factorize(column, use_na_sentinel=False)

    def each(self, read) -> np.ndarray:
        answers = np.empty(len(self.values), dtype=object)
        answers[:] = [read(value) for value in self.values]
        return answers[self.codes]


_date = functools.lru_cache(maxsize=100_000)(parse_date)  # a file repeats its dates on many rows: read once per process
_count = functools.lru_cache(maxsize=100_000)(read_count)


def _dates(cells, name, order: DateOrder, skipped, told: Told, position) -> tuple[pd.Series, np.ndarray, pd.Series]:
    """The column's days; which rows' cells could not be read (kept undated, said); the last days of spans."""
    if name not in cells:
        nothing = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[s]")
        return nothing, np.zeros(len(cells), dtype=bool), nothing
    distinct = Distinct(cells[name])
    readings = distinct.each(lambda text: _date(text, order.month_first, order.year))
    flagged = np.array([bool(reading.error or reading.note) for reading in readings], dtype=bool)
    for index in np.flatnonzero(flagged & ~skipped):
        reading, text = readings[index], cells.at[index, name]
        message = Said("{reason}; left undated", reason=reading.error) if reading.error else reading.note
        told.add(int(index), _DATE_AT, Problem(told.row(index), name, text, message, WARNING, dropped=bool(reading.error)), position)
    unread = np.array([reading.error is not None for reading in readings], dtype=bool) & ~skipped

    def days_of(values) -> pd.Series:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object), errors="coerce"), index=cells.index).astype("datetime64[s]")

    return days_of([reading.day for reading in readings]), unread, days_of([reading.end for reading in readings])


def _coordinates(cells, skipped, told: Told) -> tuple[pd.Series, pd.Series]:
    numbers = {}
    for position, (name, limit) in enumerate((("lat", 90), ("lon", 180))):
        text = cells[name].str.strip() if name in cells else pd.Series("", index=cells.index)
        number = _numbers(text)
        wrong = (text != "") & number.isna() & ~skipped
        for index in np.flatnonzero(wrong.to_numpy()):
            value = text.iat[index]
            message = Said(
                "{value} is not a number (expected degrees, such as 37.57); ignored, the place is geocoded instead", value=repr(value)
            )
            told.add(int(index), _COORDINATES_AT, Problem(told.row(index), name, value, message, WARNING), position * 2)
        out_of_range = number.abs() > limit
        for index in np.flatnonzero((out_of_range & ~skipped).to_numpy()):
            message = Said(
                "{value} is out of range (-{limit} to {limit}); ignored, the place is geocoded instead",
                value=number.iat[index],
                limit=limit,
            )
            told.add(int(index), _COORDINATES_AT, Problem(told.row(index), name, text.iat[index], message, WARNING), position * 2)
        numbers[name] = (number.where(~out_of_range), text)
    (lat, lat_text), (lon, lon_text) = numbers["lat"], numbers["lon"]
    alone = lat.isna() != lon.isna()
    given_both = (lat_text != "") & (lon_text != "")
    lonely = alone & ~given_both
    for index in np.flatnonzero((lonely & ~skipped).to_numpy()):
        given = "lat" if pd.notna(lat.iat[index]) else "lon"
        value = cells.at[index, given] if given in cells else ""
        message = Said("lat and lon must be given together; ignored")
        told.add(int(index), _COORDINATES_AT, Problem(told.row(index), given, value, message, WARNING), 5)
    return lat.where(~lonely), lon.where(~lonely)


def _numbers(text: pd.Series) -> pd.Series:
    """parse_number of each cell: plain decimals ('37.57', '-8.6') at once, the rest ('37,57', '−8.6') one by one."""
    plain = text.str.fullmatch(_DECIMAL.pattern).to_numpy(dtype=bool)
    number = pd.Series(np.nan, index=text.index, dtype="float64")
    number[plain] = text[plain].astype("float64").to_numpy()
    rest = ~plain & (text != "").to_numpy()
    if rest.any():
        number[rest] = pd.Series(Distinct(text[rest]).each(parse_number), dtype="float64").to_numpy()
    return number


def _kinds(cells, skipped, told: Told, chosen: Mapping[str, str]) -> tuple[pd.Series, pd.Series]:
    """Each row's kind, and the file's own word for it where that is not the kind's name ('Kundgebung', 'chahut'):
    a kind's name or synonym in any campaign language, or the kind `chosen` for the file's word (--kind)."""
    text = cells["action_kind"].str.strip() if "action_kind" in cells else pd.Series("", index=cells.index)
    chosen_by_key = {schema.kind_key(word): kind for word, kind in chosen.items()}

    def read(value: str) -> str | None:
        return chosen_by_key.get(schema.kind_key(value)) or schema.canonical_kind(value) if value else "other"

    distinct = Distinct(text)
    kind = pd.Series(distinct.each(read), index=cells.index)
    unknown = kind.isna()
    known = ", ".join(schema.ACTION_KINDS)
    for index in np.flatnonzero((unknown & ~skipped).to_numpy()):
        value = text.iat[index]
        message = Said("{value} is not a known kind ({known}); counted as 'other'", value=repr(value), known=known)
        told.add(int(index), _KIND_AT, Problem(told.row(index), "action_kind", value, message, WARNING))
    own_word = pd.Series(distinct.each(lambda value: schema.kind_key(value) not in _KIND_NAME_KEYS), index=cells.index)
    return kind.fillna("other"), text.where(own_word & (text != ""), "")


_KIND_NAME_KEYS = frozenset(schema.kind_key(name) for name in schema.ACTION_KINDS)


def _counts(cells, skipped, told: Told) -> tuple[pd.Series, pd.Series]:
    text = cells["participants"].str.strip() if "participants" in cells else pd.Series("", index=cells.index)
    wording = cells["participants_text"].str.strip() if "participants_text" in cells else pd.Series("", index=cells.index)
    distinct = Distinct(text)
    readings = distinct.each(lambda value: _count(value) if value else None)
    given = text != ""
    counts = pd.Series(distinct.each(lambda value: _count(value).count if value else None), index=cells.index)
    plain = pd.Series(distinct.each(lambda value: _count(value).plain if value else True), index=cells.index).astype(bool)
    for index in np.flatnonzero((given & counts.isna() & ~skipped).to_numpy()):
        reading = readings[index]
        message = reading.problem or Said("{value} is not a number; kept as the wording", value=repr(text.iat[index][:40]))
        told.add(int(index), _COUNT_AT, Problem(told.row(index), "participants", text.iat[index][:200], message, WARNING))
    wording = wording.where((wording != "") | plain | ~given, text)
    return pd.array(counts.tolist(), dtype="Int64"), wording


def _protections(cells, skipped, told: Told) -> pd.Series:
    """Each row's protection as its cell written plainly ('', 'city', 'country named'); a cell not understood is
    protected at its city, and said: a doubt about someone's safety is settled on the safe side."""
    text = cells["protect"].str.strip() if "protect" in cells else pd.Series("", index=cells.index)
    distinct = Distinct(text)
    understood = pd.Series(distinct.each(lambda value: read_protect(value)[1]), index=cells.index).astype(bool)
    for index in np.flatnonzero((~understood & ~skipped).to_numpy()):
        message = Said(
            "{value} is not a protection (city, country, yes; add named to name them): protected at its city",
            value=repr(text.iat[index][:40]),
        )
        told.add(int(index), _PROTECT_AT, Problem(told.row(index), "protect", text.iat[index][:200], message, WARNING))
    return pd.Series(distinct.each(lambda value: read_protect(value)[0].cell), index=cells.index, dtype=object)


def _countries(country: pd.Series, skipped, told: Told) -> pd.Series:
    codes = pd.Series(Distinct(country).each(lambda value: (country_code(value) or "") if value else ""), index=country.index)
    unknown = (country != "") & (codes == "") & ~skipped
    told.each(
        unknown,
        _COUNTRY_AT,
        lambda i: Problem(told.row(i), "country", country.iat[i], Said("not a country we know; kept as written"), WARNING),
    )
    return codes


def _identify(cells, skipped, ids: Ids, told: Told) -> pd.Series:
    """Each row's id: its own, or one made from its cells. An id used before is an error; a made-up one that
    repeats (two identical rows) gets its row number, so both are kept."""
    rows = told.rows
    own = cells["id"].str.strip() if "id" in cells else pd.Series("", index=cells.index)
    explicit = own != ""
    made = pd.Series(
        [_made_up_id(cells, index) for index in np.flatnonzero(~explicit.to_numpy())], index=own.index[~explicit], dtype=object
    )
    identifier = own.astype(object).where(explicit, made)
    considered = ~skipped
    hashes = pd.util.hash_array(identifier.to_numpy(dtype=object))
    before = ids.first_rows(hashes)
    first_here = pd.Series(rows).where(considered).groupby(identifier.to_numpy()).transform("min").to_numpy()
    first = np.where(before > 0, before, np.nan_to_num(first_here).astype("int64"))
    repeated = considered & (first > 0) & (first < rows)
    for index in np.flatnonzero(repeated & explicit.to_numpy()):
        message = Said("id {value} is already used on row {row}; ids must be unique", value=repr(identifier.iat[index]), row=first[index])
        told.add(int(index), _ID_AT, Problem(told.row(index), "id", identifier.iat[index], message))
    renamed = repeated & ~explicit.to_numpy()
    identifier = identifier.where(~renamed, identifier + "-" + pd.Series(rows, index=identifier.index).astype(str))
    new = considered & ~(repeated & explicit.to_numpy())
    ids.add(pd.util.hash_array(identifier.to_numpy(dtype=object)[new]), rows[new])
    return identifier.astype(str)


def _made_up_id(cells: pd.DataFrame, index: int) -> str:
    content = "\x1f".join(cells.at[index, name].strip().casefold() if name in cells else "" for name in schema.COLUMN_NAMES)
    return "auto-" + hashlib.sha1(content.encode()).hexdigest()[:10]
