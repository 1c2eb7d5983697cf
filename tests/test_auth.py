"""Moderator accounts: Argon2 hashes in the secrets, failed sign-ins slowed down."""

import subprocess
import sys

from tests.conftest import REPO
from utils.auth import Throttle, check_password, hash_password, moderator_accounts


def test_a_password_matches_only_its_own_account():
    accounts = moderator_accounts({"moderators": {"ana": hash_password("correct horse battery"), "bob": "plain text"}})
    assert list(accounts) == ["ana"]  # a password written in clear is no account
    assert check_password(accounts, "ana", "correct horse battery")
    assert not check_password(accounts, "ana", "wrong") and not check_password(accounts, "nobody", "correct horse battery")


def test_each_failed_sign_in_makes_the_next_wait_longer():
    throttle = Throttle()
    assert throttle.wait("name:ana", now=100.0) == 0
    throttle.failed("name:ana", now=100.0)
    assert throttle.wait("name:ana", now=100.5) == 0.5
    throttle.failed("name:ana", now=101.0)
    throttle.failed("name:ana", now=101.0)
    assert throttle.wait("name:ana", "address:x", now=101.0) == 4.0
    throttle.succeeded("name:ana")
    assert throttle.wait("name:ana", now=101.0) == 0


def test_the_hash_command_prints_the_secrets_line():
    done = subprocess.run(
        [sys.executable, "-m", "utils.auth", "hash", "ana", "--password-stdin"],
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
        [sys.executable, "-m", "utils.auth", "hash", "ana", "--password-stdin"], input="short\n", capture_output=True, text=True, cwd=REPO
    )
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
