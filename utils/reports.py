"""A visitor's report of an action: its fields in plain words, their limits, the anti-abuse rules.

The report is then checked by the loader's own rules (utils/store.py `submit`): one validation path.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from utils import schema
from utils.countries import country_name
from utils.embassies import Embassies, Mission

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
}
WORDS: dict[str, str] = {
    "date": "When",
    "action_kind": "What kind of action",
    "organisations": "Who took part (organisations)",
    "place": "Where exactly (a venue, or an embassy from the list)",
    "city": "City or town",
    "country": "Country",
    "participants": "How many took part",
    "participants_text": "How many, in your words",
    "target": "Addressed to",
    "description": "What happened",
    "source": "A link where it is reported",
    "contact": "Your e-mail, if a moderator may ask you (never shown publicly)",
}
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


def check_form(values: dict[str, object], trap: str = "") -> Checked:
    """The form's values as the cells of one action; a problem for each field over its limit or missing."""
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
            problems.append(f"{WORDS.get(name, name)}: {len(text):,} characters; at most {limit:,}")
        cells[name] = text
    contact = str(values.get("contact") or "").strip()
    if len(contact) > LIMITS["contact"]:
        problems.append(f"{WORDS['contact']}: at most {LIMITS['contact']} characters")
    elif contact and ("@" not in contact or " " in contact):
        problems.append(f"{WORDS['contact']}: {contact[:60]!r} is not an e-mail address")
    if not any(cells.get(name) for name in ("place", "city", "country")):
        problems.append("Where: give a city or a country, or pick an embassy (a letter or a petition: where it was sent from)")
    if not cells.get("date"):
        problems.append(f"{WORDS['date']}: the day it happened")
    return Checked(cells, contact, tuple(problems), bool(trap.strip()))


def too_many(recent_in_session: int, recent_from_address: int) -> str:
    """Why a visitor may not send another report now, or ''."""
    if recent_in_session >= PER_SESSION[0]:
        return f"You have sent {recent_in_session} reports in the last few minutes. Please wait a little before sending another."
    if recent_from_address >= PER_ADDRESS[0]:
        return "Many reports have come from your network in the last hour. Please try again later."
    return ""


def missions_in(embassies: Embassies, country: str) -> list[Mission]:
    """The missions standing in a country (ISO code), embassies first, each sender's by name: for the report form."""
    found = [mission for missions in embassies.by_sender.values() for mission in missions if mission.country == country]
    found = [mission for mission in found if mission.kind != "honorary consulate"]
    return sorted(found, key=lambda m: (m.group != "embassy", country_name(m.sender), m.city))
