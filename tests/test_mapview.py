import json

import pandas as pd

from tests.conftest import REPO
from utils.actions.load import load_actions
from utils.map import assets
from utils.map.mapview import MARKER_FIELDS, build_map, card_data, card_html, marker_rows, script_json


def placed_actions() -> pd.DataFrame:
    actions = load_actions(REPO / "tests" / "bad_files" / "html_and_script.csv").actions
    return actions.assign(lat=[37.5, 41.1], lon=[127.0, -8.6], precision=["venue", "city"], geo_label=["Seoul", "Porto"], geo_note="")


def test_map_uses_the_apps_own_files_not_a_cdn():
    html = build_map(placed_actions(), offline=True, assets=assets.urls("/app/static/vendor")).get_root().render()
    assert "/app/static/vendor/leaflet.js" in html and "/app/static/vendor/leaflet.markercluster.js" in html
    for cdn in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "unpkg.com", "bootstrapcdn"):
        assert cdn not in html


def test_offline_map_has_no_tiles_and_draws_outlines():
    html = build_map(placed_actions(), offline=True, outlines="/app/static/vendor/countries.json").get_root().render()
    assert "tile.openstreetmap.org" not in html
    assert "/app/static/vendor/countries.json" in html


def test_data_text_never_forms_a_closing_script_tag():
    assert "</script>" not in script_json(["</script><script>alert(1)</script>"])
    html = build_map(placed_actions(), offline=True).get_root().render()
    assert "alert(1)</script>" not in html and "<img src=x" not in html


def test_marker_rows_carry_only_http_links():
    rows = marker_rows(placed_actions())
    source_url, source_text = MARKER_FIELDS.index("source_url"), MARKER_FIELDS.index("source_text")
    assert rows[0][source_url] == "" and rows[0][source_text] == "javascript:alert(4)"
    assert rows[1][source_url] == "https://example.org/?q=<x>"


def test_unplaced_actions_are_not_markers_but_have_a_card():
    actions = placed_actions()
    actions.loc[0, "lat"] = None
    assert [row[2] for row in marker_rows(actions)] == ["x2"]
    card = card_data({**actions.iloc[0].to_dict(), "unplaced_reason": "no place given"})
    row = dict(zip(MARKER_FIELDS, card["row"], strict=True))
    assert row["id"] == "x1" and row["lat"] is None and row["precision"] == -1 and card["why"] == "no place given"


def test_a_cards_page_carries_data_only_never_the_datas_html():
    """The Map page's card is data for markers.js: no tag of the file's text reaches the page as HTML."""
    html = card_html(placed_actions().iloc[0].to_dict())
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html and "</textarea>" not in html
    assert "smMarkerKit(data.spec).card(data.row, data.why" in html


def test_online_map_uses_the_tiles_setting_over_the_outlines():
    html = (
        build_map(placed_actions(), tiles="https://tiles.example.org/{z}/{x}/{y}.png", attribution="© Example", outlines="/o.json")
        .get_root()
        .render()
    )
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in html and "\\u00a9 Example" in html and "/o.json" in html


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[index : index + 2], 16) / 255 for index in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_markers_and_their_letters_pass_wcag_aa_contrast_on_land_and_sea():
    from utils.map.mapview import KIND_STYLE

    for kind, (colour, _) in KIND_STYLE.items():
        assert contrast(colour, "#ffffff") >= 4.5, kind  # the white letter on a filled marker, and a ring's letter on white
        assert contrast(colour, "#fbfaf5") >= 3 and contrast(colour, "#dde8f0") >= 3, kind  # the marker against land and sea


def test_notices_pass_wcag_aa_contrast():
    from utils.escape import NOTICE_STYLES

    for kind, (background, colour, _) in NOTICE_STYLES.items():
        assert contrast(colour, "#ffffff" if background == "transparent" else background) >= 4.5, kind


def many_placed(count: int) -> pd.DataFrame:
    import numpy as np

    rng = np.random.default_rng(5)
    template = placed_actions().iloc[[0]]
    actions = template.loc[template.index.repeat(count)].reset_index(drop=True)
    actions["id"] = [f"a{n}" for n in range(count)]
    actions["lat"], actions["lon"] = rng.uniform(-50, 60, count), rng.uniform(-170, 170, count)
    return actions


def test_many_actions_travel_as_counted_cells_without_their_text():
    from utils.map.mapview import view_group
    from utils.view.aggregate import Viewport

    actions = many_placed(20_000)
    group, layer = view_group(actions, Viewport.world(2), limit=3_000)
    map_ = build_map(actions.iloc[0:0], offline=True)
    map_.add_child(group)
    html = map_.get_root().render()
    assert layer.aggregated and layer.in_view == 20_000
    assert "alert(" not in html and "onmouseover" not in html  # the actions' own text stays on the server
    assert len(html.encode()) < 120_000  # 20,000 actions as markers would be megabytes
    cells = json.loads(html.split("var cells = ")[1].split(", kit = ")[0])
    assert sum(cell[2] for cell in cells) == 20_000  # [lat, lon, count, ...]: every action counted once


def test_few_actions_in_view_travel_as_markers_with_their_popups():
    from utils.map.mapview import view_group
    from utils.view.aggregate import Viewport

    actions = many_placed(200)
    group, layer = view_group(actions, Viewport.world(2), limit=3_000)
    assert not layer.aggregated and len(layer.actions) == 200
    html = build_map(actions.iloc[0:0], offline=True).add_child(group).get_root().render()
    assert "smMarkerKit" in html and "var cells" not in html


def test_the_legend_and_the_browsers_words_follow_the_language():
    from utils.i18n import words_in

    page = build_map(placed_actions(), offline=True, words=words_in("zh-Hant")).get_root().render()
    assert "圖例" in page and "行動類型" in page and "抗議" in page
    assert '"say":{"more":"更多","unknown":"地點不詳"' in page


def test_the_card_code_survives_the_pages_sanitiser():
    """st.html's sanitiser (DOMPurify) drops a script whose text reads as markup ('<div', '</span>'): the Map page's
    card would be empty. markers.js writes its markers' markup with "\\x3c" instead."""
    import re

    from utils.map.mapview import MARKER_JS

    assert not re.search(r"<[/\w!]", MARKER_JS)
    assert not re.search(r"<[/\w!]", card_html(placed_actions().iloc[0].to_dict()).split("<script>", 1)[1].removesuffix("</script>"))
