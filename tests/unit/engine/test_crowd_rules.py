"""The crowd's rules, pinned: causes and directions, not exact random numbers."""
from __future__ import annotations

from sim.engine import Drill
from sim.model import Condition, ConditionalEvent, Fact, ScriptedEvent, Wave

from .conftest import ScriptedWriter, draft, make_scenario, scripted_scorer


def _drill(drafts, scorer, **kw):
    sc = kw.pop("scenario", None) or make_scenario()
    return Drill(sc, seed=kw.pop("seed", 1), writer=ScriptedWriter(drafts), scorer=scorer, **kw)


def _answer_first(d, text="reply", at=5.0):
    d.advance(at)
    post = d.queue()[0]
    out = d.reply(post.id, text, at)
    return post, out


def _mood_after(reach, persona, scorer, until=60.0, seed=1):
    d = _drill([draft(persona=persona, reach=reach)], scorer, seed=seed)
    _answer_first(d)
    d.advance(until)
    return d


def test_rude_reply_to_a_200k_account_causes_a_pile_on():
    d = _drill([draft(reach=200_000)], scripted_scorer(15, ["tone_policing"]))
    post, out = _answer_first(d)
    causes = [e["cause"] for e in out.events if e["type"] == "crowd"]
    assert any("pile-on" in c for c in causes)
    assert d.crowd.followers < d.crowd.followers_start
    d.advance(60)
    pile = [p for p in d.posts.values() if p.kind == "pile_on"]
    assert len(pile) >= 2 and all(p.reply_to == post.id for p in pile)


def test_rude_reply_to_a_small_account_does_not_cause_a_pile_on():
    d = _drill([draft(reach=80)], scripted_scorer(15, ["tone_policing"]))
    _, out = _answer_first(d)
    assert not any("pile-on" in e["cause"] for e in out.events if e["type"] == "crowd")


def test_good_reply_lifts_mood_and_rude_one_sinks_it_compared_with_silence():
    good = _mood_after(5_000, "angry", scripted_scorer(85))
    rude = _mood_after(5_000, "angry", scripted_scorer(15, ["sarcasm"]))
    silent = _drill([draft(reach=5_000)], scripted_scorer())
    silent.advance(60)
    assert good.crowd.mood > silent.crowd.mood > rude.crowd.mood


def test_author_thanks_after_a_strong_reply_and_escalates_after_a_hostile_one():
    kinds_good = set()
    kinds_bad = set()
    for seed in range(6):
        g = _mood_after(500, "angry", scripted_scorer(90), seed=seed)
        b = _mood_after(500, "angry", scripted_scorer(10, ["blame"]), seed=seed)
        kinds_good |= {c[1] for c in g._writer.calls if c[0] == "follow_up"}
        kinds_bad |= {c[1] for c in b._writer.calls if c[0] == "follow_up"}
    assert "thanks" in kinds_good and not kinds_good & {"escalates", "mocks"}
    assert kinds_bad & {"escalates", "mocks"} and "thanks" not in kinds_bad


def test_witty_reply_to_a_joker_with_reach_goes_viral():
    d = _drill([draft(persona="joker", reach=40_000, text="#TestSongs")], scripted_scorer(85, ["humour"]))
    _, out = _answer_first(d)
    assert any("viral" in e["cause"] for e in out.events if e["type"] == "crowd")
    assert d.crowd.followers > d.crowd.followers_start
    d.advance(60)
    assert any(c == ("bystander", "praise") for c in d._writer.calls)


def test_joke_to_a_vulnerable_person_is_called_out():
    d = _drill([draft(persona="vulnerable", reach=300)], scripted_scorer(60, ["humour", "humour_misplaced"]))
    _, out = _answer_first(d)
    assert any("landed badly" in e["cause"] for e in out.events if e["type"] == "crowd")


def test_copy_paste_is_called_out_the_first_time():
    d = _drill([draft()], scripted_scorer(45, ["copy_paste", "boilerplate"]))
    _answer_first(d)
    d.advance(60)
    assert ("bystander", "callout_copy_paste") in d._writer.calls


