"""The scenario file format's checks: pydantic validates a scenario's data straight into the
frozen dataclasses of :mod:`sim.model`, which describe the format once (their annotations name
the types below), and writes the JSON Schema ``stormdesk schema`` prints from them
(``python -m sim.scenario_format > sim/scenario.schema.json``; a test fails on drift).

Bounds (``ge``, ``le``) and "not empty" (``min_length``) are pydantic's own checks, and
:mod:`sim.scenario` words them; the rest is checked by the small validators here, so a problem
reads in a trainer's words, not pydantic's (YAML's ``3.0`` is a whole number and ``"3"`` is
not, which neither pydantic's lax nor its strict mode says). A message may say ``WHAT`` (the
name of the value, e.g. "wave 2 over") and ``GOT`` (the value as written in the file);
:mod:`sim.scenario`, which knows where each value sits in the file, fills them in and adds the
line and column. Where the file's shape is not the dataclass's (a condition's ``when``, its
``then``, the crowd's rates, facts' ids), one validator says how, beside the type.

Values from YAML arrive as :class:`Raw` (the text as written, and what YAML reads it as), so
``title: 2026`` is the title "2026" and ``posts: "3"`` can be told from ``posts: 3``.
"""
from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, fields, is_dataclass
from dataclasses import field as dc_field
from typing import Annotated, Any, Literal, get_args, get_type_hints

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter,
                      ValidationError, ValidationInfo, WithJsonSchema, WrapValidator, create_model)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import InitErrorDetails, PydanticCustomError, PydanticKnownError

from sim import model
from sim.crowd import Rates
from sim.scenario import (_CLOCK, _PLAIN_NUMBER, DURATION_HINT, GOT, MAX_LENGTH, MAX_POSTS,
                          MIN_LENGTH, WHAT, Raw, did_you_mean, fmt_duration, parse_clock,
                          parse_duration, show)

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


