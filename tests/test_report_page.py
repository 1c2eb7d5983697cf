"""Report an action: a visitor's form, checked by the loader's rules, kept for a moderator (AppTest)."""

import datetime as dt
import os
import re

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from tests.conftest import REPO, database_held, notices
from utils.live.store import Store


@pytest.fixture(autouse=True)
def settings(offline_app):
    yield


def store() -> Store:
    return Store(os.environ["SOLIDARITY_MAP_DATABASE_URL"])


def page(name: str = "report") -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    app.run()
    app._page_hash = calc_hash(name)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def fill(app: AppTest, **values) -> None:
    app.date_input(key="form_date").set_value(values.get("date", dt.date(2019, 3, 27)))
    app.selectbox(key="form_kind").set_value(values.get("kind", "protest"))
    app.text_input(key="form_organisations").set_value(values.get("organisations", "KCTU"))
    app.selectbox(key="form_country").set_value(values.get("country", "KR"))
    app.run()
    if values.get("embassy"):
        box = app.selectbox(key="form_mission_KR")
        box.set_value(next(option for option in box.options if option.startswith(values["embassy"]))).run()
    for name in ("description", "contact"):
        if name in values:
            (app.text_area if name == "description" else app.text_input)(key=f"form_{name}").set_value(values[name])


def button(app: AppTest, label: str):
    return next(button for button in app.button if button.label == label)


def test_a_visitor_reports_a_protest_at_an_embassy_picked_from_the_list():
    app = page()
    fill(app, embassy="Embassy of China", description="20 members at the embassy", contact="union@example.org")
    assert app.text_input(key="form_place").value == "Embassy of China, Seoul" and app.text_input(key="form_city").value == "Seoul"
    button(app, "Send the report").click().run()
    said = " ".join(notices(app, "success"))
    assert "your report is in" in said
    pending = store().rows(("pending",))
    assert len(pending) == 1 and pending[0]["reference"] in said
    assert (pending[0]["place"], pending[0]["city"], pending[0]["country"]) == ("Embassy of China, Seoul", "Seoul", "KR")
    assert pending[0]["contact"] == "union@example.org"
    assert store().count("published") == 9  # nothing is on the map until a moderator approves


def test_an_embassy_the_list_cannot_place_keeps_the_city_typed_and_is_previewed_at_it():
    """'Chinese embassy in Berlin': the list's Embassy of China in Germany has no city nor position."""
    app = page()
    fill(app, country="DE")
    app.text_input(key="form_city").set_value("Berlin").run()
    box = app.selectbox(key="form_mission_DE")
    box.set_value(next(option for option in box.options if option == "Embassy of China, Germany")).run()
    assert app.text_input(key="form_city").value == "Berlin"  # choosing the mission does not empty the city typed
    assert app.text_input(key="form_place").value == "Embassy of China"
    assert any("no position for this mission: the map will put it at its city (Berlin)" in text for text in notices(app, "info"))
    button(app, "Preview the place on a map").click().run()
    said = " ".join(notices(app, "info"))
    assert "The map will put it at Berlin, Germany" in said and "somewhere in the country" not in said


def test_the_place_is_previewed_before_sending():
    app = page()
    fill(app, embassy="Embassy of China")
    button(app, "Preview the place on a map").click().run()
    assert any("The map will put it at Embassy of China" in text and "at the venue" in text for text in notices(app, "info"))
    assert store().count("pending") == 0  # a preview sends nothing


def test_a_report_with_no_day_or_place_says_what_is_missing_and_stores_nothing():
    app = page()
    app.text_input(key="form_organisations").set_value("KCTU").run()
    button(app, "Send the report").click().run()
    said = " ".join(notices(app, "error"))
    assert "Date: the day it happened" in said and "Where: give a city or a country" in said
    assert store().count("pending") == 0


def test_hostile_text_is_kept_as_text_and_never_shown_as_html():
    app = page()
    fill(app, organisations="<img src=x onerror=alert(1)>", description='=HYPERLINK("http://evil.example")')
    button(app, "Send the report").click().run()
    row = store().rows(("pending",))[0]
    assert row["organisations"] == "<img src=x onerror=alert(1)>" and row["description"].startswith("=HYPERLINK")
    html = " ".join(element.proto.body for element in app.get("html"))
    assert "<img src=x" not in html


