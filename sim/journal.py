"""The drill journal: one JSON object per line, appended and flushed as each event happens.

Everything else (replay, reports, history, crash recovery) reads the journal; nothing else is
the truth. Reading is forgiving: a torn last line (the game was killed mid-write) is reported
and skipped, never fatal; garbage in the middle is reported with its line number.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from collections.abc import Iterable

JOURNAL_VERSION = 1
MAX_LINE = 4 * 1024 * 1024   # a journal line longer than this is not ours


class JournalError(Exception):
    """A journal that cannot be read at all (missing, empty, not a Stormdesk journal)."""


def dumps(event: dict) -> str:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))


class Journal:
    """Append-only writer. ``path=None`` keeps events in memory only."""

    def __init__(self, path: str | os.PathLike | None = None, *, fsync: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.events: list[dict] = []
        self._fsync = fsync
        self._fh: IO[str] | None = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a", encoding="utf-8", newline="\n")

    def write(self, event: dict) -> None:
        self.events.append(event)
        if self._fh is not None:
            self._fh.write(dumps(event) + "\n")
            self._fh.flush()
            if self._fsync:
                os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class JournalRead:
    events: list[dict]
    problems: list[str] = field(default_factory=list)
    torn: bool = False          # the last line was cut off mid-write

    @property
    def header(self) -> dict:
        return self.events[0]

    @property
    def finished(self) -> bool:
        return bool(self.events) and self.events[-1].get("type") == "drill_end"


def parse_lines(lines: Iterable[str], name: str = "journal") -> JournalRead:
    events: list[dict] = []
    problems: list[str] = []
    raw = list(lines)
    torn = False
    for n, line in enumerate(raw, 1):
        if not line.strip():
            continue
        last = n == len(raw)
        try:
            ev = json.loads(line)
            if not isinstance(ev, dict) or "type" not in ev or "t" not in ev:
                raise ValueError("not a journal event")
        except (ValueError, RecursionError):
            if last and not line.endswith("\n"):
                torn = True
                problems.append(f"{name}:{n}: the last line was cut off mid-write (the drill "
                                f"was interrupted); everything before it is intact")
            else:
                problems.append(f"{name}:{n}: not a journal event, skipped")
            continue
        events.append(ev)
    return JournalRead(events, problems, torn)


def read_journal(path: str | os.PathLike) -> JournalRead:
    p = Path(path)
    if not p.exists():
        raise JournalError(f"{p}: no such journal")
    if p.is_dir():
        raise JournalError(f"{p}: is a folder, not a journal file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise JournalError(f"{p}: cannot read it ({e.strerror or e})") from None
    if not data.strip():
        raise JournalError(f"{p}: the journal is empty")
    if b"\x00" in data[:65536]:
        raise JournalError(f"{p}: this is not a Stormdesk journal (binary data)")
    text = data.decode("utf-8", errors="replace")
    lines = [ln if len(ln) <= MAX_LINE else "" for ln in text.splitlines(keepends=True)]
    jr = parse_lines(lines, p.name)
    if not jr.events or jr.events[0].get("type") != "drill_start":
        raise JournalError(f"{p}: this is not a Stormdesk journal (it does not begin with a "
                           f"drill_start event)")
    return jr
