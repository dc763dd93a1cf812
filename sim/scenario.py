"""Scenario files: load, check and list them; every problem as ``FILE:LINE:COL: message (hint)``.

* The bytes are checked first: size (2 MB at most), binary data, UTF-8, control characters.
* A small composer on the safe loader's event stream builds the node tree: no aliases (no
  billion laughs), no tags, limited nesting and items, every node's line and column kept.
* The tree becomes plain data (each scalar a :class:`Raw`: its text and what YAML reads it as)
  for the format, described once by the dataclasses of :mod:`sim.model`, which pydantic reads
  (:mod:`sim.scenario_format`, imported only when a file is checked). Every problem found is
  mapped back from its place in the data to its node's line and column. Only a file with no
  problem becomes a :class:`~sim.model.Scenario`.
"""
from __future__ import annotations

import os
import re
import stat
import sys
import difflib
import functools
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Callable, Iterable

import yaml
from yaml.events import (
    AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
    SequenceStartEvent, StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

if TYPE_CHECKING:
    from sim.model import Scenario


__all__ = [
    "Problem", "ScenarioError", "parse_duration", "parse_clock", "load_scenario", "load_file",
    "load_text", "bundled_dir", "list_bundled", "validate_file", "validate_paths", "schema_text",
    "MAX_BYTES", "MAX_LENGTH", "MAX_POSTS", "MIN_LENGTH",
]

MAX_BYTES = 2 * 1024 * 1024     # scenario files are small; anything bigger is a mistake
MAX_DEPTH = 32                  # the format nests 4 deep; 32 leaves room for honest mistakes
MAX_NODES = 100_000             # a big scenario has ~1,000
MAX_PROBLEMS = 100              # per file: past this, one line says how many more there are

WHAT, GOT = "\x00what\x00", "\x00got\x00"      # NUL never survives sim.scenario's byte checks
MAX_POSTS = 1000                                # per wave or event
MIN_LENGTH, MAX_LENGTH = 60.0, 3600.0
DURATION_HINT = "write a duration like 40s, 3m, 1m30s or 2h, or a number of seconds"
_DURATION = re.compile(
    r"^(?P<neg>-)?(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?$")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")

class Raw(str):
    """A YAML scalar: the text as written, ``data`` (what YAML reads it as; None for null) and
    ``tag`` (str, int, float, bool, null...). ``data`` is ``UNREADABLE`` when YAML cannot build it."""

    def __new__(cls, text: str, tag: str, data: Any):
        self = super().__new__(cls, text)
        self.tag, self.data = tag, data
        return self


UNREADABLE = object()


def show(value: Any, limit: int = 40) -> str:
    """A short, single-line rendering of a user's value for a message."""
    r = repr(value)
    if len(r) <= limit:
        return r
    return r[: limit - 4] + "...'" if isinstance(value, str) else r[: limit - 3] + "..."


def fmt_duration(seconds: float) -> str:
    if seconds < 0:
        return "-" + fmt_duration(-seconds)
    whole = int(seconds)
    if whole != seconds:
        return f"{seconds:g}s"
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return ((f"{h}h" if h else "") + (f"{m}m" if m else "") + (f"{s}s" if s else "")) or "0s"


def did_you_mean(word: str, choices: Iterable[str], what: str = "") -> str:
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6) or [
        c for c in choices if c.lower() == word.lower().strip()]
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return f"{what}: " + ", ".join(choices) if what and len(choices) <= 12 else ""


def parse_duration(value: Any) -> float:
    """Seconds in ``value``: ``"40s"``, ``"3m"``, ``"1m30s"``, ``"2h"``, or a plain number of seconds.

    Negative values parse (``"-30s"`` is -30.0) so callers can say "must not be negative";
    anything else raises ``ValueError`` with a message fit for a trainer.
    """
    bad = ValueError(f"{show(value)} is not a duration")
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise bad
    if not isinstance(value, str):
        if not math.isfinite(value):
            raise bad
        return float(value)
    s = value.strip().lower().replace(" ", "")
    if _PLAIN_NUMBER.match(s):
        return float(s)
    m = _DURATION.match(s)
    if not s or not m or not any(m.group(k) for k in ("h", "m", "s")):
        raise bad
    total = float(m["h"] or 0) * 3600 + float(m["m"] or 0) * 60 + float(m["s"] or 0)
    if not math.isfinite(total):
        raise bad
    return -total if m["neg"] else total


