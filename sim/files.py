"""Safe file handling in one place: read only regular files within a size limit, write
reports atomically, and never overwrite or delete a file that is not ours.

- ``read_regular`` opens without blocking (a FIFO or a device never hangs the game), checks
  the opened file is a regular file, and reads at most ``limit`` bytes.
- ``atomic_write`` writes to a temporary file beside the target and renames it over, so a
  reader (or a crash) sees the old file or the new one, never half of one.
- ``is_journal`` tells a Stormdesk journal from anything else without reading it whole.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

MAX_JOURNAL_BYTES = 256 * 1024 * 1024     # a drill journal is a few MB at most


class FileRefused(OSError):
    """A file we will not read or write (not a regular file, too big, not ours)."""


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: str | os.PathLike, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file, refusing anything else or anything over ``limit`` bytes.
    Raises ``FileNotFoundError``, ``FileRefused`` or ``OSError`` (with a plain message)."""
    p = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, f"no such {what}", p) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(f"{p}: is {_describe(st.st_mode)}, not a {what}")
        if st.st_size > limit:
            raise FileRefused(f"{p}: is {st.st_size / 2**20:.1f} MB; a {what} is limited to "
                              f"{limit / 2**20:.0f} MB")
        chunks, got = [], 0
        while got <= limit:
            b = os.read(fd, min(1 << 20, limit + 1 - got))
            if not b:
                break
            chunks.append(b)
            got += len(b)
        if got > limit:
            raise FileRefused(f"{p}: grew past the {limit / 2**20:.0f} MB limit for a {what}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def atomic_write(path: str | os.PathLike, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (fsynced first).

    An existing target that is not a regular file is refused (a folder, a device, a FIFO):
    the rename would replace it."""
    p = Path(path)
    raw = data.encode(encoding) if isinstance(data, str) else data
    try:
        st = os.stat(p)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise FileRefused(f"{p}: is {_describe(st.st_mode)}; refusing to replace it")
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent if str(p.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            try:
                os.chmod(tmp, stat.S_IMODE(st.st_mode))
            except OSError:
                pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def is_journal(path: str | os.PathLike) -> bool:
    """True if ``path`` is a regular file whose first line is a Stormdesk ``drill_start``."""
    p = os.fspath(path)
    try:
        st = os.lstat(p)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    try:
        with open(p, "rb") as fh:
            first = fh.readline(1 << 20)
    except OSError:
        return False
    from sim.journal import record_of
    ev = record_of(first)
    return ev is not None and ev.get("type") == "drill_start" and "seed" in ev


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True if ``a`` and ``b`` name the same existing file (links and ``..`` included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def sha256_file(path: str | os.PathLike, limit: int) -> str:
    import hashlib
    return hashlib.sha256(read_regular(path, limit, "scenario file")).hexdigest()


def scenario_source(scenario) -> dict | None:
    """Where a scenario came from, for the journal's header: a bundled scenario by id, a file
    by its absolute path and the SHA-256 of its bytes (so replay can tell it is the same file
    before reading it), or None for a scenario built in code."""
    src = getattr(scenario, "source", "") or ""
    if not src:
        return None
    try:
        from sim.scenario import MAX_BYTES, bundled_dir
        path = Path(src).resolve()
        bundled = Path(bundled_dir()).resolve()
        if path.parent == bundled and path.stem == scenario.id:
            return {"kind": "bundled", "id": scenario.id}
        return {"kind": "file", "path": str(path), "sha256": sha256_file(path, MAX_BYTES)}
    except OSError:
        return None
