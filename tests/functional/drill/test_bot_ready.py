"""A bot seat gets ready before it takes its seat.

A host started with --wait-seats N starts the drill clock when the N-th seat joins. A bot that
joined first and only then read the scenario and imported its writer and scorer sat out the
drill's first minutes at a fast pace (on a loaded machine its first claim came at drill second
150 of a 60x drill). Now the bot reads the drill's scenario from the log, then joins.
"""
from __future__ import annotations

import argparse
from types import SimpleNamespace

import pytest

import sim.drill.bots as drill_bots
from sim.drill import cli as drill_cli
from sim.drill.seat import Seat

from .test_commands import make_host


def test_a_responder_bot_reads_its_scenario_before_it_joins(tmp_path, monkeypatch):
    store, host = make_host(tmp_path / "drills.sqlite3", approval=False)
    steps: list[str] = []

    real_scenario = drill_bots._scenario

    def scenario(seat):
        steps.append("scenario")
        return real_scenario(seat)

    class Stop(Exception):
        pass

    def join(self, *a, **k):
        steps.append("join")
        raise Stop

    def run_responder(seat, player, *, scenario=None):
        steps.append(f"run with {scenario.id if scenario else None}")
        return {}

    monkeypatch.setattr(drill_bots, "_scenario", scenario)
    monkeypatch.setattr(drill_bots, "run_responder", run_responder)
    monkeypatch.setattr(Seat, "join", join)
    args = argparse.Namespace(code=host.code, name="Bot", role="responder", team=None,
                              store=store.url, bot="model", screens=None)
    with pytest.raises(Stop):
        drill_cli.cmd_join(args)
    assert steps == ["scenario", "join"]


def test_the_bot_runs_with_the_scenario_it_read_before_joining(tmp_path, monkeypatch):
    store, host = make_host(tmp_path / "drills.sqlite3", approval=False)
    got: list = []
    monkeypatch.setattr(Seat, "join", lambda self, *a, **k: SimpleNamespace(role="responder", desk=None))
    monkeypatch.setattr(drill_bots, "run_responder",
                        lambda seat, player, *, scenario=None: got.append(scenario) or {})
    args = argparse.Namespace(code=host.code, name="Bot", role="responder", team=None,
                              store=store.url, bot="model", screens=None)
    assert drill_cli.cmd_join(args) == 0
    assert got and got[0] is not None and got[0].id == host.meta.scenario_id
