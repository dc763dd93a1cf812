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

from scoring.claims import check, clock_minutes
from scoring.context import REPLY_LIMIT, ReplyContext, Score, fact_texts, make_context
from scoring.followup import follow_up
from scoring.markers import (ACRONYMS, BY_ID, CARING_EMOJI, COMMON_ENGLISH, EMOJI, FEAR_WORDS, HACK,
                             MARKERS, PLAYFUL_EMOJI, PRIVATE_DATA, PROFANITY, PUBLIC_ASK, REFERENCE_POSTS, SCARE_QUOTE,
                             SIGN_OFF, STOPWORDS, SYMPATHY, THANKS_FOR, find_all, whole_words)
from scoring.questions import advice, answered, asks, question_words
from scoring.secrets import endorsed as secret_endorsed, request as secret_request, scam_post, warning as scam_warning

PATTERN_MARKERS = [m.id for m in MARKERS if m.patterns]
_ORDER = {mid: i for i, mid in enumerate(PATTERN_MARKERS)}
BASE = {"empathy": 35.0, "tone": 62.0, "substance": 38.0}
# Overall: helpful first (substance), then warmth (empathy) and voice (tone) on top ...
WEIGHTS = {"empathy": 0.30, "tone": 0.25, "substance": 0.45}
# ... under the judgement: a fault caps the overall, whatever the warmth. A cap is soft (a tenth of
# what is above it still counts) so that, between two faulty replies, the better one still wins.
CAPS = {"fault:unsafe": 15.0, "fault:no_safety_advice": 15.0, "fault:secrets": 15.0, "fault:misleading": 28.0, "unsupported_eta": 38.0,
        "unsupported_compensation": 38.0, "unsupported_cause": 38.0, "humour_misplaced": 30.0, "insult": 30.0,
        "private_data_request": 40.0, "humour_formal": 48.0, "generic": 45.0, "too_long": 45.0,
        "ignores_question": 62.0, "not_english": 8.0, "emoji_only": 22.0, "empty_reply": 0.0}
CAP_SLOPE = 0.1
# Sympathy saturates: the strongest of these counts in full, the next for half, the rest for nothing.
SYMPATHY_GROUP = ("apology", "emotional_reaction", "interpretation", "gratitude")
SPEED_SHARE = 0.15            # of overall, when the reply was timed
HOSTILE = frozenset({"tone_policing", "arguing", "blame", "sarcasm", "insult", "shouting", "dismissive", "minimising",
                     "legalese", "sales_pitch", "non_apology", "profanity", "self_focus", "condescending"})
GENERIC = frozenset("""down working app service fix fixed issue problem website site network system systems
still sorry help outage day time hour hours minute minutes tonight morning thing things yes team
fault failure disruption error dm details detail update updated updates patience priority understanding
concern inconvenience experiencing hear asap look touch bear resolve investigate safety satisfaction latest
follow message contact customer customers support""".split())
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
# Someone in danger now: a medical emergency, gas, a fire at home. To them, a known emergency
# instruction ("In an emergency call 999") comes first; a reply without it endangers them by omission.
EMERGENCY_POST = re.compile(r"\b(seizures?|fitting|having a fit|can'?t breathe|cannot breathe|not breathing|struggling to "
                            r"breathe|chest pains?|heart attack|stroke|unconscious|collapsed|bleeding|choking|overdose|"
                            r"smell(s|ing)? (of )?gas|gas leak|carbon monoxide|in labou?r|waters (have )?broken?|"
                            r"contractions|need an ambulance|medical emergency|(it'?s|this is) an emergency)\b")
# Not "emergency" alone: a prepay meter's "emergency credit" is not an emergency.
EMERGENCY_ADVICE = re.compile(r"\b(999|112|911|111|ambulance|a&e|emergency (services|calls?|number))\b")
ETA_FACT = re.compile(r"\b(eta|estimate|expected|restoration|by \d)")
DENIAL = re.compile(r"\b(no sign|no evidence|not a|isn'?t a|wasn'?t a|not been)\b")
SENTENCES = re.compile(r"\s(?<=[.!?]\s)(?<![aApP]\.[mM]\.\s)\s*")          # (?<=[.!?])\s+, the space first: a search skips to it
PRIVATE_OK = re.compile(r"\b(dm|direct message|never|don'?t|do not|not your)\b")
PUBLIC_WORD = re.compile(r"\b(reply|tweet|post)\b")
PLAYFUL_POST = re.compile(r"#\w*songs|\blol\b|😂|🤣")
CONTRACTION = re.compile(r"\b\w+'(s|re|ll|ve|m|d|t)\b", re.I)
HANDLE = re.compile(r"@(?<!\w@)\w+")           # (?<!\w)@\w+, the @ first: a search skips to it in C
WORD = re.compile(r"[a-z0-9']+")
_SENTENCE_END = re.compile(r"([.!?\n])")
_SWEAR_GATE = ("*", "fuck", "shit", "crap", "wtf", "bollocks", "arse", "piss", "bastard", "bloody hell", "damn")
OWN_CAUSE = re.compile(r"(caused by|because of|due to) (our|my|an?|the) (own )?(fault|mistake|error|failure|outage)\b")
CAPS_WORD = re.compile(r"[A-Z](?<!\w.)[A-Z']{2,}\b")    # \b[A-Z][A-Z']{2,}\b, the capital first
HASHTAG = re.compile(r"#\w+")
_MAX_REPLY = 20_000          # longer input is scored on its first 20,000 characters (it is already too long)


