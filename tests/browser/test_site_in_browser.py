"""The published static site from a local static server, with no network: filter, play three days, open a popup."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.browser.conftest import PHONE, PROJECTOR, screenshot
from tests.conftest import REPO
from utils.actions.campaign import BUNDLED
from utils.actions.load import load_actions
from utils.places.gazetteer import Gazetteer
from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
from utils.publish.site import site_files, write_site


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory, gazetteer_dir):
    """The site written to a folder and served by a plain static server on 127.0.0.1, as any static host would."""
    placed = geocode_actions(
        load_actions(REPO / "data" / "actions.csv").actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    )
    folder = tmp_path_factory.mktemp("site")
    write_site(folder, site_files(placed, BUNDLED, other_names=Gazetteer.open(gazetteer_dir).scripts_of))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def ready(page, language: str = "en"):
    page.wait_for_selector(f"body[data-ready='{language}']")
    page.wait_for_timeout(500)


def markers(page) -> list[str]:
    return sorted(page.locator(".sm-action").evaluate_all("els => els.map(e => e.getAttribute('data-action-id'))"))


def test_filter_play_three_days_and_open_a_popup_with_no_network(site, open_page):
    page = open_page(site, PROJECTOR)
    ready(page)
    assert page.locator("#title").inner_text() == "Solidarity with the Jasic workers"
    assert len(markers(page)) == 4  # the action week's placed actions
    assert "Clean Clothes Campaign East Asia" in page.locator("#unplaced").inner_text()  # a letter with no place is listed, not lost
    page.locator("#kind-label").click()
    page.locator("#kinds input[value='protest']").check()
    page.wait_for_function("location.search.includes('kind=protest')")
    assert markers(page) == ["2019-03-26-seoul-kctu-embassy", "2019-03-28-sentro-embassy-philippines"]
    page.locator("#kind-label").click()
    page.select_option("#pace", "1.5")
    page.locator("#play").click()
    for day in ("2019-03-25", "2019-03-26", "2019-03-27"):  # three days, one after the other
        page.wait_for_function(f"document.body.getAttribute('data-day') === '{day}'", timeout=10_000)
        if day == "2019-03-26":
            assert markers(page) == ["2019-03-26-seoul-kctu-embassy"]
    page.locator("#play").click()  # pause
    page.locator("#prev").click()
    page.wait_for_function("document.body.getAttribute('data-day') === '2019-03-26'")
    page.locator(".sm-action[data-action-id='2019-03-26-seoul-kctu-embassy']").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Korean Confederation of Trade Unions (KCTU)" in text and "Embassy of China, Seoul (at the venue)" in text
    page.wait_for_function("location.search.includes('action=2019-03-26-seoul-kctu-embassy')")
    link = page.evaluate("location.href")
    screenshot(page, "site-popup-projector")
    assert page.errors == []
    again = open_page(link, PHONE)  # the link reproduces the view: the day, the kind and the open card
    ready(again)
    assert again.locator("body").get_attribute("data-day") == "2019-03-26"
    again.locator(".leaflet-popup-content").wait_for()
    assert "KCTU" in again.locator(".leaflet-popup-content").inner_text()
    screenshot(again, "site-popup-phone")
    assert again.errors == []


def test_a_dashboard_link_opens_the_same_view_in_its_language(site, open_page):
    page = open_page(site + "?country=KR&dates=all&lang=zh-Hant", PHONE, locale="en-GB")
    ready(page, "zh-Hant")
    assert page.locator("#title").inner_text() == "聲援佳士工人"
    assert markers(page) == ["2019-03-26-seoul-kctu-embassy"]
    assert page.locator("#country-label").inner_text() == "國家: 南韓"
    assert page.locator("#play").inner_text() == "▶ 逐日播放"
    page.goto(site + "?dates=all&lang=zh-Hans")
    ready(page, "zh-Hans")
    page.locator("#search").fill("首尔")  # the city by its Chinese name: the data says Seoul
    page.wait_for_function("location.search.includes('q=')")
    assert markers(page) == ["2019-03-26-seoul-kctu-embassy"]
    page.locator("#search").fill("")
    page.select_option("#language", "ko")
    ready(page, "ko")
    assert page.locator("#title").inner_text() == "Jasic 노동자들과 연대를"
    assert "lang=ko" in page.evaluate("location.search")
    screenshot(page, "site-ko-phone")
    assert page.errors == []


def test_the_browsers_language_chooses_the_sites(site, open_page):
    page = open_page(site, PROJECTOR, locale="zh-HK")
    ready(page, "zh-Hant")
    assert page.locator("#play").inner_text() == "▶ 逐日播放"
    assert "lang=" not in page.evaluate("location.search")  # the reader's own language: the link does not force it on others


VIEWS = ("", "?dates=all", "?dates=all&country=KR", "?day=2019-03-26", "?dates=all&kind=letter")


@pytest.mark.parametrize("query", VIEWS)
def test_the_sites_figures_legend_and_share_say_what_the_dashboard_says(site, open_page, query):
    """The same line of figures and the same 'N of M on the map' as the Map page, for the same link: one definition."""
    from urllib.parse import parse_qs

    from utils.view.filters import ViewFilter, apply
    from utils.view.timeline import headline

    placed = geocode_actions(
        load_actions(REPO / "data" / "actions.csv").actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    )
    view, _ = ViewFilter.from_query(parse_qs(query.lstrip("?")))
    result = apply(placed, view)
    counts, figures = result.counts, headline(result.shown)
    page = open_page(site + query, PROJECTOR)
    ready(page)
    values = page.locator("#figures .sm-figure-value").all_inner_texts()
    assert values[:3] == [str(figures["actions"]), str(figures["countries"]), str(figures["organisations"])]
    assert page.locator("#on-map").inner_text() == f"{counts.on_map} of {counts.actions} actions on the map"
    assert page.locator("#unplaced-title").inner_text() == f"Not on the map ({counts.not_on_map})"
    if counts.undated:
        assert f"and {counts.undated} action" in page.locator("#figures").inner_text()
    legend = page.locator(".sm-legend")
    assert "Kind of action" in legend.inner_text() and "city only" in legend.inner_text()  # open on a projector
    page.locator("#share-title").click()
    assert page.locator("#share-link").input_value() == page.evaluate("location.href")
    assert "<iframe src=" in page.locator("#share-embed").input_value()
    if not query:
        screenshot(page, "site-figures-projector")
    assert page.errors == []


def test_the_site_reads_and_writes_its_link_by_the_dashboards_declaration(tmp_path, open_page, monkeypatch):
    """A word added to the view's link (utils/view/filters.py's LINK) is read and written by the site with no change to
    site.js: a link with it opens, and the site's own link keeps it as the view changes."""
    from utils.view import filters

    toy = filters.LinkWord("toy", "toy", lambda text, words, notes: text[:20])
    monkeypatch.setattr(filters, "LINK", (*filters.LINK, toy))
    placed = geocode_actions(
        load_actions(REPO / "data" / "actions.csv").actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    )
    write_site(tmp_path, site_files(placed, BUNDLED))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = open_page(f"http://127.0.0.1:{server.server_address[1]}/?toy=abc&kind=protest", PROJECTOR)
        ready(page)
        assert markers(page) == ["2019-03-26-seoul-kctu-embassy", "2019-03-28-sentro-embassy-philippines"]
        page.locator("#next").click()  # the view changes; the link is written again from the site's state
        page.wait_for_function("location.search.includes('day=')")
        assert "toy=abc" in page.evaluate("location.search") and "kind=protest" in page.evaluate("location.search")
        assert page.errors == []
    finally:
        server.shutdown()
