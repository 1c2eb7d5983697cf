"""The actions' database, on SQLite and on a real PostgreSQL server: nothing lost, one validation path,
moderators who cannot overwrite each other."""

import contextlib
import csv
import importlib.util
import io
import re
import subprocess
import sys
import threading

import pandas as pd
import pytest

from tests.conftest import REPO
from utils.actions.load import load_actions
from utils.live import store as store_module
from utils.live.store import CELLS, Conflict, Refused, Store

BUNDLED = REPO / "data" / "actions.csv"

LATEST = max(path.name[:4] for path in store_module.MIGRATIONS.glob("versions/0*.py"))  # the newest migration's revision


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'actions.db'}" if request.param == "sqlite" else request.getfixturevalue("postgresql_url")
    opened = Store(url)
    yield opened
    opened.engine.dispose()


def same_actions(one: pd.DataFrame, other: pd.DataFrame) -> None:
    columns = [name for name in one.columns if name != "row"]
    key = lambda frame: frame[columns].sort_values("id").reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(key(one), key(other))


def test_the_bundled_file_seeds_an_empty_store_once_and_reads_back_the_same(store):
    assert store.seed(BUNDLED).added == 9
    assert store.seed(BUNDLED) is None  # a store with actions keeps what it has
    assert store.import_loaded(load_actions(BUNDLED.read_bytes())).already_there == 9  # idempotent by id
    same_actions(load_actions(BUNDLED).actions, load_actions(store.export_csv()).actions)


def test_a_file_with_its_own_columns_odd_kinds_and_formulas_round_trips(store):
    raw = (
        b"id,date,action_kind,city,country,participants,participants_text,description,Estimate (low),Note\n"
        b'a1,26/03/2019,teach-in,Seoul,KR,15,15 members,"=HYPERLINK(""http://evil.example"")",10,\n'
        b'a2,2019-03-27,rally,Porto,PT,,about 30,"two\nlines",,-kept as text\n'
    )
    store.import_loaded(load_actions(raw))
    exported = store.export_csv()
    same_actions(load_actions(raw).actions, load_actions(exported).actions)
    cells = [cell for row in csv.reader(io.StringIO(exported.decode("utf-8-sig"))) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)  # no spreadsheet runs a cell we wrote


def test_hostile_reports_are_kept_as_text(store):
    hostile = {
        "date": "2019-03-27",
        "action_kind": "protest",
        "organisations": "<script>alert(1)</script>",
        "city": "Seoul",
        "country": "South Korea",
        "description": "=cmd|' /C calc'!A0 " + "x" * 100_000,
    }
    reference = store.submit(hostile, contact="reporter@example.org", sender="session-1")
    row = store.get(f"report-{reference.lower()}")
    assert row["status"] == "pending" and row["organisations"] == "<script>alert(1)</script>"
    assert row["description"] == hostile["description"] and row["contact"] == "reporter@example.org"
    assert store.count("published") == 0 and b"<script>" not in store.export_csv()
    exported = store.export_csv(("pending",))
    assert "reporter@example.org" not in exported.decode("utf-8-sig")  # the contact never leaves in a CSV
    action = load_actions(exported).actions.iloc[0]
    assert action["organisations"] == "<script>alert(1)</script>" and action["description"] == hostile["description"]


def test_a_report_the_loader_refuses_says_which_column(store):
    with pytest.raises(Refused) as refused:
        store.submit({"date": "2019-03-27", "date_end": "2019-03-20", "city": "Seoul"})
    assert refused.value.problems[0].column == "date_end" and "before it starts" in refused.value.problems[0].message
    assert store.count("pending") == 0


