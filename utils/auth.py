"""Moderators: who may sign in, and how failed sign-ins are slowed down.

Accounts live in Streamlit's secrets (`.streamlit/secrets.toml`), as Argon2 hashes made by
`python -m utils.auth hash`; with an `[auth]` section there, Streamlit's own `st.login` (OIDC)
signs moderators in instead, and `moderator_emails` says which of its users moderate.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASHER = PasswordHasher()
_DUMMY = HASHER.hash("an account that does not exist")  # an unknown name costs as much time as a wrong password


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def moderator_accounts(secrets: Mapping[str, object]) -> dict[str, str]:
    """The `[moderators]` table of the secrets: name = Argon2 hash."""
    table = secrets.get("moderators") or {}
    return {str(name): str(digest) for name, digest in dict(table).items() if str(digest).startswith("$argon2")}


def moderator_emails(secrets: Mapping[str, object]) -> set[str]:
    return {str(email).strip().casefold() for email in secrets.get("moderator_emails") or [] if str(email).strip()}


def check_password(accounts: Mapping[str, str], name: str, password: str) -> bool:
    digest = accounts.get(name.strip())
    try:
        return HASHER.verify(digest or _DUMMY, password) and digest is not None
    except (VerificationError, InvalidHashError):
        return False


@dataclass
class Throttle:
    """Failed sign-ins per name and per address: after each, the next try must wait longer (1, 2, 4 … 60 s)."""

    most_wait: float = 60.0
    failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, *keys: str, now: float | None = None) -> float:
        """Seconds before these keys may try again (0: now)."""
        now = time.monotonic() if now is None else now
        with self.lock:
            waits = [self._until(key) - now for key in keys]
        return max(0.0, *waits)

    def failed(self, *keys: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self.lock:
            for key in keys:
                count, _ = self.failures.get(key, (0, now))
                self.failures[key] = (count + 1, now)

    def succeeded(self, *keys: str) -> None:
        with self.lock:
            for key in keys:
                self.failures.pop(key, None)

    def _until(self, key: str) -> float:
        count, last = self.failures.get(key, (0, 0.0))
        return last + min(self.most_wait, 2.0 ** (count - 1)) if count else 0.0


def main(argv: list[str] | None = None) -> int:
    """python -m utils.auth hash NAME: asks for a password twice, prints the line for .streamlit/secrets.toml."""
    import argparse
    import getpass
    import sys

    parser = argparse.ArgumentParser(prog="python -m utils.auth", description="Moderator accounts.")
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


if __name__ == "__main__":
    from utils.commands import run

    run(main)
