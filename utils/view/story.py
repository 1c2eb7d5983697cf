"""The story of the actions, day by day: slides with captions drawn from the data.

An opening slide holds what happened long before the rest (the letter of September
2018); then one slide a day from the first dated action to the last (Porto on 21 March
through 31 March); a closing slide holds the actions with no place or no date
(letters, the petition with its signatures), so nothing is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import pandas as pd

from utils.actions.campaign import BUNDLED
from utils.actions.schema import WRITTEN_KINDS
from utils.i18n import ENGLISH, Words
from utils.map.mapview import marker_rows
from utils.photos.clean import first_photo
from utils.view.fields import kind_word, shown_values, text_of
from utils.view.timeline import days_between, frames, is_frame

PRELUDE_GAP_DAYS = 30  # a quiet spell this long splits the prelude from the story


@dataclass(frozen=True)
class Caption:
    who: str
    where: str
    what: str
    how_many: str
    on_map: bool
    unnamed: str = "Unnamed organisers"  # said for `who` when the source names none, in the caption's language
    photo: str = ""  # its first photo the app serves ('photos/<digest>.jpg'), shown large on the slide
    photo_alt: str = ""
    photo_credit: str = ""

    @property
    def text(self) -> str:
        parts = [self.who or self.unnamed, self.what]
        if self.where:
            parts.append(self.where)
        if self.how_many:
            parts.append(self.how_many)
        return " · ".join(parts)


@dataclass(frozen=True)
class Slide:
    key: str  # "opening", a day as YYYY-MM-DD, or "closing": what the URL says
    title: str
    subtitle: str
    captions: list[Caption] = field(default_factory=list)
    markers: list[list] = field(default_factory=list)  # as mapview.marker_rows
    ids: tuple[str, ...] = ()  # the actions it tells (its captions'), for a check that none is lost; not in the file

    def as_json(self) -> dict:
        data = asdict(self)
        del data["ids"]
        data["captions"] = [{**asdict(caption), "text": caption.text} for caption in self.captions]
        return data


def captions_of(actions: pd.DataFrame, words: Words = ENGLISH) -> list[Caption]:
    """Each action's caption, from the same values as its popup (fields.shown_values)."""
    values = shown_values(actions, words)
    people, worded = values["people"], text_of(actions, "participants_text") != ""
    taking_part = people.map(lambda number: words.t("{people} taking part", people=number) if number else "")
    how_many = people.where(worded, taking_part)  # '15 taking part', or 'some 20 members'
    placed = text_of(actions, "unplaced_reason").eq("") & (actions["lat"].notna() if "lat" in actions else False)
    unnamed = words.t("Unnamed organisers")
    photos = values["photo"].map(first_photo)
    return [
        Caption(who, where, _what(kind, target, words), people, bool(on_map), unnamed, photo, alt, credit)
        for who, where, kind, target, people, on_map, photo, alt, credit in zip(
            values["organisations"],
            values["place"],
            values["kind"],
            values["target"],
            how_many,
            placed,
            photos,
            values["photo_alt"],
            values["photo_credit"],
            strict=True,
        )
    ]


def _what(kind: str, target: str, words: Words = ENGLISH) -> str:
    said = kind_word(kind, words)
    if not target:
        return said
    if kind in WRITTEN_KINDS:
        return words.t("{kind} to {target}", kind=said, target=target)
    if re.search(r"embass|consulate|office", target, re.IGNORECASE):
        return words.t("{kind} at {target}", kind=said, target=target)
    return words.t("{kind}, addressed to {target}", kind=said, target=target)


def _captions(actions: pd.DataFrame, words: Words = ENGLISH) -> list[Caption]:
    return captions_of(actions, words) if len(actions) else []


def _ids(actions: pd.DataFrame) -> tuple[str, ...]:
    return tuple(actions["id"].astype(str)) if "id" in actions else ()


def _placed(actions: pd.DataFrame) -> pd.DataFrame:
    if "unplaced_reason" in actions:
        return actions[actions["unplaced_reason"] == ""]
    return actions[actions["lat"].notna()]