def parse_clock(value: Any) -> int:
    """Minutes after midnight in a ``"06:30"`` time of day (00:00 to 23:59)."""
    m = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError(f"{show(value)} is not a time of day like \"06:30\"")
    return int(m.group(1)) * 60 + int(m.group(2))


_YAML_TAG = "tag:yaml.org,2002:"
_NULL, _SEQ, _MAP = (_YAML_TAG + t for t in ("null", "seq", "map"))
_ALLOWED_TAGS = {_YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}


# --------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file. ``line`` and ``col`` are 1-based."""
    file: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        s = f"{_one_line(self.file)}:{self.line}:{self.col}: {_one_line(self.message)}"
        return f"{s} ({_one_line(self.hint)})" if self.hint else s


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _one_line(s: str) -> str:
    """``s`` with line breaks, control and bidi characters escaped: one problem, one line."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), s)


class ScenarioError(Exception):
    """A scenario could not be loaded; ``problems`` says everything that is wrong, in order."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid scenario")


# --------------------------------------------------------------------------------------------
# Reading bytes and composing YAML


class _Abort(Exception):
    """Stop reading this file: the problem has been recorded."""


def _pos(mark) -> tuple[int, int]:
    """A YAML mark as a 1-based (line, column)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Text of a scenario file, or the one problem that stops it being read as YAML."""
    if not data.strip():
        return None, [Problem(file, 1, 1, "the file is empty",
                              "a scenario starts with 'id:', 'title:' and 'brand:'")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(file, 1, 1, "the file is UTF-16 text", "save it as UTF-8")]
    if b"\x00" in data:
        return None, [Problem(file, 1, 1, "this is binary data, not a YAML text file",
                              "a scenario is a text file ending in .yaml")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = len(data[data.rfind(b"\n", 0, e.start) + 1: e.start].decode("utf-8", "replace")) + 1
        return None, [Problem(file, line, col,
                              f"not UTF-8 text: byte 0x{data[e.start]:02x} cannot be read",
                              "save the file as UTF-8")]
    bad = list(yaml.reader.Reader.NON_PRINTABLE.finditer(text))
    if bad:
        first = bad[0]
        line, col = _line_col(text, first.start())
        more = f"; {len(bad) - 1} more like it" if len(bad) > 1 else ""
        what = "this looks like binary data" if len(bad) > 8 else "remove it"
        return None, [Problem(file, line, col,
                              f"control character U+{ord(first.group()[0]):04X} is not allowed "
                              f"in a YAML file{more}", what)]
    return text, []


_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'')
_FLOW_COMMENT = re.compile(r"[\[{,]\s*(#)|[\[{,][^\n\]}#]*?:\s+(#)")


def _flow_comment(text: str, index: int, lines: int = 6) -> int | None:
    """Where a '#' cuts a flow list or mapping short, in the few lines up to ``index``."""
    start = index
    for _ in range(lines):
        if start <= 0:
            break
        start = text.rfind("\n", 0, start - 1) + 1
    chunk = text[start:index]
    # blank out quoted text (same length, so positions hold) before looking for '#'
    chunk = _QUOTED.sub(lambda m: " " * len(m.group()), chunk)
    found = None
    for m in _FLOW_COMMENT.finditer(chunk):
        if "#" in chunk[chunk.rfind("\n", 0, m.start()) + 1: m.start()]:
            continue                    # inside a comment already
        found = start + (m.start(1) if m.group(1) else m.start(2))
    return found


