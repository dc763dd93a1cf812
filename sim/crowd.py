"""The crowd model: a small set of rules and rates that turn replies and silences into mood.

State the player can watch: ``mood`` (-100 furious .. 100 delighted), ``volume`` (posts per
minute over the last 60 drill seconds), brand ``followers``, trending hashtags and a short
ticker of what people are saying.

Every change to mood or followers goes through :meth:`Crowd.nudge` with a *cause*, so the
journal (and the debrief) can say why the mood turned.

Mood moves in two ways:

1. Impulses (``nudge``): a reply's consequences, a silence noticed, a scripted event. Impulses
   saturate: a push of ``d`` moves mood by ``d * room / 100`` where ``room`` is the distance
   left to the end it pushes towards (-100 or +100). The crowd can get angrier and angrier but
   never quite reaches the wall, so a worse drill always ends lower than a bad one.
2. Drift (``tick``, once per drill second): every post that still needs a reply and has waited
   longer than the scenario's "good" speed drags mood down (``unanswered_drag`` per post per
   second, ``vulnerable_weight`` times that for a vulnerable person, more for large reach);
   meanwhile mood relaxes towards a baseline (``relax``) that rises once service is restored.

The rules for replies (``Crowd.react``), in order:

- Author follow-up by reply quality (overall score): below ``rude_below`` or any hostile
  marker -> the author escalates (high reach: mocks), and the follow-up needs a reply;
  below ``weak_below`` -> still angry; below ``good_from`` -> softens; from ``good_from`` ->
  thanks. Mood impulse ``author_*`` scaled by the author's reach.
- Pile-on: a hostile or very poor reply to an account with at least ``pile_on_reach``
  followers brings ``pile_on_posts`` (+1 per reach decade above it) quote-posts with
  screenshots, a large impulse and lost followers. Smaller accounts: one quote, a smaller hit.
- Viral (the O2 effect): humour that fits (``humour`` marker, not ``humour_misplaced``) in a
  good reply (>= ``viral_from``) to a joker or troll with at least ``viral_reach`` followers
  goes viral in the brand's favour: praise reposts, a big positive impulse, followers gained.
- Copy-paste: a reply that repeats an earlier one gets called out (first time always, later
  ``callout_repeat_chance``), and the crowd sours.
- Misplaced humour with a vulnerable or frightened person: called out, a large hit.
- A promised time the facts do not support is remembered: when the in-world clock passes it
  before service is restored the crowd calls it out; a later reply naming a different time
  is called out as a contradiction.
- Useful substance (facts, workarounds, next update) gives a small lift: good status updates
  help.

Silence: each post that needs a reply has a patience (by persona, scaled by difficulty). If it
is still unanswered when patience runs out, the author chases (angrier, up to ``max_chasers``
times), others may join in, and a vulnerable person left waiting is noticed publicly
("a pensioner has been begging you for help for an hour").

All randomness comes from the ``random.Random`` the engine passes in (seeded), so a drill is
reproducible. Every rate below can be overridden per scenario under ``crowd:`` in its YAML.
"""
from __future__ import annotations

import math
import random
from collections import Counter, deque
from dataclasses import dataclass, field, fields, replace
from collections.abc import Mapping

from sim.model import Post
from sim.personas import PERSONAS

# Replies that attack or belittle the person: these make authors escalate and bystanders pile on.
# Deliberately narrower than the scorer's HOSTILE (scoring/scorer.py), which also counts legalese,
# sales pitches, non-apologies, profanity, self-focus and condescension as failures of tone: they
# lose a reply its credit, but the crowd answers them as a poor reply (overall below rude_below),
# not as an attack to screenshot.
HOSTILE_MARKERS = frozenset({
    "tone_policing", "arguing", "blame", "sarcasm", "insult", "shouting", "dismissive", "minimising",
})
SUBSTANCE_MARKERS = frozenset({"uses_facts", "workaround", "next_update", "press_office"})


