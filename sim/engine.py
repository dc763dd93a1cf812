"""The drill engine: deterministic, clock-free, and the only place a drill's state changes.

The whole surface a front end needs::

    drill = Drill(scenario, seed=7)          # writes drill_start (and t=0 facts) to the journal
    events = drill.advance(now)              # everything due up to drill second ``now``
    outcome = drill.reply(post_id, text, now)
    events = drill.next_wave()               # turns mode: the facilitator moves on
    events = drill.finish("quit", now)       # or it ends by itself at the scenario's length
    drill.state                              # a read-only snapshot for rendering

What a front end may read besides ``state`` (read-only; none of it changes the drill)::

    drill.post(post_id)                      # the Post, or None
    drill.is_answered(post_id)               # replied to already: a new reply is a follow-up
    drill.thread(post_id)                    # its thread, first post first
    drill.queue(), drill.waiting()           # who still needs a reply
    drill.sent, drill.first_replies          # the reply events: all of them, the first to each post
    drill.events                             # every event so far, typed, as the journal has them
    drill.totals()                           # the means, the counts, the drill score

Nothing here reads a clock or the environment: the caller passes ``now``. Events are processed
at the time they were *scheduled*, whatever moment ``advance`` happens to be called, so the
same seed and the same replies at the same drill seconds produce the same journal, byte for
byte. Every event is appended to the journal as it happens.

Turns mode (tabletop): drill time stands still while the room discusses. ``next_wave()`` brings
exactly the next wave: its posts are scheduled within its own turn and the clock moves to the
end of that turn, never into the next wave. Silence and drift count from when the room saw a
post (the end of the turn it arrived in). With no wave left, ``next_wave()`` runs to the end
(the front end asks first). Replies are untimed (no speed score); consequences arrive at once.

Time is quantised to milliseconds where it enters (``quantise``): the engine computes with the
very numbers the journal records, so a replay is exact whatever float clock drove the drill.
"""
from __future__ import annotations

import hashlib
import heapq
import random
import re
from dataclasses import dataclass, replace
from typing import Any
from collections.abc import Callable

from scoring import Fact as ScoredFact, ReplyContext, Score, score_reply
from sim.budget import MAX_FIRINGS, MAX_POSTS
from sim.crowd import PATIENCE, Crowd, Planned, Rates, asks_for_something
from sim.events import (TEAM_KINDS, CrowdMoved, DrillEnd, DrillStart, Event, EventError, FactKnown,
                        Injected, Limit, Paused, Posted, Replied, Resumed, Sample, Scripted, TeamEvent, Turn,
                        WaveStart)
from sim.journal import JOURNAL_VERSION, Journal
from sim.model import DIFFICULTY_SCALE, Fact, Post, Scenario, ScriptedEvent, WriterContext
from sim.threads import ReplyBook, drill_score, waiting_ahead
from sim.version import code_fingerprint
from sim.personas import PERSONAS
from sim.personas import at_risk

TICK = 1.0              # crowd drift resolution, drill seconds
TURN_GAP = 0.002        # turns mode: a wave's turn stops this short of the next wave
SAMPLE_EVERY = 5        # ticks between mood/volume samples in the journal
PREVIOUS_REPLIES = 20   # how many earlier replies the scorer compares for copy-paste


AUTO = object()         # Drill(source=AUTO): record the scenario's own file (see sim.files)


# What the engine schedules: one small type per kind of thing due, handled by ``Drill._DUE``.
@dataclass(frozen=True, slots=True)
class FactDue:
    fact: Fact


@dataclass(frozen=True, slots=True)
class WaveDue:
    index: int


@dataclass(frozen=True, slots=True)
class EventDue:
    event: ScriptedEvent
    name: str = ""              # a condition's name ("" for a scripted event)


@dataclass(frozen=True, slots=True)
class PostDue:
    persona: str
    hashtags: tuple[str, ...]
    cause: str
    key: str                    # the writer's key: the same post for every player of the seed


@dataclass(frozen=True, slots=True)
class SilenceDue:
    post_id: str


@dataclass(frozen=True, slots=True)
class TickDue:
    pass


@dataclass(frozen=True, slots=True)
class EndDue:
    pass


# A follow-up or bystander post is due as the crowd planned it (sim.crowd.Planned).
Due = FactDue | WaveDue | EventDue | PostDue | SilenceDue | TickDue | EndDue | Planned


class DrillError(Exception):
    """A request the drill cannot honour (unknown post, empty reply, drill over)."""


@dataclass(frozen=True)
class ReplyOutcome:
    post_id: str
    text: str
    at: float
    score: Score
    events: list[dict]


@dataclass
class Totals:
    empathy: float | None
    speed: float | None
    tone: float | None
    substance: float | None
    overall: float | None
    answered: int
    missed: int
    drill: float | None = None      # 0-100, counts who was left unanswered (sim.threads.drill_score)
    follow_ups: int = 0             # replies to posts already answered (counted in the means, not in answered)

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        if not d["follow_ups"]:
            del d["follow_ups"]         # as journals before follow-ups wrote it: they replay unchanged
        return d


