"""A reply's claims, checked against what is known at that moment.

A claim is found by what it is about, not by a list of phrasings:

- **state claims**: a clause that says something works, is open, is safe (or may be used), or runs
  on time, with its polarity. Negation is scoped: a "not", "no", "never" or "-n't" within three
  words before the predicate flips it ("won't connect", "will NOT make it safe", "must not use"),
  and so do antonyms ("closed" is not open, "failing" is not working, "live" wires are not safe).
  The objects of the clause (its other content words) align the claim with the fact about the
  same thing: of the facts with the same predicate, the one sharing the most telling words (words
  found in few of the facts count most). Same polarity: supported; opposite: contradicted;
  no such fact: unknown.
- **denials**: the reply says nothing is wrong, or that it is the customer's kit, or that only a
  handful are affected, while a fact reports the failure.
- **time claims**: the reply says when it will be back or done. Supported when the facts give
  that time; contradicted when the facts say there is no time yet, or give another; else unknown
  (an unsupported promise). "I won't promise a time", "no fix time yet" are not claims.
- **cause claims**: "because of ...", "caused by ...", "it's a hack", "details may have been
  exposed". Supported when a fact names that cause; contradicted when the facts say the cause is
  still being found, name another, or rule out a breach; else unknown.
- **money claims**: refunds, credits, compensation promised as certain. Contradicted when the
  facts make it conditional or undecided, or give other amounts or times; else unknown unless a
  fact supports it.

A contradiction of a safety fact (what people should or should not do: appliances, water, power
lines, emergency numbers, medical help) is unsafe; any other contradiction, and an unknown
promise of a time, compensation or cause, is misleading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

TOKEN = re.compile(r"[a-z0-9][a-z0-9&'’]*(?:-[a-z0-9]+)*|[.;:!?,()]")
NEGATORS = frozenset("""not no never nor cannot can't cant won't wont don't dont doesn't doesnt isn't isnt aren't arent
wasn't wasnt weren't werent shouldn't shouldnt mustn't mustnt couldn't couldnt wouldn't wouldnt didn't didnt haven't
hasn't without nothing none avoid""".split())
BARRIERS = frozenset(".;:!?,()") | frozenset("but so because until unless although though while".split())

# predicate families: word -> (family, polarity)
_FAMILIES = {
    "work": ("""work works working worked run runs running operating operational connect connects connected connecting
              available normal normally unaffected reopened going hopeful restored fixed resolved""",
             """down offline failing fail fails failed broken dead cancelled canceled cancel unavailable suspended
              disrupted dropping drops erroring crashed grounded"""),
    "open": ("open opened reopens", "closed close shut closes closing"),
    "safe": ("safe fine ok okay alright harmless drinkable", "unsafe dangerous danger hazardous harmful contaminated"),
    "ontime": ("on-time punctual", "late delayed delay delays"),
}
PRED: dict[str, tuple[str, bool]] = {}
for fam, (pos, neg) in _FAMILIES.items():
    for w in pos.split():
        PRED[w] = (fam, True)
    for w in neg.split():
        PRED[w] = (fam, False)
# Actions that are only a claim when permitted ("you can use", "fine to move") or forbidden
# ("don't touch", "must not use"): their family is "safe".
ACTIONS = frozenset("use using used drink drinking touch touching move moving light lighting boil boiling drive driving "
                    "enter entering approach swim eat bath bathe put drag".split())
PRED_KEYS = frozenset(PRED) | ACTIONS | {"live", "time", "ahead", "off"}
# Two-word predicates: "will still go ahead" (it runs as planned), "called off" (cancelled).
GO = frozenset("go goes going went gone".split())
CALLED = frozenset("called calling call calls".split())
# Precautions: boiling the water. Told to take one ("please boil it first", "you must boil"), a
# reply says the water is not safe as it comes; told there is "no need to boil", that it is.
PRECAUTIONS = frozenset("boil boiling".split())
PRECAUTION_OBJECTS = frozenset({"water", "drink"})
NEED = frozenset("need needs needed necessary please must should have has".split())
PERMIT = frozenset("can may could fine ok okay safe free allowed able".split())
LINE_WORDS = frozenset("line lines wire wires cable cables pole poles".split())
# Words that say nothing about which thing a claim is about.
WEAK = frozenset("""the a an and or of to in on at by for with from as is are was were be been being it its it's this that
these those there here we our us you your i my me they them their he she his her will would should could can may might
must shall just still now today tonight all any some every everyone everything one also very really so too much more
most only even again back up out off over than then when what which who how where why yes no not please sorry thanks
have has had do does did get got gets make made keep keeps stay going go gone come team teams engineer engineers crew
crews staff customer customers people home homes area areas service services system systems thing things time hour
hours minute minutes day days sure know let need want like way well right while until ours yours affected working
work fault issue issue problem problems""".split())
SAFETY_WORDS = re.compile(r"\b(gas|999|911|112|111|105|emergency|a&e|hospital|ambulance|chest|electric\w*|live|"
                          r"appliances?|hobs?|fires?|heaters?|drink\w*|boil\w*|formula|water is safe|safe|danger\w*|"
                          r"evacuat\w*|stay away|metres|meters|telecare|alarm|medic\w*|insulin|flames?|switches)\b")


