"""The post writer's lines, loaded and checked: data files in the scenario-template grammar.

The lines live in ``sim/writer/lines/*.yaml`` (``words.yaml``: the one list of placeholders,
the tags, fragments; ``first_posts.yaml``; ``follow_ups.yaml``; ``endings.yaml``;
``whole_posts.yaml``, posts written out in full, used once a drill). A line is a string or
``{line: ..., only: [tags], not: [tags]}``. :func:`load_lines` reads them and reports every
problem at once (:class:`LinesError`), each naming the file and where in it:

- a ``{placeholder}`` not in ``words.yaml``'s ``placeholders:`` list (the one list; the
  scenario's own template placeholders must be a part of it, see :func:`check_scenario_names`);
- an ``<a|b>`` left unbalanced, or a brace left open;
- a tag not declared under ``tags:``;
- a fragment put where it does not fit (:func:`slot_problems`): ``{broken}`` is a clause of its
  own ("bag drop not working") and starts a sentence; ``{place}`` fits after "I'm" ("at
  Terminal 5"); ``{stake}`` is a noun phrase after "miss", "for", "about", "got"...;
- a thank-you that ends in "?".

This module reads files and checks text; it knows nothing of the engine.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sim.personas import YAML_LOADER

HERE = Path(__file__).resolve().parent / "lines"
FILES = ("words.yaml", "first_posts.yaml", "follow_ups.yaml", "endings.yaml", "whole_posts.yaml")


PLACEHOLDER = re.compile(r"\{(\w*)\}")
ALTERNATIVES = re.compile(r"<([^<>\n]*\|[^<>\n]*)>")   # innermost "<a|b|c>"

# Where a fragment may go (see the module docstring). Each is (what may come before, what may
# come after); both are regular expressions matched against the frame text around the slot.
_SENTENCE_START = r"(?:^|\{handle\} |(?:[.?!:,]|\.\.\.| -) |\b(?:with|thanks to|and|but) )$"
SLOT_RULES: Mapping[str, tuple[str, str]] = {
    "broken": (_SENTENCE_START,
               r"^(?:$|[.,!?:)]| (?:(?:since|from|again|all|for|here|at|in|on|every|this|and|still|now)\b|-|\{place\}))"),
    "place": (r"(?:^|\{handle\} |\{broken\} |[.,] |\b(?:I'm|still|stuck|here|we're|sat|stood|someone|me|and|people|everyone|"
              r"they're|he's|she's|standing|queued|hours|declined|pregnant|waiting) )$", r"^(?:$|[.,!?:)]| (?:and|with|since|for|watching|trying|right|now|thanks|-)\b)"),
    "also_broken": (r"(?:^|\{handle\} |(?:[.?!:,]|\.\.\.| -) |\bnow )$",
                    r"^(?:$|[.,!?:)]| (?:as|too|again|since|and|on|at|now|-)\b)"),
    "new_place": (r"\b(?:I'm now|we're now|now) $", r"^(?:$|[.,!?:)]| (?:and|with|since|for|-)\b)"),
    "stake": (r"(?:\b(?:miss|missing|for|about|got|have|has|with|and|over|sort|on)|\w:) $", r"^(?:$|[.,!?:)]| \w)"),
}
# The first word of a {place} fragment: it must read after "I'm".
PLACE_START = re.compile(
    r"^(?:at|in|on|by|outside|inside|under|near|behind|up|down|over|round|halfway|partway|stuck|"
    r"sat|stood|parked|pulled|doing|off|out|into|queuing|waiting|home|back|across|through|between|"
    r"beside|with|from|upstairs|downstairs|miles|next|all|\w+ing|\w+ed)\b", re.I)


# What a line may say in its own words that a post says once, as a placeholder would ({stake}):
# ``about: [stake]`` on "rent goes out tomorrow" keeps it out of a post that already has a stake,
# and out of the posts of someone who has already said what the outage costs them.
ABOUT: Mapping[str, str] = {
    "stake": "what the outage costs this person (an appointment, the rent, work), in the line's own words",
}


class LinesError(ValueError):
    """Problems in the writer's line files, all of them, one per line of the message."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Line:
    text: str
    only: frozenset[str] = frozenset()
    not_: frozenset[str] = frozenset()
    about: frozenset[str] = frozenset()      # what the line says besides its placeholders (ABOUT)

    def fits(self, tags: frozenset[str]) -> bool:
        return (not self.only or bool(self.only & tags)) and not (self.not_ & tags)

    @property
    def needs(self) -> frozenset[str]:
        return frozenset(PLACEHOLDER.findall(self.text))

    @property
    def says(self) -> frozenset[str]:
        """Its placeholders, and what it says in its own words ("a_stake" for ``about: [stake]``)."""
        return self.needs | {"a_" + a for a in self.about}


