"""A real PostgreSQL server for the tests (tests/pgserver.py): one per test session, a fresh database per test."""

from __future__ import annotations

import pytest

from tests.pgserver import NoPostgres, fresh_database, running_server


@pytest.fixture(scope="session")
def postgresql_server():
    try:
        with running_server() as server:
            yield server
    except NoPostgres as missing:
        pytest.fail(str(missing))


@pytest.fixture
def postgresql_url(postgresql_server) -> str:
    with fresh_database(postgresql_server) as url:
        yield url
