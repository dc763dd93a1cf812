"""Backends for the DrillStore conformance suite, and a throw-away PostgreSQL database.

Every backend that imports is tested: SQLite (sim/drill/store_sqlite.py, issue 17) and
PostgreSQL (sim/drill/store_pg.py, issue 18). PostgreSQL needs a server: STORMDESK_TEST_PG, or
libpq's PG* variables (which `pg_virtualenv` sets). Without one the PostgreSQL tests skip and say
how to run them; under CI (CI=true) they fail instead, because there they must run.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))

import drill_load  # noqa: E402

BACKENDS = ("sqlite", "postgresql")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def pg_server() -> None:
    why = drill_load.pg_probe()
    if why is not None:
        msg = f"PostgreSQL tests skipped: no server ({why}); {drill_load.HOW_TO_RUN_PG}"
        if _in_ci():
            pytest.fail("CI=true but " + msg, pytrace=False)
        pytest.skip(msg)


@pytest.fixture(scope="session")
def pg_session_url(pg_server) -> str:
    """One new database for the session (tests use fresh random drill codes within it)."""
    url = drill_load.pg_create_database()
    yield url
    drill_load.pg_drop_database(url)


@pytest.fixture
def pg_fresh_url(pg_server) -> str:
    """A new, empty database for one test (migrations, roles)."""
    url = drill_load.pg_create_database("stormdesk_fresh")
    yield url
    drill_load.pg_drop_database(url)


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    """A store URL for each backend; the store's home is tmp_path."""
    if request.param == "sqlite":
        try:
            import sim.drill.store_sqlite  # noqa: F401
        except ImportError:
            pytest.skip("SqliteStore (sim/drill/store_sqlite.py, issue 17) is not on this branch")
        return f"sqlite:///{tmp_path / 'drills.sqlite3'}"
    return request.getfixturevalue("pg_session_url")


@pytest.fixture
def open_stores(store_url, tmp_path):
    """open_stores() -> a new DrillStore on the same log (one per seat); all closed after."""
    from sim.drill.store import open_store
    opened = []

    def make():
        s = open_store(store_url, str(tmp_path))
        opened.append(s)
        return s
    yield make
    for s in opened:
        s.close()