def test_approved_reports_are_published_and_rejected_ones_never(store):
    first = store.submit({"date": "2019-03-27", "action_kind": "protest", "organisations": "KCTU", "city": "Seoul", "country": "KR"})
    second = store.submit({"date": "2019-03-28", "action_kind": "protest", "organisations": "Spam", "city": "Nowhere"})
    before = store.generation()
    store.approve(f"report-{first.lower()}", "moderator-a", 1)
    with pytest.raises(ValueError):
        store.reject(f"report-{second.lower()}", "moderator-a", 1, "  ")
    store.reject(f"report-{second.lower()}", "moderator-a", 1, "not an action")
    published = load_actions(store.export_csv()).actions
    assert list(published["organisations"]) == ["KCTU"] and store.generation() > before
    log = store.audit(f"report-{second.lower()}")
    assert list(log["event"]) == ["reported", "rejected", "reason"] and log.iloc[-1]["new"] == "not an action"


def test_two_moderators_on_one_report_one_wins_and_the_other_is_told(store):
    reference = store.submit({"date": "2019-03-27", "action_kind": "protest", "city": "Seoul", "country": "KR"})
    action = f"report-{reference.lower()}"
    store.edit(action, {"city": "Busan"}, "moderator-a", 1)
    with pytest.raises(Conflict, match="moderator-a"):
        store.approve(action, "moderator-b", 1)  # made on the version moderator-a changed
    results: list[str] = []
    barrier = threading.Barrier(2)

    def approve(who: str) -> None:
        barrier.wait()
        try:
            store.approve(action, who, 2)
            results.append("won")
        except Conflict:
            results.append("told")

    threads = [threading.Thread(target=approve, args=(who,)) for who in ("moderator-a", "moderator-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["told", "won"]
    assert store.get(action)["version"] == 3 and list(store.audit(action)["event"]).count("approved") == 1


def test_a_crash_mid_approval_leaves_the_report_pending(store, monkeypatch):
    reference = store.submit({"date": "2019-03-27", "city": "Seoul"})
    action = f"report-{reference.lower()}"

    def crash(*args, **kwargs):
        raise RuntimeError("the server went away")

    monkeypatch.setattr(store_module, "_next_generation", crash)
    with pytest.raises(RuntimeError):
        store.approve(action, "moderator-a", 1)
    row = store.get(action)
    assert (row["status"], row["version"]) == ("pending", 1) and "approved" not in set(store.audit(action)["event"])


def test_duplicates_are_proposed_by_organisation_day_and_city(store):
    store.import_loaded(load_actions(BUNDLED.read_bytes()))
    reference = store.submit(
        {"date": "2019-03-26", "action_kind": "protest", "organisations": "korean confederation of trade unions (kctu)", "city": "seoul"}
    )
    found = store.duplicates(f"report-{reference.lower()}")
    assert [row["id"] for row in found] == ["2019-03-26-seoul-kctu-embassy"]


def test_backup_copies_everything_and_opens_as_a_store(store, tmp_path):
    store.import_loaded(load_actions(BUNDLED.read_bytes()))
    store.submit({"date": "2019-03-27", "city": "Seoul"})
    copied = store.backup(tmp_path / "backup.db")
    again = Store(f"sqlite:///{tmp_path / 'backup.db'}")
    assert copied >= 10 and again.count("published") == 9 and again.count("pending") == 1
    assert again.generation() == store.generation()
    with pytest.raises(FileExistsError):
        store.backup(tmp_path / "backup.db")


def test_the_tables_follow_the_migrations_and_the_schema():
    spec = importlib.util.spec_from_file_location(
        "first", REPO / "utils" / "live" / "migrations" / "versions" / "0001_actions_and_audit.py"
    )
    first = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(first)
    added = []
    for path in sorted((REPO / "utils" / "live" / "migrations" / "versions").glob("0*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        later = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(later)
        added += list(getattr(later, "ADDED_CELLS", ()))
    assert sorted((*first.CELLS, *added)) == sorted(CELLS), (
        "a column added to the schema needs a migration that adds it to the actions table"
    )


def test_commands_import_export_backup_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"

    def command(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "utils", "store", "--database", url, *args], capture_output=True, text=True, cwd=REPO, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout

    assert "9 added" in command("import", str(BUNDLED))
    assert "0 added, 9 already there" in command("import", str(BUNDLED))
    assert "9 actions" in command("export", "-o", str(tmp_path / "out.csv"))
    same_actions(load_actions(BUNDLED).actions, load_actions(tmp_path / "out.csv").actions)
    assert "rows copied" in command("backup", str(tmp_path / "copy.db"))
    assert f"at revision {LATEST}" in command("upgrade")


REPORT = {"date": "2019-03-27", "action_kind": "protest", "organisations": "KCTU", "city": "Seoul", "country": "KR"}


def test_a_report_sent_again_with_its_form_token_is_stored_once(store):
    first = store.submit(REPORT, sender=("session:a", "address:10.0.0.1"), token="form-1")
    again = store.submit(REPORT, sender=("session:a", "address:10.0.0.1"), token="form-1")  # after a blip, or a killed process
    other = store.submit({**REPORT, "description": "a second vigil"}, sender="session:a", token="form-2")
    assert first == again != other
    assert store.count("pending") == 2
    since = pd.Timestamp("2000-01-01", tz="UTC").to_pydatetime()
    assert store.reports_since("session:a", since) == 2 and store.reports_since("address:10.0.0.1", since) == 1


def test_a_report_sent_again_from_a_new_page_is_recognised_by_what_it_says(store):
    first = store.submit(REPORT, contact="a@example.org", sender="session:old", token="form-of-a-dead-process")
    again = store.submit(REPORT, contact="a@example.org", sender="session:new", token="form-of-the-new-page")
    other = store.submit({**REPORT, "description": "and a second vigil"}, contact="a@example.org", token="another")
    someone_else = store.submit(REPORT, contact="b@example.org")
    assert first == again and len({first, other, someone_else}) == 3 and store.count("pending") == 3


def test_a_robots_report_keeps_nothing_but_counts_and_reads_as_any(store):
    reference = store.trap(("session:robot", "address:192.0.2.1"))
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", reference) and store.count("pending") == 0
    assert store.status_of(reference)["status"] == "pending"
    since = pd.Timestamp("2000-01-01", tz="UTC").to_pydatetime()
    assert store.reports_since("address:192.0.2.1", since) == 1


def test_the_same_form_sent_twice_at_once_is_stored_once(store):
    barrier = threading.Barrier(4)
    references: list[str] = []

    def send() -> None:
        barrier.wait()
        references.append(store.submit(REPORT, token="form-at-once"))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(references)) == 1 and len(references) == 4 and store.count("pending") == 1


def test_a_stale_decision_names_who_did_what_and_where_the_report_is_now(store):
    action = f"report-{store.submit(REPORT).lower()}"
    store.approve(action, "bo", 1)
    with pytest.raises(Conflict) as told:
        store.reject(action, "ana", 1, "spam")
    assert (told.value.who, told.value.event, told.value.status) == ("bo", "approved", "published") and told.value.at
    assert store.get(action)["status"] == "published" and list(store.audit(action)["event"]) == ["reported", "approved"]


def test_a_reference_tells_its_status_and_public_reason(store):
    reference = store.submit(REPORT)
    assert store.status_of(reference.lower())["status"] == "pending"
    store.reject(f"report-{reference.lower()}", "ana", 1, "not a solidarity action")
    found = store.status_of(f"  {reference} ")
    assert found["status"] == "rejected" and found["reason"] == "not a solidarity action"
    assert "contact" not in found
    assert store.status_of("ABCD-EFGH") is None


def test_failed_sign_ins_are_counted_for_every_process_and_forgotten_on_success(store):
    other_process = Store(store.url)  # another app process on the same database
    keys = ("address:10.0.0.9", "name:ana|address:10.0.0.9")
    store.sign_in_failed(keys)
    other_process.sign_in_failed(keys[:1])
    counted = other_process.sign_in_failures(keys)
    assert counted[keys[0]][0] == 2 and counted[keys[1]][0] == 1
    store.sign_in_succeeded(keys)
    assert other_process.sign_in_failures(keys) == {}
    other_process.engine.dispose()


def test_a_moderators_session_lasts_its_time_and_ends_on_sign_out(store):
    token = store.open_session("ana", pd.Timedelta(hours=1).to_pytimedelta())
    assert store.session_name(token) == "ana" and store.session_name(token + "x") == "" and store.session_name("") == ""
    expired = store.open_session("bo", pd.Timedelta(seconds=-1).to_pytimedelta())
    assert store.session_name(expired) == ""
    store.close_session(token)
    assert store.session_name(token) == ""


def test_the_migrations_make_the_tables_the_code_declares(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), store_module.metadata)
    assert differences == []


def test_two_processes_opening_a_new_database_at_once_make_it_and_seed_it_once(request, tmp_path):
    url = request.getfixturevalue("postgresql_url")
    barrier = threading.Barrier(3)
    seeded: list[object] = []
    errors: list[BaseException] = []

    def open_and_seed() -> None:
        barrier.wait()
        try:
            opened = Store(url)  # each app process opens (and migrates) the store at its first visit
            seeded.append(opened.seed(BUNDLED))
            opened.engine.dispose()
        except BaseException as error:  # noqa: BLE001 - said by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=open_and_seed) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(done.added for done in seeded if done is not None) == [9] and seeded.count(None) == 2
    assert Store(url).count("published") == 9


def test_an_unread_date_and_a_files_own_word_for_a_kind_come_back_from_the_database_as_written(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'a.db'}")
    store.import_loaded(
        load_actions(b"city,country,date,action_kind\nLyon,France,fin mars 2023,Kundgebung\nNantes,France,2023-03-26,chahut\n")
    )
    back = load_actions(store.export_csv()).actions.set_index("city")
    assert pd.isna(back.loc["Lyon", "date"]) and back.loc["Lyon", "date_original"] == "fin mars 2023"
    assert back.loc["Lyon", "action_kind"] == "protest" and back.loc["Lyon", "action_kind_original"] == "Kundgebung"
    assert back.loc["Nantes", "date"] == pd.Timestamp("2023-03-26") and back.loc["Nantes", "action_kind_original"] == "chahut"


def test_a_reporters_contact_is_erased_days_after_the_decision_and_never_before(store):
    """Three reports with an e-mail: one decided 31 days ago, one decided yesterday, one still pending. After the
    retention pass only the first has lost its contact; the audit says so, never the address."""
    import datetime as dt

    old, fresh, pending = (
        store.submit({**REPORT, "organisations": name}, contact=f"{name.lower()}@example.org") for name in ("Old", "Fresh", "Pending")
    )
    ids = {reference: f"report-{reference.lower()}" for reference in (old, fresh, pending)}
    store.approve(ids[old], "ana", 1)
    store.reject(ids[fresh], "bo", 1, "not an action")
    assert store.get(ids[old])["decided_at"] is not None and store.get(ids[pending])["decided_at"] is None
    assert store.forget_contacts(30) == 0  # decided a moment ago: kept
    now = dt.datetime.now(dt.UTC)
    for action_id, days in ((ids[old], 31), (ids[fresh], 1)):  # as if decided that many days ago
        with store.engine.begin() as connection:
            table = store_module.actions_table
            connection.execute(store_module.update(table).where(table.c.id == action_id).values(decided_at=now - dt.timedelta(days=days)))
    assert store.forget_contacts(30, now=now) == 1
    assert [store.get(ids[reference])["contact"] for reference in (old, fresh, pending)] == ["", "fresh@example.org", "pending@example.org"]
    log = store.audit(ids[old])
    assert log.iloc[-1]["event"] == "contact erased" and "old@example.org" not in log.to_csv()
    assert store.forget_contacts(30, now=now) == 0  # nothing twice
    assert store.forget_contacts(0, now=now) == 1  # 0 days: as soon as it is decided


def test_forget_erases_one_persons_address_everywhere_and_says_what_it_removed(store):
    first = store.submit(REPORT, contact="Ana.Lee@example.org", sender=("session:a", "address:203.0.113.9"))
    second = store.submit({**REPORT, "organisations": "Other"}, contact="ana.lee@example.org ", sender=("session:b", "address:203.0.113.9"))
    other = store.submit({**REPORT, "organisations": "Third"}, contact="bo@example.org")
    store.approve(f"report-{first.lower()}", "ana", 1)
    done = store.forget("ana.lee@example.org")
    assert sorted(done.reports) == sorted([first, second]) and done.counts == 0
    assert "erased as the contact of 2 report(s)" in done.said("ana.lee@example.org")
    assert [store.get(f"report-{ref.lower()}")["contact"] for ref in (first, second, other)] == ["", "", "bo@example.org"]
    import datetime as dt

    assert store.reports_since("address:203.0.113.9", dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)) == 2
    network = store.forget("203.0.113.9")
    assert network.reports == () and network.counts == 2
    assert store.reports_since("address:203.0.113.9", dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)) == 0
    assert store.forget("nobody@example.org").said("nobody@example.org") == "nobody@example.org: nothing kept under this address"


