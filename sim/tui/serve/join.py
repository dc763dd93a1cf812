"""The join screen of a browser seat: the join code and a name come first, before anything of
the drill shows (textual-serve has no login of its own: the code is the gate).

Checks go through sim.drill.serve.check_join against the drill store: an unknown code, the
facilitator's code, a drill of another version or a finished drill each get a plain sentence.
A wrong code costs a second, so guessing is slow as well as hopeless (codes are long).
An accepted code joins the drill (the host answers; a name someone else holds is refused) and
the tab switches to the seat's screen (sim/tui/drill) for the role the code grants: the trainee
code a responder, a role code (sim.drill.serve.role_code) an approver, observer or projector.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from sim.drill.seat import SeatError
from sim.drill.serve import STORE_ENV, JoinRefused, JoinTicket, check_join, check_name
from sim.drill.store import DrillStore, StoreError, open_store
from sim.tui.drill.app import join_seat, screen_for

WRONG_CODE_DELAY = 1.0


class Joined(Message):
    """A seat joined its drill: the App shows the seat's screen."""

    def __init__(self, seat, ticket: JoinTicket) -> None:
        super().__init__()
        self.seat, self.ticket = seat, ticket


class JoinScreen(Screen):
    """Asks for the code and the name; ``store`` opens the drill store (on first use), ``home``
    is where the seat keeps its key. Posts ``Joined`` when the host lets the seat in."""
    CSS_PATH = "join.tcss"

    def __init__(self, store: Callable[[], DrillStore], home: str | None = None) -> None:
        super().__init__()
        self.the_store = store
        self.home = home

    def compose(self) -> ComposeResult:
        with Vertical(id="join-box"):
            yield Label(Text("STORMDESK · join a team drill"), id="join-head")
            yield Static(Text("Type the join code your facilitator gave you, and your name as "
                              "your team knows it."), id="join-intro")
            yield Input(placeholder="join code", id="join-code")
            yield Input(placeholder="your name", id="join-name", max_length=60)
            yield Button("Join", id="join-button", variant="primary")
            yield Static("", id="join-message")

    def on_mount(self) -> None:
        self.query_one("#join-code", Input).focus()

    def say(self, text: str, kind: str = "") -> None:
        msg = self.query_one("#join-message", Static)
        msg.set_classes(kind)
        msg.update(Text(text))

    @on(Input.Submitted, "#join-code")
    def next_field(self) -> None:
        self.query_one("#join-name", Input).focus()

    @on(Input.Submitted, "#join-name")
    @on(Button.Pressed, "#join-button")
    def join(self) -> None:
        code = self.query_one("#join-code", Input).value
        name = self.query_one("#join-name", Input).value
        try:
            check_name(name)
        except JoinRefused as why:
            self.say(str(why), "error")
            return
        self.query_one("#join-button", Button).disabled = True
        self.say("Checking the code...")
        self.check(code, name)

    @work(thread=True, exclusive=True)
    def check(self, code: str, name: str) -> None:
        try:
            store = self.the_store()
            ticket = check_join(store, code, name)
        except (JoinRefused, StoreError) as why:
            time.sleep(WRONG_CODE_DELAY)
            self.app.call_from_thread(self.refused, str(why))
            return
        self.app.call_from_thread(self.say, f"Code accepted: joining drill {ticket.info.code} as "
                                  f"{ticket.name} ({ticket.role})...", "ok")
        try:
            seat = join_seat(store, ticket.info.code, ticket.name, ticket.role, home=self.home)
        except (SeatError, StoreError) as why:
            self.app.call_from_thread(self.refused, str(why))
            return
        self.app.call_from_thread(self.accepted, seat, ticket)

    def refused(self, why: str) -> None:
        self.query_one("#join-button", Button).disabled = False
        self.say(why, "error")
        self.query_one("#join-code", Input).focus()

    def accepted(self, seat, ticket: JoinTicket) -> None:
        self.post_message(Joined(seat, ticket))


class JoinApp(App):
    TITLE = "Stormdesk"
    ENABLE_COMMAND_PALETTE = False       # a browser seat offers nothing but the seat

    def __init__(self, store_url: str | None = None, home: str | None = None) -> None:
        super().__init__()
        self.store_url = store_url
        self.home = home
        self._store: DrillStore | None = None
        self.ticket: JoinTicket | None = None

    def the_store(self) -> DrillStore:
        if self._store is None:
            self._store = open_store(self.store_url, self.home)
        return self._store

    def on_mount(self) -> None:
        self.push_screen(JoinScreen(self.the_store, self.home))

    def on_joined(self, message: Joined) -> None:
        self.ticket = message.ticket
        self.switch_screen(screen_for(message.seat))

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()


def run() -> int:
    JoinApp(os.environ.get(STORE_ENV) or None).run()
    return 0
