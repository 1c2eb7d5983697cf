"""The interface in the visitor's language: gettext catalogs (managed with Babel), dates, numbers and country names.

A `Words` is one language: `words.t("Showing all dates.")`, `words.tn("{n} action", "{n} actions", n)`,
`words.date(day, "day")`, `words.number(1234)`, `words.country("KR")`. Functions that write text for a person take
one (English by default) and never read a global: a cached result is keyed on its language like on any argument.
The data itself is never translated: an organisation's name, a description, a place are shown as written.

Catalogs: `utils/i18n/locales/<locale>/LC_MESSAGES/messages.po`, from `utils/i18n/locales/messages.pot`;
`python -m utils catalogs extract|update|compile|check` runs Babel over them (see docs/dashboard.md, "Languages").
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import babel.numbers
import pycountry
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
# words.t("…"), words.tn("…", "…", n), words.forms("…", "…"), Said("…", name=value), and N_("…"), which marks a
# text translated where it is shown
KEYWORDS = {"t": None, "tn": (1, 2), "forms": (1, 2), "Said": None, "N_": None}


class Said(str):
    """A message made where its facts are known (the loader's, a check's), in English, that also keeps its template
    and values, so a page says it in the visitor's language (`words.say`). It is the English text everywhere else:
    equal to it, logged as it, written to a CSV as it. Values that are Said themselves are said in turn."""

    __slots__ = ("template", "values")

    def __new__(cls, template: str, **values: object) -> Said:
        text = super().__new__(cls, template.format(**values) if values else template)
        text.template, text.values = template, values
        return text

    def __reduce__(self):
        return (_said, (self.template, self.values))


def _said(template: str, values: dict) -> Said:
    return Said(template, **values)


class Joined(str):
    """Said messages joined by a separator ('two-digit year read as 2019; could be read two ways …'), said part by part."""

    __slots__ = ("parts", "separator")

    def __new__(cls, parts: list, separator: str = "; ") -> Joined:
        text = super().__new__(cls, separator.join(parts))
        text.parts, text.separator = tuple(parts), separator
        return text

    def __reduce__(self):
        return (Joined, (list(self.parts), self.separator))


def N_(message: str) -> str:
    """Marks a text for the catalogs where it is declared (a label in a table); it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Language:
    code: str  # as the URL says it: ?lang=zh-Hant
    name: str  # in its own words, for the picker
    locale: str  # Babel's identifier, and the catalog's folder
    pycountry: str  # pycountry's catalog of country names
    matches: tuple[str, ...]  # browser language tags (lower case, prefixes) that choose it


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "en_GB", "en", ("en",)),
    Language("zh-Hant", "繁體中文", "zh_Hant_HK", "zh_HK", ("zh-hant", "zh-hk", "zh-tw", "zh-mo")),
    Language("zh-Hans", "简体中文", "zh_Hans_CN", "zh_CN", ("zh-hans", "zh-cn", "zh-sg", "zh")),
    Language("ko", "한국어", "ko_KR", "ko", ("ko",)),
)
LANGUAGE: dict[str, Language] = {language.code: language for language in LANGUAGES}
DEFAULT = "en"

# Dates as the house writes them in English (kept as before the catalogs), and as CLDR writes them elsewhere.
ENGLISH_DATES = {
    "day": "%A %d %B %Y",
    "dated": "%a %d %b %Y",
    "short": "%a %d %b",
    "medium": "%d %b %Y",
    "long": "%d %B %Y",
    "month": "%d %b",
}
CLDR_DATES = {
    "day": ("full", None),
    "dated": (None, "yMMMEd"),
    "short": (None, "MMMEd"),
    "medium": (None, "yMMMd"),
    "long": ("long", None),
    "month": (None, "MMMd"),
}


