"""Issue 13: files that are not ours are never overwritten or deleted; special files are never
read whole or waited on; odd and hand-edited journals get clear messages; custom scenarios
replay; line separators round-trip. Run in process through ``sim.cli.main`` (fast), as a user
would type them."""
from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from sim.cli import main
from sim.engine import Drill
from sim.journal import Journal, read_journal
from sim.replay import replay
from sim.scenario import bundled_dir, load_scenario
from sim.simulate import run

ROOT = Path(__file__).resolve().parents[3]


def sd(capsys, *args):
    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.fixture(scope="module")
def journal(tmp_path_factory):
    p = tmp_path_factory.mktemp("j") / "model.jsonl"
    run(load_scenario("network-blackout"), seed=5, player="model", journal_path=p)
    return p


# -- item 3: never overwrite or delete a file that is not ours --------------------------------
def test_simulate_refuses_a_journal_path_that_holds_something_else(tmp_path, capsys):
    target = tmp_path / "my-scenario.yaml"
    shutil.copy(bundled_dir() / "network-blackout.yaml", target)
    before = target.read_bytes()
    rc, _, err = sd(capsys, "simulate", "network-blackout", "--seed", "1", "--player", "silent",
                    "--journal", str(target))
    assert rc == 2 and "not a Stormdesk journal; refusing to overwrite it" in err
    assert target.read_bytes() == before
    folder = tmp_path / "dir"
    folder.mkdir()
    rc, _, err = sd(capsys, "simulate", "network-blackout", "--seed", "1", "--player", "silent",
                    "--journal", str(folder))
    assert rc == 2 and folder.is_dir()


def test_simulate_refuses_a_special_file_and_replaces_an_old_journal(tmp_path, capsys):
    fifo = tmp_path / "pipe"            # a special file that is not ours (a device node alike)
    os.mkfifo(fifo)
    rc, _, err = sd(capsys, "simulate", "network-blackout", "--seed", "1", "--player", "silent",
                    "--journal", str(fifo))
    assert rc == 2 and "refusing" in err and fifo.is_fifo()
    j = tmp_path / "j.jsonl"
    for seed in ("1", "2"):
        assert sd(capsys, "simulate", "network-blackout", "--seed", seed, "--player", "silent",
                  "--journal", str(j))[0] == 0
    assert read_journal(j).header.seed == 2 and len(read_journal(j).events) == len(
        [ln for ln in j.read_text().split("\n") if ln])


def test_report_refuses_to_write_over_its_input(journal, tmp_path, capsys):
    j = tmp_path / "j.jsonl"
    shutil.copy(journal, j)
    before = j.read_bytes()
    for out in (str(j), str(tmp_path / "." / "j.jsonl")):
        rc, _, err = sd(capsys, "report", str(j), "-o", out)
        assert rc == 2 and "over its own journal" in err
    link = tmp_path / "link.md"
    link.symlink_to(j)
    assert sd(capsys, "report", str(j), "-o", str(link))[0] == 2
    assert j.read_bytes() == before


def test_report_is_written_atomically(journal, tmp_path, capsys, monkeypatch):
    out = tmp_path / "r.md"
    out.write_text("the old report\n")
    import sim.files

    def boom(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(sim.files.os, "fsync", boom)
    rc, _, err = sd(capsys, "report", str(journal), "-o", str(out))
    assert rc == 2 and "No space left" in err
    assert out.read_text() == "the old report\n"           # never half a report
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]   # no temporary left behind
    monkeypatch.undo()
    assert sd(capsys, "report", str(journal), "-o", str(out))[0] == 0
    assert out.read_text().startswith("# After-action report")


# -- item 4: special files ---------------------------------------------------------------------
def test_a_journal_that_is_a_link_to_a_device_is_refused_at_once(tmp_path, capsys):
    link = tmp_path / "zero.jsonl"
    link.symlink_to("/dev/zero")
    for cmd in (("replay", str(link)), ("report", str(link))):
        rc, _, err = sd(capsys, *cmd)
        assert rc == 2 and "is a device, not a journal" in err


