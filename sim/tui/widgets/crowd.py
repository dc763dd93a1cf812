"""The crowd panel: mood gauge, sparklines of mood and volume, followers, trending, ticker.

On a short terminal (the desk gives it the ``-compact`` class) it is one line: the mood, its
word, the mood sparkline, the volume and the followers gained or lost, so the queue above it
keeps the height; the crowd's reactions are in the feed either way."""
from __future__ import annotations

from collections import deque

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from sim.tui.render import clean, gauge, mood_word, reach, sparkline
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
        if self.has_class("-compact"):
            self.update(self._line(st))
            return
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

    def _line(self, st: DeskView) -> Text:
        """One line: the mood and its word, which way it went over the last samples, the volume
        and the followers gained or lost."""
        mood_style = "red" if st.mood < -25 else "green" if st.mood >= 5 else "yellow"
        moods = list(self.moods)
        was = moods[-13] if len(moods) >= 13 else moods[0] if moods else st.mood
        trend = "▲" if st.mood - was >= 1 else "▼" if st.mood - was <= -1 else "="
        sign = "+" if st.followers_change >= 0 else "-"
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append("Crowd ", style="bold")
        t.append(f"{st.mood:+.0f} {mood_word(round(st.mood))} {trend}", style=mood_style)
        t.append(f" {st.volume:.0f}/min", style="dim")
        if st.followers_change:
            t.append(f" {sign}{reach(abs(st.followers_change))} fol", style="dim")
        return t
