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
from functools import lru_cache

from scoring.context import REPLY_LIMIT


@dataclass(frozen=True)
class Marker:
    id: str
    empathy: float = 0.0
    tone: float = 0.0
    substance: float = 0.0
    reason: str = ""
    patterns: tuple[str, ...] = ()
    good: bool = False            # shown with "+" rather than "-"


# Word lists shared by several families (kept here so the families read as plain English).
_FEEL = (r"(awful|horrible|horrid|terrible|dreadful|frightening|scary|worrying|stressful|maddening|frustrating|"
         r"infuriating|upsetting|distressing|rotten|miserable|grim|rough|hard|tough|difficult|exhausting|gutting|"
         r"heartbreaking|unacceptable|disappointing|annoying|unfair|a nightmare|nightmare|a (real |huge |big )?worry|"
         r"a (real |huge |serious )?blow|a pain|a shame|a mess|a long time|too long|far too long|no joke|no fun|"
         r"the worst|rubbish|poor|not (ok|okay|on|right|fair|good enough|acceptable))")
_ADV = r"((so|really|very|a|an|such a|absolutely|genuinely|truly|pretty|incredibly|properly|just) )*"
_THIRD = r"(contractor|supplier|partner|provider|vendor|third[- ]party|network operator|operator|council|subcontractor)s?"
_DEVICE = r"(tv|phone|device|settings|router|browser|wi-?fi|connection|internet|laptop|computer|app|account|card|equipment|setup|modem|console|pc)"

