"""The README and the manual's pages (docs/): every picture and link to a file of the project is there."""

from __future__ import annotations

import re
import subprocess

from tests.conftest import REPO


def test_every_picture_and_link_in_the_manual_names_a_file_in_the_repository():
    tracked = set(subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split())
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    missing = []
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "#", "mailto:")):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            if str(path.relative_to(REPO)) not in tracked:
                missing.append(f"{page.name}: {target}")
    assert len(pages) > 5 and missing == []


def test_the_readmes_first_screen_is_what_it_is_the_two_commands_and_a_picture():
    first = (REPO / "README.md").read_text(encoding="utf-8").split("## The manual")[0]
    assert "bash scripts/run" in first and "bash scripts/test" in first and "![" in first
    assert len(first.splitlines()) < 40
