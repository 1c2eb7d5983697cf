"""python -m utils store import FILE.csv | export -o FILE.csv | backup FILE.db | upgrade | forget ADDRESS | forget-contacts"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from utils.actions.load import load_actions
from utils.cli.common import add_mapping_arguments, settings_and_actions
from utils.live.store import STATUSES, Store, database_url
from utils.settings import settings_from


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils store", description="The actions' database.")
    parser.add_argument("--database", default=os.environ.get("SOLIDARITY_MAP_DATABASE_URL", ""), help="a SQLAlchemy URL")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("import", help="add a file's actions as published (ids already there are kept as they are)")
    add.add_argument("input", type=Path)
    add_mapping_arguments(add)
    out = commands.add_parser("export", help="write the actions as a CSV the loader reads back to the same actions")
    out.add_argument("-o", "--output", type=Path, required=True)
    out.add_argument("--status", choices=STATUSES, action="append", help="which (default: published)")
    copy = commands.add_parser("backup", help="copy every table into a new SQLite file")
    copy.add_argument("output", type=Path)
    commands.add_parser("upgrade", help="create the tables or bring them to the newest migration")
    forget = commands.add_parser("forget", help="erase one person's address (an e-mail, or a network address) wherever it is kept")
    forget.add_argument("address")
    old = commands.add_parser("forget-contacts", help="erase the contacts of reports decided more than --days ago (for a daily cron line)")
    old.add_argument("--days", type=int, default=None, help="default: SOLIDARITY_MAP_CONTACT_DAYS, else 30")
    args = parser.parse_args(argv)
    store = Store(database_url(args.database))
    if args.command == "import":
        _, result = settings_and_actions(args.input, args)
        done = store.import_loaded(result)
        print(f"{args.input}: {done.added} added, {done.already_there} already there, {done.rejected} rows rejected by the loader")
        for problem in done.problems:
            print(f"  {problem}")
    elif args.command == "export":
        raw = store.export_csv(tuple(args.status or ["published"]))
        args.output.write_bytes(raw)
        print(f"{args.output}: {len(load_actions(raw).actions)} actions")
    elif args.command == "backup":
        print(f"{args.output}: {store.backup(args.output)} rows copied")
    elif args.command == "forget":
        print(store.forget(args.address).said(args.address.strip()))
    elif args.command == "forget-contacts":
        days = args.days if args.days is not None else settings_from(os.environ).contact_days
        print(f"{store.forget_contacts(days)} contacts erased, of reports decided more than {days} days ago")
    else:
        print(f"{store.backend}: at revision {store.revision()}")
    return 0
