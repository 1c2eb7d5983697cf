"""python -m utils catalogs [extract|update|compile|check]: the translators' commands, run with Babel."""

from __future__ import annotations

import argparse

from utils.i18n.catalogs import compile_all, extract, problems, update


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils catalogs", description="The translators' catalogs (utils/locales).")
    parser.add_argument(
        "command",
        nargs="?",
        default="check",
        choices=("extract", "update", "compile", "check"),
        help="extract the texts, update each language's catalog, compile them, or check that every text is translated (default)",
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        said = problems()
        print("\n".join(said) if said else "the catalogs hold every text of the code, each translated")
        return 1 if said else 0
    {"extract": extract, "update": update, "compile": compile_all}[args.command]()
    return 0
