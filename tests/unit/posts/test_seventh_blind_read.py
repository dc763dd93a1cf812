"""Issue 15, one person making one point: the sixth blind read's and the writer's own read's
commonest tells were a detail from another company's complaints ("the payslips are showing
blank" to a bank, "account ending 0957" to an airline, "we live round the corner from your
Coventry shop" to an airline) and a second thing at stake bolted onto a post that already had
one ("a karaoke night we cancelled for this... the dog's due the vet").

These read what the writer writes, in drills of every bundled scenario, with their own lists of
words (not the writer's tags), so a wrongly tagged line or industry fails them."""
from __future__ import annotations

import re

import pytest

from sim.model import Post, WriterContext
from sim.posts import PostWriter
from sim.scenario import list_bundled, load_scenario
from sim.simulate import run

SCENARIOS = [s if isinstance(s, str) else s.id for s in list_bundled()]

# words that belong to one kind of outage, and the bundled scenarios they may appear in
FOREIGN = (
    ("paying staff", r"\bpayslips?\b|\btimesheets?\b|\bpayroll\b|\bP60s?\b|\bHMRC\b|\bBACS\b|\bPAYE\b|\bRTI\b",
     {"payroll-cloud"}),
    ("a flight", r"\bboarding\b|\bflights?\b|(?<!safety )\bcheck-in\b|\bbag drop\b|\bhold bag\b|\bbooking ref\b", {"airport-checkin"}),
    ("a prepay meter", r"\bmeter (?:number|says|shows)\b|\bmeter's on\b|\bvend code\b|\bPayzone\b|\bPayPoint\b|\bkey meter\b",
     {"winter-topup"}),
    ("a bank card or account", r"\baccount ending\b|\bcard ending\b|\bsort code\b", {"payday-payments"}),
    ("one's own rent", r"\bmy rent\b|\brent (?:payment|direct debit)\b|\blandlord (?:direct debit|payment)\b"
                       r"|\band rent's due\b",
     {"payday-payments", "winter-topup", "network-blackout", "cup-final-stream"}),
    ("a match", r"\bkick-off\b|\bmatch pass\b|\bhalf time\b", {"cup-final-stream"}),
    ("the brand's shop in a town", r"\byour [A-Z][a-z]+ (?:shop|store|office|depot)\b|\bthe [A-Z][a-z]+ (?:shop|store|depot)\b",
     {"network-blackout"}),
    # a firm's owner doing payroll is at the office, not waiting in a shop in some town
    ("waiting in a shop", r"\b(?:stood|sat|waiting) (?:outside|in) (?:the |)[A-Z][\w']*(?: [A-Z][\w']*)? in [A-Z]", {
        "payday-payments", "winter-topup", "network-blackout", "cup-final-stream"}),
    ("an invoice", r"\binvoice \d", {"payroll-cloud", "payday-payments", "network-blackout"}),
)


@pytest.fixture(scope="module")
def drills() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for sid in SCENARIOS:
        sc = load_scenario(sid)
        texts = []
        for seed in (1, 2):
            for player in ("silent", "model"):
                d = run(sc, seed=seed, player=player, difficulty="storm")
                posts = d.posts.values() if isinstance(d.posts, dict) else d.posts
                texts += [p.text for p in posts]
        out[sid] = texts
    return out


@pytest.mark.parametrize("sid", SCENARIOS)
def test_no_post_carries_another_industrys_words(drills, sid):
    bad = {}
    for about, pattern, where in FOREIGN:
        if sid in where:
            continue
        for text in drills[sid]:
            if re.search(pattern, text, 0 if "[A-Z]" in pattern else re.I):
                bad.setdefault(about, text)
    assert not bad, f"{sid}: " + "; ".join(f"{a}: {t!r}" for a, t in bad.items())


