"""What the screens get from the App: one typed ``Session``, handed to each screen's constructor.

The App (``sim.tui.app.StormdeskApp``) makes one ``Session`` when it starts and passes it to
the screens that need it, so a reader (and a type checker) sees every screen's inputs in its
``__init__``. Screens use ``self.app`` only for Textual's own API (notify, push_screen, exit,
screen, size...), never for attributes of this App (``tests/functional/tui/test_tui_layers.py``
checks).

    TitleScreen(session)                     the scenarios, the setup it cycles, the history
    BriefingScreen(scenario, session.setup)  what the drill will be
    DeskScreen(drill, session, path)         the drill clock, the projector switch, the history
    ResultsScreen(drill, session, path)      the debrief writer
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sim.clock import DrillClock
from sim.model import Scenario

if TYPE_CHECKING:                   # the store is opened by the App (history must never stop the game)
    from sim.store import Store


def system_seed() -> int:
    """A fresh seed for the next drill (the title's ``s``, and the default)."""
    return random.SystemRandom().randint(1, 99_999)


@dataclass
class Setup:
    """The next drill's settings: the title screen cycles them, the briefing shows them and the
    App starts the drill with them."""
    difficulty: str = "standard"
    mode: str = "realtime"          # realtime | turns
    seed: int = 0
    language: str = "mild"
    player: str = "human"


class ReportFailed(Exception):
    """The debrief could not be written (the message says why); the game carries on."""


@dataclass(eq=False)
class Session:
    """The App's state the screens read or change, typed, in one place."""
    scenarios: tuple[Scenario, ...]
    setup: Setup
    clock: DrillClock               # the running drill's clock (the App makes a new one per drill)
    chosen_id: str | None = None    # the scenario the title highlights first
    store: Store | None = None      # the history; None when it is unavailable this session
    projector: bool = False         # the desk's projector layout, kept from one drill to the next
    seeds: Callable[[], int] = field(default=system_seed, repr=False)

    def new_seed(self) -> int:
        """Give the next drill a fresh seed, and return it."""
        self.setup.seed = self.seeds()
        return self.setup.seed

    def record(self, journal_path: Path | str | None) -> None:
        """List a drill's journal in the history (started, interrupted or finished)."""
        if self.store is not None and journal_path:
            self.store.record(journal_path)

    def write_report(self, journal_path: Path | str) -> Path:
        """Write the full debrief (HTML, and Markdown beside it) next to the journal; return the
        HTML file. Raises ``ReportFailed`` (never anything else) when it cannot."""
        from sim.files import atomic_write
        from sim.report import build
        try:
            out = Path(journal_path).with_suffix(".html")
            atomic_write(out, build([journal_path], "html"))
            atomic_write(Path(journal_path).with_suffix(".md"), build([journal_path], "md"))
            return out
        except Exception as e:          # a failed report must not crash the game
            raise ReportFailed(str(e)) from e