@dataclass(frozen=True)
class Lines:
    placeholders: Mapping[str, str]
    tags: Mapping[str, str]
    industries: Mapping[str, tuple[str, ...]]
    fragments: Mapping[str, tuple[Line, ...]]
    swears: tuple[str, ...]
    first: Mapping[str, tuple[Line, ...]]           # persona -> first posts
    details: tuple[Line, ...]                      # {detail}: one specific thing about the person
    progress: tuple[Line, ...]                     # {progress}: what has happened to them since
    chaser: Mapping[str, Mapping[str, tuple[Line, ...]]]   # step -> group -> lines
    reactions: Mapping[str, tuple[Line, ...]]       # thanks, softens, still_angry, escalates, mocks
    bystander: Mapping[str, tuple[Line, ...]]
    after_fix: tuple[Line, ...]
    endings: Mapping[str, tuple[Line, ...]]         # group -> a closing sentence some add
    all_lines: tuple[tuple[str, Line], ...] = field(default=(), repr=False)   # (where, line)
    whole: Mapping[str, tuple[Line, ...]] = field(default_factory=dict)   # persona -> whole posts, once a drill

    def pool(self, own: Iterable[str], name: str, tags: frozenset[str]) -> tuple[str, ...]:
        """The fragments a scenario's person is drawn from for ``{name}``: the scenario's own
        (``own``, from its templates) and the writer's fragments tagged for this kind of outage
        (``only:`` one of ``tags``), so a drill's faults, places and stakes are not one short list
        said over and over; with no fragments of its own, every writer fragment that fits."""
        own = tuple(own)
        mine = self.fragments.get(name, ())
        if own:
            return own + tuple(ln.text for ln in mine if ln.only and ln.fits(tags))
        return tuple(ln.text for ln in mine if ln.fits(tags))

    def tags_for(self, industry: str) -> frozenset[str]:
        """A scenario's tags, from the first ``industries:`` word found in its industry."""
        low = industry.lower()
        for word, tags in self.industries.items():
            if word != "other" and word in low:
                return frozenset(tags)
        return frozenset(self.industries.get("other", ()))


_NUMBER_WORDS = frozenset(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                           "twelve", "a dozen", "a couple of", "a few", "several", "twenty", "fifty", "a hundred"))
_ONE = "\x01"                  # marks a "one" picked from a choice of numbers, until its noun agrees
_ONE_NOUN = re.compile(_ONE + r" ([a-z]{2,}?[^suia'\W])s\b")


# "I" or "we": a line's <I|we>, <my|our>, <me|us> groups are picked once for the whole line, so
# "<my|our> {relative} says {they}'ll lend <me|us> theirs" never comes out "our cousin ... lend me".
# A first-person word said outside any such group decides it ("I've rung <my|our> mum": "my").
_SINGULAR = ("i", "my", "me", "mine", "i've", "i'm", "i'd", "i'll", "i have", "i am", "myself")
_PLURAL = ("we", "our", "us", "ours", "we've", "we're", "we'd", "we'll", "we have", "we are", "ourselves")
_PERSON = dict(zip(_SINGULAR, _PLURAL)) | dict(zip(_PLURAL, _SINGULAR))
_FIXED_I = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|I've|I'm|I'd|I'll)\b")
_FIXED_WE = re.compile(r"\b(?:we|us|our|ours|ourselves|we've|we're|we'd|we'll)\b", re.I)


