"""A fixture scenario, a scripted post writer and a scripted scorer for the desk's tests and
snapshots: the screens are tested on fixed words, so a change to the real writer or scorer
never moves a snapshot or a pilot test (one or two snapshots keep the real content on purpose).
"""
from __future__ import annotations

from scoring import Score
from sim.model import Brand, CrowdTuning, Fact, PostDraft, Scenario, SpeedThresholds, Wave, WorldClock

FACTS = (
    Fact("f1", 0.0, "Calls, texts and mobile data are down across the UK since 08:05", "status"),
    Fact("f2", 0.0, "999 emergency calls still connect on any available network", "safety"),
    Fact("f3", 0.0, "Wi-Fi Calling works for customers connected to Wi-Fi", "workaround"),
    Fact("f4", 30.0, "Engineers have traced the fault to a core network update", "cause"),
    Fact("f5", 60.0, "Customers on the Unlimited plan will get a day's credit", "compensation"),
    Fact("f6", 90.0, "Shops in Leeds and Bristol have signal boosters to lend", "workaround"),
    Fact("f7", 120.0, "No time for the fix yet: the next update is at 10:00", "status"),
)


def fixture_scenario() -> Scenario:
    return Scenario(
        id="fixture-outage", title="Fixture outage (test data)", industry="Testing",
        summary="A made-up outage with fixed posts, for the desk's tests.",
        briefing="Calls and data are down. Answer the most urgent first.",
        brand=Brand(name="Fixtel", handle="@Fixtel", voice="warm", followers=200_000),
        length=600.0, clock=WorldClock(start_minutes=8 * 60, speed=60.0),
        speed=SpeedThresholds(good=40.0, late=180.0), facts=FACTS,
        waves=(Wave(at=0.0, posts=4, mix={"angry": 1}, over=20.0, name="first reports"),
               Wave(at=60.0, posts=6, mix={"angry": 1}, over=30.0, name="the burst"),
               Wave(at=200.0, posts=6, mix={"angry": 1}, over=60.0, name="the evening")),
        crowd=CrowdTuning(start_mood=-10.0),
    )


# (name, handle, persona, reach, anger, text): the posts arrive in this order, then repeat
POSTS = [
    ("Ria Shah", "@ria_s", "vulnerable", 300, 70.0,
     "@Fixtel my grandad's dialysis machine calls the hospital over your network and it has been "
     "silent since 8am. What do I do? Please, who can I ring?"),
    ("Tom Reyes", "@tomreyes", "angry", 1_500, 85.0,
     "@Fixtel no signal AGAIN. Third time this month. I work from home and I'm losing a day's pay. "
     "When is it back, and who is paying me for today?"),
    ("Jo Park", "@jopark", "question", 420, 30.0,
     "@Fixtel is there a workaround? Does Wi-Fi Calling still work if my router is on your broadband?"),
    ("Daily Wire", "@dailywire", "journalist", 120_000, 40.0,
     "@Fixtel we are reporting on the outage: how many customers are affected, and what is the cause?"),
]


class DeskWriter:
    """A post writer with fixed words: every new post is the next of POSTS (numbered handles
    after the first round); the author's chaser says they are still waiting."""

    def __init__(self, scenario=None, seed=0) -> None:
        self.n = 0

    def post(self, persona, ctx, hashtags=(), key=None):
        name, handle, persona, reach, anger, text = POSTS[self.n % len(POSTS)]
        rnd = self.n // len(POSTS)
        self.n += 1
        if rnd:
            handle, text = f"{handle}{rnd + 1}", f"{text} (#{rnd + 1})"
        return PostDraft(name, handle, persona, text, reach, anger)

    def follow_up(self, original, kind, ctx, reply_text=None):
        if kind in ("thanks", "softens", "praise"):
            return PostDraft(original.author, original.handle, original.persona,
                             "@Fixtel thank you, that helps", original.reach, 20.0, kind="reaction")
        return PostDraft(original.author, original.handle, original.persona,
                         f"@Fixtel still nothing from you. I asked at {ctx.world_time} and I am still waiting.",
                         original.reach, min(100.0, original.anger + 10), kind="follow_up")

    def bystander(self, kind, about, ctx, reply_text=None):
        k = {"thanks": "reaction", "softens": "reaction", "praise": "reaction", "pile_on": "pile_on",
             "joins_in": "post", "press": "press"}.get(kind, "callout")
        return PostDraft("Sam Bee", "@sambee", "angry", f"@Fixtel same here, {about.handle} is right",
                         90, 50.0, kind=k)


REASONS = ["- took 45s: aim for 40s", "- did not answer what they asked (when it is back)",
           "+ apologised", "+ used what is known (999 calls still connect)", "+ used their name",
           "+ invited them to talk (a DM or a real question)", "+ said what happens next",
           "+ stayed calm and warm", "+ kept it short"]


def desk_scorer(ctx) -> Score:
    """Nine fixed reasons, and a score that follows the reply's length (so tests can tell replies apart)."""
    overall = float(min(95, 40 + len(ctx.reply) // 3))
    return Score(empathy=overall, tone=overall - 5, substance=overall - 10,
                 speed=None if ctx.seconds_to_reply is None else 80.0,
                 overall=overall, reasons=list(REASONS), markers=[])
