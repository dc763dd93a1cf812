"""Scenario files: load, check and describe them.

A scenario is one YAML file (see ``scenarios/network-blackout.yaml`` for a complete example).
This module turns it into the frozen dataclasses of :mod:`sim.model`, and when the file is
wrong it says *every* thing that is wrong, each as ``FILE:LINE:COL: message (hint)``.

How the file is read, and why:

* The bytes are checked before YAML sees them: size (2 MB at most), binary data, UTF-8,
  control characters. One clear problem each, never a traceback.
* YAML is parsed into its node tree (never ``eval``, never object construction) by a small
  composer on top of the safe loader's event stream (libyaml's when it is installed, PyYAML's
  own otherwise). The composer refuses aliases (``*name``: no billion laughs), limits nesting
  and item counts, and keeps every node's line and column, so every problem has a location.
* The walker below checks the tree against the format and collects all the problems in one
  pass; only a file with none becomes a :class:`~sim.model.Scenario`.

Public: :class:`Problem`, :class:`ScenarioError`, :func:`parse_duration`, :func:`parse_clock`,
:func:`load_scenario`, :func:`load_file`, :func:`load_text`, :func:`bundled_dir`,
:func:`list_bundled`, :func:`validate_file`, :func:`validate_paths`, :func:`schema_text`.
"""
from __future__ import annotations

import difflib
import math
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable, Mapping

import yaml
from yaml.events import (
    AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
    SequenceStartEvent, StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sim import model
from sim.model import (
    Brand, Condition, ConditionalEvent, CrowdTuning, Fact, Scenario, ScriptedEvent,
    SpeedThresholds, Wave, WorldClock,
)

__all__ = [
    "Problem", "ScenarioError", "parse_duration", "parse_clock", "load_scenario", "load_file",
    "load_text", "bundled_dir", "list_bundled", "validate_file", "validate_paths", "schema_text",
    "MAX_BYTES", "KNOWN_KEYS",
]

MAX_BYTES = 2 * 1024 * 1024     # scenario files are small; anything bigger is a mistake
MAX_DEPTH = 32                  # the format nests 4 deep; 32 leaves room for honest mistakes
MAX_NODES = 100_000             # a big scenario has ~1,000
MAX_POSTS = 1000                # per wave or event
MAX_PROBLEMS = 100              # per file: past this, one line says how many more there are
MIN_LENGTH = 60.0
MAX_LENGTH = 3600.0

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_ALLOWED_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP}


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
# Durations and clock times

_DURATION = re.compile(
    r"^(?P<neg>-)?(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?$")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
DURATION_HINT = "write a duration like 40s, 3m, 1m30s or 2h, or a number of seconds"


def parse_duration(value: Any) -> float:
    """Seconds in ``value``: ``"40s"``, ``"3m"``, ``"1m30s"``, ``"2h"``, or a plain number of seconds.

    Negative values parse (``"-30s"`` is -30.0) so callers can say "must not be negative";
    anything else raises ``ValueError`` with a message fit for a trainer.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{_show(value)} is not a duration")
    if isinstance(value, (int, float)):
        f = float(value)
        if not math.isfinite(f):
            raise ValueError(f"{_show(value)} is not a duration")
        return f
    if not isinstance(value, str):
        raise ValueError(f"{_show(value)} is not a duration")
    s = value.strip().lower().replace(" ", "")
    if _PLAIN_NUMBER.match(s):
        return float(s)
    if _CLOCK.match(s):
        raise ValueError(f"{_show(value)} looks like a time of day, not a duration")
    m = _DURATION.match(s)
    if not s or not m or not any(m.group(k) for k in ("h", "m", "s")):
        raise ValueError(f"{_show(value)} is not a duration")
    total = (float(m.group("h") or 0) * 3600 + float(m.group("m") or 0) * 60
             + float(m.group("s") or 0))
    if not math.isfinite(total):
        raise ValueError(f"{_show(value)} is not a duration")
    return -total if m.group("neg") else total


def parse_clock(value: Any) -> int:
    """Minutes after midnight in a ``"06:30"`` time of day (00:00 to 23:59)."""
    m = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError(f"{_show(value)} is not a time of day like \"06:30\"")
    return int(m.group(1)) * 60 + int(m.group(2))


def _fmt_duration(seconds: float) -> str:
    if seconds < 0:
        return "-" + _fmt_duration(-seconds)
    whole = int(seconds)
    if whole != seconds:
        return f"{seconds:g}s"
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    out = (f"{h}h" if h else "") + (f"{m}m" if m else "") + (f"{s}s" if s else "")
    return out or "0s"


def _show(value: Any, limit: int = 40) -> str:
    """A short, single-line, printable rendering of a user's value for a message."""
    if isinstance(value, str):
        r = repr(value)
        return r if len(r) <= limit else r[: limit - 4] + "...'"
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 3] + "..."


def _did_you_mean(word: str, choices: Iterable[str], what: str = "") -> str:
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    if not close:
        low = word.lower().strip()
        close = [c for c in choices if c.lower() == low]
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if what and len(choices) <= 12:
        return f"{what}: " + ", ".join(choices)
    return ""


# --------------------------------------------------------------------------------------------
# Reading bytes and composing YAML


class _Abort(Exception):
    """Stop reading this file: the problem has been recorded."""


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


