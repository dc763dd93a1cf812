"""The screens a player moves through: Title -> Briefing -> Desk -> Results, plus Help and the
quit confirmation. State lives in the engine (``sim.engine.Drill``); screens render what it returns."""
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.desk import DeskScreen
from sim.tui.screens.overlays import ConfirmQuit, HelpScreen
from sim.tui.screens.results import ResultsScreen
from sim.tui.screens.title import TitleScreen

__all__ = ["BriefingScreen", "ConfirmQuit", "DeskScreen", "HelpScreen", "ResultsScreen", "TitleScreen"]
