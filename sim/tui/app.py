"""The Stormdesk terminal app: build it with :func:`make_app`, run it with :func:`run_app`.

``make_app`` takes an injectable clock source and store root, so tests drive the game with a
fake clock and a temporary history, and never touch a real user's data.
"""
from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.screen import Screen

from sim.clock import DrillClock
from sim.engine import Drill
from sim.journal import Journal, JournalError
from sim.scenario import ScenarioError, list_bundled, load_scenario
from sim.store import player_name
from sim.tui.messages import DrillFinished, PlayAgain, ResumeDrill, ScenarioChosen, StartDrill
from sim.tui.screens import BriefingScreen, DeskScreen, ResultsScreen, TitleScreen
from sim.tui.session import Session, Setup

if TYPE_CHECKING:
    from sim.store import Store


class StormdeskApp(App):
    """Routes the screens' messages: each screen says what happened, the App decides what comes
    next (as harlequin's App does), so no screen knows another. What the screens need of the App
    is one typed ``Session`` (sim/tui/session.py), handed to each screen's constructor."""
    CSS_PATH = "app.tcss"
    TITLE = "Stormdesk"
    BINDINGS = [("ctrl+c", "quit", "Quit")]

    def __init__(self, *, scenarios, chosen_id: str | None = None, seed: int | None = None,
                 difficulty: str = "standard", mode: str = "realtime", projector: bool = False,
                 language: str = "mild", clock_source: Callable[[], float] | None = None,
                 store_root: Path | None = None, now: Callable[[], datetime] | None = None,
                 writer_factory: Callable | None = None, scorer: Callable | None = None,
                 player: str | None = None) -> None:
        super().__init__()
        self._clock_source = clock_source or time.monotonic
        self._now = now or (lambda: datetime.now(timezone.utc))
        self._writer_factory = writer_factory        # tests: (scenario, seed) -> a post writer
        self._scorer = scorer                        # tests: ReplyContext -> Score
        store = None
        try:
            from sim.store import Store
            store = Store.open(store_root)
        except Exception as e:          # history must never stop the game
            print(f"stormdesk: history unavailable: {e}", file=sys.stderr)
        setup = Setup(difficulty=difficulty, mode=mode, seed=0, language=language, player=player or "human")
        self.session = Session(scenarios=tuple(scenarios), setup=setup, clock=DrillClock(self._clock_source),
                               chosen_id=chosen_id, store=store, projector=projector)
        setup.seed = seed if seed is not None else self.session.new_seed()
        self.drill: Drill | None = None
        self.journal_path: Path | None = None

    # what tests and benchmarks read of the App (the screens get the session itself)
    @property
    def clock(self) -> DrillClock:
        return self.session.clock

    @property
    def store(self) -> Store | None:
        return self.session.store

    @property
    def projector(self) -> bool:
        return self.session.projector

    @property
    def player(self) -> str:
        return self.session.setup.player

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette (Ctrl+P): the desk's actions, then Textual's own (themes, keys)."""
        if isinstance(screen, DeskScreen) and not screen.drill.finished:
            if screen.drill.mode == "realtime":
                yield SystemCommand("Pause / resume", "Stop or restart the drill clock (F2)", screen.action_pause)
            else:
                yield SystemCommand("Next wave", "Bring the next wave of posts (Ctrl+N)", screen.action_next_wave)
            yield SystemCommand("Projector view", "The post, the reply and the mood, large, for a room (Ctrl+T)",
                                screen.action_projector)
            yield SystemCommand("Every reason", "All the reasons for your last reply (F3)", screen.action_reasons)
            yield SystemCommand("Every fact", "All you may say, oldest first (F4)", screen.action_facts)
            yield SystemCommand("Follow up", "Pick a post you answered, to reply again in its thread (F5)",
                                screen.action_follow_up)
            yield SystemCommand("Help", "Keys and symbols at the desk (F1)", screen.action_help)
            yield SystemCommand("End the drill", "Stop now and see the results (F10)", screen.action_end)
        yield from super().get_system_commands(screen)

    async def action_quit(self) -> None:
        """Ctrl+Q / Ctrl+C: mid-drill, confirm first (everything sent is already in the journal)."""
        if isinstance(self.screen, DeskScreen) and not self.screen.drill.finished:
            self.screen.action_quit_drill()
            return
        self.exit()

    def on_mount(self) -> None:
        self.push_screen(TitleScreen(self.session))

    # -- the screen flow: the screens post these, the App moves on ---------------------------
    def on_scenario_chosen(self, message: ScenarioChosen) -> None:
        self.push_screen(BriefingScreen(message.scenario, self.session.setup))

    def on_start_drill(self, message: StartDrill) -> None:
        try:
            drill = self.start_drill(message.scenario)
        except JournalError as e:       # no journal, no drill: the briefing says why
            show = getattr(self.screen, "show_start_error", None)
            if show is not None:
                show(str(e))
            self.notify(str(e), title="No journal, no drill", severity="error", timeout=30)
            return
        self.switch_screen(DeskScreen(drill, self.session, self.journal_path))

    def on_resume_drill(self, message: ResumeDrill) -> None:
        self.adopt(message.drill, message.journal_path, message.t)
        self.push_screen(DeskScreen(message.drill, self.session, message.journal_path))

    def on_drill_finished(self, message: DrillFinished) -> None:
        self.session.record(message.journal_path)
        self.switch_screen(ResultsScreen(message.drill, self.session, message.journal_path))

    def on_play_again(self, _message: PlayAgain) -> None:
        self.drill = None
        self.switch_screen(TitleScreen(self.session))

    def start_drill(self, scenario) -> Drill:
        setup = self.session.setup
        path = self.store.new_journal_path(scenario.id, setup.seed, self._now()) if self.store else None
        self.journal_path = path
        self.session.clock = DrillClock(self._clock_source)
        try:
            journal = Journal(path)
        except OSError as e:         # an unwritable home, a full disk: say so, start nothing
            where = path.parent if path is not None else "the data folder"
            raise JournalError(f"Cannot start the drill: its journal cannot be created in {where} "
                               f"({e.strerror or e}). Set STORMDESK_HOME to a folder you can write to, "
                               f"or free some space.") from None
        self.drill = Drill(scenario, seed=setup.seed, difficulty=setup.difficulty, mode=setup.mode,
                           player=setup.player, language=setup.language, journal=journal,
                           started_at=self._now().isoformat(timespec="seconds"),
                           writer=self._writer_factory(scenario, setup.seed) if self._writer_factory else None,
                           **({"scorer": self._scorer} if self._scorer else {}))
        self.session.clock.start()
        self.session.record(path)       # listed at once, so even a killed drill can be resumed
        return self.drill

    def adopt(self, drill: Drill, journal_path, t: float) -> None:
        """Carry on with a resumed drill from drill second ``t``."""
        self.drill, self.journal_path = drill, journal_path
        self.session.clock = DrillClock(self._clock_source, offset=t)
        self.session.clock.start()

    def on_unmount(self) -> None:
        if self.drill is not None and self.journal_path:
            self.drill.journal.close() if hasattr(self.drill.journal, "close") else None
            self.session.record(self.journal_path)


def make_app(scenario: str | None = None, seed: int | None = None, difficulty: str = "standard",
             mode: str = "realtime", projector: bool = False, language: str = "mild",
             clock_source=None, store_root=None, now=None, writer_factory=None, scorer=None,
             scenarios=None, player=None) -> StormdeskApp:
    """Build the app. ``clock_source`` (e.g. a FakeClock), ``store_root`` (a temporary folder),
    ``now`` (a fixed date), ``writer_factory``, ``scorer`` and ``scenarios`` (the title's list,
    e.g. one fixture scenario) are for tests and benchmarks."""
    scenarios = list(scenarios) if scenarios is not None else list_bundled()
    chosen = None
    if scenario:
        sc = load_scenario(scenario)
        if sc.id not in {s.id for s in scenarios}:
            scenarios.insert(0, sc)
        else:
            scenarios = [sc if s.id == sc.id else s for s in scenarios]
        chosen = sc.id
    else:
        chosen = "network-blackout" if any(s.id == "network-blackout" for s in scenarios) else scenarios[0].id
    return StormdeskApp(scenarios=scenarios, chosen_id=chosen, seed=seed, difficulty=difficulty, mode=mode,
                        projector=projector, language=language, clock_source=clock_source,
                        store_root=store_root, now=now, writer_factory=writer_factory, scorer=scorer,
                        player=player_name(player, store_root))


def run_app(scenario=None, seed=None, difficulty="standard", mode="realtime", projector=False, language="mild",
            player=None) -> int:
    try:
        app = make_app(scenario, seed, difficulty, mode, projector, language, player=player)
    except ScenarioError as e:
        print(f"stormdesk: {e}", file=sys.stderr)
        return 2
    app.run()
    return app.return_code or 0
