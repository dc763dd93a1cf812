"""The synthetic post writer: believable posts from ten personas, deterministic under the seed.

A post is composed from fragments (opening, what broke, the personal stake, the jab, hashtags,
emoji) in :mod:`sim.post_fragments`, the scenario's own ``templates:`` (whole posts per persona
and fragment lists: stakes, broken, places, jabs, songs, hashtags; ``<a|b|c>`` picks one
alternative per post), names and handles drawn from a seeded Faker (en_GB) and real UK towns.
Then each person's habits are applied: their voice and word swaps (never inside the scenario's
own words, quotes, names or set phrases), punctuation, lower-case starts, abbreviations, the odd
typo, a word in capitals.

Posts evolve with the drill through the :class:`~sim.model.WriterContext` the engine passes:
they pick up facts as they become known, grow angrier with the hours, chase unanswered posts
with the time waited, quote the brand's replies and remember promised fix times.

Language: at the default ``mild`` level every swear word is masked ("f***"), including any in a
scenario's own templates; ``strong`` spells them out. The writer never produces slurs, hate or
threats: its fragments contain none, and :func:`mask` runs over everything at the mild level.

Post text is data. It may contain brackets, emoji or RTL text from a scenario; nothing here or
downstream interprets it.
"""
from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping

from sim import post_fragments as F
from sim.model import DIFFICULTY_SCALE, Post, PostDraft, Scenario, WriterContext
from sim.fmt import REPLY_LIMIT
from sim.reactions import author_lines, bystander_lines

MAX_LEN = REPLY_LIMIT

# persona -> (median followers, log-sigma, floor, ceiling)
REACH: Mapping[str, tuple[float, float, int, int]] = {
    "angry": (260, 1.3, 3, 150_000), "question": (180, 1.2, 3, 60_000),
    "vulnerable": (70, 1.0, 1, 5_000), "troll": (900, 1.5, 5, 300_000),
    "joker": (700, 1.7, 5, 900_000), "journalist": (45_000, 0.9, 20_000, 2_000_000),
    "influencer": (300_000, 0.9, 50_000, 2_000_000), "loyal": (400, 1.2, 5, 50_000),
    "competitor": (80_000, 0.6, 20_000, 800_000), "business": (1_500, 1.1, 50, 100_000),
}
# persona -> base anger 0..100
ANGER: Mapping[str, float] = {
    "angry": 72, "question": 42, "vulnerable": 55, "troll": 58, "joker": 22, "journalist": 30,
    "influencer": 62, "loyal": 15, "competitor": 10, "business": 70,
}
# persona -> (chance of "?"-ending, "!"-ending, capitals word, emoji, typing habits, lower start)
TEXTURE: Mapping[str, tuple[float, float, float, float, float, float]] = {
    "angry": (0.12, 0.30, 0.32, 0.02, 0.45, 0.45), "question": (0.85, 0.05, 0.08, 0.0, 0.4, 0.4),
    "vulnerable": (0.35, 0.10, 0.12, 0.0, 0.35, 0.3), "troll": (0.15, 0.15, 0.25, 0.08, 0.5, 0.6),
    "joker": (0.05, 0.12, 0.15, 0.08, 0.3, 0.4), "journalist": (0.5, 0.0, 0.0, 0.0, 0.0, 0.0),
    "influencer": (0.3, 0.25, 0.3, 0.04, 0.15, 0.2), "loyal": (0.05, 0.15, 0.10, 0.03, 0.45, 0.5),
    "competitor": (0.2, 0.2, 0.1, 0.05, 0.0, 0.0), "business": (0.3, 0.2, 0.3, 0.0, 0.2, 0.15),
}
# persona -> chance that this person does not bother with question marks at all ("why is nobody
# answering"): real complaints ask far more questions than they mark (26% carry a "?")
NO_QUESTION_MARK = {"angry": 0.35, "business": 0.3, "vulnerable": 0.3, "troll": 0.3, "influencer": 0.2,
                    "loyal": 0.2, "joker": 0.2, "question": 0.1}
