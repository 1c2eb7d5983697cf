"""A file's photo cells made into the app's own copies. A cell names photos, separated by ';': a photo the app already
serves ('photos/<digest>.jpg', a published report's), a file name in the folder beside the file (or its `photos/`
folder), or a link. Each file or link is cleaned as a report's photo is (clean.clean_photo: re-encoded from its pixels,
no metadata) and its copy kept on a shelf: a folder of copies and an index of where each came from, shared by the app's
processes and kept across restarts, so nothing is fetched or cleaned twice. A link is fetched by the server once, when
online; a visitor's browser then asks the app for its copy and never a third party (unless the operator allows it:
SOLIDARITY_MAP_REMOTE_IMAGES, when the card draws the link itself and the server fetches nothing).

What cannot be copied (a missing file, a link that answers 404, a PDF) is told once, as a problem naming the row, the
column and the photo; its card still says a photo exists.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from filelock import FileLock

from utils.actions.checks import WARNING, Problem
from utils.i18n import Said
from utils.photos.clean import MOST_BYTES, SERVED, SERVED_NAME, Photo, PhotoRefused, clean_photo, first_photos, photo_name

log = logging.getLogger(__name__)

LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)
FETCHING = 4  # links fetched at once: a file of a hundred photo links is copied in the time of 25
USER_AGENT = "solidarity-map/1.0 (copies a campaign's photos to show them)"


class PhotoUnreachable(OSError):
    """A link that could not be asked now (offline, a timeout, a server error): tried again on a later load."""


def photo_refs(cell: object) -> list[str]:
    """The photos a cell names, in order ('a.jpg; https://x/b.jpg' -> two)."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    return [ref for ref in (part.strip() for part in str(cell).split(";")) if ref]


