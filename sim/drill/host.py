"""The host: the one process that runs a team drill.

It owns the engines (one per desk: ``shared`` has one, ``parallel`` one per team, all from the
same seed), the clock (``pace`` times faster than real time), the crowd and the scorer, and it is
the only writer of the drill's event log. Seats send commands; the host applies them one at a
time in command-id order and appends what each produced together with the command's applied
mark, in one transaction, so every command takes effect exactly once. A host that dies is
replaced by ``Host.resume``: it folds the log, rebuilds every desk's engine from its journal
(the replay logic single-player uses) and carries on from the first unapplied command.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import string
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sim.clock import DrillClock
from sim.drill import log
from sim.drill.store import PROTOCOL, DrillStore, StoreError
from sim.drill.team import Pending, TeamState

ROLES = ("responder", "approver", "observer", "projector")
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CLAIM_IDLE = 120.0     # drill seconds a claim lives without a draft or submission
TICK_WALL = 0.02       # seconds between clock advances when no command arrives
UNSAFE = ("minimising", "dismissive", "tone_policing", "arguing", "blame", "sarcasm", "insult",
          "condescending", "profanity", "shouting", "humour_misplaced", "sales_pitch",
          "legalese")
DISHONEST = ("unsupported_eta", "unsupported_compensation", "unsupported_cause", "speculation",
             "internal_detail", "private_data_request")


class HostError(Exception):
    """The drill cannot be hosted (the message says why)."""


CODE_LENGTH = 10  # 31**10 is about 8e14 (49 bits): not to be guessed, even from a served page


def new_code() -> str:
    """The trainees' join code: unambiguous letters and digits, read out or shown to a room."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


FACILITATOR_ALPHABET = string.ascii_letters + string.digits
FACILITATOR_LENGTH = 17  # 62**17 is about 2**101: at least token_urlsafe(12)'s 96 bits


def new_facilitator_code() -> str:
    """The facilitator's code, typed after `drill status`, `drill stop`...: letters and digits
    only, so it never starts with "-", which the command line would read as an option."""
    return "".join(secrets.choice(FACILITATOR_ALPHABET) for _ in range(FACILITATOR_LENGTH))


def key_digest(key) -> str:
    """What the log keeps of a seat's key: every seat reads the log, so it holds a digest, and
    only the machine that joined (which keeps the key) can act as that person."""
    return hashlib.sha256(("stormdesk-seat\x00" + str(key or "")).encode()).hexdigest()[:32]


def bad_draft(scores: dict) -> list[str]:
    """Why a draft is unsafe or dishonest (marker ids), empty if it is fine to publish."""
    markers = set(scores.get("markers", ()))
    return [m for m in UNSAFE + DISHONEST if m in markers]


@dataclass
class Settings:
    scenario: str
    seed: int = 0
    difficulty: str = "standard"
    mode: str = "realtime"
    desks: str = "shared"
    teams: int = 1
    approval: bool = False
    pace: float = 1.0
    claim_idle: float = CLAIM_IDLE
    wait_seats: int = 0


class Refused(Exception):
    pass


