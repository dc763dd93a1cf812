"""The drill log on PostgreSQL (``--store postgresql://USER@HOST/DB``), for seats on other machines.

Same contract as every backend (sim/drill/store.py); what PostgreSQL adds:

- **Schema.** Versioned migrations in ``sim/drill/migrations/pg/NNNN_*.sql`` (package data), applied
  on first use in one transaction under an advisory lock taken before it, recorded in ``stormdesk_schema``. A
  database set up by a newer Stormdesk is refused, never altered.
- **Order without gaps.** A seat's submit bumps its drill's ``last_command`` counter: the row lock
  is held to commit, so command ids become visible in order with no gaps (a bigserial would let a
  host read id 6 before id 5 commits and skip 5 for ever). The host's append bumps ``last_seq`` and
  ``applied_through`` and marks its command applied in the same transaction as its events.
- **One host.** ``acquire_host`` takes ``pg_try_advisory_lock`` on a connection of its own; the
  server frees it when that connection ends, so a dead host frees its drill (TCP keepalives are
  asked for, so a host whose machine vanishes is noticed in under a minute). Appends go through
  that same connection: a host that lost its lock cannot write.
- **Wake-ups.** ``pg_notify`` inside the writing transaction, once per transaction, on one of two
  channels per drill: events (the host's appends and status changes: seats listen) and commands
  (a seat's submit: the host listens), so a command never wakes every seat for nothing. A seat
  has one connection: ``wait`` LISTENs on it and sleeps in ``select()`` on its socket, holding
  no lock, so other threads' statements go on (a notification they read still wakes it). It
  returns at least every ``POLL_SECONDS``, and straight away after (re)connecting, so callers
  that always re-read by seq lose nothing to a missed notification.
- **Protocol.** Every drill records the protocol of the Stormdesk that created it; another
  protocol is refused with a message saying which version to install.
- **Credentials** come from the URL or the standard PG* variables / ~/.pgpass (libpq reads them);
  ``url`` has the password removed, and no message this module writes ever contains it.
- **Read-only seats.** A role with SELECT only (migrations/pg/readonly_role.sql) can open the store,
  read and wait; it is never shown the facilitator's code, and writing says why it cannot.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import select
import threading
import time
from importlib import resources
from typing import Any

import psycopg
from psycopg import errors, sql

from sim.drill.store import (
    PROTOCOL,
    Command,
    DrillInfo,
    DrillStore,
    Event,
    HostLock,
    ReadOnlyStore,
    StoreError,
    redact_url,
)

POLL_SECONDS = 2.0          # the longest a wait lasts: readers re-read by seq at least this often
CONNECT_TIMEOUT = 5         # seconds, unless the URL says otherwise
_MIGRATION_LOCK = 0x53746F726D00  # "Storm": serialises first-use migrations across processes
_STATUSES = ("open", "running", "finished")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def safe_url(url: str) -> str:
    """The URL with any password removed (from the user-info part and from ?password=)."""
    return redact_url(url)


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every shipped migration, in order."""
    out = []
    for entry in resources.files("sim.drill.migrations").joinpath("pg").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            out.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    out.sort()
    if [v for v, _, _ in out] != list(range(1, len(out) + 1)):
        raise StoreError("the PostgreSQL migrations shipped with Stormdesk are incomplete "
                         f"({[n for _, n, _ in out]}); reinstall Stormdesk")
    return out


