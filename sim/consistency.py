"""Do two published replies disagree? (A team drill: several people on one brand account.)

The public reads one account. When two people on the desk tell two customers different things,
the crowd notices. This module compares two reply texts topic by topic, with the scorer's own
claims analysis (``scoring.claims``: cause claims, works/open/safe state claims with scoped
negation, money claims), and says which topic they disagree on:

- **cause**: one names a cause and the other another one (a cyber attack / a power fault: no
  telling word shared, or one is a security cause and the other is not); one names a cause and
  the other says the cause is not known yet; one says it is a hack and the other rules that out.
- **advice**: what people should do. A claim that something may or may not be done (the
  scorer's "safe" family: use, drink, touch, drive...) or a go/stay instruction (travel, come,
  go, head, visit / don't travel, stay at home) about the same thing with the opposite polarity.
  A bare "don't travel" disagrees with any "come to ..." / "you can travel ...".
- **status**: what works or is open ("the app is working" / "the app is down"), about the same
  thing, opposite polarity.
- **money**: both promise money with different amounts.

Fix times are compared by the engine already (a promised time the facts do not support). The
functions here are pure: the engine calls them when a reply is published, so a replay derives
the same call-out.
"""
from __future__ import annotations

from dataclasses import dataclass
import re
from functools import lru_cache

from scoring import claims as C

# go/stay instructions (the scorer's ACTIONS have no travel words)
MOVE = frozenset("travel travelling traveling come coming go head heading visit visiting fly flying "
                 "attend attending".split())
STAY = frozenset("stay staying remain".split())
STAY_WHERE = frozenset("home away put indoors inside in".split())
GOOD_LEAD = frozenset("please you can may could should fine ok okay free safe welcome able".split())
PLACEISH = (C.WEAK - {"home", "homes", "area", "areas"}) | frozenset(
    "if unless possible necessary essential planned plan usual normal today tomorrow tonight instead yet "
    "further notice advised advise".split())
# "we don't know the cause yet", "not clear what caused it" (besides the scorer's CAUSE_UNKNOWN)
UNKNOWN = re.compile(r"\b(don'?t|do not|can'?t|cannot) (yet )?(know|say|confirm) (yet )?(the cause|what (caused|is causing)|"
                     r"why)\b|\b(not|isn'?t) (yet )?(clear|known|confirmed) (yet )?(what|why)\b")
GENERIC_CAUSE = frozenset({"caus", "cause", "because", "due", "down", "blame", "thank", "outage", "today"})


@dataclass(frozen=True)
class Claim:
    topic: str              # advice | status
    positive: bool
    objects: frozenset[str]
    quote: str
    action: str | None = None


@dataclass(frozen=True)
class Stance:
    causes: tuple[tuple[str, frozenset[str], bool], ...]    # (quote, cause words, security)
    cause_unknown: str | None                                # the words saying it is not known
    not_breach: str | None                                   # the words ruling out a breach
    claims: tuple[Claim, ...]
    money: tuple[tuple[str, frozenset[str]], ...]            # (quote, amounts)


@dataclass(frozen=True)
class Disagreement:
    topic: str              # cause | advice | status | money
    earlier: str            # the earlier reply's words
    later: str              # the later reply's words


def _moves(part: str) -> list[Claim]:
    low = part.lower().replace("’", "'")
    toks = C.tokens(low)
    out: list[Claim] = []
    objects = frozenset(C.stem(t) for t in toks if len(t) > 1 and t not in PLACEISH and t not in C.BARRIERS
                        and t not in C.NEGATORS and t not in MOVE and t not in STAY and not t.isdigit())
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        after = toks[i + 2] if i + 2 < len(toks) else ""
        if t in STAY and (nxt in STAY_WHERE or (nxt == "at" and after == "home")):
            out.append(Claim("advice", C._negated(toks, i), objects - {"home", "away", "put", "indoor", "inside"},
                             part.strip(), "move"))
        elif t in MOVE:
            if nxt in ("back", "on", "ahead", "through", "over", "out", "up", "down", "wrong"):
                continue             # "come back to you", "go ahead", "went through"...
            if C._negated(toks, i):
                out.append(Claim("advice", False, objects, part.strip(), "move"))
            elif (i == 0 or toks[i - 1] in GOOD_LEAD or (toks[i - 1] == "to" and i > 1 and toks[i - 2] in GOOD_LEAD)) \
                    and nxt in ("to", "into", "in", "by", "as", "today", "now", "") and objects:
                out.append(Claim("advice", True, objects, part.strip(), "move"))
    return out


@lru_cache(maxsize=4096)
def stance(text: str) -> Stance:
    """What a reply says on each topic, as the scorer reads it."""
    an = C._analyse(text)
    low = text.lower().replace("’", "'")
    unknown = C.CAUSE_UNKNOWN.search(low) or UNKNOWN.search(low)
    breach = C.NOT_BREACH.search(low)
    out: list[Claim] = []
    for c in C.state_claims(text):
        action = next((o for o in c.objects if o in C.ACTION_STEMS), None)
        topic = "advice" if c.family == "safe" else "status"
        out.append(Claim(topic, c.positive, c.objects - C.ACTION_STEMS, c.quote, action))
    for part in C._parts(text):
        out += _moves(part)
    money = tuple((q, frozenset(a for a in amounts if a[:1] in "£$€" or a.endswith("%")))
                  for q, amounts, _w, _u in an.money)
    causes = tuple((q, frozenset(w - GENERIC_CAUSE), sec) for q, w, sec in an.causes
                   if not C.CAUSE_UNKNOWN.search(q.lower()) and not C.NOT_BREACH.search(q.lower()))
    return Stance(causes=causes,
                  cause_unknown=C._span(text, unknown.start(), unknown.end()) if unknown else None,
                  not_breach=C._span(text, breach.start(), breach.end()) if breach else None,
                  claims=tuple(out), money=tuple((q, a) for q, a in money if a))


def _cause(a: Stance, b: Stance) -> tuple[str, str] | None:
    for qa, wa, sa in a.causes:
        if sa and b.not_breach:
            return qa, b.not_breach
        if b.cause_unknown and not a.cause_unknown:
            return qa, b.cause_unknown
        for qb, wb, sb in b.causes:
            if sa != sb or (not sa and wa and wb and not wa & wb):
                return qa, qb
    for qb, _wb, sb in b.causes:
        if sb and a.not_breach:
            return a.not_breach, qb
        if a.cause_unknown and not b.cause_unknown:
            return a.cause_unknown, qb
    return None


def _opposed(x: Claim, y: Claim) -> bool:
    if x.topic != y.topic or x.positive == y.positive:
        return False
    if x.action == "move" or y.action == "move":
        if x.action != y.action:
            return False
        neg = x if not x.positive else y
        return not neg.objects or bool(x.objects & y.objects)
    if x.action and y.action and x.action != y.action:
        return False                # "don't drink the water" / "you can wash in it"
    return bool(x.objects & y.objects)


def disagreement(earlier: str, later: str) -> Disagreement | None:
    """The first topic on which two reply texts disagree, or None when they are compatible
    (saying nothing about a topic is compatible with anything)."""
    a, b = stance(earlier), stance(later)
    cause = _cause(a, b)
    if cause:
        return Disagreement("cause", *cause)
    for x in a.claims:
        for y in b.claims:
            if _opposed(x, y):
                return Disagreement(x.topic, x.quote, y.quote)
    for qa, ma in a.money:
        for qb, mb in b.money:
            if not ma & mb:
                return Disagreement("money", qa, qb)
    return None
