"""The desk as a trainee uses it (issue 14): the selection stays put, every reason and fact is
reachable, nothing is clipped, the header is one line, the clock stops behind every dialog,
F10 asks, the projector view, the theme switch. Fixed words: the fixture scenario, the scripted
writer and scorer (tests/functional/tui/scripted.py)."""
from __future__ import annotations

import ast
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult

from sim.tui.screens import ConfirmEnd, ConfirmQuit, DeskScreen, HelpScreen, ResultsScreen
from sim.tui.dialogs import FactsDialog, ReasonsDialog
from sim.tui.view import DeskView
from sim.tui.widgets import Feed, NeedsReply, ScoreCard, StatusBar
from sim.tui.widgets.projector import ProjectorView
from sim.tui.widgets.status import status_line
from tests.functional.tui.conftest import run_for, screen_text, to_desk
from tests.functional.tui.scripted import FACTS, REASONS

REPLY = "So sorry, calls are down across the UK; 999 calls still connect. DM me and we'll help"


def text_of(widget) -> str:
    return str(widget.render())


async def test_selection_stays_put_while_a_burst_of_posts_arrives(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 25)
        q = app.drill.queue()
        assert len(q) >= 3
        await pilot.press("ctrl+down", "ctrl+down")
        await pilot.pause()
        chosen = desk.selected
        assert chosen == q[2].id
        handle = app.drill.posts[chosen].handle
        await pilot.press(*"half typed")
        for _ in range(10):                 # the burst: a wave of posts, one tick at a time
            clock.advance(6)
            desk.tick()
        await pilot.pause()
        assert len(app.drill.posts) > len(q) + 3, "the burst should have brought posts"
        assert [p.id for p in app.drill.queue()].index(chosen) != 2       # the queue re-sorted around it
        assert desk.selected == chosen                      # new posts never move it
        assert desk.query_one(NeedsReply).highlighted_option.id == chosen
        assert handle in text_of(desk.query_one("#quoted"))
        assert desk.query_one("#compose").value == "half typed"
        await pilot.press(*" and sent", "enter")
        await pilot.pause()
        assert list(app.drill.replies) == [chosen]          # to the post shown, and no other
        assert app.drill.replies[chosen].text == "half typed and sent"


async def test_when_the_same_person_writes_again_the_selection_follows_their_thread(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 5)
        first = desk.selected
        root = app.drill.posts[first]
        # their patience runs out: they chase, and the newer post supersedes the first
        for _ in range(20):
            clock.advance(10)
            desk.tick()
            await pilot.pause()
            newer = [p for p in app.drill.posts.values() if p.reply_to and p.handle == root.handle
                     and p.id in {w.id for w in app.drill.waiting()}]
            if newer:
                break
        assert newer, "the first author should have chased"
        assert first not in {p.id for p in app.drill.waiting()}
        assert desk.selected == newer[-1].id and app.drill.posts[desk.selected].handle == root.handle
        quoted = text_of(desk.query_one("#quoted"))
        assert "from the first post" in quoted and root.text[:60] in quoted     # the original need
        await pilot.press(*REPLY, "enter")
        await pilot.pause()
        assert list(app.drill.replies) == [newer[-1].id]


async def test_every_reason_on_a_key_and_under_the_reply_in_the_feed(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 10)
        await pilot.press("f3")                     # nothing sent yet: says so
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert any("No reply sent yet" in n.message for n in app._notifications)
        await pilot.press(*REPLY, "enter")
        await pilot.pause()
        card = desk.query_one(ScoreCard)
        assert f"{len(REASONS)} reasons" in card.border_title
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ReasonsDialog)
        shown = screen_text(app)
        for r in REASONS:
            assert r.lstrip("+- ") in shown, r
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        lines = "\n".join(desk.query_one(Feed).plain_lines)
        for r in REASONS:
            assert r.lstrip("+- ") in lines, r


async def test_every_fact_is_reachable_at_80x24(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 130)
        assert "7 facts" in app.screen.query_one("#facts").border_subtitle
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, FactsDialog)
        shown = text_of(app.screen.query_one("#all-facts Static"))
        for f in FACTS:
            assert f.text in shown, f.text


async def test_the_highlighted_queue_entry_is_shown_whole(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 25)
        queue = desk.query_one(NeedsReply)
        post = app.drill.posts[desk.selected]
        full = " ".join(str(queue.highlighted_option.prompt).split())
        assert post.text in full and post.handle in full
        others = [o for o in queue.options if o.id != desk.selected and not o.disabled]
        assert others and all(str(o.prompt).count("\n") == 1 for o in others)     # two lines each
        assert post.text in " ".join(text_of(desk.query_one("#quoted")).split())