M = Marker
MARKERS: tuple[Marker, ...] = (
    # -- empathy: emotional reaction, interpretation, exploration -------------------------------
    # Any plain apology counts; the scorer withdraws it when the apology is a non-apology,
    # boilerplate or an apology-then-blame ("sorry, but ...").
    M("apology", empathy=10, tone=4, good=True, reason="apologised",
      patterns=(r"\bsorry\b", r"\bapologi[sz](e|ing)\b", r"\b(my|our) apologies\b",
                r"\bwe('ve| have)? (got (it|this|that) wrong|messed (it |this )?up|dropped the ball|let you down|fallen short|fell short|failed you)\b",
                r"\bthat'?s on us\b|\b(is|are|it'?s|was) (all )?on us\b|\b(is|are) (our|my) (fault|mistake|doing)\b|\b(?<!not )(?<!n't )our (fault|mistake|bad)\b",
                r"\bwe (should|could) have (done better|told you|warned|been)\b", r"\bwe own (this|that|it)\b")),
    M("emotional_reaction", empathy=14, tone=3, good=True, reason="reacted to how they feel ({q})",
      patterns=(r"\b(that|this|it|which|they|both)( really| must| would| all)? (sounds|must be|must have been|is|'s|was|are|looks|seems|feels)( like)? " + _ADV + _FEEL + r"\b",
                r"\b(sounds|must be|must have been|must feel|must have felt) " + _ADV + _FEEL + r"\b",
                r"\b(what a|such a) (nightmare|worry|pain|shame|mess|rotten|awful|horrible|stressful|frustrating|rough|tough|miserable|grim)\b",
                r"\b(is|are|'?s|was|were) " + _ADV + r"(awful|rotten|horrible|a nightmare|a real worry|the worst time|not a good mix|too long|far too long|a long time|a serious blow|worrying|stressful|frightening|miserable|gutting|unacceptable|no joke)\b",
                r"\b(isn'?t|is not|wasn'?t|was not|aren'?t|are not|not) (good enough|acceptable|ok|okay|fair|right|on|what (you|anyone) (wants|wanted|needs|needed|expected|deserve|deserves)|the (evening|day|morning|night|weekend|start) you)\b",
                r"\bi (completely |totally |really |fully |absolutely )?(understand|get|hear)( you| that| it| the| your| how| why| what)\b",
                r"\bwe (completely |totally |really |fully |absolutely )?(understand|hear) (you|that|the|your|how|why|what)\b",
                r"\bi can (only )?imagine\b", r"\bi can see (why|how)\b", r"\bno wonder\b", r"\bunderstandabl[ey]\b",
                r"\bof course you'?re\b", r"\byou'?re right to\b", r"\byou have every right\b", r"\b(every|a) right to be\b",
                r"\bfair (challenge|point|enough|question|criticism|comment)\b", r"\bthat'?s fair\b", r"\byou'?re right\b",
                r"\blast thing you need\b", r"\bi (really |do |truly )?hope (you|he|she|they|your|it|things)\b", r"\bthinking of you\b",
                r"\bcondolences\b", r"\bsorry (for|about) your (loss|\w+'?s? (death|passing|illness|funeral))\b", r"\boh no\b",
                r"\bno excuse\b", r"\bi wish (i|we) could\b", r"\bhere (and listening|for you|with you)\b", r"\bi'?m (really )?glad you\b",
                r"\byou'?re not alone\b", r"\b(sending|big) (hugs|love|strength)\b", r"\bugh\b")),
    M("interpretation", empathy=10, good=True, reason="showed you understood their situation ({q})",
      patterns=(r"\b(it )?sounds like you\b", r"\byou must (be|feel|have)\b", r"\bi know how (much|hard|important|frustrating|stressful|worrying)\b",
                r"\bi can tell\b", r"\b(i'?ve|we'?ve|i have) been there\b", r"\bi'?d be (furious|angry|upset|worried|fuming|livid|frustrated|scared) too\b",
                r"\bso you (can'?t|couldn'?t|haven'?t|missed|lost)\b", r"\bwith (your|the) (\w+ ){0,2}(due|tomorrow|today|tonight|waiting|coming)\b",
                r"\b(on top of|right before|the night before|the day of|in the middle of) (a |an |your |the )?\w+")),
    M("acknowledges_situation", empathy=16, good=True, reason="engaged with their situation ({q})"),
    M("question_or_dm", empathy=8, substance=4, tone=3, good=True, reason="invited them to talk (a DM or a real question)",
      patterns=(r"\bdms?\b", r"\bdirect message\b", r"\bprivate message\b", r"\bmessage (me|us)\b", r"\bsend (me|us) a (dm|message|note|line)\b",
                r"\bdrop (me|us) a (line|message|dm|note)\b", r"\binbox (me|us)\b", r"\bpm (me|us)\b",
                r"\b(can|could|may) (i|we) (dm|ask|help|check|call|message|take a look)\b", r"\blet (me|us) know\b",
                r"\bif you'?re (open|happy|ok|okay|up for) (to|with|it)\b", r"\bwhat would (change|keep|help)\b",
                r"\btell (me|us) (more|what|where|which|when|how)\b")),
    M("personalised", empathy=5, tone=6, good=True, reason="used their name or signed off as a person"),
    M("gratitude", empathy=10, tone=6, good=True, reason="thanked a supporter warmly",
      patterns=(r"\bthanks?\b(,| so much| for| a lot| again)", r"\b(we|i) (really |truly |do )?appreciate\b", r"\bthank you\b(?! for (contacting|getting in touch|your patience|reaching out))",
                r"\bthat'?s (really |so |very )?kind\b", r"\bmeans a lot\b")),
    M("politeness", tone=5, good=True, reason="polite and plain ({q})",
      patterns=(r"\bplease\b(?! (note|be advised|be aware|refrain|do not|don'?t|stop|calm))", r"\bthanks\b", r"\bthank you\b",
                r"\b(could|would) you\b", r"\bif you (don'?t mind|can|could|like|prefer|need)\b",
                r"^\W*(hi|hello|hey|good (morning|afternoon|evening))\b")),
    M("minimising", empathy=-30, tone=-8, reason="'{q}' minimises what happened to them: acknowledge the real cost instead",
      patterns=(r"\brelax\b", r"\bit'?s only\b", r"\bonly (a|an) (few|small|little|minor|couple|hour|app|website|game|bit)\b", r"\bonly been\b",
                r"\bjust (a|an) (small |minor |little |tiny |slight |temporary )?(glitch|blip|hiccup|issue|problem|bug|outage|delay|wait|app|game|website)\b",
                r"\b(small|minor|tiny|slight|little) (glitch|blip|hiccup|issue|problem|bug|outage|delay|inconvenience|setback)\b",
                r"\beventually\b", r"\bat some point\b", r"\bsooner or later\b", r"\bnot the end of the world\b",
                r"\b(no|not a|not that|not much of a) (big|huge|massive) deal\b|\bno big deal\b", r"\bcould be (a lot |much |far )?worse\b",
                r"\bdon'?t (worry|stress|panic|fret)\b(?! about (the |your |any |late|paying|charges|fees|a ))", r"\bno need to (worry|panic|stress|fret)\b(?! about (the |your |any |late|paying|charges|fees|a ))", r"\bnothing to (worry|panic) about\b",
                r"\bfirst[- ]world problem", r"\bhang tight\b", r"\bchill\b", r"\bnot that (bad|serious|long|big)\b",
                r"\b(it|these things|stuff|outages|that) happens?\b(?! again| to| when| if)", r"\bhappens to (everyone|the best)\b", r"\bat least you\b",
                r"\b(look on|see) the bright side\b", r"\bcheer up\b", r"\byou'?ll survive\b", r"\bgo outside\b",
                r"\b(bit|little|slightly|rather|so) (dramatic|over the top)\b", r"\boverreact", r"\bworse things happen\b")),
    M("dismissive", empathy=-24, tone=-14, substance=-8, reason="'{q}' brushes them off: deal with their problem here, or say who will",
      patterns=(r"\b(please )?try (again )?later\b", r"\b(please )?(refer to|see|visit|check) (our|the) (status page|website|site|faq|help (centre|center|pages?)|app|community|forum)s?\b( (for|to) (further|more|latest|any)? ?(information|info|updates|details|news))?\W*$",
                r"\b(please )?refer to (our|the)\b",
                r"\b(please )?contact (customer services?|our customer service|(our |the )?support( team)?|the (help ?desk|helpline|relevant team))\b",
                r"\b(aren'?t|are not|isn'?t|is not|can'?t be|cannot be) (handled|dealt with|discussed|resolved) (on|via|over|here|through)\b",
                r"\b(unable|not able) to (discuss|comment|help with)\b", r"\bcan'?t (discuss|comment on) (that|this|account)\b",
                r"\bbye( then)?\b", r"\bfeel free to (leave|go|switch|take your)\b", r"\b(go|switch|move) elsewhere\b",
                r"\bgood luck (finding|with that)\b", r"\bhave a (great|nice|good|lovely) (day|one|evening|weekend)\b",
                r"\bcheck with your (bank|provider|employer)\b", r"\bnot our (problem|concern|responsibility)\b",
                r"\b(there'?s |there is )?nothing (we|i) can do\b", r"\bout of our hands\b",
                r"\b(raise|submit|open|log) a (ticket|request|case|complaint)\b", r"\b(fill in|complete|use) (the|our) (online )?(form|web form|contact form)\b",
                r"^\W*(ok|okay|noted|fine|k|sure|right|cool|understood)\W*$", r"^\W*(we'?re|we are) (working on it|on it|looking into it|aware)\W*$",
                r"^\W*thanks?( you)? for letting (us|me) know\b(?!.*\b(sorry|because|can|will|is|are)\b)")),
    M("self_focus", empathy=-18, tone=-12, reason="'{q}' is about the brand's feelings, not theirs: keep the focus on the customer",
      patterns=(r"\b(i|we) feel (absolutely |so |really |truly |just )?(awful|terrible|bad|dreadful|horrible|sick) (about|for)\b",
                r"\bworst (morning|day|week|shift|night) of (my|our) (life|lives|career)\b", r"\b(i'?m|we'?re|i am|we are) (so |really |very |completely )?(stressed|exhausted|overwhelmed|swamped|drowning|knackered|shattered)\b",
                r"\bcan barely (think|cope)\b", r"\b(hard|tough|difficult|stressful) (on|for) us( too)?\b", r"\bwe'?re (only )?human too\b",
                r"\bspare a thought for (us|our|the team)\b", r"\b(up|working|awake) all night\b",
                r"\b(we'?re|we are|i'?m|i am) (so |incredibly |very |really |extremely )?proud\b",
                r"\bour (brilliant|amazing|incredible|fantastic|heroic|tireless|wonderful) (crews|engineers|team|teams|staff|people|developers|devs)\b")),
    # -- tone: the bad voice ------------------------------------------------------------------
    M("tone_policing", empathy=-10, tone=-34, reason="'{q}' is tone policing: acknowledge the frustration instead",
      patterns=(r"\bcalm down\b", r"\bsettle down\b", r"\btake a (deep )?breath\b", r"\btone it down\b",
                r"\bno need (to|for) (shout|be rude|swear|the language|language|be like that|rudeness|abuse|capitals|caps|that)\b",
                r"\bname-?calling\b", r"\bcapital letters\b|\ball caps\b|\bcaps lock\b",
                r"\bbe (nicer|more polite|polite|civil|respectful|more respectful|kind)\b(?! to (them|our|the))", r"\bmind your (language|tone|manners)\b",
                r"\bwatch (your|the) (language|tone|mouth)\b", r"\blower your voice\b", r"\byour (tone|attitude|language|manners)\b",
                r"\b(shouting|swearing|yelling|being rude|abuse|insults?|name-calling|ranting|moaning) (at us |at me |on here )?(won'?t|will not|doesn'?t|does not|isn'?t going to|never|is not going to) (help|fix|get|change|make)\b",
                r"\bchildish\b", r"\bimmature\b", r"\bshow some (respect|manners|patience)\b",
                r"\b(will not|won'?t|cannot|can'?t) be tolerated\b", r"\bwe (will|'ll) (respond|reply|help) (once|when) you\b",
                r"\bkeep it (civil|polite|clean)\b", r"\bwe do not condone\b", r"\b(we would|we'?d) like to remind\b",
                r"\bwe'?d (ask|remind|encourage) (customers|you|people|passengers|users)\b", r"\bplease refrain\b",
                r"\b(perhaps|maybe) instead of\b", r"\bbe patient like\b", r"\b(won'?t|will not|doesn'?t) (get it|make it|make us) (fixed |work |go )?(any )?faster\b",
                r"\bthere'?s no need for (that|this)\b", r"\bbefore complaining\b")),
    M("arguing", empathy=-8, tone=-26, reason="'{q}' argues with the customer: admit the problem and help",
      patterns=(r"\bactually,? (our|we|the|it|that|this|you)\b", r"\bin fact,? (our|we|the|it|that|this)\b", r"\bfor the record\b",
                r"\b(completely|totally|simply|just|patently|entirely) (false|untrue|wrong|incorrect|inaccurate)\b",
                r"\b(that|this|it)('s| is) (just |simply |completely |totally )?(not (true|the case|correct|accurate|fair)|false|untrue|incorrect|inaccurate)\b",
                r"\b(isn'?t|is not|wasn'?t|was not) (true|the case|accurate|correct)\b", r"\d+(\.\d+)?% (uptime|availability|reliab|of the time)",
                r"\b99(\.\d+)?%", r"\b(above|better than) (the )?(industry|sector) (average|standard)\b",
                r"\bas (stated|mentioned|explained|we (said|stated|explained)|i (said|explained)|previously (stated|mentioned)|already (stated|explained|mentioned))\b",
                r"\bworking as (intended|designed|expected)\b", r"\bnothing (is|was) wrong\b", r"\bthere'?s nothing wrong\b",
                r"\bnot a guarantee\b", r"\bonly (ever )?an estimate\b", r"\b(frankly|quite|rather) (offensive|ridiculous|absurd|unfair|insulting)\b",
                r"\bwithin our (terms|rights|sla)\b", r"\bour (staff|team|people) (are|is|were) under\b",
                r"\b(has|have) (worked|been working|run|been running) (fine|perfectly|without)\b",
                r"\byou'?re (wrong|mistaken|incorrect|misinformed)\b", r"\bwe (never|did not|didn'?t) (say|said|promise)\b",
                r"\bwith (all due )?respect,\b", r"\b(that|this|it) is (an )?(exaggeration|unfair|untrue)\b", r"\bexaggerat",
                r"\bfirst (problem|outage|issue|fault) (this|in|for)\b", r"\bto be fair to us\b", r"\bin our defen[cs]e\b")),
    M("blame", empathy=-12, tone=-28, reason="'{q}' blames someone else: own the problem, whoever caused it",
      patterns=(r"\bmaybe your\b", r"\bprobably your\b", r"\byour (own )?" + _DEVICE + r" (is|must|might|may|could|needs)\b",
                r"\b(is|are) (just |probably |simply )?(too old|out of date|outdated)\b",
                r"\bperhaps (leave|try|you|next time|plan|check)\b", r"\bcheck with your (bank|provider)\b",
                r"\b(caused by|down to|due to|because of|blame|fault of|problem of|issue with|responsibility of) (a |an |the |our |your )?" + _THIRD + r"\b",
                r"\b" + _THIRD + r"('s)? (is |are |was |were )?(responsible|to blame|at fault|fault|problem|issue|mistake|doing)\b",
                r"\bthird[- ]party\b", r"\bnot (our|my) (fault|doing|responsibility|problem|issue|concern|mistake)\b", r"\bnot (us|ours|on us|down to us)\b", r"\bit'?s not us\b",
                r"\brather than us\b", r"\bnot by our own\b", r"\b(isn'?t|is not|wasn'?t|was not|aren'?t) (our|us|ours|on us|down to us)\b",
                r"\b(down|due) to the (weather|storm|wind|winds|snow|heat|heatwave|rain|flood|floods|ice|lightning)\b",
                r"\bblame (the|mother nature|our|your|it on)\b", r"\b(complain|talk|speak) to (them|your|the (council|bank|supplier|provider|operator|contractor))\b",
                r"\b(raise|take) (it|this|that) (up )?with (them|your|the)\b", r"\byour own fault\b", r"\bbe nicer to (them|our|the)\b",
                r"\buser error\b", r"\bcustomer'?s (own )?(property|equipment|pipes|wiring|device|devices|end|side|settings)\b",
                r"\bcheck your (own )?\w+ first\b", r"\bon your side\b", r"\b(on|at) (the user'?s|your) end\b",
                r"\b(your|the user'?s) (own )?(internet|connection|wi-?fi|settings|device|setup|equipment) (first|is|was)\b",
                r"\bhave you (tried|thought about|considered) (turning|restarting|rebooting|switching|clearing|checking|updating|reading|leaving)\b",
                r"\bdid you (even )?(try|read|check|restart|bother)\b", r"\byou should (have|'?ve)\b", r"\b(leave|set off|get up) earlier\b",
                r"\bplan (ahead|your journey|in advance|better)\b", r"\bnext time,? (try|plan|leave|check|read|don'?t)\b",
                r"\bthat'?s what (happens|you get) when you\b")),
    M("sarcasm", empathy=-12, tone=-30, reason="'{q}' reads as sarcasm: say it straight",
      patterns=(r"\boh (wow|great|brilliant|lovely|really|sure)\b", r"\bwow,? (thanks|another|just|really|what)\b",
                r"\b(incredibly|so|very|really) helpful\b(?! to)", r"\bwhat would we do without\b",
                r"\b(we'?d|we would|i'?d|i would) never have (noticed|known|guessed)\b", r"\b(had|have) (absolutely )?no idea\b",
                r"\bnews ?flash\b", r"\bcaptain obvious\b", r"\bsherlock\b", r"\bgenius\b", r"\bwho knew\b", r"\bwho'?d have thought\b",
                r"^\W*obviously\b", r"\b(clearly|obviously),? (we'?re|we are|i'?m|nobody|no one)\b", r"\bsure,? because\b", r"\byeah,? right\b",
                r"\bas if\b", r"\bcongratulations on\b", r"\bthen use your\b", r"\bslow clap\b", r"\bshocking,? i know\b",
                r"\bbig surprise\b", r"\bnice try\b", r"\bwell done (you|on)\b", r"\bthanks for the (tip|advice|update|input|lesson|feedback),? (genius|einstein|sherlock|expert)\b",
                r"\b(another|our resident|the) (expert|genius|comedian)\b", r"\bbecause we (love|enjoy|like) (outages|it|this)\b",
                r"\bwe'?re all (asleep|on holiday|at the pub)\b", r"\bhope (that|this) helps\s*(!|🙂|😊)",
                r"\byou'?re welcome\W*$", r"\bhow (ever )?did you survive\b", r"\bjk\b", r"\bnever heard that one\b",
                r"^\W*cute\b", r"\bunlike some\b", r"🙄|💅", r"\blike everyone else\b", r"\b(sweetie|sweetheart|hun|honey|chief|champ)\b",
                r"\bsimply means\b", r"\bwe trust this (answers|helps)\b", r"\bwe'?ll be sure to prioriti[sz]e\b")),
    M("insult", empathy=-14, tone=-40, reason="'{q}' insults the customer: never hit back",
      patterns=(r"\b(better|more) (qualified|informed|educated|intelligent) than you\b", r"\bsmarter than you\b", r"\bstupid\b", r"\bidiot",
                r"\bmoron", r"\bclowns?\b", r"\bpathetic\b", r"\bloser\b", r"\bdumb\b", r"\bmuppets?\b", r"\bfool(s|ish)?\b", r"\bclueless\b",
                r"\bignorant\b", r"\bimbecile", r"\b(get|grow) (a life|up)\b", r"\b(stop )?wasting (our|my) time\b", r"\bshut up\b",
                r"\bcan'?t (even )?(spell|read|count)\b", r"\bwhing(e|ing)\b|\bwhining\b|\bcrybaby\b|\bsnowflake\b|\bkaren\b",
                r"\b(says|said) the (guy|person|one|man|woman)\b", r"\bnobody (cares|asked)\b", r"\bwho asked\b", r"\btroll\b",
                r"\b(so|how|bit|very|sounds?|sounding|feeling|rather|pretty|quite) entitled\b", r"\bentitled (much|brat|attitude|lot)\b",
                r"\bentitlement\b", r"\bget over it\b", r"\bcry about it\b", r"\bdeal with it\b")),
    M("condescending", empathy=-10, tone=-28, reason="'{q}' talks down to them: answer the question instead",
      patterns=(r"\bwhat(?:'s| is) (wrong with you|your problem)\b", r"\bwhy (didn'?t|don'?t|can'?t|won'?t|wouldn'?t|haven'?t|did) you (even )?\b",
                r"\bare you (serious|kidding|joking|for real)\b", r"\b(read|check|follow) (the|our) (instructions|manual|faq|updates|pinned|previous|guide)\b",
                r"\bnot rocket science\b", r"\b(it'?s|it is) (very |really |quite )?(simple|easy|obvious)\b", r"\bas anyone can see\b",
                r"\bif you (had|'d) (read|listened|checked|bothered)\b", r"\byou clearly (don'?t|didn'?t|haven'?t)\b", r"\bas (i|we) (keep|already) (saying|said)\b",
                r"\bfor the (last|hundredth|third|umpteenth) time\b", r"\blike (i|we) (said|told you)\b", r"\bi already told you\b",
                r"\b(learn|try) to read\b", r"\bgoogle it\b",
                r"\bfor the (\w+th|second|third|\d+(st|nd|rd|th)|nth) time\b", r"\bbless (you|your|him|her|them)\b",
                r"\b(as|like) (we'?ve|we have|i'?ve|i have) (said|mentioned|explained|posted)\b", r"\b(many|several|numerous) times\b",
                r"\bliterally (on|in|there)\b", r"\bbefore posting\b", r"\bit'?s not complicated\b", r"\bsuper easy\b",
                r"\bask a (grandchild|grandkid|child|teenager)\b", r"\bif you'?d registered\b", r"\bwe'?d encourage you to check\b",
                r"\b(as )?per (our|my) (last|previous|earlier|pinned|latest) (tweet|post|reply|message|update)\b",
                r"\bbefore (tweeting|complaining|messaging|moaning)\b", r"\bif you'?d (just |only )?(scroll|read|look|check)\w*\b",
                r"\b(check|read|look at|scroll)\w*\b[^.!?]{0,40}\bnext time\b")),
    M("profanity", empathy=-6, tone=-30, reason="'{q}' is swearing: a brand reply never swears"),
    M("shouting", tone=-26, reason="shouting (capitals or '!!!'): write calmly"),
    M("boilerplate", empathy=-12, tone=-18, substance=-4, reason="'{q}' is corporate boilerplate: say something specific to them",
      patterns=(r"\b(apologi[sz]e|sorry|apologies) for any\b", r"\bany inconvenience\b", r"\bfor the (inconvenience|disruption|trouble|disturbance) (this|that|caused|it)\b",
                r"\binconvenience (this|that|caused|it)\b", r"\bthe inconvenience\b",
                r"\byour (query|call|complaint|feedback|comment|case|ticket|request|enquiry|message) (has been|is|was|have been) (logged|important|noted|received|escalated|passed on|recorded|forwarded|raised|registered)\b",
                r"\bthank you (very much |so much )?for (getting in touch|contacting|reaching out|your (message|tweet|feedback|enquiry|query|comment)|bringing this|your patience|your understanding)\b",
                r"\bthanks for (reaching out|contacting|your (message|tweet|feedback|patience|understanding))\b",
                r"\bwe are aware (of|that)\b", r"\bwe'?re aware of (the|this|an|a|reports|some|reported)\b",
                r"\b(service|technical) (issues|difficulties|disruption|problems) (are|is) being\b", r"\bworking (hard |diligently |tirelessly )?to (resolve|restore normal|rectify)\b",
                r"\bdiligently\b", r"\btirelessly\b", r"\bnormal service\b", r"\bwe are (currently )?experiencing\b", r"\btemporarily unavailable\b",
                r"\b(appreciate|thank you for|thanks for) your (patience|understanding|cooperation|co-operation|continued)\b",
                r"\bexperiencing (difficulties|issues|technical|problems)\b", r"\bplease be (advised|aware)\b", r"\b(kindly|please) note\b", r"\bkindly\b",
                r"\bat this (time|moment in time|point in time)\b", r"\bsorry if any customers\b", r"\bgreat question\b",
                r"\bcurrently (unavailable|assessing|investigating|looking into)\b", r"\bassessing the situation\b", r"\bwe are investigating\b",
                r"\bour (engineers|teams?) (are|is) (currently )?investigating\b", r"\bwe'?re investigating\.?$",
                r"\bwe value (your|our) (business|custom|customers|feedback)\b", r"\bvalued (customer|passenger|member|user)s?\b",
                r"\bdear (customer|passenger|user|member|sir|madam|valued)\b", r"\b(this|the) (matter|reported issue)\b",
                r"\b(stay|please stay) tuned\b", r"\brest assured\b", r"\bin due course\b", r"\b(do not|don'?t) hesitate\b",
                r"\bhope this helps\b", r"\bis there anything else\b", r"\b(for|require) (further|more) (information|assistance)\b",
                r"\b(revert|get back to you) (shortly|in due course|at the earliest)\b", r"\bas a matter of priority\b",
                r"\bmade aware of\b", r"\bhighest priority\b", r"\bour (top|number one) priority\b")),
    M("non_apology", empathy=-16, tone=-20, reason="'{q}' is a non-apology: apologise for what happened, not for their feelings",
      patterns=(r"\b(sorry|regret|apologi[sz]e) (to hear )?(that )?you (feel|think|see it|are unhappy|'?re unhappy|were upset|are upset|'?re upset|have been upset|were offended|feel let down)\b",
                r"\bsorry you'?re (unhappy|upset|disappointed|annoyed|frustrated|not happy)\b",
                r"\b(sorry|apologi[sz]e) if (any|you|anyone|this|that|we|it)\b", r"\bregret (any|that you|if)\b",
                r"\bif (anyone|you|any customers) (was|were|felt|has been|have been) (upset|offended|inconvenienced|affected)\b",
                r"\bsorry for (any|whatever) (upset|offence|offense|frustration|confusion)\b")),
    M("copy_paste", empathy=-10, tone=-30, reason="this repeats one of your earlier replies almost word for word: people notice copy-paste"),
    M("humour", tone=8, empathy=2, good=True, reason="humour that fits the post"),
    M("humour_misplaced", empathy=-30, tone=-34, reason="jokes or cute emoji ('{q}') with someone who is frightened or vulnerable"),
    M("humour_formal", tone=-24, reason="'{q}' is a joke in a formal brand voice: keep it plain"),
    M("too_long", tone=-22, substance=-12, reason=f"over {REPLY_LIMIT} characters: it cannot be posted, cut it down"),
    M("curt", empathy=-16, tone=-16, substance=-8, reason="too curt to help: say what is happening and what they can do"),
    M("hashtag_spam", tone=-22, reason="hashtags and emoji spam ('{q}'): keep it plain"),
    M("sales_pitch", empathy=-12, tone=-26, substance=-14, reason="'{q}' is selling during an outage: help first, never sell",
      patterns=(r"\b(switch|upgrade|sign up|subscribe|join|order|buy) (today|now|here)\b", r"\bhave you (seen|tried|heard about|checked out) our\b",
                r"\bdid you know (our|that our|we offer|about our)\b", r"\b(new|latest) \w+ (plan|deal|offer|bundle|package|tariff|range|subscription)\b",
                r"\b(get|enjoy) unlimited\b", r"\bfree (pair|gift|upgrade|trial|earbuds)\b", r"\d+% off\b", r"\bhalf price\b",
                r"\b(check|take a look at|try) (out )?our (new|latest|premium)\b", r"\bpassionate about\b", r"\bthe very best in\b",
                r"\bspecial offer\b", r"\blimited time\b", r"\bexciting\b", r"\b(exclusive|amazing|great|fantastic|unbeatable) (deal|offer|discount|price)s?\b",
                r"\bwhile stocks last\b", r"\buse (the )?code\b", r"\bpremium (plan|tier|package|membership)\b")),
    M("legalese", empathy=-14, tone=-26, substance=-8, reason="'{q}' hides behind terms: speak plainly and help",
      patterns=(r"\b(clause|section|paragraph|article|schedule) \d", r"\bpursuant to\b", r"\bterms (and|&) conditions\b", r"\bt ?& ?cs?\b",
                r"\b(terms|conditions) of (service|use|supply|carriage|business)\b", r"\bunder (the|our) (terms|agreement|contract|policy)\b",
                r"\b(no|accept no|any|assume no) liability\b", r"\b(not|cannot|can'?t|won'?t be|shall not be|be) (held )?(liable|responsible for)\b",
                r"\bliable\b", r"\bin accordance with\b", r"\bcontractual", r"\bobligations?\b", r"\bhereby\b", r"\bherein\b", r"\bnotwithstanding\b",
                r"\b(supply|service|customer|user|subscription) agreement\b", r"\bsla\b", r"\b(consequential|indirect) loss",
                r"\bforce majeure\b", r"\bact of god\b", r"\b(as )?per (our|the) (policy|terms|t&c)", r"\bour policy (is|states)\b",
r"\bshould be submitted\b", r"\benquiries relating to\b",
                r"\bthe (company|bank|operator|provider) (accepts|shall|will not)\b")),
    M("hedging", substance=-18, tone=-6, reason="'{q}' is vague: say plainly what you know",
      patterns=(r"\bmay or may not\b", r"\ba number of (technical|locations|issues|systems|areas|customers|factors|services|regions)\b",
                r"\bcertain (systems|areas|customers|services|users|regions|locations|players|passengers)\b", r"\bwhen we are able\b",
                r"\bsome (customers|users|players|passengers|people|members|areas) (may|might)\b", r"\bwe would advise all\b",
                r"\b(may|might) (possibly|potentially)\b", r"\bpossibly (be|experiencing)\b", r"\bof varying\b", r"\bvarious (issues|kinds|degrees)\b",
                r"\bpotentially (affected|impacted)\b", r"\bto some extent\b", r"\bin some cases\b")),
    # -- substance ------------------------------------------------------------------------------
    M("uses_facts", substance=22, good=True, reason="used what is known ({q})"),
    M("workaround", substance=18, empathy=4, good=True, reason="gave a workaround or next step ({q})",
      patterns=(r"\bin the meantime\b", r"\bmeanwhile\b", r"\buntil (it'?s|it is|we'?re|we are|then|service|power|the)\b",
                r"\byou can (still |also )?(use|claim|pay|choose|book|change|download|call|ring|get|top up|head|try|go|order|watch|stream|access|find|collect|pick|travel|board|log|check|hotspot|tether)\b",
                r"\byou (could|might want to|may want to) (use|try|call|ring|pay|book|head)\b",
                r"\b(still )?works? (if|on|in|for|fine|while|normally|as normal|everywhere)\b", r"\bstill (work|works|working|running|open|available|valid|on|going)\b",
                r"\b(is|are) (still )?(running|open|available|valid|unaffected|operating|going ahead|accepting|taking|safe|on time)\b", r"\b(is|are) (still )?working (normally|fine|as normal|again|as usual)\b",
                r"\b(call|ring|phone) (999|105|111|112|911|our|us|the|\d)", r"\bplease (call|ring|tell|mention|use|keep|head|go|try|bring|take|pay|book)\b",
                r"\bwhile (we|it|they|the|that)\b", r"\bis valid on\b", r"\bclaim (through|for|on|online|back|it|via|using)\b",
                r"\bi'?ll (ask|send|add|make sure|call|flag|check|book|pass|get|chase|arrange|sort|escalate|refund|look)\b",
                r"\bi'?m (asking|flagging|sending|booking|adding|checking|escalating|passing|arranging|chasing)\b",
                r"\b(we|i) can (send|book|help|arrange|bring|add|check|call|sort|deliver|cancel|move|rebook|change)\b",
                r"\bwe'?ll (send|bring|arrange|deliver|add|call|cover|book|waive)\b", r"\bat our cost\b", r"\binstead\b",
                r"\b(head|go) to\b", r"\bhere'?s (how|what)\b", r"\bthe (web|phone|desktop|mobile) (app|player|version|site)\b",
                r"\b(wi-?fi calling|cash machine|cash on delivery|contactless|in branch|by phone|by card)\b")),
    M("next_update", substance=10, good=True, reason="said when they will hear more",
      patterns=(r"\b(next )?updates? (is |will be |comes |will come |at |by |due )?(here |you )?(within|at|by|every|in|when|due|on|around)\b",
                r"\bnext update\b", r"\b(i|we)'?ll (update|tell|let you know|reply|post|be back|come back|keep|share|message|be in touch|get back)\b",
                r"\b(i|we) will (update|tell|let you know|reply|post|keep|share|be in touch)\b",
                r"\bkeep you (posted|updated|in the loop|informed)\b", r"\bas soon as (we|i|there'?s|it'?s)\b", r"\bif (that|anything|this) changes\b",
                r"\bthe moment (we|it|there|i)\b", r"\bonce we (do|know|have|find)\b", r"\bwhen (there'?s|we have|we know|i have|i know) (news|more|an? )",
                r"\b(hourly|half-hourly) updates?\b", r"\bupdates? (hourly|every)\b", r"\bcheck back (at|by|in|after)\b")),
    M("press_office", substance=28, good=True, reason="sent the journalist to the press office",
      patterns=(r"\bpress (team|office|officer|desk|line|contact)\b", r"\bmedia (team|office|relations|desk|line|enquiries|contact)\b",
                r"\b(communications|comms|pr) (team|office|desk)\b", r"\b[\w.+-]+@[\w-]+\.[\w.]+\b", r"\bspokesperson\b", r"\bnewsroom\b")),
    M("press_missing", substance=-16, reason="a journalist should be sent to the press office, not given an answer off the cuff"),
    M("answers_question", substance=20, good=True, reason="answered the question they asked"),
    M("ignores_question", substance=-20, reason="{raw}"),
    M("no_information", substance=-10, reason="no information they can use: add what is known or what to do"),
    M("unsupported_eta", substance=-34, tone=-4, reason="'{q}' promises a fix time the facts do not support: give the next update time instead"),
    M("unsupported_compensation", substance=-30, reason="'{q}' promises compensation nobody has announced"),
    M("unsupported_cause", substance=-24, reason="'{q}' states a cause the facts do not support"),
    M("speculation", substance=-30, tone=-6, reason="'{q}' is speculation: say only what is known",
      patterns=(r"\bcould (well |easily )?be (a |an |due|caused|related|linked|down to|hackers|someone|sabotage)\b", r"\bcould well be\b",
                r"\bmight (well )?be (a |an |due|caused|related|linked|down to|hackers|someone|sabotage|the)\b", r"\bmay (well )?be (a |an |due|caused|related|linked|down to|hackers)\b",
                r"\bprobably\b", r"\bpossibly (a |an |due|caused|related|linked|because|the)\b", r"\bmaybe (it'?s|it was|a |an |someone|the)\b", r"\bnot sure yet\b",
                r"\b(i|we) (think|suspect|believe|guess|reckon|assume) (it'?s|it was|it is|this is|someone|that (it|a|the|someone)|a |an |the cause)\b",
                r"\b(i|we) suspect\b", r"\bbound to happen\b", r"\bbetween (you and me|us)\b", r"\bi reckon\b", r"\b(my|our) (guess|hunch|theory)\b",
                r"\b(looks|sounds|smells) like (a |an |some )?(hack|attack|ddos|virus|sabotage|malware|breach)\b", r"\brumou?rs? (is|are|has it|say)\b",
                r"\ballegedly\b", r"\bapparently\b", r"\boff the record\b", r"\bcan'?t rule out\b", r"\bwho knows\b")),
    M("internal_detail", substance=-22, tone=-10, reason="'{q}' overshares internal detail or blames colleagues",
      patterns=(r"\bsomeone (on|in) the \w+ (team|department)\b", r"\bdeleted the wrong\b", r"\b(mess|chaos|carnage|bedlam) (in here|here|behind the scenes|internally|in the office)\b",
                r"\bthe (dev|devs|it|infra|ops|engineering|tech|backend|platform|network) (team|guys|department|lot|people) (pushed|broke|deleted|messed|screwed|forgot|did|made|rolled)\b",
                r"\b(short|under)-?staffed\b", r"\brushing things\b", r"\b(job|budget|cost) cuts\b", r"\bredundanc(y|ies)\b",
                r"\b(the|an|our) intern (broke|deleted|unplugged|did|pushed)\b", r"\bmanagement (won'?t|refused|cut|decided|ignored)\b",
                r"\btbh\b", r"\b(it'?s|total|absolute|utter|complete) (chaos|carnage|a shambles|shambles|bedlam)\b", r"\bbetween us\b",
                r"\b(our|the) (boss|bosses|managers?) (is|are|won'?t|never)\b")),
    M("private_data_request", substance=-40, tone=-6, reason="'{q}' asks for private data in public: move it to DM, never passwords"),
    M("empty_reply", empathy=-40, tone=-40, substance=-40, reason="the reply is empty"),
    # -- judgement first: safe and honest (these cap the overall; see scorer.CAPS) ----------------
    M("fault:unsafe", substance=-40, tone=-4, reason="{raw}"),
    M("fault:no_safety_advice", substance=-40, tone=-4, reason="{raw}"),   # someone in danger, no 999
    M("fault:misleading", substance=-30, tone=-4, reason="{raw}"),
    M("fault:secrets", empathy=-10, tone=-10, substance=-45,
      reason="'{q}' asks for a secret: staff never need passwords, PINs, codes, card numbers or security answers, "
             "not in public and not by DM"),
    M("fault:misplaced_humour"),
    M("scam_warning", empathy=4, tone=6, substance=24, good=True, reason="warned them about the scam ({q})"),
    M("flat_register", empathy=-4, tone=-8, reason="a joke answered like a press release: match their register, then inform"),
    M("generic", empathy=-8, substance=-8, reason="this would fit any post: say something about theirs"),
    M("not_english", empathy=-40, tone=-40, substance=-40, reason="Stormdesk scores replies in English"),
    M("emoji_only", empathy=-4, tone=4, substance=-30,
      reason="an emoji on its own ({q}) tells them nothing: say something they can use"),
    # -- follow-ups: a second reply in a thread you already answered (scoring/followup.py) --------
    M("followup_repeat", empathy=-6, tone=-8, substance=-28,
      reason="this follow-up says nothing your earlier reply did not ('{q}'): bring news, a correction or a next step"),
    M("followup_news", substance=14, good=True, reason="followed up with news your earlier reply lacked ({q})"),
    M("followup_correction", tone=4, substance=16, good=True, reason="corrected your earlier reply ('{q}')"),
)