@dataclass(frozen=True)
class Rates:
    """The crowd's tunable numbers. Names are what a scenario may override under ``crowd:``."""
    # drift
    unanswered_drag: float = 0.010      # mood per second per waiting post (before saturation)
    vulnerable_weight: float = 3.0      # a waiting vulnerable person drags this many times more
    relax: float = 0.004                # fraction of the gap to baseline closed per second
    restored_lift: float = 30.0         # baseline rises this much once service is restored
    # reply quality bands (overall score)
    rude_below: float = 22.0
    weak_below: float = 55.0
    good_from: float = 72.0
    # author follow-up impulses (scaled by reach factor)
    author_escalates: float = -5.0
    author_still_angry: float = -1.5
    author_softens: float = 2.0
    author_thanks: float = 4.0
    # pile-on
    pile_on_reach: int = 50_000
    pile_on_posts: int = 2
    pile_on_hit: float = -12.0
    pile_on_followers: float = 0.004    # share of the author's reach the brand loses
    small_quote_chance: float = 0.5
    small_quote_hit: float = -3.0
    # viral
    viral_from: float = 70.0
    viral_reach: int = 5_000
    viral_lift: float = 10.0
    viral_followers: float = 0.02       # share of the author's reach the brand gains
    praise_chance: float = 0.5
    # copy-paste, misplaced humour, promises
    copy_paste_hit: float = -3.0
    callout_repeat_chance: float = 0.1
    misplaced_humour_hit: float = -8.0
    broken_promise_hit: float = -7.0
    contradiction_hit: float = -5.0
    substance_lift: float = 1.0
    # silence
    chaser_hit: float = -2.0
    vulnerable_ignored_hit: float = -6.0
    join_in_chance: float = 0.35
    max_chasers: int = 2
    max_follow_ups: int = 3             # per thread, so a feud cannot run forever

    @classmethod
    def with_overrides(cls, values: Mapping[str, float]) -> Rates:
        known = {f.name: f.type for f in fields(cls)}
        clean = {}
        for k, v in values.items():
            if k in known:
                clean[k] = int(v) if known[k] in ("int", int) else float(v)
        return replace(cls(), **clean)


# Seconds of drill time a post will wait before its author chases (before difficulty scaling).
PATIENCE: Mapping[str, float] = {p.name: p.patience for p in PERSONAS.values()}
# How a persona's reactions are amplified: a reply to a journalist is read by more people.
PERSONA_WEIGHT: Mapping[str, float] = {p.name: p.weight for p in PERSONAS.values()}


def reach_factor(reach: int) -> float:
    """~0.3 for a 10-follower account, 1.0 at 10k, 1.5 at 1M: reach matters, logarithmically."""
    return max(0.25, math.log10(max(reach, 1) + 10) / 4.0)


@dataclass
class Planned:
    """A consequence the engine should schedule: a post by the author or a bystander."""
    delay: float
    who: str                    # "author" | "bystander"
    kind: str                   # writer kind: thanks/softens/.../pile_on/praise/callout_copy_paste...
    about: str                  # post id it is about
    reply_text: str | None = None
    cause: str = ""


