"""The fifth blind read's tells (21 of 40 posts marked "a program wrote it"): a stake or detail that
does not fit the outage or the hour ("I've had the whole lunch hour with this" at ten to five in
the morning; "my mum in Leicester says hers died too" about an airline's check-in), seams where a
fault is joined to its frame without its verb ("cutting is out every few seconds", "the 5G symbol
gone altogether"), and stock closers ("thanks for nothing", "rant over", "third-rate")."""
from __future__ import annotations

import random
import re

import pytest

from sim.posts import as_clause, off_the_clock
from sim.scenario import load_scenario
from sim.variety import sample_posts

_QUOTED = re.compile(r'"[^"]*"|\u201c.*?\u201d')
_DRILLS: dict = {}


def _posts(scid: str, n: int = 1000, seed: int = 3):
    return sample_posts(load_scenario(scid), n, seed, drills=_DRILLS)


# -- a fault gets the verb a person types ------------------------------------------------------
def test_a_fault_timing_out_or_cutting_out_is_not_given_a_stray_is():
    r = random.Random(1)
    assert as_clause("cutting out every few seconds", r) == "cutting out every few seconds"
    assert as_clause("Google Pay timing out", r) == "Google Pay timing out"
    assert as_clause("our HMRC connection timing out", r) == "our HMRC connection is timing out"
    assert as_clause("the site charging me a card fee", r) in (
        "the site is charging me a card fee", "the site's charging me a card fee")
    assert as_clause("£20 taken off my card", r) == "£20 taken off my card"     # "off" is no adjective here
    assert as_clause("the booking page blank", r) in ("the booking page is blank", "the booking page's blank")


def test_a_subject_with_a_number_in_it_still_gets_its_verb():
    r = random.Random(2)
    assert as_clause("the 5G symbol gone altogether", r) in (
        "the 5G symbol has gone altogether", "the 5G symbol's gone altogether")
    assert as_clause("my P60s blank", r) == "my P60s are blank"
    assert as_clause("3 desks open for 6 flights", r) == "3 desks open for 6 flights"     # a count, no subject


# -- the hour a post speaks of ------------------------------------------------------------------
def test_a_part_of_the_day_is_said_only_when_it_fits():
    h = 60
    assert off_the_clock("I've had the whole lunch hour with this", 4 * h + 50, 4 * h + 30) == "lunch"
    assert off_the_clock("I've had the whole lunch hour with this", 12 * h + 40, 4 * h + 30) is None
    assert off_the_clock("it should be back by lunch", 9 * h, 7 * h) is None
    assert off_the_clock("it should be back by lunch", 15 * h, 7 * h) == "by lunch"
    assert off_the_clock("you've ignored me all day", 7 * h, 6 * h + 30) == "all day"
    assert off_the_clock("you've ignored me all day", 13 * h, 6 * h + 30) is None
    assert off_the_clock("my dad's been messaging us all morning", 15 * h, 14 * h + 45) == "all morning"
    assert off_the_clock("down since first thing", 15 * h, 14 * h + 45) == "first thing"
    assert off_the_clock("down since first thing", 9 * h, 6 * h) is None
    assert off_the_clock("afternoon's ruined", 5 * h, 4 * h + 30) == "afternoon"
    assert off_the_clock("a cruise that leaves port this afternoon", 5 * h, 4 * h + 30) is None
    assert off_the_clock("hello from the Morning Post newsdesk", 16 * h, 14 * h + 45) is None
    # a helper's read of the cup final: "woke up to this at 15:45" (the words were never looked at)
    assert off_the_clock("ok... woke up to it at 15:15", 15 * h + 20, 14 * h + 45) == "woke up to it"
    assert off_the_clock("woke up to it at 7", 8 * h, 6 * h) is None


@pytest.mark.parametrize("scid", ["airport-checkin", "cup-final-stream", "network-blackout"])
def test_posts_name_no_part_of_the_day_that_is_not_now(scid):
    """Before the writer drew again, 1.5% of posts did (92 of 6,000 over the six scenarios): the
    airport's "whole lunch hour" before dawn, the cup final's "all morning". What is left is a
    person's own fault written by the scenario ("hunting for a network all morning")."""
    sc = load_scenario(scid)
    posts = _posts(scid)
    off = [p.text for p in posts
           if off_the_clock(_QUOTED.sub(" ", p.text), sc.clock.world_minutes(p.at), sc.clock.start_minutes)]
    assert len(off) <= 0.003 * len(posts), off[:8]


# -- the same skeleton, post after post ---------------------------------------------------------
class _Recording(random.Random):
    """The writer's random stream, noting each line it picks (same state, so the same posts)."""

    def __init__(self, state) -> None:
        super().__init__()
        self.setstate(state)
        self.picked: list[str] = []

    def choices(self, population, weights=None, **kw):
        from sim.writer.lines import Line
        out = super().choices(population, weights, **kw)
        if population and isinstance(population[0], Line):
            self.picked.append(out[0].text)
        return out


@pytest.mark.parametrize("scid", ["airport-checkin", "cup-final-stream", "payroll-cloud"])
def test_a_drill_goes_round_its_lines_before_saying_one_again(scid):
    """300 angry first posts in one drill: before a line already said was picked less often, 44-46%
    of the lines picked (first posts, details, endings) were distinct; now over half are."""
    from sim.model import WriterContext
    from sim.posts import PostWriter
    w = PostWriter(load_scenario(scid), 5)
    w.rng = rec = _Recording(w.rng.getstate())
    ctx = WriterContext(t=60.0, world_time="09:00", since="06:30", hours=2, facts=(), promise=None, restored=False)
    for _ in range(300):
        w.post("angry", ctx, ())
    assert len(set(rec.picked)) >= 0.49 * len(rec.picked), (len(set(rec.picked)), len(rec.picked))


