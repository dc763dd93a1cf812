"""The desk's widgets, one concern each: the feed, the needs-reply queue, the compose box, the
score card, the facts panel, the crowd panel and the status bar."""
from sim.tui.widgets.compose import ComposeBox
from sim.tui.widgets.crowd import CrowdPanel
from sim.tui.widgets.facts import FactsPanel
from sim.tui.widgets.feed import Feed
from sim.tui.widgets.queue import NeedsReply
from sim.tui.widgets.score import ScoreCard
from sim.tui.widgets.status import StatusBar

__all__ = ["ComposeBox", "CrowdPanel", "FactsPanel", "Feed", "NeedsReply", "ScoreCard", "StatusBar"]
