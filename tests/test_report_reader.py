"""The report reader on the Data page (AppTest): a pasted report becomes draft rows beside their sentences."""

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from tests.conftest import REPO, notices
from views.report_reader import highlighted

HKCTU = (REPO / "tests" / "data" / "reports" / "hkctu_round_up_2019.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def settings(offline_app):
    yield


def data_page() -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=180)
    app.run()
    app._page_hash = calc_hash("data")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_pasted_report_becomes_draft_rows_beside_their_sentences():
    app = data_page()
    assert not [area for area in app.text_area if area.key == "reader_text"]  # closed until asked for
    app.toggle(key="reader_open").set_value(True).run()
    app.text_area(key="reader_text").set_value(HKCTU).run()
    app.date_input(key="reader_as_of").set_value(__import__("datetime").date(2019, 4, 2)).run()
    next(button for button in app.button if button.label == "Read the report").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("8 draft rows" in caption for caption in notices(app, "caption"))
    html = " ".join(element.proto.body for element in app.get("html"))
    assert "<mark>" in html and "Since the Jasic" in html  # the whole text, the draft's sentences marked
    assert not any(
        button.label.startswith("⬇") and "accepted" in button.label and not button.disabled for button in app.get("download_button")
    )


def test_the_report_is_shown_as_text_never_as_html():
    html = highlighted("<img src=x onerror=alert(1)> marched. On 2 May, <b>B</b> rallied.", "On 2 May, <b>B</b> rallied.")
    assert "<img" not in html and "&lt;img" in html and "<mark>On 2 May, &lt;b&gt;B&lt;/b&gt; rallied.</mark>" in html


def read_a_report(app: AppTest) -> AppTest:
    app.toggle(key="reader_open").set_value(True).run()
    app.text_area(key="reader_text").set_value(HKCTU).run()
    next(button for button in app.button if button.label == "Read the report").click().run()
    return app


def queue_button(app: AppTest) -> list:
    return [button for button in app.button if button.label == "Send them to the moderators' queue"]


def test_on_a_public_site_only_a_signed_in_moderator_sends_rows_to_the_queue(monkeypatch):
    from utils.live.auth import hash_password

    monkeypatch.setenv("SOLIDARITY_MAP_PUBLIC", "1")
    app = read_a_report(data_page())
    assert any("8 draft rows" in caption for caption in notices(app, "caption"))
    assert queue_button(app) == []  # a visitor reads and downloads, but queues nothing
    app.secrets["moderators"] = {"ana": hash_password("correct horse battery")}
    app._page_hash = calc_hash("moderate")
    app.run()
    next(box for box in app.text_input if box.label == "Name").set_value("ana")
    next(box for box in app.text_input if box.label == "Password").set_value("correct horse battery")
    next(button for button in app.button if button.label == "Sign in").click().run()
    app._page_hash = calc_hash("data")
    app.run()
    app.toggle(key="reader_open").set_value(True).run()
    assert any("8 draft rows" in caption for caption in notices(app, "caption"))
    assert len(queue_button(app)) == 1


def test_a_reading_past_its_time_says_what_was_left_unread(monkeypatch):
    monkeypatch.setenv("SOLIDARITY_MAP_READER_SECONDS", "0")
    app = read_a_report(data_page())
    assert any("sentences were not read in the time one reading may take" in text for text in notices(app, "warning"))
