"""The team drill's log read as typed events (sim.drill.log, sim.events' team kinds) and folded
into typed state (sim.drill.team): one dataclass per kind, one reader, the JSON as written kept."""
from __future__ import annotations

import pytest

from sim.drill import log
from sim.drill.host import Host, Settings
from sim.drill.store_sqlite import SqliteStore
from sim.drill.team import Desk, TeamState
from sim.events import (KINDS, TEAM_KINDS, Claimed, EventError, Noted, Released, Replied,
                        Reviewed, Submitted, TeamEvent, from_json)
from sim.model import Post

# each team kind exactly as the host builds it (sim.drill.host), in the host's key order
HOST_BODIES = [
    {"type": "claim", "post_id": "p1", "by": "Ana"},
    {"type": "claim", "post_id": "p1", "by": "Ben", "assigned": True},
    {"type": "release", "post_id": "p1", "by": "Ana", "reason": "idle"},
    {"type": "submit", "post_id": "p1", "by": "Ana", "rev": 2, "text": "Sorry.", "stale": False,
     "scores": {"overall": 61, "markers": ["apology"]}},
    {"type": "review", "post_id": "p1", "rev": 2, "by": "Lee", "verdict": "approved"},
    {"type": "review", "post_id": "p1", "rev": 2, "by": "Lee", "verdict": "changes", "comment": "no ETA"},
    {"type": "note", "by": "Olu", "text": "slow", "post_id": "p1", "check": "1", "passed": False},
]


def test_every_team_kind_is_its_own_dataclass_with_declared_fields():
    assert set(TEAM_KINDS) == {"claim", "release", "submit", "review", "note"}
    for kind in TEAM_KINDS:
        cls = KINDS[kind]
        assert issubclass(cls, TeamEvent) and cls.__dataclass_fields__.keys() - {"t"}, kind


@pytest.mark.parametrize("body", HOST_BODIES, ids=lambda b: b["type"])
def test_a_team_event_round_trips_in_the_hosts_key_order(body):
    ev = TeamEvent.of(12.5, body)
    line = {"t": 12.5, **body}
    assert ev.to_json() == line and list(ev.to_json()) == list(line)     # byte-identical lines
    assert from_json(line) == ev


def test_team_events_are_read_as_typed_fields():
    sub = TeamEvent.of(3.0, HOST_BODIES[3])
    assert isinstance(sub, Submitted) and (sub.by, sub.rev, sub.stale, sub.overall) == ("Ana", 2, False, 61.0)
    rv = TeamEvent.of(4.0, HOST_BODIES[5])
    assert isinstance(rv, Reviewed) and (rv.verdict, rv.comment) == ("changes", "no ETA")
    assert TeamEvent.of(1.0, HOST_BODIES[0]).assigned is False
    assert isinstance(TeamEvent.of(1.0, HOST_BODIES[2]), Released)
    note = TeamEvent.of(1.0, {"type": "note", "by": "Olu", "text": "hi"})
    assert isinstance(note, Noted) and note.post_id is None and note.to_json() == {
        "t": 1.0, "type": "note", "by": "Olu", "text": "hi"}


@pytest.mark.parametrize("body, why", [
    ({"type": "claim", "post_id": "p1"}, "a claim event needs the field 'by'"),
    ({"type": "submit", "post_id": "p1", "by": "A", "rev": "2", "text": "x"}, "field 'rev' of a submit event should be whole number"),
    ({"type": "note", "by": "A", "text": "x", "check": 3}, "field 'check' of a note event should be text"),
    ({"type": "reply", "post_id": "p1"}, "not a team event: 'reply'"),
])
def test_a_bad_team_event_is_refused_saying_which_field(body, why):
    with pytest.raises(EventError, match=why):
        TeamEvent.of(1.0, body)


ROOM = [
    log.Opened(code="ABC", scenario="network-blackout", scenario_id="network-blackout", title="T",
               seed=3, difficulty="calm", mode="turns", desks_mode="parallel", teams=2,
               desks=["team1", "team2"], approval=True, pace=10.0, claim_idle=60.0, wait_seats=2,
               protocol=1, started_at="2026-12-01T20:00:00+00:00"),
    log.HostStarted(pid=42, restart=True),
    log.Joined(name="Ana", role="responder", team=2, desk="team2", key="k", rejoin=False, t=1.5),
    log.Left(name="Ana", t=9.0),
    log.Drafted(desk="team1", post_id="p3", by="Ana", text="draft", t=4.0),
    log.ChecksSet(items=["vulnerable first"], t=2.0),
    log.Refused(cmd="claim", by="Ben", reason="Ana has p3"),
    log.Noop(cmd="leave", by="Ben"),
    log.Over(t=99.0),
]


