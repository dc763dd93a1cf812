"""Every marker the scorer looks for, its weights on each axis, and the reason a trainee reads.

One table, readable without the code: a marker has an id, the axis weights it carries (positive
helps, negative hurts) and a reason template ("{q}" is the phrase that triggered it). Pattern
markers also have regular expressions (lower-case), matched against the lower-cased reply (with
@handles removed). Markers without patterns are computed in :mod:`scoring.scorer` from the
context (facts, previous replies, persona, the post's own words) and are listed here so the
weights and wording still live in one place.

Sources: EPITOME empathy mechanisms (emotional reaction, interpretation, exploration);
conversational human voice (Kelleher & Miller; Liebrecht et al.); Coombs' situational crisis
communication theory (instructing and adjusting information). See the README's scoring section.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Marker:
    id: str
    empathy: float = 0.0
    tone: float = 0.0
    substance: float = 0.0
    reason: str = ""
    patterns: tuple[str, ...] = ()
    good: bool = False            # shown with "+" rather than "-"


M = Marker
MARKERS: tuple[Marker, ...] = (
    # -- empathy: emotional reaction, interpretation, exploration -------------------------------
    M("apology", empathy=10, tone=4, good=True, reason="apologised",
      patterns=(r"\b(i'?m|we'?re|i am|we are|so|really|very|truly) (so |really |very |truly )?sorry\b(?! (you feel|if|for any|to hear that you))",
                r"^\s*sorry\b(?!,? but)(?! for any)(?! if)(?! you feel)", r"\bsorry,? \w+\s*[-.!]", r"\bmy apologies\b",
                r"\bwe (got it|got this) wrong\b", r"\bwe'?ve let you down\b", r"\bthat'?s on us\b|\bis on us\b|\bare ours\b|\bis ours\b")),
    M("emotional_reaction", empathy=14, tone=3, good=True, reason="reacted to how they feel ({q})",
      patterns=(r"\b(that|this|it) (sounds|must be|is|'?s) (so |really |a |such a )?(awful|horrible|frightening|scary|worrying|stressful|maddening|frustrating|rotten|terrible|nightmare|serious blow|real worry|long time|rough|a worry|too long)",
                r"\b(is|are|'?s) (awful|rotten|horrible|a nightmare|a real worry|the worst time|not a good mix|too long|a long time|a serious blow|worrying|stressful)\b",
                r"\bnot (good enough|acceptable|the (evening|day|morning|night) you (planned|wanted))\b",
                r"\bisn'?t (good enough|acceptable|what anyone wants)\b|\bnot what anyone wants\b",
                r"\bi (completely |totally )?understand (the|your|how|why)\b", r"\bi can (only )?imagine\b",
                r"\bfair (challenge|point|enough)\b", r"\bthat'?s fair\b", r"\blast thing you need\b",
                r"\bi hope (you|he|she|they)\b", r"\bi'?m glad you (told|let)\b", r"\boh no\b",
                r"\bthat'?s (stressful|worrying|awful|rough|frightening|a frightening)\b", r"\ba frightening (thought|time)\b",
                r"\bthe worst (time|timing)\b", r"\bno excuse\b", r"\bi wish i could\b", r"\bhere and listening\b")),
    M("acknowledges_situation", empathy=16, good=True, reason="engaged with their situation ({q})"),
    M("question_or_dm", empathy=8, substance=4, tone=3, good=True, reason="invited them to talk (DM or a real question)",
      patterns=(r"\bdm\b", r"\bdirect message\b", r"\bmessage (me|us)\b", r"\bsend (me|us) a (dm|message)\b",
                r"\b(can|could|may) i (dm|ask|help|check)\b", r"\bwhich (area|town|station|branch|flight)\b",
                r"\blet (me|us) know\b", r"\bif you'?re open to it\b", r"\bwhat would (change|keep)\b")),
    M("personalised", empathy=5, tone=6, good=True, reason="used their name or signed off as a person"),
    M("gratitude", empathy=10, tone=6, good=True, reason="thanked a supporter warmly",
      patterns=(r"\bthanks?\b(,| so much| for)", r"\bwe (really )?appreciate\b", r"\bthank you\b(?! for (contacting|getting in touch|your patience))")),
    M("minimising", empathy=-30, tone=-8, reason="'{q}' minimises what happened to them: acknowledge the real cost instead",
      patterns=(r"\brelax\b", r"\bit'?s only\b", r"\bonly a (few|small|little|minor|couple)\b", r"\bjust a (small|minor|little|tiny)? ?(glitch|blip|hiccup|issue|problem)\b",
                r"\bsmall glitch\b", r"\bminor (issue|glitch|blip|problem)\b", r"\beventually\b", r"\bnot the end of the world\b",
                r"\bno big deal\b", r"\bdon'?t worry\b", r"\bfirst world problem\b", r"\bhang tight\b", r"\bchill\b",
                r"\bnot that (bad|serious)\b")),
    M("dismissive", empathy=-24, tone=-14, substance=-8, reason="'{q}' brushes them off: deal with their problem here, or say who will",
      patterns=(r"\b(please )?try again later\b", r"^\W*(please )?check (our|the) (status page|website)\.?\W*$",
                r"\b(please )?contact (customer services|our customer service|support)\b", r"\b(aren'?t|are not|isn'?t|is not) handled (on|via|over)\b",
                r"\bunable to discuss\b", r"\bbye( then)?\b", r"\bfeel free to leave\b", r"\bgood luck finding\b",
                r"\bhave a (great|nice|good) day\b", r"\bplease check with your bank\b", r"\bnot our problem\b",
                r"^\W*(ok|okay|noted|fine|k)\W*$", r"^\W*we'?re working on it\W*$", r"^\W*(we are|we'?re) aware\W*$",
                r"\bthanks for letting us know\b")),
    M("self_focus", empathy=-18, tone=-12, reason="'{q}' is about the brand's feelings, not theirs: keep the focus on the customer",
      patterns=(r"\bi feel (absolutely |so |really )?(awful|terrible|bad) about\b", r"\bworst (morning|day|week) of my life\b",
                r"\bi'?m so stressed\b", r"\bcan barely think\b", r"\bwe'?re (incredibly |so |very )?proud\b",
                r"\bour (brilliant|amazing|incredible) (crews|engineers|team)\b")),
    # -- tone: the bad voice ------------------------------------------------------------------
    M("tone_policing", empathy=-10, tone=-34, reason="'{q}' is tone policing: acknowledge the frustration instead",
      patterns=(r"\bcalm down\b", r"\bno need to (shout|be rude|swear|be like that)\b", r"\bname-?calling\b",
                r"\bdo not use capital", r"\bdon'?t use capital", r"\bbe nicer\b", r"\bmind your (language|tone)\b",
                r"\bwatch your (language|tone)\b", r"\bshouting (at us )?(won'?t|will not|doesn'?t)\b", r"\bchildish\b",
                r"\bshow some respect\b", r"\bbefore complaining\b", r"\bread (our|the) (updates|faq)\b",
                r"\bwe do not condone\b", r"\bwe would like to remind\b", r"\bwe'?d ask (customers|you) to\b",
                r"\bperhaps instead of\b", r"\bplease refrain\b", r"\bbe patient like\b", r"\bwon'?t get it fixed (any )?faster\b",
                r"\bkeep it civil\b", r"\bthere'?s no need for that\b")),
    M("arguing", empathy=-8, tone=-26, reason="'{q}' argues with the customer: admit the problem and help",
      patterns=(r"\bactually,? (our|we|the)\b", r"\bfor the record\b", r"\bcompletely false\b", r"\b99(\.\d+)?%",
                r"\babove (the )?industry average\b", r"\bas stated\b", r"\bworking as intended\b", r"\bthat'?s (just )?not true\b",
                r"\bnothing is wrong\b", r"\bnot a guarantee\b", r"\bonly ever an estimate\b", r"\bfrankly offensive\b",
                r"\bwithin our terms\b", r"\bour (staff|team) (are|is) under\b")),
    M("blame", empathy=-12, tone=-28, reason="'{q}' blames someone else: own the problem, whoever caused it",
      patterns=(r"\bmaybe your\b", r"\byour (tv|phone|device|settings|router|browser|wifi|connection) (is|must|might|may)\b",
                r"\b(is|are) (just )?too old\b", r"\bperhaps (leave|try|you)\b", r"\bcheck with your bank\b",
                r"\bcaused by (a |the )?(third|network operator|supplier|partner|provider)\b", r"\bthird[- ]party\b",
                r"\bnot (our|us) fault\b", r"\bnot our fault\b", r"\bit'?s not us\b", r"\bnot by our own\b", r"\bnot us\b",
                r"\bsupplier'?s (problem|fault)\b", r"\bblame (the|our) (weather|supplier|partner)\b", r"\bprobably your\b",
                r"\bsorry,? but\b", r"\bcomplain to them\b", r"\bpower cuts are caused by\b", r"\byour own fault\b",
                r"\bbe nicer to them\b")),
    M("sarcasm", empathy=-12, tone=-30, reason="'{q}' reads as sarcasm: say it straight",
      patterns=(r"\boh wow\b", r"\bincredibly helpful\b", r"\bwhat would we do without you\b", r"^\W*obviously\b",
                r"\bwow,? another\b", r"\bwho'?d be replying\b", r"\bno idea that our own\b", r"\bthanks,? genius\b",
                r"\bcongratulations on\b", r"\bgood luck finding\b", r"\bthen use your\b")),
    M("insult", empathy=-14, tone=-40, reason="'{q}' insults the customer: never hit back",
      patterns=(r"\bbetter qualified than you\b", r"\bstupid\b", r"\bidiot", r"\bmoron", r"\bclowns?\b", r"\bpathetic\b",
                r"\bwasting our time\b", r"\bstop wasting\b", r"\bget a life\b", r"\bloser\b", r"\bdumb\b")),
    M("shouting", tone=-26, reason="shouting (capitals or '!!!'): write calmly"),
    M("boilerplate", empathy=-12, tone=-18, substance=-4, reason="'{q}' is corporate boilerplate: say something specific to them",
      patterns=(r"\b(apologi[sz]e|sorry) for any inconvenience\b", r"\bfor the inconvenience\b", r"\binconvenience (this|that) may have\b",
                r"\byour (query|call|complaint|feedback) (has been|is) (logged|important|noted)\b",
                r"\bthank you (very much )?for (getting in touch|contacting)\b", r"\bwe are aware (of|that)\b",
                r"\bwe'?re aware of the (issue|problem)\b", r"\bservice issues are being\b", r"\bworking (hard )?to resolve\b",
                r"\bwe are (currently )?experiencing\b", r"\btemporarily unavailable\b", r"\bthank you for your patience\b",
                r"\bexperiencing difficulties\b", r"\bplease be advised\b", r"\bat this time\b", r"\bsorry if any customers\b",
                r"\bsorry to hear (that|you)\b", r"\bgreat question\b", r"\bthanks for your (message|tweet)\b",
                r"\bcurrently (unavailable|assessing)\b", r"\bassessing the situation\b", r"\bwe are investigating\b",
                r"\bour engineers are investigating\b", r"\bwe'?re investigating\.?$")),
    M("non_apology", empathy=-16, tone=-20, reason="'{q}' is a non-apology: apologise for what happened, not for their feelings",
      patterns=(r"\bsorry (that )?you feel\b", r"\bsorry if (any|you)\b", r"\bsorry you'?re unhappy\b", r"\bsorry you think\b",
                r"\bregret any\b")),
    M("copy_paste", empathy=-10, tone=-30, reason="this repeats one of your earlier replies word for word: people notice copy-paste"),
    M("humour", tone=8, empathy=2, good=True, reason="humour that fits the post"),
    M("humour_misplaced", empathy=-30, tone=-34, reason="jokes or cute emoji ('{q}') with someone who is frightened or vulnerable"),
    M("humour_formal", tone=-10, reason="humour does not fit this brand's formal voice"),
    M("too_long", tone=-22, substance=-12, reason="over 280 characters: it cannot be posted, cut it down"),
    M("curt", empathy=-16, tone=-16, substance=-8, reason="too curt to help: say what is happening and what they can do"),
    M("hashtag_spam", tone=-22, reason="hashtags and emoji spam ('{q}'): keep it plain"),
    M("sales_pitch", empathy=-12, tone=-26, substance=-14, reason="'{q}' is selling during an outage: help first, never sell",
      patterns=(r"\b(switch|upgrade|sign up) (today|now)\b", r"\bhave you seen our\b", r"\bnew \w+ (plan|deal|offer|bundle)\b",
                r"\bget unlimited\b", r"\bfree pair\b", r"\d+% off\b", r"\bcheck out our\b", r"\bpassionate about\b",
                r"\bthe very best in\b", r"\bspecial offer\b", r"\blimited time\b", r"\bexciting\b")),
    M("legalese", empathy=-14, tone=-26, substance=-8, reason="'{q}' hides behind terms: speak plainly and help",
      patterns=(r"\bclause \d", r"\bterms and conditions\b", r"\bno liability\b", r"\bin accordance with\b", r"\bcontractual\b",
                r"\bsla\b", r"\bcan'?t be held responsible\b", r"\bcannot be held responsible\b", r"\bconsequential loss",
                r"\bwithin (ten|\d+) working days\b", r"\bshould be submitted using\b", r"\benquiries relating to\b")),
    M("hedging", substance=-18, tone=-6, reason="'{q}' is vague: say plainly what you know",
      patterns=(r"\bmay or may not\b", r"\ba number of (technical|locations|issues|systems)\b", r"\bcertain systems\b",
                r"\bwhen we are able\b", r"\bsome customers may\b", r"\bwe would advise all\b")),
    # -- substance ------------------------------------------------------------------------------
    M("uses_facts", substance=22, good=True, reason="used what is known ({q})"),
    M("workaround", substance=18, empathy=4, good=True, reason="gave a workaround or next step ({q})",
      patterns=(r"\bin the meantime\b", r"\byou can (still )?(use|claim|pay|choose|book|change|download|call|get|top up)\b",
                r"\b(still )?works? (if|on|in|for|fine|while)\b", r"\bstill work\b", r"\bcall (999|105|111|our)\b",
                r"\bplease call\b", r"\bwhile we fix\b", r"\bis valid on\b", r"\bclaim (through|for|on|online)\b",
                r"\bi'?ll (ask|send|add|make sure|call|flag|check|book|pass)\b", r"\bi'?m (asking|flagging|sending)\b",
                r"\bplease (tell|mention|use|keep)\b", r"\bkeep the door shut\b", r"\bwill play on\b",
                r"\bcan (book|do it|help)\b", r"\bwe can send\b", r"\bat our cost\b")),
    M("next_update", substance=10, good=True, reason="said when they will hear more",
      patterns=(r"\b(next )?updates? (is |will be |comes |will come )?(here |you )?(within|at|by|every|in|when|due)\b", r"\bi'?ll (update|tell|let you know|reply here|keep you posted)\b",
                r"\bwe'?ll (post|update|publish|keep you posted|be clear|tell)\b", r"\bkeep you posted\b", r"\bas soon as we know\b",
                r"\bif (that|anything) changes\b", r"\bthe moment\b", r"\bonce we do\b", r"\bwe'?ll update\b")),
    M("press_office", substance=28, good=True, reason="sent the journalist to the press office",
      patterns=(r"\bpress (team|office|officer)\b", r"\bmedia (team|office|relations)\b", r"\b[\w.+-]+@[\w-]+\.[\w.]+\b",
                r"\bspokesperson\b", r"\bnewsroom\b")),
    M("press_missing", substance=-16, reason="a journalist should be sent to the press office, not given an answer off the cuff"),
    M("answers_question", substance=20, good=True, reason="answered the question they asked"),
    M("ignores_question", substance=-20, reason="did not answer their question ({q}): answer it, or say when you can"),
    M("no_information", substance=-10, reason="no information they can use: add what is known or what to do"),
    M("unsupported_eta", substance=-34, tone=-4, reason="'{q}' promises a fix time the facts do not support: give the next update time instead"),
    M("unsupported_compensation", substance=-30, reason="'{q}' promises compensation nobody has announced"),
    M("unsupported_cause", substance=-24, reason="'{q}' states a cause the facts do not support"),
    M("speculation", substance=-30, tone=-6, reason="'{q}' is speculation: say only what is known",
      patterns=(r"\bcould be (a |an )?\w+", r"\bmight be\b", r"\bprobably\b", r"\bmaybe it'?s\b", r"\bnot sure yet\b",
                r"\bi think it'?s\b", r"\bbound to happen\b", r"\bbetween you and me\b", r"\bi reckon\b", r"\bmy guess\b",
                r"\blooks like (a |an )?(hack|attack)\b")),
    M("internal_detail", substance=-22, tone=-10, reason="'{q}' overshares internal detail or blames colleagues",
      patterns=(r"\bsomeone on the \w+ team\b", r"\bdeleted the wrong\b", r"\bmess in here\b", r"\bthe dev team\b",
                r"\bshort-?staffed\b", r"\brushing things\b", r"\bjob cuts\b", r"\bintern (broke|deleted|unplugged)\b")),
    M("private_data_request", substance=-40, tone=-6, reason="'{q}' asks for private data in public: move it to DM, never passwords"),
    M("empty_reply", empathy=-40, tone=-40, substance=-40, reason="the reply is empty"),
)

BY_ID: dict[str, Marker] = {m.id: m for m in MARKERS}


def _top_level(p: str) -> list[str]:
    """Split a pattern at its top-level '|'."""
    parts, depth, cur, i = [], 0, "", 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            cur += p[i:i + 2]; i += 2; continue
        if c == "[":
            j = p.index("]", i + 1)
            cur += p[i:j + 1]; i = j + 1; continue
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0:
            parts.append(cur); cur = ""
        else:
            cur += c
        i += 1
    return parts + [cur]


def _key(p: str) -> str | None:
    """The longest literal that every match of ``p`` must contain (outside groups and not
    made optional by a quantifier), or None."""
    runs, depth, cur, i = [], 0, "", 0
    while i < len(p):
        c = p[i]
        if c == "\\" or c == "[":
            runs.append(cur); cur = ""
            i = i + 2 if c == "\\" else p.index("]", i + 1) + 1
            continue
        if c in "()":
            runs.append(cur); cur = ""
            depth += 1 if c == "(" else -1
            i += 1
            continue
        if depth == 0 and c in "?*{":
            cur = cur[:-1]                       # the char before a quantifier is optional
            runs.append(cur); cur = ""
            i += 1
            continue
        if depth == 0 and (c.isalnum() or c in " '-,:%£"):
            cur += c
        else:
            runs.append(cur); cur = ""
        i += 1
    runs.append(cur)
    best = max((r.strip() for r in runs), key=len, default="")
    return best if len(best) >= 2 else None


def _split(patterns: tuple[str, ...]) -> tuple[tuple[tuple[str, re.Pattern], ...], re.Pattern | None]:
    """Speed: Python's re scans slowly for patterns that open with an assertion. Each
    alternative with a literal every match must contain ("calm down", "sorry") is only searched
    when that literal is a substring of the text (a fast C check); the rest are searched together."""
    keyed, rest = [], []
    for whole in patterns:
        for p in _top_level(whole):
            k = _key(p)
            if k:
                keyed.append((k, re.compile(p)))
            else:
                rest.append(p)
    return tuple(keyed), (re.compile("|".join(f"(?:{p})" for p in rest)) if rest else None)


SEARCH: dict[str, tuple[tuple[tuple[str, re.Pattern], ...], re.Pattern | None]] = {
    m.id: _split(m.patterns) for m in MARKERS if m.patterns}


_BY_LITERAL: dict[str, list[tuple[str, re.Pattern]]] = {}
for _mid, (_keyed, _rest) in SEARCH.items():
    for _lit, _rx in _keyed:
        _BY_LITERAL.setdefault(_lit, []).append((_mid, _rx))
_LITERALS = tuple(_BY_LITERAL.items())
_RESTS = tuple((mid, rest) for mid, (_, rest) in SEARCH.items() if rest is not None)


def find_all(low: str) -> dict[str, re.Match]:
    """Every pattern marker that matches lower-cased text, with its first match found."""
    hits: dict[str, re.Match] = {}
    for literal, entries in _LITERALS:
        if literal in low:
            for mid, rx in entries:
                if mid not in hits:
                    m = rx.search(low)
                    if m:
                        hits[mid] = m
    for mid, rx in _RESTS:
        if mid not in hits:
            m = rx.search(low)
            if m:
                hits[mid] = m
    return hits


# Helpers the scorer uses (vocabulary, not scoring weights).
PRIVATE_DATA = re.compile(r"\b(sort code|account number|password|pin( number)?|date of birth|card (number|details)|"
                          r"full name|home address|security (code|question|number)|cvv|mother'?s maiden|passcode|national insurance)\b")
PUBLIC_ASK = re.compile(r"\b(reply with|tweet (us|me)|post (it|them|your)|send (us|me) your|tell us your|share your|just reply|reply here)\b")
ETA_FIX = re.compile(r"\b(back|fixed|restored|working|up and running|sorted|resolved|online|live|running)\b")
ETA_TIME = re.compile(r"\b(by|before|within|in|at|around|for)\s+(the next\s+)?((\d{1,2}([:.]\d{2})?\s*(am|pm)?)|(an?|one|two|three|ten|twenty|thirty|\d+|a few|half an)\s+(minutes?|mins?|hours?|hrs?)|the hour|noon|midday|midnight|tonight|lunch(time)?|tomorrow|the end of the day)\b")
PROMISE = re.compile(r"\b(promise[ds]?|guarantee[ds]?)\b")
CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b|\b(\d{1,2})[:.](\d{2})\b")
COMPENSATION = re.compile(r"(£|\$|€)\s?\d+|\beveryone (affected )?(gets|will get|will receive|is getting)\b|\byou'?ll (get|receive) (compensation|a refund|money back)\b|\bcompensation (is|will be) (paid|given)\b|\bfull refund(s)? for (everyone|all)\b")
COMPENSATION_FACT = re.compile(r"\b(compensat|refund|credit|claim|repay|money back|goodwill|waive|late fees?)")
CAUSE_CLAIM = re.compile(r"\b(caused by|because of|due to|the cause (is|was)|it'?s (a|an) (hack|cyber|attack|fire|power cut|flood)|we (were|have been|'ve been) hacked|was a (hack|cyber))\b[^.,;]*")
HACK = re.compile(r"\b(hack|hacked|hackers|cyber|attack)\b")
HUMOUR_WORDS = re.compile(r"\b(ha(ha)+|lol|party time|snooze|romantic|ooh|oh wait|winning today|we'?ll admit|just in case|what a villain|and what a|heroes|cliffhanger|heartbeat|feels like it|plot twist|playlist|encore|bravo|touché|fair play|you'?ve earned)\b|[😉😂🤣😄😅💤🕯🥳🍿🎶🎵😎🙃]")
FEAR_WORDS = re.compile(r"\b(scared|frightened|terrified|panick|dialysis|dementia|pregnant|hospice|funeral|died|dying|alone|on my own|elderly|disabled|wheelchair|oxygen|oxygen|carer|999|emergency|medical|stairlift|i'?m (7|8|9)\d|grieving|heart condition|epilep|deaf|blind)")
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
SIGN_OFF = re.compile(r"(^|\s)[\^~][A-Z][a-z]+\b")
ACRONYMS = frozenset({"DM", "DMS", "TV", "ETA", "SMS", "ATM", "UK", "USA", "FAQ", "SIM", "PIN", "NHS", "ID", "OK", "BBC",
                      "API", "VPN", "IT", "PC", "GP", "AM", "PM", "MMS", "4G", "5G", "3G", "WIFI", "URL", "CEO", "PR"})
STOPWORDS = frozenset("""a an the and or but if so of to in on at by for with from as is are was were be been being am
i me my we us our you your he she it its they them their this that these those there here what which who whom whose
when where why how all any both each few more most other some such no nor not only own same than too very can will
just don should now do does did doing have has had having would could may might must shall get got gets going go
im ive youre were theyre its dont cant wont didnt doesnt isnt arent wasnt thats whats one also about up out into over
again still yet any anyone someone something nothing everyone everything please thanks thank sorry really today right
back know let need want like make made take come way well much many because while then once even ever""".split())
