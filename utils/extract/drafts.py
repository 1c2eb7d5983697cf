"""From a campaign's report to draft rows: each action a text describes, as a row of our schema, with
the sentences each came from. Rules over the text, offline, no language model: dateparser for dates,
number-parser for counts in words, the project's own gazetteer and embassy list for places, its own
kinds and their synonyms.

A draft is never a fact: each row carries its evidence (the exact sentences), a confidence and notes
on what it could not read; a person accepts it before it joins the data.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field, make_dataclass

from utils.actions.dates import month_names
from utils.actions.schema import COLUMN_NAMES, KIND, KINDS, WRITTEN_KINDS
from utils.places.countries import countries_in, country_code, country_name
from utils.places.embassies import Embassies, mission_kind

# an action is done (a verb in the past), not only mentioned
DONE = re.compile(
    r"\b(launched|started|marched|gathered|protested|held|took|wrote|written|staged|rallied|picketed|collected|carried out|conducted|"
    r"joined|organi[sz]ed|delivered|sent|signed|received|continued|rassembl\w*|manifest\w*|concentr\w*|marcharon|protestaron|défil\w*)\b",
    re.IGNORECASE,
)
LAUNCH = re.compile(r"\b(carried out|launch\w*|call\w* for|called|announc\w*|were marked by)\b[^.]{0,40}\b(week|days?|action)\b", re.I)
CONTEXT = re.compile(r"^(since|in recent years|although|therefore|in reality|chinese government should)\b", re.IGNORECASE)
SAME_DAY = re.compile(r"\b(on the same day|the same day|that day|le même jour|el mismo día)\b", re.IGNORECASE)
COUNT = re.compile(
    r"\b((?:some|about|around|approximately|nearly|over|more than|at least|up to|près de|environ|unos|unas|cerca de)\s+)?"
    r"(\d[\d,.]*|\w+)\s+(?:de\s+)?(members|dockers|workers|people|protesters|protestors|activists|unionists|trade unionists|participants|"
    r"students|delegates|signatories|signatures|militants|personnes|personas|trabajadores|travailleurs|estudiantes|étudiants)\b",
    re.IGNORECASE,
)
ORG = re.compile(
    r"((?:[A-Z][\w’'&.-]*\s+){0,6}(?:Union|Unions|Confederation|Federation|Campaign|Campaigns|Council|League|Congress|"
    r"Association|Centre|Center|Network|Monitor|Committee|Movement|Alliance|Coalition|Collective)"
    r"(?:\s+(?:of|for|de|des|du)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s*){1,4})?(?:\s*\([A-Z]{2,}\))?"
    r"|\b(?:Confédération|Confederación|Fédération|Federación|Sindicato|Syndicat|Gewerkschaft)(?:\s+(?:[A-Z][\w’'-]*|de|del|des|du|la|le|los|las|y|et)){1,8}"
    r"|(?:[A-Z][\w’'-]+\s+){1,3}for\s+(?:[A-Z][\w’'-]+\s?){1,3}"
    r"|\b[A-Z]{3,}(?:-[A-Z]+)?\b)"
)
NOT_ORGS = {"ILO", "ACFTU", "JASIC", "NGO", "UN", "EU", "USA", "UK", "CEO", "ICT", "TV", "LGBT", "MARCH", "APRIL"}
MONTHS = "|".join(month_names("en"))  # the reports read here are in English (dates.py reads every language's)
# a month's name where it is one: beside a day or a year, or after 'in', 'since', 'early' (never a kind of action)
MONTH_IN_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b|\b(?:{MONTHS})\s+\d{{1,4}}\b"
    rf"|\b(?:in|since|until|till|from|by|during|early|mid|late|end of|of)[\s-]+(?:{MONTHS})\b"
)
BETWEEN = re.compile(rf"\bbetween\s+(\d{{1,2}})\s+and\s+(\d{{1,2}})\s+({MONTHS})(?:\s+(\d{{4}}))?", re.IGNORECASE)
REFERS_BACK = re.compile(r"^(They|These|This|The protest(?:e|o)rs)\b|\b(this|the same) (protest|action|march|rally)\b", re.IGNORECASE)
PRONOUN = re.compile(r"\b(it|its|they|their)\b", re.IGNORECASE)
BRANCH = re.compile(r"\b(?i:its)\s+((?:[A-Z][\w-]+\s?){1,3})\s+(?:branch|section|chapter)\b")
SCENE = re.compile(r"^(?:In|À|En)\s+([A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?),\s*([A-Z][\w ]+?),")
SALUTATION = re.compile(r"^(Dear|Mr\.?|Ms\.?|Mrs\.?|Madam|Sir|Chère?|Monsieur|Madame|Estimad[oa])\b.*,\s*$")
CLOSING = re.compile(r"\b(Sincerely|Yours (?:sincerely|faithfully)|Kind regards|Best regards|In solidarity|Cordialement|Atentamente)\b")
DAY_MONTH = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th|er)?\s+(?:de\s+)?[A-Za-zéûñ]{3,10}\.?(?:\s+(?:de\s+)?\d{4})?|"
    r"(?:" + MONTHS + r")\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?)\b",
    re.IGNORECASE,
)
IN_COUNTRY = re.compile(r"^In (?:the )?([A-Z][\w .’'-]+?),")
SPAN = re.compile(rf"\b(\d{{1,2}})\s*[-–]\s*(\d{{1,2}})\s+({MONTHS})(?:,?\s+(\d{{4}}))?", re.IGNORECASE)
UNTIL = re.compile(rf"\buntil\s+(\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?)", re.IGNORECASE)


DRAFTED = tuple(name for name in COLUMN_NAMES if name not in ("id", "lat", "lon"))  # a file's columns, but an id and a position


def _row(draft) -> dict[str, str]:
    """The draft as a row: its cells in the schema's order, then what it was read from."""
    return {
        **{name: getattr(draft, name) for name in DRAFTED},
        "evidence": " ".join(draft.evidence),
        "confidence": f"{draft.confidence:.2f}",
        "notes": "; ".join(draft.notes),
    }


