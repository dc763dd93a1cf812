"""Replay: re-derive a drill from its journal, and resume one that was interrupted.

A journal records the player's inputs (replies, pauses, the facilitator's turns, quitting)
alongside everything the engine derived from them (posts, scores, crowd movements, samples).
``rebuild`` feeds the inputs to a fresh ``Drill`` with the same scenario, seed and settings;
the engine is deterministic, so the rebuilt journal must equal the recorded one line for line.
``replay`` checks that and says exactly where it does not hold. ``resume`` rebuilds an
interrupted drill and reattaches its journal so the game can carry on where it stopped.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sim.debrief import Loaded, load, normalise, tolerant_stdio
from sim.journal import Journal, JournalError

INPUTS = ("reply", "turn", "pause", "resume", "drill_end", "inject",
          "claim", "release", "submit", "review", "note")   # the last six: team drills
IGNORED_HEADER_FIELDS = ("scenario_hash",)   # checked on its own, with a clearer message


class ReplayError(JournalError):
    """The journal cannot be re-derived or resumed (the message says why)."""


# -- rebuilding ----------------------------------------------------------------------------------
def scenario_for(header: dict, scenario=None):
    """The scenario a journal was played with: as given, else loaded by its id (or source)."""
    if scenario is not None:
        return scenario
    from sim.scenario import ScenarioError, load_scenario
    ref = header.get("source") or header.get("scenario")
    if not ref:
        raise ReplayError("the journal does not name its scenario")
    try:
        return load_scenario(ref)
    except ScenarioError as e:
        raise ReplayError(f"cannot load scenario {ref!r} to re-derive this drill: {e}") from None
    except OSError as e:
        raise ReplayError(f"cannot load scenario {ref!r} to re-derive this drill: {e}") from None


def current_hash(scenario) -> str:
    from sim.engine import scenario_fingerprint
    return scenario_fingerprint(scenario)


def rebuild(events: list[dict], scenario, *, journal: Journal | None = None, scorer=None,
            writer=None, complete: bool = True):
    """A fresh ``Drill`` fed the journal's inputs in order. Returns the drill.

    ``complete``: for an interrupted realtime drill, also run the clock up to the last
    recorded moment (what the player had seen). A replay input the engine refuses (a reply to
    a post that the rebuilt drill never produced) stops the feeding; the drill is returned as
    far as it got and ``drill.replay_error`` says why.
    """
    from sim.engine import Drill, DrillError
    if not events or events[0].get("type") != "drill_start":
        raise ReplayError("this is not a Stormdesk journal (it does not begin with drill_start)")
    h = events[0]
    kw: dict[str, Any] = {}
    if scorer is not None:
        kw["scorer"] = scorer
    if writer is not None:
        kw["writer"] = writer
    try:
        drill = Drill(scenario, seed=h.get("seed", 0), difficulty=h.get("difficulty", "standard"),
                      mode=h.get("mode", "realtime"), player=h.get("player", "human"),
                      language=h.get("language", "mild"), started_at=h.get("started_at"),
                      journal=journal if journal is not None else Journal(None), **kw)
    except DrillError as e:
        raise ReplayError(f"cannot start the drill again: {e}") from None
    drill.replay_error = None
    realtime = drill.mode == "realtime"
    try:
        for ev in events[1:]:
            kind = ev.get("type")
            t = float(ev.get("t", 0.0))
            if kind == "reply":
                drill.reply(ev.get("post_id"), ev.get("text", ""), t,
                            author=ev.get("author"), approved_by=ev.get("approved_by"))
            elif kind == "inject":
                drill.inject(ev.get("text", ""), kind=ev.get("kind", "inject"),
                             mood=ev.get("mood", 0.0), posts=ev.get("posts", 0),
                             mix=ev.get("mix"), by=ev.get("by"), now=t)
            elif kind in drill.RECORDED:
                drill.record(ev, t)
            elif kind == "turn":
                drill.next_wave()
            elif kind == "pause":
                drill.pause(t)
            elif kind == "resume":
                drill.resume()
            elif kind == "drill_end":
                if ev.get("reason") != "finished":
                    drill.finish(ev.get("reason") or "quit", t)
                elif realtime:
                    drill.advance(scenario.length)
        if complete and realtime and not drill.finished and events[-1].get("type") != "drill_end":
            drill.advance(float(events[-1].get("t", 0.0)))
    except DrillError as e:
        drill.replay_error = f"the engine refused a recorded input: {e}"
    return drill


# -- comparing -----------------------------------------------------------------------------------
_MISSING = object()


def _first_difference(rec: Any, der: Any, path: str = "") -> tuple[str, Any, Any] | None:
    if isinstance(rec, dict) and isinstance(der, dict):
        for k in list(rec) + [k for k in der if k not in rec]:
            if not path and k in IGNORED_HEADER_FIELDS and rec.get("type") == "drill_start":
                continue
            a, b = rec.get(k, _MISSING), der.get(k, _MISSING)
            if a is _MISSING or b is _MISSING:
                return (f"{path}{k}", a, b)
            d = _first_difference(a, b, f"{path}{k}.")
            if d:
                return d
        return None
    if isinstance(rec, list) and isinstance(der, list):
        for i, (a, b) in enumerate(zip(rec, der)):
            d = _first_difference(a, b, f"{path[:-1]}[{i}].")
            if d:
                return d
        if len(rec) != len(der):
            return (f"{path[:-1]} (length)", len(rec), len(der))
        return None
    if rec == der and type(rec) is type(der) or (
            isinstance(rec, (int, float)) and isinstance(der, (int, float))
            and not isinstance(rec, bool) and not isinstance(der, bool) and rec == der):
        return None
    return (path[:-1] if path.endswith(".") else path, rec, der)


def _show(v: Any) -> str:
    if v is _MISSING:
        return "(missing)"
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 200 else s[:197] + "..."


@dataclass
class Divergence:
    line: int | None            # file line of the recorded event (None: past the journal's end)
    index: int                  # event number (0 = drill_start)
    event_type: str
    field: str
    recorded: Any
    derived: Any
    t: float | None = None
    note: str = ""

    def describe(self) -> str:
        where = f"line {self.line}" if self.line is not None else "after the last line"
        at = f", t={self.t:g}s" if self.t is not None else ""
        head = f"diverges at {where} ({self.event_type} event{at}), field {self.field or '(whole event)'}"
        body = f"\n  recorded:    {_show(self.recorded)}\n  re-derived:  {_show(self.derived)}"
        return head + body + (f"\n  {self.note}" if self.note else "")

    def to_dict(self) -> dict:
        d = asdict(self)
        for k in ("recorded", "derived"):
            if d[k] is _MISSING:
                d[k] = None
                d[k + "_missing"] = True
        return d


@dataclass
class ReplayResult:
    path: Path | None
    scenario: str
    seed: int
    player: str
    finished: bool
    events: int                 # events in the journal
    checked: int                # events compared and equal
    replies: int                # reply events among them (each with four scores and reasons)
    crowd: int                  # crowd events among them
    samples: int
    scenario_changed: bool
    recorded_hash: str | None
    current_hash: str | None
    divergence: Divergence | None = None
    problems: list[str] = field(default_factory=list)
    error: str | None = None    # re-derivation could not run at all

    @property
    def ok(self) -> bool:
        return self.divergence is None and self.error is None

    def text(self) -> str:
        state = "finished" if self.finished else "interrupted (no drill_end)"
        out = [f"journal: {self.path}  ({self.scenario}, seed {self.seed}, player {self.player}; {state})"]
        for p in self.problems:
            out.append(f"note: {p}")
        if self.recorded_hash is None:
            out.append("scenario: the journal has no scenario hash; cannot tell whether the file changed")
        elif self.scenario_changed:
            out.append(f"WARNING: the scenario has changed since this drill was played (recorded "
                       f"hash {self.recorded_hash}, now {self.current_hash}): differences below may "
                       f"come from the edited scenario, not from tampering")
        else:
            out.append(f"scenario: unchanged since the drill (hash {self.current_hash})")
        if self.error:
            out.append(f"ERROR: {self.error}")
        elif self.divergence:
            out.append("DIVERGES: " + self.divergence.describe())
            out.append(f"everything before it matches: {self.checked} events, {self.replies} "
                       f"replies, {self.crowd} crowd events")
        else:
            tail = "" if self.finished else " (the journal stops mid-drill; everything recorded matches)"
            out.append(f"MATCH: every score and crowd number re-derived equals the journal: "
                       f"{self.checked} events, {self.replies} replies (4 scores each), "
                       f"{self.crowd} crowd events, {self.samples} samples{tail}")
        return "\n".join(out)

    def to_dict(self) -> dict:
        return {
            "journal": str(self.path) if self.path else None, "scenario": self.scenario,
            "seed": self.seed, "player": self.player, "finished": self.finished, "ok": self.ok,
            "events": self.events, "checked": self.checked, "replies": self.replies,
            "crowd": self.crowd, "samples": self.samples,
            "scenario_changed": self.scenario_changed, "recorded_hash": self.recorded_hash,
            "current_hash": self.current_hash,
            "divergence": self.divergence.to_dict() if self.divergence else None,
            "problems": self.problems, "error": self.error,
        }


def compare(recorded: list[dict], lines: list[int], derived: list[dict], *,
            finished: bool) -> tuple[int, Divergence | None]:
    """(events equal before the first difference, the first difference or None)."""
    derived = [normalise(e) for e in derived]
    n = min(len(recorded), len(derived))
    for i in range(n):
        d = _first_difference(recorded[i], derived[i])
        if d:
            rt = recorded[i].get("type", "?")
            if recorded[i].get("type") != derived[i].get("type"):
                d = ("type", rt, derived[i].get("type"))
            return i, Divergence(lines[i], i, rt, d[0], d[1], d[2], t=recorded[i].get("t"))
    if len(recorded) > len(derived):
        ev = recorded[n]
        return n, Divergence(lines[n], n, ev.get("type", "?"), "", ev, _MISSING, t=ev.get("t"),
                             note="the journal records an event the re-derived drill never produced")
    if len(derived) > len(recorded) and finished:
        ev = derived[n]
        return n, Divergence(None, n, ev.get("type", "?"), "", _MISSING, ev, t=ev.get("t"),
                             note="the re-derived drill produced an event the journal does not have")
    return n, None


def replay_loaded(ld: Loaded, scenario=None, *, scorer=None, writer=None) -> ReplayResult:
    h = ld.header
    res = ReplayResult(ld.path, h.get("scenario", "?"), h.get("seed", 0), h.get("player", "?"),
                       ld.finished, len(ld.events), 0, 0, 0, 0, False, h.get("scenario_hash"),
                       None, problems=list(ld.problems))
    try:
        sc = scenario_for(h, scenario)
        res.current_hash = current_hash(sc)
        res.scenario_changed = bool(res.recorded_hash) and res.recorded_hash != res.current_hash
        drill = rebuild(ld.events, sc, scorer=scorer, writer=writer)
    except ReplayError as e:
        res.error = str(e)
        return res
    n, div = compare(ld.events, ld.lines, drill.journal.events, finished=ld.finished)
    if div is not None and drill.replay_error:
        div.note = (div.note + "; " if div.note else "") + drill.replay_error
    res.divergence = div
    res.checked = n
    same = ld.events[:n]
    res.replies = sum(1 for e in same if e.get("type") == "reply")
    res.crowd = sum(1 for e in same if e.get("type") == "crowd")
    res.samples = sum(1 for e in same if e.get("type") == "sample")
    return res


def replay(path, scenario=None, *, scorer=None, writer=None) -> ReplayResult:
    """Re-derive a journal and compare it with what was recorded, line by line."""
    return replay_loaded(load(path), scenario, scorer=scorer, writer=writer)


# -- resuming ------------------------------------------------------------------------------------
def cut_torn_line(path) -> str | None:
    """If the journal's last line was cut off mid-write, move it to ``<path>.torn`` and
    truncate the journal to its last whole line. Returns a message, or None if not torn.
    A last line that is whole but lacks its newline gets the newline."""
    p = Path(path)
    data = p.read_bytes()
    if not data or data.endswith(b"\n"):
        return None
    cut = data.rfind(b"\n") + 1          # 0 if the only line is torn
    tail = data[cut:]
    ld_ok = True
    try:
        ev = json.loads(tail.decode("utf-8"))
        ld_ok = isinstance(ev, dict) and "type" in ev and "t" in ev
    except (ValueError, UnicodeDecodeError):
        ld_ok = False
    if ld_ok:
        with open(p, "ab") as fh:
            fh.write(b"\n")
        return None
    torn = p.with_name(p.name + ".torn")
    n = 1
    while torn.exists():
        n += 1
        torn = p.with_name(f"{p.name}.torn{n}")
    torn.write_bytes(tail)
    with open(p, "r+b") as fh:
        fh.truncate(cut)
        fh.flush()
        os.fsync(fh.fileno())
    line = data.count(b"\n") + 1
    return (f"{p.name}:{line}: the last line was cut off mid-write ({len(tail)} bytes); it was "
            f"moved to {torn.name} and the journal now ends at its last whole line")


def resume(journal_path, scenario=None, *, scorer=None, writer=None):
    """Rebuild an interrupted drill and reattach its journal for appending.

    Returns ``(drill, t)``: the drill as it stood, and the drill second to carry on from
    (start a ``DrillClock(offset=t)``). A torn last line is moved to ``<journal>.torn`` first.
    The journal afterwards holds exactly the rebuilt drill's events, and everything the
    drill does next is appended to it.
    """
    p = Path(journal_path)
    ld = load(p)
    if ld.finished:
        raise ReplayError(f"{p}: this drill already finished; there is nothing to resume "
                          f"(debrief it with `stormdesk report {p}`)")
    note = cut_torn_line(p)
    if note:
        ld = load(p)
    sc = scenario_for(ld.header, scenario)
    drill = rebuild(ld.events, sc, scorer=scorer, writer=writer)
    derived = [normalise(e) for e in drill.journal.events]
    n, div = compare(ld.events, ld.lines, derived, finished=False)
    if div is not None:
        raise ReplayError(f"{p}: cannot resume: the journal does not re-derive "
                          f"({div.describe()})")
    journal = Journal(p)
    for ev in drill.journal.events[len(ld.events):]:     # what the kill cut short
        journal.write(ev)
    journal.events = list(drill.journal.events)
    drill.journal = journal
    drill.resume_note = note
    return drill, float(drill.t)


# -- command line ----------------------------------------------------------------------------------
def cli_replay(args) -> int:
    """`stormdesk replay JOURNAL [--json]`: exit 0 match, 1 divergence, 2 unreadable."""
    tolerant_stdio()
    as_json = bool(getattr(args, "json", False))
    try:
        res = replay(args.journal)
    except JournalError as e:
        if as_json:
            print(json.dumps({"journal": str(args.journal), "ok": False, "error": str(e)}))
        else:
            print(f"stormdesk replay: {e}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(res.text())
    if res.error:
        return 2
    return 0 if res.ok else 1
