"""The scorer's fast paths read text exactly as the plain way would (speed work must not move a score).

- find_all (the word-start index over every marker pattern) against searching each pattern in turn;
- SIGN_OFF (the mark first, the space a lookbehind) against the plain (^|\\s)[\\^~][A-Z][a-z]+\\b;
- the one reading of clock times, with and without "noon", "midday" and "midnight";
- clock times without the named ones (CLOCK tried at each digit) against CLOCK.finditer;
- secrets.SECRET (its opening \\b said as a lookbehind) against the plain pattern;
- the copy-paste check's words of a reply (_reply_norm, shared with the earlier replies) against
  those of the text the scorer reads (handles out, ends stripped).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from scoring import markers, secrets
from scoring.claims import CLOCK, clock_minutes
from scoring.markers import MARKERS, SIGN_OFF, TEXT_HELPERS, find_all

PAIRS = [json.loads(l) for l in (Path(__file__).parents[2] / "fixtures/scoring/pairs.jsonl").read_text().splitlines()
         if l.strip()]
TEXTS = sorted({r[k] for r in PAIRS for k in ("better", "worse", "tweet")})
SOURCES = [(m.id, m.patterns) for m in MARKERS if m.patterns] + [(key, (rx.pattern,)) for key, rx in TEXT_HELPERS]


def plain_find_all(low: str) -> dict[str, tuple[int, int, str]]:
    """Each marker's first match: the earliest of its patterns' first matches (at the same place,
    the pattern first in the table)."""
    out = {}
    for mid, patterns in SOURCES:
        best = None
        for p in patterns:
            m = re.search(p, low)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best:
            out[mid] = (best.start(), best.end(), best.group(0))
    return out


def fast(low: str) -> dict[str, tuple[int, int, str]]:
    return {k: (m.start(), m.end(), m.group(0)) for k, m in find_all.__wrapped__(low).items()}


@pytest.mark.parametrize("text", TEXTS[:150])
def test_find_all_finds_what_searching_each_pattern_finds(text):
    low = text.lower()
    assert fast(low) == plain_find_all(low)


WORDS = ("sorry", "our fault", "not our fault", "n't our mistake", "ok", "okay", "hi", "we're", "on it", "aware",
         "99.9% uptime", "10% off", "🙄", "😂", "£10", "$5", "refund", "calm down", "it's only", "thanks for", "?!",
         "!!", "cute", "obviously", "dm", "us", "our bad", "that", "is", "awful", "a", "the", "back by 6pm", "x@y.com",
         ",", ".", "\n", "we", "you")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), st.sampled_from(("", " ", "  ", "\n")))
def test_find_all_matches_the_plain_reading_on_made_up_replies(words, lead):
    low = lead + " ".join(words)
    assert fast(low) == plain_find_all(low)


PLAIN_SIGN_OFF = re.compile(r"(^|\s)[\^~][A-Z][a-z]+\b")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" ^~PriyaJ.\n-x", max_size=30))
def test_sign_off_finds_what_the_plain_pattern_finds(text):
    assert bool(SIGN_OFF.search(text)) == bool(PLAIN_SIGN_OFF.search(text))
    words = re.compile(r"[a-z0-9']+")
    assert words.findall(SIGN_OFF.sub(" ", text).lower()) == words.findall(PLAIN_SIGN_OFF.sub(" ", text).lower())


def test_one_reading_of_clock_times_with_and_without_named_times():
    text = "back by noon, or 12:30, or 6pm; midnight at the latest"
    assert clock_minutes(text) == {720, 750, 1080, 0}
    assert clock_minutes(text, named=False) == {750, 1080}
    assert clock_minutes("call 0800 111 999 at 25:00") == frozenset()


def test_the_index_is_built_once_and_reused():
    find_all.__wrapped__("sorry about that")
    idx = markers._INDEX
    find_all.__wrapped__("thanks for waiting")
    assert markers._INDEX is idx


PLAIN_SECRET = re.compile(secrets.SECRET_PLAIN)
SECRET_WORDS = ("your", "pin", "pins", "password", "pass code", "the code", "that code", "3", "digits", "on the back",
                "long number", "card", "number", "date of birth", "dob", "mum's maiden name", "otp", "6-digit code",
                "x", "_", "2", "é", "’", "'", "-", ".", "\n", "never", "send", "us", "codes we sent", "birthday")


def _spans(rx, text):
    return [(m.start(), m.end(), m.group(0)) for m in rx.finditer(text)]


@pytest.mark.parametrize("text", TEXTS[:150])
def test_secret_finds_what_the_plain_pattern_finds(text):
    low = text.lower()
    assert _spans(secrets.SECRET, low) == _spans(PLAIN_SECRET, low)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SECRET_WORDS), min_size=1, max_size=10), st.sampled_from((" ", "", " ", "a")))
def test_secret_matches_the_plain_pattern_on_made_up_replies(words, glue):
    low = glue.join(words)              # "" and "a" glue words together: "_pin", "2digits", "apin"
    assert _spans(secrets.SECRET, low) == _spans(PLAIN_SECRET, low)


def plain_digit_clocks(text: str) -> frozenset[int]:
    out = set()
    for m in CLOCK.finditer(text):
        if m.group(6):
            continue
        if m.group(1):
            h, mm, ap = int(m.group(1)), int(m.group(2) or 0), m.group(3)
            h = h % 12 + (12 if ap == "pm" else 0)
        else:
            h, mm = int(m.group(4)), int(m.group(5))
        if 0 <= h < 24 and 0 <= mm < 60:
            out.add(h * 60 + mm)
    return frozenset(out)


CLOCK_BITS = ("6", "12", "123", "1:30", "06:30", "7.45", "10pm", "3 am", "am", "pm", ":", ".", " ", "noon", "midnight",
              "x", "_", "a", "٣", "by", "-", "24:00", "9")


@pytest.mark.parametrize("text", TEXTS[:150])
def test_digit_clock_times_are_the_plain_reading(text):
    assert clock_minutes(text, named=False) == plain_digit_clocks(text)
    assert clock_minutes(text.lower(), named=False) == plain_digit_clocks(text.lower())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CLOCK_BITS), min_size=1, max_size=10), st.sampled_from(("", " ", "")))
def test_digit_clock_times_match_the_plain_reading_on_made_up_text(bits, glue):
    text = glue.join(bits)
    assert clock_minutes(text, named=False) == plain_digit_clocks(text)


def _plain_score(ctx):
    """score_reply read without the context cache (its fallback for an unhashable context, which
    reads the context itself) and with every other cache of the scorer emptied first."""
    import sys

    from scoring import scorer
    for name, mod in list(sys.modules.items()):
        if name.startswith("scoring") and mod is not None:
            for f in list(vars(mod).values()):
                if hasattr(f, "cache_clear"):
                    f.cache_clear()

    def unhashable(key):
        raise TypeError("read it without the cache")

    cached, scorer._markers_of = scorer._markers_of, unhashable
    try:
        return scorer.score_reply(ctx)
    finally:
        scorer._markers_of = cached


def test_the_context_cache_tells_apart_every_field_a_score_reads():
    """score_reply caches a context's markers on everything but the time and the earlier replies
    (those are read per call): a context that differs in any one field from one already scored gets
    what reading it without the cache gets."""
    from dataclasses import replace

    from scoring import Fact, ReplyContext, score_reply
    post = "My mum is elderly and on oxygen, power's been off since 9am, when is it back?? @Ria"
    reply = "@ria_s So sorry Ria, that's frightening. Engineers are on site; we expect power back by 6pm."
    base = ReplyContext(post=post, reply=reply, persona="vulnerable",
                        facts=(Fact("Engineers are on site at the substation", "status"),
                               Fact("Power expected back by 6pm", "eta", at=600.0)),
                        at=900.0, voice="warm", seconds_to_reply=30.0)
    variants = [base, replace(base, at=300.0), replace(base, persona="joker"), replace(base, persona="journalist"),
                replace(base, voice="formal"), replace(base, brand="Ria Power"), replace(base, author_name="Tom Jones"),
                replace(base, author_handle="@tom_j"), replace(base, facts=("No time for the fix yet",)),
                replace(base, facts=()), replace(base, post="lol the power's out again, classic #blackout"),
                replace(base, reply=reply.replace("by 6pm", "by 4pm")),
                replace(base, other_posts=("power cut on our estate, is it back by 6pm?", "no power since 9am here")),
                replace(base, thread_replies=("Engineers are on site, we'll update you.",)),
                replace(base, previous_replies=(reply,)), replace(base, previous_replies=("Something else entirely.",)),
                replace(base, seconds_to_reply=400.0, higher_priority_waiting=2),
                replace(base, reply=reply + " " + "x" * 300)]
    joke = ReplyContext(post="is your network run by a hamster on a wheel? #outage", reply="Ha, fair cop 😉 The hamster's "
                        "resting; engineers are fixing the mast now.", persona="joker", voice="playful")
    variants += [joke, replace(joke, voice="formal"), replace(joke, voice=None), replace(joke, persona="vulnerable")]
    warm = [score_reply(v) for v in variants]
    for v in variants:                   # again, the cache now holding all of them
        warm.append(score_reply(v))
    cold = [_plain_score(v) for v in variants]
    assert warm == cold + cold
    assert len({(s.overall, tuple(s.markers)) for s in cold}) >= 10     # the variants do score differently


def test_make_context_is_the_dataclass_made_the_plain_way():
    from scoring.context import Fact, ReplyContext, make_context
    for kw in ({"post": "p", "reply": "r"},
               {"post": "p", "reply": "r", "persona": "angry", "facts": ("a", Fact("b", "eta", 3.0)), "at": 9.0,
                "previous_replies": ("x",), "voice": "formal", "seconds_to_reply": 4.0, "speed_good": 30.0,
                "speed_late": 90.0, "priority": 0.5, "higher_priority_waiting": 2, "author_name": "Ria",
                "author_handle": "@r", "brand": "B", "other_posts": ("o",), "thread_replies": ("t",)}):
        fast, plain = make_context(**kw), ReplyContext(**kw)
        assert fast == plain and repr(fast) == repr(plain) and hash(fast) == hash(plain)
        assert vars(fast) == vars(plain) and list(vars(fast)) == list(vars(plain))
    for bad in ({"post": "p"}, {"reply": "r"}, {"post": "p", "reply": "r", "colour": "red"}):
        with pytest.raises(TypeError):
            make_context(**bad)
    with pytest.raises(AttributeError):           # still frozen
        make_context(post="p", reply="r").post = "q"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \n\t^~@_PriyaJ.'x9-", max_size=40))
def test_a_replys_copy_paste_words_are_those_of_the_text_the_scorer_reads(text):
    from scoring.scorer import HANDLE, _norm, _reply_norm
    assert _reply_norm.__wrapped__(text) == _norm(HANDLE.sub(" ", text).strip())


@pytest.mark.parametrize("text", TEXTS)
def test_a_replys_copy_paste_words_on_the_pairs(text):
    from scoring.scorer import HANDLE, _norm, _reply_norm
    assert _reply_norm.__wrapped__(text) == _norm(HANDLE.sub(" ", text).strip())
