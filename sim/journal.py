"""The drill journal: one JSON object per line, appended as each event happens.

Everything else (replay, reports, history, crash recovery) reads the journal; nothing else is
the truth. Reading is forgiving but never silent: a torn last line (the game was killed
mid-write) is reported and skipped; a line that is garbage, over the size limit or holds a
field of the wrong type is reported with its line number, and replay then refuses to call the
journal a match.

Writing:
- Lines are split on ``\\n`` only. U+2028, U+2029 and U+0085 (which ``str.splitlines`` and some
  editors treat as line ends) are written escaped, so any text round-trips.
- A write that fails (a full disk) is undone (the file is cut back to its last whole line) and
  the event is kept in memory, in order with everything after it; ``failed`` says why and
  ``retry()`` writes what is pending. The front end pauses and tells the player.
- The file is fsynced when the drill ends, on ``sync()``, and at least every ``FSYNC_EVERY``
  seconds while events are written, so a power cut loses at most the last moments.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sim.events import DrillEnd, DrillStart, Event, EventError, Unknown, from_json, to_json

JOURNAL_VERSION = 1                 # written in drill_start; a journal without one is version 1
MAX_LINE = 4 * 1024 * 1024          # a journal line longer than this is not ours
FSYNC_EVERY = 2.0                   # seconds: the most a power cut can lose while events flow
_LINE_SEPARATORS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


class JournalError(Exception):
    """A journal that cannot be read at all (missing, empty, not a Stormdesk journal)."""


def dumps(event: dict) -> str:
    s = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in _LINE_SEPARATORS.items():
        if ch in s:
            s = s.replace(ch, esc)
    return s


class Journal:
    """Append-only writer. ``path=None`` keeps events in memory only."""

    def __init__(self, path: str | os.PathLike | None = None, *, fsync: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.path = Path(path) if path is not None else None
        self.events: list[dict] = []            # each event's JSON object, as written
        self.typed: list[Event] = []            # the same events, typed (what screens read)
        self._fsync_always = fsync
        self._clock = clock
        self._fd: int | None = None
        self._pending: list[bytes] = []
        self._size = 0
        self._dirty = False
        self._synced_at = clock()
        self.failed: OSError | None = None      # the last write error, until a retry succeeds
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            self._size = os.fstat(self._fd).st_size

    @property
    def pending(self) -> int:
        """Events held in memory because the disk refused them."""
        return len(self._pending)

    def write(self, event: Event | dict) -> None:
        """Append an event (typed, or its JSON object); ``events`` keeps the JSON objects and
        ``typed`` the events."""
        self.typed.append(event if isinstance(event, Event) else typed_of(event))
        event = to_json(event)
        self.events.append(event)
        if self._fd is None:
            return
        self._pending.append((dumps(event) + "\n").encode("utf-8"))
        if self.failed is None:          # a failing disk is retried by retry(), not per event
            self._flush()
        if self.failed is None:
            if self._fsync_always or event.get("type") == "drill_end":
                self.sync()
            elif self._clock() - self._synced_at >= FSYNC_EVERY:
                self.sync()

    def _flush(self) -> bool:
        while self._pending:
            data = self._pending[0]
            try:
                view = memoryview(data)
                while view:
                    n = os.write(self._fd, view)
                    view = view[n:]
            except OSError as e:
                try:                      # never leave half a line for the next write to follow
                    os.ftruncate(self._fd, self._size)
                except OSError:
                    pass
                self.failed = e
                return False
            self._size += len(data)
            self._dirty = True
            self._pending.pop(0)
        self.failed = None
        return True

    def retry(self) -> bool:
        """Write what a failed write left pending. True when the journal is whole again."""
        if self._fd is None:
            return True
        ok = self._flush()
        if ok:
            self.sync()
        return ok and self.failed is None

    def maybe_sync(self) -> None:
        """fsync if something was written more than ``FSYNC_EVERY`` seconds ago (the desk
        calls this on its timer, so a quiet spell after a reply is still made durable)."""
        if self._dirty and self._clock() - self._synced_at >= FSYNC_EVERY:
            self.sync()

    def sync(self) -> None:
        """fsync what has been written (a no-op when nothing new)."""
        if self._fd is None or not self._dirty:
            self._synced_at = self._clock()
            return
        try:
            os.fsync(self._fd)
            self._dirty = False
        except OSError as e:
            self.failed = e
        self._synced_at = self._clock()

    def close(self) -> None:
        if self._fd is not None:
            if self._pending:
                self._flush()
            self.sync()
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -- reading -----------------------------------------------------------------------------------
def typed_of(rec: dict) -> Event:
    """The typed event of a JSON object already written (one that does not read as its kind is
    kept whole as ``Unknown``, never refused: the writer does not judge)."""
    try:
        return from_json(rec)
    except (EventError, TypeError, ValueError, KeyError):
        t = rec.get("t")
        return Unknown(t=t if isinstance(t, (int, float)) else 0.0, type_name=str(rec.get("type")),
                       data=dict(rec))


@dataclass
class JournalFile:
    """A journal read back, once: each line's event, typed (``events``) and as its JSON object
    (``records``, what replay compares with a re-derived drill), the file line of each, and
    what was wrong with the file. Nothing that could be read is lost."""
    path: Path | None
    events: list[Event]
    records: list[dict]
    lines: list[int]                       # 1-based file line of each event
    problems: list[str] = field(default_factory=list)
    torn: bool = False                     # the last line was cut off mid-write
    skipped: list[int] = field(default_factory=list)   # lines reported and left out (not torn)

    @property
    def header(self) -> DrillStart:
        return self.events[0]

    @property
    def finished(self) -> bool:
        return bool(self.events) and isinstance(self.events[-1], DrillEnd)


def record_of(line: str | bytes) -> dict | None:
    """The JSON object a journal line holds, if it is one with a ``type`` and a ``t``, else None
    (garbage, a torn write, another program's JSON). Whether its fields are right is
    ``sim.events.from_json``'s to say."""
    try:
        rec = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return rec if isinstance(rec, dict) and "type" in rec and "t" in rec else None


def parse_lines(lines: Iterable[str | bytes | None], name: str = "journal") -> JournalFile:
    """Events from lines (each ending ``\\n`` except perhaps the last). ``None`` stands for a
    line that was over ``MAX_LINE``: it is reported, not read. A first line that is a damaged
    header, or a header from a newer journal version, raises ``JournalError``."""
    jf = JournalFile(None, [], [], [])
    raw = list(lines)
    for n, line in enumerate(raw, 1):
        last = n == len(raw)
        if line is None:
            jf.problems.append(f"{name}:{n}: this line is over the {MAX_LINE // 2**20} MB limit for a "
                               f"journal line; it was not read")
            jf.skipped.append(n)
            continue
        if isinstance(line, bytes):
            line = line.decode("utf-8", errors="replace")
        if not line.strip():
            continue
        rec = record_of(line)
        if rec is None:
            if last and not line.endswith("\n"):
                jf.torn = True
                jf.problems.append(f"{name}:{n}: the last line was cut off mid-write (the drill "
                                   f"was interrupted); everything before it is intact")
            else:
                jf.problems.append(f"{name}:{n}: not a journal event, skipped")
                jf.skipped.append(n)
            continue
        header = not jf.events and rec.get("type") == "drill_start"
        try:
            ev = from_json(rec)
        except (EventError, TypeError, ValueError) as e:
            if header:
                raise JournalError(f"{name}:{n}: the drill_start header is damaged: {e}") from None
            jf.problems.append(f"{name}:{n}: {e}; line skipped")
            jf.skipped.append(n)
            continue
        if header and ev.version > JOURNAL_VERSION:
            raise JournalError(f"{name}:{n}: this journal was written by a newer Stormdesk (journal "
                               f"version {ev.version}; this one reads versions up to "
                               f"{JOURNAL_VERSION}): update Stormdesk to read it")
        jf.events.append(ev)
        jf.records.append(rec)
        jf.lines.append(n)
    return jf


def split_lines(data: bytes) -> list[bytes | None]:
    """Lines split on ``\\n`` only (each keeps its newline); ``None`` for one over ``MAX_LINE``."""
    out: list[bytes | None] = []
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        stop = len(data) if end < 0 else end + 1
        out.append(data[start:stop] if stop - start <= MAX_LINE else None)
        start = stop
    return out


def read_journal(path: str | os.PathLike) -> JournalFile:
    """The one reader of a journal file: read once, every line checked, line numbers kept.
    Raises ``JournalError`` (a clear message, no traceback) when it cannot be used at all."""
    from sim.files import MAX_JOURNAL_BYTES, FileRefused, read_regular
    p = Path(path)
    try:
        data = read_regular(p, MAX_JOURNAL_BYTES, "journal")
    except FileNotFoundError:
        raise JournalError(f"{p}: no such journal") from None
    except FileRefused as e:
        raise JournalError(str(e)) from None
    except OSError as e:
        if os.path.isdir(p):
            raise JournalError(f"{p}: is a folder, not a journal file") from None
        raise JournalError(f"{p}: cannot read it ({e.strerror or e})") from None
    if not data.strip():
        raise JournalError(f"{p}: the journal is empty")
    if b"\x00" in data[:65536]:
        raise JournalError(f"{p}: this is not a Stormdesk journal (binary data)")
    jf = parse_lines(split_lines(data), str(p))
    if not jf.events or not isinstance(jf.events[0], DrillStart):
        raise JournalError(f"{p}: this is not a Stormdesk journal (it does not begin with a "
                           f"drill_start event)")
    jf.path = p
    return jf