PROFANITY = re.compile(r"\b(wtf|fuck\w*|f\*+\w*|shit\w*|sh\*t|crap|bollocks|arse\w*|piss\w*|bastard\w*|bloody hell|damn it|goddamn)\b")

BY_ID: dict[str, Marker] = {m.id: m for m in MARKERS}


def _top_level(p: str) -> list[str]:
    """Split a pattern at its top-level '|'."""
    parts, depth, cur, i = [], 0, "", 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            cur += p[i:i + 2]
            i += 2
            continue
        if c == "[":
            j = p.index("]", i + 1)
            cur += p[i:j + 1]
            i = j + 1
            continue
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    return parts + [cur]


try:                                            # the regex parser, to find what every match must contain
    from re import _parser as _sre_parse        # Python >= 3.11
    from re import _constants as _sre_c
except ImportError:                             # pragma: no cover - Python 3.10
    import sre_constants as _sre_c
    import sre_parse as _sre_parse


def _gates(seq) -> list[frozenset[str]]:
    """Literal sets that every match of a parsed pattern must contain one of: a run of literal
    characters is a set of one; a mandatory group of alternatives ("(awful|grim|rough)") is a
    set of one literal per alternative, when each alternative has one."""
    out: list[frozenset[str]] = []
    run = ""
    for op, av in seq:
        if op is _sre_c.LITERAL:
            run += chr(av)
            continue
        if run:
            out.append(frozenset((run,)))
            run = ""
        if op is _sre_c.SUBPATTERN:
            out.extend(_gates(av[-1]))
        elif op is _sre_c.BRANCH:
            alts = [_best(_gates(a)) for a in av[1]]
            if all(alts):
                out.append(frozenset().union(*alts))
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[0] >= 1:
            out.extend(_gates(av[2]))
    if run:
        out.append(frozenset((run,)))
    return out


