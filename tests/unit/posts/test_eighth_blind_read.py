"""Issue 15, verbs that do not go together. The writer's own read of its drills found forms no
person types, made where two choices of one line meet or a frame meets a fragment: "what
should I try first" written as "which should I try first" (which of what?), "asking why the
payroll hasn't go through", "gone home to tried from the laptop", "got up to this at 6"
(what you have been up to) for "woke up to this", "a other way".

The loader now refuses a line that can come out that way (:data:`VERB_SLIPS`, checked on the
ways each line comes out); these tests show it does for each kind, and read every way every
bundled line and scenario template comes out, so a new line cannot bring one back."""
from __future__ import annotations

import itertools
import re

import pytest

from sim.scenario import list_bundled
from sim.writer.lines import bundled, expansions, verb_slips

from .test_lines import refused

SCENARIOS = list_bundled()


@pytest.mark.parametrize("line,reason", [
    ("{handle} I <didn't|couldn't> <gone|went> in. {broken}", "a past form after 'to', 'didn't' or a modal"),
    ("{handle} <gone home|went back> to <tried|checked> the laptop. {broken}", "a past form after 'to'"),
    ("{handle} the payroll <hasn't|has> <go|gone> through. {broken}", "a bare verb after 'has' or 'have'"),
    ("{handle} <what|which> should I try first? {broken}", "'which' with nothing to choose from"),
    ("{handle} is there <a|any> <other way|workaround>? {broken}", "'a'/'an' before 'other'"),
    ("{handle} <woke|got> up to this at {clock}. {broken}", "'got up to it'"),
    ("{handle} <we|they> <was|were> told it's fixed. {broken}", "a verb that does not agree with its subject"),
    ("{handle} I <have|just> just rung. {broken}", "a word said twice"),
])
def test_the_loader_refuses_a_line_that_can_come_out_garbled(tmp_path, line, reason):
    message = refused(tmp_path, f'  - "{line}"\n')
    assert reason in message
    assert "first_posts.yaml" in message and "angry[0]" in message


@pytest.mark.parametrize("ok", [
    "I've had to ring work twice", "tried to top up at 7", "you have to go in person", "we've been told nothing",
    "the rest of you is", "which one do I pick? the app or the site", "another way round it",
    "woke up to it at 6", "Glory Glory Error 503", "I have rung twice", "he was sent off", "I'll get it topped up",
])
def test_what_people_do_type_passes(ok):
    assert verb_slips(ok) == [], verb_slips(ok)


def test_slips_are_named_with_the_words_that_give_them_away():
    assert verb_slips("asking why the payroll hasn't go through") == [
        "a bare verb after 'has' or 'have': \"hasn't go\" in \"asking why the payroll hasn't go through\""]
    assert not verb_slips("asking why the payroll hasn't gone through")


def _every_way(text: str, cap: int = 3000) -> list[str]:
    return list(itertools.islice(expansions(text, cap), cap))


def test_no_writer_line_comes_out_with_verbs_that_do_not_go_together():
    bad = {}
    for where, ln in bundled().all_lines:
        for variant in _every_way(ln.text):
            if slips := verb_slips(variant):
                bad.setdefault(where, slips[0])
    assert bad == {}, "\n".join(f"{w}: {s}" for w, s in list(bad.items())[:20])


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_no_scenario_template_comes_out_with_verbs_that_do_not_go_together(scenario):
    bad = {}
    for key, items in scenario.templates.items():
        for item in items:
            for variant in _every_way(item):
                if slips := verb_slips(variant):
                    bad.setdefault((key, item), slips[0])
    assert bad == {}, bad


# the garbles the read found, as they came out; none of the bundled lines can make them now
FOUND = [r"\bwhich (?:should|do) I (?:do|try)\b", r"\bhasn't go\b", r"\bdidn't gone\b", r"\bto tried\b",
         r"\bgot up to (?:this|it)\b", r"\ba other\b", r"\bwhich should I tell\b"]


def test_the_garbles_the_read_found_are_gone():
    rx = re.compile("|".join(FOUND))
    hits = sorted({m.group(0) for _, ln in bundled().all_lines for v in _every_way(ln.text, 1000) if (m := rx.search(v))})
    assert hits == []


# -- what the writer's read of a drill found where the writer joins a person's facts to a frame --
from .test_seventh_blind_read import SCENARIOS as SIDS, drills  # noqa: E402,F401  (the drills of every scenario)

JOINS = (
    # a fault that says when it started, then a frame that says it again
    ("a time said twice", r"\bsince (?:I|we|the|breakfast|first thing|\d)[^.!?]{0,40}? (?:since|from) (?:\d|about|around|first|half)"),
    # something to do, where a thing goes: "sort keeping my gran warm", "I've got getting the team paid"
    ("a doing where a thing goes", r"\b(?:sort|deal with|pay for|miss|missing|got|I've|we've) (?:keeping|getting|making|hitting|cooking|"
                                   r"doing|sterilising|warming|washing|charging|drying|paying|heating|settling|covering|funding)\b"),
    ("'reference' before a reference", r"\breference (?:ref|account|meter|booking|order|invoice|card)\b"),
    ("'a' before a number said 'eight'", r"\ba £?8\d*\b"),
    ("the time asked, then the time now", r"\b(?:asked|posted) (?:at|around) [^.!?]*[.!?] (?:now )?it's (?:now )?\d"),
    ("a name read as the person addressed", r"\b(?:hi|hello), [A-Z][a-z]+, (?:reporter|writing)\b"),
)


@pytest.mark.parametrize("sid", SIDS)
def test_no_post_joins_a_persons_facts_to_a_frame_that_does_not_take_them(drills, sid):  # noqa: F811
    bad = {}
    for why, pattern in JOINS:
        rx = re.compile(pattern)
        hits = [t for t in drills[sid] if rx.search(t)]
        if hits:
            bad[why] = (len(hits), hits[:3])
    assert bad == {}, bad
