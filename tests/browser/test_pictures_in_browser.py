"""Pictures to share, in Chromium: a campaigner opens "Share this view" on the Map page (a phone, a laptop, a
projector) or on the Presentation page, turns to "Pictures to share", picks a poster or the movie, makes it, and
downloads the file, which is the picture it says it is."""

from __future__ import annotations

import io

import imageio_ffmpeg
import pytest
from PIL import Image

from tests.browser.conftest import PHONE, PROJECTOR, screenshot

SIZES = {"phone": PHONE, "laptop": {"width": 1280, "height": 720}, "projector": PROJECTOR}


def make_and_download(page, choice: str):
    """Opens "Share this view", then "Pictures to share", picks `choice` (as the list says it), makes it and downloads it."""
    page.get_by_role("button", name="Share this view").first.click()
    page.get_by_role("tab", name="Pictures to share").click()
    page.get_by_text("A poster of this view", exact=False).wait_for(timeout=30_000)
    page.get_by_role("combobox", name="Picture").click()
    page.get_by_role("option", name=choice).click()
    page.get_by_role("button", name="Make it").click()
    button = page.get_by_role("button", name="Download the picture", exact=False)
    button.wait_for(timeout=120_000)
    with page.expect_download() as download_info:
        button.click()
    return download_info.value


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_poster_of_the_view_is_made_and_downloaded_on_the_map_page(offline_app, open_page, size):
    page = open_page(offline_app.url + "?country=KR&lang=ko" if size == "phone" else offline_app.url, SIZES[size])
    page.get_by_role("button", name="이 보기 공유" if size == "phone" else "Share this view").first.wait_for(timeout=60_000)
    if size == "phone":  # in Korean: the picture speaks the interface's language
        page.get_by_role("button", name="이 보기 공유").first.click()
        page.get_by_role("tab", name="공유할 그림").click()
        page.get_by_role("combobox", name="그림").click()
        page.get_by_role("option", name="게시물용 포스터 (PNG, 1080×1080)").click()
        page.get_by_role("button", name="만들기").click()
        button = page.get_by_role("button", name="그림 내려받기", exact=False)
        button.wait_for(timeout=120_000)
        page.wait_for_timeout(500)
        screenshot(page, "pictures-phone")
        with page.expect_download() as download_info:
            button.click()
        download, wanted = download_info.value, (1080, 1080)
    else:
        download = make_and_download(page, "Poster for a slide (PNG, 1920×1080)")
        wanted = (1920, 1080)
        page.wait_for_timeout(500)
        screenshot(page, f"pictures-{size}")
    assert download.suggested_filename.endswith(".png")
    image = Image.open(io.BytesIO(open(download.path(), "rb").read()))
    assert image.format == "PNG" and image.size == wanted
    assert page.errors == []


def test_the_week_in_motion_is_made_on_the_presentation_page(offline_app, open_page, tmp_path):
    page = open_page(offline_app.url + "story", {"width": 1280, "height": 720})
    download = make_and_download(page, "The days in motion (MP4 video)")
    assert download.suggested_filename.endswith("-mp4.mp4")
    path = tmp_path / "week.mp4"
    download.save_as(path)
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames > 0 and 10 < seconds < 30  # the title, seven days and more around them, the closing card
    assert page.errors == []