@lru_cache(maxsize=65536)
def stem(w: str) -> str:
    w = w.replace("’", "'").strip("'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if len(w) <= 4:
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    for suf in ("ing", "ed"):
        if w.endswith(suf):
            return w[: -len(suf)]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


# Actions that are one thing to a safety fact: touching, moving, dragging or going near a fallen
# line is "contact" ("never touch or approach" forbids "fine to move it").
CONTACT = frozenset(stem(a) for a in "touch touching move moving drag approach".split())
ACTION_STEMS = frozenset(stem(a) for a in ACTIONS) | {"contact"}


def _acted(action: str) -> frozenset[str]:
    s = stem(action)
    return frozenset((s, "contact")) if s in CONTACT else frozenset((s,))


def tokens(low: str) -> list[str]:
    return TOKEN.findall(low.replace("’", "'"))


def _negated(toks: list[str], i: int) -> bool:
    """A negator within three words before toks[i], with no clause barrier in between."""
    for j in range(i - 1, max(-1, i - 4), -1):
        t = toks[j]
        if t in BARRIERS:
            return False
        if t in NEGATORS or t.endswith("n't"):
            return True
    return False


def _permitted(toks: list[str], i: int) -> bool:
    for j in range(i - 1, max(-1, i - 4), -1):
        t = toks[j]
        if t in BARRIERS:
            return False
        if t in PERMIT:
            return True
    return False


@dataclass(frozen=True)
class StateClaim:
    family: str
    positive: bool
    objects: frozenset[str]
    quote: str
    head: str = ""          # what the predicate is said of: the content word nearest before it ("booking line down")


def _parts(text: str) -> list[str]:
    """Sentences, cut again at commas, colons, semicolons and "but": one state claim's objects are
    the words of its own part ("X is down, but Y works" is two claims about two things)."""
    return [s for s in _PARTS.split(text) if s.strip()]


# Where text is cut into parts and clauses. Every cut opens with a space (or a comma), said first so
# that a search skips in C to the next one; the lookbehinds then check what came before it. (The
# same cuts as "(?<=[.!?;:,])\s+|\n+|\s+but\s+|\s+[-–—]\s+", which tries four alternatives at
# every character.)
# "9 p.m. Thursday" is one time, not a sentence ending at "p.m." (NOT_END: the cut is not after "a.m. "
# or "p.m. ", in either case).
NOT_END = r"(?<![aApP]\.[mM]\.\s)"
_PARTS = re.compile(r"\s(?:(?<=[.!?;:,]\s)" + NOT_END + r"\s*|(?<=\n)\n*|\s*but\s+|\s*[-–—]\s+)")
_CLAUSES = re.compile(r"[\s,](?:(?<=[.!?;:]\s)" + NOT_END + r"\s*|(?<=\n)\n*|(?<=,)\s+(?=but\b|so\b))")   # (?<=[.!?;:])\s+|\n+|,\s+(?=but\b|so\b)


FUTURE = re.compile(r"\b(back (up|on|online)|up and running|running again|working again|back to normal|be back|"
                    r"get (it|this|everything|things) (back|working|running))\b")
# Said of a service now, these are claims that it works ("call us back on 0300..." is not).
NOW_BACK = re.compile(r"\b(back up|back online|back to normal|up and running)\b")
# What makes "back up", "working again" a time to come rather than a state now: "we'll have it
# back up", "hope to be back to normal", "should be up and running soon".
FUTURE_MARK = re.compile(r"\b(will|\w+'ll|shall|going to|gonna|hop\w*|expect\w*|should|soon|shortly|aim\w*|"
                         r"plan\w*|try\w*|to (get|have|bring))\b")
# A clause opened by one of these is not asserted: "we'll tell you when it works", "if it's working
# for you", "once power is restored".
SUBORDINATORS = frozenset("when whenever once if whether until till unless before soon".split())
# Who works: a predicate "work" whose subject is people is what they do, not the state of a service
# ("our engineers are working on it", "the team is working hard to fix it").
WORKERS = frozenset("""team teams engineer engineers technician technicians staff crew crews colleague colleagues
people everyone developer developers specialist specialists expert experts i i'm i've we we're we've we'll""".split())
PEOPLE = WORKERS - frozenset("i i'm i've we we're we've we'll".split())   # we: the brand may be the service
WORK_VERBS = frozenset("work works working worked run runs running".split())
# What follows "working" when it is an effort: "working to fix", "working hard", "working round the clock".
EFFORT_NEXT = frozenset("to hard flat flat-out round around tirelessly overtime closely urgently through with "
                        "alongside together nonstop non-stop day night".split())
EFFORT_ON = frozenset("it this that a getting restoring fixing sorting resolving repairs repair".split())
EFFORT_ON_THE = frozenset("fix problem issue fault outage repair repairs".split())


def _not_asserted(toks: list[str], i: int) -> bool:
    """toks[i] sits in a clause opened by "when", "if", "once", "as soon as"... (no full stop,
    semicolon or comma in between): it says what will be, or may be, not what is."""
    for j in range(i - 1, -1, -1):
        t = toks[j]
        if t in SUBORDINATORS:
            return True
        if t in BARRIERS:
            return False
    return False


def _effort(toks: list[str], i: int) -> bool:
    """toks[i] ("working", "run"...) is what people do, not whether a service works."""
    if toks[i] not in WORK_VERBS:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    after = toks[i + 2] if i + 2 < len(toks) else ""
    if toks[i].startswith("work") and (nxt in EFFORT_NEXT or (nxt == "on" and (
            after in EFFORT_ON or (after == "the" and i + 3 < len(toks) and toks[i + 3] in EFFORT_ON_THE)))):
        return True
    subject = None
    for j in range(i - 1, max(-1, i - 4), -1):
        if toks[j] in BARRIERS:
            break
        if toks[j] in WORKERS:
            subject = toks[j]
            break
    if subject is None:
        return False
    if subject in PEOPLE:
        return True
    # "we're working on SurgeryLink" is an effort; "we're working again" is the brand's service
    return toks[i].startswith("work") and nxt == "on"


@lru_cache(maxsize=8192)
def state_claims(text: str) -> tuple[StateClaim, ...]:
    """The works/open/safe/on-time claims in a text, with their polarity and objects. A part (see
    :func:`_parts`) is read closely only when it holds a predicate."""
    out: list[StateClaim] = []
    for part in _parts(text):
        low = part.lower().replace("’", "'")
        toks = TOKEN.findall(low)
        back = FUTURE.search(low)
        if back and FUTURE_MARK.search(low):
            continue                 # "we'll have it back up and running" is a time claim, not a state
        if not PRED_KEYS.isdisjoint(toks):
            _part_claims(toks, part.strip(), out)
        now_back = NOW_BACK.search(low) if back else None
        if now_back and not any(c.quote == part.strip() and c.family == "work" for c in out):
            # "it's back up now", "back to normal": the service works (or, negated, does not yet)
            before = TOKEN.findall(low[:now_back.start()])
            if not (before and _not_asserted(before + ["back"], len(before))):
                objects = _objects(toks) - {"back", "up", "normal", "running"}
                out.append(StateClaim("work", not _negated(before + ["back"], len(before)), objects, part.strip()))
    return tuple(out)


def _part_claims(toks: list[str], quote: str, out: list) -> None:
    hits = [i for i, t in enumerate(toks) if t in PRED_KEYS]
    cuts = [k for k, t in enumerate(toks) if t in SUBORDINATORS]
    got: dict[int, frozenset[str]] = {}
    for i in hits:
        # the claim's objects are the words of its own clause: "all appointments are cancelled until
        # the phones are fixed" is about appointments, and the phones are what "until" waits for
        cut = next((k for k in cuts if k > i), len(toks))
        objects = got.get(cut)
        t = toks[i]
        fam_pol = PRED.get(t)
        if t == "live":
            fam_pol = ("safe", False) if LINE_WORDS.intersection(toks) else None
        elif t == "time":
            fam_pol = ("ontime", True) if i > 0 and toks[i - 1] == "on" else None
        elif t == "ahead":
            fam_pol = ("work", True) if i > 0 and toks[i - 1] in GO else None
        elif t == "off":
            fam_pol = ("work", False) if i > 0 and toks[i - 1] in CALLED else None
        elif t in ACTIONS:
            if objects is None:
                objects = got[cut] = _objects(toks[:cut])
            if t in PRECAUTIONS and any(toks[j] in NEED or toks[j].startswith("need") for j in range(max(0, i - 3), i)):
                if not _not_asserted(toks, i):
                    out.append(StateClaim("safe", _negated(toks, i), objects | PRECAUTION_OBJECTS, quote))
                continue
            if _negated(toks, i):
                out.append(StateClaim("safe", False, objects | _acted(t), quote))
            elif _permitted(toks, i):
                out.append(StateClaim("safe", True, objects | _acted(t), quote))
            continue
        if fam_pol is None or _not_asserted(toks, i) or (fam_pol[0] == "work" and _effort(toks, i)):
            continue
        fam, pol = fam_pol
        if t in DOABLE and _doable(toks, i):
            # "patients can book or cancel online": what they may do, as with any action
            if objects is None:
                objects = got[cut] = _objects(toks[:cut])
            out.append(StateClaim("safe", not _negated(toks, i), objects | {stem(t)}, quote))
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if (t == "down" and nxt in ("to", "the")) or (t.startswith("fail") and nxt == "over"):
            continue                # "down to", "down the road", "fail over" to another region
        if _negated(toks, i):
            pol = not pol
        if objects is None:
            objects = got[cut] = _objects(toks[:cut])
        out.append(StateClaim(fam, pol, objects, quote, _head(toks, i)))


# Predicates that are also things a person does: "cancel", "close", "shut", "delay" in their plain
# form after "can", "may", "able"... ("you can cancel on the portal") say what someone may do, not
# that anything is cancelled.
DOABLE = frozenset("cancel close shut delay".split())
MAY_DO = frozenset("can may could able free can't cant cannot couldn't".split())


def _doable(toks: list[str], i: int) -> bool:
    for j in range(i - 1, max(-1, i - 4), -1):
        if toks[j] in BARRIERS:
            return False
        if toks[j] in MAY_DO:
            return True
    return False


def _head(toks: list[str], i: int) -> str:
    """The thing toks[i] is said of: the last content word of the noun phrase before it, past any
    phrase that only says where or what it is from ("line" in "hospital appointment booking line
    down", "flight" in "all flights from Hallam Airport cancelled", "appointment" in "appointments
    will still go ahead")."""
    j = i - 1
    while j >= 0 and toks[j] not in BARRIERS and not _content(toks[j]):
        j -= 1                              # "is", "will still go" between the thing and what is said of it
    while j >= 0 and _content(toks[j]):
        head, k = stem(toks[j]), j
        while k > 0 and _content(toks[k - 1]):
            k -= 1                          # "appointment booking line": one phrase
        if k > 0 and toks[k - 1] in DETERMINERS:
            k -= 1
        if k > 1 and toks[k - 1] in HEAD_PREPOSITIONS:
            j = k - 2                       # the phrase was "from Hallam Airport": the thing comes before it
            continue
        return head
    return ""


def _content(t: str) -> bool:
    return len(t) > 1 and t not in WEAK and t not in PRED and t not in NEGATORS and t not in BARRIERS and not t.isdigit()


HEAD_PREPOSITIONS = frozenset("from in at on of across near around between to with".split())
DETERMINERS = frozenset("the a an this that these those my our your their his her its".split())


def _objects(toks: list[str]) -> frozenset[str]:
    return frozenset(stem(t) for t in toks if len(t) > 1 and t not in WEAK and t not in PRED and t not in NEGATORS
                     and t not in BARRIERS and not (t.isdigit() and len(t) < 3))


# ---------------------------------------------------------------- facts
NO_TIME = re.compile(r"\bno (\w+ )?(fix |restoration |return |repair )?(time|eta|estimate|date|timescale|timeline)\b|"
                     r"\b(time|eta|estimate)s? (is |are )?(not yet|not) (known|available|confirmed)\b|\bno time yet\b|"
                     r"\bnot yet known when\b|\bno (estimated )?time for\b")
CAUSE_UNKNOWN = re.compile(r"\bcause\b[^.]*\b(under investigation|being investigated|not (yet )?known|unknown|"
                           r"being established|not confirmed|still being)\b|\b(under investigation|unknown cause)\b")
NOT_BREACH = re.compile(r"\b(no|not an?|not) (\w+ ){0,3}(evidence|sign|indication)? ?(of )?(any )?(\w+ )?"
                        r"(breach|hack|cyber|attack|compromise)|\bnot (a|an) (hack|cyber)|\bno (personal |customer )?"
                        r"(data|details|information) (has|have|was|were) (been )?(affected|accessed|lost|stolen|exposed)|"
                        r"\b(money|data|details|savings|funds) (is|are) safe\b")
FACT_UPDATE = re.compile(r"\b(next )?updates?\b")
MONEY_FACT = re.compile(r"\b(compensat\w*|refund\w*|credit\w*|payment|repa\w+|money back|goodwill|waive\w*|reimburs\w*|"
                        r"delay repay|claim\w*|voucher\w*)\b")
MONEY_UNDECIDED = re.compile(r"\b(may|might|could) be (eligible|entitled)|\bdepend\w*\b|\b(will be|to be) "
                             r"(announced|decided|confirmed|reviewed)|\bonce the\b|\bnot (yet )?(decided|agreed|confirmed)|"
                             r"\bunder review\b|\bif eligible\b")
OUTAGE_FACT = re.compile(r"\b(outage|down|offline|failing|failed|failure|fault|faulty|cut|burst|cancel\w*|disrupt\w*|"
                         r"unavailable|not working|no (power|water|signal|service|trains|data)|off supply|drops|dropping|"
                         r"erroring|closed|suspended|delay\w*|leak|contamina\w*|locked|blocked)\b")
ALL_SCOPE = re.compile(r"\b(all|every|everyone|nationwide|across the (uk|country|network))\b")


# Notices that say what not to do without the word "unsafe": a boil-water notice says the tap water
# is not safe to drink as it comes (until it is lifted).
NOTICES = ((re.compile(r"\bboil[- ]?(the )?(tap )?(water|your water)?[- ]?(notice|advice|advisory|order|alert|warning|"
                       r"instruction)s?\b|\bboil (all |your |the )?(tap )?water\b|\bdo[- ]not[- ](drink|use)[- ](notice|"
                       r"order|advice|advisory)\b"), PRECAUTION_OBJECTS | {"tap"}),)
NOTICE_OVER = re.compile(r"\b(lifted|withdrawn|removed|ended|over|no longer|cancelled|canceled|stood down)\b")


def _notice_claim(text: str, low: str) -> StateClaim | None:
    for rx, objects in NOTICES:
        if rx.search(low):
            return StateClaim("safe", bool(NOTICE_OVER.search(low)), _objects(TOKEN.findall(low)) | objects, text)
    return None


@dataclass(frozen=True)
class FactInfo:
    texts: tuple[str, ...]
    claims: tuple[tuple[int, StateClaim], ...]      # (fact index, claim)
    df: dict                                        # stem -> number of facts holding it
    safety: tuple[bool, ...]
    no_time: int | None                             # index of a "no fix time yet" fact
    time_keys: frozenset
    clock: frozenset
    cause_unknown: int | None
    not_breach: int | None
    cause_words: frozenset
    cause_fact: int | None
    money: tuple[int, ...]
    money_undecided: int | None
    money_keys: frozenset
    outage: int | None
    all_scope: int | None
    words: frozenset
    money_words: frozenset
    eta_fact: int | None                            # the first fact giving a time that is not an update time


NUM_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
             "nine": "9", "ten": "10", "twelve": "12", "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40",
             "forty-eight": "48", "twenty-four": "24", "half": "0.5", "a": "1", "an": "1"}
