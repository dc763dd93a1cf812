"""The persona table: one row per persona, read by the crowd, the engine, the UI and the format."""
from __future__ import annotations

from sim import crowd, engine, model
from sim.personas import PERSONAS
from sim.tui import render


def test_every_persona_has_every_number_and_the_model_lists_them_in_table_order():
    assert model.PERSONAS == tuple(PERSONAS) and len(PERSONAS) == 10
    for name, p in PERSONAS.items():
        assert p.name == name and p.about and p.tag and p.style
        assert p.patience > 0 and p.weight >= 1.0 and 0 <= p.priority < 1
        assert len(p.reach) == 4 and p.reach[2] <= p.reach[0] <= p.reach[3]
        assert 0 <= p.anger <= 100 and abs(sum(p.voices.values()) - 1) < 1e-9
        assert all(0 <= x <= 1 for x in (p.hashtag, p.caps, p.emoji, p.typo, p.no_question_mark, p.bang,
                                         p.escalates, p.detail, p.ending))
        assert p.chase_group and p.ending_group


def test_the_readers_take_their_numbers_from_the_table():
    assert crowd.PATIENCE == {n: p.patience for n, p in PERSONAS.items()}
    assert crowd.PERSONA_WEIGHT == {n: p.weight for n, p in PERSONAS.items()}
    assert render.PERSONA_TAG["vulnerable"] == PERSONAS["vulnerable"].tag == "!! VULNERABLE"
    assert render.PERSONA_STYLE == {n: p.style for n, p in PERSONAS.items()}
    # triage: a vulnerable nobody outranks an angry account with the same reach and anger
    assert engine.priority("vulnerable", 100, 50) > engine.priority("angry", 100, 50)
    assert engine.priority("nobody-knows", 100, 50) == engine.priority("angry", 100, 50)


def test_vulnerable_people_come_first_in_the_table_too():
    assert max(PERSONAS.values(), key=lambda p: p.priority).name == "vulnerable"


def test_who_is_at_risk_is_the_tables_word_not_a_name_each_reader_spells(monkeypatch):
    """The queue's '!!', the drill score's extra weight, the debrief's and the crowd's order all
    ask the table's ``at_risk``: flag another persona and every reader follows it."""
    from dataclasses import replace

    from sim import personas, threads
    from sim.model import Post

    assert [n for n, p in PERSONAS.items() if p.at_risk] == ["vulnerable"]
    assert personas.at_risk("vulnerable") and not personas.at_risk("nobody-knows")
    post = Post(id="p1", at=1.0, author="A", handle="@a", persona="elderly", text="hi", reach=10, anger=40.0, priority=0.5)
    before = (render.priority_mark(post), threads.weight(0.5, "elderly"))
    assert before == ("•", threads.weight(0.5, "angry"))
    monkeypatch.setitem(PERSONAS, "elderly", replace(PERSONAS["angry"], name="elderly", at_risk=True))
    assert render.priority_mark(post) == "!!"
    assert threads.weight(0.5, "elderly") == threads.weight(0.5, "vulnerable") > before[1]