def _key(*parts: str) -> int:
    """A signed 64-bit advisory-lock key for these strings."""
    digest = hashlib.sha256("\x00".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _channel(code: str, commands: bool = False) -> str:
    """The drill's wake-up channel: one for its events (seats listen), one for its commands
    (the host listens), so a seat's command never wakes every other seat for nothing."""
    return ("stormdesk_c_" if commands else "stormdesk_") + hashlib.sha256(code.encode()).hexdigest()[:24]


def _dumps(body: Any) -> str:
    if not isinstance(body, dict):
        raise StoreError(f"a command or event body must be a JSON object, not {type(body).__name__}")
    try:
        return json.dumps(body, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"a body cannot be stored as JSON: {exc}") from exc


def _loads(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else value


class PgHostLock(HostLock):
    def __init__(self, store: PgStore, code: str, conn: psycopg.Connection) -> None:
        self._store, self.code, self.conn = store, code, conn
        self.lock = threading.Lock()

    def release(self) -> None:
        with self.lock:
            self._store._hosts.pop(self.code, None)
            try:
                if not self.conn.closed:
                    self.conn.close()  # ends the session: the server frees the advisory lock
            except psycopg.Error:
                pass


class PgStore(DrillStore):
    def __init__(self, url: str) -> None:
        self._url = url
        self.url = safe_url(url)
        self._secret = _password(url)
        self._lock = threading.RLock()          # the main connection, one statement at a time
        self._wait_lock = threading.Lock()      # one thread at a time sleeps on the socket
        self._conn: psycopg.Connection | None = None
        self._listening: set[str] = set()       # channels LISTENed to on the current _conn
        self._woken = False                     # a wake-up arrived since the last wait returned
        self._wakes = 0                         # wake-ups counted, for concurrent waiters
        self._pipe_r, self._pipe_w = os.pipe()  # the notify handler breaks a waiter's select
        os.set_blocking(self._pipe_r, False)
        os.set_blocking(self._pipe_w, False)
        self._hosts: dict[str, PgHostLock] = {}
        self._known: dict[str, str] = {}        # any code given -> the drill's trainee code
        self._viewer = False                    # this role may not read facilitator codes

    # opening --------------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str, migrate: bool = True) -> PgStore:
        """The store; ``migrate=False`` (history) creates and changes nothing: a database
        without the Stormdesk tables, or set up by a newer Stormdesk, is a StoreError."""
        store = cls(url)
        try:
            with store._lock:
                store._reconnect()
                if migrate:
                    store._migrate(store._conn)
                else:
                    store._check_schema(store._conn)
        except BaseException:
            store.close()
            raise
        return store

    def _check_schema(self, conn: psycopg.Connection) -> None:
        latest = migrations()[-1][0]
        try:
            have = self._schema_version(conn)
        except psycopg.Error as exc:
            raise StoreError(f"cannot read the PostgreSQL store {self.url}: {self._say(exc)}") from None
        if have == 0:
            raise StoreError(f"the database {self.url} has no Stormdesk drill tables: no team drill "
                             f"has been hosted with this store (check the database name; "
                             f"`stormdesk drill host SCENARIO --store {self.url}` starts one)")
        if have > latest:
            raise StoreError(f"the database {self.url} was set up by a newer Stormdesk (schema "
                             f"{have}; this one knows {latest}): install that version to read it")
        if have < latest:
            raise StoreError(f"the database {self.url} was set up by an older Stormdesk (schema "
                             f"{have}; this one needs {latest}): host a drill there once with this "
                             "version, as the database owner, to bring it up to date")

    def _reconnect(self) -> None:
        """A new main connection (under self._lock). It LISTENs to nothing yet, so a waiter
        is woken: its caller re-reads, and nothing committed while we were away is missed."""
        old, self._conn = self._conn, None
        if old is not None:
            try:
                old.close()
            except psycopg.Error:
                pass
        self._listening.clear()
        self._wake(None)
        conn = self._connect()
        conn.add_notify_handler(self._wake)
        self._conn = conn

    def _wake(self, _notify) -> None:
        """Called by the driver for every notification, whichever statement reads it."""
        self._woken = True
        self._wakes += 1
        try:
            os.write(self._pipe_w, b"!")
        except (BlockingIOError, OSError):
            pass    # the pipe is full (a waiter will wake) or closed (the store is closing)

    def _connect(self, **extra: Any) -> psycopg.Connection:
        params = psycopg.conninfo.conninfo_to_dict(self._url) if self._url else {}
        kwargs: dict[str, Any] = {"autocommit": True, "application_name": "stormdesk"}
        if "connect_timeout" not in params:
            kwargs["connect_timeout"] = CONNECT_TIMEOUT
        kwargs.update(extra)
        try:
            return psycopg.connect(self._url, **kwargs)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the PostgreSQL store {self.url}: {self._say(exc)}") from None

    def _say(self, exc: BaseException) -> str:
        """The first line of a driver message, with the password (if any) blotted out."""
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        if self._secret:
            text = text.replace(self._secret, "***")
        return text

    def _migrate(self, conn: psycopg.Connection) -> None:
        shipped = migrations()
        latest = shipped[-1][0]
        have = self._schema_version(conn)
        if have == latest:
            return
        if have > latest:
            raise StoreError(f"the database {self.url} was set up by a newer Stormdesk (schema "
                             f"{have}; this one knows {latest}): install the host's version")
        try:
            # A session lock taken before the transaction (not an xact lock inside it): the
            # transaction that starts after the wait then sees tables another process just made.
            conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
            try:
                with conn.transaction():
                    have = self._schema_version(conn)
                    for version, name, text in shipped:
                        if version > have:
                            conn.execute(text)
                            conn.execute("INSERT INTO stormdesk_schema (version, name) "
                                         "VALUES (%s, %s)", (version, name))
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
        except errors.InsufficientPrivilege:
            raise StoreError(f"the database {self.url} has no Stormdesk tables (schema {have}, "
                             f"needs {latest}) and this role may not create them: host a drill "
                             "once with the database owner's role") from None
        except psycopg.Error as exc:
            raise StoreError(f"cannot set up the Stormdesk tables in {self.url}: "
                             f"{self._say(exc)}") from None

    @staticmethod
    def _schema_version(conn: psycopg.Connection) -> int:
        row = conn.execute("SELECT to_regclass('stormdesk_schema') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return 0
        row = conn.execute("SELECT coalesce(max(version), 0) FROM stormdesk_schema").fetchone()
        return int(row[0]) if row else 0

    # running statements ---------------------------------------------------------------------
    def _run(self, what: str, fn, retry: bool = True):
        """fn(conn) on the main connection; one reconnect and retry when the connection broke
        (every caller is safe to retry: reads, or writes made idempotent by client keys)."""
        with self._lock:
            for attempt in (1, 2):
                if self._conn is None or self._conn.closed or self._conn.broken:
                    self._reconnect()
                try:
                    return fn(self._conn)
                except StoreError:
                    raise
                except errors.InsufficientPrivilege:
                    raise ReadOnlyStore(f"this database role may not {what}: it is read-only, "
                                        "for seats that only watch") from None
                except psycopg.OperationalError as exc:
                    if attempt == 2 or not retry or not self._conn.broken:
                        raise StoreError(f"cannot {what} in {self.url}: {self._say(exc)}") from None
                except psycopg.Error as exc:
                    raise StoreError(f"cannot {what} in {self.url}: {self._say(exc)}") from None
        raise AssertionError("unreachable")

    def _info(self, row) -> DrillInfo:
        code, fcode, protocol, status, meta = row
        return DrillInfo(code=code, facilitator_code=fcode or "", protocol=int(protocol),
                         status=status, meta=_loads(meta))

    def _select(self, conn: psycopg.Connection, code: str | None) -> list:
        """Drill rows: the one with this code (either of its codes), or all, newest first. A
        read-only role is never granted facilitator codes: it looks drills up by trainee code."""
        order = " ORDER BY created DESC"
        if code is not None:    # trainee codes are typed by people: any case, spaces around
            code = code.strip()
        if not self._viewer:
            where, args = ("", ()) if code is None else \
                (" WHERE code = %s OR facilitator_code = %s", (code.upper(), code))
            try:
                with conn.transaction():
                    return conn.execute("SELECT code, facilitator_code, protocol, status, meta "
                                        "FROM stormdesk_drills" + where + order, args).fetchall()
            except errors.InsufficientPrivilege:
                self._viewer = True
        where, args = ("", ()) if code is None else (" WHERE code = %s", (code.upper(),))
        return conn.execute("SELECT code, NULL, protocol, status, meta FROM stormdesk_drills"
                            + where + order, args).fetchall()

    def _code(self, conn: psycopg.Connection, code: str) -> str:
        """The drill's trainee code for either of its codes; StoreError if unknown or if the
        drill speaks another protocol."""
        if code in self._known:
            return self._known[code]
        rows = self._select(conn, code)
        if not rows:
            raise StoreError(f"no drill with the code {code!r} in {self.url}")
        info = self._info(rows[0])
        _check_protocol(info)
        self._known[code] = info.code
        return info.code

    # drills ---------------------------------------------------------------------------------
    def create_drill(self, code: str, facilitator_code: str, meta: dict[str, Any]) -> DrillInfo:
        if not code or not facilitator_code or code == facilitator_code:
            raise StoreError("a drill needs two different, non-empty codes")
        if code != code.strip().upper():
            raise StoreError(f"a trainee code is upper case without spaces (people type it in "
                             f"any case): {code!r}")
        meta_json = _dumps(meta)

        def go(conn):
            with conn.transaction():
                taken = conn.execute(
                    "SELECT 1 FROM stormdesk_drills WHERE code IN (%s, %s) "
                    "OR facilitator_code IN (%s, %s)",
                    (code, facilitator_code, code, facilitator_code)).fetchone()
                if taken:
                    raise StoreError(f"the code {code!r} is taken in {self.url}")
                try:
                    conn.execute("INSERT INTO stormdesk_drills (code, facilitator_code, protocol, "
                                 "meta) VALUES (%s, %s, %s, %s::json)",
                                 (code, facilitator_code, PROTOCOL, meta_json))
                except errors.UniqueViolation:
                    raise StoreError(f"the code {code!r} is taken in {self.url}") from None
            return DrillInfo(code=code, facilitator_code=facilitator_code, protocol=PROTOCOL,
                             status="open", meta=json.loads(meta_json))
        return self._run("create a drill", go)

    def drill(self, code: str) -> DrillInfo | None:
        rows = self._run("read drills", lambda conn: self._select(conn, code))
        return self._info(rows[0]) if rows else None

    def set_status(self, code: str, status: str) -> None:
        if status not in _STATUSES:
            raise StoreError(f"unknown drill status {status!r} (one of {', '.join(_STATUSES)})")

        def go(conn):
            canon = self._code(conn, code)
            with conn.transaction():
                conn.execute("UPDATE stormdesk_drills SET status = %s WHERE code = %s",
                             (status, canon))
                conn.execute("SELECT pg_notify(%s, 's')", (_channel(canon),))
        self._run("change a drill's status", go)

    def drills(self) -> list[DrillInfo]:
        rows = self._run("read drills", lambda conn: self._select(conn, None))
        return [self._info(r) for r in rows]

    # the host's lock ------------------------------------------------------------------------
    def acquire_host(self, code: str) -> HostLock | None:
        def check(conn):
            canon = self._code(conn, code)
            row = conn.execute("SELECT has_table_privilege('stormdesk_events', 'INSERT')").fetchone()
            if not row or not row[0]:
                raise StoreError("this database role is read-only: it can watch a drill, not host "
                                 "one")
            return canon
        canon = self._run("read drills", check)
        # Server-side keepalives (user-settable): a host whose machine vanishes without closing
        # its connection is noticed, and its lock freed, after about 10 + 3 * 5 seconds.
        conn = self._connect(options="-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 "
                                     "-c tcp_keepalives_count=3")
        try:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (_key("host", canon),)).fetchone()
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"cannot take the host lock in {self.url}: {self._say(exc)}") from None
        if not row or not row[0]:
            conn.close()
            return None
        lock = PgHostLock(self, canon, conn)
        self._hosts[canon] = lock
        return lock

    def host_alive(self, code: str) -> bool | None:
        """Whether a session holds the drill's host advisory lock, read from pg_locks (which
        every role may read): the lock is never tried, so a starting host is never refused."""
        def go(conn):
            canon = self._code(conn, code)
            key = _key("host", canon) & 0xFFFFFFFFFFFFFFFF
            row = conn.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND classid = %s::bigint::oid AND objid = %s::bigint::oid AND objsubid = 1",
                (key >> 32, key & 0xFFFFFFFF)).fetchone()
            return bool(row and row[0])
        return self._run("read the host lock", go)

    # commands -------------------------------------------------------------------------------
    def submit(self, code: str, client_key: str, body: dict[str, Any]) -> int:
        if not client_key:
            raise StoreError("a command needs a client key")
        body_json = _dumps(body)

        def go(conn):
            canon = self._code(conn, code)
            find = "SELECT id FROM stormdesk_commands WHERE drill = %s AND client_key = %s"
            row = conn.execute(find, (canon, client_key)).fetchone()
            if row:
                return int(row[0])
            with conn.transaction():
                # The row lock on the drill is held to commit: ids appear in order, gap-free.
                new_id = conn.execute(
                    "UPDATE stormdesk_drills SET last_command = last_command + 1 WHERE code = %s "
                    "RETURNING last_command", (canon,)).fetchone()[0]
                row = conn.execute(find, (canon, client_key)).fetchone()
                if row:   # the same key committed while we waited for the lock
                    raise _Rollback(int(row[0]))
                conn.execute("INSERT INTO stormdesk_commands (drill, id, client_key, body) "
                             "VALUES (%s, %s, %s, %s::json)", (canon, new_id, client_key, body_json))
                conn.execute("SELECT pg_notify(%s, '')", (_channel(canon, commands=True),))
            return int(new_id)

        try:
            return self._run("queue a command", go)
        except _Rollback as done:
            return done.value

    def commands_after(self, code: str, after_id: int, limit: int = 500) -> list[Command]:
        def go(conn):
            canon = self._code(conn, code)
            rows = conn.execute("SELECT id, client_key, body FROM stormdesk_commands "
                                "WHERE drill = %s AND id > %s ORDER BY id LIMIT %s",
                                (canon, after_id, limit)).fetchall()
            return [Command(id=int(i), client_key=k, body=_loads(b)) for i, k, b in rows]
        return self._run("read commands", go)

    def applied_through(self, code: str) -> int:
        def go(conn):
            canon = self._code(conn, code)
            row = conn.execute("SELECT applied_through FROM stormdesk_drills WHERE code = %s",
                               (canon,)).fetchone()
            return int(row[0]) if row else 0
        return self._run("read the drill", go)

    # events ---------------------------------------------------------------------------------
    def append(self, code: str, command_id: int | None, bodies: list[dict[str, Any]]) -> list[int]:
        texts = [_dumps(b) for b in bodies]
        canon = self._run("read drills", lambda conn: self._code(conn, code))
        lock = self._hosts.get(canon)
        if lock is None:
            raise StoreError("only the drill's host appends events, and this process does not "
                             "hold the host lock")
        with lock.lock:
            conn = lock.conn
            if conn.closed or conn.broken:
                raise StoreError("the connection holding the host lock is gone, and with it the "
                                 "lock: restart the host (it rebuilds the drill from the log)")
            try:
                with conn.transaction():
                    last = conn.execute(
                        "UPDATE stormdesk_drills SET last_seq = last_seq + %s, "
                        "applied_through = greatest(applied_through, %s) WHERE code = %s "
                        "RETURNING last_seq", (len(texts), command_id or 0, canon)).fetchone()[0]
                    if command_id is not None:
                        cur = conn.execute("UPDATE stormdesk_commands SET applied = true "
                                           "WHERE drill = %s AND id = %s AND NOT applied",
                                           (canon, command_id))
                        if cur.rowcount != 1:
                            seen = conn.execute("SELECT applied FROM stormdesk_commands "
                                                "WHERE drill = %s AND id = %s",
                                                (canon, command_id)).fetchone()
                            raise StoreError(f"command {command_id} was already applied" if seen
                                             else f"no command {command_id} in this drill")
                    first = last - len(texts) + 1
                    seqs = list(range(first, last + 1))
                    if texts:
                        with conn.cursor() as cur:
                            cur.executemany(
                                "INSERT INTO stormdesk_events (drill, seq, command_id, body) "
                                "VALUES (%s, %s, %s, %s::json)",
                                [(canon, s, command_id, t) for s, t in zip(seqs, texts)])
                    conn.execute("SELECT pg_notify(%s, 'e')", (_channel(canon),))
            except StoreError:
                raise
            except errors.InsufficientPrivilege:
                raise StoreError("this database role may not write events") from None
            except psycopg.OperationalError as exc:
                raise StoreError("lost the connection holding the host lock (" + self._say(exc)
                                 + "): restart the host; it rebuilds the drill from the log") \
                    from None
            except psycopg.Error as exc:
                raise StoreError(f"cannot append events in {self.url}: {self._say(exc)}") from None
        return seqs

    def events_after(self, code: str, after_seq: int, limit: int = 1000) -> list[Event]:
        def go(conn):
            canon = self._code(conn, code)
            rows = conn.execute("SELECT seq, command_id, body FROM stormdesk_events "
                                "WHERE drill = %s AND seq > %s ORDER BY seq LIMIT %s",
                                (canon, after_seq, limit)).fetchall()
            return [Event(seq=int(s), command_id=None if c is None else int(c), body=_loads(b))
                    for s, c, b in rows]
        return self._run("read events", go)

    def wait(self, code: str, timeout: float, commands: bool = False) -> None:
        """LISTEN on the main connection, then sleep in select() on its socket (and on a pipe
        the notify handler writes to) without holding the connection: other threads' statements
        go on, and a notification they happen to read still wakes this waiter. Returns straight
        away after (re)connecting or LISTENing, and after at most POLL_SECONDS."""
        end = time.monotonic() + max(0.0, min(float(timeout), POLL_SECONDS))
        channel = _channel(self._run("read drills", lambda conn: self._code(conn, code)),
                           commands)
        if not self._wait_lock.acquire(timeout=max(0.0, end - time.monotonic())):
            return
        try:
            with self._lock:
                start = self._wakes
                try:
                    if self._conn is None or self._conn.closed or self._conn.broken:
                        self._reconnect()
                    conn = self._conn
                    if channel not in self._listening:
                        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                        self._listening.add(channel)
                        self._woken = False
                        return  # listening now: the caller re-reads, so nothing before is missed
                except (psycopg.Error, StoreError):
                    self._drop()
                    time.sleep(min(max(0.0, end - time.monotonic()), 0.5))
                    return
                fd = conn.pgconn.socket
            while True:
                with self._lock:
                    if self._woken or self._wakes != start or conn is not self._conn:
                        self._woken = False
                        return
                left = end - time.monotonic()
                if left <= 0:
                    return
                ready, _, _ = select.select([fd, self._pipe_r], [], [], left)
                if self._pipe_r in ready:
                    try:
                        while os.read(self._pipe_r, 4096):
                            pass
                    except (BlockingIOError, OSError):
                        pass
                if fd in ready:
                    with self._lock:
                        if conn is not self._conn or conn.closed:
                            return
                        try:
                            conn.pgconn.consume_input()
                            while (n := conn.pgconn.notifies()) is not None:
                                self._wake(n)
                        except psycopg.Error:   # the server went away: reconnect next time
                            self._drop()
                            return
        finally:
            self._wait_lock.release()

    def _drop(self) -> None:
        """Forget a broken main connection (under self._lock); the next use reconnects."""
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
        self._conn = None
        self._listening.clear()

    def reopen(self) -> PgStore:
        return PgStore.open(self._url)

    def close(self) -> None:
        for lock in list(self._hosts.values()):
            lock.release()
        with self._lock:
            self._drop()
        for fd in (self._pipe_r, self._pipe_w):
            try:
                os.close(fd)
            except OSError:
                pass
        self._pipe_r = self._pipe_w = -1


class _Rollback(Exception):
    """Leaves a transaction (rolled back) carrying the value to return."""

    def __init__(self, value: int) -> None:
        super().__init__(value)
        self.value = value


def _check_protocol(info: DrillInfo) -> None:
    if info.protocol != PROTOCOL:
        raise StoreError(f"the drill {info.code!r} runs drill protocol {info.protocol}, and this "
                         f"Stormdesk speaks protocol {PROTOCOL}: install the same Stormdesk "
                         "version as the host")


def _password(url: str) -> str | None:
    try:
        return psycopg.conninfo.conninfo_to_dict(url).get("password") or None
    except psycopg.Error:
        return None