def _runaway_quote(text: str, mark) -> Any:
    """Where a quoted text opens, if it runs over lines and ends on the line YAML fails on.

    ``title: "Vela: down`` with no closing quote swallows the following lines up to the next
    quote character, and YAML then fails *there*, pointing at an innocent line.
    """
    loader_cls = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
    found = None
    try:
        for tok in yaml.scan(text, Loader=loader_cls or yaml.SafeLoader):
            if tok.start_mark.index > mark.index:
                break
            if (isinstance(tok, yaml.ScalarToken) and tok.style in ('"', "'")
                    and tok.start_mark.line < tok.end_mark.line):
                found = tok
    except yaml.YAMLError:
        pass
    if found is not None and found.end_mark.line == mark.line:
        return found.start_mark
    return None


def _yaml_problem(e: yaml.YAMLError, text: str, file: str) -> Problem:
    """A yaml exception as a Problem at its mark, with a friendlier word where one helps."""
    if isinstance(e, yaml.reader.ReaderError):
        line, col = _line_col(text, min(max(e.position, 0), len(text)))
        return Problem(file, line, col, f"unreadable character: {e.reason}")
    if not isinstance(e, yaml.MarkedYAMLError):
        return Problem(file, 1, 1, f"YAML error: {e}")
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (e.problem or "").strip()
    context = (e.context or "").strip()
    here = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if "quoted scalar" in context and "end of stream" in problem and e.context_mark:
        cm = e.context_mark
        return Problem(file, cm.line + 1, cm.column + 1,
                       "unclosed quote: this text starts with a quote that never ends",
                       "add the closing quote")
    if mark is not None:
        opened = _runaway_quote(text, mark)
        if opened is not None:
            return Problem(file, opened.line + 1, opened.column + 1,
                           f"unclosed quote: this text runs on to line {line}, where YAML "
                           f"fails", "add the closing quote on this line")
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

    def _at(self, mark) -> tuple[int, int]:
        return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)

    def _stop(self, mark, message: str, hint: str = "") -> _Abort:
        self.problems.append(Problem(self.file, *self._at(mark), message, hint))
        return _Abort()

    def compose(self) -> Node | None:
        try:
            return self._compose()
        finally:
            if self.first_alias is not None:
                ev, more = self.first_alias, self.aliases - 1
                extra = f"; {more} more alias{'es' if more != 1 else ''} in this file" if more else ""
                self.problems.append(Problem(self.file, *self._at(ev.start_mark),
                                             f"aliases (*{ev.anchor}) are not supported{extra}",
                                             "write the value out in full"))

    def _compose(self) -> Node | None:
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

    def _swallowed(self, ev: ScalarEvent) -> None:
        """A quoted text over several lines with a key at the start of a later line: the
        quote was almost certainly not closed, and the text ate the lines after it."""
        raw = self.text[ev.start_mark.index:ev.end_mark.index]
        m = _SWALLOWED_KEY.search(raw, raw.find("\n") + 1)
        if m:
            self.problems.append(Problem(
                self.file, *self._at(ev.start_mark),
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
            shown = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") \
                else tag
            self.problems.append(Problem(self.file, *self._at(ev.start_mark),
                                         f"YAML tags like {_show(shown)} are not supported",
                                         "remove the tag"))
            tag = None
        if isinstance(ev, ScalarEvent):
            if ev.style in ('"', "'") and ev.end_mark.line > ev.start_mark.line:
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
# Walking the tree

_BAD = object()         # a value that had a problem (already recorded)
_constructor = yaml.constructor.SafeConstructor()


def _scalar_value(node: ScalarNode) -> Any:
    """The Python value of a scalar node, by its resolved tag; ``_BAD`` if it cannot be built."""
    try:
        v = _constructor.construct_object(node)
    except Exception:       # huge ints past the digit limit, odd timestamps...
        return _BAD
    if isinstance(v, float) and not math.isfinite(v):
        return _BAD
    return v


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "nothing"
    return _show(node.value)


class _Walker:
    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        self.length: float | None = None

    # -- reporting --------------------------------------------------------------------------
    def err(self, where: Node | Any, message: str, hint: str = "") -> object:
        mark = where.start_mark if isinstance(where, Node) else where
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(Problem(self.file, line, col, message, hint))
        return _BAD

    # -- structure ---------------------------------------------------------------------------
    def mapping(self, node: Node, what: str, allowed: Iterable[str], required: Iterable[str] = (),
                extra_hints: Mapping[str, str] | None = None) -> dict[str, tuple[Node, Node]] | None:
        """Key -> (key node, value node), after checking shape, keys, duplicates and requirements."""
        if not isinstance(node, MappingNode):
            self.err(node, f"{what} must be a mapping of 'key: value' lines, got {_kind(node)}")
            return None
        allowed = list(allowed)
        out: dict[str, tuple[Node, Node]] = {}
        for k, v in node.value:
            if not isinstance(k, ScalarNode):
                self.err(k, f"keys in {what} must be plain words, got {_kind(k)}")
                continue
            name = k.value
            if k.tag == "tag:yaml.org,2002:merge":
                self.err(k, "merge keys (<<) are not supported", "write the keys out in full")
                continue
            if name in out:
                first = out[name][0].start_mark
                self.err(k, f"duplicate key {_show(name)} in {what} (first at line {first.line + 1})",
                         "remove one of them")
                continue
            if name not in allowed:
                hint = (extra_hints or {}).get(name) or _did_you_mean(name, allowed, "allowed keys")
                self.err(k, f"unknown key {_show(name)} in {what}", hint)
                continue
            out[name] = (k, v)
        for name in required:
            if name not in out:
                self.err(node, f"{what} is missing '{name}'")
        return out

    def sequence(self, node: Node, what: str, *, allow_null: bool = False) -> list[Node] | None:
        if allow_null and isinstance(node, ScalarNode) and node.tag == _NULL:
            return []
        if not isinstance(node, SequenceNode):
            self.err(node, f"{what} must be a list (lines starting with '- '), got {_kind(node)}")
            return None
        return list(node.value)

    # -- scalars -----------------------------------------------------------------------------
    def text(self, node: Node, what: str, *, required: bool = True) -> Any:
        if not isinstance(node, ScalarNode):
            return self.err(node, f"{what} must be text, got {_kind(node)}")
        if node.tag == _NULL:
            return self.err(node, f"{what} has no value") if required else ""
        value = node.value
        if required and not value.strip():
            return self.err(node, f"{what} is empty")
        return value

    def _number_value(self, node: Node, what: str, noun: str) -> Any:
        if not isinstance(node, ScalarNode):
            return self.err(node, f"{what} must be {noun}, got {_kind(node)}")
        if node.tag == _NULL:
            return self.err(node, f"{what} must be {noun}, got nothing")
        v = _scalar_value(node) if node.tag in (_INT, _FLOAT) else None
        if v is _BAD or v is None or isinstance(v, bool):
            hint = "write it without quotes" if (
                node.tag == _STR and _PLAIN_NUMBER.match(node.value.strip())) else ""
            return self.err(node, f"{what} must be {noun}, got {_kind(node)}", hint)
        return v

    def whole(self, node: Node, what: str, lo: int | None = None, hi: int | None = None) -> Any:
        v = self._number_value(node, what, "a whole number")
        if v is _BAD:
            return v
        if isinstance(v, float):
            if not v.is_integer():
                return self.err(node, f"{what} must be a whole number, got {_show(v)}")
            v = int(v)
        return self._range(node, what, v, lo, hi, str)

    def number(self, node: Node, what: str, lo: float | None = None, hi: float | None = None) -> Any:
        v = self._number_value(node, what, "a number")
        if v is _BAD:
            return v
        return self._range(node, what, float(v), lo, hi, lambda x: f"{x:g}")

    def _range(self, node, what, v, lo, hi, fmt):
        if lo is not None and v < lo:
            return self.err(node, f"{what} must be at least {fmt(lo)}, got {fmt(v)}")
        if hi is not None and v > hi:
            return self.err(node, f"{what} must be at most {fmt(hi)}, got {fmt(v)}")
        return v

    def duration(self, node: Node, what: str) -> Any:
        if not isinstance(node, ScalarNode) or node.tag == _NULL:
            return self.err(node, f"{what} must be a duration like 40s or 3m, got {_kind(node)}",
                            DURATION_HINT)
        raw = node.value if node.tag == _STR else _scalar_value(node)
        try:
            if raw is _BAD:
                raise ValueError
            seconds = parse_duration(raw)
        except ValueError:
            hint = DURATION_HINT
            if isinstance(raw, str) and _CLOCK.match(raw.strip()):
                hint = "durations are written like 6m30s; times of day belong in clock.start"
            return self.err(node, f"{what} must be a duration like 40s or 3m, got {_kind(node)}",
                            hint)
        if seconds < 0:
            return self.err(node, f"{what} must not be negative, got {_fmt_duration(seconds)}")
        return seconds

    def boolean(self, node: Node, what: str) -> Any:
        if isinstance(node, ScalarNode) and node.tag == _BOOL:
            return _scalar_value(node)
        return self.err(node, f"{what} must be true or false, got {_kind(node)}")

    def choice(self, node: Node, what: str, choices: Iterable[str], noun: str) -> Any:
        v = self.text(node, what)
        if v is _BAD:
            return v
        choices = list(choices)
        if v not in choices:
            return self.err(node, f"unknown {noun} {_show(v)}", _did_you_mean(v, choices, f"{noun}s"))
        return v

    def time(self, node: Node, what: str, *, before_end: bool = True) -> Any:
        """A drill time: a duration from the start that must fall before the end of the drill."""
        t = self.duration(node, what)
        if t is not _BAD and before_end and self.length is not None and t >= self.length:
            return self.err(node, f"{what} {_fmt_duration(t)} is not before the end of the drill "
                                  f"(length {_fmt_duration(self.length)})")
        return t

    # -- the format ----------------------------------------------------------------------------
    def scenario(self, root: Node) -> Scenario | None:
        top = self.mapping(root, "the scenario", _TOP_KEYS, _TOP_REQUIRED)
        if top is None:
            return None
        g = {k: v for k, (_, v) in top.items()}
        # length first: other times are checked against it
        length = _BAD
        if "length" in g:
            length = self.duration(g["length"], "length")
            if length is not _BAD and not MIN_LENGTH <= length <= MAX_LENGTH:
                n = g["length"]
                hint = "8m to 15m suits a drill"
                if (isinstance(n, ScalarNode) and n.tag in (_INT, _FLOAT) and length < MIN_LENGTH
                        and MIN_LENGTH <= length * 60 <= MAX_LENGTH):
                    hint = f"a plain number is seconds: write {length:g}m for {length:g} minutes"
                length = self.err(n, f"length must be between 1m and 60m, got "
                                     f"{_fmt_duration(length)}", hint)
        self.length = None if length is _BAD else length

        sid = _BAD
        if "id" in g:
            sid = self.text(g["id"], "id")
            if sid is not _BAD and not _SLUG.match(sid):
                slug = re.sub(r"[^a-z0-9]+", "-", sid.lower()).strip("-")
                sid = self.err(g["id"], f"id must be a lowercase slug (letters, digits and "
                                        f"dashes), got {_show(sid)}",
                               f"try '{slug}'" if slug and _SLUG.match(slug) else "")
        title = self.text(g["title"], "title") if "title" in g else _BAD
        industry, summary, briefing = (
            self.text(g[k], k, required=False) if k in g else ""
            for k in ("industry", "summary", "briefing"))
        brand = self.brand(g["brand"]) if "brand" in g else _BAD
        clock = self.clock(g["clock"]) if "clock" in g else WorldClock()
        speed = self.speed(g["speed"]) if "speed" in g else SpeedThresholds()
        crowd = self.crowd(g["crowd"]) if "crowd" in g else CrowdTuning()
        facts = self.facts(g["facts"]) if "facts" in g else _BAD
        waves = self.waves(g["waves"]) if "waves" in g else _BAD
        events = self.events(g["events"]) if "events" in g else ()
        conditions = self.conditions(g["conditions"]) if "conditions" in g else ()
        templates = self.templates(g["templates"]) if "templates" in g else {}

        parts = (sid, title, industry, summary, briefing, brand, length, clock, speed, facts, waves,
                 events, conditions, crowd, templates)
        if self.problems or any(p is _BAD for p in parts):
            return None
        return Scenario(id=sid, title=title, industry=industry, summary=summary,
                        briefing=briefing, brand=brand, length=length, clock=clock, speed=speed,
                        facts=facts, waves=waves, events=events, conditions=conditions,
                        crowd=crowd, templates=templates, source=self.file)

    def brand(self, node: Node) -> Any:
        m = self.mapping(node, "brand", _BRAND_KEYS, ("name", "handle"))
        if m is None:
            return _BAD
        g = {k: v for k, (_, v) in m.items()}
        name = self.text(g["name"], "brand name") if "name" in g else _BAD
        handle = _BAD
        if "handle" in g:
            handle = self.text(g["handle"], "brand handle")
            if handle is not _BAD:
                h = handle.strip()
                if not h.startswith("@"):
                    handle = self.err(g["handle"], f"brand handle must start with '@', got "
                                                   f"{_show(h)}", f"add it: \"@{h.lstrip('@')}\"")
                elif not _HANDLE.match(h):
                    handle = self.err(g["handle"], f"brand handle must be '@' and one word of "
                                                   f"letters, digits or '_', got {_show(h)}")
                else:
                    handle = h
        voice = self.choice(g["voice"], "voice", model.VOICES, "voice") if "voice" in g else "warm"
        followers = self.whole(g["followers"], "followers", 0, 10**10) if "followers" in g \
            else Brand.__dataclass_fields__["followers"].default
        press = self.text(g["press_office"], "press_office", required=False) \
            if "press_office" in g else ""
        vals = (name, handle, voice, followers, press)
        if any(v is _BAD for v in vals):
            return _BAD
        return Brand(name=name, handle=handle, voice=voice, followers=followers, press_office=press)

    def clock(self, node: Node) -> Any:
        m = self.mapping(node, "clock", _CLOCK_KEYS)
        if m is None:
            return _BAD
        start, speed = WorldClock().start_minutes, WorldClock().speed
        if "start" in m:
            n = m["start"][1]
            # Unquoted 06:30 is a base-60 integer to YAML 1.1: read what was written instead.
            raw = n.value.strip() if isinstance(n, ScalarNode) and n.tag != _NULL else None
            try:
                start = parse_clock(raw)
            except ValueError:
                start = self.err(n, f"clock start must be a time of day like \"06:30\", got "
                                    f"{_kind(n)}")
        if "speed" in m:
            speed = self.number(m["speed"][1], "clock speed", 0.01, 3600)
        if _BAD in (start, speed):
            return _BAD
        return WorldClock(start_minutes=start, speed=speed)

    def speed(self, node: Node) -> Any:
        m = self.mapping(node, "speed", _SPEED_KEYS)
        if m is None:
            return _BAD
        d = SpeedThresholds()
        good = self.duration(m["good"][1], "speed good") if "good" in m else d.good
        late = self.duration(m["late"][1], "speed late") if "late" in m else d.late
        if good is not _BAD and good <= 0:
            good = self.err(m["good"][1], "speed good must be more than 0s")
        if _BAD in (good, late):
            return _BAD
        if good >= late:
            where = m["good"][1] if "good" in m else node
            return self.err(where, f"speed good ({_fmt_duration(good)}) must be less than "
                                   f"speed late ({_fmt_duration(late)})")
        return SpeedThresholds(good=good, late=late)

    def crowd(self, node: Node) -> Any:
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return CrowdTuning()
        rates = _crowd_rates()
        allowed = ["start_mood"] + (sorted(rates) if rates is not None else [])
        if rates is None:           # the crowd model is not importable: accept any number
            allowed += [k.value for k, _ in getattr(node, "value", ())
                        if isinstance(k, ScalarNode) and k.value != "start_mood"]
        m = self.mapping(node, "crowd", allowed)
        if m is None:
            return _BAD
        start = self.number(m["start_mood"][1], "start_mood", -100, 100) if "start_mood" in m \
            else CrowdTuning().start_mood
        values: dict[str, float] = {}
        bad = start is _BAD
        for k, (_, v) in m.items():
            if k == "start_mood":
                continue
            kind = (rates or {}).get(k)
            if kind in ("int", int):                # counts: pile_on_posts, max_chasers...
                x = self.whole(v, f"crowd {k}", 0)
            elif k.endswith("_chance"):
                x = self.number(v, f"crowd {k}", 0, 1)
            else:
                x = self.number(v, f"crowd {k}")
            bad = bad or x is _BAD
            values[k] = x
        return _BAD if bad else CrowdTuning(start_mood=start, values=values)

    def facts(self, node: Node) -> Any:
        items = self.sequence(node, "facts")
        if items is None:
            return _BAD
        if not items:
            return self.err(node, "facts is empty: give at least one thing the brand knows")
        out, bad = [], False
        for i, item in enumerate(items, 1):
            m = self.mapping(item, f"fact {i}", _FACT_KEYS, ("at", "text"))
            if m is None:
                bad = True
                continue
            at = self.time(m["at"][1], "fact at") if "at" in m else _BAD
            text = self.text(m["text"][1], "fact text") if "text" in m else _BAD
            kind = self.choice(m["kind"][1], "fact kind", model.FACT_KINDS, "fact kind") \
                if "kind" in m else "status"
            if _BAD in (at, text, kind):
                bad = True
                continue
            out.append(Fact(id=f"f{i}", at=at, text=text, kind=kind))
        if bad:
            return _BAD
        return tuple(sorted(out, key=lambda f: f.at))

    def mix(self, node: Node, what: str) -> Any:
        personas = model.PERSONAS
        weights: dict[str, float] = {}
        if isinstance(node, SequenceNode):
            bad = False
            for item in node.value:
                p = self.choice(item, f"{what} persona", personas, "persona")
                if p is _BAD:
                    bad = True
                else:
                    weights[p] = weights.get(p, 0.0) + 1.0
            if bad:
                return _BAD
        elif isinstance(node, MappingNode):
            bad = False
            seen: dict[str, Node] = {}
            for k, v in node.value:
                if not isinstance(k, ScalarNode):
                    self.err(k, f"{what}: keys must be persona names, got {_kind(k)}")
                    bad = True
                    continue
                if k.value in seen:
                    self.err(k, f"duplicate persona {_show(k.value)} in {what} (first at "
                                f"line {seen[k.value].start_mark.line + 1})", "remove one of them")
                    bad = True
                    continue
                seen[k.value] = k
                p = self.choice(k, f"{what} persona", personas, "persona")
                w = self.number(v, f"weight of {_show(k.value)}", 0)
                if _BAD in (p, w):
                    bad = True
                else:
                    weights[p] = w
            if bad:
                return _BAD
        elif isinstance(node, ScalarNode) and node.tag == _NULL:
            weights = {}
        else:
            return self.err(node, f"{what} must be personas with weights, like {{angry: 3, "
                                  f"question: 1}}, or a list of personas; got {_kind(node)}")
        if weights and not any(w > 0 for w in weights.values()):
            return self.err(node, f"{what} needs at least one persona with a weight above 0")
        return weights

    def hashtags(self, node: Node, what: str) -> Any:
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return self.err(node, f"{what} has no value",
                            "'#' starts a comment in YAML: put hashtags in quotes, "
                            "e.g. [\"#VelaDown\"]")
        items = self.sequence(node, what)
        if items is None:
            return _BAD
        out, bad = [], False
        for item in items:
            h = self.text(item, "hashtag")
            if h is _BAD:
                bad = True
            elif not _HASHTAG.match(h):
                word = re.sub(r"\W+", "", h)
                self.err(item, f"a hashtag is '#' and one word, got {_show(h)}",
                         f"write it in quotes: \"#{word}\"" if word else "")
                bad = True
            else:
                out.append(h)
        return _BAD if bad else tuple(out)

    def waves(self, node: Node) -> Any:
        items = self.sequence(node, "waves")
        if items is None:
            return _BAD
        if not items:
            return self.err(node, "waves is empty: give at least one wave of posts")
        out: list[Wave | None] = []
        timing: list[tuple[int, float, float, Node]] = []   # (wave number, at, over, at node)
        for i, item in enumerate(items, 1):
            what = f"wave {i}"
            m = self.mapping(item, what, _WAVE_KEYS, ("at", "posts", "mix"))
            if m is None:
                out.append(None)
                continue
            at = self.time(m["at"][1], f"{what} at") if "at" in m else _BAD
            over = self.duration(m["over"][1], f"{what} over") if "over" in m else 60.0
            posts = self.whole(m["posts"][1], "posts", 1, MAX_POSTS) if "posts" in m else _BAD
            mix = self.mix(m["mix"][1], f"{what} mix") if "mix" in m else _BAD
            if mix is not _BAD and not mix:
                mix = self.err(m["mix"][1], f"{what} mix is empty: say which personas post")
            name = self.text(m["name"][1], f"{what} name", required=False) if "name" in m else ""
            tags = self.hashtags(m["hashtags"][1], f"{what} hashtags") if "hashtags" in m else ()
            if at is not _BAD and over is not _BAD:
                timing.append((i, at, over, m["at"][1]))
                if self.length is not None and at + over > self.length:
                    self.err(m["over"][1] if "over" in m else item,
                             f"{what} runs until {_fmt_duration(at + over)}, past the end of the "
                             f"drill ({_fmt_duration(self.length)})",
                             "shorten 'over' or start earlier")
                    at = _BAD
            if _BAD in (at, over, posts, mix, name, tags):
                out.append(None)
                continue
            out.append(Wave(at=at, posts=posts, mix=mix, over=over, name=name, hashtags=tags))
        # time order and overlaps, between neighbours whose times could be read
        for (j, pat, pover, _), (i, at, _, at_node) in zip(timing, timing[1:]):
            if at < pat:
                self.err(at_node, f"wave {i} starts at {_fmt_duration(at)}, before wave {j} "
                                  f"({_fmt_duration(pat)})", "list waves in time order")
            elif at < pat + pover:
                self.err(at_node, f"wave {i} starts at {_fmt_duration(at)}, while wave {j} still "
                                  f"runs (until {_fmt_duration(pat + pover)})",
                         f"start it at {_fmt_duration(pat + pover)} or later, or shorten wave {j}")
        if any(w is None for w in out):
            return _BAD
        return tuple(out)

    def event_body(self, m: dict[str, tuple[Node, Node]], what: str, at: Any) -> Any:
        kind = self.choice(m["kind"][1], f"{what} kind", model.EVENT_KINDS, "event kind") \
            if "kind" in m else _BAD
        text = self.text(m["text"][1], f"{what} text") if "text" in m else _BAD
        posts = self.whole(m["posts"][1], "posts", 0, MAX_POSTS) if "posts" in m else 0
        mix = self.mix(m["mix"][1], f"{what} mix") if "mix" in m else {}
        mood = self.number(m["mood"][1], "mood", -100, 100) if "mood" in m else 0.0
        tags = self.hashtags(m["hashtags"][1], f"{what} hashtags") if "hashtags" in m else ()
        if posts not in (_BAD, 0) and mix is not _BAD and not mix:
            mix = self.err(m["posts"][1], f"{what} brings {posts} posts but has no mix",
                           "add e.g. mix: {journalist: 1}")
        if _BAD in (at, kind, text, posts, mix, mood, tags):
            return _BAD
        return ScriptedEvent(at=at, kind=kind, text=text, posts=posts, mix=mix, mood=mood,
                             hashtags=tags)

    def events(self, node: Node) -> Any:
        items = self.sequence(node, "events", allow_null=True)
        if items is None:
            return _BAD
        out, bad = [], False
        for i, item in enumerate(items, 1):
            what = f"event {i}"
            m = self.mapping(item, what, _EVENT_KEYS, ("at", "kind", "text"))
            if m is None:
                bad = True
                continue
            at = self.time(m["at"][1], f"{what} at") if "at" in m else _BAD
            ev = self.event_body(m, what, at)
            if ev is _BAD:
                bad = True
            else:
                out.append(ev)
        return _BAD if bad else tuple(sorted(out, key=lambda e: e.at))

    def conditions(self, node: Node) -> Any:
        items = self.sequence(node, "conditions", allow_null=True)
        if items is None:
            return _BAD
        out, bad = [], False
        for i, item in enumerate(items, 1):
            what = f"condition {i}"
            m = self.mapping(item, what, _CONDITION_KEYS, ("when", "then"))
            if m is None:
                bad = True
                continue
            name = self.text(m["name"][1], f"{what} name", required=False) if "name" in m else ""
            once = self.boolean(m["once"][1], f"{what} once") if "once" in m else True
            when = self.condition(m["when"][1], what) if "when" in m else _BAD
            then = _BAD
            if "then" in m:
                tm = self.mapping(m["then"][1], f"{what} then", _THEN_KEYS, ("kind", "text"),
                                  {"at": "a condition's event happens when the condition holds; "
                                         "remove 'at'"})
                then = _BAD if tm is None else self.event_body(tm, f"{what} then", 0.0)
            if _BAD in (name, once, when, then):
                bad = True
                continue
            out.append(ConditionalEvent(when=when, then=then, once=once, name=name))
        return _BAD if bad else tuple(out)

    def condition(self, node: Node, what: str) -> Any:
        m = self.mapping(node, f"{what} when", _WHEN_KEYS, ("metric",))
        if m is None:
            return _BAD
        metric = self.choice(m["metric"][1], "metric", model.CONDITION_METRICS, "metric") \
            if "metric" in m else _BAD
        has_above, has_below = "above" in m, "below" in m
        value: Any = _BAD
        if has_above and has_below:
            self.err(m["below"][0], f"{what}: give either 'above' or 'below', not both")
        elif not (has_above or has_below):
            self.err(node, f"{what} needs 'above' or 'below'",
                     "e.g. when: {metric: mood, below: -60, for: 60s}")
        else:
            vnode = m["above" if has_above else "below"][1]
            value = self.number(vnode, "above" if has_above else "below")
            if value is not _BAD and metric == "mood" and not -100 <= value <= 100:
                value = self.err(vnode, f"mood runs from -100 to 100, got {value:g}")
        secs = self.duration(m["for"][1], f"{what} for") if "for" in m else 0.0
        if secs not in (_BAD, 0.0) and self.length is not None and secs >= self.length:
            secs = self.err(m["for"][1], f"{what}: 'for' {_fmt_duration(secs)} is not shorter "
                                         f"than the drill ({_fmt_duration(self.length)})")
        if _BAD in (metric, value, secs):
            return _BAD
        return Condition(metric=metric, value=value, above=has_above, for_seconds=secs)

    def templates(self, node: Node) -> Any:
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return {}
        keys = list(model.PERSONAS) + list(model.TEMPLATE_FRAGMENTS)
        m = self.mapping(node, "templates", keys)
        if m is None:
            return _BAD
        out: dict[str, tuple[str, ...]] = {}
        bad = False
        for k, (_, v) in m.items():
            items = self.sequence(v, f"templates {k}")
            if items is None:
                bad = True
                continue
            lines = []
            for item in items:
                s = self.text(item, f"a line of templates {k}")
                if s is _BAD:
                    bad = True
                    continue
                for match in _PLACEHOLDER.finditer(s):
                    name = match.group(1)
                    if name not in model.TEMPLATE_PLACEHOLDERS:
                        self._placeholder_problem(item, match.group(0), name)
                        bad = True
                lines.append(s)
            out[k] = tuple(lines)
        return _BAD if bad else out

    def _placeholder_problem(self, item: Node, token: str, name: str) -> None:
        mark = item.start_mark
        line, col = mark.line + 1, mark.column + 1
        buf = getattr(self, "text_source", None)
        if buf is not None and item.end_mark is not None:
            raw = buf[mark.index:item.end_mark.index]
            at = raw.find(token)
            if at >= 0:
                line, col = _line_col(buf, mark.index + at)
        hint = _did_you_mean(name.strip(), model.TEMPLATE_PLACEHOLDERS, "placeholders")
        self.problems.append(Problem(self.file, line, col,
                                     f"unknown placeholder {_show(token)} in a template", hint))


_TOP_KEYS = ("id", "title", "industry", "summary", "briefing", "brand", "length", "clock", "speed",
             "crowd", "facts", "waves", "events", "conditions", "templates")
_TOP_REQUIRED = ("id", "title", "brand", "length", "facts", "waves")
_BRAND_KEYS = ("name", "handle", "voice", "followers", "press_office")
_WAVE_KEYS = ("at", "name", "posts", "over", "mix", "hashtags")
_EVENT_KEYS = ("at", "kind", "text", "posts", "mix", "mood", "hashtags")
_THEN_KEYS = ("kind", "text", "posts", "mix", "mood", "hashtags")
_CLOCK_KEYS = ("start", "speed")
_SPEED_KEYS = ("good", "late")
_FACT_KEYS = ("at", "kind", "text")
_CONDITION_KEYS = ("name", "when", "then", "once")
_WHEN_KEYS = ("metric", "above", "below", "for")

_SWALLOWED_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?(" + "|".join(sorted(
    {k for keys in (_TOP_KEYS, _BRAND_KEYS, _WAVE_KEYS, _EVENT_KEYS, _THEN_KEYS, _CLOCK_KEYS,
                    _SPEED_KEYS, _FACT_KEYS, _CONDITION_KEYS, _WHEN_KEYS) for k in keys},
    key=len, reverse=True)) + r"):(?:[ \t]|$)", re.M)

