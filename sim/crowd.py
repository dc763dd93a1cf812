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
  help; never for a reply that also carries a fault or scores below ``rude_below``.
- Public faults (the scorer's ``fault:secrets`` / ``private_data_request``, ``fault:unsafe``,
  ``fault:no_safety_advice``, ``fault:misleading``): screenshots and call-outs (``callout_secrets`` ...), a mood hit scaled
  by the author's reach, lost followers; the author is never won over by such a reply, however
  warm (its band is capped below ``weak_below``), and it never goes viral.
- Follow-ups (a second reply to someone already answered, scored by ``scoring.followup``): one
  that says nothing new (``followup_repeat``) annoys its author ("you said that already"), a
  small hit like copy-paste; one that brings news or corrects the earlier reply
  (``followup_news`` / ``followup_correction``) gives twice the substance lift. The author
  otherwise reacts to it as to any reply, by its quality.
- Followers move as shares of the brand's own following (``followers_*``), so a 410k brand
  gains or loses thousands over a drill, not hundreds.

Silence: only people who asked for something (:data:`ASKS_FOR_SOMETHING`) drag the mood and
chase; each such post has a patience (by persona, scaled by difficulty). If it
is still unanswered when patience runs out, the author chases (angrier, up to ``max_chasers``
times), others may join in, and a vulnerable person left waiting is noticed publicly
("a pensioner has been begging you for help for an hour"). Every ``silence_every`` seconds the
engine journals what the drift cost and who was waiting (:meth:`Crowd.silence_report`, a
``crowd`` event with ``slide: true``), so the slow slide is as visible as any jump.

