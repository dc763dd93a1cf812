"""Small hand-built scenarios, a scripted post writer and a scripted scorer.

They let a test say exactly which post arrives (a 200k-follower account, a vulnerable
person) and how a reply scores, so the crowd *rules* can be pinned without depending on the
post generator's random draws or the scorer's calibration.
"""
from __future__ import annotations

import pytest

from scoring import Score
from sim.model import (Brand, CrowdTuning, Fact, PostDraft, Scenario,
                       SpeedThresholds, Wave, WorldClock)


def make_scenario(waves=None, facts=None, conditions=(), length=300.0, **kw) -> Scenario:
    return Scenario(
        id="test", title="Test outage", industry="Testing", summary="s", briefing="b",
        brand=Brand(name="Testco", handle="@Testco", voice=kw.pop("voice", "playful"), followers=100_000),
        length=length, clock=WorldClock(start_minutes=9 * 60, speed=60.0),
        speed=SpeedThresholds(good=30.0, late=120.0),
        facts=tuple(facts if facts is not None else [Fact("f1", 0.0, "Everything is down, no ETA yet", "status")]),
        waves=tuple(waves if waves is not None else [Wave(at=0.0, posts=1, mix={"angry": 1}, over=1.0)]),
        conditions=tuple(conditions), crowd=CrowdTuning(start_mood=-10.0), **kw,
    )


class ScriptedWriter:
    """Every new post is the next draft in ``drafts`` (repeating the last); follow-ups and
    bystanders are plain drafts whose kind says whether they need a reply."""

    KIND = {"thanks": "reaction", "softens": "reaction", "praise": "reaction", "pile_on": "pile_on",
            "joins_in": "post", "press": "press"}

    def __init__(self, drafts):
        self.drafts = list(drafts)
        self.calls: list[tuple[str, str]] = []

    def post(self, persona, ctx, hashtags=(), key=None):
        d = self.drafts.pop(0) if len(self.drafts) > 1 else self.drafts[0]
        self.calls.append(("post", d.persona))
        return d

    def follow_up(self, original, kind, ctx, reply_text=None):
        self.calls.append(("follow_up", kind))
        k = "reaction" if kind in ("thanks", "softens") else "follow_up"
        return PostDraft("X", "@x", original.persona, f"{kind} text", 10, 50.0, kind=k)

    def bystander(self, kind, about, ctx, reply_text=None):
        self.calls.append(("bystander", kind))
        return PostDraft("Bystander", f"@by{len(self.calls)}", "angry", f"{kind} text", 100, 40.0,
                         kind=self.KIND.get(kind, "callout"))


def draft(persona="angry", reach=500, text="my phone is dead since 9am", anger=60.0):
    return PostDraft(author="Ria Shah", handle="@ria_s", persona=persona, text=text, reach=reach, anger=anger)


def scripted_scorer(overall=80.0, markers=()):
    def score(ctx):
        return Score(empathy=overall, tone=overall, substance=overall, speed=None if ctx.seconds_to_reply is None else 90.0,
                     overall=overall, reasons=[], markers=sorted(markers))
    return score


@pytest.fixture
def scenario():
    return make_scenario()
