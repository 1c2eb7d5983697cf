"""A supporter's photo, in Chromium: a phone's JPEG that says where it was taken (GPS) is sent with a report through
the form; once a moderator approves it, every visitor's card shows it, and the image their browser gets back has no
EXIF and no position. Until then, and for a protected action ever, nobody is served it."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.browser.conftest import PHONE, App, map_frame, screenshot
from tests.browser.test_reports_in_browser import choose
from tests.test_photos import GPS, phone_photo
from utils.live.store import Store


@pytest.fixture(scope="module")
def photo_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("photos")
    server = App({"SOLIDARITY_MAP_OFFLINE": "1", "SOLIDARITY_MAP_PUBLIC": "1"}, tmp)
    server.database = f"sqlite:///{tmp / 'actions.db'}"
    server.tmp = tmp
    yield server
    server.stop()


def test_a_photo_sent_with_a_report_reaches_the_public_card_with_no_position_in_it(photo_app, open_page):
    sent = photo_app.tmp / "gate.jpg"
    sent.write_bytes(phone_photo((2400, 1800), 1))
    assert Image.open(sent).getexif().get_ifd(GPS)  # the phone's file says where it was taken

    visitor = open_page(photo_app.url + "report", PHONE)
    visitor.get_by_role("heading", name="Report an action").wait_for(timeout=60_000)
    visitor.get_by_role("spinbutton", name="year, Date").click()
    visitor.keyboard.type("20190327")
    visitor.keyboard.press("Tab")
    visitor.get_by_label("Organisations", exact=True).fill("Seoul Photo Circle")
    choose(visitor, "Country", "South Korea")
    visitor.get_by_label("City", exact=True).fill("Seoul")
    visitor.locator("input[type='file']").set_input_files(str(sent))
    visitor.get_by_text("gate.jpg").wait_for(timeout=60_000)
    visitor.get_by_label("What the photo shows", exact=True).fill("Members with a banner at the gate")
    visitor.get_by_label("Photo by", exact=True).fill("Ana Lee")
    visitor.get_by_role("button", name="Send the report").click()
    visitor.get_by_text("your report is in", exact=False).wait_for(timeout=60_000)
    reference = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", visitor.get_by_text("your report is in", exact=False).inner_text()).group(0)
    assert not visitor.errors, visitor.errors

    store = Store(photo_app.database)
    action_id = f"report-{reference.lower()}"
    kept = store.photos(action_id)
    assert len(kept) == 1 and (store.get(action_id)["photo_alt"], store.get(action_id)["photo_credit"]) == (
        "Members with a banner at the gate",
        "Ana Lee",
    )
    assert store.photo_data(kept[0]["digest"]) is None  # pending: not public
    store.approve(action_id, "ana", store.get(action_id)["version"])
    store.engine.dispose()

    public = open_page(photo_app.url + f"?day=2019-03-27&action={action_id}", PHONE)
    marker = map_frame(public).locator(f".sm-action[data-action-id='{action_id}']")
    marker.wait_for(timeout=60_000)
    public.wait_for_timeout(500)
    marker.tap()
    image = map_frame(public).locator(".leaflet-popup-content img.sm-photo")
    image.wait_for(timeout=60_000)
    map_frame(public).locator(".leaflet-popup-content img.sm-photo").evaluate(
        "img => img.complete && img.naturalWidth > 0 ? true : new Promise(ok => img.addEventListener('load', () => ok(true)))"
    )
    assert image.get_attribute("alt") == "Members with a banner at the gate"
    assert "Photo: Ana Lee" in map_frame(public).locator(".leaflet-popup-content").inner_text()
    public.wait_for_timeout(600)
    screenshot(public, "photo-card-phone")
    served = public.request.get(photo_app.url.rstrip("/") + image.get_attribute("src"))
    assert served.ok and served.headers["content-type"].startswith("image/")
    got = Image.open(io.BytesIO(served.body()))
    assert got.format == "JPEG" and dict(got.getexif()) == {} and not got.getexif().get_ifd(GPS)
    assert b"Ana Lee" not in served.body() and b"PhoneMaker" not in served.body()

    details = public.locator(".sm-card img.sm-photo")  # the Map page's own card shows it too
    details.wait_for(timeout=60_000)
    assert details.get_attribute("src") == image.get_attribute("src")
    assert public.errors == []


def published_report(photo_app, organisations: str, day: str) -> tuple[str, list[dict]]:
    """A report with a photo, sent and approved through the store: its id and its photos as kept."""
    from utils.photos.clean import clean_photo

    store = Store(photo_app.database)
    cells = {"date": day, "action_kind": "protest", "organisations": organisations, "city": "Seoul", "country": "KR"}
    cells |= {"photo_alt": "a rally", "photo_credit": "Bo Kim"}
    reference = store.submit(cells, photos=[clean_photo(phone_photo((1200, 900), 1), "rally.jpg")])
    action_id = f"report-{reference.lower()}"
    store.approve(action_id, "ana", 1)
    photos = store.photos(action_id)
    store.engine.dispose()
    return action_id, photos


def test_a_photo_of_an_action_made_protected_is_no_longer_served(photo_app, open_page):
    action_id, _ = published_report(photo_app, "Busan Photo Circle", "2019-03-28")
    store = Store(photo_app.database)
    page = open_page(photo_app.url + f"?day=2019-03-28&action={action_id}", PHONE)
    page.locator(".sm-card img.sm-photo").wait_for(timeout=60_000)
    url = photo_app.url.rstrip("/") + page.locator(".sm-card img.sm-photo").get_attribute("src")
    assert page.request.get(url).ok
    row = store.get(action_id)
    store.edit(action_id, {"protect": "city"}, "ana", row["version"])
    store.engine.dispose()
    again = open_page(photo_app.url + f"?day=2019-03-28&action={action_id}", PHONE)
    again.get_by_text("Shown no finer than its city", exact=False).first.wait_for(timeout=60_000)
    assert again.locator(".sm-card img.sm-photo").count() == 0
    assert again.request.get(url).status == 404  # the served copy is gone with the change


def test_the_story_file_carries_a_photo_inside_it_and_its_slide_shows_it_offline(photo_app, open_page, gazetteer_dir, tmp_path):
    """The file to take along (no network on a projector): the approved report's photo is inside it, and its card on
    the day's slide shows it at 1920×1080."""
    from utils.actions.campaign import BUNDLED
    from utils.actions.load import load_actions
    from utils.photos.clean import photo_name
    from utils.places.gazetteer import Gazetteer
    from utils.places.geocode import BUNDLED_CACHE, GeocodeCache, Geocoder, geocode_actions
    from utils.publish.export import story_html

    action_id, photos = published_report(photo_app, "Incheon Photo Circle", "2019-03-29")
    store = Store(photo_app.database)
    data = {photo_name(photo["digest"]): store.photo_data(photo["digest"]) for photo in photos}
    geocoder = Geocoder(GeocodeCache(None, seeds=[BUNDLED_CACHE]), lambda: Gazetteer.open(gazetteer_dir), None)
    placed = geocode_actions(load_actions(store.export_csv()).actions, geocoder)
    store.engine.dispose()
    story = tmp_path / "story.html"
    story.write_text(story_html(placed, BUNDLED, span=None, photos=data), encoding="utf-8")
    assert "data:image/jpeg;base64," in story.read_text(encoding="utf-8")

    page = open_page(story.as_uri() + "#slide=2019-03-29", {"width": 1920, "height": 1080})
    marker = page.locator(f".sm-action[data-action-id='{action_id}']")
    marker.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    marker.click()
    image = page.locator(".leaflet-popup-content img.sm-photo")
    image.wait_for(timeout=60_000)
    assert image.get_attribute("src").startswith("data:image/jpeg;base64,")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    large = page.locator("#captions figure.photo img")  # the slide's caption shows it large, with its credit
    assert large.count() == 1 and large.get_attribute("alt") == "a rally"
    assert large.get_attribute("src").startswith("data:image/jpeg;base64,")
    assert large.bounding_box()["height"] > 1.5 * image.bounding_box()["height"] > 0  # larger than the card's thumbnail
    assert "Photo: Bo Kim" in page.locator("#captions").inner_text()
    page.wait_for_timeout(600)
    screenshot(page, "photo-story-slide-screen")
    assert page.errors == []


