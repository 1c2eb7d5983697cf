"""The dashboard as a user reads it, driven by Streamlit's AppTest (no browser)."""

import datetime as dt
import re
from html import unescape

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, notices


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch, tmp_path):
    monkeypatch.setenv("SOLIDARITY_MAP_OFFLINE", "1")
    monkeypatch.setenv("SOLIDARITY_MAP_GEOCODE_CACHE", str(tmp_path / "cache.jsonl"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def run(query: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def figures(app: AppTest) -> dict[str, str]:
    """The headline's figures by label ('Actions', 'Countries', ...), as one reads the line."""
    html = " ".join(element.proto.body for element in app.get("html"))
    pairs = re.findall(r'sm-figure-value">([^<]+)</span> <span class="sm-figure-label">([^<]+)<', html)
    plural = {"action": "actions", "country": "countries", "organisation": "organisations"}
    return {plural.get(label, label).capitalize(): value for value, label in pairs}


def pages_html(app: AppTest) -> str:
    return " ".join(element.proto.body for element in app.get("html"))


def figures_line(app: AppTest) -> str:
    html = next(element.proto.body for element in app.get("html") if "sm-figures" in element.proto.body)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def listings(app: AppTest) -> list[list[dict[str, str]]]:
    """The page's plain tables, as a reader sees them: rows of cells under their column's name."""
    tables = []
    for html in (element.proto.body for element in app.get("html") if "sm-table" in element.proto.body):
        heads = [unescape(head) for head in re.findall(r"<th[^>]*>(.*?)</th>", html)]
        rows = re.findall(r"<tr>(<td.*?)</tr>", html)
        tables.append([dict(zip(heads, (unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)), strict=True)) for row in rows])
    return tables


def headings(app: AppTest) -> list[str]:
    return [element.value for element in app.subheader]


def markdown(app: AppTest) -> str:
    return "\n".join([element.value for element in app.markdown] + [element.value for element in app.caption] + notices(app, "caption"))


def test_default_view_is_the_action_week_with_nothing_hidden():
    app = run()
    assert figures(app) == {"Actions": "4", "Countries": "4", "Organisations": "6", "People taking part": "35"}
    assert "and 2 actions with no date (8,121 signatures), listed below the map" in figures_line(app)
    assert "Showing the global action week, 25–31 March 2019." in markdown(app)
    assert "<b>4 of 6 actions on the map</b>" in pages_html(app)
    assert headings(app) == ["Not on the map (2)", "Not on the timeline (2)"]  # the call to action frames the week: no action
    assert "2 more matching actions fall outside these dates" in markdown(app)


def test_all_dates_from_the_url_shows_every_action():
    app = run({"dates": "all"})
    assert figures(app)["Actions"] == "6"
    assert "<b>6 of 8 actions on the map</b>" in pages_html(app)
    assert headings(app)[0] == "Not on the map (2)"
    assert app.radio(key="dates_mode").value == "All dates"


def test_letter_without_place_is_listed_not_dropped_and_one_sent_from_rome_is_on_the_map():
    app = run({"dates": "all", "kind": "letter"})
    not_on_map = listings(app)[0]
    assert len(not_on_map) == 1
    assert not_on_map[0]["Why not on the map"] == "no place given"
    assert not_on_map[0]["Target"] == "Prime Minister Li Keqiang"
    assert "<b>1 of 2 actions on the map</b>" in pages_html(app)  # FIM-CISL's letter, dated Rome


def test_one_day_shows_only_that_days_placed_actions():
    app = run({"day": "2019-03-26"})
    assert "Showing Tuesday 26 March 2019, during the global action week." in markdown(app)
    assert "<b>2 of 4 actions on the map</b>" in pages_html(app)
    assert figures(app) == {"Actions": "2", "Countries": "2", "Organisations": "4", "People taking part": "35"}  # the day's own, no more


def test_country_filter_from_the_url():
    app = run({"country": "KR"})
    assert figures(app)["Actions"] == "1"
    assert app.multiselect(key="countries").value == ["KR"]


def test_choosing_a_kind_writes_it_into_the_url():
    app = run()
    app.multiselect(key="kinds").set_value(["protest"]).run()
    assert app.query_params["kind"] == "protest"
    assert figures(app)["Actions"] == "2"


def test_player_steps_to_the_next_day_and_into_the_url():
    app = run()
    next_button = next(button for button in app.button if button.label == "Next ▶")
    next_button.click().run()
    assert app.query_params["day"] == "2019-03-25"
    assert "Showing Monday 25 March 2019, during the global action week." in markdown(app)


def test_malformed_query_gives_a_note_and_the_default_view():
    app = run({"from": "31/02/2019", "kind": "<script>", "country": "ZZ", "dates": "sometime"})
    notes = " ".join(notices(app, "info"))
    assert "from='31/02/2019' is not a date" in notes
    assert "is not a kind of action" in notes
    assert "country='ZZ' is not a country we know" in notes
    assert figures(app)["Actions"] == "4"


def test_selected_action_shows_its_details_and_goes_in_the_url():
    app = run({"action": "2019-03-26-seoul-kctu-embassy"})
    details = " ".join(element.proto.body for element in app.get("html"))
    assert "Korean Confederation of Trade Unions (KCTU)" in details
    assert app.selectbox(key="action_pick").value == "2019-03-26-seoul-kctu-embassy"


def test_unreadable_data_file_gives_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("SOLIDARITY_MAP_DATA", str(tmp_path / "missing.csv"))
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not app.exception
    assert "cannot be read" in app.error[0].value


def test_wrong_setting_stops_with_its_name(monkeypatch):
    monkeypatch.setenv("SOLIDARITY_MAP_OFFLINE", "perhaps")
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not app.exception
    assert "SOLIDARITY_MAP_OFFLINE" in app.error[0].value


def test_rejected_rows_are_announced_on_the_map_page(monkeypatch):
    monkeypatch.setenv("SOLIDARITY_MAP_DATA", str(REPO / "tests" / "bad_files" / "duplicate_ids.csv"))
    app = run({"dates": "all"})
    assert "1 of 3 rows of duplicate_ids.csv could not be loaded" in notices(app, "warning")[0]


def test_all_dates_is_one_click_away_under_the_timeline():
    app = run()
    next(button for button in app.button if button.label == "All dates").click().run()
    assert figures(app)["Actions"] == "6"
    assert app.query_params["dates"] == "all"
    next(button for button in app.button if button.label == "Global action week").click().run()
    assert figures(app)["Actions"] == "4" and "dates" not in app.query_params


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"from": "2017-01-01", "to": "2019-03-31"}, "from=2017-01-01 is before the dates this data allows; showing from 2017-09-"),
        ({"to": "2031-01-01", "from": "2019-03-25"}, "to=2031-01-01 is after the dates this data allows; showing up to 2020-03-31"),
        ({"day": "2019-03-21"}, "day=2019-03-21 is not among the dates shown (2019-03-25 to 2019-03-31)"),
    ],
)
def test_a_link_outside_the_data_opens_clamped_with_a_note_never_an_error(query, said):
    app = run(query)
    assert said in " ".join(notices(app, "info"))
    assert figures(app)["Actions"]


