"""python -m utils embassies find TEXT | refresh: the embassy list, looked up or rewritten."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from utils.places.countries import country_code, country_name
from utils.places.embassies import WIKIDATA, Embassies, from_project_csv, from_wikidata, write
from utils.places.gazetteer import Gazetteer
from utils.settings import BUNDLED_EMBASSIES, settings_from


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m utils embassies", description="The embassy list: look a mission up, or refresh the list."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    find = commands.add_parser("find", help="the mission a text names")
    find.add_argument("text")
    find.add_argument("--country", default="", help="where it stands (a name or code)")
    find.add_argument("--city", default="")
    refresh = commands.add_parser("refresh", help="rewrite the list from Wikidata, or from the database-of-embassies CSV")
    refresh.add_argument("--from", dest="source", type=Path, help="database_of_embassies.csv instead of asking Wikidata")
    refresh.add_argument("--endpoint", default=WIKIDATA, help="the SPARQL endpoint (default: Wikidata's)")
    refresh.add_argument("-o", "--output", type=Path, default=BUNDLED_EMBASSIES)
    args = parser.parse_args(argv)
    if args.command == "find":
        gazetteer = Gazetteer.open(settings_from(os.environ).gazetteer_dir)
        host = country_code(args.country) or "" if args.country else ""
        found = Embassies.open().find(args.text, host, args.city, gazetteer.position)
        if found is None:
            print("no embassy or consulate named")
            return 1
        if found.mission is None:
            print(f"not found: {found.note}")
            return 1
        m = found.mission
        where = f"{m.lat:.5f}, {m.lon:.5f}" if m.placed else "no position in the list"
        print(f"{m.name} ({country_name(m.country)}): {where}; Wikidata {m.qid}" + (f"; {found.note}" if found.note else ""))
        return 0
    try:
        if args.source:
            missions, unknown = from_project_csv(args.source.read_text(encoding="utf-8"))
            if unknown:
                print(f"{len(unknown)} rows left out, no country code for: {', '.join(sorted(set(unknown))[:20])}", file=sys.stderr)
        else:
            missions = from_wikidata(args.endpoint)
    except (OSError, ValueError, KeyError) as error:
        print(f"cannot refresh the embassy list: {error}", file=sys.stderr)
        return 1
    count = write(missions, args.output)
    placed = sum(1 for m in missions if m.placed)
    print(f"written: {args.output} ({count} missions, {placed} with a position)")
    return 0
