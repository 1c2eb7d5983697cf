"""A file's photo cells become the app's own copies: a file beside the CSV, or a link the server fetches once, each
cleaned as a report's photo is (no GPS, no camera owner) and kept on the shelf, so a visitor's browser never asks a
third party and nothing is fetched or cleaned twice. What cannot be copied is told once, by row, column and photo;
offline, its card says a photo exists."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.fake_photo_host import FakePhotoHost
from tests.test_photos import GPS, phone_photo
from utils.actions.campaign import campaign_of_file
from utils.actions.load import load_actions
from utils.actions.loaded import place
from utils.map.mapview import card_data
from utils.photos.shelf import PhotoSource, Shelf, drawn_photos, fetch_link
from utils.places.geocode import GeocodeCache, Geocoder
from utils.view.fields import MARKER_FIELDS

REPO = Path(__file__).resolve().parent.parent
HEAD = "id,date,action_kind,organisers,city,country,lat,lon,photo,photo_alt,photo_credit,protect\n"


def loaded(csv: str, source: PhotoSource):
    result = load_actions((HEAD + csv).encode("utf-8"))
    geocoder = Geocoder(GeocodeCache(None), None, None)
    return place(result, "actions.csv", "d", geocoder, lambda placed: campaign_of_file("actions.csv", placed), photos=source)


@pytest.fixture
def host():
    with FakePhotoHost({"/gate.jpg": phone_photo((1200, 900), 1), "/paper.jpg": b"%PDF-1.4 not a photo"}) as server:
        yield server


@pytest.fixture
def beside(tmp_path):
    folder = tmp_path / "campaign"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "seoul.jpg").write_bytes(phone_photo((900, 600), 1))
    (folder / "march.jpg").write_bytes(phone_photo((600, 400), 1))
    (tmp_path / "secret.jpg").write_bytes(phone_photo((60, 40), 1))  # outside the file's folder: never read
    return folder


def clean(data: bytes) -> bool:
    image = Image.open(io.BytesIO(data))
    return image.format == "JPEG" and dict(image.getexif()) == {} and not image.getexif().get_ifd(GPS) and b"Ana Lee" not in data


def test_files_beside_the_csv_and_links_become_clean_copies_fetched_once(tmp_path, host, beside):
    shelf_folder = tmp_path / "shelf"
    csv = (
        f"a1,2019-03-27,protest,KCTU,Seoul,KR,37.56,126.98,seoul.jpg,Banner at the gate,Ana Lee,\n"
        f"a2,2019-03-28,march,HKCTU,Hong Kong,HK,22.28,114.16,march.jpg; {host.url('/gate.jpg')},,,\n"
        f"a3,2019-03-29,protest,FNV,Amsterdam,NL,52.37,4.89,{host.url('/gate.jpg')},,,\n"
    )
    first = loaded(csv, PhotoSource(Shelf(shelf_folder, fetch_link), beside))
    shown = first.actions.set_index("id")["photo_shown"]
    names = {name for cell in shown for name in cell.split("; ")}
    assert all(name.startswith("photos/") and name.endswith(".jpg") for name in names) and len(names) == 3
    assert shown["a2"].count("photos/") == 2 and shown["a3"] == shown["a2"].split("; ")[1]  # one link, one copy
    assert host.asked("/gate.jpg") == 1 and "solidarity-map" in host.requests[0][1]  # the server asked, once, by name
    shelf = Shelf(shelf_folder)
    assert all(clean(shelf.data(name)) for name in names)  # no position, no owner in any copy
    assert first.problems == ()
    assert first.actions.set_index("id")["photo"]["a3"] == host.url("/gate.jpg")  # the file's own cell is kept as written

    again = loaded(csv, PhotoSource(Shelf(shelf_folder, fetch_link), beside))  # another process, a restart
    assert again.actions["photo_shown"].tolist() == first.actions["photo_shown"].tolist()
    assert host.asked("/gate.jpg") == 1  # never fetched twice
    index = [json.loads(line) for line in (shelf_folder / "index.jsonl").read_text().splitlines()]
    assert len(index) == 3  # two files and one link, each cleaned once

    card = card_data(first.actions[first.actions["id"] == "a1"].iloc[0].to_dict())
    assert card["row"][MARKER_FIELDS.index("photo")] == shown["a1"]  # the card draws the copy


def test_what_cannot_be_copied_is_told_by_row_column_and_photo_and_its_card_says_one_exists(tmp_path, host, beside):
    csv = (
        f"b1,2019-03-27,protest,A,Seoul,KR,37.56,126.98,{host.url('/missing.jpg')},,,\n"
        f"b2,2019-03-27,protest,B,Seoul,KR,37.56,126.98,{host.url('/paper.jpg')},,,\n"
        "b3,2019-03-27,protest,C,Seoul,KR,37.56,126.98,../secret.jpg,,,\n"
        "b4,2019-03-27,protest,D,Seoul,KR,37.56,126.98,nowhere.jpg; /etc/passwd,,,\n"
        f"b5,2019-03-27,protest,E,Seoul,KR,37.56,126.98,{host.url('/missing.jpg')},,,\n"
    )
    result = loaded(csv, PhotoSource(Shelf(tmp_path / "shelf", fetch_link), beside))
    told = {(problem.row, problem.column, problem.value): str(problem) for problem in result.problems}
    assert set(told) == {
        (2, "photo", host.url("/missing.jpg")),  # told once, at its first row
        (3, "photo", host.url("/paper.jpg")),
        (4, "photo", "../secret.jpg"),
        (5, "photo", "nowhere.jpg"),
        (5, "photo", "/etc/passwd"),
    }
    assert "404" in told[(2, "photo", host.url("/missing.jpg"))] and "row 2" in told[(2, "photo", host.url("/missing.jpg"))]
    assert "is not a JPEG, PNG, WebP or HEIC photo" in told[(3, "photo", host.url("/paper.jpg"))]
    assert all(problem.severity == "warning" for problem in result.problems)  # every action kept
    assert len(result.actions) == 5 and (result.actions["photo_shown"] == "").all()
    card = card_data(result.actions.iloc[0].to_dict())
    assert host.url("/missing.jpg") in card["row"]  # the card has the cell: markers.js says a photo exists, draws none
    assert host.asked("/missing.jpg") == 1  # a definite 404 is remembered


def test_offline_nothing_is_fetched_and_a_link_that_fails_now_is_asked_again_later(tmp_path, host, beside):
    csv = f"c1,2019-03-27,protest,A,Seoul,KR,37.56,126.98,{host.url('/gate.jpg')},,,\nc2,2019-03-27,protest,B,Seoul,KR,37.56,126.98,{host.url('/broken.jpg')},,,\n"
    offline = loaded(csv, PhotoSource(Shelf(tmp_path / "shelf", None), beside))
    assert (offline.actions["photo_shown"] == "").all() and offline.problems == () and host.requests == []
    online = loaded(csv, PhotoSource(Shelf(tmp_path / "shelf", fetch_link), beside))
    assert online.actions["photo_shown"].iloc[0].startswith("photos/") and online.actions["photo_shown"].iloc[1] == ""
    assert online.problems == ()  # a server error is not the photo's fault: nothing told, nothing remembered
    loaded(csv, PhotoSource(Shelf(tmp_path / "shelf", fetch_link), beside))
    assert host.asked("/broken.jpg") == 2 and host.asked("/gate.jpg") == 1


def test_with_remote_images_allowed_the_card_draws_the_link_and_the_server_fetches_nothing(tmp_path, host, beside):
    link = host.url("/gate.jpg")
    result = loaded(
        f"d1,2019-03-27,protest,A,Seoul,KR,37.56,126.98,{link}; seoul.jpg,,,\n",
        PhotoSource(Shelf(tmp_path / "s", fetch_link), beside, True),
    )
    first, second = result.actions["photo_shown"].iloc[0].split("; ")
    assert first == link and second.startswith("photos/") and host.requests == []


def test_a_protected_actions_photo_is_neither_fetched_nor_shown(tmp_path, host, beside):
    csv = f"e1,2019-03-27,protest,A,Seoul,KR,37.56,126.98,{host.url('/gate.jpg')}; seoul.jpg,,,city\n"
    result = loaded(csv, PhotoSource(Shelf(tmp_path / "shelf", fetch_link), beside))
    assert result.actions["photo_shown"].iloc[0] == "" and result.actions["photo"].iloc[0] == "" and host.requests == []


def test_a_visitors_own_file_is_never_fetched_or_read_beside(tmp_path, host, beside):
    csv = f"f1,2019-03-27,protest,A,Seoul,KR,37.56,126.98,{host.url('/gate.jpg')}; seoul.jpg,,,\n"
    result = loaded(csv, PhotoSource())
    assert result.actions["photo_shown"].iloc[0] == "" and host.requests == [] and result.problems == ()


def test_a_photo_changed_beside_the_file_is_copied_again(tmp_path, beside):
    csv = "g1,2019-03-27,protest,A,Seoul,KR,37.56,126.98,seoul.jpg,,,\n"
    before = loaded(csv, PhotoSource(Shelf(tmp_path / "shelf"), beside)).actions["photo_shown"].iloc[0]
    (beside / "photos" / "seoul.jpg").write_bytes(phone_photo((500, 500), 1))
    after = loaded(csv, PhotoSource(Shelf(tmp_path / "shelf"), beside)).actions["photo_shown"].iloc[0]
    assert before != after and after.startswith("photos/")


def test_the_export_commands_carry_a_files_own_photos_offline(tmp_path, beside):
    """`python -m utils export story FILE.csv` carries the file's photos inside it; `export site` writes them beside
    its page: with no network, from the files beside the CSV."""
    (beside / "actions.csv").write_text(
        HEAD + "h1,2019-03-27,protest,KCTU,Seoul,KR,37.56,126.98,seoul.jpg,Banner,Ana Lee,\n", encoding="utf-8"
    )
    env = {**os.environ, "SOLIDARITY_MAP_PHOTO_SHELF": str(tmp_path / "shelf"), "SOLIDARITY_MAP_GEOCODE_CACHE": str(tmp_path / "c.jsonl")}

    def export(*args: str) -> str:
        run = subprocess.run(
            [sys.executable, "-m", "utils", "export", *args, "--offline"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    story = tmp_path / "story.html"
    assert "1 photos" in export("story", str(beside / "actions.csv"), "-o", str(story))
    assert "data:image/jpeg;base64," in story.read_text(encoding="utf-8")
    site = tmp_path / "site"
    export("site", str(site), "--data", str(beside / "actions.csv"))
    written = list((site / "photos").glob("*.jpg"))
    assert len(written) == 1 and clean(written[0].read_bytes())


def test_drawn_photos_are_the_apps_own_names():
    import pandas as pd

    actions = pd.DataFrame({"photo_shown": ["photos/" + "a" * 32 + ".jpg; photos/" + "b" * 32 + ".jpg", "", "https://x.org/y.jpg"]})
    assert drawn_photos(actions) == {"photos/" + "a" * 32 + ".jpg", "photos/" + "b" * 32 + ".jpg"}
    assert drawn_photos(actions, first=True) == {"photos/" + "a" * 32 + ".jpg"}