class Host:
    def __init__(self, store: DrillStore, code: str, scenario, state: TeamState, lock) -> None:
        self.store = store
        self.code = code
        self.scenario = scenario
        self.state = state
        self.lock = lock
        self.meta = state.meta
        self.engines: dict[str, Any] = {}
        self.applied = store.applied_through(code)
        self.clock: DrillClock | None = None
        # One command happens at one drill second: its checks and its events see the same drill.
        # (Read afresh, the clock moved on while a slow machine scored a draft at pace 60: the
        # author chased in between and the draft was recorded for a post already closed.)
        self._applying_at: float | None = None
        self.started = False
        self.commands_applied = 0
        self.auto_turns: float | None = None   # headless turns mode: next wave after this quiet
        self._last_cmd = time.monotonic()

    # -- starting ------------------------------------------------------------------------------
    @classmethod
    def create(cls, store: DrillStore, settings: Settings) -> Host:
        from sim.engine import Drill, DrillError
        from sim.scenario import load_scenario
        sc = load_scenario(settings.scenario)
        if settings.desks not in ("shared", "parallel"):
            raise HostError(f"unknown desks {settings.desks!r}: choose shared or parallel")
        if settings.pace <= 0:
            raise HostError("--pace must be above 0")
        teams = max(1, int(settings.teams))
        desks = ["shared"] if settings.desks == "shared" else [f"team{i + 1}" for i in range(teams)]
        meta = {"scenario": settings.scenario, "scenario_id": sc.id, "title": sc.title,
                "seed": settings.seed, "difficulty": settings.difficulty, "mode": settings.mode,
                "desks_mode": settings.desks, "teams": teams, "desks": desks,
                "approval": bool(settings.approval), "pace": settings.pace,
                "claim_idle": settings.claim_idle, "wait_seats": settings.wait_seats,
                "protocol": PROTOCOL}
        for _ in range(20):
            code = new_code()
            if store.drill(code) is None:
                break
        info = store.create_drill(code, new_facilitator_code(), meta)
        lock = store.acquire_host(code)
        if lock is None:
            raise HostError(f"drill {code}: could not take the host lock")
        state = TeamState()
        host = cls(store, code, sc, state, lock)
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        bodies: list[dict] = [log.room(log.Opened(code=code, **meta, started_at=started)),
                              log.room(log.HostStarted(pid=os.getpid(), restart=False))]
        for d in desks:
            try:
                eng = Drill(sc, seed=settings.seed, difficulty=settings.difficulty,
                            mode=settings.mode, player=d, started_at=started)
            except DrillError as e:
                raise HostError(str(e)) from None
            host.engines[d] = eng
            bodies += [{"desk": d, "ev": ev} for ev in eng.journal.events]
        host._append(None, bodies)
        store.set_status(code, "running")
        host.facilitator_code = info.facilitator_code
        host.meta = host.state.meta
        return host

    @classmethod
    def resume(cls, store: DrillStore, code: str) -> Host:
        from sim.debrief import normalise
        from sim.replay import compare, rebuild, scenario_for
        info = store.drill(code)
        if info is None:
            raise HostError(f"no drill with code {code} in {store.url}")
        if info.status == "finished":
            raise HostError(f"drill {info.code} has finished; export it with "
                            f"`stormdesk drill export {info.code} -o DIR`")
        code = info.code
        lock = store.acquire_host(code)
        if lock is None:
            pid = getattr(store, "host_pid", lambda c: None)(code)
            raise HostError(f"drill {code} already has a live host"
                            + (f" (process {pid})" if pid else "") + ": one host per drill")
        state = TeamState()
        seq = 0
        while True:
            evs = store.events_after(code, seq, 5000)
            if not evs:
                break
            for e in evs:
                state.fold(e.seq, e.command_id, e.body)
                seq = e.seq
        sc = scenario_for({"scenario": info.meta["scenario"]})
        host = cls(store, code, sc, state, lock)
        host.facilitator_code = info.facilitator_code
        fix: list[dict] = [log.room(log.HostStarted(pid=os.getpid(), restart=True))]
        for d in info.meta["desks"]:
            events = [normalise(e) for e in state.desk(d).records]
            eng = rebuild(events, sc, complete=True)
            if eng.replay_error:
                raise HostError(f"drill {code}: desk {d} does not rebuild from its log: "
                                f"{eng.replay_error}")
            derived = [normalise(e) for e in eng.journal.events]
            _, div = compare(events, list(range(1, len(events) + 1)), derived, finished=False)
            if div is not None:
                raise HostError(f"drill {code}: desk {d} does not rebuild from its log "
                                f"({div.describe()})")
            fix += [{"desk": d, "ev": ev} for ev in derived[len(events):]]
            host.engines[d] = eng
        host._append(None, fix)
        t = max(e.t for e in host.engines.values())
        if t == 0 and host._waiting_for_seats():
            return host          # still waiting for its seats: step() starts the clock
        host.started = True
        host.clock = DrillClock(source=host._scaled, offset=t)
        host.clock.start()
        if any(e.paused for e in host.engines.values()):
            host.clock.pause()
        return host

    def _scaled(self) -> float:
        return time.monotonic() * float(self.meta.pace)

    # -- the log -------------------------------------------------------------------------------
    def _append(self, command_id: int | None, bodies: list[dict]) -> None:
        if not bodies and command_id is None:
            return
        seqs = self.store.append(self.code, command_id, bodies)
        for s, b in zip(seqs, bodies):
            self.state.fold(s, command_id, b)
        if command_id is not None:
            self.applied = max(self.applied, command_id)

    def now(self) -> float:
        """The drill second; while a command is applied, the one it arrived at (``apply``)."""
        if self._applying_at is not None:
            return self._applying_at
        if self.clock is None:
            return 0.0
        return round(min(self.clock(), float(self.scenario.length)), 3)

    def _engine_call(self, desk: str, fn, *args, **kw) -> list[dict]:
        """Call the engine; what it journals is collected by ``_collect`` (never lost)."""
        fn(*args, **kw)
        return []

    def _marks(self) -> dict[str, int]:
        return {d: len(e.journal.events) for d, e in self.engines.items()}

    def _collect(self, marks: dict[str, int]) -> list[dict]:
        out: list[dict] = []
        for d, eng in self.engines.items():
            out += [{"desk": d, "ev": ev} for ev in eng.journal.events[marks[d]:]]
        return out

    # -- the loop --------------------------------------------------------------------------------
    def _waiting_for_seats(self) -> bool:
        """Fewer seats have joined than --wait-seats asks for: the clock does not start yet."""
        return len(self.state.seats) < int(self.meta.wait_seats or 0)

    def step(self, wait: float = TICK_WALL) -> bool:
        """Apply waiting commands, move the clock; False once the drill is over."""
        for cmd in self.store.commands_after(self.code, self.applied, 200):
            if cmd.id <= self.applied:
                continue
            self._append(cmd.id, self.apply(cmd.body))
            self.commands_applied += 1
            self._last_cmd = time.monotonic()
        if not self.started:
            if not self._waiting_for_seats():
                self.started = True
                self.clock = DrillClock(source=self._scaled)
                self.clock.start()
        if self.started and self.meta.mode == "realtime":
            now = self.now()
            marks = self._marks()
            for d, eng in self.engines.items():
                if not eng.finished and not eng.paused:
                    eng.advance(now)
                self._expire_claims(d, now)
            self._append(None, self._collect(marks))
        if self.started and self.meta.mode == "turns" and self._turn_due():
            marks = self._marks()
            for eng in self.engines.values():
                eng.next_wave()
            self._append(None, self._collect(marks))
            self._last_cmd = time.monotonic()
        if all(e.finished for e in self.engines.values()) and not self.state.over:
            self._append(None, [log.room(log.Over(t=self.now()))])
            self.store.set_status(self.code, "finished")
        if self.state.over:
            return False
        self.store.wait(self.code, wait, commands=True)
        return True

    def _turn_due(self) -> bool:
        """Headless turns mode (no facilitator to bring waves): the next wave comes after a quiet
        spell (``auto_turns`` wall seconds with no command), five spells while someone holds a
        claim or a draft waits for approval (work in hand), never while paused. With a
        facilitator console ``auto_turns`` is None: only the facilitator brings a wave (F6)."""
        if self.auto_turns is None or any(e.paused for e in self.engines.values()):
            return False
        busy = any(d.claims or d.pending for d in self.state.desks.values())
        return time.monotonic() - self._last_cmd >= self.auto_turns * (5 if busy else 1)

    def run(self, on_step=None) -> None:
        try:
            while self.step():
                if on_step is not None:
                    on_step(self)
        finally:
            self.close()

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _expire_claims(self, desk: str, now: float) -> list[dict]:
        idle = float(self.meta.claim_idle)
        d = self.state.desk(desk)
        eng = self.engines[desk]
        out: list[dict] = []
        for pid, c in list(d.claims.items()):
            if pid in d.pending or now - float(c.last) < idle or eng.finished:
                continue
            out += self._engine_call(desk, eng.record, {"type": "release", "post_id": pid,
                                                        "by": c.by, "reason": "idle"}, now)
            d.claims.pop(pid, None)      # folded again when appended; no double release
        return out

    # -- commands --------------------------------------------------------------------------------
    def apply(self, body: dict) -> list[dict]:
        """The events one command produces (at least one: a refusal says why)."""
        from sim.engine import DrillError
        kind = str(body.get("type", ""))
        fac = bool(body.get("auth")) and body.get("auth") == self.facilitator_code
        by = str(body.get("by", "")) or ("facilitator" if fac else "")
        fn = getattr(self, f"_cmd_{kind}", None)
        marks = self._marks()
        self._applying_at = self.now()
        try:
            if fn is None:
                raise Refused(f"unknown command {kind!r}")
            if kind in FACILITATOR and not fac:
                raise Refused(f"only the facilitator can {kind.replace('_', ' ')}")
            if kind != "join" and not fac and by not in self.state.seats:
                raise Refused(f"{by or 'this seat'} has not joined the drill")
            if kind != "join" and not fac and \
                    key_digest(body.get("seat_key")) != self.state.seats[by].key:
                raise Refused(f"this seat is not {by}'s: a seat acts only as the person who joined")
            if self.state.over:
                raise Refused("the drill is over")
            team = fn(body, by)
        except (Refused, DrillError) as r:
            team = [log.room(log.Refused(cmd=kind, by=by, reason=str(r)))]
        except Exception as e:  # a bad command never stops the drill
            team = [log.room(log.Refused(cmd=kind, by=by, reason=f"the host could not apply it "
                                                                 f"({type(e).__name__}: {e})"))]
        finally:
            self._applying_at = None
        out = self._collect(marks) + team
        return out or [log.room(log.Noop(cmd=kind, by=by))]

    def _seat_desk(self, by: str, body: dict) -> str:
        seat = self.state.seats.get(by)
        if seat is not None and seat.desk:
            return seat.desk
        desk = body.get("desk") or self.meta.desks[0]
        if desk not in self.engines:
            raise Refused(f"no desk {desk!r}: desks are {', '.join(self.engines)}")
        return desk

    def _role(self, by: str, *roles: str) -> None:
        role = self.state.role_of(by)
        if role not in roles:
            raise Refused(f"{by} is a{'n' if str(role)[:1] in 'aeiou' else ''} {role}: "
                          f"only {' or '.join(roles)} seats can do that")

    def _live_post(self, desk: str, pid: str):
        eng = self.engines[desk]
        if eng.finished:
            raise Refused("the drill is over")
        post = eng.posts.get(pid)
        if post is None:
            raise Refused(f"no post {pid!r} on desk {desk}")
        if pid in eng.replies:
            raise Refused(f"post {pid} has already been answered by "
                          f"{eng.replies[pid].author or 'the desk'}")
        if pid not in eng._open:
            raise Refused(f"post {pid} no longer needs a reply")
        return post

    def _record(self, desk: str, ev: dict) -> list[dict]:
        self.engines[desk].record(ev, self.now())
        return []

    # join / leave
    def _cmd_join(self, b: dict, by: str) -> list[dict]:
        name = " ".join(str(b.get("name", "")).split())
        role = b.get("role", "responder")
        if not name:
            raise Refused("a seat needs a name (--name NAME)")
        if len(name) > 40:
            raise Refused("a name is at most 40 characters")
        if role not in ROLES:
            raise Refused(f"unknown role {role!r}: choose {', '.join(ROLES)}")
        if int(b.get("protocol", PROTOCOL)) != PROTOCOL:
            raise Refused(f"this seat speaks drill protocol {b.get('protocol')}, the host {PROTOCOL}: "
                          f"use the same Stormdesk version")
        if not str(b.get("seat_key") or ""):
            raise Refused("a seat needs its seat key to join (update Stormdesk)")
        key = key_digest(b.get("seat_key"))
        old = self.state.seats.get(name)
        if old is not None and old.key != key:
            raise Refused(f"the name {name!r} is already in use in this drill: pick another")
        team = b.get("team")
        if self.meta.parallel and role in ("responder", "approver"):
            t = str(team or "1")
            desk = t if t.startswith("team") else f"team{t}"
            if desk not in self.engines:
                raise Refused(f"no team {team!r}: this drill has teams 1-{len(self.engines)}")
        elif team and str(team) in self.engines:
            desk = str(team)
        elif team and f"team{team}" in self.engines:
            desk = f"team{team}"
        else:
            desk = self.meta.desks[0] if role in ("responder", "approver") else None
        return [log.room(log.Joined(name=name, role=role, team=team, desk=desk, key=key,
                                    rejoin=old is not None, t=self.now()))]

    def _cmd_leave(self, b: dict, by: str) -> list[dict]:
        return [log.room(log.Left(name=by, t=self.now()))]

    # claims
    def _cmd_claim(self, b: dict, by: str) -> list[dict]:
        self._role(by, "responder")
        desk = self._seat_desk(by, b)
        pid = str(b.get("post_id", ""))
        self._live_post(desk, pid)
        held = self.state.desk(desk).claims.get(pid)
        if held is not None:
            if held.by == by:
                raise Refused(f"you already hold {pid}")
            raise Refused(f"{held.by} has {pid}")
        return self._record(desk, {"type": "claim", "post_id": pid, "by": by})

    def _cmd_release(self, b: dict, by: str) -> list[dict]:
        fac = b.get("auth") == self.facilitator_code
        desk = b.get("desk") if fac else self._seat_desk(by, b)
        desk = desk or self.meta.desks[0]
        pid = str(b.get("post_id", ""))
        held = self.state.desk(desk).claims.get(pid)
        if held is None:
            raise Refused(f"nobody holds {pid}")
        if held.by != by and not fac:
            raise Refused(f"{held.by} holds {pid}, not you")
        return self._record(desk, {"type": "release", "post_id": pid, "by": held.by,
                                   "reason": "facilitator" if fac and held.by != by else "released"})

    def _cmd_reassign(self, b: dict, by: str) -> list[dict]:
        desk = b.get("desk") or self.meta.desks[0]
        pid, to = str(b.get("post_id", "")), str(b.get("to", ""))
        if self.state.role_of(to) != "responder":
            raise Refused(f"{to!r} is not a responder in this drill")
        self._live_post(desk, pid)
        out: list[dict] = []
        held = self.state.desk(desk).claims.get(pid)
        if held is not None:
            out += self._record(desk, {"type": "release", "post_id": pid, "by": held.by,
                                       "reason": f"reassigned to {to}"})
        return out + self._record(desk, {"type": "claim", "post_id": pid, "by": to,
                                         "assigned": True})

    # drafting and publishing
    def _check_holder(self, desk: str, pid: str, by: str) -> list[dict]:
        self._live_post(desk, pid)
        held = self.state.desk(desk).claims.get(pid)
        if held is not None and held.by != by:
            raise Refused(f"{held.by} has {pid}")
        if held is None:      # writing to an unclaimed post claims it first
            return self._record(desk, {"type": "claim", "post_id": pid, "by": by})
        return []

    def _cmd_draft(self, b: dict, by: str) -> list[dict]:
        self._role(by, "responder")
        desk = self._seat_desk(by, b)
        pid = str(b.get("post_id", ""))
        out = self._check_holder(desk, pid, by)
        d = self.state.desk(desk)
        pend = d.pending.get(pid)
        if pend is not None:     # editing a submitted draft sends it back
            out = out + self._record(desk, {"type": "review", "post_id": pid, "rev": pend.rev,
                                            "by": by, "verdict": "withdrawn",
                                            "comment": "edited after submitting"})
        return out + [log.room(log.Drafted(desk=desk, post_id=pid, by=by,
                                           text=str(b.get("text", "")), t=self.now()))]

    def _cmd_submit(self, b: dict, by: str) -> list[dict]:
        self._role(by, "responder")
        desk = self._seat_desk(by, b)
        pid = str(b.get("post_id", ""))
        text = str(b.get("text", ""))
        if not text.strip():
            raise Refused("the reply is empty")
        eng = self.engines[desk]
        d = self.state.desk(desk)
        if not self.meta.approval:
            out = self._check_holder(desk, pid, by)
            return out + self._engine_call(desk, eng.reply, pid, text, self.now(), author=by)
        # The clock first, then the checks: a post its author superseded by writing again up to
        # now is refused here. (Checked before the advance, such a draft was recorded for a closed
        # post: it waited for a review that could never be approved, and held its writer.)
        if self.meta.mode == "realtime" and not eng.finished:
            self._engine_call(desk, eng.advance, self.now())
        out = self._check_holder(desk, pid, by)
        rev = d.revisions(pid) + 1
        score = eng.preview(pid, text)
        stale = int(b.get("based_on", 0) or 0) < d.news_seq
        return out + self._record(desk, {"type": "submit", "post_id": pid, "by": by, "rev": rev,
                                         "text": text, "stale": stale, "scores": score.to_dict()})

    def _pending(self, desk: str, pid: str, rev) -> Pending:
        pend = self.state.desk(desk).pending.get(pid)
        if pend is None:
            raise Refused(f"no draft of {pid} is waiting for approval")
        if rev is None or int(rev) != int(pend.rev):
            raise Refused(f"revision {rev} of {pid} is no longer the one pending "
                          f"(revision {pend.rev} is)")
        return pend

    def _cmd_approve(self, b: dict, by: str) -> list[dict]:
        self._role(by, "approver")
        desk = self._seat_desk(by, b)
        pid = str(b.get("post_id", ""))
        pend = self._pending(desk, pid, b.get("rev"))
        eng = self.engines[desk]
        out: list[dict] = []
        if self.meta.mode == "realtime":
            out += self._engine_call(desk, eng.advance, self.now())
        self._live_post(desk, pid)
        out += self._record(desk, {"type": "review", "post_id": pid, "rev": pend.rev, "by": by,
                                   "verdict": "approved"})
        out += self._engine_call(desk, eng.reply, pid, pend.text, self.now(),
                                 author=pend.by, approved_by=by)
        return out

    def _cmd_changes(self, b: dict, by: str) -> list[dict]:
        self._role(by, "approver")
        desk = self._seat_desk(by, b)
        pid = str(b.get("post_id", ""))
        pend = self._pending(desk, pid, b.get("rev"))
        comment = str(b.get("comment", "")).strip() or "please change this draft"
        return self._record(desk, {"type": "review", "post_id": pid, "rev": pend.rev, "by": by,
                                   "verdict": "changes", "comment": comment})

    # notes
    def _cmd_note(self, b: dict, by: str) -> list[dict]:
        text = str(b.get("text", "")).strip()
        if not text:
            raise Refused("the note is empty")
        fac = b.get("auth") == self.facilitator_code
        who = "facilitator" if fac and not by else by
        desks = [b["desk"]] if b.get("desk") in self.engines else (
            [self.state.desk_of(by)] if self.state.desk_of(by) else list(self.engines))
        ev = {"type": "note", "by": who, "text": text}
        for k in ("post_id", "reply_to", "check", "passed"):     # sim.events.Noted's fields
            if b.get(k) is not None:
                ev[k] = bool(b[k]) if k == "passed" else str(b[k])
        out: list[dict] = []
        for d in desks:
            out += self._record(d, ev)
        return out

    # the facilitator
    def _all(self, fn_name: str, *args, **kw) -> list[dict]:
        out: list[dict] = []
        for d, eng in self.engines.items():
            if not eng.finished:
                out += self._engine_call(d, getattr(eng, fn_name), *args, **kw)
        return out

    def _cmd_pause(self, b: dict, by: str) -> list[dict]:
        if self.clock is not None:
            self.clock.pause()
        return self._all("pause", self.now())

    def _cmd_resume(self, b: dict, by: str) -> list[dict]:
        if self.clock is not None:
            self.clock.resume()
        return self._all("resume")

    def _cmd_next_wave(self, b: dict, by: str) -> list[dict]:
        if self.meta.mode != "turns":
            raise Refused("next wave is for turns mode; this drill runs in real time")
        return self._all("next_wave")

    def _cmd_inject(self, b: dict, by: str) -> list[dict]:
        if b.get("scripted") is not None:
            try:
                e = self.scenario.events[int(b["scripted"])]
            except (ValueError, IndexError):
                raise Refused(f"no scripted event {b['scripted']!r}: the scenario has "
                              f"{len(self.scenario.events)}") from None
            kw = {"kind": e.kind, "mood": e.mood, "posts": e.posts, "mix": dict(e.mix)}
            text = e.text
        else:
            text = str(b.get("text", "")).strip()
            if not text:
                raise Refused("an inject needs some text")
            kw = {"kind": str(b.get("kind") or "inject"), "mood": float(b.get("mood", 0) or 0),
                  "posts": int(b.get("posts", 0) or 0), "mix": dict(b.get("mix") or {})}
            if kw["posts"] and not kw["mix"]:
                kw["mix"] = {"angry": 1.0}
        desks = [b["desk"]] if b.get("desk") in self.engines else list(self.engines)
        out: list[dict] = []
        for d in desks:
            eng = self.engines[d]
            if not eng.finished:
                out += self._engine_call(d, eng.inject, text, by="facilitator", now=self.now(), **kw)
        return out

    def _cmd_checks(self, b: dict, by: str) -> list[dict]:
        items = [" ".join(str(i).split()) for i in (b.get("items") or []) if str(i).strip()]
        if not items:
            raise Refused("give the observers at least one check")
        return [log.room(log.ChecksSet(items=items[:30], t=self.now()))]

    def _cmd_end(self, b: dict, by: str) -> list[dict]:
        return self._all("finish", "facilitator ended the drill", self.now())


FACILITATOR = ("pause", "resume", "next_wave", "inject", "end", "reassign", "checks")


def host_settings_check(store: DrillStore) -> None:
    if not isinstance(store, DrillStore):
        raise StoreError("not a drill store")
