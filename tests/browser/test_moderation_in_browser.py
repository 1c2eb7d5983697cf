"""The queue as a campaign uses it, in Chromium: five pending reports, two moderators, a stale page, a double
click, edits in and out of the queue's label, a duplicate, several decided at once; the database and the audit
log checked after every click."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE, PROJECTOR, App, screenshot
from utils.live.auth import hash_password
from utils.live.store import Store

PASSWORD = "correct horse battery"
LAPTOP = {"width": 1280, "height": 720}
REPORTS = [  # the fifth repeats the bundled KCTU protest at the embassy in Seoul
    {"organisations": "Union One", "city": "Busan", "date": "2019-03-27"},
    {"organisations": "Union Two", "city": "Incheon", "date": "2019-03-28"},
    {"organisations": "Union Three", "city": "Daegu", "date": "2019-03-29"},
    {"organisations": "Union Four", "city": "Gwangju", "date": "2019-03-30"},
    {"organisations": "Korean Confederation of Trade Unions (KCTU)", "city": "Seoul", "date": "2019-03-26"},
]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    tmp: Path = tmp_path_factory.mktemp("moderation")
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[moderators]\n"ana" = "{hash_password(PASSWORD)}"\n"bo" = "{hash_password(PASSWORD)}"\n', encoding="utf-8")
    server = App({"SOLIDARITY_MAP_OFFLINE": "1", "SOLIDARITY_MAP_PUBLIC": "1"}, tmp, ("--secrets.files", str(secrets)))
    server.store = Store(f"sqlite:///{tmp / 'actions.db'}")
    server.store.seed(Path("data/actions.csv").resolve())
    server.ids = [
        f"report-{server.store.submit({'action_kind': 'protest', 'country': 'KR', **cells}, contact='x@example.org').lower()}"
        for cells in REPORTS
    ]
    yield server
    server.stop()


def signed_in(open_page, live, name: str, size: dict):
    page = open_page(live.url + "moderate", size)
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {name}.", exact=False).wait_for(timeout=60_000)
    return page


def open_report(page, words: str) -> None:
    box = page.get_by_role("combobox", name="Report", exact=True)
    box.click()
    page.keyboard.type(words)
    page.get_by_role("option", name=re.compile(re.escape(words))).first.click()
    page.wait_for_function(f"() => document.querySelector('input[aria-label=\"Report\"]')?.value.includes({words!r})")
    drawn(page, words)


def drawn(page, organisations: str) -> None:
    """Waits until the page shows the report of these organisations, and only it (a rerun keeps the old page a moment)."""
    fields = "input[aria-label='Organisations']"
    page.wait_for_function(
        f"() => {{ const all = document.querySelectorAll({fields!r}); return all.length === 1 && all[0].value.includes({organisations!r}); }}",
        timeout=30_000,
    )


def row(live, number: int) -> dict:
    return live.store.get(live.ids[number])


def events(live, number: int) -> list[tuple[str, str]]:
    log = live.store.audit(live.ids[number])
    return list(zip(log["who"], log["event"], strict=True))


def statuses(live) -> list[str]:
    return [row(live, number)["status"] for number in range(len(live.ids))]


def wait_until(page, check, timeout: float = 30_000) -> None:
    """Waits for the database to show what the click did (the page says it first, the test reads both)."""
    for _ in range(int(timeout / 200)):
        if check():
            return
        page.wait_for_timeout(200)
    assert check()


def test_five_reports_two_moderators_a_stale_page_and_a_double_click(live, open_page):
    ana = signed_in(open_page, live, "ana", LAPTOP)
    ana.get_by_text("5 reports waiting", exact=False).wait_for()

    # the third report: an edit to a field of the queue's label, then Approve publishes that report and no other
    open_report(ana, "Union Three")
    ana.get_by_text("Placed at Daegu, South Korea", exact=False).wait_for(timeout=30_000)  # where the map will put it
    ana.get_by_label("Organisations", exact=True).fill("Union Three (KMWU)")
    ana.keyboard.press("Tab")
    ana.get_by_role("button", name="Save changes").click()
    ana.get_by_text("Saved.").wait_for(timeout=30_000)
    wait_until(ana, lambda: row(live, 2)["version"] == 2)
    assert row(live, 2)["organisations"] == "Union Three (KMWU)" and events(live, 2) == [("visitor", "reported"), ("ana", "edited")]
    assert "Union Three (KMWU)" in ana.get_by_role("combobox", name="Report", exact=True).input_value()
    screenshot(ana, "moderate-queue-laptop")
    ana.get_by_role("button", name="Approve: show it on the map").click()
    ana.get_by_text("Approved: it is on the map.").wait_for(timeout=30_000)
    wait_until(ana, lambda: row(live, 2)["status"] == "published")
    assert statuses(live) == ["pending", "pending", "published", "pending", "pending"]
    assert events(live, 2) == [("visitor", "reported"), ("ana", "edited"), ("ana", "approved")]

    # two moderators on the first report: ana rejects it, bo's page still shows it and bo clicks Approve
    ana.get_by_role("button", name="Open the next report").click()
    bo = signed_in(open_page, live, "bo", PROJECTOR)
    for page in (ana, bo):
        drawn(page, "Union One")
    ana.get_by_label("Reason for rejecting (the reporter sees it with their reference)").fill("not an action")
    ana.keyboard.press("Tab")
    ana.get_by_role("button", name="Reject", exact=True).click()
    ana.get_by_text("Rejected.", exact=True).wait_for(timeout=30_000)
    wait_until(ana, lambda: row(live, 0)["status"] == "rejected")
    bo.get_by_role("button", name="Approve: show it on the map").click()  # bo's page still shows it as it was
    bo.get_by_text("Nothing was done: ana rejected it at", exact=False).wait_for(timeout=30_000)
    bo.get_by_text("as it now is: rejected", exact=False).wait_for()
    screenshot(bo, "moderate-stale-click-projector")
    assert row(live, 0)["status"] == "rejected" and row(live, 0)["reason"] == "not an action"
    assert events(live, 0) == [("visitor", "reported"), ("ana", "rejected"), ("ana", "reason")]
    assert statuses(live) == ["rejected", "pending", "published", "pending", "pending"]
    assert not bo.get_by_role("button", name="Approve: show it on the map").count()  # no other report opened in its place

    # both open the next; bo types an edit while ana double-clicks Approve: one report published, bo's typing said
    for page in (ana, bo):
        page.get_by_role("button", name="Open the next report").click()
        drawn(page, "Union Two")
    bo.get_by_label("City", exact=True).fill("Ulsan")
    ana.get_by_role("button", name="Approve: show it on the map").dblclick()
    ana.get_by_text("Approved: it is on the map.").first.wait_for(timeout=30_000)
    ana.wait_for_timeout(2000)  # a second click that would decide something would have reached the database by now
    assert statuses(live) == ["rejected", "published", "published", "pending", "pending"]
    assert events(live, 1) == [("visitor", "reported"), ("ana", "approved")] and events(live, 3) == [("visitor", "reported")]
    bo.keyboard.press("Tab")
    bo.get_by_text("left the queue: ana approved it at", exact=False).wait_for(timeout=30_000)
    bo.get_by_text("Your change, not saved: City: Ulsan", exact=False).wait_for()
    assert row(live, 1)["city"] == "Incheon"
    ana.get_by_role("button", name="Open the next report").click()

    # the duplicate of an action already on the map, rejected as one
    open_report(ana, "KCTU")
    ana.get_by_text("This may repeat an action already in the data", exact=False).wait_for(timeout=30_000)
    ana.get_by_role("button", name=re.compile("Reject as a duplicate of")).click()
    ana.get_by_text("Rejected.", exact=True).wait_for(timeout=30_000)
    wait_until(ana, lambda: row(live, 4)["status"] == "rejected")
    assert row(live, 4)["duplicate_of"] == "2019-03-26-seoul-kctu-embassy"
    assert not ana.errors and not bo.errors, (ana.errors, bo.errors)


def test_several_reports_approved_at_once_and_the_reporter_follows_theirs(live, open_page):
    more = [
        f"report-{live.store.submit({'date': '2019-03-31', 'city': city, 'country': 'KR', 'organisations': 'Union Six'}).lower()}"
        for city in ("Suwon", "Jeonju")
    ]
    ana = signed_in(open_page, live, "ana", LAPTOP)
    ana.get_by_text("3 reports waiting", exact=False).wait_for()
    ana.get_by_text("Several at once").click()  # a switch: the queue as a table
    grid = ana.get_by_test_id("stDataFrame").filter(has_text="Reference")
    grid.wait_for()
    box = grid.bounding_box()
    for number in (1, 2):  # the second and third rows: the two reports of Union Six, ticked in the row's box
        ana.mouse.click(box["x"] + 16, box["y"] + 35 * (number + 1) + 17)
        ana.wait_for_timeout(600)
    screenshot(ana, "moderate-several-at-once-laptop")
    ana.get_by_role("button", name="Approve the 2 ticked").wait_for(timeout=30_000)
    ana.get_by_role("button", name="Approve the 2 ticked").click()
    ana.get_by_text("Approved: it is on the map.").first.wait_for(timeout=30_000)
    wait_until(ana, lambda: all(live.store.get(one)["status"] == "published" for one in more))
    assert live.store.get(live.ids[3])["status"] == "pending"
    assert all(list(live.store.audit(one)["event"]) == ["reported", "approved"] for one in more)

    reference = live.store.get(more[0])["reference"]
    reporter = open_page(live.url + f"status?ref={reference}", PHONE)
    reporter.get_by_text(f"{reference}, sent on", exact=False).wait_for(timeout=60_000)
    reporter.get_by_text("is on the map").wait_for()
    screenshot(reporter, "status-page-phone")
    rejected = live.store.get(live.ids[0])["reference"]
    reporter.goto(live.url + f"status?ref={rejected}")
    reporter.get_by_text("The moderator's reason: not an action", exact=False).wait_for(timeout=60_000)
    assert not ana.errors and not reporter.errors
