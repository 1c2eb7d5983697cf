"""Moderators: who may sign in, and how failed sign-ins are slowed down.

Accounts live in Streamlit's secrets (`.streamlit/secrets.toml`), as Argon2 hashes made by
`python -m utils auth hash`; with an `[auth]` section there, Streamlit's own `st.login` (OIDC)
signs moderators in instead, and `moderator_emails` says which of its users moderate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

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


class FailureCounts(Protocol):
    """Where failed sign-ins are counted: the store (utils/live/store.py), so that every process of a site shares them."""

    def sign_in_failures(self, keys: tuple[str, ...]) -> dict[str, tuple[int, dt.datetime]]: ...
    def sign_in_failed(self, keys: tuple[str, ...], now: dt.datetime | None = None) -> None: ...
    def sign_in_succeeded(self, keys: tuple[str, ...]) -> None: ...


@dataclass(frozen=True)
class Throttle:
    """Failed sign-ins slow down the next try: per name-and-address from the first failure (1, 2, 4 … 60 s), and per
    address after `shared_failures` (an office shares one address). Never per name alone: nobody can keep a
    moderator out from another address by guessing their name."""

    counts: FailureCounts
    most_wait: float = 60.0
    shared_failures: int = 5

    @staticmethod
    def keys(name: str, address: str) -> tuple[str, str]:
        return (f"address:{address}", f"name:{name.strip().casefold()[:100]}|address:{address}")

    def wait(self, name: str, address: str, now: dt.datetime | None = None) -> float:
        """Seconds before this name may try again from this address (0: now)."""
        now = now or dt.datetime.now(dt.UTC)
        by_address, by_name = self.keys(name, address)
        counted = self.counts.sign_in_failures((by_address, by_name))
        free = {by_address: self.shared_failures, by_name: 0}
        waits = [self._until(*counted[key], free[key]) - now for key in counted]
        return max([0.0, *(wait.total_seconds() for wait in waits)])

    def failed(self, name: str, address: str, now: dt.datetime | None = None) -> None:
        self.counts.sign_in_failed(self.keys(name, address), now)

    def succeeded(self, name: str, address: str) -> None:
        self.counts.sign_in_succeeded(self.keys(name, address))

    def _until(self, failures: int, last: dt.datetime, free: int) -> dt.datetime:
        over = failures - free
        return last + dt.timedelta(seconds=min(self.most_wait, 2.0 ** (over - 1))) if over > 0 else last