def _person_group(alts: list[str]) -> bool:
    """A group whose two choices are the same word in "I" and in "we" ("<my|our>", "<I've|we've>")."""
    if len(alts) != 2:
        return False
    a, b = (x.lower() for x in alts)
    return _PERSON.get(a) == b


def _person(text: str) -> str | None:
    """"I" or "we" when the line says it outside a person group; None leaves it to the first pick."""
    def said_in_every(m: re.Match) -> str:     # a group says "I" only if each of its choices does
        alts = m.group(1).split("|")
        if _person_group(alts):
            return ""
        return " ".join(w for w, pat in (("I", _FIXED_I), ("we", _FIXED_WE)) if all(pat.search(a) for a in alts))

    rest = text
    for _ in range(4):
        rest, n = ALTERNATIVES.subn(said_in_every, rest)
        if not n:
            break
    rest = PLACEHOLDER.sub("", rest)
    if _FIXED_I.search(rest):
        return "I"
    if _FIXED_WE.search(rest):
        return "we"
    return None


def _as_person(alts: list[str], person: str) -> str:
    return next(a for a in alts if (a.lower() in _SINGULAR) == (person == "I"))


def _pick(m: re.Match, rng, said: list) -> str:
    alts = m.group(1).split("|")
    got = rng.choice(alts)
    if _person_group(alts):
        if said[0] is None:
            said[0] = "I" if got.lower() in _SINGULAR else "we"
        return _as_person(alts, said[0])
    if got.lower() == "one" and all(a.lower() in _NUMBER_WORDS or a.isdigit() for a in alts):
        return got + _ONE
    return got


# "a" or "an" agrees with the word a choice put after it ("<a|any> <number|email>" said "a email",
# "<an|one> <email|text>" said "an text"): a vowel sound takes "an", and a consonant "a".
_AN_WORD = re.compile(r"\b([Aa])n? (?=([A-Za-z][\w'-]*))")


def _vowel_sound(word: str) -> bool | None:
    low = word.lower()
    if word.isupper() and len(word) > 1 and (len(word) <= 3 or not re.search("[AEIOUY]", word)):
        return word[0] in "AEFHILMNORSX"         # said letter by letter: "an MP", "an SOS", "an HMRC"
    # longer capitals with a vowel are a word shouted: "a FIVER", "a HUGE queue", "an AWFUL day"
    if low.startswith(("one", "once")):          # "a one-off": as written
        return None
    if low.startswith(("hour", "honest", "heir")):
        return True
    if low.startswith("u"):
        return not re.match(r"u(?:ni|s|r[aeiou]|ti|k\b|bi)", low)
    if low.startswith(("eu", "ewe", "one")):
        return False
    return low[0] in "aeio"


def agree_articles(text: str) -> str:
    def fix(m: re.Match) -> str:
        vowel = _vowel_sound(m.group(2))
        return m.group(0) if vowel is None else (m.group(1) + ("n " if vowel else " "))
    return _AN_WORD.sub(fix, text)


def pick_alternatives(text: str, rng) -> str:
    """``"<not a word|no reply> from you"`` -> one of the two, then the rest, innermost first.
    A number picked from a choice of numbers agrees with its noun: "<one|two|three> desks open"
    comes out "one desk open", never "one desks open"; and a line says "I" or "we" throughout."""
    said = [_person(text) if "|" in text else None]
    for _ in range(4):
        if "|" not in text:
            break
        text, n = ALTERNATIVES.subn(lambda m: _pick(m, rng, said), text)
        if not n:
            break
    if _ONE in text:
        text = _ONE_NOUN.sub(lambda m: " " + m.group(1), text).replace(_ONE, "")
    return agree_articles(text)


