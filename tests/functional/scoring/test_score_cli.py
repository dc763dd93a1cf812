"""`stormdesk score` / `python -m scoring`: JSON lines in, JSON lines out, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys


def score(data: bytes, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", *args], input=data, capture_output=True, timeout=60)


def lines(p) -> list[dict]:
    return [json.loads(l) for l in p.stdout.decode().splitlines()]


def test_contract_keys_id_echo_and_speed_null_without_time():
    p = score(b'{"id": "a", "tweet": "@x help", "reply": "@y Sorry, it is down everywhere; DM me"}\n'
              b'{"tweet": "@x help", "reply": "@y sorry", "seconds_to_reply": 12}\n')
    a, b = lines(p)
    assert p.returncode == 0
    assert a["id"] == "a" and a["speed"] is None and "id" not in b and b["speed"] == 100
    for k in ("empathy", "tone", "substance", "overall", "reasons"):
        assert k in a


def test_bad_lines_get_error_lines_and_the_batch_goes_on():
    p = score(b'not json\n[1, 2]\n{"tweet": 3, "reply": "x"}\n{"tweet": "t", "reply": "r", "facts": "nope"}\n'
              b'{"tweet": "t", "reply": "fine"}\n')
    out = lines(p)
    assert [o.get("line") for o in out[:4]] == [1, 2, 3, 4] and all("error" in o for o in out[:4])
    assert "overall" in out[4]
    assert b"Traceback" not in p.stderr


def test_empty_input_and_blank_lines():
    assert score(b"").stdout == b""
    assert len(lines(score(b'\n\n{"tweet": "t", "reply": "r"}\n\n'))) == 1


def test_a_10_mb_line_is_refused_not_hung():
    big = b'{"tweet": "' + b"a" * 10_000_000 + b'", "reply": "r"}\n'
    p = score(big + b'{"tweet": "t", "reply": "after"}\n')
    out = lines(p)
    assert "error" in out[0] and "refused" in out[0]["error"] and "overall" in out[1]


def test_missing_file_is_a_message():
    p = score(b"", "/nonexistent/replies.jsonl")
    assert p.returncode == 2 and b"no such file" in p.stderr and b"Traceback" not in p.stderr


def test_strange_text_round_trips():
    item = {"tweet": "[bold]hi[/bold] 😀 \u200f\u05e9\u05dc\u05d5\u05dd", "reply": "\x1b[31m@a\x00 sorry 🙏"}
    out = lines(score((json.dumps(item) + "\n").encode()))
    assert 0 <= out[0]["overall"] <= 100


def _batch(n: int) -> bytes:
    """n lines past the inline threshold: varied replies, bad lines and blank lines mixed in."""
    replies = ["Sorry {}, calls are down across the UK; engineers are on it. DM me your postcode",
               "Calm down {}, it's not that bad", "we apologise for any inconvenience",
               "Ha, fair cop {}! No ETA yet, but wifi calling works meanwhile", "read the FAQ {}"]
    out = []
    for i in range(n):
        if i % 97 == 0:
            out.append(b"not json")
        elif i % 89 == 0:
            out.append(b"")
        else:
            out.append(json.dumps({"id": i, "tweet": f"@Vela no signal for {i} minutes?",
                                   "reply": replies[i % 5].format(f"user{i % 13}"),
                                   "seconds_to_reply": i % 300}).encode())
    return b"\n".join(out) + b"\n"


def test_worker_processes_give_the_same_lines_in_the_same_order():
    from scoring.cli import INLINE_LINES
    data = _batch(INLINE_LINES + 1_500)
    one, many = score(data, "--jobs", "1"), score(data, "--jobs", "3")
    assert one.returncode == many.returncode == 0
    assert one.stdout == many.stdout
    out = lines(many)
    errors = [o["line"] for o in out if "error" in o]
    assert errors == [i + 1 for i in range(INLINE_LINES + 1_500) if i % 97 == 0]
    ids = [o["id"] for o in out if "id" in o]
    assert ids == sorted(ids) and len(ids) == len(out) - len(errors)


def test_jobs_must_be_a_whole_number():
    p = score(b"", "--jobs", "0")
    assert p.returncode == 2 and b"--jobs" in p.stderr and b"Traceback" not in p.stderr


def test_a_deeply_nested_line_or_a_huge_number_gets_an_error_line_and_the_batch_goes_on():
    deep = b'{"tweet": "t", "reply": "r", "x": ' + b"[" * 1000 + b"]" * 1000 + b"}\n"
    huge = b'{"tweet": "t", "reply": "r", "seconds_to_reply": ' + b"9" * 400 + b"}\n"
    inf = b'{"tweet": "t", "reply": "r", "seconds_to_reply": 1e400}\n'
    fact = b'{"tweet": "t", "reply": "r", "facts": [{"text": "x", "at": ' + b"9" * 400 + b"}]}\n"
    ok = b'{"tweet": "t", "reply": "fine, sorry"}\n'
    p = score(deep + huge + inf + fact + ok)
    out = lines(p)
    assert p.returncode == 0 and b"Traceback" not in p.stderr
    assert [o.get("line") for o in out[:4]] == [1, 2, 3, 4]
    assert "nested" in out[0]["error"] and "too big" in out[1]["error"] and "too big" in out[2]["error"]
    assert "overall" in out[4]


def test_a_batch_leaves_no_reference_cycles_behind():
    """run() turns the cyclic garbage collector off while a batch is scored, which is only safe
    while scoring a line makes no reference cycles: score a varied batch (the pairs, with and
    without facts, times, previous replies and thread replies, and bad lines of every kind), with
    the collector off, and count what it would have had to free."""
    import gc
    import io
    from pathlib import Path

    from scoring.cli import run
    rows = [json.loads(l) for l in (Path(__file__).parents[2] / "fixtures" / "scoring" / "pairs.jsonl").read_text().splitlines()
            if l.strip()]
    batch = []
    for i, r in enumerate(rows):
        for reply in (r["better"], r["worse"]):
            batch.append({"id": i, "tweet": r["tweet"], "reply": reply, "persona": r.get("persona"),
                          "facts": r.get("facts", []), "seconds_to_reply": i % 300,
                          "previous_replies": [x["worse"] for x in rows[max(0, i - 3):i]],
                          "thread_replies": [r["worse"]] if i % 4 == 0 else []})
    data = "".join(json.dumps(b) + "\n" for b in batch).encode()
    data += b'not json\n[1]\n{"tweet": 3, "reply": "x"}\n{"tweet": "t", "reply": "r", "facts": "nope"}\n' \
        + b'{"tweet": "t", "reply": "r", "x": ' + b"[" * 50 + b"]" * 50 + b"}\n"
    gc.collect()
    gc.disable()
    try:
        out = io.StringIO()
        run(io.BytesIO(data * 3), out, jobs=1)
        left = gc.collect()
    finally:
        gc.enable()
    assert out.getvalue().count("\n") == 3 * (len(batch) + 5)
    assert left < 20, f"{left} objects in reference cycles after {3 * (len(batch) + 5)} lines"


def test_jobs_is_capped():
    from scoring.cli import MAX_JOBS
    p = score(b'{"tweet": "t", "reply": "r"}\n', "--jobs", "99999")
    assert p.returncode == 0 and f"using {MAX_JOBS}".encode() in p.stderr and len(lines(p)) == 1


def test_a_closed_stdout_is_a_message_not_a_traceback():
    p = subprocess.run([sys.executable, "-c", "import os, sys; os.close(1); sys.stdout = None; "
                        "from scoring.cli import main; raise SystemExit(main(['-']))"],
                       input=b'{"tweet": "t", "reply": "r"}\n', capture_output=True, timeout=60)
    assert p.returncode == 2 and b"Traceback" not in p.stderr and b"standard output is closed" in p.stderr
    p = subprocess.run(f"{sys.executable} -m scoring >&-", shell=True, input=b'{"tweet": "t", "reply": "r"}\n',
                       capture_output=True, timeout=60)
    assert p.returncode != 0 and b"AttributeError" not in p.stderr and b"Traceback" not in p.stderr


def test_the_same_context_gives_the_same_score_as_the_game_passes_it():
    from scoring import Fact, ReplyContext, score_reply
    facts = [{"text": "Mast fault in Bude", "kind": "cause", "at": 0},
             {"text": "No repair time yet", "kind": "eta", "at": 30},
             {"text": "Repaired; signal returning", "kind": "restored", "at": 900}]
    item = {"tweet": "@Kestrel no signal in Bude, when's it back?", "reply": "@amy_k Sorry Amy, a mast fault in Bude. "
            "No repair time yet; I'll post it here.", "persona": "question", "facts": facts, "voice": "warm",
            "seconds_to_reply": 40, "brand": "Kestrel Mobile", "author": "Amy Kerr", "handle": "@amy_k", "at": 120,
            "speed_good": 30, "speed_late": 200, "previous_replies": ["@bo Sorry Bo, the mast is being fixed."]}
    out = lines(score((json.dumps(item) + "\n").encode()))[0]
    ctx = ReplyContext(post=item["tweet"], reply=item["reply"], persona="question",
                       facts=tuple(Fact(f["text"], f["kind"], f["at"]) for f in facts), voice="warm",
                       seconds_to_reply=40, brand="Kestrel Mobile", author_name="Amy Kerr", author_handle="@amy_k",
                       at=120, speed_good=30, speed_late=200, previous_replies=tuple(item["previous_replies"]))
    assert out == score_reply(ctx).to_dict()
    assert "personalised" in out["markers"]


def test_a_follow_up_line_takes_thread_replies_as_the_game_passes_them():
    from scoring import Fact, ReplyContext, score_reply
    facts = [{"text": "Engineers are investigating; no ETA yet", "kind": "status", "at": 0}]
    first = "@amy_k Sorry Amy, engineers are investigating and there is no ETA yet; I'll update you here."
    item = {"tweet": "@Kestrel no signal in Bude, when's it back?", "reply": "@amy_k Sorry again Amy, engineers "
            "are still investigating and there is no ETA yet; I'll update you here.", "persona": "question",
            "facts": facts, "author": "Amy Kerr", "handle": "@amy_k", "at": 200, "previous_replies": [first],
            "thread_replies": [first]}
    bad = dict(item, thread_replies="not a list")
    out, err = lines(score((json.dumps(item) + "\n" + json.dumps(bad) + "\n").encode()))
    ctx = ReplyContext(post=item["tweet"], reply=item["reply"], persona="question",
                       facts=tuple(Fact(f["text"], f["kind"], f["at"]) for f in facts), author_name="Amy Kerr",
                       author_handle="@amy_k", at=200, previous_replies=(first,), thread_replies=(first,))
    assert out == score_reply(ctx).to_dict()
    assert "followup_repeat" in out["markers"]
    assert "thread_replies" in err["error"] and err["line"] == 2


def _plain_batch(n: int) -> bytes:
    return b"".join(json.dumps({"id": i, "tweet": f"@Brand is it down in flat {i}?",
                                "reply": f"Yes, sorry, it's down across the area {i}: no fix time yet."}).encode() + b"\n"
                    for i in range(n))


def test_the_command_writes_every_answer_before_the_process_ends():
    """Both entry points end the process without the interpreter's teardown (scoring.cli.leave):
    what is held in the output's buffer must be written first, in order, whoever reads it, with
    the command's own exit status. Run with Python's ordinary buffering (PYTHONUNBUFFERED would
    write every line at once and hide a lost buffer)."""
    import os
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    data = _plain_batch(700)           # more than one block of answers, and the inline lines and more
    for argv in ([sys.executable, "-m", "scoring", "--jobs", "1", "-"],
                 [sys.executable, "-c", "import sys; from sim.cli import console; "
                                        "sys.argv = ['stormdesk', 'score', '--jobs', '1', '-']; raise SystemExit(console())"]):
        p = subprocess.run(argv, input=data, capture_output=True, timeout=120, env=env)
        assert p.returncode == 0, p.stderr.decode()[-500:]
        assert [o["id"] for o in lines(p)] == list(range(700))
    p = subprocess.run([sys.executable, "-c", "import sys; from sim.cli import console; "
                                              "sys.argv = ['stormdesk', 'score', 'no/such/file.jsonl']; raise SystemExit(console())"],
                       capture_output=True, timeout=60, env=env)
    assert p.returncode == 2 and b"no such file" in p.stderr and b"Traceback" not in p.stderr


def test_a_reader_that_stops_early_is_not_a_traceback():
    p = subprocess.run(f"{sys.executable} -m scoring --jobs 1 - | head -c 100 >/dev/null", shell=True,
                       input=_plain_batch(2000), capture_output=True, timeout=120)
    assert b"Traceback" not in p.stderr and b"Exception ignored" not in p.stderr


class _Out:
    def __init__(self, tty: bool) -> None:
        self.tty, self.writes = tty, []

    def isatty(self) -> bool:
        return self.tty

    def write(self, s: str) -> None:
        self.writes.append(s)

    def flush(self) -> None:
        pass


def test_answers_go_out_one_by_one_on_a_terminal_and_in_blocks_elsewhere():
    import io

    from scoring.cli import BLOCK, run
    data = _plain_batch(600)
    tty, piped = _Out(True), _Out(False)
    run(io.BytesIO(data), tty, jobs=1)
    run(io.BytesIO(data), piped, jobs=1)
    assert len(tty.writes) == 600 and "".join(tty.writes) == "".join(piped.writes)
    assert len(piped.writes) < 600 // 10 and all(len(w) >= BLOCK for w in piped.writes[:-1])


def test_ctrl_c_in_a_batch_still_writes_the_answers_held_so_far():
    from scoring.cli import _write_answers

    def answers():
        for i in range(5):
            yield f'{{"id": {i}}}\n'
        raise KeyboardInterrupt
    out = _Out(False)
    try:
        _write_answers(answers(), out, block=True)
    except KeyboardInterrupt:
        pass
    assert "".join(out.writes).splitlines() == [f'{{"id": {i}}}' for i in range(5)]