@contextlib.contextmanager
def database_at(url: str, revision: str):
    """A database made by the migrations up to `revision` (one an older app made): a connection to fill it as that
    app would have, before the Store of today opens (and upgrades) it."""
    from alembic import command
    from alembic.config import Config

    engine = store_module.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(store_module.MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            yield connection
    finally:
        engine.dispose()


def test_a_database_made_before_decisions_were_dated_takes_them_from_the_audit(tmp_path):
    """A database at revision 0002 with a decided report: upgraded, its decision's time comes from the audit, so its
    contact is erased on time."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with database_at(url, "0002") as connection:
        now = "2026-01-02 03:04:05"
        connection.execute(
            store_module.text(
                "INSERT INTO actions (id, status, version, contact, created_at, updated_at) "
                "VALUES ('report-r1', 'published', 2, 'x@example.org', :now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            store_module.text("INSERT INTO audit (at, who, action_id, event) VALUES (:now, 'ana', 'report-r1', 'approved')"), {"now": now}
        )
    upgraded = Store(url)
    assert upgraded.revision() == LATEST
    assert str(upgraded.get("report-r1")["decided_at"])[:19] == now
    import datetime as dt

    assert upgraded.forget_contacts(30, now=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)) == 1 and upgraded.get("report-r1")["contact"] == ""
    upgraded.engine.dispose()


def test_a_database_whose_photos_kept_their_own_words_keeps_them_as_its_cells(tmp_path):
    """A database at revision 0006, whose photos rows kept what they show and who took them: upgraded, the words are
    the report's cells (those a moderator already wrote stay), and its photos are kept."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with database_at(url, "0006") as connection:
        now = "2026-12-01 10:00:00"
        for action_id, credit in (("report-r1", ""), ("report-r2", "Moderator's own")):
            connection.execute(
                store_module.text(
                    "INSERT INTO actions (id, status, version, photo_credit, created_at, updated_at) "
                    "VALUES (:id, 'published', 2, :credit, :now, :now)"
                ),
                {"id": action_id, "credit": credit, "now": now},
            )
            for position, (alt, by) in enumerate((("a banner at the gate", "Ana Lee"), ("second", "someone else"))):
                connection.execute(
                    store_module.text(
                        "INSERT INTO photos (action_id, position, digest, data, width, height, alt, credit, created_at) "
                        "VALUES (:id, :position, :digest, :data, 4, 3, :alt, :credit, :now)"
                    ),
                    {
                        "id": action_id,
                        "position": position,
                        "digest": f"{action_id[-1]}{position}" * 16,
                        "data": b"x",
                        "alt": alt,
                        "credit": by,
                        "now": now,
                    },
                )
    upgraded = Store(url)
    assert upgraded.revision() == LATEST
    first, second = upgraded.get("report-r1"), upgraded.get("report-r2")
    assert (first["photo_alt"], first["photo_credit"]) == ("a banner at the gate", "Ana Lee")  # the first photo's words
    assert (second["photo_alt"], second["photo_credit"]) == ("a banner at the gate", "Moderator's own")
    assert len(upgraded.photos("report-r1")) == 2 and set(upgraded.photos("report-r1")[0]) == {"id", "digest", "width", "height"}
    upgraded.engine.dispose()


def test_the_commands_forget_an_address_and_old_contacts(tmp_path):
    url = f"sqlite:///{tmp_path / 'forget.db'}"
    opened = Store(url)
    reference = opened.submit(REPORT, contact="ana@example.org")
    opened.engine.dispose()

    def command(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "utils", "store", "--database", url, *args], capture_output=True, text=True, cwd=REPO, timeout=120
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return done.stdout

    assert f"ana@example.org: erased as the contact of 1 report(s): {reference}" in command("forget", "ana@example.org")
    assert "0 contacts erased, of reports decided more than 30 days ago" in command("forget-contacts")


def test_a_reports_photos_are_kept_with_it_shown_to_moderators_and_published_only_when_it_is(store):
    """Two photos sent with a report: kept with it (clean, as photos.clean_photo made them), the moderator sees both,
    the public none until approval; a photo a moderator removes is gone from both, and the audit says so."""
    from tests.test_photos import phone_photo
    from utils.photos.clean import clean_photo

    photos = [clean_photo(phone_photo((640, 480), 1), "one.jpg"), clean_photo(phone_photo((480, 640), 1), "two.jpg")]
    words = {"photo_alt": "members at the gate with a banner", "photo_credit": "Ana Lee"}  # said once, as its cells
    reference = store.submit(REPORT | words, photos=photos)
    action_id = f"report-{reference.lower()}"
    kept = store.photos(action_id)
    assert [(photo["width"], photo["height"]) for photo in kept] == [(640, 480), (480, 640)]
    assert {name: store.get(action_id)[name] for name in words} == words
    assert store.photo_data(kept[0]["digest"], published_only=False) == photos[0].data
    assert store.photo_data(kept[0]["digest"]) is None and store.published_photos() == {}  # pending: never public
    store.approve(action_id, "ana", 1)
    assert [photo["digest"] for photo in store.published_photos()[action_id]] == [photo.digest for photo in photos]
    assert store.photo_data(kept[1]["digest"]) == photos[1].data
    before = store.generation()
    assert store.remove_photo(kept[0]["id"], "bo") and not store.remove_photo(kept[0]["id"], "bo")
    assert [photo["digest"] for photo in store.published_photos()[action_id]] == [photos[1].digest] and store.generation() > before
    assert store.photo_data(kept[0]["digest"], published_only=False) is None
    assert list(store.audit(action_id)["event"])[-1] == "photo removed"


def test_a_protected_actions_photos_are_never_published(store):
    from tests.test_photos import phone_photo
    from utils.photos.clean import clean_photo

    reference = store.submit({**REPORT, "protect": "city"}, photos=[clean_photo(phone_photo((320, 240), 1))])
    store.approve(f"report-{reference.lower()}", "ana", 1)
    kept = store.photos(f"report-{reference.lower()}")
    assert store.published_photos() == {} and len(kept) == 1 and store.photo_data(kept[0]["digest"]) is None


def test_a_published_photo_file_is_one_a_file_carried_away_may_hold(store):
    from tests.test_photos import phone_photo
    from utils.photos.clean import clean_photo, photo_name

    kept = clean_photo(phone_photo((320, 240), 1))
    reference = store.submit(REPORT, photos=[kept])
    assert store.published_photo_file(photo_name(kept.digest)) is None  # pending
    version = store.approve(f"report-{reference.lower()}", "ana", 1)
    assert store.published_photo_file(photo_name(kept.digest)) == kept.data
    assert store.published_photo_file("photos/elsewhere.jpg") is None
    assert store.published_photo_file(f"../{photo_name(kept.digest)}") is None
    store.edit(f"report-{reference.lower()}", {"protect": "city"}, "ana", version)
    assert store.published_photo_file(photo_name(kept.digest)) is None  # protected: carried nowhere
