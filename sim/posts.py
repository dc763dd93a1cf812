"""The synthetic post writer: one person making one point, deterministic under the seed.

A person comes first (:class:`Person`): a name and handle, how they type, where they are, what
they were doing and what is at stake, what they see go wrong, who they dealt with and what they
were told, how many times they have tried, and whether they escalate or give up. Their post is
then one line from the writer's data files (``sim/writer/lines/*.yaml``, read and checked by
:mod:`sim.writer.lines`), filled from that person; the scenario's own ``templates:`` give the
fragments (stakes, broken, places, jabs, songs, hashtags) and, now and then, a whole post.

The same person writes every follow-up: the same place, stake and voice, with what has happened
to them since; a second chase escalates or gives up. Lines carry tags (``only:``/``not:``), so a
line appears only in scenarios it fits: nobody is on hold to a phone network that is down.

Nothing is rewritten after the line is filled except the person's typing habits (lower case,
"u" for "you", a slip of the finger), and those never touch the brand's words: a quote of the
player's reply is an exact substring of it, cut at a word or sentence boundary, and a fact is
passed on word for word.

Language: at the default ``mild`` level every swear word is masked ("f***") except inside a
quote of the player's own reply; ``strong`` spells them out. The writer never produces slurs,
hate or threats: its lines contain none.

Post text is data. It may contain brackets, emoji or RTL text from a scenario; nothing here or
downstream interprets it.
"""
from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from sim.model import DIFFICULTY_SCALE, Post, PostDraft, Scenario, WriterContext
from sim.fmt import REPLY_LIMIT
from sim.reactions import author_lines, bystander_lines
from sim.writer.lines import ALTERNATIVES, Line, Lines, bundled, pick_alternatives
from sim.personas import Persona
from sim.personas import persona as persona_row

MAX_LEN = REPLY_LIMIT
_KEEP_OPEN, _KEEP_CLOSE = "\x02", "\x03"      # around words no typing habit may touch
_WIDE = "\x04"                                # a second space after a full stop, kept through the squeeze
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_DOUBLED = re.compile(r"(?<![\w'])(\w+)[ ,]+\1(?![\w'])", re.I)
_KEPT = re.compile(f"{_KEEP_OPEN}.*?{_KEEP_CLOSE}", re.S)
_TOWNS = ("Aberdeen", "Barnsley", "Bath", "Bedford", "Blackpool", "Bolton", "Bradford", "Brighton",
          "Bristol", "Cambridge", "Cardiff", "Carlisle", "Chelmsford", "Chester", "Colchester", "Coventry",
          "Crewe", "Derby", "Doncaster", "Dundee", "Durham", "Exeter", "Glasgow", "Gloucester", "Grimsby",
          "Halifax", "Harrogate", "Hull", "Inverness", "Ipswich", "Kendal", "Leeds", "Leicester",
          "Lincoln", "Luton", "Margate", "Middlesbrough", "Milton Keynes", "Newport", "Northampton",
          "Norwich", "Nottingham", "Oldham", "Oxford", "Paisley", "Perth", "Plymouth", "Preston",
          "Reading", "Rochdale", "Salford", "Sheffield", "Shrewsbury", "Slough", "Stockport",
          "Stoke", "Sunderland", "Swansea", "Swindon", "Taunton", "Telford", "Truro", "Wakefield",
          "Warrington", "Wigan", "Wolverhampton", "Worcester", "Wrexham", "York")
_FRAGMENTS = frozenset(("broken", "place", "stake", "also_broken", "new_place"))
_PERSON_FIXED = frozenset(("ref", "device", "device2", "street", "shop", "staff_name", "town2", "amount",
                           "place", "stake", "broken", "staff", "staff_said", "relative", "clock"))
# The pronouns a {relative} takes ({they} {them} {their} {theirs} in a line): "my nan says she'll
# come over", never "my nan says they'll". Every relative in words.yaml is in one of the three.
RELATIVE_PRONOUNS = {
    "she": ("she", "her", "her", "hers"), "he": ("he", "him", "his", "his"), "they": ("they", "them", "their", "theirs")}
RELATIVE_GENDER = {
    **dict.fromkeys(("mum", "nan", "gran", "sister", "wife", "daughter", "auntie", "mother-in-law", "girlfriend",
                     "sister-in-law"), "she"),
    **dict.fromkeys(("dad", "grandad", "brother", "husband", "son", "stepdad", "uncle", "boyfriend", "father-in-law"), "he"),
    **dict.fromkeys(("partner", "flatmate", "neighbour", "eldest", "best mate", "cousin", "housemate", "youngest"), "they"),
}


def relative_pronouns(relative: str) -> dict[str, str]:
    """{they} {them} {their} {theirs} for this relative ("they" for one not in the table)."""
    she = RELATIVE_PRONOUNS[RELATIVE_GENDER.get(relative.lower(), "they")]
    return dict(zip(("they", "them", "their", "theirs"), she))


# What is at stake, said once in a post and the same in every post of one person: their {stake}, or
# a line's own ("rent goes out tomorrow", ``about: [stake]``), never both ("karaoke night... and the
# dog's due the vet", the sixth blind read).
_STAKE = frozenset(("stake", "a_stake"))
_BRAND_VOICE = re.compile(r"\b(?:we|we're|we've|our|ours|us)\b", re.I)
_THEIRS = {"we": "they", "we're": "they're", "we've": "they've", "our": "their", "ours": "theirs", "us": "them"}


def _their_words(said: str) -> str:
    """The brand's sentence as someone else passes it on: "The fault is in our own system" ->
    "the fault is in their own system" (its first word lower case unless it is a name or an
    acronym, as it now comes mid-sentence)."""
    out = _BRAND_VOICE.sub(lambda m: _THEIRS[m.group(0).lower()], said)
    first = out.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and first.lower() in _SENTENCE_OPENERS:
        out = out[0].lower() + out[1:]
    return out


_SENTENCE_OPENERS = frozenset(("the", "a", "an", "it", "its", "it's", "this", "record", "there", "they", "their",
                               "all", "some", "most", "engineers", "staff"))
# a fault that says when it started, or for how long ("no bars since I left the house", "payment
# pending all morning"), and a frame that says it again ("{broken} since {clock}"): "no bars since
# I left the house from 9:15" (the eighth read); "sat at 'submitting' from 10 since nearly 1"
_OWN_TIME = re.compile(r"\b(?:since|all (?:morning|day|night|afternoon)|for hours|overnight|yesterday"
                       r"|from (?:\d|half|quarter|about|around|first thing))\b", re.I)
# a stake that is something to do ("keeping my gran warm", "getting the team paid") after a word that
# wants a thing: "sort keeping my gran warm", "I've got getting the team paid", "miss paying the nursery"
_DOING = re.compile(r"^\w+ing\b")
_THING_FRAME = re.compile(r"\b(?:sort|deal with|pay for|miss|missing|got|have|has|'ve)>? \{stake\}")
# "a" before a number said with a vowel sound: "a £800 job", "a 8:15 flight", "a 11-hour wait"
_A_AN = re.compile(r"\b([Aa]) ((?:£|\$)?(?:8\d*|11|18)\b)")
# a frame that times the fault: straight after it ("{broken} since {clock}"), or later in the line
# ("{broken}, we've sat waiting from {clock}"; "{broken}. you've known since {since}")
_TIMED_FRAME = {key: re.compile(r"\{" + key + r"\}(?: <?(?:since|from|for)\b|.*\b(?:since|from)>? \{(?:clock|since)\})")
                for key in ("broken", "also_broken")}


def _stakes_told(p: Person | None) -> frozenset[str]:
    """What a line must not say, for what ``p`` has said is at stake in their earlier posts: after
    their {stake}, no stake in a line's own words; after one in a line's own words, no other."""
    if p is None:
        return frozenset()
    if "a_stake" in p.used:
        return _STAKE
    if "stake" in p.used:
        return frozenset(("a_stake",))
    return frozenset()


_DURATION = frozenset(("hours", "waited", "mins_exact", "time"))   # how long, or what time it is now: one per post
# how long, as typed: a post says it once ("an hour", "20 mins"), never "nearly an hour... every 2 minutes... 10 minutes"
_HOW_LONG = re.compile(r"\b(?:\d+ ?(?:mins?|minutes)|an? hour|\d+ hours?|half an hour|hour and a half)\b", re.I)
_OWN_ODDS = 0.2       # how often a first post is one of the scenario's whole posts (each once a drill)
_FRAG_WEIGHT = 0.4      # a line using one more of the scenario's fragments is picked this much less often
# A relative or a town dropped into a post is a blind reader's cue when it comes often ("my gran
# has messaged 5 times", "my best mate in Brighton has it too", the sixth read): a line that
# brings one in is picked this much less often, for each it brings.
_PLUG_IN = frozenset(("relative", "town", "town2"))
_PLUG_IN_WEIGHT = 0.4
# A line already said in this drill is picked 1 / (1 + uses) ** _REUSE as often: a feed where three
# people open with the same sentence skeleton reads as one program (the fifth blind read), so the
# skeletons go round the whole pool before any comes back.
_REUSE = 1.5
_EMOJI = ("😡", "🙄", "😤", "😭", "😩", "💀", "🤦")
_TEXTSPEAK = ((r"\byou\b(?!')", "u"), (r"\byour\b", "ur"), (r"\bplease\b", "pls"), (r"\bpeople\b", "ppl"),
              (r"\bbecause\b", "cos"), (r"\bthanks\b", "thx"), (r"\bI'm\b", "im"), (r"\bdon't\b", "dont"),
              (r"\bcan't\b", "cant"), (r"\bminutes\b", "mins"))
