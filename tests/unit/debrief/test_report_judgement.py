"""Issue 14's report: in-world times, suggestions by how serious a fault is, best replies sorted,
examples that answer what was asked, no speed in turns mode, and the drill score shown."""
from __future__ import annotations

import json
from dataclasses import replace

from sim.bots import answer_asks, asks, make_bot
from sim.debrief import Analysis, best_worst, suggestions
from sim.engine import Drill
from sim.journal import Journal
from sim.model import Post, Wave
from sim.report import build
from sim.scenario import load_scenario
from tests.unit.engine.conftest import ScriptedWriter, draft, make_scenario, scripted_scorer

PIN_POST = ("a man rang saying he was from Vela asking for my PIN. was that you? my son's phone is dead "
            "and I'm worried")


def _journal(tmp_path, drafts, scorer, scenario=None, replies=None, mode="realtime", name="j.jsonl"):
    path = tmp_path / name
    # the real brand, clock and facts; one post at the start
    sc = scenario or replace(load_scenario("network-blackout"), events=(), conditions=(),
                             waves=(Wave(at=0, posts=len(drafts), mix={"question": 1}, over=1),))
    j = Journal(path)
    d = Drill(sc, seed=3, writer=ScriptedWriter(drafts), scorer=scorer, journal=j, mode=mode)
    if mode == "turns":
        d.next_wave()
    else:
        d.advance(5)
    for k, text in enumerate(replies or []):
        q = d.queue()
        if not q:
            break
        d.reply(q[0].id, text, None if mode == "turns" else 5 + k)
    d.finish("finished" if mode == "turns" else "quit", None if mode == "turns" else 40)
    j.close()
    return path


def test_the_model_responder_answers_a_pin_question_first():
    sc = load_scenario("network-blackout")
    assert asks(PIN_POST)[0] == "secrets"
    said = " ".join(answer_asks(PIN_POST, sc.facts_known(0), sc.brand.name))
    assert "never ask for your PIN" in said
    bot = make_bot("model", sc, 1)
    post = Post(id="p1", at=0, author="Dev Patel", handle="@devp", persona="question", text=PIN_POST,
                reach=300, anger=20, priority=0.2)
    reply = bot.write(post, sc.facts_known(0))
    assert "never ask for your PIN" in reply and len(reply) <= 280


def test_the_model_responder_answers_when_and_compensation_honestly():
    sc = load_scenario("network-blackout")
    early = sc.facts_known(0)
    when = " ".join(answer_asks("when will it be back??", early, sc.brand.name))
    assert "no fix time yet" in when.lower()
    money = " ".join(answer_asks("will we get compensation for this?", early, sc.brand.name))
    assert "no decision on compensation yet" in money
    late = sc.facts_known(sc.length)
    assert "credit" in " ".join(answer_asks("will we get compensation for this?", late, sc.brand.name))


def test_stronger_example_for_the_scam_call_addresses_the_pin(tmp_path):
    path = _journal(tmp_path, [draft(persona="question", text=PIN_POST)], scripted_scorer(20),
                    replies=["We apologise for any inconvenience."])
    d = json.loads(build([path], "json"))
    assert d["worst"] and "never ask for your PIN" in d["worst"][0]["example"]


def test_a_secrets_request_heads_the_suggestions_however_rare(tmp_path):
    sc = make_scenario(waves=[Wave(at=0, posts=6, mix={"angry": 1}, over=2)])
    marks = iter([["boilerplate"]] * 5 + [["fault:secrets"]])

    def scorer(ctx):
        return scripted_scorer(40, next(marks))(ctx)
    path = _journal(tmp_path, [draft(text=f"post {i}") for i in range(6)], scorer, scenario=sc,
                    replies=["We apologise for any inconvenience."] * 5 + ["DM us your PIN please"])
    said = suggestions(Analysis.from_path(path))
    assert "secret" in said[0] and "1 reply" in said[0]
    assert any("5 replies used corporate boilerplate" in s for s in said[1:])


def test_best_replies_are_sorted_and_shared_with_the_results_ranking(tmp_path):
    sc = make_scenario(waves=[Wave(at=0, posts=5, mix={"angry": 1}, over=2)])
    overall = iter([50, 90, 30, 70, 80])

    def scorer(ctx):
        return scripted_scorer(next(overall))(ctx)
    path = _journal(tmp_path, [draft(text=f"post {i}") for i in range(5)], scorer, scenario=sc,
                    replies=[f"reply {i}" for i in range(5)])
    md = build([path], "md")
    best = md.split("## Best replies")[1].split("##")[0]
    got = [int(line.split("overall ")[1].split(")")[0]) for line in best.splitlines() if line.startswith("- #")]
    assert got == [90, 80, 70]
    b, w = best_worst([50, 90, 30, 70, 80], lambda x: x)
    assert b == [90, 80, 70] and w == [30, 50]


def test_report_times_are_in_world_with_play_time_after(tmp_path):
    path = _journal(tmp_path, [draft()], scripted_scorer(80), replies=["Sorry, we're on it"])
    md = build([path], "md")
    sc = load_scenario("network-blackout")
    first = sc.clock.label(5.0)
    assert f"at {first} (0:05)" in md
    d = json.loads(build([path], "json"))
    assert d["replies"][0]["when"].startswith(first)


def test_turns_mode_reports_show_no_speed(tmp_path):
    path = _journal(tmp_path, [draft()], scripted_scorer(80), replies=["Sorry, we're on it"], mode="turns")
    md = build([path], "md")
    html = build([path], "html")
    assert "speed" not in md.split("## Suggestions")[0] and "response time" not in md
    assert "Response time" not in html and "replied after" not in html and " s after the post" not in md
    d = json.loads(build([path], "json"))
    assert d["series"]["response_time"] == [] and d["timed"] is False


def test_the_drill_score_is_in_every_report(tmp_path):
    path = _journal(tmp_path, [draft()], scripted_scorer(80), replies=["Sorry, we're on it"])
    d = json.loads(build([path], "json"))
    assert d["totals"]["drill"] is not None
    assert "| drill |" in build([path], "md") and "<th>drill</th>" in build([path], "html")


def test_compare_names_players_and_explains_posts_they_never_got(tmp_path):
    from sim.simulate import run
    sc = load_scenario("network-blackout")
    paths = []
    for who in ("model", "rude"):
        p = tmp_path / f"2026-drill-{who}-file.jsonl"
        run(sc, seed=4, player=who, journal_path=p)
        paths.append(p)
    d = json.loads(build(paths, "json", compare=True))
    assert d["players"] == ["model", "rude"]
    assert all("file" not in p for p in d["players"]) and "did not get this post" in d["key"]
    md = build(paths, "md", compare=True)
    assert "2026-drill" not in md.split("## Post by post")[0]
    unseen = [line for line in md.splitlines() if "did not get this post" in line and line.startswith("- **")]
    assert unseen and all("a reaction to" in line for line in unseen)
    assert "every player gets the same scripted posts" in md


def test_compare_tells_two_drills_by_one_name_apart(tmp_path):
    from sim.simulate import run
    sc = load_scenario("network-blackout")
    paths = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for p in paths:
        run(sc, seed=4, player="model", journal_path=p)
    d = json.loads(build(paths, "json", compare=True))
    assert len(set(d["players"])) == 2 and all(p.startswith("model") for p in d["players"])
