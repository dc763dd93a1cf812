"""The scenario file format is described once, by the dataclasses of sim/model.py.

Pydantic validates a file straight into them (sim/scenario_format.py holds the value checks and
the few places where the file's shape is not the dataclass's), so: a loaded scenario is made of
those very classes; the engine, which imports sim.model, never imports pydantic; and a field
the engine has but the file does not write (a fact's id, the scenario's source, a condition's
value) is an unknown key in a file, like any other.
"""
from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from sim import model
from sim.scenario import ScenarioError, load_text

ROOT = Path(__file__).resolve().parents[3]
MINIMAL = (ROOT / "tests" / "fixtures" / "scenarios" / "valid-minimal.yaml").read_text(encoding="utf-8")
WHEN = "when: {metric: mood, below: -50, for: 30s}"


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as e:
        load_text(text, "s.yaml")
    return [str(p) for p in e.value.problems]


def test_a_loaded_scenario_is_made_of_the_models_dataclasses():
    sc = load_text(MINIMAL, "s.yaml")
    parts = [sc, sc.brand, sc.clock, sc.speed, sc.crowd, *sc.facts, *sc.waves, *sc.events,
             *sc.conditions, *(c.when for c in sc.conditions), *(c.then for c in sc.conditions)]
    assert all(dataclasses.is_dataclass(p) and type(p).__module__ == "sim.model" for p in parts)
    assert [f.id for f in sc.facts] == ["f1", "f2"] and sc.source == "s.yaml"
    assert sc.conditions[0].when == model.Condition("mood", -50.0, above=False, for_seconds=30.0)
    assert sc.conditions[0].then.at == 0.0
    assert isinstance(sc.waves[0].hashtags, tuple) and isinstance(sc.templates["angry"], tuple)


def test_the_engine_and_the_model_import_no_pydantic():
    code = ("import sys, sim.model, sim.engine; "
            "print(sorted(m for m in ('pydantic', 'sim.scenario_format') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr


@pytest.mark.parametrize("old, new, message", [
    ("  - at: 0s\n    text: Broadband", "  - at: 0s\n    id: f9\n    text: Broadband",
     "s.yaml:14:5: unknown key 'id' in fact 1 (did you mean 'kind'?)"),
    ("templates:", "source: other.yaml\ntemplates:", "s.yaml:39:1: unknown key 'source' in the scenario"),
    (WHEN, "when: {metric: mood, value: -50, for: 30s}",
     "s.yaml:35:26: unknown key 'value' in condition 1 when (allowed keys: above, below, for, metric)"),
    (WHEN, "when: {metric: mood, below: -50, for_seconds: 30}",
     "s.yaml:35:38: unknown key 'for_seconds' in condition 1 when (allowed keys: above, "
     "below, for, metric)"),
    ('  start: "08:00"', "  start_minutes: 480",
     "s.yaml:11:3: unknown key 'start_minutes' in clock (allowed keys: speed, start)"),
    ("      kind: regulator\n", "      kind: regulator\n      at: 3m\n",
     "s.yaml:38:7: unknown key 'at' in condition 1 then (a condition's event happens when the "
     "condition holds; remove 'at')"),
])
def test_fields_the_file_does_not_write_are_unknown_keys(old, new, message):
    assert old in MINIMAL
    assert message in _problems(MINIMAL.replace(old, new, 1))


def test_a_threshold_is_reported_under_the_key_the_file_used():
    text = MINIMAL.replace(WHEN, "when: {metric: mood, above: lots, for: 30s}")
    assert _problems(text) == ["s.yaml:35:33: above must be a number, got 'lots'"]
