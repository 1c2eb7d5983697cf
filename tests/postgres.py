"""A real PostgreSQL server for the tests: Debian's `postgresql` package, started through pytest-postgresql's
executor. As root (a CI container), the server runs as the `postgres` user the package created, since
PostgreSQL refuses to run as root."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import uuid
from pathlib import Path

import pytest
from pytest_postgresql.executors import PostgreSQLExecutor
from pytest_postgresql.janitor import DatabaseJanitor

PG_BINDIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pg_ctl(work: Path) -> str:
    found = shutil.which("pg_ctl") or next((str(path / "pg_ctl") for path in PG_BINDIRS if (path / "pg_ctl").exists()), None)
    if found is None:
        pytest.fail("PostgreSQL is not installed: scripts/test installs Debian's postgresql package")
    if os.geteuid() != 0:
        return found
    wrapper = work / "pg_ctl"
    wrapper.write_text(f'#!/bin/sh\nexec runuser -u postgres -- {Path(found).resolve()} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


@pytest.fixture(scope="session")
def postgresql_server():
    work = Path(tempfile.mkdtemp(prefix="solidarity-map-pg-"))
    work.chmod(0o755)
    data, sockets = work / "data", work / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
        shutil.chown(sockets, "postgres")
    executor = PostgreSQLExecutor(
        executable=_pg_ctl(work),
        host="127.0.0.1",
        port=_free_port(),
        datadir=str(data),
        unixsocketdir=str(sockets),
        logfile=str(work / "postgresql.log"),
        startparams="-w",
        dbname="tests",
        user="postgres",
        password="",
    )
    with executor:
        executor.wait_for_postgres()
        yield executor
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def postgresql_url(postgresql_server) -> str:
    """A fresh, empty database on the test server, dropped afterwards."""
    server = postgresql_server
    name = f"t_{uuid.uuid4().hex[:12]}"
    with DatabaseJanitor(user=server.user, host=server.host, port=server.port, dbname=name, password=None):
        yield f"postgresql+psycopg://{server.user}@{server.host}:{server.port}/{name}"
