"""The scenario file format, described once: pydantic models that check a scenario's data and
yield the JSON Schema ``stormdesk schema`` prints (``sim/scenario.schema.json`` is generated
from them: ``python -m sim.scenario_format > sim/scenario.schema.json``; a test fails on drift).

Bounds (``Field(ge=, le=)``) and "not empty" (``Field(min_length=1)``) are pydantic's own
checks, and :mod:`sim.scenario` words them; the rest is checked by a small validator here, so a
problem reads in a trainer's words, not pydantic's (YAML's ``3.0`` is a whole number and
``"3"`` is not, which neither pydantic's lax nor its strict mode says). A message may say ``WHAT`` (the name of the value, e.g. "wave 2 over") and ``GOT``
(the value as written in the file); :mod:`sim.scenario`, which knows where each value sits in
the file, fills them in and adds the line and column. :meth:`ScenarioFile.build` turns a valid
file into the frozen dataclasses of :mod:`sim.model` that the engine runs on.

Values from YAML arrive as :class:`Raw` (the text as written, and what YAML reads it as), so
``title: 2026`` is the title "2026" and ``posts: "3"`` can be told from ``posts: 3``.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import fields
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      PrivateAttr, ValidationError, ValidationInfo, WithJsonSchema, WrapValidator,
                      create_model,
                      field_validator, model_validator)
from pydantic_core import InitErrorDetails, PydanticCustomError

from sim import model
from sim.scenario import (_CLOCK, _PLAIN_NUMBER, DURATION_HINT, GOT, MAX_LENGTH, MAX_POSTS,
                          MIN_LENGTH, WHAT, Raw, did_you_mean, fmt_duration, parse_clock,
                          parse_duration, show)
from sim.crowd import Rates

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HANDLE = re.compile(r"^@\w{1,50}$")
_HASHTAG = re.compile(r"^#\w+$")
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")


def fail(message: str, hint: str = "", at: tuple = (), up: int = 0,
         find: str = "") -> PydanticCustomError:
    """A problem. ``at``: where to point, below the value's own place; ``up``: name it after a
    value that many levels up (a condition, not its ``when``); ``find``: point at this text
    inside the value."""
    return PydanticCustomError("scenario", "{message}", {"message": message, "hint": hint,
                                                          "at": at, "up": up, "find": find})


def _many(problems: list) -> ValidationError:
    """One error for many problems: each ``(loc, fail(...))`` or an error raised before."""
    return ValidationError.from_exception_data("scenario", [
        p if isinstance(p, dict) else InitErrorDetails(type=p[1], loc=p[0], input=None)
        for p in problems])


def _again(error: dict) -> InitErrorDetails:
    """An error from ``ValidationError.errors()``, to raise again."""
    kind = error["type"]
    if kind == "scenario":
        kind = fail(**{k: error["ctx"][k] for k in ("message", "hint", "at", "up", "find")})
    out = InitErrorDetails(type=kind, loc=tuple(error["loc"]), input=error.get("input"))
    if "ctx" in error and error["type"] != "scenario":
        out["ctx"] = error["ctx"]
    return out


def _lenient(check, *args) -> Any:
    """``check(*args)``, or None when it finds a problem (reported elsewhere)."""
    try:
        return check(*args)
    except (PydanticCustomError, ValidationError):
        return None


def _also(handler, data: Any, problems: list) -> Any:
    """``handler(data)``, raising its problems and ``problems`` together."""
    try:
        out = handler(data)
    except ValidationError as e:
        problems = [_again(x) for x in e.errors()] + problems
    if problems:
        raise _many(problems)
    return out


# --------------------------------------------------------------------------------------------
# Values


def _data(v: Any) -> Any:
    return v.data if isinstance(v, Raw) else v


def _text(v: Any, required: bool = True, what: str = WHAT) -> str:
    if isinstance(v, (list, dict)):
        raise fail(f"{what} must be text, got {GOT}")
    if _data(v) is None:
        if required:
            raise fail(f"{what} has no value")
        return ""
    s = str(v)
    if required and not s.strip():
        raise fail(f"{what} is empty")
    return s


def _number_value(v: Any, noun: str, what: str) -> int | float:
    d = _data(v)
    if d is None and not isinstance(v, (list, dict)):
        raise fail(f"{what} must be {noun}, got nothing")
    if isinstance(d, bool) or not isinstance(d, (int, float)) or not math.isfinite(d):
        quoted = isinstance(d, str) and _PLAIN_NUMBER.match(d.strip())
        raise fail(f"{what} must be {noun}, got {GOT}", "write it without quotes" if quoted else "")
    return d


def _whole(v: Any) -> int:
    n = _number_value(v, "a whole number", WHAT)
    if isinstance(n, float) and not n.is_integer():
        raise fail(f"{WHAT} must be a whole number, got {show(n)}")
    return int(n)


def _number(v: Any, what: str = WHAT) -> float:
    return float(_number_value(v, "a number", what))


def Whole(lo: int | None = None, hi: int | None = None):        # noqa: N802 - a type
    """A whole number; its bounds are checked by pydantic (sim.scenario words the message)."""
    return Annotated[int, Field(ge=lo, le=hi), BeforeValidator(_whole)]


def Number(lo: float | None = None, hi: float | None = None):   # noqa: N802 - a type
    return Annotated[float, Field(ge=lo, le=hi), BeforeValidator(_number)]


def _duration(v: Any) -> float:
    if isinstance(v, (list, dict)) or _data(v) is None:
        raise fail(f"{WHAT} must be a duration like 40s or 3m, got {GOT}", DURATION_HINT)
    raw = str(v) if isinstance(v, Raw) and v.tag == "str" else _data(v)
    try:
        seconds = parse_duration(raw)
    except ValueError:
        clock = isinstance(raw, str) and _CLOCK.match(raw.strip())
        raise fail(f"{WHAT} must be a duration like 40s or 3m, got {GOT}",
                   "durations are written like 6m30s; times of day belong in clock.start"
                   if clock else DURATION_HINT) from None
    if seconds < 0:
        raise fail(f"{WHAT} must not be negative, got {fmt_duration(seconds)}")
    return seconds


def _before_end(t: float, info: ValidationInfo) -> float:
    length = (info.context or {}).get("length")
    if length is not None and t >= length:
        raise fail(f"{WHAT} {fmt_duration(t)} is not before the end of the drill "
                   f"(length {fmt_duration(length)})")
    return t


def _length(v: Any, info: ValidationInfo) -> float:
    t = _duration(v)
    if not MIN_LENGTH <= t <= MAX_LENGTH:
        hint = "8m to 15m suits a drill"
        if (isinstance(v, Raw) and v.tag in ("int", "float") or type(v) in (int, float)) \
                and t < MIN_LENGTH <= t * 60 <= MAX_LENGTH:
            hint = f"a plain number is seconds: write {t:g}m for {t:g} minutes"
        raise fail(f"length must be between 1m and 60m, got {fmt_duration(t)}", hint)
    if info.context is not None:
        info.context["length"] = t          # read first, so later times can be checked against it
    return t


_DURATION_SCHEMA = {"anyOf": [
    {"type": "number", "minimum": 0},
    {"type": "string", "pattern": r"^\s*(\d+(\.\d+)?\s*)$|^\s*(\d+(\.\d+)?\s*h)?\s*(\d+(\.\d+)?\s*m)?"
                                  r"\s*(\d+(\.\d+)?\s*s)?\s*$", "minLength": 1,
     "not": {"pattern": r"^\s*$"}}],
    "description": "40s, 3m, 1m30s, 2h, or a number of seconds"}
Duration = Annotated[float, BeforeValidator(_duration), WithJsonSchema(_DURATION_SCHEMA)]
Time = Annotated[float, BeforeValidator(_duration), AfterValidator(_before_end),
                 WithJsonSchema({**_DURATION_SCHEMA, "description": "drill time from the start: "
                                 "40s, 3m, 1m30s, or a number of seconds; before the end"})]
Length = Annotated[float, BeforeValidator(_length), WithJsonSchema({"anyOf": [
    {"type": "number", "minimum": MIN_LENGTH, "maximum": MAX_LENGTH},
    _DURATION_SCHEMA["anyOf"][1]], "description": "minutes of play, 1m to 60m (8m-15m suits a drill)"})]
Text = Annotated[str, Field(min_length=1, pattern=r"\S"), BeforeValidator(_text)]
OptionalText = Annotated[str, BeforeValidator(lambda v: _text(v, required=False))]


def _slug(v: Any) -> str:
    s = _text(v)
    if not _SLUG.match(s):
        slug = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
        raise fail(f"id must be a lowercase slug (letters, digits and dashes), got {show(s)}",
                   f"try '{slug}'" if slug and _SLUG.match(slug) else "")
    return s


def _handle(v: Any) -> str:
    h = _text(v).strip()
    if not h.startswith("@"):
        raise fail(f"brand handle must start with '@', got {show(h)}", f"add it: \"@{h.lstrip('@')}\"")
    if not _HANDLE.match(h):
        raise fail(f"brand handle must be '@' and one word of letters, digits or '_', got {show(h)}")
    return h


def _hashtag(v: Any) -> str:
    h = _text(v)
    if not _HASHTAG.match(h):
        word = re.sub(r"\W+", "", h)
        raise fail(f"a hashtag is '#' and one word, got {show(h)}",
                   f"write it in quotes: \"#{word}\"" if word else "")
    return h


def _no_hashtags(v: Any) -> Any:
    if _data(v) is None and not isinstance(v, (list, dict)):
        raise fail(f"{WHAT} has no value",
                   "'#' starts a comment in YAML: put hashtags in quotes, e.g. [\"#VelaDown\"]")
    return v


def _choice(choices: tuple[str, ...], noun: str, what: str = WHAT):
    def check(v: Any) -> str:
        s = _text(v, what=what)
        if s not in choices:
            raise fail(f"unknown {noun} {show(s)}", did_you_mean(s, choices, f"{noun}s"))
        return s
    return check


def Choice(choices: tuple[str, ...], noun: str):                # noqa: N802 - a type
    return Annotated[Literal[choices], BeforeValidator(_choice(choices, noun))]


Slug = Annotated[str, Field(pattern=_SLUG.pattern), BeforeValidator(_slug)]
Handle = Annotated[str, Field(pattern=_HANDLE.pattern), BeforeValidator(_handle)]
Hashtags = Annotated[list[Annotated[str, Field(pattern=_HASHTAG.pattern), BeforeValidator(_hashtag)]],
                     BeforeValidator(_no_hashtags)]


def _clock_start(v: Any) -> int:
    raw = str(v).strip() if isinstance(v, str) and _data(v) is not None else None
    try:
        return parse_clock(raw)   # unquoted 06:30 is a base-60 integer to YAML 1.1: use the text
    except ValueError:
        raise fail(f"clock start must be a time of day like \"06:30\", got {GOT}") from None


def _mix(v: Any) -> dict[str, float]:
    """``{angry: 3, question: 1}``, or ``[angry, question]`` (one each)."""
    problems, weights = [], {}
    check = _choice(model.PERSONAS, "persona", WHAT + " persona")    # "wave 1 mix persona has no value"
    if isinstance(v, list):
        for i, item in enumerate(v):
            try:
                p = check(item)
                weights[p] = weights.get(p, 0.0) + 1.0
            except PydanticCustomError as e:
                problems.append(((i,), e))
    elif isinstance(v, dict):
        for k, w in v.items():
            try:
                p = check(k)
            except PydanticCustomError as e:
                problems.append(((k, "[key]"), e))
            try:
                weight = _number(w, what=f"weight of {show(k)}")
                if weight < 0:
                    raise fail(f"weight of {show(k)} must be at least 0, got {weight:g}")
            except PydanticCustomError as e:
                problems.append(((k,), e))
            if not problems:
                weights[p] = weight
    elif _data(v) is not None:
        raise fail(f"{WHAT} must be personas with weights, like {{angry: 3, question: 1}}, or a "
                   f"list of personas; got {GOT}")
    if problems:
        raise _many(problems)
    if weights and not any(w > 0 for w in weights.values()):
        raise fail(f"{WHAT} needs at least one persona with a weight above 0")
    return weights


_PERSONA_ENUM = {"enum": list(model.PERSONAS)}
Mix = Annotated[dict[str, float], BeforeValidator(_mix), WithJsonSchema({
    "description": "personas with weights, like {angry: 3, question: 1}, or a list of personas",
    "anyOf": [{"type": "object", "propertyNames": _PERSONA_ENUM, "minProperties": 1,
               "additionalProperties": {"type": "number", "minimum": 0}},
              {"type": "array", "items": _PERSONA_ENUM, "minItems": 1}]})]


def _template_line(v: Any) -> str:
    s = _text(v)
    bad = [m.group(0) for m in _PLACEHOLDER.finditer(s) if m.group(1) not in
           model.TEMPLATE_PLACEHOLDERS]
    if bad:
        raise _many([((), fail(f"unknown placeholder {show(token)} in a template", did_you_mean(
            token[1:-1].strip(), model.TEMPLATE_PLACEHOLDERS, "placeholders"), find=token))
            for token in bad])
    return s


TEMPLATE_KEYS = model.PERSONAS + tuple(model.TEMPLATE_FRAGMENTS)


def _templates(v: Any, handler) -> dict[str, list[str]]:
    if _data(v) is None and not isinstance(v, dict):
        return {}
    if not isinstance(v, dict):
        return handler(v)
    return _also(handler, {k: x for k, x in v.items() if k in TEMPLATE_KEYS}, [
        ((k, "[key]"), fail(f"unknown key {show(k)} in templates",
                            did_you_mean(k, TEMPLATE_KEYS, "allowed keys")))
        for k in v if k not in TEMPLATE_KEYS])


_TEMPLATE_LINE = {"type": "string", "not": {"pattern": r"\{(?!(?:" + "|".join(
    model.TEMPLATE_PLACEHOLDERS) + r")\})[^{}\n]*\}"}, "description": "{placeholders} and <a|b> "
    "alternatives are filled in per post"}
TemplateLine = Annotated[str, BeforeValidator(_template_line), WithJsonSchema(_TEMPLATE_LINE)]
Templates = Annotated[dict[str, list[TemplateLine]], WrapValidator(_templates), WithJsonSchema({"type": ["object", "null"], "propertyNames": {"enum": list(TEMPLATE_KEYS)},
                    "additionalProperties": {"type": "array", "items": _TEMPLATE_LINE},
                    "description": "this scenario's own words for the post writer: whole posts "
                                   "per persona, and fragments"})]


def _empty_if_null(v: Any) -> Any:
    return [] if _data(v) is None and not isinstance(v, (list, dict)) else v


# --------------------------------------------------------------------------------------------
# The format


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)
    hints: ClassVar[dict[str, str]] = {}       # for unknown keys, beyond "did you mean"
    if_empty: ClassVar[dict[str, str]] = {}    # what to say of a Field(min_length=1) left empty
    runtime: ClassVar[type]                     # the frozen dataclass of sim.model it becomes

    def build(self, **given: Any) -> Any:
        """The runtime object: fields of the same name carried over (lists as tuples), the rest
        ``given``."""
        return self.runtime(**{f.name: _frozen(getattr(self, f.name)) for f in fields(self.runtime)
                               if f.name in type(self).model_fields and f.name not in given}, **given)


def _frozen(v: Any) -> Any:
    if isinstance(v, _Part):
        return v.build()
    if isinstance(v, list):
        return tuple(map(_frozen, v))
    return {k: _frozen(x) for k, x in v.items()} if isinstance(v, dict) else v


class Brand(_Part):
    """The brand whose social desk the player runs."""
    name: Text
    handle: Handle = Field(description='with the leading "@"')
    voice: Choice(model.VOICES, "voice") = Field(model.Brand.voice, description="how far humour fits")
    followers: Whole(0, 10**10) = model.Brand.followers
    press_office: OptionalText = ""
    runtime = model.Brand


class Clock(_Part):
    """The in-world clock: start time of day, and in-world seconds per second of play."""
    start_minutes: Annotated[int, BeforeValidator(_clock_start), WithJsonSchema(
        {"type": "string", "pattern": r"^\s*\d{1,2}:\d{2}\s*$", "description": '"06:30"'})] = Field(
        model.WorldClock.start_minutes, alias="start")
    speed: Number(0.01, 3600) = model.WorldClock.speed
    runtime = model.WorldClock


class Speed(_Part):
    """How fast a reply should be, in seconds of play."""
    good: Duration = model.SpeedThresholds.good
    late: Duration = model.SpeedThresholds.late
    runtime = model.SpeedThresholds

    @model_validator(mode="after")
    def _in_order(self) -> Speed:
        if self.good <= 0:
            raise fail("speed good must be more than 0s", at=("good",))
        if self.good >= self.late:
            raise fail(f"speed good ({fmt_duration(self.good)}) must be less than speed late "
                       f"({fmt_duration(self.late)})", at=("good",) if "good" in
                       self.model_fields_set else ())
        return self


def _rate(f) -> tuple[Any, Any]:
    if f.type in ("int", int):              # counts: pile_on_posts, max_chasers...
        kind = Whole(0)
    elif f.name.endswith("_chance"):
        kind = Number(0, 1)
    else:
        kind = Number()
    return kind | None, Field(None, json_schema_extra={"default": f.default})


class _CrowdBase(_Part):
    """Overrides of the crowd model's rates (sim/crowd.py says what each means)."""
    start_mood: Number(-100, 100) = Field(model.CrowdTuning.start_mood, description="-100 (furious) .. 100 (delighted)")
    _order: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_order(cls, data: Any, handler):
        if _data(data) is None and not isinstance(data, dict):
            data = {}
        out = handler(data)
        out._order = [k for k in data if k != "start_mood"] if isinstance(data, dict) else []
        return out

    def build(self) -> model.CrowdTuning:
        return model.CrowdTuning(start_mood=self.start_mood,
                                 values={k: getattr(self, k) for k in self._order})


