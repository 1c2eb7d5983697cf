"""A language's words: the link's or the browser's choice, dates, numbers, country names, plurals."""

from __future__ import annotations

import datetime as dt

import pytest

from utils.i18n import ENGLISH, language_of_link, preferred_language, words_in

DAY = dt.date(2019, 3, 25)


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("ko-KR,ko;q=0.9,en-US;q=0.8", "ko"),
        ("zh-HK,zh;q=0.9", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh-Hant-TW", "zh-Hant"),
        ("zh-CN,zh;q=0.8", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("fr-FR,fr;q=0.9,de;q=0.5", "en"),  # no language of the site: English
        ("en;q=0.5, ko;q=0.9", "ko"),  # by quality, not by order
        ("pt-PT, ko;q=0", "en"),  # q=0 means 'not this one'
        ("", "en"),
        ("ko;q=abc", "ko"),
    ],
)
def test_the_browsers_preference_chooses_a_language_the_site_speaks(header, code):
    assert preferred_language(header) == code


def test_a_links_lang_is_read_in_its_usual_spellings():
    assert language_of_link("zh-Hant") == language_of_link("zh_hant") == language_of_link("zh-HK") == "zh-Hant"
    assert language_of_link("ko") == "ko" and language_of_link("zh-Hans") == "zh-Hans" and language_of_link("en") == "en"
    assert language_of_link("klingon") is None and language_of_link("") is None


def test_an_unknown_code_gets_english():
    assert words_in("xx").code == "en" and words_in("xx") == ENGLISH


def test_english_keeps_the_house_style():
    assert ENGLISH.date(DAY, "day") == "Monday 25 March 2019"
    assert ENGLISH.date(DAY, "short") == "Mon 25 Mar"
    assert ENGLISH.number(12345) == "12,345"
    assert ENGLISH.tn("{n} action", "{n} actions", 1) == "1 action"
    assert ENGLISH.tn("{n} action", "{n} actions", 1200) == "1,200 actions"
    assert ENGLISH.span(DAY, dt.date(2019, 3, 31)) == "25–31 March 2019"


def test_dates_numbers_and_countries_in_chinese_and_korean():
    hong_kong, seoul = words_in("zh-Hant"), words_in("ko")
    assert hong_kong.date(DAY, "day") == "2019年3月25日星期一"
    assert seoul.date(DAY, "day") == "2019년 3월 25일 월요일"
    assert words_in("zh-Hans").date(DAY, "short") == "3月25日周一"
    assert hong_kong.span(DAY, dt.date(2019, 3, 31)) == "2019年3月25日至31日"
    assert seoul.span(DAY, dt.date(2019, 3, 31)) == "2019년 3월 25일~31일"
    assert seoul.number(8121) == "8,121"
    assert (hong_kong.country("HK"), hong_kong.country("KR"), hong_kong.country("PH")) == ("香港", "南韓", "菲律賓")
    assert (words_in("zh-Hans").country("KR"), seoul.country("KR"), seoul.country("HK")) == ("韩国", "대한민국", "홍콩")


def test_messages_are_translated_and_filled_with_the_languages_numbers():
    hong_kong = words_in("zh-Hant")
    assert hong_kong.t("Share this view") == "分享此檢視"
    assert hong_kong.tn("{n} action", "{n} actions", 1234) == "1,234 次行動"
    assert words_in("ko").t("Not on the map ({n})", n=3) == "지도에 없음 (3)"
    assert ENGLISH.t("Not on the map ({n})", n=3) == "Not on the map (3)"


def test_words_are_equal_by_language_so_a_cache_keeps_one_entry_each():
    assert words_in("ko") == words_in("ko") and hash(words_in("ko")) == hash(words_in("ko"))
    assert words_in("ko") != words_in("zh-Hant")


def test_an_english_day_has_no_leading_zero():
    assert ENGLISH.date(dt.date(2026, 12, 4), "long") == "4 December 2026"
    assert ENGLISH.date(dt.date(2019, 3, 5), "day") == "Tuesday 5 March 2019"
