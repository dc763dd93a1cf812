"""`stormdesk`: the command-line contract (the README's "Command line").

Every subcommand imports what it needs when it runs, so `stormdesk --help`, `list` and `score`
start fast and never load Textual. A user never sees a traceback: known problems print one
clear line and exit 1 or 2; anything unexpected says so briefly (STORMDESK_DEBUG=1 shows it).
"""
from __future__ import annotations

import argparse
import os
import sys

DIFFICULTIES = ("calm", "standard", "storm")
MODES = ("realtime", "turns")
PLAYERS = ("silent", "canned", "rude", "model")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; for ``command`` "score", without the team-drill commands (their imports
    would cost the scorer's start-up, which counts in its replies per second)."""
    ap = argparse.ArgumentParser(
        prog="stormdesk",
        description="Practise answering the public during a service outage.",
        epilog="With no command, `stormdesk` is `stormdesk play`.",
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("play", help="play a drill in the terminal (the default)")
    p.add_argument("scenario", nargs="?", default=None, help="bundled id or path to a YAML file")
    p.add_argument("--seed", type=int, default=None, help="seed (default: a new one each drill)")
    p.add_argument("--difficulty", choices=DIFFICULTIES, default="standard")
    p.add_argument("--mode", choices=MODES, default="realtime",
                   help="realtime: posts arrive on the clock; turns: untimed, the facilitator advances waves")
    p.add_argument("--projector", action="store_true", help="large-type layout for a room")
    p.add_argument("--language", choices=("mild", "strong"), default="mild",
                   help="mild masks swearing in posts (default); strong spells it out")
    p.add_argument("--name", default=None, metavar="NAME",
                   help="your name in history and reports (remembered for next time; "
                        "STORMDESK_PLAYER also sets it)")

    sub.add_parser("list", help="list the bundled scenarios")

    p = sub.add_parser("validate", help="check scenario files; one line per problem")
    p.add_argument("paths", nargs="+", metavar="PATH")

    sub.add_parser("schema", help="print the JSON Schema for scenario files")

    p = sub.add_parser("simulate", help="run a headless drill with a bot player")
    p.add_argument("scenario")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--player", choices=PLAYERS, required=True)
    p.add_argument("--difficulty", choices=DIFFICULTIES, default="standard")
    p.add_argument("--mode", choices=MODES, default="realtime")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--journal", metavar="PATH", help="also write the journal here")

    p = sub.add_parser("score", help="score replies: JSON lines in, JSON lines out")
    p.add_argument("file", nargs="?", default="-", help="input file, or - for standard input")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes for big batches (default: one per core; 1 = none)")

    p = sub.add_parser("replay", help="re-derive every score and crowd number from a journal")
    p.add_argument("journal")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("report", help="after-action report from one or more journals")
    p.add_argument("journals", nargs="+", metavar="JOURNAL")
    p.add_argument("--format", choices=("md", "html", "json"), default="md")
    p.add_argument("-o", "--output", metavar="PATH", help="write here instead of standard output")
    p.add_argument("--compare", action="store_true",
                   help="several players of the same scenario and seed, side by side")

    p = sub.add_parser("history", help="past drills and progress from the local store "
                                       "(--store URL: the team drills kept in a drill store)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--player", default=None, metavar="NAME", help="only this player's drills")
    p.add_argument("--store", default=None, metavar="URL",
                   help="team drills in this drill store (postgresql://USER@HOST/DB, "
                        "sqlite:///PATH or a file path), read-only")

    if command == "score":
        return ap
    from sim.drill.cli import add_parser as add_drill_parser   # team drills (sim/drill/cli.py)
    add_drill_parser(sub)
    from sim.tui.serve.web import add_parser as add_serve_parser   # `drill serve` (browser seats)
    add_serve_parser(sub)
    return ap


def _load(ref: str):
    from sim.scenario import load_scenario
    return load_scenario(ref)


def cmd_list(args) -> int:
    from sim.scenario import bundled_rows
    rows = [(sid, title, f"{length / 60:g} min", str(waves), ", ".join(personas))
            for sid, title, length, waves, personas in bundled_rows()]
    head = ("ID", "TITLE", "LENGTH", "WAVES", "PERSONAS")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(4)]
    for r in [head] + rows:
        print("  ".join(c.ljust(w) for c, w in zip(r[:4], widths)) + "  " + r[4])
    return 0


def cmd_validate(args) -> int:
    from sim.scenario import validate_paths
    return validate_paths(args.paths)


def cmd_schema(args) -> int:
    from sim.scenario import schema_text
    sys.stdout.write(schema_text())
    return 0


def cmd_simulate(args) -> int:
    import json

    from sim.simulate import result, run, summary
    drill = run(_load(args.scenario), seed=args.seed, player=args.player,
                difficulty=args.difficulty, mode=args.mode, journal_path=args.journal)
    res = result(drill)
    if args.json:
        sys.stdout.write(json.dumps(res, ensure_ascii=False, sort_keys=False) + "\n")
    else:
        print(summary(res))
    return 0


def cmd_score(args) -> int:
    from scoring.cli import main as score_main
    global _SCORED
    _SCORED = True
    return score_main([args.file] + ([] if args.jobs is None else ["--jobs", str(args.jobs)]))


def cmd_play(args) -> int:
    from sim.tui.app import run_app
    return run_app(scenario=args.scenario, seed=args.seed, difficulty=args.difficulty,
                   mode=args.mode, projector=args.projector, language=args.language,
                   player=getattr(args, "name", None)) or 0


def cmd_replay(args) -> int:
    from sim.replay import cli_replay
    return cli_replay(args)


def cmd_report(args) -> int:
    from sim.report import cli_report
    return cli_report(args)


def cmd_history(args) -> int:
    if getattr(args, "store", None) is not None:
        from sim.drill.history import cli_history as team_history   # a drill store's team drills
        return team_history(args)
    from sim.store import cli_history
    return cli_history(args)


def cmd_drill(args) -> int:
    from sim.drill.cli import main as drill_main

    def screens():
        from sim.tui.drill import app
        return app
    return drill_main(args, screens)


COMMANDS = {
    "play": cmd_play, "list": cmd_list, "validate": cmd_validate, "schema": cmd_schema,
    "simulate": cmd_simulate, "score": cmd_score, "replay": cmd_replay, "report": cmd_report,
    "history": cmd_history, "drill": cmd_drill,
}


def _known_errors() -> tuple[type[BaseException], ...]:
    errs: list[type[BaseException]] = [OSError]
    for mod, name in (("sim.scenario", "ScenarioError"), ("sim.journal", "JournalError"),
                      ("sim.engine", "DrillError")):
        m = sys.modules.get(mod)
        if m is not None and hasattr(m, name):
            errs.append(getattr(m, name))
    return tuple(errs)


_SCORED = False     # cmd_score ran: console ends the process at once (scoring.cli.leave)


def console() -> int:
    """The `stormdesk` command (pyproject's script): main on the process's own arguments. After
    `score`, the process ends as soon as the answers are flushed, without the interpreter's
    teardown of the scorer's caches (see scoring.cli.leave); tests call main, never this."""
    rc = main()
    if _SCORED:
        from scoring.cli import leave
        leave(rc)
    return rc


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else None)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["play"] + argv
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play"])
    try:
        return (getattr(args, "handler", None) or COMMANDS[args.command])(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except Exception as e:  # the one place that turns errors into messages
        if os.environ.get("STORMDESK_DEBUG"):
            raise
        if isinstance(e, _known_errors()):
            probs = getattr(e, "problems", None)
            if probs:
                for pr in probs:
                    print(str(pr), file=sys.stderr)
            else:
                print(f"stormdesk: {e}", file=sys.stderr)
            return 2
        print(f"stormdesk: unexpected error: {type(e).__name__}: {e} "
              f"(run with STORMDESK_DEBUG=1 for details, and please report it)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
