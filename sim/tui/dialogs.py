"""The desk's dialogs: help, quit and end confirmations, every reason of a reply, every fact.

They are modal: the desk stops the drill clock while any of them is open (``DeskScreen``
listens for its own suspend and resume), so reading never costs in-world minutes.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sim.model import Fact
from sim.tui.render import clean, reasons_text
from sim.tui.view import ReplySent

HELP = """Keys at the desk

  Enter            send the reply to the post under "Replying to"
  Ctrl+↓ / Ctrl+↑  move through the queue; new posts never move
                   your selection (Tab to the queue for the arrows)
                   Answered posts are listed last: pick one to
                   follow up in its thread
  F5               follow up: pick the post you answered last
                   (again: the one before); Enter sends news or a
                   correction in their thread, scored as a follow-up
  F3               every reason for your last reply
  F4               every fact you may use
  F2               pause / resume (realtime)
  Ctrl+N           next wave (turns mode: the facilitator advances)
  Ctrl+T           projector view on / off (for a room)
  Ctrl+P           command palette (every action, and themes)
  PgUp / PgDn      scroll the feed (Tab to it first);
                   End: follow new posts again
  F10              end the drill now (asks first)
  Ctrl+Q, Ctrl+C   quit (asks first; all you sent is kept)
  F1 / Esc         close this help

The drill clock stops while this help, or any dialog, is open.

Symbols: !! a vulnerable person, ★ high reach (50k+), • the rest,
✓ answered. Persona and anger are written as words:
[angry] (1.5k, furious). ✓ and ✗ mark what a reply did well and badly.

Answer the most urgent first. Say only what "What you may say" says;
never promise a fix time the facts do not give."""

DIALOG_CSS = """
HelpScreen, ConfirmQuit, ConfirmEnd, ReasonsDialog, FactsDialog { align: center middle; }
HelpScreen #help, ReasonsDialog #reasons, FactsDialog #all-facts {
    width: 90%; max-width: 84; height: auto; max-height: 90%;
    padding: 0 1; border: thick $accent; background: $panel;
}
ConfirmQuit #confirm, ConfirmEnd #confirm {
    width: 90%; max-width: 64; height: auto; padding: 1 2; border: thick $warning; background: $panel;
}
"""


class HelpScreen(ModalScreen):
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(HELP))


class _Confirm(ModalScreen[bool]):
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("y", "yes", "Yes"), Binding("n,escape", "no", "No, keep playing")]
    QUESTION = ""

    def compose(self) -> ComposeResult:
        yield Static(Text(self.QUESTION), id="confirm")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class ConfirmQuit(_Confirm):
    QUESTION = ("Quit the drill?\n\nEverything you sent is saved in the journal: the title screen "
                "offers to resume or debrief it.\n\n  y  quit      n / Esc  keep playing")


class ConfirmEnd(_Confirm):
    QUESTION = ("End the drill now?\n\nThe posts still waiting count as missed, and the results "
                "follow. The drill clock is stopped while you decide.\n\n  y  end it      n / Esc  keep playing")


class ConfirmLastWave(_Confirm):
    """Turns mode: the last wave is in; the facilitator ends the drill when the room is done."""
    BINDINGS = [Binding("y", "yes", "Yes, end it"), Binding("n,escape", "no", "Not yet")]
    QUESTION = ("That was the last wave.\n\nEnd the drill now? What the scenario has left "
                "(the last events, and the posts still waiting) plays out, then the results.\n\n"
                "  y  end the drill      n / Esc  not yet")


class JournalStuck(ModalScreen[str]):
    """The journal cannot be written (a full disk): the drill is paused until the player frees
    space and retries, or quits. What was typed stays in the reply box."""
    DEFAULT_CSS = DIALOG_CSS
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


class ReasonsDialog(ModalScreen):
    """Every reason the scorer gave for one reply, with the reply and its four scores."""
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape,f3,q,enter", "app.pop_screen", "Close")]

    def __init__(self, reply: ReplySent) -> None:
        super().__init__()
        self.reply = reply

    def compose(self) -> ComposeResult:
        r = self.reply
        t = Text()
        who = f" to {clean(r.post.handle)}" if r.post else ""
        t.append(f"Your reply{who} at {r.world_time}: {_n(r.overall)}/100\n", style="bold")
        t.append(f"empathy {_n(r.empathy)} · speed {_n(r.speed)} · tone {_n(r.tone)} · "
                 f"substance {_n(r.substance)}\n\n", style="bold")
        t.append(f"“{clean(r.text)}”\n\n", style="italic")
        t.append(f"Every reason ({len(r.reasons)}):\n", style="bold")
        t.append_text(reasons_text(r.reasons))
        t.append("\n\nEsc / F3: back to the desk", style="dim")
        with VerticalScroll(id="reasons"):
            yield Static(t)


class FactsDialog(ModalScreen):
    """Every fact known now, oldest first: what the player may say."""
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape,f4,q,enter", "app.pop_screen", "Close")]

    def __init__(self, facts: tuple[Fact, ...], label) -> None:
        super().__init__()
        self.facts, self.label = facts, label

    def compose(self) -> ComposeResult:
        t = Text()
        t.append(f"What you may say: {len(self.facts)} facts known, oldest first\n\n", style="bold")
        if not self.facts:
            t.append("Nothing confirmed yet: say only that you are looking into it.\n", style="italic")
        for f in self.facts:
            t.append(f"{self.label(f.at)} ", style="dim")
            t.append(f"[{f.kind}] ", style="bold")
            t.append(clean(f.text) + "\n")
        t.append("\nEsc / F4: back to the desk", style="dim")
        with VerticalScroll(id="all-facts"):
            yield Static(t)


def _n(v) -> str:
    return "-" if v is None else f"{v:.0f}"
