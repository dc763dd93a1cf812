"""Score one reply: empathy, tone, substance, speed and overall (0-100), with reasons.

The scorer finds markers (see :mod:`scoring.markers` for every marker, its weights and its
wording) and adds their weights to a neutral base on each axis. Pattern markers come straight
from the table; the rest are decided here from the context: whether the reply engages with
the post's own words, uses the facts, answers the question, repeats an earlier reply, jokes
with the right person, promises what the facts do not support, asks for private data in public.

No sentiment analyser: general polarity reads "I'm so sorry, that's awful" as negative.
"""
from __future__ import annotations

import re
from functools import lru_cache

from scoring.context import ReplyContext, Score
from scoring.markers import (ACRONYMS, BY_ID, CAUSE_CLAIM, CLOCK, COMPENSATION, COMPENSATION_FACT, EMOJI,
                             ETA_FIX, ETA_TIME, FEAR_WORDS, HACK, MARKERS, PRIVATE_DATA, PROFANITY,
                             PROMISE, PUBLIC_ASK, SIGN_OFF, STOPWORDS, find_all)

PATTERN_MARKERS = [m.id for m in MARKERS if m.patterns]
BASE = {"empathy": 35.0, "tone": 62.0, "substance": 38.0}
WEIGHTS = {"empathy": 0.36, "tone": 0.34, "substance": 0.30}
SPEED_SHARE = 0.15            # of overall, when the reply was timed
HOSTILE = frozenset({"tone_policing", "arguing", "blame", "sarcasm", "insult", "shouting", "dismissive", "minimising",
                     "legalese", "sales_pitch", "non_apology", "profanity", "self_focus", "condescending"})
CAPS = {"too_long": 45.0, "private_data_request": 40.0, "humour_misplaced": 35.0, "insult": 30.0, "empty_reply": 0.0}
GENERIC = frozenset("""down working app service fix fixed issue problem website site network system systems
still sorry help outage day time hour hours minute minutes tonight morning thing things yes team
fault failure disruption error""".split())
QUESTION_START = re.compile(r"^\s*(any idea|is|are|will|can|could|do|does|did|when|what|why|how|where|who|should|has|have|any news|anyone)\b", re.I)
YES_NO = re.compile(r"^\W*(yes|yeah|yep|no|nope|not yet|it is|they are|it'?s|they'?re|still|we did|not this time|sadly not)\b", re.I)
_COMP_GATE = ("£", "$", "€", "every", "you'll", "you will", "compensat", "refund", "reimburs", "credit", "in full")
_CAUSE_GATE = ("caus", "because", "due to", "hack", "cyber", "attack", "fire", "power cut", "flood")
SUPPORT = re.compile(r"\b(slack|kind|well done|great job|thank|appreciate|love)")
JOURNALIST = re.compile(r"\b(reporter|journalist|statement|comment|press)\b")
CLAUSES = re.compile(r"[.;!?\n]|\s-\s")
NOT_A_FIX = re.compile(r"update|call you|get back to you|\breply\b")
DIGIT = re.compile(r"\d")
DURATION = re.compile(r"\d+\s*(minutes?|mins?|hours?)")
ETA_FACT = re.compile(r"\b(eta|estimate|expected|restoration|by \d)")
DENIAL = re.compile(r"\b(no sign|no evidence|not a|isn'?t a|wasn'?t a|not been)\b")
SENTENCES = re.compile(r"(?<=[.!?])\s+")
PRIVATE_OK = re.compile(r"\b(dm|direct message|never|don'?t|do not|not your)\b")
PUBLIC_WORD = re.compile(r"\b(reply|tweet|post)\b")
PLAYFUL_POST = re.compile(r"#\w*songs|\blol\b|😂|🤣")
CONTRACTION = re.compile(r"\b\w+'(s|re|ll|ve|m|d|t)\b", re.I)
HANDLE = re.compile(r"(?<!\w)@\w+")
WORD = re.compile(r"[a-z0-9']+")
_SENTENCE_END = re.compile(r"([.!?\n])")
_SWEAR_GATE = ("*", "fuck", "shit", "crap", "wtf", "bollocks", "arse", "piss", "bastard", "bloody hell", "damn")
OWN_CAUSE = re.compile(r"(caused by|because of|due to) (our|my|an?|the) (own )?(fault|mistake|error|failure|outage)\b")
CAPS_WORD = re.compile(r"\b[A-Z][A-Z']{2,}\b")
HASHTAG = re.compile(r"#\w+")
_MAX_REPLY = 20_000          # longer input is scored on its first 20,000 characters (it is already too long)


