"""python -m utils geocode FILE [--offline] [-o OUT.csv]: the file's rows with where each happened, beside its own cells."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from tqdm import tqdm

from utils.actions.load import file_cells
from utils.cli.common import add_mapping_arguments, settings_and_actions
from utils.places.geocode import beside_the_file, default_geocoder, geocode_actions, summary, with_rejected_rows
from utils.publish.sheets import write_csv


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m utils geocode",
        description="Add lat, lon, precision and geo_source to every row of an actions file (CSV, .xlsx, .ods, GeoJSON, KML); writes a CSV.",
    )
    parser.add_argument("input", type=Path)
    parser.add_argument("--offline", action="store_true", help="no network: cache and offline gazetteer only")
    parser.add_argument("-o", "--output", type=Path, help="where to write the CSV (default: INPUT-geocoded.csv)")
    parser.add_argument("--cache", type=Path, help="the cache file to use (default: SOLIDARITY_MAP_GEOCODE_CACHE)")
    add_mapping_arguments(parser)
    args = parser.parse_args(argv)
    settings, result = settings_and_actions(args.input, args)
    if args.cache:
        settings = dataclasses.replace(settings, geocode_cache=args.cache)
    geocoder = default_geocoder(settings, offline=args.offline or settings.offline)
    bar = lambda rows: tqdm(rows, desc="geocoding", unit="row", disable=len(rows) < 50, file=sys.stderr)  # noqa: E731
    placed = geocode_actions(result.actions, geocoder, bar)
    every = with_rejected_rows(placed, result.rejected)
    headers, body, first_row = file_cells(args.input, settings.file_limits(), args.sheet)
    rows = beside_the_file(headers, body, every, first_row)
    output = args.output or args.input.with_name(args.input.stem + "-geocoded.csv")
    write_csv(rows, output)
    print(summary(every))
    print(f"network requests: {geocoder.network_requests}")
    print(f"written: {output} ({len(rows)} rows, the same order as {args.input.name})")
    return 0