_ADDRESS = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:example|com|co\.uk|org|net|io)\b|@\w+\.|https?://|www\.", re.I)
_EMPHASIS = re.compile(r"\b(still|nothing|not|no|every|all|now|again|nobody|never|today|anyone|one)\b")


def mask_words(swears) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(sorted(swears, key=len, reverse=True)) + r")\b", re.I)


_SWEAR_RE = mask_words(bundled().swears)


def mask(text: str) -> str:
    """Mask swear words, keeping the first letter: "fucking" -> "f******"."""
    return _SWEAR_RE.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), text)


# Where calls and texts don't go through (a "phones-down" outage), a line's choice between
# ringing and messaging is messaging: nobody "rang" their mum on a dead network, or is waiting
# for someone to "ring me". A choice of nothing but calls is kept ("can't <ring|call> anyone").
_CALL_WORD = re.compile(r"\b(?:rang|ring|rings|ringing|rung|phoned|phoning|calling|call|calls|on hold)\b"
                        r"|\bcalled\b(?! \{)", re.I)


def no_calls(text: str) -> str:
    """``text`` with every ``<a|b>`` choice that is a call dropped, where another is left."""
    def one(m: re.Match) -> str:
        opts = m.group(1).split("|")
        keep = [o for o in opts if not _CALL_WORD.search(o)]
        if not keep or len(keep) == len(opts):
            return m.group(0)
        return keep[0] if len(keep) == 1 else "<" + "|".join(keep) + ">"
    return ALTERNATIVES.sub(one, text)


def fill(template: str, values: Mapping[str, str], rng: random.Random | None = None) -> str:
    """Fill ``{name}`` placeholders that have a value; leave anything else exactly as written.
    With ``rng``, each ``<a|b|c>`` in the template first becomes one of its alternatives (only
    in the template: values such as a quoted reply are never read for alternatives)."""
    if rng is not None:
        template = pick_alternatives(template, rng)
        template = re.sub(r"(?<=[\w}]) '(s|ve|re|d|ll)\b", r"'\1", template)    # "{relative} <has|'s>" -> "brother's"
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


@dataclass
class Person:
    """Who is posting, and their situation: kept for every post they write in this drill."""
    name: str
    handle: str
    first: str
    persona: str
    voice: str                  # plain | lower | textspeak | proper
    stop: str                   # how they end a sentence inside a post: ". " "... " " - " ", "
    place: str
    stake: str
    broken: str
    also_broken: str            # what goes wrong next
    new_place: str              # where they move to
    relative: str
    staff: str
    staff_said: str
    plan_b: str
    town: str
    town2: str
    ref: str                    # their booking ref, card ending, meter number...
    flight: str                 # the flight they are booked on (lines for travel scenarios only)
    device: str
    device2: str
    staff_name: str
    street: str
    shop: str
    amount: str
    noticed: float              # in-world minutes when they noticed
    tries: int
    escalates: bool
    years: int
    price: str
    handle_last: bool = False   # puts the brand's handle at the end of a post
    clock_style: str = "24"     # how they write a clock time: 24 "06:42", 24n "6:42", dot "6.42", ampm "6:42am"
    numerals: bool = True       # types "3 times", "20 mins"; False: spells them out, "three times"
    wide_stop: bool = False     # two spaces after a full stop, as some phones and typists do
    autocaps: bool = False      # their phone capitalises each sentence after the first ("@Brand delayed again. Took 50 mins")
    scripted: bool = False      # their first post was one of the scenario's whole posts
    posts: int = 0
    said: set[str] = field(default_factory=set)     # lines already used by this person
    used: set[str] = field(default_factory=set)     # their specifics already told (ref, street...)


