"""Loader and geocoder throughput on generated files: 2 MB and 20 MB, in one run; and the same 100,000 actions as
.csv and as .xlsx side by side.

    .venv/bin/python -m bench.bench_load

Prints, per size: rows, load seconds, rows per second, peak resident memory of a load in a process of its own (imports included),
and offline geocoding seconds for the same rows (cached places, as in a second run). Then, per format of the same 100,000
actions: file MB, load seconds, peak MB, and the ratios to the CSV's (the workbook is written with openpyxl, as a
spreadsheet saves one: dates as dates, counts as numbers).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from utils.actions.load import load_actions
from utils.places.countries import country_code
from utils.places.geocode import GeocodeCache, Geocoder, Place, geocode_actions

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
from utils.actions.load import load_actions
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


def write_xlsx(csv_path: Path, path: Path) -> None:
    """The same rows as a workbook, written as a spreadsheet writes one (write-only mode: constant memory)."""
    import csv
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Actions")
    with csv_path.open(encoding="utf-8") as handle:
        rows = csv.reader(handle)
        sheet.append(next(rows))
        for row in rows:
            row[1] = dt.date.fromisoformat(row[1])
            row[9] = int(row[9])
            sheet.append(row)
    book.save(path)


def formats() -> None:
    print(f"\n{'format':>6} {'rows':>8} {'file_MB':>8} {'load_s':>7} {'peak_MB':>8} {'time_x':>7} {'peak_x':>7}")
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "actions.csv"
        with csv_path.open("w", encoding="utf-8") as handle:
            handle.write(HEADER)
            for number in range(100_000):
                city, country = CITIES[number % len(CITIES)]
                handle.write(
                    f"{number},2019-03-{21 + number % 11:02d},protest,Union {number % 997},,{city},{country},,,{number % 300},"
                    f'"Protest number {number}, with a description of some length",https://example.org/{number}\n'
                )
        xlsx_path = Path(folder) / "actions.xlsx"
        write_xlsx(csv_path, xlsx_path)
        base = None
        for name, path in (("csv", csv_path), ("xlsx", xlsx_path)):
            start = time.perf_counter()
            result = load_actions(path)
            seconds = time.perf_counter() - start
            peak = peak_bytes(path)
            assert result.accepted == 100_000, (name, result.accepted, result.problems[:3])
            base = base or (seconds, peak)
            print(
                f"{name:>6} {result.accepted:>8} {path.stat().st_size / 1e6:>8.1f} {seconds:>7.2f} {peak / 1e6:>8.0f} "
                f"{seconds / base[0]:>7.2f} {peak / base[1]:>7.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
    formats()
