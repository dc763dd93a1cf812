"""Host and seats as separate processes on one real store."""
from __future__ import annotations

import json
import signal

from sim.drill.seat import Seat
from sim.events import Claimed, Replied

from .conftest import Proc, follow_until, open_store, stormdesk, wait_for

CLAIMER = """
import sys, time, os
from sim.drill.store import open_store
from sim.drill.seat import Seat
url, code, name, post, go = sys.argv[1:6]
seat = Seat(open_store(url), code, name)
seat.join()
while not os.path.exists(go):
    time.sleep(0.002)
why = seat.do({"type": "claim", "post_id": post}, timeout=30)
print("WON" if why is None else "LOST " + why, flush=True)
"""


def _first_post(store, code) -> str:
    return follow_until(store, code, lambda st: st.desk("shared").queue()).desk("shared").queue()[0].id


def test_eight_way_claim_race_has_exactly_one_winner(start_host, store_url, home, tmp_path):
    host, code = start_host(pace=0.5)        # slow clock: the post stays open
    store = open_store(store_url)
    post = _first_post(store, code)
    go = tmp_path / "go"
    seats = [Proc(["-c", CLAIMER, store_url, code, f"racer{i}", post, str(go)], home)
             for i in range(8)]
    follow_until(store, code, lambda st: len(st.seats) >= 8)
    go.write_text("go")
    lines = [p.wait(60)[1].strip() for p in seats]
    assert sum(ln == "WON" for ln in lines) == 1, lines
    winner = next(f"racer{i}" for i, ln in enumerate(lines) if ln == "WON")
    assert all(ln == f"LOST {winner} has {post}" for ln in lines if ln != "WON"), lines
    seat = Seat(store, code, "(check)")
    seat.catch_up()
    claims = [e for e in seat.state.desk("shared").events if isinstance(e, Claimed)]
    assert [c.by for c in claims] == [winner]


def _all_events(store, code):
    out, seq = [], 0
    while True:
        evs = store.events_after(code, seq, 5000)
        if not evs:
            return out
        out += evs
        seq = evs[-1].seq


def test_late_joiner_catches_up_exactly(start_host, store_url, home):
    # The clock waits for the three seats: on a loaded machine (or PostgreSQL, whose driver
    # takes about a second to import) a short drill could otherwise end before they join; and
    # it runs 30 s, time for bots that start slowly on a busy machine to get a reply approved.
    host, code = start_host("--approval", "--wait-seats", "3", pace=10)
    bots = [Proc(stormdesk("drill", "join", code, "--name", n, "--bot", "model", "--store", store_url), home)
            for n in ("Ana", "Ben")]
    lead = Proc(stormdesk("drill", "join", code, "--name", "Lead", "--role", "approver", "--bot",
                          "model", "--store", store_url), home)
    store = open_store(store_url)
    follow_until(store, code, lambda st: any(isinstance(e, Replied) for e in st.desk("shared").events))
    late = Seat(store, code, "Late", role="observer")
    late.join()

    def replies(st):
        return sum(e.kind == "reply" for e in st.desk("shared").events)
    # It follows the drill live until it has seen one more reply published (or the drill's own
    # end), then the facilitator ends it: the catch-up, live events and the end are all there
    # without waiting out the rest of the 30 s clock.
    seen = replies(late.state)
    while not late.state.over and replies(late.state) == seen:
        late.poll(0.1)
    fac = open_store(store_url).drill(code).facilitator_code
    Seat(open_store(store_url), fac, "facilitator", facilitator_code=fac).do({"type": "end"})
    while not late.state.over:
        late.poll(0.1)
    assert host.wait(60)[0] == 0
    for p in bots + [lead]:
        p.wait(60)
    fresh = Seat(store, code, "(fresh)")
    fresh.catch_up()
    assert late.state.seq == fresh.state.seq
    assert late.state.desk("shared").events == fresh.state.desk("shared").events
    assert late.state.summary() == fresh.state.summary()


