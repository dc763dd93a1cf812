"""History: every finished or interrupted drill, in a local SQLite database beside its journal.

The database is an index; the journals are the truth, so a lost or corrupt database can be
rebuilt from the journals folder. A corrupt database is moved aside (never deleted) and a
warning says where it went. The location is the platformdirs user data directory
(``STORMDESK_HOME`` overrides it).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sim.debrief import AXES, Analysis, tolerant_stdio
from sim.fmt import num
from sim.journal import JournalError

SCHEMA = """CREATE TABLE IF NOT EXISTS drills (
  journal TEXT PRIMARY KEY, scenario TEXT, title TEXT, seed INTEGER, difficulty TEXT, mode TEXT,
  player TEXT, started_at TEXT, finished INTEGER, end_reason TEXT, totals TEXT,
  mood_start REAL, mood_end REAL, recorded REAL)"""


DB_NAME = "history.sqlite3"
LOCKED = ("the history database is locked by another Stormdesk; history is read-only (or hidden) until it "
          "is closed: journals are still written, and will be listed next time")
LOCKED_AT_START = ("the history database is locked by another program (another Stormdesk?); history is off "
                   "for this session: drills are still journalled, and will be listed next time")
LOCK_TIMEOUT = 0.25         # seconds to wait for another Stormdesk holding the database: start fast
COLUMNS = ("journal", "scenario", "title", "seed", "difficulty", "mode", "player", "started_at", "finished",
           "end_reason", "totals", "mood_start", "mood_end", "recorded")


@dataclass
class DrillRecord:
    id: int
    journal: Path
    scenario: str
    title: str
    seed: int
    difficulty: str
    mode: str
    player: str
    started_at: str
    finished: bool
    end_reason: str
    totals: dict = field(default_factory=dict)
    mood_start: float | None = None
    mood_end: float | None = None

    @property
    def completed(self) -> bool:
        """Played to the end (not ended early with F10 or quit, not interrupted)."""
        return self.finished and self.end_reason == "finished"

    @property
    def status(self) -> str:
        if not self.finished:
            return "interrupted"
        if self.completed:
            return "finished"
        why = self.end_reason if self.end_reason not in ("", "quit", "ended") else ""
        return f"ended early ({why})" if why else "ended early"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["journal"] = str(self.journal)
        d["completed"] = self.completed
        d["status"] = self.status
        return d


# -- the player's name: a flag for one drill, remembered as a setting -----------------------------------
SETTINGS = "settings.json"
DEFAULT_PLAYER = "human"


def _settings(root: Path) -> dict:
    try:
        d = json.loads((root / SETTINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return d if isinstance(d, dict) else {}


def player_name(flag: str | None = None, root: str | os.PathLike | None = None) -> str:
    """Who is playing, as history and reports name them: ``--name`` (which is also remembered
    in ``settings.json`` in the data directory for next time), else ``STORMDESK_PLAYER``, else
    the remembered name, else "human". Saving never fails a drill: a read-only disk just means
    the name is not remembered."""
    root = Path(root) if root is not None else default_root()
    if flag is not None and flag.strip():
        name = " ".join(flag.split())[:60]
        settings = _settings(root)
        if settings.get("player") != name:
            settings["player"] = name
            try:
                root.mkdir(parents=True, exist_ok=True)
                tmp = root / (SETTINGS + ".tmp")
                tmp.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
                os.replace(tmp, root / SETTINGS)
            except OSError:
                pass
        return name
    env = os.environ.get("STORMDESK_PLAYER", "").strip()
    if env:
        return env[:60]
    saved = _settings(root).get("player")
    return saved.strip()[:60] if isinstance(saved, str) and saved.strip() else DEFAULT_PLAYER


def default_root() -> Path:
    env = os.environ.get("STORMDESK_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_dir
    return Path(user_data_dir("stormdesk", appauthor=False))


class Store:
    def __init__(self, root: Path, db: sqlite3.Connection | None, warnings: list[str]) -> None:
        self.root = root
        self.db = db
        self.warnings = warnings
        self.read_only = False
        self.readable = db is not None
        self.locked = False

    @classmethod
    def open(cls, root: str | os.PathLike | None = None) -> Store:
        """Open (or create) the store. Never raises for a bad disk or database: what went wrong
        is in ``store.warnings`` and history degrades (read-only, or off) for the session."""
        root = Path(root) if root is not None else default_root()
        warnings: list[str] = []
        try:
            (root / "journals").mkdir(parents=True, exist_ok=True)
        except OSError as e:
            return cls(root, None, [f"cannot use the data directory {root}: {e.strerror or e}; "
                                    f"history is off for this session"])
        path = root / DB_NAME
        db, state = cls._connect(path)
        if state in ("corrupt", "incompatible"):
            if db is not None:
                db.close()
            kind = "incompatible" if state == "incompatible" else "corrupt"
            aside = path.with_name(f"history.{kind}-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3")
            n = 1
            while aside.exists():
                n += 1
                aside = aside.with_name(f"history.{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{n}.sqlite3")
            try:
                path.rename(aside)
            except OSError as e:
                warnings.append(f"the history database {path} is unreadable and could not be moved aside "
                                f"({e.strerror or e}); history is off for this session (your journals are safe)")
                return cls(root, None, warnings)
            why = ("was made by another version of Stormdesk (its table has other columns)"
                   if state == "incompatible" else "was unreadable")
            warnings.append(f"the history database {why}; it was moved aside to {aside} (not deleted) "
                            f"and a new one was rebuilt from the journals")
            db, state = cls._connect(path)
        if state == "locked":
            # Reading would wait on every query: start at once without history, and say so.
            if db is not None:
                db.close()
            store = cls(root, None, warnings + [LOCKED_AT_START])
            store.readable = False
            store.locked = True
            return store
        store = cls(root, db if state == "ok" else None, warnings)
        if state != "ok":
            warnings.append(f"cannot open the history database {path} ({state}); history is off for this "
                            f"session (your journals are safe)")
        if store.db is not None and not store.read_only:
            store.refresh()
        return store

    def refresh(self) -> None:
        """Catch up with journals the database has not seen finish: a drill killed mid-way
        (even by kill -9) left its journal but no final record; record it as it stands."""
        if self.db is None:
            return
        try:
            known = dict(self.db.execute("SELECT journal, finished FROM drills").fetchall())
        except sqlite3.Error:
            return
        for j in sorted((self.root / "journals").glob("*.jsonl")):
            key = str(j.resolve())
            if known.get(key) != 1:
                if self.record(j) is None and self.read_only:
                    return

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    @staticmethod
    def _connect(path: Path) -> tuple[sqlite3.Connection | None, str]:
        """(connection, state): state is ok, locked, corrupt, or a short reason it cannot open."""
        try:
            db = sqlite3.connect(path, timeout=LOCK_TIMEOUT)
        except sqlite3.Error as e:
            return None, str(e)
        try:
            check = db.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                return db, "corrupt"
            db.execute(SCHEMA)
            db.execute("SELECT count(*) FROM drills").fetchone()
            db.commit()
            cols = tuple(r[1] for r in db.execute("PRAGMA table_info(drills)").fetchall())
            if cols != COLUMNS:
                return db, "incompatible"
            return db, "ok"
        except sqlite3.OperationalError as e:
            msg = str(e)
            if "locked" in msg or "busy" in msg:
                return db, "locked"
            if "unable to open" in msg or "readonly" in msg or "disk" in msg and "full" in msg:
                db.close()
                return None, msg
            return db, "corrupt"
        except sqlite3.DatabaseError:
            return db, "corrupt"

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def new_journal_path(self, scenario_id: str, seed: int, when=None) -> Path:
        stamp = when.strftime("%Y%m%d-%H%M%S") if when is not None else time.strftime("%Y%m%d-%H%M%S")
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", str(scenario_id)).strip(".-") or "scenario"
        if len(name) > 60:          # an id may be long; a file name may not (255 bytes)
            name = f"{name[:48]}-{hashlib.sha256(str(scenario_id).encode()).hexdigest()[:8]}"
        base = self.root / "journals" / f"{stamp}-{name}-seed{seed}"
        p, n = base.with_suffix(".jsonl"), 1
        while p.exists():
            n += 1
            p = Path(f"{base}-{n}.jsonl")
        return p

    def record(self, journal_path) -> DrillRecord | None:
        """Read a journal and add or update its row (idempotent; finished or interrupted).
        Returns None, with a warning, if the journal is unreadable or history is unavailable."""
        if self.db is None:
            return None
        try:
            a = Analysis.from_path(journal_path)
        except (JournalError, OSError) as e:
            self._warn(f"not recorded: {e}")
            return None
        h, c = a.header, a.crowd_summary
        key = str(Path(journal_path).resolve())
        row = (key, h.scenario, h.title or h.scenario, h.seed,
               h.difficulty, h.mode, h.player, h.started_at or "", int(a.finished),
               a.end_reason, json.dumps(a.totals), c.get("mood_start"), c.get("mood_end"), time.time())
        sets = ", ".join(f"{k} = excluded.{k}" for k in COLUMNS[1:])
        try:
            self.db.execute(f"INSERT INTO drills ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))}) "
                            f"ON CONFLICT(journal) DO UPDATE SET {sets}", row)
            self.db.commit()
            got = self.db.execute("SELECT rowid, * FROM drills WHERE journal = ?", (key,)).fetchone()
        except sqlite3.Error as e:
            try:
                self.db.rollback()
            except sqlite3.Error:
                pass
            if "locked" in str(e) or "busy" in str(e):
                self.read_only = True
                self._warn(LOCKED)
            else:
                self._warn(f"could not save to history: {e} (the journal {journal_path} is safe)")
            return None
        return self._row(got) if got else None

    @staticmethod
    def _row(r) -> DrillRecord:
        try:
            totals = json.loads(r[11] or "{}")
        except ValueError:
            totals = {}
        return DrillRecord(r[0], Path(r[1]), r[2] or "?", r[3] or r[2] or "?", r[4] if r[4] is not None else 0,
                           r[5] or "", r[6] or "", r[7] or "", r[8] or "", bool(r[9]), r[10] or "",
                           totals if isinstance(totals, dict) else {}, r[12], r[13])

    def drills(self, scenario_id: str | None = None, limit: int | None = None) -> list[DrillRecord]:
        """Recorded drills, newest first."""
        if self.db is None:
            return []
        q = ("SELECT rowid, * FROM drills" + (" WHERE scenario = ?" if scenario_id else "")
             + " ORDER BY started_at DESC, recorded DESC, rowid DESC")
        if limit:
            q += f" LIMIT {int(limit)}"
        try:
            rows = self.db.execute(q, (scenario_id,) if scenario_id else ()).fetchall()
        except sqlite3.Error as e:
            self._warn(LOCKED if "locked" in str(e) else f"could not read history: {e}")
            self.readable = False
            return []
        return [self._row(r) for r in rows]

    def interrupted(self) -> list[DrillRecord]:
        return [r for r in self.drills() if not r.finished and r.journal.exists()]

    def progress(self, scenario_id: str | None = None, player: str | None = None) -> dict:
        """Trend and personal bests over drills played to the end (oldest first); drills ended
        early or interrupted never count.

        ``trends["SCENARIO MODE"][axis]``: the mean of your later half of drills minus the mean of
        the earlier half (needs two drills), kept per scenario and mode so a turns-mode drill
        never moves a realtime trend. ``series_by`` likewise: every completed drill's score,
        oldest first. ``trend`` and ``series``: those of the most played scenario and mode
        (``trend_of``). ``best[scenario]``: the best drill score (with its journal, date and
        mode), the best overall and the best of each axis.
        """
        rows = [r for r in reversed(self.drills(scenario_id)) if r.completed
                and (player is None or r.player == player)]
        out: dict = {"drills": len(rows), "trend": {}, "trends": {}, "series": {}, "series_by": {}, "counts": {},
                     "best": {}}
        groups: dict[str, list[DrillRecord]] = {}
        for r in rows:
            groups.setdefault(f"{r.scenario} {r.mode}", []).append(r)
        for key, group in groups.items():
            trend, series = {}, {}
            for axis in ("drill",) + AXES:
                vals = [r.totals.get(axis) for r in group if _is_num(r.totals.get(axis))]
                series[axis] = vals
                if (moved := half_trend(vals)) is not None:
                    trend[axis] = moved
            out["trends"][key] = trend
            out["series_by"][key] = series
            out["counts"][key] = len(group)
        if groups:
            main = max(groups, key=lambda k: (len(groups[k]), k))
            out["trend"], out["series"], out["trend_of"] = out["trends"][main], out["series_by"][main], main
        for r in rows:
            b = out["best"].setdefault(r.scenario, {"drill": None, "overall": None, "journal": None,
                                                    "started_at": None, "mode": None, "axes": {}})
            d, o = r.totals.get("drill"), r.totals.get("overall")
            # the best drill is the best drill score (the best overall for records without one)
            rank = d if _is_num(d) else None
            held = b["drill"] if b["drill"] is not None else None
            if rank is not None and (held is None or rank > held):
                b.update(drill=rank, journal=str(r.journal), started_at=r.started_at, mode=r.mode)
            elif rank is None and held is None and _is_num(o) and (b["overall"] is None or o > b["overall"]):
                b.update(journal=str(r.journal), started_at=r.started_at, mode=r.mode)
            if _is_num(o) and (b["overall"] is None or o > b["overall"]):
                b["overall"] = o
            for axis in AXES:
                v = r.totals.get(axis)
                if _is_num(v) and v > b["axes"].get(axis, -1):
                    b["axes"][axis] = v
        out["best"] = {k: v for k, v in out["best"].items() if v["drill"] is not None or v["overall"] is not None}
        return out


def half_trend(vals: list[float]) -> float | None:
    """The trend over scores in the order played: the mean of the later half minus the mean of
    the earlier half (the middle one, of an odd number, counts in the later half); None for
    fewer than two. One rule for single-player and team history."""
    if len(vals) < 2:
        return None
    half = len(vals) // 2
    first, last = sum(vals[:half]) / half, sum(vals[half:]) / (len(vals) - half)
    return round(last - first, 1)


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def cli_history(args) -> int:
    """`stormdesk history [--json] [--player NAME]`: past drills, newest first, with the trend per
    scenario and mode and personal bests (from drills played to the end only).
    Exit 0, or 2 when the history cannot be read at all (the message says why)."""
    tolerant_stdio()
    who = getattr(args, "player", None)
    store = Store.open()
    rows = store.drills() if store.db is not None else []
    if who:
        rows = [r for r in rows if r.player == who]
    prog = store.progress(player=who) if rows else {"drills": 0, "trend": {}, "trends": {}, "series": {},
                                                    "series_by": {}, "counts": {}, "best": {}}
    store.close()
    for w in store.warnings:
        print(f"stormdesk history: {w}", file=sys.stderr)
    if not store.readable and not store.locked:
        return 2
    if store.locked:
        print(f"stormdesk history: nothing to show while the database is locked ({store.root / DB_NAME})",
              file=sys.stderr)
        return 2
    if getattr(args, "json", False):
        print(json.dumps({"root": str(store.root), "drills": [r.to_dict() for r in rows], "progress": prog},
                         indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print(f"No drills yet{' for ' + who if who else ''} (history lives in {store.root}). "
              f"Play one with `stormdesk play`.")
        return 0
    print(f"{'when':16s}  {'scenario':18s} {'mode':8s} {'level':8s} {'seed':>6s} {'player':10s} {'drill':>5s} "
          f"{'overall':>7s} {'emp':>4s} {'speed':>5s} {'tone':>4s} {'subst':>5s} {'ans':>4s} {'miss':>4s}  status")
    for r in rows:
        t = r.totals
        status = r.status + (": resume or debrief it" if not r.finished else "")
        print(f"{(r.started_at or '-')[:16].replace('T', ' '):16s}  {r.scenario[:18]:18s} {r.mode[:8]:8s} "
              f"{r.difficulty[:8]:8s} {r.seed:>6} {str(r.player)[:10]:10s} {num(t.get('drill')):>5s} "
              f"{num(t.get('overall')):>7s} {num(t.get('empathy')):>4s} {num(t.get('speed')):>5s} "
              f"{num(t.get('tone')):>4s} {num(t.get('substance')):>5s} {num(t.get('answered')):>4s} "
              f"{num(t.get('missed')):>4s}  {status}")
        print(f"{'':18s}journal {r.journal}")
    early = sum(1 for r in rows if not r.completed)
    if prog["drills"]:
        print(f"\nProgress over {prog['drills']} drill{'s' if prog['drills'] != 1 else ''} played to the end"
              + (f" ({early} ended early or interrupted, not counted)" if early else "") + ":")
        for key in sorted(prog["trends"]):
            trend = prog["trends"][key]
            n = prog["counts"][key]
            if trend:
                print(f"  trend on {key} ({n} drills, later half against earlier half): "
                      + ", ".join(f"{k} {v:+.1f}" for k, v in trend.items()))
            else:
                print(f"  trend on {key}: needs at least two drills played to the end ({n} so far)")
        for sc, b in prog["best"].items():
            axes = ", ".join(f"{k} {num(v)}" for k, v in b["axes"].items() if k != "overall")
            head = f"drill {num(b['drill'])}, overall {num(b['overall'])}" if b.get("drill") is not None \
                else f"overall {num(b['overall'])}"
            print(f"  personal best on {sc}: {head} ({(b['started_at'] or '-')[:16].replace('T', ' ')}, {b['mode']}); "
                  f"best per axis: {axes}")
    elif early:
        print(f"\nNo drill played to the end yet ({early} ended early or interrupted): no trend or personal best.")
    return 0
