"""How varied and how real the generated posts read: the figures behind issue 15's goals.

:func:`sample_posts` collects the posts a silent player sees at storm difficulty: whole drills
run by the real engine with nobody replying (first posts, the authors' chasers and the crowd's
call-outs together, in the order they arrive), drill after drill (seed, seed + 1, ...) until
there are ``n``. :func:`texture` measures them: exact duplicates, the distinct-bigram ratio
(distinct lower-cased word pairs over all word pairs), length, and the share with "?", "!", a
hashtag, a word in capitals or an emoji, to hold against 1,000 negative airline complaint
tweets (:data:`REAL_TWEETS`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from sim.model import Post, PostDraft, Scenario

# 1,000 negative airline complaint tweets: mean length; % with "?", "!", a hashtag, CAPS, emoji
REAL_TWEETS = {"len": 114.0, "?%": 26.0, "!%": 17.0, "#%": 19.0, "CAPS%": 22.0, "emoji%": 2.0}
# Issue 15's goals over 1,000 posts a silent player sees at storm, in every bundled scenario.
MAX_DUPLICATE_PCT = 1.0
MIN_BIGRAM_RATIO = 0.55
LENGTH_RANGE = (90.0, 140.0)
QUESTION_RANGE = (20.0, 35.0)

_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_CAPS = re.compile(r"(?<![@#\w])[A-Z]{2,}\b")


def sample_posts(sc: Scenario, n: int, seed: int, *, difficulty: str = "storm",
                 player: str = "silent", drills: dict | None = None) -> list[Post]:
    """The first ``n`` posts a ``player`` sees in drills of ``sc`` at ``difficulty``.

    ``drills``: a dict kept by the caller, (scenario id, drill seed, difficulty, player) ->
    that drill's posts, so samples at seeds 1 and 2 (drills 1, 2, 3... and 2, 3, 4...) run
    each drill once; the engine is deterministic, so a drill run again is the same drill."""
    from sim.simulate import run

    out: list[Post] = []
    k = 0
    while len(out) < n:
        key = (sc.id, seed + k, difficulty, player)
        posts = drills.get(key) if drills is not None else None
        if posts is None:
            drill = run(sc, seed=seed + k, player=player, difficulty=difficulty)
            posts = list(drill.posts.values()) if isinstance(drill.posts, dict) else list(drill.posts)
            if drills is not None:
                drills[key] = posts
        if not posts:
            break
        out.extend(posts)
        k += 1
    return out[:n]


def within(t: dict[str, float]) -> list[str]:
    """Which of issue 15's goals a measured batch misses (empty: all met)."""
    bad = []
    if t["dup%"] > MAX_DUPLICATE_PCT:
        bad.append(f"duplicates {t['dup%']:.1f}% > {MAX_DUPLICATE_PCT:g}%")
    if t["bigram"] < MIN_BIGRAM_RATIO:
        bad.append(f"bigram ratio {t['bigram']:.3f} < {MIN_BIGRAM_RATIO}")
    if not LENGTH_RANGE[0] <= t["len"] <= LENGTH_RANGE[1]:
        bad.append(f"mean length {t['len']:.1f} outside {LENGTH_RANGE[0]:g}-{LENGTH_RANGE[1]:g}")
    if not QUESTION_RANGE[0] <= t["?%"] <= QUESTION_RANGE[1]:
        bad.append(f"'?' in {t['?%']:.1f}% of posts, outside {QUESTION_RANGE[0]:g}-{QUESTION_RANGE[1]:g}%")
    return bad


def texture(posts: Sequence[Post | PostDraft]) -> dict[str, float]:
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