def expansions(text: str, limit: int = 400, _said: str | None = None) -> Iterator[str]:
    """Every way ``<a|b>`` alternatives in ``text`` can come out (up to ``limit``), for tests."""
    if _said is None:
        _said = _person(text) or ""
    m = ALTERNATIVES.search(text)
    if m is None:
        yield agree_articles(_ONE_NOUN.sub(lambda m: " " + m.group(1), text).replace(_ONE, "") if _ONE in text else text)
        return
    count = 0
    alts = m.group(1).split("|")
    if _person_group(alts):
        choices = [(a, "I" if a.lower() in _SINGULAR else "we") for a in alts]
        if _said:
            choices = [(_as_person(alts, _said), _said)]
    else:
        choices = [(a, _said) for a in alts]
    numbers = all(a.lower() in _NUMBER_WORDS or a.isdigit() for a in alts)
    for alt, said in choices:
        alt = alt + _ONE if numbers and alt.lower() == "one" else alt
        for rest in expansions(text[:m.start()] + alt + text[m.end():], limit, said):
            yield rest
            count += 1
            if count >= limit:
                return


# Verb forms that do not go together, wherever two choices or a frame and a fragment meet:
# "didn't gone", "hasn't go", "to tried", "we was", "which do I try first?" (which of what?).
_PAST_FORMS = (r"gone|went|been|done|seen|got|taken|given|came|sent|rung|rang|told|broke|broken|began|begun|"
               r"tried|called|rebooted|restarted|topped|paid|checked|lost|missed")
_BASE_FORMS = r"go|see|do|take|give|send|ring|tell|get|try|call|make|break|begin|reboot|restart|pay|check|lose|miss"
VERB_SLIPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a past form after 'to', 'didn't' or a modal",
     re.compile(r"\b(?:didn't|doesn't|don't|can't|cannot|won't|wouldn't|couldn't|shouldn't|will|would|could|should|"
                r"might|must|to)\s+(?:" + _PAST_FORMS + r")\b(?! (?:off|out|up)\b)", re.I)),
    ("a bare verb after 'has' or 'have'",
     re.compile(r"\b(?:hasn't|haven't|has|have|I've|we've|you've|they've|it's been)\s+(?:" + _BASE_FORMS + r")\b", re.I)),
    ("'which' with nothing to choose from", re.compile(r"\bwhich (?:do|should|can|would|could) (?:I|we)\b", re.I)),
    ("'a'/'an' before 'other'", re.compile(r"\ban? other\b", re.I)),
    ("'got up to it' (what you've been up to) for 'woke up to it'", re.compile(r"\bgot up to (?:it|this)\b", re.I)),
    ("a verb that does not agree with its subject",
     re.compile(r"\b(?:I|we|they|(?<!of )(?<!from )you) (?:has|is)\b|\b(?:we|they|(?<!of )(?<!from )you) was\b|\b(?:he|she) (?:are|were|have)\b")),
    # lower case only: "Glory Glory" is a chant, "the the" a slip
    ("a word said twice", re.compile(r"(?<![\w'])([a-z][\w']*) \1(?![\w'])")),
)


def verb_slips(text: str) -> list[str]:
    """What in ``text`` (one way a line comes out) no person would type: see :data:`VERB_SLIPS`."""
    return [f"{why}: {m.group(0)!r} in {text!r}" for why, rx in VERB_SLIPS if (m := rx.search(text))]


def slot_problems(text: str) -> list[str]:
    """Fragments in frames they do not fit, in one line (every expansion of its alternatives),
    and verbs that do not go together where two choices meet (:func:`verb_slips`)."""
    out, slips = [], {}
    for variant in itertools.islice(expansions(text), 200):
        for slip in verb_slips(variant):
            slips.setdefault(slip.split(":", 1)[0], slip)      # one of each kind per line
        for m in PLACEHOLDER.finditer(variant):
            rule = SLOT_RULES.get(m.group(1))
            if rule is None:
                continue
            before, after = variant[:m.start()], variant[m.end():]
            if not re.search(rule[0], before) or not re.search(rule[1], after):
                out.append(f"{{{m.group(1)}}} does not fit where it stands in {variant!r}")
    return sorted(set(out)) + list(slips.values())


