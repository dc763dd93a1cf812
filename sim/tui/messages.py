"""How screens ask the App to move on: each screen posts one of these upwards, and the App
(``sim.tui.app.StormdeskApp``) handles it and switches screens. No screen imports another.

    TitleScreen    --ScenarioChosen-->  App pushes the briefing
                   --ResumeDrill----->  App adopts the drill, pushes the desk
    BriefingScreen --StartDrill------>  App starts a drill, switches to the desk
    DeskScreen     --DrillFinished--->  App switches to the results
    ResultsScreen  --PlayAgain------->  App switches to the title
"""
from __future__ import annotations

from pathlib import Path

from textual.message import Message

from sim.engine import Drill
from sim.model import Scenario


class ScenarioChosen(Message):
    """The player picked a scenario on the title screen: show its briefing."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario


class StartDrill(Message):
    """The briefing was read: start a drill on this scenario."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario


class ResumeDrill(Message):
    """Carry on with an interrupted drill from drill second ``t``."""

    def __init__(self, drill: Drill, journal_path: Path, t: float) -> None:
        super().__init__()
        self.drill, self.journal_path, self.t = drill, journal_path, t


class DrillFinished(Message):
    """The drill ended (its length reached, or ended at the desk): show the results."""

    def __init__(self, drill: Drill, journal_path: Path | None) -> None:
        super().__init__()
        self.drill, self.journal_path = drill, journal_path


class PlayAgain(Message):
    """The results were read: back to the title screen."""
