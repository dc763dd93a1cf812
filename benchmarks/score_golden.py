"""A golden file for the scorer: thousands of varied contexts and every field of their scores.

Speed work on ``scoring/`` must not move a single score. Build the contexts once, before a change,
score them, and after every change score them again: the output must be byte-identical.

    .venv/bin/python benchmarks/score_golden.py build CONTEXTS [--extra FILE.jsonl ...]
    .venv/bin/python benchmarks/score_golden.py score CONTEXTS OUT      # prints count and md5
    .venv/bin/python benchmarks/score_golden.py score CONTEXTS OUT --cold 3000   # also: caches emptied per reply

``build`` writes `stormdesk score` input lines (JSON lines, the command-line contract), from:

- the speed benchmark's batch (benchmarks/score_speed.py's build_rows);
- every context the game itself scores in headless drills of all bundled scenarios, by the
  canned, rude and model bots, on several seeds, difficulties and both modes (brand, author,
  handle, facts with kind and time, voice, previous replies, follow-ups' thread replies, priority);
- every context the scorer's own tests score (tests/unit/scoring, tests/functional/scoring and
  the engine's follow-up tests), recorded while pytest runs them;
- tests/fixtures/scoring/pairs.jsonl (both replies of each pair);
- variants of those (other posts of the drill, facts released after the reply, a brand, a
  handle, a formal or playful voice, a follow-up thread), and a few lines of bad input;
- with ``--extra``: other files of JSON lines with "tweet" and "reply" (or "better"/"worse").

``score`` feeds CONTEXTS through the real command's code (scoring.cli.run, one process, --jobs 1)
and writes what it prints. ``--cold N`` then scores the first N lines again with every cache of
the scorer emptied before each line, and checks they come out the same (a cache must never change
a score).
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import io
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SCENARIOS = ("network-blackout", "payday-payments", "winter-topup", "airport-checkin", "cup-final-stream",
             "payroll-cloud")


def line_of(ctx) -> dict | None:
    """A ReplyContext as one `stormdesk score` input line (None when the CLI cannot say it)."""
    from scoring import Fact
    d: dict = {"tweet": ctx.post, "reply": ctx.reply}
    if not isinstance(ctx.post, str) or not isinstance(ctx.reply, str):
        return None
    facts = []
    for f in ctx.facts or ():
        if isinstance(f, str):
            facts.append(f)
        elif isinstance(f, Fact):
            facts.append({"text": f.text, "kind": f.kind, "at": f.at})
        else:
            return None
    opt = {"persona": ctx.persona, "voice": ctx.voice, "seconds_to_reply": ctx.seconds_to_reply,
           "priority": ctx.priority, "author": ctx.author_name, "handle": ctx.author_handle, "brand": ctx.brand,
           "at": ctx.at}
    d.update({k: v for k, v in opt.items() if v is not None})
    if facts:
        d["facts"] = facts
    for k, v in (("previous_replies", ctx.previous_replies), ("other_posts", ctx.other_posts),
                 ("thread_replies", ctx.thread_replies)):
        if v:
            if not all(isinstance(x, str) for x in v):
                return None
            d[k] = list(v)
    if ctx.speed_good != 60.0:
        d["speed_good"] = ctx.speed_good
    if ctx.speed_late != 300.0:
        d["speed_late"] = ctx.speed_late
    if ctx.higher_priority_waiting:
        d["higher_priority_waiting"] = ctx.higher_priority_waiting
    return d


def bench_rows(n: int) -> list[dict]:
    from score_speed import build_rows
    return build_rows(n)


def drill_rows() -> list[dict]:
    """Every context the engine scores in headless drills."""
    import sim.simulate as simulate
    from sim.engine import Drill
    from sim.scenario import load_scenario
    from scoring import score_reply

    seen: list = []

    def record(ctx):
        seen.append(ctx)
        return score_reply(ctx)

    simulate.Drill = functools.partial(Drill, scorer=record)
    for sid in SCENARIOS:
        sc = load_scenario(sid)
        for player in ("canned", "rude", "model"):
            for seed, difficulty, mode in ((1, "standard", "realtime"), (2, "storm", "realtime"),
                                           (3, "calm", "turns")):
                simulate.run(sc, seed=seed, player=player, difficulty=difficulty, mode=mode)
    simulate.Drill = Drill
    return [r for r in map(line_of, seen) if r is not None]


PLUGIN = '''
import json, os
import scoring, scoring.scorer
_plain = scoring.scorer.score_reply
_out = open(os.environ["SCORE_GOLDEN_RECORD"], "a")
def _recording(ctx):
    try:
        from score_golden import line_of
        d = line_of(ctx)
        if d is not None:
            _out.write(json.dumps(d) + "\\n")
            _out.flush()
    except Exception:
        pass
    return _plain(ctx)
scoring.score_reply = scoring.scorer.score_reply = _recording
'''


def test_rows() -> list[dict]:
    """Every context the scorer's tests score, recorded while pytest runs them."""
    with tempfile.TemporaryDirectory() as d:
        Path(d, "score_golden_record.py").write_text(PLUGIN)
        rec = Path(d, "rows.jsonl")
        rec.write_text("")
        env = {**__import__("os").environ, "SCORE_GOLDEN_RECORD": str(rec),
               "PYTHONPATH": f"{d}:{ROOT / 'benchmarks'}:{ROOT}"}
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "score_golden_record", "-p", "no:cacheprovider",
                        "-p", "no:xdist", "tests/unit/scoring", "tests/functional/scoring",
                        "tests/unit/engine/test_follow_up.py"], cwd=ROOT, env=env, check=False,
                       stdout=subprocess.DEVNULL)
        return [json.loads(x) for x in rec.read_text().splitlines() if x.strip()]


