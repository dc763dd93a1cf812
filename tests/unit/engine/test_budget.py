"""Issue 13 item 5: a scenario cannot exhaust memory. The engine holds a drill to a budget of
posts and condition firings (sim/budget.py, stated in the README), and `validate` says when a
scenario would run past it."""
from __future__ import annotations

from pathlib import Path

import sim.engine
from sim.budget import MAX_FIRINGS, MAX_SCRIPTED
from sim.cli import main
from sim.engine import Drill
from sim.model import Condition, ConditionalEvent, PostDraft, ScriptedEvent

from .conftest import ScriptedWriter, make_scenario

ROOT = Path(__file__).resolve().parents[3]


def flood(posts=50, once=False, for_seconds=0.0):
    return ConditionalEvent(when=Condition("mood", 100.0, above=False, for_seconds=for_seconds),
                            then=ScriptedEvent(0.0, "twist", "Everyone piles in", posts=posts, mix={"angry": 1}),
                            once=once, name="flood")


def test_condition_firings_stop_at_the_budget_and_the_journal_says_so():
    d = Drill(make_scenario(conditions=[flood(posts=0)], length=600.0), seed=1,
              writer=ScriptedWriter([PostDraft("A", "@a", "angry", "down again", 10, 50.0)]))
    d.advance(600)
    fired = [e for e in d.journal.events if e["type"] == "event" and e.get("conditional")]
    assert len(fired) == MAX_FIRINGS
    assert [e for e in d.journal.events if e["type"] == "limit"] == [
        {"t": fired[-1]["t"] + 1.0, "type": "limit", "what": "condition firings", "limit": MAX_FIRINGS}]


def test_posts_stop_at_the_budget(monkeypatch):
    monkeypatch.setattr(sim.engine, "MAX_POSTS", 300)
    d = Drill(make_scenario(conditions=[flood(posts=40)], length=300.0), seed=1,
              writer=ScriptedWriter([PostDraft("A", "@a", "angry", "down again", 10, 50.0)]))
    d.advance(300)
    assert len(d.posts) == 300 and d.finished
    limits = [e for e in d.journal.events if e["type"] == "limit"]
    assert [e["what"] for e in limits].count("posts") == 1 and limits[0]["what"] == "posts"


def test_validate_says_when_a_scenario_would_exceed_the_budget(tmp_path, capsys):
    src = (ROOT / "tests/fixtures/scenarios/valid-minimal.yaml").read_text()
    bomb = src.replace('''  - name: Regulator
    when: {metric: mood, below: -50, for: 30s}
    then:
      kind: regulator
      text: The regulator is watching''', '''  - name: Everyone piles in
    once: false
    when: {metric: mood, below: 100, for: 0s}
    then:
      kind: twist
      text: Everyone piles in
      posts: 1000
      mix: {angry: 1}''')
    assert bomb != src
    p = tmp_path / "bomb.yaml"
    p.write_text(bomb)
    assert main(["validate", str(p)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = bomb.splitlines().index("  - name: Everyone piles in") + 1
    assert out[0].startswith(f"{p}:{line}:1: condition 'Everyone piles in' repeats (once: false) and could "
                             f"fire 301 times") and f"allows {MAX_FIRINGS} condition firings" in out[0]
    assert f"the budget is {MAX_SCRIPTED:,} scripted posts per drill" in out[1]
    # once: true is within budget
    p.write_text(bomb.replace("once: false", "once: true"))
    assert main(["validate", str(p)]) == 0
    assert main(["validate", *map(str, sorted((ROOT / "scenarios").glob("*.yaml")))]) == 0