@dataclass(frozen=True)
class ReplySent:
    """A reply as the engine scored it: to whom, what was sent, the scores and every reason."""
    post: Post | None
    text: str
    t: float
    world_time: str
    overall: float | None
    empathy: float | None
    speed: float | None
    tone: float | None
    substance: float | None
    reasons: tuple[str, ...]

    @classmethod
    def of(cls, ev: Replied, post: Post | None, world_time: str) -> ReplySent:
        """From a reply event (``Drill.replies`` and ``Drill.sent`` hold them)."""
        return cls(post=post, text=ev.text, t=float(ev.t), world_time=world_time,
                   overall=ev.score("overall"), empathy=ev.score("empathy"), speed=ev.score("speed"),
                   tone=ev.score("tone"), substance=ev.score("substance"), reasons=tuple(ev.reasons))


@dataclass(frozen=True)
class DrillState:
    """What a front end renders. Cheap to build; do not mutate what it holds."""
    t: float
    world_time: str
    length: float
    mode: str
    paused: bool
    finished: bool
    wave: int                   # waves started so far
    waves: int
    mood: float
    mood_min: float
    volume: float
    followers: int
    followers_change: int
    trending: tuple[str, ...]
    ticker: tuple[str, ...]
    facts: tuple                # Fact, known now
    queue: tuple[Post, ...]     # needs a reply, highest priority first
    totals: Totals
    answered: tuple[Post, ...]  # answered, nothing newer from them: one per person and thread, newest first
    last_reply: ReplySent | None


def _r(x: float) -> float:
    return round(x, 3)


def quantise(now: float) -> float:
    """Time as it enters the engine: whole milliseconds, exactly what the journal records.

    A front end's clock gives any float (33.9446...); the journal keeps 3 decimals. Rounding
    here, once, means the engine computes with the very number a replay reads back, so the
    rebuilt drill is the recorded one, byte for byte."""
    return round(float(now), 3)


_TIME_RE = re.compile(
    r"\b(?:by|at|until|before|around|for)\s+(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>am|pm)?\b"
    r"|\b(?P<h2>\d{1,2}):(?P<m2>\d{2})\b|\b(?P<h3>\d{1,2})\s*(?P<ap3>am|pm)\b",
    re.IGNORECASE,
)


def promised_minutes(text: str) -> int | None:
    """The first clock time named in a reply, as minutes after midnight, or None."""
    for m in _TIME_RE.finditer(text):
        h = m.group("h") or m.group("h2") or m.group("h3")
        mins = m.group("m") or m.group("m2") or "0"
        ap = (m.group("ap") or m.group("ap3") or "").lower()
        hour, minute = int(h), int(mins)
        if ap == "pm" and hour < 12:
            hour += 12
        if ap == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60 and (ap or m.group("m") or m.group("m2")):
            return hour * 60 + minute
    return None