async def test_header_is_one_line_at_80_columns_paused_or_not(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 30)
        await pilot.press(*REPLY, "enter")
        await pilot.pause()
        bar = desk.query_one(StatusBar)
        assert bar.size.height == 1 and "\n" not in text_of(bar)
        assert len(text_of(bar)) <= 78
        await pilot.press("f2")
        await pilot.pause()
        shown = text_of(bar)
        assert "PAUSED" in shown and bar.size.height == 1 and len(shown) <= 78
        assert "answered" in shown or "sent" in shown
    # every wording the bar can choose fits 80 columns, with the big numbers
    v = DeskView.of(app.drill)
    for flags in [dict(paused=True), dict(held=True), dict(finished=True), dict(mode="turns"), {}]:
        from dataclasses import replace
        line = status_line(replace(v, **flags), 78).plain
        assert len(line) <= 78 and v.world_time in line, line


async def test_pauses_show_in_the_status_bar_not_the_feed(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 10)
        before = len(desk.query_one(Feed).entries)
        for _ in range(3):
            await pilot.press("f2")
            await pilot.pause()
            await pilot.press("f2")
            await pilot.pause()
        assert len(desk.query_one(Feed).entries) == before
        assert not any("paused" in line for line in desk.query_one(Feed).plain_lines)
        kinds = [e["type"] for e in app.drill.journal.events]
        assert kinds.count("pause") == 3 and kinds.count("resume") == 3      # still journalled


async def test_the_clock_stops_behind_help_and_every_dialog(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 20)
        for key, dialog in [("f1", HelpScreen), ("ctrl+q", ConfirmQuit), ("f10", ConfirmEnd),
                            ("f4", FactsDialog)]:
            t = app.drill.t
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, dialog)
            assert app.clock.paused
            clock.advance(300)                          # five minutes reading the dialog
            desk.tick()
            await pilot.pause()
            assert app.drill.t == t, key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, DeskScreen) and not app.clock.paused
            assert app.clock() == t or abs(app.clock() - t) < 1e-6   # the time in the dialog did not count
        assert not app.drill.paused                     # a dialog is not a journalled pause
        await pilot.press("f2")                         # the player's own pause survives a dialog
        await pilot.press("f1")
        await pilot.press("escape")
        await pilot.pause()
        assert app.clock.paused and app.drill.paused


async def test_f10_asks_before_ending(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 20)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmEnd) and not app.drill.finished
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen) and not app.drill.finished
        await pilot.press("f10", "y")
        await pilot.pause()
        assert app.drill.finished and app.drill.end_reason == "ended"
        assert isinstance(app.screen, ResultsScreen)


async def test_follow_up_pick_an_answered_post_and_reply_in_its_thread(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 5)
        first = desk.selected
        await pilot.press(*"ok", "enter")       # a poor, short reply: they will chase
        await pilot.pause()
        assert first in app.drill.replies and desk.selected != first
        queue = desk.query_one(NeedsReply)
        assert first in [o.id for o in queue.options]          # listed under "answered"
        await pilot.press("f5")                                # F5: the post answered last
        await pilot.pause()
        assert desk.selected == first and queue.highlighted_option.id == first
        quoted = text_of(desk.query_one("#quoted"))
        assert "Following up with" in quoted and "your 1 reply" in quoted and "you (" in quoted
        await pilot.press(*"more news", "enter")               # a follow-up in the same thread
        await pilot.pause()
        assert len(app.drill.replies) == 1 and [e.text for e in app.drill.follow_ups] == ["more news"]
        assert app.drill.follow_ups[0].post_id == first and app.drill.follow_ups[0].follow_up == 1
        assert desk.query_one("#compose").value == ""
        assert "follow-up" in screen_text(app)                 # the feed marks it
        card = desk.query_one(ScoreCard)
        assert card.reply is not None and card.reply.text == "more news"   # the card shows the follow-up
        handle = app.drill.posts[first].handle
        for _ in range(30):                                    # they write again in the thread
            clock.advance(10)
            desk.tick()
            await pilot.pause()
            newer = [p for p in app.drill.waiting() if p.handle == handle]
            if newer:
                break
        assert newer
        assert first not in [o.id for o in queue.options]      # their newer post waits in the queue instead
        desk.selected = first
        await pilot.pause()
        assert desk.target().id == newer[-1].id
        quoted = text_of(desk.query_one("#quoted"))
        assert "from the first post" in quoted and "your 2 replies" in quoted
        await pilot.press(*"even more", "enter")
        await pilot.pause()
        assert app.drill.replies[newer[-1].id].text == "even more"