def test_a_file_with_an_action_running_to_2100_builds_a_bounded_timeline(monkeypatch, tmp_path):
    data = tmp_path / "long.csv"
    data.write_text(
        "id,date,date_end,action_kind,city,country\na,2019-03-26,2100-12-31,protest,Seoul,South Korea\nb,2019-03-27,,protest,Porto,Portugal\n"
    )
    monkeypatch.setenv("SOLIDARITY_MAP_DATA", str(data))
    app = run({"dates": "all"})
    assert "Actions per day, as text: Tue 26 Mar 1; Wed 27 Mar 2." in markdown(app)  # two days of bars, not 30,000
    assert figures(app)["Actions"] == "2"


def test_all_dates_of_a_live_campaign_keep_its_newest_days(monkeypatch, tmp_path):
    """400 days of actions and one report from today: the timeline ends today, the oldest days are the ones cut."""
    rows = "".join(f"r{n},{dt.date(2018, 1, 1) + dt.timedelta(days=n)},protest,Seoul,South Korea\n" for n in range(400))
    data = tmp_path / "live.csv"
    data.write_text("id,date,action_kind,city,country\n" + rows + "today,2026-12-04,protest,Berlin,Germany\n")
    monkeypatch.setenv("SOLIDARITY_MAP_DATA", str(data))
    app = run({"dates": "all"})
    said = " ".join(notices(app, "caption"))
    assert (
        "The timeline and the day player show the newest 366 days on which actions start, 5 February 2018 to 4 December 2026; "
        "the 35 days before them are left out." in said
    )
    assert markdown(app).split("Actions per day, as text:")[1].split("\n")[0].rstrip().endswith("Fri 4 Dec 2026 1.")
    assert figures(app)["Actions"] == "401"  # the map and the lists keep every action