@lru_cache(maxsize=65536)
def _stem(w: str) -> str:
    w = w.strip("'").replace("'", "")
    for suf in ("ing", "ed", "es", "s"):
        if len(w) > 4 and w.endswith(suf):
            return w[: -len(suf)]
    return w


GENERIC = GENERIC | frozenset(_stem(w) for w in GENERIC)     # compared with stems


@lru_cache(maxsize=16384)      # replies, posts, facts and brands: 4,096 was full (and churning) on the bench
def content(text: str) -> frozenset[str]:
    """The stems of a text's content words (more than two letters, not a stopword)."""
    words = frozenset(map(_content_stem, WORD.findall(text.lower())))
    return words - _NOT_CONTENT if None in words else words


_NOT_CONTENT = frozenset({None})


@lru_cache(maxsize=65536)
def _content_stem(w: str) -> str | None:
    """The stem of a content word; None for a short word or a stopword (cached per word)."""
    return _stem(w) if len(w) > 2 and w.replace("'", "") not in STOPWORDS else None


_NO_TIMES: frozenset[int] = frozenset()


def _clock_minutes(text: str) -> frozenset[int]:
    return _clock_minutes_in(text) if DIGIT.search(text) else _NO_TIMES


@lru_cache(maxsize=4096)
def _clock_minutes_in(text: str) -> frozenset[int]:
    """Digit clock times only: "noon" in a reply is not matched against a fact's 12:00."""
    return clock_minutes(text, named=False)


def _has_word(text: str, word: str) -> bool:
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not text[i - 1].isalnum()) and (j >= len(text) or not text[j].isalnum()):
            return True
        i = text.find(word, i + 1)
    return False


@lru_cache(maxsize=8192)
def _quote(s: str, n: int = 40) -> str:
    """At most ``n`` characters of whole words (a long quote ends with "…", never in mid-word)."""
    s = " ".join(s.split()).strip(" ,.;:-")
    if len(s) <= n:
        return s
    cut = s[: n - 1]
    if " " in cut and s[n - 1] != " ":
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:-") + "…"


def _questions(text: str) -> list[str]:
    """Each run of text that ends in "?" (from the previous sentence end), with its "?". A
    split, not a regex search: a search for ``[^.!?]*[?]`` rescans the text from every start."""
    parts = _SENTENCE_END.split(text)
    return [parts[i] + "?" for i in range(0, len(parts) - 1, 2) if parts[i + 1] == "?"]


def _first_name(ctx: ReplyContext) -> str:
    """The poster's first name: from the context, else guessed from the handle the reply opens with."""
    handle = ctx.author_handle or ""
    if not handle:
        m = _OPENING_HANDLE.match(ctx.reply or "")
        handle = m.group(1) if m else ""
    return _name_of(ctx.author_name or "", handle)


_OPENING_HANDLE = re.compile(r"\s*@(\w+)")
_NOT_NAME = re.compile(r"[^\w'-]")
_HANDLE_CUT = re.compile(r"[_\d.]+")


@lru_cache(maxsize=4096)
def _name_of(author_name: str, handle: str) -> str:
    if author_name and author_name.split():
        w = _NOT_NAME.sub("", author_name.split()[0])
        if len(w) > 1:
            return w
    parts = [p for p in _HANDLE_CUT.split(handle.lstrip("@")) if len(p) > 2]
    return parts[0] if parts else ""


class _Text:
    """Everything about a reply that depends on its text alone (cached: replies repeat)."""
    __slots__ = ("body", "low", "empty", "fired", "extra", "words", "times", "hostile", "yes_no", "hack", "private",
                 "emoji", "hashtags", "sorry_but", "warning", "humour", "playful_emoji", "chirpy",
                 "scare_quote", "thanks_for", "sympathy", "sympathy_first", "foreign", "telling", "signed")


