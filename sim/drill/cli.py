"""`stormdesk drill host|join|status|export` (the command-line contract: README, "Command line").

Every problem a person can cause (an unknown code, a name in use, a finished drill, a second
host, a store that cannot be opened) prints one clear line and exits 2; never a traceback.
"""
from __future__ import annotations

import json
import sys

DIFFICULTIES = ("calm", "standard", "storm")
MODES = ("realtime", "turns")
BOTS = ("silent", "canned", "rude", "model")
ROLES = ("responder", "approver", "observer", "projector")


def add_parser(sub) -> None:
    """Hook for sim/cli.py: adds `drill` and its subcommands to the `stormdesk` parser."""
    d = sub.add_parser("drill", help="team drills: a facilitator, a shared desk, approvals, observers")
    ds = d.add_subparsers(dest="drill_command", metavar="SUBCOMMAND")

    p = ds.add_parser("host", help="run a team drill (the facilitator's console)")
    p.add_argument("scenario", nargs="?", default=None, help="bundled id or path to a YAML file")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--difficulty", choices=DIFFICULTIES, default="standard")
    p.add_argument("--mode", choices=MODES, default="realtime")
    p.add_argument("--desks", choices=("shared", "parallel"), default="shared")
    p.add_argument("--teams", type=int, default=1)
    p.add_argument("--approval", action="store_true", help="a lead approves replies before they go out")
    p.add_argument("--store", metavar="URL", default=None)
    p.add_argument("--pace", type=float, default=1.0, help="drill clock runs X times faster")
    p.add_argument("--headless", action="store_true", help="no screen; print the code first")
    p.add_argument("--resume", metavar="CODE", default=None,
                   help="take over a drill whose host stopped: rebuild it from the log")
    p.add_argument("--claim-idle", type=float, default=120.0, metavar="S",
                   help="drill seconds a claim lives without a draft (default 120)")
    p.add_argument("--wait-seats", type=int, default=0, metavar="N",
                   help="start the clock once N seats have joined (default: at once)")

    p = ds.add_parser("join", help="take a seat in a team drill")
    p.add_argument("code")
    p.add_argument("--name", required=True)
    p.add_argument("--role", choices=ROLES, default="responder")
    p.add_argument("--team", default=None)
    p.add_argument("--store", metavar="URL", default=None)
    p.add_argument("--bot", choices=BOTS, default=None, help="play the seat headless with a bot")

    p = ds.add_parser("status", help="who is in, claims, pending approvals, mood per desk")
    p.add_argument("code")
    p.add_argument("--json", action="store_true")
    p.add_argument("--store", metavar="URL", default=None)

    p = ds.add_parser("export", help="one journal per desk and person, and a team report")
    p.add_argument("code")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument("--store", metavar="URL", default=None)
    d.set_defaults(drill_parser=d)


def _err(msg: str) -> int:
    print(f"stormdesk drill: {msg}", file=sys.stderr)
    return 2


_PEOPLE_ERRORS = (("sim.drill.store", "StoreError"), ("sim.drill.host", "HostError"),
                  ("sim.drill.seat", "SeatError"), ("sim.scenario", "ScenarioError"),
                  ("sim.engine", "DrillError"))


def _for_people(e: BaseException) -> bool:
    """An error whose message is for a person (said in one line, no traceback). Checked by the
    modules already imported (an error's class is loaded before it can be raised), so that
    `drill status` or a refused `drill join` does not import the engine just to name them."""
    for mod, name in _PEOPLE_ERRORS:
        m = sys.modules.get(mod)
        if m is not None and isinstance(e, getattr(m, name)):
            return True
    return False


def main(args, screens=None) -> int:
    """``screens()`` returns the module with ``run_console``/``run_seat`` (sim.tui.drill.app):
    the CLI passes it in, so this engine-layer module never imports the UI."""
    cmd = getattr(args, "drill_command", None)
    if cmd is None:
        args.drill_parser.print_help()
        return 2
    try:
        args.screens = screens
        return {"host": cmd_host, "join": cmd_join, "status": cmd_status,
                "export": cmd_export}[cmd](args)
    except Exception as e:
        if not _for_people(e):
            raise
        probs = getattr(e, "problems", None)
        if probs:
            for pr in probs:
                print(str(pr), file=sys.stderr)
            return 2
        return _err(str(e))
    except KeyboardInterrupt:
        return 130


def cmd_host(args) -> int:
    import random

    from sim.drill.host import Host, Settings
    from sim.drill.store import open_store
    store = open_store(args.store)
    if args.resume:
        host = Host.resume(store, args.resume)
    else:
        if not args.scenario:
            return _err("name a scenario (`stormdesk list` shows them), or --resume CODE")
        seed = args.seed if args.seed is not None else random.randrange(1, 100000)
        host = Host.create(store, Settings(
            scenario=args.scenario, seed=seed, difficulty=args.difficulty, mode=args.mode,
            desks=args.desks, teams=args.teams, approval=args.approval, pace=args.pace,
            claim_idle=args.claim_idle, wait_seats=args.wait_seats))
    if not args.headless:
        if args.screens is None:
            return _err("no screens in this build: use --headless")
        return args.screens().run_console(host) or 0
    m = host.meta
    print(f"stormdesk drill: hosting {m.scenario_id} seed {m.seed} "
          f"({m.desks_mode} desk{'s' if m.parallel else ''}"
          f"{', approvals' if m.approval else ''}, pace {m.pace:g}x); "
          f"join code {host.code}", flush=True)
    print(f"facilitator code {host.facilitator_code}  store {store.url}", flush=True)
    if m.mode == "turns":
        host.auto_turns = max(0.5, 3.0 / float(m.pace or 1.0))   # no facilitator: move on when quiet
    try:
        host.run()
    except KeyboardInterrupt:
        host.close()
        print(f"host stopped; carry on with `stormdesk drill host --resume {host.code}`",
              file=sys.stderr)
        return 130
    for line in _summary_lines(host.state):
        print(line)
    return 0


