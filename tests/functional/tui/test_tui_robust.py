"""Issue 13 in the game: no traceback when the journal cannot be created (an unwritable home, a
very long scenario id), a full disk pauses the drill and keeps the draft, and a locked history
database does not stop the title screen."""
from __future__ import annotations

import errno
import sqlite3

import sim.journal
from sim.tui.screens import BriefingScreen, DeskScreen, TitleScreen
from tests.functional.tui.conftest import FIXED, run_for, screen_text, to_desk

ROOT = __import__("pathlib").Path(__file__).resolve().parents[3]


async def test_an_unwritable_home_says_so_instead_of_a_traceback(tmp_path):
    from sim.clock import FakeClock
    from sim.tui.app import make_app
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    app = make_app(seed=7, clock_source=FakeClock(), store_root=blocker / "home", now=lambda: FIXED)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        assert isinstance(app.screen, BriefingScreen)          # still there, nothing started
        await pilot.pause(0.2)
        text = " ".join(screen_text(app).split())
        assert "Cannot start the drill" in text and "STORMDESK_HOME" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
    assert app.return_code in (None, 0)


async def test_a_240_character_id_plays(build, tmp_path):
    src = (ROOT / "tests/fixtures/scenarios/valid-minimal.yaml").read_text()
    long_id = "a-very-long-scenario-id-" * 10
    long_id = long_id[:240].rstrip("-")
    p = tmp_path / "long.yaml"
    p.write_text(src.replace("id: fixture-outage", f"id: {long_id}"))
    from sim.scenario import validate_file
    assert validate_file(p) == []
    app, clock = build(scenario=str(p))
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        assert isinstance(app.screen, DeskScreen)
        await run_for(pilot, clock, 20)
        assert app.journal_path.exists() and len(app.journal_path.name) < 120
        assert sim.journal.read_journal(app.journal_path).header.scenario == long_id


async def test_a_full_disk_pauses_the_drill_keeps_the_draft_and_carries_on(build, monkeypatch):
    from sim.tui.dialogs import JournalStuck
    app, clock = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 30)
        desk = app.screen
        await pilot.press(*"Sorry, we are on it")
        real = sim.journal.os.write
        full = {"on": True}

        def write(fd, data):
            if full["on"]:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(fd, data)
        monkeypatch.setattr(sim.journal.os, "write", write)
        size = app.journal_path.stat().st_size
        await run_for(pilot, clock, 30)
        assert isinstance(app.screen, JournalStuck)
        assert app.clock.paused and app.drill.paused
        assert "No space left on device" in " ".join(screen_text(app).split())
        assert desk.query_one("#compose").value == "Sorry, we are on it"     # the draft is kept
        assert app.journal_path.stat().st_size == size                       # no half line
        t = app.drill.t
        clock.advance(100)
        desk.tick()                                                          # the timer goes on...
        await pilot.pause()
        assert app.drill.t == t                                              # ...but nothing moves
        await pilot.press("r")                                               # still full
        await pilot.pause()
        assert isinstance(app.screen, JournalStuck) and app.drill.t == t and app.clock.paused
        full["on"] = False                                                   # space freed
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is desk and not app.clock.paused and not app.drill.paused
        assert app.drill.journal.pending == 0 and app.drill.journal.failed is None
        assert desk.query_one("#compose").value == "Sorry, we are on it"
        await run_for(pilot, clock, 20)
    from sim.replay import replay
    res = replay(app.journal_path)
    assert res.ok, res.text()
    kinds = [e.kind for e in sim.journal.read_journal(app.journal_path).events]
    assert "pause" in kinds and "resume" in kinds


async def test_a_locked_history_database_starts_without_history_and_says_so(build, tmp_path):
    from sim.store import DB_NAME, Store
    Store.open(tmp_path).close()
    holder = sqlite3.connect(tmp_path / DB_NAME)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        app, _ = build()
        assert app.store.db is None
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TitleScreen)
            assert "history is off for this session" in " ".join(screen_text(app).split())
            await to_desk(pilot)
            assert isinstance(app.screen, DeskScreen)       # the game itself is unaffected
    finally:
        holder.rollback()
        holder.close()


async def test_turns_mode_one_wave_per_ctrl_n_and_the_facilitator_ends_it(build):
    from sim.tui.screens import ResultsScreen
    from sim.tui.dialogs import ConfirmLastWave as ConfirmEnd
    from sim.tui.widgets import StatusBar
    app, clock = build(mode="turns")
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        brief = " ".join(screen_text(app).split())
        assert "speed" not in brief.lower() and "Turns mode, untimed" in brief
        await pilot.press("enter")
        await pilot.pause()
        desk = app.screen
        n = len(app.drill.scenario.waves)
        for k in range(1, n + 1):
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert app.drill.state.wave == k and not app.drill.finished
            status = str(desk.query_one(StatusBar).render())
            assert f"wave {k}/{n}" in status and "speed" not in status
        await pilot.press("ctrl+n")                      # after the last wave: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmEnd) and not app.drill.finished
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is desk and not app.drill.finished
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.drill.finished and isinstance(app.screen, ResultsScreen)
        assert "speed" not in " ".join(screen_text(app).split()).lower()


async def test_a_fifo_in_the_journals_folder_does_not_blank_the_game(build, tmp_path):
    import os
    (tmp_path / "journals").mkdir()
    os.mkfifo(tmp_path / "journals" / "stuck.jsonl")
    app, _ = build()                                   # opening the store lists the folder
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert any("stuck.jsonl: is a named pipe (FIFO), not a journal" in w for w in app.store.warnings)
        assert "Vela Mobile" in screen_text(app)          # the title screen is drawn, not blank
        await to_desk(pilot)
        assert isinstance(app.screen, DeskScreen)
