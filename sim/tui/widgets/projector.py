"""The projector view: the desk as a room sees it on a wall.

The post being answered, large and spaced out; the reply as it was sent, with its score (in
big digits) and every reason; the crowd's mood (big digits and a word). Nothing else: the
queue, feed, facts and sparklines stay on the player's own screen (Ctrl+T back to the desk).
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Digits, Label, Static

from sim.model import Post
from sim.tui.render import PERSONA_TAG, anger_word, clean, mood_word, reach, reasons_text
from sim.tui.view import DeskView


def _verdict(overall: float) -> str:
    return "strong" if overall >= 70 else "fair" if overall >= 50 else "weak" if overall >= 30 else "poor"


class ProjectorView(Vertical):
    DEFAULT_CSS = """
    ProjectorView { height: 1fr; padding: 0 1; }
    ProjectorView #proj-post { height: auto; max-height: 50%; border: heavy $accent; padding: 0 2;
                               text-style: bold; overflow-y: auto; }
    ProjectorView #proj-bottom { height: 1fr; }
    ProjectorView #proj-reply { width: 1fr; border: heavy $primary; padding: 0 2; overflow-y: auto; }
    ProjectorView #proj-numbers { width: 26; height: auto; border: heavy $secondary; padding: 0 1; }
    ProjectorView .proj-label { text-style: bold; width: 100%; }
    ProjectorView Digits { width: auto; }
    """
    view: reactive[DeskView | None] = reactive(None, always_update=True)
    post: reactive[Post | None] = reactive(None, always_update=True)     # the post being answered

    def compose(self) -> ComposeResult:
        yield Static(Text("Waiting for the first post.", style="italic"), id="proj-post")
        with Horizontal(id="proj-bottom"):
            with VerticalScroll(id="proj-reply"):
                yield Static(Text("No reply sent yet.", style="italic"), id="proj-reply-text")
            with Vertical(id="proj-numbers"):
                yield Label("SCORE", classes="proj-label", id="proj-score-label")
                yield Digits("--", id="proj-score")
                yield Label("CROWD MOOD", classes="proj-label", id="proj-mood-label")
                yield Digits("0", id="proj-mood")

    def on_mount(self) -> None:
        self.query_one("#proj-post").border_title = "NOW"
        self.query_one("#proj-reply").border_title = "OUR REPLY, AS SENT"

    def watch_post(self, p: Post | None) -> None:
        box = self.query_one("#proj-post", Static)
        if p is None:
            box.update(Text("No post selected.", style="italic"))
            return
        t = Text()
        t.append(f"{clean(p.handle)}  ", style="bold")
        t.append(f"[{PERSONA_TAG.get(p.persona, p.persona)}] · {reach(p.reach)} followers · "
                 f"{anger_word(p.anger)} now\n\n", style="bold")
        t.append(clean(p.text))
        box.update(t)

    def watch_view(self, v: DeskView | None) -> None:
        if v is None:
            return
        self.query_one("#proj-mood", Digits).update(f"{v.mood:+.0f}")
        self.query_one("#proj-mood-label", Label).update(f"CROWD MOOD · {mood_word(v.mood).upper()}")
        r = v.last_reply
        if r is None:
            return
        overall = float(r.overall or 0)
        self.query_one("#proj-score", Digits).update(f"{overall:.0f}")
        self.query_one("#proj-score-label", Label).update(f"SCORE /100 · {_verdict(overall).upper()}")
        t = Text()
        if r.post:
            t.append(f"{r.world_time} to {clean(r.post.handle)}: ", style="bold")
        t.append(clean(r.text) + "\n\n", style="bold")
        t.append_text(reasons_text(r.reasons))
        if r.post:                      # what they had written, for the room (last: it is on screen above)
            t.append(f"\n\n{clean(r.post.handle)} had written: ", style="dim bold")
            t.append(f"“{clean(r.post.text)}”", style="dim italic")
        self.query_one("#proj-reply-text", Static).update(t)