def test_a_robot_filling_the_hidden_field_is_answered_but_nothing_is_kept():
    app = page()
    fill(app)
    app.text_input(key="form_website").set_value("http://spam.example").run()
    button(app, "Send the report").click().run()
    said = " ".join(notices(app, "success"))
    reference = re.search(r"reference is ([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\.", said).group(1)  # as a real one looks
    assert store().count("pending") == 0
    assert store().status_of(reference)["status"] == "pending"  # its status page reads as any new report's


def test_the_hidden_field_gives_itself_away_nowhere_in_the_page():
    app = page()
    words = " ".join([box.label for box in app.text_input] + [element.proto.body for element in app.get("html")])
    assert "empty" not in words.lower() and "robot" not in words.lower()


def typed(app: AppTest) -> tuple:
    return (
        app.date_input(key="form_date").value,
        app.text_input(key="form_organisations").value,
        app.selectbox(key="form_country").value,
        app.text_area(key="form_description").value,
    )


FILLED = (dt.date(2019, 3, 27), "Seoul Solidarity Circle", "KR", "A vigil at the gate")


def test_a_blip_keeps_every_field_and_the_resend_is_stored_once():
    app = page()
    fill(app, organisations="Seoul Solidarity Circle", description="A vigil at the gate")
    with database_held():  # the database cannot be written for a moment
        button(app, "Send the report").click().run()
    assert not app.exception
    assert any("Nothing was sent" in text and "still here" in text for text in notices(app, "error"))
    assert typed(app) == FILLED and store().count("pending") == 0
    button(app, "Send the report").click().run()
    assert any("your report is in" in text for text in notices(app, "success"))
    assert store().count("pending") == 1 and store().rows(("pending",))[0]["organisations"] == "Seoul Solidarity Circle"


def test_postgresql_stopped_mid_send_then_restarted_leaves_the_form_filled_and_one_report(monkeypatch):
    from tests.pgserver import fresh_database, running_server

    with running_server() as server, fresh_database(server) as url:
        monkeypatch.setenv("SOLIDARITY_MAP_DATABASE_URL", url)
        app = page()
        fill(app, organisations="Seoul Solidarity Circle", description="A vigil at the gate")
        app.run()
        with server.stopped():
            button(app, "Send the report").click().run()
            assert not app.exception
            assert any("Nothing was sent" in text for text in notices(app, "error"))
            assert any("The newest changes cannot be read right now" in text for text in notices(app, "warning"))
            app.run()  # any other run while it is away: the form stays as typed
            assert typed(app) == FILLED
        button(app, "Send the report").click().run()
        assert any("your report is in" in text for text in notices(app, "success"))
        pending = Store(url).rows(("pending",))
        assert [row["organisations"] for row in pending] == ["Seoul Solidarity Circle"]
        Store(url).engine.dispose()


def test_one_session_cannot_send_a_flood():
    app = page()
    for number in range(4):
        fill(app, organisations=f"Union {number}")
        button(app, "Send the report").click().run()
        if number < 3:
            button(app, "Report another action").click().run()
    assert store().count("pending") == 3
    assert any("Please wait a little" in text for text in notices(app, "warning"))


def test_a_csv_named_by_the_settings_is_read_only_with_no_report_page(monkeypatch):
    monkeypatch.setenv("SOLIDARITY_MAP_DATA", str(REPO / "tests" / "fixtures" / "small_actions.csv"))
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120).run()
    links = [link.proto.label for link in app.get("page_link")]
    assert "Report an action" not in links and "Moderate" not in links
    assert "Data" in links


def test_a_reporter_at_risk_asks_for_protection_and_the_preview_never_shows_the_gate():
    app = page()
    fill(app, embassy="Embassy of China", organisations="Shenzhen Solidarity Circle")
    app.checkbox(key="form_protect").check().run()
    button(app, "Preview the place on a map").click().run()
    said = " ".join(notices(app, "info"))
    assert "Seoul" in said and "Embassy of China" not in said and "city" in said
    button(app, "Send the report").click().run()
    pending = store().rows(("pending",))
    assert len(pending) == 1 and pending[0]["protect"] == "city"
    assert pending[0]["place"] == "Embassy of China, Seoul"  # the moderator sees what was reported