Crowd = create_model("Crowd", __base__=_CrowdBase, **{f.name: _rate(f) for f in fields(Rates)})


class Fact(_Part):
    """Something the brand knows from drill time ``at``: what the player may say."""
    at: Time
    kind: Choice(model.FACT_KINDS, "fact kind") = model.Fact.kind
    text: Text
    runtime = model.Fact


class _When(_Part):
    at: Time


class Then(_Part):
    """Something that happens: a story, a statement, a twist; it may bring posts and move the mood."""
    hints: ClassVar[dict[str, str]] = {
        "at": "a condition's event happens when the condition holds; remove 'at'"}
    kind: Choice(model.EVENT_KINDS, "event kind")
    text: Text
    posts: Whole(0, MAX_POSTS) = model.ScriptedEvent.posts
    mix: Mix = {}
    mood: Number(-100, 100) = Field(model.ScriptedEvent.mood, description="an immediate nudge to the crowd's mood")
    hashtags: Hashtags = []
    runtime = model.ScriptedEvent

    @model_validator(mode="wrap")
    @classmethod
    def _posts_need_a_mix(cls, data: Any, handler) -> Then:
        """Posts need a mix: asked whenever both can be read, whatever else is wrong."""
        problems = []
        if isinstance(data, dict) and "posts" in data:
            posts = _lenient(_whole, data["posts"])
            mix = _lenient(_mix, data["mix"]) if "mix" in data else {}
            if posts and 0 < posts <= MAX_POSTS and mix == {}:
                problems.append(((), fail(f"{WHAT} brings {posts} posts but has no mix",
                                          "add e.g. mix: {journalist: 1}", at=("posts",))))
        return _also(handler, data, problems)


