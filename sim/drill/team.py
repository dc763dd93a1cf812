"""What every seat (and the host) knows about a team drill: the log, folded.

The host writes two kinds of event bodies to the log:

- ``{"desk": D, "ev": {...}}``: one line of desk D's ordinary journal (posts, replies with
  ``author``/``approved_by``, crowd, claims, submissions, reviews, notes, injects...);
- ``{"team": {...}}``: the room around the desks (the drill's settings, who joined, drafts
  saved, commands refused with the reason, the drill being over).

``TeamState.fold`` applies one body. The host folds its own events with the same code the seats
use, so what a seat shows is exactly what the host decided.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.threads import ReplyBook

NEWS = ("fact", "event", "inject")          # what makes a draft written before it stale


@dataclass
class Desk:
    name: str
    header: dict | None = None
    t: float = 0.0
    events: list[dict] = field(default_factory=list)      # the desk's journal, in order
    posts: dict[str, dict] = field(default_factory=dict)
    open: dict[str, dict] = field(default_factory=dict)   # needs a reply, none yet, not superseded
    replies: dict[str, dict] = field(default_factory=dict)
    claims: dict[str, dict] = field(default_factory=dict)   # post -> {"by", "t", "last"}
    pending: dict[str, dict] = field(default_factory=dict)  # post -> the submit event (+ stale)
    reviews: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    injects: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    news_seq: int = 0                                       # log seq of the latest fact/inject
    mood: float = 0.0
    paused: bool = False
    finished: bool = False
    last_reply: dict | None = None
    book: ReplyBook = field(default_factory=ReplyBook, repr=False)   # the engine's books (sim.threads)

    def __post_init__(self) -> None:
        self.book.open = self.open          # who still needs a reply: decided by the one book

    def queue(self) -> list[dict]:
        """Posts needing a reply, highest priority first (the engine's order)."""
        return sorted(self.open.values(), key=lambda p: (-p["priority"], p["at"]))

    def root(self, pid: str) -> str:
        return self.book.thread(pid)

    def fold(self, seq: int, ev: dict) -> None:
        self.events.append(ev)
        self.t = max(self.t, float(ev.get("t", 0.0)))
        kind = ev.get("type")
        if kind == "drill_start":
            self.header = ev
            self.mood = ev.get("mood", 0.0)
        elif kind == "post":
            p = ev["post"]
            self.posts[p["id"]] = p
            # a newer post by the same person in the thread supersedes their earlier ones
            for pid in self.book.add(p["id"], p, handle=p["handle"], reply_to=p.get("reply_to"),
                                     kind=p.get("kind")):
                self._close(pid)
        elif kind == "reply":
            self.replies[ev["post_id"]] = ev
            self.last_reply = ev
            self._close(ev["post_id"])
        elif kind in ("crowd", "sample", "drill_start"):
            self.mood = ev.get("mood", self.mood)
        elif kind == "claim":
            self.claims[ev["post_id"]] = {"by": ev["by"], "t": ev["t"], "last": ev["t"]}
        elif kind == "release":
            self.claims.pop(ev["post_id"], None)
            self.pending.pop(ev["post_id"], None)
        elif kind == "submit":
            self.pending[ev["post_id"]] = dict(ev)
            c = self.claims.get(ev["post_id"])
            if c:
                c["last"] = ev["t"]
        elif kind == "review":
            self.reviews.append(ev)
            self.pending.pop(ev["post_id"], None)
            c = self.claims.get(ev["post_id"])
            if c:
                c["last"] = ev["t"]
        elif kind == "note":
            self.notes.append(ev)
        elif kind == "pause":
            self.paused = True
        elif kind == "resume":
            self.paused = False
        elif kind == "drill_end":
            self.finished = True
            self.open.clear()
        if kind in NEWS:
            self.news_seq = seq
            (self.facts if kind == "fact" else self.injects).append(ev)
            for pend in self.pending.values():
                pend["stale"] = True

    def _close(self, pid: str) -> None:
        self.open.pop(pid, None)
        self.claims.pop(pid, None)
        self.pending.pop(pid, None)


@dataclass
class TeamState:
    meta: dict[str, Any] = field(default_factory=dict)
    seats: dict[str, dict] = field(default_factory=dict)     # name -> {"role", "team", "desk"...}
    desks: dict[str, Desk] = field(default_factory=dict)
    drafts: dict[tuple[str, str], dict] = field(default_factory=dict)   # (desk, post) -> draft
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
        return seat.get("desk") if seat else None

    def fold(self, seq: int, command_id: int | None, body: dict) -> None:
        self.seq = max(self.seq, seq)
        if command_id is not None:
            self.answered.setdefault(command_id, []).append(body)
        if "desk" in body:
            self.desk(body["desk"]).fold(seq, body["ev"])
            return
        ev = body.get("team", {})
        kind = ev.get("type")
        if kind == "drill":
            self.meta = dict(ev)
            for d in ev.get("desks", ()):
                self.desk(d)
        elif kind == "host":
            self.hosts += 1
        elif kind == "join":
            self.seats[ev["name"]] = {k: ev.get(k) for k in ("role", "team", "desk", "t", "key")}
            self.seats[ev["name"]]["present"] = True
        elif kind == "leave":
            if ev.get("name") in self.seats:
                self.seats[ev["name"]]["present"] = False
        elif kind == "draft":
            self.drafts[(ev["desk"], ev["post_id"])] = ev
            c = self.desk(ev["desk"]).claims.get(ev["post_id"])
            if c:
                c["last"] = ev["t"]
        elif kind == "checks":
            self.checks = list(ev.get("items", ()))
        elif kind == "refused":
            if command_id is not None:
                self.refusals[command_id] = ev.get("reason", "refused")
        elif kind == "over":
            self.over = True

    # -- summaries for status and screens ------------------------------------------------------
    def summary(self) -> dict:
        out = {"code": self.meta.get("code"), "scenario": self.meta.get("scenario"),
               "desks_mode": self.meta.get("desks_mode"), "approval": self.meta.get("approval"),
               "over": self.over, "seats": [], "desks": []}
        for name, s in self.seats.items():
            out["seats"].append({"name": name, "role": s["role"], "desk": s.get("desk"),
                                 "present": s.get("present", True)})
        for d in self.desks.values():
            out["desks"].append({
                "desk": d.name, "t": round(d.t, 1), "mood": round(d.mood, 1),
                "finished": d.finished, "paused": d.paused, "waiting": len(d.open),
                "answered": len(d.replies),
                "claims": [{"post_id": p, "by": c["by"]} for p, c in d.claims.items()],
                "pending": [{"post_id": p, "by": s["by"], "rev": s["rev"],
                             "stale": bool(s.get("stale"))} for p, s in d.pending.items()],
            })
        return out