PERSONA_HASHTAG = {"joker": 0.9, "troll": 0.35, "influencer": 0.4, "angry": 0.22, "question": 0.1,
                   "business": 0.12, "loyal": 0.1, "journalist": 0.05, "competitor": 0.3, "vulnerable": 0.0}

_EMPHASIS = frozenset(("still", "nothing", "no", "every", "all", "now", "again", "nobody", "zero",
                       "hours", "never", "not", "anyone", "help", "today", "this", "please", "what",
                       "why", "how", "one", "seriously", "whole", "joke", "useless", "anything"))
_SYNONYMS = {**F.MORE_SYNONYMS, **F.SYNONYMS}
_FUNCTION_WORDS = frozenset(("a", "an", "the", "in", "on", "at", "to", "of", "and", "or", "for", "not",
                             "is", "are", "by", "with", "from", "but", "our", "your", "their", "its",
                             "it", "we", "you", "be", "has", "have", "will", "still", "as", "that"))
_VOICE_CHOICE = ("plain", "plain", "plain", "textspeak", "northern", "formal", "emphatic")
_WORD_EDGES = re.compile(r"^([^\w@#]*)(.*?)([^\w]*)$", re.S)
_KEEP_OPEN, _KEEP_CLOSE = "\x02", "\x03"      # around a scenario's own words while composing
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# "<a|b|c>" in a fragment: one of the alternatives (an empty one is allowed: "<really |>").
_ALTERNATIVES = re.compile(r"<([^<>\n]*\|[^<>\n]*)>")
_SWEAR_RE = re.compile(r"\b(" + "|".join(sorted(F.SWEARS, key=len, reverse=True)) + r")\b", re.I)
_ABBREV = [(re.compile(r"(?<![\w'])" + re.escape(a.strip()) + r"(?![\w'])"), b.strip()) for a, b in F.ABBREV]


def mask(text: str) -> str:
    """Mask swear words, keeping the first letter: "fucking" -> "f******"."""
    return _SWEAR_RE.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), text)


def fill(template: str, values: Mapping[str, str], rng: random.Random | None = None) -> str:
    """Fill ``{name}`` placeholders that have a value; leave anything else exactly as written.
    With ``rng``, each ``<a|b|c>`` in the template first becomes one of its alternatives (only
    in the template: values such as a quoted reply are never read for alternatives)."""
    if rng is not None:
        template = pick_alternatives(template, rng)
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def pick_alternatives(text: str, rng: random.Random) -> str:
    """``"<not a word|no reply|radio silence> from you"`` -> one of the three, then the rest."""
    for _ in range(4):                  # innermost first: "<a|b <c|d>>" takes two passes
        if "|" not in text:
            break
        text, n = _ALTERNATIVES.subn(lambda m: rng.choice(m.group(1).split("|")), text)
        if not n:
            break
    return text


