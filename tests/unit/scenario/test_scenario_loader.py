"""The scenario loader: what it builds from good files, and how it finds the bundled ones."""
from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

import sim.scenario as loader
from sim.model import Condition, Scenario
from sim.scenario import (Problem, ScenarioError, bundled_dir, list_bundled, load_file,
                          load_scenario, load_text, parse_clock, parse_duration)

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios"
MINIMAL = (FIXTURES / "valid-minimal.yaml").read_text(encoding="utf-8")
BUNDLED_IDS = {"network-blackout", "payday-payments", "airport-checkin", "cup-final-stream",
               "winter-topup", "payroll-cloud"}


# ---------------------------------------------------------------------------------------------
# Durations and clock times


@pytest.mark.parametrize("text, seconds", [
    ("40s", 40), ("3m", 180), ("1m30s", 90), ("2h", 7200), ("1h2m3s", 3723), ("90", 90),
    (90, 90), (1.5, 1.5), ("1.5m", 90), (" 2 m ", 120), ("3M", 180), ("0s", 0), ("-30s", -30),
    ("-2", -2),
])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "soon", "3 minutes", "1s1m", "06:30", None, True,
                                  float("inf"), float("nan"), [], "1e3", "--1m"])
def test_parse_duration_refuses(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize("text, minutes", [("06:30", 390), ("0:00", 0), ("23:59", 1439),
                                           (" 9:05 ", 545)])
def test_parse_clock(text, minutes):
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["24:00", "12:60", "6.30", "0630", 390, None, "noon"])
def test_parse_clock_refuses(text):
    with pytest.raises(ValueError, match="time of day"):
        parse_clock(text)


# ---------------------------------------------------------------------------------------------
# Good files


def test_minimal_fixture_builds_the_model():
    sc = load_text(MINIMAL, "min.yaml")
    assert isinstance(sc, Scenario)
    assert (sc.id, sc.title, sc.source) == ("fixture-outage", "Fixture Broadband: a small outage",
                                           "min.yaml")
    assert (sc.brand.name, sc.brand.handle, sc.brand.voice) == ("Fixture Broadband", "@FixtureBB",
                                                               "warm")
    assert sc.length == 300 and sc.clock.start_minutes == 8 * 60
    assert [(f.at, f.kind, f.id) for f in sc.facts] == [(0, "status", "f1"), (120, "eta", "f2")]
    w1, w2 = sc.waves
    assert (w1.at, w1.posts, w1.over, dict(w1.mix), w1.hashtags) == (
        0, 3, 60, {"angry": 2, "question": 1}, ("#FixtureDown",))
    # a list mix counts each persona once; 'over' defaults to 60s
    assert (w2.at, w2.over, dict(w2.mix)) == (120, 60, {"angry": 1, "vulnerable": 1, "joker": 1})
    (ev,) = sc.events
    assert (ev.at, ev.kind, ev.posts, dict(ev.mix), ev.mood) == (180, "press", 1,
                                                                {"journalist": 1}, 0)
    (cond,) = sc.conditions
    assert cond.name == "Regulator" and cond.once is True
    assert cond.when == Condition(metric="mood", value=-50, above=False, for_seconds=30)
    assert cond.then.kind == "regulator" and cond.then.at == 0
    assert sc.templates == {"angry": ("{handle} no {broken} since {since}",),
                            "broken": ("internet",)}


def test_conditions_are_data_never_code(tmp_path):
    # the declarative form is the only form: an expression is refused, and a Python tag that
    # would run a command is refused without running it
    marker = tmp_path / "ran"
    text = MINIMAL.replace("title: ", f"title: !!python/object/apply:os.system ['touch {marker}'] ",
                           1)
    with pytest.raises(ScenarioError, match="tags like"):
        load_text(text)
    assert not marker.exists()
    with pytest.raises(ScenarioError, match="when must be a mapping"):
        load_text(MINIMAL.replace("{metric: mood, below: -50, for: 30s}", '"mood < -50"'))


def test_durations_can_be_numbers_or_units_and_clock_start_unquoted():
    text = (MINIMAL.replace("  - at: 2m\n    posts: 4", "  - at: 150\n    posts: 4")
            .replace('start: "08:00"', "start: 08:00"))
    sc = load_text(text)
    assert sc.waves[1].at == 150
    # YAML 1.1 reads an unquoted 08:00 as the base-60 number 480; the loader reads what was written
    assert sc.clock.start_minutes == 480


