"""`stormdesk replay`, `report` and `history` as a user runs them: exit codes, files written,
messages (never a traceback) for bad journals, a full disk, a corrupt or locked database."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "journals"


@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    h.mkdir()
    return h


def sd(home, *args, timeout=120):
    env = dict(os.environ, STORMDESK_HOME=str(home))
    env.pop("STORMDESK_DEBUG", None)
    out = subprocess.run([sys.executable, "-m", "sim", *map(str, args)], cwd=ROOT, capture_output=True,
                         text=True, timeout=timeout, env=env)
    assert "Traceback" not in out.stdout + out.stderr, out.stderr
    return out


@pytest.fixture(scope="module")
def journal(tmp_path_factory):
    p = tmp_path_factory.mktemp("cli") / "model.jsonl"
    out = subprocess.run([sys.executable, "-m", "sim", "simulate", "network-blackout", "--seed", "3", "--player", "model",
                          "--journal", str(p)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return p


def test_replay_matches_and_exits_0(home, journal):
    out = sd(home, "replay", journal)
    assert out.returncode == 0 and "MATCH" in out.stdout
    js = sd(home, "replay", journal, "--json")
    d = json.loads(js.stdout)
    assert js.returncode == 0 and d["ok"] and d["divergence"] is None
    assert d["replies"] == sum(1 for line in journal.read_text().splitlines() if json.loads(line)["type"] == "reply")


def test_replay_divergence_names_line_field_and_values_and_exits_1(home, journal, tmp_path):
    lines = journal.read_text().splitlines()
    i = next(n for n, line in enumerate(lines) if json.loads(line)["type"] == "crowd")
    ev = json.loads(lines[i])
    recorded = ev["delta"]
    ev["delta"] = recorded + 5
    lines[i] = json.dumps(ev)
    p = tmp_path / "edited.jsonl"
    p.write_text("\n".join(lines) + "\n")
    out = sd(home, "replay", p)
    assert out.returncode == 1
    assert f"line {i + 1}" in out.stdout and "field delta" in out.stdout
    assert f"recorded:    {json.dumps(recorded + 5)}" in out.stdout and f"re-derived:  {json.dumps(recorded)}" in out.stdout
    d = json.loads(sd(home, "replay", p, "--json").stdout)
    assert d["ok"] is False and d["divergence"]["line"] == i + 1 and d["divergence"]["field"] == "delta"
    assert d["divergence"]["recorded"] == recorded + 5 and d["divergence"]["derived"] == recorded


def test_replay_of_a_torn_journal_reports_the_tear_and_matches(home, journal, tmp_path):
    data = journal.read_bytes()
    p = tmp_path / "torn.jsonl"
    p.write_bytes(data[: len(data) * 2 // 3])
    out = sd(home, "replay", p)
    assert out.returncode == 0 and "cut off mid-write" in out.stdout and "MATCH" in out.stdout


@pytest.mark.parametrize("name,needle", [
    ("empty.jsonl", "empty"), ("foreign.jsonl", "not a Stormdesk journal"),
    ("not-a-journal.png", "not a Stormdesk journal"), ("missing.jsonl", "no such journal"),
])
@pytest.mark.parametrize("command", ["replay", "report"])
def test_bad_journals_get_a_message_and_exit_2(home, name, needle, command):
    out = sd(home, command, FIXTURES / name)
    assert out.returncode == 2 and needle in out.stderr and str(name) in out.stderr
    assert out.stdout == ""


def test_a_folder_is_not_a_journal(home, tmp_path):
    out = sd(home, "report", tmp_path)
    assert out.returncode == 2 and "folder" in out.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_report_writes_each_format(home, journal, tmp_path, fmt):
    dest = tmp_path / f"report.{fmt}"
    out = sd(home, "report", journal, "--format", fmt, "-o", dest)
    assert out.returncode == 0 and out.stdout == "" and str(dest) in out.stderr
    text = dest.read_text(encoding="utf-8")
    end = json.loads(journal.read_text().splitlines()[-1])
    if fmt == "json":
        assert json.loads(text)["totals"] == end["totals"]
    else:
        assert str(end["totals"]["answered"]) in text and "Every reply" in text
    assert sd(home, "report", journal, "--format", fmt).stdout == text      # stdout without -o


def test_report_to_a_full_disk_or_missing_folder_says_so(home, journal, tmp_path):
    if Path("/dev/full").exists():
        out = sd(home, "report", journal, "--format", "html", "-o", "/dev/full")
        assert out.returncode == 2 and "cannot write /dev/full" in out.stderr
    out = sd(home, "report", journal, "-o", tmp_path / "no" / "such" / "dir" / "r.md")
    assert out.returncode == 2 and "cannot write" in out.stderr


def test_report_compare(home, journal, tmp_path):
    rude = tmp_path / "rude.jsonl"
    other = tmp_path / "other-seed.jsonl"
    for path, seed, player in ((rude, 3, "rude"), (other, 4, "model")):
        assert sd(home, "simulate", "network-blackout", "--seed", seed, "--player", player, "--journal", path).returncode == 0
    out = sd(home, "report", journal, rude, "--compare", "--format", "json")
    d = json.loads(out.stdout)
    assert out.returncode == 0 and len(d["players"]) == 2 and d["seed"] == 3
    bad = sd(home, "report", journal, other, "--compare")
    assert bad.returncode == 2 and "same scenario, seed" in bad.stderr and "seed 3" in bad.stderr and "seed 4" in bad.stderr


def record(home, *journals):
    code = "import sys; from sim.store import Store; s = Store.open(sys.argv[1]); [s.record(p) for p in sys.argv[2:]]"
    subprocess.run([sys.executable, "-c", code, str(home), *map(str, journals)], cwd=ROOT, check=True)


def test_history_lists_drills_and_progress(home, journal, tmp_path):
    out = sd(home, "history")
    assert out.returncode == 0 and "No drills yet" in out.stdout
    rude = tmp_path / "rude.jsonl"
    sd(home, "simulate", "network-blackout", "--seed", "3", "--player", "rude", "--journal", rude)
    record(home, journal, rude)
    out = sd(home, "history")
    assert out.returncode == 0 and "model" in out.stdout and "rude" in out.stdout and "personal best" in out.stdout
    d = json.loads(sd(home, "history", "--json").stdout)
    assert [r["player"] for r in d["drills"]] == ["rude", "model"]
    model_end = json.loads(journal.read_text().splitlines()[-1])
    assert d["drills"][1]["totals"] == model_end["totals"]
    assert d["progress"]["best"]["network-blackout"]["overall"] == max(r["totals"]["overall"] for r in d["drills"])


def test_history_with_a_corrupt_database_moves_it_aside(home, journal):
    (home / "journals").mkdir()
    (home / "journals" / "a.jsonl").write_bytes(journal.read_bytes())
    (home / "history.sqlite3").write_bytes(b"garbage" * 500)
    out = sd(home, "history", "--json")
    assert out.returncode == 0 and "moved aside" in out.stderr
    assert len(list(home.glob("history.corrupt-*.sqlite3"))) == 1
    assert [r["journal"] for r in json.loads(out.stdout)["drills"]] == [str((home / "journals" / "a.jsonl").resolve())]


def test_history_with_a_locked_database_says_so(home, journal):
    record(home, journal)
    holder = sqlite3.connect(home / "history.sqlite3")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        out = sd(home, "history")
    finally:
        holder.rollback()
        holder.close()
    assert out.returncode == 2 and "locked" in out.stderr
    assert not list(home.glob("history.corrupt-*"))
    assert sd(home, "history").returncode == 0


def test_history_with_an_unusable_data_directory(tmp_path):
    f = tmp_path / "a-file"
    f.write_text("")
    out = sd(f / "stormdesk", "history")
    assert out.returncode == 2 and "cannot use the data directory" in out.stderr


def test_an_ascii_terminal_gets_output_not_an_error(home, journal):
    record(home, journal)
    env = dict(os.environ, STORMDESK_HOME=str(home), PYTHONIOENCODING="ascii", LC_ALL="C")
    for args in (("history",), ("report", str(journal)), ("replay", str(journal))):
        out = subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, capture_output=True, text=True,
                             env=env, timeout=120, errors="replace")
        assert out.returncode == 0 and "Error" not in out.stderr, (args, out.stderr)
        assert out.stdout.strip()
