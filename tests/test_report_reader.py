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
