"""Reading the dates people type into spreadsheets, in the languages campaigns write them.

YYYY-MM-DD always works. Day-first forms (26/03/2019, 26.03.2019), written forms in many languages
(26 March 2019, 26 mars 2019, 2019年3月26日, 2019년 3월 26일, 26 شتنبر 2025, Arabic-Indic digits) and spans
(25–31 March 2019, du 25 au 31 mars 2019, 25.–31.3.2019, 27/28 شتنبر 2025, 3月25日至31日) are understood.
A form that could be read two ways (05/03/2019) is settled once per column by the column's own dates
(`DateOrder`); a date with no year takes the year of the column's other dates. A value that is no date
is an error of the reading only: the loader keeps the action, undated, with the cell as written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from babel import Locale

from utils.i18n import Said

# The campaign languages whose month and weekday names are read: CLDR's words (Babel), so that every form a
# locale writes is known, Maghreb Arabic (شتنبر, جانفي) and the Levant's (أيلول) included.
DATE_LOCALES = (
    "en", "fr", "es", "pt", "de", "it", "nl", "id", "fil", "ar", "ar_MA", "ar_DZ", "ar_TN", "ar_SY", "ar_IQ", "ar_EG",
    "zh", "zh_Hant", "ja", "ko",
)  # fmt: skip
# Spellings CLDR does not give but people write: English and German forms without the dot or umlaut, the
# Arabic Gulf spellings without hamza, Tagalog's Spanish-style names.
_MORE_MONTHS = {
    "sept": 9, "marz": 3, "maerz": 3, "febr": 2, "juil": 7, "janv": 1, "fevr": 2, "ago": 8, "set": 9, "dic": 12,
    "ابريل": 4, "اغسطس": 8, "اكتوبر": 10, "مايو": 5, "يونيه": 6, "يوليه": 7, "ماى": 5,
    "pebrero": 2, "marso": 3, "hunyo": 6, "hulyo": 7, "setyembre": 9, "oktubre": 10, "nobyembre": 11, "disyembre": 12,
}  # fmt: skip
# Words between the parts of a date or a span, in the campaign languages: 'du 25 au 31 mars', 'vom 25. bis 31. März'.
_FILLERS = frozenset(
    "to until till through thru and from of the on th st nd rd "
    "du au le la les de des et jusqu er "
    "del al el y hasta a partir "
    "do da ao ate e "
    "vom bis zum am und den dem von "
    "dal dall fino il "
    "van tot en met t m "
    "hingga sampai s d dan tanggal tgl "
    "hanggang ng sa mula ika "
    "من الى حتى و يوم في "
    "至 到 日 号 號 일 부터 까지 から まで".split()
)
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
# Arabic-Indic, Eastern Arabic-Indic (Persian, Urdu) and full-width digits as ASCII digits.
_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + n): str(n) for n in range(10)},
        **{chr(0x06F0 + n): str(n) for n in range(10)},
        **{chr(0xFF10 + n): str(n) for n in range(10)},
    }
)


def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", stripped).translate(_ARABIC_LETTERS).strip(".")


def _calendar_words() -> tuple[dict[str, int], frozenset[str]]:
    months: dict[str, set[int]] = {}
    weekdays: set[str] = set()
    for code in DATE_LOCALES:
        locale = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    months.setdefault(_fold_word(name), set()).add(number)
                weekdays.update(_fold_word(name) for name in locale.days[context][width].values())
    for name, number in _MORE_MONTHS.items():
        months.setdefault(_fold_word(name), set()).add(number)
    # A word that names two months in two languages names none; digits with 月/월 are read by pattern instead.
    known = {name: next(iter(numbers)) for name, numbers in months.items() if len(numbers) == 1 and not name[:1].isdigit()}
    return known, frozenset(weekdays) - set(known)


MONTHS, WEEKDAYS = _calendar_words()


def month_names(code: str = "en") -> tuple[str, ...]:
    """A language's twelve month names in order, lower case, from the same calendar data (CLDR) the dates are read with."""
    wide = Locale.parse(code).months["format"]["wide"]
    return tuple(wide[number].casefold() for number in range(1, 13))


_MONTH_WORDS = sorted((name for name in MONTHS if re.search(r"[\u3400-\u9fff]", name)), key=len, reverse=True)  # 十二月 before 二月

