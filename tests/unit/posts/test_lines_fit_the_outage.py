"""Issue 15, the blind reader's first tell: a phrase from another kind of outage ("my barbers
can't take a penny" sent to payroll software, "I pay up front every month" sent to an airline).

Words that say what kind of outage a line is about, and the scenario tags that make it fit:
every line the writer can pick in a bundled scenario, for any poster, in every way its
alternatives come out, fits that scenario's tags."""
from __future__ import annotations

import itertools
import re

import pytest

from sim.model import PERSONAS
from sim.scenario import list_bundled
from sim.writer.lines import bundled, expansions

# (what the words are about, pattern, tags of which a scenario needs one)
CROSSINGS = (
    ("a phone signal", r"\b(?:signal|masts?|SIM|airplane mode|landline)\b|\bin the air\b|\bbus driver\b", {"phones-down"}),
    ("a regular bill", r"\ba month (?:for|on)\b|\bevery month\b|\blast bill\b|\brenewed\b|\bcontract\b|\bmy bill\b"
                       r"|\bdirect debit\b(?!.*\b(?:bounced|came back|bounce)\b)", {"bills"}),
    ("taking payments", r"\btake a penny\b|\btakings\b|\bsales\b|\bcustomers (?:turned away|have walked out)\b|\bcard machine\b"
                        r"|\bcash only\b|\bturn customers\b|\bcustomers are walking out\b|\bevery sale\b|\bno way to serve\b|\bsent two staff home\b", {"takings", "cards"}),
    ("the neighbours having it too", r"\bnext door's is\b|\bnext door and they had the same\b|\bneighbour at number\b"
                                     r"|\bthe whole street\b|\bhalf the road\b", {"at-home", "phones-down", "meter"}),
    ("being at home", r"\bnext door\b|\b(?:a|the) neighbour(?:'s)? (?:is|has been|for|to)\b|\bneighbour's phone\b|\bknocked\b"
                      r"|\b(?:tell|told) the neighbours\b|\b(?:try|ask|asked) a neighbour\b", {"!travel"}),
    ("being at home or on the high street", r"\bput(?:ting)? the kettle on\b|\bschool run\b|\bwalking the dog\b|\bback to bed\b|\bin the back room\b"
                                            r"|\bin the kitchen\b|(?<!nobody )\bupstairs\b|\bthe big (?:Tesco|Asda)\b|\bthe Spar\b"
                                            r"|\bthe Londis\b|\bthe Co-op\b|\bthe chippy\b|\bAldi\b|\bMorrisons\b|\bthe corner shop\b"
                                            r"|\bSainsbury's Local\b|\bthe petrol station\b|\bthe post office\b|\bthe library\b|\bmake a brew\b"
                                            r"|\bmaking a brew\b", {"!in-person"}),
    ("a flight", r"\b(?:flights?|boarding|gate closes|check-in desk)\b", {"travel"}),
    ("a match", r"\bkick-off\b|\bthe match\b|\bhalf time\b", {"live-event"}),
    ("a prepayment meter", r"\bmeter\b|\bemergency credit\b|\btop up at\b", {"meter"}),
    ("paying staff", r"\bpayroll\b|\bpayslips?\b|\bBACS\b|\bHMRC\b", {"payroll"}),
    ("a phone call to the brand", r"\bon hold\b|\byour helpline\b|\bthe guy on the phone\b", {"!phones-down"}),
    # the fifth blind read: at the airport, 'I moved a doctor's appointment at 5:30am to sort this', 'I'm meant
    # to be in Barnsley by 05:30', 'commentating on our front room'; in the payroll drill, 'Everyone outside
    # Greggs has the same'
    ("a day at home", r"\bappointment\b.*\bto (?:sort|deal with) this\b|\b(?:can't|daren't|cannot) (?:leave|move) till\b"
                      r"|\bfront room\b", {"!in-person"}),
    ("somewhere to be instead", r"\b(?:meant|supposed) to be (?:in \{town2\}|at work|at my \{relative\}'s)\b", {"!travel"}),
    ("the shops having it too", r"\beveryone outside \{shop\}|\b(?:same|no different) (?:at|outside|in) \{shop\}"
                                r"|\b(?:gone|been) round to \{shop\}", {"shared"}),
)