@lru_cache(maxsize=8192)
def _reply_text(body: str) -> _Text:
    """``body``: the reply with @handles taken out (the same words to different people are
    the same text)."""
    t = _Text()
    t.body = body
    t.low = low = body.lower()
    t.empty = not WORD.search(low)
    t.foreign = False
    if t.empty:
        if any(c.isalpha() for c in body):      # Greek, Chinese, ...: words, not nothing
            t.empty, t.foreign = False, True
        return t
    same_len = len(low) == len(body)
    hits = find_all(low)
    fired: dict[str, str] = {}
    for mid in sorted(hits.keys() & _ORDER.keys(), key=_ORDER.__getitem__):   # table order, so reasons come out the same way
        hit = hits[mid]
        fired[mid] = whole_words(body if same_len else low, hit.start(), hit.end())   # never a stem
    t.fired = fired
    extra: dict[str, str] = {}           # text-only markers added after the personal-voice check
    if any(w in low for w in _SWEAR_GATE):
        sw = PROFANITY.search(low)
        if sw:
            extra["profanity"] = whole_words(body if same_len else low, sw.start(), sw.end())
    caps = [w for w in CAPS_WORD.findall(body) if w not in ACRONYMS and len(w) >= 4]
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
    t.telling = t.words - GENERIC            # its words that could be about this post or its facts
    t.signed = ("^" in body or "~" in body) and bool(SIGN_OFF.search(body))
    t.times = _clock_minutes(body)
    t.yes_no = bool(YES_NO.search(body) or "~honest_unknown" in hits)
    hack = HACK.search(low) if any(w in low for w in ("hack", "cyber", "attack")) else None
    t.hack = hack.group(0) if hack and not DENIAL.search(low) else None
    t.private = None
    for sentence in (SENTENCES.split(low) if "~private" in hits else ()):
        pd = PRIVATE_DATA.search(sentence)
        if pd and not PRIVATE_OK.search(sentence) and (PUBLIC_ASK.search(sentence) or PUBLIC_WORD.search(sentence)):
            t.private = pd.group(0)
            break
    t.emoji = EMOJI.findall(body) if not body.isascii() else []
    t.hashtags = HASHTAG.findall(body) if "#" in body else []
    t.sorry_but = "~sorry_but" in hits
    t.foreign = _not_english(body)
    if t.foreign:
        return t
    t.warning = scam_warning(body)
    hm = hits.get("~humour")
    t.humour = hm.group(0) if hm else None
    t.playful_emoji = [e for e in t.emoji if e in PLAYFUL_EMOJI]
    ch = hits.get("~chirpy")             # CHIRPY.search(low), in the single read
    t.chirpy = ch.group(0) if ch else None
    sq = SCARE_QUOTE.search(body)
    t.scare_quote = sq.group(0) if sq else None
    tf = THANKS_FOR.search(low)
    t.thanks_for = whole_words(low, tf.start(), tf.end()) if tf else None
    sym = list(SYMPATHY.finditer(low)) if "~sympathy" in hits else []
    t.sympathy = len({m.group(0) for m in sym})
    t.sympathy_first = body[sym[0].start():sym[-1].end()] if sym and len(low) == len(body) else ""
    if len(t.sympathy_first) > 40:
        t.sympathy_first = ""
    return t


@lru_cache(maxsize=8192)
def _reply_of(reply: str) -> _Text:
    return _reply_text(HANDLE.sub(" ", reply).strip())


def _facts_for(ctx: ReplyContext) -> tuple:
    facts = ctx.facts if isinstance(ctx.facts, tuple) else tuple(ctx.facts or ())
    try:
        return _facts_of(facts, ctx.at)
    except TypeError:                   # something unhashable among them: read it without the cache
        return _facts_of.__wrapped__(facts, ctx.at)


