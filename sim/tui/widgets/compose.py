"""The compose box: the post being answered, quoted, above a one-line reply input whose border
shows the 280-character counter (in the border, so counting needs no new layout)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Input, Static

from sim.model import Post
from sim.tui.render import post_line
from sim.fmt import REPLY_LIMIT

LIMIT = REPLY_LIMIT


class ReplyInput(Input):
    """The reply line. Enter submits (Input.Submitted)."""

    def on_mount(self) -> None:
        self.border_subtitle = f"0/{LIMIT}"

    def on_input_changed(self, event: Input.Changed) -> None:
        n = len(event.value)
        self.border_subtitle = f"{n}/{LIMIT}" + (f" · {n - LIMIT} over!" if n > LIMIT else "")


class ComposeBox(Vertical):
    DEFAULT_CSS = """
    ComposeBox { height: auto; }
    ComposeBox #quoted { height: auto; max-height: 2; padding: 0 1; }
    """
    post: reactive[Post | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield Static(Text("No post selected.", style="dim"), id="quoted")
        yield ReplyInput(placeholder="Write your reply (Enter to send)", max_length=400, id="compose")

    @property
    def input(self) -> ReplyInput:
        return self.query_one("#compose", ReplyInput)

    def watch_post(self, post: Post | None) -> None:
        quoted = self.query_one("#quoted", Static)
        if post is None:
            quoted.update(Text("No post selected: pick one in the queue (Ctrl+↓ / Ctrl+↑).", style="dim"))
        else:
            quoted.update(Text("Replying to ", style="bold") + post_line(post.to_dict(), indent=False))