_COMMON = frozenset("""a an the and or to of in on at for it is are be we you your our my me us i not no that this
they them with by as was were will can do so if all its it's we're you're we'll i'll i'm has have had""".split())


def _selectivity(g: frozenset[str]) -> tuple[int, int]:
    """How rarely a gate lets text through: its weakest literal's length (common words count as
    one letter), then fewer literals."""
    return min(1 if x.strip(" ,'") in _COMMON else len(x.strip()) for x in g), -len(g)


def _best(gates: list[frozenset[str]]) -> frozenset[str] | None:
    return max(gates, key=_selectivity, default=None)


def _gate(p: str) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """The most selective gate of a pattern, and a second one (checked before searching)."""
    gs = sorted(_gates(_sre_parse.parse(p)), key=_selectivity, reverse=True)
    gs = [g for g in gs if min(map(len, g)) >= 2]
    if not gs:
        return None
    return gs[0], (tuple(gs[1]) if len(gs) > 1 else ())


# Speed. Python's re cannot skip ahead to a pattern that opens with \b, so searching 470
# patterns one by one costs a pass over the text each. Nearly every pattern opens with \b and
# a word, so a match can only start where a word starts. The patterns are indexed by the first
# three letters a match can begin with (worked out from the parsed pattern: alternatives,
# optional parts and small character classes are expanded), and each reply is read once: at
# each word start, only the patterns indexed under its first letters are tried there. The few
# patterns that can start anywhere are searched whole, each only when a literal every match
# must contain is in the text.
_PREFIX_LEN = 3
_MAX_STARTS = 200


