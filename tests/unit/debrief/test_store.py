"""The history store: idempotent records, progress, and a database that is locked, corrupt or
somewhere it cannot be written."""
from __future__ import annotations

import sqlite3

import pytest

import sim.store
from sim.store import DB_NAME, Store

from .conftest import events_of


@pytest.fixture(autouse=True)
def short_lock_wait(monkeypatch):
    monkeypatch.setattr(sim.store, "LOCK_TIMEOUT", 0.05)


def test_record_is_idempotent_and_keeps_its_id(journals, tmp_path):
    s = Store.open(tmp_path)
    first = s.record(journals["model"])
    again = s.record(journals["model"])
    assert first is not None and again is not None
    assert first.id == again.id and len(s.drills()) == 1
    end = events_of(journals["model"])[-1]
    assert again.totals == end["totals"]
    assert again.mood_end == end["crowd"]["mood_end"] and again.finished and again.end_reason == "finished"


def test_records_survive_reopening_and_list_newest_first(journals, tmp_path):
    s = Store.open(tmp_path)
    for player in ("silent", "model", "rude"):
        s.record(journals[player])
    s.close()
    s2 = Store.open(tmp_path)
    assert [r.player for r in s2.drills()] == ["rude", "model", "silent"]     # same start time: last recorded first
    assert [r.player for r in s2.drills(limit=2)] == ["rude", "model"]
    assert s2.drills("another-scenario") == []


def test_progress_trend_and_personal_bests_come_from_the_records(journals, tmp_path):
    s = Store.open(tmp_path)
    recs = [s.record(journals[p]) for p in ("silent", "canned", "rude", "model")]
    prog = s.progress("network-blackout")
    overall = [r.totals["overall"] for r in recs if r.totals["overall"] is not None]
    assert prog["series"]["overall"] == overall
    half = len(overall) // 2
    expect = sum(overall[half:]) / (len(overall) - half) - sum(overall[:half]) / half
    assert prog["trend"]["overall"] == round(expect, 1)
    best = prog["best"]["network-blackout"]
    assert best["overall"] == max(overall)
    assert best["axes"]["empathy"] == max(r.totals["empathy"] for r in recs if r.totals["empathy"] is not None)


def test_interrupted_drills_do_not_count_towards_bests(journals, tmp_path):
    lines = journals["model"].read_text().splitlines()
    cut = tmp_path / "journals" / "cut.jsonl"
    cut.parent.mkdir()
    cut.write_text("\n".join(lines[:60]) + "\n")
    s = Store.open(tmp_path)              # found on open: no explicit record needed
    assert [r.journal.name for r in s.interrupted()] == ["cut.jsonl"]
    assert s.progress()["drills"] == 0 and s.progress()["best"] == {}


def test_locked_database_is_left_alone_and_nothing_is_lost(journals, tmp_path):
    s = Store.open(tmp_path)
    s.record(journals["model"])
    s.close()
    holder = sqlite3.connect(tmp_path / DB_NAME)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        locked = Store.open(tmp_path)
        assert any("locked" in w for w in locked.warnings)
        assert locked.record(journals["rude"]) is None           # cannot write now: says so, no exception
        assert not list(tmp_path.glob("history.corrupt-*"))      # a locked database is not corrupt
    finally:
        holder.rollback()
        holder.close()
    s2 = Store.open(tmp_path)
    assert not s2.warnings
    assert [r.player for r in s2.drills()] == ["model"]
    assert s2.record(journals["rude"]) is not None and len(s2.drills()) == 2


def test_write_locked_database_still_lists_history(journals, tmp_path):
    s = Store.open(tmp_path)
    s.record(journals["model"])
    s.close()
    holder = sqlite3.connect(tmp_path / DB_NAME)
    holder.execute("BEGIN IMMEDIATE")            # another Stormdesk is writing
    try:
        s2 = Store.open(tmp_path)
        assert [r.player for r in s2.drills()] == ["model"]
        assert s2.record(journals["rude"]) is None and any("locked" in w for w in s2.warnings)
    finally:
        holder.rollback()
        holder.close()


