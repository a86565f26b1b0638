"""Stores for tests that run on both databases: SQLite in a temporary folder, and PostgreSQL in
a fresh database (dropped afterwards) on the server named by $RASHOMON_TEST_PG, which .ci/run
starts. PostgreSQL cases are skipped when that variable is unset."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_SERVER = os.environ.get("RASHOMON_TEST_PG")
NO_PG = ("no PostgreSQL server: set RASHOMON_TEST_PG=postgresql://USER@HOST/DB "
         "(.ci/run starts one with .ci/postgres.sh)")
BACKENDS = ["sqlite", "postgresql"]


def _server_url() -> sa.URL:
    if not PG_SERVER:
        pytest.skip(NO_PG)
    url = sa.make_url(PG_SERVER)
    return url.set(drivername="postgresql+psycopg") if url.drivername in ("postgresql", "postgres") else url


@contextmanager
def pg_database() -> Iterator[str]:
    """The URL of a new empty database on the test server, dropped on exit."""
    server = _server_url()
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"rashomon_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def store_location(backend: str, folder: Path) -> Iterator[str]:
    """Where a new store of ``backend`` goes: a file in ``folder``, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield str(folder / "store.sqlite")
    else:
        with pg_database() as url:
            yield url
