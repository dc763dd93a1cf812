"""Post text is data: markup, emoji, RTL, zero-width characters and very long words are shown
literally and never break the layout. Nothing is told by colour alone."""
from __future__ import annotations

from dataclasses import replace

from rich.text import Text

from sim.model import Post
from sim.tui.render import clean, post_line, queue_label, reply_line
from sim.tui.widgets import Feed
from tests.functional.tui.conftest import post, run_for, screen_text, to_desk

HOSTILE = "[bold red]not markup[/] [link=http://x]x[/link] 😡 مرحبا بالعالم \u200b\u202e flipped " + "a" * 300



async def test_post_text_is_shown_literally(build):
    app, clock = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        desk = app.screen
        desk.show_event({"type": "post", "t": 1, "post": post("x", HOSTILE, handle="@[b]x[/b]")})
        await pilot.pause()
        feed = desk.query_one(Feed)
        lines = "".join(feed.plain_lines)
        assert "[bold red]not markup[/]" in lines and "@[b]x[/b]" in lines and "[link=http://x]" in lines
        assert "😡" in lines and "مرحبا" in lines
        assert "\u200b" not in lines and "\u202e" not in lines      # invisible controls do not reach the terminal
        # every rendered line of the feed fits the feed: the 300-letter word is folded, not overflowing
        width = feed.size.width
        for y in range(feed.size.height):
            assert feed.render_line(y).cell_length <= width
        shot = screen_text(app)
        assert "not markup" in shot


def hostile_writer(scenario, seed):
    """The real post writer, except every post says something hostile to a terminal."""
    from sim.posts import PostWriter

    class Hostile(PostWriter):
        def post(self, *a, **kw):
            return replace(super().post(*a, **kw), text=HOSTILE, handle="@[i]evil[/i]")
    return Hostile(scenario, seed)


async def test_hostile_text_in_the_queue_and_quote(build):
    app, clock = build(writer_factory=hostile_writer)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 40)
        desk = app.screen
        assert app.drill.queue() and app.drill.queue()[0].text == HOSTILE
        quoted = str(desk.query_one("#quoted").render())
        assert "[bold red]not markup[/]" in quoted and "@[i]evil[/i]" in quoted
        labels = [str(o.prompt) for o in desk.query_one("#queue").options]
        assert labels and all("@[i]evil[/i]" in label for label in labels)
        assert "@[i]evil[/i]" in screen_text(app)
        await pilot.press(*"Sorry about this", "enter")
        await pilot.pause()
        assert len(app.drill.replies) == 1
        for size in [(60, 20), (200, 50)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            feed = desk.query_one("#feed")
            assert all(feed.render_line(y).cell_length <= feed.size.width for y in range(feed.size.height))


def test_post_line_says_persona_anger_and_reach_in_words():
    p = Post(id="p1", at=0.0, author="n", handle="@n", persona="vulnerable", text="help", reach=120_000,
             anger=85, priority=1.0)
    line = post_line(p, "07:00")
    assert isinstance(line, Text)
    assert "VULNERABLE" in line.plain and "furious" in line.plain and "120.0k" in line.plain
    again = post_line(replace(p, id="p2", kind="follow_up", reply_to="p1"), "07:01")
    assert again.plain.startswith("  ↳ 07:01") and "follow-up" in again.plain
    assert reply_line(p, "We hear you", 72.0).plain == "  ↳ YOU → @n  [score 72]: We hear you"


def test_queue_label_is_two_lines_cut_to_width_with_symbols_or_whole_when_highlighted():
    class P:
        persona, handle, reach, anger = "influencer", "@big", 250_000, 40
        text = "long " * 60 + "END"
    label = queue_label(P(), 30)
    who, body = label.plain.split("\n")
    assert who.startswith("★ INFLUENCER @big") and len(who) <= 30
    assert len(body) <= 30 and body.endswith("…")
    full = queue_label(P(), 30, full=True)
    assert full.plain.split("\n")[1].strip() == P.text.strip()          # the whole text, to wrap


def test_clean_keeps_text_but_drops_controls():
    assert clean("a\u200bb\nc\td\u202e") == "a b c d "
    assert clean("[b]x[/b] 😀 שלום") == "[b]x[/b] 😀 שלום"
