"""The briefing: the brand and its voice, what is known, the rules of the drill. Enter starts
(``StartDrill`` to the App)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from sim.fmt import REPLY_LIMIT
from sim.model import Scenario
from sim.tui.messages import StartDrill
from sim.tui.session import Setup


class BriefingScreen(Screen):
    CSS_PATH = "briefing.tcss"
    BINDINGS = [Binding("enter", "start", "Start the drill"), Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, scenario: Scenario, setup: Setup) -> None:
        super().__init__()
        self.scenario = scenario
        self.setup = setup

    def compose(self) -> ComposeResult:
        sc, setup = self.scenario, self.setup
        t = Text()
        t.append(f"{sc.title}\n\n", style="bold")
        t.append("You are the social desk for ")
        t.append(f"{sc.brand.name} ({sc.brand.handle})", style="bold")
        t.append(f". Brand voice: {sc.brand.voice}.\n\n{sc.briefing}\n\n")
        t.append("What you know now\n", style="bold")
        known = sc.facts_known(0)
        t.append("\n".join(f"  • {f.text}" for f in known) if known else "  nothing confirmed yet")
        t.append("\n\nRules\n", style="bold")
        axes = "empathy, tone and substance" if setup.mode == "turns" else "empathy, speed, tone and substance"
        t.append(f"  • Replies are up to {REPLY_LIMIT} characters, scored on {axes};\n"
                 "    the crowd reacts to every reply and to every silence.\n"
                 "  • Answer the most urgent first: !! a vulnerable person, ★ high reach.\n"
                 "  • Say only what \"What you may say\" says; never promise a fix time it does not give.\n")
        if setup.mode == "turns":
            t.append("  • Turns mode, untimed: the facilitator brings each wave with Ctrl+N.\n")
        else:
            t.append("  • Realtime: posts arrive on the clock. F2 pauses.\n")
        t.append(f"\nDifficulty {setup.difficulty} · seed {setup.seed} · {sc.length / 60:.0f} minutes · "
                 f"{len(sc.waves)} waves\n\n")
        t.append("Press Enter to start.", style="bold reverse")
        with VerticalScroll(id="briefing"):
            err = Static("", id="start-error")
            err.display = False             # shown only when a drill cannot start
            yield err
            yield Static(t)
        yield Footer()

    def action_start(self) -> None:
        self.post_message(StartDrill(self.scenario))

    def show_start_error(self, message: str) -> None:
        """The drill could not start (its journal cannot be created): say so at the top."""
        err = self.query_one("#start-error", Static)
        err.update(Text(f"{message}\n", style="bold red"))
        err.display = True
        self.query_one("#briefing", VerticalScroll).scroll_home(animate=False)