@lru_cache(maxsize=65536)
def _stem(w: str) -> str:
    w = w.strip("'").replace("'", "")
    for suf in ("ing", "ed", "es", "s"):
        if len(w) > 4 and w.endswith(suf):
            return w[: -len(suf)]
    return w


@lru_cache(maxsize=4096)
def content(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in WORD.findall(text.lower()) if len(w) > 2 and w.replace("'", "") not in STOPWORDS)


_NO_TIMES: frozenset[int] = frozenset()


def _clock_minutes(text: str) -> frozenset[int]:
    return _clock_minutes_in(text) if DIGIT.search(text) else _NO_TIMES


@lru_cache(maxsize=4096)
def _clock_minutes_in(text: str) -> frozenset[int]:
    out = set()
    for m in CLOCK.finditer(text):
        if m.group(1):
            h, mm, ap = int(m.group(1)), int(m.group(2) or 0), m.group(3).lower()
            h = h % 12 + (12 if ap == "pm" else 0)
        else:
            h, mm = int(m.group(4)), int(m.group(5))
        if 0 <= h < 24 and 0 <= mm < 60:
            out.add(h * 60 + mm)
    return frozenset(out)


def _has_word(text: str, word: str) -> bool:
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not text[i - 1].isalnum()) and (j >= len(text) or not text[j].isalnum()):
            return True
        i = text.find(word, i + 1)
    return False


def _quote(s: str, n: int = 40) -> str:
    s = " ".join(s.split()).strip(" ,.;:-")
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _questions(text: str) -> list[str]:
    """Each run of text that ends in "?" (from the previous sentence end), with its "?". A
    split, not a regex search: a search for ``[^.!?]*[?]`` rescans the text from every start."""
    parts = _SENTENCE_END.split(text)
    return [parts[i] + "?" for i in range(0, len(parts) - 1, 2) if parts[i + 1] == "?"]


def _first_name(ctx: ReplyContext) -> str:
    """The poster's first name: from the context, else guessed from the handle the reply opens with."""
    if ctx.author_name and ctx.author_name.split():
        w = re.sub(r"[^\w'-]", "", ctx.author_name.split()[0])
        if len(w) > 1:
            return w
    handle = ctx.author_handle or ""
    if not handle:
        m = re.match(r"\s*@(\w+)", ctx.reply or "")
        handle = m.group(1) if m else ""
    parts = [p for p in re.split(r"[_\d.]+", handle.lstrip("@")) if len(p) > 2]
    return parts[0] if parts else ""


class _Text:
    """Everything about a reply that depends on its text alone (cached: replies repeat)."""
    __slots__ = ("body", "low", "empty", "fired", "extra", "words", "times", "hostile", "yes_no", "etas", "comp",
                 "cause", "hack", "private", "norm", "emoji", "hashtags", "sorry_but")


