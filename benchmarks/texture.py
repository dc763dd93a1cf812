"""Variety and texture of generated posts: 1,000 posts per bundled scenario.

    .venv/bin/python benchmarks/texture.py [--n 1000] [--seed 1]

Posts come from :func:`sim.variety.sample_posts` (personas from each scenario's wave and event
mixes, at moments spread over the drill) and are measured by :func:`sim.variety.texture`; the
suite holds the same goals in tests/functional/test_post_variety.py. Prints one row per scenario and exits 1 if any scenario has more than 1% exact
duplicates or a distinct-bigram ratio under 0.5. Reference texture from 1,000 negative
airline complaint tweets: mean length 114; 26% "?", 17% "!", 19% hashtag, 22% a word in
capitals, 2% emoji.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.scenario import list_bundled, load_scenario  # noqa: E402
from sim.variety import MAX_DUPLICATE_PCT, MIN_BIGRAM_RATIO, REAL_TWEETS, sample_posts  # noqa: E402
from sim.variety import texture as stats  # noqa: E402

sample = sample_posts      # the name earlier scripts used


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
    for sid in [s["id"] if isinstance(s, dict) else getattr(s, "id", s) for s in list_bundled()]:
        sc = load_scenario(sid)
        posts = sample(sc, a.n, a.seed)
        for p in posts:
            per_persona[p.persona].append(len(p.text))
        s = stats(posts)
        bad |= s["dup%"] > MAX_DUPLICATE_PCT or s["bigram"] < MIN_BIGRAM_RATIO
        print(f"{sid:18s} " + " ".join(f"{s[c]:7.2f}" if c == "bigram" else f"{s[c]:7.1f}" for c in cols))
    print("\nmean length by persona (all scenarios): " + ", ".join(
        f"{p} {sum(v) / len(v):.0f} (n={len(v)})" for p, v in sorted(per_persona.items())))
    if bad:
        print(f"\nFAIL: a scenario has > {MAX_DUPLICATE_PCT:g}% duplicates or a bigram ratio under {MIN_BIGRAM_RATIO}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
