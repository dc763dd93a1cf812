"""Replay re-derives every score and crowd number, for every bundled scenario, all four bots,
both modes and all difficulties; and it says exactly where a journal that was edited diverges."""
from __future__ import annotations

import json

import pytest

from sim.bots import make_bot
from sim.engine import Drill
from sim.journal import Journal
from sim.replay import replay
from sim.scenario import list_bundled, load_scenario
from sim.simulate import run

SCENARIOS = sorted(sc.id for sc in list_bundled())
DIFFICULTIES = ("calm", "standard", "storm")


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("player", ["silent", "canned", "rude", "model"])
def test_replay_equals_the_recording(tmp_path, scenario_id, player):
    sc = load_scenario(scenario_id)
    seed = 100 + SCENARIOS.index(scenario_id) * 7 + len(player)
    p = tmp_path / "j.jsonl"
    run(sc, seed=seed, player=player, difficulty=DIFFICULTIES[seed % 3], journal_path=p)
    res = replay(p)
    assert res.ok, res.text()
    events = [json.loads(x) for x in p.read_text().splitlines()]
    assert res.checked == len(events)
    assert res.replies == sum(1 for e in events if e["type"] == "reply")
    assert res.crowd == sum(1 for e in events if e["type"] == "crowd")


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_replay_in_turns_mode(tmp_path, scenario_id):
    p = tmp_path / "j.jsonl"
    run(load_scenario(scenario_id), seed=21, player="model", mode="turns", difficulty="storm", journal_path=p)
    assert replay(p).ok


def test_pauses_and_quitting_early_replay(tmp_path, scenario):
    p = tmp_path / "j.jsonl"
    bot = make_bot("model", scenario, 9)
    drill = Drill(scenario, seed=9, player="human", journal=Journal(p))
    for t in range(0, 200, 2):
        drill.advance(float(t))
        if t == 60:
            drill.pause(float(t))
            drill.resume()
        post = bot.choose(drill.queue())
        if post is not None and t % 6 == 0:
            drill.reply(post.id, bot.write(post, scenario.facts_known(t)), float(t))
    drill.finish("quit", 201.5)
    drill.journal.close()
    events = [json.loads(x) for x in p.read_text().splitlines()]
    assert {"pause", "resume"} <= {e["type"] for e in events} and events[-1]["reason"] == "quit"
    assert replay(p).ok


def tamper(src, dst, pick, change):
    lines = src.read_text().splitlines()
    i = next(n for n, line in enumerate(lines) if pick(json.loads(line)))
    ev = json.loads(lines[i])
    change(ev)
    lines[i] = json.dumps(ev)
    dst.write_text("\n".join(lines) + "\n")
    return i + 1, ev


@pytest.mark.parametrize("what", ["score", "reason", "crowd delta", "sample mood", "reply text", "totals"])
def test_an_edited_journal_diverges_at_the_edited_line(journals, tmp_path, what):
    def bump(ev, *keys):
        d = ev
        for k in keys[:-1]:
            d = d[k]
        d[keys[-1]] = round(d[keys[-1]] + 7.5, 2)

    cases = {
        "score": (lambda e: e["type"] == "reply", lambda e: bump(e, "scores", "tone"), "scores.tone"),
        "reason": (lambda e: e["type"] == "reply", lambda e: e["scores"]["reasons"].append("+ flattered the judge"),
                   "scores.reasons (length)"),
        "crowd delta": (lambda e: e["type"] == "crowd", lambda e: bump(e, "delta"), "delta"),
        "sample mood": (lambda e: e["type"] == "sample" and e["t"] > 100, lambda e: bump(e, "mood"), "mood"),
        "reply text": (lambda e: e["type"] == "reply" and e["t"] > 50,
                       lambda e: e.update(text="whatever, read the FAQ"), "scores."),
        "totals": (lambda e: e["type"] == "drill_end", lambda e: bump(e, "totals", "overall"), "totals.overall"),
    }
    pick, change, field = cases[what]
    p = tmp_path / "edited.jsonl"
    line, ev = tamper(journals["model"], p, pick, change)
    res = replay(p)
    assert not res.ok and res.divergence is not None
    assert res.divergence.line == line, res.text()
    assert res.divergence.field.startswith(field), res.divergence.field
    assert f"line {line}" in res.text() and "recorded:" in res.text() and "re-derived:" in res.text()
    assert res.checked == line - 1


def test_a_deleted_line_is_found(journals, tmp_path):
    lines = journals["rude"].read_text().splitlines()
    i = next(n for n, line in enumerate(lines) if json.loads(line)["type"] == "crowd")
    p = tmp_path / "deleted.jsonl"
    p.write_text("\n".join(lines[:i] + lines[i + 1:]) + "\n")
    res = replay(p)
    # the re-derived drill produces the deleted event where the journal now has the next one
    deleted = json.loads(lines[i])
    assert not res.ok and res.divergence.line == i + 1
    assert res.divergence.derived == deleted[res.divergence.field.split(".")[0]]


def test_an_edited_scenario_is_flagged(journals, tmp_path):
    lines = journals["model"].read_text().splitlines()
    head = json.loads(lines[0])
    head["scenario_hash"] = "0000000000000000"
    p = tmp_path / "old.jsonl"
    p.write_text("\n".join([json.dumps(head)] + lines[1:]) + "\n")
    res = replay(p)             # found by id, but not the scenario the drill was played on: refused
    assert not res.ok and res.error and "different scenario 'network-blackout'" in res.error
    res = replay(p, load_scenario("network-blackout"))     # given by hand: re-derived, with a warning
    assert res.ok and res.scenario_changed and "scenario has changed" in res.text()
