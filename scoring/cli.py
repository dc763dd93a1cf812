"""`stormdesk score` / `python -m scoring`: JSON lines in, JSON lines out, same order.

In: ``tweet`` and ``reply`` (strings, required); optional ``id``, ``persona``, ``facts`` (list of
strings or ``{"text", "kind", "at"}`` objects), ``previous_replies`` (list of strings), ``voice``,
``seconds_to_reply`` (number), and the rest of what the game passes: ``brand``, ``author``,
``handle``, ``at`` (the drill second of the reply: facts with a later ``at`` give no credit),
``speed_good``, ``speed_late``, ``higher_priority_waiting``, ``other_posts``, and for a follow-up
``thread_replies`` (list of strings: the earlier replies in this thread, oldest first).
Out: ``empathy``, ``tone``, ``substance``, ``overall``, ``speed`` (null without a time),
``reasons``, ``markers``, and ``id`` when given. A bad line gets ``{"error": ..., "line": N}``
and the batch goes on: that includes JSON nested deeper than MAX_DEPTH and numbers too big to be
a time. Blank lines are skipped (no output). A line over 1 MB is refused without being parsed.
"""
from __future__ import annotations

import gc
import itertools
import json
import os
import signal
import sys
from typing import IO
from collections.abc import Iterable, Iterator

import math

from scoring.context import Fact, make_context
from scoring.scorer import score_reply

MAX_LINE = 1_000_000
MAX_DEPTH = 20               # nesting of [ and {: the contract needs 3
MAX_NUMBER = 1e9             # seconds, drill times: a billion is already absurd
MAX_JOBS = 32                # worker processes, whatever --jobs asks for
MAX_LIST = 10_000            # facts, previous replies, other posts


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