#: Every key the loader knows, by section (the schema test compares these with the schema).
#: ``crowd`` also takes any rate named in :class:`sim.crowd.Rates`; ``templates`` keys are
#: personas and :data:`sim.model.TEMPLATE_FRAGMENTS`.
KNOWN_KEYS: Mapping[str, tuple[str, ...]] = {
    "scenario": _TOP_KEYS, "brand": _BRAND_KEYS, "clock": _CLOCK_KEYS, "speed": _SPEED_KEYS,
    "fact": _FACT_KEYS, "wave": _WAVE_KEYS, "event": _EVENT_KEYS, "condition": _CONDITION_KEYS,
    "when": _WHEN_KEYS, "then": _THEN_KEYS, "crowd": ("start_mood",),
}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HANDLE = re.compile(r"^@\w{1,50}$")
_HASHTAG = re.compile(r"^#\w+$")
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")


def _crowd_rates() -> dict[str, Any] | None:
    """Names the crowd model lets a scenario override, or None if it cannot be imported."""
    try:
        from dataclasses import fields

        from sim.crowd import Rates
        return {f.name: f.type for f in fields(Rates)}
    except Exception:   # the crowd model is someone else's; never let it break loading
        return None


# --------------------------------------------------------------------------------------------
# Entry points


def _check_text(text: str, file: str) -> tuple[Scenario | None, list[Problem]]:
    problems: list[Problem] = []
    root: Node | None = None
    try:
        root = _Composer(text, file, problems).compose()
    except _Abort:
        root = None
    except yaml.YAMLError as e:
        problems.append(_yaml_problem(e, text, file))
        root = None
    if root is None:
        if not problems:
            problems.append(Problem(file, 1, 1, "no scenario in this file (only comments?)",
                                    "a scenario starts with 'id:', 'title:' and 'brand:'"))
        return None, _tidy(problems)
    if not isinstance(root, MappingNode):
        what = "a list" if isinstance(root, SequenceNode) else f"a single value {_kind(root)}"
        problems.append(Problem(file, root.start_mark.line + 1, root.start_mark.column + 1,
                                f"a scenario must be a mapping of 'key: value' lines, not {what}",
                                "start with 'id:', 'title:' and 'brand:' at the left margin"))
        return None, _tidy(problems)
    walker = _Walker(file, problems)
    walker.text_source = text  # type: ignore[attr-defined]
    scenario = walker.scenario(root)
    problems = _tidy(problems)
    return (scenario if not problems else None), problems