def fetch_link(url: str, timeout: float = 10.0, user_agent: str = USER_AGENT) -> bytes:
    """A link's bytes, at most MOST_BYTES of them. PhotoRefused for an answer that says it is not there (4xx) or too
    big; PhotoUnreachable for what may work later (no network, a timeout, 5xx)."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "image/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            data = answer.read(MOST_BYTES + 1)
    except urllib.error.HTTPError as error:
        if 400 <= error.code < 500:
            raise PhotoRefused(Said("{name}: the link answers {code}", name=url, code=error.code)) from None
        raise PhotoUnreachable(f"{url}: HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise PhotoUnreachable(f"{url}: {type(error).__name__}: {error}") from None
    if len(data) > MOST_BYTES:
        raise PhotoRefused(Said("{name}: more than {most} MB; a photo may be at most {most} MB", name=url, most=MOST_BYTES // 1_000_000))
    return data


class Shelf:
    """The app's copies of files' photos, in `folder` (`<digest>.jpg`, and `index.jsonl`: what each file or link
    became, a copy or why none). `fetch` asks a link for its bytes (None: links are not fetched, as offline)."""

    def __init__(self, folder: Path, fetch: Callable[[str], bytes] | None = None):
        self.folder = Path(folder)
        self.fetch = fetch
        self.index = self.folder / "index.jsonl"
        self._entries: dict[str, dict] = {}
        self._mtime = -1.0

    def _refresh(self) -> None:
        try:
            mtime = self.index.stat().st_mtime
        except OSError:
            return
        if mtime == self._mtime:
            return
        self._mtime = mtime
        for line in self.index.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                self._entries[entry["key"]] = entry
            except (ValueError, KeyError, TypeError):
                log.warning("skipping an unreadable line in the photo shelf's index %s: %r", self.index, line[:80])

    def _keep(self, key: str, photo: Photo | None, refused: dict | None = None) -> dict:
        entry = {"key": key, "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        if photo is not None:
            entry["digest"] = photo.digest
            target = self.folder / f"{photo.digest}.jpg"
            if not target.exists():
                partial = target.with_suffix(".partial")
                partial.write_bytes(photo.data)
                partial.replace(target)
        else:
            entry["refused"] = refused
        with FileLock(str(self.index) + ".lock"):
            with self.index.open("a", encoding="utf-8") as out:
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._entries[key] = entry
        return entry

    def data(self, name: str) -> bytes | None:
        """A copy's bytes by its name in a photo cell ('photos/<digest>.jpg'), or None."""
        if not SERVED_NAME.match(name):
            return None
        try:
            return (self.folder / name.removeprefix(f"{SERVED}/")).read_bytes()
        except OSError:
            return None

    def copies(self, refs: Iterable[tuple[str, Path | None]]) -> dict[tuple[str, Path | None], dict]:
        """What each (photo, folder beside its file) became: {'digest': …} or {'refused': why}; a link that could not
        be asked now is left out (asked again next time). Files are cleaned and links fetched only the first time."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._refresh()
        found: dict[tuple[str, Path | None], dict] = {}
        to_fetch: dict[str, list[tuple[str, Path | None]]] = {}
        for ref, beside in dict.fromkeys(refs):
            if SERVED_NAME.match(ref):
                continue  # a photo the app serves already
            if LINK.match(ref):
                key = f"link:{ref}"
                if key in self._entries:
                    found[(ref, beside)] = self._entries[key]
                elif self.fetch is not None:
                    to_fetch.setdefault(ref, []).append((ref, beside))
                continue
            found[(ref, beside)] = self._file(ref, beside)
        if to_fetch:
            with ThreadPoolExecutor(FETCHING) as pool:
                for url, answer in zip(to_fetch, pool.map(self._fetched, to_fetch), strict=True):
                    if answer is not None:
                        for asked in to_fetch[url]:
                            found[asked] = answer
        return found

    def _fetched(self, url: str) -> dict | None:
        try:
            raw = self.fetch(url)
            return self._keep(f"link:{url}", clean_photo(raw, url))
        except PhotoRefused as refused:
            return self._keep(f"link:{url}", None, _plain(refused))
        except PhotoUnreachable as error:  # offline, or the other site down: asked again on a later load
            log.warning("photo not fetched now: %s", error)
            return None

    def _file(self, ref: str, beside: Path | None) -> dict:
        path = _beside(ref, beside)
        if path is None:
            return {"refused": Said("{name}: no such photo beside the file", name=ref)}
        stat = path.stat()
        key = f"file:{path}:{stat.st_size}:{stat.st_mtime_ns}"  # a file changed is copied again
        if key in self._entries:  # read by copies() before the first file
            return self._entries[key]
        try:
            return self._keep(key, clean_photo(path.read_bytes(), ref))
        except PhotoRefused as refused:
            return self._keep(key, None, _plain(refused))


def _plain(refused: PhotoRefused) -> dict:
    """Why a photo was refused, as the shelf's index keeps it: its message and values, said again in each visitor's
    language (_said)."""
    said = refused.args[0]
    if isinstance(said, Said):
        return {"template": said.template, "values": {name: str(value) for name, value in said.values.items()}}
    return {"template": str(said), "values": {}}


def _said(why: object) -> Said:
    if isinstance(why, Said):
        return why
    if isinstance(why, dict) and "template" in why:
        try:
            return Said(str(why["template"]), **{str(name): value for name, value in dict(why.get("values") or {}).items()})
        except (KeyError, IndexError, ValueError):
            return Said(str(why["template"]))
    return Said(str(why).replace("{", "(").replace("}", ")"))


def _beside(ref: str, folder: Path | None) -> Path | None:
    """The file a cell names in the folder beside the data file (or its photos/ folder), never outside it."""
    if folder is None or "\\" in ref or ref.startswith(("/", "~")) or ":" in ref:
        return None
    root = folder.resolve()
    for base in (root, root / SERVED):
        path = (base / ref).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


@dataclass(frozen=True)
class PhotoSource:
    """Where a file's photos come from: the shelf that copies them (None: nothing copied or fetched, as for a
    visitor's own file), the folder of the file whose cells name files, and whether a card may draw a link itself
    (the operator's SOLIDARITY_MAP_REMOTE_IMAGES: then no link is fetched)."""

    shelf: Shelf | None = None
    beside: Path | None = None
    remote: bool = False


NO_COPIES = PhotoSource()  # a visitor's own file: its photos drawn only where the app already serves them


def shown_photos(actions: pd.DataFrame, source: PhotoSource = NO_COPIES, first_row: int = 2) -> tuple[pd.Series, list[Problem]]:
    """What each action's card draws, in its photo cell's order: the app's own copies ('photos/<digest>.jpg'), and
    with `remote` its links as they are. A photo with no copy is left out (its card says a photo exists); a problem
    names each refused one, once."""
    shelf, beside, remote = source.shelf, source.beside, source.remote
    shown = pd.Series("", index=actions.index, dtype=object)
    if "photo" not in actions:
        return shown, []
    cells = actions["photo"]
    having = cells.notna() & (cells.astype(str).str.strip() != "")  # most actions have none: only these are read
    if not having.any():
        return shown, []
    named = cells[having].map(photo_refs)
    wanted = [] if shelf is None else [(ref, beside) for refs in named for ref in refs if not (remote and LINK.match(ref))]
    became = shelf.copies(wanted) if shelf is not None else {}
    problems: list[Problem] = []
    told: set[str] = set()
    rows = (
        actions["row"][having] if "row" in actions else pd.Series(range(first_row, first_row + len(actions)), index=actions.index)[having]
    )
    drawn = []
    for refs, row in zip(named, rows, strict=True):
        names = []
        for ref in refs:
            answer = became.get((ref, beside), {})
            if SERVED_NAME.match(ref) or (remote and LINK.match(ref)):
                names.append(ref)
            elif "digest" in answer:
                names.append(photo_name(answer["digest"]))
            elif "refused" in answer and ref not in told:
                told.add(ref)
                problems.append(Problem(_row(row), "photo", ref[:200], _said(answer["refused"]), WARNING))
        drawn.append("; ".join(names))
    shown[having] = drawn
    return shown, problems


def _row(value: object) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def operator_photos(settings, beside: Path | None, offline: bool | None = None) -> PhotoSource:
    """The photos of the operator's own data (its file, or the database's published actions): copied onto the shelf
    the settings name; links fetched unless offline, or unless the operator lets browsers draw them (remote_images)."""
    offline = settings.offline if offline is None else offline
    fetch = None if offline or settings.remote_images else functools.partial(fetch_link, timeout=settings.photo_timeout)
    return PhotoSource(Shelf(settings.photo_shelf, fetch), beside, settings.remote_images)


def drawn_photos(actions: pd.DataFrame, first: bool = False) -> set[str]:
    """The names of the app's own photos the actions' cards draw ('photos/<digest>.jpg'): every one, or each card's
    first. Actions not placed by the app (no photo_shown) draw those their photo cells name that the app serves."""
    column = "photo_shown" if "photo_shown" in actions else "photo"
    if column not in actions:
        return set()
    cells = actions[column].dropna().astype(str)
    cells = cells[cells != ""]
    if first:
        return first_photos(cells)
    return {name for cell in cells for name in photo_refs(cell) if SERVED_NAME.match(name)}


def photo_data(name: str, *readers: Callable[[str], bytes | None]) -> bytes | None:
    """A named photo's bytes from the first reader that has it (the database's published photos, the shelf)."""
    return next((data for data in (read(name) for read in readers) if data is not None), None)


def photo_files(names: Iterable[str], *readers: Callable[[str], bytes | None]) -> dict[str, bytes]:
    """Each named photo's bytes from the first reader that has it; a photo none has is left out."""
    found = {name: photo_data(name, *readers) for name in sorted(set(names))}
    return {name: data for name, data in found.items() if data is not None}
