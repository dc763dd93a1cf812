"""Variety and texture of generated posts: 1,000 posts per bundled scenario.

    .venv/bin/python benchmarks/texture.py [--n 1000] [--seed 1]

Personas are drawn from each scenario's wave and event mixes, weighted by how many posts each
brings, at moments spread over the drill (so facts, hours and restoration all play their
part). Prints one row per scenario and exits 1 if any scenario has more than 1% exact
duplicates or a distinct-bigram ratio under 0.5. Reference texture from 1,000 negative
airline complaint tweets: mean length 114; 26% "?", 17% "!", 19% hashtag, 22% a word in
capitals, 2% emoji.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.model import WriterContext  # noqa: E402
from sim.posts import PostWriter  # noqa: E402
from sim.scenario import list_bundled, load_scenario  # noqa: E402

EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
CAPS = re.compile(r"(?<![@#\w])[A-Z]{2,}\b")


def sample(sc, n: int, seed: int):
    w = PostWriter(sc, seed)
    rng = random.Random(seed)
    mixes = [(wv.mix, wv.posts, wv.hashtags) for wv in sc.waves] + [(e.mix, e.posts, e.hashtags) for e in sc.events if e.posts]
    personas, weights, tags = [], [], {}
    for mix, posts, h in mixes:
        total = sum(mix.values()) or 1
        for p, wt in mix.items():
            personas.append(p); weights.append(posts * wt / total); tags[p] = h
    out = []
    for i in range(n):
        t = sc.length * i / n
        facts = sc.facts_known(t)
        ctx = WriterContext(t=t, world_time=sc.clock.label(t), since=sc.clock.label(0),
                            hours=int((sc.clock.world_minutes(t) - sc.clock.start_minutes) // 60),
                            facts=facts, restored=any(f.kind == "restored" for f in facts))
        p = rng.choices(personas, weights)[0]
        out.append(w.post(p, ctx, tags.get(p, ())))
    return out


def stats(posts) -> dict:
    texts = [p.text for p in posts]
    n = len(texts)
    dup = n - len(set(texts))
    bigrams = [b for t in texts for b in zip(t.lower().split(), t.lower().split()[1:])]
    return {
        "dup%": 100 * dup / n, "bigram": len(set(bigrams)) / max(1, len(bigrams)),
        "len": sum(map(len, texts)) / n, "?%": 100 * sum("?" in t for t in texts) / n,
        "!%": 100 * sum("!" in t for t in texts) / n, "#%": 100 * sum("#" in t for t in texts) / n,
        "CAPS%": 100 * sum(bool(CAPS.search(t)) for t in texts) / n,
        "emoji%": 100 * sum(bool(EMOJI.search(t)) for t in texts) / n,
        "max": max(map(len, texts)),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    cols = ["dup%", "bigram", "len", "?%", "!%", "#%", "CAPS%", "emoji%", "max"]
    print(f"{'scenario':18s} " + " ".join(f"{c:>7s}" for c in cols))
    print(f"{'(real tweets)':18s} {'':>7s} {'':>7s} {114:7.1f} {26:7.1f} {17:7.1f} {19:7.1f} {22:7.1f} {2:7.1f}")
    bad = False
    per_persona: dict[str, list[int]] = defaultdict(list)
    for sid in [s["id"] if isinstance(s, dict) else getattr(s, "id", s) for s in list_bundled()]:
        sc = load_scenario(sid)
        posts = sample(sc, a.n, a.seed)
        for p in posts:
            per_persona[p.persona].append(len(p.text))
        s = stats(posts)
        bad |= s["dup%"] > 1 or s["bigram"] < 0.5
        print(f"{sid:18s} " + " ".join(f"{s[c]:7.2f}" if c == "bigram" else f"{s[c]:7.1f}" for c in cols))
    print("\nmean length by persona (all scenarios): " + ", ".join(
        f"{p} {sum(v) / len(v):.0f} (n={len(v)})" for p, v in sorted(per_persona.items())))
    if bad:
        print("\nFAIL: a scenario has > 1% duplicates or a bigram ratio under 0.5")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
