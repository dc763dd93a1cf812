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
    """What "Replying to" shows: the target, its thread (first post first) and the replies the
    player sent in it, in the order it all happened."""
    target: Post
    thread: tuple[Post, ...]
    world_time: object = None                # drill second -> "08:05"
    sent: tuple[ReplySent, ...] = ()         # the player's replies to this person in this thread
    follow_up: bool = False                  # the target is answered: Enter sends a follow-up


def quote_text(q: Quote | None) -> Text:
    if q is None:
        return Text("No post selected: pick one in the queue (Ctrl+↓ / Ctrl+↑).", style="dim")
    label = q.world_time or (lambda t: "")
    thread = [p for p in q.thread if p.handle == q.target.handle] or [q.target]
    t = Text()
    t.append("Following up with " if q.follow_up else "Replying to ",
             style="bold reverse" if q.follow_up else "bold")
    if len(thread) == 1 and not q.sent:
        t.append_text(post_line(q.target, label(q.target.at), indent=False))
        return t
    n = len(q.sent)
    posts = f"{len(thread)} post{'s' if len(thread) != 1 else ''}"
    mine = f", your {n} repl{'y' if n == 1 else 'ies'}" if n else ""
    t.append(f"{clean(thread[0].handle)} ({posts}{mine}, from the first post):", style="bold")
    items = sorted([(p.at, 0, i, p) for i, p in enumerate(thread)] + [(r.t, 1, i, r) for i, r in enumerate(q.sent)],
                   key=lambda x: x[:3])
    for _, is_reply, _, x in items:
        t.append("\n")
        if is_reply:
            score = f" ({x.overall:.0f})" if x.overall is not None else ""
            t.append(f"    ↳ {x.world_time} you{score}: ", style="bold")
            t.append(clean(x.text), style="italic")
        else:
            t.append("→ " if x.id == q.target.id else "  ", style="bold")
            t.append_text(post_line(x, label(x.at), indent=False))
    return t


class Thread(Static, can_focus=True):
    """The thread being answered; it scrolls (Tab to it, then the arrows) when it is long."""


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
        yield Thread(quote_text(None), id="quoted")
        yield ReplyInput(placeholder="Write your reply (Enter to send)", max_length=400, id="compose")

    @property
    def input(self) -> ReplyInput:
        return self.query_one("#compose", ReplyInput)

    @property
    def post(self) -> Post | None:
        return self.quote.target if self.quote else None

    def watch_quote(self, q: Quote | None) -> None:
        self.set_class(bool(q and q.follow_up), "-follow-up")     # a little more room for the thread
        self.query_one("#quoted", Static).update(quote_text(q))
