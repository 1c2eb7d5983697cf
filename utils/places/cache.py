"""The persistent cache of answers: a JSON-lines file several processes share, and one visitor's answers over it."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from pathlib import Path

from filelock import FileLock

from utils.places.gazetteer import FORMAT as GAZETTEER_FORMAT
from utils.places.place import Place

log = logging.getLogger(__name__)


class GeocodeCache:
    """Answers kept across restarts in a JSON-lines file, safe for several processes.

    Each line is one answer with when and where it came from. Only real answers
    are stored (a place, or Nominatim's definite "not found"); a timeout or an
    error never is, so it is tried again next time.
    """

    def __init__(self, path: Path | None, seeds: Iterable[Path] = ()):
        """`path` is read and written; each of `seeds` (the bundled data's cache) is only read."""
        self.path = Path(path) if path else None
        self._entries: dict[str, dict] = {}
        for seed in seeds:
            self._read(Path(seed))
        self._mtime = -1.0
        self._refresh()

    def _read(self, path: Path) -> None:
        if not path.exists():
            return
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                self._entries[entry["key"]] = entry
            except (ValueError, KeyError, TypeError):
                log.warning("skipping an unreadable line in the geocode cache %s: %r", path, line[:80])

    def _refresh(self) -> None:
        if self.path is None or not self.path.exists():
            return
        mtime = self.path.stat().st_mtime
        if mtime == self._mtime:
            return
        self._mtime = mtime
        self._read(self.path)

    def get(self, key: str) -> dict | None:
        entry = self._entries.get(key)
        if entry is None:
            self._refresh()
            entry = self._entries.get(key)
        if entry and entry.get("source") == "gazetteer" and entry.get("format") != GAZETTEER_FORMAT:
            return None
        return entry

    def put(self, key: str, answer: Place | None, source: str, server: str = "", **more: str) -> None:
        """`more`: what else the source needs to reuse its answer (the embassy list's version, a fallback city)."""
        entry = {"key": key, "found": answer is not None, "source": source, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        entry.update({name: value for name, value in more.items() if value})
        if server:
            entry["server"] = server
        if source == "gazetteer":
            entry["format"] = GAZETTEER_FORMAT
        if answer is not None:
            entry.update({"lat": answer.lat, "lon": answer.lon, "precision": answer.precision, "label": answer.label, "note": answer.note})
            if answer.doubt:
                entry["doubt"] = answer.doubt
            if answer.country:
                entry["country"] = answer.country
        self._entries[key] = entry
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with FileLock(str(self.path) + ".lock"), self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
        self._mtime = self.path.stat().st_mtime

    def __len__(self) -> int:
        return len(self._entries)


class SessionCache:
    """One visitor's answers over the shared cache: read through to it, written only here, in memory.

    A visitor's upload is placed with it, so that place names from one visitor's file never
    enter the server's cache (unless the operator opts in: SOLIDARITY_MAP_SHARE_UPLOAD_GEOCODES).
    """

    def __init__(self, shared: GeocodeCache):
        self.shared = shared
        self.own = GeocodeCache(None)

    def get(self, key: str) -> dict | None:
        return self.own.get(key) or self.shared.get(key)

    def put(self, key: str, answer: Place | None, source: str, server: str = "", **more: str) -> None:
        self.own.put(key, answer, source, server, **more)

    def __len__(self) -> int:
        return len(self.own)


def place_from_cache(entry: dict) -> Place | None:
    if not entry.get("found"):
        return None
    origin = f"{entry.get('source', '?')} {entry.get('server', '')}".strip() + f", {entry.get('at', '')[:10]}"
    if entry.get("origin"):  # the source's own reference: 'Wikidata Q17007157'
        origin += f", {entry['origin']}"
    return Place(
        entry["lat"],
        entry["lon"],
        entry["precision"],
        "cache",
        entry.get("label", ""),
        entry.get("note", ""),
        origin,
        entry.get("country", ""),
        entry.get("doubt", _doubt_of_old(entry)),
    )


def _doubt_of_old(entry: dict) -> str:
    """An answer kept before a Place carried its doubt said it only in its note, in these words (gazetteer.Match)."""
    note = entry.get("note", "")
    return "fuzzy" if "fuzzy match:" in note else "ambiguous" if "ambiguous:" in note else ""
