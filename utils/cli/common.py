"""What the commands share: settings from the environment, a file loaded through the same column mapping as the
Data page, or a clear exit.

    --map city=lieu --map country=pays     our column = the file's header
    --every date=2017-01-21                one value for every row
    --mapping FILE.json                    a mapping saved before (the Data page downloads one)

A mapping given on the command line is saved beside the file (FILE.csv.mapping.json) and used
again next time, until another is given.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from utils.actions.load import LoadResult, load_actions, read_bytes
from utils.actions.mapping import ColumnMapping, mapping_beside, mapping_from_arguments, read_headers
from utils.errors import ConfigError, UnreadableFile
from utils.settings import Settings, settings_from


def add_mapping_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--map", action="append", default=[], metavar="COLUMN=HEADER", help="feed our COLUMN from the file's HEADER")
    parser.add_argument("--every", action="append", default=[], metavar="COLUMN=VALUE", help="give every row this value")
    parser.add_argument(
        "--kind", action="append", default=[], metavar="VALUE=KIND", help="read the file's word VALUE as KIND (chahut=protest)"
    )
    parser.add_argument("--sheet", help="the sheet of a workbook (.xlsx, .ods) to read; the first by default")
    parser.add_argument("--mapping", type=Path, help="a saved mapping (JSON), as the Data page downloads it")
    parser.add_argument("--no-save", action="store_true", help="do not save the mapping beside the file")


def settings_and_actions(path: Path, args: argparse.Namespace | None = None) -> tuple[Settings, LoadResult]:
    """The settings and the loaded file; a wrong setting, mapping or unreadable file exits with a message, not a traceback."""
    try:
        settings = settings_from(os.environ)
    except ConfigError as error:
        exit_with(2, f"setting error: {error}")
    try:
        raw = read_bytes(path)
    except OSError as error:
        exit_with(1, f"cannot read {path}: {error.strerror or error}")
    mapping = column_mapping(path, raw, args)
    result = load_actions(
        raw,
        mapping=mapping.columns,
        limits=settings.file_limits(),
        every_row=mapping.every_row,
        kinds=mapping.kinds,
        sheet=mapping.sheet or None,
    )
    return settings, result


def published_actions() -> tuple[Settings, LoadResult, Path]:
    """The actions the app publishes: the database's published ones when the settings name a database (what a
    moderator approved is in them), else the settings' CSV; and the path whose folder holds the campaign file."""
    try:
        settings = settings_from(os.environ)
    except ConfigError as error:
        exit_with(2, f"setting error: {error}")
    if not settings.uses_database:
        settings, result = settings_and_actions(settings.data)
        return settings, result, settings.data
    from utils.live.store import DATABASE_ERRORS, Store, database_url

    try:
        store = Store(database_url(settings.database_url))
        store.seed(settings.data)  # as the app does on its first start: an empty database takes the bundled file
        raw = store.export_csv()
    except DATABASE_ERRORS as error:
        exit_with(1, f"cannot read the published actions from the database: {type(error).__name__}: {error}")
    print(f"reading the published actions from the database ({len(raw) // 1024} kB)", file=sys.stderr)
    return settings, load_actions(raw, limits=settings.file_limits()), settings.data


def column_mapping(path: Path, raw: bytes, args: argparse.Namespace | None) -> ColumnMapping:
    """The Data page's proposal, or the mapping saved beside the file, changed by the command line's."""
    maps, every = (args.map, args.every) if args else ([], [])
    kinds, sheet = (getattr(args, "kind", []), getattr(args, "sheet", None)) if args else ([], None)
    given = args.mapping if args else None
    saved = mapping_beside(path)
    base = None
    try:
        if given is not None:
            base = ColumnMapping.from_json(given.read_text(encoding="utf-8"))
        elif saved.exists() and not (maps or every or kinds):
            base = ColumnMapping.from_json(saved.read_text(encoding="utf-8"))
            print(f"using the column mapping saved in {saved.name} (give --map or --mapping to change it)", file=sys.stderr)
        headers, _ = read_headers(raw, sheet or (base.sheet if base else None) or None)
        mapping = mapping_from_arguments(headers, maps, every, base, kinds, sheet)
    except OSError as error:
        exit_with(1, f"cannot read the mapping {given or saved}: {error.strerror or error}")
    except ValueError as error:
        exit_with(2, f"column mapping: {error}")
    except UnreadableFile as error:
        exit_with(1, f"cannot read {path}: {error}")
    if (maps or every or kinds or sheet or given) and not (args and args.no_save):
        try:
            saved.write_text(mapping.to_json(), encoding="utf-8")
            print(f"column mapping saved in {saved.name}: used again next time", file=sys.stderr)
        except OSError as error:
            print(f"the mapping could not be saved beside the file ({error.strerror or error})", file=sys.stderr)
    return mapping


def exit_with(code: int, message: str) -> NoReturn:
    print(message, file=sys.stderr)
    raise SystemExit(code) from None


def run(main: Callable[[], int]) -> None:
    """Runs a command; a reader that stops early (`| head`) ends it quietly, as other command-line tools end."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