DURATION = re.compile(r"\b(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|"
                      r"twenty-four|forty-eight|half|a|an)[ -](working |business |more |full )?(minutes?|mins?|hours?|hrs?|"
                      r"days?|weeks?|months?)\b")
CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am\b|pm\b|[ap]\.m\b\.?)|\b(\d{1,2})[:.](\d{2})\b|\b(noon|midday|midnight)\b")
NAMED = re.compile(r"\b(today|tonight|tomorrow|overnight|this (morning|afternoon|evening|week)|end of (the )?(day|service|week)|"
                   r"(mon|tues|wednes|thurs|fri|satur|sun)day|later|soon|shortly|next (week|month))\b")


def clock_minutes(text: str, named: bool = True) -> frozenset[int]:
    """The clock times a text names, in minutes after midnight ("6pm", "06:30"; with ``named``, also
    "noon", "midday" and "midnight"). The one reading of clock times: the scorer's check of
    fact times uses it too, without the named ones. (Leaving them out finds the same digit times:
    a name and a digit time never share a character.)"""
    out = set()
    for m in (CLOCK.finditer(text) if named else _digit_clocks(text)):
        if m.group(6):
            if named:
                out.add(0 if m.group(6) == "midnight" else 720)
            continue
        if m.group(1):
            h, mm, ap = int(m.group(1)), int(m.group(2) or 0), m.group(3)
            h = h % 12 + (12 if ap[0] == "p" else 0)       # "pm", "p.m."
        else:
            h, mm = int(m.group(4)), int(m.group(5))
        if 0 <= h < 24 and 0 <= mm < 60:
            out.add(h * 60 + mm)
    return frozenset(out)


