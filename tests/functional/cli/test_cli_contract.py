"""The command-line contract (README "Command line"), run as a user runs it (a subprocess)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def sd(*args, input=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, capture_output=True,
                          text=True, input=input, timeout=timeout)


def test_help_lists_every_command():
    out = sd("--help")
    assert out.returncode == 0
    for cmd in ("play", "list", "validate", "simulate", "score", "replay", "report", "history"):
        assert cmd in out.stdout


def test_list_shows_bundled_scenarios_outside_the_repo(tmp_path):
    out = subprocess.run([sys.executable, "-m", "sim", "list"], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "network-blackout" in out.stdout
    assert len([ln for ln in out.stdout.splitlines()[1:] if ln.strip()]) >= 6


def test_simulate_json_is_byte_identical_for_a_seed_and_differs_for_another():
    a = sd("simulate", "network-blackout", "--seed", "7", "--player", "model", "--json")
    b = sd("simulate", "network-blackout", "--seed", "7", "--player", "model", "--json")
    c = sd("simulate", "network-blackout", "--seed", "8", "--player", "model", "--json")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    assert a.stdout != c.stdout


def test_simulate_json_has_the_contract_keys():
    res = json.loads(sd("simulate", "network-blackout", "--seed", "1", "--player", "canned", "--json").stdout)
    assert {"scenario", "seed", "player", "posts", "replies", "crowd", "totals"} <= set(res)
    assert {"id", "at", "author", "persona", "text", "reach"} <= set(res["posts"][0])
    assert {"post_id", "at", "text", "scores"} <= set(res["replies"][0])
    assert {"empathy", "speed", "tone", "substance", "overall", "reasons"} <= set(res["replies"][0]["scores"])
    assert {"mood_start", "mood_end", "mood_min", "timeline"} <= set(res["crowd"])
    assert {"at", "mood", "volume"} <= set(res["crowd"]["timeline"][0])
    assert {"empathy", "speed", "tone", "substance", "overall", "answered", "missed"} <= set(res["totals"])
    assert res["totals"]["answered"] == len(res["replies"])


def test_simulate_summary_and_journal(tmp_path):
    j = tmp_path / "drill.jsonl"
    out = sd("simulate", "network-blackout", "--seed", "2", "--player", "rude", "--journal", str(j))
    assert out.returncode == 0, out.stderr
    assert "mood" in out.stdout and "answered" in out.stdout
    lines = j.read_text().splitlines()
    assert json.loads(lines[0])["type"] == "drill_start" and json.loads(lines[-1])["type"] == "drill_end"


@pytest.mark.parametrize("args,needle", [
    (("simulate", "no-such-scenario", "--seed", "1", "--player", "model"), "no-such-scenario"),
    (("simulate", "network-blackout", "--seed", "1", "--player", "nobody"), "invalid choice"),
    (("replay", "/nonexistent/journal.jsonl"), "journal"),
    (("report", "/nonexistent/journal.jsonl"), "journal"),
])
def test_bad_input_gets_a_message_not_a_traceback(args, needle):
    out = sd(*args)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr + out.stdout
    assert needle in out.stderr


def test_score_reads_json_lines():
    line = json.dumps({"id": "a", "tweet": "@Brand no signal all day", "reply": "@x So sorry, we're fixing it"})
    out = sd("score", "-", input=line + "\nnot json\n")
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert out.returncode == 0
    assert rows[0]["id"] == "a" and 0 <= rows[0]["overall"] <= 100
    assert rows[1]["line"] == 2 and "error" in rows[1]


def test_validate_bundled_scenarios_pass():
    files = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
    out = sd("validate", *files)
    assert out.returncode == 0, out.stdout + out.stderr


def test_validate_reports_file_line_col(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: [unclosed\n")
    out = sd("validate", str(bad))
    assert out.returncode == 1
    assert out.stdout.startswith(f"{bad}:")
    assert "Traceback" not in out.stdout + out.stderr
