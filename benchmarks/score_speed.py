"""How fast `stormdesk score` is: replies per second, end to end, interpreter start-up included.

Builds a batch of realistic lines (posts from the scenario writer, replies from the model, canned
and rude bots, the facts known, the player's last five replies, a reply time), writes it to a
temporary file, and times the real command on it, on one core (``stormdesk score --jobs 1``,
median of --repeat runs). Also times score_reply in process, to show how much of the total is
start-up and JSON: once over the batch from empty caches (texts that come back are read once, as in
a drill), and once with every cache emptied before each reply (the worst case: no two replies,
posts or facts alike).

    .venv/bin/python benchmarks/score_speed.py [--lines 10000] [--repeat 3] [--keep PATH]

Target (issues 3 and 12): >= 5,000 replies/s end to end for 10,000 lines on one core.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring import ReplyContext, score_reply  # noqa: E402


def build_rows(n: int) -> list[dict]:
    from sim.bots import make_bot
    from sim.scenario import load_scenario
    from sim.simulate import run

    rows: list[dict] = []
    scenarios = ("network-blackout", "payday-payments", "winter-topup")
    per = n // len(scenarios) + 1
    for sid in scenarios:
        sc = load_scenario(sid)
        posts = [p for s in range(4) for p in run(sc, seed=s, player="silent").posts.values()]
        bots = [make_bot(b, sc, 1) for b in ("model", "canned", "rude")]
        facts = [f.text for f in sc.facts[:6]]
        prev: list[str] = []
        for i in range(per):
            post = posts[i % len(posts)]
            text = bots[i % 3].write(post, sc.facts[:6])
            rows.append({"id": f"{sid}-{i}", "tweet": post.text, "reply": text, "persona": post.persona,
                         "facts": facts, "previous_replies": prev[-5:], "voice": sc.brand.voice
                         if hasattr(sc, "brand") and hasattr(sc.brand, "voice") else "warm",
                         "seconds_to_reply": float(i % 200)})
            prev.append(text)
    return rows[:n]


def _caches() -> list:
    """Every cache of the scorer (each scoring module's lru_cache'd functions)."""
    import scoring
    mods = [m for name, m in sorted(sys.modules.items()) if name.startswith("scoring.") and m is not None]
    return [f for m in [scoring, *mods] for f in vars(m).values() if hasattr(f, "cache_clear")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", help="also write the batch to this path")
    a = ap.parse_args()

    rows = build_rows(a.lines)
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    if a.keep:
        Path(a.keep).write_bytes(data)

    ctxs = [ReplyContext(post=r["tweet"], reply=r["reply"], persona=r["persona"], facts=tuple(r["facts"]),
                         previous_replies=tuple(r["previous_replies"]), voice=r["voice"],
                         seconds_to_reply=r["seconds_to_reply"]) for r in rows]
    score_reply(ReplyContext(post="is it down?", reply="Yes, sorry: no fix time yet."))   # build the marker index
    caches = _caches()
    for f in caches:
        f.cache_clear()
    t0 = time.perf_counter()
    for c in ctxs:
        score_reply(c)
    inproc = len(ctxs) / (time.perf_counter() - t0)
    m = min(len(ctxs), 2_000)
    t0 = time.perf_counter()
    for c in ctxs[:m]:
        for f in caches:
            f.cache_clear()
        score_reply(c)
    cold = m / (time.perf_counter() - t0)

    exe = Path(sys.executable).with_name("stormdesk")
    cmd = [str(exe), "score", "--jobs", "1", "-"] if exe.exists() else [sys.executable, "-m", "scoring", "--jobs", "1", "-"]
    times: list[float] = []
    cpu: list[float] = []           # the command's own CPU time: what one core spends, however busy the machine
    with tempfile.TemporaryFile() as f:
        f.write(data)
        for _ in range(a.repeat):
            f.seek(0)
            t0, r0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            p = subprocess.run(cmd, stdin=f, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
            if p.returncode != 0:
                print(p.stderr.decode(errors="replace")[-800:], file=sys.stderr)
                return 1
            got = p.stdout.count(b"\n")
            if got != len(rows):
                print(f"expected {len(rows)} output lines, got {got}", file=sys.stderr)
                return 1
    dt = statistics.median(times)
    print(f"lines: {len(rows):,} ({len(data) / 1e6:.1f} MB)")
    print(f"in process (score_reply only), from empty caches: {inproc:,.0f} replies/s "
          f"({len({r['reply'] for r in rows}):,} different replies)")
    print(f"in process, every cache emptied before each reply ({m:,} replies): {cold:,.0f} replies/s")
    print(f"end to end ({' '.join(Path(c).name for c in cmd)}), median of {a.repeat}: "
          f"{dt:.3f} s = {len(rows) / dt:,.0f} replies/s   (target >= 5,000)")
    dc = statistics.median(cpu)
    print(f"  the same in CPU time (user + system): {dc:.3f} s = {len(rows) / dc:,.0f} replies/s"
          f"{'   (wall time > 1.3x CPU time: the machine is busy, so the CPU figure is the fairer one)' if dt > 1.3 * dc else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
