"""The default drill store: one SQLite file in STORMDESK_HOME, in WAL mode.

- Seats and the host open their own connections; WAL lets every reader go on while the host
  appends. Writes are short ``BEGIN IMMEDIATE`` transactions with a busy timeout.
- ``wait`` polls ``PRAGMA data_version`` (it changes when another connection commits) every few
  milliseconds; readers then read by sequence number, so a missed change loses nothing.
- The host lock is an ``fcntl`` lock on a file beside the database, one per drill: the kernel
  frees it when the host process dies (even by ``kill -9``), so a new host can take over.
"""
from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sim.drill.store import PROTOCOL, Command, DrillInfo, DrillStore, Event, HostLock, StoreError

DB_NAME = "drills.sqlite3"
SCHEMA_VERSION = 1    # PRAGMA user_version of the file; a newer one is refused, never altered
TABLES = {"drills", "commands", "events"}
POLL = 0.003          # seconds between data_version checks in wait()
BUSY_MS = 10000

SCHEMA = """
CREATE TABLE IF NOT EXISTS drills (
  code TEXT PRIMARY KEY, facilitator_code TEXT UNIQUE NOT NULL, protocol INTEGER NOT NULL,
  status TEXT NOT NULL, meta TEXT NOT NULL, created REAL NOT NULL, applied INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS commands (
  id INTEGER PRIMARY KEY AUTOINCREMENT, drill TEXT NOT NULL, client_key TEXT NOT NULL,
  body TEXT NOT NULL, UNIQUE (drill, client_key));
CREATE TABLE IF NOT EXISTS events (
  drill TEXT NOT NULL, seq INTEGER NOT NULL, command_id INTEGER, body TEXT NOT NULL,
  PRIMARY KEY (drill, seq));
"""


def _default_home() -> Path:
    from sim.store import default_root
    return default_root()


def path_from_url(url: str | None, home: str | os.PathLike | None) -> Path:
    if url is None:
        return Path(home) / DB_NAME if home is not None else _default_home() / DB_NAME
    if not url.startswith("sqlite:///"):
        raise StoreError(f"store {url!r}: write sqlite:///PATH (relative) or sqlite:////PATH "
                         f"(absolute)")
    p = Path(url[len("sqlite:///"):]).expanduser()
    if not str(p) or str(p) == ".":
        raise StoreError(f"store {url!r} names no file: write sqlite:///PATH")
    return p


class _FileLock(HostLock):
    def __init__(self, fh) -> None:
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            try:
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            finally:
                self._fh.close()
                self._fh = None


