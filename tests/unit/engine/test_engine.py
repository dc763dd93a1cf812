from __future__ import annotations

import json

import pytest

from sim.engine import Drill, DrillError, priority, promised_minutes
from sim.journal import Journal, read_journal
from sim.model import Fact, Wave
from sim.simulate import run

from .conftest import ScriptedWriter, draft, make_scenario, scripted_scorer


def _bytes(drill):
    return "\n".join(json.dumps(e, sort_keys=True) for e in drill.journal.events)


def test_same_seed_same_journal_different_seed_differs():
    from sim.scenario import load_scenario
    sc = load_scenario("network-blackout")
    a, b, c = (run(sc, seed=s, player="model") for s in (7, 7, 8))
    assert _bytes(a) == _bytes(b)
    assert _bytes(a) != _bytes(c)


def test_how_often_advance_is_called_does_not_change_the_drill():
    from sim.scenario import load_scenario
    sc = load_scenario("network-blackout")
    replies = {40.0: "Sorry, we're on it", 95.5: "Really sorry, Wi-Fi Calling works", 200.0: "Sorry!"}

    def play(step):
        d = Drill(sc, seed=3)
        t = 0.0
        while t < 260:
            d.advance(t)
            for at, text in replies.items():
                if t <= at < t + step and d.queue():
                    d.reply(d.queue()[0].id, text, at)
            t += step
        d.finish("quit", 260)
        return _bytes(d)

    assert play(0.25) == play(7.0)


def test_journal_is_flushed_event_by_event(tmp_path):
    path = tmp_path / "j.jsonl"
    d = Drill(make_scenario(), seed=1, journal=Journal(path), writer=ScriptedWriter([draft()]),
              scorer=scripted_scorer())
    assert read_journal(path).events[0].kind == "drill_start"
    d.advance(2)
    on_disk = read_journal(path).records
    assert [e["type"] for e in on_disk] == [e["type"] for e in d.journal.events]
    assert any(e["type"] == "post" for e in on_disk)


def test_reply_errors_are_clear():
    d = Drill(make_scenario(), seed=1, writer=ScriptedWriter([draft()]), scorer=scripted_scorer())
    d.advance(5)
    pid = d.queue()[0].id
    with pytest.raises(DrillError, match="no post"):
        d.reply("p999", "hello", 5)
    with pytest.raises(DrillError, match="empty"):
        d.reply(pid, "   ", 5)
    d.reply(pid, "Sorry!", 6)
    again = d.reply(pid, "again", 7)
    assert next(e for e in again.events if e["type"] == "reply")["follow_up"] == 1     # a follow-up (tests/unit/engine/test_follow_up.py)
    d.finish("quit", 8)
    with pytest.raises(DrillError, match="over"):
        d.reply(pid, "late", 9)


def test_reply_is_scored_with_speed_and_triage_context():
    seen = []

    def scorer(ctx):
        seen.append(ctx)
        return scripted_scorer()(ctx)

    sc = make_scenario(waves=[Wave(at=0, posts=2, mix={"angry": 1}, over=2)])
    w = ScriptedWriter([draft(persona="angry", reach=20), draft(persona="vulnerable", reach=20, text="I'm scared")])
    d = Drill(sc, seed=1, writer=w, scorer=scorer)
    d.advance(10)
    q = d.queue()
    assert q[0].persona == "vulnerable"            # triage: vulnerable first
    angry = q[1]
    d.reply(angry.id, "Sorry", 12)
    ctx = seen[0]
    assert ctx.seconds_to_reply == pytest.approx(12 - angry.at)
    assert ctx.higher_priority_waiting == 0        # the vulnerable post arrived later
    assert [(f.text, f.kind, f.at) for f in ctx.facts] == [("Everything is down, no ETA yet", "status", 0.0)]
    assert ctx.at == pytest.approx(12)
    assert ctx.voice == "playful" and ctx.persona == "angry"


def test_turns_mode_waits_for_the_facilitator_and_is_untimed():
    sc = make_scenario(waves=[Wave(at=0, posts=2, mix={"angry": 1}, over=10),
                              Wave(at=100, posts=3, mix={"angry": 1}, over=10)])
    d = Drill(sc, seed=1, mode="turns", writer=ScriptedWriter([draft()]), scorer=scripted_scorer())
    assert d.advance(500) == [] and not d.posts       # the clock does not move the drill
    d.next_wave()
    assert len(d.posts) == 2
    out = d.reply(d.queue()[0].id, "Sorry", None)
    assert out.score.speed is None
    assert any(e["type"] == "post" for e in out.events)   # consequences arrive at once
    d.next_wave()
    assert sum(1 for p in d.posts.values() if p.kind == "post") == 5
    d.next_wave()
    assert d.finished


def test_difficulty_scales_volume():
    from sim.scenario import load_scenario
    sc = load_scenario("network-blackout")
    counts = {}
    for diff in ("calm", "standard", "storm"):
        d = run(sc, seed=5, player="silent", difficulty=diff)
        counts[diff] = sum(1 for p in d.posts.values() if p.kind == "post" and not p.cause)
    assert counts["calm"] < counts["standard"] < counts["storm"]


def test_priority_puts_vulnerable_and_reach_first():
    assert priority("vulnerable", 30, 40) > priority("angry", 200_000, 90)
    assert priority("angry", 200_000, 50) > priority("angry", 50, 50)


@pytest.mark.parametrize("text,expected", [
    ("fixed by 3pm", 15 * 60), ("back at 15:30 today", 15 * 60 + 30), ("around 9am", 9 * 60),
    ("we have 99.9% uptime", None), ("call 999", None), ("in 2 hours", None),
])
def test_promised_minutes(text, expected):
    assert promised_minutes(text) == expected


def test_facts_arrive_on_time():
    sc = make_scenario(facts=[Fact("f1", 0, "down", "status"), Fact("f2", 60, "Wi-Fi calling works", "workaround")])
    d = Drill(sc, seed=1, writer=ScriptedWriter([draft()]), scorer=scripted_scorer())
    d.advance(59)
    assert [f.id for f in d.state.facts] == ["f1"]
    d.advance(60)
    assert [f.id for f in d.state.facts] == ["f1", "f2"]


def test_drill_ends_at_length_with_totals():
    d = Drill(make_scenario(length=120), seed=1, writer=ScriptedWriter([draft()]), scorer=scripted_scorer(70))
    d.advance(10)
    d.reply(d.queue()[0].id, "Sorry", 10)
    d.advance(1000)
    end = d.journal.events[-1]
    assert d.finished and end["type"] == "drill_end" and end["reason"] == "finished"
    assert end["totals"]["answered"] == 1 and end["totals"]["overall"] == 70