# A draft row: a text cell for each column of the schema a report can tell (DRAFTED: the schema's, never listed
# again here), the sentences it came from, notes on what could not be read, and how sure the reader is.
Draft = make_dataclass(
    "Draft",
    [
        *((name, str, field(default="")) for name in DRAFTED),
        ("evidence", list[str], field(default_factory=list)),
        ("notes", list[str], field(default_factory=list)),
        ("confidence", float, field(default=0.0)),
    ],
    namespace={"row": _row},
)
DRAFT_COLUMNS = tuple(Draft().row())


def sentences(text: str) -> list[str]:
    """The text's sentences, in order (headings and list items count as sentences)."""
    text = re.sub(r"[ \t]+", " ", text.replace("\r", ""))
    text = re.sub(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])", ". ", text)  # 'today.In Hong Kong': a sentence ends there
    # a short line with no full stop is a heading ('Toronto, Canada'): a sentence of its own
    text = re.sub(r"(?m)^([^\n.!?]{1,60})\n(?=\S)", "\\1\n\n", text)
    parts: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+\.)\s)", text):
        block = " ".join(block.split())
        if not block:
            continue
        parts.extend(piece.strip() for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9“\"¿¡])", block) if piece.strip())
    return parts


def _kind(sentence: str) -> str:
    """The kind whose phrase (schema.KINDS) comes first in the sentence. A call to action wins when the sentence
    launches or carries it out ('carried out a global action week'); named in passing ('In light of the Day of
    Action, unions have written to ...') the action done wins."""
    lowered = MONTH_IN_DATE.sub(" ", sentence.casefold() + " ")  # 'On 26 March 2019 ... held a protest': a month, not a march
    found = [(lowered.find(phrase), kind.name) for kind in KINDS for phrase in kind.phrases if phrase in lowered]
    frames = [name for _, name in found if KIND[name].frame]
    others = [(at, name) for at, name in found if not KIND[name].frame]
    if frames and (not others or LAUNCH.search(sentence)):
        return frames[0]
    return min(others)[1] if others else ""