class _TooMany(Exception):
    pass


def _starts_seq(seq, k: int) -> set[tuple[str, bool]]:
    """(prefix, open) pairs: the strings a match of ``seq`` can begin with, up to ``k``
    characters; ``open`` when the sequence ended and what follows it continues the prefix."""
    states = {("", True)}
    for op, av in seq:
        new = set()
        for s, open_ in states:
            if not open_:
                new.add((s, False))
                continue
            for t, o in _starts_item(op, av, k - len(s)):
                u = s + t
                new.add((u[:k], False) if len(u) >= k else (u, o))
        states = new
        if len(states) > _MAX_STARTS:
            raise _TooMany
        if not any(o for _, o in states):
            break
    return states


def _starts_item(op, av, k: int) -> set[tuple[str, bool]]:
    if op is _sre_c.LITERAL:
        return {(chr(av), True)}
    if op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):      # consume nothing
        return {("", True)}
    if op is _sre_c.IN:
        chars: list[str] = []
        for o, a in av:
            if o is _sre_c.LITERAL:
                chars.append(chr(a))
            elif o is _sre_c.RANGE and a[1] - a[0] < 8:
                chars.extend(map(chr, range(a[0], a[1] + 1)))
            else:
                return {("", False)}                          # too wide: the prefix stops here
        return {(ch, True) for ch in chars}
    if op is _sre_c.SUBPATTERN:
        return _starts_seq(av[-1], k)
    if op is _sre_c.BRANCH:
        out: set[tuple[str, bool]] = set()
        for alt in av[1]:
            out |= _starts_seq(alt, k)
        return out
    if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT):
        lo, hi, sub = av
        out = {("", True)} if lo == 0 else set()
        once = _starts_seq(sub, k)
        out |= once if hi == 1 else {(t, False) for t, _ in once}
        return out
    return {("", False)}


