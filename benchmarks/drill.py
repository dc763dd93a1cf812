"""Team drill benchmarks (issue 17): commit-to-receipt latency with 30 seat processes, host
commands per second, memory per seat.

    .venv/bin/python benchmarks/drill.py [--clients 30] [--pings 200] [--store URL]

- latency: a writer appends events through the store exactly as the host does (``append``, one
  transaction each), stamping the wall time just before the commit; 30 seat processes read them
  the way every seat does (``Seat.poll``: wait on the store, read by seq, fold) and note when
  each arrived. p50/p99 over every (event, seat) pair. Target p99 < 100 ms.
- host throughput: a real Host on a real SQLite file applies a queue of seat commands (claims,
  drafts, submissions, approvals, notes, releases) with the engine, scorer and log; commands/s.
- memory: each seat process's peak RSS after following the whole log, and the Python heap a
  seat's folded state takes for a whole 4+2-responder drill (tracemalloc).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURE = str(ROOT / "tests" / "fixtures" / "scenarios" / "valid-minimal.yaml")

CLIENT = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[4])
from sim.drill.store import open_store
from sim.drill.seat import Seat
url, code, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
seat = Seat(open_store(url), code, "bench")
seat.catch_up()
print("ready", flush=True)
lat = []
while len(lat) < n:
    for e in seat.poll(1.0):
        sent = e.body.get("team", {}).get("sent")
        if sent is not None:
            lat.append(time.time() - sent)
print(json.dumps({"lat": lat, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)
"""


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def bench_latency(url: str, clients: int, pings: int, every: float) -> dict:
    from sim.drill.store import open_store
    store = open_store(url)
    code = f"B{int(time.time() * 1000) % 10**8}"
    store.create_drill(code, code + "-f", {"scenario": FIXTURE, "desks": []})
    lock = store.acquire_host(code)          # appends are the host's (PostgreSQL enforces it)
    store.append(code, None, [{"team": {"type": "drill", "code": code, "desks": []}}])
    procs = [subprocess.Popen([sys.executable, "-c", CLIENT, url, code, str(pings), str(ROOT)],
                              stdout=subprocess.PIPE, text=True) for _ in range(clients)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for i in range(pings):
        store.append(code, None, [{"team": {"type": "ping", "i": i, "sent": time.time()}}])
        time.sleep(every)
    lat, rss = [], []
    for p in procs:
        out = json.loads(p.stdout.readline())
        p.wait()
        lat += out["lat"]
        rss.append(out["rss_kb"])
    lock.release()
    store.close()
    return {"p50_ms": pct(lat, 50) * 1000, "p99_ms": pct(lat, 99) * 1000,
            "max_ms": max(lat) * 1000, "samples": len(lat),
            "rss_mb_median": statistics.median(rss) / 1024}


def bench_host(url_dir: Path, n: int) -> dict:
    from sim.clock import DrillClock, FakeClock
    from sim.drill.host import Host, Settings
    from sim.drill.store_sqlite import SqliteStore
    store = SqliteStore.open(f"sqlite:///{url_dir / 'host.sqlite3'}")
    host = Host.create(store, Settings(scenario=FIXTURE, seed=3, approval=True))
    fake = FakeClock(0.0)
    host.clock = DrillClock(source=fake)
    host.clock.start()
    host.started = True
    for name, role in (("Ana", "responder"), ("Lead", "approver")):
        store.submit(host.code, f"j{name}", {"type": "join", "name": name, "role": role,
                                            "seat_key": name, "by": name})
    fake.set(60)
    host.step(0)
    posts = [p.id for p in host.state.desk("shared").queue()]
    cmds = []
    for i in range(n):
        pid = posts[(i // 5) % len(posts)]
        k = i % 5
        body = [{"type": "claim", "post_id": pid, "by": "Ana"},
                {"type": "draft", "post_id": pid, "text": "Sorry, on it", "by": "Ana"},
                {"type": "note", "text": f"note {i}", "by": "Lead"},
                {"type": "submit", "post_id": pid, "text": f"I'm so sorry, we're on it ({i}).", "by": "Ana"},
                {"type": "release", "post_id": pid, "by": "Ana"}][k]
        cmds.append(dict(body, seat_key=body["by"]))
    for i, b in enumerate(cmds):
        store.submit(host.code, f"c{i}", b)
    t0 = time.perf_counter()
    before = host.commands_applied
    while host.commands_applied - before < n:
        host.step(0)
    dt = time.perf_counter() - t0
    return {"commands": n, "seconds": dt, "per_s": n / dt}


def bench_state_memory() -> dict:
    """Heap of a seat's folded state for a whole drill with six bot responders and an approver."""
    from sim.bots import make_bot
    from sim.clock import DrillClock, FakeClock
    from sim.drill.host import Host, Settings
    from sim.drill.store_sqlite import SqliteStore
    from sim.drill.team import TeamState
    with tempfile.TemporaryDirectory() as d:
        store = SqliteStore.open(f"sqlite:///{d}/m.sqlite3")
        host = Host.create(store, Settings(scenario="network-blackout", seed=3, approval=False))
        fake = FakeClock(0.0)
        host.clock = DrillClock(source=fake)
        host.clock.start()
        host.started = True
        names = ["Ana", "Ben", "Cat", "Dan", "Eve", "Fay"]
        for n in names:
            store.submit(host.code, f"j{n}", {"type": "join", "name": n, "seat_key": n, "by": n})
        bots = {n: make_bot("model" if i < 4 else "canned", host.scenario, i) for i, n in enumerate(names)}
        i = 0
        while host.step(0):
            fake.advance(2.0)
            q = host.state.desk("shared").queue()
            if q:
                n = names[i % 6]
                p = q[0]
                store.submit(host.code, f"s{i}", {"type": "submit", "post_id": p.id, "by": n, "seat_key": n,
                                                  "text": bots[n].write(p, host.scenario.facts_known(fake()))})
                i += 1
        gc_base = tracemalloc.is_tracing()
        tracemalloc.start()
        events = store.events_after(host.code, 0, 100000)   # what a seat reads, decoded
        st = TeamState()
        for e in events:
            st.fold(e.seq, e.command_id, e.body)
        del events
        cur, peak = tracemalloc.get_traced_memory()
        if not gc_base:
            tracemalloc.stop()
        return {"events": st.seq, "state_mb": cur / 2**20}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=30)
    ap.add_argument("--pings", type=int, default=200)
    ap.add_argument("--every", type=float, default=0.02)
    ap.add_argument("--commands", type=int, default=1000)
    ap.add_argument("--store", default=None)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        url = a.store or f"sqlite:///{d}/bench.sqlite3"
        lat = bench_latency(url, a.clients, a.pings, a.every)
        print(f"  drill: host commit -> seat receipt, {a.clients} seat processes, {lat['samples']} "
              f"receipts: p50 {lat['p50_ms']:.1f} ms, p99 {lat['p99_ms']:.1f} ms, max "
              f"{lat['max_ms']:.1f} ms  (target p99 < 100 ms)")
        print(f"  drill: seat process peak RSS (median of {a.clients}): {lat['rss_mb_median']:.1f} MB")
        h = bench_host(Path(d), a.commands)
        print(f"  drill: host applies {h['per_s']:.0f} commands/s ({h['commands']} claims, drafts, "
              f"submissions with scoring, notes, releases in {h['seconds']:.2f} s)")
    m = bench_state_memory()
    print(f"  drill: a seat's folded state for a whole drill ({m['events']} events): "
          f"{m['state_mb']:.2f} MB of Python heap")
    return 0


if __name__ == "__main__":
    sys.exit(main())
