"""The crowd panel: mood gauge, sparklines of mood and volume, followers, trending, ticker."""
from __future__ import annotations

from collections import deque

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from sim.tui.render import clean, gauge, sparkline
from sim.tui.view import DeskView


class CrowdPanel(Static):
    DEFAULT_CSS = "CrowdPanel { height: auto; padding: 0 1; }"
    view: reactive[DeskView | None] = reactive(None, always_update=True)

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.moods: deque[float] = deque(maxlen=120)
        self.volumes: deque[float] = deque(maxlen=120)

    def on_mount(self) -> None:
        self.border_title = "Crowd"

    def sample(self, mood: float, volume: float) -> None:
        """One point for the sparklines (the engine's ``sample`` events)."""
        self.moods.append(float(mood))
        self.volumes.append(float(volume))

    def watch_view(self, st: DeskView | None) -> None:
        if st is None:
            return
        if not self.moods:
            self.sample(st.mood, st.volume)
        w = max(8, min(40, (self.size.width or 30) - 12))
        t = Text()
        t.append("now  ")
        mood_style = "red" if st.mood < -25 else "green" if st.mood >= 5 else "yellow"
        t.append(gauge(st.mood, max(9, w - 6)), style=mood_style)
        moods = list(self.moods)[-w:]
        t.append(f"\nmood {sparkline(moods, w, max(-100, min(moods) - 10), min(100, max(moods) + 10))}\n")
        t.append(f"vol  {sparkline(list(self.volumes), w, 0)} {st.volume:.0f}/min\n")
        sign = "+" if st.followers_change >= 0 else ""
        t.append(f"followers {st.followers:,} ({sign}{st.followers_change:,})")
        if st.trending:
            t.append("\ntrending " + " ".join(clean(h) for h in st.trending[:3]))
        for line in st.ticker[-2:]:
            t.append(f"\n» {clean(line)}", style="italic")
        self.update(t)