@lru_cache(maxsize=8192)
def _reply_text(body: str) -> _Text:
    """``body``: the reply with @handles taken out (the same words to different people are
    the same text)."""
    t = _Text()
    t.body = body
    t.low = low = body.lower()
    t.empty = not WORD.search(low)
    if t.empty:
        return t
    same_len = len(low) == len(body)
    hits = find_all(low)
    fired: dict[str, str] = {}
    for mid in PATTERN_MARKERS:          # table order, so reasons come out the same way
        hit = hits.get(mid)
        if hit:
            fired[mid] = body[hit.start():hit.end()] if same_len else hit.group(0)
    t.fired = fired
    extra: dict[str, str] = {}           # text-only markers added after the personal-voice check
    if any(w in low for w in _SWEAR_GATE):
        sw = PROFANITY.search(low)
        if sw:
            extra["profanity"] = body[sw.start():sw.end()] if same_len else sw.group(0)
    caps = [w for w in CAPS_WORD.findall(body) if w not in ACRONYMS]
    if len(caps) >= 2 or "!!" in body:
        extra["shouting"] = caps[0] if caps else "!!"
    t.hostile = hostile = HOSTILE & (fired.keys() | extra.keys())
    # exploration: a real question to them (not a rhetorical one thrown back in anger)
    if "?" in body and not hostile and "question_or_dm" not in fired:
        for q in _questions(body):
            if len(WORD.findall(q.lower())) >= 2:
                extra["question_or_dm"] = ""
                break
    t.extra = extra
    t.words = content(body)
    t.times = _clock_minutes(body)
    t.yes_no = bool(YES_NO.search(body) or "~honest_unknown" in hits)
    # promised fix times: (quote, clock times, promised?, words of the time phrase) per clause
    etas = []
    maybe_eta = ("~eta_time" in hits and "~eta_fix" in hits) or "~promise" in hits
    for clause in (CLAUSES.split(low) if maybe_eta else ()):
        if not clause.strip() or NOT_A_FIX.search(clause):
            continue
        timed = ETA_TIME.search(clause)
        promised = PROMISE.search(clause)
        if (timed and ETA_FIX.search(clause)) or (promised and (timed or ETA_FIX.search(clause) or DIGIT.search(clause))) \
                or (promised and DURATION.search(low)):
            etas.append((_original(body, low, clause.strip()), _clock_minutes(clause), bool(promised),
                         content(timed.group(0)) if timed else None))
    t.etas = tuple(etas)
    comp = COMPENSATION.search(low) if any(w in low for w in _COMP_GATE) else None
    t.comp = comp.group(0) if comp else None
    cause = CAUSE_CLAIM.search(low) if any(w in low for w in _CAUSE_GATE) else None
    t.cause = cause.group(0) if cause and not OWN_CAUSE.match(cause.group(0)) else None
    hack = HACK.search(low) if any(w in low for w in ("hack", "cyber", "attack")) else None
    t.hack = hack.group(0) if hack and not DENIAL.search(low) else None
    t.private = None
    for sentence in (SENTENCES.split(low) if "~private" in hits else ()):
        pd = PRIVATE_DATA.search(sentence)
        if pd and not PRIVATE_OK.search(sentence) and (PUBLIC_ASK.search(sentence) or PUBLIC_WORD.search(sentence)):
            t.private = pd.group(0)
            break
    t.norm = _norm(body)
    t.emoji = EMOJI.findall(body)
    t.hashtags = HASHTAG.findall(body)
    t.sorry_but = "~sorry_but" in hits
    return t


def _humour(low: str) -> str | None:
    """A joke, a laugh or a playful emoji in the reply (found with the markers, in one read)."""
    m = find_all(low).get("~humour")
    return m.group(0) if m else None


@lru_cache(maxsize=8192)
def _reply_of(reply: str) -> _Text:
    return _reply_text(HANDLE.sub(" ", reply).strip())


@lru_cache(maxsize=4096)
def _post_text(post: str, persona: str) -> tuple:
    """What the scorer needs from the post being answered (cached: the same post gets many replies)."""
    post_low = post.lower()
    stripped = HANDLE.sub(" ", post)
    words = content(stripped)
    is_question = "?" in post or bool(QUESTION_START.search(stripped))
    journalist = persona == "journalist" or bool(JOURNALIST.search(post_low))
    frightened = persona == "vulnerable" or (persona not in ("joker", "troll") and bool(FEAR_WORDS.search(post_low)))
    playful = persona in ("joker", "troll") or bool(PLAYFUL_POST.search(post_low))
    supportive = persona == "loyal" or bool(SUPPORT.search(post_low))
    return words, is_question, journalist, frightened, playful, supportive, _quote(stripped, 50)


