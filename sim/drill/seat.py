"""A seat: a responder, approver, observer, projector (or a bot, or the facilitator's console).

A seat never changes the drill itself. It sends commands (each with a client key, so a retry is
applied once) and folds the events the host appended, read by sequence number.
"""
from __future__ import annotations

import os
import secrets
import time
import uuid
from pathlib import Path

from sim.drill.store import PROTOCOL, DrillInfo, DrillStore, Event, ReadOnlyStore
from sim.drill.team import SeatInfo, TeamState


CATCH_UP_BATCH = 2000   # events read per query while catching up
WATCH_ROLES = ("projector", "observer")     # may follow a drill with a read-only database role


class SeatError(Exception):
    """The seat cannot join or act (the message says why, for a person to read)."""


def find_drill(store: DrillStore, code: str) -> DrillInfo:
    info = store.drill(code)
    if info is None:
        raise SeatError(f"no drill with code {code!r} in {store.url}: check the code the "
                        f"facilitator showed (and --store, if the drill uses another store)")
    if info.protocol != PROTOCOL:
        raise SeatError(f"drill {info.code} speaks drill protocol {info.protocol}, this Stormdesk "
                        f"{PROTOCOL}: use the same version as the host")
    return info


def seat_key(home: str | os.PathLike | None, code: str, name: str) -> str:
    """This machine's key for a name in a drill: rejoining after a crash is the same person;
    someone else taking the name is refused."""
    if home is None:
        from sim.store import default_root
        home = default_root()
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:60] or "seat"
    p = Path(home) / "drill-seats" / code / f"{safe}.key"
    try:
        return p.read_text().strip()
    except OSError:
        pass
    key = secrets.token_hex(8)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(key)
    except OSError:
        pass
    return key


class Seat:
    def __init__(self, store: DrillStore, code: str, name: str, *, role: str = "responder",
                 team: str | None = None, home=None, facilitator_code: str | None = None) -> None:
        self.store = store
        self.info = find_drill(store, code)
        self.code = self.info.code
        self.name = name
        self.role = role
        self.team = team
        self.home = home
        self.auth = facilitator_code
        self.state = TeamState()
        self.new: list[Event] = []
        self.key: str | None = None     # this machine's seat key, once joined: sent with commands
        self.watch_only = False         # joined through a read-only role: reads, never sends

    # -- reading ---------------------------------------------------------------------------------
    def catch_up(self) -> list[Event]:
        got: list[Event] = []
        while True:
            evs = self.store.events_after(self.code, self.state.seq, CATCH_UP_BATCH)
            for e in evs:
                self.state.fold(e.seq, e.command_id, e.body)
            got += evs
            if len(evs) < CATCH_UP_BATCH:   # a short batch was everything: no second query
                return got

    def poll(self, timeout: float = 0.05) -> list[Event]:
        got = self.catch_up()
        if got:
            return got
        self.store.wait(self.code, timeout)
        return self.catch_up()

    # -- writing ---------------------------------------------------------------------------------
    def send(self, body: dict, key: str | None = None) -> int:
        body = dict(body)
        body.setdefault("by", self.name)
        if self.key is not None and body.get("type") != "join":
            body.setdefault("seat_key", self.key)
        if self.auth:
            body["auth"] = self.auth
        return self.store.submit(self.code, key or uuid.uuid4().hex, body)

    def result(self, command_id: int, timeout: float = 10.0) -> list[dict]:
        """The events a command produced, once the host has applied it. A refusal comes back as
        ``[{"team": {"type": "refused", "reason": ...}}]``; SeatError if the host is silent."""
        end = time.monotonic() + timeout
        while command_id not in self.state.answered:
            if self.state.over:     # the host applies nothing after the end: it never will
                why = "the drill is over"
                self.state.refusals.setdefault(command_id, why)
                return [{"team": {"type": "refused", "reason": why}}]
            if time.monotonic() > end:
                raise SeatError(f"the host has not answered in {timeout:g}s (is it running? "
                                f"start it again with `stormdesk drill host --resume {self.code}`)")
            self.poll(0.05)
        return self.state.answered[command_id]

    def do(self, body: dict, key: str | None = None, timeout: float = 10.0) -> str | None:
        """Send and wait; the refusal reason, or None when it was applied."""
        cid = self.send(body, key)
        self.result(cid, timeout)
        return self.state.refusals.get(cid)

    def join(self, timeout: float = 10.0, key: str | None = None) -> SeatInfo:
        """``key``: this seat's key (default: this machine's key for the name, so a crashed
        seat rejoins as itself; a browser tab passes a key of its own)."""
        self.catch_up()
        if self.info.status == "finished" or self.state.over:
            raise SeatError(f"drill {self.code} has finished: nothing to join (the facilitator can "
                            f"export it with `stormdesk drill export {self.code} -o DIR`)")
        key = key or seat_key(self.home, self.code, self.name)
        self.key = key
        try:
            why = self.do({"type": "join", "name": self.name, "role": self.role,
                           "team": self.team, "seat_key": key, "protocol": PROTOCOL},
                          timeout=timeout)
        except ReadOnlyStore:
            if self.role not in WATCH_ROLES:
                raise SeatError(f"cannot join drill {self.code} as a {self.role}: this store's "
                                f"database role is read-only, which is for {' and '.join(WATCH_ROLES)} "
                                "seats; use the trainees' role") from None
            # A read-only role watches without a seat in the room: it reads the log, sends nothing.
            self.watch_only = True
            return SeatInfo(self.name, self.role, self.team, None, 0.0, "", present=False,
                            watch_only=True)
        if why:
            raise SeatError(f"cannot join drill {self.code}: {why}")
        return self.state.seats[" ".join(self.name.split())]

    @property
    def desk(self):
        seat = self.state.seats.get(self.name)
        desks = self.state.meta.desks if self.state.meta else []
        name = (seat.desk if seat else None) or (desks or ["shared"])[0]
        return self.state.desk(name)