class PostWriter:
    """Writes the drafts the engine turns into posts. One writer per drill."""

    def __init__(self, scenario: Scenario, seed: int, *, difficulty: str = "standard",
                 language: str = "mild") -> None:
        from faker import Faker   # heavy: only when a drill starts

        self.scenario = scenario
        self.language = language
        self.anger_scale = DIFFICULTY_SCALE.get(difficulty, DIFFICULTY_SCALE["standard"])["anger"]
        self._seed_base = f"stormdesk:{seed}:{scenario.id}:posts"
        self.rng = random.Random(self._seed_base)
        fake = Faker("en_GB")
        fake.seed_instance(self.rng.getrandbits(32))
        # Faker calls are slow: draw pools once, then pick from them with our own RNG.
        self._first = [fake.first_name() for _ in range(300)]
        self._last = [fake.last_name() for _ in range(300)]
        self._towns = list(F.TOWNS)
        self._handles: set[str] = set()
        brand = scenario.brand
        self.handle = brand.handle if brand.handle.startswith("@") else "@" + brand.handle
        self.brand = brand.name
        self.brand_short = brand.name.split()[0] if brand.name else "team"
        t = scenario.templates

        def pool(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(t.get(key, ())) or default

        self.broken = pool("broken", F.BROKEN)
        self.stakes = pool("stakes", F.STAKES)
        self.places = pool("places", F.PLACES)
        self.jabs = tuple(t.get("jabs", ())) + F.JABS
        self.songs = pool("songs", F.SONGS)
        self.extra_tags = tuple(t.get("hashtags", ()))
        self.own = {p: tuple(t.get(p, ())) for p in F.OPEN}      # scenario's whole-post templates
        self._about_others: dict[str, tuple[str, ...]] = {}       # lines fit for someone posting for another

    # -- people --------------------------------------------------------------------------------
    def _person(self) -> tuple[str, str, str]:
        r = self.rng
        first, last = r.choice(self._first), r.choice(self._last)
        f, l = re.sub(r"\W", "", first), re.sub(r"\W", "", last)
        shapes = (f"{f.lower()}_{l[:1].lower()}", f"{f.lower()}{l.lower()}", f"{f}{l}",
                  f"{f.lower()}_{r.randint(70, 99)}", f"{f.lower()}.{l.lower()}"[:15].replace(".", "_"),
                  f"TheReal{f}", f"{f[:1].lower()}{l.lower()}{r.randint(1, 999)}",
                  f"{l.lower()}{f[:1].lower()}", f"{f.lower()}{r.randint(1970, 2006)}",
                  f"{f}_{l}"[:15], f"its{f.lower()}", f"{f.lower()}x{l[:1].lower()}")
        h = r.choice(shapes)[:15] or "user"
        while h.lower() in self._handles:
            h = (h[:12] + str(r.randint(10, 999)))[:15]
        self._handles.add(h.lower())
        name = r.choice((f"{first} {last}", f"{first} {last}", first, f"{first} {last[:1]}.",
                         f"{first} 🌻" if r.random() < 0.05 else f"{first} {last}"))
        return name, "@" + h, first

    def _reach(self, persona: str) -> int:
        med, sig, lo, hi = REACH.get(persona, REACH["angry"])
        return int(min(hi, max(lo, math.exp(math.log(med) + self.rng.gauss(0, sig)))))

    def _anger(self, persona: str, ctx: WriterContext, extra: float = 0.0) -> float:
        base = ANGER.get(persona, 50.0) + min(ctx.hours, 6) * 4 + extra
        if ctx.restored:
            base -= 15
        a = (base + self.rng.gauss(0, 9)) * self.anger_scale
        return round(min(100.0, max(0.0, a)), 1)

    # -- filling ------------------------------------------------------------------------------
    def _values(self, ctx: WriterContext, first_name: str = "", **more: str) -> dict[str, str]:
        r = self.rng
        facts = ctx.facts
        latest = facts[-1].text if facts else "no news yet"
        clock = self.scenario.clock
        now = clock.world_minutes(ctx.t)
        later = int(now) + r.choice((30, 45, 60, 90))
        # the scenario's own words are kept as written (marked, so _vary leaves them alone)
        pick = lambda pool: _KEEP_OPEN + pick_alternatives(r.choice(pool), r) + _KEEP_CLOSE   # noqa: E731
        v = {
            "handle": self.handle, "brand": self.brand if r.random() < 0.6 else self.brand_short,
            "brand_short": self.brand_short,
            "broken": pick(self.broken), "stake": pick(self.stakes),
            "place": pick(self.places), "town": r.choice(self._towns), "time": ctx.world_time,
            "since": ctx.since, "hours": str(max(2, ctx.hours) if r.random() < 0.7 else max(2, ctx.hours + 1)),
            "fact": latest[:1].lower() + latest[1:].rstrip("."), "jab": pick(self.jabs),
            "song": pick(self.songs), "first_name": first_name or r.choice(self._first),
            "name": r.choice(self._first), "relative": r.choice(F.RELATIVES),
            "clock": _clock_label(r.uniform(clock.start_minutes, max(clock.start_minutes, now)), r),
            "mins": str(r.choice((15, 20, 30, 45, 60, 90)) if r.random() < 0.5 else r.randint(5, 95)),
            "n": str(r.choice((3, 4, 5, 8, 12, 15, 20, 30, 40)) if r.random() < 0.5 else r.randint(2, 60)),
            "years": str(r.randint(2, 22)), "price": f"£{r.choice((r.randint(9, 79), 25, 30, 40, 50))}",
            "outlet": r.choice(F.OUTLETS), "competitor": r.choice(F.COMPETITORS),
            "time_later": f"{later // 60 % 24:02d}:{later % 60:02d}",
            "fact_q": self._rumour(ctx), "hashtag": self._tag(()),
            "trade": r.choice(F.TRADES), "season": r.choice(F.SEASONS),
        }
        v.update(more)
        return v

    def _rumour(self, ctx: WriterContext) -> str:
        cause = [f for f in ctx.facts if f.kind == "cause"]
        if cause and self.rng.random() < 0.7:
            return cause[-1].text[:1].lower() + cause[-1].text[1:].rstrip(".")
        return self.rng.choice(("it's a cyber attack", "it's hackers", "customer data leaked",
                                "it's a power cut", "it's down till tomorrow", "it's a fire at a data centre"))

    def _tag(self, wave_tags: tuple[str, ...]) -> str:
        tags = tuple(wave_tags) + self.extra_tags
        if tags and self.rng.random() < 0.8:
            return self.rng.choice(tags)
        return "#" + re.sub(r"\W", "", self.brand_short) + self.rng.choice(("Down", "Fail", "Outage", "Fail"))

    # -- composing ----------------------------------------------------------------------------
    def _compose(self, persona: str, ctx: WriterContext, values: dict[str, str]) -> str:
        r = self.rng
        key = persona if persona in F.CORE else "angry"
        own = self.own.get(persona, ())
        if own and r.random() < 0.08:
            template = r.choice(own)
            extras = [fill(r.choice(F.TAIL[key]), values, r), f"({values['town']})", f"{values['time']} now",
                      f"{values['mins']} mins in", "same as everyone else", f"here in {values['town']}",
                      f"since {values['since']}", f"{values['first_name'].lower()} here"]
            if "{" in template:                 # filled in, it already differs from the last one
                extras.append("")
            body = fill(template, values, r)
            extra = r.choice([e for e in extras if _adds_something(e, body)] or [""])
            tags = re.search(r"(\s+#\w+)+$", body)      # the extra goes before closing hashtags
            if tags and extra:
                return f"{body[:tags.start()]} {extra}{tags.group(0)}".strip()
            return (body + " " + extra).strip()
        minutes = self.scenario.clock.world_minutes(ctx.t)
        if ctx.restored and persona in ("angry", "business", "question", "influencer") and r.random() < 0.6:
            core = fill(r.choice(F.AFTER_FIX), values, r)
            return f"{_greet(fill(r.choice(F.OPEN[key]), values, r), minutes)} {core}"
        opening = _greet(fill(r.choice(F.OPEN[key]), values, r), minutes)
        cores = F.CORE[key]
        if persona in ("vulnerable", "question") and _FOR_SOMEONE.search(opening):
            # "writing for Mum," goes on about Mum, not "I'm pregnant and alone"
            cores = self._about_others.setdefault(key, tuple(
                c for c in cores if _OTHERS.search(c) and not _FIRST_PERSON.search(c))) or cores
        parts = [opening, fill(r.choice(cores), values, r)]
        room = len(parts[0]) + len(parts[1]) < 95      # people who have said a lot stop there
        # posts pick up facts as they become known, and time unanswered
        if ctx.facts and persona in ("angry", "question", "business", "influencer", "troll") and r.random() < (0.35 if room else 0.05):
            parts.append(self._fact_echo(ctx))
        elif ctx.hours >= 2 and persona in ("angry", "business") and r.random() < 0.3:
            parts.append(fill("<{hours} hours now|{hours} hours and counting|it's {time} and <still nothing|not a word>"
                              "|since {clock}!!|feels like day 2|day 2 energy and it's only {time}>", values, r))
        if ctx.promise and persona in ("angry", "influencer", "troll") and r.random() < 0.25:
            who, when = ctx.promise
            parts.append(f"you told {who} it'd be fixed by {when}, it's {ctx.world_time}")
        tail = fill(r.choice(F.TAIL[key]), values, r)
        if tail and (sum(map(len, parts)) < 80 or r.random() < 0.15):
            parts.append(tail)
        if persona == "angry" and r.random() < 0.12:
            spot = r.choice(F.SWEAR_SPOTS)
            parts.append(spot.replace("{s}", r.choice(F.SWEAR_FILL[spot])))
        text = " ".join(p for p in parts if p)
        return re.sub(r"\s+([,.?!])", r"\1", text)

    def _fact_echo(self, ctx: WriterContext) -> str:
        # what people pass on: one of the latest facts, not the press office's email address, and
        # often only the part that stuck ("apparently a software failure...")
        r = self.rng
        said = [f for f in ctx.facts if f.kind != "press"] or list(ctx.facts)
        f = r.choice(said[-3:])
        txt = re.split(r"[;:.]\s", f.text.strip().rstrip("."))[0]
        txt = txt[:1].lower() + txt[1:]
        words = txt.split()
        cut = False
        if len(words) > 6 and r.random() < 0.6:
            k = r.randint(4, min(9, len(words) - 1))
            while k > 3 and words[k - 1].lower().strip(",") in _FUNCTION_WORDS:
                k -= 1
            words, cut = words[:k], True
        txt = " ".join(words).rstrip(",")
        if len(txt) > 90:
            txt = txt[:90].rsplit(" ", 1)[0]
            cut = True
        dots = "..." if cut else ""
        return pick_alternatives(r.choice((
            f"<they're saying|they say|apparently they're saying> {txt}{dots}",
            f"<apparently|supposedly|so apparently> {txt}{dots}",
            f"<heard|I heard|someone said> {txt}{dots} <so?|and?|ok?>",
            f"your <status page|website|app> says {txt}{dots} <helpful|great|cheers>",
            f"\"{txt}{dots}\" ok but <when?|what time?|how long?>",
            f"<saw|read> <on the news|on here|online> {txt}{dots}",
        )), r)

    def _vary(self, text: str, persona: str) -> str:
        """Say it the way this person would: in their voice (some type "u" and "cos", some say
        "me phone", some never shorten a word), swapping words for their alternatives, with the
        odd filler. Punctuation stays where it was; handles, hashtags and quotes are left alone."""
        r = self.rng
        formal = persona in ("journalist", "competitor")
        swap = 0.15 if formal else 0.5
        voice = F.VOICES["formal" if formal else r.choice(_VOICE_CHOICE)]
        out: list[str] = []
        quoted = kept = False
        words = text.split(" ")
        n_words = len(words)
        parsed = [_WORD_EDGES.match(w).groups() for w in words]
        cores = [c.lower() for _, c, _ in parsed]
        for i, w in enumerate(words):
            lead, core, trail = parsed[i]
            key = cores[i]
            if "'" in lead or '"' in lead:
                quoted = True
            if _KEEP_OPEN in w:
                kept = True
            was_kept = kept
            if _KEEP_CLOSE in w:
                kept = False
            # a capitalised word mid-sentence is a name or a title ("Waiting on the World"): kept
            start = not out or out[-1][-1:] in ".!?:" or (len(out) == 1 and out[0].startswith("@"))
            titled = core[:1].isupper() and core[1:2].islower() and not start
            possessive = trail[:1] == "'" and not quoted and not trail.startswith("''")   # "kids'"
            prev = cores[i - 1] if i else ""
            nxt = cores[i + 1] if i + 1 < n_words else ""
            fixed = prev in F.KEEP_AFTER.get(key, ()) or nxt in F.KEEP_BEFORE.get(key, ())
            if core and not quoted and not was_kept and not titled and not possessive and not fixed and not lead.startswith(("@", "#")) and not core.startswith(("@", "#")):
                alt = None
                if key in voice and r.random() < 0.8:
                    alt = r.choice(voice[key])
                elif key in _SYNONYMS and not formal and r.random() < swap:
                    alt = r.choice(_SYNONYMS[key])
                elif key in _SYNONYMS and formal and key in F.SYNONYMS and r.random() < swap:
                    alt = r.choice(F.SYNONYMS[key])
                if alt is not None:
                    if core[:1].isupper() and not alt[:1].isupper():
                        alt = alt[:1].upper() + alt[1:]
                    if core.isupper() and len(core) > 1:
                        alt = alt.upper()
                    w = lead + alt + trail
                    if out and not lead and out[-1].lower() in ("a", "an"):      # "a appalling" -> "an"
                        vowel = alt[:1].lower() in "aeio" and not alt.lower().startswith("one")
                        out[-1] = out[-1][:1] + ("n" if vowel else "")
            if ("'" in trail or '"' in trail) and quoted:
                quoted = False
            out.append(w)
            nxt_core = parsed[i + 1][1] if i + 1 < n_words else ""
            # a filler between clauses, never last and never before a name ("thank you, just Newport")
            if not formal and trail[-1:] in (",", ".", "!", ":") and r.random() < 0.2 and nxt_core and not (
                    nxt_core[:1].isupper() and nxt_core[1:2].islower()):
                filler = r.choice(F.PERSONA_FILLERS.get(persona, F.FILLERS))
                if filler.lower() not in (key, nxt):    # never "literally literally"
                    out.append(filler)
        return " ".join(out)

    def _texture(self, text: str, persona: str, hashtags: tuple[str, ...], force_tag: bool = False) -> str:
        r = self.rng
        q, bang, caps, emoji, habits, lower = TEXTURE.get(persona, TEXTURE["angry"])
        text = self._vary(text.strip(), persona)
        if persona not in ("journalist", "competitor"):
            text = _punctuate(text, r)
        if r.random() < habits:
            for pat, rep in r.sample(_ABBREV, 3):
                text = pat.sub(rep, text, count=1)
        if r.random() < habits * 0.35:
            text = _typo(text, r)
        if r.random() < caps and not re.search(r"\b[A-Z]{2,}\b", _strip_handles(text)):
            words = text.split(" ")
            spots = [i for i, w in enumerate(words) if w.lower().strip(",.!?") in _EMPHASIS]
            if spots:
                i = r.choice(spots)
                words[i] = words[i].upper()
                text = " ".join(words)
        if r.random() < NO_QUESTION_MARK.get(persona, 0.0):
            q = 0.0
            text = re.sub(r"\?+(?=\s|$)", lambda m: r.choice(("", "", ".", "!")), text).rstrip()
        end = text[-1:] if text else ""
        if end not in "?!.":
            roll = r.random()
            if "?" in text:                  # already asked: a second "?" after "cheers" reads oddly
                q = min(q, 0.1)
            if roll < q:
                text += "?"
            elif roll < q + bang:
                text += r.choice(("!", "!!", "!", "!!!"))
            elif r.random() < 0.3:
                text += "."
        elif end == "." and r.random() < bang:
            text = text[:-1] + "!"
        if force_tag or r.random() < PERSONA_HASHTAG.get(persona, 0.1):
            tag = self._tag(hashtags)
            if tag.lower() not in text.lower():
                text += " " + tag
        if r.random() < emoji:
            text += " " + r.choice(F.EMOJI)
        if r.random() < lower and text[:1].isalpha():
            text = text[:1].lower() + text[1:]
        return text

    def _finish(self, text: str) -> str:
        text = " ".join(text.replace(_KEEP_OPEN, "").replace(_KEEP_CLOSE, "").split())
        if self.language != "strong":
            text = mask(text)
        if len(text) > MAX_LEN:
            text = text[:MAX_LEN - 1].rsplit(" ", 1)[0] + "…"
        return text

    # -- the engine's three calls -------------------------------------------------------------
    def post(self, persona: str, ctx: WriterContext, hashtags: tuple[str, ...] = (),
             key: str | None = None) -> PostDraft:
        """A new post. With ``key`` (a scheduled post), it draws from its own random stream, so
        the same scheduled post reads the same whatever else happened in the drill."""
        if key is None:
            return self._post(persona, ctx, hashtags)
        shared, self.rng = self.rng, random.Random(f"{self._seed_base}:{key}")
        try:
            return self._post(persona, ctx, hashtags)
        finally:
            self.rng = shared

    def _post(self, persona: str, ctx: WriterContext, hashtags: tuple[str, ...]) -> PostDraft:
        name, handle, first = self._person()
        values = self._values(ctx, first)
        text = self._compose(persona, ctx, values)
        text = self._texture(text, persona, tuple(hashtags), force_tag=persona == "joker")
        tags = tuple(re.findall(r"#\w+", text))
        return PostDraft(author=name, handle=handle, persona=persona, text=self._finish(text),
                         reach=self._reach(persona), anger=self._anger(persona, ctx), hashtags=tags)

    def follow_up(self, original: Post, kind: str, ctx: WriterContext, reply_text: str | None = None) -> PostDraft:
        r = self.rng
        waited = max(1, int((ctx.t - original.at) * self.scenario.clock.speed / 60))
        values = self._values(ctx, original.author.split(" ")[0], quote=_quote(reply_text, r),
                              mins=str(waited), n=str(max(1, original.reach // 1000)),
                              clock=_clock_label(self.scenario.clock.world_minutes(original.at), r))
        lines = author_lines(original.persona, kind) or F.FOLLOW_UP.get(kind, F.FOLLOW_UP["still_angry"])
        if kind in ("escalates", "mocks") and not reply_text:
            lines = F.FOLLOW_UP["still_angry"]
        if kind == "mocks" and original.reach < 5_000:
            lines = F.FOLLOW_UP["escalates"]
        text = fill(r.choice(lines), values, r)
        if kind == "chaser" and waited >= 60 and r.random() < 0.5:
            text += f" {waited // 60} hour{'s' if waited >= 120 else ''} now"
        persona = original.persona
        text = self._texture(f"{self.handle} {text}" if self.handle not in text else text, persona, ())
        extra = {"thanks": -45, "softens": -25, "still_angry": 8, "escalates": 18, "mocks": 12, "chaser": 12}.get(kind, 0)
        draft_kind = "reaction" if kind in ("thanks", "softens") else "follow_up"
        return PostDraft(author=original.author, handle=original.handle, persona=persona,
                         text=self._finish(text), reach=original.reach,
                         anger=round(min(100.0, max(0.0, original.anger + extra + r.gauss(0, 4))), 1),
                         hashtags=tuple(re.findall(r"#\w+", text)), kind=draft_kind)

    def bystander(self, kind: str, about: Post, ctx: WriterContext, reply_text: str | None = None) -> PostDraft:
        r = self.rng
        name, handle, first = self._person()
        promised = ctx.promise[1] if ctx.promise else "earlier"
        other = ctx.promise[0] if (kind in ("contradiction", "promise_passed") and ctx.promise) else about.handle
        values = self._values(ctx, first, quote=_quote(reply_text, r), other=other, promised=promised,
                              n=str(r.choice((10, 20, 30, 50))))
        lines = bystander_lines(kind) or F.BYSTANDER.get(kind, F.BYSTANDER["callout"])
        if kind == "pile_on" and not reply_text:
            lines = F.BYSTANDER["callout"]
        text = fill(r.choice(lines), values, r)
        persona, draft_kind = {
            "praise": ("loyal", "reaction"), "pile_on": ("angry", "pile_on"),
            "callout_copy_paste": ("angry", "callout"), "callout_vulnerable": ("angry", "callout"),
            "contradiction": ("angry", "callout"), "joins_in": (about.persona if about.persona in ("angry", "question", "business") else "angry", "post"),
            "press": ("journalist", "press"),
        }.get(kind, ("angry", "callout"))
        if self.handle not in text and kind != "press":
            text = f"{self.handle} {text}"
        if kind != "press":                 # a headline is edited copy, not typed in a hurry
            text = self._texture(text, persona if kind != "praise" else "joker", about.hashtags)
        extra = {"praise": -40, "pile_on": 10, "joins_in": 0}.get(kind, 5)
        reach = self._reach("influencer" if kind == "pile_on" and r.random() < 0.15 else persona)
        return PostDraft(author=name, handle=handle, persona=persona, text=self._finish(text),
                         reach=reach, anger=self._anger(persona, ctx, extra),
                         hashtags=tuple(re.findall(r"#\w+", text)), kind=draft_kind)


def _quote(reply_text: str | None, r: random.Random) -> str:
    if not reply_text:
        return "..."
    words = [w for w in reply_text.split() if not w.startswith("@") and not w.startswith("^")]
    if len(words) <= 9:
        return " ".join(words)
    start = r.randrange(0, max(1, min(len(words) - 6, 8)))
    return " ".join(words[start:start + 8]) + "..."


# How people stop a sentence: most as written, some with "...", a dash, a comma or nothing at all.
_STOPS, _STOP_WEIGHTS = (". ", "... ", " - ", ", ", " ", ".. "), (0.55, 0.12, 0.08, 0.1, 0.1, 0.05)


def _punctuate(text: str, r: random.Random) -> str:
    """One person's punctuation habit, kept through their post (only between sentences: times,
    web addresses and quotes inside a sentence are left alone)."""
    stop = r.choices(_STOPS, _STOP_WEIGHTS)[0]
    if stop != ". ":
        text = re.sub(r"(?<=[^\s.])\. (?=\S)", stop, text)
    if r.random() < 0.15:
        text = re.sub(r"\?(?=\s|$)", r.choice(("??", "?!", "???")), text, count=1)
    return text


_CONTENT_WORD = re.compile(r"[a-z]{4,}|\d+(?:[:.]\d+)?")


def _adds_something(extra: str, body: str) -> bool:
    """An ending for a scenario's whole post that says nothing twice: not "since 5:25" after
    "from 5:25", not "here in York" after "...in here"."""
    said = set(_CONTENT_WORD.findall(body.lower()))
    if "from" in said:
        said.add("since")
    words = body.lower().split()
    return not (set(_CONTENT_WORD.findall(extra.lower())) & said) and not (
        words and extra.lower().startswith(words[-1].strip(".,!?") + " "))


_FOR_SOMEONE = re.compile(r"\b(?:writing|typing|posting|asking) for\b|\bon behalf of\b|\bneighbour here\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|myself|Im)\b|\b(?:on my own|by myself)\b")
_OTHERS = re.compile(r"\b(?:he|she|his|her|him|they|them|their|mum|dad|nan|grandad|grandma|granny|nana|neighbour|"
                     r"next door|lady|mrs|son|daughter|lad|girl|boy|baby|toddler|relative|clients|families|folk)\b", re.I)
_GREETING = re.compile(r"(^|@\w+ |\b(?:hi|hello|hey|and a) )(good )?(morning|afternoon|evening)\b"
                       r"(?=[,.!:]| +(?:@|folks|gang|fam|all|team|everyone|lovelies|besties|guys|from)\b)", re.I)


def _greet(opening: str, minutes: float) -> str:
    """"Morning @Brand," only in the morning: a greeting follows the drill's clock."""
    h = int(minutes // 60) % 24
    word = "morning" if 4 <= h < 12 else "afternoon" if 12 <= h < 18 else "evening"

    def fit(m: re.Match[str]) -> str:
        said = m.group(3)
        now = word.capitalize() if said[:1].isupper() else word
        return f"{m.group(1)}{m.group(2) or ''}{now}"
    return _GREETING.sub(fit, opening)


def _clock_label(minutes: float, r: random.Random) -> str:
    """A time as people type it: 06:42, 6:42, 6.42 or 6:42am."""
    m = int(minutes) % (24 * 60)
    h, mm = divmod(m, 60)
    style = r.random()
    if style < 0.5:
        return f"{h:02d}:{mm:02d}"
    if style < 0.8:
        return f"{h}:{mm:02d}"
    if style < 0.9:
        return f"{h}.{mm:02d}"
    return f"{(h - 1) % 12 + 1}:{mm:02d}{'am' if h < 12 else 'pm'}"


def _strip_handles(text: str) -> str:
    return re.sub(r"[@#]\w+", "", text)


def _typo(text: str, r: random.Random) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 5]
    if not idx:
        return text
    i = r.choice(idx)
    w = words[i]
    j = r.randrange(1, len(w) - 2)
    how = r.random()
    if how < 0.4:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]        # swapped letters
    elif how < 0.7:
        w = w[:j] + w[j] + w[j:]                         # doubled letter
    else:
        w = w[:j] + w[j + 1:]                            # dropped letter
    words[i] = w
    return " ".join(words)
