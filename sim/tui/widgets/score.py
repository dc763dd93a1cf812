"""The score card: the player's last reply, scored, in a frame with its reasons."""
from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from sim.tui.render import clean
from sim.fmt import whole as _n




def verdict(overall: float) -> str:
    return "strong" if overall >= 70 else "fair" if overall >= 50 else "weak" if overall >= 30 else "poor"


class ScoreCard(Static):
    DEFAULT_CSS = "ScoreCard { height: auto; padding: 0 1; }"
    reply: reactive[dict | None] = reactive(None, always_update=True)    # the engine's reply event

    def __init__(self, hint: str = "", **kw) -> None:
        super().__init__(Text(hint, style="dim"), classes="-empty", **kw)

    def watch_reply(self, ev: dict | None) -> None:
        if ev is None:
            return
        self.remove_class("-empty")
        s = ev.get("scores") or {}
        overall = float(s.get("overall") or 0)
        self.border_title = f"Your reply: {_n(overall)}/100 ({verdict(overall)})"
        self.set_class(overall >= 60, "-good")
        self.set_class(overall < 40, "-bad")
        speed = "" if s.get("speed") is None else f"speed {_n(s.get('speed'))} "   # turns: untimed
        self.border_subtitle = (f"empathy {_n(s.get('empathy'))} {speed}"
                                f"tone {_n(s.get('tone'))} substance {_n(s.get('substance'))}")
        reasons = sorted(s.get("reasons") or [], key=lambda r: not r.startswith("-"))   # what to fix first
        t = Text()
        for i, r in enumerate(reasons):
            mark, style = ("✓ ", "bold green") if r.startswith("+") else ("✗ ", "bold red") if r.startswith("-") else ("· ", "")
            t.append("\n" if i else "")
            t.append(mark, style=style)
            t.append(clean(r.lstrip("+- ")))
        if not reasons:
            t.append("No reasons given.", style="italic")
        self.update(t)