def _word_starts(p: str) -> set[str] | None:
    """The strings (up to three characters) a match of ``p`` can begin with, when every match
    begins at the start of a word; else None."""
    parsed = list(_sre_parse.parse(p))
    if not parsed or parsed[0] != (_sre_c.AT, _sre_c.AT_BOUNDARY):
        return None
    try:
        prefixes = {s for s, _ in _starts_seq(parsed, _PREFIX_LEN)}
    except _TooMany:
        return None
    if not prefixes or "" in prefixes or any(not (s[0].isalnum() or s[0] == "_") for s in prefixes):
        return None
    return prefixes


def _any_gate(p: str) -> frozenset[str] | None:
    """Literals one of which every match of ``p`` contains (the most selective such set); else
    the characters a match can begin with, when there are few ("[😉😂…]", "[£$€]")."""
    g = _gate(p)
    if g is not None:
        return g[0]
    gs = [g for g in _gates(_sre_parse.parse(p)) if min(map(len, g)) >= 1]
    best = _best(gs)
    if best is None:
        try:
            first = {s for s, _ in _starts_seq(list(_sre_parse.parse(p)), 1)}
        except _TooMany:
            return None
        if first and "" not in first and len(first) <= 32:
            return frozenset(first)
    return best


def _anchored(p: str) -> bool:
    """Every match of ``p`` begins at the start of the text (``^`` first, no MULTILINE)."""
    parsed = _sre_parse.parse(p)
    return not (parsed.state.flags & re.MULTILINE) and len(parsed) > 0 \
        and parsed[0] == (_sre_c.AT, _sre_c.AT_BEGINNING)


