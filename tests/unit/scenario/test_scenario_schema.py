"""The published JSON Schema: well formed, met by every bundled scenario, in step with the loader.

No jsonschema dependency: a small validator below covers the keywords the schema uses (and the
shape check fails if the schema starts using one it does not know).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

import sim.scenario as loader
from sim import model
from sim.cli import main

SCHEMA_FILE = Path(loader.__file__).with_name("scenario.schema.json")
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
BUNDLED = sorted(loader.bundled_dir().glob("*.yaml"))
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios"

DRAFTS = {"https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#"}
KEYWORDS = {
    # core
    "$schema", "$id", "$ref", "$defs", "definitions", "$anchor", "$comment", "$dynamicRef",
    "$dynamicAnchor", "$vocabulary",
    # applicators
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems",
    "items", "contains", "properties", "patternProperties", "additionalProperties",
    "propertyNames", "unevaluatedItems", "unevaluatedProperties",
    # validation
    "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
    "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
    "maxContains", "minContains", "maxProperties", "minProperties", "required",
    "dependentRequired",
    # annotations
    "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples", "format",
}
TYPES = {"null", "boolean", "object", "array", "number", "string", "integer"}
SCHEMA_MAPS = ("properties", "$defs", "definitions", "patternProperties", "dependentSchemas")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_ONE = ("not", "if", "then", "else", "items", "contains", "additionalProperties",
              "propertyNames", "unevaluatedItems", "unevaluatedProperties")


def _subschemas(schema, path="#"):
    """Every (path, subschema) in ``schema``, the root included."""
    yield path, schema
    if not isinstance(schema, dict):
        return
    for k in SCHEMA_MAPS:
        for name, sub in schema.get(k, {}).items():
            yield from _subschemas(sub, f"{path}/{k}/{name}")
    for k in SCHEMA_LISTS:
        for i, sub in enumerate(schema.get(k, [])):
            yield from _subschemas(sub, f"{path}/{k}/{i}")
    for k in SCHEMA_ONE:
        if k in schema:
            yield from _subschemas(schema[k], f"{path}/{k}")


def _resolve(ref: str, root=SCHEMA):
    assert ref.startswith("#/"), f"only local refs are used: {ref}"
    node = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


# ---------------------------------------------------------------------------------------------
# A small JSON Schema validator for the keywords above


def _is_type(x, t: str) -> bool:
    if t == "null":
        return x is None
    if t == "boolean":
        return isinstance(x, bool)
    if t == "integer":
        return isinstance(x, int) and not isinstance(x, bool) or (
            isinstance(x, float) and x.is_integer())
    if t == "number":
        return isinstance(x, (int, float)) and not isinstance(x, bool)
    if t == "string":
        return isinstance(x, str)
    if t == "array":
        return isinstance(x, list)
    if t == "object":
        return isinstance(x, dict)
    raise AssertionError(t)


def _evaluated(schema) -> set[str]:
    """Property names evaluated by ``schema`` itself, its $ref and its allOf (for
    unevaluatedProperties; enough for how the scenario schema uses it)."""
    names = set(schema.get("properties", {}))
    if "$ref" in schema:
        names |= _evaluated(_resolve(schema["$ref"]))
    for sub in schema.get("allOf", []):
        names |= _evaluated(sub)
    return names


def errors(x, schema, path="$") -> list[str]:
    if schema is True:
        return []
    if schema is False:
        return [f"{path}: not allowed"]
    out: list[str] = []
    if "$ref" in schema:
        out += errors(x, _resolve(schema["$ref"]), path)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(x, t) for t in types):
            return out + [f"{path}: {x!r} is not of type {types}"]
    if "enum" in schema and x not in schema["enum"]:
        out.append(f"{path}: {x!r} not in {schema['enum']}")
    if "const" in schema and x != schema["const"]:
        out.append(f"{path}: {x!r} != {schema['const']!r}")
    if _is_type(x, "number"):
        if "minimum" in schema and x < schema["minimum"]:
            out.append(f"{path}: {x} < {schema['minimum']}")
        if "maximum" in schema and x > schema["maximum"]:
            out.append(f"{path}: {x} > {schema['maximum']}")
    if isinstance(x, str):
        if "minLength" in schema and len(x) < schema["minLength"]:
            out.append(f"{path}: shorter than {schema['minLength']}")
        if "maxLength" in schema and len(x) > schema["maxLength"]:
            out.append(f"{path}: longer than {schema['maxLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], x):
            out.append(f"{path}: {x!r} does not match {schema['pattern']}")
    if isinstance(x, list):
        if "minItems" in schema and len(x) < schema["minItems"]:
            out.append(f"{path}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for i, item in enumerate(x):
                out += errors(item, schema["items"], f"{path}[{i}]")
    if isinstance(x, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in x:
                out.append(f"{path}: missing {name!r}")
        if "minProperties" in schema and len(x) < schema["minProperties"]:
            out.append(f"{path}: fewer than {schema['minProperties']} properties")
        for k, v in x.items():
            if "propertyNames" in schema:
                out += errors(k, schema["propertyNames"], f"{path}.<key {k!r}>")
            if k in props:
                out += errors(v, props[k], f"{path}.{k}")
            elif "additionalProperties" in schema:
                out += errors(v, schema["additionalProperties"], f"{path}.{k}")
        if schema.get("unevaluatedProperties") is False:
            extra = set(x) - _evaluated(schema)
            out += [f"{path}: unexpected {k!r}" for k in sorted(extra, key=str)]
    for sub in schema.get("allOf", []):
        out += errors(x, sub, path)
    if "anyOf" in schema and all(errors(x, s, path) for s in schema["anyOf"]):
        out.append(f"{path}: matches none of anyOf")
    if "oneOf" in schema and sum(not errors(x, s, path) for s in schema["oneOf"]) != 1:
        out.append(f"{path}: does not match exactly one of oneOf")
    if "not" in schema and not errors(x, schema["not"], path):
        out.append(f"{path}: matches a 'not' schema")
    if "if" in schema and not errors(x, schema["if"], path):
        out += errors(x, schema.get("then", True), path)
    elif "if" in schema:
        out += errors(x, schema.get("else", True), path)
    return out


# ---------------------------------------------------------------------------------------------
# The schema itself


def test_schema_command_prints_the_file_in_the_repo(capsys):
    assert main(["schema"]) == 0
    out, err = capsys.readouterr()
    assert out == SCHEMA_FILE.read_text(encoding="utf-8") == loader.schema_text()
    assert err == ""
    assert json.loads(out) == SCHEMA


def test_schema_has_the_shape_of_a_json_schema():
    assert SCHEMA["$schema"] in DRAFTS
    assert SCHEMA["type"] == "object" and SCHEMA["title"]
    n = 0
    for path, sub in _subschemas(SCHEMA):
        n += 1
        assert isinstance(sub, (dict, bool)), path
        if isinstance(sub, bool):
            continue
        unknown = set(sub) - KEYWORDS
        # inside 'properties' the keys are property names, handled by _subschemas
        assert not unknown, f"{path}: not JSON Schema keywords: {unknown}"
        if "type" in sub:
            types = sub["type"] if isinstance(sub["type"], list) else [sub["type"]]
            assert types and set(types) <= TYPES, path
            assert len(set(types)) == len(types), path
        if "required" in sub:
            req = sub["required"]
            assert isinstance(req, list) and all(isinstance(r, str) for r in req), path
            assert len(set(req)) == len(req), path
            if sub.get("additionalProperties") is False:
                assert set(req) <= set(sub.get("properties", {})), path
        if "enum" in sub:
            assert isinstance(sub["enum"], list) and sub["enum"], path
            assert len(set(map(json.dumps, sub["enum"]))) == len(sub["enum"]), path
        if "pattern" in sub:
            re.compile(sub["pattern"])
        if "$ref" in sub:
            _resolve(sub["$ref"])
        for k in ("minimum", "maximum"):
            if k in sub:
                assert isinstance(sub[k], (int, float)) and not isinstance(sub[k], bool), path
        for k in ("minItems", "minLength", "maxLength", "minProperties"):
            if k in sub:
                assert isinstance(sub[k], int) and sub[k] >= 0, path
    assert n > 50


def test_every_ref_target_is_used_and_exists():
    text = json.dumps(SCHEMA)
    refs = set(re.findall(r'"\$ref": "(#/[^"]+)"', text))
    for ref in refs:
        _resolve(ref)
    assert {f"#/$defs/{d}" for d in SCHEMA["$defs"]} <= refs


@pytest.mark.parametrize("path", BUNDLED + [FIXTURES / "valid-minimal.yaml"],
                         ids=lambda p: p.stem)
def test_every_bundled_scenario_meets_the_schema(path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert errors(doc, SCHEMA) == []


@pytest.mark.parametrize("fixture, needle", [
    ("misspelt-top-key", "$.breifing: not allowed"),
    ("misspelt-brand-key", "$.brand.vocie: not allowed"),
    ("unknown-persona", "$.events[0].mix: matches none of anyOf"),
    ("misspelt-persona", "$.waves[1].mix: matches none of anyOf"),
    ("wrong-type-posts", "'three' is not of type"),
    ("wrong-type-facts", "is not of type ['array']"),
    ("negative-time", "matches none of anyOf"),
    ("unknown-metric", "moood"),
    ("unknown-event-kind", "presser"),
    ("bad-handle", "does not match"),
    ("bad-id", "does not match"),
    ("hashtag-without-hash", "does not match"),
    ("unknown-placeholder", "matches a 'not' schema"),
    ("condition-above-and-below", "exactly one of oneOf"),
    ("condition-as-expression", "is not of type ['object']"),
    ("missing-required", "missing 'waves'"),
    ("length-in-seconds", "5 < 60"),
    ("mood-out-of-range", "-500 < -100"),
    ("unknown-crowd-rate", "$.crowd.start_mod: not allowed"),
])
def test_the_schema_rejects_what_the_loader_rejects(fixture, needle):
    doc = yaml.safe_load((FIXTURES / f"{fixture}.yaml").read_text(encoding="utf-8"))
    errs = errors(doc, SCHEMA)
    assert errs, f"the schema accepts {fixture}"
    assert any(needle in e for e in errs), errs


# ---------------------------------------------------------------------------------------------
# In step with the loader and the model


def _schema_keys() -> dict[str, set[str]]:
    p, d = SCHEMA["properties"], SCHEMA["$defs"]
    return {
        "scenario": set(p),
        "brand": set(p["brand"]["properties"]),
        "clock": set(p["clock"]["properties"]),
        "speed": set(p["speed"]["properties"]),
        "crowd": set(p["crowd"]["properties"]),
        "fact": set(d["fact"]["properties"]),
        "wave": set(d["wave"]["properties"]),
        "event": set(d["eventBody"]["properties"]) | set(d["event"]["properties"]),
        "then": set(d["eventBody"]["properties"]),
        "condition": set(d["condition"]["properties"]),
        "when": set(d["condition"]["properties"]["when"]["properties"]),
    }


def test_schema_property_names_match_the_loaders_known_keys():
    schema_keys = _schema_keys()
    assert set(schema_keys) == set(loader.KNOWN_KEYS)
    for section, keys in loader.KNOWN_KEYS.items():
        if section == "crowd":      # plus the crowd model's rates: see the next test
            assert set(keys) <= schema_keys[section]
        else:
            assert schema_keys[section] == set(keys), section


def test_schema_crowd_rates_match_the_crowd_model():
    from dataclasses import fields

    from sim.crowd import Rates
    props = SCHEMA["properties"]["crowd"]["properties"]
    rates = {f.name: f for f in fields(Rates)}
    assert set(props) == set(loader.KNOWN_KEYS["crowd"]) | set(rates), \
        "sim/crowd.py Rates changed: update the crowd section of sim/scenario.schema.json"
    for name, f in rates.items():
        want = "integer" if f.type in ("int", int) else "number"
        assert props[name]["type"] == want, name
        assert props[name]["default"] == f.default, name


def test_crowd_overrides_are_checked_like_the_schema_says():
    base = (FIXTURES / "valid-minimal.yaml").read_text()
    good = base + "crowd:\n  start_mood: -30\n  relax: 0.01\n  max_chasers: 3\n"
    sc = loader.load_text(good)
    assert sc.crowd.start_mood == -30 and sc.crowd.values == {"relax": 0.01, "max_chasers": 3}
    assert errors(yaml.safe_load(good), SCHEMA) == []
    for bad, needle in [("max_chasers: 2.5", "whole number"), ("max_chasers: -1", "at least 0"),
                        ("praise_chance: 1.5", "at most 1"), ("relax: fast", "must be a number")]:
        text = base + "crowd:\n  " + bad + "\n"
        with pytest.raises(loader.ScenarioError, match=needle):
            loader.load_text(text)
        assert errors(yaml.safe_load(text), SCHEMA), bad


def test_schema_required_keys_match_the_loader():
    assert set(SCHEMA["required"]) == set(loader._TOP_REQUIRED)
    # and each is really required by the loader: removing it is a problem
    base = yaml.safe_load((FIXTURES / "valid-minimal.yaml").read_text())
    for key in SCHEMA["required"]:
        doc = {k: v for k, v in base.items() if k != key}
        with pytest.raises(loader.ScenarioError, match=f"missing '{key}'"):
            loader.load_text(yaml.safe_dump(doc))


def test_schema_enums_match_the_model():
    d = SCHEMA["$defs"]
    assert d["persona"]["enum"] == list(model.PERSONAS)
    assert SCHEMA["properties"]["brand"]["properties"]["voice"]["enum"] == list(model.VOICES)
    assert d["fact"]["properties"]["kind"]["enum"] == list(model.FACT_KINDS)
    assert d["eventBody"]["properties"]["kind"]["enum"] == list(model.EVENT_KINDS)
    when = d["condition"]["properties"]["when"]["properties"]
    assert when["metric"]["enum"] == list(model.CONDITION_METRICS)
    assert SCHEMA["properties"]["templates"]["propertyNames"]["enum"] == \
        list(model.PERSONAS) + list(model.TEMPLATE_FRAGMENTS)
    placeholders = re.search(r"\(\?:([a-z_|]+)\)", d["template"]["not"]["pattern"]).group(1)
    assert placeholders.split("|") == list(model.TEMPLATE_PLACEHOLDERS)


def test_schema_limits_match_the_loader():
    p = SCHEMA["properties"]
    length_then = p["length"]["allOf"][1]["then"]
    assert (length_then["minimum"], length_then["maximum"]) == (loader.MIN_LENGTH, loader.MAX_LENGTH)
    assert SCHEMA["$defs"]["wave"]["properties"]["posts"]["maximum"] == loader.MAX_POSTS
    assert SCHEMA["$defs"]["eventBody"]["properties"]["posts"]["maximum"] == loader.MAX_POSTS
    assert SCHEMA["$defs"]["hashtags"]["items"]["pattern"] == loader._HASHTAG.pattern
    assert p["id"]["pattern"] == loader._SLUG.pattern


@pytest.mark.parametrize("value, ok", [
    ("40s", True), ("3m", True), ("1m30s", True), ("2h", True), (90, True), ("90", True),
    ("1.5m", True), ("-30s", False), (-5, False), ("", False), ("soon", False), ("m", False),
    ("06:30", False),
])
def test_schema_durations_agree_with_parse_duration(value, ok):
    schema_ok = not errors(value, SCHEMA["$defs"]["duration"])
    try:
        loader_ok = loader.parse_duration(value) >= 0
    except ValueError:
        loader_ok = False
    assert schema_ok == loader_ok == ok
