"""Suggestions are keyed off the score markers, and every count in them is a count of the journal."""
from __future__ import annotations

import re
from collections import Counter

from scoring.markers import BY_ID
from sim.debrief import MARKER_ADVICE, Analysis, suggestions

from .conftest import events_of


def marker_counts(path) -> Counter:
    c: Counter = Counter()
    for e in events_of(path):
        if e["type"] == "reply":
            c.update(set(e["scores"].get("markers") or ()))
    return c


def test_every_penalty_marker_has_advice():
    penalties = {m.id for m in BY_ID.values() if not m.good}
    assert penalties <= set(MARKER_ADVICE), penalties - set(MARKER_ADVICE)


def test_suggestion_counts_equal_the_journal(journals):
    for player in ("canned", "rude", "model"):
        counts = marker_counts(journals[player])
        said = suggestions(Analysis.from_path(journals[player]))
        penalties = [(m, n) for m, n in counts.most_common() if not BY_ID[m].good]
        for m, n in penalties[:6]:
            what = MARKER_ADVICE[m][0]
            line = next(s for s in said if what in s)
            assert line.startswith(f"{n} "), (line, n)
        # one line per marker: the scorer's reason for a marker is never repeated as a second line
        whats = [w for w, _ in MARKER_ADVICE.values()]
        assert all(sum(w in s for s in said) <= 1 for w in whats)


def test_rude_player_is_told_about_blame_or_tone(journals):
    said = " ".join(suggestions(Analysis.from_path(journals["rude"])))
    counts = marker_counts(journals["rude"])
    hostile = [m for m in ("blame", "tone_policing", "arguing", "sarcasm", "insult") if counts[m]]
    assert hostile, "the rude bot should trip at least one hostile marker"
    assert any(MARKER_ADVICE[m][0] in said for m in hostile)


def test_silent_player_hears_about_silence_and_vulnerable_people(journals):
    a = Analysis.from_path(journals["silent"])
    said = suggestions(a)
    assert any(s.startswith("No replies were sent") for s in said)
    vulnerable = sum(1 for p in a.open_posts if p.persona == "vulnerable")
    if vulnerable:
        assert any(re.match(rf"{vulnerable} vulnerable (person was|people were) never answered", s) for s in said)