def _fits(tags: frozenset[str], need: set[str]) -> bool:
    if any(t.startswith("!") for t in need):
        return not ({t[1:] for t in need} & tags)
    return bool(need & tags)


_ABOUT: dict[str, list[tuple[str, set[str], str]]] = {}


def _about(text: str) -> list[tuple[str, set[str], str]]:
    """What kinds of outage a line's words are about (in any way its alternatives come out)."""
    if text not in _ABOUT:
        found = {}
        for variant in itertools.islice(expansions(text), 300):
            for about, pattern, need in CROSSINGS:
                if about not in found and re.search(pattern, variant, re.I):
                    found[about] = (about, need, variant)
        _ABOUT[text] = list(found.values())
    return _ABOUT[text]


def _crossings(sc) -> list[str]:
    L = bundled()
    base = L.tags_for(sc.industry or "")
    bad: dict[str, str] = {}
    for persona in PERSONAS:
        tags = base | {f"as-{persona}"}
        for where, ln in L.all_lines:
            if not ln.fits(tags):
                continue
            for about, need, variant in _about(ln.text):
                if not _fits(tags, need):
                    short = where.rsplit("/", 1)[-1]
                    bad.setdefault(short, f"{sc.id}: {short} is about {about}: {variant!r}")
    return sorted(bad.values())


@pytest.mark.parametrize("scenario", list_bundled(), ids=lambda s: s.id)
def test_no_line_from_another_kind_of_outage(scenario):
    bad = _crossings(scenario)
    assert not bad, f"{len(bad)} crossings, e.g.:\n" + "\n".join(bad)


def test_the_check_catches_the_blind_readers_crossings():
    from sim.writer.lines import Line

    def crosses(text, industry):
        tags = bundled().tags_for(industry)
        return [a for a, p, need in CROSSINGS if re.search(p, text, re.I) and not _fits(tags, need)]

    assert crosses("{handle} {broken}. my {trade} can't take a penny today", "Cloud accounting software")
    assert crosses("{handle} I pay up front every month. {broken}", "Airline")
    assert crosses("{handle} on hold for ages and then cut off", "Mobile network")
    assert not crosses("{handle} {broken}. my {trade} can't take a penny today", "Retail banking")
    assert not crosses("{handle} I pay up front every month. {broken}", "Mobile network")
    # the third blind read: a prepay meter "topped up" and paid by direct debit in one post
    assert crosses("{handle} {broken}. I pay by direct debit every month", "Energy supply")
    # and an airport's bag drop, then "the big Tesco"
    assert crosses("{handle} {broken}. the lad in the big Tesco said the same", "Airline")
    assert Line("x", only=frozenset({"takings"})).fits(bundled().tags_for("Mobile network"))


def test_where_phones_are_down_nobody_rang_anyone():
    """A line that offers ringing or messaging ("my {relative} <rang|messaged> me first") says
    messaging where calls don't go through: read in the phone blackout, people "rang" their
    mum and "rang twice and got nothing". A line with nothing but calls to choose from keeps
    them ("can't <ring|call> anyone")."""
    from sim.posts import no_calls
    from sim.variety import sample_posts

    assert no_calls("my {relative} <rang|messaged> me <about it|first>") == "my {relative} messaged me <about it|first>"
    assert no_calls("<I|we> <rang|messaged|emailed> twice") == "<I|we> <messaged|emailed> twice"
    assert no_calls("<can't|couldn't> <ring|call> anyone") == "<can't|couldn't> <ring|call> anyone"
    assert no_calls("<{staff_name}|someone called {staff_name}> said") == "<{staff_name}|someone called {staff_name}> said"
    sc = next(s for s in list_bundled() if s.id == "network-blackout")
    rang = [p.text for p in sample_posts(sc, 1000, 4) if re.search(r"\b(?:rang|rung|phoned|on hold)\b", p.text, re.I)]
    assert not rang, rang[:5]