@dataclass
class Crowd:
    start_mood: float
    followers: int
    rates: Rates = field(default_factory=Rates)
    mood: float = 0.0
    mood_min: float = 0.0
    followers_start: int = 0
    restored: bool = False
    ticker: deque = field(default_factory=lambda: deque(maxlen=8))
    _recent: deque = field(default_factory=deque)        # (t, hashtags) of recent posts
    _tags: Counter = field(default_factory=Counter)
    copy_paste_callouts: int = 0

    def __post_init__(self) -> None:
        self.mood = self.mood_min = float(self.start_mood)
        self.followers_start = self.followers

    # -- state -------------------------------------------------------------------------------
    @property
    def baseline(self) -> float:
        return self.start_mood + (self.rates.restored_lift if self.restored else 0.0)

    def volume(self, t: float) -> float:
        self._expire(t)
        return float(len(self._recent))

    def trending(self, t: float, n: int = 3) -> tuple[str, ...]:
        self._expire(t)
        return tuple(tag for tag, c in self._tags.most_common(n) if c > 0)

    def _expire(self, t: float) -> None:
        while self._recent and self._recent[0][0] <= t - 60.0:
            _, tags = self._recent.popleft()
            for tag in tags:
                self._tags[tag] -= 1
                if self._tags[tag] <= 0:
                    del self._tags[tag]

    def saw_post(self, post: Post) -> None:
        self._recent.append((post.at, tuple(post.hashtags)))
        self._tags.update(post.hashtags)

    # -- changes -----------------------------------------------------------------------------
    def nudge(self, d: float, followers: int = 0) -> tuple[float, int]:
        """Apply an impulse; return the actual (mood change, followers change)."""
        before = self.mood
        room = (self.mood + 100.0) if d < 0 else (100.0 - self.mood)
        self.mood = max(-100.0, min(100.0, self.mood + d * room / 100.0))
        self.mood_min = min(self.mood_min, self.mood)
        self.followers = max(0, self.followers + followers)
        return self.mood - before, followers

    def drift(self, waiting: list[Post], t: float, good: float) -> float:
        """One second of drift. ``waiting``: posts that need a reply and have none yet."""
        r = self.rates
        drag = 0.0
        for p in waiting:
            if t - p.at > good:
                w = r.vulnerable_weight if p.persona == "vulnerable" else 1.0
                drag += r.unanswered_drag * w * reach_factor(p.reach)
        before = self.mood
        if drag:
            self.nudge(-drag)
        self.mood += (self.baseline - self.mood) * r.relax
        self.mood = max(-100.0, min(100.0, self.mood))
        self.mood_min = min(self.mood_min, self.mood)
        return self.mood - before

    # -- rules -------------------------------------------------------------------------------
    def react(self, post: Post, reply_text: str, overall: float, markers: set[str],
              rng: random.Random, follow_ups_in_thread: int) -> tuple[list[tuple[float, int, str]], list[Planned]]:
        """Consequences of a reply. Returns (impulses, planned posts).

        impulses: (mood push, followers change, cause) to apply now.
        planned: posts to schedule (author follow-ups, bystanders).
        """
        r = self.rates
        rf = reach_factor(post.reach) * PERSONA_WEIGHT.get(post.persona, 1.0)
        who = post.handle
        impulses: list[tuple[float, int, str]] = []
        planned: list[Planned] = []
        hostile = markers & HOSTILE_MARKERS
        can_follow = follow_ups_in_thread < r.max_follow_ups

        # 1. the author
        if hostile or overall < r.rude_below:
            why = ", ".join(sorted(hostile)).replace("_", " ") if hostile else "a poor reply"
            impulses.append((r.author_escalates * rf, 0, f"{who} was angered by {why}"))
            if can_follow:
                kind = "mocks" if post.reach >= 20_000 or post.persona in ("troll", "influencer") else "escalates"
                planned.append(Planned(rng.uniform(4, 12), "author", kind, post.id, reply_text,
                                       f"{who} {kind} after {why}"))
        elif overall < r.weak_below:
            impulses.append((r.author_still_angry * rf, 0, f"{who} is still angry: the reply did not help"))
            if can_follow and rng.random() < 0.7:
                planned.append(Planned(rng.uniform(6, 15), "author", "still_angry", post.id, reply_text,
                                       f"{who} is still angry"))
        elif overall < r.good_from:
            impulses.append((r.author_softens * rf, 0, f"{who} softened after a decent reply"))
            if rng.random() < 0.6:
                planned.append(Planned(rng.uniform(6, 15), "author", "softens", post.id, reply_text,
                                       f"{who} softened"))
        else:
            impulses.append((r.author_thanks * rf, 0, f"{who} was won over by a strong reply"))
            if rng.random() < 0.8:
                planned.append(Planned(rng.uniform(5, 12), "author", "thanks", post.id, reply_text,
                                       f"{who} thanked the brand"))

        # 2. bystanders: pile-on for hostility to big accounts
        if hostile or overall < r.rude_below - 10:
            if post.reach >= r.pile_on_reach:
                extra = int(math.log10(post.reach / r.pile_on_reach)) if post.reach > r.pile_on_reach else 0
                n = r.pile_on_posts + extra
                lost = int(post.reach * r.pile_on_followers)
                impulses.append((r.pile_on_hit * rf, -lost,
                                 f"pile-on: a {'hostile' if hostile else 'tone-deaf'} reply to {who} ({post.reach:,} followers) was screenshotted"))
                for _ in range(n):
                    planned.append(Planned(rng.uniform(3, 25), "bystander", "pile_on", post.id, reply_text,
                                           f"pile-on after the reply to {who}"))
                self.ticker.append(f"Screenshots of the reply to {who} are everywhere")
            elif rng.random() < r.small_quote_chance:
                impulses.append((r.small_quote_hit, 0, f"someone quoted the reply to {who} to mock it"))
                planned.append(Planned(rng.uniform(4, 20), "bystander", "pile_on", post.id, reply_text,
                                       f"a quote-post mocking the reply to {who}"))

        # 3. humour: the O2 effect, or a wound
        if "humour_misplaced" in markers:
            impulses.append((r.misplaced_humour_hit * rf, 0,
                             f"a joke to {who}, who was {'frightened' if post.persona == 'vulnerable' else 'not joking'}, landed badly"))
            planned.append(Planned(rng.uniform(4, 15), "bystander", "pile_on", post.id, reply_text,
                                   f"people objected to joking with {who}"))
        elif ("humour" in markers and overall >= r.viral_from and not hostile
              and post.persona in ("joker", "troll")):
            if post.reach >= r.viral_reach:
                gained = int(post.reach * r.viral_followers) + 200
                impulses.append((r.viral_lift * rf, gained,
                                 f"the witty reply to {who} went viral in the brand's favour"))
                for _ in range(2):
                    planned.append(Planned(rng.uniform(3, 20), "bystander", "praise", post.id, reply_text,
                                           f"people shared the reply to {who}"))
                self.ticker.append(f"The reply to {who} is going viral")
            elif rng.random() < r.praise_chance:
                impulses.append((r.viral_lift * 0.3, 40, f"people liked the witty reply to {who}"))
                planned.append(Planned(rng.uniform(3, 20), "bystander", "praise", post.id, reply_text,
                                       f"someone shared the reply to {who}"))
        elif overall >= r.good_from + 8 and post.reach >= 10_000 and rng.random() < r.praise_chance:
            impulses.append((r.viral_lift * 0.3 * rf, int(post.reach * 0.002),
                             f"people shared the kind reply to {who}"))
            planned.append(Planned(rng.uniform(3, 20), "bystander", "praise", post.id, reply_text,
                                   f"someone shared the reply to {who}"))

        # 4. copy-paste
        if "copy_paste" in markers:
            if self.copy_paste_callouts == 0 or rng.random() < r.callout_repeat_chance:
                self.copy_paste_callouts += 1
                impulses.append((r.copy_paste_hit, 0, "people noticed the brand pasting the same reply to everyone"))
                planned.append(Planned(rng.uniform(5, 20), "bystander", "callout_copy_paste", post.id,
                                       reply_text, "copy-pasted replies were called out"))
                self.ticker.append("\"Are they a bot? Same reply to everyone\"")

        # 5. substance helps a little
        useful = markers & SUBSTANCE_MARKERS
        if useful and not hostile:
            impulses.append((r.substance_lift * len(useful), 0,
                             "useful information in a reply: " + ", ".join(sorted(useful)).replace("_", " ")))
        return impulses, planned
