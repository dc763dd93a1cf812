"""The status bar: in-world clock, wave, pause, running scores, answered and waiting, on ONE line.

The line is built for the bar's width: the longest wording that fits wins, down to a compact
one that fits 80 columns with every number still there (paused or not).
"""
from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from sim.tui.view import DeskView


from sim.fmt import whole as _n


def status_line(v: DeskView, width: int) -> Text:
    """The widest wording of the status that fits ``width`` cells."""
    tot = v.totals
    if v.finished:
        flags = [" ■ OVER", " ■ OVER", " ■"]
    elif v.paused:
        flags = [" ⏸ PAUSED · F2 resumes", " ⏸ PAUSED (F2)", " ⏸ PAUSED"]
    elif v.held:
        flags = [" ⏸ clock stopped (dialog)", " ⏸ dialog", " ⏸"]
    elif v.mode == "turns":
        flags = [" · turns: Ctrl+N next wave", " · turns", " · turns"]
    else:
        flags = ["", "", ""]
    waiting = len(v.queue)
    timed = v.mode != "turns"           # turns mode is untimed: the status says nothing about speed
    sp = (f"speed {_n(tot.speed)} ", f"spd {_n(tot.speed)} ", f"S{_n(tot.speed)} ") if timed else ("", "", "")
    variants = [
        (f"{v.world_time} · wave {v.wave}/{v.waves}{flags[0]}",
         f"empathy {_n(tot.empathy)} {sp[0]}tone {_n(tot.tone)} substance {_n(tot.substance)}",
         f"answered {tot.answered} · waiting {waiting}"),
        (f"{v.world_time} · wave {v.wave}/{v.waves}{flags[1]}",
         f"emp {_n(tot.empathy)} {sp[1]}tone {_n(tot.tone)} sub {_n(tot.substance)}",
         f"sent {tot.answered} · waiting {waiting}"),
        (f"{v.world_time} · wave {v.wave}/{v.waves}{flags[2]}",
         f"emp {_n(tot.empathy)} {sp[1]}tone {_n(tot.tone)} sub {_n(tot.substance)}",
         f"sent {tot.answered} · wait {waiting}"),
        (f"{v.world_time} w{v.wave}/{v.waves}{flags[2]}",
         f"E{_n(tot.empathy)} {sp[2]}T{_n(tot.tone)} Sb{_n(tot.substance)}",
         f"sent {tot.answered} wait {waiting}"),
    ]
    for a, b, c in variants:
        line = f"{a} │ {b} │ {c}"
        if len(line) <= width:
            break
    t = Text(line, no_wrap=True, overflow="ellipsis")
    return t


class StatusBar(Static):
    DEFAULT_CSS = "StatusBar { height: 1; padding: 0 1; text-style: bold; }"
    view: reactive[DeskView | None] = reactive(None, always_update=True)

    def watch_view(self, v: DeskView | None) -> None:
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        if self.view is not None:
            self.update(status_line(self.view, max(20, self.size.width - 2 if self.size.width else 78)))
