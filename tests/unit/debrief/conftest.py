"""Real journals from the real engine, writer and scorer (one per bot player), shared by the
debrief tests. Numbers are never hard-coded: tests compare what they read to the journal."""
from __future__ import annotations

import json

import pytest

from sim.scenario import load_scenario
from sim.simulate import run

PLAYERS = ("silent", "canned", "rude", "model")


@pytest.fixture(scope="session")
def scenario():
    return load_scenario("network-blackout")


@pytest.fixture(scope="session")
def journals(scenario, tmp_path_factory):
    d = tmp_path_factory.mktemp("journals")
    out = {}
    for player in PLAYERS:
        p = d / f"{player}.jsonl"
        run(scenario, seed=4, player=player, journal_path=p)
        out[player] = p
    return out


def events_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