def _again(error: dict, rename: dict | None = None) -> InitErrorDetails:
    """An error from ``ValidationError.errors()``, to raise again (its first key renamed)."""
    kind, loc = error["type"], tuple(error["loc"])
    if kind == "scenario":
        kind = fail(**{k: error["ctx"][k] for k in ("message", "hint", "at", "up", "find")})
    if rename and loc and loc[0] in rename:
        loc = (rename[loc[0]],) + loc[1:]
    out = InitErrorDetails(type=kind, loc=loc, input=error.get("input"))
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
    """What YAML reads ``v`` as: None only for a null (a list or a mapping is itself)."""
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
    if d is None:
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
    if _data(v) is None:
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
Hashtags = Annotated[tuple[Annotated[str, Field(pattern=_HASHTAG.pattern), BeforeValidator(_hashtag)], ...],
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
    if _data(v) is None:
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
Templates = Annotated[dict[str, tuple[TemplateLine, ...]], WrapValidator(_templates), WithJsonSchema({"type": ["object", "null"], "propertyNames": {"enum": list(TEMPLATE_KEYS)},
                    "additionalProperties": {"type": "array", "items": _TEMPLATE_LINE},
                    "description": "this scenario's own words for the post writer: whole posts "
                                   "per persona, and fragments"})]


def _empty_if_null(v: Any) -> Any:
    return [] if _data(v) is None else v


# --------------------------------------------------------------------------------------------
# Where the file's shape is not the dataclass's: each part says how, here


@dataclass(frozen=True)
class FileKeys:
    """Annotated metadata for a part whose keys in the file are not its dataclass's fields:
    ``keys`` (else the fields'), less ``drop``; ``hints`` for unknown keys, beyond "did you
    mean". Pydantic ignores it; :func:`part_at` reads it for the loader's messages."""
    keys: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    hints: dict[str, str] = dc_field(default_factory=dict)


class _Schema:
    """Annotated metadata that edits the JSON Schema pydantic writes for a part: ``edit(schema)``."""

    def __init__(self, edit):
        self.edit = edit

    def __get_pydantic_json_schema__(self, core, handler):
        return self.edit(dict(handler.resolve_ref_schema(handler(core))))


def _not_in_file(v: Any) -> Any:
    if isinstance(v, (Raw, list, dict)):            # the file gave it: an unknown key
        raise PydanticKnownError("extra_forbidden")
    return v


def _bool(v: Any) -> bool:
    if isinstance(_data(v), bool):
        return _data(v)
    raise fail(f"{WHAT} must be true or false, got {GOT}")


NotInFile = Annotated[str, BeforeValidator(_not_in_file), SkipJsonSchema()]
Bool = Annotated[bool, BeforeValidator(_bool)]
ClockStart = Annotated[int, BeforeValidator(_clock_start), WithJsonSchema(
    {"type": "string", "pattern": r"^\s*\d{1,2}:\d{2}\s*$", "description": '"06:30"'})]


def _in_order(s: model.SpeedThresholds) -> model.SpeedThresholds:
    if s.good <= 0:
        raise fail("speed good must be more than 0s", at=("good",))
    if s.good >= s.late:
        raise fail(f"speed good ({fmt_duration(s.good)}) must be less than speed late "
                   f"({fmt_duration(s.late)})", at=("good",))
    return s


Speed = Annotated[model.SpeedThresholds, AfterValidator(_in_order)]


def _numbered(facts: Any) -> Any:
    """Facts are "f1", "f2"... in the file's order (then sorted by time)."""
    if not isinstance(facts, list):
        return facts
    return [f | {"id": f"f{i}"} if isinstance(f, dict) and "id" not in f else f
            for i, f in enumerate(facts, 1)]


# Lists are read as lists (pydantic's tuples count only the valid items against a min_length)
# and kept as tuples.
def _by_time(items: list) -> tuple:
    return tuple(sorted(items, key=lambda x: x.at))


Facts = Annotated[list[model.Fact], BeforeValidator(_numbered), AfterValidator(_by_time)]


def _posts_need_a_mix(data: Any, handler) -> model.ScriptedEvent:
    """Posts need a mix: asked whenever both can be read, whatever else is wrong."""
    problems = []
    if isinstance(data, dict) and "posts" in data:
        posts = _lenient(_whole, data["posts"])
        mix = _lenient(_mix, data["mix"]) if "mix" in data else {}
        if posts and 0 < posts <= MAX_POSTS and mix == {}:
            problems.append(((), fail(f"{WHAT} brings {posts} posts but has no mix",
                                      "add e.g. mix: {journalist: 1}", at=("posts",))))
    return _also(handler, data, problems)


Event = Annotated[model.ScriptedEvent, WrapValidator(_posts_need_a_mix)]
Events = Annotated[list[Event], BeforeValidator(_empty_if_null), AfterValidator(_by_time)]


def _then(data: Any, handler) -> model.ScriptedEvent:
    """A condition's event has no ``at``: it fires when the condition holds (at is 0)."""
    if not isinstance(data, dict):
        return handler(data)
    problems = [{"type": "extra_forbidden", "loc": ("at",), "input": None}] if "at" in data else []
    return _also(handler, data | {"at": 0.0}, problems)


def _then_schema(s: dict) -> dict:
    return s | {"title": "Then", "description": "Something that happens: a story, a statement, a "
                "twist; it may bring posts and move the mood.",
                "properties": {k: v for k, v in s["properties"].items() if k != "at"},
                "required": [k for k in s["required"] if k != "at"]}


Then = Annotated[Event, WrapValidator(_then), _Schema(_then_schema), FileKeys(drop=("at",), hints={
    "at": "a condition's event happens when the condition holds; remove 'at'"})]


def _when(data: Any, handler, info: ValidationInfo) -> model.Condition:
    """The file's ``{metric, above: x or below: x, for}`` as a Condition(metric, value, above,
    for_seconds); exactly one of above and below (a question of keys, so asked whatever else is
    wrong)."""
    if not isinstance(data, dict):
        return handler(data)
    given = [k for k in ("above", "below") if k in data]
    problems = [] if len(given) == 1 else [((), fail(
        f"{WHAT}: give either 'above' or 'below', not both", at=("below", "[key]"), up=1) if given
        else fail(f"{WHAT} needs 'above' or 'below'", "e.g. when: {metric: mood, below: -60, for: 60s}",
                  up=1))]
    problems += [{"type": "extra_forbidden", "loc": ("value",), "input": None}] if "value" in data else []
    key = given[0] if len(given) == 1 else "above"
    rest = {k: v for k, v in data.items() if k not in ("above", "below", "value")}
    try:
        c = handler(rest | {"value": data[key] if len(given) == 1 else 0, "above": key == "above"})
    except ValidationError as e:
        raise _many([_again(x, {"value": key}) for x in e.errors()] + problems) from None
    if problems:
        raise _many(problems)
    length = (info.context or {}).get("length")
    if c.metric == "mood" and not -100 <= c.value <= 100:
        problems.append(((), fail(f"mood runs from -100 to 100, got {c.value:g}", at=(key,))))
    if c.for_seconds and length is not None and c.for_seconds >= length:
        problems.append(((), fail(f"{WHAT}: 'for' {fmt_duration(c.for_seconds)} is not shorter "
                                  f"than the drill ({fmt_duration(length)})", at=("for",), up=1)))
    if problems:
        raise _many(problems)
    return c


def _when_schema(s: dict) -> dict:
    p = s["properties"]
    threshold = {"anyOf": [{k: v for k, v in p["value"].items() if k != "title"}, {"type": "null"}],
                 "default": None}
    return s | {"title": "When", "description": "``metric`` above or below a value, for ``for`` "
                "(0s: at once)", "required": ["metric"],
                "properties": {"metric": p["metric"], "above": threshold | {"title": "Above"},
                               "below": threshold | {"title": "Below"}, "for": p["for"]},
                "oneOf": [{"required": ["above"]}, {"required": ["below"]}]}


When = Annotated[model.Condition, WrapValidator(_when), _Schema(_when_schema),
                 FileKeys(keys=("metric", "above", "below", "for"))]
Conditions = Annotated[list[model.ConditionalEvent], BeforeValidator(_empty_if_null), AfterValidator(tuple)]


def _in_time(items: Any, handler, info: ValidationInfo) -> tuple[model.Wave, ...]:
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


Waves = Annotated[list[model.Wave], AfterValidator(tuple), WrapValidator(_in_time)]


def _rate(f) -> tuple[Any, Any]:
    if f.type in ("int", int):              # counts: pile_on_posts, max_chasers...
        kind = Whole(0)
    elif f.name.endswith("_chance"):
        kind = Number(0, 1)
    else:
        kind = Number()
    return kind | None, Field(None, json_schema_extra={"default": f.default})


_MOOD = {f.name: f for f in fields(model.CrowdTuning)}["start_mood"]
_Rates = create_model(          # start_mood as sim.model says, and every rate of the crowd model
    "Crowd", __config__=ConfigDict(extra="forbid", frozen=True),
    __doc__="Overrides of the crowd model's rates (sim/crowd.py says what each means).",
    start_mood=(get_type_hints(model.CrowdTuning, include_extras=True)["start_mood"],
                Field(_MOOD.default, **_MOOD.metadata)),
    **{f.name: _rate(f) for f in fields(Rates)})


def _crowd(data: Any, handler) -> model.CrowdTuning:
    """The file's rates sit beside ``start_mood``; the scenario keeps them in ``values``, in the
    file's order."""
    data = {} if _data(data) is None else data
    rates = handler(data)
    return model.CrowdTuning(start_mood=rates.start_mood,
                             values={k: getattr(rates, k) for k in data if k != "start_mood"})


Crowd = Annotated[_Rates, WrapValidator(_crowd)]

# --------------------------------------------------------------------------------------------
# Checking a file, its keys, its schema

_SCENARIO = TypeAdapter(model.Scenario)


def check(data: Any) -> model.Scenario:
    """Validate ``data``; raises pydantic's ValidationError listing every problem."""
    return _SCENARIO.validate_python(data, context={"length": None})


def _part(t: Any) -> tuple[type | None, FileKeys]:
    """The dataclass (or the crowd's model) in annotation ``t``, and how its file keys differ."""
    keys = next((m for m in getattr(t, "__metadata__", ()) if isinstance(m, FileKeys)), FileKeys())
    if isinstance(t, type) and (is_dataclass(t) or issubclass(t, BaseModel)):
        return t, keys
    inner = next(filter(None, (_part(a)[0] for a in get_args(t))), None)
    return inner, keys


@functools.cache
def _fields(part: type) -> dict[str, tuple[Any, Any]]:
    """A part's fields by the key the file writes them with: (the field, its annotation)."""
    if issubclass(part, BaseModel):
        return {n: (f, f.annotation) for n, f in part.model_fields.items()}
    hints = get_type_hints(part, include_extras=True)
    return {f.metadata.get("alias", f.name): (f, hints[f.name]) for f in fields(part)
            if hints[f.name] != NotInFile}


def part_at(loc: tuple) -> tuple[list[str], FileKeys, dict[str, Any]]:
    """The mapping at ``loc``: the keys the file may give it, how they differ from its fields,
    and its fields by key (for ``if_empty``)."""
    part, keys = model.Scenario, FileKeys()
    for name in (p for p in loc if isinstance(p, str)):
        part, keys = _part(_fields(part)[name][1])
    own = _fields(part)
    return [k for k in keys.keys or own if k not in keys.drop], keys, own


def schema_json() -> str:
    """The JSON Schema (draft 2020-12) of a scenario file, from sim.model, as text."""
    return json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema",
                       "$id": "https://stormdesk.example/scenario.schema.json",
                       **_SCENARIO.json_schema(by_alias=True)}, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_json(), end="")