def pair_rows(path: Path) -> list[dict]:
    out = []
    for raw in path.read_text().splitlines():
        if not raw.strip():
            continue
        r = json.loads(raw)
        base = {k: r[k] for k in ("tweet", "persona", "facts", "voice", "id") if k in r}
        for k in ("reply", "better", "worse"):
            if isinstance(r.get(k), str):
                out.append({**base, "reply": r[k]})
    return out


def variants(rows: list[dict], rng: random.Random) -> list[dict]:
    """The same replies with the rest of what the game passes, varied."""
    posts = sorted({r["tweet"] for r in rows})
    out = []
    kinds = ("status", "cause", "eta", "workaround", "safety", "money", None)
    for r in rng.sample(rows, min(len(rows), 4000)):
        v = dict(r)
        pick = rng.randrange(8)
        if pick == 0:
            v["other_posts"] = rng.sample(posts, min(len(posts), rng.choice((3, 8, 20))))
        elif pick == 1 and v.get("facts"):
            v["facts"] = [{"text": f if isinstance(f, str) else f["text"], "kind": rng.choice(kinds),
                           "at": rng.choice((None, 0.0, 60.0, 300.0, 900.0))} for f in v["facts"]]
            v["at"] = rng.choice((30.0, 120.0, 600.0, 1200.0))
        elif pick == 2:
            v["brand"] = rng.choice(("Vela Mobile", "AquaLine", "Northgrid Energy", "Kestrel Bank"))
            v["author"] = rng.choice(("Ria Shah", "Dee", "Tom O'Neill", "Priya K", ""))
            v["handle"] = rng.choice(("@ria_s", "@dee_99", "@tomo", "@PriyaK", "@x"))
        elif pick == 3:
            v["voice"] = rng.choice(("formal", "playful", "warm", "FORMAL"))
            v["persona"] = rng.choice(("angry", "question", "vulnerable", "troll", "joker", "journalist", "loyal",
                                       "competitor", None))
        elif pick == 4:
            v["thread_replies"] = [rng.choice(rows)["reply"] for _ in range(rng.randint(1, 3))]
        elif pick == 5:
            v["previous_replies"] = [rng.choice(rows)["reply"] for _ in range(rng.randint(1, 20))] + [r["reply"]]
        elif pick == 6:
            v["seconds_to_reply"] = rng.choice((0, 12.5, 59, 61, 150, 299, 300, 5000))
            v["higher_priority_waiting"] = rng.randint(0, 3)
            v["speed_good"], v["speed_late"] = rng.choice(((60, 300), (30, 120), (90, 90)))
        else:
            v["reply"] = rng.choice((v["reply"].upper(), v["reply"].lower(), v["reply"] + " ^Sam",
                                     v["reply"].replace("'", "’"), v["reply"] * 3, "@someone " + v["reply"]))
        v.pop("id", None)
        out.append(v)
    return out


