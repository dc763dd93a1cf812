"""Overlays: the help screen and the quit confirmation."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """Keys at the desk

  Enter            send the reply to the selected post
  Ctrl+↓ / Ctrl+↑  move through the needs-reply queue
                   (or Tab to the queue and use the arrow keys)
  F2               pause / resume (realtime)
  Ctrl+N           next wave (turns mode: the facilitator advances)
  Ctrl+T           projector layout on / off (large, fewer panels)
  Ctrl+P           command palette (every action, and themes)
  PgUp / PgDn      scroll the feed (Tab to it first);
                   End: follow new posts again
  F10              end the drill now and see the results
  Ctrl+Q, Ctrl+C   quit (asks first; all you sent is kept)
  F1 / Esc         close this help

Symbols: !! a vulnerable person, ★ high reach (50k+), • the rest.
Persona and anger are written as words: [angry] (1.5k, furious).
✓ and ✗ mark what a reply did well and badly.

Answer the most urgent first. Say only what "What you may say" says;
never promise a fix time the facts do not give."""


class HelpScreen(ModalScreen):
    CSS_PATH = "overlays.tcss"
    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(HELP))


class ConfirmQuit(ModalScreen[bool]):
    CSS_PATH = "overlays.tcss"
    BINDINGS = [Binding("y", "yes", "Yes, quit"), Binding("n,escape", "no", "No, keep playing")]

    def compose(self) -> ComposeResult:
        yield Static(Text("Quit the drill?\n\nEverything you sent is saved in the journal: the title screen "
                          "offers to resume or debrief it.\n\n  y  quit      n / Esc  keep playing"), id="confirm")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class JournalStuck(ModalScreen[str]):
    """The journal cannot be written (a full disk): the drill is paused until the player frees
    space and retries, or quits. What was typed stays in the reply box."""
    CSS_PATH = "overlays.tcss"
    BINDINGS = [Binding("r", "retry", "Retry"), Binding("q", "quit", "Quit")]

    def __init__(self, error: OSError, pending: int, path) -> None:
        super().__init__()
        self.error, self.pending, self.path = error, pending, path

    def compose(self) -> ComposeResult:
        why = getattr(self.error, "strerror", None) or str(self.error)
        yield Static(Text(f"The drill is paused: its journal cannot be written ({why}).\n\n"
                          f"Journal: {self.path}\n"
                          f"{self.pending} event{'s' if self.pending != 1 else ''} are held in memory; your "
                          f"draft is kept in the reply box.\n\n"
                          f"Free some disk space, then press r to write them and carry on.\n"
                          f"q quits: the journal keeps everything before them, and the title screen can "
                          f"resume it.\n\n  r  retry      q  quit"), id="confirm")

    def action_retry(self) -> None:
        self.dismiss("retry")

    def action_quit(self) -> None:
        self.dismiss("quit")


class ConfirmEnd(ModalScreen[bool]):
    """Turns mode: the last wave is in; the facilitator ends the drill when the room is done."""
    CSS_PATH = "overlays.tcss"
    BINDINGS = [Binding("y", "yes", "Yes, end it"), Binding("n,escape", "no", "Not yet")]

    def compose(self) -> ComposeResult:
        yield Static(Text("That was the last wave.\n\nEnd the drill now? What the scenario has left "
                          "(the last events, and the posts still waiting) plays out, then the results.\n\n"
                          "  y  end the drill      n / Esc  not yet"), id="confirm")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
