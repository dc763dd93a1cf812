"""Per-team scores in both ways of running teams (issue 17): parallel desks (each team its own
desk and crowd) and one shared desk with --team (one queue, one crowd): answered, missed, time
to claim, approve and publish, and approvals that caught a bad draft."""
from __future__ import annotations

from sim.clock import DrillClock, FakeClock
from sim.drill.export import export, team_stats
from sim.drill.host import Host, Settings
from sim.drill.store_sqlite import SqliteStore

from .conftest import FIXTURE
from .test_commands import send

GOOD = "I'm so sorry, we're on it and will update you here."
BAD = "Calm down, it's not our fault."


def _host(tmp_path, desks):
    store = SqliteStore.open(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    host = Host.create(store, Settings(scenario=FIXTURE, seed=3, desks=desks, teams=2, approval=True))
    host.fake = FakeClock(0.0)
    host.clock = DrillClock(source=host.fake)
    host.clock.start()
    host.started = True
    return store, host


def _at(host, t):
    host.fake.set(t)
    host.step(0)


def _join(store, host, seats):
    for name, role, team in seats:
        send(store, host, {"type": "join", "name": name, "role": role, "team": team, "seat_key": name}, f"j{name}")
    _at(host, 40)


def _do(store, host, who, body, key):
    send(store, host, body, key, who)
    host.step(0)
    assert not host.state.refusals, host.state.refusals


def test_parallel_teams_each_have_their_own_scores(tmp_path):
    store, host = _host(tmp_path, "parallel")
    _join(store, host, [("Ana", "responder", "1"), ("Lea", "approver", "1"),
                        ("Ben", "responder", "2"), ("Lou", "approver", "2")])
    pid = host.state.desk("team1").queue()[0].id
    at = host.state.desk("team1").posts[pid].at
    _do(store, host, "Ana", {"type": "submit", "post_id": pid, "text": GOOD}, "a1")
    _do(store, host, "Ben", {"type": "submit", "post_id": pid, "text": BAD}, "b1")
    _at(host, 50)
    _do(store, host, "Lea", {"type": "approve", "post_id": pid, "rev": 1}, "l1")
    _do(store, host, "Lou", {"type": "changes", "post_id": pid, "rev": 1, "comment": "no blame"}, "o1")
    _do(store, host, "Ben", {"type": "submit", "post_id": pid, "text": GOOD}, "b2")
    _at(host, 65)
    _do(store, host, "Lou", {"type": "approve", "post_id": pid, "rev": 2}, "o2")
    _do(store, host, None, {"type": "end", "auth": host.facilitator_code}, "end")
    one, two = team_stats(host.state)
    assert (one["team"], one["people"], two["team"], two["people"]) == ("team1", ["Ana", "Lea"], "team2", ["Ben", "Lou"])
    assert (one["answered"], one["approved"], one["changes"], one["caught"]) == (1, 1, 0, 0)
    assert (two["answered"], two["approved"], two["changes"], two["caught"]) == (1, 1, 1, 1)
    assert one["claim_median_s"] == two["claim_median_s"] == round(40 - at, 1)
    # time to approve: from a draft's submission to the approver's answer (approve or changes)
    assert one["approve_median_s"] == 10.0 and two["approve_median_s"] == 12.5   # 50-40; (10+15)/2
    assert one["publish_median_s"] == round(50 - at, 1) and two["publish_median_s"] == round(65 - at, 1)
    ends = {d: host.state.desk(d).end.totals for d in ("team1", "team2")}
    assert one["missed"] == ends["team1"]["missed"] and two["missed"] == ends["team2"]["missed"]
    assert (one["mood_end"], two["mood_end"]) == (round(host.state.desk("team1").mood, 1),
                                                  round(host.state.desk("team2").mood, 1))  # its own crowd
    export(store, host.code, tmp_path / "out")
    report = (tmp_path / "out" / "team-report.md").read_text()
    assert "Parallel desks: each team had its own desk" in report
    assert f"| team2 | Ben, Lou | 1 | {two['missed']} |" in report


def test_teams_on_one_shared_desk_are_scored_apart_but_share_the_queue(tmp_path):
    store, host = _host(tmp_path, "shared")
    _join(store, host, [("Ana", "responder", "1"), ("Lea", "approver", "1"),
                        ("Ben", "responder", "2"), ("Cy", "responder", "team2"), ("Obs", "observer", None)])
    _at(host, 62)                                      # the first wave is all on the desk
    d = host.state.desk("shared")
    assert {s.desk for n, s in host.state.seats.items() if n != "Obs"} == {"shared"}   # one desk
    p1, p2, p3 = [p.id for p in d.queue()[:3]]
    _do(store, host, "Ana", {"type": "submit", "post_id": p1, "text": BAD}, "a1")
    _do(store, host, "Ben", {"type": "submit", "post_id": p2, "text": GOOD}, "b1")
    _do(store, host, "Cy", {"type": "submit", "post_id": p3, "text": GOOD}, "c1")
    _at(host, 70)
    _do(store, host, "Lea", {"type": "changes", "post_id": p1, "rev": 1, "comment": "no blame"}, "l1")
    _do(store, host, "Lea", {"type": "approve", "post_id": p2, "rev": 1}, "l2")
    _do(store, host, "Lea", {"type": "approve", "post_id": p3, "rev": 1}, "l3")
    one, two = team_stats(host.state)
    assert (one["team"], one["people"]) == ("team1", ["Ana", "Lea"])
    assert (two["team"], two["people"]) == ("team2", ["Ben", "Cy"])     # --team 2 and team2: one team
    assert (one["answered"], one["approved"], one["changes"], one["caught"]) == (0, 2, 1, 1)
    assert (two["answered"], two["approved"], two["caught"]) == (2, 0, 0)
    assert one["approve_median_s"] == 8.0 and two["approve_median_s"] is None
    assert one["missed"] is None and two["missed"] is None      # one queue: missed is the desk's
    export(store, host.code, tmp_path / "out")
    report = (tmp_path / "out" / "team-report.md").read_text()
    assert "One shared desk: the teams work one queue for one crowd" in report
    assert "| team2 | Ben, Cy | 2 | - |" in report
    assert "<td>team2</td><td>Ben, Cy</td><td>2</td>" in (tmp_path / "out" / "team-report.html").read_text()
