"""Exact replay and resume with the times a real desk produces: any float tick, any float reply
moment (issue 13 item 2). The journal keeps milliseconds; the engine quantises time where it
enters, so what it computed with is what the journal says."""
from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.bots import make_bot
from sim.engine import Drill, quantise
from sim.journal import Journal
from sim.replay import replay, resume
from sim.scenario import list_bundled

SCENARIOS = {sc.id: sc for sc in list_bundled()}
IDS = sorted(SCENARIOS)


def drive(drill, scenario, ticks, reply_every, *, start=0.0, stop=None, bot=None):
    """Advance like the desk's timer (uneven float ticks) and reply at float moments in between."""
    bot = bot or make_bot("model", scenario, drill.seed)
    t = start
    for i, dt in enumerate(ticks):
        if drill.finished or (stop is not None and t + dt > stop):
            break
        t += dt
        drill.advance(t)
        if i % reply_every == 0 and not drill.finished:
            post = bot.choose(drill.queue())
            if post is not None:
                at = t + dt * 0.37          # typed between two ticks
                drill.reply(post.id, bot.write(post, scenario.facts_known(drill.t)), at)
    return t


ticks = st.lists(st.floats(min_value=0.013, max_value=2.9, allow_nan=False), min_size=40, max_size=120)


@settings(max_examples=24, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sid=st.sampled_from(IDS), seed=st.integers(1, 10_000), ticks=ticks, every=st.integers(1, 4))
def test_any_float_ticks_and_reply_times_replay_as_match(tmp_path_factory, sid, seed, ticks, every):
    sc = SCENARIOS[sid]
    p = tmp_path_factory.mktemp("j") / "j.jsonl"
    drill = Drill(sc, seed=seed, player="human", journal=Journal(p))
    drive(drill, sc, ticks, every)
    drill.journal.close()
    res = replay(p)
    assert res.ok, res.text()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sid=st.sampled_from(IDS), seed=st.integers(1, 10_000), ticks=ticks,
       cut=st.floats(min_value=0.1, max_value=0.9), torn=st.booleans())
def test_resume_after_a_kill_continues_exactly(tmp_path_factory, sid, seed, ticks, cut, torn):
    """The drill killed (journal copied as it stood, maybe with half a line), resumed, and fed
    the rest of the same inputs ends with the very journal of the drill never killed."""
    sc = SCENARIOS[sid]
    d = tmp_path_factory.mktemp("k")
    whole, killed = d / "whole.jsonl", d / "killed.jsonl"
    total = sum(ticks)
    stop = total * cut
    a = Drill(sc, seed=seed, player="human", journal=Journal(whole))
    t = drive(a, sc, ticks, 2, stop=stop)
    if a.finished:
        return
    shutil.copy(whole, killed)                   # kill -9 here: the file as it stands
    if torn:
        with open(killed, "ab") as fh:
            fh.write(b'{"t":1.5,"type":"po')
    rest = ticks[len([1 for _ in iter_prefix(ticks, stop)]):]
    drive(a, sc, rest, 2, start=t)
    a.journal.close()
    b, t0 = resume(killed, sc)
    assert quantise(t0) == t0
    drive(b, sc, rest, 2, start=t)
    b.journal.close()
    assert killed.read_text().splitlines() == whole.read_text().splitlines()
    assert replay(killed).ok


def iter_prefix(ticks, stop):
    t = 0.0
    for dt in ticks:
        if t + dt > stop:
            return
        t += dt
        yield dt