class PostWriter:
    """Writes the drafts the engine turns into posts. One writer per drill."""

    def __init__(self, scenario: Scenario, seed: int, *, difficulty: str = "standard",
                 language: str = "mild", lines: Lines | None = None) -> None:
        from faker import Faker   # heavy: only when a drill starts

        self.scenario = scenario
        self.language = language
        self.lines = lines or bundled()
        self.anger_scale = DIFFICULTY_SCALE.get(difficulty, DIFFICULTY_SCALE["standard"])["anger"]
        self._seed_base = f"stormdesk:{seed}:{scenario.id}:posts"
        self.rng = random.Random(self._seed_base)
        fake = Faker("en_GB")
        fake.seed_instance(self.rng.getrandbits(32))
        self._first = [fake.first_name() for _ in range(300)]
        self._last = [fake.last_name() for _ in range(300)]
        self._handles: set[str] = set()
        self.people: dict[str, Person] = {}
        self._needs: frozenset[str] = frozenset()      # placeholders the last chosen line used
        self._uses: dict[str, int] = {}                 # line -> how often anyone in this drill has said it
        brand = scenario.brand
        self.handle = brand.handle if brand.handle.startswith("@") else "@" + brand.handle
        self.brand = brand.name
        self.brand_short = brand.name.split()[0] if brand.name else "team"
        self.tags = self.lines.tags_for(getattr(scenario, "industry", "") or "")
        self._no_calls = "phones-down" in self.tags
        t = scenario.templates
        L = self.lines

        def pool(key: str, frag: str) -> tuple[str, ...]:
            return L.pool(t.get(key, ()), frag, self.tags)

        self.broken = pool("broken", "broken")
        self.stakes = pool("stakes", "stake")
        self.places = pool("places", "place")
        # a scenario's jabs are wordplay ("warm words, cold radiators"): trolls, jokers and
        # influencers play with words; someone angry mostly just says it ("pathetic")
        self.quips = tuple(t.get("jabs", ()))
        self.jabs = tuple(ln.text for ln in L.fragments["jab"])
        self.songs = pool("songs", "song")
        self.extra_tags = tuple(t.get("hashtags", ()))
        # whole posts: the scenario's own, and the writer's for this kind of outage
        self.own = {p: tuple(t.get(p, ())) + tuple(ln.text for ln in self._fit(L.whole.get(p, ()), p))
                    for p in L.first}
        self._own_used: set[str] = set()

    # -- lines -------------------------------------------------------------------------------
    def _fit(self, lines, persona: str | None = None) -> list[Line]:
        """The lines that fit this scenario and (when known) the poster: their persona is a tag
        too ("as-business"), so a business's invoice number is never a shopper's."""
        tags = self.tags | {f"as-{persona}"} if persona else self.tags
        return [ln for ln in lines if ln.fits(tags)]

    def _frag(self, name: str, persona: str | None = None) -> str:
        return pick_alternatives(self.rng.choice(self._fit(self.lines.fragments[name], persona)).text, self.rng)

    # -- people ------------------------------------------------------------------------------
    def _new_person(self, persona: str, ctx: WriterContext) -> Person:
        r = self.rng
        nums = persona_row(persona)
        first, last = r.choice(self._first), r.choice(self._last)
        f, l = re.sub(r"\W", "", first), re.sub(r"\W", "", last)
        shapes = (f"{f.lower()}_{l[:1].lower()}", f"{f.lower()}{l.lower()}", f"{f}{l}",
                  f"{f.lower()}_{r.randint(70, 99)}", f"{f.lower()}_{l.lower()}", f"TheReal{f}",
                  f"{f[:1].lower()}{l.lower()}{r.randint(1, 999)}", f"{l.lower()}{f[:1].lower()}",
                  f"{f.lower()}{r.randint(1970, 2006)}", f"{f}_{l}", f"its{f.lower()}")
        h = r.choice(shapes)[:15] or "user"
        while h.lower() in self._handles:
            h = (h[:12] + str(r.randint(10, 999)))[:15]
        self._handles.add(h.lower())
        name = r.choice((f"{first} {last}", f"{first} {last}", first, f"{first} {last[:1]}."))
        voices, weights = zip(*nums.voices.items())
        clock = self.scenario.clock
        now = clock.world_minutes(ctx.t)
        keep = lambda s: " ".join(pick_alternatives(s, r).split())   # noqa: E731
        person = Person(
            name=name, handle="@" + h, first=first, persona=persona,
            voice=r.choices(voices, weights)[0],
            stop=r.choices((". ", "... ", ", ", ". "), (0.66, 0.12, 0.12, 0.1))[0],
            place=keep(r.choice(self.places)), stake=keep(r.choice(self.stakes)),
            broken=keep(r.choice(self.broken)), also_broken=keep(r.choice(self.broken)),
            new_place=keep(r.choice(self.places)), relative=self._frag("relative"),
            staff="", staff_said=self._frag("staff_said"), plan_b=self._frag("plan_b", persona),
            town=r.choice(_TOWNS), noticed=r.uniform(clock.start_minutes, max(clock.start_minutes, now - 5)),
            tries=r.randint(2, 8), escalates=r.random() < nums.escalates, years=r.randint(2, 19),
            price=f"£{r.choice((12, 15, 18, 20, 25, 30, 35, 40, 45, 55, 60, 79))}",
            handle_last=r.random() < 0.06,   # real posts start with the handle: the end is rare
            town2=r.choice(_TOWNS), ref=fill(self._frag("ref", persona), codes := self._codes()), flight=codes["flight"],
            device=self._frag("device"), device2=self._frag("device"), staff_name=r.choice(self._first),
            street=self._frag("street"), shop=self._frag("shop"),
            amount=_money(r), clock_style=r.choices(_CLOCK_STYLES, _CLOCK_WEIGHTS)[0],
        )
        person.numerals = r.random() < (0.25 if person.voice == "proper" else 0.8)
        person.wide_stop = r.random() < 0.05
        person.autocaps = person.voice == "plain" and r.random() < 0.6
        person.staff = fill(self._frag("staff"), {"town": person.town, "staff_name": person.staff_name, "shop": person.shop})
        person.plan_b = fill(person.plan_b, {"town": person.town, "relative": person.relative,
                                             **relative_pronouns(person.relative)})
        person.device = fill(person.device, {"relative": person.relative})
        person.device2 = fill(person.device2, {"relative": person.relative})
        for _ in range(4):      # a fault of the scenario's own ("hunting for a network all morning") fits the hour
            if not off_the_clock(person.broken, now, clock.start_minutes):
                break
            person.broken = keep(r.choice(self.broken))
        others = [b for b in self.broken if b != person.broken] or list(self.broken)
        person.also_broken = keep(r.choice(others))
        return person

    def _codes(self) -> dict[str, str]:
        r = self.rng
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        code = "".join(r.choice(letters + "23456789") for _ in range(6))
        prefix = (re.sub(r"[^A-Z]", "", self.brand.upper()) + "XX")[:2]
        return {"digits": f"{r.randint(0, 9999):04d}", "digits2": f"{r.randint(0, 9999):04d}", "code": code,
                "flight": f"{prefix}{r.randint(100, 9899)}"}

    def _person_for(self, post: Post, ctx: WriterContext) -> Person:
        """The author of ``post``: the same person as before, or (a post this writer did not
        write) someone new with that name and handle."""
        p = self.people.get(post.handle)
        if p is None:
            p = self._new_person(post.persona, ctx)
            p.name, p.handle, p.first = post.author, post.handle, post.author.split(" ")[0]
            self.people[post.handle] = p
        return p

    def _reach(self, persona: str) -> int:
        med, sig, lo, hi = persona_row(persona).reach
        return int(min(hi, max(lo, math.exp(math.log(med) + self.rng.gauss(0, sig)))))

    def _anger(self, persona: str, ctx: WriterContext, extra: float = 0.0) -> float:
        base = persona_row(persona).anger + min(ctx.hours, 6) * 4 + extra
        if ctx.restored:
            base -= 15
        a = (base + self.rng.gauss(0, 9)) * self.anger_scale
        return round(min(100.0, max(0.0, a)), 1)

    # -- values ------------------------------------------------------------------------------
    def _values(self, p: Person, ctx: WriterContext, **more: str) -> dict[str, str]:
        r = self.rng
        clock = self.scenario.clock
        now = clock.world_minutes(ctx.t)
        keep = lambda s: _KEEP_OPEN + s + _KEEP_CLOSE   # noqa: E731
        self._now = now
        v = {
            "handle": keep(self.handle), "brand": keep(self.brand if r.random() < 0.5 else self.brand_short),
            "broken": p.broken, "stake": p.stake, "place": p.place,
            "also_broken": p.also_broken, "new_place": p.new_place,
            "town": p.town, "town2": p.town2, "ref": p.ref, "flight": p.flight, "device": p.device,
            "device2": p.device2 if p.device2 != p.device else "the laptop", "staff_name": p.staff_name,
            "street": p.street, "shop": p.shop, "amount": p.amount, "time": _clock_label(now, r, exact=r.random() < 0.6), "since": ctx.since,
            "hours": str(max(2, ctx.hours)), "first_name": p.first, "relative": p.relative,
            "staff": p.staff, "staff_said": p.staff_said, "plan_b": p.plan_b, **relative_pronouns(p.relative),
            "clock": _clock_label(p.noticed, r, style=p.clock_style), "tries": str(p.tries),
            "daypart": "morning" if 4 * 60 <= now % 1440 < 12 * 60 else "afternoon" if now % 1440 < 18 * 60 else "evening",
            "soon": _clock_label(now + r.randint(12, 55), r, exact=r.random() < 0.5),
            "song": keep(pick_alternatives(r.choice(self.songs), r)),
            "jab": pick_alternatives(r.choice(self._jabs_for(p.persona)), r), "hashtag": keep(self._tag(())),

            "outlet": keep(self._frag("outlet")), "competitor": keep(self._frag("competitor")),
            "trade": self._frag("trade"), "rumour": self._rumour(ctx), "price": p.price,
            "years": str(p.years), "n": str(r.choice((3, 8, 12, 20, 40, 65, 120))),
        }
        told = [f for f in ctx.facts if not _ADDRESS.search(f.text)]   # nobody quotes a web address
        if told:
            v["fact"] = keep('"' + told[-1].text.rstrip(".") + '"')
        for k, val in more.items():
            if val is not None:
                v[k] = keep(val) if k in ("quote", "other", "promised") else val
        if self._fit(self.lines.fragments["mood_tag"], p.persona):   # none for a competitor: no line needing one
            v["mood_tag"] = keep(self._frag("mood_tag", p.persona))
        v["detail"] = v["progress"] = ""          # chosen with the line, to say nothing twice
        return v

    def _jabs_for(self, persona: str) -> tuple[str, ...]:
        """The digs this person makes: the scenario's wordplay for those who play with words,
        now and then for anyone else; plain digs otherwise."""
        wordplay = persona in ("troll", "joker", "influencer") or self.rng.random() < 0.15
        return (self.quips + self.jabs) if wordplay and self.quips else self.jabs

    def _rumour(self, ctx: WriterContext) -> str:
        cause = [f for f in ctx.facts if f.kind == "cause"]
        if cause and self.rng.random() < 0.7:
            said = cause[-1].text.rstrip(".")
            if not _BRAND_VOICE.search(said):
                return _KEEP_OPEN + '"' + said + '"' + _KEEP_CLOSE   # word for word
            # in the brand's voice ("record demand overloaded our sign-in servers"): a stranger
            # passes it on in theirs, unquoted, every other word as the brand said it
            return _KEEP_OPEN + _their_words(said) + _KEEP_CLOSE
        return self._frag("rumour")

    def _tag(self, wave_tags: tuple[str, ...], persona: str | None = None) -> str:
        """A hashtag at the end of a post: the outage's own, or (a third of the time, when a
        person tags it) one for how they feel ("#frustrated"), as real complaints are tagged."""
        if persona is not None and self._fit(self.lines.fragments.get("mood_tag", ()), persona) \
                and self.rng.random() < 0.35:
            return self._frag("mood_tag", persona)
        tags = tuple(wave_tags) + self.extra_tags
        if tags and self.rng.random() < 0.8:
            return self.rng.choice(tags)
        return "#" + re.sub(r"\W", "", self.brand_short) + self.rng.choice(("Down", "Fail", "Outage"))

    def _choose(self, lines, values: dict[str, str], p: Person | None = None,
                avoid: frozenset[str] = frozenset(), top: bool = False) -> str:
        """One line that fits this scenario, whose placeholders all have a value, that this
        person has not used yet; its {detail} or {progress} is chosen with it, from lines that
        use none of the same fragments (so nothing is said twice)."""
        fit = [ln for ln in self._fit(lines, p.persona if p else None) if ln.needs - {"detail", "progress"} <= values.keys()]
        if p is not None:
            for key, frame in _TIMED_FRAME.items():
                if _OWN_TIME.search(getattr(p, key)):
                    fit = [ln for ln in fit if not frame.search(ln.text)] or fit
            if _DOING.match(p.stake):
                fit = [ln for ln in fit if not _THING_FRAME.search(ln.text)] or fit
        if avoid & _STAKE:                           # one thing at stake in a post
            avoid = avoid | _STAKE
        told = _stakes_told(p)
        ok = [ln for ln in fit if not (ln.says & (avoid | told))]
        if not ok and p is not None and top:         # nothing new to say: say it again
            ok = ([ln for ln in fit if not (ln.says & ((avoid - p.used) | told))]
                  or [ln for ln in fit if not (ln.says & told)]      # still one thing at stake
                  or [ln for ln in fit if not (ln.says & (avoid - p.used))])
        fresh = [ln for ln in ok if p is None or ln.text not in p.said] or ok
        if not fresh:
            return ""
        uses = self._uses
        ln = self.rng.choices(fresh, [_FRAG_WEIGHT ** len(x.needs & _FRAGMENTS) * _PLUG_IN_WEIGHT ** len(x.needs & _PLUG_IN)
                                      * _variety(x.text) / (1 + uses.get(x.text, 0)) ** _REUSE for x in fresh])[0]
        uses[ln.text] = uses.get(ln.text, 0) + 1
        if p is not None:
            p.said.add(ln.text)
        self._needs = ln.says | avoid
        text = ln.text
        inner_said: frozenset[str] = frozenset()      # what a line's {detail} said, for its {progress} too
        for slot, pool in (("detail", self.lines.details), ("progress", self.lines.progress)):
            if slot in ln.needs:
                used = (ln.says - {"handle", slot}) | avoid | (inner_said - {"handle", slot})
                if used & _DURATION:
                    used |= _DURATION
                if used & _STAKE:
                    used |= _STAKE
                inner = self._choose(pool, values, p, avoid=frozenset(used))
                inner_said |= self._needs
                text = text.replace("{" + slot + "}", pick_alternatives(inner, self.rng) if inner else "")
                text = re.sub(r"([?!])\.(?=\s|$)", r"\1", text)     # "is that true?. any idea" -> "true? any"
        self._needs = ln.says | avoid | inner_said
        return no_calls(text) if self._no_calls else text

    def _fill(self, text: str, values: dict[str, str], p: Person) -> str:
        """``text`` with its alternatives picked, then each time said the way this person says
        that kind of time (:func:`say_time`), then filled."""
        text = fill(text, {}, self.rng)          # alternatives only: placeholders stay
        text = self._times(text, p)
        return fill(text, values, self.rng)

    def _times(self, text: str, p: Person) -> str:
        now = getattr(self, "_now", p.noticed)
        r = self.rng

        def one(m: re.Match) -> str:
            prep, slot = m.group(1) or "", m.group(2)
            if slot == "clock" and _TIMETABLE.search(text[:m.start()]):    # "the bus went at 7:05"
                return say_time(p.noticed, "plan", prep, r, p.clock_style, now)
            if slot == "clock":
                said = say_time(p.noticed, "past", prep, r, p.clock_style, now)
                if "got up" in said and _WOKE.search(text[:m.start()]):    # "woke up to it when I got up"
                    said = (prep + " " if prep else "") + _rough(p.noticed, r, bare=prep in ("around", "about"), style=p.clock_style)
                return said
            if slot == "time":
                return say_time(now, "now", prep, r, p.clock_style, now)
            return say_time(now + r.randint(12, 55), "plan", prep, r, p.clock_style, now)
        return _TIME_SLOT.sub(one, text)

    def _faults(self, line: str, p: Person, values: dict[str, str]) -> dict[str, str]:
        """The person's faults as this line needs them: with the verb a person types ("the
        screens are blank", not "the screens blank"), in the perfect before "since"; now and
        then a "not working" kept bare at the start of a post, as people type headlines."""
        out = dict(values)
        for key, raw in (("broken", p.broken), ("also_broken", p.also_broken)):
            if "{" + key + "}" not in line:
                continue
            perfect = bool(re.search(r"\{" + key + r"\} <?(?:since|from)\b", line))
            bare = line.startswith(("{handle} {" + key + "}.", "{" + key + "}.")) and self.rng.random() < 0.3
            clause = as_clause(raw, self.rng, perfect=perfect)
            headline = " not " in f" {raw} " or any(_progressive(w) for w in raw.split()[1:4])
            out[key] = raw if bare and headline else clause
        return out

    def _more(self, body: str, p: Person, values: dict[str, str], nums: Persona) -> str:
        """Some people add one more sentence: a specific detail, or a closing line of their
        own (a demand, a question, a dig); never one that repeats what the line already used."""
        r = self.rng
        used = self._needs
        if used & _DURATION:              # say how long once
            used = used | _DURATION
        if _OWN_TIME.search(_strip_marks(body)):   # the post says when already ("gone since the update")
            used = used | {"clock", "since"}
        if "jab" in used or len(_strip_marks(body)) > 150:
            return body
        adds = []
        roll = r.random()                  # one more thing at most: a detail, or an ending
        if roll < nums.detail and not used & {"detail", "progress"}:
            adds.append(self._choose(self.lines.details, values, p, avoid=frozenset(used - {"handle"})))
            used = used | self._needs
        elif roll < nums.detail + nums.ending:
            group = self.lines.endings.get(nums.ending_group, ())
            adds.append(self._choose(group, values, p, avoid=frozenset(used - {"handle"})))
        for add in adds:
            if not add:
                continue
            add = self._fill(add, values, p)
            tail = _strip_marks(body).rstrip()
            body = body.rstrip() + (" " if tail[-1:] in "?!." else ". ") + add
        return body

    # -- writing -----------------------------------------------------------------------------
    def _write(self, lines, p: Person, values: dict[str, str], hashtags: tuple[str, ...] = (),
               *, tag_odds: float | None = None, own: tuple[str, ...] = (), more: bool = False) -> str:
        """A line filled and typed by ``p``; drawn again (up to 8 times) if it doubles a word,
        says the same word twice (:func:`repeated_word`) or runs past the limit."""
        nums = persona_row(p.persona)
        text = ""
        for _ in range(8):
            if own:                      # a scenario's whole post: complete as written
                whole = self.rng.choice(own)
                self._own_used.add(whole)
                body = self._fill(whole, values, p)
                meant = whole
                p.scripted = True
                # what it says is said; and a whole post tells the person's story, so it counts
                # as their stake told ("a_stake", the only ``about:`` there is): none is added
                # later ("this is meant to be our one easy day", then "so much for a hot tea...")
                self._needs = frozenset(re.findall(r"\{(\w+)\}", whole)) | {"a_stake"}
            else:
                told: frozenset[str] = frozenset()
                line = self._choose(lines, values, p, avoid=told, top=True)
                line = self._times(fill(line, {}, self.rng), p)
                meant = line
                body = fill(line, self._faults(line, p, values), self.rng)
                if more:
                    body = self._more(body, p, values, nums)
            if not body:
                continue
            body = _A_AN.sub(r"\1n \2", body)          # "a £800 job" -> "an £800 job"
            text = self._type(self._handle_last(body, p), p, nums, hashtags, tag_odds)
            plain = _KEPT.sub(" ", text)
            if (len(_strip_marks(text)) <= MAX_LEN and not _DOUBLED.search(plain) and not repeated_word(plain, meant, p)
                    and len(_HOW_LONG.findall(plain)) <= 1
                    and not off_the_clock(plain, getattr(self, "_now", p.noticed), self.scenario.clock.start_minutes)):
                p.used |= self._needs
                break
            own = ()
        else:
            # eight draws and none passed: the last one goes out, so what it said is said (its
            # stake too, or the next post says a second one: the eighth read's "I took the morning
            # off" after "if I miss our only holiday")
            if text:
                p.used |= self._needs
        return text

    def _type(self, text: str, p: Person, nums: Persona, hashtags, tag_odds) -> str:
        """The person's typing habits, outside the kept words."""
        r = self.rng
        text = _outside_kept(text, lambda s: re.sub(r"[#@]\w+", lambda m: _KEEP_OPEN + m.group(0) + _KEEP_CLOSE, s))
        text = _outside_kept(text, lambda s: _OUR_PARTNER.sub(lambda m: ("M" if m[1] == "O" else "m") + "y " + m[2], s))   # "our wife" -> "my wife"
        parts = re.split(f"({_KEEP_OPEN}.*?{_KEEP_CLOSE})", text)
        out = []
        for part in parts:
            if part.startswith(_KEEP_OPEN):
                out.append(part)
                continue
            if p.stop != ". ":      # a comma joins two sentences at most: three is a run-on nobody types
                part = re.sub(r"(?<=[^\s.])\. (?=\S)", p.stop, part, count=1 if p.stop == ", " else 0)
            if p.voice == "lower":
                part = _lower_keeping_caps(part)      # half of them still write "I" as "I"
                part = re.sub(r"\bi\b", "I", part) if r.random() < 0.5 else part
            elif p.voice == "textspeak":
                for pat, rep in _TEXTSPEAK:
                    part = re.sub(pat, rep, part)
            if p.numerals:
                part = as_numerals(part)
            if p.wide_stop:        # "...to get it.  Unacceptable": the second space survives _finish
                part = re.sub(r"(?<=[.!?]) (?=[A-Za-z])", " " + _WIDE, part)
            out.append(part)
        text = "".join(out)
        asked = _strip_marks(text).rstrip().endswith("?")    # a question stays one, "?" or not: never "yes!!"
        if r.random() < nums.no_question_mark:
            # mid-post a dropped "?" becomes a full stop; at the very end, nothing
            text = _outside_kept(text, lambda s: re.sub(r"\?+(?=\s)", ".", s))
            text = re.sub(r"\?+$", "", text)
        if r.random() < nums.typo:
            text = _outside_kept(text, lambda s: _typo(s, r), once=True)
        if p.voice != "proper" and r.random() < nums.caps:
            text = _outside_kept(text, lambda s: _EMPHASIS.sub(lambda m: m.group(0).upper(), s, count=1), once=True)
        if p.voice == "proper" or p.autocaps:
            text = _capitalise(text)
        end = _strip_marks(text).rstrip()[-1:]
        tagged = bool(re.search(r"[#@]\w+$", _strip_marks(text).rstrip()))   # nobody types "@Brand!"
        if end and end not in "?!.)'\"" and not end.isdigit() and r.random() < nums.bang and not tagged and not asked:
            text += r.choice(("!", "!!", "!"))
        elif p.voice == "proper" and end.isalpha() and not tagged:
            text += "."
        odds = nums.hashtag if tag_odds is None else tag_odds
        if "#" not in text and r.random() < odds:
            text += " " + _KEEP_OPEN + self._tag(hashtags, p.persona) + _KEEP_CLOSE
        if r.random() < nums.emoji:
            text += " " + r.choice(_EMOJI)
        return text

    def _handle_last(self, text: str, p: Person) -> str:
        """Some people put the brand's handle at the end ("...anyone? @Brand")."""
        lead = _KEEP_OPEN + self.handle + _KEEP_CLOSE + " "
        if text.startswith(lead) and p.handle_last:
            rest = text[len(lead):]
            if "#" not in rest and "\u201c" not in rest:
                return rest + " " + lead.strip()
        return text

    def _finish(self, text: str) -> str:
        kept_quote = self.language != "strong"
        parts = re.split(f"({_KEEP_OPEN}.*?{_KEEP_CLOSE})", text)
        out = []
        for part in parts:
            inner = part.strip(_KEEP_OPEN + _KEEP_CLOSE)
            if kept_quote and not part.startswith(_KEEP_OPEN + "\u201c"):
                inner = mask(inner)
            out.append(inner)
        text = re.sub(r"\s+(?=[.,!?](?:\s|$))", "", " ".join("".join(out).split()))
        text = re.sub(" ?" + _WIDE + " ?", "  ", text)
        if len(text) > MAX_LEN:
            text = text[:MAX_LEN - 1].rsplit(" ", 1)[0] + "…"
        return text

    # -- the engine's three calls -------------------------------------------------------------
    def post(self, persona: str, ctx: WriterContext, hashtags: tuple[str, ...] = (),
             key: str | None = None) -> PostDraft:
        """A new post from a new person. With ``key`` (a scheduled post), it draws from its own
        random stream, so the same scheduled post reads the same whatever else happened."""
        if key is None:
            return self._post(persona, ctx, hashtags)
        shared, self.rng = self.rng, random.Random(f"{self._seed_base}:{key}")
        try:
            return self._post(persona, ctx, hashtags)
        finally:
            self.rng = shared

    def _post(self, persona: str, ctx: WriterContext, hashtags: tuple[str, ...]) -> PostDraft:
        p = self._new_person(persona, ctx)
        self.people[p.handle] = p
        values = self._values(p, ctx)
        lines = self.lines.first.get(persona) or self.lines.first["angry"]
        own: tuple[str, ...] = ()
        unused = tuple(x for x in self.own.get(persona, ()) if x not in self._own_used)
        if unused and self.rng.random() < _OWN_ODDS:     # a scenario's whole post: once a drill
            own = unused
        elif ctx.restored and persona in ("angry", "business", "question", "influencer") and self.rng.random() < 0.6:
            lines = self.lines.after_fix
        tag_odds = 1.0 if persona == "joker" else None
        text = self._write(lines, p, values, tuple(hashtags), tag_odds=tag_odds, own=own,
                           more=lines is not self.lines.after_fix)
        p.posts += 1
        text = self._finish(text)
        return PostDraft(author=p.name, handle=p.handle, persona=persona, text=text,
                         reach=self._reach(persona), anger=self._anger(persona, ctx),
                         hashtags=tuple(re.findall(r"#\w+", text)))

    def follow_up(self, original: Post, kind: str, ctx: WriterContext, reply_text: str | None = None) -> PostDraft:
        r = self.rng
        p = self._person_for(original, ctx)
        p.tries += r.randint(2, 5)
        waited = max(1.0, (ctx.t - original.at) * self.scenario.clock.speed / 60)
        quote = quote_reply(reply_text, r) if reply_text else None
        values = self._values(p, ctx, quote=quote, waited=_waited(waited, r), mins_exact=str(int(waited)),
                              n=str(max(1, original.reach // 1000)))
        L = self.lines
        nums = persona_row(p.persona)
        tag_odds = 0.0
        if kind == "chaser":
            step = "first" if p.posts <= 1 else ("escalate" if p.escalates else "give_up")
            groups = L.chaser[step]
            lines = groups.get(nums.chase_group) or groups["upset"]
            if p.scripted:       # their first post was the scenario's: keep to what it said
                lines = tuple(ln for ln in lines if not ln.needs & {"stake", "relative", "place", "broken"}) or lines
            tag_odds = nums.hashtag / 2
        else:
            if kind in ("escalates", "mocks") and not quote:
                kind = "still_angry"
            if kind == "mocks" and original.reach < 5_000:
                kind = "escalates"
            lines = (tuple(Line(t) for t in author_lines(original.persona, kind))   # their own voice
                     or L.reactions.get(kind, L.reactions["still_angry"]))
        text = self._finish(self._write(lines, p, values, (), tag_odds=tag_odds, more=kind == "chaser"))
        p.posts += 1
        extra = {"thanks": -45, "softens": -25, "still_angry": 8, "escalates": 18, "mocks": 12, "chaser": 12}.get(kind, 0)
        draft_kind = "reaction" if kind in ("thanks", "softens") else "follow_up"
        return PostDraft(author=original.author, handle=original.handle, persona=p.persona,
                         text=text, reach=original.reach,
                         anger=round(min(100.0, max(0.0, original.anger + extra + r.gauss(0, 4))), 1),
                         hashtags=tuple(re.findall(r"#\w+", text)), kind=draft_kind)

    def bystander(self, kind: str, about: Post, ctx: WriterContext, reply_text: str | None = None) -> PostDraft:
        r = self.rng
        persona, draft_kind = {
            "praise": ("loyal", "reaction"), "pile_on": ("angry", "pile_on"),
            "callout_copy_paste": ("angry", "callout"), "callout_vulnerable": ("angry", "callout"),
            "contradiction": ("angry", "callout"), "disagreement": ("angry", "callout"),
            "joins_in": (about.persona if about.persona in ("angry", "question", "business") else "angry", "post"),
            "press": ("journalist", "press"),
        }.get(kind, ("angry", "callout"))
        p = self._new_person(persona, ctx)
        self.people[p.handle] = p
        promised = ctx.promise[1] if ctx.promise else None
        other = ctx.promise[0] if (kind in ("contradiction", "promise_passed", "disagreement") and ctx.promise) else about.handle
        quote = quote_reply(reply_text, r) if reply_text else None
        values = self._values(p, ctx, quote=quote, other=other, promised=promised)
        if kind == "callout_copy_paste":
            values["n"] = str(r.choice((10, 20, 30, 50)))
        B = self.lines.bystander
        lines = tuple(Line(t) for t in bystander_lines(kind)) or B.get(kind, B["callout"])
        if kind == "joins_in" and r.random() < 0.5:      # someone else's own post, prompted by it
            lines = self.lines.first.get(persona, self.lines.first["angry"])
        if kind == "pile_on" and not quote:
            lines = B["callout"]
        if kind == "press":
            text = self._finish(fill(self._choose(lines, values), values, r))
        else:
            text = self._finish(self._write(lines, p, values, about.hashtags,
                                            tag_odds=0.0 if kind == "praise" else None))
        p.posts += 1
        extra = {"praise": -40, "pile_on": 10, "joins_in": 0}.get(kind, 5)
        reach = self._reach("influencer" if kind == "pile_on" and r.random() < 0.15 else persona)
        return PostDraft(author=p.name, handle=p.handle, persona=persona, text=text,
                         reach=reach, anger=self._anger(persona, ctx, extra),
                         hashtags=tuple(re.findall(r"#\w+", text)), kind=draft_kind)


# -- the time of day a post speaks of ----------------------------------------------------------------
# Parts of the day a line names, and when a person could say them: (pattern, test on (now, start,
# elapsed) in minutes of the day). "I've had the whole lunch hour with this" at 04:50, "you've
# ignored me all day" an hour in, "all morning" or "first thing" about a fault that began at 14:45
# are posts a person never types (the fifth blind read). The first pattern a post matches for a
# word decides it ("by lunch" is a plan, so before lunch; "my lunch break" is now).
_M = 60
_DAYPART_RULES: tuple[tuple[str, re.Pattern[str], object], ...] = tuple((kind, re.compile(p, re.I), ok) for kind, p, ok in (
    ("lunch", r"\b(?:by|before|till|until|for) lunch", lambda now, start, el: now < 12 * _M + 30),
    ("lunch", r"\bsince lunch", lambda now, start, el: now >= 13 * _M and start < 14 * _M),
    ("lunch", r"\ba lunch\b", lambda now, start, el: now < 14 * _M),
    ("lunch", r"\blunch", lambda now, start, el: 11 * _M + 30 <= now < 15 * _M + 30),
    ("afternoon", r"\b(?:this|by the|for the|in the|from this|tomorrow) afternoon", lambda now, start, el: now < 17 * _M + 30),
    ("afternoon", r"\bafternoon", lambda now, start, el: 12 * _M <= now < 19 * _M),
    ("morning", r"\b(?:tomorrow|in the) morning", lambda now, start, el: True),
    ("morning", r"(?:^|[.!?] |@\w+ )(?:good )?morning\b(?! post)", lambda now, start, el: now < 12 * _M),
    ("morning", r"\b(?:all|whole|entire|the|my|our|a) morning\b(?! post)|\bmorning's\b",
     lambda now, start, el: start < 10 * _M + 30 and now >= 9 * _M),
    ("morning", r"\bmorning\b(?! post)", lambda now, start, el: start < 12 * _M),
    ("breakfast", r"\bbreakfast", lambda now, start, el: start < 10 * _M and now >= 7 * _M + 30),
    ("day", r"\b(?:all|whole|entire) day\b", lambda now, start, el: el >= 4 * _M),
    ("evening", r"\b(?:all|whole|entire) evening\b|\bevening's\b", lambda now, start, el: now >= 18 * _M + 30),
    ("tonight", r"\b(?:tonight|this evening)\b", lambda now, start, el: now < 21 * _M + 30),
    ("got up", r"\b(?:woke up|got up) to (?:it|this)\b|\b(?:since|when) I got up\b|\bfirst thing\b",
     lambda now, start, el: start < 10 * _M + 30),
))
_DAYPART_WORD = re.compile(r"lunch|afternoon|morning|breakfast|\bday\b|evening|tonight|got up|woke up|first thing", re.I)


def off_the_clock(text: str, now: float, start: float) -> str | None:
    """The part of the day ``text`` speaks of that does not fit the time it is posted (``now``,
    in-world minutes) in an outage that began at ``start``: "lunch" before 11:30, "all day" under
    four hours in, "this morning" about a fault that began in the afternoon; ``None`` if it fits.
    For each part of the day the first rule whose pattern the text matches decides."""
    if not _DAYPART_WORD.search(text):
        return None
    el, day_now, day_start = now - start, now % 1440, start % 1440
    decided: set[str] = set()
    for kind, pat, ok in _DAYPART_RULES:
        if kind in decided:
            continue
        m = pat.search(text)
        if m:
            decided.add(kind)
            if not ok(day_now, day_start, el):
                return m.group(0).strip(" .!?")
    return None


# -- quoting the player -------------------------------------------------------------------------
_SENTENCE = re.compile(r"\S.*?(?:[.!?]+(?=\s|$)|$)", re.S)   # ends at . ! ? before a space, or at the end


def quote_reply(reply_text: str | None, r: random.Random, max_words: int = 12) -> str | None:
    """Words of the player's reply, in quote marks: an exact substring of it that starts at a
    sentence (after any @handles) and ends at a sentence end or, cut short, at a word boundary
    (then "..." follows, outside the quote marks)."""
    if not reply_text or not reply_text.strip():
        return None
    text = reply_text
    sentences = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while True:                     # leading @handles are not the player's words
            h = re.match(r"[@^]\w+[:,]?\s+", text[start:end])
            if not h:
                break
            start += h.end()
        if len(text[start:end].split()) >= 2:
            sentences.append((start, end))
    if not sentences:
        s = text.strip()
        return f"\u201c{s}\u201d" if s else None
    start, end = r.choice(sentences[:3])
    piece = text[start:end].rstrip()
    words = list(re.finditer(r"\S+", piece))
    if len(words) <= max_words:
        return f"\u201c{piece}\u201d"
    cut = words[r.randint(6, max_words) - 1].end()
    return f"\u201c{piece[:cut].rstrip(',;:')}\u201d..."


def quoted_spans(text: str) -> list[str]:
    """The quotes of a reply inside a post (what :func:`quote_reply` put there)."""
    return re.findall("\u201c(.*?)\u201d", text, re.S)


# -- small helpers ------------------------------------------------------------------------------
_VARIETY: dict[str, float] = {}
_VARIED = frozenset(("clock", "time", "soon", "town", "town2", "device", "device2", "staff_name", "street", "shop", "amount",
                     "price", "tries", "relative", "staff", "staff_said", "plan_b", "ref", "competitor", "waited", "detail",
                     "progress", "rumour", "outlet", "first_name", "n", "years", "mins_exact", "trade"))


def _variety(text: str) -> float:
    """How often a line is picked, for how many ways it can come out: a line with no
    alternatives and nothing of the person's in it reads the same every time, so ten posts
    with it are ten copies (the blind reader's "tried N more times since"); it is picked a
    little over half as often as a line that comes out sixteen ways or more (weights 0.58 to 1)."""
    w = _VARIETY.get(text)
    if w is None:
        ways = 1
        for m in re.finditer(r"<([^<>]*)>", text):
            ways *= max(1, m.group(1).count("|") + 1)
        ways *= 4 ** len(set(re.findall(r"\{(\w+)\}", text)) & _VARIED)
        w = _VARIETY[text] = min(1.0, (ways / 16) ** 0.5 + 1 / 3)
    return w


def _strip_marks(text: str) -> str:
    return text.replace(_KEEP_OPEN, "").replace(_KEEP_CLOSE, "")


# a line's "<my|our> {relative}" is "our" for a family member, never for one's own partner
_OUR_PARTNER = re.compile(r"\b([Oo])ur (wife|husband|partner|girlfriend|boyfriend|fianc[eé]e?)\b")
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z0-9]+\b")


def _lower_keeping_caps(text: str) -> str:
    """Lower case as a lower-case typer writes: words in capitals stay (IT, DHL, PIN, NOTHING),
    so "IT are looking at it" does not become "it are looking at it"."""
    out, last = [], 0
    for m in _CAPS_WORD.finditer(text):
        out.append(text[last:m.start()].lower())
        out.append(m.group(0))
        last = m.end()
    out.append(text[last:].lower())
    return "".join(out)


def _outside_kept(text: str, fn, once: bool = False) -> str:
    parts = re.split(f"({_KEEP_OPEN}.*?{_KEEP_CLOSE})", text)
    done = False
    for i, part in enumerate(parts):
        if part.startswith(_KEEP_OPEN) or not part.strip() or (once and done):
            continue
        new = fn(part)
        done = done or new != part
        parts[i] = new
    return "".join(parts)


def _capitalise(text: str) -> str:
    """Sentence starts in capitals, for someone who types properly (outside kept words)."""
    def cap(s: str) -> str:
        s = re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), s)
        return re.sub(r"\bi\b", "I", s)
    return _outside_kept(text, cap)