def story_slides(
    actions: pd.DataFrame,
    max_days: int = 366,
    opening_title: str = BUNDLED.opening,
    closing_title: str = BUNDLED.closing,
    words: Words = ENGLISH,
    span: tuple[dt.date, dt.date] | None = None,
    weeks: Sequence[tuple[dt.date, dt.date]] = (),
) -> list[Slide]:
    """The slides of the story of a view, in order: never more than `max_days` day slides, and no action of it left out.

    `span` is the view's dates (None: all dates); `weeks` the campaign's weeks of action. The day slides tell the
    span, and the days leading up to a campaign's week when the span starts with one (Porto's dockers, four days
    before the week); what came before them opens the story, and what has no place or no date closes it. Actions
    after the span are not in it (`told_after` counts them). With all dates, the story is the stretch that holds the
    campaign's first week (else the busiest one): a report from this week follows 2019, it does not swallow it.

    A stretch of up to `max_days` has a slide for every day, quiet ones included; a longer one (an action running to
    2100) only for the days on which an action starts. Past `max_days` day slides, the rest join the closing slide,
    which says so.
    """
    actions = in_story(actions, span)
    dated = actions[actions["date"].notna()].sort_values("date", kind="stable")
    days = sorted({day.date() for day in dated["date"]})
    start = _story_start(days, span, weeks)
    slides: list[Slide] = []
    early = dated[dated["date"].dt.date < start] if start else dated.iloc[0:0]
    if len(early):
        first = early["date"].min().date()
        subtitle = words.t("From {day}", day=words.date(first, "long"))
        slides.append(Slide("opening", opening_title, subtitle, _captions(early, words), marker_rows(_placed(early), words), _ids(early)))
    story = dated[dated["date"].dt.date >= start] if start else dated
    shown = _story_days(story, max_days, span[1] if span else None)
    for day in shown[:max_days]:
        starting = story[story["date"].dt.date == day]
        slides.append(
            Slide(
                day.isoformat(),
                words.date(day, "day"),
                _day_subtitle(story, starting, day, words),
                _captions(starting, words),
                marker_rows(_placed(starting), words),
                _ids(starting),
            )
        )
    later = story[story["date"].dt.date > shown[max_days - 1]] if len(shown) > max_days else actions.iloc[0:0]
    placeless = actions.get("unplaced_reason", pd.Series("", index=actions.index)) != ""
    unplaced = actions[(actions["date"].isna() | placeless) & ~is_frame(actions)]
    closing = pd.concat([unplaced, later]).drop_duplicates("id")
    if len(closing):
        subtitle = words.t("Letters, petitions and other actions with no place on the map or no date")
        if len(later):
            subtitle += words.tn(
                "; and {n} action after the story's last day ({days} days at most)",
                "; and {n} actions after the story's last day ({days} days at most)",
                len(later),
                days=max_days,
            )
        slides.append(
            Slide("closing", closing_title, subtitle, _captions(closing, words), marker_rows(_placed(closing), words), _ids(closing))
        )
    return slides


def in_story(actions: pd.DataFrame, span: tuple[dt.date, dt.date] | None) -> pd.DataFrame:
    """The actions a story of these dates tells: all but those starting after its last day (undated ones too)."""
    return actions if span is None else actions[~(actions["date"] > pd.Timestamp(span[1]))]


def told_after(actions: pd.DataFrame, span: tuple[dt.date, dt.date] | None) -> int:
    """How many of these actions start after the view's dates, and so are not in its story (frames not counted)."""
    if span is None:
        return 0
    return int(((actions["date"] > pd.Timestamp(span[1])) & ~is_frame(actions)).sum())


