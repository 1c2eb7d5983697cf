"""A visitor's report of an action: its fields in plain words, their limits, the anti-abuse rules.

The report is then checked by the loader's own rules (utils/live/store.py `submit`): one validation path.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from utils.actions import schema
from utils.i18n import ENGLISH, N_, Words
from utils.places.countries import country_name
from utils.places.embassies import Embassies, Mission

# The most each field may hold, in characters: a report is a few lines, never a file.
LIMITS: dict[str, int] = {
    "organisations": 300,
    "place": 200,
    "city": 100,
    "country": 100,
    "participants_text": 100,
    "target": 200,
    "description": 4000,
    "source": 500,
    "contact": 200,
    "photo_alt": 300,
    "photo_credit": 200,
}
CONTACT = N_("Your e-mail")  # the one field of a report that is no column of an action: it is never published
CONTACT_HELP = N_(
    "Only if a moderator may ask you about the report. Never shown publicly, and erased {days} days after the report is decided."
)


def field_label(name: str, words: Words = ENGLISH) -> str:
    """A report's field as the form labels it: its column's one label (schema.Column.label), or the contact's."""
    return words.t(CONTACT) if name == "contact" else schema.column_label(name, words)


PER_SESSION = (3, dt.timedelta(minutes=10))  # at most 3 reports from one browser session in 10 minutes
PER_ADDRESS = (20, dt.timedelta(hours=1))  # at most 20 from one network address in an hour (a union office shares one)


@dataclass(frozen=True)
class Checked:
    cells: dict[str, str]
    contact: str
    problems: tuple[str, ...]  # in plain words, naming the field
    trap: bool  # the hidden field was filled: a robot, answered as if all was well and dropped


def one_row_csv(cells: dict[str, str]) -> bytes:
    """One action's cells as a file of one row: what the loader reads, so that a report is checked like any file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    names = [name for name in schema.COLUMN_NAMES if name != "id"]
    writer.writerow(["id", *names])
    writer.writerow(["report", *(cells.get(name, "") for name in names)])
    return buffer.getvalue().encode("utf-8")


def check_form(values: dict[str, object], trap: str = "", words: Words = ENGLISH) -> Checked:
    """The form's values as the cells of one action; a problem for each field over its limit or missing (in `words`)."""
    cells: dict[str, str] = {}
    problems: list[str] = []
    for name, value in values.items():
        if name == "contact":
            continue
        if isinstance(value, dt.date):
            text = value.isoformat()
        elif value is None:
            text = ""
        else:
            text = str(value).strip()
        limit = LIMITS.get(name)
        if limit is not None and len(text) > limit:
            problems.append(words.t("{field}: {n} characters; at most {limit}", field=field_label(name, words), n=len(text), limit=limit))
        cells[name] = text
    contact = str(values.get("contact") or "").strip()
    field = field_label("contact", words)
    if len(contact) > LIMITS["contact"]:
        problems.append(words.t("{field}: at most {limit} characters", field=field, limit=LIMITS["contact"]))
    elif contact and ("@" not in contact or " " in contact):
        problems.append(words.t("{field}: {value} is not an e-mail address", field=field, value=repr(contact[:60])))
    if not any(cells.get(name) for name in ("place", "city", "country")):
        problems.append(words.t("Where: give a city or a country, or pick an embassy (a letter or a petition: where it was sent from)"))
    if not cells.get("date"):
        problems.append(words.t("{field}: the day it happened", field=field_label("date", words)))
    return Checked(cells, contact, tuple(problems), bool(trap.strip()))


def too_many(recent_in_session: int, recent_from_address: int, words: Words = ENGLISH, adding: int = 1) -> str:
    """Why a visitor may not send `adding` more reports now (a batch counts as its rows), or ''."""
    if recent_in_session + adding > PER_SESSION[0]:
        if adding > 1 and recent_in_session < PER_SESSION[0]:
            return words.t(
                "Sending {n} more would pass the {most} reports this site takes from one visitor in a few minutes ({sent} sent already).",
                n=adding,
                most=PER_SESSION[0],
                sent=recent_in_session,
            )
        return words.t(
            "You have sent {n} reports in the last few minutes. Please wait a little before sending another.", n=recent_in_session
        )
    if recent_from_address + adding > PER_ADDRESS[0]:
        return words.t("Many reports have come from your network in the last hour. Please try again later.")
    return ""


def missions_in(embassies: Embassies, country: str) -> list[Mission]:
    """The missions standing in a country (ISO code), embassies first, each sender's by name: for the report form."""
    found = [mission for missions in embassies.by_sender.values() for mission in missions if mission.country == country]
    found = [mission for mission in found if mission.kind != "honorary consulate"]
    return sorted(found, key=lambda m: (m.group != "embassy", country_name(m.sender), m.city))