_A_DIGIT = re.compile(r"\d")


def _digit_clocks(text: str):
    """CLOCK.finditer(text) without the named times, faster: a digit time can only start at a
    digit, so CLOCK is tried (with match, which sees the text before it for its \b) at each
    digit in turn, from the end of the last match, instead of at every character. (A named time
    has no digit, so leaving those out moves no digit time.)"""
    pos = 0
    find, match = _A_DIGIT.search, CLOCK.match
    while True:
        d = find(text, pos)
        if d is None:
            return
        m = match(text, d.start())
        if m:
            yield m
            pos = m.end()
        else:
            pos = d.start() + 1


DAYS = frozenset("today tonight tomorrow monday tuesday wednesday thursday friday saturday sunday".split())


EVENING = frozenset({"tonight", "this evening"})


def _today(keys: frozenset) -> frozenset:
    """Time keys with tonight and this evening read as today: "back tonight" is what "fixed by
    6pm today" says."""
    return frozenset("today" if k in EVENING else k for k in keys) if keys & EVENING else keys


def time_keys(low: str) -> frozenset:
    keys = set()
    for m in DURATION.finditer(low):
        n = NUM_WORDS.get(m.group(1), m.group(1))
        unit = m.group(3).rstrip("s")
        unit = {"min": "minute", "hr": "hour"}.get(unit, unit)
        keys.add((n, unit))
    for m in NAMED.finditer(low):
        keys.add(m.group(1))
    return frozenset(keys)


