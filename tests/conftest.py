import contextlib
import html
import os
import re
import sqlite3
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


@contextlib.contextmanager
def database_held():
    """Another program holds the test's SQLite database (BEGIN EXCLUSIVE): no write gets through until it lets go."""
    holder = sqlite3.connect(os.environ["SOLIDARITY_MAP_DATABASE_URL"].removeprefix("sqlite:///"), timeout=1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def notices(app, kind: str) -> list[str]:
    """The plain-text callouts of a kind (info, success, warning, error, caption) an AppTest run shows, as a reader reads them."""
    bodies = [element.proto.body for element in app.get("html") if f"sm-notice-{kind}" in element.proto.body]
    return [html.unescape(re.sub(r"<[^>]+>", " ", body)) for body in bodies]


from tests.postgres import postgresql_server, postgresql_url  # noqa: E402,F401  (fixtures for the store's tests)


@pytest.fixture(autouse=True)
def own_database(monkeypatch, tmp_path):
    """Every test's app keeps its actions in its own SQLite file, never in the user's data directory."""
    monkeypatch.setenv("SOLIDARITY_MAP_DATABASE_URL", f"sqlite:///{tmp_path / 'actions.db'}")


@pytest.fixture
def offline_app(monkeypatch, tmp_path, gazetteer_dir):
    """An app run by AppTest offline, with its own geocode cache and fresh Streamlit caches (and its own database)."""
    import streamlit as st

    monkeypatch.setenv("SOLIDARITY_MAP_OFFLINE", "1")
    monkeypatch.setenv("SOLIDARITY_MAP_GEOCODE_CACHE", str(tmp_path / "cache.jsonl"))
    monkeypatch.setenv("SOLIDARITY_MAP_GAZETTEER_DIR", str(gazetteer_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()
