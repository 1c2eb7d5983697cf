"""Loader and geocoder throughput on generated files: 2 MB and 20 MB, in one run.

    .venv/bin/python bench/bench_load.py

Prints, per size: rows, load seconds, rows per second, peak resident memory of a load in a process of its own (imports included),
and offline geocoding seconds for the same rows (cached places, as in a second run).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from utils.countries import country_code
from utils.geocode import GeocodeCache, Geocoder, Place, geocode_actions
from utils.load import load_actions

HEADER = "id,date,action_kind,organisations,place,city,country,lat,lon,participants,description,source\n"
CITIES = [
    ("Seoul", "South Korea"),
    ("Porto", "Portugal"),
    ("Makati", "Philippines"),
    ("Hong Kong", "Hong Kong"),
    ("Amsterdam", "Netherlands"),
]


def write_file(path: Path, megabytes: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        number = 0
        while handle.tell() < megabytes * 1_000_000:
            city, country = CITIES[number % len(CITIES)]
            day = 21 + number % 11
            handle.write(
                f'{number},2019-03-{day:02d},protest,Union {number % 997},,{city},{country},,,{number % 300},"Protest number {number}, with a description of some length",https://example.org/{number}\n'
            )
            number += 1


# in a process of its own, its high-water mark (VmHWM): tracemalloc does not see pyarrow's buffers, where pandas 3
# keeps text, and getrusage's ru_maxrss would carry this process's own size across exec
PEAK = """
import re, sys
from utils.load import load_actions
load_actions(sys.argv[1])
print(int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) * 1000)
"""


def peak_bytes(path: Path) -> int:
    run = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, check=True)
    return int(run.stdout.split()[-1])


def main() -> None:
    cache = GeocodeCache(None)
    geocoder = Geocoder(cache, None, None)
    for city, country in CITIES:  # as if a first run had placed them
        cache.put(f"city|{city.casefold()}||{country_code(country)}", Place(1.0, 2.0, "city", "gazetteer", city), "gazetteer")
    print(f"{'MB':>4} {'rows':>8} {'load_s':>7} {'rows/s':>9} {'peak_MB':>8} {'geocode_s':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in (2, 20):
            path = Path(folder) / f"actions-{megabytes}.csv"
            write_file(path, megabytes)
            start = time.perf_counter()
            result = load_actions(path)
            seconds = time.perf_counter() - start
            peak = peak_bytes(path)
            start = time.perf_counter()
            geocode_actions(result.actions, geocoder)
            geocode_seconds = time.perf_counter() - start
            print(
                f"{megabytes:>4} {result.rows_in_file:>8} {seconds:>7.2f} {result.rows_in_file / seconds:>9.0f} {peak / 1e6:>8.0f} {geocode_seconds:>9.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
