"""Variety and texture of generated posts: 1,000 posts per bundled scenario.

    .venv/bin/python benchmarks/texture.py [--n 1000] [--seed 1]

Posts come from :func:`sim.variety.sample_posts`: what a silent player sees at storm difficulty
(whole drills run by the real engine, nobody replying: first posts, chasers and call-outs
together), measured by :func:`sim.variety.texture` next to the texture of real complaint tweets
(:data:`sim.variety.REAL_TWEETS`). Prints one row per scenario and exits 1 if any misses issue
15's goals (:func:`sim.variety.within`: <=1% exact duplicates, distinct-bigram ratio >= 0.55,
mean length 90-140, "?" in 20-35% of posts); the suite holds the same goals in
tests/functional/test_post_variety.py.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.scenario import list_bundled
from sim.variety import REAL_TWEETS, sample_posts, texture, within


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    cols = ["dup%", "bigram", "len", "?%", "!%", "#%", "CAPS%", "emoji%", "max"]
    print(f"{'scenario':18s} " + " ".join(f"{c:>7s}" for c in cols))
    print(f"{'(real tweets)':18s} {'':>7s} {'':>7s} " + " ".join(f"{REAL_TWEETS[c]:7.1f}" for c in cols[2:-1]))
    bad = False
    per_persona: dict[str, list[int]] = defaultdict(list)
    for sc in list_bundled():
        posts = sample_posts(sc, a.n, a.seed)
        for p in posts:
            per_persona[p.persona].append(len(p.text))
        s = texture(posts)
        missed = within(s)
        bad |= bool(missed)
        print(f"{sc.id:18s} " + " ".join(f"{s[c]:7.2f}" if c == "bigram" else f"{s[c]:7.1f}" for c in cols)
              + ("   MISSES: " + "; ".join(missed) if missed else ""))
    print("\nmean length by persona (all scenarios): " + ", ".join(
        f"{p} {sum(v) / len(v):.0f} (n={len(v)})" for p, v in sorted(per_persona.items())))
    if bad:
        print("\nFAIL: a scenario misses issue 15's goals (see MISSES above)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
