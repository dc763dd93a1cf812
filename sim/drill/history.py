"""`stormdesk history --store URL [--json] [--player NAME]`: the team drills kept in a drill store.

An organisation that runs drills from one server for many rooms keeps every team's history in
its drill store (SQLite or PostgreSQL). This reads it, and only reads: the store is opened
read-only (no file, table, schema or lock is created or changed), so a database role with
SELECT rights only (migrations/pg/readonly_role.sql) is enough.

Every figure comes from the drill's log folded as every seat folds it (sim/drill/team.py) and
scored as the export's team report scores it (sim/drill/export.py: ``person_stats`` and
``team_stats``; a desk's drill score is the engine's own ``drill_end`` totals). Nothing here
scores anything.

- One record per drill, newest first: when, scenario, mode, difficulty, seed, desks, state
  (running, finished, ended early, abandoned: its host is gone, not finished), each desk's
  and team's score, the people and their figures, and the command that exports it.
- ``--player NAME``: the drills NAME took a seat in, with their own figures.
- Progress: per team (the same people together) and per person, on one scenario and mode,
  over drills played to the end: the later half against the earlier half (sim.store's rule).

Facilitator codes are never shown: a history is read by people who may not hold them.
"""
from __future__ import annotations

import json
import sys

from sim.drill.store import PROTOCOL, DrillInfo, DrillStore, StoreError

AXES_TEAM = ("drill", "overall")          # a team's trend: the desk's drill score, its mean score
AXES_PERSON = ("overall", "publish_s")    # a person's: their mean score, median seconds to publish


def _desk_row(d) -> dict:
    end = d.end
    totals = (end.totals if end else None) or {}
    return {"desk": d.name, "finished": end is not None,
            "end_reason": end.reason if end else None,
            "drill": totals.get("drill"), "overall": totals.get("overall"),
            "answered": totals.get("answered", len(d.replies)),
            "missed": totals.get("missed") if end else None,
            "waiting": None if end else len(d.open),
            "mood_end": round(d.mood, 1), "t": round(d.t, 1)}


def _teams(state, desks: dict[str, dict]) -> list[dict]:
    """The export's team scores (export.team_stats), each with its desk's drill score when the
    team had that desk to itself (parallel desks, or a shared desk worked by one team). A shared
    desk with no --team labels is one team: everyone who responded or approved there."""
    from sim.drill.export import team_stats
    teams = team_stats(state)
    if not teams:
        for seat in state.seats.values():
            if seat.role in ("responder", "approver") and seat.desk:
                seat.team = seat.desk           # a copy of the log's state, folded for us alone
        teams = team_stats(state)
    parallel = bool(state.meta and state.meta.parallel)
    workers = {n for n, s in state.seats.items() if s.role in ("responder", "approver")}
    own_desk = parallel or (len(teams) == 1 and set(teams[0]["people"]) == workers)
    out = []
    for t in teams:
        desk = t["team"] if parallel else next(iter(desks), None)
        d = desks.get(desk) if own_desk else None
        row = {"team": t["team"], "desk": desk, "people": sorted(t["people"]),
               "drill": d["drill"] if d else None,
               "overall": t.get("overall_mean"), "answered": t["answered"],
               "missed": t["missed"] if t["missed"] is not None else (d["missed"] if d else None),
               "mood_end": t["mood_end"] if t["mood_end"] is not None else (d["mood_end"] if d else None),
               **{k: t.get(k) for k in ("claim_median_s", "publish_median_s", "approve_median_s",
                                        "approved", "changes", "caught", "claims_lapsed")}}
        out.append(row)
    return out


def _export_command(code: str, url: str) -> str:
    return f"stormdesk drill export {code} -o DIR --store {url}"


def drill_record(store: DrillStore, info: DrillInfo) -> dict:
    """One drill as history shows it (JSON-ready)."""
    m = info.meta or {}
    rec: dict = {"code": info.code, "protocol": info.protocol, "status": info.status,
                 "started_at": None, "scenario": m.get("scenario_id") or m.get("scenario"),
                 "title": m.get("title"), "seed": m.get("seed"), "difficulty": m.get("difficulty"),
                 "mode": m.get("mode"), "desks_mode": m.get("desks_mode"),
                 "approval": bool(m.get("approval")), "state": None, "played_to_end": False,
                 "host_alive": None, "desks": [], "teams": [], "people": [],
                 "export": _export_command(info.code, store.url)}
    if info.protocol != PROTOCOL:
        rec["state"] = f"protocol {info.protocol}"
        rec["note"] = (f"made by a Stormdesk speaking drill protocol {info.protocol} (this one "
                       f"speaks {PROTOCOL}): use that version to read its scores")
        rec["export"] = None
        return rec
    from sim.drill.export import fold_all, person_stats
    state = fold_all(store, info.code)
    rec["started_at"] = state.meta.started_at if state.meta else None
    desks = {d.name: _desk_row(d) for d in state.desks.values()}
    rec["desks"] = list(desks.values())
    rec["people"] = [dict(p, overall=p.pop("overall_mean")) for p in person_stats(state).values()]
    rec["teams"] = _teams(state, desks)
    over = state.over or (bool(desks) and all(d["finished"] for d in desks.values()))
    if state.meta is None:
        rec["state"] = "not started"
    elif over or info.status == "finished":
        rec["played_to_end"] = bool(desks) and all(d["end_reason"] == "finished" for d in desks.values())
        rec["state"] = "finished" if rec["played_to_end"] else "ended early"
    else:
        alive = store.host_alive(info.code)
        rec["host_alive"] = alive
        rec["state"] = "running" if alive else "abandoned" if alive is False else "unfinished"
        if not alive:
            rec["resume"] = f"stormdesk drill host --resume {info.code} --store {store.url}"
    return rec


