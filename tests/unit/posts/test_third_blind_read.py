"""Issue 15, the third blind read's tells (19 of 40 posts marked "a program wrote it"): the same
word twice in one post, counts spelt out and times to the minute, stock phrases in a customer's
mouth, and alternatives that cross into clauses nobody types ("last the summer over the similar
fault"). (A gendered person with the wrong pronoun: test_people_carry_their_pronouns.py; a post
whose details cannot both be true: the crossings in test_lines_fit_the_outage.py.)"""
from __future__ import annotations

import re

import pytest

from sim.model import PERSONAS, Post, WriterContext
from sim.posts import PostWriter, as_numerals, repeated_word
from sim.scenario import load_scenario
from sim.writer.lines import bundled, expansions

SPELT = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty) (?:times|goes|tries|minutes|mins|hours)\b", re.I)
DIGITS = re.compile(r"\b\d{1,3} (?:times|goes|tries|minutes|mins|hours)\b", re.I)


def _ctx(t=60.0):
    return WriterContext(t=t, world_time="09:00", since="06:30", hours=2, facts=(), promise=None, restored=False)


def _posts(scid, seed, n=500):
    w = PostWriter(load_scenario(scid), seed, difficulty="storm")
    firsts = [w.post(PERSONAS[i % len(PERSONAS)], _ctx(), ()) for i in range(n)]
    chases = []
    for i, d in enumerate(firsts[:n // 2]):
        if d.persona in ("joker", "troll", "competitor"):
            continue
        orig = Post(id=f"p{i}", at=0.0, author=d.author, handle=d.handle, persona=d.persona, text=d.text,
                    reach=d.reach, anger=d.anger, priority=0.5)
        chases.append(w.follow_up(orig, "chaser", _ctx(t=120.0 + i), None))
    return [d.text for d in firsts + chases]


def test_a_word_said_twice_is_found_unless_the_line_meant_it():
    assert repeated_word("the lad at the desk keeps saying the desk is shut") == "desk"
    assert repeated_word("no signal since 7. zero bars since I got up") == "since"
    assert repeated_word("please help. please") is None                        # people do say that twice
    assert repeated_word("@Vela vela down") is None                           # the brand's handle is not a word
    line = "another day, another {broken}"
    assert repeated_word("another day, another disaster", meant=line) is None  # the line meant it


@pytest.mark.parametrize("scid", ["airport-checkin", "network-blackout", "winter-topup"])
def test_posts_do_not_say_the_same_word_twice(scid):
    texts = _posts(scid, 4)
    meant = _meant_twice(scid)       # a line or fragment that says it twice on purpose ("make it make sense")
    twice = [t for t in texts if (w := repeated_word(t)) and w not in meant]
    # before the writer drew again on a repeated word, 4-6% of posts did (56 of 1,000 at the airport)
    assert len(twice) <= 0.02 * len(texts), twice[:8]


def _meant_twice(scid) -> set[str]:
    from sim.posts import _twice
    sc = load_scenario(scid)
    texts = [ln.text for _, ln in bundled().all_lines] + [t for items in sc.templates.values() for t in items]
    texts += [sc.brand.name + " " + sc.brand.name]
    return {w for t in texts for v in expansions(t, 60) for w in _twice(v)}     # in one way a line comes out


def test_counts_are_typed_the_way_a_quick_typer_types_them():
    assert as_numerals("tried three times, Twenty minutes, eight of us") == "tried 3 times, 20 minutes, 8 of us"
    assert as_numerals("ten past five, the first two, one desk") == "ten past five, the first two, one desk"
    texts = _posts("airport-checkin", 5) + _posts("payday-payments", 5)
    spelt = sum(len(SPELT.findall(t)) for t in texts)
    digits = sum(len(DIGITS.findall(t)) for t in texts)
    assert digits > 2 * spelt > 0, (digits, spelt)     # mostly digits; a careful typer still spells them


def test_the_time_now_is_not_always_to_the_minute():
    from sim.posts import say_time
    import random
    r = random.Random(1)
    said = [say_time(m, "now", "it's", r, "24", m) for m in range(400, 1300, 3)]
    exact = [s for s in said if re.fullmatch(r"it's \d\d:\d\d", s) and not s.endswith(("00", "15", "30", "45"))]
    assert 0.15 * len(said) < len(exact) < 0.45 * len(said)


STOCK = re.compile(r"answers, not silence|\bdo better\b|\bdeserve better\b|not good enough$"
                   r"|\blast the (?:summer|spring|autumn|winter)\b|\bthe similar\b|\bI'm not idiots\b|\bI'm so not idiots\b", re.I)


def test_no_stock_phrase_or_crossed_clause_in_any_line():
    bad = sorted({f"{w.rsplit('/', 1)[-1]}: {v}" for w, ln in bundled().all_lines
                  for v in expansions(ln.text, 2000) if STOCK.search(v)})
    assert not bad, bad[:10]


def test_a_fault_that_is_a_clause_with_and_not_is_left_as_it_is():
    import random
    from sim.posts import as_clause
    r = random.Random(1)
    frag = "£20 taken off my card and not a sausage on the key"          # was "...and haven't been a sausage"
    assert as_clause(frag, r, perfect=True) == frag
    assert as_clause("bag drop not working", r, perfect=True) == "bag drop hasn't been working"


@pytest.mark.parametrize("scid", ["payroll-cloud", "winter-topup"])
def test_no_mark_straight_after_a_handle_or_hashtag_at_the_end(scid):
    # the fourth blind read: "@Tallyforge!", "@HearthlightHelp!" at the end of a post gave it away
    texts = _posts(scid, 5, n=800)
    assert any(re.search(r"@\w+$", t) for t in texts)          # people do end with the handle
    assert [t for t in texts if re.search(r"[@#]\w+[!.]+$", t)] == []
