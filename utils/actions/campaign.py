"""The campaign a file of actions belongs to: its title, its words, its weeks of action, what a visitor sees first.

Read from a TOML file (data/campaign.toml for the bundled data); a file with none, such as a
visitor's upload, gets a campaign made from its own name and dates, so that it never inherits
another campaign's words or week.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from utils.errors import ConfigError
from utils.i18n import ENGLISH as ENGLISH_WORDS
from utils.i18n import LANGUAGE, Words, english_span
from utils.settings import BUNDLED_CAMPAIGN
from utils.view.timeline import frames

DEFAULT_DATES = ("week", "all")


@dataclass(frozen=True)
class Week:
    name: str  # "Global action week"
    first: dt.date
    last: dt.date

    @property
    def dates(self) -> tuple[dt.date, dt.date]:
        return (self.first, self.last)

    @property
    def words(self) -> str:
        """'25–31 March 2019', '28 February – 6 March 2020', '30 December 2019 – 5 January 2020'."""
        return english_span(self.first, self.last)

    @property
    def label(self) -> str:
        return f"{self.name}, {self.words}"

    @property
    def key(self) -> str:
        """What the view's state holds for this week: its first day, whatever its name in the chosen language."""
        return f"week-{self.first.isoformat()}"

    def in_words(self, words: Words) -> str:
        """Its dates as the chosen language writes them: '25–31 March 2019', '2019年3月25日至31日'."""
        return words.span(self.first, self.last)

    def label_in(self, words: Words) -> str:
        return words.t("{week}, {dates}", week=self.name, dates=self.in_words(words))


@dataclass(frozen=True)
class Campaign:
    title: str  # the story's title and the Presentation's heading
    subject: str  # one sentence under the map's heading: what the map shows
    weeks: tuple[Week, ...] = ()
    default_dates: str = "week"  # "week": a visitor first sees the first week; "all": every date
    credit: str = ""  # where the data comes from, said on the map and in the story file
    language: str = "en"
    opening: str = "Before the action week"
    closing: str = "Also part of the campaign"
    uploaded: bool = field(default=False, compare=False)  # made from a visitor's file, not read from a campaign file
    file_name: str = field(default="", compare=False)  # the file a campaign was made from, when it was (no campaign file)
    languages: dict = field(default_factory=dict, compare=False, hash=False)  # code -> the campaign's words in that language

    def in_language(self, words: Words) -> Campaign:
        """The campaign's words in the chosen language: a campaign file's [languages.CODE] table where it has one
        (title, subject, credit, opening, closing, the weeks' names), the interface's own words for a campaign made
        from a file, else as written."""
        if self.file_name:
            return replace(self, subject=_file_subject(words, self.file_name, self.uploaded), opening=words.t("Before the rest"),
                           closing=words.t("Also in this file"))  # fmt: skip
        given = self.languages.get(words.code)
        if not given:
            return self
        names = given.get("weeks", [])
        weeks = tuple(replace(week, name=names[index]) if index < len(names) else week for index, week in enumerate(self.weeks))
        texts = {key: given[key] for key in ("title", "subject", "credit", "opening", "closing") if key in given}
        return replace(self, weeks=weeks, **texts)

    @property
    def home(self) -> tuple[dt.date | None, dt.date | None]:
        """The dates a visitor sees first, and a link leaves out: the first week, or (None, None) for all dates."""
        if self.default_dates == "week" and self.weeks:
            return self.weeks[0].dates
        return (None, None)

    @property
    def slug(self) -> str:
        """'Solidarity with the Jasic workers' -> 'solidarity-with-the-jasic-workers': for the names of files we write."""
        return re.sub(r"[^\w]+", "-", self.title.casefold(), flags=re.UNICODE).strip("-_")[:60] or "solidarity-map"

    @property
    def home_span(self) -> tuple[dt.date, dt.date] | None:
        """The days a visitor sees first, or None for all dates."""
        first, last = self.home
        return None if first is None and last is None else (first or dt.date.min, last or dt.date.max)

    @property
    def week_spans(self) -> list[tuple[dt.date, dt.date]]:
        """Each week of action's first and last day: what the charts shade and the story leads up to."""
        return [week.dates for week in self.weeks]

    @property
    def first_week(self) -> tuple[dt.date, dt.date] | None:
        """The first week's dates: where a timeline of undated actions stands."""
        return self.weeks[0].dates if self.weeks else None

    def week_of(self, start: dt.date | None, end: dt.date | None) -> Week | None:
        """The week these dates are exactly, if any."""
        for week in self.weeks:
            if (start, end) == week.dates:
                return week
        return None