@lru_cache(maxsize=512)
def fact_info(facts: tuple[tuple[str, str | None], ...]) -> FactInfo:
    texts = tuple(t for t, _ in facts)
    claims, df, safety = [], {}, []
    no_time = cause_unknown = not_breach = cause_fact = money_undecided = outage = all_scope = eta_fact = None
    tkeys, clocks, cause_words, money, money_keys, words = set(), set(), set(), [], set(), set()
    for i, (text, kind) in enumerate(facts):
        low = text.lower()
        seen = {stem(t) for t in tokens(low) if t not in BARRIERS}
        if not seen.isdisjoint(CONTACT):
            seen.add("contact")             # the one thing touching, moving and approaching are (_acted)
        words |= seen
        for w in seen:
            df[w] = df.get(w, 0) + 1
        last: dict[str, StateClaim] = {}
        for c in state_claims(text):         # one claim per predicate and fact: the main verb comes last
            last[c.family] = c
        if "safe" not in last and ("boil" in low or "do not" in low or "do-not" in low):
            notice = _notice_claim(text, low)
            if notice is not None:
                last["safe"] = notice
        claims.extend((i, c) for c in last.values())
        safety.append(kind == "safety" or bool(SAFETY_WORDS.search(low)))
        if NO_TIME.search(low) and no_time is None:
            no_time = i
        tkeys |= time_keys(low)
        clocks |= clock_minutes(low)
        if eta_fact is None and (clock_minutes(low) or time_keys(low)) and not FACT_UPDATE.search(low):
            eta_fact = i
        if CAUSE_UNKNOWN.search(low) and cause_unknown is None:
            cause_unknown = i
        if NOT_BREACH.search(low) and not_breach is None:
            not_breach = i
        if kind == "cause" or re.search(r"\b(due to|caused by|because|after|cause|failed|failure)\b", low):
            cause_words |= {stem(t) for t in tokens(low) if t not in WEAK and t not in BARRIERS and len(t) > 2}
            if cause_fact is None and (kind == "cause" or re.search(r"\b(due to|caused by|because|after|cause)\b", low)):
                cause_fact = i
        if MONEY_FACT.search(low):
            money.append(i)
            money_keys |= set(re.findall(r"[£$€]\s?\d+(?:[.,]\d+)?|\d+%", low)) | time_keys(low)
            if MONEY_UNDECIDED.search(low) and money_undecided is None:
                money_undecided = i
        if OUTAGE_FACT.search(low) and outage is None and not NOT_BREACH.search(low):
            outage = i
        if ALL_SCOPE.search(low) and OUTAGE_FACT.search(low) and all_scope is None:
            all_scope = i
    return FactInfo(texts, tuple(claims), df, tuple(safety), no_time, frozenset(tkeys), frozenset(clocks),
                    cause_unknown, not_breach, frozenset(cause_words), cause_fact, tuple(money), money_undecided,
                    frozenset(money_keys), outage, all_scope, frozenset(words),
                    frozenset(stem(t) for i in money for t in tokens(texts[i].lower())), eta_fact)


_NO_FACTS = fact_info(())


# ---------------------------------------------------------------- reply claims
RESTORE = re.compile(r"\b(back|restored|fixed|sorted|resolved|reconnected|up and running|running again|working again|online again|"
                     r"on again|reopen\w*|return\w*|turn up|arrive|delivered|paid|processed|through|raiding again|"
                     r"refunded|in your account|switch(es|ed)? back)\b")
WHEN = re.compile(r"\b(by|before|within|in|at|around|for|until|till|from|after)\s+(the next\s+|about\s+|roughly\s+)?"
                  r"(\d{1,2}([:.]\d{2})?\s*(am|pm)?|(an?|one|two|three|four|five|six|ten|fifteen|twenty|thirty|\d+|a few|"
                  r"a couple of|half an)\s+(minutes?|mins?|hours?|hrs?|days?)|the hour|noon|midday|midnight|tonight|"
                  r"teatime|lunch(time)?|bedtime|tomorrow|the (end of the )?(day|morning|afternoon|evening|weekend|school run)|"
                  r"this (morning|afternoon|evening)|you (know it|finish|get)|(mon|tues|wednes|thurs|fri|satur|sun)day)\b|"
                  r"\b(shortly|any minute( now)?|very soon|soon|in no time|before you know it|later today|within the hour|"
                  r"overnight|this (afternoon|evening)|tonight|today|tomorrow|on time|nearly there|almost there|"
                  r"quick (fix|job|rollback)|(minute|hour)[- ]job|\d{1,2}[:.]\d{2}|\d{1,2}\s*(am|pm))\b|"
                  r"\bgive it (an?|one|two|three|\d+|a few|half an|a couple of) (minutes?|mins?|hours?|hrs?|days?)\b")
HONEST = re.compile(r"\b(don'?t|do not|can'?t|cannot|won'?t|will not) (yet )?(know|have|give|promise|guess|say)\b|"
                    r"\bno (fix |restoration |return )?(time|eta|estimate|date|timescale)\b|\bnot yet\b|\bno idea yet\b|"
                    r"\bnot (sure|known) (yet|when)\b|\bnot (a )?promise\b|\bunknown\b")
DIGIT = re.compile(r"\d")
TIME_WORDS = ("soon", "shortly", "tonight", "today", "tomorrow", "overnight", "minute", "hour", "noon", "midnight",
              "morning", "afternoon", "evening", "quick", "nearly", "almost", "on time", "school run", "lunch", "tea",
              "bedtime", "day", "you know it", "you finish", "you get", "weekend", "job", "no time")
AS_SOON = re.compile(r"\bas (soon|quickly|fast) as\b( [\w']+){1,4}")       # "as soon as the app's back": no time
UPDATE = re.compile(r"\b(update|updates|post it|let you know|tell you|share it|say so|get back to you|call you)\b")
PROMISE = re.compile(r"\b(promise|guarantee|my word|definitely|for sure|absolutely)\b")
HEDGED = re.compile(r"\b(estimat\w*|expect\w*|aim\w*|hop\w*|should|likely|could|may|might|provisional\w*|target\w*|"
                    r"approximately|around|about|roughly)\b")