class SqliteStore(DrillStore):
    def __init__(self, path: Path, db: sqlite3.Connection, url: str) -> None:
        self.path = path
        self.url = url
        self._db = db
        self._version: int | None = None
        self.read_only = False

    @classmethod
    def open(cls, url: str | None, home: str | os.PathLike | None = None) -> SqliteStore:
        path = path_from_url(url, home)
        shown = url or f"sqlite:///{path}"
        if path.is_dir():
            raise StoreError(f"cannot open the drill store {shown}: {path} is a folder, not a file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot open the drill store {shown}: cannot create "
                             f"{path.parent} ({e.strerror or e})") from None
        try:
            db = sqlite3.connect(str(path), timeout=BUSY_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
            db.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"cannot open the drill store {shown}: SQLite would not use "
                                 f"WAL mode there (got {mode!r}; is it a network drive?)")
            db.execute("PRAGMA synchronous=NORMAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                db.close()
                raise StoreError(_newer(shown, version))
            db.executescript(SCHEMA)
            if version < SCHEMA_VERSION:
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open the drill store {shown}: {e} (is it a Stormdesk "
                             f"drill store? nothing was changed)") from None
        except OSError as e:
            raise StoreError(f"cannot open the drill store {shown}: {e.strerror or e}") from None
        return cls(path, db, shown)

    @classmethod
    def open_read_only(cls, url: str | None, home: str | os.PathLike | None = None) -> SqliteStore:
        """The store as it is, for reading (history): nothing is created or changed, no file,
        no table, no lock file. StoreError when the file is missing, is not a drill store, or
        was made by a newer Stormdesk."""
        path = path_from_url(url, home)
        shown = url or f"sqlite:///{path}"
        if path.is_dir():
            raise StoreError(f"cannot open the drill store {shown}: {path} is a folder, not a file")
        if not path.exists():
            raise StoreError(f"no drill store at {shown}: no team drill has been hosted with it "
                             f"(check the path; `stormdesk drill host SCENARIO --store {shown}` "
                             f"starts one there)")
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                 timeout=BUSY_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
            db.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot read the drill store {shown}: {e} (is it a Stormdesk "
                             f"drill store? nothing was changed)") from None
        if version > SCHEMA_VERSION:
            db.close()
            raise StoreError(_newer(shown, version))
        if not TABLES <= tables:
            db.close()
            raise StoreError(f"{shown} is not a Stormdesk drill store (it has no drill tables; "
                             f"nothing was changed)")
        store = cls(path, db, shown)
        store.read_only = True
        return store

    # -- helpers ---------------------------------------------------------------------------------
    def _tx(self):
        return _Tx(self._db)

    @staticmethod
    def _info(row) -> DrillInfo:
        return DrillInfo(row[0], row[1], row[2], row[3], json.loads(row[4]))

    def _q(self, sql: str, args: tuple = ()):
        try:
            return self._db.execute(sql, args)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"drill store {self.url}: {e}") from None

    # -- drills ----------------------------------------------------------------------------------
    def create_drill(self, code: str, facilitator_code: str, meta: dict[str, Any]) -> DrillInfo:
        try:
            with self._tx() as db:
                db.execute("INSERT INTO drills (code, facilitator_code, protocol, status, meta, "
                           "created) VALUES (?,?,?,?,?,?)",
                           (code, facilitator_code, PROTOCOL, "open", json.dumps(meta), time.time()))
        except sqlite3.IntegrityError:
            raise StoreError(f"a drill with code {code} already exists in {self.url}") from None
        return DrillInfo(code, facilitator_code, PROTOCOL, "open", dict(meta))

    def drill(self, code: str) -> DrillInfo | None:
        code = (code or "").strip()
        row = self._q("SELECT code, facilitator_code, protocol, status, meta FROM drills "
                      "WHERE code = ? OR facilitator_code = ?", (code.upper(), code)).fetchone()
        return self._info(row) if row else None

    def set_status(self, code: str, status: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE drills SET status = ? WHERE code = ?", (status, code))

    def drills(self) -> list[DrillInfo]:
        rows = self._q("SELECT code, facilitator_code, protocol, status, meta FROM drills "
                       "ORDER BY created DESC").fetchall()
        return [self._info(r) for r in rows]

    # -- lock --------------------------------------------------------------------------------------
    def acquire_host(self, code: str) -> HostLock | None:
        lock_path = self.path.with_name(f"{self.path.name}.{code}.host.lock")
        fh = open(lock_path, "a+")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        return _FileLock(fh)

    def host_alive(self, code: str) -> bool | None:
        """Asked of the kernel's lock table (Linux /proc/locks: the lock file's inode under a
        FLOCK lock), so the lock is never taken, not even for a moment. None elsewhere."""
        lock_path = self.path.with_name(f"{self.path.name}.{code}.host.lock")
        try:
            st = lock_path.stat()
        except OSError:
            return False            # no host has ever run this drill from this file's folder
        try:
            with open("/proc/locks", encoding="ascii", errors="replace") as fh:
                table = fh.read()
        except OSError:
            return None
        for line in table.splitlines():
            f = line.split()
            # "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" (a "->" marks blocked waiters)
            if "->" in f or "FLOCK" not in f:
                continue
            for dev_ino in f:
                bits = dev_ino.split(":")
                if len(bits) == 3 and bits[2].isdigit() and int(bits[2]) == st.st_ino:
                    major, minor = int(bits[0], 16), int(bits[1], 16)
                    if os.major(st.st_dev) == major and os.minor(st.st_dev) == minor:
                        return True
        return False

    def host_pid(self, code: str) -> int | None:
        """The pid written by the live host, for messages (None if no live host)."""
        lock_path = self.path.with_name(f"{self.path.name}.{code}.host.lock")
        try:
            return int(lock_path.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    # -- commands -----------------------------------------------------------------------------------
    def submit(self, code: str, client_key: str, body: dict[str, Any]) -> int:
        with self._tx() as db:
            row = db.execute("SELECT id FROM commands WHERE drill = ? AND client_key = ?",
                             (code, client_key)).fetchone()
            if row:
                return int(row[0])
            cur = db.execute("INSERT INTO commands (drill, client_key, body) VALUES (?,?,?)",
                             (code, client_key, json.dumps(body, ensure_ascii=False)))
            return int(cur.lastrowid)

    def commands_after(self, code: str, after_id: int, limit: int = 500) -> list[Command]:
        rows = self._q("SELECT id, client_key, body FROM commands WHERE drill = ? AND id > ? "
                       "ORDER BY id LIMIT ?", (code, after_id, limit)).fetchall()
        return [Command(r[0], r[1], json.loads(r[2])) for r in rows]

    def applied_through(self, code: str) -> int:
        row = self._q("SELECT applied FROM drills WHERE code = ?", (code,)).fetchone()
        return int(row[0]) if row else 0

    # -- events ----------------------------------------------------------------------------------
    def append(self, code: str, command_id: int | None, bodies: list[dict[str, Any]]) -> list[int]:
        with self._tx() as db:
            last = db.execute("SELECT COALESCE(MAX(seq), 0) FROM events WHERE drill = ?",
                              (code,)).fetchone()[0]
            seqs = list(range(last + 1, last + 1 + len(bodies)))
            db.executemany("INSERT INTO events (drill, seq, command_id, body) VALUES (?,?,?,?)",
                           [(code, s, command_id, json.dumps(b, ensure_ascii=False))
                            for s, b in zip(seqs, bodies)])
            if command_id is not None:
                db.execute("UPDATE drills SET applied = MAX(applied, ?) WHERE code = ?",
                           (command_id, code))
        return seqs

    def events_after(self, code: str, after_seq: int, limit: int = 1000) -> list[Event]:
        rows = self._q("SELECT seq, command_id, body FROM events WHERE drill = ? AND seq > ? "
                       "ORDER BY seq LIMIT ?", (code, after_seq, limit)).fetchall()
        return [Event(r[0], r[1], json.loads(r[2])) for r in rows]

    def wait(self, code: str, timeout: float, commands: bool = False) -> bool:
        """Poll PRAGMA data_version (it moves when another connection commits to the file);
        True when it moved, False when ``timeout`` passed first (DrillStore.wait)."""
        end = time.monotonic() + max(0.0, timeout)
        if self._version is None:
            self._version = self._q("PRAGMA data_version").fetchone()[0]
        while True:
            v = self._q("PRAGMA data_version").fetchone()[0]
            if v != self._version:
                self._version = v
                return True
            left = end - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(POLL, left))

    def reopen(self) -> SqliteStore:
        return SqliteStore.open(f"sqlite:///{self.path}")

    def close(self) -> None:
        try:
            self._db.close()
        except sqlite3.Error:
            pass


def _newer(shown: str, version: int) -> str:
    return (f"the drill store {shown} was made by a newer Stormdesk (schema {version}; this one "
            f"knows {SCHEMA_VERSION}): install that version to use it (nothing was changed)")


class _Tx:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            self.db.execute("ROLLBACK")