def _clock_label(minutes: float, r: random.Random, exact: bool = False, style: str = "") -> str:
    """A time as people type it: 06:42, 6:42, 6.42, 6:42am (in the person's own ``style`` when
    given); or, for a time they only roughly remember, "about 7", "half 6", "just after 8"."""
    m = int(minutes) % (24 * 60)
    h, mm = divmod(m, 60)
    h12 = (h - 1) % 12 + 1
    if not exact and r.random() < 0.35:
        if mm <= 10:
            return r.choice((f"about {h12}", f"just after {h12}", f"{h12}ish"))
        if 25 <= mm <= 35:
            return r.choice((f"half {h12}", f"about half {h12}"))
        if mm >= 50:
            return r.choice((f"about {(h % 12) + 1}", f"nearly {(h % 12) + 1}"))
    return _digits(m, style or r.choices(_CLOCK_STYLES, _CLOCK_WEIGHTS)[0])


_CLOCK_STYLES, _CLOCK_WEIGHTS = ("24", "24n", "dot", "ampm"), (0.4, 0.3, 0.12, 0.18)


def _digits(minutes: int, style: str) -> str:
    """A clock time in one person's way of writing it: 24 "06:42", 24n "6:42", dot "6.42",
    ampm "6:42am" (and "2pm" on the hour)."""
    m = int(minutes) % (24 * 60)
    h, mm = divmod(m, 60)
    h12 = (h - 1) % 12 + 1
    if style == "24":
        return f"{h:02d}:{mm:02d}"
    if style == "24n":
        return f"{h}:{mm:02d}"
    if style == "dot":
        return f"{h}.{mm:02d}"
    return (f"{h12}" if mm == 0 else f"{h12}:{mm:02d}") + ("am" if h < 12 else "pm")