class Event(Then, _When):
    """Something that happens at ``at`` whatever the player does."""


class Wave(_When):
    """A burst of posts: ``posts`` of them over ``over``, personas drawn from ``mix``."""
    name: OptionalText = ""
    posts: Whole(1, MAX_POSTS)
    over: Duration = model.Wave.over
    mix: Mix = Field(min_length=1)
    hashtags: Hashtags = []
    runtime = model.Wave
    if_empty = {"mix": "say which personas post"}


class When(_Part):
    """``metric`` above or below a value, for ``for`` (0s: at once)."""
    metric: Choice(model.CONDITION_METRICS, "metric")
    above: Number() | None = None
    below: Number() | None = None
    for_: Duration = Field(model.Condition.for_seconds, alias="for")

    @model_validator(mode="wrap")
    @classmethod
    def _one_threshold(cls, data: Any, handler) -> When:
        """Exactly one of above and below (a question of keys, so asked whatever else is wrong)."""
        given = {"above", "below"} & set(data) if isinstance(data, dict) else {"above"}
        if len(given) == 1:
            return handler(data)
        problem = fail(f"{WHAT}: give either 'above' or 'below', not both", at=("below", "[key]"),
                       up=1) if given else fail(f"{WHAT} needs 'above' or 'below'",
                                                "e.g. when: {metric: mood, below: -60, for: 60s}", up=1)
        try:
            handler({k: v for k, v in data.items() if k not in given} | {"above": 0})
        except ValidationError as e:
            raise _many([_again(x) for x in e.errors()] + [((), problem)]) from None
        raise _many([((), problem)])

    @model_validator(mode="after")
    def _threshold(self, info: ValidationInfo) -> When:
        length = (info.context or {}).get("length")
        problems = []
        if self.metric == "mood" and not -100 <= self.value <= 100:
            problems.append(((), fail(f"mood runs from -100 to 100, got {self.value:g}",
                                      at=("above" if self.above is not None else "below",))))
        if self.for_ and length is not None and self.for_ >= length:
            problems.append(((), fail(f"{WHAT}: 'for' {fmt_duration(self.for_)} is not shorter "
                                      f"than the drill ({fmt_duration(length)})", at=("for",), up=1)))
        if problems:
            raise _many(problems)
        return self

    @property
    def value(self) -> float:
        return self.above if self.above is not None else self.below

    def build(self) -> model.Condition:
        return model.Condition(metric=self.metric, value=self.value, above=self.above is not None,
                               for_seconds=self.for_)