# -- a stake that belongs to another outage -----------------------------------------------------
_THEIRS_TOO = re.compile(r"\{relative\}[^.?]*?(?:\{theirs\}|the same\b|it too|has it\b|stuck too|is getting)"
                         r"|anyone else's|<had\|seen> <loads\|dozens>")


def test_nobody_elsewhere_has_the_airlines_check_in_or_the_firms_payroll_too():
    """'my mum in Leicester says hers died at 4:45 as well' fits a phone network, a bank card, a meter
    or a TV pass, which every household has; not an airline's check-in desks or a firm's payroll
    software. Lines like it carry the 'shared' tag (a relative who is with a competitor: not travel)."""
    from sim.writer.lines import bundled
    L = bundled()
    airline, payroll, network = (L.tags_for(i) for i in ("Airline", "Cloud accounting software", "Mobile network"))
    lines = [ln for _, ln in L.all_lines if _THEIRS_TOO.search(ln.text) and "same boat" not in ln.text]
    assert len(lines) >= 12 and all(ln.fits(network) for ln in lines)          # still said where it fits
    assert [ln.text for ln in lines if ln.fits(airline)] == []
    assert [ln.text for ln in lines if ln.fits(payroll) and "{competitor}" not in ln.text] == []


# -- alternatives that cross into a clause nobody types -------------------------------------------
# Two <a|b> groups side by side whose choices only pair one way ("<has|is> <autism|autistic>" gives
# "is autism"; "<the scale|how widespread> <of|this is>" gives "how widespread of?"): the fifth
# blind read's second tell. Each such line now offers the pairs whole.
CROSSED = re.compile(
    r"\b(?:is|are) autism\b|\bhas autistic\b|\bhow widespread of\b|\bthe scale this is\b|\bpromising (?:investing|upgrading)\b"
    r"|\bin (?:a Tuesday|payroll day)\b|\bon 2024\b|\btoday of all months\b|\bthis month of all days\b"
    r"|\bwho (?:exactly|on earth) am I paying\b|\bhow do I use in\b|\bwhat do I use in\b|\ba customer since \{years\}"
    r"|\bwith you since \{years\}|\{years\}th\b|\bhad (?:two|three) (?:whole|full) (?:days|mornings) to\b"
    r"|\brefusing to doing\b|\bnot work\"|\b(?:is|sits) (?:at step|half done) .*\bsince\b|\bsits half done\b"
    r"|\basked (?:on|in) (?:Downdetector|the outage map|a tracker site)\b|\bchecked in (?:Downdetector|a tracker site)\b|\bspike on \{town\}"
    r"|\b(?:checked|looked) (?:at|on) \{clock\}.*\bagain (?:at|around) \{soon\}|\blooked on Downdetector\b|\bchecked at the outage map\b"
    r"|\bgot \{stake\}\. (?:should|do) (?:I|we) (?:go|set off)\b"     # 'we've got my bank's one-time code, should I go anyway?'
    r"|\babout (?:it|they) (?:can't|couldn't)\b|\bsaying they (?:can't|couldn't) (?:reach|contact) (?:parents|anyone) either\b(?=.*\bsign\b)", re.I)


def test_no_line_crosses_its_alternatives_into_a_clause_nobody_types():
    from sim.writer.lines import bundled, expansions
    bad = sorted({f"{w.rsplit('/', 1)[-1]}: {v}" for w, ln in bundled().all_lines
                  for v in expansions(ln.text, 3000) if CROSSED.search(v)})
    assert not bad, bad[:10]


# -- stock closers ------------------------------------------------------------------------------
STOCK_CLOSER = re.compile(
    r"\b(?:thanks|cheers) for nothing\b|\b(?:complaint|rant|moan) over\b|\band breathe\b|\bthird-rate\b|\bshame on you\b"
    r"|\bhang your heads\b|\b(?:last|final) straw\b|\bcould(?:n't| not) make (?:it|this) up\b|\bdoesn't cover it\b"
    r"|\bfirst time I've ever complained\b|\bnever (?:had|seen) it this bad\b", re.I)


@pytest.mark.parametrize("scid", ["airport-checkin", "cup-final-stream", "network-blackout"])
def test_a_stock_closer_ends_hardly_any_post(scid):
    """'thanks for nothing', 'rant over', 'last straw', 'and breathe': 2% of posts ended on one
    (121 of 6,000), the same verdicts over and over, and the blind reader read them as a writer's
    tic. The endings a person adds now say what they want or know; a few lines keep a verdict."""
    posts = _posts(scid)
    stock = [p.text for p in posts if STOCK_CLOSER.search(p.text)]
    assert len(stock) <= 0.005 * len(posts), stock[:8]


def test_someone_who_woke_up_to_it_does_not_say_when_they_got_up():
    """'woke up to it when I got up': the loose time for 'at {clock}' early on may be 'when I got up',
    which the line itself has just said."""
    from sim.model import WriterContext
    from sim.posts import PostWriter
    w = PostWriter(load_scenario("network-blackout"), 3)
    ctx = WriterContext(t=200.0, world_time="09:20", since="06:30", hours=3, facts=(), promise=None, restored=False)
    w._now = 9 * 60 + 20
    said = []
    for _ in range(300):
        p = w._new_person("angry", ctx)
        p.noticed = 6 * 60 + 20
        said.append(w._times("<woke up|got up> to it at {clock}", p))
    assert not [s for s in said if "got up to it" not in s and "when I got up" in s or s.count("got up") > 1]
    assert any("first thing" in s or "breakfast" in s for s in said)       # the loose times are still said
