"""An action's card is drawn by one renderer, the browser's (templates/markers.js): the Map page's "Action details"
(mapview.card_html) is the same card as a marker's popup, from data only. Here the card is drawn in Chromium, alone on
a page, and read as a person reads it: its heading, its rows, its link, in the chosen language, hostile text as text."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.browser.conftest import PROJECTOR
from tests.conftest import REPO
from utils.actions.load import load_actions
from utils.i18n import ENGLISH, Words, words_in
from utils.map.mapview import card_html

READ = """() => Array.from(document.querySelectorAll('.sm-card')).map(card => ({
    title: card.querySelector('h4').textContent,
    rows: Array.from(card.querySelectorAll('dt')).map(dt => [dt.textContent, dt.nextElementSibling.textContent]),
    links: Array.from(card.querySelectorAll('a')).map(a => [a.textContent, a.getAttribute('href'), a.rel, a.target]),
    made: card.querySelectorAll('img, script, svg, b, textarea').length,
}))"""


@pytest.fixture(scope="module")
def card_page(browser):
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))

    def drawn(html: str) -> list[dict]:
        page.set_content(html)
        found = page.evaluate(READ)
        assert page.errors == []
        return [{**card, "rows": dict(card["rows"])} for card in found]

    def cards(actions: list[dict], words: Words = ENGLISH) -> list[dict]:
        found = drawn("".join(card_html(action, words) for action in actions))
        assert len(found) == len(actions)
        return found

    cards.html = drawn
    cards.page = page
    yield cards
    context.close()


def hostile_actions() -> list[dict]:
    actions = load_actions(REPO / "tests" / "bad_files" / "html_and_script.csv").actions
    placed = actions.assign(lat=[37.5, 41.1], lon=[127.0, -8.6], precision=["venue", "city"], geo_label=["Seoul", "Porto"], geo_note="")
    return [row.to_dict() for _, row in placed.iterrows()]


def test_a_card_shows_hostile_text_as_text_and_only_http_links(card_page):
    first, second = card_page(hostile_actions())
    assert first["title"] == "<script>alert(1)</script>"
    assert first["rows"]["What happened"] == "<img src=x onerror=alert(2)> ${alert(3)} `tick`"
    assert first["rows"]["Source"] == "javascript:alert(4)" and first["links"] == []
    assert first["rows"]["Place"] == "Seoul (at the venue)"
    assert second["rows"]["Place"] == "Porto (somewhere in the city (exact spot unknown))"
    assert second["rows"]["What happened"] == "</textarea><b>bold</b>"
    assert second["links"] == [["https://example.org/?q=<x>", "https://example.org/?q=<x>", "noopener noreferrer", "_blank"]]
    assert first["made"] == second["made"] == 0


def test_a_card_keeps_its_title_and_links_a_source_by_its_title(card_page):
    (card,) = card_page([{"organisations": "KCTU", "action_kind": "protest", "source": "KCTU statement https://kctu.example/s1"}])
    assert card["title"] == "KCTU" and card["rows"]["Kind"] == "protest"
    assert card["links"] == [["KCTU statement", "https://kctu.example/s1", "noopener noreferrer", "_blank"]]


def test_a_card_says_no_machine_text_about_how_the_place_was_found(card_page):
    (card,) = card_page(
        [
            {
                "organisations": "A",
                "geo_note": "Nominatim at host failed: NameResolutionError",
                "precision": "city",
                "city": "Seoul",
                "lat": 37.5,
                "lon": 127.0,
            }
        ]
    )
    assert "Nominatim" not in str(card) and card["rows"]["Place"] == "Seoul (somewhere in the city (exact spot unknown))"


def test_an_unplaced_action_s_card_says_why_it_is_not_on_the_map(card_page):
    letter = {"organisations": "ITUC", "action_kind": "letter", "target": "Li Keqiang", "unplaced_reason": "no place given"}
    petition = {"organisations": "LabourStart", "action_kind": "petition"}
    card, bare = card_page([letter, petition])
    assert card["rows"]["Why not on the map"] == "no place given" and card["rows"]["Target"] == "Li Keqiang"
    assert "Place" not in card["rows"]  # nothing pretends to a place
    assert bare["title"] == "LabourStart" and bare["rows"]["Why not on the map"] == "place unknown"


def test_a_card_in_korean_keeps_the_data_as_written(card_page):
    (card,) = card_page([hostile_actions()[1]], words_in("ko"))
    assert card["rows"]["종류"] == "항의" and card["rows"]["장소"] == "Porto (도시 안 어딘가 (정확한 곳은 모름))"
    assert "</textarea><b>bold</b>" in card["rows"].values()  # the data's own text, untranslated


def test_a_card_shows_the_files_own_word_beside_the_kind_and_an_unread_date_as_written(card_page):
    actions = load_actions(b"city,date,action_kind\nLyon,fin mars 2023,Kundgebung\nNantes,,<b>chahut</b>\n").actions
    lyon, nantes = card_page([row.to_dict() for _, row in actions.iterrows()])
    assert lyon["rows"]["Kind"] == "protest (Kundgebung)" and lyon["rows"]["Date"] == "fin mars 2023 (as written)"
    assert nantes["rows"]["Kind"] == "other (<b>chahut</b>)" and nantes["made"] == 0


def test_a_card_s_long_text_starts_short_with_more(card_page):
    long = "Members gathered in front of the embassy and read out the names of the arrested workers. " * 4
    (card,) = card_page([{"organisations": "KCTU", "description": long, "date": pd.Timestamp("2019-03-26")}])
    assert card["rows"]["What happened"].endswith("… more") and len(card["rows"]["What happened"]) < 200


TOY_FIELD_CHECK = r"""
import json
import utils
from utils.map.mapview import card_html, marker_rows, marker_spec
from utils.actions.load import load_actions
actions = load_actions(b"id,date,action_kind,organisations,city,region,country,lat,lon\nr1,2019-03-27,protest,KCTU,Seoul,Seoul Capital Area,South Korea,37.5,127.0\n").actions
spec = marker_spec()
print(json.dumps({
    "where": utils.__file__,
    "row": dict(zip(spec["fields"], marker_rows(actions)[0])),
    "card": card_html(actions.iloc[0].to_dict()),
}))
"""


def test_a_toy_card_field_declared_once_travels_and_is_shown(tmp_path, card_page):
    """A new field on every card: one Field in FIELDS (utils/view/fields.py), nothing else; the row carries it and
    the browser's card shows it under its column's label."""
    from tests.test_one_declaration import project_copy, run_in

    copy = project_copy(tmp_path)
    fields = copy / "utils" / "view" / "fields.py"
    text = fields.read_text(encoding="utf-8")
    anchor = '    Field("target", "target"),\n'
    assert text.count(anchor) == 1
    fields.write_text(text.replace(anchor, anchor + '    Field("region", "region"),\n'), encoding="utf-8")
    found = run_in(copy, TOY_FIELD_CHECK)
    assert found["row"]["region"] == "Seoul Capital Area"
    (card,) = card_page.html(found["card"])
    assert card["rows"]["Region"] == "Seoul Capital Area"
    assert list(card["rows"]) == ["Date", "Kind", "Place", "Region"]  # in its place among the fields, after Target (empty here)


def test_a_card_draws_another_sites_photo_only_where_the_operator_allows_it(card_page):
    """A photo cell's link: by default the card says a photo exists and the browser asks nobody for it; with
    SOLIDARITY_MAP_REMOTE_IMAGES the card draws it (https only, sending no referrer), its served copy first if any."""
    action = {**hostile_actions()[1], "photo": "https://photos.example.org/gate.jpg", "photo_alt": "the gate", "photo_credit": "Bo"}
    images = (
        "() => Array.from(document.querySelectorAll('.sm-card img')).map(img => [img.getAttribute('src'), img.alt, img.referrerPolicy])"
    )
    [closed] = card_page.html(card_html(action, ENGLISH, "/app/static/media/"))
    assert closed["rows"]["Photo"] == "a photo exists, not shown here" and closed["made"] == 0
    card_page.html(card_html(action, ENGLISH, "/app/static/media/", remote=True))
    page = card_page.page
    assert page.evaluate(images) == [["https://photos.example.org/gate.jpg", "the gate", "no-referrer"]]
    plain = {**action, "photo": "http://photos.example.org/gate.jpg"}  # not over https: never drawn in a page
    [unsafe] = card_page.html(card_html(plain, ENGLISH, "/app/static/media/", remote=True))
    assert unsafe["made"] == 0
    copy = "photos/" + "c" * 32 + ".jpg"
    card_page.html(card_html({**action, "photo_shown": copy}, ENGLISH, "/app/static/media/", remote=True))
    assert page.evaluate(images) == [[f"/app/static/media/{copy}", "the gate", ""]]
