"""`stormdesk drill serve`: browser seats for trainees (textual-serve, the optional `serve` extra).

Every browser tab that opens the page gets its own Stormdesk process (textual-serve starts the
command once per websocket). That process shows the join screen (sim/tui/serve), which asks for
the join code and a name before anything else: textual-serve has no login, so the code is the
gate. The server binds to 127.0.0.1 unless told otherwise (README: exposing it on a LAN).

The store URL reaches each tab's process in the environment (STORMDESK_SERVE_STORE), never on a
command line (`ps` shows command lines) and never in the server's log.
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys
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


def add_parser(sub) -> None:
    """Adds `serve` to the `drill` command (creating `drill` if no other module has)."""
    drill = sub.choices.get("drill")
    if drill is None:
        drill = sub.add_parser("drill", help="team drills")
        ds = drill.add_subparsers(dest="drill_command", metavar="SUBCOMMAND")
        drill.set_defaults(handler=lambda args: (drill.print_help(), 2)[1])
    else:
        ds = next(a for a in drill._actions if isinstance(a, argparse._SubParsersAction))
    p = ds.add_parser("serve", help="browser seats for trainees (binds to 127.0.0.1 unless --host)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; 0.0.0.0 = every interface)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--store", metavar="URL", default=None,
                   help="the drill store (default: SQLite in STORMDESK_HOME)")
    p.add_argument("--public-url", metavar="URL", default=None,
                   help="the address browsers use, if not the one they asked for (a proxy)")
    p.set_defaults(handler=main)


def seat_command() -> str:
    """The command textual-serve runs for every browser tab."""
    return shlex.join([sys.executable, "-m", "sim.tui.serve"])


def main(args) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print("stormdesk drill serve: browser seats need the optional extra: "
              "pip install 'stormdesk[serve]'", file=sys.stderr)
        return 2
    from sim.drill.store import open_store
    try:
        open_store(args.store).close()      # a store that cannot be opened is said now, once
    except StoreError as exc:
        print(f"stormdesk drill serve: {exc}", file=sys.stderr)
        return 2
    except ImportError:     # the default SQLite store arrives with the team drill (issue 17)
        print("stormdesk drill serve: this Stormdesk has no SQLite drill store; use "
              "--store postgresql://USER@HOST/DB", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"stormdesk drill serve: --port {args.port} is not a port", file=sys.stderr)
        return 2
    os.environ[STORE_ENV] = args.store or ""

    class SeatServer(Server):
        async def handle_index(self, request):
            # The page's websocket goes back to the address the browser used (a LAN address
            # when bound to 0.0.0.0), unless --public-url says otherwise.
            if not args.public_url:
                self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

    server = SeatServer(seat_command(), host=args.host, port=args.port, title="Stormdesk",
                        public_url=args.public_url)
    where = f"http://{args.host}:{args.port}/"
    print(f"stormdesk drill serve: browser seats on {where} (each tab is its own seat; "
          "the join code is the gate)", flush=True)
    if not is_loopback(args.host):
        print("stormdesk drill serve: listening beyond this machine: anyone who can reach "
              f"port {args.port} sees the join page; only a join code lets them in",
              flush=True)
    try:
        server.serve()
    except OSError as exc:
        why = exc.strerror or str(exc)
        print(f"stormdesk drill serve: cannot listen on {args.host}:{args.port} ({why}): pick "
              "another --port, or stop what uses it", file=sys.stderr)
        return 2
    return 0