def test_client_killed_then_rejoins(start_host, store_url, home):
    # The clock starts when Ana first joins; the kill and a fresh process's rejoin must fit in
    # the drill's 20 s even on a loaded machine.
    host, code = start_host("--wait-seats", "1", pace=15)
    bot = Proc(stormdesk("drill", "join", code, "--name", "Ana", "--bot", "model", "--store", store_url), home)
    assert bot.first_line().startswith(f"joined drill {code} as Ana")
    bot.p.send_signal(signal.SIGKILL)
    bot.p.wait()
    again = Proc(stormdesk("drill", "join", code, "--name", "Ana", "--bot", "model", "--store", store_url), home)
    assert again.first_line().startswith(f"joined drill {code} as Ana")
    store = open_store(store_url)
    # the rejoined Ana works on: she claims a post after her rejoin (or the drill ends first);
    # then the facilitator ends it rather than waiting out the clock
    def claimed_after_rejoin():
        evs = _all_events(store, code)
        rejoin = next((e.seq for e in evs if e.body.get("team", {}).get("type") == "join"
                       and e.body["team"].get("rejoin")), None)
        return rejoin is not None and any(
            e.seq > rejoin and (e.body.get("ev", {}).get("type") in ("claim", "drill_end"))
            and e.body["ev"].get("by", "Ana") == "Ana" for e in evs)
    wait_for(claimed_after_rejoin, timeout=60, every=0.3)
    fac = store.drill(code).facilitator_code
    Seat(open_store(store_url), fac, "facilitator", facilitator_code=fac).do({"type": "end"})
    rc, out, err = again.wait(90)
    assert rc == 0, err
    joins = [e.body["team"] for e in _all_events(store, code)
             if e.body.get("team", {}).get("type") == "join"]
    assert [(j["name"], j["rejoin"]) for j in joins] == [("Ana", False), ("Ana", True)]
    assert host.wait(60)[0] == 0


def test_host_killed_and_restarted_loses_nothing_and_applies_nothing_twice(
        start_host, store_url, home, tmp_path):
    # The clock waits for the four seats: on a loaded machine (or PostgreSQL, whose driver takes
    # about a second to import) the drill could otherwise end before three replies are in.
    host, code = start_host("--approval", "--wait-seats", "4", pace=25)
    seats = [Proc(stormdesk("drill", "join", code, "--name", n, "--bot", b, "--store", store_url), home)
             for n, b in (("Ana", "model"), ("Ben", "model"), ("Eve", "canned"))]
    seats.append(Proc(stormdesk("drill", "join", code, "--name", "Lead", "--role", "approver",
                                "--bot", "model", "--store", store_url), home))
    store = open_store(store_url)
    follow_until(store, code, lambda st: sum(isinstance(e, Replied) for e in st.desk("shared").events) >= 3)
    host.kill9()
    before = _all_events(store, code)
    again = Proc(stormdesk("drill", "host", "--resume", code, "--headless", "--store", store_url), home)
    assert again.first_line().endswith(code)
    rc, out, err = again.wait(90)
    assert rc == 0, err
    for p in seats:
        assert p.wait(60)[0] == 0
    after = _all_events(store, code)
    assert [(e.seq, e.body) for e in after[:len(before)]] == [(e.seq, e.body) for e in before]
    assert [e.seq for e in after] == list(range(1, len(after) + 1))
    # every command was applied, once: its events are one unbroken run of seqs
    cmds = store.commands_after(code, 0, 100000)
    runs: dict[int, list[int]] = {}
    for e in after:
        if e.command_id is not None:
            runs.setdefault(e.command_id, []).append(e.seq)
    assert set(runs) == {c.id for c in cmds}
    for seqs in runs.values():
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    replies = [e.body["ev"] for e in after if e.body.get("ev", {}).get("type") == "reply"]
    assert len({r["post_id"] for r in replies}) == len(replies)
    assert all(r.get("approved_by") == "Lead" for r in replies)
    hosts = [e.body["team"] for e in after if e.body.get("team", {}).get("type") == "host"]
    assert [h["restart"] for h in hosts] == [False, True]
    out_dir = tmp_path / "export"
    exp = Proc(stormdesk("drill", "export", code, "-o", str(out_dir), "--store", store_url), home)
    rc, out, err = exp.wait(120)
    assert rc == 0, err
    assert "DIVERGES" not in out and out.count("replay MATCH") >= 2, out