def text_problems(text: str, placeholders: Iterable[str]) -> list[str]:
    """A line's grammar: placeholders known, alternatives and braces balanced."""
    names = set(placeholders)
    out = [f"unknown placeholder {{{n}}} (known: see words.yaml placeholders)"
           for n in PLACEHOLDER.findall(text) if n not in names]
    flat = ALTERNATIVES.sub("", text)
    for _ in range(3):
        flat = ALTERNATIVES.sub("", flat)
    if "<" in flat or ">" in flat:
        out.append(f"unbalanced <...|...> in {text!r}")
    if PLACEHOLDER.sub("", flat).count("{") or PLACEHOLDER.sub("", flat).count("}"):
        out.append(f"a brace without a placeholder in {text!r}")
    if text != text.strip() or "  " in text:
        out.append(f"stray spaces in {text!r}")
    return out


def fragment_problems(name: str, text: str) -> list[str]:
    """A fragment's own shape: a place reads after "I'm"; none ends a sentence for its frame."""
    out = []
    for variant in itertools.islice(expansions(text), 200):
        v = variant.strip()
        if name == "place" and not PLACE_START.match(v):
            out.append(f"place {v!r} does not read after \"I'm\" (start it with at/in/on/...)")
        if name in ("broken", "place", "stake") and re.search(r"[.!?]$", v) and not v.endswith("...'"):
            out.append(f"{name} {v!r} ends a sentence; the frame does that")
        if name == "mood_tag" and not re.fullmatch(r"#[a-z]\w*", v):
            out.append(f"mood_tag {v!r} is not a lower-case hashtag ('#frustrated')")
        if not v:
            out.append(f"an empty {name}")
    return sorted(set(out))


def _line(node, where: str, tags: Mapping[str, str], problems: list[str]) -> Line | None:
    if isinstance(node, str):
        return Line(node)
    if isinstance(node, dict) and isinstance(node.get("line"), str):
        extra = set(node) - {"line", "only", "not", "about"}
        if extra:
            problems.append(f"{where}: unknown key(s) {sorted(extra)} (a line takes line, only, not, about)")
        about = node.get("about") or []
        if not isinstance(about, list) or not all(isinstance(v, str) and v in ABOUT for v in about):
            problems.append(f"{where}: 'about' is a list of {', '.join(ABOUT)}, not {about!r}")
            about = []
        sets = []
        for key in ("only", "not"):
            vals = node.get(key) or []
            if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
                problems.append(f"{where}: '{key}' is a list of tags")
                vals = []
            for v in vals:
                if v not in tags:
                    problems.append(f"{where}: unknown tag {v!r} (tags: {', '.join(tags)})")
            sets.append(frozenset(vals))
        return Line(node["line"], sets[0], sets[1], frozenset(about))
    problems.append(f"{where}: a line is a string or {{line: ..., only: [...], not: [...]}}, not {node!r}")
    return None


