"""How varied and how real the generated posts read: the figures behind the variety goals.

:func:`sample_posts` writes ``n`` posts the way a drill would (personas drawn from the scenario's
wave and event mixes, weighted by how many posts each brings, at moments spread over the drill
so facts, hours and restoration all play their part). :func:`texture` measures them: exact
duplicates, the distinct-bigram ratio (distinct lower-cased word pairs over all word pairs),
length, and the share with "?", "!", a hashtag, a word in capitals or an emoji, to hold against
1,000 negative airline complaint tweets (:data:`REAL_TWEETS`).
"""
from __future__ import annotations

import random
import re
from collections.abc import Sequence

from sim.model import PostDraft, Scenario, WriterContext
from sim.posts import PostWriter

# 1,000 negative airline complaint tweets: mean length; % with "?", "!", a hashtag, CAPS, emoji
REAL_TWEETS = {"len": 114.0, "?%": 26.0, "!%": 17.0, "#%": 19.0, "CAPS%": 22.0, "emoji%": 2.0}
MAX_DUPLICATE_PCT = 1.0
MIN_BIGRAM_RATIO = 0.5

_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_CAPS = re.compile(r"(?<![@#\w])[A-Z]{2,}\b")


def sample_posts(sc: Scenario, n: int, seed: int) -> list[PostDraft]:
    """``n`` posts of one scenario, personas and moments as a drill would bring them."""
    w = PostWriter(sc, seed)
    rng = random.Random(seed)
    mixes = [(wv.mix, wv.posts, wv.hashtags) for wv in sc.waves] + [(e.mix, e.posts, e.hashtags) for e in sc.events if e.posts]
    personas, weights, tags = [], [], {}
    for mix, posts, h in mixes:
        total = sum(mix.values()) or 1
        for p, wt in mix.items():
            personas.append(p)
            weights.append(posts * wt / total)
            tags[p] = h
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


def texture(posts: Sequence[PostDraft]) -> dict[str, float]:
    """Duplicates, distinct-bigram ratio and texture of a batch of posts."""
    texts = [p.text for p in posts]
    n = max(1, len(texts))
    words = [t.lower().split() for t in texts]
    bigrams = [b for ws in words for b in zip(ws, ws[1:])]
    return {
        "dup%": 100 * (len(texts) - len(set(texts))) / n,
        "bigram": len(set(bigrams)) / max(1, len(bigrams)),
        "len": sum(map(len, texts)) / n, "?%": 100 * sum("?" in t for t in texts) / n,
        "!%": 100 * sum("!" in t for t in texts) / n, "#%": 100 * sum("#" in t for t in texts) / n,
        "CAPS%": 100 * sum(bool(_CAPS.search(t)) for t in texts) / n,
        "emoji%": 100 * sum(bool(_EMOJI.search(t)) for t in texts) / n,
        "max": max(map(len, texts), default=0),
    }
