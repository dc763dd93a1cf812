"""Replay, reports and history, all read back from real journals."""
from __future__ import annotations

import json

import pytest

from sim.journal import JournalError, read_journal
from sim.replay import replay
from sim.report import ReportError, build
from sim.simulate import run
from sim.store import Store


@pytest.mark.parametrize("player", ["silent", "canned", "rude", "model"])
def test_replay_re_derives_every_number(journals, player):
    res = replay(journals[player])
    assert res.ok, res


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_replay_over_seeds_and_difficulties(scenario, tmp_path, seed):
    p = tmp_path / "j.jsonl"
    run(scenario, seed=seed, player="model", difficulty=("calm", "standard", "storm")[seed % 3], journal_path=p)
    assert replay(p).ok


def test_replay_says_where_a_tampered_journal_diverges(journals, tmp_path):
    lines = journals["model"].read_text().splitlines()
    i = next(n for n, l in enumerate(lines) if json.loads(l)["type"] == "reply")
    ev = json.loads(lines[i])
    ev["scores"]["overall"] = 99.9
    lines[i] = json.dumps(ev)
    p = tmp_path / "tampered.jsonl"
    p.write_text("\n".join(lines) + "\n")
    res = replay(p)
    assert not res.ok
    assert "overall" in str(res) and str(i + 1) in str(res)


def test_torn_last_line_is_reported_not_fatal(journals, tmp_path):
    data = journals["model"].read_bytes()
    p = tmp_path / "torn.jsonl"
    p.write_bytes(data[: len(data) - 40])          # killed mid-write
    jr = read_journal(p)
    assert jr.torn and jr.events
    md = build([p], "md")
    assert "INTERRUPTED" in md


def test_report_numbers_equal_the_journal(journals):
    events = [json.loads(l) for l in journals["model"].read_text().splitlines()]
    end = events[-1]
    d = json.loads(build([journals["model"]], "json"))
    assert d["totals"] == end["totals"]
    assert d["crowd"]["mood_end"] == end["crowd"]["mood_end"]
    assert d["crowd"]["mood_min"] == end["crowd"]["mood_min"]
    replies = [e for e in events if e["type"] == "reply"]
    assert [r["reply"] for r in d["replies"]] == [e["text"] for e in replies]
    assert [r["scores"]["overall"] for r in d["replies"]] == [e["scores"]["overall"] for e in replies]
    assert len(d["worst"]) == 3 and all(w["example"] for w in d["worst"])


def test_html_is_self_contained_and_escapes_post_text(journals):
    html = build([journals["rude"]], "html")
    assert "<script" not in html.lower() and "http://" not in html and "https://" not in html
    assert "<svg" in html and "@media print" in html
    md = build([journals["rude"]], "md")
    assert "## Suggestions" in md and "Example of a stronger reply" in md


def test_compare_side_by_side_and_refuses_mismatches(journals, scenario, tmp_path):
    text = build([journals["model"], journals["rude"]], "md", compare=True)
    assert "model" in text and "rude" in text
    other = tmp_path / "other.jsonl"
    run(scenario, seed=5, player="model", journal_path=other)
    with pytest.raises(ReportError):
        build([journals["model"], other], "md", compare=True)


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n\x00\x00", b'{"a": 1}\n{"b": 2}\n', b"not json at all\n"])
def test_foreign_or_empty_journals_get_a_message(tmp_path, content):
    p = tmp_path / "bad.jsonl"
    p.write_bytes(content)
    with pytest.raises(JournalError):
        build([p], "md")


def test_store_records_and_recovers_from_a_corrupt_database(journals, tmp_path):
    s = Store.open(tmp_path)
    rec = s.record(journals["model"])
    assert rec.finished and rec.totals["overall"] == json.loads(journals["model"].read_text().splitlines()[-1])["totals"]["overall"]
    assert s.progress()["best"]["network-blackout"]["overall"] == rec.totals["overall"]
    s.db.close()
    (tmp_path / "history.sqlite3").write_bytes(b"this is not a database" * 100)
    s2 = Store.open(tmp_path)
    assert any("moved aside" in w for w in s2.warnings)
    assert list(tmp_path.glob("history.corrupt-*.sqlite3"))      # never deleted
    s2.record(journals["rude"])
    assert len(s2.drills()) == 1


def test_store_lists_interrupted_drills(journals, tmp_path):
    data = journals["canned"].read_text().splitlines()
    p = tmp_path / "journals" / "cut.jsonl"
    p.parent.mkdir(parents=True)
    p.write_text("\n".join(data[: len(data) // 2]) + "\n")
    s = Store.open(tmp_path)
    s.record(p)
    assert [r.journal.name for r in s.interrupted()] == ["cut.jsonl"]


def test_unwritable_data_directory_is_a_warning_not_a_crash(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    s = Store.open(f / "sub")
    assert s.warnings and s.drills() == [] and s.record(f) is None


def test_a_killed_drill_is_found_without_a_final_record(journals, tmp_path):
    """kill -9 leaves a journal (maybe with a torn last line) and no final database record."""
    data = journals["model"].read_bytes()
    p = tmp_path / "journals" / "killed.jsonl"
    p.parent.mkdir(parents=True)
    p.write_bytes(data[: len(data) // 3] + b'{"t": 99, "type": "rep')      # torn mid-write
    s = Store.open(tmp_path)
    cut = s.interrupted()
    assert [r.journal.name for r in cut] == ["killed.jsonl"]
    whole = data[: len(data) // 3].split(b"\n")[:-1]        # the cut's last line is torn too
    assert cut[0].totals["answered"] == sum(1 for l in whole if b'"type":"reply"' in l)
