"""Command processing in one process on a real SQLite file: idempotent retries, and a property
test of the rules (one live claim per post; with approvals, only approved drafts go out; every
command applied exactly once)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.clock import DrillClock, FakeClock
from sim.drill.host import Host, Settings
from sim.drill.store_sqlite import SqliteStore
from sim.events import Turn

from .conftest import FIXTURE


def make_host(path, approval=True, mode="realtime"):
    store = SqliteStore.open(f"sqlite:///{path}")
    host = Host.create(store, Settings(scenario=FIXTURE, seed=3, approval=approval, mode=mode,
                                       claim_idle=30))
    host.fake = FakeClock(0.0)
    host.clock = DrillClock(source=host.fake)
    host.clock.start()
    host.started = True
    return store, host


def send(store, host, body, key, who=None):
    if who is None and body["type"] in ("pause", "resume", "inject", "end", "reassign", "next_wave",
                                        "checks"):
        body = dict(body, auth=host.facilitator_code)
    elif who is not None:
        body = dict(body, by=who, seat_key=who)     # setup_seats joins each name with its name as key
    return store.submit(host.code, key, body)


def all_events(store, code):
    return store.events_after(code, 0, 100000)


def setup_seats(store, host):
    for name, role in (("Ana", "responder"), ("Ben", "responder"), ("Lead", "approver"),
                       ("Obs", "observer")):
        send(store, host, {"type": "join", "name": name, "role": role, "seat_key": name}, f"j-{name}")
    host.fake.set(20)
    host.step(0)


def first_open(host):
    return host.state.desk("shared").queue()[0].id


STEPS = {
    "join": lambda h, p: ({"type": "join", "name": "Cy", "role": "responder", "seat_key": "c"}, None),
    "leave": lambda h, p: ({"type": "leave"}, "Obs"),
    "claim": lambda h, p: ({"type": "claim", "post_id": p}, "Ana"),
    "release": lambda h, p: ({"type": "release", "post_id": p}, "Ana"),
    "draft": lambda h, p: ({"type": "draft", "post_id": p, "text": "Sorry, on it"}, "Ana"),
    "submit": lambda h, p: ({"type": "submit", "post_id": p, "text": "I'm so sorry, we're on it."}, "Ana"),
    "approve": lambda h, p: ({"type": "approve", "post_id": p, "rev": 1}, "Lead"),
    "changes": lambda h, p: ({"type": "changes", "post_id": p, "rev": 1, "comment": "add the fact"}, "Lead"),
    "note": lambda h, p: ({"type": "note", "text": "good triage", "post_id": p}, "Obs"),
    "reassign": lambda h, p: ({"type": "reassign", "post_id": p, "to": "Ben"}, None),
    "pause": lambda h, p: ({"type": "pause"}, None),
    "resume": lambda h, p: ({"type": "resume"}, None),
    "inject": lambda h, p: ({"type": "inject", "text": "a tabloid says staff ignore complaints",
                             "mood": -5, "posts": 2}, None),
    "end": lambda h, p: ({"type": "end"}, None),
    "checks": lambda h, p: ({"type": "checks", "items": ["vulnerable first", "no ETA"]}, None),
}
PRE = {"release": ["claim"], "submit": ["claim"], "approve": ["claim", "submit"],
       "changes": ["claim", "submit"], "resume": ["pause"]}


@pytest.mark.parametrize("kind", sorted(STEPS))
def test_every_command_is_idempotent_under_retry(kind, tmp_path):
    store, host = make_host(tmp_path / "d.sqlite3")
    setup_seats(store, host)
    post = first_open(host)
    for pre in PRE.get(kind, []):
        body, who = STEPS[pre](host, post)
        send(store, host, body, f"pre-{pre}", who)
        host.step(0)
    body, who = STEPS[kind](host, post)
    first = send(store, host, body, "the-key", who)
    host.step(0)
    got = host.state.answered[first]
    assert not any(b.get("team", {}).get("type") == "refused" for b in got), got
    n = len(all_events(store, host.code))
    again = send(store, host, body, "the-key", who)       # a double Enter / a retry
    host.step(0)
    assert again == first
    assert len(all_events(store, host.code)) == n
    assert host.state.answered[first] == got


def test_approval_of_an_old_revision_is_refused(tmp_path):
    store, host = make_host(tmp_path / "d.sqlite3")
    setup_seats(store, host)
    post = first_open(host)
    send(store, host, {"type": "submit", "post_id": post, "text": "Sorry about this."}, "s1", "Ana")
    host.step(0)
    send(store, host, {"type": "submit", "post_id": post, "text": "Sorry, we're on it."}, "s2", "Ana")
    host.step(0)
    cid = send(store, host, {"type": "approve", "post_id": post, "rev": 1}, "a1", "Lead")
    host.step(0)
    assert host.state.refusals[cid] == f"revision 1 of {post} is no longer the one pending (revision 2 is)"
    cid = send(store, host, {"type": "approve", "post_id": post, "rev": 2}, "a2", "Lead")
    host.step(0)
    reply = host.state.desk("shared").replies[post]
    assert (reply.text, reply.author, reply.approved_by) == ("Sorry, we're on it.", "Ana", "Lead")


def test_a_draft_begun_before_an_inject_is_stale(tmp_path):
    store, host = make_host(tmp_path / "d.sqlite3")
    setup_seats(store, host)
    post = first_open(host)
    seen = host.state.seq
    send(store, host, {"type": "inject", "text": "the CEO says it is fixed"}, "i1")
    host.step(0)
    send(store, host, {"type": "submit", "post_id": post, "text": "Sorry!", "based_on": seen}, "s1", "Ana")
    host.step(0)
    assert host.state.desk("shared").pending[post].stale is True


ACTIONS = st.lists(st.tuples(st.sampled_from(["Ana", "Ben", "Lead"]),
                             st.sampled_from(["claim", "release", "draft", "submit", "approve",
                                              "changes", "wait"]),
                             st.integers(0, 3), st.integers(1, 3), st.booleans()),
                   min_size=1, max_size=25)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS, approval=st.booleans())
def test_command_processing_rules(tmp_path_factory, actions, approval):
    store, host = make_host(tmp_path_factory.mktemp("p") / "d.sqlite3", approval=approval)
    setup_seats(store, host)
    for i, (who, op, pi, rev, retry) in enumerate(actions):
        if op == "wait":
            host.fake.advance(7)
            host.step(0)
            continue
        q = sorted(host.engines["shared"].posts)
        pid = q[pi % len(q)]
        body = {"type": op, "post_id": pid, "rev": rev, "text": f"Sorry {i}, we're on it."}
        send(store, host, body, f"k{i}", who)
        if retry:
            send(store, host, body, f"k{i}", who)
        host.step(0)
    host.fake.advance(1)
    host.step(0)
    events = all_events(store, host.code)
    cmds = store.commands_after(host.code, 0, 100000)
    # every command applied exactly once, its events one unbroken run
    runs: dict[int, list[int]] = {}
    for e in events:
        if e.command_id is not None:
            runs.setdefault(e.command_id, []).append(e.seq)
    assert set(runs) == {c.id for c in cmds}
    assert len(cmds) == len({c.client_key for c in cmds})
    for seqs in runs.values():
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert store.applied_through(host.code) == max(c.id for c in cmds)
    # at most one live claim per post; only approved drafts published
    live: dict[str, str] = {}
    approved: dict[str, str] = {}
    pending: dict[tuple[str, int], str] = {}
    replied: set[str] = set()
    for e in events:
        ev = e.body.get("ev")
        if not ev:
            continue
        k, pid = ev.get("type"), ev.get("post_id")
        if k == "claim":
            assert pid not in live, f"{pid} claimed by {ev['by']} while {live.get(pid)} held it"
            live[pid] = ev["by"]
        elif k == "release":
            live.pop(pid, None)
        elif k == "submit":
            pending[(pid, ev["rev"])] = ev["text"]
        elif k == "review" and ev["verdict"] == "approved":
            approved[pid] = pending[(pid, ev["rev"])]
        elif k == "reply":
            assert pid not in replied
            replied.add(pid)
            live.pop(pid, None)
            if approval:
                assert ev.get("approved_by") == "Lead" and approved.get(pid) == ev["text"]
            else:
                assert "approved_by" not in ev
        elif k == "post":
            pass
    store.close()


def test_parallel_desks_share_a_seed_and_keep_their_own_crowd(tmp_path):
    from sim.drill.export import export
    store = SqliteStore.open(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    host = Host.create(store, Settings(scenario=FIXTURE, seed=3, desks="parallel", teams=2))
    host.fake = FakeClock(0.0)
    host.clock = DrillClock(source=host.fake)
    host.clock.start()
    host.started = True
    for name, team in (("Ana", "1"), ("Ben", "2")):
        send(store, host, {"type": "join", "name": name, "team": team, "seat_key": name}, f"j{name}")
    host.fake.set(40)
    host.step(0)
    one, two = host.state.desk("team1"), host.state.desk("team2")
    assert [p.text for p in one.posts.values()] == [p.text for p in two.posts.values()]
    pid = one.queue()[0].id
    send(store, host, {"type": "submit", "post_id": pid, "text": "I'm so sorry, we're on it."}, "s1", "Ana")
    send(store, host, {"type": "submit", "post_id": pid, "text": "Calm down, not our fault."}, "s2", "Ben")
    host.step(0)
    assert one.replies[pid].author == "Ana" and two.replies[pid].author == "Ben"
    assert one.mood != two.mood
    send(store, host, {"type": "end"}, "end")
    host.step(0)
    lines = export(store, host.code, tmp_path / "out")
    assert sum("replay MATCH" in ln for ln in lines) == 4, lines
    report = (tmp_path / "out" / "team-report.md").read_text()
    assert "| team1 | Ana | 1 |" in report and "| team2 | Ben | 1 |" in report


def test_next_wave_is_idempotent_under_retry(tmp_path):
    store, host = make_host(tmp_path / "d.sqlite3", mode="turns")
    setup_seats(store, host)
    first = send(store, host, {"type": "next_wave"}, "w1")
    host.step(0)
    assert first not in host.state.refusals
    turns = [e for e in host.state.desk("shared").events if isinstance(e, Turn)]
    assert send(store, host, {"type": "next_wave"}, "w1") == first
    host.step(0)
    assert [e for e in host.state.desk("shared").events if isinstance(e, Turn)] == turns == turns[:1]


def test_a_seat_cannot_act_as_another_person(tmp_path):
    """A command names who sends it; the host believes it only with that person's seat key, and
    the log (which every seat, even a read-only one, reads) never holds a key anyone could copy."""
    store, host = make_host(tmp_path / "d.sqlite3")
    setup_seats(store, host)
    post = first_open(host)
    joins = [e.body["team"] for e in all_events(store, host.code)
             if e.body.get("team", {}).get("type") == "join"]
    assert joins and all(j["key"] not in ("Ana", "Ben", "Lead", "Obs") for j in joins)
    forged = [store.submit(host.code, "f1", {"type": "claim", "post_id": post, "by": "Ana"}),
              store.submit(host.code, "f2", {"type": "claim", "post_id": post, "by": "Ana",
                                             "seat_key": "Ben"}),
              store.submit(host.code, "f3", {"type": "claim", "post_id": post, "by": "Ana",
                                             "seat_key": joins[0]["key"]})]
    host.step(0)
    for cid in forged:
        assert "not Ana's" in host.state.refusals[cid]
    assert not host.state.desk("shared").claims
    ok = send(store, host, {"type": "claim", "post_id": post}, "real", who="Ana")
    host.step(0)
    assert ok not in host.state.refusals and host.state.desk("shared").claims[post].by == "Ana"
    # a name rejoins only with its key; a join without a key is refused
    again = store.submit(host.code, "j2", {"type": "join", "name": "Ben", "seat_key": "guess"})
    bare = store.submit(host.code, "j3", {"type": "join", "name": "Zoe"})
    host.step(0)
    assert "already in use" in host.state.refusals[again]
    assert "seat key" in host.state.refusals[bare]


def test_a_shared_desk_answers_a_post_once_whoever_tries_again(tmp_path):
    """Team drills keep one reply per post: a second submit (same or another responder) is
    refused, saying who answered it; follow-ups are a solo-desk feature (README)."""
    store, host = make_host(tmp_path / "d.sqlite3", approval=False)
    setup_seats(store, host)
    post = first_open(host)
    send(store, host, {"type": "submit", "post_id": post, "text": "Sorry, we're on it."}, "s1", "Ana")
    host.step(0)
    assert host.state.desk("shared").replies[post].author == "Ana"
    for who, key in (("Ben", "s2"), ("Ana", "s3")):
        cid = send(store, host, {"type": "submit", "post_id": post, "text": "And more news."}, key, who)
        host.step(0)
        assert host.state.refusals[cid] == f"post {post} has already been answered by Ana"
    eng = host.engines["shared"]
    assert len(eng.sent) == 1 and not eng.follow_ups


def test_a_command_sent_as_the_drill_ends_is_refused_not_waited_on(tmp_path):
    """The host applies nothing after the end: a seat (a bot racing the last tick) gets 'the
    drill is over' at once instead of waiting its timeout and failing."""
    import time

    from sim.drill.seat import Seat
    store, host = make_host(tmp_path / "d.sqlite3", approval=False)
    seat = Seat(store, host.code, "Ana", home=tmp_path)
    store.submit(host.code, "j", {"type": "join", "name": "Ana", "seat_key": "k"})
    host.step(0)
    seat.key = "k"
    host.fake.set(10_000)
    while host.step(0):
        pass
    late = seat.send({"type": "claim", "post_id": "p1"})
    t0 = time.monotonic()
    assert seat.result(late, timeout=5)[0]["team"]["reason"] == "the drill is over"
    assert time.monotonic() - t0 < 2 and seat.state.refusals[late] == "the drill is over"


