"""The journal format: typed events, one reader, a version number, old journals kept readable.

``tests/fixtures/journals/v1/`` holds journals written by the code before the events were typed
(network-blackout seed 7, the model bot, calm; payday-payments seed 3, silent, turns mode); they
must load for as long as version 1 is read. They re-derive exactly only while the writer and the
scorer are the ones that wrote them: a journal from another version of Stormdesk is re-derived by
today's code, and replay says so rather than calling it tampered with.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim import events as E
from sim.debrief import Analysis
from sim.journal import JOURNAL_VERSION, JournalError, dumps, read_journal
from sim.replay import replay
from sim.scenario import load_scenario
from sim.simulate import run
from sim.version import code_fingerprint

V1 = sorted((Path(__file__).parents[2] / "fixtures" / "journals" / "v1").glob("*.jsonl"))


def test_there_are_old_journals_to_check():
    assert len(V1) == 2


@pytest.mark.parametrize("path", V1, ids=lambda p: p.stem)
def test_an_old_journal_loads_and_its_replay_says_which_version_wrote_it(path):
    jf = read_journal(path)
    assert jf.problems == [] and jf.finished and jf.header.version == 1 and jf.header.code is None
    a = Analysis.from_path(path)
    assert a.totals and a.posts                     # the debrief reads it as recorded
    res = replay(path)
    assert res.other_version
    assert res.ok or "written by another version of Stormdesk (from before journals recorded" in res.text(), res.text()


def _fresh(tmp_path, name="fresh.jsonl") -> Path:
    p = tmp_path / name
    run(load_scenario("network-blackout"), seed=7, player="model", journal_path=p)
    return p


def test_a_journal_records_the_code_that_wrote_it_and_replays_as_a_match(tmp_path):
    p = _fresh(tmp_path)
    assert read_journal(p).header.code == code_fingerprint()
    res = replay(p)
    assert res.ok and not res.other_version and "MATCH" in res.text(), res.text()


def test_a_journal_from_another_version_that_diverges_names_both_versions(tmp_path):
    lines = _fresh(tmp_path).read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0]) | {"code": "0123456789abcdef"}
    n = next(i for i, ln in enumerate(lines) if '"type":"post"' in ln)
    post = json.loads(lines[n])
    post["post"]["text"] = "written by an older writer"
    p = tmp_path / "older.jsonl"
    p.write_text("\n".join([json.dumps(head)] + lines[1:n] + [json.dumps(post)] + lines[n + 1:]) + "\n",
                 encoding="utf-8")
    res = replay(p)
    assert not res.ok and res.other_version
    assert f"code 0123456789abcdef, this one is {code_fingerprint()}" in res.text()


@pytest.mark.parametrize("path", V1, ids=lambda p: p.stem)
def test_every_line_of_an_old_journal_round_trips_through_its_typed_event(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        ev = E.from_json(json.loads(line))
        assert not isinstance(ev, E.Unknown)
        assert dumps(ev.to_json()) == line          # byte for byte, key order included


def test_a_journal_without_a_version_is_version_1_and_still_replays(tmp_path):
    lines = _fresh(tmp_path).read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    del head["version"]
    p = tmp_path / "unversioned.jsonl"
    p.write_text("\n".join([json.dumps(head)] + lines[1:]) + "\n", encoding="utf-8")
    assert read_journal(p).header.version == 1
    assert replay(p).ok


def test_a_journal_from_a_newer_version_is_refused_clearly(tmp_path):
    lines = V1[0].read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0]) | {"version": JOURNAL_VERSION + 1}
    p = tmp_path / "future.jsonl"
    p.write_text("\n".join([json.dumps(head)] + lines[1:]) + "\n", encoding="utf-8")
    with pytest.raises(JournalError, match=rf"future.jsonl:1: .*newer Stormdesk .*version {JOURNAL_VERSION + 1}"):
        read_journal(p)


def test_a_bad_line_says_file_line_and_what_is_wrong_and_loses_nothing_else(tmp_path):
    lines = V1[0].read_text(encoding="utf-8").splitlines()
    n = next(i for i, x in enumerate(lines) if '"type":"reply"' in x)
    bad = json.loads(lines[n])
    bad["seconds"] = "soon"
    lines[n] = json.dumps(bad)
    p = tmp_path / "bad.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    jf = read_journal(p)
    assert jf.problems == [f"{p}:{n + 1}: field 'seconds' of a reply event should be number, not "
                           f"\"soon\"; line skipped"]
    assert jf.skipped == [n + 1] and len(jf.events) == len(lines) - 1 == len(jf.records)
    assert n + 1 not in jf.lines
    res = replay(p)
    assert not res.ok          # a journal with a line it could not read is never a MATCH


def test_a_json_kind_field_keeps_its_name_and_its_messages():
    with pytest.raises(E.EventError, match="a event event needs the field 'kind'"):
        E.from_json({"t": 1.0, "type": "event", "text": "x"})
    ev = E.from_json({"t": 1.0, "type": "fact", "id": "f1", "kind": "safety", "text": "x"})
    assert isinstance(ev, E.FactKnown) and ev.fact_kind == "safety"
    assert ev.to_json() == {"t": 1.0, "type": "fact", "id": "f1", "kind": "safety", "text": "x"}


def test_an_unknown_kind_is_kept_whole():
    d = {"t": 2.0, "type": "from_the_future", "x": [1]}
    ev = E.from_json(d)
    assert isinstance(ev, E.Unknown) and ev.to_json() == d


def test_events_are_frozen_and_slotted():
    ev = E.Turn(t=1.0, to=2.0)
    with pytest.raises(AttributeError):
        ev.to = 3.0
    assert not hasattr(ev, "__dict__")


def test_the_desk_view_is_the_engines_snapshot_plus_what_only_the_screen_knows():
    from dataclasses import fields

    from sim.engine import DrillState
    from sim.tui.view import DeskView
    assert [f.name for f in fields(DeskView)] == [f.name for f in fields(DrillState)] + ["held"]


def test_the_engine_and_the_debrief_count_the_same_triage_jumps(tmp_path):
    """The scorer's 'waited longer: triage first' comes from the engine's count of more urgent,
    older posts left waiting; the debrief's ``ahead`` is the same rule (sim.threads.waiting_ahead)
    over the journal."""
    from sim.debrief import Analysis
    from sim.engine import Drill
    from sim.journal import Journal
    from sim.scenario import load_scenario
    p = tmp_path / "j.jsonl"
    d = Drill(load_scenario("network-blackout"), seed=7, journal=Journal(p))
    t = 60.0
    for _ in range(6):                  # always the least urgent post first: triage ignored
        t += 30
        d.advance(t)
        if d.queue():
            d.reply(d.queue()[-1].id, "Sorry, we are on it and will update you here.", t)
    d.finish("quit", t + 1)
    d.journal.close()
    a = Analysis.from_path(p)
    flagged = [r.ahead > 0 for r in a.replies]
    said = [any("triage first" in str(x) for x in r.scores.get("reasons") or ()) for r in a.replies]
    assert any(flagged) and flagged == said


def test_a_reply_whose_markers_are_not_a_list_is_reported_not_a_crash(tmp_path):
    """It used to reach the debrief and fail there ('int' object is not iterable)."""
    from sim.report import build
    p = tmp_path / "d.jsonl"
    run(load_scenario("network-blackout"), seed=2, player="canned", journal_path=p)
    lines = p.read_text(encoding="utf-8").splitlines()
    n = next(i for i, ln in enumerate(lines) if json.loads(ln)["type"] == "reply")
    rec = json.loads(lines[n])
    rec["scores"]["markers"] = 5
    lines[n] = json.dumps(rec)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    a = Analysis.from_path(p)
    assert a.problems == [f"{p}:{n + 1}: field 'scores.markers' should be a list; line skipped"]
    assert "should be a list; line skipped" in build([p], "md")
