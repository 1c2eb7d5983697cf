"""A supporter's photo is kept as its picture alone: upright, resized, re-encoded, every piece of metadata (GPS first)
left behind; a file that is no photo, or a bomb that would unfold into more pixels than a photo has, is refused
with a plain message naming it, before its pixels are read."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from utils.photos.clean import LONGEST_SIDE, MOST_BYTES, PhotoRefused, clean_photo

GPS, MAKE, ARTIST, ORIENTATION, GPS_INFO = 0x8825, 0x010F, 0x013B, 0x0112, 0x8825


def phone_photo(size=(3000, 2000), orientation: int = 6, kind: str = "JPEG") -> bytes:
    """A photo as a phone writes it: a position (Seoul), the phone's maker, its owner, turned by an EXIF orientation."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, size[0] // 2, size[1] // 4))  # a blue corner: top left as taken
    exif = Image.Exif()
    exif[MAKE], exif[ARTIST], exif[ORIENTATION] = "PhoneMaker", "Ana Lee", orientation
    exif[GPS_INFO] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)}
    out = io.BytesIO()
    image.save(out, kind, exif=exif.tobytes(), comment=b"taken at the gate") if kind == "JPEG" else image.save(
        out, kind, exif=exif.tobytes()
    )
    return out.getvalue()


def read_back(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_phones_photo_keeps_its_picture_and_nothing_else():
    raw = phone_photo()
    assert read_back(raw).getexif().get_ifd(GPS)  # the sent file says where it was taken
    photo = clean_photo(raw, "gate.jpg")
    kept = read_back(photo.data)
    assert kept.format == "JPEG" and dict(kept.getexif()) == {} and not kept.getexif().get_ifd(GPS)
    assert not {"exif", "icc_profile", "comment", "xmp", "dpi"} & set(kept.info)
    assert b"Ana Lee" not in photo.data and b"PhoneMaker" not in photo.data and b"taken at the gate" not in photo.data
    assert (photo.width, photo.height) == kept.size == (round(LONGEST_SIDE * 2000 / 3000), LONGEST_SIDE)  # turned upright, resized
    red, green, blue = kept.getpixel((kept.width - 5, 5))  # the blue corner, turned with the photo: now top right
    assert blue > 150 and red < 80


@pytest.mark.parametrize("kind", ["PNG", "WEBP", "HEIF"])
def test_png_webp_and_heic_from_phones_are_kept_as_clean_jpegs(kind):
    photo = clean_photo(phone_photo((800, 600), 1, kind), f"photo.{kind.lower()}")
    kept = read_back(photo.data)
    assert kept.format == "JPEG" and kept.size == (800, 600) and dict(kept.getexif()) == {}


def test_a_transparent_png_is_flattened_on_white():
    image = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    assert read_back(clean_photo(out.getvalue()).data).getpixel((10, 10))[0] > 240


def test_a_decompression_bomb_is_refused_unread():
    bomb = Image.new("1", (20_000, 20_000))  # 400 million pixels in a few kilobytes
    out = io.BytesIO()
    bomb.save(out, "PNG")
    assert len(out.getvalue()) < 100_000
    with pytest.raises(PhotoRefused, match="bomb.png would unfold into more pixels than a photo has"):
        clean_photo(out.getvalue(), "bomb.png")


@pytest.mark.parametrize(
    ("raw", "name", "said"),
    [
        (
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
            "statement.jpg",
            "statement.jpg is not a JPEG, PNG, WebP or HEIC photo",
        ),
        (b"", "empty.png", "empty.png is not a JPEG, PNG, WebP or HEIC photo"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "moving.gif", "moving.gif is not a JPEG, PNG, WebP or HEIC photo"),
        (phone_photo((400, 300), 1)[:600], "cut.jpg", "cut.jpg cannot be read as a photo"),
        (b"\xff\xd8" + b"0" * (MOST_BYTES + 1), "huge.jpg", "huge.jpg: 20 MB; a photo may be at most 20 MB"),
    ],
)
def test_what_is_no_photo_is_refused_with_its_name(raw, name, said):
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(raw, name)
    assert str(refused.value).startswith(said)
