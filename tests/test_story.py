"""The story's slides, and the file that carries it."""

import datetime as dt
import re
import struct
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import REPO
from utils.actions.load import load_actions
from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
from utils.publish.export import story_html
from utils.view.story import captions_of, slide_index, story_slides, told_after


@pytest.fixture(scope="module")
def placed():
    return geocode_actions(
        load_actions(REPO / "data" / "actions.csv").actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    )


def test_story_opens_with_the_letter_then_every_day_from_21_to_31_march_then_what_has_no_place(placed):
    slides = story_slides(placed)
    keys = [slide.key for slide in slides]
    assert keys == ["opening"] + [f"2019-03-{day:02d}" for day in range(21, 32)] + ["closing"]
    assert "FIM-CISL" in slides[0].captions[0].who and slides[0].subtitle == "From 19 September 2018"
    closing = " ".join(caption.text for caption in slides[-1].captions)
    assert "8121 signatures collected until 1 April" in closing and "Prime Minister Li Keqiang" in closing


def test_each_day_shows_its_actions_with_who_where_what_and_how_many(placed):
    slides = {slide.key: slide for slide in story_slides(placed)}
    porto = slides["2019-03-21"].captions[0]
    assert (porto.who, porto.where, porto.how_many) == ("Dockers' Unions (Porto)", "Porto, Portugal", "about 30 dockers")
    assert [row[2] for row in slides["2019-03-26"].markers] == ["2019-03-26-hong-kong-march", "2019-03-26-seoul-kctu-embassy"]
    assert (
        slides["2019-03-30"].captions == []
        and "going on: call to action by HKCTU; Globalization Monitor, 25 Mar–31 Mar" in slides["2019-03-30"].subtitle
    )


def test_caption_says_when_an_action_is_not_on_the_map():
    caption = caption_of_one(
        {
            "organisations": "CCC East Asia",
            "action_kind": "letter",
            "target": "Prime Minister Li Keqiang",
            "unplaced_reason": "no place given",
            "lat": None,
            "participants": None,
        }
    )
    assert caption.text == "CCC East Asia · letter to Prime Minister Li Keqiang" and not caption.on_map


def test_slide_in_the_url_picks_the_slide(placed):
    slides = story_slides(placed)
    assert slide_index(slides, "2019-03-26") == 6 and slide_index(slides, "nonsense") == 0


