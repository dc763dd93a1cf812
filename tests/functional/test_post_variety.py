"""Issue 15's goals for every bundled scenario, over 1,000 posts a silent player sees at storm
difficulty (first posts, chasers and call-outs together, from whole drills run by the engine):
at most 1% exact duplicates, mean length 90-140, "?" in 20-35% of posts, and a distinct-bigram
ratio of at least 0.55. Measured the way `benchmarks/texture.py` prints it (same sampler, same
measure).

The bigram goal is met in all six bundled scenarios at seeds 1 and 2: 0.556-0.575 in session 13;
session 18's grammar fixes took four just under it, and session 19's hand-written whole posts
(a scenario's own, and the writer's for its kind of outage) brought them back over it. A
scenario that falls under it again without new lines goes into NOT_MET_YET (below), with why.
A scenario put in it is checked to
be still under the goal, so it turns red the day it passes without this file being updated.
Every scenario must also stay above this writer's own floor (0.53; the writer issue 15 replaced
made 0.39), so a change that makes posts repeat themselves more fails here.

Each scenario is one test: its drills run once in the worker (the samples at seeds 1 and 2 share
all but one drill) and every goal is checked on both samples.
"""
from __future__ import annotations

import pytest

from sim.scenario import list_bundled
from sim.variety import (LENGTH_RANGE, MAX_DUPLICATE_PCT, MIN_BIGRAM_RATIO, QUESTION_RANGE,
                         sample_posts, texture)

OLD_WRITER_BIGRAM = 0.39     # issue 15: network-blackout, storm, nobody replying, before this writer
BIGRAM_FLOOR = 0.53          # this writer, every scenario, seeds 1 and 2
# Scenarios known to be under the bigram goal, with why (none now: session 18 put four here
# after merging ~550 lines' choices into whole phrases; session 19's whole posts took them out).
NOT_MET_YET: set[str] = set()
SEEDS = (1, 2)
# Drills run in this worker, by (scenario, drill seed, difficulty, player): the samples at seeds
# 1 and 2 are drills 1, 2, 3... and 2, 3, 4..., so each scenario's drills run once (the engine
# is deterministic) and every goal is checked on the same two samples in one test.
_DRILLS: dict = {}


def _texture(scenario, seed):
    return texture(sample_posts(scenario, 1000, seed, drills=_DRILLS))


@pytest.mark.parametrize("scenario", list_bundled(), ids=lambda s: s.id)
def test_a_thousand_posts_a_silent_storm_player_sees(scenario):
    ratios = []
    for seed in SEEDS:
        t = _texture(scenario, seed)
        assert t["dup%"] <= MAX_DUPLICATE_PCT, (scenario.id, seed, t)
        assert LENGTH_RANGE[0] <= t["len"] <= LENGTH_RANGE[1], (scenario.id, seed, t)
        assert QUESTION_RANGE[0] <= t["?%"] <= QUESTION_RANGE[1], (scenario.id, seed, t)
        assert t["bigram"] >= BIGRAM_FLOOR > OLD_WRITER_BIGRAM, (scenario.id, seed, t)
        ratios.append(t["bigram"])
    if scenario.id in NOT_MET_YET:          # says so, and turns red the day it is met
        assert min(ratios) < MIN_BIGRAM_RATIO, f"{scenario.id} meets the bigram goal now: take it out of NOT_MET_YET"
    else:
        assert min(ratios) >= MIN_BIGRAM_RATIO, (scenario.id, dict(zip(SEEDS, ratios)))


def test_the_sample_is_what_a_silent_storm_player_sees():
    sc = list_bundled()[0]
    posts = sample_posts(sc, 300, 1, drills=_DRILLS)
    kinds = {p.kind for p in posts}
    assert len(posts) == 300 and {"post", "follow_up"} <= kinds
    assert sum(p.kind == "follow_up" for p in posts) > 60          # chasers are a big share of it


def test_the_measure_tells_repetition_from_variety():
    from sim.model import PostDraft

    def drafts(texts):
        return [PostDraft(author="a", handle="@a", persona="angry", text=x, reach=1, anger=1.0) for x in texts]

    same = texture(drafts(["the app is down again"] * 10))
    varied = texture(drafts([f"post {i} says word{i} and thing{i}?" for i in range(10)]))
    assert same["dup%"] == 90 and same["bigram"] == pytest.approx(4 / 40)
    assert varied["dup%"] == 0 and varied["bigram"] > 0.8 and varied["?%"] == 100
