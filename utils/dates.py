"""Reading the dates people type into spreadsheets.

YYYY-MM-DD always works. Day-first forms (26/03/2019, 26.03.2019) and written
forms (26 March 2019, March 26, 2019, Tue 26th Mar 2019) are understood too.
A form that could be read two ways (05/03/2019) is read day-first unless the
same column shows month-first elsewhere, and the reading is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from utils.i18n import Joined, Said

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "januar", "enero", "gennaio"),
            ("february", "feb", "fevrier", "februar", "febrero", "febbraio"),
            ("march", "mar", "mars", "marz", "maerz", "marzo"),
            ("april", "apr", "avril", "abril", "aprile"),
            ("may", "mai", "mayo", "maggio"),
            ("june", "jun", "juin", "juni", "junio", "giugno"),
            ("july", "jul", "juillet", "juli", "julio", "luglio"),
            ("august", "aug", "aout", "agosto"),
            ("september", "sep", "sept", "septembre", "septiembre", "settembre"),
            ("october", "oct", "octobre", "oktober", "octubre", "ottobre"),
            ("november", "nov", "novembre", "noviembre"),
            ("december", "dec", "decembre", "dezember", "diciembre", "dicembre"),
        ],
        start=1,
    )
    for name in names
}

EXPECTED = Said("expected YYYY-MM-DD, such as 2019-03-26")

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


@dataclass(frozen=True)
class DateReading:
    day: dt.date | None
    error: str | None = None  # the value is not a date: the row cannot be trusted
    note: str | None = None  # the value was read, but the reader should check how


def _make(year: int, month: int, day: int, text: str) -> DateReading:
    if not 1900 <= year <= 2100:
        return DateReading(
            None, error=Said("{value}: the year {year} is out of range ({expected})", value=repr(text), year=year, expected=EXPECTED)
        )
    try:
        return DateReading(dt.date(year, month, day))
    except ValueError:
        return DateReading(None, error=Said("{value} is not a real day ({expected})", value=repr(text), expected=EXPECTED))


def month_first_column(values: list[str]) -> bool:
    """True when some slash date in a column can only be month-first (03/26/2019)."""
    for value in values:
        match = _NUMERIC.match(value.strip())
        if match and int(match.group(1)) <= 12 < int(match.group(2)) <= 31:
            return True
    return False


def parse_date(text: str, month_first: bool = False) -> DateReading:
    """One cell's date; an empty cell is an undated action, not an error."""
    value = text.strip()
    if not value:
        return DateReading(None)
    if match := _ISO.match(value):
        hour, minute, second = (int(part or 0) for part in match.group(4, 5, 6))
        if hour > 23 or minute > 59 or second > 60:
            time = f"{match.group(4)}:{match.group(5)}"
            return DateReading(
                None, error=Said("{value}: {time} is not a time of day ({expected})", value=repr(value), time=time, expected=EXPECTED)
            )
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), value)
    if match := _NUMERIC.match(value):
        return _numeric(value, match, month_first)
    return _written(value)


def _numeric(value: str, match: re.Match[str], month_first: bool) -> DateReading:
    first, second, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
    year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    day, month = (second, first) if month_first else (first, second)
    if first > 12 and not month_first:
        day, month = first, second
    elif second > 12:
        day, month = second, first
    reading = _make(year, month, day, value)
    if reading.day is None:
        return reading
    notes = []
    if len(year_text) == 2:
        notes.append(Said("two-digit year read as {year}", year=year))
    if first <= 12 and second <= 12 and first != second:
        order = Said("month first") if month_first else Said("day first")
        notes.append(Said("could be read two ways; read {order} as {day}", order=order, day=f"{reading.day.day} {reading.day:%B %Y}"))
    if notes:
        note = Said("{value}: {notes} (write {day} to be sure)", value=repr(value), notes=Joined(notes), day=reading.day.isoformat())
        return DateReading(reading.day, note=note)
    return reading


def _written(value: str) -> DateReading:
    folded = _WEEKDAY.sub("", value.casefold())
    folded = folded.replace("ä", "a").replace("é", "e").replace("û", "u")
    if match := _DAY_MONTH.match(folded):
        day, month_name, year = match.groups()
    elif match := _MONTH_DAY.match(folded):
        month_name, day, year = match.groups()
    else:
        return DateReading(None, error=Said("{value} is not a date ({expected})", value=repr(value), expected=EXPECTED))
    month = MONTHS.get(month_name)
    if month is None:
        return DateReading(
            None, error=Said("{value}: {month} is not a month ({expected})", value=repr(value), month=repr(month_name), expected=EXPECTED)
        )
    return _make(int(year), month, int(day), value)