@pytest.mark.parametrize("country", ["South Korea", "KR", "kor", "Republic of Korea"])
def test_a_country_in_a_link_is_read_by_name_or_code(country):
    app = run({"country": country})
    assert app.multiselect(key="countries").value == ["KR"]
    assert figures(app)["Actions"] == "1" and not notices(app, "info")


def test_an_action_the_data_does_not_have_is_said_not_silently_dropped():
    app = run({"action": "doesnotexist"})
    assert "action='doesnotexist' is not an action in this data; no action is selected" in " ".join(notices(app, "info"))
    assert "action" not in app.query_params


def test_share_offers_the_views_link_an_embed_snippet_and_a_qr_code():
    app = run({"country": "KR", "day": "2019-03-26"})
    codes = [element.value for element in app.code]
    link = next(code for code in codes if code.startswith("http"))
    assert link.endswith("/map?day=2019-03-26&country=KR")
    assert any(code.startswith("<iframe src=") and "embed=true" in code for code in codes)
    assert any(button.proto.label == "QR code (PNG)" for button in app.get("download_button"))


def test_a_picture_of_the_view_is_made_only_when_asked_and_offered_as_a_file():
    """The Map page's "Pictures to share": nothing is drawn until asked; asked, the view's poster is shown and offered
    as a file; another choice is made anew, never the last one's file under its name."""
    app = run({"country": "KR"})

    def offered() -> list:
        return [button.proto for button in app.get("download_button") if button.proto.label.startswith("Download the picture")]

    assert not offered()
    app.selectbox(key="picture_map").set_value("square").run()
    next(button for button in app.button if button.label == "Make it").click().run()
    assert not app.exception and [button.url.endswith(".png") for button in offered()] == [True]
    app.selectbox(key="picture_map").set_value("a4").run()
    assert not offered()
    next(button for button in app.button if button.label == "Make it").click().run()
    assert not app.exception and [button.url.endswith(".svg") for button in offered()] == [True]


def test_the_text_view_lists_a_days_actions_in_the_presentations_words():
    app = run({"day": "2019-03-26"})
    day = next(text for text in notices(app, "caption") if text.strip().startswith("Tuesday 26 March 2019"))
    assert "Korean Confederation of Trade Unions (KCTU) · protest at Chinese embassy in Seoul · Embassy of China, Seoul · 15 members" in day


def test_more_actions_than_the_marker_limit_are_counted_in_cells_and_the_rest_of_the_page_is_unchanged(monkeypatch):
    monkeypatch.setenv("SOLIDARITY_MAP_MARKER_LIMIT", "2")
    app = run({"dates": "all"})
    said = " ".join(notices(app, "caption"))
    assert "actions in and around this view, too many to draw one by one: each circle counts those near it" in said
    assert figures(app)["Actions"] == "6" and "<b>6 of 8 actions on the map</b>" in pages_html(app)
    assert headings(app)[0] == "Not on the map (2)"  # no action lost: the unplaced are listed as before


