"""Text from a link, a file or a form reaches every page as plain text: no link, image or heading made of it."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from tests.conftest import REPO, notices
from utils.escape import plain_notice

PHISH = "[Your session expired - log in here](https://evil.example/login)"
BEACON = "![x](http://127.0.0.1:9/beacon.png)"
TAG = "<img src=x onerror=alert(1)>"
HOSTILE_LINK = {"kind": PHISH, "dates": BEACON, "org": TAG, "from": "**bold** https://evil.example/bare", "slide": "# " + PHISH}


@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path, gazetteer_dir):
    monkeypatch.setenv("SOLIDARITY_MAP_OFFLINE", "1")
    monkeypatch.setenv("SOLIDARITY_MAP_GEOCODE_CACHE", str(tmp_path / "cache.jsonl"))
    monkeypatch.setenv("SOLIDARITY_MAP_GAZETTEER_DIR", str(gazetteer_dir))
    st.cache_data.clear()
    st.cache_resource.clear()  # the settings are cached there: another module may have cached other ones


@pytest.mark.parametrize("text", [PHISH, BEACON, TAG, "a\n\n# heading\n- item", "`code` $x^2$ :red[alarm]"])
def test_a_notice_shows_its_text_exactly_and_holds_no_markup_made_from_it(text):
    html = plain_notice("info", "Note:", [text])
    assert "<a" not in html and "<img" not in html and "<h1" not in html
    assert plain_notice("error", text).count("<") == plain_notice("error", "x").count("<")  # only the notice's own tags


def run_page(page: str, query: dict) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    for name, value in query.items():
        app.query_params[name] = value
    if page != "map":
        app._page_hash = calc_hash(page)  # opened straight at the page, as a shared link opens it
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert page != "data" or app.title[0].value == "Data"
    return app


def markdown_texts(app: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")
    return "\n".join(str(element.value) for kind in kinds for element in app.get(kind))


@pytest.mark.parametrize("page", ["map", "data", "story"])
def test_hostile_link_values_are_noted_as_plain_text_on_every_page(page):
    app = run_page(page, HOSTILE_LINK)
    notes = " ".join(notices(app, "info"))
    assert PHISH[:40] in notes or BEACON in notes  # said, as written
    assert BEACON in notes
    assert "evil.example" not in markdown_texts(app) and "beacon" not in markdown_texts(app)  # never handed to Markdown
    for element in app.get("html"):
        if "sm-notice" in element.proto.body:
            assert "<a " not in element.proto.body and "<img" not in element.proto.body


def test_an_uploaded_files_name_and_cells_reach_the_data_page_as_plain_text():
    app = run_page("data", {})
    raw = ("City,Country,Date," + PHISH + "\nSeoul,South Korea,2019-03-26," + BEACON + "\n").encode()
    app.file_uploader(key="upload_file").set_value((PHISH + ".csv", raw, "text/csv")).run()
    assert "evil.example" not in markdown_texts(app) and "beacon" not in markdown_texts(app)  # the mapping shows headers as text
    assert all("evil.example" not in box.label for box in app.selectbox)
    next(button for button in app.button if button.label == "Load this file").click().run(timeout=300)
    assert not app.exception
    assert any(PHISH in text for text in notices(app, "success"))
    assert "evil.example" not in markdown_texts(app)


def test_a_slide_the_story_does_not_have_is_said_on_the_presentation():
    app = run_page("story", {"slide": "2019-01-05"})
    assert any("slide=2019-01-05 is not a slide of this story" in text for text in notices(app, "info"))