def test_a_host_resumed_before_its_seats_came_still_waits_for_them(tmp_path):
    """A host started with --wait-seats and stopped before anyone joined had not started its
    clock; the host that carries it on must not run the drill to its end in an empty room."""
    store = SqliteStore.open(f"sqlite:///{tmp_path / 'drills.sqlite3'}")
    first = Host.create(store, Settings(scenario=FIXTURE, seed=3, wait_seats=1))
    first.step(0)
    assert not first.started
    first.close()
    again = Host.resume(store, first.code)
    assert not again.started and again.now() == 0.0
    again.step(0)
    assert not again.started
    store.submit(again.code, "j-Ana", {"type": "join", "name": "Ana", "role": "responder",
                                       "seat_key": "Ana"})
    again.step(0)
    assert again.started


def test_a_host_resumed_after_its_clock_started_carries_on_at_once(tmp_path):
    store = SqliteStore.open(f"sqlite:///{tmp_path / 'drills.sqlite3'}")
    first = Host.create(store, Settings(scenario=FIXTURE, seed=3, wait_seats=1))
    store.submit(first.code, "j-Ana", {"type": "join", "name": "Ana", "role": "responder",
                                       "seat_key": "Ana"})
    first.step(0)
    assert first.started
    first.close()
    assert Host.resume(store, first.code).started
