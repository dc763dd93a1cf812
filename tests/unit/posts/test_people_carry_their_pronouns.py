"""Issue 15, the third blind read's fourth tell: "they" for "a lad" or "my gran" (a gendered
person with the wrong pronoun), and "a woman ... on his phone" where two alternatives were
picked apart.

Every way every writer line and every bundled scenario template can come out: a sentence that
names a gendered person ("a lad", "my nan") never goes on to "his"/"her" of the other sex or
"their"/"theirs" for them; a sentence with a {relative} in it says the relative's pronoun only
through {they}/{them}/{their}/{theirs}, which the writer fills to fit the relative."""
from __future__ import annotations

import itertools
import re

import pytest

from sim.model import WriterContext
from sim.posts import RELATIVE_GENDER, PostWriter, relative_pronouns
from sim.scenario import list_bundled
from sim.writer.lines import bundled, expansions

_MALE = r"lad|bloke|man|guy|dad|grandad|husband|brother|son|stepdad|uncle|boyfriend|father-in-law|fella"
_FEMALE = r"woman|girl|lady|gran|nan|mum|wife|sister|daughter|auntie|mother-in-law|girlfriend|sister-in-law"
_PRONOUN = {"he": r"\b(?:she|her|hers|herself|their|theirs)\b", "she": r"\b(?:he|him|his|himself|their|theirs)\b"}
_BARE = re.compile(r"(?<!\{)\b(?:he|him|his|she|her|hers|they|them|their|theirs)\b(?!\})", re.I)


def gender_crossings(text: str, limit: int = 20000) -> list[str]:
    """Sentences, in any way ``text`` comes out, where a gendered person gets a pronoun that is
    not theirs, or a {relative} gets a bare pronoun (one the writer cannot fit to them)."""
    out = []
    for variant in itertools.islice(expansions(text, limit), limit):
        for sent in re.split(r"(?<=[.?!])\s", variant):
            m = re.search(rf"\b(?:({_MALE})|({_FEMALE}))\b", sent)
            if m and re.search(_PRONOUN["he" if m.group(1) else "she"], sent[m.end():], re.I):
                out.append(sent)
            rel = sent.find("{relative}")
            if rel >= 0 and _BARE.search(sent[rel:]):
                out.append(sent)
    return out


def _all_texts():
    for where, ln in bundled().all_lines:
        yield where.rsplit("/", 1)[-1], ln.text
    for sc in list_bundled():
        for key, items in sc.templates.items():
            for t in items:
                yield f"{sc.id}: {key}", t


def test_no_line_or_template_gives_a_person_the_wrong_pronoun():
    bad = {}
    for where, text in _all_texts():
        found = gender_crossings(text)
        if found:
            bad[where] = found[0]
    assert not bad, "\n".join(f"{w}: {s!r}" for w, s in bad.items())


@pytest.mark.parametrize("text", [
    "<someone|a lad|a woman> <in|at> {shop} let me use <their|his|her> phone",    # the old line
    "{handle} <the|my> <lad|daughter> <is|has been> in <the|their> shirt",
    "my {relative} <says|thinks> <they'll|they can> come over",
    "my <nan|grandad> who won't put <the heating|her fire> on",
])
def test_the_check_catches_the_crossings_the_old_lines_made(text):
    assert gender_crossings(text)


def test_the_check_passes_pronouns_that_fit():
    assert not gender_crossings("<someone in {shop} let me use their|a lad in {shop} let me use his> phone")
    assert not gender_crossings("my {relative} <says {they}'ll|thinks {they} can> come over. leave them to it")
    assert not gender_crossings("the girl there reckons they've had loads in")      # "they": the shop


def test_every_relative_has_its_pronouns():
    relatives = [ln.text for ln in bundled().fragments["relative"]]
    assert relatives and [r for r in relatives if r.lower() not in RELATIVE_GENDER] == []
    assert relative_pronouns("nan") == {"they": "she", "them": "her", "their": "her", "theirs": "hers"}
    assert relative_pronouns("grandad")["theirs"] == "his"
    assert relative_pronouns("flatmate")["they"] == "they"


def test_a_post_about_a_relative_uses_that_relatives_pronoun():
    sc = next(s for s in list_bundled() if s.id == "network-blackout")
    w = PostWriter(sc, 3)
    ctx = WriterContext(t=60.0, world_time="09:00", since="06:30", hours=1, facts=(), promise=None, restored=False)
    seen = 0
    for i in range(600):
        d = w.post(("angry", "question", "vulnerable")[i % 3], ctx, ())
        p = w.people[d.handle]
        low = d.text.lower()
        if f"my {p.relative.lower()}" not in low or RELATIVE_GENDER.get(p.relative.lower()) == "they":
            continue
        wrong = RELATIVE_PRONOUNS_OTHER[RELATIVE_GENDER[p.relative.lower()]]
        after = low.split(f"my {p.relative.lower()}", 1)[1].split(". ")[0]
        assert not re.search(wrong, after), d.text
        seen += 1
    assert seen > 20


RELATIVE_PRONOUNS_OTHER = {"she": r"\b(?:he|him|his|they|them|their|theirs|they'll)\b",
                           "he": r"\b(?:she|her|hers|they|them|their|theirs|they'll)\b"}
