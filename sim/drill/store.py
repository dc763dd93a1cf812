"""The shared log of a team drill: the one contract between the host and every seat.

Two tables per store, whatever the backend (SQLite in STORMDESK_HOME by default, PostgreSQL
with ``--store postgresql://...``):

- **commands**, written by seats: ``(drill, id, client_key, body)``. ``id`` grows with every
  insert; ``(drill, client_key)`` is unique, so a seat that sends the same command twice (a
  double Enter, a retry after reconnecting) gets the first command's id back and nothing new.
- **events**, written by the host only: ``(drill, seq, command_id, body)``. ``seq`` is 1, 2, 3...
  per drill with no gaps. The events a command produced and the mark that the command was
  applied are committed in one transaction, so a command takes effect exactly once, even when
  the host dies and a new host rebuilds the drill from the log.

Seats never trust a wake-up to carry data: ``wait`` only says "something may have changed";
they always read ``events_after(seq)`` by sequence number, so a missed wake-up loses nothing.

Bodies are JSON objects (``dict``). Backends implement every method below; nothing else in
Stormdesk touches the database.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

PROTOCOL = 1  # the drill protocol: a seat of another protocol is refused with a clear message


class StoreError(Exception):
    """The store cannot be opened or used; the message says why, for a person to read."""


class ReadOnlyStore(StoreError):
    """This store's role may read and wait, not write (a projector's or observer's database
    role): seats that only watch carry on without joining."""


@dataclass(frozen=True)
class DrillInfo:
    code: str                 # the trainees' join code
    facilitator_code: str     # the facilitator's code (never shown to trainees)
    protocol: int
    status: str               # "open" | "running" | "finished"
    meta: dict[str, Any]      # scenario, seed, difficulty, mode, desks, teams, approval, pace...


@dataclass(frozen=True)
class Command:
    id: int
    client_key: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Event:
    seq: int
    command_id: int | None
    body: dict[str, Any]


class HostLock(ABC):
    """Held by the one host of a drill; freed when released or when the host process dies."""

    @abstractmethod
    def release(self) -> None: ...


class DrillStore(ABC):
    url: str  # as given, with any password removed (safe to print)

    # drills -------------------------------------------------------------------------------
    @abstractmethod
    def create_drill(self, code: str, facilitator_code: str, meta: dict[str, Any]) -> DrillInfo:
        """A new drill; StoreError if the code is taken."""

    @abstractmethod
    def drill(self, code: str) -> DrillInfo | None:
        """The drill with this trainee or facilitator code, or None."""

    @abstractmethod
    def set_status(self, code: str, status: str) -> None: ...

    @abstractmethod
    def drills(self) -> list[DrillInfo]:
        """Every drill in the store, newest first (for history and status)."""

    # the host's lock ----------------------------------------------------------------------
    @abstractmethod
    def acquire_host(self, code: str) -> HostLock | None:
        """The host lock for this drill, or None if another live process holds it."""

    # commands (seats write, the host reads) -----------------------------------------------
    @abstractmethod
    def submit(self, code: str, client_key: str, body: dict[str, Any]) -> int:
        """Queue a command; returns its id. The same client_key again returns the same id."""

    @abstractmethod
    def commands_after(self, code: str, after_id: int, limit: int = 500) -> list[Command]:
        """Commands with id > after_id, oldest first."""

    @abstractmethod
    def applied_through(self, code: str) -> int:
        """The highest command id the host has applied (0 if none): where a new host resumes."""

    # events (the host writes, everyone reads) ---------------------------------------------
    @abstractmethod
    def append(self, code: str, command_id: int | None, bodies: list[dict[str, Any]]) -> list[int]:
        """Append events in one transaction, marking command_id applied in the same one;
        returns their seqs. Also wakes waiting readers (pg_notify inside the transaction)."""

    @abstractmethod
    def events_after(self, code: str, after_seq: int, limit: int = 1000) -> list[Event]:
        """Events with seq > after_seq, in order."""

    @abstractmethod
    def wait(self, code: str, timeout: float, commands: bool = False) -> bool:
        """Block until something may have changed in this drill, or timeout seconds pass:
        new events or a status change (what seats wait for), or with ``commands=True`` new
        commands (what the host waits for; a seat's command then wakes the host, not every
        other seat). A backend may wake for either, and may return early (PostgreSQL: at most
        every POLL_SECONDS, and at once after it starts listening). True when a change ended
        the wait (SQLite: PRAGMA data_version moved, another connection wrote the file;
        PostgreSQL: a notification), False on a timeout or an early return. A hint only:
        callers always re-read by seq afterwards, whatever it says."""

    def host_alive(self, code: str) -> bool | None:
        """Whether a live process holds this drill's host lock, asked without taking it (so a
        host starting at that moment is never refused); None when the store cannot tell."""
        return None

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def reopen(self) -> DrillStore:
        """Another store on the same log, with the same credentials (``url`` has the password
        removed, so opening ``url`` again may not get in): for a second seat in one process."""


def _is_path(url: str) -> bool:
    """A bare file path (``drills.sqlite3``, ``/srv/drills.sqlite3``, ``~/d.sqlite3``): a SQLite
    store, as ``sqlite:///PATH`` would name it. Anything with a scheme (``mysql://``) is not."""
    return "://" not in url and not url.startswith(("sqlite:", "postgres")) and bool(url.strip())


def open_store(url: str | None, home: str | None = None, read_only: bool = False) -> DrillStore:
    """The store a ``--store`` URL names: None or ``sqlite:///PATH`` (or a bare PATH) -> SQLite
    (default file ``drills.sqlite3`` in STORMDESK_HOME), ``postgresql://...`` -> PostgreSQL
    (the optional ``stormdesk[postgres]`` extra). StoreError, with a clear message, for anything
    else.

    ``read_only=True`` (history): nothing is created or changed, not even the schema; a store
    that does not exist, has no Stormdesk tables or was set up by a newer Stormdesk is a
    StoreError saying so. A database role with SELECT rights only is enough."""
    if url is not None and _is_path(url):
        import os
        url = "sqlite:///" + os.path.abspath(os.path.expanduser(url))
    if url is None or url.startswith("sqlite:"):
        from sim.drill.store_sqlite import SqliteStore
        return SqliteStore.open_read_only(url, home) if read_only else SqliteStore.open(url, home)
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from sim.drill.store_pg import PgStore
        except ImportError as exc:  # psycopg missing (any other import error is a bug: say so)
            if (exc.name or "").split(".")[0] not in ("psycopg", "psycopg_pool"):
                raise
            raise StoreError("PostgreSQL stores need the optional extra: "
                             "pip install 'stormdesk[postgres]'") from exc
        return PgStore.open(url, migrate=not read_only)
    raise StoreError(f"unknown store {redact_url(url)!r}: use sqlite:///PATH (or a file path) or "
                     "postgresql://USER@HOST/DB")


def redact_url(url: str) -> str:
    """A URL as it may be printed: any password in it removed (user:password@, ?password=)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(unreadable URL)"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, hosts = netloc.rsplit("@", 1)
        netloc = userinfo.split(":", 1)[0] + "@" + hosts
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k.lower() != "password"])
    return ((f"{parts.scheme}://{netloc}{parts.path}" if parts.scheme else parts.path)
            + (f"?{query}" if query else "") + (f"#{parts.fragment}" if parts.fragment else ""))
