"""`stormdesk score` / `python -m scoring`: JSON lines in, JSON lines out, same order.

In: ``tweet`` and ``reply`` (strings, required); optional ``id``, ``persona``, ``facts`` (list
of strings), ``previous_replies`` (list of strings), ``voice``, ``seconds_to_reply`` (number).
Out: ``empathy``, ``tone``, ``substance``, ``overall``, ``speed`` (null without a time),
``reasons``, ``markers``, and ``id`` when given. A bad line gets ``{"error": ..., "line": N}``
and the batch goes on. Blank lines are skipped (no output). A line over 1 MB is refused
without being parsed.
"""
from __future__ import annotations

import itertools
import json
import os
import signal
import sys
from typing import IO
from collections.abc import Iterable, Iterator

from scoring.context import ReplyContext
from scoring.scorer import score_reply

MAX_LINE = 1_000_000


def _lines(fh: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, bytes) — or None for a line too long to read — never holding more
    than MAX_LINE bytes of one line in memory."""
    n = 0
    while True:
        chunk = fh.readline(MAX_LINE + 1)
        if not chunk:
            return
        n += 1
        if len(chunk) > MAX_LINE and not chunk.endswith(b"\n"):
            while True:                                   # skip the rest of the monster line
                more = fh.readline(MAX_LINE)
                if not more or more.endswith(b"\n"):
                    break
            yield n, None
        else:
            yield n, chunk


def _str_list(v, name: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ValueError(f"'{name}' must be a list of strings")
    return tuple(v)


def score_line(obj) -> dict:
    if not isinstance(obj, dict):
        raise ValueError("each line must be a JSON object")
    tweet, reply = obj.get("tweet"), obj.get("reply")
    if not isinstance(tweet, str) or not isinstance(reply, str):
        raise ValueError("'tweet' and 'reply' are required strings")
    secs = obj.get("seconds_to_reply")
    if secs is not None and (isinstance(secs, bool) or not isinstance(secs, (int, float))):
        raise ValueError("'seconds_to_reply' must be a number")
    for k in ("persona", "voice"):
        if obj.get(k) is not None and not isinstance(obj[k], str):
            raise ValueError(f"'{k}' must be a string")
    ctx = ReplyContext(post=tweet, reply=reply, persona=obj.get("persona"), facts=_str_list(obj.get("facts"), "facts"),
                       previous_replies=_str_list(obj.get("previous_replies"), "previous_replies"),
                       voice=obj.get("voice"), seconds_to_reply=secs)
    d = score_reply(ctx).to_dict()
    if "id" in obj:
        d = {"id": obj["id"], **d}
    return d


def _answer(item: tuple[int, bytes | None]) -> str | None:
    """The output line for one input line (None for a blank line)."""
    n, raw = item
    if raw is None:
        return json.dumps({"error": f"line longer than {MAX_LINE:,} bytes: refused", "line": n}) + "\n"
    if not raw.strip():
        return None
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        return json.dumps({"error": f"not valid JSON: {e}", "line": n}) + "\n"
    try:
        return json.dumps(score_line(obj), ensure_ascii=False) + "\n"
    except ValueError as e:
        return json.dumps({"error": str(e), "line": n}) + "\n"


# Big batches are shared out over the machine's cores. The first lines are always scored here,
# one by one, so a small batch, or someone feeding lines by hand, gets answers at once; the
# rest goes to worker processes in chunks, and comes back in input order.
INLINE_LINES = 500
CHUNK = 256


def _worker_start() -> None:
    """Ctrl+C is the parent's to handle: workers just stop when it ends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _write_answers(answers: Iterable[str | None], out: IO[str]) -> None:
    write = out.write
    for line in answers:
        if line is not None:
            write(line)


def _pool(jobs: int):
    try:
        import multiprocessing
        return multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_start)
    except (ImportError, ValueError, OSError):      # no fork here, or no processes left
        return None


def run(inp: IO[bytes], out: IO[str], jobs: int | None = None) -> int:
    jobs = default_jobs() if jobs is None else max(1, jobs)
    lines = _lines(inp)
    _write_answers(map(_answer, itertools.islice(lines, INLINE_LINES if jobs > 1 else None)), out)
    pool = _pool(jobs) if jobs > 1 else None
    if pool is None:
        _write_answers(map(_answer, lines), out)
    else:
        try:
            _write_answers(pool.imap(_answer, lines, chunksize=CHUNK), out)
        finally:
            pool.terminate()
    out.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        print("usage: python -m scoring [--jobs N] [FILE|-]   (JSON lines in, JSON lines out)\n"
              "  --jobs N  worker processes for big batches (default: one per core; 1 = none)")
        return 0
    jobs = None
    for flag in ("--jobs", "-j"):
        while flag in args:
            i = args.index(flag)
            try:
                jobs = int(args[i + 1])
                if jobs < 1:
                    raise ValueError
            except (IndexError, ValueError, TypeError):
                print(f"stormdesk score: {flag} needs a whole number of at least 1", file=sys.stderr)
                return 2
            del args[i:i + 2]
    path = args[0] if args and args[0] is not None else "-"
    try:
        if path == "-":
            return run(sys.stdin.buffer, sys.stdout, jobs)
        with open(path, "rb") as fh:
            return run(fh, sys.stdout, jobs)
    except FileNotFoundError:
        print(f"stormdesk score: no such file: {path}", file=sys.stderr)
        return 2
    except IsADirectoryError:
        print(f"stormdesk score: {path} is a directory, not a file", file=sys.stderr)
        return 2
    except PermissionError:
        print(f"stormdesk score: cannot read {path}: permission denied", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("stormdesk score: interrupted", file=sys.stderr)
        return 130
