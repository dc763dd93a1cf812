"""Every number in a report is the journal's number; every piece of post or reply text is escaped."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sim.debrief import Analysis
from sim.report import ReportError, build

from .conftest import PLAYERS, events_of

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "journals"
HOSTILE = FIXTURES / "hostile.jsonl"


def engine_average(values):
    vals = [v for v in values if v is not None]
    return round(sum(vals) / len(vals), 1) if vals else None


@pytest.mark.parametrize("player", PLAYERS)
def test_json_report_numbers_equal_the_journal(journals, player):
    events = events_of(journals[player])
    end = events[-1]
    d = json.loads(build([journals[player]], "json"))
    assert d["finished"] and d["totals"] == end["totals"]
    for k in ("mood_start", "mood_end", "mood_min", "followers_start", "followers_end"):
        assert d["crowd"][k] == end["crowd"][k], k
    moods = [events[0]["mood"]] + [e["mood"] for e in events if e["type"] in ("crowd", "sample")]
    assert [m for _, m in d["series"]["mood"]] == moods
    # the crowd model keeps its own minimum between journal samples, so the recorded series can sit
    # a little above it; the report's low point time is the lowest recorded moment
    assert min(moods) >= end["crowd"]["mood_min"] - 1e-9
    low_t = d["crowd"]["mood_min_at"]
    assert [low_t, min(moods)] in [list(x) for x in d["series"]["mood"]]   # several moods can share a moment
    assert [v for _, v in d["series"]["volume"]] == [e["volume"] for e in events if e["type"] == "sample"]
    replies = [e for e in events if e["type"] == "reply"]
    assert [r["reply"] for r in d["replies"]] == [e["text"] for e in replies]
    assert [r["seconds"] for r in d["replies"]] == [e["seconds"] for e in replies]
    for r, e in zip(d["replies"], replies):
        assert r["scores"] == {k: e["scores"][k] for k in ("empathy", "speed", "tone", "substance", "overall")}
        assert r["reasons"] == e["scores"]["reasons"]
    assert [s for _, s in d["series"]["response_time"]] == [e["seconds"] for e in replies]


@pytest.mark.parametrize("player", ["canned", "rude", "model"])
def test_best_worst_and_examples(journals, player):
    events = events_of(journals[player])
    d = json.loads(build([journals[player]], "json"))
    overall = [e["scores"]["overall"] for e in events if e["type"] == "reply"]
    best = sorted(overall, reverse=True)[:3]
    assert [d["replies"][n - 1]["scores"]["overall"] for n in d["best"]] == best
    assert [w["scores"]["overall"] for w in d["worst"]] == sorted(overall)[:3]
    facts = [e for e in events if e["type"] == "fact"]
    for w in d["worst"]:
        assert w["example"] and w["example"] != w["reply"]
        later = [f["text"] for f in facts if f["t"] > w["t"]]
        assert not any(text in w["example"] for text in later), "an example may only use facts known then"
    md = build([journals[player]], "md")
    html = build([journals[player]], "html")
    assert md.count("Example of a stronger reply") == 3 and html.count("Example of a stronger reply") == 3


def test_unanswered_lists_vulnerable_people_first(journals):
    d = json.loads(build([journals["silent"]], "json"))
    events = events_of(journals["silent"])
    kinds = [p["persona"] == "vulnerable" for p in d["unanswered"]]
    assert kinds == sorted(kinds, reverse=True)
    assert len(d["unanswered"]) == events[-1]["totals"]["missed"]
    assert d["replies"] == [] and d["worst"] == []


def test_mood_turns_are_the_biggest_recorded_crowd_moves(journals):
    events = events_of(journals["rude"])
    d = json.loads(build([journals["rude"]], "json"))
    jumps = [m for m in d["mood_turns"] if not m.get("slide")]
    deltas = sorted((abs(e["delta"]) for e in events if e["type"] == "crowd" and not e.get("slide")), reverse=True)[:6]
    assert sorted((abs(m["delta"]) for m in jumps), reverse=True) == deltas
    causes = {e["cause"] for e in events if e["type"] == "crowd"}
    assert all(m["cause"] in causes for m in jumps)
    assert [m["t"] for m in d["mood_turns"]] == sorted(m["t"] for m in d["mood_turns"])


def test_the_debrief_explains_slides_as_well_as_jumps(journals):
    # the silent drill's mood falls through silence alone: no jump explains it, the slides do
    events = events_of(journals["silent"])
    d = json.loads(build([journals["silent"]], "json"))
    slides = [m for m in d["mood_turns"] if m.get("slide")]
    assert slides, "a silent drill slides"
    recorded = sum(e["delta"] for e in events if e.get("slide"))
    assert sum(m["delta"] for m in slides) >= recorded - 1e-6      # the costliest stretches, at most all
    assert all(m["delta"] <= -3 and "waiting" in m["cause"] and " to " in m["when"] for m in slides)
    md = build([journals["silent"]], "md")
    assert "(a slide)" in md


def test_interrupted_journal_totals_follow_the_engine_formula():
    events = events_of(HOSTILE)
    assert events[-1]["type"] != "drill_end"
    d = json.loads(build([HOSTILE], "json"))
    replies = [e for e in events if e["type"] == "reply"]
    assert not d["finished"] and d["totals"]["answered"] == len(replies)
    for axis in ("empathy", "speed", "tone", "substance", "overall"):
        assert d["totals"][axis] == engine_average(e["scores"][axis] for e in replies)
    moods = [events[0]["mood"]] + [e["mood"] for e in events if e["type"] in ("crowd", "sample")]
    assert d["crowd"]["mood_end"] == moods[-1] and d["crowd"]["mood_min"] == min(moods)
    assert "INTERRUPTED" in build([HOSTILE], "md")


def test_html_escapes_everything_and_stays_self_contained():
    html = build([HOSTILE], "html")
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<h1>broken" not in html
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in html
    assert "&lt;/div&gt;&lt;h1&gt;broken&lt;/h1&gt;" in html
    assert "[bold red]NOT markup[/]" in html and "🔥📵😡" in html and "مرحبا" in html
    assert "\u202e" not in html                                 # a bidi override cannot reorder the page
    assert not re.search(r"<[a-z][^>]*\s(src|href)\s*=", html, re.I)    # no tag fetches or links anything
    assert "@import" not in html and "url(" not in html and "<link" not in html
    assert html.count("<svg") == 3 and "@media print" in html


def test_markdown_is_escaped():
    md = build([HOSTILE], "md")
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\[bold red\\]NOT markup\\[/\\]" in md and "\\*\\*still\\*\\*" in md and "\\|" in md
    assert "\\[link\\](http://example.invalid)" in md
    assert "مرحبا" in md and "🔥📵😡" in md and "\u202e" not in md
    # every reply is there, escaped
    for e in events_of(HOSTILE):
        if e["type"] == "reply" and "<" not in e["text"]:
            assert e["text"].replace("_", "\\_").replace("*", "\\*") in md


def test_markdown_has_text_charts_and_json_has_raw_series(journals):
    md = build([journals["model"]], "md")
    for name in ("mood", "volume", "response time"):
        assert re.search(rf"^    {name}\s+[▁▂▃▄▅▆▇█ ]+\s+\(", md, re.M), name
    d = json.loads(build([journals["model"]], "json"))
    assert set(d["series"]) == {"mood", "volume", "response_time"}


def test_compare_puts_every_players_reply_under_the_same_post(journals):
    paths = [journals["model"], journals["rude"], journals["canned"]]
    d = json.loads(build(paths, "json", compare=True))
    assert len(d["players"]) == 3 and [t for t in d["totals"]] == [events_of(p)[-1]["totals"] for p in paths]
    for i, p in enumerate(paths):
        events = events_of(p)
        posts = {e["post"]["id"]: e["post"] for e in events if e["type"] == "post"}
        mine = sorted((posts[e["post_id"]]["handle"], posts[e["post_id"]]["text"], e["text"])
                      for e in events if e["type"] == "reply")
        got = sorted((item["post"]["handle"], item["post"]["text"], item["replies"][i]["reply"])
                     for item in d["posts"] if item["replies"][i])
        assert got == mine
        keys = {(e["post"]["handle"], e["post"]["text"]) for e in events if e["type"] == "post"}
        assert all(item["seen"][i] == ((item["post"]["handle"], item["post"]["text"]) in keys) for item in d["posts"])
    md = build(paths, "md", compare=True)
    html = build(paths, "html", compare=True)
    assert "rude" in md and "canned" in md and "<table>" in html and "<script" not in html.lower()


def test_compare_refuses_different_seeds_and_single_journals(journals, scenario, tmp_path):
    from sim.simulate import run
    other = tmp_path / "other.jsonl"
    run(scenario, seed=5, player="model", journal_path=other)
    with pytest.raises(ReportError, match="same scenario, seed"):
        build([journals["model"], other], "md", compare=True)
    with pytest.raises(ReportError, match="at least two"):
        build([journals["model"]], "md", compare=True)
    with pytest.raises(ReportError, match="unknown format"):
        build([journals["model"]], "pdf")


def test_analysis_round_trips_the_journal(journals):
    """Reading a journal back gives exactly the events the engine wrote, in order."""
    from sim.journal import read_journal
    for p in journals.values():
        a = Analysis.from_path(p)
        jf = read_journal(p)
        assert a.events == jf.events and jf.records == events_of(p)   # the typed events, in order
        assert [e.to_json() for e in a.events] == jf.records      # typed events lose nothing
        assert a.finished and not a.problems and not a.torn
