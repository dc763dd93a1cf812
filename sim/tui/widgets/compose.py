"""The compose box: the thread being answered, from its first post, above a one-line reply input
whose border shows the 280-character counter (in the border, so counting needs no new layout).

``target`` is the post the reply goes to; Enter always sends to it, and to nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Input, Static

from sim.model import Post
from sim.tui.render import clean, post_line
from sim.tui.view import ReplySent

from sim.fmt import REPLY_LIMIT

LIMIT = REPLY_LIMIT


@dataclass(frozen=True)
class Quote:
    """What "Replying to" shows: the target, its thread (first post first) and any reply sent."""
    target: Post
    thread: tuple[Post, ...]
    world_time: object = None                # drill second -> "08:05"
    sent: ReplySent | None = None            # the player's reply in this thread (a follow-up)


def quote_text(q: Quote | None) -> Text:
    if q is None:
        return Text("No post selected: pick one in the queue (Ctrl+↓ / Ctrl+↑).", style="dim")
    label = q.world_time or (lambda t: "")
    thread = [p for p in q.thread if p.handle == q.target.handle] or [q.target]
    t = Text()
    t.append("Following up with " if q.sent else "Replying to ", style="bold reverse" if q.sent else "bold")
    first = thread[0]
    if len(thread) == 1:
        t.append_text(post_line(q.target.to_dict(), label(q.target.at), indent=False))
    else:
        t.append(f"{clean(first.handle)}: thread of {len(thread)}, from the first post\n", style="bold")
        for p in thread:
            t.append("→ " if p.id == q.target.id else "  ", style="bold")
            t.append_text(post_line(p.to_dict(), label(p.at), indent=False))
            t.append("\n" if p is not thread[-1] else "")
    if q.sent:
        t.append(f"\n  your reply ({q.sent.overall:.0f}): " if q.sent.overall is not None else "\n  your reply: ",
                 style="bold")
        t.append(clean(q.sent.text), style="italic")
    return t


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
    ComposeBox #quoted { height: auto; max-height: 6; padding: 0 1; overflow-y: auto; scrollbar-size-vertical: 1; }
    """
    quote: reactive[Quote | None] = reactive(None, always_update=True)

    def compose(self) -> ComposeResult:
        yield Static(quote_text(None), id="quoted")
        yield ReplyInput(placeholder="Write your reply (Enter to send)", max_length=400, id="compose")

    @property
    def input(self) -> ReplyInput:
        return self.query_one("#compose", ReplyInput)

    @property
    def post(self) -> Post | None:
        return self.quote.target if self.quote else None

    def watch_quote(self, q: Quote | None) -> None:
        self.query_one("#quoted", Static).update(quote_text(q))