def test_ignoring_a_vulnerable_post_produces_a_call_out():
    d = _drill([draft(persona="vulnerable", reach=40, text="my dad's care alarm is on your network")],
               scripted_scorer())
    d.advance(200)
    assert ("bystander", "callout_vulnerable") in d._writer.calls
    causes = [e["cause"] for e in d.journal.events if e["type"] == "crowd"]
    assert any("vulnerable" in c and "without help" in c for c in causes)
    assert ("follow_up", "chaser") in d._writer.calls


def test_silence_drags_mood_down_and_chasers_are_capped():
    d = _drill([draft()], scripted_scorer())
    start = d.crowd.mood
    d.advance(299)
    assert d.crowd.mood < start
    assert sum(1 for c in d._writer.calls if c == ("follow_up", "chaser")) == d.crowd.rates.max_chasers
    # the newest chaser supersedes the author's older posts (others who joined in are separate)
    assert sum(1 for p in d.queue() if p.handle == "@ria_s") == 1


def test_answered_post_gets_no_chaser():
    d = _drill([draft()], scripted_scorer(80))
    _answer_first(d)
    d.advance(299)
    assert ("follow_up", "chaser") not in d._writer.calls


def test_unsupported_promise_is_called_out_when_the_time_passes():
    # in-world clock starts 09:00 at 60x: 10:00 is drill second 60
    d = _drill([draft()], scripted_scorer(60, ["unsupported_eta"]))
    _answer_first(d, "It'll be fixed by 10:00, promise!")
    d.advance(59)
    assert ("bystander", "contradiction") not in d._writer.calls
    d.advance(70)
    assert ("bystander", "contradiction") in d._writer.calls
    assert any("passed" in e["cause"] for e in d.journal.events if e["type"] == "crowd")


def test_contradicting_an_earlier_reply_hurts():
    sc = make_scenario(waves=[Wave(at=0, posts=2, mix={"angry": 1}, over=2)])
    d = Drill(sc, seed=1, writer=ScriptedWriter([draft(), draft()]),
              scorer=scripted_scorer(60, ["unsupported_eta"]))
    d.advance(5)
    a, b = d.queue()[:2]
    d.reply(a.id, "Back by 3pm", 5)
    out = d.reply(b.id, "Back by 5pm", 6)
    assert any("now says" in e["cause"] for e in out.events if e["type"] == "crowd")


def test_conditional_event_fires_when_mood_stays_low():
    cond = ConditionalEvent(Condition("mood", -5.0, above=False, for_seconds=20),
                            ScriptedEvent(0, "regulator", "The regulator is watching", mood=-5), name="regulator")
    d = _drill([draft()], scripted_scorer(), scenario=make_scenario(conditions=[cond]))
    d.advance(10)
    assert not any(e["type"] == "event" for e in d.journal.events)
    d.advance(120)
    fired = [e for e in d.journal.events if e["type"] == "event"]
    assert len(fired) == 1 and fired[0]["conditional"] == "regulator"


def test_restoration_lifts_the_baseline():
    sc = make_scenario(facts=[Fact("f1", 0, "down", "status"), Fact("f2", 30, "Service restored", "restored")],
                       waves=[Wave(at=0, posts=1, mix={"loyal": 1}, over=1)])
    d = Drill(sc, seed=1, writer=ScriptedWriter([draft(persona="loyal")]), scorer=scripted_scorer())
    d.advance(5)
    d.reply(d.queue()[0].id, "thanks", 5)
    before = d.crowd.mood
    d.advance(290)
    assert d.crowd.restored and d.crowd.mood > before


def test_every_crowd_change_carries_a_cause():
    d = _drill([draft(reach=90_000)], scripted_scorer(20, ["insult"]))
    _answer_first(d)
    d.advance(200)
    crowd = [e for e in d.journal.events if e["type"] == "crowd"]
    assert crowd and all(e["cause"] for e in crowd)