class _Index:
    """Built on first use, so importing the scorer stays cheap; each regex below is compiled the
    first time a text needs it (a batch of replies uses only some of the word starts).

    Per word start (its first letters), one alternation of every pattern indexed there: most
    word starts match none of them, and one call in C says so. Where it matches, each marker
    indexed there is tried with one alternation of all its word-start patterns (in table order,
    so the first alternative that matches is the marker's first pattern in table order that
    matches there, as trying them one by one would find)."""

    def __init__(self) -> None:
        by_prefix: list[dict[str, list]] = [{} for _ in range(_PREFIX_LEN + 1)]
        anywhere: list[tuple[int, str, re.Pattern, frozenset[str] | None]] = []
        pieces: dict[str, list[tuple[int, str]]] = {}
        n = 0
        sources = [(m.id, m.patterns) for m in MARKERS] + [(key, (rx.pattern,)) for key, rx in TEXT_HELPERS]
        for mid, patterns in sources:
            for whole in patterns:
                for p in _top_level(whole):
                    starts = _word_starts(p)
                    if starts is None:
                        rx = re.compile(p)
                        # a pattern anchored at the start is tried there only (a search would
                        # try every position and fail at each)
                        anywhere.append((n, mid, rx.match if _anchored(p) else rx.search, _any_gate(p)))
                    else:
                        pieces.setdefault(mid, []).append((n, p))
                        for s in starts:
                            entry = by_prefix[len(s)].setdefault(s, [None, [], []])
                            entry[2].append(p)
                            if mid not in entry[1]:
                                entry[1].append(mid)
                    n += 1
        # an entry: [its alternation's match (compiled on first use) or None, its markers, its patterns]
        self.by_prefix = [{k: [None, tuple(v[1]), v[2]] for k, v in d.items()} for d in by_prefix]
        self.lengths = tuple(k for k in range(1, _PREFIX_LEN + 1) if by_prefix[k])
        self.anywhere = tuple(anywhere)
        self.pieces = pieces
        self._one: dict[tuple[str, int], re.Pattern] = {}
        self._piece: dict[str, re.Pattern] = {}
        # a word's first letters (as many as the longest prefix) -> what to try there (see
        # entries), shortest prefix first: one look-up a word instead of one per length
        self.at: dict[str, tuple[tuple, ...]] = {}

    def entries(self, s: str) -> tuple[tuple, ...]:
        """What to try at a word start whose first letters are ``s``: per entry under one of its
        prefixes, (its alternation's match, the marker whose match it is, or None, and the
        per-marker patterns to try when it matches). An entry of one marker that no other entry
        here holds has all of that marker's patterns that can match here, in table order, so its
        first match is the marker's; else, per marker of the entry, its patterns indexed here
        (the only ones of it that can match here), in table order, so the first that matches is
        the marker's match here. An entry's alternation is compiled here, the first time a text
        has a word that starts with its prefix (then it is tried at once)."""
        found = [e for e in (self.by_prefix[k].get(s[:k]) for k in self.lengths) if e is not None]
        here = {p for e in found for p in e[2]}
        out = []
        for e in found:
            if e[0] is None:
                e[0] = re.compile(_joined(e[2])).match
            alone = len(e[1]) == 1 and not any(e[1][0] in o[1] for o in found if o is not e)
            out.append((e[0], e[1][0] if alone else None, () if alone else
                        tuple((mid, tuple(p for _, p in self.pieces[mid] if p in here)) for mid in e[1])))
        self.at[s] = out = tuple(out)
        return out

    def one(self, p: str) -> re.Pattern:
        rx = self._piece.get(p)
        if rx is None:
            rx = self._piece[p] = re.compile(p)
        return rx

    def number(self, mid: str, low: str, i: int) -> int:
        """The table number of the first of ``mid``'s word-start patterns that matches at ``i``."""
        for n, p in self.pieces[mid]:
            rx = self._one.get((mid, n))
            if rx is None:
                rx = self._one[(mid, n)] = re.compile(p)
            if rx.match(low, i):
                return n
        raise AssertionError("an entry of this marker matched here, so one of its patterns does")


def _joined(patterns: list[str]) -> str:
    """One alternation of word-start patterns, in order. Their common opening \\b is said once."""
    if all(p.startswith("\\b") for p in patterns):
        return "\\b(?:" + "|".join(f"(?:{p[2:]})" for p in patterns) + ")"
    return "|".join(f"(?:{p})" for p in patterns)


_INDEX: _Index | None = None
_WORD_START = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def find_all(low: str) -> dict[str, re.Match]:
    """Every pattern marker (and TEXT_HELPERS entry) that matches lower-cased text, with its first match in the text
    (the earliest; at the same place, the marker table's order). Cached: the same reply text
    comes back again and again (copy-paste, canned lines); callers must not modify the result,
    and use only a match's span and group(0)."""
    global _INDEX
    idx = _INDEX or _Index()
    _INDEX = idx
    at, piece, longest = idx.at, idx._piece, idx.lengths[-1]
    found: dict[str, re.Match] = {}
    for w in _WORD_START.finditer(low):
        i = w.start()
        s = low[i:i + longest]
        steps = at.get(s)
        if steps is None:
            steps = idx.entries(s)
        for match, sole, subs in steps:
            m = match(low, i)
            if m:
                if sole is not None:            # the match is this marker's
                    if sole not in found:
                        found[sole] = m
                    continue
                for mid, patterns in subs:
                    if mid not in found:
                        for p in patterns:
                            m = (piece.get(p) or idx.one(p)).match(low, i)
                            if m:
                                found[mid] = m
                                break
    nums: dict[str, int] = {}            # the table number of a match found by a pattern that starts anywhere
    for n, mid, find, gate in idx.anywhere:
        if gate is not None:             # any(x in low for x in gate), without a generator per gate
            for x in gate:
                if x in low:
                    break
            else:
                continue
        m = find(low)
        if m:
            old = found.get(mid)
            if old is None or m.start() < old.start() or (m.start() == old.start() and n < (
                    nums[mid] if mid in nums else idx.number(mid, low, old.start()))):
                found[mid] = m
                nums[mid] = n
    return found


def whole_words(text: str, a: int, b: int) -> str:
    """``text[a:b]`` widened to whole words: a match that begins or ends inside a word ("s a
    rotten" of "it's a rotten", "exaggerat" of "exaggerating", "call 0" of "call 0800") is quoted
    with the rest of that word, so a reason never quotes a stem or a fragment. An apostrophe
    inside a word ("it's", "won't") belongs to it."""
    n = len(text)
    while a > 0 and (text[a - 1].isalnum() or (text[a - 1] in "'’" and a > 1 and text[a - 2].isalnum()
                                               and a < n and text[a].isalnum())):
        a -= 1
    while b < n and (text[b].isalnum() or (text[b] in "'’" and b + 1 < n and text[b + 1].isalnum()
                                           and b > 0 and text[b - 1].isalnum())):
        b += 1
    return text[a:b].strip()


# Helpers the scorer uses (vocabulary, not scoring weights).
PRIVATE_DATA = re.compile(r"\b(sort code|account number|password|pin( number)?|date of birth|card (number|details)|"
                          r"full name|home address|security (code|question|number)|cvv|mother'?s maiden|passcode|national insurance)\b")
