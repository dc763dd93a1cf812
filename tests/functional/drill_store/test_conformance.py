"""The DrillStore contract (sim/drill/store.py), held by every backend that imports.

Each test runs once per backend (see conftest.py): SQLite and PostgreSQL see the same suite.
"""
from __future__ import annotations

import json
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sim.drill.store import PROTOCOL, StoreError

SEAT = str(Path(__file__).with_name("seat.py"))


ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"    # trainee codes: typed by people, upper case


def codes() -> tuple[str, str]:
    """(trainee code, facilitator code) as a host makes them."""
    return "".join(secrets.choice(ALPHABET) for _ in range(12)), secrets.token_urlsafe(18)


def new_drill(store, **meta):
    code, fcode = codes()
    return store.create_drill(code, fcode, {"scenario": "network-blackout", **meta})


def test_a_drill_is_found_by_either_code_and_unknown_codes_are_none(open_stores):
    s = open_stores()
    info = new_drill(s, seed=7, approval=True)
    assert (info.status, info.protocol, info.meta["seed"]) == ("open", PROTOCOL, 7)
    other = open_stores()      # another seat sees it
    assert other.drill(info.code) == info
    assert other.drill(info.facilitator_code) == info
    assert other.drill(" " + info.code.lower() + " ") == info     # as a person types it
    assert other.drill("NOSUCH" + info.code) is None


def test_a_taken_code_is_refused(open_stores):
    s = open_stores()
    info = new_drill(s)
    with pytest.raises(StoreError):
        s.create_drill(info.code, secrets.token_urlsafe(18), {})


def test_drills_are_listed_newest_first_and_status_changes_are_seen(open_stores):
    s = open_stores()
    a, b = new_drill(s), new_drill(s)
    listed = [d.code for d in s.drills()]
    assert listed.index(b.code) < listed.index(a.code)
    s.set_status(a.code, "running")
    s.set_status(b.code, "finished")
    other = open_stores()
    assert other.drill(a.code).status == "running"
    assert other.drill(b.code).status == "finished"


def test_meta_comes_back_as_given(open_stores):
    s = open_stores()
    meta = {"scenario": "x", "z": 1, "a": [1, 2.5, "é"], "nested": {"b": None, "a": True}}
    info = s.create_drill(*codes(), meta)
    got = open_stores().drill(info.code).meta
    assert got == meta and list(got) == list(meta)


def test_the_same_client_key_is_one_command(open_stores):
    s = open_stores()
    code = new_drill(s).code
    first = s.submit(code, "alice-1", {"type": "claim", "post": "p1"})
    again = open_stores().submit(code, "alice-1", {"type": "claim", "post": "p1"})
    other = s.submit(code, "bob-1", {"type": "claim", "post": "p1"})
    assert again == first and other > first
    cmds = s.commands_after(code, 0)
    assert [(c.id, c.client_key) for c in cmds] == [(first, "alice-1"), (other, "bob-1")]
    assert cmds[0].body == {"type": "claim", "post": "p1"}
    assert s.commands_after(code, first) == cmds[1:]
    assert len(s.commands_after(code, 0, limit=1)) == 1


def test_events_get_seqs_without_gaps_and_mark_their_command_applied(open_stores):
    s = open_stores()
    code = new_drill(s).code
    lock = s.acquire_host(code)
    assert lock is not None
    c1 = s.submit(code, "k1", {"type": "claim"})
    c2 = s.submit(code, "k2", {"type": "draft"})
    assert s.applied_through(code) == 0
    assert s.append(code, None, [{"type": "started"}]) == [1]
    assert s.append(code, c1, [{"type": "claimed"}, {"type": "toast"}]) == [2, 3]
    assert s.applied_through(code) == c1
    assert s.append(code, c2, [{"type": "drafted"}]) == [4]
    assert s.applied_through(code) == c2
    reader = open_stores()
    evs = reader.events_after(code, 0)
    assert [(e.seq, e.command_id, e.body["type"]) for e in evs] == [
        (1, None, "started"), (2, c1, "claimed"), (3, c1, "toast"), (4, c2, "drafted")]
    assert [e.seq for e in reader.events_after(code, 2)] == [3, 4]
    assert [e.seq for e in reader.events_after(code, 0, limit=2)] == [1, 2]
    assert reader.events_after(code, 4) == []
    lock.release()


