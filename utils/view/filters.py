"""The view: which actions a user looks at, as a frozen value that is also a URL.

`ViewFilter.from_query(params)` reads a query string (bad parts become notes, and the
defaults stand in for them); `view.to_query()` writes it back; the two round-trip.
`apply(actions, view)` splits the actions into what the view shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from utils.actions.campaign import BUNDLED
from utils.actions.schema import ACTION_KINDS, FRAME_KINDS, organisation_names
from utils.i18n import ENGLISH, LANGUAGES, Words, country_names, language_of_link, words_in
from utils.places.countries import country_code, country_name
from utils.places.names import name_key
from utils.view.counts import Counts
from utils.view.fields import kind_word

# The bundled campaign's first week (data/campaign.toml): what a view shows when it says no dates.
# Another campaign's view passes its own `home` dates to from_query, to_query and fit_to_data.
ACTION_WEEK = BUNDLED.home
Home = tuple[dt.date | None, dt.date | None]
MAX_SEARCH = 200


def quoted(text: str, most: int = 40) -> str:
    """A value from a link as its note says it: quoted, and cut to `most` characters (a link can carry kilobytes)."""
    return repr(text if len(text) <= most else text[:most] + "…")


def _dates_of(get: Callable[[str], str], home: Home, words: Words, notes: list[str]) -> dict[str, object]:
    """The view's dates from its link's `dates`, `from` and `to` (one concept, three words: the campaign's week when
    none is given, `dates=all`, or a range open at either end)."""
    values: dict[str, object] = {}
    shown = words.t("the action week") if home != (None, None) else words.t("all dates")
    if get("dates") == "all":
        values.update(start=None, end=None)
    elif get("dates") not in ("", "week"):
        notes.append(words.t("dates={value} is not 'all' or 'week'; showing {shown}", value=quoted(get("dates")), shown=shown))
    for name, field in (("from", "start"), ("to", "end")):
        text = get(name)
        if text:
            try:
                values[field] = dt.date.fromisoformat(text)
            except ValueError:
                notes.append(words.t("{name}={value} is not a date like 2019-03-26; ignored", name=name, value=quoted(text)))
    if "start" in values and "end" not in values and get("dates") != "all":
        values["end"] = None
    if "end" in values and "start" not in values and get("dates") != "all":
        values["start"] = None
    values.setdefault("start", home[0])
    values.setdefault("end", home[1])
    if values["start"] and values["end"] and values["start"] > values["end"]:
        notes.append(words.t("from={start} is after to={end}; showing {shown}", start=values["start"], end=values["end"], shown=shown))
        values.update(start=home[0], end=home[1])
    return values


def _read_day(text: str, words: Words, notes: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        notes.append(words.t("{name}={value} is not a date like 2019-03-26; ignored", name="day", value=quoted(text)))
        return None


def _read_countries(said: list[str], words: Words, notes: list[str]) -> tuple[str, ...]:
    codes = [(text, country_code(text[:80])) for text in said]
    unknown = [text for text, code in codes if not code]
    if unknown:
        notes.append(
            words.t(
                "country={value} is not a country we know (a name such as South Korea, or a code such as KR); ignored",
                value=quoted(", ".join(unknown), 80),
            )
        )
    return tuple(dict.fromkeys(code for _, code in codes if code))


def _read_kinds(said: list[str], words: Words, notes: list[str]) -> tuple[str, ...]:
    unknown = [kind for kind in said if kind not in ACTION_KINDS]
    if unknown:
        notes.append(words.t("kind={value} is not a kind of action; ignored", value=quoted(", ".join(unknown), 80)))
    return tuple(kind for kind in said if kind in ACTION_KINDS)


def _read_slide(text: str, words: Words, notes: list[str]) -> str:
    if text in ("opening", "closing") or _is_day(text):
        return text
    notes.append(words.t("slide={value} is not opening, closing or a day like 2019-03-26; starting at the first slide", value=quoted(text)))
    return ""


def _read_language(text: str, words: Words, notes: list[str]) -> str:
    language = language_of_link(text) or ""
    if not language:
        said = ", ".join(f"{one.code} ({one.name})" for one in LANGUAGES)
        notes.append(words.t("lang={value} is not a language of this site ({languages}); ignored", value=quoted(text, 20), languages=said))
    return language


def _cut(most: int) -> Callable[[str, Words, list[str]], str]:
    return lambda text, words, notes: text[:most]


@dataclass(frozen=True)
class LinkWord:
    """One word of a view's link, declared once: the dashboard reads and writes it (ViewFilter.from_query, to_query),
    and the static site is given this table (`link_words`) to read and write its links by."""

    name: str  # in the link: ?country=KR
    field: str  # the ViewFilter field it says
    read: Callable[..., object]  # (what the link says, words, notes) -> the field's value; a note says what made no sense
    many: bool = False  # said once per value (country=KR&country=DE, or country=KR,DE)
    site: bool = True  # the static site offers it too
    unsaid: object = None  # a value the link leaves out (the default)


# The link's words besides the dates (`dates`, `from`, `to`: ViewFilter.from_query reads them together).
# A new one: a field of ViewFilter and its word here; the site reads it from `link_words`.
LINK: tuple[LinkWord, ...] = (
    LinkWord("day", "day", _read_day),
    LinkWord("country", "countries", _read_countries, many=True),
    LinkWord("kind", "kinds", _read_kinds, many=True),
    LinkWord("org", "organisations", lambda said, words, notes: tuple(org[:200] for org in said), many=True, site=False),
    LinkWord("q", "search", _cut(MAX_SEARCH)),
    LinkWord("action", "action", _cut(200)),
    LinkWord("slide", "slide", _read_slide, site=False),
    LinkWord("lang", "language", _read_language, unsaid="en"),
)


def link_words() -> list[dict[str, object]]:
    """The link's words as the static site reads them: name, field, many; the dates' three words first."""
    dates = [{"name": name, "field": name, "many": False} for name in ("dates", "from", "to")]
    return dates + [{"name": word.name, "field": word.field, "many": word.many} for word in LINK if word.site]


@dataclass(frozen=True)
class ViewFilter:
    start: dt.date | None = ACTION_WEEK[0]  # None with end None: all dates
    end: dt.date | None = ACTION_WEEK[1]
    day: dt.date | None = None  # one day of the range, as the timeline's player shows it
    countries: tuple[str, ...] = ()  # ISO codes
    kinds: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    search: str = ""
    action: str = ""  # the selected action's id
    slide: str = ""  # the presentation's slide: "opening", a day as YYYY-MM-DD, or "closing"
    language: str = ""  # the interface's language (i18n.LANGUAGES) other than English; "" for the reader's own, else English
    also: tuple[str, ...] = dataclasses.field(default=(), compare=False)  # the search's other names (首尔 -> Seoul); not in a link

    @property
    def all_dates(self) -> bool:
        return self.start is None and self.end is None

    def days(self) -> tuple[dt.date, dt.date] | None:
        """The span of days shown, or None for all dates."""
        if self.day is not None:
            return (self.day, self.day)
        if self.all_dates:
            return None
        return (self.start or dt.date.min, self.end or dt.date.max)

    def to_query(self, home: Home = ACTION_WEEK) -> dict[str, str | list[str]]:
        """Query parameters for this view; the defaults (the campaign's `home` dates) are left out to keep links short."""
        query: dict[str, str | list[str]] = {}
        if (self.start, self.end) == home:
            pass
        elif self.all_dates:
            query["dates"] = "all"
        else:
            query["from"] = self.start.isoformat() if self.start else ""
            query["to"] = self.end.isoformat() if self.end else ""
        for word in LINK:
            value = getattr(self, word.field)
            if value and value != word.unsaid:
                query[word.name] = list(value) if word.many else value.isoformat() if isinstance(value, dt.date) else value
        return query

    @classmethod
    def from_query(
        cls, params: Mapping[str, str | Sequence[str]], home: Home = ACTION_WEEK, words: Words | None = None
    ) -> tuple[ViewFilter, list[str]]:
        """The view a query string describes, and a note for each part that made no sense (in the link's language,
        else `words`'); `home`, the campaign's first dates, stands in for dates the link does not give."""
        notes: list[str] = []
        get = _getter(params)
        language = language_of_link(get("lang")) or ""
        words = words_in(language) if language else (words or ENGLISH)
        values: dict[str, object] = _dates_of(get, home, words, notes)
        for word in LINK:
            said = get_all(params, word.name) if word.many else get(word.name)
            if said:
                values[word.field] = word.read(said, words, notes)
        return cls(**values), notes

    def replace(self, **changes: object) -> ViewFilter:
        return dataclasses.replace(self, **changes)

    @property
    def selection(self) -> ViewFilter:
        """What decides which actions the view shows: the view without its chosen action, slide and language.
        Views that differ only in those show the same actions, counted and drawn the same way."""
        return self.replace(action="", slide="", language="")


def fit_to_data(
    view: ViewFilter, earliest: dt.date, latest: dt.date, home: Home = ACTION_WEEK, words: Words = ENGLISH
) -> tuple[ViewFilter, list[str]]:
    """The view with its dates and day moved inside what can be chosen (earliest..latest), and a note for each move.

    A link may name any date; the date picker only offers a window around the data, and
    a value outside it would be refused. So a date outside is clamped, and said.
    """
    notes: list[str] = []
    start, end = view.start, view.end
    if start is not None and start < earliest:
        notes.append(words.t("from={start} is before the dates this data allows; showing from {earliest}", start=start, earliest=earliest))
        start = earliest
    if end is not None and end > latest:
        notes.append(words.t("to={end} is after the dates this data allows; showing up to {latest}", end=end, latest=latest))
        end = latest
    if start is not None and start > latest or end is not None and end < earliest:
        shown = words.t("the action week") if any(home) else words.t("all dates")
        notes.append(
            words.t(
                "the dates asked for lie outside this data ({earliest} to {latest}); showing {shown}",
                earliest=earliest,
                latest=latest,
                shown=shown,
            )
        )
        start, end = home
    fitted = view.replace(start=start, end=end)
    span = fitted.replace(day=None).days()
    if view.day is not None and span is not None and not span[0] <= view.day <= span[1]:
        notes.append(
            words.t(
                "day={day} is not among the dates shown ({first} to {last}); showing every day of them",
                day=view.day,
                first=span[0],
                last=span[1],
            )
        )
        fitted = fitted.replace(day=None)
    return fitted, notes


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _getter(params: Mapping[str, str | Sequence[str]]):
    def get(name: str) -> str:
        value = params.get(name, "")
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else ""
        return str(value).strip()

    return get


def get_all(params: Mapping[str, str | Sequence[str]], name: str) -> list[str]:
    """Every value of a parameter, whether repeated (?kind=a&kind=b) or comma-separated (?kind=a,b)."""
    value = params.get(name, [])
    items = [value] if isinstance(value, str) else list(value)
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


# --- applying a view --------------------------------------------------------------


def organisations_of(actions: pd.DataFrame) -> list[str]:
    """Each organisation named in the actions, once, sorted. Each distinct cell is split once, however many rows repeat it."""
    names = {name for cell in actions["organisations"].unique() for name in organisation_names(cell)}
    return sorted(names, key=str.casefold)


SEARCHED = ["organisations", "place", "city", "country", "target", "description", "action_kind", "action_kind_original", "date_original"]


def search_text(actions: pd.DataFrame) -> pd.Series:
    """What a search looks in, per action: the searched columns joined and case-folded, column by column
    rather than row by row. Computed once per file (`Loaded.search_text`) and handed to `apply`."""
    columns = [actions[name].astype(str) for name in SEARCHED if name in actions]
    if "country_code" in actions:  # the country's own name too, however the file spelt it ('Korea' is found as South Korea)
        codes = actions["country_code"].astype(str)
        names = {code: country_name(code) if code else "" for code in codes.unique()}
        columns.append(codes.map(names))
    if not columns:
        return pd.Series("", index=actions.index, dtype=str)
    return columns[0].str.cat(columns[1:], sep=" ", na_rep="").str.casefold()


def matches_all_but_dates(actions: pd.DataFrame, view: ViewFilter, searched: pd.Series | None = None) -> pd.Series:
    """Which actions the view's countries, kinds, organisations and search keep. `searched` is `search_text`
    of these actions or of a frame that holds them (it is read by their index)."""
    keep = pd.Series(True, index=actions.index)
    if view.countries:
        keep &= actions["country_code"].isin(view.countries)
    if view.kinds:
        keep &= actions["action_kind"].isin(view.kinds)
    if view.organisations:
        wanted = {name.casefold() for name in view.organisations}
        cells = [cell for cell in actions["organisations"].unique() if any(name.casefold() in wanted for name in organisation_names(cell))]
        keep &= actions["organisations"].isin(cells)
    if view.search:
        text = search_text(actions) if searched is None else searched.reindex(actions.index) if len(searched) != len(actions) else searched
        found = text.str.contains(view.search.casefold(), regex=False, na=False).to_numpy(dtype=bool)
        for name in view.also:  # the same place or kind by its other names: 首尔 finds Seoul
            found = found | text.str.contains(name.casefold(), regex=False, na=False).to_numpy(dtype=bool)
        keep &= found
    return keep


def other_names(query: str, cities: Callable[[str], list[str]], words: Words = ENGLISH) -> tuple[str, ...]:
    """What else a search may mean in the data's words: a city's English name for its name in another script
    (`cities` looks a name up, as the gazetteer does: 首尔, 서울 -> Seoul), a country's and a kind's English name for
    its name in the chosen language (韓國 -> South Korea, 抗議 -> protest). The data itself is searched as written."""
    key = query.strip().casefold()
    if not key or key.isascii():
        return ()
    found: list[str] = list(cities(query.strip()))
    found += [country_name(code) for code in _country_names(words.code).get(name_key(query), ())]
    found += [kind for kind in ACTION_KINDS if kind_word(kind, words).casefold() == key]
    return tuple(dict.fromkeys(name for name in found if name and name.casefold() != key))


@functools.lru_cache(maxsize=8)
def _country_names(language: str) -> dict[str, tuple[str, ...]]:
    """Each country's name in a language (Babel's and pycountry's), by its name_key, -> the codes it names."""
    import pycountry

    names: dict[str, list[str]] = {}
    if language == "en":  # the search text holds each row's English country name already
        return {}
    for country in pycountry.countries:
        for name in country_names(language, country.alpha_2):
            names.setdefault(name_key(name), []).append(country.alpha_2)
    return {key: tuple(codes) for key, codes in names.items() if key}


def in_days(actions: pd.DataFrame, days: tuple[dt.date, dt.date] | None) -> pd.Series:
    """Dated actions that overlap the days; an action with date_end spans its days."""
    dated = actions["date"].notna()
    if days is None:
        return dated
    first, last = pd.Timestamp(days[0]), pd.Timestamp(days[1])
    ends = actions["date_end"].fillna(actions["date"])
    return dated & (actions["date"] <= last) & (ends >= first)


@dataclass(frozen=True)
class ViewResult:
    """What a view shows: dated actions in its days, undated ones listed apart, and how many lie outside.

    `shown` and `undated` hold the campaign's calls to action too (a table lists them); `actions`, `on_map`,
    `not_on_map` and `counts` never count one as an action."""

    shown: pd.DataFrame  # dated, in the days, matching the filters
    undated: pd.DataFrame  # matching the filters, with no date: "not on the timeline"
    outside: int  # matching the filters, dated outside the days (calls to action not counted)

    # each computed once per view: a page asks for them several times, and a million rows are not copied twice
    @functools.cached_property
    def on_map(self) -> pd.DataFrame:
        actions = self.actions
        return actions[actions["unplaced_reason"] == ""] if "unplaced_reason" in actions else actions

    @functools.cached_property
    def not_on_map(self) -> pd.DataFrame:
        actions = self.actions
        return actions[actions["unplaced_reason"] != ""] if "unplaced_reason" in actions else actions.iloc[0:0]

    @functools.cached_property
    def all(self) -> pd.DataFrame:
        """Every row of the view, its calls to action included: what a table lists and a download carries."""
        return pd.concat([self.shown, self.undated]) if len(self.undated) else self.shown

    @functools.cached_property
    def actions(self) -> pd.DataFrame:
        """The view's actions, dated and undated: what is counted, drawn and listed."""
        every = self.all
        frames = every["action_kind"].isin(FRAME_KINDS)
        return every[~frames] if frames.any() else every

    @functools.cached_property
    def frames(self) -> pd.DataFrame:
        every = self.all
        return every[every["action_kind"].isin(FRAME_KINDS)]

    @functools.cached_property
    def counts(self) -> Counts:
        dated = int(self.actions["date"].notna().sum())
        on_map = len(self.on_map)
        total = len(self.actions)
        return Counts(total, on_map, total - on_map, dated, total - dated, self.outside, len(self.frames))


def apply(actions: pd.DataFrame, view: ViewFilter, searched: pd.Series | None = None) -> ViewResult:
    """The view's actions; `searched` (search_text of `actions`, computed once per file) spares the search its work."""
    matching = actions[matches_all_but_dates(actions, view, searched)]
    undated = matching[matching["date"].isna()]
    dated = matching[matching["date"].notna()]
    inside = in_days(dated, view.days())
    shown = dated[inside]
    return ViewResult(shown, undated, int((~inside & ~dated["action_kind"].isin(FRAME_KINDS)).sum()))
