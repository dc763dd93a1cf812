"""The published JSON Schema is generated from the format's model, and the committed file is it.

sim/scenario.schema.json is what `stormdesk schema` prints for editors. It comes from the
dataclasses of sim/model.py, read by pydantic in sim/scenario_format.py
(`python -m sim.scenario_format > sim/scenario.schema.json`), so
the loader and the schema cannot drift apart; this test fails if the committed file does.
"""
from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path

import sim.scenario as loader
from sim import model, scenario_format
from sim.cli import main
from sim.crowd import Rates

SCHEMA_FILE = Path(loader.__file__).with_name("scenario.schema.json")
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def test_the_committed_schema_is_the_one_the_model_generates():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == scenario_format.schema_json(), (
        "the scenario model changed: run `python -m sim.scenario_format > sim/scenario.schema.json`")


def test_schema_command_prints_the_file_in_the_repo(capsys):
    assert main(["schema"]) == 0
    out, err = capsys.readouterr()
    assert out == SCHEMA_FILE.read_text(encoding="utf-8") == loader.schema_text()
    assert err == ""


def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def test_schema_is_a_2020_12_schema_whose_refs_resolve():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["type"] == "object" and SCHEMA["additionalProperties"] is False
    for ref in set(_refs(SCHEMA)):
        assert ref.startswith("#/$defs/") and ref.split("/")[-1] in SCHEMA["$defs"], ref


def test_schema_says_what_the_loader_requires_and_allows():
    assert set(SCHEMA["required"]) == {"id", "title", "brand", "length", "facts", "waves"}
    d = SCHEMA["$defs"]
    assert set(d["Wave"]["properties"]) == {"at", "name", "posts", "over", "mix", "hashtags"}
    assert set(d["Fact"]["properties"]) == {"at", "kind", "text"} and "id" not in d["Fact"]["required"]
    assert set(d["WorldClock"]["properties"]) == {"start", "speed"}
    condition = d["ConditionalEvent"]["properties"]
    when, then = condition["when"], condition["then"]       # shapes of their own in the file
    assert set(when["properties"]) == {"metric", "above", "below", "for"}
    assert when["oneOf"] == [{"required": ["above"]}, {"required": ["below"]}]
    assert "at" not in then["properties"] and "at" in d["ScriptedEvent"]["properties"]
    assert set(then["properties"]) == set(d["ScriptedEvent"]["properties"]) - {"at"}
    assert then["additionalProperties"] is when["additionalProperties"] is False
    assert d["Wave"]["properties"]["posts"]["maximum"] == loader.MAX_POSTS
    assert d["Brand"]["properties"]["voice"]["enum"] == list(model.VOICES)
    assert d["Fact"]["properties"]["kind"]["enum"] == list(model.FACT_KINDS)
    assert then["properties"]["kind"]["enum"] == list(model.EVENT_KINDS)
    assert when["properties"]["metric"]["enum"] == list(model.CONDITION_METRICS)
    mix = d["Wave"]["properties"]["mix"]["anyOf"]
    assert mix[0]["propertyNames"]["enum"] == mix[1]["items"]["enum"] == list(model.PERSONAS)
    templates = SCHEMA["properties"]["templates"]
    assert templates["propertyNames"]["enum"] == list(model.PERSONAS) + list(model.TEMPLATE_FRAGMENTS)
    line = templates["additionalProperties"]["items"]["not"]["pattern"]
    assert re.search(r"\(\?:([a-z_|]+)\)", line).group(1).split("|") == list(model.TEMPLATE_PLACEHOLDERS)
    assert not re.search(line, "{handle} no {broken} since {since}") and re.search(line, "{brokn}")


def test_schema_crowd_rates_are_the_crowd_models():
    props = SCHEMA["$defs"]["Crowd"]["properties"]
    rates = {f.name: f for f in fields(Rates)}
    assert set(props) == {"start_mood"} | set(rates)
    for name, f in rates.items():
        want = "integer" if f.type in ("int", int) else "number"
        assert [t["type"] for t in props[name]["anyOf"]] == [want, "null"], name
        assert props[name]["default"] == f.default, name


def test_crowd_overrides_are_checked():
    base = (Path(__file__).resolve().parents[2] / "fixtures" / "scenarios" / "valid-minimal.yaml").read_text()
    sc = loader.load_text(base + "crowd:\n  start_mood: -30\n  relax: 0.01\n  max_chasers: 3\n")
    assert sc.crowd.start_mood == -30 and sc.crowd.values == {"relax": 0.01, "max_chasers": 3}
    for bad, needle in [("max_chasers: 2.5", "whole number"), ("max_chasers: -1", "at least 0"),
                        ("praise_chance: 1.5", "at most 1"), ("relax: fast", "must be a number")]:
        try:
            loader.load_text(base + "crowd:\n  " + bad + "\n")
        except loader.ScenarioError as e:
            assert needle in str(e), (bad, str(e))
        else:
            raise AssertionError(f"{bad} was accepted")