def test_story_file_carries_everything_inside_it(placed):
    html = story_html(placed)
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?https?:""", html)
    assert "tile.openstreetmap.org" not in html
    assert "L.map" in html and "Dockers' Unions (Porto)" in html
    assert len(re.findall(r"</script>", html)) == html.count("<script>") == 4


def test_hostile_text_cannot_close_the_story_script():
    actions = load_actions(b"city,date,organisations,lat,lon\nSeoul,2019-03-26,</script><script>alert(1)</script>,37.5,127\n").actions
    html = story_html(geocode_actions(actions, Geocoder(GeocodeCache(None), None, None)))
    assert "<script>alert(1)" not in html and html.count("</script>") == 4


def test_export_command_writes_the_story(tmp_path):
    output = tmp_path / "story.html"
    run = subprocess.run(
        [sys.executable, "-m", "utils", "export", "story", "data/actions.csv", "-o", str(output), "--offline"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    assert "plays with no network" in run.stdout
    assert output.stat().st_size > 100_000 and "Dockers' Unions (Porto)" in output.read_text()


def test_slides_script_saves_projector_size_pngs(tmp_path):
    run = subprocess.run(
        [sys.executable, "scripts/story_slides.py", "data/actions.csv", "-o", str(tmp_path), "--limit", "2"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    pngs = sorted(tmp_path.glob("*.png"))
    assert [path.name for path in pngs] == ["01-opening.png", "02-2019-03-21.png"]
    width, height = struct.unpack(">II", pngs[1].read_bytes()[16:24])
    assert (width, height) == (1920, 1080)


def test_an_action_running_to_2100_makes_a_bounded_story():
    actions = load_actions(
        b"id,date,date_end,action_kind,city,country\na,2019-03-26,2100-12-31,protest,Seoul,South Korea\nb,2019-03-27,,protest,Porto,Portugal\n"
    ).actions
    slides = story_slides(geocode_actions(actions, Geocoder(GeocodeCache(None), None, None)))
    assert [slide.key for slide in slides][:2] == ["2019-03-26", "2019-03-27"] and len(slides) <= 3


def test_past_the_day_limit_every_later_action_is_on_the_closing_slide():
    rows = "".join(f"r{n},{dt.date(2019, 1, 1) + dt.timedelta(days=n)},protest,Seoul,South Korea,37.5,127\n" for n in range(40))
    actions = load_actions(("id,date,action_kind,city,country,lat,lon\n" + rows).encode()).actions
    slides = story_slides(geocode_actions(actions, Geocoder(GeocodeCache(None), None, None)), max_days=30)
    assert len([slide for slide in slides if slide.key not in ("opening", "closing")]) == 30
    assert slides[-1].key == "closing" and len(slides[-1].captions) == 10
    assert "10 actions after the story's last day (30 days at most)" in slides[-1].subtitle


def test_story_html_of_a_two_row_file_running_to_2100_is_small_and_quick():
    actions = load_actions(b"id,date,date_end,action_kind,city,country\na,2019-03-26,2100-12-31,protest,Seoul,South Korea\n").actions
    html = story_html(geocode_actions(actions, Geocoder(GeocodeCache(None), None, None)))
    assert html.count('"key":') < 10


@pytest.fixture(scope="module")
def live(placed):
    """The bundled campaign with a report approved today (one of its actions, dated today)."""
    today = pd.DataFrame([{**placed.iloc[4].to_dict(), "id": "report-today", "date": pd.Timestamp("2026-12-04"), "date_end": pd.NaT}])
    return pd.concat([placed, today], ignore_index=True)


WEEK_KEYS = ["opening"] + [f"2019-03-{day:02d}" for day in range(21, 32)] + ["closing"]


def test_a_report_from_today_leaves_the_story_of_the_week_as_it_was(live):
    """The week's story follows the view's dates: 2019 told as 2019, the lead-up included, today's report not in it."""
    week = (dt.date(2019, 3, 25), dt.date(2019, 3, 31))
    slides = story_slides(live, span=week, weeks=[week])
    assert [slide.key for slide in slides] == WEEK_KEYS
    assert "report-today" not in {row[2] for slide in slides for row in slide.markers}
    assert told_after(live, week) == 1 and told_after(live, None) == 0


def test_with_all_dates_the_story_tells_2019_then_today(live):
    slides = story_slides(live, span=None, weeks=[(dt.date(2019, 3, 25), dt.date(2019, 3, 31))])
    assert [slide.key for slide in slides] == WEEK_KEYS[:-1] + ["2026-12-04", "closing"]
    assert slides[0].title == "Before the action week" and "FIM-CISL" in slides[0].captions[0].who
    assert [row[2] for row in slides[-2].markers] == ["report-today"]


def test_a_view_of_two_days_tells_those_two_days():
    placed_ = load_actions(REPO / "data" / "actions.csv").actions
    slides = story_slides(placed_, span=(dt.date(2019, 3, 28), dt.date(2019, 3, 29)), weeks=[(dt.date(2019, 3, 25), dt.date(2019, 3, 31))])
    assert [slide.key for slide in slides] == ["opening", "2019-03-28", "2019-03-29", "closing"]


def test_the_call_to_action_is_not_counted_as_an_action(placed):
    slides = {slide.key: slide for slide in story_slides(placed)}
    assert slides["2019-03-25"].subtitle.startswith("No new action reported on this day in the sources · Global action week")
    assert "begins" in slides["2019-03-25"].subtitle
    assert "call to action" not in " ".join(caption.what for caption in slides["closing"].captions)


def caption_of_one(action: dict):
    return captions_of(pd.DataFrame([action]))[0]