EXPECTED = Said("expected YYYY-MM-DD, such as 2019-03-26")

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\.?$")
_DASH = r"\s*(?:[-–—~/]|\bto\b|\bau\b|\bbis\b|\bal\b)\s*"
# '25.–31.3.2019', '25-31/03/2019', '27/28.09.2025': days of one month
_NUMERIC_DAYS = re.compile(rf"^(\d{{1,2}})\.?{_DASH}(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{4}})\.?$")
# '30.3.–2.4.2019', '30/03-02/04/2019': a span over two months
_NUMERIC_MONTHS = re.compile(rf"^(\d{{1,2}})[/.](\d{{1,2}})\.?{_DASH}(\d{{1,2}})[/.](\d{{1,2}})[/.](\d{{4}})\.?$")
# '2019-03-25/2019-03-31', '2019-03-25 – 2019-03-31'
_ISO_SPAN = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:/|–|—|\s-\s|\bto\b|\bau\b|\bbis\b)\s*(\d{4}-\d{1,2}-\d{1,2})$")
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:am|pm)?\b", re.IGNORECASE)
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|er|re|e|eme|o|a|\.)?$")
_SHAPES = {
    "DMY": ((0, 1, 2),),
    "MDY": ((1, 0, 2),),
    "YMD": ((2, 1, 0),),
    "DDMY": ((0, 2, 3), (1, 2, 3)),
    "MDDY": ((1, 0, 3), (2, 0, 3)),
    "YMDD": ((2, 1, 0), (3, 1, 0)),
    "DMDMY": ((0, 1, 4), (2, 3, 4)),
    "MDMDY": ((1, 0, 4), (3, 2, 4)),
    "YMDMD": ((2, 1, 0), (4, 3, 0)),
    "DMYDMY": ((0, 1, 2), (3, 4, 5)),
    "MDYMDY": ((1, 0, 2), (4, 3, 5)),
    "YMDYMD": ((2, 1, 0), (5, 4, 3)),
}  # the parts' positions: (day, month, year) of the first day, and of the last for a span
_NO_YEAR = {
    "DM": ((0, 1, -1),),
    "MD": ((1, 0, -1),),
    "DDM": ((0, 2, -1), (1, 2, -1)),
    "MDD": ((1, 0, -1), (2, 0, -1)),
    "DMDM": ((0, 1, -1), (2, 3, -1)),
    "MDMD": ((1, 0, -1), (3, 2, -1)),
}  # the same without a year: the column's year (-1) is taken


@dataclass(frozen=True)
class DateOrder:
    """How one column's dates are read, settled once from all its values: day or month first, and the year
    a date written without one takes."""

    month_first: bool = False
    year: int | None = None


@dataclass(frozen=True)
class DateReading:
    day: dt.date | None
    error: str | None = None  # the value could not be read as a date
    note: str | None = None  # the value was read, but the reader should check how
    end: dt.date | None = None  # the last day, when the value is a span ('25–31 March 2019')
    ambiguous: bool = False  # '05/03/2019': day and month could be swapped (settled for the column, said once)


def _make(year: int, month: int, day: int, text: str) -> DateReading:
    if not 1900 <= year <= 2100:
        return DateReading(
            None, error=Said("{value}: the year {year} is out of range ({expected})", value=repr(text), year=year, expected=EXPECTED)
        )
    try:
        return DateReading(dt.date(year, month, day))
    except ValueError:
        return DateReading(None, error=Said("{value} is not a real day ({expected})", value=repr(text), expected=EXPECTED))


def _span(first: DateReading, last: DateReading, text: str) -> DateReading:
    if first.day is None:
        return first
    if last.day is None:
        return last
    if last.day < first.day:
        return DateReading(None, error=Said("{value}: the span ends before it starts ({expected})", value=repr(text), expected=EXPECTED))
    return DateReading(first.day, note=first.note or last.note, end=last.day if last.day != first.day else None)


def normal_digits(text: str) -> str:
    """'٢٧/٢٨' -> '27/28': Arabic-Indic and full-width digits as ASCII."""
    return text.translate(_DIGITS)


def column_order(values: list[str]) -> tuple[DateOrder, str | None, list[str]]:
    """How a column's dates are read, the value that settled day or month first (None when none could), and the
    values that could be read two ways."""
    month_first_by = day_first_by = None
    ambiguous, years = [], Counter()
    for value in values:
        text = normal_digits(value.strip())
        if match := _NUMERIC.match(text):
            first, second = int(match.group(1)), int(match.group(2))
            if first <= 12 < second <= 31:
                month_first_by = month_first_by or value
            elif second <= 12 < first <= 31:
                day_first_by = day_first_by or value
            elif first <= 12 and second <= 12 and first != second:
                ambiguous.append(value)
        years.update(int(year) for year in re.findall(r"(?<!\d)(19\d\d|20\d\d|2100)(?!\d)", text))
    month_first = bool(month_first_by) and not day_first_by
    year = years.most_common(1)[0][0] if years else None
    return DateOrder(month_first, year), (month_first_by if month_first else day_first_by), ambiguous


