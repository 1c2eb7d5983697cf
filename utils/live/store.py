"""Actions in a database: published ones, reports waiting for a moderator, rejected ones, and who did what.

SQLAlchemy 2 over SQLite (a file, by default) or PostgreSQL (psycopg 3) for a hosted site; the
tables are under Alembic migrations (utils/live/migrations/), created or upgraded when the store opens.

Each action is kept as the text of its cells in the actions file's columns (utils/actions/schema.py), the
way the loader reads them back: `export_csv()` writes a file that `load_actions` reads to the same
actions, so the CSV stays the interchange format and there is one validation path, the loader's.
Every write is one transaction; an edit names the version it was made on, and a second moderator's
edit of a version that is gone is refused with who changed it (`Conflict`), never applied over it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from utils.actions import schema
from utils.actions.load import ERROR, LoadResult, Problem, load_actions
from utils.errors import ConfigError
from utils.escape import safe_cell
from utils.live.reports import one_row_csv
from utils.photos.clean import MOST_PHOTOS, SERVED, SERVED_NAME, Photo, photo_name
from utils.settings import DEFAULT_DATABASE

log = logging.getLogger(__name__)

STATUSES = ("pending", "published", "rejected")
ADVISORY_LOCK = 7_274_201_903  # the store's own PostgreSQL advisory lock ("solidarity map", any number of our own)
RESENT_WITHIN = dt.timedelta(hours=1)  # a pending report sent again as it was within this time is the same report
DATABASE_ERRORS = (SQLAlchemyError, OSError)  # the database is down, unwritable or gone: a page says so plainly, the log says why
CELLS: tuple[str, ...] = tuple(name for name in schema.COLUMN_NAMES if name != "id")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

metadata = MetaData()
actions_table = Table(
    "actions",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("status", String(16), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("reference", String(16), unique=True),
    *[Column(name, Text, nullable=False, server_default="") for name in CELLS],
    Column("extra", Text, nullable=False, server_default="{}"),  # the file's own columns, as JSON
    Column("contact", Text, nullable=False, server_default=""),  # a reporter's address: never shown publicly
    Column("reason", Text, nullable=False, server_default=""),  # why it was rejected
    Column("duplicate_of", String(200), nullable=False, server_default=""),
    Column("origin", String(16), nullable=False, server_default="import"),  # import or report
    Column("form_token", String(64), nullable=True),  # the report form's token: a resend is stored once
    Column("decided_at", DateTime(timezone=True), nullable=True),  # approved or rejected: the contact is kept N days after
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_actions_form_token", "form_token", unique=True),
)
audit_table = Table(
    "audit",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(200), nullable=False),
    Column("action_id", String(200), nullable=False, index=True),
    Column("event", String(32), nullable=False),
    Column("field", String(64), nullable=False, server_default=""),
    Column("old", Text, nullable=False, server_default=""),
    Column("new", Text, nullable=False, server_default=""),
)
report_log_table = Table(
    "report_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("sender", String(64), nullable=False, index=True),
)
sign_in_failures_table = Table(
    "sign_in_failures",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
)
sessions_table = Table(
    "moderator_sessions",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)
trapped_table = Table(  # a robot's report is dropped; its reference is kept, so that its status reads like any report's
    "trapped_reports",
    metadata,
    Column("reference", String(16), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)
photos_table = Table(  # a report's photos, as utils/photos/clean.py made them: a JPEG with no metadata
    "photos",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action_id", String(200), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("digest", String(32), nullable=False, index=True),  # its name where it is served: a hash of its bytes
    Column("data", LargeBinary, nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
generation_table = Table("generation", metadata, Column("one", Integer, primary_key=True), Column("number", Integer, nullable=False))


@dataclass(frozen=True)
class Forgotten:
    """What `forget` removed: the reports whose contact was the address, and the counts of reports sent from it."""

    reports: tuple[str, ...]  # their references
    counts: int

    def said(self, address: str) -> str:
        if not self.reports and not self.counts:
            return f"{address}: nothing kept under this address"
        parts = []
        if self.reports:
            parts.append(f"erased as the contact of {len(self.reports)} report(s): {', '.join(self.reports)}")
        if self.counts:
            parts.append(f"erased from the report limits' counts ({self.counts} report(s) sent from it)")
        return f"{address}: " + "; ".join(parts)


class Conflict(Exception):
    """The action changed since the version an edit was made on: someone else's change stands.

    `who`, `event` (as the audit log says it: edited, approved, rejected…) and `at` name the last change, and
    `status` is where the action now is, so that a page can say in the moderator's language what happened."""

    def __init__(self, action_id: str, who: str = "", event: str = "", at: dt.datetime | None = None, status: str = ""):
        self.action_id, self.who, self.event, self.at, self.status = action_id, who, event, at, status
        by = f" ({event} by {who} at {at:%H:%M:%S} UTC)" if who and at else ""
        super().__init__(f"it was changed since you opened it{by}: reload it to see the change")


