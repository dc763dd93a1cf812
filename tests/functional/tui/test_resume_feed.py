"""A resumed drill's desk shows what happened so far from the journal's typed events
(``journal.typed``, as replay.resume rebuilt them): the same feed the player saw live."""
from __future__ import annotations

from sim.events import Posted, Replied
from sim.tui.screens import DeskScreen
from sim.tui.widgets import Feed
from tests.functional.tui.conftest import run_for, to_desk


async def test_the_resumed_desk_shows_the_feed_the_player_saw(build):
    app, clock = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 40)
        await pilot.press(*"Sorry, engineers are on it", "enter")
        await pilot.pause()
        await run_for(pilot, clock, 60)
        live = list(app.screen.query_one(Feed).plain_lines)
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert any("Sorry, engineers are on it" in line for line in live)
    app2, _ = build()
    async with app2.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        desk = app2.screen
        assert isinstance(desk, DeskScreen)
        typed = desk.drill.journal.typed
        assert any(isinstance(e, Replied) for e in typed) and any(isinstance(e, Posted) for e in typed)
        assert desk.query_one(Feed).plain_lines == live