def _dates(sentence: str, as_of: dt.date, language: str) -> tuple[str, str, str]:
    """(date, date_end, the words read) of a sentence, resolved against `as_of` for the year."""
    for pattern in (SPAN, BETWEEN):  # '14-19 February', 'between 25 and 31 March 2019': first day, last day, month, year
        span = pattern.search(sentence)
        if span:
            year, month = int(span.group(4) or as_of.year), _month(span.group(3))
            first, last = (dt.date(year, month, int(span.group(number))).isoformat() for number in (1, 2))
            return first, last, span.group(0)
    until = UNTIL.search(sentence)
    if until:
        day = _parse(until.group(1), as_of, language)
        return "", day.isoformat() if day else "", until.group(0)
    for match in DAY_MONTH.finditer(sentence):  # '21 March', '26 mars 2019', 'March 26, 2019': dateparser reads the phrase
        day = _parse(match.group(0), as_of, language)
        if day is not None and 1990 <= day.year <= as_of.year + 1:
            return day.isoformat(), "", match.group(0)
    from dateparser.search import search_dates

    found = search_dates(
        sentence,
        languages=[language],
        settings={"RELATIVE_BASE": dt.datetime.combine(as_of, dt.time()), "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]},
    )
    for words, moment in found or []:
        if re.fullmatch(r"[\d\s.,:/-]+", words) or not re.search(r"\d", words):
            continue  # a bare number is no date
        if 1990 <= moment.year <= as_of.year + 1:
            return moment.date().isoformat(), "", words
    return "", "", ""


def _month(name: str) -> int:
    return MONTHS.split("|").index(name.casefold()) + 1


def _parse(words: str, as_of: dt.date, language: str) -> dt.date | None:
    import dateparser

    if not re.search(r"[A-Za-zéûñ]{3,}", words) or re.search(r"\b(members|people|workers|dockers)\b", words, re.IGNORECASE):
        return None
    moment = dateparser.parse(
        words, languages=[language], settings={"RELATIVE_BASE": dt.datetime.combine(as_of, dt.time()), "PREFER_DATES_FROM": "past"}
    )
    return moment.date() if moment else None


def _count(sentence: str) -> tuple[str, str]:
    from number_parser import parse_number

    for match in COUNT.finditer(sentence):
        number = match.group(2).replace(",", "")
        value = int(number) if number.isdigit() else parse_number(number)
        if value is None or _is_year(sentence, match):
            continue
        return str(int(value)), match.group(0).strip()
    return "", ""


def _is_year(sentence: str, match: re.Match[str]) -> bool:
    """'In 2019 members of the union...', 'On 26 March 2019 members...': a year, never a head count."""
    number = match.group(2)
    if match.group(1) or not re.fullmatch(r"(19|20)\d\d", number):
        return False
    before = sentence[: match.start(2)].casefold().rstrip(" ,")
    return before == "" or bool(re.search(rf"\b({MONTHS}|in|since|until|till|from|by|during|year|en|depuis|desde|de)$", before))


def _organisations(sentence: str) -> list[str]:
    found: list[str] = []
    for match in ORG.finditer(sentence):
        name = match.group(1).strip(" ,.’'")
        name = re.sub(r"^(?:The|the|On|In|Its|Their|Also)\s+", "", name)
        if not name or name.upper() in NOT_ORGS or name.casefold() in ("union", "unions"):
            continue
        if any(name in other or other in name for other in found):
            found = [other for other in found if other not in name]
        found.append(name)
    return found


@dataclass(frozen=True)
class Reading:
    drafts: list[Draft]
    unread: int  # sentences left unread when the time given ran out


class Extractor:
    def __init__(self, embassies: Embassies | None = None, gazetteer=None):
        self.embassies = embassies if embassies is not None else Embassies.open()
        self.gazetteer = gazetteer

    def drafts(self, text: str, as_of: dt.date, language: str = "en", source: str = "") -> list[Draft]:
        """The actions `text` describes, in its order; a letter (a salutation and a closing) is one action, itself."""
        return self.read(text, as_of, language, source).drafts

    def read(self, text: str, as_of: dt.date, language: str = "en", source: str = "", seconds: float | None = None) -> Reading:
        """As `drafts`, within `seconds` of time if given: the sentences not reached by then are counted, never read."""
        letter = self._letter(text, as_of, language, source)
        if letter is not None:
            return Reading([letter], 0)
        deadline = None if seconds is None else time.monotonic() + seconds
        found: list[Draft] = []
        pending_date, pending_orgs, scene = "", [], ("", "")  # what the sentence before an action said of it
        last_orgs: list[str] = []
        every = sentences(text)
        for number, sentence in enumerate(every):
            if deadline is not None and time.monotonic() > deadline:
                return Reading(found, len(every) - number)
            date, date_end, date_words = _dates(sentence, as_of, language)
            if not date and SAME_DAY.search(sentence) and found:
                date = found[-1].date
            kind = _kind(sentence)
            orgs = _organisations(sentence)
            countries = [code for code in countries_in(sentence) if code != "CN" or "in China" in sentence]
            opening = IN_COUNTRY.match(sentence)  # 'In the US, rallies …': the country the sentence opens with comes first
            if opening and country_code(opening.group(1)):
                countries = [country_code(opening.group(1)), *[code for code in countries if code != country_code(opening.group(1))]]
            refers_back = bool(REFERS_BACK.search(sentence)) and not date
            action = kind and (DONE.search(sentence) or KIND[kind].frame or kind == "petition") and not CONTEXT.match(sentence)
            if not action or refers_back:
                if found and not date and (refers_back or not orgs or set(orgs) <= set(last_orgs)) and not CONTEXT.match(sentence):
                    found[-1].evidence.append(sentence)
                pending_date = date or pending_date
                pending_orgs = orgs  # only the sentence just before an action names who did it
                opening = SCENE.match(sentence)
                if opening:
                    scene = (opening.group(1), opening.group(2))
                continue
            if found and not date and not orgs and not countries and kind == found[-1].action_kind and not found[-1].participants:
                # 'Some 60 members gathered at the gate.' after 'the union held a rally in Hamburg': the same action
                found[-1].evidence.append(sentence)
                found[-1].participants, found[-1].participants_text = _count(sentence)
                continue
            if KIND[kind].frame and not date and any(KIND[d.action_kind].frame for d in found):
                next(d for d in found if KIND[d.action_kind].frame).evidence.append(sentence)  # the same week, named again
                continue
            petition = next((d for d in found if d.action_kind == "petition"), None) if kind == "petition" else None
            if petition is not None and (not orgs or set(orgs) & set(petition.organisations.split("; "))):
                self._merge_petition(petition, sentence, date, date_end)
                continue
            draft = Draft(date=date or pending_date, date_end=date_end, action_kind=kind, source=source, evidence=[sentence])
            if date_words and not draft.date and date_end:
                draft.notes.append(f"no start day: {date_words!r} is when it ended")
            own = orgs or pending_orgs or (last_orgs if PRONOUN.search(sentence) else [])
            branch = BRANCH.search(sentence)
            if branch and last_orgs:
                own = [f"{last_orgs[0]} {branch.group(1)}"]
            draft.organisations = "; ".join(own)
            if not KIND[kind].frame:
                near = countries or ([country_code(scene[1]) or ""] if scene[1] else [])
                self._place(draft, sentence, [code for code in near if code], scene[0])
                if branch:  # a branch elsewhere: the country of the organisation is not the branch's
                    draft.place = draft.city = draft.country = ""
            draft.participants, draft.participants_text = _count(sentence)
            draft.target = _target(sentence)
            draft.description = sentence if len(sentence) <= 400 else sentence[:397] + "…"
            _honest(draft)
            found.append(draft)
            last_orgs = own or last_orgs
            pending_date, pending_orgs, scene = "", [], ("", "")
        return Reading(found, 0)

    def _merge_petition(self, petition: Draft, sentence: str, date: str, date_end: str) -> None:
        """A later sentence on the same petition ('Until 1 April, 8121 signatures') completes it."""
        petition.evidence.append(sentence)
        petition.date = petition.date or date
        petition.date_end = petition.date_end or date_end
        count, words = _count(sentence)
        if count:
            petition.participants, petition.participants_text = count, words
        petition.notes = []
        _honest(petition)

    def _letter(self, text: str, as_of: dt.date, language: str, source: str) -> Draft | None:
        """A letter (a dateline, a salutation, a closing): one action, sent from its dateline's city."""
        lines = [re.sub(r"[*_#>`]+|\[([^\]]*)\]\([^)]*\)", r"\1", line).strip() for line in text.splitlines()]
        salutation = next((n for n, line in enumerate(lines) if SALUTATION.match(line)), None)
        if salutation is None or not CLOSING.search(text):
            return None
        dateline = next((n for n, line in enumerate(lines[:salutation]) if DAY_MONTH.search(line) and len(line) < 60), None)
        if dateline is None:
            return None
        line = lines[dateline]
        date, _, words = _dates(line, as_of, language)
        draft = Draft(date=date, action_kind="letter", source=source, evidence=[line])
        header = [item for item in lines[:dateline] if item and not re.fullmatch(r"-{3,}", item)]
        draft.organisations = "; ".join(header[:6])
        addressee = [item for item in lines[dateline + 1 : salutation] if item][:2]
        draft.target = ", ".join(addressee)
        city = line[: line.find(words)].strip(" ,") if words and line.find(words) > 0 else ""
        if city:
            self._place(draft, f"in {city}", [], "")
        body = " ".join(item for item in lines[salutation + 1 :] if item)
        first = sentences(body)[:1]
        draft.evidence += [lines[salutation], *first]
        draft.description = first[0][:400] if first else ""
        _honest(draft)
        return draft

    def _place(self, draft: Draft, sentence: str, countries: list[str], scene_city: str = "") -> None:
        if mission_kind(sentence):
            host = next((code for code in countries if code != "CN"), "")
            found = self.embassies.find(sentence, host=host)
            if found and found.mission:
                mission = found.mission
                draft.place, draft.city, draft.country = mission.name, mission.city, country_name(mission.country)
                if found.note:
                    draft.notes.append(found.note)
                return
            if found and found.note:
                draft.notes.append(found.note)
        city = self._city(sentence, countries) or (self._city(f"in {scene_city}", countries) if scene_city else None)
        if city:
            draft.city, code = city
            draft.country = country_name(code) if code else ""
        elif countries:
            draft.country = country_name(countries[0])

    def _city(self, sentence: str, countries: list[str]) -> tuple[str, str] | None:
        if self.gazetteer is None:
            return None
        for match in re.finditer(r"\b(?:in|at|from|to|through|near|outside|à|en|de)\s+((?:[A-Z][\w’'-]+\s?){1,3})", sentence):
            name = match.group(1).strip()
            if country_code(name):
                if name.casefold() in ("hong kong", "macau", "singapore"):
                    return name, country_code(name) or ""
                continue
            place = self.gazetteer.city(name, countries[0] if countries else "")
            if place is not None and (not place.note or place.note.startswith("ambiguous")):
                return name, place.country
        return None


def _target(sentence: str) -> str:
    for pattern in (
        r"\b(?:wrote|written|write|letter)\s+to\s+((?:[A-Z][\w’'-]*\s?){1,5})",
        r"\b(?:at|in front of|outside)\s+the\s+((?:Chinese|[A-Z]\w+)\s+(?:embassy|consulate)(?:\s+in\s+[A-Z]\w+)?)",
        r"\bto\s+the\s+((?:[A-Z][\w’'-]*\s?){1,6})",
        r"\bdemand(?:ed)?\s+(?:the\s+)?((?:[A-Z][\w’'-]*\s?){1,3})\s+to\b",
    ):
        match = re.search(pattern, sentence)
        if match:
            return match.group(1).strip(" ,.")
    return ""


def _honest(draft: Draft) -> None:
    """What the draft could not read is said, and it is left empty: never a guess presented as fact."""
    draft.notes = [note for note in draft.notes if not note.startswith(("no date", "no place", "no count"))]
    if not draft.date and not draft.date_end:
        draft.notes.append("no date in the text: left empty")
    placeless = draft.action_kind in WRITTEN_KINDS or KIND[draft.action_kind].frame  # a letter or a call may have no place
    if not (draft.place or draft.city or draft.country) and not placeless:
        draft.notes.append("no place in the text: left empty")
    if draft.action_kind == "petition" and not draft.participants:
        draft.notes.append("no count of signatures")
    draft.confidence = _confidence(draft)


def _confidence(draft: Draft) -> float:
    score = 0.3
    score += 0.25 if draft.date or draft.date_end else 0
    score += 0.2 if draft.place or draft.city or draft.country else 0
    score += 0.15 if draft.organisations else 0
    score += 0.1 if draft.action_kind else 0
    return round(min(score, 1.0), 2)
