"""The translators' catalogs against the code: a text left untranslated, or a catalog out of step, fails here."""

from __future__ import annotations

from babel.messages.catalog import Catalog

from utils.i18n.catalogs import code_messages, problems, problems_of


def test_every_text_of_the_code_is_in_every_catalog_translated():
    assert problems() == [], "\n".join(problems()[:30])


def test_the_code_marks_the_interface_texts():
    found = code_messages()
    for message in ("Share this view", "▶ Play the days", "Kind of action", "protest", "somewhere in the city (exact spot unknown)"):
        assert message in found
    assert ("{n} action", "{n} actions") in found


def _catalog(entries: dict) -> Catalog:
    catalog = Catalog(locale="ko")
    for message_id, string in entries.items():
        catalog.add(message_id, string)
    return catalog


def test_the_check_names_a_missing_an_untranslated_a_stale_and_a_broken_message():
    in_code = {"Map": "dashboard.py:1", "Data": "dashboard.py:2", "Showing {day}.": "views/map_page.py:3", "Pace": "x.py:4"}
    catalog = _catalog({"Map": "지도", "Data": "", "Showing {day}.": "{날} 보기", "Gone": "사라짐"})
    said = problems_of(in_code, {"ko": catalog, "zh-Hant": None})
    assert "ko: 'Pace' (x.py:4) is not in the catalog (run: python -m utils catalogs update)" in said
    assert "ko: 'Data' is not translated" in said
    assert "ko: 'Gone' is in the catalog but no longer in the code (stale)" in said
    assert any(line.startswith("ko: 'Showing {day}.': the translation's") for line in said)
    assert "zh-Hant: no catalog (run: python -m utils catalogs update)" in said
    assert not any("'Map'" in line for line in said)


def test_a_fuzzy_translation_counts_as_untranslated():
    catalog = _catalog({"Map": "지도"})
    catalog["Map"].flags.add("fuzzy")
    assert problems_of({"Map": "dashboard.py:1"}, {"ko": catalog}) == ["ko: 'Map' is not translated"]


def test_korean_never_shows_a_mechanical_particle_nor_writes_jasic_as_child():
    """'…31일을(를) 보여 줍니다' reads as a machine wrote it; 자식 is the everyday word for 'one's child'."""
    import re
    import tomllib

    from babel.messages.pofile import read_po

    from tests.conftest import REPO

    with open(REPO / "utils" / "i18n" / "locales" / "ko_KR" / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalog = read_po(file)
    particle = re.compile(r"\((을|를|이|가|은|는|와|과|으|아|야)\)")
    said = [
        text for message in catalog if message.id for text in (message.string if isinstance(message.string, tuple) else (message.string,))
    ]
    assert len(said) > 500 and [text for text in said if particle.search(text or "")] == []
    korean = tomllib.loads((REPO / "data" / "campaign.toml").read_text(encoding="utf-8"))["languages"]["ko"]
    assert "자식" not in korean["title"] + korean["subject"] and "Jasic" in korean["title"]
