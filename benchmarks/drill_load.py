"""A bounded load run of a drill log: one host appending, N clients reading, on loopback.

Used by `make bench` (latency from the host's commit to each client's receipt, p50/p99) and by
tests/functional/drill_store/test_load.py (no event lost or duplicated, every client's view equals
the host's log). Clients are threads spread over `workers` processes, each client with a store
of its own (its own connection), as separate seats would be; `make bench` gives every client a
process of its own (workers = clients). Commit time is taken in the host when append() returns
(after COMMIT); receipt time when a client has the event rows. Everything is bounded: a fixed
number of appends, and a deadline after which workers are killed and the run reports failure.

    .venv/bin/python benchmarks/drill_load.py [--store URL] [--clients 50] [--appends 200]
                                              [--workers 5]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HOW_TO_RUN_PG = ("run them against a throw-away server with `pg_virtualenv make test` (Debian's "
                 "postgresql-common), or set STORMDESK_TEST_PG=postgresql://USER@HOST/DB")


def pg_base_url() -> str:
    """The server to test or measure against: STORMDESK_TEST_PG, else libpq's PG* variables."""
    return os.environ.get("STORMDESK_TEST_PG") or "postgresql://"


def pg_probe(url: str | None = None) -> str | None:
    """None when a PostgreSQL server answers at url, else why not (one line)."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'stormdesk[postgres]')"
    try:
        psycopg.connect(url or pg_base_url(), connect_timeout=3).close()
    except psycopg.Error as exc:
        return (str(exc).strip().splitlines() or ["no server"])[0]
    return None


def pg_url_for(dbname: str, base: str | None = None) -> str:
    parts = urlsplit(base or pg_base_url())
    return f"{parts.scheme}://{parts.netloc}/{dbname}" + (f"?{parts.query}" if parts.query else "")


def pg_create_database(prefix: str = "stormdesk_test") -> str:
    """A new empty database on the test server; returns its URL."""
    import psycopg
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(pg_base_url(), autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_url_for(name)


def pg_drop_database(url: str) -> None:
    import psycopg
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(pg_base_url(), autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def body_digest(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


# --- a worker process: `python drill_load.py --worker URL CODE HOME THREADS` -------------------
def _worker(url: str, code: str, home: str, threads: int, deadline: float) -> int:
    from sim.drill.store import open_store
    out: list[dict] = [{} for _ in range(threads)]
    ready = threading.Barrier(threads + 1)

    def client(i: int) -> None:
        store = open_store(url, home)
        seen: list[tuple[int, str, float]] = []
        cursor = 0
        store.wait(code, 0.0)        # starts listening (PostgreSQL) before the host writes
        ready.wait()
        done = False
        while not done and time.time() < deadline:
            for ev in store.events_after(code, cursor):
                seen.append((ev.seq, body_digest(ev.body), time.time()))
                cursor = ev.seq
                done = done or ev.body.get("type") == "load_end"
            if not done:
                store.wait(code, 1.0)
        store.close()
        out[i] = {"seen": seen, "finished": done}

    ts = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(threads)]
    for t in ts:
        t.start()
    ready.wait()
    print("ready", flush=True)
    for t in ts:
        t.join(max(0.0, deadline - time.time()) + 1)
    json.dump(out, sys.stdout)
    sys.stdout.flush()
    return 0


@dataclass
class LoadResult:
    store: str
    clients: int
    events: int
    lost: int = 0
    duplicated: int = 0
    mismatched_views: int = 0
    unfinished: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.mismatched_views or self.unfinished
                    or self.problems)

    def pct(self, p: float) -> float:
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")

    def summary(self) -> str:
        return (f"{self.store}: {self.clients} clients, {self.events} events, lost {self.lost}, "
                f"duplicated {self.duplicated}, views differing from the host's log "
                f"{self.mismatched_views}, unfinished {self.unfinished}; host commit -> client "
                f"receipt p50 {self.pct(50):.1f} ms, p99 {self.pct(99):.1f} ms"
                + (f"; problems: {self.problems}" if self.problems else ""))


def run_load(url: str, home: str, *, clients: int = 50, appends: int = 200, rate: float = 20.0,
             workers: int = 5, budget: float = 90.0) -> LoadResult:
    """Host appends `appends` times (1-3 events each, at `rate` appends/s) to one new drill while
    `clients` readers follow it; then checks every reader's view against the host's log."""
    from sim.drill.store import open_store
    host = open_store(url, home)
    code, fcode = secrets.token_hex(10).upper(), secrets.token_urlsafe(18)
    host.create_drill(code, fcode, {"scenario": "load", "clients": clients})
    lock = host.acquire_host(code)
    assert lock is not None, "a new drill's host lock was taken"
    deadline = time.time() + budget
    per = [clients // workers + (1 if i < clients % workers else 0) for i in range(workers)]
    procs = [subprocess.Popen([sys.executable, __file__, "--worker", url, code, home, str(n),
                               str(deadline)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
             for n in per if n]
    res = LoadResult(store=url.split(":", 1)[0], clients=clients, events=0)
    try:
        for p in procs:
            line = p.stdout.readline().strip()
            if line != "ready":
                res.problems.append(f"a worker did not start (said {line!r})")
                return res
        committed: dict[int, float] = {}
        gap = 1.0 / rate
        for i in range(appends):
            bodies = [{"type": "load", "i": i, "j": j, "pad": "x" * (40 * j)}
                      for j in range(1 + i % 3)]
            if i == appends - 1:
                bodies.append({"type": "load_end"})
            cid = host.submit(code, f"host-{i}", {"type": "tick", "i": i})
            seqs = host.append(code, cid, bodies)
            now = time.time()
            for s in seqs:
                committed[s] = now
            time.sleep(gap)
        log = []
        cursor = 0
        while batch := host.events_after(code, cursor):
            log += [(e.seq, body_digest(e.body)) for e in batch]
            cursor = batch[-1].seq
        res.events = len(log)
        views = []
        for p in procs:
            out, _ = p.communicate(timeout=max(1.0, deadline - time.time()))
            views += json.loads(out)
        for v in views:
            if not v.get("finished"):
                res.unfinished += 1
            seen = [(s, d) for s, d, _ in v.get("seen", [])]
            seqs = [s for s, _ in seen]
            res.duplicated += len(seqs) - len(set(seqs))
            res.lost += len(set(log) - set(seen))
            if seen != log:
                res.mismatched_views += 1
            res.latencies_ms += [(t - committed[s]) * 1000 for s, _, t in v.get("seen", [])
                                 if s in committed]
        if len(views) != clients:
            res.problems.append(f"{len(views)} client views came back, not {clients}")
        if [s for s, _ in log] != list(range(1, len(log) + 1)):
            res.problems.append("the host's log has gaps")
    except subprocess.TimeoutExpired:
        res.problems.append(f"clients still running after the {budget:.0f} s budget")
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        lock.release()
        host.set_status(code, "finished")
        host.close()
    return res


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        url, code, home, threads, deadline = sys.argv[2:7]
        return _worker(url, code, home, int(threads), float(deadline))
    ap = argparse.ArgumentParser(description="load run of a drill log")
    ap.add_argument("--store", default=None, help="store URL (default: PostgreSQL from PG*)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--appends", type=int, default=200)
    ap.add_argument("--workers", type=int, default=5, help="client processes (clients are threads in them)")
    a = ap.parse_args()
    import tempfile
    with tempfile.TemporaryDirectory() as home:
        res = run_load(a.store or pg_base_url(), home, clients=a.clients, appends=a.appends,
                       workers=a.workers)
    print(res.summary())
    if res.latencies_ms:
        print(f"mean {statistics.fmean(res.latencies_ms):.1f} ms over {len(res.latencies_ms)}")
    return 0 if res.ok else 1


if __name__ == "__main__":
    sys.exit(main())
