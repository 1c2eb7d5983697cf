import html
import os
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BAD_FILES = REPO / "tests" / "bad_files"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def gazetteer_dir(tmp_path_factory) -> Path:
    """One gazetteer index for the whole run, built from the installed packages."""
    shared = os.environ.get("SOLIDARITY_MAP_GAZETTEER_DIR")
    return Path(shared) if shared else tmp_path_factory.mktemp("gazetteer")


def notices(app, kind: str) -> list[str]:
    """The plain-text callouts of a kind (info, success, warning, error, caption) an AppTest run shows, as a reader reads them."""
    bodies = [element.proto.body for element in app.get("html") if f"sm-notice-{kind}" in element.proto.body]
    return [html.unescape(re.sub(r"<[^>]+>", " ", body)) for body in bodies]
