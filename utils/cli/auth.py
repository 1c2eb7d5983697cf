"""python -m utils auth hash NAME: asks for a password twice, prints the line for .streamlit/secrets.toml."""

from __future__ import annotations

import argparse
import getpass
import sys

from utils.live.auth import hash_password


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils auth", description="Moderator accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("hash", help="make the secrets line of a moderator's password")
    make.add_argument("name")
    make.add_argument("--password-stdin", action="store_true", help="read the password from the standard input")
    args = parser.parse_args(argv)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("The two passwords differ; nothing was made.", file=sys.stderr)
            return 1
    if len(password) < 10:
        print("A moderator's password needs at least 10 characters.", file=sys.stderr)
        return 1
    print("# add under [moderators] in .streamlit/secrets.toml:")
    print(f'"{args.name}" = "{hash_password(password)}"')
    return 0