def _summary_lines(state) -> list[str]:
    out = []
    for d in state.desks.values():
        totals = (d.end.totals if d.end else None) or {}
        people = sorted({r.author or "?" for r in d.replies.values()})
        out.append(f"desk {d.name}: {'finished' if d.finished else 'stopped'} at {d.t:.0f}s, "
                   f"answered {len(d.replies)} missed {totals.get('missed', len(d.open))}, "
                   f"mood {d.mood:+.0f}, overall {totals.get('overall')}, "
                   f"by {', '.join(people) or 'nobody'}")
    return out


def cmd_join(args) -> int:
    from sim.drill.seat import Seat
    from sim.drill.store import open_store
    store = open_store(args.store)
    seat = Seat(store, args.code, args.name, role=args.role, team=args.team)
    scenario = None
    if args.bot is not None and args.role == "responder":
        # A bot gets ready (scenario read, its writer and scorer imported) before it takes its
        # seat: a host waiting for seats starts the clock when the last one joins, and a bot
        # still loading would sit out the drill's first minutes.
        scenario = _bot_scenario(seat)
    info = seat.join()
    if args.bot is None:
        if args.screens is None:
            return _err("no screens in this build: use --bot")
        return args.screens().run_seat(seat) or 0
    print(f"joined drill {seat.code} as {seat.name} ({info.role}, desk {info.desk or 'all'}, "
          f"bot {args.bot})", flush=True)
    from sim.drill.bots import run_approver, run_responder
    if args.role == "approver":
        stats = run_approver(seat) if args.bot != "silent" else _watch(seat)
    elif args.role == "responder":
        stats = run_responder(seat, args.bot, scenario=scenario)
    else:
        stats = _watch(seat)
    print(f"{seat.name}: the drill is over; " + ", ".join(f"{k} {v}" for k, v in stats.items()))
    return 0


def _bot_scenario(seat):
    """The drill's scenario, read from its log before joining (None when the log does not say:
    join then says what is wrong); imports the bots' writer and scorer on the way."""
    import sim.bots  # noqa: F401  (the import is the point: done before the clock runs)
    from sim.drill.bots import _scenario
    from sim.replay import ReplayError
    seat.catch_up()
    if seat.state.meta is None:
        return None
    try:
        return _scenario(seat)
    except ReplayError:     # said after joining, as before, by the bot that needs it
        return None


def _watch(seat) -> dict:
    n = 0
    while not seat.state.over:
        n += len(seat.poll(0.2))
    return {"events": n}


def cmd_status(args) -> int:
    from sim.drill.seat import Seat
    from sim.drill.store import open_store
    store = open_store(args.store)
    seat = Seat(store, args.code, "(status)", role="observer")
    seat.catch_up()
    s = seat.state.summary()
    s["status"] = seat.info.status
    pid = getattr(store, "host_pid", lambda c: None)(seat.code)
    s["host_pid"] = pid if seat.info.status != "finished" else None
    if args.json:
        print(json.dumps(s, ensure_ascii=False, indent=2))
        return 0
    print(f"drill {seat.code}: {s['scenario']} ({s['desks_mode']}"
          f"{', approvals' if s['approval'] else ''}), {s['status']}")
    people = [f"{x['name']} ({x['role']}{', ' + x['desk'] if x['desk'] else ''}"
              f"{'' if x['present'] else ', left'})" for x in s["seats"]]
    print("in: " + (", ".join(people) or "nobody yet"))
    if seat.info.facilitator_code and args.code.strip() == seat.info.facilitator_code:
        from sim.drill.serve import SEAT_ROLES, role_code     # only the facilitator sees them
        print("browser seat codes: " + "  ".join(f"{r} {role_code(seat.info, r)}"
                                                 for r in ("responder", *SEAT_ROLES)))
    for d in s["desks"]:
        print(f"desk {d['desk']}: t {d['t']:.0f}s  mood {d['mood']:+.0f}  waiting {d['waiting']}  "
              f"answered {d['answered']}{'  PAUSED' if d['paused'] else ''}"
              f"{'  finished' if d['finished'] else ''}")
        for c in d["claims"]:
            print(f"  claim   {c['post_id']} held by {c['by']}")
        for p in d["pending"]:
            print(f"  pending {p['post_id']} rev {p['rev']} by {p['by']}"
                  f"{' (stale)' if p['stale'] else ''}")
    return 0


def cmd_export(args) -> int:
    from sim.drill.export import export
    from sim.drill.store import open_store
    store = open_store(args.store)
    for line in export(store, args.code, args.output):
        print(line)
    return 0