def score_reply(ctx: ReplyContext) -> Score:
    reply = (ctx.reply or "")[:_MAX_REPLY]
    post = (ctx.post or "")[:_MAX_REPLY]
    t = _reply_of(reply)
    if t.empty:
        return _finish({"empty_reply": ""}, ctx)
    body, low = t.body, t.low
    facts = [f for f in (ctx.facts or ()) if isinstance(f, str)]
    persona = (ctx.persona or "").lower()
    post_words, is_question, journalist, frightened, playful_post, supportive, post_quote = _post_text(post, persona)
    fired = dict(t.fired)
    reply_words = t.words
    fact_words, fact_times = _fact_info(tuple(facts))
    brand_words = content(ctx.brand or "")

    # -- personal voice
    name = _first_name(ctx)
    if (name and _has_word(low, name.lower())) or ("^" in body or "~" in body) and SIGN_OFF.search(body):
        fired["personalised"] = name
    if "gratitude" in fired and not supportive:
        del fired["gratitude"]
    fired.update(t.extra)                # profanity, shouting, a real question

    # -- interpretation: their own words, their stakes
    hostile = t.hostile
    shared = sorted((post_words & reply_words) - GENERIC - brand_words)
    if shared and not hostile and "boilerplate" not in fired:
        fired["acknowledges_situation"] = shared[0]

    # -- facts and the question
    used = (reply_words & fact_words) - GENERIC - brand_words
    if len(used) >= 2 or (used and len(fact_words) <= 3) or (t.times & fact_times):
        best = max(facts, key=lambda f: len(content(f) & used)) if facts else ""
        fired["uses_facts"] = best
    informative = fired.keys() & {"uses_facts", "workaround", "press_office"}
    if is_question and persona not in ("joker", "troll", "loyal"):
        if t.yes_no or informative or "acknowledges_situation" in fired:
            if not hostile and "speculation" not in fired:
                fired["answers_question"] = ""
        else:
            fired["ignores_question"] = post_quote
    if not (informative or "next_update" in fired or "answers_question" in fired or "question_or_dm" in fired) \
            and persona not in ("joker", "troll", "loyal"):
        fired["no_information"] = ""
    if journalist and "press_office" not in fired:
        fired["press_missing"] = ""
    if "press_office" in fired and not journalist:
        del fired["press_office"]

    # -- promises the facts do not support
    eta_fact = None
    for quote, times, promised, timed_words in t.etas:
        if times and times <= fact_times:
            continue
        if not times and not promised and timed_words is not None:
            if eta_fact is None:
                eta_fact = any(ETA_FACT.search(f.lower()) for f in facts)
            if eta_fact and timed_words & fact_words:
                continue
        fired["unsupported_eta"] = quote
        break
    if t.comp and not any(COMPENSATION_FACT.search(f.lower()) for f in facts):
        fired["unsupported_compensation"] = t.comp
    if t.cause and not (content(t.cause) & (fact_words - GENERIC)):
        fired["unsupported_cause"] = t.cause
    if t.hack and not any(HACK.search(f.lower()) for f in facts):
        fired.setdefault("speculation", t.hack)

    # -- private data in public
    if t.private:
        fired["private_data_request"] = t.private

    # -- copy-paste of the player's own earlier replies
    mine = t.norm
    if mine and len(mine) > 3 and ctx.previous_replies:
        mine_words = _words_beyond_facts(mine, fact_words)
        for prev in ctx.previous_replies:
            if not isinstance(prev, str):
                continue
            other = _prev_norm(prev)
            if other == mine or _overlap(mine_words, _words_beyond_facts(other, fact_words)):
                fired["copy_paste"] = _quote(prev)
                break

    # -- humour and register
    emoji = t.emoji
    humour = _humour(low) if (frightened or playful_post) else None
    if frightened and (humour or emoji):
        fired["humour_misplaced"] = humour or emoji[0]
    elif playful_post:
        playful = humour or (post_words & reply_words) - GENERIC - brand_words
        if playful and not (hostile or "boilerplate" in fired):
            fired["humour"] = ""
            if (ctx.voice or "").lower() == "formal":
                fired["humour_formal"] = ""
    if len(t.hashtags) >= 2 or len(emoji) >= 3:
        fired["hashtag_spam"] = " ".join(t.hashtags[:2]) or "".join(emoji[:3])

    if len(reply) > 280:
        fired["too_long"] = ""
    if len(reply_words) <= 2 and not (fired.keys() & {"uses_facts", "workaround", "answers_question", "humour", "gratitude"}):
        fired["curt"] = ""
    if "boilerplate" in fired or "non_apology" in fired or ("blame" in fired and t.sorry_but):
        fired.pop("apology", None)
    if "politeness" in fired and (hostile or "boilerplate" in fired or "gratitude" in fired):
        del fired["politeness"]
    return _finish(fired, ctx)


def _original(body: str, low: str, piece: str) -> str:
    """The original-case text of a lower-cased piece, for quoting."""
    i = low.find(piece)
    return body[i:i + len(piece)] if i >= 0 and len(low) == len(body) else piece


def _norm(text: str) -> str:
    if "^" in text or "~" in text:
        text = SIGN_OFF.sub(" ", text)
    return " ".join(WORD.findall(text.lower()))


@lru_cache(maxsize=256)
def _fact_info(facts: tuple[str, ...]) -> tuple[frozenset[str], frozenset[int]]:
    """Content words and clock times in the facts (the same facts arrive again and again)."""
    words = frozenset().union(*(content(f) for f in facts)) if facts else frozenset()
    times = frozenset().union(*(_clock_minutes(f) for f in facts)) if facts else frozenset()
    return words, times


@lru_cache(maxsize=1024)
def _prev_norm(prev: str) -> str:
    return _norm(HANDLE.sub(" ", prev))


