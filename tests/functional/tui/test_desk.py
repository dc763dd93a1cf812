"""Play the game headless with a fake clock: no sleeps, no real user data."""
from __future__ import annotations

import pytest

from sim.clock import FakeClock
from sim.tui.app import make_app
from sim.tui.screens import BriefingScreen, ConfirmQuit, DeskScreen, HelpScreen, ResultsScreen, TitleScreen


def app_for(tmp_path, **kw):
    clock = FakeClock()
    return make_app(seed=kw.pop("seed", 7), clock_source=clock, store_root=tmp_path, **kw), clock


async def to_desk(pilot):
    await pilot.press("enter")          # the highlighted scenario
    await pilot.pause()
    await pilot.press("enter")          # the briefing
    await pilot.pause()


async def test_newcomer_path_play_a_whole_drill(tmp_path):
    app, clock = app_for(tmp_path)
    messages = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await to_desk(pilot)
        assert isinstance(app.screen, DeskScreen)
        clock.advance(40)
        app.screen.tick()
        await pilot.pause()
        assert app.drill.posts, "posts should be arriving"
        await pilot.press(*"Sorry, calls are down across the UK and engineers are on it. DM me")
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.drill.replies) == 1
        reply = next(iter(app.drill.replies.values()))
        assert f"Score {reply['scores']['overall']:.0f}" in str(app.screen.query_one("#score").render())
        await pilot.press("f2")                    # pause: the clock stops
        assert app.clock.paused
        await pilot.press("f2")
        clock.advance(700)
        app.screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
    assert any(type(m).__name__ == "Submitted" for m in messages)
    rows = app.store.drills()
    assert rows and rows[0].finished and rows[0].totals["answered"] == 1


async def test_typed_reply_survives_a_resize(tmp_path):
    app, clock = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await pilot.press(*"half a reply")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert app.screen.query_one("#compose").value == "half a reply"


async def test_turns_mode_waits_for_the_facilitator(tmp_path):
    app, clock = app_for(tmp_path, mode="turns")
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        clock.advance(500)
        await pilot.pause(0.3)
        assert not app.drill.posts                  # the clock does not move a turns drill
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.drill.posts


async def test_help_and_quit_keeps_the_journal_and_title_offers_resume(tmp_path):
    app, clock = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        clock.advance(30)
        app.screen.tick()
        await pilot.pause()
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press(*"Sorry, engineers are on it")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("y")
        await pilot.pause()
    app2, _ = app_for(tmp_path)
    cut = app2.store.interrupted()
    assert cut and cut[0].totals["answered"] == 1
    async with app2.run_test(size=(80, 24)) as pilot:
        assert "resumed" in str(app2.screen.query_one("#recent").render())
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app2.screen, DeskScreen) and len(app2.screen.drill.replies) == 1


async def test_post_text_is_shown_literally(tmp_path):
    app, clock = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        weird = {"id": "x", "at": 1, "author": "A", "handle": "@[b]x[/b]", "persona": "angry", "kind": "post",
                 "text": "[bold red]not markup[/] 😡 مرحبا \u200b" + "a" * 300, "reach": 5, "anger": 50, "priority": 0.1}
        desk.show_event({"type": "post", "t": 1, "post": weird})
        await pilot.pause()
        lines = "".join(desk.query_one("#feed").plain_lines)
        assert "[bold red]not markup[/]" in lines and "@[b]x[/b]" in lines


async def test_replies_and_reactions_are_threaded_under_their_post(tmp_path):
    app, clock = app_for(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        base = {"author": "A", "persona": "angry", "kind": "post", "reach": 5, "anger": 50, "priority": 0.1, "at": 1}
        desk.show_event({"type": "post", "t": 1, "post": {**base, "id": "a1", "handle": "@first", "text": "first post"}})
        desk.show_event({"type": "post", "t": 2, "post": {**base, "id": "a2", "handle": "@second", "text": "second post"}})
        desk.show_event({"type": "post", "t": 3, "post": {**base, "id": "a3", "handle": "@first", "kind": "follow_up",
                                                         "text": "chasing my first post", "reply_to": "a1"}})
        await pilot.pause()
        lines = desk.query_one("#feed").plain_lines
        i1 = next(i for i, l in enumerate(lines) if "first post" in l and "chasing" not in l)
        assert "chasing my first post" in lines[i1 + 1]        # under its post, before the second post
        assert any("second post" in l for l in lines[i1 + 2:])
