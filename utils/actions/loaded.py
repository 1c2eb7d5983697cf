"""A file of actions, loaded and placed: the one path from bytes to what every page shows,
for the bundled data, a visitor's upload and (later) the database."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from utils.actions.campaign import Campaign
from utils.actions.load import LoadResult, Problem
from utils.photos.shelf import NO_COPIES, PhotoSource, shown_photos
from utils.places.geocode import Geocoder, geocode_actions
from utils.view.filters import ViewFilter, search_text


@dataclass(frozen=True)
class Loaded:
    actions: pd.DataFrame  # every accepted action, with where it is (or why it is not on the map)
    problems: tuple[Problem, ...]
    rows_in_file: int
    rejected: pd.DataFrame
    name: str
    digest: str  # of the file's bytes and its column mapping: what caches key on
    campaign: Campaign  # its words and weeks: the campaign file's, or made from the file's own name and dates

    @functools.cached_property
    def search_text(self) -> pd.Series:
        """What a search looks in, per action: computed on the first search, once for every visitor of this file."""
        return search_text(self.actions)

    def searched(self, view: ViewFilter) -> pd.Series | None:
        """The search text for filters.apply when `view` searches; None (nothing built) when it does not."""
        return self.search_text if view.search else None


def content_digest(raw: bytes, mapping: Mapping[str, str] | None = None, every_row: Mapping[str, str] | None = None, *more: object) -> str:
    """What a file's caches key on: its bytes and how it is read (the same bytes mapped otherwise are other actions;
    `more`: the kinds chosen for its words, the sheet)."""
    digest = hashlib.sha256(raw)
    if mapping or every_row or any(more):
        digest.update(repr(sorted((mapping or {}).items())).encode() + repr(sorted((every_row or {}).items())).encode())
    for part in more:
        if part:
            digest.update(repr(sorted(part.items()) if isinstance(part, Mapping) else part).encode())
    return digest.hexdigest()


def place(
    result: LoadResult,
    name: str,
    digest: str,
    geocoder: Geocoder,
    campaign: Callable[[pd.DataFrame], Campaign],
    progress: Callable[[Iterable], Iterable] | None = None,
    photos: PhotoSource = NO_COPIES,
) -> Loaded:
    """The loader's result placed by `geocoder`, its photos copied from `photos` (after placing: a protected action
    has none), with its campaign (`campaign` is given the placed actions)."""
    placed = geocode_actions(result.actions, geocoder, progress)
    shown, told = shown_photos(placed, photos)
    placed = placed.assign(photo_shown=shown)
    problems = (*result.problems, *told)
    return Loaded(placed, problems, result.rows_in_file, result.rejected, name, digest, campaign(placed))
