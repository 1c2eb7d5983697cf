"""Moderate: only signed-in moderators see the queue; an approval shows on every visitor's map (AppTest)."""

import os
import re

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from tests.conftest import REPO, database_held, notices
from utils.live.auth import hash_password
from utils.live.store import Store

PASSWORD = "correct horse battery"
HASH = hash_password(PASSWORD)


@pytest.fixture(autouse=True)
def settings(offline_app):
    yield


def store() -> Store:
    return Store(os.environ["SOLIDARITY_MAP_DATABASE_URL"])


def page(name: str, accounts: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    if accounts is not None:
        app.secrets["moderators"] = accounts
    app.run()
    app._page_hash = calc_hash(name)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def labelled(elements, label: str):
    return next(element for element in elements if element.label == label)


def sign_in(app: AppTest, name: str, password: str) -> AppTest:
    labelled(app.text_input, "Name").set_value(name)
    labelled(app.text_input, "Password").set_value(password)
    labelled(app.button, "Sign in").click().run()
    return app


def figures(app: AppTest) -> str:
    html = next(element.proto.body for element in app.get("html") if "sm-figures" in element.proto.body)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def report(**cells) -> str:
    base = {"date": "2019-03-27", "action_kind": "protest", "organisations": "KCTU", "city": "Seoul", "country": "KR"}
    return store().submit({**base, **cells}, contact="union@example.org")


def test_a_visitor_who_is_not_signed_in_gets_no_moderation_widget():
    report()
    app = page("moderate", {"ana": HASH})
    assert [box.label for box in app.text_input if box.label != "Search"] == ["Name", "Password"]
    assert not [box for box in app.selectbox if box.label == "Report"] and not [b for b in app.button if "Approve" in b.label]
    assert "union@example.org" not in " ".join(notices(app, "caption"))


def test_no_account_set_up_is_said():
    app = page("moderate", None)
    assert any("No moderator account is set up" in info.value for info in app.info)


def test_a_wrong_password_is_refused_and_the_next_try_must_wait():
    app = page("moderate", {"ana": HASH})
    sign_in(app, "ana", "wrong password")
    assert any("do not match" in text for text in notices(app, "error"))
    sign_in(app, "ana", PASSWORD)
    assert any("Too many failed sign-ins" in text for text in notices(app, "warning"))


def test_a_moderator_fixes_the_city_approves_and_a_second_visitor_sees_it():
    reference = report(city="Seul", organisations="Korean Metal Workers' Union")
    before = figures(page("map"))
    app = sign_in(page("moderate", {"ana": HASH}), "ana", PASSWORD)
    assert any("Signed in as ana. 1 report waiting." in text for text in notices(app, "caption"))
    assert labelled(app.selectbox, "Report").value == f"report-{reference.lower()}"
    labelled(app.text_input, "City").set_value("Seoul").run()
    next(button for button in app.button if button.label == "Save changes").click().run()
    assert store().rows(("pending",))[0]["city"] == "Seoul" and store().rows(("pending",))[0]["version"] == 2
    next(button for button in app.button if button.label == "Approve: show it on the map").click().run()
    assert store().count("pending") == 0 and store().count("published") == 10
    log = store().audit(f"report-{reference.lower()}")
    assert list(zip(log["who"], log["event"], strict=True)) == [("visitor", "reported"), ("ana", "edited"), ("ana", "approved")]
    after = figures(page("map"))  # another visitor, a new session
    assert re.search(r" 4 actions ", before) and re.search(r" 5 actions ", after)  # the action week's 4, and the approved report


def test_a_rejection_needs_a_reason_and_never_reaches_the_map():
    report(organisations="Spam")
    app = sign_in(page("moderate", {"ana": HASH}), "ana", PASSWORD)
    reject = next(button for button in app.button if button.label == "Reject")
    assert reject.disabled
    labelled(app.text_input, "Reason for rejecting (the reporter sees it with their reference)").set_value("not an action").run()
    next(button for button in app.button if button.label == "Reject").click().run()
    assert store().count("rejected") == 1 and store().count("published") == 9


def test_a_duplicate_is_proposed_and_can_be_rejected_as_one():
    report(date="2019-03-26", organisations="Korean Confederation of Trade Unions (KCTU)")
    app = sign_in(page("moderate", {"ana": HASH}), "ana", PASSWORD)
    assert any("may repeat an action already in the data" in text for text in notices(app, "warning"))
    next(button for button in app.button if button.label.startswith("Reject as a duplicate of")).click().run()
    rejected = store().rows(("rejected",))[0]
    assert rejected["duplicate_of"] == "2019-03-26-seoul-kctu-embassy"


# --- the queue used as a campaign uses it: several reports, two moderators, stale pages, double clicks ---

FIVE = [
    {"organisations": "Union One", "city": "Seoul"},
    {"organisations": "Union Two", "city": "Busan", "date": "2019-03-28"},
    {"organisations": "Union Three", "city": "Incheon", "date": "2019-03-29"},
    {"organisations": "Union Four", "city": "Daegu", "date": "2019-03-30"},
    {"organisations": "Union Five", "city": "Gwangju", "date": "2019-03-31"},
]


def five_reports() -> list[str]:
    return [f"report-{report(**cells).lower()}" for cells in FIVE]


def button(app: AppTest, label: str):
    return next(found for found in app.button if found.label == label)


def statuses() -> dict[str, str]:
    return {row["organisations"]: row["status"] for row in store().rows(("pending", "published", "rejected")) if row["origin"] == "report"}


def events(action_id: str) -> list[tuple[str, str]]:
    log = store().audit(action_id)
    return list(zip(log["who"], log["event"], strict=True))


def test_an_edited_report_that_is_not_first_is_the_one_approved():
    ids = five_reports()
    app = sign_in(page("moderate", {"ana": HASH}), "ana", PASSWORD)
    labelled(app.selectbox, "Report").select(ids[2]).run()
    labelled(app.text_input, "Organisations").set_value("Union Three (KMWU)").run()
    button(app, "Save changes").click().run()
    assert any("Saved." in text for text in notices(app, "success"))
    assert labelled(app.selectbox, "Report").value == ids[2]  # the edit changed its label: still the report open
    button(app, "Approve: show it on the map").click().run()
    assert statuses() == {
        "Union One": "pending",
        "Union Two": "pending",
        "Union Three (KMWU)": "published",
        "Union Four": "pending",
        "Union Five": "pending",
    }
    assert events(ids[2]) == [("visitor", "reported"), ("ana", "edited"), ("ana", "approved")]
    assert events(ids[0]) == [("visitor", "reported")]


def test_a_second_moderators_stale_approve_does_nothing_and_says_who_did_what():
    ids = five_reports()
    ana = sign_in(page("moderate", {"ana": HASH, "bo": HASH}), "ana", PASSWORD)
    bo = sign_in(page("moderate", {"ana": HASH, "bo": HASH}), "bo", PASSWORD)
    button(ana, "Approve: show it on the map").click().run()
    button(bo, "Approve: show it on the map").click().run()  # bo's page still shows the first report, as it was
    assert list(statuses().values()).count("published") == 1 and statuses()["Union One"] == "published"
    warning = " ".join(notices(bo, "warning"))
    assert "Nothing was done: ana approved it at" in warning and "after your page showed it" in warning
    assert any("as it now is: on the map" in caption.value for caption in bo.caption)
    assert events(ids[0]) == [("visitor", "reported"), ("ana", "approved")]


def test_a_stale_rejection_and_a_stale_edit_are_refused_and_the_typed_edit_is_shown_not_lost():
    ids = five_reports()
    ana = sign_in(page("moderate", {"ana": HASH, "bo": HASH}), "ana", PASSWORD)
    bo = sign_in(page("moderate", {"ana": HASH, "bo": HASH}), "bo", PASSWORD)
    labelled(bo.text_input, "City").set_value("Suwon").run()
    labelled(ana.text_input, "Organisations").set_value("Union One (KCTU)").run()
    button(ana, "Save changes").click().run()
    button(bo, "Save changes").click().run()
    warning = " ".join(notices(bo, "warning"))
    assert "ana edited it at" in warning and "Your change, not saved: City: Suwon" in warning
    row = store().get(ids[0])
    assert (row["city"], row["organisations"], row["version"]) == ("Seoul", "Union One (KCTU)", 2)
    labelled(ana.text_input, "Reason for rejecting (the reporter sees it with their reference)").set_value("spam").run()
    labelled(bo.text_input, "Reason for rejecting (the reporter sees it with their reference)").set_value("not an action").run()
    button(ana, "Approve: show it on the map").click().run()
    button(bo, "Reject").click().run()  # bo reloaded after the edit, not after the approval
    assert store().get(ids[0])["status"] == "published" and store().get(ids[0])["reason"] == ""
    assert events(ids[0]) == [("visitor", "reported"), ("ana", "edited"), ("ana", "approved")]


def test_after_a_decision_the_next_report_opens_only_when_asked_so_a_double_click_decides_once():
    ids = five_reports()
    app = sign_in(page("moderate", {"ana": HASH}), "ana", PASSWORD)
    button(app, "Approve: show it on the map").click().run()
    assert not [found for found in app.button if found.label == "Approve: show it on the map"]  # where it was: Open the next report
    button(app, "Open the next report").click().run()  # the double click's second click lands here
    assert labelled(app.selectbox, "Report").value == ids[1]
    assert list(statuses().values()).count("published") == 1 and store().get(ids[0])["status"] == "published"
    assert events(ids[1]) == [("visitor", "reported")]


def test_a_moderator_in_an_outage_is_told_plainly_and_nothing_changes():
    ids = five_reports()
    app = sign_in(page("moderate", {"ana": HASH}), "ana", PASSWORD)
    with database_held():  # another program holds the database: no write gets through
        button(app, "Approve: show it on the map").click().run()
    assert not app.exception
    assert any("the database cannot be written right now" in text for text in notices(app, "error"))
    assert store().get(ids[0])["status"] == "pending" and events(ids[0]) == [("visitor", "reported")]
    button(app, "Approve: show it on the map").click().run()  # the database is back: the same click works
    assert store().get(ids[0])["status"] == "published"


def test_a_decided_reports_contact_is_gone_when_the_moderation_page_is_next_drawn():
    """A report approved 31 days ago still holds its reporter's e-mail (this process opened the database before): the
    next drawing of the moderation page erases it, and leaves a fresh decision's and a pending report's alone."""
    import datetime as dt

    from utils.live import store as store_module

    old, fresh, waiting = (report(organisations=name) for name in ("Old Union", "Fresh Union", "Waiting Union"))
    database = store()
    database.approve(f"report-{old.lower()}", "ana", 1)
    database.approve(f"report-{fresh.lower()}", "ana", 1)
    table = store_module.actions_table
    with database.engine.begin() as connection:
        connection.execute(
            store_module.update(table)
            .where(table.c.id == f"report-{old.lower()}")
            .values(decided_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=31))
        )
    sign_in(page("moderate", {"ana": HASH}), "ana", PASSWORD)
    contacts = [store().get(f"report-{reference.lower()}")["contact"] for reference in (old, fresh, waiting)]
    assert contacts == ["", "union@example.org", "union@example.org"]