@lru_cache(maxsize=1024)
def _facts_of(facts: tuple, at: float | None) -> tuple:
    """What the scorer needs from the facts known when the reply went out (cached: every reply of
    a drill's moment comes with the same facts): (text, kind) pairs, the texts, their content
    words and clock times, each text with its content words, and whether any names a hack."""
    known = fact_texts(ReplyContext(post="", reply="", facts=facts, at=at))
    texts = tuple(f for f, _ in known)
    words, times = _fact_info(texts)
    return (known, texts, words, times, tuple((f, content(f)) for f in texts),
            any(HACK.search(f.lower()) for f in texts))


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
    persona = (ctx.persona or "").lower()
    t = _reply_of(reply)
    if t.empty:
        return _finish(_form_only(reply, post, persona), ctx)
    if t.foreign:
        return _finish({"not_english": ""}, ctx)
    copy = _copy_paste(_reply_norm(reply), _facts_for(ctx)[2], ctx.previous_replies)
    # Everything else a score depends on, but the time: the same reply to the same post, with the
    # same facts, comes back again and again in a drill (cached; see _markers_of)
    try:
        key = (ctx.reply or "", post, persona, ctx.facts if isinstance(ctx.facts, tuple) else tuple(ctx.facts or ()), ctx.at,
               ctx.brand, ctx.author_name, ctx.author_handle, ctx.voice,
               tuple(ctx.other_posts) if ctx.other_posts else (), tuple(ctx.thread_replies) if ctx.thread_replies else (),
               copy)
        items = _markers_of(key)
    except TypeError:                   # something unhashable in the context: read it without the cache
        items = _markers(reply, post, persona, t, copy, ctx)
    return _finish_items(items, ctx)


def _copy_paste(mine_norm: str, fact_words: frozenset[str], previous_replies) -> str | None:
    """The copy-paste marker's quote when the reply (``mine_norm``: its _reply_norm) repeats one of the
    player's earlier replies (the same words around the facts), else None."""
    if mine_norm and len(mine_norm) > 3 and previous_replies:
        mine_words = _words_beyond_facts(mine_norm, fact_words)
        la = len(mine_words)
        for prev in previous_replies:
            if not isinstance(prev, str):
                continue
            other, other_words = _prev_words(prev, fact_words)
            if other == mine_norm:
                return _quote(prev)
            lb = len(other_words)
            # _overlap, read only when the sizes allow it: the share in common is at most the
            # smaller set over the larger, so a 4-to-3 difference in size already rules it out
            if la >= 4 and lb >= 4 and 4 * min(la, lb) >= 3 * max(la, lb) and _overlap(mine_words, other_words):
                return _quote(prev)
    return None


@lru_cache(maxsize=16384)
def _markers_of(key: tuple) -> tuple[tuple[str, str], ...]:
    """_markers for one context's key (score_reply's), the context rebuilt from the key."""
    whole, post, persona, facts, at, brand, author_name, author_handle, voice, other_posts, thread_replies, copy = key
    reply = whole[:_MAX_REPLY]
    ctx = make_context(post=post, reply=whole, persona=persona, facts=facts, at=at, brand=brand, author_name=author_name,
                       author_handle=author_handle, voice=voice, other_posts=other_posts, thread_replies=thread_replies)
    return _markers(reply, post, persona, _reply_of(reply), copy, ctx)