def test_a_fifo_in_the_journals_folder_does_not_hang_history(tmp_path, capsys, monkeypatch, journal):
    monkeypatch.setenv("STORMDESK_HOME", str(tmp_path))
    (tmp_path / "journals").mkdir()
    shutil.copy(journal, tmp_path / "journals" / "a.jsonl")
    os.mkfifo(tmp_path / "journals" / "b.jsonl")
    result = {}
    t = threading.Thread(target=lambda: result.update(rc=sd(capsys, "history")), daemon=True)
    t.start()
    t.join(20)
    if t.is_alive():                       # unblock the reader so the test run can finish
        with open(tmp_path / "journals" / "b.jsonl", "w"):
            pass
        pytest.fail("history hung on a FIFO")
    rc, out, err = result["rc"]
    assert rc == 0 and "network-blackout" in out
    assert "b.jsonl: is a named pipe (FIFO), not a journal" in err


def test_a_journal_over_the_size_limit_is_refused(tmp_path, monkeypatch, capsys, journal):
    import sim.files
    monkeypatch.setattr(sim.files, "MAX_JOURNAL_BYTES", 1000)
    rc, _, err = sd(capsys, "replay", str(journal))
    assert rc == 2 and "limited to" in err


# -- item 7: line separators in text -----------------------------------------------------------
def test_line_separators_round_trip_through_the_journal(tmp_path):
    from tests.unit.engine.conftest import ScriptedWriter, make_scenario
    from sim.model import PostDraft
    weird = "line\u2028sep para\u2029sep nel\x85end \x0bvt \x1cfs"
    sc = make_scenario()
    p = tmp_path / "j.jsonl"
    d = Drill(sc, seed=1, journal=Journal(p),
              writer=ScriptedWriter([PostDraft("A", "@a", "angry", weird, 10, 50.0)]))
    d.advance(5)
    d.reply(next(iter(d.posts)), "sorry " + weird, 6)
    d.finish("quit", 7)
    d.journal.close()
    raw = p.read_bytes()
    assert "\u2028".encode() not in raw and "\u2029".encode() not in raw and "\x85".encode() not in raw
    back = read_journal(p)
    assert back.problems == [] and back.records == [json.loads(json.dumps(e)) for e in d.journal.events]
    assert any(e.get("text") == "sorry " + weird for e in back.records)


# -- item 11: odd journals ----------------------------------------------------------------------
def test_a_line_over_the_limit_is_reported_and_replay_does_not_say_match(journal, tmp_path, capsys):
    from sim.journal import MAX_LINE
    lines = journal.read_text().split("\n")
    i = next(n for n, ln in enumerate(lines) if '"type":"sample"' in ln)
    # an extra line, valid JSON but over the limit: nothing diverges, yet it was not read
    extra = lines[:i] + [lines[i][:-1] + " " * MAX_LINE + "}"] + lines[i:]
    p = tmp_path / "long.jsonl"
    p.write_text("\n".join(extra))
    rc, out, _ = sd(capsys, "replay", str(p))
    assert rc == 1 and "MATCH:" not in out
    assert f"long.jsonl:{i + 1}: this line is over the" in out and "NOT CONFIRMED" in out
    assert '"skipped_lines": [' in sd(capsys, "replay", str(p), "--json")[1]
    # the line itself made too long: reported, and the gap it leaves diverges
    lines[i] = lines[i][:-1] + " " * MAX_LINE + "}"
    p.write_text("\n".join(lines))
    rc, out, _ = sd(capsys, "replay", str(p))
    assert rc == 1 and "MATCH:" not in out and f"long.jsonl:{i + 1}: this line is over the" in out


