"""Follow-ups in the journal, the debrief and the report; journals from before them still replay."""
from __future__ import annotations

import json
from pathlib import Path

from sim.debrief import Analysis
from sim.engine import Drill
from sim.journal import Journal
from sim.replay import replay
from sim.report import build
from sim.scenario import load_scenario

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "journals"
FIRST = "So sorry, calls, texts and data are down across the UK; engineers are investigating, no ETA yet."
NEWS = "Update for you: Wi-Fi Calling works for customers connected to Wi-Fi, so calls can get through."


def _drill(path: Path, finish: bool = True) -> Drill:
    sc = load_scenario("network-blackout")
    d = Drill(sc, seed=4, journal=Journal(path), started_at="2026-12-01T15:00:00")
    d.advance(20)
    pid = d.queue()[0].id
    d.reply(pid, FIRST, 21)
    d.advance(100)
    d.reply(pid, NEWS, 101)                       # news: Wi-Fi Calling is known from 1m30s
    d.reply(pid, NEWS, 102)                       # and the same again: a repeat
    if finish:
        d.finish("ended", 120)
    return d


def test_a_journal_from_before_follow_ups_still_loads():
    a = Analysis.from_path(FIXTURES / "before-follow-ups.jsonl")
    assert a.replies and not a.follow_ups() and "follow_ups" not in a.totals


def test_a_drill_without_follow_ups_writes_the_old_format_and_replays_as_a_match(tmp_path):
    d = Drill(load_scenario("network-blackout"), seed=4, journal=Journal(tmp_path / "j.jsonl"))
    d.advance(20)
    d.reply(d.queue()[0].id, FIRST, 21)
    d.finish("ended", 60)
    text = (tmp_path / "j.jsonl").read_text(encoding="utf-8")
    assert '"follow_up"' not in text and '"follow_ups"' not in text
    res = replay(tmp_path / "j.jsonl")
    assert res.ok, res.text()


def test_the_debrief_and_report_list_follow_ups(tmp_path):
    path = tmp_path / "fu.jsonl"
    d = _drill(path)
    assert replay(path).ok
    a = Analysis.from_path(path)
    ups = a.follow_ups()
    assert [r.follow_up for r in ups] == [1, 2]
    assert "followup_news" in ups[0].scores["markers"] and "followup_repeat" in ups[1].scores["markers"]
    assert a.totals == d.totals().to_dict() and a.totals["follow_ups"] == 2 and a.totals["answered"] == 1

    md = build([path], "md")
    assert "## Follow-ups" in md
    assert "follow-up, the 2nd reply in this thread: it brought news" in md
    assert "follow-up, the 3rd reply in this thread: it said nothing new" in md
    assert "followed up with nothing the earlier reply had not said" in md       # a suggestion
    html = build([path], "html")
    assert "id=follow-ups" in html and "the 3rd reply in this thread" in html
    data = json.loads(build([path], "json"))
    assert [r["follow_up"] for r in data["replies"]] == [0, 1, 2]
    assert len(data["series"]["response_time"]) == 1          # a follow-up is not a response time


def test_an_interrupted_drill_with_follow_ups_totals_as_the_engine_does(tmp_path):
    path = tmp_path / "cut.jsonl"
    d = _drill(path, finish=False)
    a = Analysis.from_path(path)
    assert not a.finished
    want = d.totals().to_dict()
    got = a.totals
    assert {k: got[k] for k in want} == want