def load_lines(folder: Path | str = HERE) -> Lines:
    """Read and check the writer's line files; every problem is reported at once."""
    folder = Path(folder)
    problems: list[str] = []
    docs = {}
    for name in FILES:
        path = folder / name
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            problems.append(f"{path}: cannot read: {e}".replace("\n", " "))
            doc = {}
        if not isinstance(doc, dict):
            problems.append(f"{path}: should be a mapping of sections")
            doc = {}
        docs[name] = (path, doc)
    words = docs["words.yaml"][1]
    placeholders = words.get("placeholders") or {}
    tags = words.get("tags") or {}
    if not isinstance(placeholders, dict) or not isinstance(tags, dict):
        raise LinesError(problems + ["words.yaml: placeholders and tags are mappings"])
    all_lines: list[tuple[str, Line]] = []

    def lines_of(node, where: str) -> tuple[Line, ...]:
        if not isinstance(node, list):
            problems.append(f"{where}: should be a list of lines")
            return ()
        out = []
        for i, item in enumerate(node):
            here = f"{where}[{i}]"
            ln = _line(item, here, tags, problems)
            if ln is None:
                continue
            problems.extend(f"{here}: {p}" for p in text_problems(ln.text, placeholders))
            all_lines.append((here, ln))
            out.append(ln)
        return tuple(out)

    def section(file: str, key: str):
        path, doc = docs[file]
        if key not in doc:
            problems.append(f"{path}: missing section '{key}'")
            return None, f"{path}: {key}"
        return doc[key], f"{path}: {key}"

    industries = {}
    node, where = section("words.yaml", "industries")
    for word, ts in (node or {}).items():
        for t in ts or ():
            if t not in tags:
                problems.append(f"{where}.{word}: unknown tag {t!r}")
        industries[str(word)] = tuple(ts or ())
    fragments = {}
    node, where = section("words.yaml", "fragments")
    for name, items in (node or {}).items():
        if name not in placeholders:
            problems.append(f"{where}.{name}: not a placeholder (see placeholders)")
        fragments[name] = lines_of(items, f"{where}.{name}")
        for i, ln in enumerate(fragments[name]):
            problems.extend(f"{where}.{name}[{i}]: {p}" for p in fragment_problems(name, ln.text))
    swears, _ = section("words.yaml", "swears")

    def persona_map(file: str, key: str | None) -> dict[str, tuple[Line, ...]]:
        path, doc = docs[file]
        node = doc if key is None else section(file, key)[0]
        base = f"{path}" if key is None else f"{path}: {key}"
        return {k: lines_of(v, f"{base}.{k}") for k, v in (node or {}).items()}

    first = persona_map("first_posts.yaml", None)
    node, where = section("follow_ups.yaml", "details")
    details = lines_of(node or [], where)
    node, where = section("follow_ups.yaml", "progress")
    progress = lines_of(node or [], where)
    node, where = section("follow_ups.yaml", "chaser")
    chaser = {step: {g: lines_of(v, f"{where}.{step}.{g}") for g, v in (groups or {}).items()}
              for step, groups in (node or {}).items()}
    reactions = {}
    for kind in ("thanks", "softens", "still_angry", "escalates", "mocks"):
        node, where = section("follow_ups.yaml", kind)
        reactions[kind] = lines_of(node or [], where)
    bystander = persona_map("follow_ups.yaml", "bystander")
    node, where = section("follow_ups.yaml", "after_fix")
    after_fix = lines_of(node or [], where)

    endings = persona_map("endings.yaml", None)
    whole = persona_map("whole_posts.yaml", None)
    for k in whole:
        if k not in first:
            problems.append(f"{docs['whole_posts.yaml'][0]}: {k}: not a persona (see first_posts.yaml)")
    for where, ln in all_lines:
        if "fragments." in where:
            continue
        problems.extend(f"{where}: {p}" for p in slot_problems(ln.text))
    for i, ln in enumerate(reactions["thanks"]):
        if any(v.rstrip().endswith("?") for v in expansions(ln.text)):
            problems.append(f"follow_ups.yaml: thanks[{i}]: a thank-you never ends in '?'")
    if problems:
        raise LinesError(problems)
    return Lines(placeholders=dict(placeholders), tags=dict(tags), industries=industries,
                 fragments=fragments, swears=tuple(swears or ()), first=first, details=details, progress=progress,
                 chaser=chaser, reactions=reactions, bystander=bystander, after_fix=after_fix, endings=endings,
                 all_lines=tuple(all_lines), whole=whole)


def check_scenario_names(lines: Lines, scenario_placeholders: Iterable[str]) -> list[str]:
    """Placeholders a scenario's templates may use that the writer would not fill."""
    return [n for n in scenario_placeholders if n not in lines.placeholders]


_CACHE: dict[str, Lines] = {}


def bundled() -> Lines:
    """The bundled lines, loaded once per process."""
    if "x" not in _CACHE:
        _CACHE["x"] = load_lines(HERE)
    return _CACHE["x"]