def _depth_ok(raw: bytes) -> bool:
    """True when the line's [ and { nest at most MAX_DEPTH deep (brackets inside strings do not
    count). Only lines with that many brackets at all are scanned."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return True
    depth, in_str, esc = 0, False, False
    for c in raw:
        if in_str:
            if esc:
                esc = False
            elif c == 0x5C:
                esc = True
            elif c == 0x22:
                in_str = False
        elif c == 0x22:
            in_str = True
        elif c in (0x5B, 0x7B):
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif c in (0x5D, 0x7D):
            depth -= 1
    return True


def _str_list(v, name: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ValueError(f"'{name}' must be a list of strings")
    if len(v) > MAX_LIST:
        raise ValueError(f"'{name}' has more than {MAX_LIST:,} items")
    return tuple(v)


def _number(obj: dict, name: str, default=None):
    v = obj.get(name)
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"'{name}' must be a number")
    try:
        f = float(v)
    except OverflowError:
        raise ValueError(f"'{name}' is too big: at most {MAX_NUMBER:.0e}") from None
    if not math.isfinite(f) or abs(f) > MAX_NUMBER:
        raise ValueError(f"'{name}' is too big: at most {MAX_NUMBER:.0e}")
    return f


def _facts(v) -> tuple:
    if v is None:
        return ()
    if not isinstance(v, list):
        raise ValueError("'facts' must be a list of strings or {\"text\", \"kind\", \"at\"} objects")
    if len(v) > MAX_LIST:
        raise ValueError(f"'facts' has more than {MAX_LIST:,} items")
    out = []
    for f in v:
        if isinstance(f, str):
            out.append(f)
        elif isinstance(f, dict) and isinstance(f.get("text"), str):
            kind = f.get("kind")
            if kind is not None and not isinstance(kind, str):
                raise ValueError("a fact's 'kind' must be a string")
            out.append(Fact(text=f["text"], kind=kind, at=_number(f, "at")))
        else:
            raise ValueError("'facts' must be a list of strings or {\"text\", \"kind\", \"at\"} objects")
    return tuple(out)


def score_line(obj) -> dict:
    if not isinstance(obj, dict):
        raise ValueError("each line must be a JSON object")
    tweet, reply = obj.get("tweet"), obj.get("reply")
    if not isinstance(tweet, str) or not isinstance(reply, str):
        raise ValueError("'tweet' and 'reply' are required strings")
    for k in ("persona", "voice", "brand", "author", "handle"):
        if obj.get(k) is not None and not isinstance(obj[k], str):
            raise ValueError(f"'{k}' must be a string")
    waiting = _number(obj, "higher_priority_waiting", 0)
    ctx = make_context(post=tweet, reply=reply, persona=obj.get("persona"), facts=_facts(obj.get("facts")),
                       previous_replies=_str_list(obj.get("previous_replies"), "previous_replies"),
                       voice=obj.get("voice"), seconds_to_reply=_number(obj, "seconds_to_reply"),
                       speed_good=_number(obj, "speed_good", 60.0), speed_late=_number(obj, "speed_late", 300.0),
                       higher_priority_waiting=int(waiting), priority=_number(obj, "priority"),
                       author_name=obj.get("author"), author_handle=obj.get("handle"), brand=obj.get("brand"),
                       at=_number(obj, "at"), other_posts=_str_list(obj.get("other_posts"), "other_posts"),
                       thread_replies=_str_list(obj.get("thread_replies"), "thread_replies"))
    d = score_reply(ctx).to_dict()
    if "id" in obj:
        d = {"id": obj["id"], **d}
    return d


_encode = json.JSONEncoder(ensure_ascii=False).encode     # json.dumps(..., ensure_ascii=False), made once


def _answer(item: tuple[int, bytes | None]) -> str | None:
    """The output line for one input line (None for a blank line)."""
    n, raw = item
    if raw is None:
        return json.dumps({"error": f"line longer than {MAX_LINE:,} bytes: refused", "line": n}) + "\n"
    if not raw.strip():
        return None
    if not _depth_ok(raw):
        return json.dumps({"error": f"nested more than {MAX_DEPTH} deep: refused", "line": n}) + "\n"
    try:
        obj = json.loads(raw)
    except RecursionError:
        return json.dumps({"error": f"nested more than {MAX_DEPTH} deep: refused", "line": n}) + "\n"
    except (ValueError, UnicodeDecodeError) as e:
        return json.dumps({"error": f"not valid JSON: {e}", "line": n}) + "\n"
    try:
        return _encode(score_line(obj)) + "\n"
    except (ValueError, OverflowError, RecursionError) as e:
        return json.dumps({"error": str(e) or type(e).__name__, "line": n}) + "\n"
    except Exception as e:                  # one line's fate is its own: never the batch's
        return json.dumps({"error": f"could not score this line ({type(e).__name__})", "line": n}) + "\n"


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


BLOCK = 1 << 16              # characters of answers written at once when nobody is watching


def _write_answers(answers: Iterable[str | None], out: IO[str], block: bool = False) -> None:
    """Write the answers, each as soon as it is scored on a terminal; else in blocks of about
    BLOCK characters, as Python buffers any file or pipe (with PYTHONUNBUFFERED set, one write
    per line cost a tenth of the benchmark's time). What is held is written on the way out, even
    when Ctrl+C ends the batch."""
    write = out.write
    if not block:
        for line in answers:
            if line is not None:
                write(line)
        return
    held: list[str] = []
    size = 0
    try:
        for line in answers:
            if line is not None:
                held.append(line)
                size += len(line)
                if size >= BLOCK:
                    write("".join(held))
                    held.clear()
                    size = 0
    finally:
        if held:
            write("".join(held))


def _pool(jobs: int):
    try:
        import multiprocessing
        return multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_start)
    except (ImportError, ValueError, OSError):      # no fork here, or no processes left
        return None


def _is_terminal(out) -> bool:
    try:
        return bool(out.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def run(inp: IO[bytes], out: IO[str], jobs: int | None = None) -> int:
    jobs = default_jobs() if jobs is None else max(1, jobs)
    jobs = min(jobs, MAX_JOBS)
    # Without the cyclic garbage collector while the batch runs: scoring a line makes no
    # reference cycles (tests/functional/scoring/test_score_cli.py checks that a varied batch,
    # bad lines included, leaves none behind), so all the collector did was walk the scorer's
    # caches, tens of thousands of objects, again and again as they filled (valgrind, on the
    # 10,000-line benchmark: 1.3-2% of the instructions, 6% of the L1 data misses). Reference
    # counting still frees everything; the collector is switched back on at the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        lines = _lines(inp)
        block = not _is_terminal(out)
        _write_answers(map(_answer, itertools.islice(lines, INLINE_LINES if jobs > 1 else None)), out, block)
        pool = _pool(jobs) if jobs > 1 else None
        if pool is None:
            _write_answers(map(_answer, lines), out, block)
        else:
            try:
                _write_answers(pool.imap(_answer, lines, chunksize=CHUNK), out, block)
            finally:
                pool.terminate()
        out.flush()
    finally:
        if collecting:
            gc.enable()
    return 0


def leave(rc: int) -> None:
    """End a `stormdesk score` process with ``rc`` as soon as its answers are written: stdout and
    stderr are flushed, then the process exits without the interpreter's teardown. Teardown would
    free, one by one, every object the scorer's caches hold after a big batch (tens of thousands
    of texts, matches and scores), touching memory nobody reads again: on the 10,000-line
    benchmark that was 0.3-0.5 s of a 2.2 s run. Only for the process's own entry points
    (``python -m scoring`` and the ``stormdesk`` command), never for ``main`` called in process."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):           # a reader that went away, a closed stream: as main,
            pass                                # a closed pipe after the answers is not an error
    os._exit(rc)


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
                if jobs > MAX_JOBS:
                    print(f"stormdesk score: --jobs {jobs} is more than {MAX_JOBS}: using {MAX_JOBS}", file=sys.stderr)
                    jobs = MAX_JOBS
            except (IndexError, ValueError, TypeError):
                print(f"stormdesk score: {flag} needs a whole number of at least 1", file=sys.stderr)
                return 2
            del args[i:i + 2]
    path = args[0] if args and args[0] is not None else "-"
    if sys.stdout is None:                      # `stormdesk score >&-`: nowhere to write
        if sys.stderr is not None:
            print("stormdesk score: standard output is closed: nowhere to write the scores", file=sys.stderr)
        return 2
    if path == "-" and sys.stdin is None:
        print("stormdesk score: standard input is closed: give a FILE", file=sys.stderr)
        return 2
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
    except OSError as e:                        # a closed or broken stdout (EBADF), a read error
        if sys.stderr is not None:
            print(f"stormdesk score: {e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stormdesk score: interrupted", file=sys.stderr)
        return 130
