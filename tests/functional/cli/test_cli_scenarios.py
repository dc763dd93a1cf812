"""`stormdesk list`, `validate` and `schema`: exit codes, stdout and stderr (README "Command line").

In-process through sim.cli.main with capsys, plus a few real processes for what only a process
shows (pipes, encodings). test_cli_contract.py covers the basics as a subprocess; this file
pins the details.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sim.scenario as loader
from sim.cli import main

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"
MINIMAL = FIXTURES / "valid-minimal.yaml"
LINE_RE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): \S")


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    """`list` keeps the rows of checked files in STORMDESK_HOME: never the user's own."""
    monkeypatch.setenv("STORMDESK_HOME", str(tmp_path / "home"))


def run(capsys, *argv) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


# ---------------------------------------------------------------------------------------------
# list


def test_list_shows_id_title_length_waves_personas_for_each_bundled_scenario(capsys):
    rc, out, err = run(capsys, "list")
    assert rc == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "LENGTH", "WAVES", "PERSONAS"]
    scenarios = loader.list_bundled()
    assert len(lines) == 1 + len(scenarios) >= 7
    for line, sc in zip(lines[1:], scenarios):
        assert line.startswith(sc.id + " ")
        assert sc.title in line
        assert f"{sc.length / 60:g} min" in line
        assert re.search(rf"\s{len(sc.waves)}\s", line)
        assert line.endswith(", ".join(sc.personas))
    # columns line up: every title starts in the same column
    col = lines[0].index("TITLE")
    assert all(ln[col - 2: col] == "  " and ln[col] != " " for ln in lines[1:])


def test_list_ids_are_sorted_and_are_what_play_and_simulate_accept(capsys):
    _, out, _ = run(capsys, "list")
    ids = [ln.split()[0] for ln in out.splitlines()[1:]]
    assert ids == sorted(ids)
    for sid in ids:
        assert loader.load_scenario(sid).id == sid


