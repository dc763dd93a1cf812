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

from sim.debrief import AXES, Analysis, num, tolerant_stdio
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

    def to_dict(self) -> dict:
        d = asdict(self)
        d["journal"] = str(self.journal)
        return d


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
        row = (key, h.get("scenario"), h.get("title") or h.get("scenario"), h.get("seed"),
               h.get("difficulty"), h.get("mode"), h.get("player"), h.get("started_at") or "", int(a.finished),
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

    def progress(self, scenario_id: str | None = None) -> dict:
        """Per-axis trend and personal bests, over finished drills (oldest first).

        ``trend[axis]``: the mean of your later half of drills minus the mean of the earlier half
        (needs two drills). ``series[axis]``: every finished drill's score, oldest first.
        ``best[scenario]``: the best overall (with its journal and date) and the best of each axis.
        """
        rows = [r for r in reversed(self.drills(scenario_id)) if r.finished]
        out: dict = {"drills": len(rows), "trend": {}, "series": {}, "best": {}}
        for axis in AXES:
            vals = [r.totals.get(axis) for r in rows if _is_num(r.totals.get(axis))]
            out["series"][axis] = vals
            if len(vals) >= 2:
                half = len(vals) // 2
                first, last = sum(vals[:half]) / half, sum(vals[half:]) / (len(vals) - half)
                out["trend"][axis] = round(last - first, 1)
        for r in rows:
            o = r.totals.get("overall")
            b = out["best"].setdefault(r.scenario, {"overall": None, "journal": None, "started_at": None, "axes": {}})
            if _is_num(o) and (b["overall"] is None or o > b["overall"]):
                b.update(overall=o, journal=str(r.journal), started_at=r.started_at)
            for axis in AXES:
                v = r.totals.get(axis)
                if _is_num(v) and v > b["axes"].get(axis, -1):
                    b["axes"][axis] = v
        out["best"] = {k: v for k, v in out["best"].items() if v["overall"] is not None}
        return out


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def cli_history(args) -> int:
    """`stormdesk history [--json]`: past drills, newest first, with trend and personal bests.
    Exit 0, or 2 when the history cannot be read at all (the message says why)."""
    tolerant_stdio()
    store = Store.open()
    rows = store.drills() if store.db is not None else []
    prog = store.progress() if rows else {"drills": 0, "trend": {}, "series": {}, "best": {}}
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
        print(f"No drills yet (history lives in {store.root}). Play one with `stormdesk play`.")
        return 0
    print(f"{'when':19s}  {'scenario':18s} {'seed':>6s} {'player':8s} {'overall':>7s} {'emp':>5s} {'speed':>5s} "
          f"{'tone':>5s} {'subst':>5s} {'ans':>4s} {'miss':>4s}  status")
    for r in rows:
        t = r.totals
        status = "finished" if r.finished else "interrupted: resume or debrief it"
        print(f"{(r.started_at or '-')[:19]:19s}  {r.scenario[:18]:18s} {r.seed:>6} {str(r.player)[:8]:8s} "
              f"{num(t.get('overall')):>7s} {num(t.get('empathy')):>5s} {num(t.get('speed')):>5s} "
              f"{num(t.get('tone')):>5s} {num(t.get('substance')):>5s} {num(t.get('answered')):>4s} "
              f"{num(t.get('missed')):>4s}  {status}")
    if prog["drills"]:
        print(f"\nProgress over {prog['drills']} finished drill{'s' if prog['drills'] != 1 else ''}:")
        if prog["trend"]:
            print("  trend (later half against earlier half): "
                  + ", ".join(f"{k} {v:+.1f}" for k, v in prog["trend"].items()))
        else:
            print("  trend: needs at least two finished drills")
        for sc, b in prog["best"].items():
            axes = ", ".join(f"{k} {num(v)}" for k, v in b["axes"].items() if k != "overall")
            print(f"  personal best on {sc}: overall {num(b['overall'])} ({(b['started_at'] or '-')[:19]}); "
                  f"best per axis: {axes}")
    return 0
