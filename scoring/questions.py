"""What a post asks, and whether a reply gives that kind of answer.

A post can ask when, where, whether (yes or no), what to do, who to contact, about compensation,
whether something is safe, or why. Each kind of question wants a kind of answer: a time or an
honest "there isn't one yet"; a place; a yes or a no; an instruction; a number or contact; the
compensation position; the cause or "not known yet". Sharing a word with the question is not an
answer.
"""
from __future__ import annotations

import re
from functools import lru_cache

# (kind, how to spot it in the post's question), most specific first
ASKS: tuple[tuple[str, re.Pattern], ...] = (
    ("safe", re.compile(r"\b(is it safe|safe to|is (it|the water|that|this|she|he) (ok|okay|safe|going to be ok)|should i be worried|"
                        r"can i (use|drink|put|light|move|touch|boil|drive|bath|bathe|run|turn on|go)|ok to|okay to|dangerous)\b")),
    ("money", re.compile(r"\b(compensat\w*|refund\w*|money back|getting anything|get anything|entitled|owed|reimburs\w*|"
                         r"what are we getting|what do (i|we) get|credit|pay (me|us) back|charged twice)\b")),
    ("when", re.compile(r"\b(when|how long|what time|eta|how much longer|any (idea|news|update)s?|timescale|back (on|up) soon|"
                        r"by (tonight|today|tomorrow))\b")),
    ("when", re.compile(r"\bwhere('?s| is| are) (my|our) (money|refund|parcel|order|delivery|package|payment|wages|bag|luggage)\b")),
    # "where" asks when it opens the question or a verb or person follows it: "where's the nearest",
    # "anyone know where I can"; not "'SOS only' where the bars should be", "a window where it worked"
    ("where", re.compile(r"^\W*where\b|\bwhere('s| is| are| can| do| does| did| should| would| will| could| to| else| "
                         r"i| we| you| exactly)\b|\b(which (station|centre|center|hospital|branch|store|shop|depot|site|one)|"
                         r"nearest)\b")),
    ("contact", re.compile(r"\b(who (do|should|can) (i|we) (call|contact|ring|speak|talk)|what('?s| is) the number|"
                           r"(number|contact) (for|to)|how (do|can) (i|we) (contact|reach|report|get hold))\b")),
    ("why", re.compile(r"\bwhy\b|\bwhat('?s| is) (actually )?(going on|happening|wrong)|\bwhat happened\b|\bwhat caused\b|"
                       r"\b(been |got )?hacked\b|\bis it (true|a hack)|\bcyber\b|\bcaused by\b")),
    ("what_do", re.compile(r"\b(how|what) (am|are) (i|we) (meant|supposed)\b|\bwhat (should|do|can|shall) (i|we) (do|try)\b|\bwhat (should|do|can|shall) (i|we)\b(?!\s+pay)|\b(do|shall|should) (i|we) \w+ or\b|"
                           r"\bhow (do|can|should) (i|we)\b|\bwhat now\b|\bdo i (wait|go)\b|\bshould (i|we)\b(?! be worried)")),
    ("whether", re.compile(r"^\W*(is|are|will|can|could|do|does|did|has|have|am|was|were|any chance)\b|\bdo (i|we) (need|have) to\b|"
                           r"\b(am i|are we|will i|will we|do i|do we|is my|is our|are my|are our)\b|\b(is|are|will|does|do) "
                           r"(it|this|that|the|my|our|your|you|they|there|we|anyone)\b|\b(just me|anyone else|just us|or (not|nah|wider))\b|"
                           r"\b(legit|real|genuine)\?")),
)

