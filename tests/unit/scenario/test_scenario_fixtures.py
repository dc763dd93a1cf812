"""`stormdesk validate` on one small bad file per kind of problem.

Each file in tests/fixtures/scenarios starts with
    # expect: <a substring of the message it must produce>
    # at: LINE:COL | LINE | any      (where that message must point)
The files are valid-minimal.yaml with one thing broken, so a fixture fails for its own reason
and not for a flaw in the base (valid-minimal.yaml itself must pass).

Problems that cannot live in a committed file (an empty file, a 50 MB file, a directory, a
missing file, a FIFO, far too many items) are made in tmp_path by the second half.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import sim.scenario as scenario_mod
from sim.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios"
LINE_RE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<msg>\S.*)$")
SUMMARY_RE = re.compile(r"^\d+ problems? in \d+ of \d+ files?$")


def _header(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    text = data.decode("utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else \
        data[:400].decode("utf-8", "replace")
    expect = re.search(r"^# expect: (.+)$", text, re.M)
    at = re.search(r"^# at: (.+)$", text, re.M)
    assert expect, f"{path.name} has no '# expect:' line"
    return expect.group(1).strip(), (at.group(1).strip() if at else "any")


BAD = sorted(p for p in FIXTURES.glob("*.yaml") if p.name != "valid-minimal.yaml")


def _validate(capsys, *paths) -> tuple[int, list[str], str]:
    rc = main(["validate", *map(str, paths)])
    out, err = capsys.readouterr()
    return rc, out.splitlines(), err


def _check_lines(lines: list[str], file: str) -> list[re.Match]:
    assert lines, "expected at least one problem line on stdout"
    found = []
    for ln in lines:
        m = LINE_RE.match(ln)
        assert m, f"not FILE:LINE:COL: message: {ln!r}"
        assert m["file"] == file
        assert int(m["line"]) >= 1 and int(m["col"]) >= 1
        assert "Traceback" not in ln
        found.append(m)
    return found


def test_there_is_a_fixture_for_each_kind_of_problem():
    names = {p.stem for p in BAD}
    for kind in ("tab-indent", "unclosed-quote", "top-level-list", "wrong-type-posts",
                 "negative-time", "overlapping-waves", "unknown-persona", "misspelt-top-key",
                 "binary-junk", "not-utf8", "deep-nesting", "alias-bomb"):
        assert kind in names
    assert len(BAD) >= 40


def test_the_base_of_every_fixture_is_valid(capsys):
    rc, lines, err = _validate(capsys, FIXTURES / "valid-minimal.yaml")
    assert (rc, lines) == (0, [])
    assert err.strip() == "1 file OK"


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_validate_fixture(path: Path, capsys):
    expect, at = _header(path)
    rc, lines, err = _validate(capsys, path)
    assert rc == 1
    found = _check_lines(lines, str(path))
    hits = [m for m in found if expect in m["msg"]]
    assert hits, f"no line contains {expect!r}:\n" + "\n".join(lines)
    if at != "any":
        want = at.split(":")
        got = {(m["line"], m["col"]) if len(want) == 2 else (m["line"],) for m in hits}
        assert tuple(want) in got, f"{expect!r} expected at {at}, got {sorted(got)}"
    assert SUMMARY_RE.match(err.strip()), err
    # and the loader API says the same, with a location on every problem
    with pytest.raises(scenario_mod.ScenarioError) as e:
        scenario_mod.load_file(path)
    assert [str(p) for p in e.value.problems] == lines


def test_every_fixture_problem_is_reported_once_per_file_in_one_run(capsys):
    rc, lines, err = _validate(capsys, *BAD)
    assert rc == 1
    files = {LINE_RE.match(ln)["file"] for ln in lines}
    assert files == {str(p) for p in BAD}
    assert err.strip().endswith(f"in {len(BAD)} of {len(BAD)} files")


# ---------------------------------------------------------------------------------------------
# Problems made on the fly


def _one_problem(capsys, path, needle: str) -> str:
    rc, lines, err = _validate(capsys, path)
    assert rc == 1
    (m,) = _check_lines(lines, str(path))
    assert needle in m["msg"], m["msg"]
    return m["msg"]


def test_empty_file(tmp_path, capsys):
    p = tmp_path / "empty.yaml"
    p.write_bytes(b"")
    _one_problem(capsys, p, "the file is empty")
    p.write_bytes(b"  \n\n  \n")
    _one_problem(capsys, p, "the file is empty")


def test_missing_file(tmp_path, capsys):
    _one_problem(capsys, tmp_path / "nope.yaml", "no such file")


def test_directory(tmp_path, capsys):
    _one_problem(capsys, tmp_path, "this is a directory")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_reading_it(tmp_path, capsys):
    # Reading a FIFO with no writer would block for ever; it must be refused from its type.
    p = tmp_path / "pipe.yaml"
    os.mkfifo(p)
    _one_problem(capsys, p, "not a regular file")


def test_50_mb_file_is_refused_by_size_before_it_is_read(tmp_path, capsys, monkeypatch):
    p = tmp_path / "huge.yaml"
    with open(p, "wb") as f:            # sparse: costs no disk
        f.truncate(50 * 1024 * 1024)

    def must_not_run(*a, **k):
        raise AssertionError("the file was decoded or parsed")
    monkeypatch.setattr(scenario_mod, "_decode", must_not_run)
    monkeypatch.setattr(scenario_mod, "_check_text", must_not_run)
    msg = _one_problem(capsys, p, "limited to 2 MB")
    assert "50.0 MB" in msg


def test_just_over_the_limit_is_refused_and_just_under_is_read(tmp_path, capsys):
    p = tmp_path / "big.yaml"
    filler = "# padding\n"
    body = (FIXTURES / "valid-minimal.yaml").read_text()
    n = (scenario_mod.MAX_BYTES - len(body)) // len(filler)
    p.write_text(filler * n + body)
    assert p.stat().st_size <= scenario_mod.MAX_BYTES
    rc, lines, _ = _validate(capsys, p)
    assert (rc, lines) == (0, [])
    with open(p, "a") as f:
        f.write(filler)
    _one_problem(capsys, p, "scenario files are limited to")


def test_load_text_refuses_oversized_text_too():
    with pytest.raises(scenario_mod.ScenarioError) as e:
        scenario_mod.load_text("#" * (scenario_mod.MAX_BYTES + 1))
    assert "limited to" in e.value.problems[0].message


def test_too_many_items(tmp_path, capsys):
    p = tmp_path / "wide.yaml"
    p.write_text("facts: [" + ",".join(["1"] * (scenario_mod.MAX_NODES + 10)) + "]\n")
    msg = _one_problem(capsys, p, "too many items")
    assert f"{scenario_mod.MAX_NODES:,}" in msg


def test_thousands_of_problems_are_capped(tmp_path, capsys):
    p = tmp_path / "many.yaml"
    p.write_text("".join(f"key{i}: 1\n" for i in range(1000)))
    rc, lines, err = _validate(capsys, p)
    assert rc == 1
    assert len(lines) == scenario_mod.MAX_PROBLEMS + 1
    _check_lines(lines, str(p))
    assert "more problems from here on are not shown" in lines[-1]
    total = int(re.search(r"(\d+) more problems", lines[-1]).group(1)) + scenario_mod.MAX_PROBLEMS
    assert total == 1000 + 6       # 1,000 unknown keys + the six required keys missing


def test_a_big_alias_bomb_is_one_line_not_thousands(tmp_path, capsys):
    # 'lol' bomb: each level repeats the one before 9 times; expanded it would be 9**9 items.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    p = tmp_path / "lol.yaml"
    p.write_text("\n".join(lines) + "\n")
    rc, out, _ = _validate(capsys, p)
    alias_lines = [ln for ln in out if "aliases" in ln]
    assert rc == 1 and len(alias_lines) == 1
    assert "aliases (*a0) are not supported; 71 more aliases in this file" in alias_lines[0]


def test_deep_nesting_of_each_kind_is_refused(tmp_path, capsys):
    cases = {
        "flow.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "flowmap.yaml": "a: " + "{b: " * 5000 + "1" + "}" * 5000 + "\n",
        "block.yaml": "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "v\n",
        "dashes.yaml": "".join(" " * (2 * i) + "-\n" for i in range(300)),
    }
    for name, text in cases.items():
        p = tmp_path / name
        p.write_text(text)
        rc, out, _ = _validate(capsys, p)
        assert rc == 1
        _check_lines(out, str(p))
        assert any("nested too deeply" in ln for ln in out), (name, out)


def test_a_mix_of_good_bad_and_missing_files(tmp_path, capsys):
    good = FIXTURES / "valid-minimal.yaml"
    rc, lines, err = _validate(capsys, good, FIXTURES / "tab-indent.yaml", tmp_path / "gone.yaml")
    assert rc == 1
    assert {LINE_RE.match(ln)["file"] for ln in lines} == {
        str(FIXTURES / "tab-indent.yaml"), str(tmp_path / "gone.yaml")}
    assert err.strip() == "2 problems in 2 of 3 files"
