"""Issue 13 item 12: Markdown header fields escaped, --compare marks interrupted journals,
and the journal is fsynced at the end of a drill and at least every few seconds."""
from __future__ import annotations

import json

import sim.journal
from sim.journal import Journal
from sim.report import build


def test_markdown_escapes_header_fields(journals, tmp_path):
    lines = journals["model"].read_text().splitlines()
    h = json.loads(lines[0])
    h.update(player="`x` | *bold* [link](http://evil.example) <b>", mode="# heading", difficulty="_d_")
    p = tmp_path / "h.jsonl"
    p.write_text("\n".join([json.dumps(h)] + lines[1:]) + "\n")
    md = build([p], "md")
    head = md.splitlines()[2]
    assert "[link](http" not in head and "<b>" not in head and "*bold*" not in head
    assert "\\[link\\]" in head and "\\<b\\>" in head and "\\# heading" in head and "\\`x\\`" in head


def test_compare_marks_interrupted_journals(journals, tmp_path):
    lines = journals["rude"].read_text().splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[: len(lines) // 2]) + "\n")
    for fmt in ("md", "html"):
        out = build([journals["model"], cut], fmt, compare=True)
        # players are named by who played (issue 14); the cut journal is marked, the whole one not
        assert "rude INTERRUPTED at" in out
        assert "model INTERRUPTED" not in out


def test_fsync_at_the_end_and_every_few_seconds(tmp_path, monkeypatch):
    from sim.journal import FSYNC_EVERY
    synced = []
    monkeypatch.setattr(sim.journal.os, "fsync", lambda fd: synced.append(fd))
    now = [0.0]
    j = Journal(tmp_path / "j.jsonl", clock=lambda: now[0])
    j.write({"t": 0.0, "type": "drill_start"})
    assert synced == []
    now[0] = FSYNC_EVERY - 0.1
    j.write({"t": 1.0, "type": "sample"})
    assert synced == []
    now[0] = FSYNC_EVERY + 0.1
    j.write({"t": 2.0, "type": "sample"})
    assert len(synced) == 1                               # every few seconds while events flow
    j.write({"t": 3.0, "type": "reply"})
    now[0] = 2 * FSYNC_EVERY + 0.2
    j.maybe_sync()                                        # a quiet spell: the desk's timer syncs
    assert len(synced) == 2
    j.write({"t": 4.0, "type": "drill_end"})
    assert len(synced) == 3                               # the end of a drill, at once
    j.close()
