"""The screens a player moves through: Title -> Briefing -> Desk -> Results, plus Help and the
quit confirmation (``sim.tui.dialogs``). State lives in the engine (``sim.engine.Drill``); screens
render what it returns. No screen imports another: each posts a message from ``sim.tui.messages``
and the App switches screens."""
from sim.tui.dialogs import ConfirmEnd, ConfirmQuit, HelpScreen
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.desk import DeskScreen
from sim.tui.screens.results import ResultsScreen
from sim.tui.screens.title import TitleScreen

__all__ = ["BriefingScreen", "ConfirmEnd", "ConfirmQuit", "DeskScreen", "HelpScreen", "ResultsScreen", "TitleScreen"]
