"""The browser seat's gate: who may join a served drill, checked against the drill store.

The web server itself (`stormdesk drill serve`, textual-serve) is sim/tui/serve/web.py. Every
browser tab that opens the page gets its own Stormdesk process (textual-serve starts the
command once per websocket). That process shows the join screen (sim/tui/serve), which asks for
the join code and a name before anything else: textual-serve has no login, so the code is the
gate. The server binds to 127.0.0.1 unless told otherwise (README: exposing it on a LAN).

The store URL reaches each tab's process in the environment (STORMDESK_SERVE_STORE), never on a
command line (`ps` shows command lines) and never in the server's log.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from sim.drill.store import PROTOCOL, DrillInfo, DrillStore, StoreError

STORE_ENV = "STORMDESK_SERVE_STORE"
MAX_NAME = 40


class JoinRefused(Exception):
    """What the join screen tells the person, in their words."""


@dataclass(frozen=True)
class JoinTicket:
    info: DrillInfo
    name: str


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise JoinRefused("Type your name as your team knows you.")
    if len(name) > MAX_NAME:
        raise JoinRefused(f"Names are at most {MAX_NAME} characters.")
    if not all(ch.isprintable() for ch in name):
        raise JoinRefused("A name is letters, digits, spaces and punctuation only.")
    return name


def check_join(store: DrillStore, code: str, name: str) -> JoinTicket:
    """The drill a browser seat may join with this code and name, or JoinRefused saying why."""
    code = code.strip()
    if not code:
        raise JoinRefused("Type the join code your facilitator gave you.")
    name = check_name(name)
    try:
        info = store.drill(code)
    except StoreError as exc:
        raise JoinRefused(f"The drill store cannot be read just now ({exc}). Tell your "
                          "facilitator.") from None
    if info is None:
        raise JoinRefused("No drill has that code. Check it with your facilitator.")
    if info.facilitator_code and code == info.facilitator_code and code != info.code:
        raise JoinRefused("That is the facilitator's code. Trainees join with the trainee code; "
                          "the facilitator runs the drill from the host console.")
    if info.protocol != PROTOCOL:
        raise JoinRefused(f"This drill was started by another version of Stormdesk (drill "
                          f"protocol {info.protocol}, this server speaks {PROTOCOL}). Tell your "
                          "facilitator.")
    if info.status == "finished":
        raise JoinRefused("That drill has finished. Ask your facilitator for the code of the "
                          "next one.")
    return JoinTicket(info=info, name=name)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