def _markers(reply: str, post: str, persona: str, t: _Text, copy: str | None, ctx: ReplyContext) -> tuple[tuple[str, str], ...]:
    """The markers that fire, in the order they were found, with their quotes: everything about the
    reply but its time and the player's earlier replies (``copy``: _copy_paste's answer for those)."""
    body, low = t.body, t.low
    known, facts, fact_words, fact_times, fact_content, hack_fact = _facts_for(ctx)
    post_words, is_question, journalist, frightened, playful_post, supportive, post_quote = _post_text(post, persona)
    fired = dict(t.fired)
    reply_words = t.words
    brand_words = content(ctx.brand or "")
    scam = bool(t.warning) or scam_post(post)

    # -- personal voice
    name = _first_name(ctx)
    if (name and _has_word(low, name.lower())) or t.signed:
        fired["personalised"] = name
    if "gratitude" in fired and not supportive:
        del fired["gratitude"]
    fired.update(t.extra)                # profanity, shouting, a real question
    if scam:                             # "That was NOT us": emphasis in a scam warning, not shouting or blame
        if t.warning:
            fired["scam_warning"] = t.warning
        if fired.get("shouting") in ("NOT", "NEVER", "!!") or len(CAPS_WORD.findall(body)) <= 2:
            fired.pop("shouting", None)
        if "blame" in fired and re.search(r"(\bnot|n'?t) (us|ours|from us)\b", fired["blame"].lower().replace("’", "'")):
            del fired["blame"]
    if "sarcasm" in fired and fired["sarcasm"].lower().startswith("congratulations") and not playful_post:
        if not re.search(r"\b(outage|crash|down|fail|wait|queue|late)", low):
            del fired["sarcasm"]         # "congratulations on the baby" is meant
    hostile = HOSTILE & fired.keys()

    # -- the claims, against what is known at that moment
    verdicts = check(body, known, post)
    contradicted = [v for v in verdicts if v.status == "contradicted"]
    unknown = [v for v in verdicts if v.status == "unknown"]
    bad_facts = {v.fact for v in contradicted}
    for v in contradicted:
        mid = "fault:unsafe" if v.unsafe else "fault:misleading"
        said = "promises for certain what is only an estimate" if v.kind == "certainty" else "contradicts what is known"
        fired.setdefault(mid, f"'{_quote(v.quote, 60)}' {said}: \"{_quote(v.fact or '', 90)}\"")
    for v in unknown:
        mid = {"time": "unsupported_eta", "money": "unsupported_compensation", "cause": "unsupported_cause"}[v.kind]
        fired.setdefault(mid, v.quote)
        fired.setdefault("fault:misleading", "")
    if "fault:unsafe" not in fired and EMERGENCY_POST.search(post.lower()) and not EMERGENCY_ADVICE.search(low):
        instruction = next((f for f, _ in known if EMERGENCY_ADVICE.search(f.lower())), None)
        if instruction:
            fired["fault:no_safety_advice"] = (f"they may be in danger now and the emergency advice is missing: say it "
                                     f"first (\"{_quote(instruction, 90)}\")")
    if t.hack and not hack_fact and not contradicted:
        fired.setdefault("speculation", t.hack)

    # -- secrets, and private data in public
    secret = secret_request(body, post)
    handed = secret_endorsed(body, post) if not t.warning and not secret else None
    if handed:                           # "go ahead and give them the code": the secret goes to whoever asked
        fired["fault:unsafe"] = (f"'{_quote(handed, 60)}' tells them to hand a secret to whoever asked for it: "
                                 f"say it wasn't you, and never to share a code, PIN or card details")
    if secret:
        fired["fault:secrets"] = secret
        fired.pop("scam_warning", None)
        fired.pop("question_or_dm", None)
    elif t.private and not t.warning:
        fired["private_data_request"] = t.private

    # -- interpretation: their own words, their stakes
    telling = t.telling - brand_words if brand_words else t.telling     # reply_words - GENERIC - brand_words
    shared = sorted(post_words & telling)
    if shared and not hostile and "boilerplate" not in fired:
        fired["acknowledges_situation"] = _word_in(body, shared[0])

    # -- facts used (not the ones it contradicts)
    if bad_facts:
        good = [fw for fw in fact_content if fw[0] not in bad_facts]
        good_words = _fact_info(tuple(f for f, _ in good))[0]
    else:
        good, good_words = fact_content, fact_words
    used = (telling & good_words) - post_words   # echoing the post is not using a fact
    if len(used) >= 2 or (used and len(good_words) <= 3) or (t.times & fact_times) \
            or any(v.status == "supported" for v in verdicts):
        best = max(good, key=lambda fw: len(fw[1] & used))[0] if good else ""
        fired["uses_facts"] = best

    # -- the question, and the kind of answer it wants
    informative = fired.keys() & {"uses_facts", "workaround", "press_office", "scam_warning"}
    kinds = asks(post) if persona not in ("joker", "troll", "loyal", "competitor") or "?" in post else ()
    if persona in ("joker", "troll", "competitor"):
        kinds = ()
    if kinds:
        qwords = question_words(post)
        if any(answered(k, body, qwords) or (k == "what_do" and "workaround" in fired) for k in kinds[:2]):
            if not hostile and "speculation" not in fired and not contradicted and "fault:unsafe" not in fired:
                fired["answers_question"] = ""
        else:
            fired["ignores_question"] = advice(kinds[0])
    elif is_question and persona not in ("joker", "troll", "loyal", "competitor") and not (t.yes_no or informative):
        fired["ignores_question"] = f"did not answer their question ({post_quote}): answer it, or say when you can"
    if not (informative or "next_update" in fired or "answers_question" in fired or "question_or_dm" in fired) \
            and persona not in ("joker", "troll", "loyal"):
        fired["no_information"] = ""
    if journalist and "press_office" not in fired:
        fired["press_missing"] = ""
    if "press_office" in fired and not journalist:
        del fired["press_office"]

    # -- fits this post, or any post?
    specific = bool(fired.keys() & {"uses_facts", "answers_question", "scam_warning", "press_office"}) \
        or (supportive and "gratitude" in fired)
    if not specific:
        mine = len(shared)
        others = _best_elsewhere(telling, tuple(o for o in ctx.other_posts if isinstance(o, str) and o != post)
                                 if ctx.other_posts else ())
        if mine < 2 or mine <= others:
            fired["generic"] = ""
            fired.pop("acknowledges_situation", None)
            fired.pop("interpretation", None)
    if t.sympathy >= 5 or (t.sympathy >= 4 and not specific):
        fired.setdefault("boilerplate", t.sympathy_first)   # a pile of sympathy reads as boilerplate

    # -- copy-paste of the player's own earlier replies
    if copy is not None:
        fired["copy_paste"] = copy

    # -- humour and register
    emoji = t.emoji
    humour = t.humour
    formal = (ctx.voice or "").lower() == "formal"
    if frightened and (humour or t.playful_emoji or t.chirpy):
        fired["humour_misplaced"] = humour or (t.playful_emoji[0] if t.playful_emoji else t.chirpy)
        fired["fault:misplaced_humour"] = ""
    elif playful_post:
        playful = humour or t.playful_emoji or (t.chirpy and "!" not in (t.chirpy or ""))
        if playful and not (hostile or "boilerplate" in fired):
            fired["humour"] = ""
    if playful_post and not formal and "humour" not in fired and not hostile and not _has_contraction(body) \
            and persona in ("joker", "troll", ""):
        fired["flat_register"] = ""      # a joke answered with a press release
    if formal and (humour or t.playful_emoji) and "humour_misplaced" not in fired:
        fired["humour_formal"] = humour or t.playful_emoji[0]
        fired["fault:misplaced_humour"] = ""
        fired.pop("humour", None)
    if t.scare_quote and not scam and not SCARE_QUOTE.search(post) \
            and _has_word(post.lower(), t.scare_quote.strip("'\"‘’“”").lower()):
        fired.setdefault("sarcasm", t.scare_quote)
    if t.thanks_for and POST_INSULT.search(post.lower()):
        fired.setdefault("sarcasm", t.thanks_for)
    if len(t.hashtags) >= 2 or len(emoji) >= 3:
        fired["hashtag_spam"] = " ".join(t.hashtags[:2]) or "".join(emoji[:3])

    if len(reply) > REPLY_LIMIT:
        fired["too_long"] = ""
    if len(reply_words) <= 2 and not (fired.keys() & {"uses_facts", "workaround", "answers_question", "humour", "gratitude",
                                                      "scam_warning"}):
        fired["curt"] = ""
    if "boilerplate" in fired or "non_apology" in fired or ("blame" in fired and t.sorry_but):
        fired.pop("apology", None)
    if "politeness" in fired and (hostile or "boilerplate" in fired or "gratitude" in fired):
        del fired["politeness"]
    if ctx.thread_replies:               # a follow-up: judged against what this thread already got
        follow_up(fired, ctx, body, known, post)
    return tuple(fired.items())


