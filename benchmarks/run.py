"""`make bench`: how fast Stormdesk is, in one table, on this machine.

Compares like with like in one run: scoring in process and end to end, a full drill with each
bot player, the engine at 1x/10x/100x volume, the UI's keystroke latency with a full feed, and
start-up time. Targets are printed beside each figure; nothing here is a test.

    .venv/bin/python benchmarks/run.py [--quick]
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring import ReplyContext, score_reply  # noqa: E402
from scoring.cli import default_jobs  # noqa: E402
from sim.bots import make_bot  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402
from sim.simulate import run  # noqa: E402

ROWS: list[tuple[str, str, str]] = []


def row(what: str, figure: str, target: str = "") -> None:
    ROWS.append((what, figure, target))
    print(f"  {what:84s} {figure:>12s}  {target}", flush=True)


def stormdesk_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("stormdesk")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "sim"]


def wall(cmd: list[str], *, stdin=None, repeat: int = 5, cpu: list | None = None) -> float:
    """Median wall time of ``cmd``; with ``cpu``, the median CPU time (user + system) of the
    command is appended to it: on a shared machine, the figure other work cannot inflate much."""
    import resource
    times, cpus = [], []
    for _ in range(repeat):
        if stdin is not None:
            stdin.seek(0)
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=True)
        times.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    if cpu is not None:
        cpu.append(statistics.median(cpus))
    return statistics.median(times)


def reply_rows(n: int) -> list[dict]:
    """n realistic (post, reply) rows: posts from the real writer, replies from the bots."""
    sc = load_scenario("network-blackout")
    drills = [run(sc, seed=s, player="silent") for s in range(3)]
    posts = [p for d in drills for p in d.posts.values()]
    bots = [make_bot(b, sc, 1) for b in ("model", "canned", "rude")]
    facts = [f.text for f in sc.facts[:6]]
    rows, prev = [], []
    for i in range(n):
        post = posts[i % len(posts)]
        text = bots[i % 3].write(post, sc.facts[:6])
        rows.append({"id": str(i), "tweet": post.text, "reply": text, "persona": post.persona,
                     "facts": facts, "previous_replies": prev[-5:], "voice": "playful",
                     "seconds_to_reply": float(i % 200)})
        prev.append(text)
    return rows


def bench_scoring(n: int) -> None:
    rows = reply_rows(n)
    ctxs = [ReplyContext(post=r["tweet"], reply=r["reply"], persona=r["persona"], facts=tuple(r["facts"]),
                         previous_replies=tuple(r["previous_replies"]), voice=r["voice"],
                         seconds_to_reply=r["seconds_to_reply"]) for r in rows]
    distinct = len({r["reply"] for r in rows})
    t0, c0 = time.perf_counter(), time.process_time()
    for c in ctxs:
        score_reply(c)
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    row(f"scoring in process: {n:,} replies through score_reply ({distinct:,} different texts)", f"{n / dt:,.0f} /s",
        f"CPU time: {n / ct:,.0f} /s")
    # The scorer caches what depends on a reply's text alone (bots and people repeat
    # themselves); the worst case is a batch in which no two replies or posts are alike.
    from scoring import markers, scorer
    caches = [f for f in vars(scorer).values() if hasattr(f, "cache_clear")] + [markers.find_all]
    m = min(n, 2_000)
    t0, c0 = time.perf_counter(), time.process_time()
    for c in ctxs[:m]:
        for f in caches:
            f.cache_clear()
        score_reply(c)
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    row(f"scoring in process, caches emptied before every reply ({m:,} replies)", f"{m / dt:,.0f} /s",
        f"CPU time: {m / ct:,.0f} /s")
    with tempfile.TemporaryFile("w+") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
        f.flush()
        cpu: list[float] = []
        dt1 = wall(stormdesk_cmd() + ["score", "--jobs", "1", "-"], stdin=f, repeat=3, cpu=cpu)
        dt = wall(stormdesk_cmd() + ["score", "-"], stdin=f, repeat=3)
    # the target is for one core, start-up included
    row(f"scoring end to end: `stormdesk score --jobs 1` on {n:,} lines (one core)", f"{n / dt1:,.0f} /s",
        f">= 5,000 /s (CPU time: {n / cpu[0]:,.0f} /s)")
    row(f"scoring end to end: `stormdesk score` on {n:,} lines ({default_jobs()} worker(s), one per core)",
        f"{n / dt:,.0f} /s")


def bench_engine(repeat: int) -> None:
    sc = load_scenario("network-blackout")
    for player in ("silent", "canned", "rude", "model"):
        times = []
        for i in range(repeat):
            t0 = time.perf_counter()
            run(sc, seed=i, player=player)
            times.append(time.perf_counter() - t0)
        best = min(times)
        gc.collect()
        tracemalloc.start()
        run(sc, seed=0, player=player)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        row(f"engine: {sc.id} ({sc.length / 60:g} min) headless, player {player}",
            f"{best * 1000:,.0f} ms = {sc.length / best:,.0f}x", ">= 1,000x real time")
        row(f"  peak memory (Python heap, tracemalloc), player {player}", f"{peak / 2**20:,.1f} MiB")


def scaled(sc, k: int):
    return replace(sc, waves=tuple(replace(w, posts=w.posts * k) for w in sc.waves),
                   events=tuple(replace(e, posts=e.posts * k) for e in sc.events))


def bench_scale(factors=(1, 10, 100)) -> None:
    sc = load_scenario("network-blackout")
    base = None
    for k in factors:
        t0 = time.perf_counter()
        d = run(scaled(sc, k), seed=1, player="model")
        dt = time.perf_counter() - t0
        n = len(d.posts)
        base = base or dt / n
        row(f"scale {k:>3d}x volume: {n:,} posts, player model", f"{dt:,.2f} s = {n / dt:,.0f} posts/s",
            f"time per post {dt / n / base:.2f}x the 1x run (linear = ~1x)")


def bench_ui() -> None:
    try:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from ui_latency import measure  # type: ignore
    except ImportError as e:
        row("UI latency", "not measured", f"({e})")
        return
    m = measure()
    for key, val in m.items():
        row(f"UI: {key}", val if isinstance(val, str) else f"{val:,.2f}")


def bench_drill_log(quick: bool) -> None:
    """50 clients, each a process of its own with its own connection, follow one drill's log on
    loopback, on each store: host commit -> client receipt."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import drill_load  # type: ignore
    appends = 60 if quick else 200
    stores = []
    try:
        import sim.drill.store_sqlite  # noqa: F401
        stores.append(("SQLite", None, ""))
    except ImportError:
        row("drill log on SQLite, 50 clients", "not measured", "(no SQLite store on this branch)")
    why = drill_load.pg_probe()
    if why is None:
        stores.append(("PostgreSQL", "pg", "p99 < 150 ms"))
    else:
        row("drill log on PostgreSQL, 50 clients", "not measured",
            f"no server ({why[:60]}): run `pg_virtualenv make bench`")
    for name, kind, target in stores:
        with tempfile.TemporaryDirectory() as home:
            url = drill_load.pg_create_database("stormdesk_bench") if kind else \
                f"sqlite:///{home}/drills.sqlite3"
            try:
                res = drill_load.run_load(url, home, clients=50, appends=appends, workers=50)
            finally:
                if kind:
                    drill_load.pg_drop_database(url)
        what = f"drill log on {name}: 50 client processes, {res.events} events at 20 appends/s"
        row(f"{what}, commit -> receipt p50", f"{res.pct(50):,.1f} ms")
        row(f"{what}, commit -> receipt p99", f"{res.pct(99):,.1f} ms", target)
        row("  events lost / duplicated / client views unlike the host's log",
            f"{res.lost} / {res.duplicated} / {res.mismatched_views}", "0 / 0 / 0")


