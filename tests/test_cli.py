"""The one command, `python -m utils VERB`: every verb answers --help, a wrong verb is told the verbs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO
from utils.cli import VERBS


def utils_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "utils", *args], capture_output=True, text=True, cwd=REPO, timeout=120)


def test_no_verb_or_a_wrong_one_lists_every_verb_and_fails():
    for args, said in (((), ""), (("lod",), "no command 'lod'")):
        done = utils_command(*args)
        assert done.returncode == 2 and said in done.stderr
        assert all(verb in done.stderr for verb in VERBS) and "Traceback" not in done.stderr


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_each_verb_tells_its_options_under_its_own_name(verb):
    done = utils_command(verb, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: python -m utils {verb}")


def test_the_load_verb_reads_the_bundled_file():
    done = utils_command("load", "data/actions.csv")
    assert done.returncode == 0 and done.stdout.splitlines()[0] == "rows in file: 9  accepted: 9  rejected: 0", done.stdout
