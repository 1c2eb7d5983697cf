"""The campaign in a file (data/campaign.toml): its words and weeks reach the app, the story and the headings,
and another campaign runs from the same code with its own CSV and campaign file."""

import datetime as dt

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from utils.actions.campaign import BUNDLED, campaign_beside, campaign_of_file, read_campaign
from utils.actions.load import load_actions
from utils.errors import ConfigError

SECOND = REPO / "tests" / "data" / "second_campaign"


def test_the_bundled_campaign_is_read_from_its_file():
    assert BUNDLED.title == "Solidarity with the Jasic workers"
    assert BUNDLED.weeks[0].label == "Global action week, 25–31 March 2019"
    assert BUNDLED.home == (dt.date(2019, 3, 25), dt.date(2019, 3, 31))
    assert campaign_beside(REPO / "data" / "actions.csv") == REPO / "data" / "campaign.toml"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('title = "T"\ncolour = "red"\n', "unknown key 'colour'"),
        ('subject = "S"\n', "title is missing"),
        ('title = "T"\n[[weeks]]\nname = "W"\nfirst = 2019-03-31\nlast = 2019-03-25\n', "ends (2019-03-25) before it starts (2019-03-31)"),
        ('title = "T"\n[[weeks]]\nname = "W"\nfirst = "2019-03-25"\nlast = 2019-03-31\n', "first must be a date such as 2019-03-25"),
        ('title = "T"\ndefault_dates = "month"\n', "expected 'week' or 'all'"),
        ('title = "T\n', "not valid TOML"),
        ('title = "T"\n[languages.fr]\ntitle = "Solidarité"\n', "[languages.fr]: not a language of the site"),
        ('title = "T"\n[languages.ko]\ncolour = "red"\n', "[languages.ko] takes only closing, credit, opening, subject, title, weeks"),
        ('title = "T"\n[languages.ko]\nweeks = ["A", "B"]\n', "[languages.ko] weeks must list at most 0 names"),
        ('title = "T"\n[languages.ko]\ntitle = 3\n', "must be text in quotes"),
    ],
)
def test_a_wrong_campaign_file_says_which_key_and_what_is_wrong(tmp_path, text, said):
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        read_campaign(path)
    assert said in str(error.value) and "campaign.toml" in str(error.value)


def test_a_file_with_no_campaign_file_gets_its_own_name_and_weeks():
    campaign = campaign_of_file("marches.csv", load_actions(SECOND / "actions.csv").actions)
    assert (campaign.title, campaign.subject, campaign.weeks, campaign.home) == (
        "marches",
        "Actions from your file marches.csv.",
        (),
        (None, None),
    )
    bundled = campaign_of_file("actions.csv", load_actions(REPO / "data" / "actions.csv").actions)
    assert [week.label for week in bundled.weeks] == ["Global action week, 25–31 March 2019"]  # from its call to action


def test_week_words():
    second = read_campaign(SECOND / "campaign.toml")
    assert [week.words for week in second.weeks] == ["4–10 October 2021", "16 November 2021"]
    assert second.slug == "pay-your-workers"


@pytest.fixture
def second_campaign(monkeypatch, tmp_path):
    monkeypatch.setenv("SOLIDARITY_MAP_OFFLINE", "1")
    monkeypatch.setenv("SOLIDARITY_MAP_GEOCODE_CACHE", str(tmp_path / "cache.jsonl"))
    monkeypatch.setenv("SOLIDARITY_MAP_DATA", str(SECOND / "actions.csv"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def everything_said(app: AppTest) -> str:
    parts = [element.value for kind in ("markdown", "caption", "title", "subheader") for element in getattr(app, kind)]
    parts += [element.proto.body for element in app.get("html")]
    parts += [option for radio in app.radio for option in radio.options]
    parts += [button.label for button in app.button]
    return "\n".join(str(part) for part in parts)


def test_a_second_campaign_runs_from_the_same_code_with_its_own_words_and_weeks(second_campaign):
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not app.exception, [e.value for e in app.exception]
    said = everything_said(app)
    assert "Actions for the wages garment workers are owed." in said
    assert "Showing the wage week, 4–10 October 2021." in said
    assert app.radio(key="dates_mode").options == [
        "Wage week, 4–10 October 2021",
        "Day of the buyers, 16 November 2021",
        "All dates",
        "Choose dates",
    ]
    assert "Jasic" not in said and "March 2019" not in said and "action week" not in said.lower()
    assert not {"from", "to", "dates"} & set(app.query_params)  # its home view needs no dates in the link
    app.radio(key="dates_mode").set_value("Day of the buyers, 16 November 2021").run()
    assert "Showing the day of the buyers, 16 November 2021." in everything_said(app)


def test_the_second_campaigns_story_file_has_its_title_slides_and_credit(second_campaign):
    from utils.places.geocode import GeocodeCache, Geocoder, geocode_actions
    from utils.publish.export import story_html

    placed = geocode_actions(load_actions(SECOND / "actions.csv").actions, Geocoder(GeocodeCache(None), None, None))
    html = story_html(placed, read_campaign(SECOND / "campaign.toml"))
    assert "<title>Pay your workers, day by day</title>" in html
    assert "Example data written for Solidarity Map&#39;s tests." in html or "Example data written for Solidarity Map's tests." in html
    assert "Also in the campaign" in html and "Jasic" not in html


def test_the_campaigns_words_in_the_chosen_language_and_as_written_where_it_has_none():
    from utils.i18n import ENGLISH, words_in

    korean = BUNDLED.in_language(words_in("ko"))
    assert (korean.title, korean.weeks[0].name, korean.opening) == ("Jasic 노동자들과 연대를", "국제 행동 주간", "행동 주간 이전")
    assert korean.weeks[0].dates == BUNDLED.weeks[0].dates and korean.home == BUNDLED.home
    assert korean.weeks[0].label_in(words_in("ko")) == "국제 행동 주간, 2019년 3월 25일~31일"
    assert BUNDLED.in_language(ENGLISH) == BUNDLED and BUNDLED.in_language(ENGLISH).title == "Solidarity with the Jasic workers"
    uploaded = campaign_of_file("marches.csv", load_actions(SECOND / "actions.csv").actions).in_language(words_in("zh-Hant"))
    assert uploaded.subject == "來自你的檔案 marches.csv 的行動。" and uploaded.title == "marches"