def _rough(minutes: float, r: random.Random, bare: bool = False, style: str = "24") -> str:
    """A time someone only roughly knows, as they'd say it: "about 8", "just after 8", "half 8",
    "quarter to 9", "nearly 9", "8ish", or a clock time rounded to the quarter ("7:45").
    ``bare``: the line already says "about"/"around", so no second one ("around half 8", never
    "around about 8")."""
    m = int(minutes) % (24 * 60)
    h, mm = divmod(m, 60)
    h12, n12 = (h - 1) % 12 + 1, h % 12 + 1
    q = (mm + 7) // 15 % 4                      # nearest quarter
    hour = n12 if mm >= 38 else h12
    words = (f"{hour}", f"quarter past {h12}", f"half {h12}", f"quarter to {n12}")[q]
    roll = r.random()
    if roll < 0.45 or (q in (1, 3) and roll < 0.7):     # a clock time, rounded as people round them
        return _digits((m + 7) // 15 * 15, style)
    if bare:
        return words if roll < 0.85 else f"{hour}ish"
    if mm <= 12 and roll < 0.55:
        return r.choice((f"just after {h12}", f"just gone {h12}", f"gone {h12}", f"a bit after {h12}"))
    if mm >= 48 and roll < 0.55:
        return r.choice((f"nearly {n12}", f"just before {n12}", f"not long before {n12}"))
    if q == 2:
        return r.choice((f"half {h12}", f"about half {h12}", f"half past {h12}", f"around half {h12}"))
    if q in (1, 3):
        return r.choice((words, f"{h12}ish" if q == 1 else f"nearly {n12}"))
    return r.choice((f"about {hour}", f"around {hour}", f"{hour}ish", f"{hour} o'clock", f"about {hour}ish"))


def _part_of_day(minutes: float, now: float, r: random.Random, prep: str) -> str | None:
    """The loose name for a past time ("first thing", "lunchtime"), fitted to the word before
    it ("since I got up", "at lunchtime", "first thing"), or ``None``."""
    m, today = int(minutes) % 1440, int(now) % 1440
    since = prep.lower() in ("since", "from")
    if 300 <= m < 510 and today >= m + 60:
        if since:
            return r.choice(("first thing", "I got up", "breakfast") if prep.lower() == "since" else ("first thing", "breakfast"))
        return r.choice(("first thing", "when I got up", "at breakfast"))
    if 720 <= m < 810 and today >= 780:
        return r.choice(("lunchtime", "lunch") if since else ("at lunchtime", "over lunch"))
    if m < 690 and today >= 780:
        return r.choice(("this morning", "earlier this morning") if since else ("this morning", "earlier this morning"))
    if 1020 <= m < 1110 and today >= 1080:
        return r.choice(("teatime", "tea") if since else ("at teatime", "around teatime"))
    return None


# A time placeholder and the word before it, in a line whose alternatives are already picked.
_TIME_SLOT = re.compile(r"(?:\b(at|since|from|around|about|by|before|till|until|of|bang on|just before|is|it's|was)\s+)?"
                        r"\{(clock|time|soon)\}")


# words before "at {clock}" that already say the person had just got up, so the time is not "when I got up"
_WOKE = re.compile(r"\b(?:woke|got|been) up\b", re.I)
# words before "at {clock}" that make it a time on a timetable, not one someone roughly remembers
_TIMETABLE = re.compile(r"\b(?:(?:bus|train|lift|flight|coach|ferry|tram) (?:went|left)|departed|boarded|started|kicked off|"
                        r"was due|was booked|kick-off was)\s+$", re.I)


def say_time(minutes: float, what: str, prep: str, r: random.Random, style: str, now: float) -> str:
    """A time as a person writes it for what it is: ``what`` is "past" (when they noticed,
    tried or asked: mostly rough, "since about 8", "since first thing", exact now and then, as
    someone who checked), "now" (the time as they type: "it's gone 10" or the exact minute off
    the phone) or "plan" (a time on a timetable or in a diary: a boarding time, an appointment,
    a deadline, exact but on a five-minute mark, "11:05"; after "by"/"before"/"till" a rounder
    one, "by 11", "by half 2"). ``prep`` is the word before the slot ("" for none); the result
    replaces prep and slot together, so "at {clock}" may become "first thing"."""
    lead = prep + " " if prep else ""
    bare = prep in ("around", "about", "just before", "bang on")
    if what == "plan":
        m = int(round(minutes / 5) * 5)
        if prep in ("by", "before", "till", "until"):
            m = int(round(minutes / 30) * 30)
            if r.random() < 0.5:
                return lead + (f"{(m // 60 - 1) % 12 + 1}", f"quarter past {(m // 60 - 1) % 12 + 1}",
                               f"half {(m // 60 - 1) % 12 + 1}", f"quarter to {m // 60 % 12 + 1}")[m % 60 // 15]
        return lead + _digits(m, style)
    if what == "now":
        if prep in ("it's", "is") and r.random() < 0.45:
            mm = int(minutes) % 60
            h = int(minutes) // 60 % 24
            if mm < 30:
                return f"{prep} gone {(h - 1) % 12 + 1}"
            if mm >= 45:
                return f"{prep} nearly {h % 12 + 1}"
        # to the minute now and then (someone glancing at the phone's clock), not every time: a
        # feed of "it's 10:43" reads as a program's (the third blind read)
        if prep in ("of", "bang on") or (not bare and r.random() < 0.3):    # never "around 13.22"
            return lead + _digits(int(minutes), style)
        return lead + _rough(minutes, r, bare=bare or prep in ("it's", "is", "was"), style=style)
    if prep == "bang on" or (not bare and r.random() < 0.08):      # someone who looked at the clock
        return lead + _digits(int(minutes), style)
    part = _part_of_day(minutes, now, r, prep) if prep.lower() in ("since", "from", "at", "") else None
    if part and r.random() < 0.2:
        return (lead if prep.lower() in ("since", "from") else "") + part
    return lead + _rough(minutes, r, bare=bare, style=style)


def _waited(minutes: float, r: random.Random) -> str:
    """How long since someone's post, the way they'd say it."""
    m = int(minutes)
    if m < 20:
        return f"{max(5, m // 5 * 5)} mins"
    if m < 40:
        return r.choice(("half an hour", f"{m // 5 * 5} minutes", f"{m // 5 * 5} mins", "over 20 minutes"))
    if m < 75:
        return r.choice(("an hour", "about an hour", "nearly an hour", "the best part of an hour",
                         f"{m // 10 * 10}-odd minutes", "a good hour" if m >= 60 else "getting on for an hour"))
    if m < 110:
        return r.choice(("an hour and a half", "over an hour", "well over an hour", "an hour and a bit"))
    return r.choice((f"{round(m / 60)} hours", f"nearly {math.ceil(m / 60)} hours", f"over {m // 60} hours",
                     f"{m // 60} hours and counting", f"{m // 60} and a half hours" if m % 60 >= 25 else f"{m // 60} hours now"))


def _money(r: random.Random) -> str:
    """An amount of money as people say it: mostly round ("about £40", "nearly £30", "£25"),
    now and then to the penny (from a receipt or a banking app)."""
    pounds = r.choice((6, 8, 10, 12, 15, 18, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100, 120, 150))
    how = r.random()
    if how < 0.12:                     # to the penny: now and then (a receipt, a banking app), not often
        return f"£{max(1, pounds + r.randint(-3, 3))}.{r.randint(1, 99):02d}"
    if how < 0.55:
        return f"£{pounds}"
    if how < 0.8:
        return r.choice(("about", "nearly", "over", "almost", "the best part of")) + f" £{pounds}"
    return r.choice((f"{pounds} quid", f"£{pounds}-odd", f"getting on for £{pounds}"))


# "my dongle dead" -> "my dongle's dead": a fault written as a noun phrase with an adjective or
# past-participle after it gets the verb a person would type. Clauses ("bag drop not working",
# "the app saying 'error'") read as people write them and are left alone.
_ADJ = frozenset(("dead", "wrong", "incorrect", "blank", "broken", "down", "frozen", "empty", "stuck", "closed", "shut", "useless",
                  "offline", "jammed", "invalid", "unstaffed", "unavailable", "unresponsive", "flat", "greyed", "fine", "out",
                  "impossible", "white", "black"))
_PP = frozenset(("gone", "wiped", "deleted", "lost", "refused", "rejected", "declined", "suspended",
                 "locked", "cancelled", "taped", "switched", "cut", "forgotten", "missed", "stopped", "split"))
# Nouns in -ed that are no past participle ("the bank feed frozen", "the download speed"): part of a subject.
_NOUN_ED = re.compile(r"(?:eed|ead|bed|red|shed)$")
_DETERMINER = frozenset(("a", "an", "the", "my", "our", "your", "their", "his", "her", "every", "each", "no", "this",
                         "that", "these", "those", "some", "any"))
_ADVERB = frozenset(("suddenly", "now", "completely", "already", "still", "just", "totally", "also", "never"))
_NOT_SUBJECT = frozenset(("is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "which",
                          "who", "won't", "will", "can't", "but", "while", "when", "to"))
_NUMBERS = frozenset(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both", "all"))
_PREPOSITION = frozenset(("with", "for", "on", "in", "at", "by", "of", "from"))     # inside a subject, never its end
# Words in -ing that name a thing ("the booking page", "the parking app"): part of a subject.
_NOUN_ING = frozenset(("parking", "booking", "banking", "morning", "evening", "building", "wedding", "ring", "thing",
                       "something", "nothing", "anything", "everything", "king", "spring", "string", "ceiling",
                       "meeting", "heating", "lighting", "ticketing", "streaming", "clothing", "boarding", "shopping",
                       "living", "warning", "setting", "timing", "recording", "opening", "landing", "training",
                       "housing", "hearing", "heading", "reading", "invoicing", "staffing", "calling", "checking",
                       "charging", "listing", "earning", "saving", "savings", "messaging", "sibling", "pudding"))
# -ing words that name a thing but are a verb before "out"/"down" or a person ("timing out", "charging me")
_PARTICLE = frozenset(("out", "down"))
_OBJECT = frozenset(("me", "us", "you", "them", "him", "her", "everyone", "people"))
_AGAIN = frozenset(("again", "twice"))         # "the website charging twice for bags": a verb too
# a word a subject is made of: "the 5G symbol", "my P60s" (a letter in it, not a number or a price)
_SUBJECT_WORD = re.compile(r"(?=[\w-]*[A-Za-z])[A-Za-z0-9][\w-]*")
# The one who does an -ing verb starts with one of these ("the app saying...", "my card failing").
_OWNER = frozenset(("the", "my", "our", "your", "their", "his", "her"))


def as_clause(fragment: str, r: random.Random, perfect: bool = False) -> str:
    """``fragment`` with the verb a person would type, if it is a subject and a bare adjective
    or participle ("the gate screens blank" -> "the gate screens are blank", "card declined" ->
    "card's been declined"); anything else (a clause already, a quote) as it is. ``perfect``:
    the frame goes on "since ..." ("bag drop hasn't been working since 6")."""
    words = fragment.split(" ")
    if fragment.startswith(("'", '"', "\u2018")):
        return fragment
    for i, w in enumerate(words[1:8], start=1):
        low = w.lower()
        if low in _ADVERB and i + 1 < len(words) and words[i + 1].lower() in _ADJ | _PP:
            continue
        if low in _ADVERB and i + 1 < len(words) and _progressive(words[i + 1]):
            continue
        nxt_low = words[i + 1].lower() if i + 1 < len(words) else ""
        if _progressive(w) and (low not in _NOUN_ING or nxt_low in _PARTICLE | _OBJECT | _AGAIN):
            # "the site charging me a fee", "our HMRC connection timing out": a verb, not a noun
            return _with_be(words, i, r, perfect or " since " in fragment) or fragment
        if low in _PARTICLE and _progressive(words[i - 1]) and words[i - 1].lower() not in _NOUN_ING:   # "cutting out..."
            return fragment
        if low == "not" and words[i - 1].lower() in ("and", "but", "with", "so"):    # "£20 gone and not a sausage on
            return fragment                                                     # the key": a clause already
        if not (low in _ADJ or low in _PP or (low == "not" and i + 1 < len(words))):
            if low in _NOT_SUBJECT or not _SUBJECT_WORD.fullmatch(w) or (
                    (low.endswith("ing") or (low.endswith("ed") and not _NOUN_ED.search(low))) and low not in _NOUN_ING):
                return fragment
            continue
        start = i - 1 if words[i - 1].lower() in _ADVERB else i
        subject = words[:start]
        first, head = subject[0].lower() if subject else "", subject[-1].lower() if subject else ""
        if (not subject or head in _NOT_SUBJECT or (len(subject) == 1 and (head in _NUMBERS or head.isdigit())) or head in _DETERMINER or head in _PREPOSITION
                or first in ("no", "nobody", "not") or first in _PREPOSITION):
            return fragment
        plural = ("and" in (x.lower() for x in subject) or head in ("staff", "people", "lights", "both")
                  or (head.endswith("s") and not head.endswith(("ss", "us", "as")) and not subject[-1].isupper()
                      and first not in ("every", "each")))
        perfect = perfect or " since " in fragment
        sibilant = head.endswith(("s", "x", "z", "sh", "ch"))
        rest = words[start:]
        nxt = words[start + 1].lower() if low == "not" and start + 1 < len(words) else ""
        if low == "not" and (nxt.endswith("ed") or nxt in ("budged", "moved", "gone", "been")):
            verb, rest = ("haven't" if plural else r.choice(("hasn't", "has not"))), rest[1:]
        elif low == "not" and perfect:
            verb, rest = ("haven't been" if plural else r.choice(("hasn't been", "'s not been"))), rest[1:]
        elif low == "not":
            verb = r.choice(("aren't", "are")) if plural else r.choice(("isn't", "is", "'s"))
            if verb.endswith("n't"):
                rest = rest[1:]
        elif low == "gone":
            verb = "have" if plural else r.choice(("has", "'s"))
        elif low in _PP:
            verb = "have been" if plural else r.choice(("has been", "'s been"))
        elif perfect:
            verb = "have been" if plural else r.choice(("has been", "'s been"))
        else:
            verb = "are" if plural else r.choice(("is", "'s", "is"))
        if verb.startswith("'") and (sibilant or _PREPOSITION & {x.lower() for x in subject}):
            verb = verb.replace("'s", "has" if "been" in verb else "is")
        joined = " ".join(subject)
        joined = joined + verb if verb.startswith("'") else joined + " " + verb
        return " ".join([joined] + rest)
    return fragment


# Short words a person does say twice in one post ("please... please", "it's... it's"): the rest,
# said twice, read as two lines stuck together ("the lad at the desk... the kiosk by the desk").
_SAID_TWICE_OK = frozenset((
    "that", "this", "with", "have", "from", "your", "what", "when", "been", "just", "they", "them", "their",
    "there", "then", "than", "will", "would", "could", "should", "about", "into", "over", "some", "very",
    "much", "more", "like", "here", "were", "does", "dont", "don't", "can't", "it's", "i'm", "i've", "we're",
    "isn't", "please", "still", "again", "even", "only", "also", "and", "the", "for", "not", "you", "but",
    "are", "was", "has", "had", "it'll", "i'll", "we've", "that's", "there's", "you're", "you've", "hours",
    "minutes", "mins"))
_WORD = re.compile(r"[a-z][a-z']*[a-z]")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(re.sub(r"[@#]\w+|\u201c.*?\u201d|\"[^\"]*\"", " ", text.lower()))
            if len(w) >= 4 and w not in _SAID_TWICE_OK]


def _twice(text: str) -> set[str]:
    seen: set[str] = set()
    out = set()
    for w in _words(text):
        (out if w in seen else seen).add(w)
    return out


def repeated_word(text: str, meant: str = "", p: Person | None = None) -> str | None:
    """A word of four letters or more said twice in ``text`` (the brand's words already cut
    out), other than the few people do repeat; ``None`` if there is none. A word the line
    itself (``meant``: "another day, another disaster") or one of the person's own fragments
    ("'number unobtainable' on every number") says twice was meant, and is let be."""
    meant_twice = _twice(meant)
    if p is not None:
        for frag in (p.broken, p.also_broken, p.place, p.new_place, p.stake):
            meant_twice |= _twice(frag)
    twice = _twice(text) - meant_twice
    if twice:
        return min(twice)
    # "still" and "again" may come twice, not three times: "STILL here. it's still dead as of
    # 11:47. still no word from you" is three lines stuck together
    counts, meant_counts = Counter(_THRICE.findall(text.lower())), Counter(_THRICE.findall(meant.lower()))
    thrice = [w for w, n in counts.items() if n >= 3 and meant_counts[w] < 3]
    return min(thrice) if thrice else None


_THRICE = re.compile(r"\b(still|again|nothing|now|anyone|even|only|just)\b")


_NUMBER_VALUES = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                  "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                  "sixty": 60, "ninety": 90, "a hundred": 100}
_COUNTED = re.compile(r"\b(" + "|".join(sorted(_NUMBER_VALUES, key=len, reverse=True)) + r")( +)(times|goes|tries|attempts|minutes|mins|"
                      r"hours|days|weeks|people|staff|desks|flights|kids|calls|texts|emails|messages|quid|bars|cases|bags|"
                      r"of us|of them|lads|drivers|members)\b", re.I)


def as_numerals(text: str) -> str:
    """Counts as a quick typer writes them: "three times" -> "3 times", "twenty minutes" ->
    "20 minutes" (not "one", and not a number on its own: "ten past", "the first two")."""
    return _COUNTED.sub(lambda m: f"{_NUMBER_VALUES[m.group(1).lower()]}{m.group(2)}{m.group(3)}", text)


def _progressive(word: str) -> bool:
    low = word.lower()
    return len(low) > 4 and low.endswith("ing") and low.isalpha()


def _with_be(words: list[str], i: int, r: random.Random, perfect: bool) -> str | None:
    """``words[i]`` is an -ing verb ("the app saying 'error'"): the subject before it gets "is"
    ("the app's saying 'error'"), or "has been" before "since"; ``None`` when what comes
    before is no subject a person would put there ("no way of calling", "calls failing")."""
    start = i - 1 if words[i - 1].lower() in _ADVERB else i
    subject = words[:start]
    if not subject or len(subject) > 6:
        return None
    first, head = subject[0].lower(), subject[-1].lower()
    if (first not in _OWNER or head in _DETERMINER | _PREPOSITION | _NOT_SUBJECT or head in _OWNER
            or not re.fullmatch(r"[A-Za-z][\w'-]*", subject[-1]) or (head.endswith("ing") and head not in _NOUN_ING)):
        return None
    plural = ("and" in (x.lower() for x in subject) or head in ("staff", "people", "lights", "both")
              or (head.endswith("s") and not head.endswith(("ss", "us", "as", "'s")) and not subject[-1].isupper()))
    if perfect:
        verb = "have been" if plural else r.choice(("has been", "'s been"))
    else:
        verb = "are" if plural else r.choice(("is", "'s", "is"))
    if verb.startswith("'") and (head.endswith(("s", "x", "z", "sh", "ch")) or _PREPOSITION & {x.lower() for x in subject}):
        verb = verb.replace("'s", "has" if "been" in verb else "is")
    joined = " ".join(subject)
    joined = joined + verb if verb.startswith("'") else joined + " " + verb
    return " ".join([joined] + words[start:])


def _typo(text: str, r: random.Random) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if w.isalpha() and w.islower() and len(w) >= 5]
    if not idx:
        return text
    i = r.choice(idx)
    w = words[i]
    j = r.randrange(1, len(w) - 2)
    how = r.random()
    if how < 0.5:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]        # swapped letters
    else:
        w = w[:j] + w[j + 1:]                            # dropped letter
    words[i] = w
    return " ".join(words)