def test_facts_and_events_come_out_in_time_order():
    text = MINIMAL.replace(
        "facts:\n", "facts:\n  - at: 4m\n    text: Later fact\n").replace(
        "events:\n", "events:\n  - at: 4m\n    kind: status\n    text: Later event\n")
    sc = load_text(text)
    assert [f.at for f in sc.facts] == sorted(f.at for f in sc.facts)
    assert [e.at for e in sc.events] == [180, 240]


def test_byte_order_mark_crlf_and_non_latin_text_load(tmp_path):
    text = MINIMAL.replace("Broadband is down in the north", "Le haut débit est en panne ⚡ 停电")
    p = tmp_path / "bom.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    sc = load_file(p)
    assert sc.facts[0].text == "Le haut débit est en panne ⚡ 停电"


# ---------------------------------------------------------------------------------------------
# Problems


def test_every_problem_in_a_file_is_reported_in_file_order():
    text = (MINIMAL.replace("voice: warm", "voice: wram")
            .replace("posts: 3", "posts: -3")
            .replace("{journalist: 1}", "{journalist: 1, robot: 1}"))
    with pytest.raises(ScenarioError) as e:
        load_text(text, "three.yaml")
    ps = e.value.problems
    assert [p.message.split(" ")[0:2] for p in ps] == [["unknown", "voice"],
                                                       ["posts", "must"],
                                                       ["unknown", "persona"]]
    assert [p.line for p in ps] == sorted(p.line for p in ps)
    assert str(e.value) == "\n".join(map(str, ps))


def test_problem_prints_as_file_line_col_message_hint():
    assert str(Problem("a.yaml", 3, 7, "bad thing", "do this")) == "a.yaml:3:7: bad thing (do this)"
    assert str(Problem("a.yaml", 3, 7, "bad thing")) == "a.yaml:3:7: bad thing"
    # whatever is in the message, one problem is one line, with no terminal escapes
    p = Problem("we\nird.yaml", 1, 1, "key 'a\nb\x1b[31m'", "x\u2028y")
    assert "\n" not in str(p) and "\x1b" not in str(p) and "\u2028" not in str(p)


def test_did_you_mean_for_keys_personas_and_scenario_ids():
    with pytest.raises(ScenarioError, match=r"did you mean 'hashtags'\?"):
        load_text(MINIMAL.replace('    hashtags: ["#FixtureDown"]', '    hashtag: ["#FixtureDown"]'))
    with pytest.raises(ScenarioError, match=r"did you mean 'influencer'\?"):
        load_text(MINIMAL.replace("{journalist: 1}", "{influencers: 1}"))
    with pytest.raises(ScenarioError, match=r"did you mean 'network-blackout'\?"):
        load_scenario("network-blackuot")


def test_load_scenario_by_id_by_path_and_missing(tmp_path):
    assert load_scenario("network-blackout").id == "network-blackout"
    p = tmp_path / "mine.yaml"
    p.write_text(MINIMAL)
    assert load_scenario(str(p)).id == "fixture-outage"
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(str(tmp_path / "nope.yaml"))
    with pytest.raises(ScenarioError, match="no bundled scenario called 'zzz'"):
        load_scenario("zzz")


# ---------------------------------------------------------------------------------------------
# Bundled scenarios


def test_six_bundled_scenarios_load_and_match_their_yaml():
    scenarios = list_bundled()
    assert {s.id for s in scenarios} >= BUNDLED_IDS
    for sc in scenarios:
        path = Path(sc.source)
        assert path.stem == sc.id
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert sc.title == raw["title"] and sc.brand.handle == raw["brand"]["handle"]
        assert sc.length == parse_duration(raw["length"])
        assert len(sc.facts) == len(raw["facts"]) and len(sc.waves) == len(raw["waves"])
        assert [w.posts for w in sc.waves] == [w["posts"] for w in raw["waves"]]
        assert len(sc.events) == len(raw.get("events") or [])
        assert len(sc.conditions) == len(raw.get("conditions") or [])
        assert sorted(f.text for f in sc.facts) == sorted(f["text"] for f in raw["facts"])
        # a playable drill: posts arrive, several personas, waves inside the drill
        assert sum(w.posts for w in sc.waves) + sum(e.posts for e in sc.events) >= 30 and len(sc.personas) >= 5
        assert all(w.at + w.over <= sc.length for w in sc.waves)