def parse_date(text: str, month_first: bool = False, year: int | None = None) -> DateReading:
    """One cell's date (or span of days); an empty cell is an undated action, not an error."""
    value = normal_digits(text.strip())
    if not value:
        return DateReading(None)
    if match := _ISO.match(value):
        hour, minute, second = (int(part or 0) for part in match.group(4, 5, 6))
        if hour > 23 or minute > 59 or second > 60:
            time = f"{match.group(4)}:{match.group(5)}"
            return DateReading(
                None, error=Said("{value}: {time} is not a time of day ({expected})", value=repr(text), time=time, expected=EXPECTED)
            )
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), text)
    if match := _NUMERIC.match(value):
        return _numeric(text, match, month_first)
    if match := _ISO_SPAN.match(value):
        return _span(parse_date(match.group(1)), parse_date(match.group(2)), text)
    if match := _NUMERIC_DAYS.match(value):
        first, last, month, year_text = (int(part) for part in match.groups())
        return _span(_make(year_text, month, first, text), _make(year_text, month, last, text), text)
    if match := _NUMERIC_MONTHS.match(value):
        day1, month1, day2, month2, year_text = (int(part) for part in match.groups())
        return _span(_make(year_text, month1, day1, text), _make(year_text, month2, day2, text), text)
    return _written(text, value, year)


def _numeric(text: str, match: re.Match[str], month_first: bool) -> DateReading:
    first, second, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
    year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    day, month = (second, first) if month_first else (first, second)
    if first > 12 and not month_first:
        day, month = first, second
    elif second > 12:
        day, month = second, first
    reading = _make(year, month, day, text)
    if reading.day is None:
        return reading
    ambiguous = first <= 12 and second <= 12 and first != second
    if len(year_text) == 2:
        note = Said(
            "{value}: two-digit year read as {year} (write {day} to be sure)", value=repr(text), year=year, day=reading.day.isoformat()
        )
        return DateReading(reading.day, note=note, ambiguous=ambiguous)
    return DateReading(reading.day, ambiguous=ambiguous)


def _parts(value: str) -> list[tuple[str, int]] | None:
    """The value's days (D), months (M) and years (Y) in order, or None when a word is none of them nor a filler."""
    value = _TIME.sub(" ", value.casefold())
    value = re.sub(r"(\d{4})\s*[年년]", r" Y\1 ", value)
    value = re.sub(r"(\d{1,2})\s*[月월]", r" M\1 ", value)
    for name in _MONTH_WORDS:
        value = value.replace(name, f" M{MONTHS[name]} ")
    value = re.sub(r"(\d{1,2})\s*[日号號일]", r" \1 ", value)
    parts = []
    for word in re.findall(r"\w+\.?", value):
        folded = _fold_word(word)
        if re.fullmatch(r"[ym]\d+", folded):
            parts.append((folded[0].upper(), int(folded[1:])))
        elif match := _ORDINAL.match(folded):
            parts.append(("D", int(match.group(1))))
        elif re.fullmatch(r"\d{4}", folded):
            parts.append(("Y", int(folded)))
        elif folded in MONTHS:
            parts.append(("M", MONTHS[folded]))
        elif folded in WEEKDAYS or folded in _FILLERS or not folded:
            continue
        elif folded.startswith("و") and folded[1:] in _FILLERS | MONTHS.keys() | WEEKDAYS:  # Arabic 'and' joined to the word
            if folded[1:] in MONTHS:
                parts.append(("M", MONTHS[folded[1:]]))
        else:
            return None
    return parts


def _written(text: str, value: str, year: int | None) -> DateReading:
    parts = _parts(value)
    shape = "".join(kind for kind, _ in parts or [])
    unreadable = DateReading(None, error=Said("{value} is not a date ({expected})", value=repr(text), expected=EXPECTED))
    if not parts:
        return unreadable
    given_year = shape in _SHAPES
    if not given_year and shape not in _NO_YEAR:
        if shape.count("M") and shape.count("D") == 0:
            return DateReading(None, error=Said("{value} names no day ({expected})", value=repr(text), expected=EXPECTED))
        return unreadable
    if not given_year and year is None:
        return DateReading(None, error=Said("{value} names no year ({expected})", value=repr(text), expected=EXPECTED))
    numbers = [number for _, number in parts]
    days = [_make(numbers[y] if y >= 0 else year, numbers[m], numbers[d], text) for d, m, y in (_SHAPES if given_year else _NO_YEAR)[shape]]
    reading = days[0] if len(days) == 1 else _span(days[0], days[1], text)
    if reading.day is None or given_year:
        return reading
    note = Said("{value} has no year; read as {year}, the year of the column's other dates", value=repr(text), year=year)
    return DateReading(reading.day, note=note, end=reading.end)