ANSWER = {
    "when": re.compile(r"\b\d{1,2}([:.]\d{2})?\s*(am|pm)\b|\b\d{1,2}[:.]\d{2}\b|\b(by|within|in|around|until|till|from|after|before)\s+"
                       r"(\d+|an?|one|two|three|a few|half an)\s+(minutes?|mins?|hours?|hrs?|days?|working days?)\b|"
                       r"\b(tonight|tomorrow|overnight|this (morning|afternoon|evening)|end of (the )?(day|service)|midnight|noon|"
                       r"midday|(mon|tues|wednes|thurs|fri|satur|sun)day)\b|\b(no|not a|don'?t have a|can'?t give a|no firm) "
                       r"(\w+ )?(time|eta|estimate|date|timescale)\b|\b(don'?t|do not) (yet )?know (when|yet)\b|\bnot yet\b|"
                       r"\bnext update\b|\bwon'?t (promise|guess)\b|\bno (return|restoration|fix) date\b"),
    # A capital after "at", "in", "near"... is a place's name ("in Redditch"), so only the little
    # words are case-blind: "work hard on the burst main" names no place.
    "where": re.compile(r"\b(?i:at|in|to|from|on|near|opposite|outside) (?i:the )?[A-Z][\w'’&-]+|(?i:\b(centre|center|"
                        r"station|library|branch|hospital|depot|car park|store|desk|gate|terminal|stadium|road|street|unit|"
                        r"office|surgery|pharmacy)\b|\b\w+\.(co\.uk|com|org|gov\.uk|nhs\.uk|ie|au|nz|ca)\b)"),
    "whether": re.compile(r"\b(yes|yeah|yep|no|nope|not|never|sadly|afraid|it is|they are|you are|you'?re (covered|insured|"
                          r"entitled|fine|ok)|it'?s (us|ours|wider|everyone|a scam)|that'?s (a scam|us)|correct|confirmed|"
                          r"definitely|still (running|open|on|going|works?|working))\b|n't\b"),
    "what_do": re.compile(r"(^|[.!?;:,]\s+|\b(please|you can|you could|best to|try to|just|then|now|if so,?|otherwise,?) )"
                          r"(call|ring|phone|use|head|go|keep|stay|leave|collect|claim|book|rebook|check|bring|take|boil|run|"
                          r"open|switch|press|enter|hang up|ask|tell|order|renew|wait|visit|pop|get|avoid|don'?t|do not)\b|"
                          r"\b(no need to|nothing (you need )?to do|no action|don'?t need to do|you don'?t need to)\b"),
    "contact": re.compile(r"\b\d{3,}[\d ]*\b|\b\w+\.(co\.uk|com|org|gov\.uk|nhs\.uk|ie|au|nz|ca)\b|@\w+|\b[\w.+-]+@[\w-]+\.\w+|"
                          r"\b(call|ring|phone|contact) (us|the|our|your|\d)"),
    "money": re.compile(r"\b(refund\w*|credit\w*|compensat\w*|payment|eligible|entitled|claim\w*|money back|repay|voucher|"
                        r"reimburs\w*|goodwill|won'?t pay twice|not (left|taken)|(don'?t|do not) (yet )?know|not (yet )?decided|"
                        r"will be (announced|decided)|\d+% of|fare back|(days?|weeks?|months?) (added|free|extra|back)|"
                        r"added to your|off your (bill|next)|free (days?|weeks?|months?))\b"),
    "safe": re.compile(r"\b(safe|unsafe|harmful|harmless|fine to|ok to|okay to|don'?t|do not|no|not yet|yes|avoid|dangerous|boil(ing|ed)?\b|"
                       r"as live|stay (away|clear)|unwell|not affected|unaffected|you can)\b"),
    "why": re.compile(r"\b(because|due to|caused by|the cause|as a result of|the result of|following (a|an|the)|after (a|an|the|our)|not a (hack|cyber)|no (sign|evidence|indication) of|"
                      r"under investigation|(don'?t|do not) (yet )?know (what|why)|still (finding|working) out|"
                      r"(from|after|in) the (outage|incident|crash|fault)|(a|an|the|our) (\w+ ){0,3}(failure|fault|burst|failover|"
                      r"maintenance|damage|storm|update|upgrade|rollback|outage|cut) (is|has|at|on|in|which|that|broke|caused|hit|"
                      r"means|meant)|(failed|broke|burst|overran|went wrong)|it'?s (ours|us|our (fault|problem|mistake)))\b"),
}

