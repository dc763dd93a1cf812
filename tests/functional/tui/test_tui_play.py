"""Play the game headless with a fake clock: no sleeps, no real user data."""
from __future__ import annotations

from pathlib import Path

from sim.tui.app import run_app
from sim.tui.screens import BriefingScreen, ConfirmQuit, DeskScreen, HelpScreen, ResultsScreen, TitleScreen
from sim.tui.screens.desk import DrillUpdated
from sim.tui.widgets import Feed, NeedsReply, ScoreCard, StatusBar
from tests.functional.tui.conftest import run_for, to_desk

REPLY = "Sorry, calls are down across the UK and engineers are on it. DM me"


def text_of(widget) -> str:
    return str(widget.render())


async def test_newcomer_path_play_a_whole_drill(build):
    app, clock = build()
    messages = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        await run_for(pilot, clock, 40)
        assert app.drill.posts, "posts should be arriving"
        first = desk.selected
        assert first == app.drill.queue()[0].id           # the most urgent post is picked for you
        assert app.drill.posts[first].handle in text_of(desk.query_one("#quoted"))
        await pilot.press(*REPLY)
        assert desk.query_one("#compose").border_subtitle == f"{len(REPLY)}/280"
        await pilot.press("enter")
        await pilot.pause()
        assert list(app.drill.replies) == [first]
        scores = app.drill.replies[first].scores
        card = desk.query_one(ScoreCard)
        assert card.border_title.startswith(f"Your reply: {scores['overall']:.0f}/100")
        assert f"empathy {scores['empathy']:.0f}" in card.border_subtitle
        assert scores["reasons"] and scores["reasons"][0].lstrip("+- ")[:20] in text_of(card)
        assert desk.query_one("#compose").value == ""
        assert f"emp {scores['empathy']:.0f} " in text_of(desk.query_one(StatusBar))     # 80 columns: short words
        assert desk.selected != first and desk.selected in app.drill.posts      # on to the next one
        # the reply sits in the feed under the post it answers
        lines = desk.query_one(Feed).plain_lines
        i = next(i for i, l in enumerate(lines) if app.drill.posts[first].text in l)
        assert "YOU" in lines[i + 1] and REPLY in lines[i + 1]
        await pilot.press("f2")                      # pause: the clock stops, the drill says so
        assert app.clock.paused and app.drill.paused
        assert "PAUSED" in text_of(desk.query_one(StatusBar))
        t = app.drill.t
        await run_for(pilot, clock, 300)
        assert app.drill.t == t                      # nothing moves while paused
        await pilot.press("f2")
        assert not app.clock.paused
        await run_for(pilot, clock, 700)
        assert isinstance(app.screen, ResultsScreen)
        shown = text_of(app.screen.query_one("#results Static"))
        assert "Best replies" in shown and REPLY in shown and "Missed posts" in shown
    names = [type(m).__name__ for m in messages]
    assert "Submitted" in names and "DrillUpdated" in names
    assert "StartDrill" in names and "DrillFinished" in names      # screens tell the App, it moves on
    rows = app.store.drills()
    assert rows and rows[0].finished and rows[0].totals["answered"] == 1


async def test_a_burst_of_ticks_renders_the_panels_once(build):
    app, clock = build()
    handled = []
    async with app.run_test(size=(80, 24), message_hook=handled.append) as pilot:
        await to_desk(pilot)
        desk = app.screen
        handled.clear()
        for _ in range(30):                          # a burst: 30 ticks before the UI gets a look in
            clock.advance(10)
            desk.tick()
        await pilot.pause()
        updates = sum(isinstance(m, DrillUpdated) for m in handled)
        assert updates == 1, f"{updates} panel updates for one burst"
        # and the panels show the drill as it is after the whole burst
        assert app.drill.state.world_time in text_of(desk.query_one(StatusBar))
        assert desk.query_one(NeedsReply).view.queue == tuple(app.drill.queue())


async def test_queue_moves_with_the_keyboard_and_quotes_the_post(build):
    app, clock = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 120)
        desk = app.screen
        q = app.drill.queue()
        assert len(q) >= 3
        await pilot.press("ctrl+down", "ctrl+down")
        await pilot.pause()
        assert desk.selected == q[2].id
        assert q[2].handle in text_of(desk.query_one("#quoted"))
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert desk.selected == q[1].id
        # vulnerable people come first, and say so in words and symbols, not colour alone
        labels = [str(o.prompt) for o in desk.query_one(NeedsReply).options]
        for p, label in zip(q, labels):
            assert p.handle[:8] in label
            if p.persona == "vulnerable":
                assert label.startswith("!! VULNERABLE")


