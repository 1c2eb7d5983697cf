import pandas as pd
import pytest

from tests.conftest import REPO
from utils.actions.campaign import BUNDLED
from utils.actions.load import load_actions
from utils.view import counts

ACTIONS = load_actions(REPO / "tests" / "fixtures" / "small_actions.csv").actions


def test_per_day_splits_the_week_from_the_days_around_it():
    table = counts.per_day(ACTIONS, [week.dates for week in BUNDLED.weeks])  # the bundled campaign's week
    assert list(zip(table["label"], table["actions"], table["when"], strict=True)) == [
        ("21 Mar 2019", 1, "outside the week"),
        ("26 Mar 2019", 2, "action week"),
        ("27 Mar 2019", 1, "action week"),
        ("28 Mar 2019", 1, "action week"),
        ("no date", 1, "no date"),
    ]


def test_per_country_kind_and_organisation():
    assert dict(zip(*counts.per_country(ACTIONS).values.T, strict=True))["(no country)"] == 2
    assert dict(zip(*counts.per_kind(ACTIONS)[["kind", "actions"]].values.T, strict=True)) == {
        "protest": 3,
        "march": 1,
        "petition": 1,
        "letter": 1,
    }
    organisations = dict(zip(*counts.per_organisation(ACTIONS).values.T, strict=True))
    assert organisations["Union A"] == 3 and organisations["Union B"] == 1


def test_participants_say_how_many_actions_have_no_count():
    assert counts.participants(ACTIONS) == {"total": 560, "with_count": 4, "without_count": 2}


def test_a_long_count_is_ranked_with_ties_in_alphabetical_order_and_cut_with_what_is_left_out():
    actions = pd.DataFrame({"organisations": ["B; A", "C", "A", "B", "D; C", "E"]})
    table = counts.per_organisation(actions)
    assert list(zip(table["organisation"], table["actions"], strict=True)) == [("A", 2), ("B", 2), ("C", 2), ("D", 1), ("E", 1)]
    shown, left_out = counts.top(table, 3)
    assert list(shown["organisation"]) == ["A", "B", "C"] and left_out == 2


# --- one definition of every count, across the pages ------------------------------------------------------

GAPS = (  # a file with what trips counts up: undated, placeless, both, a call to action, a span
    b"id,date,date_end,action_kind,organisations,city,country,participants,target\n"
    b"week,2019-03-25,2019-03-31,call to action,HKCTU,,,,\n"
    b"seoul,2019-03-26,,protest,KCTU,Seoul,South Korea,15,\n"
    b"letter,2019-03-27,,letter,Unison,,,,Chinese Prime Minister\n"
    b"undated-placed,,,photo action,CCC,Amsterdam,Netherlands,,\n"
    b"undated-placeless,,,petition,LabourStart,,,8121,\n"
    b"span,2019-03-24,2019-03-27,strike,SENTRO,Manila,Philippines,40,\n"
    b"later,2019-04-20,,protest,IG Metall,Berlin,Germany,,\n"
)


def _placed(raw: bytes) -> pd.DataFrame:
    from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions

    return geocode_actions(load_actions(raw).actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None))


def _live(tmp_path) -> bytes:
    """The published actions of a live database: the bundled file, a report from today and a placeless letter approved."""
    import datetime as dt

    from utils.live.store import Store

    store = Store(f"sqlite:///{tmp_path / 'live.db'}")
    store.seed(REPO / "data" / "actions.csv")
    for cells in (
        {"date": dt.date.today().isoformat(), "action_kind": "protest", "organisations": "IG Metall", "city": "Berlin", "country": "DE"},
        {"date": "2019-03-27", "action_kind": "letter", "organisations": "Unison", "target": "Chinese Prime Minister"},
    ):
        store.approve(f"report-{store.submit(cells).lower()}", "ana", 1)
    raw = store.export_csv()
    store.engine.dispose()
    return raw


@pytest.mark.parametrize("source", ["bundled", "live", "gaps"])
def test_the_map_the_data_page_the_presentation_the_site_and_the_story_file_count_alike(source, tmp_path):
    import datetime as dt

    from utils.i18n import ENGLISH
    from utils.publish.site import SITE_FIELDS, site_data
    from utils.view.filters import ViewFilter, apply, matches_all_but_dates
    from utils.view.story import story_slides
    from utils.view.timeline import headline, is_frame

    raw = {"bundled": (REPO / "data" / "actions.csv").read_bytes(), "live": _live(tmp_path) if source == "live" else b"", "gaps": GAPS}
    actions = _placed(raw[source])
    weeks = [week.dates for week in BUNDLED.weeks]
    data = site_data(actions[~is_frame(actions)], BUNDLED, ENGLISH)
    site_rows = {row[SITE_FIELDS.index("id")] for row in data["actions"]}
    site_marked = {row[data["markers"]["fields"].index("id")] for row in data["marker_rows"]}
    for view in (
        ViewFilter(),
        ViewFilter(start=None, end=None),
        ViewFilter(start=None, end=None, kinds=("letter", "petition")),
        ViewFilter(day=dt.date(2019, 3, 26)),
    ):
        result = apply(actions, view)
        tally = result.counts
        ids = set(result.actions["id"])
        # the Map's line ("N of M on the map"), its "Not on the map (n)", the Data page's "M actions in this view"
        assert tally.actions == len(ids) == tally.on_map + tally.not_on_map == tally.dated + tally.undated
        assert len(result.not_on_map) == tally.not_on_map and not (ids & set(result.frames["id"]))
        # the Map's line of figures: the dated in the view's days, and the undated said apart
        assert headline(result.shown)["actions"] + headline(result.undated)["actions"] == tally.actions
        # the static site holds every action of the view, with a marker exactly for those on the map
        assert ids <= site_rows and ids & site_marked == set(result.on_map["id"])
        # the Presentation and the story file tell every action of the view, and no call to action as one
        told = {
            action
            for slide in story_slides(actions[matches_all_but_dates(actions, view)], span=view.replace(day=None).days(), weeks=weeks)
            for action in slide.ids
        }
        assert ids <= told
        if view.all_dates and not view.kinds:
            assert told - set(result.frames["id"]) == ids