class Condition(_Part):
    """Something the crowd makes happen: ``then`` fires when ``when`` holds."""
    name: OptionalText = ""
    when: When
    then: Then
    once: Annotated[bool, BeforeValidator(lambda v: _bool(v))] = model.ConditionalEvent.once
    runtime = model.ConditionalEvent

    def build(self) -> model.ConditionalEvent:
        return super().build(then=self.then.build(at=0.0))    # it fires when 'when' holds


def _bool(v: Any) -> bool:
    if isinstance(_data(v), bool):
        return _data(v)
    raise fail(f"{WHAT} must be true or false, got {GOT}")


class ScenarioFile(_Part):
    """A Stormdesk scenario: a brand, a clock, what is known and when, and the waves of posts."""
    model_config = ConfigDict(title="Stormdesk scenario")
    id: Slug
    title: Text
    industry: OptionalText = ""
    summary: OptionalText = Field("", description="one line for the picker")
    briefing: OptionalText = Field("", description="a paragraph for the briefing screen")
    brand: Brand
    length: Length
    clock: Clock = Clock()
    speed: Speed = Speed()
    crowd: Crowd = Crowd()
    facts: list[Fact] = Field(min_length=1)
    waves: list[Wave] = Field(min_length=1)
    events: Annotated[list[Event], BeforeValidator(_empty_if_null)] = []
    conditions: Annotated[list[Condition], BeforeValidator(_empty_if_null)] = []
    templates: Templates = {}
    runtime = model.Scenario
    if_empty = {"facts": "give at least one thing the brand knows",
                "waves": "give at least one wave of posts"}

    @field_validator("waves", mode="wrap")
    @classmethod
    def _in_time(cls, items: Any, handler, info: ValidationInfo) -> list[Wave]:
        """Each wave ends in time, and starts after the one before it has run: asked of every
        wave whose times can be read, whatever else is wrong."""
        length, problems, timing = (info.context or {}).get("length"), [], []
        for i, w in enumerate(items if isinstance(items, list) else [], 1):
            if not isinstance(w, dict) or "at" not in w:
                continue
            at = _lenient(lambda v: _before_end(_duration(v), info), w["at"])
            over = _lenient(_duration, w["over"]) if "over" in w else model.Wave.over
            if at is None or over is None:
                continue
            timing.append((i, at, over))
            if length is not None and at + over > length:
                problems.append(((i - 1, "over") if "over" in w else (i - 1,), fail(
                    f"wave {i} runs until {fmt_duration(at + over)}, past the end of the "
                    f"drill ({fmt_duration(length)})", "shorten 'over' or start earlier")))
        for (j, a_at, a_over), (i, at, _) in zip(timing, timing[1:]):
            end = fmt_duration(a_at + a_over)
            if at < a_at:
                problems.append(((i - 1, "at"), fail(
                    f"wave {i} starts at {fmt_duration(at)}, before wave {j} "
                    f"({fmt_duration(a_at)})", "list waves in time order")))
            elif at < a_at + a_over:
                problems.append(((i - 1, "at"), fail(
                    f"wave {i} starts at {fmt_duration(at)}, while wave {j} still runs "
                    f"(until {end})", f"start it at {end} or later, or shorten wave {j}")))
        return _also(handler, items, problems)

    @classmethod
    def check(cls, data: Any) -> ScenarioFile:
        """Validate ``data``; raises pydantic's ValidationError listing every problem."""
        return cls.model_validate(data, context={"length": None})

    def build(self, source: str = "") -> model.Scenario:
        facts = (f.build(id=f"f{i}") for i, f in enumerate(self.facts, 1))
        return super().build(source=source, facts=tuple(sorted(facts, key=lambda f: f.at)), events=tuple(
            sorted(_frozen(self.events), key=lambda e: e.at)))


