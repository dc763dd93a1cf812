"""What every seat (and the host) knows about a team drill: the log, folded into typed state.

The host appends two kinds of bodies to the log (``sim.drill.log`` reads them, one typed record
each): a line of one desk's ordinary journal (posts, replies with ``author``/``approved_by``,
crowd, claims, submissions, reviews, notes, injects...), or a room event (the drill's settings,
who joined, drafts saved, commands refused with the reason, the drill being over).

``TeamState.fold`` applies one body. The host folds its own events with the same code the seats
use, so what a seat shows is exactly what the host decided. Who still needs a reply and which
thread a post belongs to are the engine's books (``sim.threads.ReplyBook``), kept per desk.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sim.drill.log import (ChecksSet, DeskLine, Drafted, HostStarted, Joined, Left, Opened, Over,
                           Refused, read)
from sim.events import (Claimed, CrowdMoved, DrillEnd, DrillStart, Event, FactKnown, Injected,
                        Noted, Paused, Posted, Released, Replied, Resumed, Reviewed, Sample,
                        Scripted, Submitted)
from sim.model import Post
from sim.threads import ReplyBook

NEWS = (FactKnown, Scripted, Injected)      # what makes a draft written before it stale


@dataclass
class Claim:
    """Who holds a post, since when, and when they last worked on it (a draft, a submission)."""
    by: str
    t: float
    last: float


@dataclass
class Pending:
    """A draft waiting for approval: the submission, and whether news came after it was begun
    or since it was sent (``stale``)."""
    submit: Submitted
    stale: bool

    @property
    def post_id(self) -> str:
        return self.submit.post_id

    @property
    def by(self) -> str:
        return self.submit.by

    @property
    def rev(self) -> int:
        return self.submit.rev

    @property
    def text(self) -> str:
        return self.submit.text

    @property
    def scores(self) -> dict:
        return self.submit.scores

    @property
    def t(self) -> float:
        return self.submit.t


@dataclass
class SeatInfo:
    """A seat in the room, as its last join said (``present``: not left since)."""
    name: str
    role: str
    team: str | int | None
    desk: str | None
    t: float
    key: str
    present: bool = True
    watch_only: bool = False     # a read-only database role: follows the drill without a seat


@dataclass
class Desk:
    name: str
    header: DrillStart | None = None
    t: float = 0.0
    events: list[Event] = field(default_factory=list)     # the desk's journal, typed, in order
    records: list[dict] = field(default_factory=list)     # the same lines, as the engine wrote them
    posts: dict[str, Post] = field(default_factory=dict)
    open: dict[str, Post] = field(default_factory=dict)   # needs a reply, none yet, not superseded
    replies: dict[str, Replied] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    pending: dict[str, Pending] = field(default_factory=dict)
    submits: list[Submitted] = field(default_factory=list)
    reviews: list[Reviewed] = field(default_factory=list)
    notes: list[Noted] = field(default_factory=list)
    injects: list[Scripted | Injected] = field(default_factory=list)   # news other than facts
    facts: list[FactKnown] = field(default_factory=list)
    news_seq: int = 0                                       # log seq of the latest fact/inject
    mood: float = 0.0
    paused: bool = False
    finished: bool = False
    end: DrillEnd | None = None
    last_reply: Replied | None = None
    book: ReplyBook = field(default_factory=ReplyBook, repr=False)   # the engine's books (sim.threads)

    def __post_init__(self) -> None:
        self.book.open = self.open          # who still needs a reply: decided by the one book

    def queue(self) -> list[Post]:
        """Posts needing a reply, highest priority first (the engine's order)."""
        return sorted(self.open.values(), key=lambda p: (-p.priority, p.at))

    def root(self, pid: str) -> str:
        return self.book.thread(pid)

    def revisions(self, pid: str) -> int:
        """How many drafts of ``pid`` were submitted (the next is one more)."""
        return max((s.rev for s in self.submits if s.post_id == pid), default=0)

    def fold(self, seq: int, ev: Event | dict, record: dict | None = None) -> None:
        """Apply one line of the desk's journal (typed, or its JSON object as written)."""
        if isinstance(ev, dict):
            line = read({"desk": self.name, "ev": ev})
            ev, record = line.event, line.record
        self.events.append(ev)
        self.records.append(record if record is not None else ev.to_json())
        self.t = max(self.t, float(ev.t))
        match ev:
            case DrillStart():
                self.header = ev
                self.mood = ev.mood if ev.mood is not None else 0.0
            case Posted(post=p):
                self.posts[p.id] = p
                # a newer post by the same person in the thread supersedes their earlier ones
                for pid in self.book.add(p.id, p, handle=p.handle, reply_to=p.reply_to, kind=p.kind):
                    self._close(pid)
            case Replied():
                self.replies[ev.post_id] = ev
                self.last_reply = ev
                self._close(ev.post_id)
            case CrowdMoved() | Sample():
                self.mood = ev.mood
            case Claimed():
                self.claims[ev.post_id] = Claim(ev.by, ev.t, ev.t)
            case Released():
                self.claims.pop(ev.post_id, None)
                self.pending.pop(ev.post_id, None)
            case Submitted():
                self.submits.append(ev)
                self.pending[ev.post_id] = Pending(ev, ev.stale)
                self._touch(ev.post_id, ev.t)
            case Reviewed():
                self.reviews.append(ev)
                self.pending.pop(ev.post_id, None)
                self._touch(ev.post_id, ev.t)
            case Noted():
                self.notes.append(ev)
            case Paused():
                self.paused = True
            case Resumed():
                self.paused = False
            case DrillEnd():
                self.finished = True
                self.end = ev
                self.open.clear()
        if isinstance(ev, NEWS):
            self.news_seq = seq
            if isinstance(ev, FactKnown):
                self.facts.append(ev)
            else:
                self.injects.append(ev)
            for pend in self.pending.values():
                pend.stale = True

    def _touch(self, pid: str, t: float) -> None:
        c = self.claims.get(pid)
        if c:
            c.last = t

    def _close(self, pid: str) -> None:
        self.open.pop(pid, None)
        self.claims.pop(pid, None)
        self.pending.pop(pid, None)


@dataclass
class TeamState:
    meta: Opened | None = None                               # the drill's settings (None: no log yet)
    seats: dict[str, SeatInfo] = field(default_factory=dict)
    desks: dict[str, Desk] = field(default_factory=dict)
    drafts: dict[tuple[str, str], Drafted] = field(default_factory=dict)   # (desk, post) -> draft
    refusals: dict[int, str] = field(default_factory=dict)   # command id -> why
    answered: dict[int, list[dict]] = field(default_factory=dict)    # command id -> its bodies
    seq: int = 0
    over: bool = False
    hosts: int = 0                                           # host starts (1 + restarts)
    checks: list[str] = field(default_factory=list)          # the facilitator's pass/fail list

    def desk(self, name: str) -> Desk:
        if name not in self.desks:
            self.desks[name] = Desk(name)
        return self.desks[name]

    def desk_of(self, name: str) -> str | None:
        seat = self.seats.get(name)
        return seat.desk if seat else None

    def role_of(self, name: str) -> str | None:
        seat = self.seats.get(name)
        return seat.role if seat else None

    def fold(self, seq: int, command_id: int | None, body: dict) -> None:
        self.seq = max(self.seq, seq)
        if command_id is not None:
            self.answered.setdefault(command_id, []).append(body)
        ev = read(body)
        match ev:
            case DeskLine():
                self.desk(ev.desk).fold(seq, ev.event, ev.record)
            case Opened():
                self.meta = ev
                for d in ev.desks:
                    self.desk(str(d))
            case HostStarted():
                self.hosts += 1
            case Joined():
                self.seats[ev.name] = SeatInfo(ev.name, ev.role, ev.team, ev.desk, ev.t, ev.key)
            case Left():
                if ev.name in self.seats:
                    self.seats[ev.name].present = False
            case Drafted():
                self.drafts[(ev.desk, ev.post_id)] = ev
                self.desk(ev.desk)._touch(ev.post_id, ev.t)
            case ChecksSet():
                self.checks = [str(i) for i in ev.items]
            case Refused():
                if command_id is not None:
                    self.refusals[command_id] = ev.reason
            case Over():
                self.over = True

    # -- summaries for status and screens ------------------------------------------------------
    def summary(self) -> dict:
        m = self.meta
        out = {"code": m.code if m else None, "scenario": m.scenario if m else None,
               "desks_mode": m.desks_mode if m else None, "approval": m.approval if m else None,
               "over": self.over, "seats": [], "desks": []}
        for name, s in self.seats.items():
            out["seats"].append({"name": name, "role": s.role, "desk": s.desk, "present": s.present})
        for d in self.desks.values():
            out["desks"].append({
                "desk": d.name, "t": round(d.t, 1), "mood": round(d.mood, 1),
                "finished": d.finished, "paused": d.paused, "waiting": len(d.open),
                "answered": len(d.replies),
                "claims": [{"post_id": p, "by": c.by} for p, c in d.claims.items()],
                "pending": [{"post_id": p, "by": s.by, "rev": s.rev, "stale": s.stale}
                            for p, s in d.pending.items()],
            })
        return out
