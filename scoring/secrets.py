"""Requests for secrets, and scam warnings.

A secret is anything that lets someone take over an account or spend someone's money: passwords
and passcodes, PINs, one-time codes, card numbers, card security codes, a full date of birth, a
mother's maiden name, memorable words, security answers. They are found by what they are, not by
one word: "the long number on the front of your card", "the 3 digits on the back", "the code we
just texted you" are card numbers, security codes and one-time codes too. (An account number or
a booking reference by DM is ordinary practice, not a secret.)

A request is a sentence that asks the customer to hand a secret over, in any channel: "DM us
your ...", "reply with ...", "pop ... in a message", "we'll need your ...", "can you confirm
...". Asking by DM is no better than asking in public: staff never need these.

A warning is a sentence that names a secret or a scam and says never to share it, that it was not
us, or to hang up. A warning is good practice and scores well, however emphatic it is.
"""
from __future__ import annotations

import re
from functools import lru_cache

from scoring.markers import whole_words
from scoring.questions import SENTENCE_CUT

SECRET_PLAIN = (
    r"\b(pass ?words?|pass ?codes?|pass ?phrases?|pins?( numbers?| codes?)?|memorable (word|information|answer)s?|"
    r"security (codes?|numbers?|answers?|questions?|details)|log ?in details|login details|sign[- ]in details|"
    r"one[- ]time (pass)?codes?|otps?|verification codes?|authenti\w+ codes?|(\d|six|four)[- ]digit (code|number|pin)s?|"
    r"codes? (we|you|that) (just )?(sent|texted|got|received)|codes? (from|in) (the|that|your) (text|sms|message|email)|"
    r"the code\b|that code\b|your code\b|"
    r"card (numbers?|details)|long (card )?number|(16|sixteen)[- ]digit|numbers? on the (front|back)|"
    r"(3|three|little|last) (little )?digits|digits on the back|cvv|cvc|cv2|expiry( date)?|"
    r"bank login|online banking (details|password)|"
    r"(full )?date of birth|\bdob\b|birthday|(mother|mum|mom)'?s? maiden name|maiden name)\b")
# The same pattern with its opening \b said as (?<!\w): every alternative begins with a word
# character, so the two accept the same matches, and the lookbehind form is searched faster
# (measured: 39 us a reply instead of 66). tests/unit/scoring/test_fast_paths.py compares them.
SECRET = re.compile(r"(?<!\w)" + SECRET_PLAIN[2:])
ASK = re.compile(
    r"\b(send|sending|dm|pm|message|inbox|reply|replying|share|sharing|give|giving|tell|confirm|provide|pop|drop|type|"
    r"read out|enter|let (us|me) (have|know)|post|include|include|attach|need|needs|require|requires|want|ask(ing)? for|"
    r"what'?s your|what is your|verify)\b")
NEVER = re.compile(
    r"\b(never|don'?t|do not|won'?t ever|will not|wouldn'?t|no need|nothing to send|not (ask|share|send)|"
    r"no one|nobody|anyone|someone|scam\w*|fraud\w*|hang up|not us|wasn'?t us|isn'?t us|phishing|fake)\b")
SCAM_POST = re.compile(r"\b(scam\w*|legit|genuine|is (this|that|it) (you|real)|was (this|that) you|real\?|"
                       r"(text|call|email|message|link)( from| saying| claiming)|click (here|the link)|fraud)\b")
WARNING = re.compile(
    r"\b(never|don'?t|do not|won'?t ever|will never)\b[^.!?]{0,40}\b(share|send|give|ask|tell|enter|click|tap|"
    r"type|reply|pay|call back)\b|\b(that'?s|it'?s|this is|that was|this was|it was) (a |an )?(scam|fraud|phishing|fake|"
    r"not us|not from us)\b|\b(was|is|wasn'?t|isn'?t) not us\b|\bwasn'?t us\b|\bhang up\b|\bscammers?\b")


def request(reply: str, post: str = "") -> str | None:
    """The words of a sentence that asks for a secret (None when there is none). ``post``: a
    post that says a code was texted makes "that code" a one-time code."""
    return _request(reply, _texted(post))


SECRET_WORDS = ("pass", "pin", "memorable", "security", "log", "sign", "code", "otp", "card", "digit", "cvv", "cvc", "cv2",
                "expiry", "bank", "birth", "dob", "maiden", "number")
SECRET_GATE = re.compile(r"(?i)pass|pin|memorable|security|log ?in|sign|code|otp|card|digit|cvv|cvc|cv2|expiry|bank|"
                         r"birth|dob|maiden|number")


@lru_cache(maxsize=4096)
def _texted(post: str) -> bool:
    return bool(re.search(r"\b(text|texted|sms|sent|emailed)\b[^.!?]{0,30}\bcode\b|\bcode\b[^.!?]{0,30}\b(text|sms)\b",
                          post.lower()))