def part_at(loc: tuple) -> type[BaseModel]:
    """The model of the mapping at ``loc`` (for the keys it allows)."""
    part: type[BaseModel] = ScenarioFile
    for name in (p for p in loc if isinstance(p, str)):
        field = next(f for n, f in part.model_fields.items() if (f.alias or n) == name)
        part = _model_in(field.annotation) or part
    return part


def _model_in(t: Any) -> type[BaseModel] | None:
    if isinstance(t, type) and issubclass(t, BaseModel):
        return t
    return next(filter(None, map(_model_in, get_args(t))), None)


def _keys(part: type[BaseModel], seen: set) -> set[str]:
    if part in seen:
        return set()
    seen.add(part)
    out = {f.alias or n for n, f in part.model_fields.items()}
    for n, f in part.model_fields.items():
        sub = _model_in(f.annotation) if n != "crowd" else None     # rates are not structure
        out |= _keys(sub, seen) if sub else set()
    return out


def all_keys() -> set[str]:
    """Every key the format has, at any depth (the crowd's rates aside)."""
    return _keys(ScenarioFile, set())


def schema_json() -> str:
    """The JSON Schema (draft 2020-12) of a scenario file, from the models above, as text."""
    return json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema",
                       "$id": "https://stormdesk.example/scenario.schema.json",
                       **ScenarioFile.model_json_schema(by_alias=True)}, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_json(), end="")
