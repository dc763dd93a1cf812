"""The team drill's log, read: one typed record per body the host appends.

The host appends two kinds of bodies to the drill's event log (``sim.drill.store``):

- ``{"desk": D, "ev": {...}}``: one line of desk D's ordinary journal, exactly as that desk's
  engine wrote it. It is read as the journal is (``sim.events``: posts, replies, crowd, and the
  team kinds ``claim``, ``release``, ``submit``, ``review``, ``note``), so a desk line here and
  the same line in an exported journal are one event: :class:`DeskLine` keeps both the typed
  event and the JSON object as written (what the export writes, byte for byte).
- ``{"team": {...}}``: the room around the desks, which no journal holds: the drill's settings,
  the host starting, seats joining and leaving, drafts saved, the observers' checks, commands
  refused, the drill being over. One frozen dataclass per kind below, declared as the journal's
  events are (``sim.events.field_of``: each field once, with its JSON type and when it is
  written), so the host's writer and every seat's reader cannot disagree.

:func:`read` is the one reader (``sim.drill.team.TeamState.fold`` calls it for every body). A
body it cannot read (a newer host's kind, a damaged body) comes back as :class:`RoomUnknown`,
kept whole: a seat never stops on it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sim.events import (BOOL, IF_SET, INT, LABEL, LIST, NUM, OPT_STR, STR, Event, EventError,
                        read_fields, write_fields)
from sim.events import field_of as _f
from sim.journal import typed_of

_room = dataclass(frozen=True, slots=True, kw_only=True)


@_room
class RoomEvent:
    """One ``{"team": {...}}`` body: ``type`` (the class's ``kind``) first, then the fields."""
    kind: ClassVar[str] = ""

    def to_json(self) -> dict:
        return write_fields(self, {"type": self.kind})

    def body(self) -> dict:
        """The log body that holds this event (what the host appends)."""
        return {"team": self.to_json()}

    @classmethod
    def from_json(cls, d: Mapping) -> RoomEvent:
        return cls(**read_fields(cls, d))


@_room
class Opened(RoomEvent):
    """The drill's settings, as the host created it (the first body of every drill)."""
    kind: ClassVar[str] = "drill"
    code: str = _f(STR)
    scenario: str = _f(STR)                  # as given to `drill host` (a bundled id or a path)
    scenario_id: str | None = _f(OPT_STR, None)
    title: str | None = _f(OPT_STR, None)
    seed: int = _f(INT, 0)
    difficulty: str = _f(STR, "standard")
    mode: str = _f(STR, "realtime")
    desks_mode: str = _f(STR, "shared")      # shared | parallel
    teams: int = _f(INT, 1)
    desks: list = _f(LIST, [])               # desk names: ["shared"] or ["team1", "team2"...]
    approval: bool = _f(BOOL, False)
    pace: float = _f(NUM, 1.0)
    claim_idle: float = _f(NUM, 120.0)
    wait_seats: int = _f(INT, 0)
    protocol: int = _f(INT, 1)
    started_at: str | None = _f(OPT_STR, None, IF_SET)

    @property
    def parallel(self) -> bool:
        return self.desks_mode == "parallel"


@_room
class HostStarted(RoomEvent):
    """A host took the drill: the first, or one that carried on after the last died."""
    kind: ClassVar[str] = "host"
    pid: int = _f(INT, 0)
    restart: bool = _f(BOOL, False)


@_room
class Joined(RoomEvent):
    """A seat took its place (or came back: ``rejoin``). ``key`` is a digest of the seat's key."""
    kind: ClassVar[str] = "join"
    name: str = _f(STR)
    role: str = _f(STR)
    team: str | int | None = _f(LABEL, None)       # the seat's --team, as given
    desk: str | None = _f(OPT_STR, None)
    key: str = _f(STR, "")
    rejoin: bool = _f(BOOL, False)
    t: float = _f(NUM, 0.0)


@_room
class Left(RoomEvent):
    kind: ClassVar[str] = "leave"
    name: str = _f(STR)
    t: float = _f(NUM, 0.0)


@_room
class Drafted(RoomEvent):
    """A responder saved a draft (it keeps their claim alive)."""
    kind: ClassVar[str] = "draft"
    desk: str = _f(STR)
    post_id: str = _f(STR)
    by: str = _f(STR)
    text: str = _f(STR, "")
    t: float = _f(NUM, 0.0)


@_room
class ChecksSet(RoomEvent):
    """The facilitator's pass/fail list for the observers."""
    kind: ClassVar[str] = "checks"
    items: list = _f(LIST, [])
    t: float = _f(NUM, 0.0)


@_room
class Refused(RoomEvent):
    """A command the host did not apply, and why (for the seat that sent it)."""
    kind: ClassVar[str] = "refused"
    cmd: str = _f(STR, "")
    by: str = _f(STR, "")
    reason: str = _f(STR, "refused")


@_room
class Noop(RoomEvent):
    """A command that changed nothing and needed no refusal."""
    kind: ClassVar[str] = "noop"
    cmd: str = _f(STR, "")
    by: str = _f(STR, "")


@_room
class Over(RoomEvent):
    """Every desk has finished: the host applies nothing more."""
    kind: ClassVar[str] = "over"
    t: float = _f(NUM, 0.0)


@_room
class RoomUnknown(RoomEvent):
    """A room body this version cannot read (a newer host's kind, or a damaged body): kept whole."""
    type_name: str = ""
    data: dict = field(default_factory=dict)
    problem: str = ""

    def to_json(self) -> dict:
        return dict(self.data)


ROOM_KINDS: dict[str, type[RoomEvent]] = {c.kind: c for c in (
    Opened, HostStarted, Joined, Left, Drafted, ChecksSet, Refused, Noop, Over)}


@dataclass(frozen=True, slots=True)
class DeskLine:
    """One line of a desk's journal: the typed event, and its JSON object as the engine wrote it."""
    desk: str
    event: Event
    record: dict


def read_room(d: Any) -> RoomEvent:
    """The typed room event a ``team`` body holds (never raises: see :class:`RoomUnknown`)."""
    if not isinstance(d, Mapping):
        return RoomUnknown(type_name="", data={}, problem="the team body is not an object")
    kind = d.get("type")
    cls = ROOM_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        return RoomUnknown(type_name=str(kind), data=dict(d), problem=f"unknown room event {kind!r}")
    try:
        return cls.from_json(d)
    except EventError as e:
        return RoomUnknown(type_name=kind, data=dict(d), problem=str(e))


def read(body: Mapping) -> DeskLine | RoomEvent:
    """What one log body holds: a desk's journal line, or a room event."""
    if "desk" in body:
        rec = body.get("ev")
        rec = dict(rec) if isinstance(rec, Mapping) else {}
        return DeskLine(str(body["desk"]), typed_of(rec), rec)
    return read_room(body.get("team", {}))


def room(ev: RoomEvent) -> dict:
    """The log body of a room event (``{"team": ...}``)."""
    return ev.body()

