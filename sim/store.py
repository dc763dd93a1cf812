"""History: every finished or interrupted drill, in a local SQLite database beside its journal.

The database is an index; the journals are the truth, so a lost or corrupt database can be
rebuilt from the journals folder. A corrupt database is moved aside (never deleted) and a
warning says where it went. The location is the platformdirs user data directory
(``STORMDESK_HOME`` overrides it).
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sim.debrief import AXES, Analysis, num
from sim.journal import JournalError

SCHEMA = """CREATE TABLE IF NOT EXISTS drills (
  journal TEXT PRIMARY KEY, scenario TEXT, title TEXT, seed INTEGER, difficulty TEXT, mode TEXT,
  player TEXT, started_at TEXT, finished INTEGER, end_reason TEXT, totals TEXT,
  mood_start REAL, mood_end REAL, recorded REAL)"""


class StoreError(Exception):
    pass


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

    @classmethod
    def open(cls, root: str | os.PathLike | None = None) -> "Store":
        root = Path(root) if root is not None else default_root()
        warnings: list[str] = []
        try:
            (root / "journals").mkdir(parents=True, exist_ok=True)
        except OSError as e:
            return cls(root, None, [f"cannot use the data directory {root}: {e.strerror or e}; history is off for this session"])
        path = root / "history.sqlite3"
        db = cls._connect(path, warnings)
        if db is None and path.exists():
            aside = path.with_name(f"history.corrupt-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3")
            try:
                path.rename(aside)
                warnings.append(f"the history database was unreadable; it was moved aside to {aside} and a new one "
                                f"was rebuilt from the journals")
                db = cls._connect(path, warnings)
            except OSError as e:
                warnings.append(f"the history database {path} is unreadable and could not be moved aside: {e}")
        store = cls(root, db, warnings)
        if db is not None:
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
                self.record(j)

    @staticmethod
    def _connect(path: Path, warnings: list[str]) -> sqlite3.Connection | None:
        try:
            db = sqlite3.connect(path, timeout=2.0)
            db.execute(SCHEMA)
            db.execute("SELECT count(*) FROM drills").fetchone()
            db.commit()
            return db
        except sqlite3.OperationalError as e:
            if "locked" in str(e):
                warnings.append(f"the history database is locked by another Stormdesk; history is read-only for now")
                return None
            return None
        except sqlite3.DatabaseError:
            return None

    def new_journal_path(self, scenario_id: str, seed: int, when=None) -> Path:
        stamp = when.strftime("%Y%m%d-%H%M%S") if when is not None else time.strftime("%Y%m%d-%H%M%S")
        base = self.root / "journals" / f"{stamp}-{scenario_id}-seed{seed}"
        p, n = base.with_suffix(".jsonl"), 1
        while p.exists():
            n += 1
            p = Path(f"{base}-{n}.jsonl")
        return p

    def record(self, journal_path) -> DrillRecord | None:
        if self.db is None:
            return None
        try:
            a = Analysis.from_path(journal_path)
        except (JournalError, OSError) as e:
            self.warnings.append(f"not recorded: {e}")
            return None
        h, c = a.header, a.crowd_summary
        row = (str(Path(journal_path).resolve()), h.get("scenario"), h.get("title") or h.get("scenario"), h.get("seed"),
               h.get("difficulty"), h.get("mode"), h.get("player"), h.get("started_at") or "", int(a.finished),
               a.end_reason, json.dumps(a.totals), c.get("mood_start"), c.get("mood_end"), time.time())
        try:
            self.db.execute("INSERT OR REPLACE INTO drills VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row)
            self.db.commit()
        except sqlite3.Error as e:
            self.warnings.append(f"could not save to history: {e} (the journal {journal_path} is safe)")
            return None
        return next((r for r in self.drills() if r.journal == Path(row[0])), None)

    def drills(self, scenario_id: str | None = None, limit: int | None = None) -> list[DrillRecord]:
        if self.db is None:
            return []
        q = "SELECT rowid, * FROM drills" + (" WHERE scenario = ?" if scenario_id else "") + " ORDER BY started_at DESC, recorded DESC"
        if limit:
            q += f" LIMIT {int(limit)}"
        try:
            rows = self.db.execute(q, (scenario_id,) if scenario_id else ()).fetchall()
        except sqlite3.Error as e:
            self.warnings.append(f"could not read history: {e}")
            return []
        return [DrillRecord(r[0], Path(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9]), r[10],
                            json.loads(r[11] or "{}"), r[12], r[13]) for r in rows]

    def interrupted(self) -> list[DrillRecord]:
        return [r for r in self.drills() if not r.finished and r.journal.exists()]

    def progress(self, scenario_id: str | None = None) -> dict:
        """Per-axis trend (first half of your drills against the second) and personal bests."""
        rows = list(reversed(self.drills(scenario_id)))
        out: dict = {"drills": len(rows), "trend": {}, "best": {}}
        for axis in AXES:
            vals = [r.totals.get(axis) for r in rows if isinstance(r.totals.get(axis), (int, float))]
            if len(vals) >= 2:
                half = len(vals) // 2
                first, last = sum(vals[:half]) / half, sum(vals[half:]) / (len(vals) - half)
                out["trend"][axis] = round(last - first, 1)
        for r in rows:
            o = r.totals.get("overall")
            if isinstance(o, (int, float)) and o > out["best"].get(r.scenario, {}).get("overall", -1):
                out["best"][r.scenario] = {"overall": o, "journal": str(r.journal), "started_at": r.started_at}
        return out


def cli_history(args) -> int:
    store = Store.open()
    for w in store.warnings:
        print(f"stormdesk history: {w}", file=sys.stderr)
    rows = store.drills()
    prog = store.progress()
    if getattr(args, "json", False):
        print(json.dumps({"drills": [r.to_dict() for r in rows], "progress": prog}, indent=2))
        return 0
    if not rows:
        print(f"No drills yet (history lives in {store.root}). Play one with `stormdesk play`.")
        return 0
    print(f"{'when':20s} {'scenario':18s} {'seed':>6s} {'player':7s} {'overall':>7s} {'emp':>5s} {'speed':>5s} {'tone':>5s} {'subst':>5s}  status")
    for r in rows:
        t = r.totals
        print(f"{(r.started_at or '?')[:19]:20s} {r.scenario:18s} {r.seed:>6} {str(r.player)[:7]:7s} {num(t.get('overall')):>7s} "
              f"{num(t.get('empathy')):>5s} {num(t.get('speed')):>5s} {num(t.get('tone')):>5s} {num(t.get('substance')):>5s}  "
              f"{'finished' if r.finished else 'interrupted: resume or debrief it'}")
    if prog["trend"]:
        print("\nTrend (your later drills against your earlier ones): " +
              ", ".join(f"{k} {v:+.1f}" for k, v in prog["trend"].items()))
    for sc, b in prog["best"].items():
        print(f"Personal best on {sc}: overall {num(b['overall'])}")
    return 0
