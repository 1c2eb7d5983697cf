"""Moderator accounts: Argon2 hashes in the secrets, failed sign-ins slowed down."""

import datetime as dt
import subprocess
import sys

import pytest

from tests.conftest import REPO
from utils.live.auth import Throttle, check_password, hash_password, moderator_accounts
from utils.live.store import Store


def test_a_password_matches_only_its_own_account():
    accounts = moderator_accounts({"moderators": {"ana": hash_password("correct horse battery"), "bob": "plain text"}})
    assert list(accounts) == ["ana"]  # a password written in clear is no account
    assert check_password(accounts, "ana", "correct horse battery")
    assert not check_password(accounts, "ana", "wrong") and not check_password(accounts, "nobody", "correct horse battery")


def at(seconds: float) -> dt.datetime:
    return dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC) + dt.timedelta(seconds=seconds)


@pytest.fixture
def throttle(tmp_path) -> Throttle:
    return Throttle(Store(f"sqlite:///{tmp_path / 'throttle.db'}"))


def test_each_failed_sign_in_makes_the_next_wait_longer(throttle):
    assert throttle.wait("ana", "203.0.113.7", now=at(0)) == 0
    throttle.failed("ana", "203.0.113.7", now=at(0))
    assert throttle.wait("ana", "203.0.113.7", now=at(0.5)) == 0.5
    throttle.failed("Ana ", "203.0.113.7", now=at(1))
    throttle.failed("ana", "203.0.113.7", now=at(1))
    assert throttle.wait("ana", "203.0.113.7", now=at(1)) == 4.0
    throttle.succeeded("ana", "203.0.113.7")
    assert throttle.wait("ana", "203.0.113.7", now=at(1)) == 0


def test_guesses_at_a_name_from_elsewhere_never_lock_its_moderator_out(throttle):
    for second in range(20):  # one guess a second from the attacker's address, at the moderator's name
        throttle.failed("ana", "198.51.100.66", now=at(second))
    assert throttle.wait("ana", "198.51.100.66", now=at(19)) == 60.0
    assert throttle.wait("ana", "203.0.113.7", now=at(20)) == 0  # the moderator, at her own address


def test_many_names_from_one_address_slow_that_address_after_a_few(throttle):
    for number in range(5):  # five people of one office, each mistyping once
        throttle.failed(f"person{number}", "203.0.113.7", now=at(0))
    assert throttle.wait("someone else", "203.0.113.7", now=at(0)) == 0
    throttle.failed("person5", "203.0.113.7", now=at(0))
    assert throttle.wait("someone else", "203.0.113.7", now=at(0)) == 1.0  # random names no longer come for free


def test_two_processes_share_the_throttle(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    one, other = Throttle(Store(url)), Throttle(Store(url))
    one.failed("ana", "198.51.100.66", now=at(0))
    one.failed("ana", "198.51.100.66", now=at(0))
    assert other.wait("ana", "198.51.100.66", now=at(0)) == 2.0


def test_the_hash_command_prints_the_secrets_line():
    done = subprocess.run(
        [sys.executable, "-m", "utils", "auth", "hash", "ana", "--password-stdin"],
        input="correct horse battery\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith('"ana" = "$argon2id$')
    digest = line.split(" = ")[1].strip('"')
    assert check_password({"ana": digest}, "ana", "correct horse battery")
    short = subprocess.run(
        [sys.executable, "-m", "utils", "auth", "hash", "ana", "--password-stdin"],
        input="short\n",
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