async def test_typed_reply_survives_resizing(build):
    app, clock = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 60)
        await pilot.press(*"half a reply")
        for size in [(40, 12), (200, 60), (80, 24), (20, 8), (120, 40)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        box = app.screen.query_one("#compose")
        assert box.value == "half a reply" and app.screen.focused is box
        await run_for(pilot, clock, 5)
        assert box.value == "half a reply"


async def test_turns_mode_waits_for_the_facilitator(build):
    app, clock = build(mode="turns")
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 500)
        assert not app.drill.posts                  # the clock does not move a turns drill
        await pilot.press("f2")                     # nothing to pause: untimed
        assert not app.clock.paused
        await pilot.press("ctrl+n")
        await pilot.pause()
        wave = app.drill.state.wave
        assert app.drill.posts and wave >= 1
        assert f"wave {wave}/" in text_of(desk.query_one(StatusBar))
        assert "turns" in text_of(desk.query_one(StatusBar))
        seen = len(app.drill.posts)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.drill.state.wave > wave and len(app.drill.posts) > seen


async def test_quit_mid_drill_keeps_the_journal_and_the_title_offers_resume(build):
    app, clock = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 30)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press(*"Sorry, engineers are on it")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+c")                 # Ctrl+C asks first, like Ctrl+Q
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    journal = Path(app.journal_path)
    assert '"type": "reply"' in journal.read_text() or '"type":"reply"' in journal.read_text()
    app2, _ = build()
    cut = app2.store.interrupted()
    assert cut and cut[0].totals["answered"] == 1
    async with app2.run_test(size=(80, 24)) as pilot:
        recent = text_of(app2.screen.query_one("#recent"))
        assert "Interrupted" in recent and "r  resume it" in recent
        await pilot.press("r")
        await pilot.pause()
        desk = app2.screen
        assert isinstance(desk, DeskScreen) and len(desk.drill.replies) == 1
        assert any("Sorry, engineers are on it" in l for l in desk.query_one(Feed).plain_lines)


async def test_title_debriefs_an_interrupted_drill(build):
    app, clock = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 30)
        await pilot.press(*"Sorry, engineers are on it", "enter")
        await pilot.pause()
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    journal = Path(app.journal_path)
    app2, _ = build()
    async with app2.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
    html = journal.with_suffix(".html")
    assert html.exists() and "Sorry, engineers are on it" in html.read_text(encoding="utf-8")
    assert journal.with_suffix(".md").exists()


async def test_results_write_the_full_debrief_and_show_where(build):
    app, clock = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 40)
        await pilot.press(*REPLY, "enter")
        await pilot.pause()
        await pilot.press("f10")                     # end now: it asks first
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("r")
        await pilot.pause()
        shown = text_of(app.screen.query_one("#report-path"))
        html = Path(app.journal_path).with_suffix(".html")
        assert str(html) in shown and html.exists()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "ended" in text_of(app.screen.query_one("#recent")) or "finished" in text_of(app.screen.query_one("#recent"))


async def test_bad_input_is_a_message_not_a_crash(build):
    app, clock = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await pilot.press("enter")                   # nothing typed
        await pilot.pause()
        assert any("Type a reply first" in n.message for n in app._notifications)
        await run_for(pilot, clock, 40)
        desk = app.screen
        desk.selected = "p-does-not-exist"           # a post the engine does not know
        await pilot.press(*"hello", "enter")
        await pilot.pause()
        assert any("no post" in n.message for n in app._notifications)
        assert isinstance(app.screen, DeskScreen) and not app.drill.replies
        assert desk.query_one("#compose").value == "hello"      # what was typed is kept


async def test_over_long_reply_is_counted_and_flagged(build):
    app, clock = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        box = app.screen.query_one("#compose")
        box.value = "x" * 300
        await pilot.pause()
        assert box.border_subtitle == "300/280 · 20 over!"


async def test_command_palette_runs_desk_actions(build):
    app, clock = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 10)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Pause / resume")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.clock.paused and app.drill.paused


async def test_projector_toggle(build):
    app, clock = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        assert not desk.has_class("projector")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert desk.has_class("projector") and app.projector
        assert not desk.query_one("#desk-body").display and desk.query_one("#projector").display
        await pilot.press(*"still typing")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not desk.has_class("projector") and desk.query_one("#desk-body").display
        assert desk.query_one("#compose").value == "still typing"


def test_bad_scenario_is_a_message_and_exit_2(capsys):
    assert run_app(scenario="no-such-scenario") == 2
    err = capsys.readouterr().err
    assert "no-such-scenario" in err and "Traceback" not in err


def test_bad_scenario_file_is_a_message_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    assert run_app(scenario=str(bad)) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "Traceback" not in err
