"""What you may say: the facts known at this moment of the drill, newest first.

The panel scrolls (Tab to it), its subtitle counts the facts, and F4 opens all of them in a
dialog: every fact is reachable however small the terminal.
"""
from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from sim.tui.render import clean
from sim.tui.view import DeskView

FRESH = 90.0        # drill seconds a fact is marked NEW


class FactsPanel(Static, can_focus=True):
    DEFAULT_CSS = "FactsPanel { height: auto; padding: 0 1; overflow-y: auto; scrollbar-size-vertical: 1; }"
    view: reactive[DeskView | None] = reactive(None, always_update=True)

    def on_mount(self) -> None:
        self.border_title = "What you may say"

    def watch_view(self, v: DeskView | None) -> None:
        if v is None:
            return
        facts = v.facts
        self.border_subtitle = f"{len(facts)} fact{'s' if len(facts) != 1 else ''} · F4 all" if facts else "F4"
        if not facts:
            self.update(Text("Nothing confirmed yet: say only that you are looking into it.", style="italic"))
            return
        t = Text()
        for i, f in enumerate(reversed(facts)):        # newest first: it is the one that changed
            if i:
                t.append("\n")
            t.append("• NEW " if f.at > 0 and v.t - f.at < FRESH else "• ", style="bold")
            t.append(clean(f.text))
        self.update(t)
