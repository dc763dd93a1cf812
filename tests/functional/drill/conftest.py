"""Multi-process drill tests: a real host process, real seat processes, a real store.

The store URL is a fixture: SQLite in a temporary STORMDESK_HOME always; a PostgreSQL store too
when STORMDESK_TEST_PG names one (the pg backend runs this same suite).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = str(ROOT / "tests" / "fixtures" / "scenarios" / "valid-minimal.yaml")
PARAMS = ["sqlite"] + (["pg"] if os.environ.get("STORMDESK_TEST_PG") else [])


@pytest.fixture(params=PARAMS)
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'drills.sqlite3'}"
    return os.environ["STORMDESK_TEST_PG"]


@pytest.fixture
def home(tmp_path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


class Proc:
    started: list[Proc] = []        # every process a test started; _reap kills what is left

    def __init__(self, args: list[str], home: Path, extra_env: dict | None = None) -> None:
        env = dict(os.environ, STORMDESK_HOME=str(home), PYTHONPATH=str(ROOT))
        env.update(extra_env or {})
        self.p = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
        Proc.started.append(self)

    def first_line(self, timeout: float = 30.0) -> str:
        line = self.p.stdout.readline()
        if not line:
            raise AssertionError(f"no output; stderr: {self.p.stderr.read()}")
        return line.strip()

    def wait(self, timeout: float = 60.0) -> tuple[int, str, str]:
        out, err = self.p.communicate(timeout=timeout)
        return self.p.returncode, out, err

    def kill9(self) -> None:
        self.p.kill()
        self.p.wait()


@pytest.fixture(autouse=True)
def _reap():
    """Kill every host and seat process a test started and left running: a test that fails
    before it waits for its seats must not leave them behind, still writing to a store."""
    before = len(Proc.started)
    yield
    for p in Proc.started[before:]:
        if p.p.poll() is None:
            p.kill9()
    del Proc.started[before:]


def stormdesk(*args) -> list[str]:
    return ["-m", "sim", *args]


@pytest.fixture
def start_host(home, store_url):
    procs: list[Proc] = []

    def start(*extra: str, scenario: str = FIXTURE, pace: float = 20.0) -> tuple[Proc, str]:
        p = Proc(stormdesk("drill", "host", scenario, "--headless", "--pace", str(pace),
                           "--store", store_url, "--seed", "5", *extra), home)
        procs.append(p)
        code = p.first_line().split()[-1]
        p.p.stdout.readline()        # the facilitator line
        return p, code

    yield start
    for p in procs:
        if p.p.poll() is None:
            p.kill9()
    # (bot seats started with Proc directly are killed by _reap)


def open_store(url: str):
    from sim.drill.store import open_store as _open
    return _open(url)


def wait_for(pred, timeout: float = 30.0, every: float = 0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(every)
    raise AssertionError("timed out waiting")


def follow_until(store, code, pred, timeout: float = 60.0):
    """Follow the drill's log as a seat does (woken by the store, reading only what is new) until
    pred(state) is true; the state. Cheaper than re-reading the whole log every few ms, which on
    a loaded machine can starve the very seats the test is waiting for."""
    from sim.drill.seat import Seat
    seat = Seat(store, code, "(watch)")
    end = time.monotonic() + timeout
    while not pred(seat.state):
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:g}s following drill {code} "
                                 f"(at seq {seat.state.seq})")
        seat.poll(0.5)
    return seat.state