def _tidy(problems: list[Problem]) -> list[Problem]:
    """Problems in file order, without repeats, and at most MAX_PROBLEMS of them."""
    seen: set[Problem] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.line, p.col)):
        if p not in seen:
            seen.add(p)
            out.append(p)
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


def load_text(text: str, file: str = "<text>") -> Scenario:
    """A scenario from YAML text; ``file`` names it in problems. Raises ScenarioError."""
    def run():
        data = text.encode("utf-8", "surrogatepass")
        if len(data) > MAX_BYTES:
            return None, [_too_big(file, len(data))]
        checked, problems = _decode(data, file)
        if checked is None:
            return None, problems
        return _check_text(checked, file)
    scenario, problems = _guarded(file, run)
    if problems or scenario is None:
        raise ScenarioError(problems or [Problem(file, 1, 1, "could not load the scenario")])
    return scenario


def _read(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None, [Problem(file, 1, 1, "no such file")]
    except OSError as e:
        return None, [Problem(file, 1, 1, f"cannot read the file: {e.strerror or e}")]
    if stat.S_ISDIR(st.st_mode):
        return None, [Problem(file, 1, 1, "this is a directory, not a scenario file",
                              "give the .yaml files in it, e.g. DIR/*.yaml")]
    if not stat.S_ISREG(st.st_mode):
        return None, [Problem(file, 1, 1, "this is not a regular file")]
    if st.st_size > MAX_BYTES:
        return None, [_too_big(file, st.st_size)]
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        return None, [Problem(file, 1, 1, f"cannot read the file: {e.strerror or e}")]
    if len(data) > MAX_BYTES:
        return None, [_too_big(file, len(data))]
    return _decode(data, file)


def _too_big(file: str, size: int) -> Problem:
    return Problem(file, 1, 1, f"scenario files are limited to {MAX_BYTES // 2**20} MB; "
                               f"this one is {size / 2**20:.1f} MB")


def _check_file(path: str | os.PathLike) -> tuple[Scenario | None, list[Problem]]:
    file = os.fspath(path)

    def run():
        text, problems = _read(Path(file), file)
        if text is None:
            return None, problems
        return _check_text(text, file)
    return _guarded(file, run)


def load_file(path: str | os.PathLike) -> Scenario:
    """The scenario in a YAML file. Raises ScenarioError listing every problem."""
    scenario, problems = _check_file(path)
    if problems or scenario is None:
        raise ScenarioError(problems or [Problem(os.fspath(path), 1, 1, "could not load")])
    return scenario


def validate_file(path: str | os.PathLike) -> list[Problem]:
    """Every problem in a scenario file (empty when it is valid). Never raises."""
    try:
        scenario, problems = _check_file(path)
        return problems or __import__("sim.budget").budget.check(scenario, os.fspath(path))   # issue 13: bounds
    except Exception as e:      # a bug here must still not become a traceback for a trainer
        return [Problem(os.fspath(path), 1, 1, f"internal error while checking: "
                                               f"{type(e).__name__}: {e}",
                        "please report this with the file")]


def brand_warnings(path):
    from sim.brands import brand_warnings as warn
    return warn(path)


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
        _write(out, "".join(f"{w}\n" for w in brand_warnings(path)))   # another brand left in a copy
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
    """The folder of scenarios shipped with Stormdesk: the ``scenarios`` package's files.

    Found through :mod:`importlib.resources`, so it works from a wheel, an editable install
    and a source checkout alike. If the package cannot be resolved that way (an old editable
    install that still maps ``scenarios`` as a namespace), the import system's search
    locations are tried, then the folder next to the ``sim`` package.
    """
    from importlib import resources
    try:
        t = resources.files("scenarios")
        if isinstance(t, Path) and t.is_dir():
            return t
        p = Path(os.fspath(t))          # other Traversables that live on disk
        if p.is_dir():
            return p
    except Exception:                   # noqa: BLE001 - fall through to the other ways
        pass
    try:
        import importlib.util
        spec = importlib.util.find_spec("scenarios")
        for loc in (spec.submodule_search_locations or []) if spec else []:
            d = Path(loc)
            if d.is_dir() and any(d.glob("*.yaml")):
                return d
    except Exception:                   # noqa: BLE001
        pass
    import sim
    return Path(sim.__file__).resolve().parent.parent / "scenarios"


def _bundled_files() -> list[Path]:
    d = bundled_dir()
    try:
        return sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError:
        return []


def list_bundled() -> list[Scenario]:
    """Every bundled scenario, sorted by id. Raises ScenarioError if any bundled file is broken."""
    loaded, problems = [], []
    for f in _bundled_files():
        s, ps = _check_file(f)
        if s is not None:
            loaded.append(s)
        problems.extend(ps)
    if problems:
        raise ScenarioError(problems)
    return sorted(loaded, key=lambda s: s.id)


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
    hint = _did_you_mean(ref, ids) or ("bundled scenarios: " + ", ".join(ids) if ids else
                                       "no scenarios are bundled")
    raise ScenarioError([Problem(ref, 1, 1, f"no bundled scenario called {_show(ref)} and no such "
                                            f"file", hint)])


def schema_text() -> str:
    """The JSON Schema (draft 2020-12) for scenario files, as text."""
    try:
        from importlib import resources
        return resources.files("sim").joinpath("scenario.schema.json").read_text(encoding="utf-8")
    except Exception:
        return (Path(__file__).with_name("scenario.schema.json")).read_text(encoding="utf-8")
