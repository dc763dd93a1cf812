"""The feed is line-based and capped: a flood of posts stays cheap, the journal keeps everything."""
from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from sim.tui.widgets import Feed
from tests.functional.tui.conftest import screen_text


class FeedApp(App):
    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap

    def compose(self) -> ComposeResult:
        yield Feed(max_entries=self.cap)


async def test_flood_is_capped_and_follows_the_newest():
    app = FeedApp(cap=500)
    async with app.run_test(size=(80, 24)) as pilot:
        feed = app.query_one(Feed)
        for i in range(3_000):
            feed.add(Text(f"post number {i}"), post_id=f"p{i}")
        await pilot.pause()
        assert len(feed.entries) <= 500 + 200
        assert feed.plain_lines[-1] == "post number 2999"
        assert feed.virtual_size.height == len(feed.entries)
        for _ in range(100):             # on a busy machine the scroll to the end lands later
            if feed.scroll_y == feed.max_scroll_y:
                break
            await pilot.pause(0.05)
        assert feed.scroll_y == feed.max_scroll_y                      # the newest is in view
        assert "post number 2999" in screen_text(app)


async def test_scrolling_back_stops_following_and_end_resumes():
    app = FeedApp(cap=1000)
    async with app.run_test(size=(80, 24)) as pilot:
        feed = app.query_one(Feed)
        feed.focus()
        for i in range(200):
            feed.add(Text(f"line {i}"))
        await pilot.pause()
        await pilot.press("pageup")
        await pilot.pause()
        y = feed.scroll_y
        assert not feed.follow
        feed.add(Text("new arrival"))
        await pilot.pause()
        assert feed.scroll_y == y                       # reading back is not yanked to the bottom
        await pilot.press("end")
        await pilot.pause()
        assert feed.follow and feed.scroll_y == feed.max_scroll_y


async def test_threads_and_wrapping_follow_the_width():
    app = FeedApp(cap=1000)
    async with app.run_test(size=(40, 20)) as pilot:
        feed = app.query_one(Feed)
        feed.add(Text("first " * 20), post_id="a")
        feed.add(Text("second"), post_id="b")
        feed.add(Text("reply to first"), parent_id="a")
        feed.add(Text("reaction to the reply"), parent_id="a")
        await pilot.pause()
        assert feed.plain_lines == ["first " * 20, "reply to first", "reaction to the reply", "second"]
        narrow = feed.virtual_size.height
        await pilot.resize_terminal(120, 20)
        await pilot.pause()
        assert feed.virtual_size.height < narrow            # wider: the long post takes fewer lines
        feed.gap = 1
        await pilot.pause()
        assert feed.virtual_size.height == sum(len(e.strips) for e in feed.entries)
        assert all(len(e.strips) >= 2 for e in feed.entries)