def test_bundled_dir_is_the_scenarios_package_found_by_importlib_resources():
    d = bundled_dir()
    assert d == Path(str(resources.files("scenarios")))
    assert {p.stem for p in d.glob("*.yaml")} >= BUNDLED_IDS


def test_bundled_dir_does_not_assume_a_folder_next_to_sim(tmp_path):
    # A 'scenarios' package elsewhere on the import path wins over the folder next to sim/:
    # proof that bundled_dir() asks the import system, as it must in an installed wheel.
    pkg = tmp_path / "scenarios"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "only-here.yaml").write_text(MINIMAL.replace("fixture-outage", "only-here"))
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import sim.scenario as s; "
            "print(s.bundled_dir()); print([x.id for x in s.list_bundled()])")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    where, ids = out.stdout.splitlines()
    assert Path(where).resolve() == pkg.resolve()
    assert ids == "['only-here']"


def test_list_bundled_raises_with_every_problem_when_a_bundled_file_is_broken(tmp_path,
                                                                             monkeypatch):
    (tmp_path / "good.yaml").write_text(MINIMAL)
    (tmp_path / "bad.yaml").write_text(MINIMAL.replace("posts: 3", "posts: many"))
    monkeypatch.setattr(loader, "bundled_dir", lambda: tmp_path)
    with pytest.raises(ScenarioError) as e:
        list_bundled()
    (p,) = e.value.problems
    assert p.file.endswith("bad.yaml") and "posts must be a whole number" in p.message


def test_the_readme_example_is_a_valid_scenario():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"## Writing a scenario.*?```yaml\n(.*?)```", readme, re.S)
    assert m, "README.md has no YAML example under 'Writing a scenario'"
    sc = load_text(m.group(1), "README.md example")
    assert sc.id == "network-blackout" and sc.waves and sc.conditions and sc.templates


def test_the_wheel_ships_the_scenarios_and_the_schema():
    tomllib = pytest.importorskip("tomllib")
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    st = conf["tool"]["setuptools"]
    assert "scenarios" in st["packages"]["find"]["include"]
    assert "*.yaml" in st["package-data"]["scenarios"]
    assert "*.json" in st["package-data"]["sim"]
    # a regular package, so importlib.resources.files("scenarios") is one real folder
    assert (ROOT / "scenarios" / "__init__.py").is_file()
    assert Path(loader.__file__).with_name("scenario.schema.json").is_file()


def test_a_quoted_text_over_several_lines_is_fine_when_it_swallows_no_keys():
    text = MINIMAL.replace('title: "Fixture Broadband: a small outage"',
                           'title: "Fixture Broadband: a small outage,\n  and our status text: down"')
    assert load_text(text).title == "Fixture Broadband: a small outage, and our status text: down"
    # but a quote left open before the next key is caught where it opens
    with pytest.raises(ScenarioError, match="swallows 'kind:'") as e:
        load_text(MINIMAL.replace("  - at: 2m\n    kind: eta", '  - at: "2m\n    kind: eta'))
    (p,) = [p for p in e.value.problems if "swallows" in p.message]
    assert (p.line, p.col) == (MINIMAL.splitlines().index("  - at: 2m") + 1, len("  - at: ") + 1)


def test_a_loaded_scenario_is_frozen_all_the_way_down():
    """The models become sim.model's frozen dataclasses with tuples, never the models' lists, so
    nothing the engine holds can be changed under it (and every part hashes the same twice)."""
    from dataclasses import fields, is_dataclass

    def walk(v, where):
        assert not isinstance(v, (list, set)) and "pydantic" not in type(v).__module__, where
        if is_dataclass(v):
            for f in fields(v):
                walk(getattr(v, f.name), f"{where}.{f.name}")
        elif isinstance(v, tuple):
            for i, x in enumerate(v):
                walk(x, f"{where}[{i}]")
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(x, f"{where}[{k!r}]")

    for sc in list_bundled():
        walk(sc, sc.id)
        assert all(isinstance(c.then.at, float) and c.then.at == 0.0 for c in sc.conditions)
        assert [f.id for f in sorted(sc.facts, key=lambda f: int(f.id[1:]))] == \
            [f"f{i}" for i in range(1, len(sc.facts) + 1)]