CAUSE = re.compile(r"\b(caused by|because of|due to|(?:is|'s|was|it'?s) down to|the cause (is|was)|blame|thanks to)\s+([^.,;!?]+)|"
                   r"\b(someone|somebody|thieves|vandals|hackers) (has |have |had )?(stolen|cut|hacked|damaged|broken|"
                   r"attacked|sabotaged)\b[^.,;!?]*|"
                   r"\b(it'?s|it is|it was|this is|this was|we'?ve been|we have been|we were)\s+(a |an )?(\w+ )?"
                   r"(hack|hacked|cyber[- ]?attack|attack|breach|sabotage|ddos|ransomware)\b[^.,;!?]*|"
                   r"\b(possible|suspected|potential) (security|cyber) (incident|attack|breach)\b[^.,;!?]*|"
                   r"\b(details|data|information|accounts?) (may|might|could|will)? ?(have )?(been|be|were|was|are) "
                   r"(exposed|stolen|accessed|leaked|compromised)\b[^.,;!?]*|\bcan(no|')?t rule out\b[^.,;!?]*")
SECURITY = re.compile(r"\b(hack\w*|cyber|attack|breach|exposed|stolen|accessed|leaked|compromised|security incident|"
                      r"sabotage|ddos|ransomware|rule out)\b")
MONEY = re.compile(r"([£$€]\s?\d+(?:[.,]\d+)?)|\b(refund\w*|credit\w*|compensat\w*|money back|on the house|"
                   r"free (months?|weeks?|years?|days?)|(months?|weeks?|years?|days?)('s|'|s)? (\w+ )?(for )?free|"
                   r"voucher|payment|goodwill|discount|reimburs\w*|bill)\b")
CERTAIN = re.compile(r"\b(will|'ll|is getting|are getting|gets|get|receive|be credited|come off|goes? (straight )?(on|back)|"
                     r"already|pushed through|should be back)\b")
UNIVERSAL = re.compile(r"\b(everyone|every (household|customer|one|member|passenger|user)|all (customers|households|"
                       r"members|users|passengers)|no need to claim|automatically)\b")
DENIAL = re.compile(r"\bno (known |reported |wider |current )?(issues?|problems?|faults?|outages?)\b(?! (yet|with your))|"
                    r"\b(all|everything|network'?s?|systems?|services?)\b[^.!?]{0,30}\b(green|running normally|working normally|"
                    r"working fine|looks? fine|looking fine|showing as normal|normal on our|fine on our)\b|"
                    r"\b(on|at) our (side|end)\b[^.!?]{0,20}\b(fine|normal|green|ok|okay)\b|"
                    r"\bnothing('s| is)? (wrong|amiss|broken|up)\b[^.!?]{0,12}\b(our|the|this) (side|end|network|systems?|service|"
                    r"app|line|servers?|website|site)\b|"
                    r"\b(probably|likely|must be|may be|might be|could be|sounds like|it'?s) (just )?(your|something (on|with) your|"
                    r"an issue (on|with) your|down to your|a problem with your) (\w+ )?(router|phone|device|wi-?fi|modem|"
                    r"settings|connection|equipment|handset|app|browser|account|end|side|home)\b|"
                    r"\bonly (a |an )?(tiny |small |few |handful )?(handful|few|small number|minority)\b")
NOT_DENIAL = re.compile(r"\bnot (your|just you)\b|\bnot on your\b|\bit'?s (us|ours)\b")


from scoring.markers import add_helpers, find_all, whole_words  # noqa: E402  (after the vocabulary it registers)

add_helpers((("~restore", RESTORE), ("~promise2", PROMISE), ("~security", SECURITY), ("~money", MONEY),
             ("~denial", DENIAL)))


@dataclass(frozen=True)
class Verdict:
    kind: str           # state | denial | time | certainty (a guaranteed estimate) | cause | money
    status: str         # supported | unknown | contradicted
    quote: str          # the reply's words
    fact: str | None    # the fact it rests on or contradicts
    unsafe: bool = False


def _weight(w: str, info: FactInfo) -> float:
    n = info.df.get(w, 0)
    if not n:
        return 0.0
    share = n / max(1, len(info.texts))
    return 1.0 if share <= 0.5 or len(info.texts) <= 2 else 0.4


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSES.split(text) if c.strip()]


def check(reply: str, facts: tuple[tuple[str, str | None], ...], post: str = "") -> tuple[Verdict, ...]:
    """Every claim of the reply with its verdict. Times the post itself gives (their 07:10 train)
    are theirs, not a promise. A reply that opens with a yes or a no to the post's yes-or-no
    question about a state ("Is the water fine now?" "Yep, all good!") claims that state."""
    an = _analyse(reply)
    said = _answer_claims(reply, post) if post and _ANSWER.match(reply) else ()
    if not (an.states or an.denials or an.times or an.causes or an.money or said):
        return ()
    return _judge(reply, facts, _post_times(post) if an.times else _NO_TIMES,
                  _post_words(post) if an.states or said else frozenset(), said)


# A yes or a no that opens a reply, and the yes-or-no questions it can answer: a question that opens
# with "is", "are", "can", "will"..., asks about one thing (no "or"), and is not put in the negative
# ("isn't it meant to be fixed?": a "yes" to that is no clear claim).
_ANSWER = re.compile(r"^\W*(?:(yes|yeah|yep|yup|aye|yes indeed|absolutely|of course|certainly|all good|all fine|"
                     r"it is|it's fine|they are|you can|you're fine|you are fine)|(no|nope|not yet|not at the moment|"
                     r"sadly not|afraid not|i'm afraid not|unfortunately not))\b", re.I)
_YES_NO_QUESTION = re.compile(r"^(?:is|are|was|were|will|would|can|could|may|does|do|did|has|have|should|shall|am)\b")
_QUESTION_CUT = re.compile(r"[,;:]|\b(?:and|so|but|because|cos)\b|@\w+")
_RELATIVE = re.compile(r"\b(?:that|that's|which|who|where|when|since|after|before|if|now that)\b")


@lru_cache(maxsize=4096)
def _answer_claims(reply: str, post: str) -> tuple[StateClaim, ...]:
    m = _ANSWER.match(reply.replace("’", "'"))
    if m is None:
        return ()
    yes = m.group(1) is not None
    asked: list[StateClaim] = []
    for sentence in _POST_SENTENCE.findall(post.lower().replace("’", "'")):
        if "?" not in sentence:
            continue
        q = _RELATIVE.split(_QUESTION_CUT.split(sentence)[-1].strip(" ?!."), 1)[0]   # "...delivery that's now late"
        toks = tokens(q)
        if not _YES_NO_QUESTION.match(q) or "or" in toks or any(t in NEGATORS or t.endswith("n't") for t in toks):
            continue
        asked.extend(state_claims(q))
    if not asked or len({(a.family, a.positive) for a in asked}) != 1:
        return ()                         # no state asked about, or several: a bare yes says nothing clear
    c = asked[-1]                         # "still going ahead": one claim, said twice
    quote = _SENTENCE_END.split(reply.strip(), 1)[0].strip()
    return (StateClaim(c.family, c.positive if yes else not c.positive, c.objects, quote, c.head),)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@lru_cache(maxsize=4096)
