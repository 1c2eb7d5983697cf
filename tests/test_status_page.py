"""Your report: a reference says where a report is, and nothing more of it (AppTest)."""

import os

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from tests.conftest import REPO, notices
from utils.live.store import Store

REPORT = {"date": "2019-03-27", "action_kind": "protest", "organisations": "KCTU", "city": "Seoul", "country": "KR"}


@pytest.fixture(autouse=True)
def settings(offline_app):
    yield


def store() -> Store:
    return Store(os.environ["SOLIDARITY_MAP_DATABASE_URL"])


def status(reference: str) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    app.query_params["ref"] = reference
    app.run()
    app._page_hash = calc_hash("status")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def said(app: AppTest) -> str:
    return " ".join(text for kind in ("info", "success", "warning", "error") for text in notices(app, kind))


def test_a_reference_says_its_report_waits_then_is_on_the_map_with_a_link_to_its_card():
    reference = store().submit(REPORT, contact="reporter@example.org")
    app = status(reference.lower())
    assert f"{reference}, sent on" in said(app) and "is waiting for a moderator" in said(app)
    assert "reporter@example.org" not in said(app) and reference in str(app.query_params["ref"])  # the link, canonical
    store().approve(f"report-{reference.lower()}", "ana", 1)
    app = status(reference)
    assert "is on the map" in said(app)
    link = next(element.proto.url for element in app.get("link_button"))
    assert link == f"map?action=report-{reference.lower()}&dates=all"


def test_a_rejected_report_says_the_moderators_reason_and_an_unknown_reference_says_so():
    reference = store().submit(REPORT)
    store().reject(f"report-{reference.lower()}", "ana", 1, "not a solidarity action")
    assert "The moderator's reason: not a solidarity action" in said(status(reference))
    assert "No report has the reference ABCD-EFGH" in said(status("abcd-efgh"))
    hostile = status("<b>X</b>" * 5)
    assert "<b>" not in " ".join(element.proto.body for element in hostile.get("html") if "sm-notice" in element.proto.body)
