"""Replay: re-derive a drill from its journal, and resume one that was interrupted.

A journal records the player's inputs (replies, pauses, the facilitator's turns, quitting)
alongside everything the engine derived from them (posts, scores, crowd movements, samples).
``rebuild`` feeds the inputs to a fresh ``Drill`` with the same scenario, seed and settings;
the engine is deterministic, so the rebuilt journal must equal the recorded one line for line.
``replay`` checks that and says exactly where it does not hold. ``resume`` rebuilds an
interrupted drill and reattaches its journal so the game can carry on where it stopped.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sim.debrief import normalise, tolerant_stdio
from sim.events import (CrowdMoved, DrillEnd, DrillStart, Event, EventError, Injected, Paused,
                        Replied, Resumed, Sample, TeamEvent, Turn, from_json)
from sim.journal import Journal, JournalError, JournalFile, read_journal, record_of
from sim.version import code_fingerprint

IGNORED_HEADER_FIELDS = ("scenario_hash", "code")   # checked on their own, with clearer messages


class ReplayError(JournalError):
    """The journal cannot be re-derived or resumed (the message says why)."""


# -- rebuilding ----------------------------------------------------------------------------------
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")


def _shown(v) -> str:
    s = repr(v)
    return s if len(s) <= 80 else s[:77] + "..."


def scenario_for(header: DrillStart | Mapping, scenario=None, *, check_hash: bool = True):
    """The scenario a journal was played with.

    ``scenario`` if given; else the scenario file the journal records (``source``: its path and
    content hash, checked before a byte of it is parsed); else the bundled scenario of that id.
    A journal header's ``scenario`` field is only ever looked up among the bundled scenarios,
    never opened as a path; a dict that is not a journal header (no ``type``: a team drill's
    settings, what a person typed) may name a path, as ``play`` does. With ``check_hash``, a
    scenario whose content differs from the one the drill was played with (same id, other
    scenario) is refused.
    """
    if scenario is not None:
        return scenario
    from sim.files import FileRefused, read_regular
    from sim.scenario import MAX_BYTES, ScenarioError, bundled_dir, load_file, load_scenario
    if isinstance(header, Mapping):
        if header.get("type") != "drill_start":
            # Not a journal's header: a reference a person gave on the command line (a team
            # drill's settings), which may be a bundled id or a path, as for `play`.
            sid = header.get("scenario")
            try:
                return load_scenario(str(sid))
            except (ScenarioError, OSError) as e:
                raise ReplayError(f"cannot load scenario {_shown(sid)}: {e}") from None
        try:
            header = DrillStart.from_json(header)
        except (EventError, KeyError, TypeError) as e:
            raise ReplayError(f"the journal's drill_start header is damaged: {e}") from None
    src, sid = header.source, header.scenario
    if isinstance(src, dict) and src.get("kind") == "file":
        path, want = src.get("path"), src.get("sha256")
        if not isinstance(path, str) or not isinstance(want, str):
            raise ReplayError("the journal's scenario source is damaged (no path or hash)")
        try:
            data = read_regular(path, MAX_BYTES, "scenario file")
        except FileNotFoundError:
            raise ReplayError(f"this drill was played on the scenario file {path}, which is not "
                              f"there any more; put it back to replay, resume or debrief it") from None
        except (FileRefused, OSError) as e:
            raise ReplayError(f"cannot read the scenario file {path} this drill was played on: "
                              f"{getattr(e, 'strerror', None) or e}") from None
        got = hashlib.sha256(data).hexdigest()
        if got != want:
            raise ReplayError(f"the scenario file {path} is not the one this drill was played on "
                              f"(its content hash is {got[:16]}, the drill's was {want[:16]}): it "
                              f"was edited or replaced; restore that version to re-derive the drill")
        try:
            sc = load_file(path)
        except ScenarioError as e:
            raise ReplayError(f"cannot load the scenario file {path}: {e}") from None
    else:
        if not isinstance(sid, str) or not _ID_RE.match(sid):
            raise ReplayError(f"the journal names the scenario {_shown(sid)}, which is not a "
                              f"bundled scenario id, and it does not record a scenario file")
        f = Path(bundled_dir()) / f"{sid}.yaml"
        try:
            ok = f.is_file()
        except OSError:
            ok = False
        if not ok:
            raise ReplayError(f"the journal's scenario {sid!r} is not a bundled scenario, and the "
                              f"journal does not record the file it came from")
        try:
            sc = load_file(f)
        except ScenarioError as e:
            raise ReplayError(f"cannot load the bundled scenario {sid!r}: {e}") from None
    recorded = header.scenario_hash
    if check_hash and recorded is not None and recorded != current_hash(sc):
        raise ReplayError(f"this drill was played on a different scenario {sid!r} than the one "
                          f"found now (its hash was {recorded}, this one's is {current_hash(sc)}): "
                          f"the scenario was edited, or another scenario uses the same id; "
                          f"re-deriving it against this one would not mean anything")
    return sc


def current_hash(scenario) -> str:
    from sim.engine import scenario_fingerprint
    return scenario_fingerprint(scenario)


def rebuild(events: list[Event | dict], scenario, *, journal: Journal | None = None, scorer=None,
            writer=None, complete: bool = True):
    """A fresh ``Drill`` fed the journal's inputs in order. Returns the drill.

    ``complete``: for an interrupted realtime drill, also run the clock up to the last
    recorded moment (what the player had seen). A replay input the engine refuses (a reply to
    a post that the rebuilt drill never produced) stops the feeding; the drill is returned as
    far as it got and ``drill.replay_error`` says why.
    """
    from sim.engine import Drill, DrillError
    events = [e if isinstance(e, Event) else from_json(e) for e in events]
    if not events or not isinstance(events[0], DrillStart):
        raise ReplayError("this is not a Stormdesk journal (it does not begin with drill_start)")
    h: DrillStart = events[0]
    kw: dict[str, Any] = {}
    if scorer is not None:
        kw["scorer"] = scorer
    if writer is not None:
        kw["writer"] = writer
    try:
        drill = Drill(scenario, seed=h.seed, difficulty=h.difficulty, mode=h.mode, player=h.player,
                      language=h.language, started_at=h.started_at, source=h.source,
                      journal=journal if journal is not None else Journal(None), **kw)
    except DrillError as e:
        raise ReplayError(f"cannot start the drill again: {e}") from None
    drill.replay_error = None
    realtime = drill.mode == "realtime"
    try:
        for ev in events[1:]:          # the inputs; everything else the engine derives again
            t = float(ev.t)
            match ev:
                case Replied():
                    drill.reply(ev.post_id, ev.text, t, author=ev.author, approved_by=ev.approved_by)
                case Injected():
                    drill.inject(ev.text, kind=ev.inject_kind, mood=ev.mood, posts=ev.posts,
                                 mix=ev.mix, by=ev.by, now=t)
                case TeamEvent():
                    drill.record(ev.to_json(), t)
                case Turn():
                    drill.next_wave()
                case Paused():
                    drill.pause(t)
                case Resumed():
                    drill.resume()
                case DrillEnd(reason="finished"):
                    if realtime:
                        drill.advance(scenario.length)
                case DrillEnd():
                    drill.finish(ev.reason or "quit", t)
        if complete and realtime and not drill.finished and not isinstance(events[-1], DrillEnd):
            drill.advance(float(events[-1].t))
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
    skipped: list[int] = field(default_factory=list)   # journal lines that could not be read
    recorded_code: str | None = None    # the fingerprint of the code that wrote it (sim.version)
    current_code: str | None = None

    @property
    def other_version(self) -> bool:
        """Written by another version of Stormdesk (or one from before journals said which)."""
        return self.recorded_code != self.current_code

    @property
    def ok(self) -> bool:
        return self.divergence is None and self.error is None and not self.skipped

    def text(self) -> str:
        state = "finished" if self.finished else "interrupted (no drill_end)"
        out = [f"journal: {self.path}  ({self.scenario}, seed {self.seed}, player {self.player}; {state})"]
        for p in self.problems:
            out.append(f"note: {p}")
        if self.error and self.current_hash is None:
            pass                    # the scenario could not be found: the error says why
        elif self.recorded_hash is None:
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
            if self.other_version:
                which = (f"code {self.recorded_code}, this one is {self.current_code}" if self.recorded_code
                         else "from before journals recorded their version")
                out.append(f"note: this journal was written by another version of Stormdesk ({which}); "
                           "replay re-derives every post, score and crowd number with today's writer and "
                           "scorer, so a journal from another version differs without anything being "
                           "wrong with it. report, history and compare read it as recorded")
            out.append(f"everything before it matches: {self.checked} events, {self.replies} "
                       f"replies, {self.crowd} crowd events")
        elif self.skipped:
            lines = ", ".join(str(n) for n in self.skipped[:10]) + (" ..." if len(self.skipped) > 10 else "")
            out.append(f"NOT CONFIRMED: {len(self.skipped)} line{'s' if len(self.skipped) != 1 else ''} of "
                       f"the journal could not be read (line {lines}; see the notes above), so it cannot "
                       f"be called a match; the {self.checked} events that could be read re-derive equal")
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
            "problems": self.problems, "error": self.error, "skipped_lines": self.skipped,
        }


def compare(recorded: list[dict], lines: list[int], derived: list[dict], *,
            finished: bool) -> tuple[int, Divergence | None]:
    """(events equal before the first difference, the first difference or None)."""
    derived = [normalise(e) for e in derived]
    if recorded and recorded[0].get("type") == "drill_start" and "version" not in recorded[0]:
        # a journal from before the header carried its version is version 1
        recorded = [{**recorded[0], "version": 1}, *recorded[1:]]
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


def replay_loaded(ld: JournalFile, scenario=None, *, scorer=None, writer=None) -> ReplayResult:
    h = ld.header
    res = ReplayResult(ld.path, h.scenario, h.seed, h.player, ld.finished, len(ld.events), 0, 0, 0,
                       0, False, h.scenario_hash, None, problems=list(ld.problems),
                       skipped=list(ld.skipped), recorded_code=h.code, current_code=code_fingerprint())
    try:
        sc = scenario_for(ld.header, scenario)
        res.current_hash = current_hash(sc)
        res.scenario_changed = bool(res.recorded_hash) and res.recorded_hash != res.current_hash
        drill = rebuild(ld.events, sc, scorer=scorer, writer=writer)
    except ReplayError as e:
        res.error = str(e)
        return res
    n, div = compare(ld.records, ld.lines, drill.journal.events, finished=ld.finished)
    if div is not None and drill.replay_error:
        div.note = (div.note + "; " if div.note else "") + drill.replay_error
    res.divergence = div
    res.checked = n
    same = ld.events[:n]
    res.replies = sum(isinstance(e, Replied) for e in same)
    res.crowd = sum(isinstance(e, CrowdMoved) for e in same)
    res.samples = sum(isinstance(e, Sample) for e in same)
    return res


def replay(path, scenario=None, *, scorer=None, writer=None) -> ReplayResult:
    """Re-derive a journal and compare it with what was recorded, line by line."""
    return replay_loaded(read_journal(path), scenario, scorer=scorer, writer=writer)


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
    if record_of(tail) is not None:
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
    ld = read_journal(p)
    if ld.finished:
        raise ReplayError(f"{p}: this drill already finished; there is nothing to resume "
                          f"(debrief it with `stormdesk report {p}`)")
    if ld.skipped:
        raise ReplayError(f"{p}: cannot resume: line {', '.join(map(str, ld.skipped[:10]))} of the "
                          f"journal could not be read ({ld.problems[0] if ld.problems else 'damaged'})")
    note = cut_torn_line(p)
    if note:
        ld = read_journal(p)
    sc = scenario_for(ld.header, scenario)
    drill = rebuild(ld.events, sc, scorer=scorer, writer=writer)
    derived = [normalise(e) for e in drill.journal.events]
    n, div = compare(ld.records, ld.lines, derived, finished=False)
    if div is not None:
        raise ReplayError(f"{p}: cannot resume: the journal does not re-derive "
                          f"({div.describe()})")
    journal = Journal(p)
    for ev in drill.journal.events[len(ld.events):]:     # what the kill cut short
        journal.write(ev)
    journal.events = list(drill.journal.events)
    journal.typed = list(drill.journal.typed)
    drill.journal = journal
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
