"""Property: a mutated scenario either loads or raises ScenarioError with located problems.

The mutations start from the six bundled scenarios and do what people and editors do to YAML:
delete keys, change types, swap values, rename keys (at the data level, re-dumped as YAML), and
insert junk characters, truncate, delete, duplicate or re-indent lines (at the text level).
Anything else escaping the loader (KeyError, TypeError, RecursionError...) is a bug.
"""
from __future__ import annotations

import copy
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.model import Scenario
from sim.scenario import ScenarioError, bundled_dir, load_text, validate_file

YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
FILES = sorted(bundled_dir().glob("*.yaml"))
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in FILES}
DATA = {name: yaml.safe_load(text) for name, text in TEXTS.items()}

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

JUNK = st.sampled_from([
    "\t", ":", ": ", "- ", "#", "'", '"', "[", "]", "{", "}", "&a ", "*a", "!!python/name:os ",
    "<<: ", "---\n", "\n", "  ", "%YAML 1.1\n", "@", "`", "|", ">", "?", ",", "\x00", "\x07",
    "\ufeff", "é", "🌩", "\u202e", "{brand}", "{nope}", "-1m", "99999999999999999999", "1e400",
    ".nan", "~", "null", "yes", "06:30", "2026-11-23", "0x1F", "\\", "\r", "\r\n",
])
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
    st.text(max_size=20), st.just([]), st.just({}), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["-30s", "3m", "1h", "06:30", "angry", "#Tag", "@handle", "{song}"]),
)


def _paths(node, prefix=()):
    """Every path to a value inside ``node`` (dict keys and list indexes)."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append(prefix + (k,))
            out.extend(_paths(v, prefix + (k,)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append(prefix + (i,))
            out.extend(_paths(v, prefix + (i,)))
    return out


def _get(node, path):
    for p in path:
        node = node[p]
    return node


@st.composite
def data_mutation(draw):
    """A bundled scenario with 1-4 structural edits, dumped back to YAML text."""
    name = draw(st.sampled_from(sorted(DATA)))
    doc = yaml.safe_load(TEXTS[name])            # a fresh copy to edit
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _get(doc, path[:-1]), path[-1]
        op = draw(st.sampled_from(["delete", "retype", "swap", "rename", "duplicate"]))
        if op == "delete":
            del parent[last]
        elif op == "retype":
            parent[last] = draw(VALUES)
        elif op == "swap":
            other = draw(st.sampled_from(paths))
            if path[:len(other)] == other or other[:len(path)] == path:
                continue                         # a node swapped with its own ancestor: a cycle
            try:
                a, b = _get(doc, path), _get(doc, other)
                parent[last], _get(doc, other[:-1])[other[-1]] = b, a
            except (KeyError, IndexError, TypeError):
                pass                             # the other path moved under an earlier edit
        elif op == "rename" and isinstance(parent, dict):
            new = draw(st.one_of(st.text(min_size=1, max_size=12),
                                 st.sampled_from([str(last)[:-1], str(last) + "s", str(last).upper(),
                                                  str(last)[::-1]])))
            parent[new] = parent.pop(last)
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@st.composite
def text_mutation(draw):
    """A bundled scenario's text with 1-5 edits of its characters and lines."""
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["insert", "truncate", "delete_line", "dup_line", "indent",
                                   "replace_char", "cut_span"]))
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        if op == "insert":
            text = text[:i] + draw(JUNK) + text[i:]
        elif op == "truncate":
            text = text[:i]
        elif op == "replace_char":
            text = text[:i] + draw(st.characters(blacklist_categories=("Cs",))) + text[i + 1:]
        elif op == "cut_span":
            text = text[:i] + text[i + draw(st.integers(1, 200)):]
        else:
            lines = text.split("\n")
            j = draw(st.integers(0, len(lines) - 1))
            if op == "delete_line":
                del lines[j]
            elif op == "dup_line":
                lines.insert(j, lines[j])
            else:
                lines[j] = draw(st.sampled_from([" ", "  ", "\t", "-"])) + lines[j]
            text = "\n".join(lines)
    return text


def _loads_or_says_where(text: str) -> None:
    n_lines = len(YAML_LINE_BREAK.split(text))   # YAML counts \r, NEL, LS and PS as breaks too
    try:
        sc = load_text(text, "mutant.yaml")
    except ScenarioError as e:
        assert e.problems, "ScenarioError without problems"
        for p in e.problems:
            assert p.file == "mutant.yaml"
            assert 1 <= p.line <= n_lines + 1, (p, n_lines)
            assert p.col >= 1
            assert p.message.strip() and "\n" not in str(p)
            assert str(p).startswith(f"mutant.yaml:{p.line}:{p.col}: ")
    else:
        assert isinstance(sc, Scenario)
        assert sc.waves and sc.facts and 60 <= sc.length <= 3600
        assert all(w.at + w.over <= sc.length for w in sc.waves)


def test_the_bundled_scenarios_are_there_to_mutate():
    assert len(TEXTS) >= 6


@SETTINGS
@given(data_mutation())
def test_structural_mutations_load_or_fail_with_located_problems(text):
    _loads_or_says_where(text)


@SETTINGS
@given(text_mutation())
def test_text_mutations_load_or_fail_with_located_problems(text):
    _loads_or_says_where(text)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_escape_as_another_exception(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("bytes") / "junk.yaml"
    p.write_bytes(data)
    problems = validate_file(p)
    assert problems, "random bytes are never a scenario"
    assert all(pr.line >= 1 and pr.col >= 1 for pr in problems)
    assert not any("internal error" in pr.message for pr in problems), problems