def test_drills_do_not_see_each_others_logs(open_stores):
    s = open_stores()
    a, b = new_drill(s).code, new_drill(s).code
    la, lb = s.acquire_host(a), s.acquire_host(b)
    s.append(a, s.submit(a, "k", {"n": 1}), [{"in": "a"}])
    s.append(b, None, [{"in": "b"}, {"in": "b"}])
    assert [e.body["in"] for e in s.events_after(a, 0)] == ["a"]
    assert [e.seq for e in s.events_after(b, 0)] == [1, 2]
    assert s.commands_after(b, 0) == [] and s.applied_through(b) == 0
    la.release()
    lb.release()


def test_one_host_per_drill_and_release_frees_it(open_stores):
    s1, s2 = open_stores(), open_stores()
    code = new_drill(s1).code
    lock = s1.acquire_host(code)
    assert lock is not None
    assert s2.acquire_host(code) is None
    lock.release()
    again = s2.acquire_host(code)
    assert again is not None
    again.release()


def test_a_killed_host_process_frees_the_drill(open_stores, store_url, tmp_path):
    s = open_stores()
    code = new_drill(s).code
    host = subprocess.Popen([sys.executable, SEAT, "hold-host", store_url, str(tmp_path), code],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert host.stdout.readline().strip() == "held"
        assert s.acquire_host(code) is None
    finally:
        host.kill()     # SIGKILL: no clean-up runs in the host
        host.wait()
    deadline = time.monotonic() + 10
    lock = s.acquire_host(code)
    while lock is None and time.monotonic() < deadline:
        time.sleep(0.1)
        lock = s.acquire_host(code)
    assert lock is not None, "the dead host's lock was not freed within 10 s"
    lock.release()


def test_wait_returns_by_its_timeout_and_wakes_on_an_append(open_stores):
    host, seat = open_stores(), open_stores()
    code = new_drill(host).code
    lock = host.acquire_host(code)
    seat.wait(code, 0.0)                     # a first wait may set up listening
    t0 = time.monotonic()
    assert seat.wait(code, 0.3) is False     # nothing happened: False, the same on every backend
    assert time.monotonic() - t0 < 2.5       # never much past its timeout
    timer = threading.Timer(0.2, host.append, (code, None, [{"type": "tick"}]))
    timer.start()
    deadline = time.monotonic() + 5
    got, woke = [], []
    while not got and time.monotonic() < deadline:
        woke.append(seat.wait(code, 1.5))
        got = seat.events_after(code, 0)
    timer.join()
    assert [e.body for e in got] == [{"type": "tick"}]
    assert True in woke                      # the append ended a wait: it said so
    lock.release()


def test_concurrent_seats_get_distinct_gapless_ids_and_the_host_skips_none(
        open_stores, store_url, tmp_path):
    """Eight processes submit at once while the host follows commands_after: every command is
    seen exactly once, in id order (an id that commits late must not be skipped)."""
    s = open_stores()
    code = new_drill(s).code
    n, per = 8, 25
    seats = [subprocess.Popen([sys.executable, SEAT, "submit", store_url, str(tmp_path), code,
                               f"seat{i}", str(per)], stdout=subprocess.PIPE, text=True)
             for i in range(n)]
    seen, cursor = [], 0
    deadline = time.monotonic() + 60
    while len(seen) < n * per and time.monotonic() < deadline:
        batch = s.commands_after(code, cursor)
        seen += batch
        cursor = batch[-1].id if batch else cursor
        if not batch:
            s.wait(code, 0.05)
    ids = []
    for p in seats:
        out, _ = p.communicate(timeout=30)
        assert p.returncode == 0
        ids += json.loads(out)
    assert sorted(ids) == list(range(1, n * per + 1))
    assert [c.id for c in seen] == list(range(1, n * per + 1))
    assert len({c.client_key for c in seen}) == n * per