class Refused(Exception):
    """A report or an edit the loader's rules refuse: `problems` say which column and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class Imported:
    added: int
    already_there: int
    rejected: int
    problems: tuple[Problem, ...]


def database_url(setting: str = "") -> str:
    """The setting's URL; by default an SQLite file under the user's data directory."""
    if setting:
        return setting
    DEFAULT_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DATABASE}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def cells_of(action: Mapping[str, object]) -> dict[str, str]:
    """A loaded action as the text of its cells: what the loader reads back to the same action."""
    cells: dict[str, str] = {}
    for name in CELLS:
        value = action.get(name)
        kind = schema.BY_NAME[name].kind
        if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
            cells[name] = ""
        elif kind == "date":
            cells[name] = pd.Timestamp(value).strftime("%Y-%m-%d")
        elif kind == "number":
            cells[name] = repr(float(value))
        elif kind == "integer":
            cells[name] = str(int(value))
        else:
            cells[name] = str(value)
    if action.get("action_kind_original"):  # the file's own word for the kind stays as written, read again to the same kind
        cells["action_kind"] = str(action["action_kind_original"])
    if action.get("date_original") and not cells["date"]:  # a date the loader could not read stays as written
        cells["date"] = str(action["date_original"])
    return cells


class Store:
    def __init__(self, url: str):
        self.url = url
        try:
            self.engine: Engine = create_engine(url, pool_pre_ping=True)
        except Exception as error:  # a wrong URL: said with the setting's name; the URL (it may hold a password) only in the log
            log.error("cannot open the database: %s: %s", type(error).__name__, error)
            raise ConfigError(
                "SOLIDARITY_MAP_DATABASE_URL is not a database URL this app can open "
                "(expected sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/NAME)"
            ) from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.upgrade()

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def upgrade(self) -> None:
        """Create the tables, or bring them to the newest migration."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            _one_process_at_a_time(connection)  # two app processes starting on one new database
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def revision(self) -> str:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision() or ""

    # --- reading -------------------------------------------------------------------

    def generation(self) -> int:
        """A number that grows with every change to what is published: what the pages' caches key on."""
        with self.engine.connect() as connection:
            return int(connection.execute(select(generation_table.c.number)).scalar_one())

    def count(self, status: str = "published") -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).where(actions_table.c.status == status)).scalar_one())

    def rows(self, statuses: tuple[str, ...] = ("published",)) -> list[dict]:
        with self.engine.connect() as connection:
            query = (
                select(actions_table).where(actions_table.c.status.in_(statuses)).order_by(actions_table.c.created_at, actions_table.c.id)
            )
            return [dict(row._mapping) for row in connection.execute(query)]

    def get(self, action_id: str) -> dict | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(actions_table).where(actions_table.c.id == action_id)).first()
            return dict(row._mapping) if row else None

    def export_csv(self, statuses: tuple[str, ...] = ("published",)) -> bytes:
        """The actions as a CSV the loader reads back to the same actions (ids, cells, the file's own columns)."""
        rows = self.rows(statuses)
        photos = self.published_photos()  # a published report's own photos, named where the app serves them
        for row in rows:
            if row["id"] in photos and row["status"] == "published" and not row["protect"]:
                kept = photos[row["id"]]
                row["photo"] = row["photo"] or "; ".join(photo_name(photo["digest"]) for photo in kept)
        extras: list[str] = []
        for row in rows:
            for name in json.loads(row["extra"] or "{}"):
                if name not in extras:
                    extras.append(name)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([safe_cell(name) for name in ["id", *CELLS, *extras]])
        for row in rows:
            own = json.loads(row["extra"] or "{}")
            cells = [row["id"], *(row[name] for name in CELLS), *(own.get(name, "") for name in extras)]
            writer.writerow([safe_cell(cell) for cell in cells])  # no spreadsheet runs a cell; the loader reads it back as it was
        return buffer.getvalue().encode("utf-8-sig")  # with a BOM, so that Excel reads accents right

    def audit(self, action_id: str | None = None) -> pd.DataFrame:
        with self.engine.connect() as connection:
            query = select(audit_table).order_by(audit_table.c.seq)
            if action_id:
                query = query.where(audit_table.c.action_id == action_id)
            rows = [dict(row._mapping) for row in connection.execute(query)]
        return pd.DataFrame(rows, columns=["seq", "at", "who", "action_id", "event", "field", "old", "new"])

    # --- writing -------------------------------------------------------------------

    def import_loaded(self, result: LoadResult, who: str = "import") -> Imported:
        """Add a loaded file's accepted actions (any format, mapped as the user chose) as published."""
        with self.engine.begin() as connection:
            return _import(connection, result, who)

    def seed(self, path: Path) -> Imported | None:
        """A store that never took a file takes the bundled one's actions (reports sent before do not count);
        one that did keeps what it has, whatever moderators changed since."""
        with self.engine.connect() as connection:
            if _has_imported(connection):  # every start after the first: the file is not even read
                return None
        result = load_actions(Path(path).read_bytes())
        with self.engine.begin() as connection:
            _one_process_at_a_time(connection)  # the first process seeds; the second, having waited, finds it done
            if _has_imported(connection):
                return None
            return _import(connection, result, "seed")

    def submit(
        self,
        cells: Mapping[str, str],
        contact: str = "",
        sender: str | tuple[str, ...] = "",
        token: str = "",
        photos: Sequence[Photo] = (),
    ) -> str:
        """A visitor's report, checked by the loader's rules, kept pending; its reference code for the visitor.

        `sender` (a session, an address, or several) is what the rate limits count. `token` is the form's own:
        a report sent again with it (after a blip, or from a page whose process died before it answered) is not
        stored twice, and its first reference is given back. `photos` (clean, as photos.clean_photo made them) are kept
        with it (what they show and who took them are its cells photo_alt, photo_credit): shown to moderators,
        published with it."""
        action = _checked({name: str(cells.get(name, "")) for name in CELLS})
        token = token[:64]
        checked = cells_of(action)
        if already := self.reference_of_token(token) or self._same_report(checked, contact.strip()):
            return already
        reference = _reference()
        now = _now()
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    insert(actions_table).values(
                        id=f"report-{reference.lower()}",
                        status="pending",
                        version=1,
                        reference=reference,
                        **checked,
                        contact=contact.strip(),
                        origin="report",
                        form_token=token or None,
                        created_at=now,
                        updated_at=now,
                    )
                )
                _audit(connection, "visitor", f"report-{reference.lower()}", "reported")
                for position, photo in enumerate(photos[:MOST_PHOTOS]):
                    connection.execute(
                        insert(photos_table).values(
                            action_id=f"report-{reference.lower()}",
                            position=position,
                            digest=photo.digest,
                            data=photo.data,
                            width=photo.width,
                            height=photo.height,
                            created_at=now,
                        )
                    )
                _log_senders(connection, sender, now)
        except IntegrityError:  # the same form sent twice at once: the other send stored it
            already = self.reference_of_token(token) if token else ""
            if not already:
                raise
            return already
        return reference

    def _same_report(self, cells: Mapping[str, str], contact: str) -> str:
        """A pending report with these very cells and contact from the last hour: the same report sent again from a
        new page (its process died before it answered, so the form's token was lost with it)."""
        table = actions_table.c
        query = select(table.reference).where(
            table.status == "pending",
            table.origin == "report",
            table.created_at >= _now() - RESENT_WITHIN,
            table.contact == contact,
            *(getattr(table, name) == value for name, value in cells.items()),
        )
        with self.engine.connect() as connection:
            return connection.execute(query.limit(1)).scalar() or ""

    def trap(self, sender: str | tuple[str, ...] = "") -> str:
        """A robot's report (the hidden field filled): nothing of it kept but a reference, given and counted as any report's."""
        reference = _reference()
        now = _now()
        with self.engine.begin() as connection:
            connection.execute(insert(trapped_table).values(reference=reference, at=now))
            _log_senders(connection, sender, now)
        return reference

    def reference_of_token(self, token: str) -> str:
        """The reference of the report a form sent with `token`, or '' (not sent yet)."""
        if not token:
            return ""
        with self.engine.connect() as connection:
            return connection.execute(select(actions_table.c.reference).where(actions_table.c.form_token == token)).scalar() or ""

    def last_change(self, action_id: str) -> Conflict:
        """Who last changed the action, how, when, and where it now is: what a click on an older version would meet."""
        with self.engine.connect() as connection:
            status = connection.execute(select(actions_table.c.status).where(actions_table.c.id == action_id)).scalar() or ""
            return _conflict(connection, action_id, status)

    def status_of(self, reference: str) -> dict | None:
        """What a reporter may know of their report, by its reference: its status, id, public reason, when decided."""
        code = reference.strip().upper()[:16]
        with self.engine.connect() as connection:
            row = connection.execute(
                select(
                    actions_table.c.id,
                    actions_table.c.status,
                    actions_table.c.reference,
                    actions_table.c.reason,
                    actions_table.c.duplicate_of,
                    actions_table.c.created_at,
                    actions_table.c.updated_at,
                ).where(actions_table.c.reference == code, actions_table.c.origin == "report")
            ).first()
            if row is None:
                trapped = connection.execute(select(trapped_table.c.at).where(trapped_table.c.reference == code)).scalar()
                if trapped is not None:  # a robot's: it reads as waiting, as any new report does
                    return {"id": "", "status": "pending", "reference": code, "reason": "", "duplicate_of": "", "created_at": trapped}
        return dict(row._mapping) if row else None

    def reports_since(self, sender: str, since: dt.datetime) -> int:
        """How many reports `sender` (a session or an address) made since `since`: the rate limit counts these."""
        with self.engine.connect() as connection:
            query = select(func.count()).where(report_log_table.c.sender == _hashed(sender), report_log_table.c.at >= since)
            return int(connection.execute(query).scalar_one())

    def edit(self, action_id: str, changes: Mapping[str, str], who: str, version: int) -> int:
        """Change cells of an action made on `version`; checked by the loader's rules. The new version."""
        unknown = sorted(set(changes) - set(CELLS))
        if unknown:
            raise ValueError(f"not columns of an action: {', '.join(unknown)}")
        with self.engine.begin() as connection:
            row = _current(connection, action_id, version)
            cells = {name: row[name] for name in CELLS} | {name: str(value) for name, value in changes.items()}
            checked = cells_of(_checked(cells))
            changed = {name: value for name, value in checked.items() if value != row[name]}
            if not changed:
                return version
            _bump(connection, action_id, version, **changed)
            for name, value in changed.items():
                _audit(connection, who, action_id, "edited", name, row[name], value)
            if row["status"] == "published":
                _next_generation(connection)
        return version + 1

    def approve(self, action_id: str, who: str, version: int) -> int:
        return self._decide(action_id, who, version, "published", "")

    def reject(self, action_id: str, who: str, version: int, reason: str, duplicate_of: str = "") -> int:
        if not reason.strip():
            raise ValueError("a rejection needs a reason")
        return self._decide(action_id, who, version, "rejected", reason.strip(), duplicate_of)

    def _decide(self, action_id: str, who: str, version: int, status: str, reason: str, duplicate_of: str = "") -> int:
        with self.engine.begin() as connection:
            row = _current(connection, action_id, version)
            _bump(connection, action_id, version, status=status, reason=reason, duplicate_of=duplicate_of, decided_at=_now())
            _audit(connection, who, action_id, {"published": "approved", "rejected": "rejected"}[status], "status", row["status"], status)
            if reason:
                _audit(connection, who, action_id, "reason", "reason", row["reason"], reason)
            if "published" in (status, row["status"]):
                _next_generation(connection)
        return version + 1

    # --- photos ---------------------------------------------------------------------

    def photos(self, action_id: str) -> list[dict]:
        """An action's photos, in order, without their bytes: id, digest, width, height (what they show and who took them
        are its cells)."""
        table = photos_table.c
        query = select(table.id, table.digest, table.width, table.height).where(table.action_id == action_id)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query.order_by(table.position, table.id))]

    def photo_data(self, digest: str, published_only: bool = True) -> bytes | None:
        """A photo's bytes by its digest: only a published, unprotected action's unless `published_only` is False (a
        moderator's)."""
        query = select(photos_table.c.data).where(photos_table.c.digest == digest)
        if published_only:
            query = query.join(actions_table, actions_table.c.id == photos_table.c.action_id).where(
                actions_table.c.status == "published",
                actions_table.c.protect == "",  # a protected action's: never public
            )
        with self.engine.connect() as connection:
            return connection.execute(query.limit(1)).scalar()

    def published_photos(self) -> dict[str, list[dict]]:
        """The photos of every published action, by action: what the public cards show (a protected action's none)."""
        table, actions = photos_table.c, actions_table.c
        query = (
            select(table.action_id, table.digest, table.width, table.height)
            .join(actions_table, actions.id == table.action_id)
            .where(actions.status == "published", actions.protect == "")
            .order_by(table.action_id, table.position, table.id)
        )
        found: dict[str, list[dict]] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                found.setdefault(row.action_id, []).append({name: row._mapping[name] for name in ("digest", "width", "height")})
        return found

    def published_photo_file(self, name: str) -> bytes | None:
        """A published photo's bytes by its name in a photo cell ('photos/<digest>.jpg'); None for a pending, protected
        or removed action's, or a name not ours. What a file carried away (the story file, the static site) holds."""
        if not SERVED_NAME.match(name):
            return None
        return self.photo_data(name.removeprefix(f"{SERVED}/").removesuffix(".jpg"))

    def remove_photo(self, photo_id: int, who: str) -> bool:
        """A moderator takes a photo away (from a pending or a published action): audited; whether there was one."""
        with self.engine.begin() as connection:
            row = connection.execute(select(photos_table).where(photos_table.c.id == photo_id)).first()
            if row is None:
                return False
            connection.execute(delete(photos_table).where(photos_table.c.id == photo_id))
            _audit(connection, who, row.action_id, "photo removed", "photo", row.digest, "")
            status = connection.execute(select(actions_table.c.status).where(actions_table.c.id == row.action_id)).scalar()
            if status == "published":
                _next_generation(connection)
        return True

    # --- what is kept of the people who report -------------------------------------

    def forget_contacts(self, days: int, now: dt.datetime | None = None) -> int:
        """Erases the contact of every report decided more than `days` ago (settings.contact_days): how many were
        erased. The audit says each was, never the address."""
        cutoff = (now or _now()) - dt.timedelta(days=max(days, 0))
        table = actions_table.c
        with self.engine.begin() as connection:
            ids = (
                connection.execute(select(table.id).where(table.contact != "", table.decided_at.is_not(None), table.decided_at <= cutoff))
                .scalars()
                .all()
            )
            if ids:
                connection.execute(update(actions_table).where(table.id.in_(ids)).values(contact=""))
            for action_id in ids:
                _audit(connection, "retention", action_id, "contact erased", "contact", "", f"{days} days after the decision")
        return len(ids)

    def forget(self, address: str, who: str = "forget") -> Forgotten:
        """Erases one person's address wherever it is kept: the contact of every report that gives it (pending ones
        too; the e-mail compared as written, in any case), and for a network address its counts in the report limits.
        What was removed, to be said to the person."""
        address = address.strip()
        if not address:
            raise ValueError("no address given")
        table = actions_table.c
        with self.engine.begin() as connection:
            rows = connection.execute(
                select(table.id, table.reference).where(func.lower(func.trim(table.contact)) == address.lower())
            ).all()
            if rows:
                connection.execute(update(actions_table).where(table.id.in_([row.id for row in rows])).values(contact=""))
            for row in rows:
                _audit(connection, who, row.id, "contact erased", "contact", "", "on the person's request")
            counted = connection.execute(
                delete(report_log_table).where(report_log_table.c.sender == _hashed(f"address:{address}"))
            ).rowcount
        return Forgotten(tuple(row.reference or row.id for row in rows), counted)

    def duplicates(self, action_id: str) -> list[dict]:
        """Other actions by the same organisation, on the same day, in the same city: proposed as duplicates."""
        row = self.get(action_id)
        if row is None:
            return []
        table = actions_table.c
        with self.engine.connect() as connection:
            query = select(actions_table).where(
                table.id != action_id,
                table.status != "rejected",
                func.lower(table.organisations) == row["organisations"].lower(),
                table.date == row["date"],
                func.lower(table.city) == row["city"].lower(),
            )
            return [dict(found._mapping) for found in connection.execute(query)]

    # --- sign-ins: counted in the database, so every process of a site shares them ----------

    def sign_in_failures(self, keys: tuple[str, ...]) -> dict[str, tuple[int, dt.datetime]]:
        """Each key's failed sign-ins since its last success, and when the last one was (keys as `auth.Throttle` names them)."""
        hashed = {_hashed(key): key for key in keys}
        table = sign_in_failures_table.c
        with self.engine.connect() as connection:
            rows = connection.execute(select(table.key, table.failures, table.last_at).where(table.key.in_(list(hashed))))
            return {hashed[row.key]: (row.failures, _utc(row.last_at)) for row in rows}

    def sign_in_failed(self, keys: tuple[str, ...], now: dt.datetime | None = None) -> None:
        now = now or _now()
        table = sign_in_failures_table
        for key in keys:
            hashed = _hashed(key)
            for _ in range(2):  # two processes may count the first failure at once: the loser adds to the winner's row
                try:
                    with self.engine.begin() as connection:
                        done = connection.execute(
                            update(table).where(table.c.key == hashed).values(failures=table.c.failures + 1, last_at=now)
                        )
                        if done.rowcount == 0:
                            connection.execute(insert(table).values(key=hashed, failures=1, last_at=now))
                    break
                except IntegrityError:
                    continue

    def sign_in_succeeded(self, keys: tuple[str, ...]) -> None:
        with self.engine.begin() as connection:
            connection.execute(sign_in_failures_table.delete().where(sign_in_failures_table.c.key.in_([_hashed(key) for key in keys])))

    def open_session(self, name: str, lasting: dt.timedelta) -> str:
        """A moderator's session, kept for `lasting`: the token for their browser's cookie (the database keeps only its hash)."""
        token = secrets.token_urlsafe(32)
        now = _now()
        with self.engine.begin() as connection:
            connection.execute(sessions_table.delete().where(sessions_table.c.expires_at < now))
            connection.execute(insert(sessions_table).values(token=_hashed(token), name=name[:200], expires_at=now + lasting))
        return token

    def session_name(self, token: str) -> str:
        """The moderator a cookie's token signs in, or '' (unknown, expired, or signed out)."""
        if not token or len(token) > 100:
            return ""
        table = sessions_table.c
        with self.engine.connect() as connection:
            query = select(table.name).where(table.token == _hashed(token), table.expires_at > _now())
            return connection.execute(query).scalar() or ""

    def close_session(self, token: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(sessions_table.delete().where(sessions_table.c.token == _hashed(token)))

    def backup(self, path: Path) -> int:
        """Every table copied into a new SQLite file at `path` (open it with SOLIDARITY_MAP_DATABASE_URL=sqlite:///PATH)."""
        path = Path(path)
        if path.exists():
            raise FileExistsError(f"{path} exists; a backup never overwrites a file")
        copy = Store(f"sqlite:///{path}")
        copied = 0
        with self.engine.connect() as source, copy.engine.begin() as target:
            for table in (actions_table, audit_table, report_log_table, photos_table):
                rows = [dict(row._mapping) for row in source.execute(select(table))]
                if rows:
                    target.execute(insert(table), rows)
                copied += len(rows)
            number = source.execute(select(generation_table.c.number)).scalar_one()
            target.execute(update(generation_table).values(number=number))
        copy.engine.dispose()
        return copied


def _import(connection: Connection, result, who: str) -> Imported:
    """The loaded file's accepted actions added as published, in the caller's transaction; ids already there kept."""
    known = result.actions.columns
    extras = [name for name in result.extra_columns if name in known]
    added = there = 0
    now = _now()
    present = set(connection.execute(select(actions_table.c.id)).scalars())
    for action in result.actions.to_dict("records"):
        if action["id"] in present:
            there += 1
            continue
        present.add(action["id"])
        own = {name: str(action.get(name, "")) for name in extras if str(action.get(name, ""))}
        connection.execute(
            insert(actions_table).values(
                id=action["id"],
                status="published",
                version=1,
                **cells_of(action),
                extra=json.dumps(own, ensure_ascii=False),
                origin="import",
                created_at=now,
                updated_at=now,
            )
        )
        _audit(connection, who, action["id"], "imported")
        added += 1
    if added:
        _next_generation(connection)
    return Imported(added, there, result.rejected_count, tuple(result.problems))


def _has_imported(connection: Connection) -> bool:
    return bool(connection.execute(select(func.count()).where(actions_table.c.origin == "import")).scalar_one())


def _one_process_at_a_time(connection: Connection) -> None:
    """Holds the database's lock for the rest of the transaction: on PostgreSQL an advisory lock, so that two app
    processes starting at once migrate and seed one after the other (SQLite writers already wait for each other)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
    cursor.execute("PRAGMA busy_timeout=10000")  # two writers: the second waits, it does not fail
    cursor.close()


def _checked(cells: Mapping[str, str]) -> dict:
    """The one validation path: the cells read by the loader, as one row of a file. Errors refuse them."""
    result = load_actions(one_row_csv(dict(cells)))
    # a file keeps a row whose date cannot be read; a report is sent again with the date put right
    errors = [problem for problem in result.problems if problem.severity == ERROR or problem.dropped]
    if errors or not result.accepted:
        raise Refused(errors or [Problem(2, None, "", "the report could not be read")])
    return result.actions.iloc[0].to_dict()


def _current(connection: Connection, action_id: str, version: int) -> dict:
    row = connection.execute(select(actions_table).where(actions_table.c.id == action_id).with_for_update()).first()
    if row is None:
        raise KeyError(action_id)
    if row.version != version:
        raise _conflict(connection, action_id, row.status)
    return dict(row._mapping)


def _conflict(connection: Connection, action_id: str, status: str) -> Conflict:
    """Who last changed the action, how and when: what a moderator whose page is stale is told."""
    last = connection.execute(
        select(audit_table)
        .where(audit_table.c.action_id == action_id, audit_table.c.event != "reason")
        .order_by(audit_table.c.seq.desc())
        .limit(1)
    ).first()
    if last is None:
        return Conflict(action_id, status=status)
    return Conflict(action_id, last.who, last.event, last.at, status)


def _bump(connection: Connection, action_id: str, version: int, **values: str) -> None:
    done = connection.execute(
        update(actions_table)
        .where(actions_table.c.id == action_id, actions_table.c.version == version)
        .values(version=version + 1, updated_at=_now(), **values)
    )
    if done.rowcount != 1:  # another transaction got there between the read and the write
        raise _conflict(connection, action_id, "")


def _audit(connection: Connection, who: str, action_id: str, what: str, field: str = "", old: str = "", new: str = "") -> None:
    connection.execute(insert(audit_table).values(at=_now(), who=who[:200], action_id=action_id, event=what, field=field, old=old, new=new))


def _next_generation(connection: Connection) -> None:
    connection.execute(update(generation_table).values(number=generation_table.c.number + 1))


def _reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread over the phone
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def _log_senders(connection: Connection, sender: str | tuple[str, ...], now: dt.datetime) -> None:
    """One report counted for each of its senders (a session, an address): what the rate limits read."""
    for one in (sender,) if isinstance(sender, str) else sender:
        connection.execute(insert(report_log_table).values(at=now, sender=_hashed(one)))


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back a naive time for what was written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _hashed(text: str) -> str:
    """A session id, an address or a session's token, kept only as a hash: the database holds no address and no token."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