@lru_cache(maxsize=8192)
def _request(reply: str, texted: bool) -> str | None:
    low0 = reply.lower().replace("’", "'")
    if not any(w in low0 for w in SECRET_WORDS) or not SECRET.search(low0):
        return None
    low = reply.lower().replace("’", "'")
    for off, sent in _sentences(low):
        sm = SECRET.search(sent)
        if not sm:
            continue
        if not ASK.search(sent) or NEVER.search(sent[max(0, sm.start() - 60):sm.start()]) \
                or re.search(r"\b(never|scam\w*|fraud\w*|phishing)\b", sent):
            continue
        if sm.group(0) in ("the code", "that code", "your code", "birthday", "expiry", "expiry date") \
                and not texted and not re.search(r"\b(text|texted|sms|sent|digit|card|email|emailed|security|login|log in)\b", sent):
            continue        # "use the code SAVE10", "happy birthday": not a secret
        return _words(reply, off + sm.start(), off + sm.end())
    return None


WARNING_GATE = ("never", "scam", "hang up", "not us", "wasn't us", "fraud", "phishing", "fake")
WARNING_VERBS = ("share", "send", "give", "click", "tap", "enter", "type", "reply", "pay", "ask", "tell")


@lru_cache(maxsize=8192)
def warning(reply: str) -> str | None:
    """The words of a clear scam warning (never share ..., that was not us, hang up)."""
    low = reply.lower().replace("’", "'")
    if not any(w in low for w in WARNING_GATE) and not (("n't" in low or "not" in low)
                                                        and any(w in low for w in WARNING_VERBS)):
        return None
    for off, sent in _sentences(low):
        m = WARNING.search(sent)
        if m and (SECRET.search(sent) or re.search(r"\b(scam|fraud|phishing|fake|not us|wasn'?t us|hang up|link|"
                                                   r"anyone|someone)\b", sent)):
            return _words(reply, off + m.start(), off + m.end())
    return None


def _sentences(low: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in SENTENCE_CUT.finditer(low):
        out.append((start, low[start:m.start()]))
        start = m.end()
    out.append((start, low[start:]))
    return out


# Telling them to go along with someone who asked for a secret: "go ahead and give them the code",
# "you can give it to them", "yes, that's our fraud team". In answer to a post about a call, text
# or email that asked for one, that hands the secret to whoever asked, which is worse than asking.
HAND_OVER = re.compile(r"\b(give|giving|tell|telling|read|share|sharing|send|sending|pass|hand|confirm|provide|enter|type)"
                       r"\b[^.!?]{0,12}\b(them|it|the (code|pin|number|details|digits)|that code|those (details|digits)|"
                       r"your (code|pin|details|card))\b")
GENUINE = re.compile(r"\b(that'?s|that is|it'?s|it is|this is|that was|it was|they'?re|they are)\s+(really |definitely |"
                     r"genuinely |indeed |just )?(us|ours|from us|genuine|legit\w*|real|our (\w+ )?(team|department|staff|"
                     r"colleagues?|text|call|email|message|number|system))\b")
ENDORSE_NOT = re.compile(r"\b(never|not|don'?t|do not|no|won'?t|isn'?t|wasn'?t|aren'?t|weren'?t|hang up|scam\w*|"
                         r"fraud(sters?)?\b(?!\s+(team|department|unit|squad|prevention|line|office|desk))|phishing|fake)\b")


def endorsed(reply: str, post: str) -> str | None:
    """The words with which a reply tells them to hand a secret to whoever asked for it, or says
    the asker is genuine, when the post is about someone asking them for one (None otherwise)."""
    return _endorsed(reply) if _asked_for_secret(post) else None


@lru_cache(maxsize=4096)
def _asked_for_secret(post: str) -> bool:
    """The post is about someone asking them for a secret (a call, a text, "wants my PIN")."""
    low_post = post.lower().replace("’", "'")
    return bool((SCAM_POST.search(low_post) or re.search(r"\b(asking|asked|asks|wants?|wanted)\b", low_post))
                and (SECRET.search(low_post) or _texted(post)))


@lru_cache(maxsize=4096)
def _endorsed(reply: str) -> str | None:
    low = reply.lower().replace("’", "'")
    for off, sent in _sentences(low):
        m = HAND_OVER.search(sent) or GENUINE.search(sent)
        if m and not ENDORSE_NOT.search(sent):
            return _words(reply, off + m.start(), off + m.end())
    return None


@lru_cache(maxsize=4096)
def scam_post(post: str) -> bool:
    return bool(SCAM_POST.search(post.lower()))


def _words(text: str, a: int, b: int) -> str:
    """Whole words of the reply around [a, b)."""
    return whole_words(text, a, b)