ENGLISH_HINT = re.compile(r"\b(the|you|your|we|we'?re|is|and|to|it|sorry|thanks|please)\b")
POST_INSULT = re.compile(r"\b(idiots?|clowns?|useless|muppets?|joke|pathetic|incompetent|morons?|shambles|garbage|trash|"
                         r"rubbish|disgrace\w*|f\*+\w*|fuck\w*|shit\w*|crap|potato|hamster|worst)\b")


def _word_in(body: str, st: str) -> str:
    """The reply's own word for a stem (reasons quote whole words, never "minut")."""
    for w in WORD.findall(body.lower()):
        if _stem(w) == st:
            return w
    return st


@lru_cache(maxsize=4096)
def _best_elsewhere(words: frozenset[str], others: tuple[str, ...]) -> int:
    """The most post words this reply shares with any other post: the drill's other posts when
    given, else a bank of posts about other outages. A reply that fits them as well as this one
    fits any post."""
    bank = others or REFERENCE_POSTS
    best = 0
    for other in bank:
        best = max(best, len(words & content(HANDLE.sub(" ", other))))
    return best


def _form_only(reply: str, post: str, persona: str) -> dict[str, str]:
    """A reply with no words: empty, or emoji and marks only, judged for what it is."""
    emoji = EMOJI.findall(reply)
    if not emoji:
        return {"empty_reply": ""}
    fired = {"curt": "", "emoji_only": "".join(emoji[:3])}
    words, _, _, frightened, playful, _, _ = _post_text(post, persona)
    playful_emoji = [e for e in emoji if e in PLAYFUL_EMOJI]
    if frightened and (playful_emoji or len(emoji) > 0 and not all(e in CARING_EMOJI for e in emoji)):
        fired["humour_misplaced"] = (playful_emoji or emoji)[0]
        fired["fault:misplaced_humour"] = ""
    elif playful and playful_emoji:
        fired["humour"] = ""
    return fired


