"""`stormdesk drill serve`: the web server for browser seats (textual-serve, the optional
`serve` extra). Each browser tab gets its own Stormdesk process running the join screen
(sim.tui.serve); who may join is checked by sim.drill.serve.
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from sim.drill.serve import STORE_ENV, is_loopback
from sim.drill.store import StoreError

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


# A stylesheet or script the page would fetch from another site (textual-serve's page asks
# Google Fonts for Roboto Mono): the room may have no internet, and nothing is fetched at run
# time, so the page does without (its CSS falls back to the browser's monospace font).
_EXTERNAL = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>|<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>",
                       re.IGNORECASE | re.DOTALL)


def offline_templates(into: Path) -> Path:
    """textual-serve's page templates, without anything fetched from another site."""
    import textual_serve
    src = Path(textual_serve.__file__).parent / "templates"
    into.mkdir(parents=True, exist_ok=True)
    for f in src.glob("*.html"):
        (into / f.name).write_text(_EXTERNAL.sub("", f.read_text(encoding="utf-8")), encoding="utf-8")
    return into


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

    templates = offline_templates(Path(tempfile.mkdtemp(prefix="stormdesk-serve-")))
    server = SeatServer(seat_command(), host=args.host, port=args.port, title="Stormdesk",
                        public_url=args.public_url, templates_path=templates)
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
    finally:
        shutil.rmtree(templates, ignore_errors=True)
    return 0