def _story_start(days: list[dt.date], span: tuple[dt.date, dt.date] | None, weeks: Sequence[tuple[dt.date, dt.date]]) -> dt.date | None:
    """The first day with a slide: what is dated before it opens the story."""
    if not days:
        return None
    stretches = _stretches(days)
    if span is not None:
        if not any(first == span[0] for first, _ in weeks):
            return span[0]
        before = [stretch for stretch in stretches if stretch[0] <= span[0] and span[0] - stretch[-1] < dt.timedelta(PRELUDE_GAP_DAYS)]
        return min(before[-1][0], span[0]) if before else span[0]  # the week's run-up: the days leading up to it
    holding = [
        stretch for stretch in stretches if any(stretch[0] - dt.timedelta(PRELUDE_GAP_DAYS) < first <= stretch[-1] for first, _ in weeks)
    ]
    main = holding[0] if holding else max(stretches, key=len)  # the campaign's first week, else the busiest stretch
    return main[0]


def _stretches(days: list[dt.date]) -> list[list[dt.date]]:
    """The days split where a quiet spell of PRELUDE_GAP_DAYS or more falls between them."""
    stretches = [[days[0]]]
    for earlier, later in zip(days, days[1:], strict=False):
        if (later - earlier).days >= PRELUDE_GAP_DAYS:
            stretches.append([])
        stretches[-1].append(later)
    return stretches


def _story_days(story: pd.DataFrame, max_days: int, until: dt.date | None = None) -> list[dt.date]:
    """Each stretch of the story day by day, quiet days included, if it is at most `max_days` long (its actions' last
    days too, up to `until`, the view's last day); a longer stretch only by the days on which an action starts."""
    shown: list[dt.date] = []
    days = sorted({day.date() for day in story["date"]})
    if not days:
        return shown
    ends = story["date_end"].fillna(story["date"]).dt.date
    for stretch in _stretches(days):
        within = (story["date"].dt.date >= stretch[0]) & (story["date"].dt.date <= stretch[-1])
        last = max(stretch[-1], ends[within].max() if until is None else min(ends[within].max(), until))
        shown += days_between(stretch[0], last) if (last - stretch[0]).days < max_days else stretch
    return sorted(set(shown))


def _day_subtitle(story: pd.DataFrame, starting: pd.DataFrame, day: dt.date, words: Words = ENGLISH) -> str:
    """How many actions start that day (a call to action is no action: it begins), and which longer ones go on."""
    count = int((~is_frame(starting)).sum())
    said = words.tn("{n} action", "{n} actions", count) if count else words.t("No new action reported on this day in the sources")
    for frame in frames(starting):
        said += words.t(" · {frame} begins", frame=frame.name)
    stamp = pd.Timestamp(day)
    ongoing = story[(story["date"] < stamp) & (story["date_end"].notna()) & (story["date_end"] >= stamp)]
    for action in ongoing.to_dict("records"):
        said += words.t(
            " · going on: {kind} by {who}, {first}–{last}",
            kind=kind_word(action["action_kind"], words),
            who=action.get("organisations") or words.t("unnamed organisers"),
            first=words.date(action["date"], "month"),
            last=words.date(action["date_end"], "month"),
        )
    return said


def slide_index(slides: list[Slide], key: str) -> int:
    """Which slide a URL's `slide=` names; the first when it names none."""
    for index, slide in enumerate(slides):
        if slide.key == key:
            return index
    return 0


def story_words(words: Words = ENGLISH) -> dict[str, str]:
    """The story player's own words, in the chosen language: the buttons, the keys, the counter."""
    return {
        "map": words.t("Map of the day's actions"),
        "controls": words.t("Story controls"),
        "previous_day": words.t("Previous day"),
        "previous": words.t("◀ Previous"),
        "play": words.t("▶ Play"),
        "pause": words.t("⏸ Pause"),
        "next_day": words.t("Next day"),
        "next": words.t("Next ▶"),
        "pace": words.t("Pace"),
        "slow": words.t("slow"),
        "normal": words.t("normal"),
        "fast": words.t("fast"),
        "skip": words.t("Skip quiet days"),
        "full": words.t("Full screen"),
        "shortcuts": words.t("Keys: ← → or a clicker, space plays, f full screen"),
        "part": words.t("Part {part} of {parts}"),
        "rest": words.t(": Next shows the rest"),
        "counter": words.t("{slide} of {slides}"),
        "unnamed": words.t("Unnamed organisers"),
        "off_map": words.t(" (not on the map)"),
    }