@lru_cache(maxsize=4096)
def _words_beyond_facts(text: str, facts: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in text.split() if _stem(w) not in facts)


def _overlap(wa: frozenset[str], wb: frozenset[str]) -> bool:
    """Copy-paste: the same words around the facts. Repeating a fact is fine; repeating the
    wording wrapped around it, to a different person, is what people call out."""
    if len(wa) < 4 or len(wb) < 4:
        return False
    return len(wa & wb) / len(wa | wb) >= 0.75


def _speed(ctx: ReplyContext, reasons: list[str]) -> float | None:
    s = ctx.seconds_to_reply
    if s is None:
        return None
    try:
        s = max(0.0, float(s))
    except (TypeError, ValueError):
        return None
    good, late = float(ctx.speed_good), max(float(ctx.speed_late), float(ctx.speed_good) + 1)
    if s <= good:
        v = 100.0
        reasons.append(f"+ replied in {s:.0f}s")
    elif s >= late:
        v = 0.0
        reasons.append(f"- took {s:.0f}s: answer within {good:.0f}s where you can")
    else:
        v = 100.0 * (late - s) / (late - good)
        reasons.append(f"- took {s:.0f}s: aim for {good:.0f}s")
    n = int(ctx.higher_priority_waiting or 0)
    if n > 0:
        v = max(0.0, v - min(40.0, 15.0 * n))
        reasons.append(f"- {n} more urgent post{'s' if n > 1 else ''} (vulnerable or high reach) waited longer: triage first")
    return round(v, 1)


_WEIGHT = {m.id: (m.empathy, m.tone, m.substance, m.good, m.empathy + m.tone + m.substance) for m in MARKERS}


def _finish(fired: dict[str, str], ctx: ReplyContext) -> Score:
    reply = ctx.reply or ""
    human = "'" in reply and _has_contraction(reply)
    e, t, s, overall, reasons, markers, plain = _scored(tuple(fired.items()), human)
    reasons = list(reasons)
    speed = _speed(ctx, reasons)
    if speed is not None:
        overall = overall * (1 - SPEED_SHARE) + speed * SPEED_SHARE
    if plain:
        reasons.append("- add what is known and a next step")
    return Score(empathy=e, tone=t, substance=s, overall=round(min(100.0, max(0.0, overall)), 1),
                 speed=speed, reasons=reasons, markers=list(markers))


@lru_cache(maxsize=8192)
def _has_contraction(reply: str) -> bool:
    return bool(CONTRACTION.search(reply))


@lru_cache(maxsize=8192)
def _scored(items: tuple[tuple[str, str], ...], human: bool):
    """The three axes, the overall before speed, the reasons and the markers, from the markers
    that fired (cached: the same replies to the same kinds of post fire the same markers)."""
    fired = dict(items)
    e, t, s = BASE["empathy"], BASE["tone"], BASE["substance"]
    for mid in fired:
        we, wt, ws, _, _ = _WEIGHT[mid]
        e += we
        t += wt
        s += ws
    if human and not (HOSTILE & fired.keys()):
        t += 4                                 # contractions: a human voice
    e = round(min(100.0, max(0.0, e)), 1)
    t = round(min(100.0, max(0.0, t)), 1)
    s = round(min(100.0, max(0.0, s)), 1)
    overall = e * WEIGHTS["empathy"] + t * WEIGHTS["tone"] + s * WEIGHTS["substance"]
    for mid in fired.keys() & CAPS.keys():
        overall = min(overall, CAPS[mid])
    bad = sorted((m for m in fired if not _WEIGHT[m][3]), key=lambda m: _WEIGHT[m][4])
    good = sorted((m for m in fired if _WEIGHT[m][3]), key=lambda m: -_WEIGHT[m][4])
    reasons = tuple(["- " + _reason(mid, fired[mid]) for mid in bad] + ["+ " + _reason(mid, fired[mid]) for mid in good])
    plain = not bad and len(good) <= 1 and "empty_reply" not in fired
    return e, t, s, overall, reasons, tuple(sorted(fired)), plain


@lru_cache(maxsize=4096)
def _reason(mid: str, q: str) -> str:
    text = BY_ID[mid].reason
    if "{q}" in text:
        q = _quote(q)
        if not q:
            text = re.sub(r"\s*\(\{q\}\)", "", text).replace("'{q}' ", "this ").replace("{q}", "this")
        else:
            text = text.replace("{q}", q)
    return text
