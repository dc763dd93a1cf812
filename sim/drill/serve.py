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

import hashlib
import hmac
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
    role: str = "responder"


SEAT_ROLES = ("approver", "observer", "projector")     # besides the trainee code's responder
TAG_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def role_code(info: DrillInfo, role: str) -> str:
    """The code that opens a browser seat in ``role``. The trainee code itself opens a
    responder seat; the other roles' codes are the trainee code, a dash and eight characters
    made from the facilitator's code (an HMAC), so nobody holding only the trainee code can make
    an approver's. The facilitator's console shows them."""
    if role == "responder":
        return info.code
    if role not in SEAT_ROLES or not info.facilitator_code:
        raise ValueError(f"no browser code for role {role!r}")
    digest = hmac.new(info.facilitator_code.encode(), f"{info.code}:{role}".encode(), hashlib.sha256).digest()
    return f"{info.code}-" + "".join(TAG_ALPHABET[b % len(TAG_ALPHABET)] for b in digest[:8])


def _with_role(store: DrillStore, code: str) -> tuple[DrillInfo | None, str]:
    """The drill a code names and the role it grants (a role code: CODE-TAG)."""
    info = store.drill(code)
    if info is not None or "-" not in code:
        return info, "responder"
    base = code.rsplit("-", 1)[0]
    info = store.drill(base)
    if info is None or code.upper() == base.upper() or not info.facilitator_code:
        return None, "responder"
    for role in SEAT_ROLES:
        if hmac.compare_digest(role_code(info, role), info.code + "-" + code.rsplit("-", 1)[1].upper()):
            return info, role
    return None, "responder"


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
        info, role = _with_role(store, code)
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
    return JoinTicket(info=info, name=name, role=role)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