BAD = [b"not json", b"[1, 2]", b'{"tweet": "x"}', b'{"tweet": "x", "reply": 3}', b'{"tweet": "a", "reply": "b", "facts": 3}',
       b'{"tweet": "a", "reply": "b", "seconds_to_reply": 1e300}', b'{"tweet": "a", "reply": "b", "voice": 5}',
       b'{"tweet": "a", "reply": "b", "facts": [{"text": "x", "kind": 3}]}', b"[" * 30 + b"]" * 30, b"", b"   ",
       b'{"tweet": "a", "reply": "b", "previous_replies": [1]}', b'{"tweet": "", "reply": ""}',
       b'{"tweet": "is it safe?", "reply": "\\ud83d\\ude02"}', b'{"tweet": "why?", "reply": "\xce\x93\xce\xb5\xce\xb9\xce\xb1"}',
       b'{"tweet": "a", "reply": "b", "higher_priority_waiting": true}', b'\xff\xfe']


def build(path: Path, extra: list[str]) -> None:
    rng = random.Random(12)
    rows: list[dict] = []
    rows += bench_rows(10_000)
    print(f"bench rows: {len(rows)}", file=sys.stderr)
    d = drill_rows()
    print(f"drill contexts: {len(d)}", file=sys.stderr)
    rows += d
    t = test_rows()
    print(f"test contexts: {len(t)}", file=sys.stderr)
    rows += t
    p = pair_rows(ROOT / "tests/fixtures/scoring/pairs.jsonl")
    for e in extra:
        p += pair_rows(Path(e))
    print(f"pair/extra contexts: {len(p)}", file=sys.stderr)
    rows += p
    rows += variants(rows, rng)
    with open(path, "wb") as fh:
        for i, r in enumerate(rows):
            fh.write(json.dumps(r, ensure_ascii=bool(i % 2)).encode() + b"\n")
            if i % 997 == 0:
                fh.write(BAD[(i // 997) % len(BAD)] + b"\n")
    print(f"{len(rows)} contexts (+ bad lines) -> {path}", file=sys.stderr)


def _caches() -> list:
    mods = [m for name, m in sorted(sys.modules.items()) if name.startswith("scoring") and m is not None]
    return [f for m in mods for f in vars(m).values() if hasattr(f, "cache_clear")]


def score(path: Path, out: Path, cold: int) -> int:
    from scoring.cli import run
    data = path.read_bytes()
    buf = io.StringIO()
    run(io.BytesIO(data), buf, jobs=1)
    text = buf.getvalue()
    out.write_text(text)
    n = text.count("\n")
    print(f"{n} output lines, md5 {hashlib.md5(text.encode()).hexdigest()}")
    if cold:
        from scoring.cli import _answer
        lines = [x for x in data.split(b"\n")[:cold]]
        got = []
        caches = _caches()
        for i, raw in enumerate(lines, 1):
            for f in caches:
                f.cache_clear()
            a = _answer((i, raw + b"\n"))
            if a is not None:
                got.append(a)
        want = text.splitlines(keepends=True)[:len(got)]
        bad = sum(a != b for a, b in zip(got, want))
        print(f"cold (every cache emptied before each line): {len(got)} lines, {bad} differ")
        if bad:
            return 1
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("contexts")
    b.add_argument("--extra", action="append", default=[])
    s = sub.add_parser("score")
    s.add_argument("contexts")
    s.add_argument("out")
    s.add_argument("--cold", type=int, default=0)
    a = ap.parse_args()
    if a.cmd == "build":
        build(Path(a.contexts), a.extra)
        return 0
    return score(Path(a.contexts), Path(a.out), a.cold)


if __name__ == "__main__":
    sys.exit(main())
