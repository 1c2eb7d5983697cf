"""One command for everything the project does outside the app: `python -m utils VERB [options]`.

Each verb is a module of this package with `main(argv) -> int`, loaded only when asked for, so `python -m utils
auth` does not import pandas. No library module has a main(): they are what the verbs call.
"""

from __future__ import annotations

import importlib
import sys

VERBS = {  # verb: what it does (the usage lists them in this order)
    "load": "read an actions file (CSV, .xlsx, .ods, GeoJSON, KML, KMZ) and say what was read, row by row",
    "geocode": "add lat, lon, precision and geo_source to every row of an actions file; writes a CSV",
    "export": "the story as one offline HTML file, or the public map as a static site",
    "store": "the actions' database: import, export, backup, upgrade",
    "auth": "moderator accounts: the secrets line of a password",
    "extract": "draft rows from a campaign's report",
    "embassies": "the embassy list: look a mission up, or refresh the list",
    "catalogs": "the translators' catalogs: extract, update, compile, check",
}


def usage() -> str:
    width = max(len(verb) for verb in VERBS)
    lines = ["usage: python -m utils VERB [options]   (python -m utils VERB --help for a verb's options)", ""]
    lines += [f"  {verb:<{width}}  {said}" for verb, said in VERBS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage(), file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    verb, rest = argv[0], argv[1:]
    if verb not in VERBS:
        print(f"no command {verb!r}\n{usage()}", file=sys.stderr)
        return 2
    return importlib.import_module(f"utils.cli.{verb}").main(rest)
