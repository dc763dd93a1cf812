"""Crash safety: a drill killed at any moment reads back, is listed, can be debriefed and resumed,
and a resumed drill still re-derives exactly."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from sim.bots import make_bot
from sim.journal import read_journal
from sim.replay import ReplayError, replay, resume
from sim.report import build
from sim.store import Store

from .conftest import events_of


def play_on(drill, scenario, player="model", seed=4, until=None):
    """Carry on a (resumed) drill the way `simulate` does, a bot looking at the queue every second."""
    bot = make_bot(player, scenario, seed)
    t = float(drill.t)
    end = scenario.length if until is None else until
    while not drill.finished and t <= end + 1.0:      # advancing past the end finishes it
        drill.advance(t)
        if drill.finished:
            break
        post = bot.choose(drill.queue())
        if post is not None and t >= float(drill.t) - 1e-9:
            drill.reply(post.id, bot.write(post, scenario.facts_known(t)), t)
        t += 1.0
    return drill


@pytest.mark.parametrize("fraction", [0.05, 0.31, 0.5, 0.77, 0.98])
def test_a_journal_cut_anywhere_reads_back_and_debriefs(journals, tmp_path, fraction):
    data = journals["rude"].read_bytes()
    cut = int(len(data) * fraction)
    p = tmp_path / "journals" / "cut.jsonl"
    p.parent.mkdir()
    p.write_bytes(data[:cut])
    whole = data[:cut].count(b"\n")
    tail = data[:cut].rsplit(b"\n", 1)[-1]
    try:                                  # cut just before a newline: the last event is whole
        intact = bool(tail) and isinstance(json.loads(tail), dict)
    except ValueError:
        intact = False
    whole += intact
    jr = read_journal(p)
    assert len(jr.events) == whole
    assert jr.torn == (bool(tail) and not intact)
    if jr.torn:
        assert any("cut off mid-write" in x for x in jr.problems)
    res = replay(p)                       # everything recorded before the tear still re-derives
    assert res.ok, res.text()
    assert res.checked == whole
    rec = Store.open(tmp_path).interrupted()
    assert [r.journal.name for r in rec] == ["cut.jsonl"]
    replies = sum(1 for line in data[:cut].split(b"\n")[:whole] if b'"type":"reply"' in line)
    assert rec[0].totals["answered"] == replies
    d = json.loads(build([p], "json"))
    assert not d["finished"] and d["torn"] == jr.torn and len(d["replies"]) == replies


def test_resume_carries_on_and_the_whole_journal_still_re_derives(journals, scenario, tmp_path):
    data = journals["model"].read_bytes()
    p = tmp_path / "resumed.jsonl"
    p.write_bytes(data[: len(data) // 2 + 17])                 # killed mid-write, half way
    before = events_of_prefix(p)
    drill, t = resume(p, scenario)
    assert t == pytest.approx(before[-1]["t"])
    assert (tmp_path / "resumed.jsonl.torn").exists()          # the torn bytes are kept, not thrown away
    assert events_of(p)[: len(before)] == before               # nothing that was saved is lost
    play_on(drill, scenario)
    drill.journal.close()
    assert drill.finished and events_of(p)[-1]["type"] == "drill_end"
    res = replay(p)
    assert res.ok, res.text()
    assert res.replies == sum(1 for e in events_of(p) if e["type"] == "reply")


def test_a_finished_drill_cannot_be_resumed(journals):
    with pytest.raises(ReplayError, match="already finished"):
        resume(journals["silent"])


def events_of_prefix(p):
    return [json.loads(line) for line in p.read_bytes().split(b"\n")[:-1] if line.strip()]


CHILD = textwrap.dedent("""
    import sys, time
    from sim.bots import make_bot
    from sim.engine import Drill
    from sim.journal import Journal
    from sim.scenario import load_scenario
    from sim.store import Store
    store = Store.open(sys.argv[1])
    sc = load_scenario("network-blackout")
    path = store.new_journal_path(sc.id, 7)
    drill = Drill(sc, seed=7, player="human", journal=Journal(path))
    store.record(path)                      # listed as soon as it starts
    bot = make_bot("model", sc, 7)
    sent = 0
    t = 0.0
    while sent < 6:
        drill.advance(t)
        post = bot.choose(drill.queue())
        if post is not None:
            drill.reply(post.id, "typed reply %d: " % sent + bot.write(post, sc.facts_known(t)), t)
            sent += 1
        t += 3.0
    print(path, flush=True)
    time.sleep(60)                          # waiting for the player: killed here
""")


def test_kill_9_mid_drill_loses_nothing_submitted(tmp_path, scenario):
    env = dict(os.environ, STORMDESK_HOME=str(tmp_path))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        path = child.stdout.readline().strip()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL and path
    store = Store.open(tmp_path)
    cut = store.interrupted()
    assert [str(r.journal) for r in cut] == [str(os.path.realpath(path))]
    events = events_of(cut[0].journal)
    typed = [e["text"] for e in events if e["type"] == "reply"]
    assert len(typed) == 6 and all(x.startswith(f"typed reply {i}: ") for i, x in enumerate(typed))
    assert cut[0].totals["answered"] == 6
    assert "typed reply 5" in build([cut[0].journal], "md")
    assert replay(cut[0].journal).ok
    drill, t = resume(cut[0].journal, scenario)
    play_on(drill, scenario, seed=7)
    drill.journal.close()
    store.record(cut[0].journal)
    assert store.interrupted() == [] and store.drills()[0].finished
    assert replay(cut[0].journal).ok
