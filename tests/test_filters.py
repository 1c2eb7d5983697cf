"""The view is a URL: from_query and to_query round-trip, and apply splits the actions honestly."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REPO
from utils.actions.load import load_actions
from utils.actions.schema import ACTION_KINDS
from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
from utils.view.filters import ACTION_WEEK, ViewFilter, apply, fit_to_data, get_all

ACTIONS = geocode_actions(
    load_actions(REPO / "data" / "actions.csv").actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
)

days = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2020, 12, 31))
words = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "Zs")), max_size=30).map(str.strip)


@st.composite
def views(draw):
    dates = draw(st.sampled_from(["week", "all", "range"]))
    start, end = ACTION_WEEK
    if dates == "all":
        start = end = None
    elif dates == "range":
        start, end = sorted([draw(days), draw(days)])
    return ViewFilter(
        start=start,
        end=end,
        day=draw(st.none() | days),
        countries=tuple(draw(st.lists(st.sampled_from(["KR", "PT", "HK", "PH", "NL"]), unique=True, max_size=3))),
        kinds=tuple(draw(st.lists(st.sampled_from(ACTION_KINDS), unique=True, max_size=3))),
        organisations=tuple(draw(st.lists(words.filter(lambda w: w and "," not in w), unique=True, max_size=2))),
        search=draw(words),
        action=draw(st.sampled_from(["", "2019-03-26-seoul-kctu-embassy"])),
        slide=draw(st.sampled_from(["", "opening", "closing", "2019-03-26"])),
        language=draw(st.sampled_from(["", "zh-Hant", "zh-Hans", "ko"])),
    )


@given(views())
def test_every_view_round_trips_through_its_url(view):
    restored, notes = ViewFilter.from_query(view.to_query())
    assert notes == [] and restored == view


def test_default_view_has_the_shortest_link():
    assert ViewFilter().to_query() == {}
    assert ViewFilter.from_query({}) == (ViewFilter(), [])


def test_malformed_query_gives_notes_and_defaults():
    view, notes = ViewFilter.from_query({"from": "yesterday", "kind": ["march", "riot"], "slide": "<x>", "dates": "soon"})
    assert view.kinds == ("march",) and view.start == ACTION_WEEK[0] and view.slide == ""
    assert len(notes) == 4 and any("yesterday" in note for note in notes)


def test_reversed_dates_fall_back_to_the_week():
    view, notes = ViewFilter.from_query({"from": "2019-03-31", "to": "2019-03-01"})
    assert (view.start, view.end) == ACTION_WEEK and "is after" in notes[0]


def test_repeated_and_comma_separated_values_both_work():
    assert get_all({"kind": ["march", "protest,letter"]}, "kind") == ["march", "protest", "letter"]


def test_week_view_splits_shown_undated_and_outside():
    result = apply(ACTIONS, ViewFilter())
    assert set(result.shown["id"]) == {
        "2019-03-25-global-action-week",
        "2019-03-26-hong-kong-march",
        "2019-03-26-seoul-kctu-embassy",
        "2019-03-28-sentro-embassy-philippines",
        "2019-03-29-ccc-netherlands-photo",
    }
    assert set(result.undated["id"]) == {"2019-online-petition-labourstart", "ccc-east-asia-letter-li-keqiang"}
    assert result.outside == 2  # Porto on 21 March and the letter of September 2018


def test_an_action_spanning_days_is_in_each_of_them():
    result = apply(ACTIONS, ViewFilter(day=dt.date(2019, 3, 30)))
    assert list(result.shown["id"]) == ["2019-03-25-global-action-week"]


def test_no_action_is_lost_between_map_and_lists():
    for view in (ViewFilter(), ViewFilter(start=None, end=None), ViewFilter(day=dt.date(2019, 3, 26))):
        result = apply(ACTIONS, view)
        counts = result.counts
        assert len(result.on_map) + len(result.not_on_map) == len(result.actions) == counts.actions == counts.on_map + counts.not_on_map
        assert counts.dated + counts.undated == counts.actions and counts.frames == len(result.frames) == 1  # the week: no action
        assert counts.actions + counts.frames + counts.outside == len(ACTIONS) == len(result.all) + result.outside


def test_filters_by_country_kind_organisation_and_search():
    everything = ViewFilter(start=None, end=None)
    assert list(apply(ACTIONS, everything.replace(countries=("KR",))).all["id"]) == ["2019-03-26-seoul-kctu-embassy"]
    assert len(apply(ACTIONS, everything.replace(kinds=("letter",))).all) == 2
    assert len(apply(ACTIONS, everything.replace(organisations=("hkctu",))).all) == 3
    assert list(apply(ACTIONS, everything.replace(search="dockers")).all["id"]) == ["2019-03-21-porto-dockers"]


def test_link_dates_outside_what_the_data_allows_are_clamped_and_said():
    earliest, latest = dt.date(2017, 9, 1), dt.date(2020, 3, 31)
    view, notes = fit_to_data(ViewFilter(start=dt.date(2017, 1, 1), end=dt.date(2031, 1, 1)), earliest, latest)
    assert (view.start, view.end) == (earliest, latest)
    assert notes == [
        "from=2017-01-01 is before the dates this data allows; showing from 2017-09-01",
        "to=2031-01-01 is after the dates this data allows; showing up to 2020-03-31",
    ]
    view, notes = fit_to_data(ViewFilter(start=dt.date(2040, 1, 1), end=dt.date(2041, 1, 1)), earliest, latest)
    assert (view.start, view.end) == ACTION_WEEK and "lie outside this data" in notes[-1]


def test_a_day_outside_the_dates_shown_is_said_not_dropped_silently():
    view, notes = fit_to_data(ViewFilter(day=dt.date(2019, 3, 21)), dt.date(2017, 1, 1), dt.date(2021, 1, 1))
    assert view.day is None
    assert notes == ["day=2019-03-21 is not among the dates shown (2019-03-25 to 2019-03-31); showing every day of them"]
    view, notes = fit_to_data(ViewFilter(day=dt.date(2019, 3, 26)), dt.date(2017, 1, 1), dt.date(2021, 1, 1))
    assert view.day == dt.date(2019, 3, 26) and notes == []


def test_a_links_language_is_part_of_the_view_and_its_notes_are_in_it():
    view, notes = ViewFilter.from_query({"lang": "ko", "kind": "dance"})
    assert view.language == "ko" and view.to_query()["lang"] == "ko"
    assert notes == ["kind='dance': 행동 종류가 아닙니다. 무시했습니다"]
    english, notes = ViewFilter.from_query({"lang": "tlh"})
    assert english.language == "" and "lang" not in english.to_query()
    assert notes == [
        "lang='tlh' is not a language of this site (en (English), zh-Hant (繁體中文), zh-Hans (简体中文), ko (한국어)); ignored"
    ]


def test_a_search_finds_a_place_by_its_name_in_another_script():
    from utils.i18n import words_in
    from utils.view.filters import other_names

    cities = {"首尔": ["Seoul"], "서울": ["Seoul"], "香港": ["Hong Kong"]}.get
    assert other_names("首尔", lambda name: cities(name) or [], words_in("zh-Hans")) == ("Seoul",)
    assert other_names("南韓", lambda name: [], words_in("zh-Hant")) == ("South Korea",)
    assert other_names("항의", lambda name: [], words_in("ko")) == ("protest",)
    assert other_names("Seoul", lambda name: ["never asked"], words_in("ko")) == ()  # a Latin-script search is the data's own words
    seoul = ViewFilter(start=None, end=None, search="首尔", also=("Seoul",))
    shown = apply(ACTIONS, seoul).all
    assert list(shown["id"]) == ["2019-03-26-seoul-kctu-embassy"]
    assert apply(ACTIONS, seoul.replace(also=())).all.empty  # the data says Seoul, never 首尔


def test_a_country_is_found_by_its_own_name_however_the_file_spelt_it():
    shown = apply(ACTIONS, ViewFilter(start=None, end=None, search="philippines")).all
    assert len(shown) and set(shown["country_code"]) == {"PH"}


def test_every_link_parameter_is_cut_to_a_bound_in_its_note():
    long = "x" * 10_000
    params = {name: long for name in ("dates", "from", "to", "day", "kind", "country", "slide", "lang")}
    _, notes = ViewFilter.from_query(params)
    assert len(notes) == 8
    assert all(len(note) < 300 for note in notes), [len(note) for note in notes]
    assert all("…" in note for note in notes)  # the reader sees that it was cut