class Drill:
    def __init__(self, scenario: Scenario, *, seed: int = 0, difficulty: str = "standard",
                 mode: str = "realtime", player: str = "human", language: str = "mild",
                 journal: Journal | None = None, started_at: str | None = None,
                 scorer: Callable[[ReplyContext], Score] = score_reply, writer=None,
                 source: dict | None | object = AUTO) -> None:
        if difficulty not in DIFFICULTY_SCALE:
            raise DrillError(f"unknown difficulty {difficulty!r}: choose calm, standard or storm")
        if mode not in ("realtime", "turns"):
            raise DrillError(f"unknown mode {mode!r}: choose realtime or turns")

        if source is AUTO:          # where the scenario came from, so replay can find it again
            from sim.files import scenario_source
            source = scenario_source(scenario)
        self.scenario = scenario
        self.seed = int(seed)
        self.difficulty = difficulty
        self.mode = mode
        self.player = player
        self.journal = journal if journal is not None else Journal(None)
        self._scale = DIFFICULTY_SCALE[difficulty]
        self._rng = random.Random(f"stormdesk:{self.seed}:engine")
        if writer is None:
            from sim.posts import PostWriter   # faker is heavy: import only when a drill starts
            writer = PostWriter(scenario, self.seed, difficulty=difficulty, language=language)
        self._writer = writer
        self._score = scorer
        rates = Rates.with_overrides(scenario.crowd.values)
        self.crowd = Crowd(start_mood=scenario.crowd.start_mood, followers=scenario.brand.followers,
                           rates=rates)
        self.t = 0.0
        self.posts: dict[str, Post] = {}
        self.replies: dict[str, Replied] = {}        # post id -> its first reply event
        self.follow_ups: list[Replied] = []          # later replies to answered posts, in order
        self._sent: list[Replied] = []               # every reply event, first ones and follow-ups
        self._reply_texts: list[str] = []
        # who still needs a reply, threads, supersessions: the books sim.debrief keeps too
        self._book = ReplyBook()
        self._thread_root: dict[str, str] = self._book.root     # post id -> root post id
        self._thread_follow_ups: dict[str, int] = {}
        self._chasers: dict[str, int] = {}
        self._missed_vulnerable: set[str] = set()      # thread roots
        self._handled: set[str] = self._book.superseded  # superseded by a newer post in the thread
        self._open: dict[str, Post] = self._book.open    # needs a reply, has none, not superseded
        self._promises: list[tuple[str, int, bool]] = []   # (handle, minutes, checked)
        self._authored: list[tuple[str, str, str]] = []     # team drills: (author, post id, text)
        self._queue: list[tuple[float, int, Due]] = []
        self._seq = 0
        self._next_post = 1
        self._waves_started = 0
        self._ticks = 0
        self._cond_since: dict[int, float | None] = {}
        self._cond_fired: set[int] = set()
        self._firings = 0
        self._turns = 0                                # turns mode: waves brought so far
        self._seen_from = 0.0                          # turns mode: when the room sees what arrives now
        self._seen: dict[str, float] = {}              # turns mode: post id -> when the room saw it
        self._as_seen: dict[str, Post] = {}            # turns mode: the post as the crowd counts it
        self._limits: set[str] = set()                 # budget limits reached (sim/budget.py)
        self._injects = 0                              # the facilitator's injects so far
        self.finished = False
        self.end_reason = ""
        self.paused = False
        self._build_schedule()
        self._emit(DrillStart(
            t=0.0, version=JOURNAL_VERSION, scenario=scenario.id, title=scenario.title,
            seed=self.seed, difficulty=difficulty, mode=mode, player=player, language=language,
            started_at=started_at, length=scenario.length,
            brand={"name": scenario.brand.name, "handle": scenario.brand.handle,
                   "voice": scenario.brand.voice, "followers": scenario.brand.followers},
            speed={"good": scenario.speed.good, "late": scenario.speed.late},
            clock={"start_minutes": scenario.clock.start_minutes, "speed": scenario.clock.speed},
            scenario_hash=scenario_fingerprint(scenario), code=code_fingerprint(),
            mood=_r(self.crowd.mood),
            source=source or None))

    # -- scheduling --------------------------------------------------------------------------
    def _at(self, t: float, due: Due) -> None:
        self._seq += 1
        heapq.heappush(self._queue, (_r(t), self._seq, due))

    def _build_schedule(self) -> None:
        sc = self.scenario
        for f in sc.facts:
            self._at(f.at, FactDue(f))
        self._turn_ends = self._wave_windows() if self.mode == "turns" else {}
        for i, w in enumerate(sc.waves):
            self._at(w.at, WaveDue(i))
            n = max(1, round(w.posts * self._scale["volume"]))
            over = self._turn_ends[i] - w.at if self.mode == "turns" else w.over
            for j in range(n):
                at = w.at + over * (j + self._rng.random()) / n
                self._at(at, PostDue(self._pick(w.mix), tuple(w.hashtags), "", f"w{i}.{j}"))
        for e in sc.events:
            self._at(e.at, EventDue(e))
        t = TICK
        while t <= sc.length:
            self._at(t, TickDue())
            t += TICK
        self._at(sc.length, EndDue())

    def _wave_windows(self) -> dict[int, float]:
        """Turns mode: where each wave's turn ends. A wave's posts arrive within its own turn:
        never past the start of the next wave (or the end of the drill), so one Ctrl+N brings
        exactly one wave and the drill ends only when the facilitator says so."""
        sc = self.scenario
        order = sorted(range(len(sc.waves)), key=lambda i: (sc.waves[i].at, i))
        ends: dict[int, float] = {}
        for k, i in enumerate(order):
            w = sc.waves[i]
            stop = sc.length - TURN_GAP
            if k + 1 < len(order):
                stop = min(stop, sc.waves[order[k + 1]].at - TURN_GAP)
            ends[i] = max(w.at, min(w.at + w.over, stop))
        self._turn_order = order
        return ends

    @property
    def waves_left(self) -> int:
        """Turns mode: waves the facilitator has not brought yet (0: the next turn ends it)."""
        return max(0, len(self.scenario.waves) - self._turns)

    def _pick(self, mix, rng: random.Random | None = None) -> str:
        personas = list(mix)
        weights = [float(mix[p]) for p in personas]
        return (rng or self._rng).choices(personas, weights=weights)[0]

    # -- journal -----------------------------------------------------------------------------
    def _emit(self, event: Event, out: list[dict] | None = None) -> dict:
        """Journal ``event``; returns its JSON object (what ``out`` and the journal hold)."""
        ev = event.to_json()
        self.journal.write(ev)
        if out is not None:
            out.append(ev)
        return ev

    def _nudge(self, d: float, followers: int, cause: str, out: list[dict], post_id: str | None = None,
               extra: dict | None = None) -> None:
        dm, df = self.crowd.nudge(d, followers)
        if abs(dm) < 1e-9 and not df:
            return
        self._emit(CrowdMoved(t=_r(self.t), cause=cause, delta=round(dm, 2),
                              mood=round(self.crowd.mood, 2), followers=self.crowd.followers,
                              followers_delta=df, post_id=post_id, **(extra or {})), out)

    # -- the public surface --------------------------------------------------------------------
    def advance(self, now: float) -> list[dict]:
        """Process everything scheduled up to drill second ``now`` (never backwards)."""
        out: list[dict] = []
        if self.mode == "turns":
            return out          # in turns mode only next_wave() and replies move the drill
        self._run_until(quantise(now), out)
        return out

    def next_wave(self) -> list[dict]:
        """Turns mode: bring exactly the next wave: the clock moves to the end of that wave's
        turn (never into the next wave). With no wave left, run to the end of the drill."""
        out: list[dict] = []
        if self.finished:
            return out
        if self.mode == "turns" and self._turns < len(self.scenario.waves):
            i = self._turn_order[self._turns]
            target = max(self.t, self._turn_ends[i])
            self._turns += 1
        elif self.mode == "turns":
            target = self.scenario.length
        else:
            waves = sorted(self.scenario.waves, key=lambda w: w.at)
            upcoming = waves[self._waves_started:] if self._waves_started < len(waves) else []
            target = max(self.t, upcoming[0].at + upcoming[0].over) if upcoming else self.scenario.length
        self._emit(Turn(t=_r(self.t), to=_r(target)), out)
        self._seen_from = _r(target)      # the room sees this turn's posts when it stops
        self._run_until(target, out)
        return out

    def reply(self, post_id: str, text: str, now: float | None = None, *,
              author: str | None = None, approved_by: str | None = None) -> ReplyOutcome:
        """``author``/``approved_by`` (team drills) are journalled on the reply when given."""
        if self.finished:
            raise DrillError("the drill is over: no more replies")
        if not isinstance(text, str) or not text.strip():
            raise DrillError("the reply is empty")
        out: list[dict] = []
        if now is not None and self.mode == "realtime":
            self._run_until(quantise(now), out)   # everything due before the reply happens first
            if self.finished:
                raise DrillError("the drill ended before the reply was sent")
        post, earlier = self._answerable(post_id)
        t = self.t
        score = self._score(self._context(post, text, earlier))
        ev = Replied(
            t=_r(t), post_id=post_id, text=text, seconds=_r(t - post.at), scores=score.to_dict(),
            follow_up=len(earlier) or None, author=author, approved_by=approved_by)
        self._emit(ev, out)
        if earlier:
            self.follow_ups.append(ev)
        else:
            self.replies[post_id] = ev
        self._sent.append(ev)
        self._open.pop(post_id, None)
        self._reply_texts.append(text)
        self._consequences(post, text, score, out, follow_up=bool(earlier))
        if author is not None:
            self._note_disagreement(post, text, author, out)
        if self.mode == "turns":
            self._run_until(self.t, out)    # consequences arrive at once
        return ReplyOutcome(post_id, text, t, score, out)

    def _answerable(self, post_id: str) -> tuple[Post, tuple[str, ...]]:
        """The post a reply may go to, and (for a follow-up to a post already answered) the
        player's earlier replies to that person in its thread, oldest first."""
        post = self.posts.get(post_id)
        if post is None:
            raise DrillError(f"no post {post_id!r} in this drill")
        if not post.needs_reply:
            raise DrillError(f"post {post_id} does not need a reply")
        if post_id not in self.replies:
            return post, ()
        newer = self.newer_in_thread(post)
        if newer is not None:
            raise DrillError(f"{post.handle} has written again in this thread ({newer.id}): "
                             f"reply to their newest post")
        return post, self.thread_replies(post)

    def newer_in_thread(self, post: Post) -> Post | None:
        """The newest post by ``post``'s author in its thread still waiting for a reply, if any
        (a follow-up goes there, as an ordinary reply)."""
        root = self._thread_root.get(post.id, post.id)
        newer = [p for p in self._open.values()
                 if p.handle == post.handle and self._thread_root.get(p.id, p.id) == root]
        return newer[-1] if newer else None

    def thread_replies(self, post: Post) -> tuple[str, ...]:
        """Every reply the player sent to ``post``'s author in its thread, oldest first."""
        root = self._thread_root.get(post.id, post.id)
        out = []
        for ev in self._sent:
            p = self.posts.get(ev.post_id)
            if p is not None and p.handle == post.handle and self._thread_root.get(p.id, p.id) == root:
                out.append(ev.text)
        return tuple(out)

    def _context(self, post: Post, text: str, earlier: tuple[str, ...] = ()) -> ReplyContext:
        """What the scorer is told. A follow-up (``earlier``: the thread's replies so far) is
        untimed: its speed was judged on the first reply."""
        t = self.t
        ahead = waiting_ahead(self.waiting(), post)
        timed = self.mode == "realtime" and not earlier
        return ReplyContext(
            post=post.text, reply=text, persona=post.persona,
            facts=tuple(ScoredFact(text=f.text, kind=f.kind, at=f.at) for f in self.scenario.facts_known(t)), at=t,
            previous_replies=tuple(self._reply_texts[-PREVIOUS_REPLIES:]),
            voice=self.scenario.brand.voice,
            seconds_to_reply=(t - post.at) if timed else None,
            speed_good=self.scenario.speed.good, speed_late=self.scenario.speed.late,
            priority=post.priority, higher_priority_waiting=ahead if timed else 0,
            author_name=post.author, author_handle=post.handle, brand=self.scenario.brand.name,
            thread_replies=earlier,
        )

    def preview(self, post_id: str, text: str) -> Score:
        """The score ``text`` would get if published now; changes nothing (an approver's view)."""
        if not isinstance(text, str) or not text.strip():
            raise DrillError("the reply is empty")
        post, earlier = self._answerable(post_id)
        return self._score(self._context(post, text, earlier))

    # -- team drills: the facilitator's injects and the desk's own events -------------------------
    RECORDED = TEAM_KINDS

    def record(self, ev: dict, now: float | None = None) -> list[dict]:
        """Journal a team event (a claim, a review, a note...) at drill second ``now``.
        It changes nothing in the drill; replay feeds it back to reproduce the journal."""
        if ev.get("type") not in self.RECORDED:
            raise DrillError(f"not a team event: {ev.get('type')!r}")
        out: list[dict] = []
        if now is not None and self.mode == "realtime" and not self.paused:
            self._run_until(now, out)
        try:
            team = TeamEvent.of(_r(self.t), ev)
        except EventError as e:
            raise DrillError(str(e)) from None
        self._emit(team, out)
        return out

    def inject(self, text: str, *, kind: str = "inject", mood: float = 0.0, posts: int = 0,
               mix: dict | None = None, by: str | None = None, now: float | None = None) -> list[dict]:
        """The facilitator's inject: happens now, with a mood effect and posts of its own."""
        if self.finished:
            raise DrillError("the drill is over: no more injects")
        if not isinstance(text, str) or not text.strip():
            raise DrillError("the inject needs some text")
        out: list[dict] = []
        if now is not None and self.mode == "realtime" and not self.paused:
            self._run_until(now, out)
            if self.finished:
                raise DrillError("the drill ended before the inject")
        self._injects += 1
        mix = {str(k): float(v) for k, v in (mix or {}).items() if float(v) > 0}
        posts = max(0, int(posts))
        self._emit(Injected(t=_r(self.t), inject_kind=kind, text=text.strip(), mood=float(mood),
                            posts=posts, mix=mix, by=by), out)
        if kind == "restored":
            self.crowd.restored = True
        if mood:
            self._nudge(float(mood), 0, f"{kind}: {text.strip()}", out)
        if posts and mix:
            rng = random.Random(f"stormdesk:{self.seed}:inject:{self._injects}:{text.strip()}")
            n = max(1, round(posts * self._scale["volume"]))
            for k in range(n):
                delay = 0.0 if self.mode == "turns" else rng.uniform(2, 30)
                self._at(self.t + delay, PostDue(self._pick(mix, rng), (), f"{kind}: {text.strip()}",
                                                 f"i:{self._injects}:{k}"))
            if self.mode == "turns":
                self._run_until(self.t, out)
        return out

    def finish(self, reason: str = "quit", now: float | None = None) -> list[dict]:
        out: list[dict] = []
        if self.finished:
            return out
        if now is not None and self.mode == "realtime":
            self._run_until(min(quantise(now), self.scenario.length), out)
            if self.finished:
                return out
        self._end(reason, out)
        return out

    def pause(self, now: float | None = None) -> list[dict]:
        """Journal a pause. The caller stops its clock; drill time does not move while paused.

        Realtime: everything due up to ``now`` runs first, so a replay that calls
        ``pause(t)`` at the journalled ``t`` reproduces the journal exactly.
        """
        out: list[dict] = []
        if self.paused or self.finished:
            return out
        if now is not None and self.mode == "realtime":
            self._run_until(quantise(now), out)
            if self.finished:
                return out
        self.paused = True
        self._emit(Paused(t=_r(self.t)), out)
        return out

    def resume(self) -> list[dict]:
        out: list[dict] = []
        if self.paused:
            self.paused = False
            self._emit(Resumed(t=_r(self.t)), out)
        return out

    # -- state -------------------------------------------------------------------------------
    def post(self, post_id: str | None) -> Post | None:
        """The post ``post_id``, or None when this drill has none by that id."""
        return self.posts.get(post_id) if post_id else None

    def is_answered(self, post_id: str | None) -> bool:
        """True once a reply went to ``post_id`` (another reply to it is a follow-up)."""
        return post_id in self.replies

    @property
    def first_replies(self) -> tuple[Replied, ...]:
        """The first reply to each answered post, in the order they were sent (no follow-ups)."""
        return tuple(self.replies.values())

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event of this drill so far, typed, oldest first (``drill_start`` is the first):
        what its journal holds, resumed drills included."""
        return tuple(self.journal.typed)

    def thread_root(self, post_id: str) -> str:
        """The first post of the thread ``post_id`` belongs to."""
        return self._thread_root.get(post_id, post_id)

    @property
    def sent(self) -> tuple[Replied, ...]:
        """Every reply event, first replies and follow-ups, in the order they were sent."""
        return tuple(self._sent)

    def waiting(self) -> list[Post]:
        return list(self._open.values())

    def queue(self) -> list[Post]:
        return sorted(self.waiting(), key=lambda p: (-p.priority, p.at))

    def totals(self) -> Totals:
        """Means over every reply sent (follow-ups too: each was written and scored); ``answered``
        counts posts, not replies; the drill score takes each person's first reply (a follow-up
        cannot undo a silence or a poor first answer, nor make a good one worse)."""
        def avg(key: str) -> float | None:
            vals = [v for v in (ev.score(key) for ev in self._sent) if v is not None]
            return round(sum(vals) / len(vals), 1) if vals else None

        drill = drill_score(self._book.owed.values(),
                            {pid: ev.score("overall") for pid, ev in self.replies.items()},
                            now=self.t, grace=None if self.mode == "turns" else self.scenario.speed.good)
        return Totals(avg("empathy"), avg("speed"), avg("tone"), avg("substance"), avg("overall"),
                      answered=len(self.replies), missed=len(self.waiting()), drill=drill,
                      follow_ups=len(self.follow_ups))

    @property
    def state(self) -> DrillState:
        c = self.crowd
        return DrillState(
            t=self.t, world_time=self.scenario.clock.label(self.t), length=self.scenario.length,
            mode=self.mode, paused=self.paused, finished=self.finished,
            wave=self._waves_started, waves=len(self.scenario.waves),
            mood=c.mood, mood_min=c.mood_min, volume=c.volume(self.t), followers=c.followers,
            followers_change=c.followers - c.followers_start, trending=tuple(c.trending(self.t)),
            ticker=tuple(c.ticker), facts=tuple(self.scenario.facts_known(self.t)),
            queue=tuple(self.queue()), totals=self.totals(),
            answered=self._followable(),
            last_reply=self._as_sent(self._sent[-1]) if self._sent else None,
        )

    def _followable(self) -> tuple[Post, ...]:
        """The posts a follow-up can go to: answered, and their author has not written again in
        the thread (that newer post waits in the queue). One per person and thread, the thread's
        newest answered post, most recently replied first."""
        out: list[Post] = []
        seen: set[tuple[str, str]] = set()
        for ev in reversed(self._sent):
            p = self.posts.get(ev.post_id)
            if p is None:
                continue
            key = (self.thread_root(p.id), p.handle)
            if key in seen:
                continue
            seen.add(key)
            if self.newer_in_thread(p) is None:
                out.append(p)
        return tuple(out)

    def _as_sent(self, ev: Replied) -> ReplySent:
        return ReplySent.of(ev, self.posts.get(ev.post_id), self.scenario.clock.label(float(ev.t)))

    def thread(self, post_id: str, *, same_author: bool = False) -> list[Post]:
        """The thread ``post_id`` belongs to, first post first (sim.threads keeps the books);
        ``same_author``: only the posts by whoever wrote ``post_id``."""
        posts = [self.posts[q] for q in self._book.members(post_id) if q in self.posts]
        me = self.posts.get(post_id)
        return [p for p in posts if p.handle == me.handle] if same_author and me else posts

    def writer_context(self) -> WriterContext:
        sc = self.scenario
        known = sc.facts_known(self.t)
        promise = None
        for handle, minutes, _ in self._promises:
            promise = (handle, f"{minutes // 60:02d}:{minutes % 60:02d}")
        return WriterContext(
            t=self.t, world_time=sc.clock.label(self.t), since=sc.clock.label(0),
            hours=int((sc.clock.world_minutes(self.t) - sc.clock.start_minutes) // 60),
            facts=known, mood=self.crowd.mood, restored=self.crowd.restored, promise=promise,
            trending=self.crowd.trending(self.t),
        )

    # -- the loop ----------------------------------------------------------------------------
    def _run_until(self, now: float, out: list[dict]) -> None:
        now = min(float(now), self.scenario.length)
        while self._queue and not self.finished and self._queue[0][0] <= now + 1e-9:
            t, _, due = heapq.heappop(self._queue)
            self.t = max(self.t, t)
            self._DUE[type(due)](self, due, out)
        if not self.finished:
            self.t = max(self.t, now)

    def _do_fact(self, due: FactDue, out: list[dict]) -> None:
        fact = due.fact
        self._emit(FactKnown(t=_r(self.t), id=fact.id, fact_kind=fact.kind, text=fact.text), out)
        if fact.kind == "restored":
            self.crowd.restored = True

    def _do_wave(self, due: WaveDue, out: list[dict]) -> None:
        i = due.index
        w = self.scenario.waves[i]
        self._waves_started = i + 1
        self._emit(WaveStart(t=_r(self.t), index=i, name=w.name,
                             posts=max(1, round(w.posts * self._scale["volume"]))), out)

    def _do_event(self, due: EventDue, out: list[dict]) -> None:
        e, name = due.event, due.name
        self._emit(Scripted(t=_r(self.t), event_kind=e.kind, text=e.text, conditional=name or None), out)
        if e.kind == "restored":
            self.crowd.restored = True
        if e.mood:
            self._nudge(e.mood, 0, f"{e.kind}: {e.text}", out)
        if e.posts and e.mix:
            # its own random stream: the same event brings the same posts whatever the player did
            rng = random.Random(f"stormdesk:{self.seed}:event:{name}:{e.kind}:{e.text}")
            n = max(1, round(e.posts * self._scale["volume"]))
            for k in range(n):
                self._at(self.t + rng.uniform(2, 30),
                         PostDue(self._pick(e.mix, rng), tuple(e.hashtags), f"{e.kind}: {e.text}",
                                 f"e:{name}:{e.kind}:{e.text}:{k}"))

    def _over_budget(self, what: str, limit: int, out: list[dict]) -> bool:
        """True once ``what`` has reached its budget; the first time, say so in the journal."""
        if what not in self._limits:
            self._limits.add(what)
            self._emit(Limit(t=_r(self.t), what=what, limit=limit), out)
        return True

    def _do_new_post(self, due: PostDue, out: list[dict]) -> None:
        if len(self.posts) >= MAX_POSTS and self._over_budget("posts", MAX_POSTS, out):
            return
        persona, hashtags, cause, key = due.persona, due.hashtags, due.cause, due.key
        # Scheduled posts are keyed, so every player of the same scenario and seed meets the
        # same people saying the same things (what a side-by-side debrief compares); only
        # posts that react to the player draw from the shared stream.
        draft = self._writer.post(persona, self.writer_context(), hashtags, key=key)
        post = self._add_post(draft, out, cause=cause)
        patience = PATIENCE.get(persona, 90.0) * self._scale["patience"]
        self._at(self._seen.get(post.id, self.t) + patience, SilenceDue(post.id))

    def _do_follow(self, plan: Planned, out: list[dict]) -> None:
        if len(self.posts) >= MAX_POSTS and self._over_budget("posts", MAX_POSTS, out):
            return
        about = self.posts[plan.about]
        ctx = self.writer_context()
        if plan.promise:                    # the promise this post is about, not the latest one
            ctx = replace(ctx, promise=plan.promise)
        if plan.who == "author":
            draft = self._writer.follow_up(about, plan.kind, ctx, plan.reply_text)
            # the same person again, whatever the writer drew
            draft = replace(draft, author=about.author, handle=about.handle, reach=about.reach)
        else:
            draft = self._writer.bystander(plan.kind, about, ctx, plan.reply_text)
        # the newest post in a thread supersedes the author's earlier unanswered ones (ReplyBook)
        post = self._add_post(draft, out, reply_to=about.id, cause=plan.cause)
        root = self._thread_root.get(post.id, post.id)
        if plan.who == "author" and post.needs_reply:
            if plan.kind != "chaser":
                self._thread_follow_ups[root] = self._thread_follow_ups.get(root, 0) + 1
            patience = PATIENCE.get(post.persona, 90.0) * self._scale["patience"]
            self._at(self._seen.get(post.id, self.t) + patience, SilenceDue(post.id))

    def _do_silence(self, due: SilenceDue, out: list[dict]) -> None:
        """A post's patience ran out. Still unanswered: the author chases, others notice."""
        post_id = due.post_id
        post = self.posts[post_id]
        if post_id in self.replies or post_id in self._handled or not asks_for_something(post.persona):
            return                          # only people who asked for something chase
        r = self.crowd.rates
        root = self._thread_root.get(post_id, post_id)
        n = self._chasers.get(root, 0)
        waited = self.t - self._seen.get(post_id, post.at)
        self._nudge(r.chaser_hit, -self.crowd.share(r.followers_ignored),
                    f"{post.handle} has waited {int(waited)}s with no reply", out, post_id)
        if at_risk(post.persona) and root not in self._missed_vulnerable:
            self._missed_vulnerable.add(root)
            self._nudge(r.vulnerable_ignored_hit,
                        -(self.crowd.share(r.followers_vulnerable) + int(post.reach * 0.01)),
                        f"a vulnerable person ({post.handle}) was left without help", out, post_id)
            self._at(self.t + self._rng.uniform(2, 10),
                     Planned(0, "bystander", "callout_vulnerable", post_id, None,
                             f"{post.handle} was left without help"))
        if n < r.max_chasers:
            self._chasers[root] = n + 1
            self._at(self.t + self._rng.uniform(1, 5),
                     Planned(0, "author", "chaser", post_id, None, f"{post.handle} got no reply"))
            if self._rng.random() < r.join_in_chance:
                self._at(self.t + self._rng.uniform(3, 15),
                         Planned(0, "bystander", "joins_in", post_id, None,
                                 f"others joined {post.handle}'s unanswered complaint"))

    def _do_tick(self, _due: TickDue, out: list[dict]) -> None:
        self._ticks += 1
        waiting = self.waiting()
        if self.mode == "turns":        # silence counts from when the room saw the post
            waiting = [self._as_seen.get(p.id, p) for p in waiting if self._seen.get(p.id, p.at) <= self.t]
        self.crowd.drift(waiting, self.t, self.scenario.speed.good)
        clock = self.scenario.clock
        silence = self.crowd.silence_report(
            self.t, lambda p: f"{int(clock.world_minutes(self.t) - clock.world_minutes(p.at))} min", clock.label)
        if silence:                         # the slide, told as it builds up (already applied)
            self._emit(CrowdMoved(t=_r(self.t), cause=silence[1], delta=silence[0],
                                  mood=round(self.crowd.mood, 2), followers=self.crowd.followers,
                                  post_id=silence[2], slide=True, waiting=silence[3]), out)
        self._check_promises(out)
        self._check_conditions(out)
        if self._ticks % SAMPLE_EVERY == 0:
            self._emit(Sample(t=_r(self.t), mood=round(self.crowd.mood, 2),
                              volume=self.crowd.volume(self.t), followers=self.crowd.followers,
                              unanswered=len(self.waiting())), out)

    def _do_end(self, _due: EndDue, out: list[dict]) -> None:
        self._end("finished", out)

    def _end(self, reason: str, out: list[dict]) -> None:
        self.finished = True
        self.end_reason = reason
        c = self.crowd
        self._emit(DrillEnd(t=_r(self.t), reason=reason, totals=self.totals().to_dict(),
                            crowd={"mood_start": round(c.start_mood, 2), "mood_end": round(c.mood, 2),
                                   "mood_min": round(c.mood_min, 2), "followers_start": c.followers_start,
                                   "followers_end": c.followers}), out)

    # -- helpers -----------------------------------------------------------------------------
    def _add_post(self, draft, out: list[dict], reply_to: str | None = None, cause: str = "") -> Post:
        pid = f"p{self._next_post}"
        self._next_post += 1
        prio = priority(draft.persona, draft.reach, draft.anger)
        post = Post(id=pid, at=_r(self.t), author=draft.author, handle=draft.handle,
                    persona=draft.persona, text=draft.text, reach=int(draft.reach),
                    anger=round(float(draft.anger), 1), priority=prio, kind=draft.kind,
                    reply_to=reply_to, hashtags=tuple(draft.hashtags), cause=cause)
        self.posts[pid] = post
        if self.mode == "turns" and self._seen_from > post.at:
            self._seen[pid] = self._seen_from
            self._as_seen[pid] = replace(post, at=self._seen_from)
        self._book.add(pid, post, handle=post.handle, reply_to=reply_to, kind=post.kind)
        self.crowd.saw_post(post)
        self._emit(Posted(t=_r(self.t), post=post), out)
        return post

    def _consequences(self, post: Post, text: str, score: Score, out: list[dict], follow_up: bool = False) -> None:
        markers = set(score.markers)
        root = self._thread_root.get(post.id, post.id)
        if follow_up and "followup_correction" in markers:
            # a fix time corrected in public is withdrawn: not called broken, nor contradicted later
            self._promises = [p for p in self._promises if p[0] != post.handle]
        impulses, planned = self.crowd.react(post, text, score.overall, markers, self._rng,
                                             self._thread_follow_ups.get(root, 0), follow_up=follow_up)
        for d, followers, cause in impulses:
            self._nudge(d, followers, cause, out, post.id)
        turns = self.mode == "turns"
        for p in planned:
            self._at(self.t + (0.0 if turns else p.delay), p)
        self._note_promise(post, text, markers, out)

    def _note_promise(self, post: Post, text: str, markers: set[str], out: list[dict]) -> None:
        minutes = promised_minutes(text)
        if minutes is None or "unsupported_eta" not in markers:
            return
        for handle, earlier, _ in self._promises:
            if earlier != minutes:
                self._nudge(self.crowd.rates.contradiction_hit, 0,
                            f"the brand told {handle} {earlier // 60:02d}:{earlier % 60:02d} but now "
                            f"says {minutes // 60:02d}:{minutes % 60:02d}", out, post.id)
                self._at(self.t + (0 if self.mode == "turns" else self._rng.uniform(5, 20)),
                         Planned(0, "bystander", "contradiction", post.id, text,
                                 "replies contradicted each other",
                                 promise=(handle, f"{earlier // 60:02d}:{earlier % 60:02d}")))
                break
        self._promises.append((post.handle, minutes, False))

    def _note_disagreement(self, post: Post, text: str, author: str, out: list[dict]) -> None:
        """Team drills: a published reply that disagrees with an earlier one by someone else on
        the desk (a cause, advice, what works, money: sim.consistency) is called out by the crowd."""
        from sim.consistency import disagreement
        for other_author, other_id, other_text in reversed(self._authored):
            if other_author == author:
                continue
            found = disagreement(other_text, text)
            if found is None:
                continue
            handle = self.posts[other_id].handle
            self._nudge(self.crowd.rates.contradiction_hit, 0,
                        f"the brand told {handle} \"{found.earlier}\" but now says \"{found.later}\" "
                        f"to {post.handle} ({found.topic})", out, post.id,
                        extra={"disagrees": {"topic": found.topic, "with": other_id,
                                             "authors": [other_author, author]}})
            self._at(self.t + (0 if self.mode == "turns" else self._rng.uniform(5, 20)),
                     Planned(0, "bystander", "disagreement", post.id, text, "replies disagreed",
                             promise=(handle, found.earlier)))
            break
        self._authored.append((author, post.id, text))

    def _check_promises(self, out: list[dict]) -> None:
        if not self._promises or self.crowd.restored:
            return
        now_min = self.scenario.clock.world_minutes(self.t)
        for i, (handle, minutes, checked) in enumerate(self._promises):
            if not checked and now_min >= minutes:
                self._promises[i] = (handle, minutes, True)
                about = next((p.id for p in self.posts.values() if p.handle == handle), None)
                self._nudge(self.crowd.rates.broken_promise_hit, 0,
                            f"the fix time promised to {handle} ({minutes // 60:02d}:{minutes % 60:02d}) passed",
                            out, about)
                if about:       # only now, with the promised time passed, is it called broken
                    self._at(self.t + 1, Planned(0, "bystander", "promise_passed", about, None,
                                                           "a promised fix time passed",
                                                           promise=(handle, f"{minutes // 60:02d}:{minutes % 60:02d}")))

    def _metric(self, name: str) -> float:
        if name == "mood":
            return self.crowd.mood
        if name == "volume":
            return self.crowd.volume(self.t)
        if name == "unanswered":
            return float(len(self.waiting()))
        if name == "missed_vulnerable":
            return float(len(self._missed_vulnerable))
        if name == "followers_change":
            return float(self.crowd.followers - self.crowd.followers_start)
        return 0.0

    def _check_conditions(self, out: list[dict]) -> None:
        for i, ce in enumerate(self.scenario.conditions):
            if ce.once and i in self._cond_fired:
                continue
            v = self._metric(ce.when.metric)
            holds = v > ce.when.value if ce.when.above else v < ce.when.value
            if not holds:
                self._cond_since[i] = None
                continue
            since = self._cond_since.get(i)
            if since is None:
                since = self._cond_since[i] = self.t
            if self.t - since >= ce.when.for_seconds:
                if self._firings >= MAX_FIRINGS:
                    self._over_budget("condition firings", MAX_FIRINGS, out)
                    return
                self._firings += 1
                self._cond_fired.add(i)
                self._cond_since[i] = None
                self._do_event(EventDue(ce.then, ce.name or ce.then.kind), out)

    _DUE: dict[type, Callable[[Drill, Any, list[dict]], None]] = {
        FactDue: _do_fact, WaveDue: _do_wave, EventDue: _do_event, PostDue: _do_new_post,
        SilenceDue: _do_silence, TickDue: _do_tick, EndDue: _do_end, Planned: _do_follow}


def priority(persona: str, reach: int, anger: float) -> float:
    """Triage order, 0..1: vulnerable people first, then reach, then anger."""
    import math
    base = PERSONAS[persona].priority if persona in PERSONAS else 0.0
    p = base + 0.35 * min(1.0, math.log10(max(reach, 1) + 1) / 6.5) + 0.1 * min(anger, 100.0) / 100.0
    return round(min(1.0, p), 3)


def scenario_fingerprint(sc: Scenario) -> str:
    """A short hash of the scenario's content, so replay can tell if the file changed."""
    from dataclasses import replace
    return hashlib.sha256(repr(replace(sc, source="")).encode("utf-8")).hexdigest()[:16]