@pytest.mark.parametrize("garbage", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_corrupt_database_is_moved_aside_and_rebuilt_from_journals(journals, tmp_path, garbage):
    jdir = tmp_path / "journals"
    jdir.mkdir()
    (jdir / "a.jsonl").write_bytes(journals["model"].read_bytes())
    (tmp_path / DB_NAME).write_bytes(garbage)
    s = Store.open(tmp_path)
    aside = list(tmp_path.glob("history.corrupt-*.sqlite3"))
    assert len(aside) == 1 and aside[0].read_bytes() == garbage          # moved, byte for byte
    assert any("moved aside" in w and str(aside[0]) in w for w in s.warnings)
    assert [r.journal.name for r in s.drills()] == ["a.jsonl"]           # rebuilt from the journals
    assert s.record(journals["rude"]) is not None


def test_unwritable_data_directory_is_a_warning(tmp_path, journals):
    f = tmp_path / "file"
    f.write_text("x")
    s = Store.open(f / "sub")
    assert s.warnings and "cannot use the data directory" in s.warnings[0]
    assert s.drills() == [] and s.record(journals["model"]) is None and s.progress()["drills"] == 0


def test_database_path_that_is_a_folder_is_a_warning(tmp_path):
    (tmp_path / DB_NAME).mkdir()
    s = Store.open(tmp_path)
    assert s.db is None and s.warnings and (tmp_path / DB_NAME).is_dir()


def test_unreadable_journal_is_not_recorded_and_says_why(tmp_path):
    bad = tmp_path / "journals" / "x.jsonl"
    bad.parent.mkdir()
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    s = Store.open(tmp_path)
    assert s.drills() == [] and any("x.jsonl" in w and "not a Stormdesk journal" in w for w in s.warnings)


def test_new_journal_paths_are_unique_and_inside_the_store(tmp_path):
    s = Store.open(tmp_path)
    a = s.new_journal_path("network-blackout", 3)
    a.write_text("")
    b = s.new_journal_path("network-blackout", 3)
    assert a != b and a.parent == b.parent == tmp_path / "journals" and a.suffix == b.suffix == ".jsonl"


def test_store_root_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STORMDESK_HOME", str(tmp_path / "home"))
    s = Store.open()
    assert s.root == tmp_path / "home" and (tmp_path / "home" / "journals").is_dir()


# -- issue 14: history tells finished from ended early, per scenario and mode, by player ---------------
def _quick(tmp_path, name, *, mode="realtime", end_at=None, player="human", seed=1):
    from sim.engine import Drill
    from sim.journal import Journal
    from sim.scenario import load_scenario
    from tests.unit.engine.conftest import ScriptedWriter, draft, scripted_scorer
    path = tmp_path / "journals" / name
    path.parent.mkdir(exist_ok=True)
    j = Journal(path)
    sc = load_scenario("network-blackout")
    d = Drill(sc, seed=seed, mode=mode, player=player, journal=j, writer=ScriptedWriter([draft()]),
              scorer=scripted_scorer(70), started_at=f"2026-01-0{seed}T10:00:00")
    if end_at is not None:
        d.advance(end_at)
        d.finish("quit", end_at)
    elif mode == "turns":
        while not d.finished:
            d.next_wave()
    else:
        d.advance(sc.length)
    j.close()
    return path


def test_a_drill_ended_early_is_told_apart_and_never_a_personal_best(tmp_path):
    s = Store.open(tmp_path)
    early = s.record(_quick(tmp_path, "early.jsonl", end_at=60))
    assert early.finished and not early.completed and early.status == "ended early"
    assert s.progress()["drills"] == 0 and s.progress()["best"] == {}
    done = s.record(_quick(tmp_path, "done.jsonl", seed=2))
    assert done.completed and done.status == "finished"
    prog = s.progress()
    assert prog["drills"] == 1 and prog["best"]["network-blackout"]["journal"] == str(done.journal.resolve())
    assert prog["best"]["network-blackout"]["drill"] == done.totals["drill"]


def test_trend_is_kept_per_scenario_and_mode(tmp_path):
    s = Store.open(tmp_path)
    for i, mode in enumerate(("realtime", "turns", "realtime")):
        s.record(_quick(tmp_path, f"{i}.jsonl", mode=mode, seed=i + 1))
    prog = s.progress()
    assert set(prog["trends"]) == {"network-blackout realtime", "network-blackout turns"}
    assert prog["counts"] == {"network-blackout realtime": 2, "network-blackout turns": 1}
    assert prog["trends"]["network-blackout turns"] == {}
    assert "drill" in prog["trends"]["network-blackout realtime"]


def test_player_name_from_the_flag_is_remembered_and_the_env_overrides(tmp_path, monkeypatch):
    from sim.store import player_name
    monkeypatch.delenv("STORMDESK_PLAYER", raising=False)
    assert player_name(None, tmp_path) == "human"
    assert player_name("  Ana   Silva ", tmp_path) == "Ana Silva"
    assert player_name(None, tmp_path) == "Ana Silva"
    monkeypatch.setenv("STORMDESK_PLAYER", "Bo")
    assert player_name(None, tmp_path) == "Bo"
    (tmp_path / "settings.json").write_text("not json")
    monkeypatch.delenv("STORMDESK_PLAYER")
    assert player_name(None, tmp_path) == "human"        # a broken settings file loses nothing else


def test_history_text_shows_mode_difficulty_journal_drill_and_status(tmp_path, monkeypatch, capsys):
    from sim.cli import main
    monkeypatch.setenv("STORMDESK_HOME", str(tmp_path))
    s = Store.open(tmp_path)
    s.record(_quick(tmp_path, "early.jsonl", end_at=60, player="Ana"))
    s.record(_quick(tmp_path, "done.jsonl", seed=2, player="Bo"))
    s.close()
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "realtime" in out and "standard" in out and "drill" in out
    assert str(tmp_path / "journals" / "done.jsonl") in out and "ended early" in out
    assert "1 ended early or interrupted, not counted" in out
    assert main(["history", "--player", "Ana"]) == 0
    out = capsys.readouterr().out
    assert "early.jsonl" in out and "done.jsonl" not in out


def test_play_name_flag_reaches_the_drill(tmp_path, monkeypatch):
    from sim.cli import build_parser
    from sim.tui.app import make_app
    monkeypatch.delenv("STORMDESK_PLAYER", raising=False)
    assert build_parser().parse_args(["play", "--name", "Ana"]).name == "Ana"
    app = make_app(store_root=tmp_path, player="Ana")
    assert app.player == "Ana"
    assert make_app(store_root=tmp_path).player == "Ana"          # remembered


def test_a_database_locked_at_start_turns_history_off_at_once(journals, tmp_path, monkeypatch):
    """Issue 13 item 10: an exclusively locked database made every later query wait (21 s on
    the title screen). Now one short wait at open, then no history for the session, said so."""
    s = Store.open(tmp_path)
    s.record(journals["model"])
    s.close()
    holder = sqlite3.connect(tmp_path / DB_NAME)
    holder.execute("BEGIN EXCLUSIVE")
    calls = []
    try:
        locked = Store.open(tmp_path)
        assert locked.db is None and locked.locked
        assert any("locked" in w and "history is off for this session" in w for w in locked.warnings)
        monkeypatch.setattr(sim.store.sqlite3, "connect", lambda *a, **k: calls.append(a))
        assert locked.drills() == [] and locked.interrupted() == [] and locked.progress()["drills"] == 0
        assert locked.record(journals["rude"]) is None
        assert calls == []                      # nothing else waits on the lock
    finally:
        holder.rollback()
        holder.close()


def test_an_incompatible_schema_is_moved_aside_and_rebuilt(journals, tmp_path):
    jdir = tmp_path / "journals"
    jdir.mkdir()
    (jdir / "a.jsonl").write_bytes(journals["model"].read_bytes())
    old = sqlite3.connect(tmp_path / DB_NAME)
    old.execute("CREATE TABLE drills (journal TEXT PRIMARY KEY, score REAL)")
    old.execute("INSERT INTO drills VALUES ('x', 1.0)")
    old.commit()
    old.close()
    s = Store.open(tmp_path)
    aside = list(tmp_path.glob("history.incompatible-*.sqlite3"))
    assert len(aside) == 1 and any("another version" in w and str(aside[0]) in w for w in s.warnings)
    assert [r.journal.name for r in s.drills()] == ["a.jsonl"]
    kept = sqlite3.connect(aside[0])
    assert kept.execute("SELECT * FROM drills").fetchall() == [("x", 1.0)]
    kept.close()
