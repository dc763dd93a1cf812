"""What you may say: the facts known at this moment of the drill, newest last."""
from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from sim.tui.render import clean


class FactsPanel(Static):
    DEFAULT_CSS = "FactsPanel { height: auto; padding: 0 1; }"
    facts: reactive[tuple] = reactive(())

    def on_mount(self) -> None:
        self.border_title = "What you may say"
        self.watch_facts(self.facts)

    def watch_facts(self, facts: tuple) -> None:
        if not facts:
            self.update(Text("Nothing confirmed yet: say only that you are looking into it.", style="italic"))
            return
        t = Text()
        for i, f in enumerate(reversed(facts)):        # newest first: it is the one that changed
            if i:
                t.append("\n")
            t.append("• NEW " if i == 0 and len(facts) > 1 else "• ", style="bold")
            t.append(clean(f.text))
        self.update(t)