@pytest.mark.parametrize("edit, message", [
    (lambda e: e.update(t="soon"), "field 't' should be a number of seconds, not \"soon\""),
    (lambda e: e.update(seconds=[1]) if e["type"] == "reply" else None, "field 'seconds' of a reply event"),
    (lambda e: e["post"].update(priority="high") if e["type"] == "post" else None, "field 'post.priority'"),
    (lambda e: e.update(scores={"overall": "great"}) if e["type"] == "reply" else None, "scores.overall"),
])
def test_hand_edited_wrong_types_get_a_clear_message(journal, tmp_path, capsys, edit, message):
    lines = journal.read_text().splitlines()
    evs = [json.loads(ln) for ln in lines]
    i = None
    for n, e in enumerate(evs[1:], 1):
        before = json.dumps(e)
        edit(e)
        if json.dumps(e) != before:
            i = n
            break
    lines[i] = json.dumps(evs[i])
    p = tmp_path / "edited.jsonl"
    p.write_text("\n".join(lines) + "\n")
    for cmd in (("replay", str(p)), ("report", str(p)), ("report", str(p), "--format", "json")):
        rc, out, err = sd(capsys, *cmd)
        assert "unexpected error" not in err and "Traceback" not in err
        assert message in (out + err).replace('\\"', '"')
    assert sd(capsys, "replay", str(p))[0] == 1


def test_a_wrong_type_in_the_header_is_refused_clearly(journal, tmp_path, capsys):
    lines = journal.read_text().splitlines()
    h = json.loads(lines[0])
    h["seed"] = "seven"
    p = tmp_path / "h.jsonl"
    p.write_text("\n".join([json.dumps(h)] + lines[1:]) + "\n")
    rc, _, err = sd(capsys, "replay", str(p))
    assert rc == 2 and "the drill_start header is damaged: field 'seed'" in err


def test_the_header_scenario_is_never_opened_as_a_path(journal, tmp_path, capsys):
    lines = journal.read_text().splitlines()
    h = json.loads(lines[0])
    first = Path("/etc/passwd").read_text().splitlines()[0]
    for ref in ("/etc/passwd", "../../../../etc/passwd", "passwd"):
        h["scenario"] = ref
        h.pop("source", None)
        p = tmp_path / "x.jsonl"
        p.write_text("\n".join([json.dumps(h)] + lines[1:]) + "\n")
        cwd = os.getcwd()
        os.chdir("/etc")
        try:
            for cmd in (("replay", str(p)), ("report", str(p))):
                rc, out, err = sd(capsys, *cmd)
                assert first not in out + err
        finally:
            os.chdir(cwd)
        assert "not a bundled scenario" in replay(p).error


# -- item 8: custom scenarios -------------------------------------------------------------------
def test_a_custom_scenario_replays_resumes_and_reports_and_a_namesake_is_refused(tmp_path, capsys):
    src = (bundled_dir() / "network-blackout.yaml").read_text()
    custom = tmp_path / "mine" / "network-blackout.yaml"       # same id as the bundled one
    custom.parent.mkdir()
    custom.write_text(src.replace("start_mood: -10", "start_mood: -40"))
    j = tmp_path / "j.jsonl"
    assert sd(capsys, "simulate", str(custom), "--seed", "3", "--player", "model", "--journal", str(j))[0] == 0
    h = read_journal(j).header
    assert h.source["kind"] == "file" and h.source["path"] == str(custom.resolve())
    rc, out, _ = sd(capsys, "replay", str(j))
    assert rc == 0 and "MATCH" in out
    assert "Stronger reply" in sd(capsys, "report", str(j))[1] or sd(capsys, "report", str(j))[0] == 0
    # cut mid-drill: resume finds the custom file, not the bundled namesake
    lines = j.read_text().splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[: len(lines) // 2]) + "\n")
    from sim.replay import resume
    drill, t = resume(cut)
    assert drill.crowd.start_mood == -40 and t > 0
    drill.journal.close()
    # the file edited (or another scenario with that id in its place): refused, clearly
    custom.write_text(src)
    rc, out, _ = sd(capsys, "replay", str(j))
    assert rc == 2 and "is not the one this drill was played on" in out
    # a journal without a source, replayed against the bundled namesake: refused
    head = read_journal(j).records[0]
    head.pop("source")
    old = tmp_path / "old.jsonl"
    old.write_text("\n".join([json.dumps(head)] + lines[1:]) + "\n")
    rc, out, _ = sd(capsys, "replay", str(old))
    assert rc == 2 and "different scenario 'network-blackout'" in out
