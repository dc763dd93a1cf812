"""Who still needs a reply is decided once (sim.threads.ReplyBook): the engine, the debrief and
a team drill's fold (sim.drill.team.Desk) must agree on it, post by post."""
from __future__ import annotations

from sim.debrief import Analysis
from sim.drill.team import Desk
from sim.journal import Journal, parse_lines, dumps
from sim.simulate import run
from sim.threads import ReplyBook


def _post(pid, at, handle, *, kind="post", reply_to=None, persona="angry"):
    p = {"id": pid, "at": at, "author": handle.strip("@"), "handle": handle, "persona": persona,
         "text": f"{handle} says {pid}", "reach": 100, "anger": 0.5, "priority": 0.5, "kind": kind}
    if reply_to:
        p["reply_to"] = reply_to
    return {"t": at, "type": "post", "post": p}


HEADER = {"t": 0.0, "type": "drill_start", "scenario": "network-blackout", "seed": 1}
# @ana posts; @ben piles on twice in her thread: his second pile-on supersedes his first
EVENTS = [HEADER, _post("p1", 1.0, "@ana"), _post("p2", 2.0, "@ben", kind="pile_on", reply_to="p1"),
          _post("p3", 3.0, "@ben", kind="pile_on", reply_to="p1")]


def _book(events) -> ReplyBook:
    book = ReplyBook()
    for ev in events:
        if ev["type"] == "post":
            p = ev["post"]
            book.add(p["id"], p, handle=p["handle"], reply_to=p.get("reply_to"), kind=p["kind"])
    return book


def test_a_team_desk_supersedes_as_the_engine_does():
    desk = Desk("shared")
    for i, ev in enumerate(EVENTS):
        desk.fold(i, ev)
    assert list(_book(EVENTS).open) == ["p1", "p3"]
    assert list(desk.open) == ["p1", "p3"]              # p2 was superseded by the same person's p3


def test_the_debrief_reads_the_same_books():
    jf = parse_lines([dumps(e) + "\n" for e in EVENTS])
    a = Analysis(jf)
    assert [p.id for p in a.open_posts] == ["p1", "p3"]


def test_engine_debrief_and_team_desk_agree_at_every_step_of_a_real_drill(tmp_path):
    from sim.scenario import load_scenario
    path = tmp_path / "d.jsonl"
    drill = run(load_scenario("network-blackout"), seed=3, player="canned", journal_path=path)
    desk = Desk("shared")
    for i, ev in enumerate(drill.journal.events):
        desk.fold(i, ev)
    a = Analysis.from_path(path)
    # the drill ended, so nothing is open on the desk; the debrief keeps who was left waiting
    assert desk.open == {} and drill.finished
    assert [p.id for p in a.open_posts] == [p.id for p in drill.waiting()]
    # and during the drill, step by step, the team fold and the engine's books agree
    desk, book = Desk("shared"), ReplyBook()
    for i, ev in enumerate(drill.journal.events):
        desk.fold(i, ev)
        if ev["type"] == "post":
            p = ev["post"]
            book.add(p["id"], p, handle=p["handle"], reply_to=p.get("reply_to"), kind=p["kind"])
        elif ev["type"] == "reply":
            book.answered(ev["post_id"])
        if ev["type"] != "drill_end":
            assert list(desk.open) == list(book.open), i


def test_the_journal_keeps_each_event_typed_as_written():
    j = Journal(None)
    j.write(EVENTS[1])
    j.write({"t": 1.5, "type": "reply", "post_id": "p1", "text": "x", "seconds": "soon", "scores": {}})
    assert j.typed[0].post.handle == "@ana"
    assert j.typed[1].kind == "" and j.typed[1].type_name == "reply" and j.typed[1].t == 1.5   # kept whole