def _yaml_problem(e: yaml.YAMLError, text: str, file: str, quoted=None) -> Problem:
    """A yaml exception as a Problem at its mark, with a friendlier word where one helps.
    ``quoted``: the last quoted text over several lines before it (``title: "Vela: down`` with
    no closing quote swallows the lines after it, and YAML fails where the next quote ends it)."""
    if isinstance(e, yaml.reader.ReaderError):
        line, col = _line_col(text, min(max(e.position, 0), len(text)))
        return Problem(file, line, col, f"unreadable character: {e.reason}")
    if not isinstance(e, yaml.MarkedYAMLError):
        return Problem(file, 1, 1, f"YAML error: {e}")
    mark = e.problem_mark or e.context_mark
    line, col = _pos(mark)
    problem = (e.problem or "").strip()
    context = (e.context or "").strip()
    here = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if "quoted scalar" in context and "end of stream" in problem and e.context_mark:
        return Problem(file, *_pos(e.context_mark),
                       "unclosed quote: this text starts with a quote that never ends",
                       "add the closing quote")
    if mark is not None and quoted is not None and quoted.end_mark.line == mark.line:
        return Problem(file, *_pos(quoted.start_mark), f"unclosed quote: this text runs on to "
                       f"line {line}, where YAML fails", "add the closing quote on this line")
    if "flow" in context and mark is not None:
        # [#VelaDown]: '#' after '[' or ',' starts a comment that swallows the rest of the line,
        # and YAML only notices lines later. Look back a few lines for the culprit.
        at = _flow_comment(text, mark.index)
        if at is not None:
            line, col = _line_col(text, at)
            return Problem(file, line, col, "'#' starts a comment in YAML, so this list or "
                                            "mapping is cut short here",
                           "put text starting with '#' in quotes, e.g. [\"#VelaDown\"]")
    if "nesting depth" in problem or "nested too deep" in problem:
        # PyYAML >= 6.0.2 stops deep flow nesting itself; say it in our words, like _Composer.
        return Problem(file, line, col, f"nested too deeply (more than {MAX_DEPTH} levels)",
                       "the scenario format nests only a few levels deep")
    if here == "\t" or "'\\t'" in problem:
        return Problem(file, line, col, "tab character: YAML indentation must use spaces",
                       "replace the tab with spaces")
    if "cannot start any token" in problem and here in ("@", "`"):
        return Problem(file, line, col, f"a value cannot start with '{here}' unless it is quoted",
                       f"put it in quotes, e.g. \"{here}VelaMobile\"")
    hints = {
        "mapping values are not allowed": "text containing ': ' needs quotes around it",
        "expected <block end>": "check the indentation of this line",
        "could not find expected ':'": "a key needs ': ' after it; check quotes and indentation",
        "expected a single document": "one scenario per file: remove the second '---'",
        "found undefined alias": "aliases (*name) are not supported",
    }
    hint = next((h for k, h in hints.items() if k in problem or k in context), "")
    msg = f"broken YAML: {problem}" + (f" ({context})" if context and not hint else "")
    return Problem(file, line, col, msg, hint)


class _Composer:
    """Builds a YAML node tree from the safe loader's events, refusing aliases and bombs."""

    def __init__(self, text: str, file: str, problems: list[Problem]):
        loader_cls = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
        self.p = (loader_cls or yaml.SafeLoader)(text)
        self.text, self.file, self.problems = text, file, problems
        self.count = 0
        self.aliases = 0
        self.first_alias: AliasEvent | None = None
        self.quoted: ScalarEvent | None = None      # the last quoted text over several lines

    def _stop(self, mark, message: str, hint: str = "") -> _Abort:
        self.problems.append(Problem(self.file, *_pos(mark), message, hint))
        return _Abort()

    def compose(self) -> Node | None:
        p = self.p
        try:
            p.get_event()                               # StreamStart
            if p.check_event(StreamEndEvent):
                return None
            p.get_event()                               # DocumentStart
            node = self._node(0)
            p.get_event()                               # DocumentEnd
            if not p.check_event(StreamEndEvent):
                ev = p.get_event()
                raise self._stop(ev.start_mark, "more than one YAML document in this file",
                                 "one scenario per file: remove the second '---'")
            return node
        finally:
            p.dispose()
            if self.first_alias is not None:
                ev, more = self.first_alias, self.aliases - 1
                extra = f"; {more} more alias{'es' if more != 1 else ''} in this file" if more else ""
                self.problems.append(Problem(self.file, *_pos(ev.start_mark),
                                             f"aliases (*{ev.anchor}) are not supported{extra}",
                                             "write the value out in full"))

    def _swallowed(self, ev: ScalarEvent) -> None:
        """A quoted text over several lines with a key at the start of a later line: the
        quote was almost certainly not closed, and the text ate the lines after it."""
        raw = self.text[ev.start_mark.index:ev.end_mark.index]
        m = _swallowed_key().search(raw, raw.find("\n") + 1)
        if m:
            self.problems.append(Problem(
                self.file, *_pos(ev.start_mark),
                f"this quoted text runs on over several lines and swallows '{m.group(1)}:': "
                f"a closing quote is probably missing",
                f"add the closing quote at the end of line {ev.start_mark.line + 1}"))

    def _node(self, depth: int) -> Node:
        p = self.p
        self.count += 1
        if self.count > MAX_NODES:
            raise self._stop(p.peek_event().start_mark,
                             f"too many items: a scenario file has at most {MAX_NODES:,}")
        if depth > MAX_DEPTH:
            raise self._stop(p.peek_event().start_mark,
                             f"nested too deeply (more than {MAX_DEPTH} levels)")
        ev = p.get_event()
        if isinstance(ev, AliasEvent):
            # One problem for the first alias and a count of the rest: an alias bomb has
            # thousands, and each would otherwise be a line of output.
            if self.first_alias is None:
                self.first_alias = ev
            self.aliases += 1
            return ScalarNode(_NULL, "", ev.start_mark, ev.end_mark)
        tag = ev.tag
        if tag not in (None, "!") and tag not in _ALLOWED_TAGS:
            shown = "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag
            self.problems.append(Problem(self.file, *_pos(ev.start_mark),
                                         f"YAML tags like {show(shown)} are not supported",
                                         "remove the tag"))
            tag = None
        if isinstance(ev, ScalarEvent):
            if ev.style in ('"', "'") and ev.end_mark.line > ev.start_mark.line:
                self.quoted = ev
                self._swallowed(ev)
            if tag in (None, "!"):
                tag = p.resolve(ScalarNode, ev.value, ev.implicit)
            return ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, style=ev.style or None)
        if isinstance(ev, SequenceStartEvent):
            node = SequenceNode(_SEQ, [], ev.start_mark, None, flow_style=ev.flow_style)
            while not p.check_event(SequenceEndEvent):
                node.value.append(self._node(depth + 1))
            node.end_mark = p.get_event().end_mark
            return node
        if isinstance(ev, MappingStartEvent):
            node = MappingNode(_MAP, [], ev.start_mark, None, flow_style=ev.flow_style)
            while not p.check_event(MappingEndEvent):
                key = self._node(depth + 1)
                node.value.append((key, self._node(depth + 1)))
            node.end_mark = p.get_event().end_mark
            return node
        raise self._stop(ev.start_mark, f"unexpected YAML event {type(ev).__name__}")


