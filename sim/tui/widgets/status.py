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


TURNS_HINT = "Ctrl+N next wave"     # the single-player desk's key; a team seat says who brings them


def status_line(v: DeskView, width: int, turns_hint: str = TURNS_HINT) -> Text:
    """The widest wording of the status that fits ``width`` cells. ``turns_hint``: how the next
    wave comes in turns mode, for this screen (the desk's key, or a team seat's wording)."""
    tot = v.totals
    if v.finished:
        flags = [" ■ OVER", " ■ OVER", " ■"]
    elif v.paused:
        flags = [" ⏸ PAUSED · F2 resumes", " ⏸ PAUSED (F2)", " ⏸ PAUSED"]
    elif v.held:
        flags = [" ⏸ clock stopped (dialog)", " ⏸ dialog", " ⏸"]
    elif v.mode == "turns":
        flags = [f" · turns: {turns_hint}", " · turns", " · turns"]
    else:
        flags = ["", "", ""]
    waiting = len(v.queue)
    sent = tot.answered + tot.follow_ups    # "sent": every reply, a follow-up in a thread too
    more = f" +{tot.follow_ups} follow-up{'s' if tot.follow_ups != 1 else ''}" if tot.follow_ups else ""
    timed = v.mode != "turns"           # turns mode is untimed: the status says nothing about speed
    sp = (f"speed {_n(tot.speed)} ", f"spd {_n(tot.speed)} ", f"S{_n(tot.speed)} ") if timed else ("", "", "")
    variants = [
        (f"{v.world_time} · wave {v.wave}/{v.waves}{flags[0]}",
         f"empathy {_n(tot.empathy)} {sp[0]}tone {_n(tot.tone)} substance {_n(tot.substance)}",
         f"answered {tot.answered}{more} · waiting {waiting}"),
        (f"{v.world_time} · wave {v.wave}/{v.waves}{flags[1]}",
         f"emp {_n(tot.empathy)} {sp[1]}tone {_n(tot.tone)} sub {_n(tot.substance)}",
         f"sent {sent} · waiting {waiting}"),
        (f"{v.world_time} · wave {v.wave}/{v.waves}{flags[2]}",
         f"emp {_n(tot.empathy)} {sp[1]}tone {_n(tot.tone)} sub {_n(tot.substance)}",
         f"sent {sent} · wait {waiting}"),
        (f"{v.world_time} w{v.wave}/{v.waves}{flags[2]}",
         f"E{_n(tot.empathy)} {sp[2]}T{_n(tot.tone)} Sb{_n(tot.substance)}",
         f"sent {sent} wait {waiting}"),
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

    def __init__(self, *args, turns_hint: str = TURNS_HINT, **kw) -> None:
        super().__init__(*args, **kw)
        self.turns_hint = turns_hint

    def watch_view(self, v: DeskView | None) -> None:
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        if self.view is not None:
            self.update(status_line(self.view, max(20, self.size.width - 2 if self.size.width else 78),
                                    self.turns_hint))
