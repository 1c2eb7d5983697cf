"""The dashboard in the campaign's languages, in Chromium with no internet: the browser's own language, a link's."""

from tests.browser.conftest import PHONE, PROJECTOR, click_marker, map_frame, screenshot, wait_for_markers

WEEK_ON_MAP = 4


def test_a_korean_phone_gets_the_map_in_korean_and_a_tapped_marker_speaks_it(offline_app, open_page):
    page = open_page(offline_app.url + "?day=2019-03-26&country=KR", PHONE, locale="ko-KR")
    wait_for_markers(page, 1)
    assert page.locator("h1").first.inner_text() == "연대 지도"
    assert "지도에 있음" in page.locator(".sm-map-line").inner_text()
    text = click_marker(page, "2019-03-26-seoul-kctu-embassy").inner_text()
    assert "종류" in text and "항의" in text and "장소에서" in text  # the labels, the kind and the precision in Korean
    assert "Korean Confederation of Trade Unions (KCTU)" in text and "15 members" in text  # the data as written
    page.wait_for_timeout(800)  # the card's fade-in done
    screenshot(page, "map-ko-phone")
    assert page.errors == []


def test_a_link_in_traditional_chinese_on_a_projector(offline_app, open_page):
    page = open_page(offline_app.url + "?lang=zh-Hant", PROJECTOR, locale="en-GB")  # the link wins over the browser
    wait_for_markers(page, WEEK_ON_MAP)
    assert page.locator("h1").first.inner_text() == "聲援地圖"
    legend = map_frame(page).locator(".sm-legend").inner_text()
    assert "行動類型" in legend and "抗議" in legend and "只知城市" in legend
    page.get_by_role("button", name="下一天 ▶").click()
    page.wait_for_function("location.search.includes('day=2019-03-25')")
    assert "lang=zh-Hant" in page.evaluate("location.search")
    screenshot(page, "map-zh-Hant-projector")
    assert page.errors == []


def test_the_presentation_plays_in_the_chosen_language(offline_app, open_page):
    for language, size, title, play in (("zh-Hant", PROJECTOR, "行動週之前", "▶ 播放"), ("ko", PHONE, "행동 주간 이전", "▶ 재생")):
        page = open_page(offline_app.url + f"story?lang={language}", size)
        player = page.frame_locator("iframe").last
        player.locator("#title").wait_for()
        assert player.locator("#title").inner_text() == title
        assert player.locator("#play").inner_text() == play
        player.locator("#next").click()
        page.wait_for_timeout(1500)
        assert player.locator("#title").inner_text() != title  # a day's slide, its date in the language
        screenshot(page, f"presentation-{language}-{'phone' if size == PHONE else 'projector'}")
        assert page.errors == []
