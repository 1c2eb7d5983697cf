"""A throwaway PostgreSQL server, for the tests and the benchmarks: Debian's `postgresql` package started
through pytest-postgresql's executor (a development dependency). As root, as in a CI container, the server
runs as the `postgres` user the package made, since PostgreSQL refuses to run as root."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

PG_BINDIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


class NoPostgres(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pg_ctl(work: Path) -> str:
    found = shutil.which("pg_ctl") or next((str(path / "pg_ctl") for path in PG_BINDIRS if (path / "pg_ctl").exists()), None)
    if found is None:
        raise NoPostgres("PostgreSQL is not installed: scripts/test installs Debian's postgresql package")
    if os.geteuid() != 0:
        return found
    wrapper = work / "pg_ctl"
    wrapper.write_text(f'#!/bin/sh\nexec runuser -u postgres -- {Path(found).resolve()} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


@contextlib.contextmanager
def running_server() -> Iterator[object]:
    """A started server (a pytest_postgresql PostgreSQLExecutor), stopped and removed afterwards."""
    from pytest_postgresql.executors import PostgreSQLExecutor

    work = Path(tempfile.mkdtemp(prefix="solidarity-map-pg-"))
    work.chmod(0o755)
    sockets = work / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
        shutil.chown(sockets, "postgres")
    executor = PostgreSQLExecutor(
        executable=_pg_ctl(work),
        host="127.0.0.1",
        port=_free_port(),
        datadir=str(work / "data"),
        unixsocketdir=str(sockets),
        logfile=str(work / "postgresql.log"),
        startparams="-w",
        dbname="tests",
        user="postgres",
        password="",
    )
    try:
        with executor:
            executor.wait_for_postgres()
            yield executor
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def fresh_database(server) -> Iterator[str]:
    """A new, empty database on `server`, dropped afterwards: its SQLAlchemy URL."""
    from pytest_postgresql.janitor import DatabaseJanitor

    name = f"t_{uuid.uuid4().hex[:12]}"
    with DatabaseJanitor(user=server.user, host=server.host, port=server.port, dbname=name, password=None):
        yield f"postgresql+psycopg://{server.user}@{server.host}:{server.port}/{name}"