# The little words of other languages in the Latin script (Spanish, French, Portuguese, Italian,
# German, Dutch, Polish, Welsh...) that are not English words too: a reply with more of these than
# of English's is in another language, however short ("Todavía no, por favor hierva el agua").
FOREIGN_WORDS = frozenset("""el la los las del al por para una uno unos con como pero muy también todavía ya aquí
hay está están estamos es son ser favor gracias disculpe lo siento agua antes después ahora nuestro nuestra
le les des du au aux et est sont avec pour pas très merci nous vous votre vos notre nos ce cette ces qui que
dans sur une mais déjà encore ici désolé désolés bientôt eau
os um uma não sim obrigado obrigada desculpe você vocês está estão muito também já ainda agora nosso nossa
il gli della delle degli che non sono siamo grazie scusate ancora già adesso nostro nostra molto
der die das und ist sind nicht wir ihr ihre ihnen mit für auf noch schon bitte danke entschuldigung leider
jetzt bald wasser
het een zijn niet wij jullie ook nog al bedankt sorry alsjeblieft
nie jest są się dziękujemy przepraszamy jeszcze już
mae yn ein eich diolch ddim
""".split()) - STOPWORDS - COMMON_ENGLISH - frozenset("sorry die al son um sim non hay ya lo nos bald".split())
LETTERS = re.compile(r"[^\W\d_]+")


def _not_english(reply: str) -> bool:
    """Mostly letters outside the Latin script, or Latin words that are hardly ever English, or
    more of another language's little words than of English's."""
    if not reply.isascii():
        letters = [c for c in reply if c.isalpha()]
        if letters and sum(1 for c in letters if c < "\u0250") / len(letters) < 0.5:
            return True
    low = reply.lower()
    if ENGLISH_HINT.search(low):
        return False
    found = LETTERS.findall(low)
    foreign = sum(1 for w in found if w in FOREIGN_WORDS)
    if foreign >= 2 and foreign > sum(1 for w in found if w in STOPWORDS or w in COMMON_ENGLISH):
        return True
    words = WORD.findall(low)
    if len(words) < 6:
        return False
    english = sum(1 for w in words if w.replace("'", "") in STOPWORDS or w in COMMON_ENGLISH)
    # no English little word at all, or hardly any beside another language's ("Maybe check our
    # status page before tweeting next time" has one, "our", and is English)
    return english == 0 or (english / len(words) < 0.12 and foreign >= 1)


def _original(body: str, low: str, piece: str) -> str:
    """The original-case text of a lower-cased piece, for quoting."""
    i = low.find(piece)
    return body[i:i + len(piece)] if i >= 0 and len(low) == len(body) else piece


def _norm(text: str) -> str:
    if "^" in text or "~" in text:
        text = SIGN_OFF.sub(" ", text)
    return " ".join(WORD.findall(text.lower()))


@lru_cache(maxsize=16384)
def _reply_norm(reply: str) -> str:
    """A reply's words, @handles and sign-off taken out, for the copy-paste check: a reply's own and,
    from the same cache, an earlier reply's in the next lines' previous replies (a drill's earlier
    replies are its replies). The same as _norm of the text _reply_of reads (the handles out, the
    ends stripped: stripping moves no word and no sign-off)."""
    return _norm(HANDLE.sub(" ", reply))


@lru_cache(maxsize=256)
def _fact_info(facts: tuple[str, ...]) -> tuple[frozenset[str], frozenset[int]]:
    """Content words and clock times in the facts (the same facts arrive again and again)."""
    words = frozenset().union(*(content(f) for f in facts)) if facts else frozenset()
    times = frozenset().union(*(_clock_minutes(f) for f in facts)) if facts else frozenset()
    return words, times


@lru_cache(maxsize=8192)
def _prev_words(prev: str, facts: frozenset[str]) -> tuple[str, frozenset[str]]:
    """An earlier reply, normalised, and its words beyond the facts (cached: each earlier reply is
    compared again with the next few replies)."""
    norm = _reply_norm(prev)
    return norm, _words_beyond_facts(norm, facts)


@lru_cache(maxsize=4096)
def _words_beyond_facts(text: str, facts: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in text.split() if _stem(w) not in facts)


def _overlap(wa: frozenset[str], wb: frozenset[str]) -> bool:
    """Copy-paste: the same words around the facts. Repeating a fact is fine; repeating the
    wording wrapped around it, to a different person, is what people call out."""
    if len(wa) < 4 or len(wb) < 4:
        return False
    both = len(wa & wb)
    return both / (len(wa) + len(wb) - both) >= 0.75