@dataclass(frozen=True)
class Words:
    """One language's words. Equal, and hashed, by its code: a cache keyed on it keeps one entry per language."""

    code: str
    catalog: gettext.NullTranslations = field(compare=False, repr=False)

    @property
    def language(self) -> Language:
        return LANGUAGE[self.code]

    @property
    def english(self) -> bool:
        return self.code == DEFAULT

    def t(self, message: str, **values: object) -> str:
        """The message in this language, its {names} filled with `values` (numbers written as this language writes them)."""
        text = self.catalog.gettext(message)
        return text.format(**self._shown(values)) if values else text

    def say(self, text: object) -> str:
        """A message made elsewhere (`Said`, `Joined`) in this language; any other text as it is."""
        if self.english or not isinstance(text, (Said, Joined)):
            return str(text)
        if isinstance(text, Joined):
            return text.separator.join(self.say(part) for part in text.parts)
        values = {name: self.say(value) if isinstance(value, (Said, Joined)) else str(value) for name, value in text.values.items()}
        return self.t(text.template, **values)

    def tn(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The singular or plural message for `n` (filled in as {n}), as this language counts."""
        return self.catalog.ngettext(singular, plural, n).format(**self._shown({"n": n, **values}))

    def forms(self, singular: str, plural: str) -> tuple[str, str]:
        """The singular and plural messages unfilled, for the browser's own code to fill ({n} and the like)."""
        return self.catalog.ngettext(singular, plural, 1), self.catalog.ngettext(singular, plural, 2)

    def _shown(self, values: dict[str, object]) -> dict[str, object]:
        return {
            name: self.number(value) if isinstance(value, int) and not isinstance(value, bool) else value for name, value in values.items()
        }

    def number(self, value: float | int) -> str:
        """'1,234' in English, '1,234' in Chinese and Korean too: Babel's locale data says which."""
        if self.english:
            return f"{value:,}"
        return babel.numbers.format_decimal(value, locale=self.language.locale)

    def date(self, day: dt.date | dt.datetime, style: str = "long") -> str:
        """A day as this language writes it: 'day' (Monday 25 March 2019), 'dated' (Mon 25 Mar 2019), 'short' (Mon 25 Mar), 'medium' (25 Mar 2019),
        'long' (25 March 2019), 'month' (25 Mar)."""
        if self.english:  # '4 December', not strftime's '04 December'
            return day.strftime(ENGLISH_DATES[style].replace("%d", str(day.day)))
        form, skeleton = CLDR_DATES[style]
        locale = self.language.locale
        return format_skeleton(skeleton, day, locale=locale) if skeleton else format_date(day, form, locale=locale)

    def span(self, first: dt.date, last: dt.date) -> str:
        """Two days as one span: '25–31 March 2019' in English, '2019年3月25日至31日', '2019년 3월 25일~31일'."""
        if self.english:
            return english_span(first, last)
        return format_interval(first, last, "yMMMMd", locale=self.language.locale)

    def country(self, code: str) -> str:
        """A country's name in this language: the shorter of Babel's (CLDR) and pycountry's, as a map's label wants."""
        from utils.places.countries import country_name  # the English names, with the house's short forms

        if self.english or not code:
            return country_name(code)
        return _country(self.code, code.upper()) or country_name(code)


def english_span(first: dt.date, last: dt.date) -> str:
    """'25–31 March 2019', '28 February – 6 March 2020', '30 December 2019 – 5 January 2020'."""
    if first == last:
        return f"{last.day} {last:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


@functools.lru_cache(maxsize=2048)
def _country(language: str, code: str) -> str:
    names = country_names(language, code)
    return min(names, key=len) if names else ""


@functools.lru_cache(maxsize=2048)
def country_names(language: str, code: str) -> tuple[str, ...]:
    """A country's names in a language: Babel's (CLDR, '南韓') and pycountry's ('大韓民國') where they differ."""
    chosen = LANGUAGE[language]
    names = []
    babel_name = Locale.parse(chosen.locale).territories.get(code)
    if babel_name:
        names.append(babel_name)
    record = pycountry.countries.get(alpha_2=code)
    if record is not None:
        translated = _pycountry_names(chosen.pycountry).gettext(record.name)
        if translated != record.name:
            names.append(translated)
    return tuple(dict.fromkeys(names))


@functools.lru_cache(maxsize=8)
def _pycountry_names(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def catalog_path(locale: str, suffix: str = "po") -> Path:
    return LOCALES / locale / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


@functools.lru_cache(maxsize=8)
def _catalog(locale: str) -> gettext.NullTranslations:
    """The compiled catalog (.mo) when it is newer than its .po; else the .po compiled here, in memory."""
    po, mo = catalog_path(locale), catalog_path(locale, "mo")
    if not po.exists():
        return gettext.NullTranslations()
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    with po.open("rb") as source:
        catalog = read_po(source, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@functools.lru_cache(maxsize=8)
def words_in(code: str) -> Words:
    """The words of a language by its code; English for a code this site does not speak."""
    language = LANGUAGE.get(code) or LANGUAGE[DEFAULT]
    catalog = gettext.NullTranslations() if language.code == DEFAULT else _catalog(language.locale)
    return Words(language.code, catalog)


ENGLISH = words_in(DEFAULT)


def language_of_link(value: str) -> str | None:
    """The language a link's `lang=` names ('zh-Hant', 'zh_hant', 'ko', 'zh-HK'), or None."""
    return _match(value)


def preferred_language(accept_language: str) -> str:
    """The first of a browser's languages (an Accept-Language header, by its q values) that this site speaks; else English."""
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, rest = part.strip().partition(";")
        quality = 1.0
        weight = re.search(r"q=([0-9.]+)", rest)
        if weight:
            try:
                quality = float(weight.group(1))
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag))
    for _, _, tag in sorted(ranked):
        code = _match(tag)
        if code:
            return code
    return DEFAULT


def _match(tag: str) -> str | None:
    tag = (tag or "").strip().lower().replace("_", "-")[:35]
    if not tag:
        return None
    for language in LANGUAGES:
        if tag == language.code.lower():
            return language.code
    for language in LANGUAGES:  # the longest prefixes first within a language: zh-hk before zh
        if any(tag == prefix or tag.startswith(prefix + "-") for prefix in language.matches):
            return language.code
    return None
