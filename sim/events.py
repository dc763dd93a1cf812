"""The journal's events: one frozen dataclass per kind, and their JSON in one place.

The engine builds these; ``Journal.write`` turns them into a line (``to_json``); the reader
(``sim.journal.read_journal``) turns a line back into one (``from_json``), checking every field
the class declares. Each field is declared once, with its JSON type and when it is left out of
the line, so the writer, the reader and its error messages cannot disagree.

A kind this version does not know (a newer writer's) is read as :class:`Unknown`, kept whole.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, ClassVar

from sim.model import Post

NUM, INT, STR, DICT, LIST, OPT_STR, BOOL = ("number", "whole number", "text", "object", "list",
                                             "text or null", "true or false")
LABEL = "text, a whole number or null"      # a seat's --team: 2 or "team2"
ALWAYS, IF_SET, IF_TRUE = "always", "if set", "if true"    # when a field is written


_event = dataclass(frozen=True, slots=True, kw_only=True)


class EventError(ValueError):
    """A journal line that is JSON but not a valid event of its kind (the message says why)."""


def _f(json_type: str, default: Any = MISSING, write: str = ALWAYS, name: str | None = None):
    """A field: its JSON type, its default (none: required), when it is written (``IF_SET``:
    left out when None; ``IF_TRUE``: left out when false, 0 or empty), and its JSON name when
    that is not the attribute's (``kind`` would shadow the class's own)."""
    meta = {"json": json_type, "write": write, "name": name}
    if default is MISSING:
        return field(metadata=meta)
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


def _is(v, kind: str) -> bool:
    if kind == NUM:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    if kind == INT:
        return isinstance(v, int) and not isinstance(v, bool)
    if kind == STR:
        return isinstance(v, str)
    if kind == OPT_STR:
        return v is None or isinstance(v, str)
    if kind == DICT:
        return isinstance(v, dict)
    if kind == BOOL:
        return isinstance(v, bool)
    if kind == LABEL:
        return v is None or isinstance(v, str) or (isinstance(v, int) and not isinstance(v, bool))
    return isinstance(v, list)


field_of, is_json = _f, _is          # for records declared the same way elsewhere (sim.drill.log)


def short(v) -> str:
    s = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else json.dumps(v[:40])
    return s if len(s) <= 60 else s[:57] + "..."


@_event
class Event:
    """One journal line: ``t`` (drill seconds) and ``type`` (the class's ``kind``) come first."""
    kind: ClassVar[str] = ""
    t: float

    def to_json(self) -> dict:
        return write_fields(self, {"t": self.t, "type": self.kind})

    @classmethod
    def from_json(cls, d: Mapping) -> Event:
        """The event a journal line holds (raises ``EventError`` saying what is wrong)."""
        return cls(t=d["t"], **read_fields(cls, d))


def write_fields(obj, out: dict) -> dict:
    """``out`` with every declared field of ``obj`` added in order (by its ``write`` rule)."""
    for f in fields(obj):
        if "json" not in f.metadata:
            continue
        v = getattr(obj, f.name)
        rule = f.metadata.get("write", ALWAYS)
        if (rule == IF_SET and v is None) or (rule == IF_TRUE and not v):
            continue
        out[f.metadata.get("name") or f.name] = v
    return out


def read_fields(cls, d: Mapping) -> dict:
    """The declared fields of ``cls`` (made with ``_f``) read from ``d``, each checked against
    its JSON type; ``EventError`` names the first that is missing or wrong. Also used for the
    team drill's room events (``sim.drill.log``)."""
    kw = {}
    for f in fields(cls):
        if "json" not in f.metadata:
            continue
        want, name = f.metadata["json"], f.metadata.get("name") or f.name
        if name not in d:
            if f.default is MISSING and f.default_factory is MISSING:
                raise EventError(f"a {cls.kind} event needs the field '{name}'")
            continue
        v = d[name]
        if not _is(v, want) and not (v is None and f.metadata["write"] == IF_SET):
            raise EventError(f"field '{name}' of a {cls.kind} event should be {want}, not {short(v)}")
        kw[f.name] = v
    return kw


@_event
class DrillStart(Event):
    """The header: what was played, how, and where the scenario came from."""
    kind: ClassVar[str] = "drill_start"
    version: int = _f(INT, 1)                 # journals before the field are version 1
    scenario: str = _f(STR)
    title: str | None = _f(STR, None, IF_SET)
    seed: int = _f(INT)
    difficulty: str = _f(STR, "standard")
    mode: str = _f(STR, "realtime")
    player: str = _f(STR, "human")
    language: str = _f(STR, "mild")
    started_at: str | None = _f(OPT_STR, None)
    length: float | None = _f(NUM, None, IF_SET)
    brand: dict = _f(DICT, {})
    speed: dict = _f(DICT, {})
    clock: dict | None = _f(DICT, None, IF_SET)
    scenario_hash: str | None = _f(STR, None, IF_SET)
    code: str | None = _f(STR, None, IF_SET)  # sim.version.code_fingerprint of the writing code
    mood: float | None = _f(NUM, None, IF_SET)
    source: dict | None = _f(DICT, None, IF_TRUE)


@_event
class FactKnown(Event):
    kind: ClassVar[str] = "fact"
    id: str | None = _f(STR, None, IF_SET)
    fact_kind: str = _f(STR, "status", name="kind")
    text: str = _f(STR)


@_event
class WaveStart(Event):
    kind: ClassVar[str] = "wave"
    index: int = _f(INT)
    name: str | None = _f(OPT_STR, None)
    posts: int | None = _f(INT, None, IF_SET)


@_event
class Scripted(Event):
    """A scripted (or conditional) scenario event: news, a statement, the fix."""
    kind: ClassVar[str] = "event"
    event_kind: str = _f(STR, name="kind")
    text: str = _f(STR)
    conditional: str | None = _f(STR, None, IF_TRUE)


@_event
class Limit(Event):
    kind: ClassVar[str] = "limit"
    what: str = _f(STR)
    limit: int = _f(INT)


@_event
class Posted(Event):
    kind: ClassVar[str] = "post"
    post: Post = _f(DICT)

    def to_json(self) -> dict:
        return {"t": self.t, "type": self.kind, "post": self.post.to_dict()}

    @classmethod
    def from_json(cls, d: Mapping) -> Posted:
        if "post" not in d:
            raise EventError("a post event needs the field 'post'")
        p = d["post"]
        if not isinstance(p, dict):
            raise EventError(f"field 'post' of a post event should be {DICT}, not {short(p)}")
        for name, want in POST_FIELDS.items():
            if name not in p:
                if name in POST_DEFAULTS:
                    continue
                raise EventError(f"the post needs the field '{name}'")
            if not _is(p[name], want) and not (p[name] is None and name == "reply_to"):
                raise EventError(f"field 'post.{name}' should be {want}, not {short(p[name])}")
        return cls(t=d["t"], post=Post.from_dict({**POST_DEFAULTS, **p}))


POST_FIELDS = {"id": STR, "at": NUM, "text": STR, "handle": STR, "persona": STR, "kind": STR,
               "reach": INT, "priority": NUM, "author": STR, "anger": NUM, "reply_to": STR,
               "hashtags": LIST, "cause": STR}
POST_DEFAULTS = {"anger": 0.0, "reply_to": None, "hashtags": [], "cause": ""}


SCORE_AXES = ("empathy", "tone", "substance", "overall", "speed")


@_event
class Replied(Event):
    kind: ClassVar[str] = "reply"
    post_id: str = _f(STR)
    text: str = _f(STR)
    seconds: float = _f(NUM)
    scores: dict = _f(DICT)
    follow_up: int | None = _f(INT, None, IF_SET)    # a follow-up: earlier replies in the thread
    author: str | None = _f(STR, None, IF_SET)
    approved_by: str | None = _f(STR, None, IF_SET)

    @classmethod
    def from_json(cls, d: Mapping) -> Replied:
        ev = cls(t=d["t"], **read_fields(cls, d))
        for name, v in ev.scores.items():
            if name in SCORE_AXES and v is not None and not _is(v, NUM):
                raise EventError(f"field 'scores.{name}' should be a number, not {short(v)}")
        if "reasons" in ev.scores and not _is(ev.scores["reasons"], LIST):
            raise EventError("field 'scores.reasons' should be a list")
        if ev.scores.get("markers") is not None and not _is(ev.scores["markers"], LIST):
            raise EventError("field 'scores.markers' should be a list")
        return ev

    def score(self, axis: str) -> float | None:
        """One axis of the scores (``SCORE_AXES``), None when the scorer gave none."""
        return self.scores.get(axis)

    @property
    def overall(self) -> float:
        """The overall score, 0 when there is none (how replies are ranked)."""
        v = self.scores.get("overall")
        return float(v) if v is not None else 0.0

    @property
    def reasons(self) -> list:
        """The scorer's reasons ("+ ..." for, "- ..." against), in its order."""
        return self.scores.get("reasons") or []

    @property
    def markers(self) -> list:
        """The scorer's marker ids (``scoring.markers``); empty from a scorer before markers."""
        return self.scores.get("markers") or []

    @property
    def thread_replies(self) -> int:
        """0 for a first reply; for a follow-up, how many replies its thread had before it."""
        v = self.follow_up
        return v if v is not None and v > 0 else 0


@_event
class CrowdMoved(Event):
    """The crowd's mood moved: a reaction, a scripted event, or the slide of silence."""
    kind: ClassVar[str] = "crowd"
    cause: str = _f(STR, "")
    delta: float = _f(NUM)
    mood: float = _f(NUM)
    followers: int = _f(INT)
    followers_delta: int = _f(INT, 0, IF_TRUE)
    post_id: str | None = _f(STR, None, IF_TRUE)
    slide: bool = _f(BOOL, False, IF_TRUE)
    waiting: list | None = _f(LIST, None, IF_SET)
    disagrees: dict | None = _f(DICT, None, IF_SET)   # team drills: {topic, with, authors}


@_event
class Sample(Event):
    kind: ClassVar[str] = "sample"
    mood: float = _f(NUM)
    volume: float = _f(NUM)
    followers: int = _f(INT)
    unanswered: int | None = _f(INT, None, IF_SET)


@_event
class Turn(Event):
    kind: ClassVar[str] = "turn"
    to: float = _f(NUM)


@_event
class Paused(Event):
    kind: ClassVar[str] = "pause"


@_event
class Resumed(Event):
    kind: ClassVar[str] = "resume"


@_event
class Injected(Event):
    """The facilitator's inject (team drills)."""
    kind: ClassVar[str] = "inject"
    inject_kind: str = _f(STR, "inject", name="kind")
    text: str = _f(STR, "")
    mood: float = _f(NUM, 0.0)
    posts: int = _f(INT, 0)
    mix: dict = _f(DICT, {})
    by: str | None = _f(STR, None, IF_SET)


@_event
class DrillEnd(Event):
    kind: ClassVar[str] = "drill_end"
    reason: str = _f(STR)
    totals: dict | None = _f(DICT, None, IF_SET)
    crowd: dict | None = _f(DICT, None, IF_SET)


@_event
class TeamEvent(Event):
    """A team drill's own record (claims, submissions, reviews, notes): the engine journals it
    and changes nothing (``Drill.record``); replay feeds it back. The host (``sim.drill.host``)
    decides them; each kind's fields are declared below like every other event's."""

    @classmethod
    def of(cls, t: float, body: Mapping) -> TeamEvent:
        """The team event of kind ``body["type"]`` at drill second ``t`` (``EventError`` if it
        is not one, or a field is wrong)."""
        kind = body.get("type")
        c = KINDS.get(kind) if isinstance(kind, str) else None
        if c is None or not issubclass(c, TeamEvent):
            raise EventError(f"not a team event: {kind!r}")
        return c.from_json({**body, "t": t, "type": kind})


@_event
class Claimed(TeamEvent):
    """A responder holds a post (``assigned``: the facilitator handed it to them)."""
    kind: ClassVar[str] = "claim"
    post_id: str = _f(STR)
    by: str = _f(STR)
    assigned: bool = _f(BOOL, False, IF_TRUE)


@_event
class Released(TeamEvent):
    """A claim let go: ``released`` by its holder, ``idle`` (it lapsed), ``facilitator``, or
    ``reassigned to NAME``."""
    kind: ClassVar[str] = "release"
    post_id: str = _f(STR)
    by: str = _f(STR)
    reason: str = _f(STR, "released")


@_event
class Submitted(TeamEvent):
    """A draft sent for approval, with the score it would get (``stale``: news came after the
    draft was begun)."""
    kind: ClassVar[str] = "submit"
    post_id: str = _f(STR)
    by: str = _f(STR)
    rev: int = _f(INT)
    text: str = _f(STR)
    stale: bool = _f(BOOL, False)
    scores: dict = _f(DICT, {})

    @property
    def overall(self) -> float:
        v = self.scores.get("overall")
        return float(v) if v is not None else 0.0


@_event
class Reviewed(TeamEvent):
    """An approver's verdict on revision ``rev``: ``approved``, ``changes`` (with a comment), or
    ``withdrawn`` (its writer edited it after submitting)."""
    kind: ClassVar[str] = "review"
    post_id: str = _f(STR)
    rev: int = _f(INT)
    by: str = _f(STR)
    verdict: str = _f(STR)
    comment: str | None = _f(STR, None, IF_SET)


@_event
class Noted(TeamEvent):
    """An observer's or the facilitator's timestamped note (``check``/``passed``: a pass/fail
    check; ``post_id``: the post it is about)."""
    kind: ClassVar[str] = "note"
    by: str = _f(STR)
    text: str = _f(STR)
    post_id: str | None = _f(STR, None, IF_SET)
    reply_to: str | None = _f(STR, None, IF_SET)
    check: str | None = _f(STR, None, IF_SET)
    passed: bool | None = _f(BOOL, None, IF_SET)


@_event
class Unknown(Event):
    """A kind this version does not know (a newer writer may add kinds): kept whole, unread."""
    type_name: str = ""
    data: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return dict(self.data)


KINDS: dict[str, type[Event]] = {c.kind: c for c in (
    DrillStart, FactKnown, WaveStart, Scripted, Limit, Posted, Replied, CrowdMoved, Sample, Turn,
    Paused, Resumed, Injected, DrillEnd, Claimed, Released, Submitted, Reviewed, Noted)}
TEAM_KINDS = tuple(k for k, c in KINDS.items() if issubclass(c, TeamEvent))


def from_json(d: Mapping) -> Event:
    """The typed event a journal line's object holds (``EventError`` says what is wrong)."""
    kind = d.get("type")
    if not isinstance(kind, str):
        raise EventError("field 'type' should be text")
    t = d.get("t")
    if not _is(t, NUM) or t < 0:
        raise EventError(f"field 't' should be a number of seconds, not {short(t)}")
    cls = KINDS.get(kind)
    if cls is None:
        return Unknown(t=t, type_name=kind, data=dict(d))
    return cls.from_json(d)


def to_json(ev: Event | Mapping) -> dict:
    """The JSON object of an event (a dict is taken as already being one)."""
    return ev.to_json() if isinstance(ev, Event) else dict(ev)