_KEYS = {"title", "subject", "weeks", "default_dates", "credit", "language", "story", "languages"}
_STORY_KEYS = {"opening", "closing"}
_LANGUAGE_KEYS = {"title", "subject", "credit", "opening", "closing", "weeks"}


def read_campaign(path: Path) -> Campaign:
    """The campaign in a TOML file; a mistake fails with the file, the key and what was expected."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"campaign file {path}: cannot be read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"campaign file {path}: not valid TOML ({error})") from None
    where = f"campaign file {Path(path).name}"
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    for key in ("title", "subject", "credit", "language", "default_dates"):
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"{where}: {key} must be text in quotes")
    if not str(data.get("title", "")).strip():
        raise ConfigError(f"{where}: title is missing; it heads the story and the Presentation page")
    default_dates = data.get("default_dates", "week")
    if default_dates not in DEFAULT_DATES:
        raise ConfigError(f"{where}: default_dates = {default_dates!r}; expected 'week' or 'all'")
    weeks = tuple(_week(where, number, entry) for number, entry in enumerate(data.get("weeks", []), start=1))
    story = data.get("story", {})
    if not isinstance(story, dict) or set(story) - _STORY_KEYS:
        raise ConfigError(f"{where}: [story] takes only {', '.join(sorted(_STORY_KEYS))}")
    defaults = Campaign("", "")
    return Campaign(
        title=data["title"].strip(),
        subject=data.get("subject", "").strip(),
        weeks=tuple(sorted(weeks, key=lambda week: week.first)),
        default_dates=default_dates,
        credit=data.get("credit", "").strip(),
        language=data.get("language", "en").strip() or "en",
        opening=str(story.get("opening", defaults.opening)),
        closing=str(story.get("closing", defaults.closing)),
        languages=_languages(where, data.get("languages", {}), len(weeks)),
    )


def _languages(where: str, tables: object, weeks: int) -> dict:
    """[languages.zh-Hant] and the like: the campaign's words in another language, each key as the file's own."""
    if not isinstance(tables, dict):
        raise ConfigError(f"{where}: languages must be tables such as [languages.zh-Hant]")
    for code, table in tables.items():
        if code not in LANGUAGE:
            raise ConfigError(f"{where}: [languages.{code}]: not a language of the site (known: {', '.join(LANGUAGE)})")
        if not isinstance(table, dict) or set(table) - _LANGUAGE_KEYS:
            raise ConfigError(f"{where}: [languages.{code}] takes only {', '.join(sorted(_LANGUAGE_KEYS))}")
        names = table.get("weeks", [])
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names) or len(names) > weeks:
            raise ConfigError(f"{where}: [languages.{code}] weeks must list at most {weeks} names, in the weeks' order")
        if not all(isinstance(table[key], str) for key in table if key != "weeks"):
            raise ConfigError(f"{where}: [languages.{code}]: each of title, subject, credit, opening, closing must be text in quotes")
    return tables


def _week(where: str, number: int, entry: object) -> Week:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: week {number} must be a [[weeks]] table with name, first and last")
    name, first, last = entry.get("name"), entry.get("first"), entry.get("last")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: week {number} has no name")
    for key, value in (("first", first), ("last", last)):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise ConfigError(f"{where}: week {number} ({name}): {key} must be a date such as 2019-03-25, without quotes")
    if last < first:
        raise ConfigError(f"{where}: week {number} ({name}) ends ({last}) before it starts ({first})")
    return Week(name.strip(), first, last)


def campaign_beside(data: Path) -> Path | None:
    """The campaign file of a data file: FILE.campaign.toml, else campaign.toml in its folder."""
    for candidate in (data.with_suffix(".campaign.toml"), data.parent / "campaign.toml"):
        if candidate.is_file():
            return candidate
    return None


def campaign_of_file(name: str, actions: pd.DataFrame, uploaded: bool = True) -> Campaign:
    """A file with no campaign file (an upload): headings from its own name, weeks from its own calls to action,
    and all its dates shown first; never another campaign's words or week."""
    weeks = tuple(Week(frame.name, frame.first, frame.last) for frame in frames(actions))
    stem = Path(name).stem or name
    made = Campaign(title=stem, subject="", weeks=weeks, default_dates="all", uploaded=uploaded, file_name=name)
    return made.in_language(ENGLISH_WORDS)  # its subject, opening and closing: the interface's words, as in_language gives them


def _file_subject(words: Words, name: str, uploaded: bool) -> str:
    if uploaded:
        return words.t("Actions from your file {name}.", name=name)
    return words.t("Actions from {name}.", name=name)


BUNDLED = read_campaign(BUNDLED_CAMPAIGN)