async def test_f5_with_nothing_answered_says_what_it_does(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 5)
        before = app.screen.selected
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen.selected == before
        assert any("Nothing to follow up yet" in n.message for n in app._notifications)


async def test_projector_view_shows_the_post_the_reply_and_the_mood(build_fixed):
    app, clock = build_fixed(projector=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 10)
        proj = desk.query_one(ProjectorView)
        assert proj.display and not desk.query_one("#desk-body").display
        post = app.drill.posts[desk.selected]
        await pilot.press(*REPLY, "enter")
        await pilot.pause()

        def shown_now() -> str:
            return " ".join(text_of(w) for w in proj.query("Static, Label"))
        shown = shown_now()
        assert REPLY in shown and post.handle in shown
        assert "SCORE" in shown and "CROWD MOOD" in shown
        assert "CROWD MOOD" in screen_text(app) and REPLY[:20] in screen_text(app)
        score = app.drill.replies[post.id].score("overall")
        assert str(proj.query_one("#proj-score").value) == f"{score:.0f}"
        for r in REASONS[:4]:
            assert r.lstrip("+- ") in shown
        now = app.drill.posts[desk.selected]
        assert now.text[:40] in shown                        # the next post, large
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        screen = screen_text(app)                      # at 160x45 every line is on screen as it is
        assert REPLY in screen and now.text[:100] in screen
        for r in REASONS:
            assert r.lstrip("+- ") in screen, r


async def test_a_theme_change_repaints_the_feed(build_fixed):
    app, clock = build_fixed()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 20)
        feed = app.screen.query_one(Feed)
        before = feed.render_line(0)
        bg_before = {s.style.bgcolor for s in before if s.style and s.style.bgcolor}
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        after = feed.render_line(0)
        bg_after = {s.style.bgcolor for s in after if s.style and s.style.bgcolor}
        assert bg_after and bg_after != bg_before
        assert bg_after == {feed.rich_style.bgcolor}          # every cached line has the new colours


class FeedApp(App):
    def compose(self) -> ComposeResult:
        yield Feed(max_entries=1000)


async def test_full_width_lines_keep_their_last_character_when_the_scrollbar_shows():
    app = FeedApp()
    async with app.run_test(size=(40, 10)) as pilot:
        feed = app.query_one(Feed)
        width = feed.scrollable_content_region.width
        lines = [("x" * (width - 1)) + str(i % 10) for i in range(30)]   # exactly the wrap width
        for line in lines:
            feed.add(Text(line))
        await pilot.pause()
        assert feed.show_vertical_scrollbar
        shown = screen_text(app)
        for line in lines[-8:]:
            assert line in shown, line


def test_no_screen_imports_another():
    screens = Path(__file__).resolve().parents[3] / "sim" / "tui" / "screens"
    names = {p.stem for p in screens.glob("*.py")} - {"__init__"}
    for path in screens.glob("*.py"):
        if path.stem == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = []
            if isinstance(node, ast.ImportFrom) and node.module:
                mods = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            for m in mods:
                assert not m.startswith("sim.tui.screens") or m.split(".")[-1] not in names - {path.stem} \
                    and m != "sim.tui.screens", f"{path.name} imports {m}"


def test_widgets_do_not_reach_into_the_engine():
    widgets = Path(__file__).resolve().parents[3] / "sim" / "tui" / "widgets"
    for path in widgets.glob("*.py"):
        src = path.read_text(encoding="utf-8")
        assert "sim.engine" not in src, f"{path.name} imports the engine"


async def test_the_narrow_status_bar_counts_a_follow_up_as_sent(build_fixed):
    """'sent N' at 80 columns is every reply sent: a follow-up in an answered post's thread (F5)
    counts too (it used to show the answered posts only: 'sent 1' after two replies)."""
    app, clock = build_fixed()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        await run_for(pilot, clock, 5)
        await pilot.press(*"ok", "enter")
        await pilot.pause()
        await pilot.press("f5", *"more news", "enter")
        await pilot.pause()
        assert len(app.drill.replies) == 1 and len(app.drill.follow_ups) == 1
        shown = text_of(desk.query_one(StatusBar))
        assert "sent 2" in shown, shown
    v = DeskView.of(app.drill)
    wide = status_line(v, 200).plain               # the widest wording names both
    assert "answered 1 +1 follow-up · waiting" in wide, wide