WH = re.compile(r"\b(when|where|why|how long|how do|what time|what do|what should|who do|am i|do i|is it|are you|"
                r"any idea|any news|is there)\b", re.I)

# Questions that are not asking: anger in question form
RHETORICAL = re.compile(r"\bwhat (do|are) (i|we) (even )?pay(ing)?\b|\bdo you (even|actually) care\b|\bare you (kidding|joking|serious)\b|"
                        r"\bwho (do you think|runs this)\b|\bhow hard can it be\b|\bwhy do (i|we) bother\b|\bseriously\?|"
                        r"\bwhere (are|were|r) (you|u)( lot| guys| people| all)?\b(?! (based|located|from))|"
                        r"\bwhere ha(ve|s) (you|u|everyone) (been|gone)\b", re.I)

_HANDLE = re.compile(r"@(?<!\w@)\w+")          # (?<!\w)@\w+, the @ first: a search skips to it in C
# Sentence ends: the cuts of "(?<=[.!?])\s+|\n+", with the space first so a search skips to it in C.
SENTENCE_CUT = re.compile(r"\s(?:(?<=[.!?]\s)(?<![aApP]\.[mM]\.\s)\s*|(?<=\n)\n*)")   # not after "a.m.", "p.m."

ADVICE = {
    "when": "they asked when: give the time, or say there isn't one yet",
    "where": "they asked where: name the place",
    "whether": "they asked a yes-or-no question: say yes or no first",
    "what_do": "they asked what to do: give them one clear instruction",
    "contact": "they asked who to contact: give the number or contact",
    "money": "they asked about compensation: give the position, or say it isn't decided yet",
    "safe": "they asked if it is safe: say yes or no, and what to do",
    "why": "they asked why: give the cause, or say it isn't known yet",
}


@lru_cache(maxsize=4096)
def asks(post: str) -> tuple[str, ...]:
    """The kinds of question the post asks (empty when it asks none)."""
    text = _HANDLE.sub(" ", post)
    parts = SENTENCE_CUT.split(text)
    qs = [p for p in parts if ("?" in p or WH.search(p)) and not RHETORICAL.search(p)]
    kinds: list[str] = []
    for q in qs:
        low = q.lower()
        for kind, rx in ASKS:
            if rx.search(low) and kind not in kinds:
                kinds.append(kind)
                break
    return tuple(kinds)


@lru_cache(maxsize=8192)
def answered(kind: str, reply: str, question_words: frozenset[str] = frozenset()) -> bool:
    """Whether the reply gives the kind of answer the question wants. A yes or no counts only near
    the start (an answer opens with it, not in its fifth clause)."""
    low = reply.lower().replace("’", "'")
    if kind == "where":               # a place, or where to turn: an instruction or a number
        return bool(ANSWER[kind].search(reply) or ANSWER["contact"].search(low))
    if kind == "whether":             # yes/no near the start, or a first sentence about the thing asked
        first = re.split(r"(?<=[.!?:;])(?<![ap]\.m\.)\s", low, maxsplit=1)[0]
        head = re.sub(r"\boh,? no\b", " ", low[:90])
        return bool(ANSWER[kind].search(head) or re.search(r"\b(may|might|could) be\b", head)
                    or (question_words & _words(first)))
    return bool(ANSWER[kind].search(low))


_STOP = frozenset("""the and you your are was with this that have has not but what why when how who where its just still
been from they them our out all any can cant dont get got will would should could there their about into""".split())


def _words(text: str) -> frozenset[str]:
    return frozenset(w.rstrip("s") for w in re.findall(r"[a-z0-9]{3,}", text) if w not in _STOP)


@lru_cache(maxsize=4096)
def question_words(post: str) -> frozenset[str]:
    """Content words of the post's questions (to tell a reply about the thing asked)."""
    text = _HANDLE.sub(" ", post.lower())
    parts = [p for p in SENTENCE_CUT.split(text) if "?" in p or WH.search(p)]
    return _words(" ".join(parts))


def advice(kind: str) -> str:
    return ADVICE[kind]