def test_bad_input_gets_clear_messages(start_host, store_url, home, tmp_path):
    rc, out, err = Proc(stormdesk("drill", "join", "NOSUCH", "--name", "A", "--store", store_url), home).wait()
    assert rc == 2 and "no drill with code 'NOSUCH'" in err and "Traceback" not in err
    host, code = start_host(pace=0.5)
    ok = Proc(stormdesk("drill", "join", code, "--name", "Ana", "--bot", "silent", "--store", store_url), home)
    assert ok.first_line().startswith("joined")
    other = tmp_path / "other-home"
    other.mkdir()
    rc, out, err = Proc(stormdesk("drill", "join", code, "--name", "Ana", "--store", store_url), other).wait()
    assert rc == 2 and "the name 'Ana' is already in use" in err, err
    rc, out, err = Proc(stormdesk("drill", "host", "--resume", code, "--headless", "--store", store_url), home).wait()
    assert rc == 2 and "already has a live host" in err, err
    st = Proc(stormdesk("drill", "status", code, "--json", "--store", store_url), home)
    rc, out, err = st.wait()
    assert rc == 0 and [s["name"] for s in json.loads(out)["seats"]] == ["Ana"]
    fac = open_store(store_url).drill(code).facilitator_code
    seat = Seat(open_store(store_url), fac, "facilitator", facilitator_code=fac)
    assert seat.do({"type": "end"}) is None
    assert host.wait(60)[0] == 0
    rc, out, err = Proc(stormdesk("drill", "join", code, "--name", "Zed", "--store", store_url), home).wait()
    assert rc == 2 and "has finished" in err, err


def test_a_store_that_is_not_one_gets_a_clear_message_and_stays_untouched(home, tmp_path):
    """Store-independent (run once, not per backend): a folder, a file that is not a database,
    an unknown scheme."""
    folder = tmp_path / "a-folder"
    folder.mkdir()
    rc, out, err = Proc(stormdesk("drill", "status", "ANYCODE", "--store", f"sqlite:///{folder}"), home).wait()
    assert rc == 2 and "is a folder" in err and "Traceback" not in err
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    rc, out, err = Proc(stormdesk("drill", "status", "ANYCODE", "--store", f"sqlite:///{junk}"), home).wait()
    assert rc == 2 and "cannot open the drill store" in err, err
    assert junk.read_bytes() == b"not a database at all" * 100
    rc, out, err = Proc(stormdesk("drill", "status", "ANYCODE", "--store", "mysql://x"), home).wait()
    assert rc == 2 and "unknown store" in err


def test_headless_turns_mode_brings_the_waves_itself(start_host, store_url, home):
    """No facilitator console: the host brings the next wave after a quiet spell and the drill
    ends by itself; the bot answers between waves."""
    # pace 2: a quiet spell is 1.5 s (host.auto_turns), time for a bot on a loaded machine to
    # claim before the next wave comes
    host, code = start_host("--mode", "turns", "--wait-seats", "1", pace=2)
    bot = Proc(stormdesk("drill", "join", code, "--name", "Bot", "--bot", "canned", "--store", store_url), home)
    rc, out, err = host.wait(60)
    assert rc == 0, err
    assert "desk shared: finished" in out
    assert bot.wait(30)[0] == 0
    store = open_store(store_url)
    desk = [e.body["ev"] for e in _all_events(store, code) if e.body.get("desk") == "shared"]
    store.close()
    turns = [i for i, e in enumerate(desk) if e["type"] == "turn"]
    replies = [i for i, e in enumerate(desk) if e["type"] == "reply"]
    assert len(turns) >= 2 and replies
    assert replies[0] < turns[-1]          # answered between the waves, not all after the end