def test_list_with_a_broken_bundled_file_says_where_without_a_traceback(capsys, monkeypatch,
                                                                        tmp_path):
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: [\n")
    monkeypatch.setattr(loader, "bundled_dir", lambda: tmp_path)
    rc, out, err = run(capsys, "list")
    assert rc != 0 and out == ""
    assert LINE_RE.match(err) and "broken.yaml" in err and "Traceback" not in err


def test_list_checks_a_changed_bundled_file_again(capsys, monkeypatch, tmp_path):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    monkeypatch.setattr(loader, "bundled_dir", lambda: bundled)
    f = bundled / "mini.yaml"
    text = MINIMAL.read_text(encoding="utf-8")
    f.write_text(text)
    first = run(capsys, "list")
    assert first[0] == 0 and "fixture-outage" in first[1]
    assert run(capsys, "list") == first                 # from the cache, the same table
    f.write_text(text.replace("id: fixture-outage", "id: renamed-one"))
    rc, out, _ = run(capsys, "list")
    assert rc == 0 and "renamed-one" in out and "fixture-outage" not in out
    f.write_text(text.replace("posts: ", "posts: lots #", 1))     # still YAML, no longer valid
    rc, out, err = run(capsys, "list")
    assert rc != 0 and out == "" and LINE_RE.match(err)


def test_list_with_an_unwritable_or_corrupt_cache_still_lists(capsys, monkeypatch, tmp_path):
    home = tmp_path / "home"
    (home / "cache").mkdir(parents=True)
    rc, out, _ = run(capsys, "list")
    assert rc == 0 and "network-blackout" in out
    for junk in ("{not json", "[]", '{"x": 1}', "null"):
        (home / "cache" / "scenario-rows.json").write_text(junk)
        assert run(capsys, "list") == (rc, out, "")
    monkeypatch.setenv("STORMDESK_HOME", str(MINIMAL))           # a file: nothing can be written
    assert run(capsys, "list") == (rc, out, "")


def _modules_after(argv: list[str], home) -> tuple[str, str]:
    code = (f"import sys; from sim.cli import main; main({argv!r}); print(sorted(m for m in "
            "('pydantic', 'sim.model', 'sim.scenario_format') if m in sys.modules))")
    env = {**__import__("os").environ, "STORMDESK_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=ROOT).stdout
    return out[:out.rstrip().rfind("\n") + 1], out.rstrip().rsplit("\n", 1)[-1]


def test_list_from_the_cache_and_schema_need_neither_pydantic_nor_the_model(tmp_path):
    cold, warm = _modules_after(["list"], tmp_path), _modules_after(["list"], tmp_path)
    assert cold[1] == "['pydantic', 'sim.model', 'sim.scenario_format']"
    assert warm[1] == "[]" and warm[0] == cold[0]
    schema = _modules_after(["schema"], tmp_path)
    assert schema[1] == "[]" and json.loads(schema[0])["title"] == "Stormdesk scenario"


def test_list_with_no_bundled_scenarios_prints_just_the_header(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(loader, "bundled_dir", lambda: tmp_path)
    rc, out, err = run(capsys, "list")
    assert rc == 0 and out.split() == ["ID", "TITLE", "LENGTH", "WAVES", "PERSONAS"]


# ---------------------------------------------------------------------------------------------
# validate


def test_validate_all_bundled_scenarios(capsys):
    files = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
    assert len(files) == 6
    rc, out, err = run(capsys, "validate", *files)
    assert (rc, out, err) == (0, "", "6 files OK\n")


def test_validate_good_file_is_silent_on_stdout(capsys):
    rc, out, err = run(capsys, "validate", str(MINIMAL))
    assert (rc, out, err) == (0, "", "1 file OK\n")


def test_validate_problems_go_to_stdout_and_the_count_to_stderr(capsys):
    bad = [FIXTURES / "misspelt-top-key.yaml", FIXTURES / "unknown-persona.yaml"]
    rc, out, err = run(capsys, "validate", str(MINIMAL), *map(str, bad))
    assert rc == 1
    lines = out.splitlines()
    assert [LINE_RE.match(ln)["file"] for ln in lines] == [str(b) for b in bad]
    assert "did you mean 'briefing'?" in lines[0]
    assert "unknown persona 'robot'" in lines[1]
    assert err == "2 problems in 2 of 3 files\n"


def test_validate_keeps_the_order_files_were_given(capsys):
    a, b = FIXTURES / "tab-indent.yaml", FIXTURES / "bad-id.yaml"
    _, out1, _ = run(capsys, "validate", str(a), str(b))
    _, out2, _ = run(capsys, "validate", str(b), str(a))
    assert out1.splitlines() == out2.splitlines()[::-1]


def test_validate_needs_at_least_one_path(capsys):
    with pytest.raises(SystemExit) as e:
        main(["validate"])
    assert e.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "usage:" in err and "PATH" in err


@pytest.mark.parametrize("make, needle", [
    (lambda d: d, "this is a directory"),
    (lambda d: d / "missing.yaml", "no such file"),
])
def test_validate_odd_paths_are_problems_not_crashes(capsys, tmp_path, make, needle):
    path = make(tmp_path)
    rc, out, err = run(capsys, "validate", str(path))
    assert rc == 1 and out.startswith(f"{path}:1:1: {needle}") and out.count("\n") == 1
    assert err == "1 problem in 1 of 1 file\n"


# ---------------------------------------------------------------------------------------------
# schema


def test_schema_prints_json_schema_to_stdout_only(capsys):
    rc, out, err = run(capsys, "schema")
    assert rc == 0 and err == ""
    doc = json.loads(out)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert out.endswith("}\n")


# ---------------------------------------------------------------------------------------------
# As a process


def sd(*args, **kw):
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=kw.pop("cwd", ROOT),
                          capture_output=True, timeout=60, **kw)


def test_validate_every_fixture_in_one_process_without_a_traceback():
    files = sorted(str(p) for p in FIXTURES.glob("*.yaml"))
    out = sd("validate", *files)
    assert out.returncode == 1
    stdout, stderr = out.stdout.decode("utf-8"), out.stderr.decode("utf-8")
    assert "Traceback" not in stdout + stderr
    assert all(LINE_RE.match(ln) for ln in stdout.splitlines())
    n = len(stdout.splitlines())
    assert stderr == f"{n} problems in {len(files) - 1} of {len(files)} files\n"


def test_validate_on_an_ascii_terminal_escapes_instead_of_crashing(tmp_path):
    p = tmp_path / "café.yaml"
    p.write_text(MINIMAL.read_text().replace("voice: warm", "vöice: warm"), encoding="utf-8")
    out = sd("validate", str(p), env={"PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 1
    text = out.stdout.decode("ascii")           # would raise if anything non-ASCII got through
    assert "unknown key 'v\\xf6ice' in brand" in text and "caf\\xe9.yaml" in text
    assert b"Traceback" not in out.stderr


def test_validate_into_a_closed_pipe_is_quiet(tmp_path):
    # `stormdesk validate ... | head -1`: the reader goes away long before the ~30,000 problem
    # lines (far more than a pipe buffers) are written; no BrokenPipe traceback.
    p = tmp_path / "many.yaml"
    p.write_text("".join(f"key{i}: 1\n" for i in range(200)))
    proc = subprocess.Popen([sys.executable, "-m", "sim", "validate", *[str(p)] * 300], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert LINE_RE.match(first.decode())
    assert b"Traceback" not in err and b"Exception ignored" not in err, err