All randomness comes from the ``random.Random`` the engine passes in (seeded), so a drill is
reproducible. Every rate below can be overridden per scenario under ``crowd:`` in its YAML.
"""
from __future__ import annotations

import math
import random
from collections import Counter, deque
from dataclasses import dataclass, field, fields, replace
from collections.abc import Callable, Mapping

from sim.model import Post
from sim.personas import PERSONAS, at_risk

# Replies that attack or belittle the person: these make authors escalate and bystanders pile on.
# Deliberately narrower than the scorer's HOSTILE (scoring/scorer.py), which also counts legalese,
# sales pitches, non-apologies, profanity, self-focus and condescension as failures of tone: they
# lose a reply its credit, but the crowd answers them as a poor reply (overall below rude_below),
# not as an attack to screenshot.
HOSTILE_MARKERS = frozenset({
    "tone_policing", "arguing", "blame", "sarcasm", "insult", "shouting", "dismissive", "minimising",
})
SUBSTANCE_MARKERS = frozenset({"uses_facts", "workaround", "next_update", "press_office"})
# The scorer's severe faults (issue 12's judgement) and the crowd's older word for asking for
# private data: a reply carrying one is never "useful information", never wins anyone over, and
# the ones the public can see (a secrets request, a contradicted safety fact, a misleading claim)
# are screenshotted and called out.
SECRETS_MARKERS = frozenset({"fault:secrets", "private_data_request"})
FAULT_MARKERS = frozenset({"fault:unsafe", "fault:no_safety_advice", "fault:misleading",
                           "fault:misplaced_humour"}) | SECRETS_MARKERS
# The faults people screenshot: (markers, the rate of its mood hit, the call-out's kind, the
# cause, the call-out, the ticker line), each with {who}, the author.
SCREENSHOTTED = (
    (SECRETS_MARKERS, "secrets_hit", "callout_secrets", "the brand asked {who} for private details in public",
     "people called out the brand for asking {who} for private details",
     "\"Never give your PIN to anyone\": people are warning about the reply to {who}"),
    (frozenset({"fault:unsafe"}), "unsafe_hit", "callout_unsafe",
     "the reply to {who} contradicted the brand's own safety advice", "people called out unsafe advice to {who}",
     "People are sharing the unsafe advice given to {who}"),
    (frozenset({"fault:no_safety_advice"}), "unsafe_hit", "callout_no_safety_advice",
     "{who} may be in danger and the reply left out the emergency advice",
     "people called out the reply to {who} for leaving out the emergency advice",
     "People are asking why {who} was not told to call for help"),
)
MISPLACED_HUMOUR = frozenset({"humour_misplaced", "fault:misplaced_humour"})


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
    # public faults (scorer markers fault:secrets / fault:unsafe / fault:misleading)
    secrets_hit: float = -10.0
    unsafe_hit: float = -12.0
    misleading_hit: float = -6.0
    # followers, as shares of the brand's own following (anchor: O2 gained 13,500 new followers,
    # about 5% of its following, on its best day of the 2012 outage; a brand that ignores or
    # insults people during an outage loses some)
    followers_won: float = 0.0004       # a strong reply (times the author's reach factor)
    followers_praise: float = 0.0015    # a reply people share
    followers_viral: float = 0.012      # a witty reply that goes viral (plus 2% of the author's reach)
    followers_pile_on: float = 0.003    # a pile-on (plus 0.4% of the author's reach)
    followers_fault: float = 0.002      # a secrets request or unsafe advice, screenshotted
    followers_ignored: float = 0.0001   # someone who asked gave up waiting
    followers_vulnerable: float = 0.001 # a vulnerable person left without help, noticed
    # silence
    silence_every: float = 60.0         # drill seconds between "who is waiting and what it cost" lines
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
# Personas who asked for something (an answer, help, a statement): only they are owed a reply,
# chase when ignored, and drag the mood while they wait. Jokers, trolls, competitors and loyal
# fans cheering you on ask for nothing.
ASKS_FOR_SOMETHING = frozenset({"angry", "question", "vulnerable", "journalist", "influencer", "business"})


def asks_for_something(persona: str) -> bool:
    return persona in ASKS_FOR_SOMETHING


# What a mood number is called, everywhere it is shown (the word matches the sign: +4 is not
# "uneasy").
MOOD_WORDS = ((-60.0, "furious"), (-25.0, "angry"), (-5.0, "uneasy"), (5.0, "steady"), (40.0, "warming"))


def mood_word(mood: float) -> str:
    for below, word in MOOD_WORDS:
        if mood < below:
            return word
    return "delighted"


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
    promise: tuple[str, str] | None = None   # (handle told, "HH:MM") a promise post is about


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
    _silence: dict = field(default_factory=dict)         # post -> mood its silence cost this minute
    _silence_since: float = 0.0

    def __post_init__(self) -> None:
        self.mood = self.mood_min = float(self.start_mood)
        self.followers_start = self.followers

    def share(self, fraction: float) -> int:
        """``fraction`` of the brand's following at the start, in whole followers."""
        return int(round(self.followers_start * fraction))

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
        parts = []
        for p in waiting:
            if t - p.at > good and asks_for_something(p.persona):
                w = r.vulnerable_weight if at_risk(p.persona) else 1.0
                d = r.unanswered_drag * w * reach_factor(p.reach)
                drag += d
                parts.append((p, d))
        before = self.mood
        if drag:
            dm, _ = self.nudge(-drag)
            for p, d in parts:        # the actual (saturated) cost, shared out by each one's drag
                self._silence[p] = self._silence.get(p, 0.0) + dm * d / drag
        self.mood += (self.baseline - self.mood) * r.relax
        self.mood = max(-100.0, min(100.0, self.mood))
        self.mood_min = min(self.mood_min, self.mood)
        return self.mood - before

    def silence_report(self, t: float, waited: Callable, label: Callable | None = None
                       ) -> tuple[float, str, str, list[str]] | None:
        """Once a ``silence_every``: (mood the silence cost since the last report, a line saying
        who is waiting and what it cost, the post most worth answering, every handle waiting),
        or None. ``waited(post)``
        says how long a post has waited, in the words the player sees ("12 min"); ``label(t)``
        the in-world time of a drill second ("07:30")."""
        if t - self._silence_since < self.rates.silence_every - 1e-9:
            return None
        since = self._silence_since
        self._silence_since = t
        cost, self._silence = self._silence, {}
        total = sum(cost.values())
        if total > -0.05:
            return None
        people = sorted(cost, key=lambda p: (not at_risk(p.persona), cost[p]))
        vuln = [p for p in people if at_risk(p.persona)]
        n = len(people)
        when = f"since {label(since)}" if label else f"in the last {(t - since) / 60:.0f} min of play"
        line = f"silence {when}: {n} {'person' if n == 1 else 'people'} waiting cost {total:+.1f} mood"
        named = []
        for p in people[:3]:
            tag = "vulnerable, " if at_risk(p.persona) else ""
            named.append(f"{p.handle} ({tag}{waited(p)})")
        line += ": " + ", ".join(named) + (f" and {n - 3} more" if n > 3 else "")
        if vuln:
            line += f"; {len(vuln)} vulnerable"
        return round(total, 2), line, people[0].id, [p.handle for p in people]

    # -- rules -------------------------------------------------------------------------------
    def react(self, post: Post, reply_text: str, overall: float, markers: set[str],
              rng: random.Random, follow_ups_in_thread: int, *, follow_up: bool = False
              ) -> tuple[list[tuple[float, int, str]], list[Planned]]:
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
        faults = markers & FAULT_MARKERS
        can_follow = follow_ups_in_thread < r.max_follow_ups
        if faults:
            # however warm it read, a reply that asks for secrets or endangers wins nobody over
            overall = min(overall, r.weak_below - 1)

        # 1. the author
        if follow_up and "followup_repeat" in markers and not hostile and not faults:
            impulses.append((r.copy_paste_hit * rf, 0, f"{who} was told the same thing again"))
            if can_follow:
                planned.append(Planned(rng.uniform(6, 15), "author", "repeated", post.id, reply_text,
                                       f"{who} was told the same thing again"))
        elif hostile or overall < r.rude_below:
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
            impulses.append((r.author_thanks * rf, self.share(r.followers_won * rf),
                             f"{who} was won over by a strong reply"))
            if rng.random() < 0.8:
                planned.append(Planned(rng.uniform(5, 12), "author", "thanks", post.id, reply_text,
                                       f"{who} thanked the brand"))

        # 2. bystanders: pile-on for hostility to big accounts
        if hostile or overall < r.rude_below - 10:
            if post.reach >= r.pile_on_reach:
                extra = int(math.log10(post.reach / r.pile_on_reach)) if post.reach > r.pile_on_reach else 0
                n = r.pile_on_posts + extra
                lost = int(post.reach * r.pile_on_followers) + self.share(r.followers_pile_on)
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

        # 2b. public faults: screenshots and call-outs whoever the author is
        for fired, hit, kind, cause, callout, ticker in SCREENSHOTTED:
            if markers & fired:
                impulses.append((getattr(r, hit) * rf, -self.share(r.followers_fault),
                                 cause.format(who=who) + ": screenshots are going round"))
                for _ in range(2):
                    planned.append(Planned(rng.uniform(3, 15), "bystander", kind, post.id, reply_text,
                                           callout.format(who=who)))
                self.ticker.append(ticker.format(who=who))
        if "fault:misleading" in markers:
            impulses.append((r.misleading_hit * rf, 0, f"the reply to {who} said something the facts do not support"))
            planned.append(Planned(rng.uniform(5, 20), "bystander", "callout_misleading", post.id, reply_text,
                                   f"someone called out a misleading reply to {who}"))

        # 3. humour: the O2 effect, or a wound
        if markers & MISPLACED_HUMOUR:
            impulses.append((r.misplaced_humour_hit * rf, 0,
                             f"a joke to {who}, who was {'frightened' if post.persona == 'vulnerable' else 'not joking'}, landed badly"))
            planned.append(Planned(rng.uniform(4, 15), "bystander", "pile_on", post.id, reply_text,
                                   f"people objected to joking with {who}"))
        elif ("humour" in markers and overall >= r.viral_from and not hostile and not faults
              and post.persona in ("joker", "troll")):
            if post.reach >= r.viral_reach:
                gained = int(post.reach * r.viral_followers) + self.share(r.followers_viral)
                impulses.append((r.viral_lift * rf, gained,
                                 f"the witty reply to {who} went viral in the brand's favour"))
                for _ in range(2):
                    planned.append(Planned(rng.uniform(3, 20), "bystander", "praise", post.id, reply_text,
                                           f"people shared the reply to {who}"))
                self.ticker.append(f"The reply to {who} is going viral")
            elif rng.random() < r.praise_chance:
                impulses.append((r.viral_lift * 0.3, self.share(r.followers_praise) // 3,
                                 f"people liked the witty reply to {who}"))
                planned.append(Planned(rng.uniform(3, 20), "bystander", "praise", post.id, reply_text,
                                       f"someone shared the reply to {who}"))
        elif (overall >= r.good_from + 8 and post.reach >= 10_000 and not faults
              and rng.random() < r.praise_chance):
            impulses.append((r.viral_lift * 0.3 * rf, int(post.reach * 0.002) + self.share(r.followers_praise),
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

        # 5. substance helps a little: a reply that also asks for secrets or misleads is not useful
        useful = markers & SUBSTANCE_MARKERS
        if useful and not hostile and not faults and overall >= r.rude_below:
            impulses.append((r.substance_lift * len(useful), 0,
                             "useful information in a reply: " + ", ".join(sorted(useful)).replace("_", " ")))

        # 6. a follow-up that brings news or puts a reply right
        if follow_up and not hostile and not faults and overall >= r.rude_below:
            if "followup_correction" in markers:
                impulses.append((r.substance_lift * 2, 0, f"the brand corrected its earlier reply to {who}"))
            elif "followup_news" in markers:
                impulses.append((r.substance_lift * 2, 0, f"the brand came back to {who} with news"))
        return impulses, planned