def _post_words(post: str) -> frozenset[str]:
    return frozenset(stem(t) for t in tokens(post.lower()) if t not in WEAK and t not in BARRIERS)


_NO_TIMES: tuple[frozenset, frozenset] = (frozenset(), frozenset())


_POST_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")


@lru_cache(maxsize=4096)
def _post_times(post: str) -> tuple[frozenset, frozenset]:
    """The times the post gives as its own (their 07:10 train, their shift at 6), which a reply may
    repeat without promising anything. A time the post asks about ("will it be fixed today?",
    "back by lunchtime?") is not theirs: a reply that says yes to it promises it."""
    low = post.lower()
    if "?" in low:
        low = " ".join(s for s in _POST_SENTENCE.findall(low) if "?" not in s)
    return clock_minutes(low), time_keys(low)


@dataclass(frozen=True)
class _Analysis:
    """What a reply claims, before any fact is looked at (cached: replies repeat)."""
    states: tuple[StateClaim, ...]
    denials: tuple[tuple[str, bool], ...]                 # (quote, is "only a handful")
    times: tuple[tuple[str, frozenset, frozenset], ...]   # (quote, clock minutes, time keys)
    causes: tuple[tuple[str, frozenset, bool], ...]       # (quote, cause words, about security)
    money: tuple[tuple[str, frozenset, frozenset, bool], ...]   # (quote, amounts, words, universal)


@lru_cache(maxsize=8192)
def _analyse(reply: str) -> _Analysis:
    hits = find_all(reply.lower())          # the same single read as the markers (cached)
    low = reply.lower().replace("’", "'")
    denials = []
    for m in (DENIAL.finditer(low) if "~denial" in hits or "’" in reply else ()):
        span = low[max(0, m.start() - 25):m.end() + 5]
        if NOT_DENIAL.search(span) or re.search(r"\b(not|n't)\b[^.!?]{0,12}$", low[max(0, m.start() - 14):m.start()]):
            continue
        denials.append((_span(reply, m.start(), m.end()), m.group(0).startswith("only")))
    times, causes, money = [], [], []
    apos = "’" in reply
    # A clause can only hold what the whole text holds (it is cut at spaces and marks, where \b
    # holds either way), so the single read says which searches can find anything at all;
    # unless "’" was changed to "'", when the text read is not quite this one.
    has_restore = apos or "~restore" in hits
    has_promise = apos or "~promise2" in hits
    any_time = (has_restore or has_promise) and (bool(DIGIT.search(low)) or any(w in low for w in TIME_WORDS))
    any_cause = "caus" in low or "due" in low or "because" in low or "down to" in low or "blame" in low \
        or "thanks to" in low or "~security" in hits
    has_security = apos or "~security" in hits
    any_money = "~money" in hits or apos
    for clause in (_clauses(low) if any_time or any_cause or any_money else ()):
        restore = RESTORE.search(clause) if any_time and has_restore else None
        promise = PROMISE.search(clause) if any_time and has_promise else None
        whens = list(WHEN.finditer(AS_SOON.sub(" ", clause))) if (restore or promise) else []
        when = whens[0] if whens else None
        if whens and restore and not promise:   # a time and a "back" far apart are not one claim
            when = next((w for w in whens for r in RESTORE.finditer(clause) if abs(w.start() - r.start()) <= 30), None)
        if when and not HONEST.search(clause) and not UPDATE.search(clause):
            times.append((_find(reply, clause), clock_minutes(clause), time_keys(clause)))
        cm = CAUSE.search(clause) if any_cause and ("caus" in clause or "due" in clause or "because" in clause or "down to" in clause
                                      or "blame" in clause or "thanks to" in clause
                                      or (has_security and SECURITY.search(clause))) else None
        if cm and not _negated_span(clause, cm.start()) and not re.match(r"(caused by|because of|due to|(is |'s |was )?down to) "
                                                                         r"(our|my) (own )?(fault|mistake|error)", cm.group(0)):
            said = cm.group(0)
            security = bool(SECURITY.search(said))
            said_words = {stem(t) for t in tokens(said) if t not in WEAK and t not in BARRIERS and len(t) > 2}
            said_words -= {"cause", "caus", "because", "due", "down", "blame", "thank"}
            outage_talk = security or re.search(r"\b(outage|fault|down|problem|failure|failed|cut|off|cancel\w*|disrupt\w*|"
                                                r"issue|delay\w*|it|this|power|supply|closed|crash\w*)\b", clause)
            if outage_talk and said_words:
                causes.append((_find(reply, said), frozenset(said_words), security))
        mm = MONEY.search(clause) if any_money else None
        if mm and CERTAIN.search(clause) and not HONEST.search(clause) and not _negated_span(clause, mm.start()) \
                and not re.search(r"\b(if|may|might|could|eligible)\b", clause):
            amounts = frozenset(re.findall(r"[£$€]\s?\d+(?:[.,]\d+)?|\d+%", clause)) | time_keys(clause)
            words = frozenset(stem(t) for t in tokens(clause) if t not in WEAK and t not in BARRIERS and len(t) > 2)
            money.append((_find(reply, clause), amounts, words, bool(UNIVERSAL.search(clause))))
    return _Analysis(state_claims(reply), tuple(denials), tuple(times), tuple(causes), tuple(money))


