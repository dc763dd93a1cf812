"""Issue 4's variety goals for every bundled scenario: 1,000 posts read as 1,000 people.

At most 1% exact duplicates and a distinct-bigram ratio of at least 0.5, measured the way
`benchmarks/texture.py` prints it (same sampler, same measure), for two seeds.
"""
from __future__ import annotations

import pytest

from sim.scenario import list_bundled
from sim.variety import MAX_DUPLICATE_PCT, MIN_BIGRAM_RATIO, sample_posts, texture


@pytest.mark.parametrize("scenario", list_bundled(), ids=lambda s: s.id)
@pytest.mark.parametrize("seed", [1, 2])
def test_a_thousand_posts_read_as_a_thousand_people(scenario, seed):
    t = texture(sample_posts(scenario, 1000, seed))
    assert t["dup%"] <= MAX_DUPLICATE_PCT, (scenario.id, t)
    assert t["bigram"] >= MIN_BIGRAM_RATIO, (scenario.id, t)


def test_the_measure_tells_repetition_from_variety():
    from sim.model import PostDraft

    def drafts(texts):
        return [PostDraft(author="a", handle="@a", persona="angry", text=x, reach=1, anger=1.0) for x in texts]

    same = texture(drafts(["the app is down again"] * 10))
    varied = texture(drafts([f"post {i} says word{i} and thing{i}" for i in range(10)]))
    assert same["dup%"] == 90 and same["bigram"] == pytest.approx(4 / 40)
    assert varied["dup%"] == 0 and varied["bigram"] > 0.8