def test_a_linked_action_opens_its_surroundings_as_markers_even_above_the_limit(monkeypatch):
    monkeypatch.setenv("SOLIDARITY_MAP_MARKER_LIMIT", "2")
    app = run({"dates": "all", "action": "2019-03-26-seoul-kctu-embassy"})
    assert "1 action in and around this view, each drawn; zoom out to see the rest as counts." in " ".join(notices(app, "caption"))


def test_a_presentation_of_more_actions_than_it_can_draw_asks_to_narrow_the_view(monkeypatch):
    from streamlit.util import calc_hash

    monkeypatch.setenv("SOLIDARITY_MAP_STORY_MOST", "3")
    app = run({"dates": "all"})
    app._page_hash = calc_hash("story")
    app.run()
    assert not app.exception
    said = " ".join(element.value for element in app.info)
    assert "This view has 8 actions. The presentation draws each of them" in said and "fewer days in the sidebar" in said
    app.query_params["kind"] = "protest"
    app.multiselect(key="kinds").set_value(["protest"]).run()
    assert not app.info and not app.exception  # three protests: their story is told


def test_a_link_in_traditional_chinese_shows_the_map_page_in_it_and_the_data_as_written():
    app = run({"lang": "zh-Hant"})
    assert app.title[0].value == "聲援地圖"
    html = pages_html(app)
    assert '<span class="sm-figure-label">次行動</span>' in html and "個國家" in html
    assert "聲援被拘押的佳士工人及中國勞工維權人士的行動。 顯示全球行動週，2019年3月25日至31日。" in " ".join(notices(app, "caption"))
    assert app.selectbox(key="language").value == "zh-Hant" and app.query_params["lang"] == "zh-Hant"
    assert [radio.options for radio in app.radio][0] == ["全球行動週，2019年3月25日至31日", "所有日期", "選擇日期"]
    assert "Korean Confederation of Trade Unions (KCTU)" in " ".join(app.selectbox(key="action_pick").options)


def test_the_picker_changes_the_language_and_the_link_keeps_the_view():
    app = run({"kind": "protest"})
    assert app.title[0].value == "Solidarity Map" and "lang" not in app.query_params
    app.selectbox(key="language").set_value("ko").run()
    assert app.title[0].value == "연대 지도"
    assert app.query_params["lang"] == "ko" and app.query_params["kind"] == "protest"
    assert app.multiselect(key="kinds").value == ["protest"]


def test_searching_seoul_in_chinese_finds_the_seoul_action():
    app = run({"lang": "zh-Hans", "q": "首尔", "dates": "all"})
    assert figures(app)["次行动"] == "1"
    assert app.selectbox(key="action_pick").options[1].endswith("Seoul")


def test_the_timeline_shows_each_days_kinds_as_bars_with_their_counts():
    html = pages_html(run())
    assert 'title="Tue 26 Mar · protest: 1"' in html and 'title="Tue 26 Mar · march: 1"' in html
    assert 'title="Mon 25 Mar: 0"' in html  # a quiet day keeps its place
    assert "Global action week" in html  # the campaign's week behind the bars


def test_what_every_visitor_of_a_view_sees_is_worked_out_once_per_view_and_language(monkeypatch):
    import views.map_page

    counted = []
    original = views.map_page.daily_counts

    def counting(*args, **kwargs):
        counted.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(views.map_page, "daily_counts", counting)
    view = {"dates": "all", "country": "PT"}  # a view no other test opens: nothing of it is worked out yet
    first = run(view)
    assert len(counted) == 1
    second = run(view)  # another visitor of the same view: the same page, nothing counted again
    assert len(counted) == 1 and pages_html(second) == pages_html(first)
    run({**view, "lang": "ko"})  # another language: its own words
    assert len(counted) == 2
