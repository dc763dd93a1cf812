"""Follow-ups: a reply to someone you already answered, in the same thread.

``ReplyContext.thread_replies`` holds the player's earlier replies in the thread (oldest first);
when it is non-empty the reply is a follow-up and :func:`follow_up` judges it against what the
person has already been told. The scorer calls it once, on the markers it found, just before
adding them up. Three outcomes:

- **news** (``followup_news``): the follow-up carries a fact known now that no earlier reply
  carried (a fix time, a workaround, the cause...). Credit on substance.
- **correction** (``followup_correction``): an earlier reply said something the facts do not
  support (a fix time, a cause, compensation) or contradict, and this one does not, and it either
  gives the fact in question or says plainly that it is correcting ("sorry, I was wrong", "to be
  clear", "correction"). Credit on substance and tone.
- **repeat** (``followup_repeat``): neither news nor a correction, and nearly the same words as
  an earlier reply (or hardly a word the earlier ones did not have). Saying it again is not
  substance: the substance credit the first reply already earned (facts used, question answered,
  workaround, next update) is withdrawn, and the reason says so.

Either way, "answered the question" may be met by the thread as a whole: a follow-up is not
marked down for ignoring a question an earlier reply in the thread already answered. Copy-paste
(the same words to different people) does not apply to the same person's thread: there the
repeat rule speaks instead.
"""
from __future__ import annotations

import re

from scoring.claims import check, clock_minutes, stem
from scoring.markers import STOPWORDS
from scoring.questions import answered, asks, question_words

HANDLE = re.compile(r"(?<!\w)@\w+")
WORD = re.compile(r"[a-z0-9']+(?:-[a-z0-9']+)*")     # "wi-fi" is one word, not two short ones
# Words that carry no news on their own: a follow-up made only of these (and the earlier words)
# says nothing new.
FILLER = frozenset(stem(w) for w in """again still sorry apologies thanks thank hello update updated updates news
latest team teams engineer engineers working looking hard hope hoping soon asap patience bear hang keep
promise know let touch back here really very just quick quickly please anything everything someone something done
being doing chasing chase checking check""".split())
# Substance a first reply earns that saying it again does not earn a second time.
RESTATED = ("uses_facts", "answers_question", "workaround", "next_update", "press_office", "acknowledges_situation",
            "copy_paste", "ignores_question", "no_information", "generic")
CORRECTING = re.compile(r"\b(correct(ion|ing)?|i was wrong|we were wrong|(i|we) got (that|it) wrong|to be clear|"
                        r"(i|we) (said|told you) earlier|my (last|earlier) (reply|post|message)|"
                        r"(ignore|disregard) (my|our|what)|scratch that|not (true|right|accurate) after all|"
                        r"sorry,? (i|we) (said|told|mis\w+))\b")
FAULTS = ("fault:misleading", "fault:unsafe", "fault:no_safety_advice", "fault:secrets")
REPEAT_OVERLAP = 0.6        # share of words in common (Jaccard) at which a follow-up repeats
NEW_WORDS = 2               # fewer new words than this (beyond filler) is a repeat


def _words(text: str) -> frozenset[str]:
    low = HANDLE.sub(" ", text).lower()
    return frozenset(stem(w) for w in WORD.findall(low) if len(w) > 2 and w.replace("'", "") not in STOPWORDS)


def _carries(text: str, words: frozenset[str], fact: str) -> bool:
    """Whether a reply gives a fact: two of its telling words (all of them when it has fewer),
    or a clock time it names."""
    fw = _words(fact) - FILLER
    if not fw:
        return False
    if len(fw & words) >= min(2, len(fw)):
        return True
    times = clock_minutes(fact.lower())
    return bool(times and times & clock_minutes(text.lower()))


def _short(s: str, n: int = 40) -> str:
    s = " ".join(HANDLE.sub(" ", s).split()).strip(" ,.;:-")
    if len(s) <= n:
        return s
    cut = s[: n - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:-") + "…"


def _is_quote_of(q: str, texts) -> bool:
    """The scorer's copy-paste quote (the start of the copied reply) names one of ``texts``."""
    q = (q or "").rstrip("…").strip()
    return bool(q) and any(" ".join(t.split()).strip(" ,.;:-").startswith(q) for t in texts)


def follow_up(fired: dict[str, str], ctx, body: str, known: tuple, post: str) -> None:
    """Judge a follow-up (``ctx.thread_replies`` non-empty) against the thread's earlier replies,
    changing the scorer's ``fired`` markers in place (module docstring)."""
    earlier = tuple(r for r in ctx.thread_replies or () if isinstance(r, str) and r.strip())
    if not earlier:
        return
    if "copy_paste" in fired and _is_quote_of(fired["copy_paste"], earlier):
        del fired["copy_paste"]           # the same person's thread: the repeat rule below speaks
    mine = _words(body)
    before = frozenset().union(*(_words(e) for e in earlier))
    facts = [f for f, _ in known]

    faulty = bool(fired.keys() & set(FAULTS)) or any(k.startswith("unsupported_") for k in fired)
    news = [] if faulty else [f for f in facts if _carries(body, mine, f)
                              and not any(_carries(e, _words(e), f) for e in earlier)]
    correction = ""
    if not faulty:
        for e in earlier:
            bad = [v for v in check(e, tuple(known), post) if v.status in ("contradicted", "unknown")]
            for v in bad:
                if (v.fact and _carries(body, mine, v.fact)) or CORRECTING.search(body.lower()):
                    correction = v.quote or _short(e)
                    break
            if correction:
                break

    if correction:
        fired["followup_correction"] = correction
    if news:
        fired["followup_news"] = max(news, key=lambda f: len(_words(f) & mine))
    if not (news or correction):
        new = mine - before - FILLER
        overlap = len(mine & before) / len(mine | before) if mine | before else 1.0
        if overlap >= REPEAT_OVERLAP or len(new) < NEW_WORDS:
            for mid in RESTATED:
                fired.pop(mid, None)
            fired["followup_repeat"] = _short(earlier[-1])
            return

    # the question: the thread as a whole may have answered it
    if "ignores_question" in fired:
        kinds = asks(post)
        whole = " ".join((*earlier, body))
        if kinds:
            if any(answered(k, whole, question_words(post)) for k in kinds[:2]):
                del fired["ignores_question"]
        elif any(_carries(e, _words(e), f) for e in earlier for f in facts):
            del fired["ignores_question"]
