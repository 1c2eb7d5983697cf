"""The fields an action shows are declared once (utils/view/fields.py): the browser's card (a marker's popup and the
Map page's details alike), the tooltip, the story's captions and the Data page's table read them by name."""

import re

import pandas as pd

from utils.map.mapview import card_data, marker_rows, marker_spec
from utils.map.templates import template_text
from utils.view.fields import FIELDS, MARKER_FIELDS, POPUP, shown_values
from utils.view.story import captions_of

ACTION = {
    "id": "a1",
    "date": pd.Timestamp("2019-03-26"),
    "date_end": pd.Timestamp("2019-03-28"),
    "action_kind": "protest",
    "organisations": "KCTU",
    "country_code": "KR",
    "participants": 15,
    "participants_text": "",
    "target": "Embassy of China",
    "description": "Members gathered in front of the embassy.",
    "source": "KCTU statement https://kctu.example/s1",
    "lat": 37.57,
    "lon": 126.98,
    "precision": "country",
    "unplaced_reason": "",
}


def test_the_browser_reads_a_marker_row_by_name_never_by_position():
    for name in ("markers.js", "story.html", "action_layer.js.j2"):
        text = template_text(name)
        assert not re.search(r"\br\[\d+\]", text), f"{name} reads a row by position"
        for field in re.findall(r"get\(r, \"(\w+)\"\)", text):
            assert field in MARKER_FIELDS, (name, field)


def test_the_story_file_draws_markers_with_the_maps_own_code():
    assert "kit.marker(r, map)" in template_text("story.html") and "L.marker(" not in template_text("story.html")
    assert "kit.marker(r, map)" in template_text("action_layer.js.j2")


def test_the_card_shows_every_declared_field_in_its_words_and_its_row_carries_each():
    spec = marker_spec()
    assert [label for _, label, _ in spec["popup"]] == [field.label for field in POPUP]
    assert spec["fields"] == list(MARKER_FIELDS)
    for field in FIELDS:  # a field declared travels in the row, by its name (a link as its link and its title)
        assert field.show == "kind" or {field.name, f"{field.name}_url"} & set(MARKER_FIELDS), field.name
    names = dict(zip(MARKER_FIELDS, marker_rows(pd.DataFrame([ACTION]))[0], strict=True))
    assert names["place"] == "South Korea" and names["people"] == "15" and names["source_url"] == "https://kctu.example/s1"


def test_a_place_known_only_by_its_country_code_is_named_alike_in_popup_caption_and_marker():
    caption = caption_of_one(ACTION)
    assert caption.where == "South Korea" and "South Korea" in card_data(ACTION)["row"]
    assert caption.how_many == "15 taking part" and caption.on_map
    assert caption_of_one({**ACTION, "participants_text": "some 20 members"}).how_many == "some 20 members"


def test_dates_read_alike_everywhere():
    values = shown_values(
        pd.DataFrame(
            [
                ACTION,
                {**ACTION, "date_end": pd.NaT},
                {**ACTION, "date": pd.NaT, "date_end": pd.Timestamp("2019-04-01")},
                {**ACTION, "date": pd.NaT, "date_end": pd.NaT},
            ]
        )
    )
    assert list(values["date"]) == ["Tue 26 Mar 2019 – 28 Mar 2019", "Tue 26 Mar 2019", "until 1 Apr 2019", "no date"]


def test_a_column_has_one_label_on_the_card_the_table_the_csv_and_the_forms():
    from utils.actions.schema import LABELS
    from utils.i18n import words_in
    from utils.view.fields import column_heads

    heads = column_heads()
    for field in FIELDS:  # a card's field is labelled as the column it shows
        assert field.label == LABELS[field.column or field.name] == heads[field.column or field.name]
    assert heads["description"] == "What happened" and heads["participants"] == "Taking part" and heads["city"] == "City"
    korean = column_heads(words_in("ko"))
    assert len(set(korean.values())) == len(korean)  # no two columns read alike, in any language
    assert len(set(heads.values())) == len(heads)


def caption_of_one(action: dict):
    return captions_of(pd.DataFrame([action]))[0]


def test_a_letter_placed_where_it_was_sent_from_says_so_in_every_language_from_its_cells():
    """'Letter dated Rome': the card says 'sent from Rome, Italy' (in Korean too), decided by the row's own cells as the
    geocoder reads them, never by reading our words back out of the place's label."""
    from tests.conftest import REPO
    from utils.actions.load import load_actions
    from utils.i18n import words_in
    from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
    from utils.view.fields import place_text

    placed = geocode_actions(
        load_actions(REPO / "data" / "actions.csv").actions, Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), None, None)
    )
    letter = placed[placed["id"] == "2018-09-19-fim-cisl-letter-acftu"]
    assert letter["geo_label"].iloc[0] == "Rome, Italy"  # the place, as the CSV gives it
    assert place_text(letter).iloc[0] == "sent from Rome, Italy"
    korean = place_text(letter, words_in("ko")).iloc[0]
    assert "Rome, Italy" in korean and korean != "sent from Rome, Italy"
    seoul = placed[placed["id"] == "2019-03-26-seoul-kctu-embassy"]
    assert place_text(seoul).iloc[0] == seoul["geo_label"].iloc[0]  # an action done where it is placed: no 'sent from'
