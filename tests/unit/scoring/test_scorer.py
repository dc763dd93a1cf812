"""The scorer on the project's own labelled pairs (not the shared dev file), per marker family."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from scoring import ReplyContext, score_reply
from scoring.markers import BY_ID

PAIRS = [json.loads(l) for l in (Path(__file__).parents[2] / "fixtures/scoring/pairs.jsonl").read_text().splitlines() if l.strip()]


def score(row, side, **kw):
    return score_reply(ReplyContext(post=row["tweet"], reply=row[side], persona=row.get("persona"),
                                    facts=tuple(row.get("facts", ())), previous_replies=tuple(row.get("previous_replies", ())), **kw))


@pytest.mark.parametrize("row", PAIRS, ids=[r["id"] + "-" + r["marker"] for r in PAIRS])
def test_better_reply_wins_overall_and_on_its_axis(row):
    b, w = score(row, "better"), score(row, "worse")
    assert b.overall > w.overall, (b.reasons, w.reasons)
    if row["axis"] != "overall":
        assert getattr(b, row["axis"]) > getattr(w, row["axis"])


# A promise the facts contradict (not merely fail to support) is the stronger finding, and asking
# for a password is a secret, not just private data: either marker shows the fault was seen.
ALSO = {"unsupported_eta": {"fault:misleading"}, "unsupported_cause": {"fault:misleading"},
        "unsupported_compensation": {"fault:misleading"}, "private_data_request": {"fault:secrets"}}


@pytest.mark.parametrize("row", PAIRS, ids=[r["id"] + "-" + r["marker"] for r in PAIRS])
def test_the_marker_fires_on_the_right_side(row):
    mid = row["marker"]
    b, w = score(row, "better"), score(row, "worse")
    good = BY_ID[mid].good
    ids = {mid} | ALSO.get(mid, set())
    if good:
        assert mid in b.markers and mid not in w.markers, (b.markers, w.markers)
    else:
        assert ids & set(w.markers) and not ids & set(b.markers), (b.markers, w.markers)
        assert any(r.startswith("- ") for r in w.reasons)
    if row.get("not_marker"):                     # a near miss on the better side must not fire
        assert row["not_marker"] not in b.markers, b.reasons


def test_reasons_quote_the_offending_phrase():
    s = score_reply(ReplyContext(post="@x my phone is dead", reply="@a Calm down, it's not our fault."))
    assert any("'Calm down'" in r and "tone policing" in r for r in s.reasons)
    assert any("'not our fault'" in r for r in s.reasons)


def test_an_eta_the_facts_support_is_not_penalised():
    facts = ("Power cut in Dover", "Estimated restoration 18:00")
    ok = score_reply(ReplyContext(post="@p when is it back?", reply="@a Sorry - we expect power back by 6pm.", facts=facts))
    bad = score_reply(ReplyContext(post="@p when is it back?", reply="@a Sorry - power will be back by 3pm.", facts=facts))
    assert "unsupported_eta" not in ok.markers and "fault:misleading" not in ok.markers
    assert "fault:misleading" in bad.markers and any("Estimated restoration 18:00" in r for r in bad.reasons)


def test_humour_depends_on_who_you_joke_with():
    reply = "@a Ha, we'll admit the pigeons are winning today. Sorry - engineers are on it."
    joker = score_reply(ReplyContext(post="@v my pigeon has better signal lol", reply=reply, persona="joker", voice="playful"))
    scared = score_reply(ReplyContext(post="@v I'm pregnant and alone with no signal", reply=reply, persona="vulnerable"))
    assert "humour" in joker.markers and "humour_misplaced" in scared.markers
    assert joker.overall > scared.overall + 20


def test_formal_brands_should_not_joke():
    reply = "@a Ha, we'll admit the pigeons are winning today. Sorry - engineers are on it."
    playful = score_reply(ReplyContext(post="@v pigeons lol", reply=reply, persona="joker", voice="playful"))
    formal = score_reply(ReplyContext(post="@v pigeons lol", reply=reply, persona="joker", voice="formal"))
    assert formal.tone < playful.tone


def test_speed_and_triage():
    base = dict(post="@x help", reply="@a Sorry - it's down everywhere, DM me.", speed_good=30, speed_late=120)
    assert score_reply(ReplyContext(**base)).speed is None
    fast = score_reply(ReplyContext(**base, seconds_to_reply=10))
    slow = score_reply(ReplyContext(**base, seconds_to_reply=100))
    skipped = score_reply(ReplyContext(**base, seconds_to_reply=10, higher_priority_waiting=2))
    assert fast.speed == 100 and slow.speed < fast.speed and skipped.speed < fast.speed
    assert any("urgent" in r for r in skipped.reasons)


def test_empty_reply():
    s = score_reply(ReplyContext(post="@x help", reply="   "))
    assert s.markers == ["empty_reply"] and s.overall == 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600), st.text(max_size=400), st.sampled_from([None, "angry", "vulnerable", "joker", "journalist"]),
       st.lists(st.text(max_size=80), max_size=3))
def test_never_raises_and_stays_in_range(post, reply, persona, facts):
    s = score_reply(ReplyContext(post=post, reply=reply, persona=persona, facts=tuple(facts), previous_replies=(reply,)))
    for v in (s.empathy, s.tone, s.substance, s.overall):
        assert 0 <= v <= 100
    assert all(isinstance(r, str) for r in s.reasons)


def test_strange_text():
    for reply in ("[bold]hi[/bold] 😀 ‏مرحبا\u200b", "a" * 100_000, "\x00\x01\x1b[31m", "@@@@ ####"):
        s = score_reply(ReplyContext(post="[red]help[/red]", reply=reply))
        assert 0 <= s.overall <= 100
