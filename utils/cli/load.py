"""python -m utils load FILE [mapping options]: what was read, row by row."""

from __future__ import annotations

import argparse
from pathlib import Path

from utils.actions.load import account
from utils.cli.common import add_mapping_arguments, settings_and_actions


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m utils load",
        description="Read an actions file (CSV, .xlsx, .ods, GeoJSON, KML, KMZ) and print what was read, row by row.",
    )
    parser.add_argument("file", type=Path)
    add_mapping_arguments(parser)
    args = parser.parse_args(argv)
    _, result = settings_and_actions(args.file, args)
    print(account(result))
    return 1 if result.errors else 0