# --------------------------------------------------------------------------------------------
# From YAML nodes to the format's model, and its problems back to lines and columns

_constructor = yaml.constructor.SafeConstructor()


def _kind(node: Node) -> str:
    """What a value is, for a message: 'a list', 'nothing', or the text as written."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "nothing" if node.tag == _NULL else show(node.value)


class _Reader:
    """Turns the node tree into plain data for :func:`sim.scenario_format.check` (each scalar a
    :class:`Raw`, keeping the text as written), and the format's problems into located
    :class:`Problem` s."""

    def __init__(self, text: str, file: str, root: MappingNode, problems: list[Problem]):
        self.text, self.file, self.root, self.problems = text, file, root, problems
        self.keys: list[tuple[tuple, Problem]] = []     # problems with keys, and where
        self.twice: list[tuple[tuple, Node]] = []        # keys given again: where, and the key

    def err(self, node: Node, message: str, hint: str = "", loc: tuple | None = None) -> None:
        p = Problem(self.file, *_pos(node.start_mark), message, hint)
        self.problems.append(p) if loc is None else self.keys.append((loc, p))

    def data(self, node: Node, loc: tuple = ()) -> Any:
        if isinstance(node, ScalarNode):
            tag = node.tag.removeprefix(_YAML_TAG)
            if tag == "str":
                return Raw(node.value, tag, node.value)
            try:                # huge ints past the digit limit, odd timestamps...
                value = _constructor.construct_object(node)
            except Exception:   # noqa: BLE001
                value = UNREADABLE
            return Raw(node.value, tag, value)
        if isinstance(node, SequenceNode):
            return [self.data(n, loc + (i,)) for i, n in enumerate(node.value)]
        out: dict[str, Any] = {}
        keys: dict[str, Node] = {}
        mix = len(loc) > 1 and loc[-1] == "mix"
        for k, v in node.value:
            if not isinstance(k, ScalarNode):
                self.err(k, f"{_what(loc)}: keys must be persona names, got {_kind(k)}" if mix
                         else f"keys in {_what(loc)} must be plain words, got {_kind(k)}", loc=loc)
            elif k.tag == _YAML_TAG + "merge":
                self.err(k, "merge keys (<<) are not supported", "write the keys out in full",
                         loc=loc)
            elif k.value in keys:
                self.err(k, f"duplicate {'persona' if mix else 'key'} {show(k.value)} in "
                            f"{_what(loc)} (first at line {keys[k.value].start_mark.line + 1})",
                         "remove one of them", loc=loc)
                self.twice.append((loc + (k.value,), k))
            else:
                keys[k.value] = k
                out[k.value] = self.data(v, loc + (k.value,))
        return out

    def scenario(self) -> Scenario | None:
        from pydantic import ValidationError

        from sim.scenario_format import check
        data, checked, unknown = self.data(self.root), None, []
        try:
            checked = check(data)
        except ValidationError as e:            # a mapping's unknown keys before what it lacks
            errors = [x | {"type": _TYPES.get(x["type"], x["type"])} for x in e.errors(include_url=False)]
            for error in sorted(errors, key=lambda error: error["type"] != "extra_forbidden"):
                self.problem(error)
            unknown = [tuple(x["loc"]) for x in errors if x["type"] == "extra_forbidden"]
        # problems with keys inside an unknown key's value are not worth saying, and an unknown
        # key given twice is unknown twice
        self.problems += [p for loc, p in self.keys if not any(loc[:len(u)] == u for u in unknown)
                          and (p.line, p.col) not in {_pos(k.start_mark) for at, k in self.twice if at in unknown}]
        for at, k in self.twice:
            if at in unknown:
                self.problem({"type": "extra_forbidden", "loc": at}, k)
        return None if self.problems or checked is None else replace(checked, source=self.file)

    def problem(self, e: dict, key: Node | None = None) -> None:
        from sim.scenario_format import part_at
        loc, kind, ctx = tuple(e["loc"]), e["type"], e.get("ctx") or {}
        if kind == "missing":
            self.err(_locate(self.root, loc[:-1]), f"{_what(loc[:-1])} is missing '{loc[-1]}'")
        elif kind == "extra_forbidden":
            allowed, keys, _ = part_at(loc[:-1])
            self.err(key or _locate(self.root, loc + ("[key]",)),
                     f"unknown key {show(loc[-1])} in {_what(loc[:-1])}",
                     keys.hints.get(loc[-1]) or did_you_mean(loc[-1], sorted(allowed), "allowed keys"))
        elif kind == "too_short":   # a min_length of the format
            say = part_at(loc[:-1])[2][loc[-1]][0].metadata.get("if_empty")
            self.err(_locate(self.root, loc), f"{_what(loc)} is empty" + (f": {say}" if say else ""))
        elif kind in _BOUNDS:       # a Field(ge=..., le=...) of the format
            bound, num = ctx.get("ge", ctx.get("le")), lambda x: str(x) if isinstance(x, int) else f"{x:g}"
            self.err(_locate(self.root, loc), f"{_what(loc)} must be at {_BOUNDS[kind]} {num(bound)}, "
                                              f"got {num(e['input'])}")
        elif kind in _SHAPES:
            node = _locate(self.root, loc)
            self.err(node, f"{_what(loc)} must be {_SHAPES[kind]}, got {_kind(node)}")
        elif kind == "scenario":
            node = _locate(self.root, loc + tuple(ctx["at"]))
            named = tuple(p for p in loc if p != "[key]")
            named = named[:len(named) - ctx["up"]]
            message = ctx["message"].replace(WHAT, _what(named)).replace(GOT, _kind(node))
            if ctx["find"] and node.end_mark is not None:
                at = self.text.find(ctx["find"], node.start_mark.index, node.end_mark.index)
                if at >= 0:
                    self.problems.append(Problem(self.file, *_line_col(self.text, at), message,
                                                 ctx["hint"]))
                    return
            self.err(node, message, ctx["hint"])
        else:           # a check pydantic made itself: a bug in the format, said plainly
            self.err(_locate(self.root, loc), f"{_what(loc)}: {e['msg']}")


# pydantic's words for a dataclass's keys, as for a model's
_TYPES = {"unexpected_keyword_argument": "extra_forbidden", "missing_argument": "missing"}

# pydantic's own checks of a value's shape, in a trainer's words
_SHAPES = dict.fromkeys(("model_type", "dict_type", "model_attributes_type", "dataclass_type"),
                        "a mapping of 'key: value' lines") | dict.fromkeys(("list_type", "tuple_type"), "a list (lines starting with '- ')")

_BOUNDS = {"greater_than_equal": "least", "less_than_equal": "most"}

# How values are named in messages, by where they are: '#' is an index ({n}: the first one + 1),
# '*' a key ({k}: the last one). The first pattern that fits wins.
_NAMES = (
    ((), "the scenario"), (("brand", "name"), "brand name"), (("brand", "handle"), "brand handle"),
    (("brand", "*"), "{k}"),
    (("clock", "*"), "clock {k}"), (("speed", "*"), "speed {k}"),
    (("crowd", "start_mood"), "start_mood"), (("crowd", "*"), "crowd {k}"),
    (("facts", "#"), "fact {n}"), (("facts", "#", "*"), "fact {k}"),
    (("waves", "#"), "wave {n}"), (("events", "#"), "event {n}"),
    (("conditions", "#"), "condition {n}"),
    (("*", "#", "posts"), "posts"), (("*", "#", "mood"), "mood"),
    (("*", "#", "then", "posts"), "posts"), (("*", "#", "then", "mood"), "mood"),
    (("*", "#", "hashtags", "#"), "hashtag"), (("*", "#", "then", "hashtags", "#"), "hashtag"),
    (("waves", "#", "*"), "wave {n} {k}"), (("events", "#", "*"), "event {n} {k}"),
    (("conditions", "#", "when", "for"), "condition {n} for"),
    (("conditions", "#", "when", "*"), "{k}"), (("conditions", "#", "*"), "condition {n} {k}"),
    (("conditions", "#", "then", "*"), "condition {n} then {k}"),
    (("templates", "*"), "templates {k}"), (("templates", "*", "#"), "a line of templates {k}"),
    (("*",), "{k}"),
)


def _what(loc: tuple) -> str:
    for pattern, name in _NAMES:
        if len(pattern) == len(loc) and all(
                p == x or (p == "#" and isinstance(x, int)) or (p == "*" and isinstance(x, str))
                for p, x in zip(pattern, loc)):
            n = next((x + 1 for x in loc if isinstance(x, int)), 0)
            return name.format(n=n, k=next((x for x in reversed(loc) if isinstance(x, str)), ""))
    return _what(loc[:-1]) if loc else "the scenario"


def _locate(node: Node, loc: tuple) -> Node:
    """The node at ``loc`` (a key's node for '[key]'), or the deepest one on the way there."""
    key = None
    for part in loc:
        if part == "[key]":
            return key or node
        if isinstance(node, MappingNode) and isinstance(part, str):
            found = next(((k, v) for k, v in node.value
                          if isinstance(k, ScalarNode) and k.value == part), None)
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            found = (None, node.value[part])
        else:
            found = None
        if found is None:
            return node
        key, node = found
    return node


def _keys(schema: Any) -> set[str]:
    """Every key a file may give, at any depth of the JSON Schema (the crowd's rates aside)."""
    if isinstance(schema, list):
        return set().union(*map(_keys, schema))
    if not isinstance(schema, dict):
        return set()
    return set(schema.get("properties", ())).union(
        *(_keys(v) for k, v in schema.items() if k != "Crowd"))


@functools.cache
def _swallowed_key() -> re.Pattern:
    """A line starting with one of the format's keys (read from the schema the model writes)."""
    import json
    keys = _keys(json.loads(schema_text()))
    return re.compile(r"^[ \t]*(?:-[ \t]+)?(" + "|".join(sorted(keys, key=len, reverse=True))
                      + r"):(?:[ \t]|$)", re.M)


# --------------------------------------------------------------------------------------------
# Entry points


def _check_text(text: str, file: str) -> tuple[Scenario | None, list[Problem]]:
    problems: list[Problem] = []
    root: Node | None = None
    composer = _Composer(text, file, problems)
    try:
        root = composer.compose()
    except _Abort:
        pass
    except yaml.YAMLError as e:
        problems.append(_yaml_problem(e, text, file, composer.quoted))
    if root is None:
        if not problems:
            problems.append(Problem(file, 1, 1, "no scenario in this file (only comments?)",
                                    "a scenario starts with 'id:', 'title:' and 'brand:'"))
        return None, _tidy(problems)
    if not isinstance(root, MappingNode):
        what = "a list" if isinstance(root, SequenceNode) else f"a single value {_kind(root)}"
        problems.append(Problem(file, *_pos(root.start_mark),
                                f"a scenario must be a mapping of 'key: value' lines, not {what}",
                                "start with 'id:', 'title:' and 'brand:' at the left margin"))
        return None, _tidy(problems)
    scenario = _Reader(text, file, root, problems).scenario()
    problems = _tidy(problems)
    return (scenario if not problems else None), problems


def _tidy(problems: list[Problem]) -> list[Problem]:
    """Problems in file order, without repeats, and at most MAX_PROBLEMS of them."""
    out = list(dict.fromkeys(sorted(problems, key=lambda p: (p.line, p.col))))
    if len(out) > MAX_PROBLEMS:
        rest = out[MAX_PROBLEMS]
        more = len(out) - MAX_PROBLEMS
        out = out[:MAX_PROBLEMS] + [Problem(rest.file, rest.line, rest.col,
                                            f"{more} more problem{'s' if more != 1 else ''} "
                                            f"from here on are not shown",
                                            "fix the ones above and validate again")]
    return out


def _guarded(file: str, fn: Callable[[], tuple[Scenario | None, list[Problem]]]
             ) -> tuple[Scenario | None, list[Problem]]:
    try:
        return fn()
    except RecursionError:
        return None, [Problem(file, 1, 1, "the file is nested too deeply to read")]
    except MemoryError:
        return None, [Problem(file, 1, 1, "the file is too large to read")]


def _check_bytes(data: bytes, file: str) -> tuple[Scenario | None, list[Problem]]:
    if len(data) > MAX_BYTES:
        return None, [_too_big(file, len(data))]
    text, problems = _decode(data, file)
    return (None, problems) if text is None else _check_text(text, file)


def _too_big(file: str, size: int) -> Problem:
    return Problem(file, 1, 1, f"scenario files are limited to {MAX_BYTES // 2**20} MB; "
                               f"this one is {size / 2**20:.1f} MB")


def _check_file(path: str | os.PathLike) -> tuple[Scenario | None, list[Problem]]:
    file = os.fspath(path)

    def run():
        try:
            st = os.stat(file)
            if stat.S_ISDIR(st.st_mode):
                return None, [Problem(file, 1, 1, "this is a directory, not a scenario file",
                                      "give the .yaml files in it, e.g. DIR/*.yaml")]
            if not stat.S_ISREG(st.st_mode):
                return None, [Problem(file, 1, 1, "this is not a regular file")]
            if st.st_size > MAX_BYTES:          # refused by its size, before it is read
                return None, [_too_big(file, st.st_size)]
            with open(file, "rb") as f:
                data = f.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return None, [Problem(file, 1, 1, "no such file")]
        except OSError as e:
            return None, [Problem(file, 1, 1, f"cannot read the file: {e.strerror or e}")]
        return _check_bytes(data, file)
    return _guarded(file, run)


def _loaded(checked: tuple[Scenario | None, list[Problem]], file: str) -> Scenario:
    scenario, problems = checked
    if problems or scenario is None:
        raise ScenarioError(problems or [Problem(file, 1, 1, "could not load the scenario")])
    return scenario


def load_text(text: str, file: str = "<text>") -> Scenario:
    """A scenario from YAML text; ``file`` names it in problems. Raises ScenarioError."""
    return _loaded(_guarded(file, lambda: _check_bytes(text.encode("utf-8", "surrogatepass"),
                                                       file)), file)


def load_file(path: str | os.PathLike) -> Scenario:
    """The scenario in a YAML file. Raises ScenarioError listing every problem."""
    return _loaded(_check_file(path), os.fspath(path))


def validate_file(path: str | os.PathLike) -> list[Problem]:
    """Every problem in a scenario file (empty when it is valid). Never raises."""
    try:
        scenario, problems = _check_file(path)
        return problems or __import__("sim.budget").budget.check(scenario, os.fspath(path))   # issue 13: bounds
    except Exception as e:      # a bug here must still not become a traceback for a trainer
        return [Problem(os.fspath(path), 1, 1, f"internal error while checking: "
                                               f"{type(e).__name__}: {e}",
                        "please report this with the file")]


def validate_paths(paths: Iterable[str | os.PathLike], out=None, err=None) -> int:
    """Check files; print one ``FILE:LINE:COL: message`` line per problem to ``out`` (stdout).

    Returns 1 if any file has a problem, else 0. A one-line summary goes to ``err`` (stderr), so
    stdout carries problems only.
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    files = bad_files = count = 0
    for path in paths:
        files += 1
        problems = validate_file(path)
        if problems:
            bad_files += 1
            count += len(problems)
        for p in problems:
            _write(out, str(p) + "\n")
        from sim.brands import brand_warnings           # another brand left in a copy
        _write(out, "".join(f"{w}\n" for w in brand_warnings(path)))
    if count:
        _write(err, f"{count} problem{'s' if count != 1 else ''} in {bad_files} of {files} "
                    f"file{'s' if files != 1 else ''}\n")
    else:
        _write(err, f"{files} file{'s' if files != 1 else ''} OK\n")
    try:
        out.flush()
    except Exception:
        pass
    return 1 if count else 0


def _write(stream, s: str) -> None:
    try:
        stream.write(s)
    except UnicodeEncodeError:
        enc = getattr(stream, "encoding", None) or "ascii"
        stream.write(s.encode(enc, "backslashreplace").decode(enc, "replace"))


def bundled_dir() -> Path:
    """The folder of scenarios shipped with Stormdesk: the ``scenarios`` package's files, found
    through :mod:`importlib.resources` (a wheel, an editable install and a checkout alike)."""
    from importlib import resources
    try:
        return Path(os.fspath(resources.files("scenarios")))
    except Exception:                   # noqa: BLE001 - no such package: the folder beside sim/
        return Path(__file__).resolve().parent.parent / "scenarios"


def _bundled_files() -> list[Path]:
    d = bundled_dir()
    try:
        return sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError:
        return []


def list_bundled() -> list[Scenario]:
    """Every bundled scenario, sorted by id. Raises ScenarioError if any bundled file is broken."""
    return [s for _, s in _load_all(_bundled_files())]


def _load_all(files: list[Path]) -> list[tuple[Path, Scenario]]:
    loaded, problems = [], []
    for f in files:
        s, ps = _check_file(f)
        loaded += [(f, s)] if s is not None else []
        problems.extend(ps)
    if problems:
        raise ScenarioError(problems)
    return sorted(loaded, key=lambda fs: fs[1].id)


def bundled_rows() -> list[list]:
    """``[id, title, length, waves, personas]`` of each bundled scenario, sorted by id, for
    ``stormdesk list``. Rows of files that passed are kept in STORMDESK_HOME, keyed by the
    SHA-256 of the file and of the loader's code, so an unchanged install needs neither pydantic
    nor the model; a changed file or loader is checked again. Raises ScenarioError like
    :func:`list_bundled`."""
    import hashlib
    import json
    here = Path(__file__).parent
    code = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(here.glob("*.py")) +
                                   sorted(here.glob("*.yaml")))).digest()
    home = os.environ.get("STORMDESK_HOME") or __import__("platformdirs").user_data_dir(
        "stormdesk", appauthor=False)           # as sim.store.default_root
    cache = Path(home) / "cache" / "scenario-rows.json"
    try:
        known = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    known = {k: v for k, v in known.items() if isinstance(v, list) and len(v) == 5} \
        if isinstance(known, dict) else {}
    keys, todo = {}, []
    for f in _bundled_files():
        try:
            keys[f] = hashlib.sha256(code + f.read_bytes()).hexdigest()
        except OSError:
            keys[f] = None      # never a key in JSON: checked again, and said why
        if keys[f] not in known:
            todo.append(f)
    fresh = {keys[f]: [s.id, s.title, s.length, len(s.waves), list(s.personas)]
             for f, s in _load_all(todo)}
    if fresh:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({k: known[k] for k in keys.values() if k in known} | fresh),
                           encoding="utf-8")
            os.replace(tmp, cache)
        except OSError:
            pass                # no cache, no harm: the next run checks again
    return sorted((known | fresh)[k] for k in keys.values())


def load_scenario(ref: str) -> Scenario:
    """A bundled scenario by id (``network-blackout``) or the scenario in a YAML file at ``ref``."""
    ref = os.fspath(ref)
    looks_like_path = (os.sep in ref or "/" in ref or ref.endswith((".yaml", ".yml"))
                       or (os.altsep is not None and os.altsep in ref))
    if looks_like_path:
        return load_file(ref)
    files = _bundled_files()
    for f in files:
        if f.stem == ref:
            return load_file(f)
    if Path(ref).is_file():
        return load_file(ref)
    ids = [f.stem for f in files]
    hint = did_you_mean(ref, ids) or ("bundled scenarios: " + ", ".join(ids) if ids else
                                       "no scenarios are bundled")
    raise ScenarioError([Problem(ref, 1, 1, f"no bundled scenario called {show(ref)} and no such "
                                            f"file", hint)])


def schema_text() -> str:
    """The JSON Schema (draft 2020-12) for scenario files, as text: the committed file, generated
    from the model (reading it needs no pydantic)."""
    return Path(__file__).with_name("scenario.schema.json").read_text(encoding="utf-8")