def test_a_moderator_protects_a_report_and_the_public_map_shows_it_at_its_city_naming_nobody():
    """Reported at the embassy gate by a group at risk: the moderator ticks the protection, approves; the database
    holds the protection, the public page shows the action at Seoul and never the group's name or the gate."""
    reference = report(place="Embassy of China, Seoul", city="Seoul", organisations="Shenzhen Solidarity Circle")
    app = sign_in(page("moderate", {"ana": HASH}), "ana", PASSWORD)
    safety = labelled(app.selectbox, "Safety")
    assert safety.value == "" and "Shown no finer than its city, its names withheld" in safety.format_func("city")
    safety.set_value("city").run()
    next(button for button in app.button if button.label == "Save changes").click().run()
    next(button for button in app.button if button.label == "Approve: show it on the map").click().run()
    row = store().get(f"report-{reference.lower()}")
    assert (row["status"], row["protect"], row["organisations"]) == ("published", "city", "Shenzhen Solidarity Circle")
    visitor = page("map")  # another visitor, a new session
    shown = " ".join(str(element.proto) for element in visitor.get("html")) + " ".join(str(e.value) for e in visitor.markdown)
    assert "Shenzhen Solidarity Circle" not in shown
    assert "Unnamed organisers · protest · Seoul, South Korea" in shown  # the day by day, as text: at Seoul, unnamed


def test_a_moderator_sees_a_reports_photos_and_removes_one():
    from tests.test_photos import phone_photo
    from utils.photos.clean import clean_photo

    photos = [clean_photo(phone_photo((640, 480), 1), "one.jpg"), clean_photo(phone_photo((480, 640), 1), "two.jpg")]
    base = {"date": "2019-03-27", "action_kind": "protest", "organisations": "KCTU", "city": "Seoul", "country": "KR"}
    words = {"photo_alt": "a banner at the gate", "photo_credit": "Ana Lee"}  # the report's cells: said once, for all its photos
    reference = store().submit(base | words, photos=photos)
    app = sign_in(page("moderate", {"ana": HASH}), "ana", PASSWORD)
    assert len(app.get("image")) == 2
    assert any("a banner at the gate · by Ana Lee" in text for text in notices(app, "caption"))
    next(button for button in app.button if button.label == "Remove this photo").click().run()
    kept = store().photos(f"report-{reference.lower()}")
    assert [photo["digest"] for photo in kept] == [photos[1].digest] and len(app.get("image")) == 1
    assert list(store().audit(f"report-{reference.lower()}")["who"])[-1] == "ana"