@pytest.mark.parametrize("ev", ROOM, ids=lambda e: e.kind)
def test_every_room_event_round_trips_through_the_one_reader(ev):
    body = log.room(ev)
    assert list(body) == ["team"] and body["team"]["type"] == ev.kind
    assert log.read(body) == ev


def test_the_room_bodies_keep_the_hosts_key_order():
    assert list(ROOM[0].to_json()) == ["type", "code", "scenario", "scenario_id", "title", "seed",
                                       "difficulty", "mode", "desks_mode", "teams", "desks", "approval",
                                       "pace", "claim_idle", "wait_seats", "protocol", "started_at"]
    assert list(ROOM[2].to_json()) == ["type", "name", "role", "team", "desk", "key", "rejoin", "t"]


def test_a_room_body_this_version_cannot_read_is_kept_whole_never_fatal():
    newer = {"team": {"type": "vote", "by": "Ana"}}
    got = log.read(newer)
    assert isinstance(got, log.RoomUnknown) and got.to_json() == newer["team"]
    damaged = log.read({"team": {"type": "join", "name": "Ana", "role": 7}})
    assert isinstance(damaged, log.RoomUnknown) and "field 'role' of a join event should be text" in damaged.problem
    st = TeamState()
    st.fold(1, None, newer)
    st.fold(2, None, {"team": {"type": "join", "name": "Ana", "role": 7}})
    assert st.seats == {} and st.seq == 2


def test_a_desk_line_is_typed_and_kept_as_written():
    rec = {"t": 5.0, "type": "claim", "post_id": "p1", "by": "Ana"}
    line = log.read({"desk": "shared", "ev": rec})
    assert isinstance(line, log.DeskLine) and line.desk == "shared"
    assert isinstance(line.event, Claimed) and line.record == rec


def _post(pid, at, priority=0.5):
    return {"t": at, "type": "post", "post": {
        "id": pid, "at": at, "author": "Ana", "handle": f"@{pid}", "persona": "angry",
        "text": f"where is my signal {pid}", "reach": 10, "anger": 0.5, "priority": priority,
        "kind": "post"}}


def test_a_desk_folds_into_typed_state():
    d = Desk("shared")
    lines = [{"t": 0.0, "type": "drill_start", "scenario": "x", "seed": 1, "mood": -5.0},
             _post("p1", 1.0, 0.2), _post("p2", 2.0, 0.9),
             {"t": 3.0, "type": "claim", "post_id": "p1", "by": "Ana"},
             {"t": 4.0, "type": "submit", "post_id": "p1", "by": "Ana", "rev": 1, "text": "Sorry",
              "stale": False, "scores": {"overall": 50}},
             {"t": 5.0, "type": "fact", "kind": "status", "text": "fixed by noon"},
             {"t": 6.0, "type": "reply", "post_id": "p2", "text": "On it", "seconds": 4.0,
              "scores": {"overall": 70}, "author": "Ben"}]
    for i, rec in enumerate(lines, 1):
        d.fold(i, rec)
    assert d.header.mood == -5.0 and d.mood == -5.0
    assert all(isinstance(p, Post) for p in d.posts.values())
    assert [p.id for p in d.queue()] == ["p1"]                  # p2 answered
    assert d.claims["p1"].by == "Ana" and d.claims["p1"].last == 4.0
    pend = d.pending["p1"]
    assert (pend.by, pend.rev, pend.text, pend.stale) == ("Ana", 1, "Sorry", True)   # news came after
    assert d.revisions("p1") == 1 and d.revisions("p2") == 0
    assert isinstance(d.replies["p2"], Replied) and d.last_reply.author == "Ben"
    assert [f.text for f in d.facts] == ["fixed by noon"] and d.news_seq == 6
    assert d.records == lines                                   # the JSON as written, for the export
    d.fold(8, {"t": 9.0, "type": "drill_end", "reason": "finished", "totals": {"missed": 1}})
    assert d.finished and d.end.totals == {"missed": 1} and d.open == {}


def test_the_host_writes_what_the_reader_reads(tmp_path):
    """A real host's first bodies come back as its typed settings and host start."""
    store = SqliteStore.open(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    host = Host.create(store, Settings(scenario="network-blackout", seed=5, desks="parallel", teams=2,
                                       approval=True))
    try:
        m = host.state.meta
        assert isinstance(m, log.Opened) and (m.seed, m.parallel, m.desks, m.approval) == (
            5, True, ["team1", "team2"], True)
        assert host.state.hosts == 1 and m.started_at
        bodies = [e.body for e in store.events_after(host.code, 0, 10)]
        assert log.read(bodies[0]) == m and log.read(bodies[0]).body() == bodies[0]
        assert isinstance(log.read(bodies[2]), log.DeskLine)
    finally:
        host.close()
        store.close()