def _speed(ctx: ReplyContext, reasons: list[str]) -> float | None:
    s = ctx.seconds_to_reply
    if s is None:
        return None
    try:
        s = max(0.0, float(s))
    except (TypeError, ValueError):
        return None
    v, said = _speed_of(s, float(ctx.speed_good), float(ctx.speed_late), int(ctx.higher_priority_waiting or 0))
    reasons.extend(said)
    return v


@lru_cache(maxsize=4096)
def _speed_of(s: float, good: float, late: float, n: int) -> tuple[float, tuple[str, ...]]:
    """The speed score and its reasons (cached: replies come at a few hundred different seconds)."""
    reasons: list[str] = []
    late = max(late, good + 1)
    if s <= good:
        v = 100.0
        reasons.append(f"+ replied in {s:.0f}s")
    elif s >= late:
        v = 0.0
        reasons.append(f"- took {s:.0f}s: answer within {good:.0f}s where you can")
    else:
        v = 100.0 * (late - s) / (late - good)
        reasons.append(f"- took {s:.0f}s: aim for {good:.0f}s")
    if n > 0:
        v = max(0.0, v - min(40.0, 15.0 * n))
        reasons.append(f"- {n} more urgent post{'s' if n > 1 else ''} (vulnerable or high reach) waited longer: triage first")
    return round(v, 1), tuple(reasons)


_WEIGHT = {m.id: (m.empathy, m.tone, m.substance, m.good, m.empathy + m.tone + m.substance) for m in MARKERS}


def _finish(fired: dict[str, str], ctx: ReplyContext) -> Score:
    return _finish_items(tuple(fired.items()), ctx)


def _finish_items(items: tuple[tuple[str, str], ...], ctx: ReplyContext) -> Score:
    reply = ctx.reply or ""
    human = "'" in reply and _has_contraction(reply)
    e, t, s, overall, reasons, markers, plain, caps = _scored(items, human)
    reasons = list(reasons)
    speed = _speed(ctx, reasons) if ctx.seconds_to_reply is not None else None
    if speed is not None:
        overall = overall * (1 - SPEED_SHARE) + speed * SPEED_SHARE
    for cap in caps:                     # the judgement over the sum: each fault caps the overall (softly)
        if overall > cap:
            overall = cap + (overall - cap) * CAP_SLOPE if cap else 0.0
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
    sym = sorted((m for m in fired if m in SYMPATHY_GROUP), key=lambda m: -_WEIGHT[m][0])
    share = {m: (1.0 if i == 0 else 0.5 if i == 1 else 0.0) for i, m in enumerate(sym)}
    for mid in fired:
        we, wt, ws, _, _ = _WEIGHT[mid]
        k = share.get(mid, 1.0)
        e += we * k
        t += wt * k
        s += ws * k
    if human and not (HOSTILE & fired.keys()):
        t += 4                                 # contractions: a human voice
    e = round(min(100.0, max(0.0, e)), 1)
    t = round(min(100.0, max(0.0, t)), 1)
    s = round(min(100.0, max(0.0, s)), 1)
    overall = e * WEIGHTS["empathy"] + t * WEIGHTS["tone"] + s * WEIGHTS["substance"]
    bad = sorted((m for m in fired if not _WEIGHT[m][3]), key=lambda m: _WEIGHT[m][4])
    good = sorted((m for m in fired if _WEIGHT[m][3]), key=lambda m: -_WEIGHT[m][4])
    bad.sort(key=lambda m: (not m.startswith("fault:"), m not in CAPS, _WEIGHT[m][4]))   # faults first
    reasons = tuple(["- " + r for r in (_reason(mid, fired[mid]) for mid in bad) if r]
                    + ["+ " + r for r in (_reason(mid, fired[mid]) for mid in good) if r])
    plain = not bad and len(good) <= 1 and "empty_reply" not in fired
    caps = tuple(sorted(CAPS[m] for m in fired if m in CAPS))   # lowest first
    return e, t, s, overall, reasons, tuple(sorted(fired)), plain, caps


@lru_cache(maxsize=4096)
def _reason(mid: str, q: str) -> str:
    text = BY_ID[mid].reason
    if text == "{raw}":
        return q
    if "{q}" in text:
        q = _quote(q)
        if not q:
            text = re.sub(r"\s*\(\{q\}\)", "", text).replace("'{q}' ", "this ").replace("{q}", "this")
        else:
            text = text.replace("{q}", q)
    return text
