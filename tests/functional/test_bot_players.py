"""The crowd must tell the bot players apart, in every bundled scenario.

Over seeds: mood ends higher under `model` than under `silent`, lower under `rude` than under
`silent`, and `canned` is called out for copy-pasting in every run. (The closing figures over
20 seeds come from `benchmarks/crowd_check.py`; the suite uses fewer to stay quick.)
"""
from __future__ import annotations

import pytest

from sim.scenario import list_bundled
from sim.simulate import result, run

SEEDS = range(3)
SCENARIOS = list_bundled()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_model_beats_silent_beats_rude_and_canned_is_called_out(scenario):
    for seed in SEEDS:
        end = {p: run(scenario, seed=seed, player=p).crowd.mood for p in ("silent", "rude", "model")}
        assert end["model"] > end["silent"] > end["rude"], (scenario.id, seed, end)
        canned = result(run(scenario, seed=seed, player="canned"))
        assert canned["callouts"]["copy_paste"] >= 1, (scenario.id, seed)