def test_the_check_catches_the_blind_readers_crossings():
    def crosses(text, sid):
        return [a for a, p, where in FOREIGN if sid not in where and re.search(p, text, 0 if "[A-Z]" in p else re.I)]

    assert crosses("@NorthmoorBank now the payslips are showing blank", "payday-payments")
    assert crosses("@BluewrenAir it's account ending 0957", "airport-checkin")
    assert crosses("@BluewrenAir we live round the corner from the Coventry shop", "airport-checkin")
    assert crosses("@Tallyforge my rent direct debit bounced", "payroll-cloud")
    assert not crosses("@Tallyforge the payslips are showing blank", "payroll-cloud")
    assert not crosses("@NorthmoorBank card ending 0957, declined again", "payday-payments")


# -- one thing at stake ---------------------------------------------------------------------------
# a stake said in a line's own words, as this test knows them (not from the writer's data)
OWN_STAKE = re.compile(
    r"\brent (?:is|goes|'s)\b|\bappointment\b|\b(?:meant|supposed) to (?:be|leave)\b|\bmorning off\b|\bhalf day\b"
    r"|\b(?:my|our|only|a) day off\b|\bday's leave\b|\bcalled in sick\b|\brang in late\b|\bI'd be late\b|\blunch (?:break|hour)\b"
    r"|\b(?:relying|counting) on me\b|\bdepends? on this\b|\bthe vet\b|\bits tablets\b", re.I)


def _ctx(t: float) -> WriterContext:
    return WriterContext(t=t, world_time="09:00", since="06:30", hours=int(t // 60))


def _people(sid: str, seed: int, n: int = 120):
    """First posts and two chasers from ``n`` people, with the person who wrote them."""
    sc = load_scenario(sid)
    w = PostWriter(sc, seed, difficulty="storm")
    personas = ("angry", "question", "vulnerable", "business", "influencer")
    for i in range(n):
        d = w.post(personas[i % len(personas)], _ctx(30.0 + i), ())
        person = w.people[d.handle]
        post = Post(id=f"p{i}", at=30.0 + i, author=d.author, handle=d.handle, persona=d.persona,
                    text=d.text, reach=d.reach, anger=d.anger, priority=0.5)
        texts = [d.text] + [w.follow_up(post, "chaser", _ctx(30.0 + i + k * 300), None).text for k in (1, 2)]
        yield person, texts


def _two_stakes(stake: str, texts: list[str]) -> str | None:
    """A post (or one person's posts together) saying their {stake} and a stake of a line's own."""
    low = stake.lower()
    with_stake = [t for t in texts if low in t.lower()]
    for t in texts:
        rest = t.lower().replace(low, " ")
        if OWN_STAKE.search(rest) and (low in t.lower() or with_stake):
            return f"{stake!r}: {t!r}" + (f" (after {with_stake[0]!r})" if with_stake and t not in with_stake else "")
    return None


@pytest.mark.parametrize("sid", SCENARIOS)
def test_a_person_has_one_thing_at_stake(sid):
    """'I've got my mum's appointment... rent goes out tomorrow': a detail or a chaser's news in
    its own words is no second stake for someone whose post said theirs (and the other way round)."""
    bad = []
    for seed in (3, 4):
        for person, texts in _people(sid, seed):
            why = _two_stakes(person.stake, texts)
            if why:
                bad.append(why)
    assert not bad, f"{len(bad)} people, e.g. {bad[:3]}"


def test_the_stake_check_catches_two_stakes():
    assert _two_stakes("my mum's appointment", ["@X card declined, I've got my mum's appointment. rent goes out tomorrow"])
    assert _two_stakes("work", ["@X I'm late for work", "@X still nothing. I'm meant to be at the dentist by 10"])
    assert not _two_stakes("work", ["@X I'm late for work", "@X still nothing"])


def test_a_town_is_said_only_where_it_says_something():
    """'I'm in Blackpool, if that helps' to an airline or a payroll firm tells them nothing: the
    asker's closing "I'm in {town}" is for outages in a street or a house, where the area matters."""
    from sim.writer.lines import bundled
    L = bundled()
    for industry in ("Airline", "Cloud accounting software"):
        tags = L.tags_for(industry) | {"as-question"}
        said = [ln.text for ln in L.endings["asking"] if ln.fits(tags) and re.search(r"\bin \{town\}", ln.text)]
        assert not said, (industry, said)