PUBLIC_ASK = re.compile(r"\b(reply with|tweet (us|me)|post (it|them|your)|send (us|me) your|tell us your|share your|just reply|reply here)\b")
ETA_FIX = re.compile(r"\b(back|fixed|restored|working|up and running|sorted|resolved|online|live|running)\b")
ETA_TIME = re.compile(r"\b(by|before|within|in|at|around|for|until|till|from)\s+(the next\s+|about\s+|roughly\s+)?((\d{1,2}([:.]\d{2})?\s*(am|pm|o'?clock)?)|(an?|one|two|three|four|five|six|ten|fifteen|twenty|thirty|forty|\d+|a few|a couple of|half an)\s+(minutes?|mins?|hours?|hrs?|days?)|the hour|noon|midday|midnight|tonight|teatime|tea ?time|lunch(time)?|dinner(time)?|bedtime|tomorrow|the (end of the )?(day|morning|afternoon|evening|weekend)|this (morning|afternoon|evening)|(mon|tues|wednes|thurs|fri|satur|sun)day)\b|\b(shortly|any minute( now)?|very soon|in no time|before you know it|later today|within the hour)\b|\bgive it (an?|one|two|three|\d+|a few|half an|a couple of) (minutes?|mins?|hours?|hrs?|days?)\b")
PROMISE = re.compile(r"\b(promise[ds]?|guarantee[ds]?)\b")
COMPENSATION = re.compile(r"(£|\$|€)\s?\d+|\b(everyone|all customers|every customer|everybody)( affected)? (gets|will get|will receive|is getting|will be (refunded|compensated|credited))\b|\byou'?ll (get|receive|be given) (compensation|a refund|your money back|money back|a credit|a voucher)\b|\bcompensation (is|will be) (paid|given)\b|\bfull refunds?\b|\b(refund|refunding|compensate|compensating|reimburse|reimbursing|credit|crediting) (everyone|everybody|all (customers|users|players)|every)\b|\bin full\b")
COMPENSATION_FACT = re.compile(r"\b(compensat|refund|credit|claim|repay|money back|goodwill|waive|late fees?)")
CAUSE_CLAIM = re.compile(r"\b(caused by|because of|due to|the cause (is|was)|it'?s (a|an) (hack|cyber|attack|fire|power cut|flood)|we (were|have been|'ve been) hacked|was a (hack|cyber))\b[^.,;]*")
HACK = re.compile(r"\b(hack|hacked|hackers|cyber|attack)\b")
HUMOUR_WORDS = re.compile(r"\b(ha|ha(ha)+|he(he)+|lol|lmao|we'?ll admit|can'?t argue|fair cop|guilty as charged|touch[eé]|ouch|harsh,? but|you'?ve got us|we'?ll take (that|it)|point taken|feels like it|not wrong|fair play|bravo|encore|plot twist|spoiler|villain|heroe?s?|cliffhanger|sequel|boss fight|undefeated|winning|party|snooze|nap|romantic|candlelit|cosy|just in case|oh wait|we'?ve been called worse|pun intended|no pun)\b|[😉😂🤣😄😅💤🕯🥳🍿🎶🎵😎🙃😜😆]")
FEAR_WORDS = re.compile(r"\b(scared|frightened|terrified|panick|dialysis|dementia|pregnant|hospice|funeral|died|dying|alone|"
                        r"on my own|elderly|disabled|wheelchair|oxygen|carer|999|emergency|medical|stairlift|i'?m (7|8|9)\d|"
                        r"grieving|heart condition|epilep|deaf|blind|chemo|cancer|seizure|chest pains?|insulin|bereave|"
                        r"passed away|lost my (mum|dad|wife|husband|son|daughter|partner|mother|father)|nervous|anxious|worried sick|"
                        r"in labour|newborn|baby|toddler|my (lad|girl|boy|son|daughter)'?s? (cut|hurt|ill|sick)|hospital|a&e|"
                        r"life savings|can'?t breathe|bleeding|freezing|smell (of )?gas|terrif)")
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
# Humour and chirpiness by shape: laughing, winking, party and prop emoji; cheery openers and
# exclamations; playful idioms. Hearts and folded hands are care, not jokes.
PLAYFUL_EMOJI = frozenset("😂🤣😄😅😆😉😜😝🙃😎🥳🎉🍿🙈👾✨💪🌬😬💦🧘🔦❄⛄🚽🦆🚣👀🎶🎵🎮☕🛒📦🙌👍😊😁😀🤪🤗🐹🥔🦁📚🥂🐶💅🙄")
CARING_EMOJI = frozenset("💙💛💚💜❤🧡🤍🙏💐🫶")
CHIRPY = re.compile(r"\b(good news|great news|yay|woo+|woohoo|hooray|whoop|omg|congrats|superstar|legends?|you'?ve got this|"
                    r"hang in there|stay (dry|frosty|warm|cosy)|chin up|no biggie|easy peasy|toasty|give (us|them) a (shout|bell|buzz)|"
                    r"pop (the kettle|along|us)|grab a (snack|cuppa|coffee|brew|magazine|few)|treat yourself|deep breaths|"
                    r"duvet day|having a (little )?(nap|snooze|snow day|duvet day|coffee break)|drama queen|calms? its boots|"
                    r"proper (snow globe|drama)|party'?s over|make it a cosy one|in no time)\b|!{2,}|\?!")
# (?<![\w'])['‘"“]...: the quote mark first, so a search skips to one in C; the lookbehind after it
# looks at the character before the mark.
SCARE_QUOTE = re.compile(r"['‘\"“](?<![\w'].)([A-Za-z][\w-]*(?: [\w-]+){0,2})['’\"”](?![\w'])")
THANKS_FOR = re.compile(r"^\W*(thanks|thank you)( so much| very much)? for (the|your) (lovely|kind|wonderful|charming|feedback|input|"
                        r"message|comment|words)")
SYMPATHY = re.compile(r"\b(so sorry|sorry|apologi[sz]e|apologies|understand|hear you|here for you|here to help|patience|bear(ing)? with|"
                      r"appreciate|rest assured|means the world|we know how|must be|thank you for|thanks for|take care|"
                      r"hang in there|frustrating|worrying|we value|top priority|working hard|every step)\b")
COMMON_ENGLISH = frozenset("""sorry thanks thank please hi hello yes no we you it is are the and to of for in on at be will can
our your this that with not have has been from now here there what when where why how back soon today""".split())
# Posts about other outages, other brands and other people: a reply that shares as many of its
# words with one of these as with the post it answers would fit any post (written for this scorer).
REFERENCE_POSTS = (
    "no hot water since the boiler engineer visit, three kids and a cold house",
    "my train to the airport was cancelled and I'll miss my flight to Lisbon",
    "card declined at the petrol station and I've got no cash on me",
    "the app logged me out and now it wants a code I never got",
    "power's been off on our estate since lunch, freezer full of food",
    "is the leisure centre pool open tomorrow or still closed after the flood?",
    "broadband keeps dropping every evening during my online exam",
    "my parcel with my daughter's birthday present is stuck at the depot",
    "phone signal gone in the whole village, my mum is elderly and lives alone",
    "bins haven't been collected for two weeks and the street smells",
    "why does your website keep crashing when I try to pay my bill?",
    "my wages haven't arrived and rent is due tomorrow",
    "water pressure is a trickle in the flat, can't shower before my interview",
    "the stream froze right at the final minute of the match",
    "flight delayed six hours, no food vouchers and the kids are exhausted",
    "ferry sailing cancelled again, how do I get to the island for work",
    "gas smell near the school gates, should we keep the children inside?",
    "my prescription order won't go through on the surgery website",
    "lost all my saved progress in the game after the update",
    "journalist here: how many customers are affected by the outage?",
)
# (^|\s)[\^~][A-Z][a-z]+\b, the mark first (a search skips to it in C) and the space before it as
# a lookbehind: a match is only the sign-off itself ("^Priya"), its words are the same
SIGN_OFF = re.compile(r"[\^~](?<!\S[\^~])[A-Z][a-z]+\b")
ACRONYMS = frozenset({"DM", "DMS", "TV", "ETA", "SMS", "ATM", "UK", "USA", "FAQ", "SIM", "PIN", "NHS", "ID", "OK", "BBC",
                      "API", "VPN", "IT", "PC", "GP", "AM", "PM", "MMS", "4G", "5G", "3G", "WIFI", "URL", "CEO", "PR"})
STOPWORDS = frozenset("""a an the and or but if so of to in on at by for with from as is are was were be been being am
i me my we us our you your he she it its they them their this that these those there here what which who whom whose
when where why how all any both each few more most other some such no nor not only own same than too very can will
just don should now do does did doing have has had having would could may might must shall get got gets going go
im ive youre were theyre its dont cant wont didnt doesnt isnt arent wasnt thats whats one also about up out into over
again still yet any anyone someone something nothing everyone everything please thanks thank sorry really today right
back know let need want like make made take come way well much many because while then once even ever""".split())
HONEST_UNKNOWN = re.compile(r"\b(don'?t|do not) (know|have) (yet|it yet|a (time|fix time|date|restoration time)|an? (eta|estimate|time|answer))|"
                            r"\bno (fix time|eta|estimate|time|restoration time|date|answer|news) yet\b|\bnot yet\b|\bwon'?t guess\b|"
                            r"\bstill (finding|investigating|working out|looking into|establishing) (the|what)\b")
SORRY_BUT = re.compile(r"\bsorry,? but\b")

# Vocabulary the scorer looks for in every reply, found in the same single read as the markers
# (by find_all, keyed "~name" so the keys never clash with marker ids).
TEXT_HELPERS: tuple[tuple[str, re.Pattern], ...] = (
    ("~eta_time", ETA_TIME), ("~eta_fix", ETA_FIX), ("~promise", PROMISE), ("~private", PRIVATE_DATA),
    ("~honest_unknown", HONEST_UNKNOWN), ("~sorry_but", SORRY_BUT), ("~humour", HUMOUR_WORDS), ("~chirpy", CHIRPY),
    ("~sympathy", SYMPATHY))


def add_helpers(helpers: tuple[tuple[str, re.Pattern], ...]) -> None:
    """Other scoring modules' vocabulary, read in the same single pass (before the first read)."""
    global TEXT_HELPERS
    if _INDEX is not None:
        raise RuntimeError("add_helpers after the marker index was built")
    TEXT_HELPERS = TEXT_HELPERS + tuple(helpers)