def _trend(vals: list) -> dict:
    from sim.store import half_trend
    vals = [v for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return {"series": vals, "trend": half_trend(vals)}


def progress(records: list[dict], player: str | None = None) -> dict:
    """Trends over drills played to the end (oldest first), per scenario and mode: per team
    (the same people together) and per person. With ``player``, only theirs."""
    teams: dict[tuple, list[dict]] = {}
    people: dict[tuple, list[dict]] = {}
    for r in reversed(records):
        if not r["played_to_end"]:
            continue
        where = f"{r['scenario']} {r['mode']}"
        for t in r["teams"]:
            if player is None or player in t["people"]:
                teams.setdefault((", ".join(t["people"]), where), []).append(t)
        for p in r["people"]:
            if p["role"] in ("responder", "approver") and (player is None or p["name"] == player):
                people.setdefault((p["name"], where), []).append(p)
    out: dict = {"teams": [], "people": []}
    for (who, where), rows in teams.items():
        out["teams"].append({"team": who, "on": where, "drills": len(rows),
                             **{a: _trend([r.get(a) for r in rows]) for a in AXES_TEAM}})
    for (who, where), rows in people.items():
        out["people"].append({"name": who, "on": where, "drills": len(rows),
                              "role": rows[-1]["role"],
                              "overall": _trend([r.get("overall") for r in rows]),
                              "publish_s": _trend([r.get("publish_median_s") for r in rows])})
    return out


def collect(store: DrillStore, player: str | None = None) -> dict:
    records = [drill_record(store, info) for info in store.drills()]
    if player:
        mine = []
        for r in records:
            you = next((p for p in r["people"] if p["name"] == player), None)
            if you is not None:
                r["you"] = you
                mine.append(r)
        shown = mine
    else:
        shown = records
    return {"store": store.url, "player": player, "drills_in_store": len(records),
            "drills": shown, "progress": progress(shown, player)}


# -- text -----------------------------------------------------------------------------------------
def _n(v, unit: str = "", signed: bool = False) -> str:
    from sim.fmt import num
    if isinstance(v, float):
        v = round(v, 1)
    return num(v, signed=signed) + (unit if v is not None else "")


def _when(r: dict) -> str:
    return (r.get("started_at") or "-")[:16].replace("T", " ")


def _person(p: dict) -> str:
    bits = [p["role"]]
    if p.get("team") and p["role"] in ("responder", "approver"):
        bits.append(p["team"])
    if p["role"] == "responder" or p["answered"]:
        bits.append(f"{p['answered']} answered, mean {_n(p['overall'])}")
        if p.get("publish_median_s") is not None:
            bits.append(f"publish median {_n(p['publish_median_s'], ' s')}")
    if p["role"] == "approver":
        bits.append(f"{p['approved']} approved, {p['changes']} sent back, {p['caught']} bad drafts caught")
    if p.get("notes"):
        bits.append(f"{p['notes']} notes")
    return f"{p['name']} ({', '.join(bits)})"


def _you(p: dict, r: dict) -> str:
    desk = next((d for d in r["desks"] if d["desk"] == p.get("desk")), None)
    where = f"on desk {p['desk']}" + (f", team {p['team']}" if p.get("team") and p["team"] != p["desk"] else "")
    s = (f"  {p['name']}: {p['role']} {where}: answered {p['answered']}, mean score {_n(p['overall'])}, "
         f"claim median {_n(p['claim_median_s'], ' s')}, publish median {_n(p['publish_median_s'], ' s')}")
    if p["role"] == "approver" or p["approved"] or p["changes"]:
        s += (f"; approved {p['approved']}, sent back {p['changes']} ({p['caught']} bad drafts caught), "
              f"approve median {_n(p['approve_median_s'], ' s')}")
    if p.get("notes"):
        s += f"; {p['notes']} notes"
    if desk is not None and desk["finished"]:
        s += f"; the desk's drill score {_n(desk['drill'])}"
    return s


def _state(r: dict) -> str:
    s = r["state"]
    return "ABANDONED (host gone)" if s == "abandoned" else s


def text_lines(data: dict) -> list[str]:
    url, who = data["store"], data["player"]
    rows = data["drills"]
    if not rows:
        if who and data["drills_in_store"]:
            return [f"No team drills with a seat for {who} in {url} "
                    f"({data['drills_in_store']} drills there; names are matched exactly)."]
        return [f"No team drills in {url} yet. Host one with "
                f"`stormdesk drill host SCENARIO --store {url}`."]
    out = [f"Team drills in {url}{' with ' + who if who else ''}, newest first ({len(rows)}):"]
    for r in rows:
        out.append("")
        desks = f"{r['desks_mode'] or '?'} desk{'s' if r['desks_mode'] == 'parallel' else ''}"
        out.append(f"{_when(r):16s}  {r['scenario']}  {r['mode']}  {r['difficulty']}  seed {r['seed']}  "
                   f"{desks}{', approvals' if r['approval'] else ''}  {_state(r)}  code {r['code']}")
        if r.get("note"):
            out.append(f"  {r['note']}")
            continue
        for d in r["desks"]:
            if d["finished"]:
                out.append(f"  desk {d['desk']}: drill {_n(d['drill'])}, overall {_n(d['overall'])}, "
                           f"answered {d['answered']}, missed {_n(d['missed'])}, mood {_n(d['mood_end'], signed=True)}"
                           + ("" if d["end_reason"] == "finished" else f" (ended: {d['end_reason']})"))
            else:
                out.append(f"  desk {d['desk']}: at {d['t']:.0f}s, answered {d['answered']}, "
                           f"waiting {d['waiting']}, mood {_n(d['mood_end'], signed=True)} (not finished)")
        for t in r["teams"]:
            out.append(f"  team {t['team']} ({', '.join(t['people'])}): "
                       + (f"drill {_n(t['drill'])}, " if t["drill"] is not None else "")
                       + f"mean score {_n(t['overall'])}, answered {t['answered']}"
                       + (f", missed {_n(t['missed'])}" if t["missed"] is not None else "")
                       + f", claim median {_n(t['claim_median_s'], ' s')}, publish median "
                         f"{_n(t['publish_median_s'], ' s')}"
                       + (f", approved {t['approved']}, {t['caught']} bad drafts caught"
                          if r["approval"] else ""))
        if who and r.get("you"):
            out.append(_you(r["you"], r))
        elif r["people"]:
            out.append("  people: " + "; ".join(_person(p) for p in r["people"]))
        else:
            out.append("  people: nobody took a seat")
        out.append(f"  export: {r['export']}")
        if r.get("resume"):
            out.append(f"  carry on: {r['resume']}")
    prog = data["progress"]
    counted = sum(1 for r in rows if r["played_to_end"])
    out.append("")
    if not counted:
        out.append("No team drill played to the end yet: no trend.")
        return out
    others = len(rows) - counted
    out.append(f"Progress over {counted} drill{'s' if counted != 1 else ''} played to the end"
               + (f" ({others} running, ended early or abandoned, not counted)" if others else "")
               + ", later half against earlier half:")
    lines = []
    for t in sorted(prog["teams"], key=lambda x: (x["on"], x["team"])):
        lines.append(_trend_line(f"team {t['team']}", t, (("drill", "drill"), ("overall", "mean score"))))
    for p in sorted(prog["people"], key=lambda x: (x["on"], x["name"])):
        lines.append(_trend_line(p["name"], p, (("overall", "mean score"), ("publish_s", "publish median s"))))
    shown = [x for x in lines if x[0] or who]
    out += [s for _, s in shown]
    if not shown:
        out.append("  nobody has two drills of one scenario and mode played to the end yet")
    return out


def _trend_line(name: str, t: dict, axes) -> tuple[bool, str]:
    parts = []
    for key, label in axes:
        tr = t[key]
        if tr["trend"] is not None:
            parts.append(f"{label} {' → '.join(_n(v) for v in tr['series'])} ({tr['trend']:+.1f})")
    if parts:
        return True, f"  {name} on {t['on']} ({t['drills']} drills): " + "; ".join(parts)
    return False, (f"  {name} on {t['on']}: needs at least two drills played to the end "
                   f"({t['drills']} so far)")


def cli_history(args) -> int:
    """Exit 0 (also for an empty store), 2 when the store cannot be read (the message says
    why, with any password removed)."""
    from sim.debrief import tolerant_stdio
    from sim.drill.store import open_store, redact_url
    tolerant_stdio()
    url = args.store
    who = (getattr(args, "player", None) or "").strip() or None
    try:
        store = open_store(url, read_only=True)
    except StoreError as e:
        print(f"stormdesk history: {e}", file=sys.stderr)
        return 2
    try:
        data = collect(store, who)
    except StoreError as e:
        print(f"stormdesk history: {e}", file=sys.stderr)
        return 2
    except Exception as e:      # a driver error mid-read: one line, never the password
        from sim.drill.seat import SeatError
        if not isinstance(e, SeatError) and type(e).__module__.split(".")[0] != "psycopg":
            raise
        msg = (str(e).strip().splitlines() or [type(e).__name__])[0].replace(url, redact_url(url))
        print(f"stormdesk history: cannot read {store.url}: {msg}", file=sys.stderr)
        return 2
    finally:
        store.close()
    if getattr(args, "json", False):
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for line in text_lines(data):
            print(line)
    return 0
