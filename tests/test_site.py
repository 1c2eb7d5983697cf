"""The published static site: its files, its data per language, and the command that writes it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO
from utils.actions.campaign import BUNDLED
from utils.actions.load import load_actions
from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
from utils.publish.site import SITE_FIELDS, site_files, write_site


@pytest.fixture(scope="module")
def placed():
    return geocode_actions(
        load_actions(REPO / "data" / "actions.csv").actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    )


def test_the_site_is_a_page_its_code_and_one_data_file_per_language(placed):
    files = site_files(placed, BUNDLED)
    assert {"index.html", "site.js", "site.css", "markers.js", "markers.css"} <= set(files)
    assert {name for name in files if name.startswith("data/")} == {
        "data/en.json",
        "data/zh-Hant.json",
        "data/zh-Hans.json",
        "data/ko.json",
    }
    page = files["index.html"]
    assert not re.search(r"(src|href)=\"https?://", page)  # nothing from a CDN: the map's scripts are beside it
    assert "KCTU" not in page  # no data in the page: site.js sets every word with textContent


def test_every_action_is_in_the_data_and_one_with_no_place_says_why(placed):
    data = json.loads(site_files(placed, BUNDLED)["data/zh-Hant.json"])
    rows = {row[SITE_FIELDS.index("id")]: row for row in data["actions"]}
    not_a_frame = placed[placed["action_kind"] != "call to action"]
    assert set(rows) == set(not_a_frame["id"])
    letter = rows["ccc-east-asia-letter-li-keqiang"]
    assert letter[SITE_FIELDS.index("why")] == "沒有提供地點" and "Li Keqiang" in letter[SITE_FIELDS.index("caption")]
    placed_ids = {row[data["markers"]["fields"].index("id")] for row in data["marker_rows"]}
    assert placed_ids == set(not_a_frame.loc[not_a_frame["unplaced_reason"] == "", "id"])


def test_each_language_has_its_campaign_words_interface_words_and_country_names(placed):
    files = site_files(placed, BUNDLED)
    korean = json.loads(files["data/ko.json"])
    assert korean["campaign"]["title"] == "Jasic 노동자들과 연대를"
    assert korean["campaign"]["weeks"] == [{"name": "국제 행동 주간, 2019년 3월 25일~31일", "first": "2019-03-25", "last": "2019-03-31"}]
    assert korean["words"]["play_days"] == "▶ 날마다 재생" and korean["words"]["next"] == "다음 ▶"
    assert ["KR", "대한민국"] in korean["countries"]
    assert ["protest", "항의"] in korean["kinds"]
    english = json.loads(files["data/en.json"])
    assert english["words"]["shown"] == "{shown} of {all} actions on the map" and english["campaign"]["home"] == [
        "2019-03-25",
        "2019-03-31",
    ]


def export_site(folder) -> subprocess.CompletedProcess:
    """`python -m utils export site FOLDER --offline`, as an operator (or a cron line) runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "utils", "export", "site", str(folder), "--offline"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done


def test_the_command_writes_a_folder_any_static_host_serves(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLIDARITY_MAP_GEOCODE_CACHE", str(tmp_path / "cache.jsonl"))
    done = export_site(tmp_path / "site")
    assert "8 actions (6 on the map), 0 load problems" in done.stdout  # the call to action frames them: no action
    assert "reading the published actions from the database" in done.stderr
    for name in ("index.html", "site.js", "data/ko.json", "vendor/leaflet.js", "vendor/leaflet.markercluster.js", "vendor/countries.json"):
        assert (tmp_path / "site" / name).is_file(), name
    from PIL import Image

    assert Image.open(tmp_path / "site" / "poster.png").size == (1200, 630)  # the link preview's picture, beside the page


def test_a_shared_link_to_the_site_shows_the_campaign_and_its_poster(placed):
    """The page's head tells the sites a link is posted on (which run no script) its title, what it is and its
    poster: Open Graph and Twitter cards, with the full address where the site is published; a campaign's words are
    text in their attributes, never markup."""
    from html.parser import HTMLParser

    from utils.actions.campaign import Campaign

    hostile = Campaign('Jasic "workers" <script>alert(1)</script>', "Actions & protests", credit="x")
    page = site_files(placed, hostile, address="https://map.example.org/jasic/")["index.html"]

    class Head(HTMLParser):
        def __init__(self):
            super().__init__()
            self.meta, self.title, self.scripts, self._in_title = {}, "", 0, False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "meta" and ("property" in attrs or "name" in attrs):
                self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
            self._in_title = tag == "title"
            self.scripts += tag == "script"

        def handle_endtag(self, tag):
            self._in_title = False

        def handle_data(self, data):
            if self._in_title:
                self.title += data

    head = Head()
    head.feed(page)
    assert head.meta["og:image"] == head.meta["twitter:image"] == "https://map.example.org/jasic/poster.png"
    assert head.meta["og:title"] == head.title == 'Jasic "workers" <script>alert(1)</script>'
    assert head.meta["og:description"] == "Actions & protests" and head.meta["twitter:card"] == "summary_large_image"
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    assert head.meta["og:url"] == "https://map.example.org/jasic/"
    assert "<script>alert(1)" not in page


def test_a_search_reads_the_countrys_and_kinds_names_in_every_language_and_the_citys_in_other_scripts(placed):
    names = {("Seoul", "KR"): ["서울", "首尔", "首爾"]}
    data = json.loads(site_files(placed, BUNDLED, other_names=lambda city, code: names.get((city, code), []))["data/en.json"])
    seoul = next(row for row in data["actions"] if row[0] == "2019-03-26-seoul-kctu-embassy")
    searched = seoul[SITE_FIELDS.index("search")]
    assert all(name in searched for name in ("首尔", "서울", "南韓", "韩国", "대한민국", "抗議", "항의", "kctu"))


def test_write_site_returns_every_file_it_wrote(tmp_path, placed):
    written = write_site(tmp_path, site_files(placed, BUNDLED))
    assert all(path.is_file() for path in written) and len(written) == len(set(written))


def test_the_site_rebuilt_on_a_schedule_shows_what_a_moderator_approved(tmp_path, monkeypatch):
    """The public copy follows the database, as the app does: a report approved after one build is in the next."""
    from utils.live.store import Store

    monkeypatch.setenv("SOLIDARITY_MAP_GEOCODE_CACHE", str(tmp_path / "cache.jsonl"))
    url = f"sqlite:///{tmp_path / 'live.db'}"
    monkeypatch.setenv("SOLIDARITY_MAP_DATABASE_URL", url)

    def build() -> dict:
        export_site(tmp_path / "site")
        return json.loads((tmp_path / "site" / "data" / "en.json").read_text())

    assert len(build()["actions"]) == 8  # the database took the bundled file on the first build, as the app does
    store = Store(url)
    cells = {"date": "2026-12-04", "action_kind": "protest", "organisations": "IG Metall Berlin", "city": "Berlin", "country": "DE"}
    reference = store.submit(cells)
    assert len(build()["actions"]) == 8  # pending: never published
    store.approve(f"report-{reference.lower()}", "ana", 1)
    store.engine.dispose()
    data = build()
    row = next(row for row in data["actions"] if "IG Metall Berlin" in row[SITE_FIELDS.index("caption")])
    assert row[SITE_FIELDS.index("day")] == "2026-12-04" and len(data["actions"]) == 9
    assert row[SITE_FIELDS.index("id")] in {marker[data["markers"]["fields"].index("id")] for marker in data["marker_rows"]}
