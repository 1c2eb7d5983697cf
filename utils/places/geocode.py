"""Where each action happened: an action in, a Place or an Unplaced out; and a table of actions placed at once.

The row's own lat/lon first; then the query read from its cells (utils/places/query.py) goes down the chain of
sources (utils/places/sources/, in CHAIN's order): the embassy list for an embassy or consulate however it is written
("Chinese embassy in Seoul", "Ambassade de Chine"), a venue (Nominatim), the city (the persistent cache, the offline
gazetteer, Nominatim), the region, the country. A venue that cannot be found falls back to its city, and says so.

Run `python -m utils geocode INPUT.csv [--offline] [-o OUTPUT.csv]`.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute

from utils.actions.schema import IN_PERSON_KINDS, PLACED_COLUMNS, SENT_FROM_KINDS
from utils.places.cache import GeocodeCache, SessionCache, place_from_cache
from utils.places.countries import country_name
from utils.places.embassies import CONSULATE, EMBASSY, Embassies
from utils.places.gazetteer import Gazetteer
from utils.places.nominatim import NominatimSource, build_nominatim
from utils.places.place import (
    AMBIGUOUS,
    NO_PLACE,
    NOT_FOUND,
    PRECISIONS,
    REJECTED,
    SOURCES,
    UNAVAILABLE,
    Place,
    Result,
    Unplaced,
)
from utils.places.protect import protect_placed
from utils.places.query import ONLINE_WORDS, Query, one_cell, query_of, text_of, written_region
from utils.places.sources import CHAIN, Asking, Lookup, Source, SourceUnavailable
from utils.settings import BUNDLED_CACHE

log = logging.getLogger(__name__)

# --- the chain ----------------------------------------------------------------


class Geocoder:
    """The chain of sources. Each distinct query is answered once per run, and once ever when cached."""

    def __init__(
        self,
        cache: GeocodeCache | SessionCache,
        gazetteer: Callable[[], Gazetteer] | Gazetteer | None,
        nominatim: NominatimSource | None,
        embassies: Callable[[], Embassies] | Embassies | None = Embassies.open,
        chain: Sequence[Callable[[Lookup], Source]] = CHAIN,
    ):
        """`embassies`: the list of missions (the bundled one by default; None for none); `chain`: the sources, in the
        order they are asked (utils/places/sources/)."""
        self.lookup = Lookup(cache, gazetteer, nominatim, embassies)
        self.chain = tuple(chain)
        self.sources: tuple[Source, ...] = tuple(make(self.lookup) for make in self.chain)
        self._memo: dict[str, Result] = {}

    @property
    def cache(self) -> GeocodeCache | SessionCache:
        return self.lookup.cache

    @property
    def nominatim(self) -> NominatimSource | None:
        return self.lookup.nominatim

    @property
    def embassies(self) -> Embassies | None:
        return self.lookup.embassies

    @property
    def gazetteer(self) -> Gazetteer | None:
        return self.lookup.gazetteer

    def for_visitor(self, share_answers: bool = False) -> Geocoder:
        """A geocoder for one visitor's file: the same gazetteer and Nominatim (and so the same rate
        limiter), its own memory of answers, and the shared cache only read unless `share_answers`."""
        cache = self.cache if share_answers or isinstance(self.cache, SessionCache) else SessionCache(self.cache)
        return Geocoder(cache, lambda: self.gazetteer, self.nominatim, lambda: self.embassies, self.chain)

    def file_country(self, actions: Iterable[Mapping[str, object]], most: int = 400) -> str:
        """The country a file's rows share, when they share one: ≥80% of the rows that name a country
        name it; or, when no row names one, it has a town of each row's name in ≥80% of the rows (and more
        than any other country). '' otherwise."""
        queries = [query_of(action) for action in itertools.islice(actions, most)]
        named = Counter(query.country for query in queries if query.country)
        if named:
            code, count = named.most_common(1)[0]
            return code if count >= 3 and count >= 0.8 * sum(named.values()) else ""
        gazetteer = self.gazetteer
        cities = [query.city.split(",")[-1] for query in queries if query.city and not query.country]
        if gazetteer is None or len(cities) < 3:
            return ""
        having = Counter(code for city in cities for code in gazetteer.countries_of(city))
        ranked = having.most_common(2)
        if not ranked or ranked[0][1] < 0.8 * len(cities) or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return ""
        return ranked[0][0]

    def locate(self, action: Mapping[str, object], assume_country: str = "") -> Result:
        """Where the action happened. `assume_country`: the country most rows of its file share, tried
        first for a row that names none (Brest in a French file is Brest, France), and said."""
        names_one = any(text_of(action.get(name)) for name in ("country", "country_code"))
        if assume_country and not names_one and not _has_position(action):
            assumed = self.locate({**action, "country_code": assume_country})
            if isinstance(assumed, Place) and assumed.precision != "country":
                note = f"no country given; placed in {country_name(assume_country)}, like most rows of the file"
                return dataclasses.replace(assumed, note="; ".join(part for part in (note, assumed.note) if part))
        return self._locate_row(action)

    def _locate_row(self, action: Mapping[str, object]) -> Result:
        lat, lon = action.get("lat"), action.get("lon")
        if _has_position(action):
            label = ", ".join(
                str(action.get(name) or "").strip() for name in ("place", "city", "country") if str(action.get(name) or "").strip()
            )
            return Place(
                float(lat), float(lon), "exact", "manual", label or f"{float(lat):.4f}, {float(lon):.4f}", "position given in the file"
            )
        query = query_of(action)
        if ONLINE_WORDS.search(f"{query.venue} {query.city}"):
            return Unplaced(NO_PLACE, f"{query.venue or query.city!r} is online, not a place on a map")
        if not (query.venue or query.city or query.region or query.country):
            if query.country_text:
                return Unplaced(NOT_FOUND, f"country {query.country_text!r} is not one we know")
            return Unplaced(NO_PLACE, "no place, city or country given (a letter or an online action?)")
        key = repr(query)
        if key not in self._memo:
            self._memo[key] = self._locate(query)
        found = self._memo[key]
        if query.sent_from and isinstance(found, Place):  # the card says so (fields.place_text): sent from here, not done here
            note = "; ".join(part for part in (f"the text says it was sent from {query.city}", found.note) if part)
            return dataclasses.replace(found, note=note)
        return found

    def _locate(self, query: Query) -> Result:
        asking = Asking(query)
        asking.query = written_region(one_cell(query, lambda: self.gazetteer, asking.notes), asking.notes)
        unavailable = False
        for source in self.sources:  # each answers a Place, or None and says why; it may narrow the query
            try:
                found = source.locate(asking)
            except SourceUnavailable as why:
                asking.notes.append(str(why))
                unavailable = True
                continue
            if found is not None:
                return _with_note(found if found.country else dataclasses.replace(found, country=asking.query.country), asking.notes)
        reason = UNAVAILABLE if unavailable else NOT_FOUND
        query = asking.query
        asked = ", ".join(part for part in (query.venue, query.city, query.region, query.country_text) if part)
        return Unplaced(reason, f"{asked!r}: " + ("; ".join(asking.notes) or "no source knows it"))

    @property
    def network_requests(self) -> int:
        return self.nominatim.requests if self.nominatim else 0


def _with_note(place: Place, problems: list[str]) -> Place:
    if not problems:
        return place
    note = "; ".join(problems) + f"; placed at the {place.precision}"
    if place.note:
        note += f" ({place.note})"
    return dataclasses.replace(place, note=note)


def _has_position(action: Mapping[str, object]) -> bool:
    lat, lon = action.get("lat"), action.get("lon")
    return _is_number(lat) and _is_number(lon) and -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180


def _is_number(value: object) -> bool:
    try:
        return value is not None and not pd.isna(value) and float(value) == float(value)
    except (TypeError, ValueError):
        return False


# --- a table of actions ---------------------------------------------------------

GEO_COLUMNS = PLACED_COLUMNS


# what locate() reads of an action: rows alike in these are placed alike, so each distinct one is located once
LOCATING = ("place", "city", "region", "country", "country_code", "target", "description", "action_kind")


def geocode_actions(actions: pd.DataFrame, geocoder: Geocoder, progress: Callable[[Iterable], Iterable] | None = None) -> pd.DataFrame:
    """The actions with GEO_COLUMNS filled in; every action kept, in the same order.

    A row with its own position is placed at it, all such rows at once; the others are located once per
    distinct place (a million rows of a few thousand towns ask the geocoder a few thousand times)."""
    placed = actions.copy(deep=False)  # copy-on-write: the actions' own columns are shared, not copied
    lat = pd.to_numeric(placed["lat"], errors="coerce") if "lat" in placed else pd.Series(float("nan"), index=placed.index)
    lon = pd.to_numeric(placed["lon"], errors="coerce") if "lon" in placed else pd.Series(float("nan"), index=placed.index)
    positioned = (lat.abs() <= 90) & (lon.abs() <= 180)
    columns = {
        "lat": lat.where(positioned),
        "lon": lon.where(positioned),
        "precision": pd.Series("exact", index=placed.index).where(positioned, ""),
        "geo_source": pd.Series("manual", index=placed.index).where(positioned, ""),
        "geo_label": _position_labels(placed, lat, lon).where(positioned, ""),
        "geo_note": pd.Series("position given in the file", index=placed.index).where(positioned, ""),
        "geo_origin": pd.Series("", index=placed.index),
        "geo_doubt": pd.Series("", index=placed.index),
        "unplaced_reason": pd.Series("", index=placed.index),
    }
    found = pd.Series("", index=placed.index)
    rest = placed.loc[~positioned, [name for name in LOCATING if name in placed]]
    if "description" in rest:
        rest = rest.assign(description=_telling(rest))
    if len(rest):
        keys = rest.astype(str).fillna("")
        group = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
        firsts = pd.Series(range(len(group))).groupby(group).first().to_numpy()
        distinct = rest.iloc[firsts].to_dict("records")
        country = geocoder.file_country(actions.head(400).to_dict("records"))
        results = [geocoder.locate(action, country) for action in (progress(distinct) if progress else distinct)]
        spread = [results[code] for code in group]
        where = rest.index
        columns["lat"].loc[where] = [r.lat if isinstance(r, Place) else float("nan") for r in spread]
        columns["lon"].loc[where] = [r.lon if isinstance(r, Place) else float("nan") for r in spread]
        for name, read in (
            ("precision", lambda r: r.precision if isinstance(r, Place) else ""),
            ("geo_source", lambda r: r.source if isinstance(r, Place) else ""),
            ("geo_label", lambda r: r.label if isinstance(r, Place) else ""),
            ("geo_note", lambda r: r.note if isinstance(r, Place) else r.detail),
            ("geo_origin", lambda r: r.origin if isinstance(r, Place) else ""),  # for analysts: which source, when
            ("geo_doubt", lambda r: r.doubt if isinstance(r, Place) else ""),  # for a person to check: fuzzy, ambiguous
            ("unplaced_reason", lambda r: r.reason if isinstance(r, Unplaced) else ""),
        ):
            columns[name] = columns[name].astype(object)
            columns[name].loc[where] = [read(r) for r in spread]
        found.loc[where] = [r.country if isinstance(r, Place) else "" for r in spread]
    for name, values in columns.items():
        placed[name] = values.astype("float64") if name in ("lat", "lon") else values.astype(str)
    # a row that names no country gets the one its place lies in ('Hammond, IN' is in the US): counted and filtered by it
    given = placed["country_code"].fillna("") if "country_code" in placed else pd.Series("", index=placed.index)
    placed["country_code"] = given.where(given != "", found)
    return protect_placed(placed, geocoder.locate)  # a protected action no finer than its city or country, everywhere


def _telling(actions: pd.DataFrame) -> pd.Series:
    """Of each description, what query_of reads: one naming a mission, of an action in person ('at the Chinese
    embassy'), or one of an action sent from somewhere; any other is left out, so that rows alike but for their
    prose are located once."""
    kind = actions["action_kind"].astype(str) if "action_kind" in actions else pd.Series("", index=actions.index)
    text = actions["description"].astype(str).fillna("")
    sent = kind.isin(SENT_FROM_KINDS).to_numpy()
    in_person = kind.isin(IN_PERSON_KINDS).to_numpy() & ~sent
    telling = sent.copy()
    if in_person.any():
        telling[in_person] = _may_name_a_mission(text[in_person])
    return text.where(telling, "")


def _may_name_a_mission(texts: pd.Series) -> np.ndarray:
    """Which texts mission_kind may find a mission in, with the same patterns run by pyarrow (RE2) over the whole
    column: RE2's ASCII word boundaries match wherever Python's Unicode ones do, and more, so no mission is missed."""
    column = pyarrow.array(texts.to_numpy(dtype=object), type=pyarrow.string())
    found = [pyarrow.compute.match_substring_regex(column, pattern.pattern, ignore_case=True) for pattern in (CONSULATE, EMBASSY)]
    return pyarrow.compute.or_(*found).to_numpy(zero_copy_only=False).astype(bool)


def _position_labels(actions: pd.DataFrame, lat: pd.Series, lon: pd.Series) -> pd.Series:
    """What a row with its own position is called: its place, city and country as given, else its coordinates.
    Each distinct (place, city, country) is named once: a million rows share a few thousand names."""
    names = [name for name in ("place", "city", "country") if name in actions]
    if names:
        codes, distinct = pd.MultiIndex.from_frame(actions[names].astype(str).fillna("")).factorize()
        words = [", ".join(part.strip() for part in parts if part.strip()) for parts in distinct]
        label = pd.Series(np.asarray(words, dtype=object)[codes] if words else "", index=actions.index, dtype=object)
    else:
        label = pd.Series("", index=actions.index, dtype=object)
    bare = (label == "").to_numpy() & lat.notna().to_numpy() & lon.notna().to_numpy()
    if bare.any():  # only rows with nothing but a position are named by it
        label[bare] = [f"{y:.4f}, {x:.4f}" for y, x in zip(lat[bare], lon[bare], strict=True)]
    return label


def summary(placed: pd.DataFrame) -> str:
    """Placed by source and precision, unplaced by reason."""
    on_map = placed[placed["unplaced_reason"] == ""]
    lines = [f"actions: {len(placed)}  placed: {len(on_map)}  unplaced: {len(placed) - len(on_map)}"]
    for title, counts in (
        ("placed by source", Counter(on_map["geo_source"])),
        ("placed by precision", Counter(on_map["precision"])),
        ("unplaced by reason", Counter(placed.loc[placed["unplaced_reason"] != "", "unplaced_reason"])),
    ):
        lines.append(f"{title}:")
        order = {name: index for index, name in enumerate(PRECISIONS + SOURCES)}
        lines.extend(f"  {name}: {count}" for name, count in sorted(counts.items(), key=lambda item: (order.get(item[0], 99), item[0])))
    unplaced = placed[placed["unplaced_reason"] != ""]
    lines.extend(_listed("not placed", unplaced, "unplaced_reason"))
    checks = on_map[on_map["geo_doubt"] != ""]
    lines.extend(_listed("to check (fuzzy or ambiguous)", checks, "geo_doubt"))
    return "\n".join(lines)


def _listed(title: str, rows: pd.DataFrame, reason: str, most: int = 50) -> list[str]:
    if rows.empty:
        return []
    lines = [f"{title}: {len(rows)}"]
    for row in rows.head(most).to_dict("records"):
        asked = ", ".join(str(row.get(name) or "") for name in ("place", "city", "region", "country") if str(row.get(name) or "").strip())
        what = asked or str(row.get("organisations") or row.get("description") or "")[:60]
        lines.append(f"  row {row.get('row', '?')}: {what}: {row.get(reason)} ({row.get('geo_note', '')})")
    if len(rows) > most:
        lines.append(f"  ... and {len(rows) - most} more in the output file")
    return lines


def default_geocoder(settings, offline: bool | None = None) -> Geocoder:
    """The chain as the settings describe it: cache file, gazetteer folder, Nominatim unless offline."""
    offline = settings.offline if offline is None else offline
    nominatim = None
    if not offline:
        nominatim = build_nominatim(
            settings.nominatim_domain,
            settings.nominatim_scheme,
            settings.nominatim_user_agent,
            settings.nominatim_timeout,
            settings.nominatim_min_delay,
            settings.nominatim_retries,
            settings.nominatim_email,
        )
    cache = GeocodeCache(settings.geocode_cache, seeds=[BUNDLED_CACHE] if settings.geocode_cache != BUNDLED_CACHE else [])
    return Geocoder(cache, lambda: Gazetteer.open(settings.gazetteer_dir), nominatim)


def with_rejected_rows(placed: pd.DataFrame, rejected: pd.DataFrame) -> pd.DataFrame:
    """Rows the loader rejected, put back in their place, unplaced with the loader's reason."""
    if rejected.empty:
        return placed
    back = rejected.rename(columns={"reason": "geo_note"}).assign(unplaced_reason=REJECTED)
    rows = pd.concat([placed, back], ignore_index=True).sort_values("row", kind="stable").reset_index(drop=True)
    return rows


def beside_the_file(headers: list[str], body: list[list[str]], placed: pd.DataFrame, first_row: int = 2) -> pd.DataFrame:
    """The file's own cells exactly as written, in their columns and order, then what geocoding adds:
    no cell of the user's is blanked or rewritten ('200.0' stays '200.0', '21/04/2023' stays as it is)."""
    names = _unique([header.strip() or f"column_{index + 1}" for index, header in enumerate(headers)])
    table = pd.DataFrame([(record + [""] * len(names))[: len(names)] for record in body], columns=names, dtype=object)
    added = placed.set_index("row").reindex(range(first_row, len(body) + first_row))
    for name in GEO_COLUMNS:
        column = name if name not in table.columns else f"{name}_geocoded"
        table[column] = added[name].to_numpy() if name in added else ""
    return table


def _unique(names: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    unique = []
    for name in names:
        seen[name] += 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


__all__ = [
    "AMBIGUOUS",
    "NO_PLACE",
    "NOT_FOUND",
    "PRECISIONS",
    "SOURCES",
    "UNAVAILABLE",
    "GeocodeCache",
    "Query",
    "SessionCache",
    "place_from_cache",
    "query_of",
    "Geocoder",
    "NominatimSource",
    "Place",
    "Result",
    "Unplaced",
    "build_nominatim",
    "geocode_actions",
    "summary",
]