@lru_cache(maxsize=8192)
def _judge(reply: str, facts: tuple, post_times: tuple[frozenset, frozenset],
           post_words: frozenset[str], said: tuple[StateClaim, ...] = ()) -> tuple[Verdict, ...]:
    an = _analyse(reply)
    info = fact_info(facts) if facts else _NO_FACTS
    post_clock, post_keys = post_times
    out: list[Verdict] = []
    families: list[str] = []             # each state verdict's predicate family
    # state claims aligned with the facts that have the same predicate
    for c in (an.states + said) if info.claims else ():
        # a yes or a no to the post's question is about the thing asked of: one shared word aligns it
        need = 0.0 if c in said else 1.0
        # a fact whose predicate is said of the same thing ("appointments ... cancelled" and
        # "appointments will still go ahead") is the one the claim is about, before any fact that
        # only names that thing in passing ("appointment booking line down")
        best, best_w, agree_w = _align(c, info.claims, info, post_words)
        if best is None or best_w < need:
            continue
        i, fc = best
        if fc.positive == c.positive or agree_w >= best_w:
            if c in said:
                continue            # a bare yes that agrees tells them nothing new: no credit for using the facts
            out.append(Verdict("state", "supported", c.quote, info.texts[i]))
        else:
            out.append(Verdict("state", "contradicted", c.quote, info.texts[i], unsafe=info.safety[i]))
        families.append(c.family)
    # a part one fact supports and another contradicts on the same predicate is taken as agreeing;
    # support on another predicate ("as normal": it works) does not clear it ("safe to drink")
    agreed = {(v.quote, f) for v, f in zip(out, families) if v.status == "supported"}
    out = [v for v, f in zip(out, families) if v.status == "supported" or (v.quote, f) not in agreed]
    # denial of a reported failure
    if info.outage is not None:
        for quote, only in an.denials:
            if only and info.all_scope is None:
                continue
            out.append(Verdict("denial", "contradicted", quote, info.texts[info.all_scope if only else info.outage]))
            break
    for quote, clock, keys in an.times:
        rtimes, rkeys = clock - post_clock, keys - post_keys
        if not rtimes and not rkeys and (clock or keys):
            continue                         # only the post's own times
        rdays, fdays = _today(rkeys & DAYS), _today(info.time_keys & DAYS)
        other_day = bool(rdays and fdays and not rdays & fdays)     # "7pm Wednesday" when the facts say Friday
        if not other_day and ((rtimes and rtimes <= info.clock)
                              or (rkeys and _today(rkeys) & _today(info.time_keys) and not (rtimes - info.clock))):
            # the known time, but guaranteed where the facts only estimate it: a promise they never made
            hedged = next((f for f in info.texts if HEDGED.search(f.lower()) and (
                clock_minutes(f.lower()) & rtimes or time_keys(f.lower()) & rkeys)), None) \
                if PROMISE.search(quote.lower()) else None
            out.append(Verdict("certainty", "contradicted", quote, hedged) if hedged
                       else Verdict("time", "supported", quote, None))
        elif info.no_time is not None:
            out.append(Verdict("time", "contradicted", quote, info.texts[info.no_time]))
        elif info.eta_fact is not None:
            out.append(Verdict("time", "contradicted", quote, info.texts[info.eta_fact]))
        else:
            out.append(Verdict("time", "unknown", quote, None))
    for quote, said_words, security in an.causes:
        if security and info.not_breach is not None:
            out.append(Verdict("cause", "contradicted", quote, info.texts[info.not_breach]))
        elif said_words & info.cause_words:
            out.append(Verdict("cause", "supported", quote, None))
        elif info.cause_unknown is not None:
            out.append(Verdict("cause", "contradicted", quote, info.texts[info.cause_unknown]))
        elif info.cause_fact is not None and not said_words & info.words:
            out.append(Verdict("cause", "contradicted", quote, info.texts[info.cause_fact]))
        elif not said_words & info.words:
            out.append(Verdict("cause", "unknown", quote, None))
    for quote, amounts, words, universal in an.money:
        new_amounts = {a for a in amounts if a not in info.money_keys and a not in info.time_keys}
        if not info.money:
            out.append(Verdict("money", "unknown", quote, None))
        elif info.money_undecided is not None and (universal or new_amounts):
            out.append(Verdict("money", "contradicted", quote, info.texts[info.money_undecided]))
        elif new_amounts:
            out.append(Verdict("money", "contradicted", quote, info.texts[info.money[0]]))
        elif words & info.money_words:
            out.append(Verdict("money", "supported", quote, info.texts[info.money[0]]))
        else:       # an offer beside the known one ("a full refund plus a free month" to "Delay Repay claims open")
            out.append(Verdict("money", "unknown", quote, None))
    return tuple(out)


def _align(c: StateClaim, claims, info: FactInfo, post_words: frozenset[str]):
    """The fact claim (of ``claims``) with c's predicate that is most about the same thing: (best,
    its weight, the weight of the best that agrees with c)."""
    best, best_w, agree_w = None, 0.0, 0.0
    for i, fc in claims:
        if fc.family != c.family:
            continue
        shared = c.objects & fc.objects
        if not shared:           # weight 0: moves neither the best fact nor agree_w (both start at 0.0)
            continue
        w = sum(_weight(x, info) for x in shared)
        # about the same thing: two telling words, or one that is a third of what the fact is
        # about, or one the post itself is about, or one found in no other of three or more facts
        if w and len(shared) < 2 and 3 * len(shared) <= len(fc.objects) and not shared & post_words \
                and not (c.family == "safe" and shared & ACTION_STEMS) \
                and not (len(info.texts) >= 3 and info.df.get(next(iter(shared)), 0) == 1):
            w = 0.0
        elif c.head and c.head == fc.head:
            w += 1.0                # said of the same thing: "appointments ... cancelled", "appointments will still go ahead"
        if w > best_w or (w == best_w and w > 0 and fc.positive == c.positive):
            best, best_w = (i, fc), w
        if fc.positive == c.positive:
            agree_w = max(agree_w, w)
    return best, best_w, agree_w


def _negated_span(clause: str, start: int) -> bool:
    before = tokens(clause[:start])[-4:]
    return any(t in NEGATORS or t.endswith("n't") for t in before if t not in BARRIERS)


def _span(text: str, a: int, b: int) -> str:
    """Whole words of the original text around [a, b)."""
    return whole_words(text, a, b).strip(" ,.;:")


def _find(reply: str, piece_low: str) -> str:
    i = reply.lower().replace("’", "'").find(piece_low)
    if i < 0:
        return piece_low.strip(" ,.;:")
    return _span(reply, i, i + len(piece_low))
