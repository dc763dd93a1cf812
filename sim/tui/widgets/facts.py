"""What you may say: the facts known at this moment of the drill, newest last."""
from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from sim.engine import DrillState
from sim.tui.render import clean

FRESH = 90.0        # drill seconds a fact is marked NEW


class FactsPanel(Static):
    DEFAULT_CSS = "FactsPanel { height: auto; padding: 0 1; }"
    state: reactive[DrillState | None] = reactive(None, always_update=True)

    def on_mount(self) -> None:
        self.border_title = "What you may say"

    def watch_state(self, st: DrillState | None) -> None:
        if st is None:
            return
        facts = st.facts
        if not facts:
            self.update(Text("Nothing confirmed yet: say only that you are looking into it.", style="italic"))
            return
        t = Text()
        for i, f in enumerate(reversed(facts)):        # newest first: it is the one that changed
            if i:
                t.append("\n")
            t.append("• NEW " if f.at > 0 and st.t - f.at < FRESH else "• ", style="bold")
            t.append(clean(f.text))
        self.update(t)