def bench_startup() -> None:
    for args in (["--help"], ["list"]):
        dt = wall(stormdesk_cmd() + args, repeat=7)
        row(f"start-up: `stormdesk {' '.join(args)}` wall time (median of 7)", f"{dt * 1000:,.0f} ms", "< 300 ms")


def bench_drill(quick: bool) -> None:
    """Team drills (benchmarks/drill.py): commit -> seat latency with 30 seat processes, host
    commands/s, memory per seat."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import drill as drill_bench
    with tempfile.TemporaryDirectory() as d:
        lat = drill_bench.bench_latency(f"sqlite:///{d}/bench.sqlite3", 30, 50 if quick else 200, 0.02)
        row("drill: host commit -> seat receipt, 30 seat processes, p50", f"{lat['p50_ms']:.1f} ms")
        row("drill: host commit -> seat receipt, 30 seat processes, p99", f"{lat['p99_ms']:.1f} ms",
            "< 100 ms")
        row("drill: seat process peak RSS (median)", f"{lat['rss_mb_median']:.1f} MB")
        h = drill_bench.bench_host(Path(d), 300 if quick else 1000)
        row("drill: host commands applied per second (with scoring and the log)", f"{h['per_s']:.0f}/s")
    m = drill_bench.bench_state_memory()
    row(f"drill: a seat's folded state for a whole drill ({m['events']} events)", f"{m['state_mb']:.2f} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description="Stormdesk benchmarks")
    ap.add_argument("--quick", action="store_true", help="smaller batches, for a smoke run")
    ap.add_argument("--only", choices=("startup", "scoring", "engine", "scale", "ui", "drill"), action="append",
                    help="run only these parts (repeatable)")
    a = ap.parse_args()
    want = set(a.only or ("startup", "scoring", "engine", "scale", "ui", "drill"))
    print(f"Stormdesk benchmarks: {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores, {platform.machine()}")
    print(f"  {'what':84s} {'figure':>12s}  target")
    if "startup" in want:
        bench_startup()
    if "scoring" in want:
        bench_scoring(2_000 if a.quick else 10_000)
    if "engine" in want:
        bench_engine(1 if a.quick else 3)
    if "scale" in want:
        bench_scale((1, 10) if a.quick else (1, 10, 100))
    if "ui" in want:
        bench_ui()
    if "drill" in want:
        bench_drill(a.quick)
        bench_drill_log(a.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