def test_the_static_site_rebuilt_from_the_database_serves_the_photos_itself(photo_app, open_page, tmp_path):
    """The public static copy (the command a cron line runs): the published photo is written beside the page, the card
    draws it from there, and it is the clean one."""
    from tests.browser.conftest import export_site, served

    action_id, photos = published_report(photo_app, "Daegu Photo Circle", "2019-03-30")
    folder = export_site(photo_app.database, tmp_path / "site")
    written = folder / "photos" / f"{photos[0]['digest']}.jpg"
    assert written.exists() and dict(Image.open(written).getexif()) == {}

    with served(folder) as address:
        page = open_page(f"{address}?dates=all&action={action_id}", PHONE)
        image = page.locator(".leaflet-popup-content img.sm-photo")
        image.wait_for(timeout=60_000)
        assert image.evaluate("img => img.complete ? img.naturalWidth > 0 : new Promise(ok => img.onload = () => ok(true))")
        assert image.get_attribute("src") == f"./photos/{photos[0]['digest']}.jpg" and image.get_attribute("alt") == "a rally"
        assert page.errors == []


def test_a_files_linked_and_beside_photos_are_served_as_the_apps_own_clean_copies(open_page, tmp_path):
    """An operator's CSV names a photo beside it and one on another site: the server fetches the link once, the
    cards draw the app's own copies (no GPS, no owner), and the visitor's browser asks the other site for nothing."""
    from tests.fake_photo_host import FakePhotoHost

    folder = tmp_path / "campaign"
    folder.mkdir()
    (folder / "seoul.jpg").write_bytes(phone_photo((1200, 900), 1))
    with FakePhotoHost({"/gate.jpg": phone_photo((1000, 800), 1)}) as host:
        (folder / "actions.csv").write_text(
            "id,date,action_kind,organisations,city,country,lat,lon,photo,photo_alt,photo_credit\n"
            "x1,2019-03-27,protest,KCTU,Seoul,KR,37.56,126.98,seoul.jpg,Banner at the gate,Ana Lee\n"
            f"x2,2019-03-28,protest,FNV,Amsterdam,NL,52.37,4.89,{host.url('/gate.jpg')},Office photo,FNV\n",
            encoding="utf-8",
        )
        app = App(
            {
                "SOLIDARITY_MAP_DATA": str(folder / "actions.csv"),
                "SOLIDARITY_MAP_PHOTO_SHELF": str(tmp_path / "shelf"),
                "SOLIDARITY_MAP_NOMINATIM_DOMAIN": "127.0.0.1:9",  # nothing to geocode: every row has its position
                "SOLIDARITY_MAP_NOMINATIM_SCHEME": "http",
            },
            tmp_path,
        )
        try:
            for action_id, alt in (("x1", "Banner at the gate"), ("x2", "Office photo")):
                page = open_page(app.url + f"?dates=all&action={action_id}", PHONE)
                image = page.locator(".sm-card img.sm-photo")
                image.wait_for(timeout=60_000)
                source = image.get_attribute("src")
                assert (
                    re.fullmatch(r"/app/static/media-[0-9a-f]{12}/photos/[0-9a-f]{32}\.jpg", source) and image.get_attribute("alt") == alt
                )
                assert image.evaluate("img => img.complete ? img.naturalWidth > 0 : new Promise(ok => img.onload = () => ok(true))")
                served = page.request.get(app.url.rstrip("/") + source)
                got = Image.open(io.BytesIO(served.body()))
                assert served.ok and got.format == "JPEG" and dict(got.getexif()) == {} and b"Ana Lee" not in served.body()
                assert page.errors == []
            assert [agent for path, agent in host.requests] == [host.requests[0][1]] and "solidarity-map" in host.requests[0][1]
        finally:
            app.stop()
