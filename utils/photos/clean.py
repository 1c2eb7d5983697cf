"""A photo a supporter sends with a report, made safe to keep and to show: decoded on the server (JPEG, PNG, WebP, and
HEIC from phones), turned upright, re-encoded from its pixels alone as a JPEG no larger than it needs to be. Nothing of
the file but its picture survives: no EXIF (GPS position, camera owner, time), no XMP, no ICC profile, no comment.

A file that is not such a picture, is too big, or would unfold into more pixels than a photo has (a decompression bomb)
is refused with a plain message, before its pixels are read.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from utils.i18n import Said

register_heif_opener()  # HEIC and HEIF, as phones take them

MOST_PHOTOS = 4  # per report
MOST_BYTES = 20_000_000  # one file as sent
MOST_PIXELS = 50_000_000  # a phone's largest photo is about 50 megapixels; more is a bomb, refused unread
LONGEST_SIDE = 1600  # kept: enough for a slide, small for a phone
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "HEIF": "HEIC"}
QUALITY = 82


SERVED = "photos"  # the folder, beside the app's other static files, a published report's photos are served from
SERVED_NAME = re.compile(rf"^{SERVED}/[0-9a-f]{{32}}\.jpg$")  # the only names a card shows as an image


def photo_name(digest: str) -> str:
    """A kept photo's name in a photo cell: the folder the app serves it from, and its digest."""
    return f"{SERVED}/{digest}.jpg"


def first_photo(cell: object) -> str:
    """The photo a cell shows on its card (its first name) where that is one the app serves, else ''."""
    name = str(cell).split(";")[0].strip()
    return name if SERVED_NAME.match(name) else ""


def first_photos(cells: Iterable[str]) -> set[str]:
    """The photo each cell shows on its card, where that is one the app serves."""
    return {name for name in map(first_photo, cells) if name}


def publish_photos(folder: Path, digests: Iterable[str], data_of: Callable[[str], bytes | None]) -> int:
    """Writes each published photo into `folder` (only those missing; a browser never reads half a file) and removes
    every photo there that is no longer published (a moderator took it away, or its action is protected): what the
    app serves is what is published. How many files were written."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set(digests)
    for old in folder.glob("*.jpg"):
        if old.stem not in wanted:
            old.unlink(missing_ok=True)
    written = 0
    for digest in wanted:
        target = folder / f"{digest}.jpg"
        if target.exists():
            continue
        data = data_of(digest)
        if data is None:
            continue
        partial = target.with_suffix(f".{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(target)
        written += 1
    return written


class PhotoRefused(ValueError):
    """Why a file is not kept as a photo, in plain words (a Said: the page says it in the visitor's language)."""


@dataclass(frozen=True)
class Photo:
    data: bytes  # a JPEG with no metadata at all
    width: int
    height: int

    @property
    def digest(self) -> str:
        """Its name where it is served: the hash of its bytes, so a URL says nothing but that it is this photo."""
        return hashlib.sha256(self.data).hexdigest()[:32]


def clean_photo(raw: bytes, name: str = "") -> Photo:
    """The photo in `raw` as a clean JPEG, or PhotoRefused saying why (naming the file)."""
    called = name or "the file"
    if len(raw) > MOST_BYTES:
        raise PhotoRefused(
            Said("{name}: {mb} MB; a photo may be at most {most} MB", name=called, mb=len(raw) // 1_000_000, most=MOST_BYTES // 1_000_000)
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))  # reads the header only: the size is known before any pixel
            if image.format not in FORMATS:
                raise PhotoRefused(Said("{name} is not a JPEG, PNG, WebP or HEIC photo", name=called))
            if image.width * image.height > MOST_PIXELS:
                raise PhotoRefused(Said("{name} would unfold into more pixels than a photo has; not opened", name=called))
            image.load()
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(Said("{name} would unfold into more pixels than a photo has; not opened", name=called)) from None
    except UnidentifiedImageError:
        raise PhotoRefused(Said("{name} is not a JPEG, PNG, WebP or HEIC photo", name=called)) from None
    except (OSError, ValueError, SyntaxError) as error:  # a truncated or damaged file
        raise PhotoRefused(Said("{name} cannot be read as a photo (it may be damaged)", name=called)) from error
    upright = ImageOps.exif_transpose(image)  # the orientation applied, before the EXIF that says it is left behind
    if upright.mode in ("RGBA", "LA", "P"):
        flat = Image.new("RGB", upright.size, "white")
        flat.paste(upright.convert("RGBA"), mask=upright.convert("RGBA").getchannel("A"))
        upright = flat
    upright = upright.convert("RGB")
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
    bare = Image.frombytes("RGB", upright.size, upright.tobytes())  # pixels alone: no info, no EXIF, no profile
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return Photo(out.getvalue(), bare.width, bare.height)
