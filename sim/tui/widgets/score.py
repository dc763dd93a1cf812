"""The score card: the player's last reply, scored, in a frame with its reasons.

Every reason is there (the card scrolls; F3 opens them all in a dialog), what to fix first.
"""
from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static
from rich.text import Text

from sim.tui.render import reasons_text
from sim.tui.view import ReplySent


from sim.fmt import whole as _n


def verdict(overall: float) -> str:
    return "strong" if overall >= 70 else "fair" if overall >= 50 else "weak" if overall >= 30 else "poor"


class ScoreCard(Static, can_focus=True):
    DEFAULT_CSS = "ScoreCard { height: auto; padding: 0 1; overflow-y: auto; scrollbar-size-vertical: 1; }"
    reply: reactive[ReplySent | None] = reactive(None, always_update=True)

    def __init__(self, hint: str = "", **kw) -> None:
        super().__init__(Text(hint, style="dim"), classes="-empty", **kw)

    def watch_reply(self, r: ReplySent | None) -> None:
        if r is None:
            return
        self.remove_class("-empty")
        overall = float(r.overall or 0)
        n = len(r.reasons)
        self.border_title = f"Your reply: {_n(overall)}/100 ({verdict(overall)}) · F3: {n} reasons"
        self.set_class(overall >= 60, "-good")
        self.set_class(overall < 40, "-bad")
        speed = "" if r.speed is None else f"speed {_n(r.speed)} "     # turns: untimed
        self.border_subtitle = (f"empathy {_n(r.empathy)} {speed}"
                                f"tone {_n(r.tone)} substance {_n(r.substance)}")
        self.update(reasons_text(r.reasons))
