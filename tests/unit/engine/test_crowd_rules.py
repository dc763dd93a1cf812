"""The crowd's rules, pinned: causes and directions, not exact random numbers."""
from __future__ import annotations

import random
from dataclasses import replace

from sim.crowd import Crowd, asks_for_something, mood_word
from sim.engine import Drill
from sim.posts import PostWriter
from sim.reactions import AUTHOR, BYSTANDER
from sim.threads import ReplyBook, drill_score, weight
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
    assert ("bystander", "promise_passed") not in d._writer.calls
    d.advance(70)
    assert ("bystander", "promise_passed") in d._writer.calls
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


# -- issue 14: a crowd you can read ------------------------------------------------------------


def test_mood_words_match_the_sign_of_the_number():
    assert mood_word(4) not in ("uneasy", "angry", "furious")
    assert mood_word(-4) not in ("warming", "delighted")
    assert mood_word(-30) == "angry" and mood_word(-80) == "furious"
    assert mood_word(-10) == "uneasy" and mood_word(20) == "warming" and mood_word(60) == "delighted"
    words = [mood_word(m) for m in range(-100, 101)]
    order = ["furious", "angry", "uneasy", "steady", "warming", "delighted"]
    assert [order.index(w) for w in words] == sorted(order.index(w) for w in words)


def test_the_gauge_shows_the_crowds_word():
    from sim.tui.render import gauge
    assert "uneasy" not in gauge(4.0) and mood_word(4.0) in gauge(4.0)


def test_silence_is_told_as_it_builds_up_a_line_a_minute():
    d = _drill([draft(persona="vulnerable", reach=2_000)], scripted_scorer())
    d.advance(300)
    slides = [e for e in d.journal.events if e["type"] == "crowd" and e.get("slide")]
    assert 4 <= len(slides) <= 5
    assert all(e["delta"] < 0 and "@ria_s" in e["cause"] and "vulnerable" in e["cause"] for e in slides)
    assert all("waiting cost" in e["cause"] and " min" in e["cause"] for e in slides)
    gaps = [b["t"] - a["t"] for a, b in zip(slides, slides[1:])]
    assert all(abs(g - 60) < 1e-6 for g in gaps)


def test_an_answered_drill_has_no_silence_lines():
    d = _drill([draft()], scripted_scorer(85))
    _answer_first(d, at=2.0)
    d.advance(300)
    assert not [e for e in d.journal.events if e.get("slide")]


def test_only_people_who_asked_for_something_chase():
    for persona in ("joker", "competitor", "troll"):
        assert not asks_for_something(persona)
        d = _drill([draft(persona=persona)], scripted_scorer())
        d.advance(299)
        assert ("follow_up", "chaser") not in d._writer.calls, persona
        assert not any(e.get("slide") for e in d.journal.events), persona
    for persona in ("angry", "question", "vulnerable"):
        d = _drill([draft(persona=persona)], scripted_scorer())
        d.advance(299)
        assert ("follow_up", "chaser") in d._writer.calls, persona


def test_promise_post_is_about_the_promise_that_passed_and_says_so_only_after_it():
    seen = []

    class Capture(ScriptedWriter):
        def bystander(self, kind, about, ctx, reply_text=None):
            seen.append((kind, ctx.promise, ctx.world_time))
            return super().bystander(kind, about, ctx, reply_text)

    d = Drill(make_scenario(), seed=1, writer=Capture([draft()]), scorer=scripted_scorer(60, ["unsupported_eta"]))
    _answer_first(d, "It'll be fixed by 10:00, promise!")
    d.advance(200)
    passed = [s for s in seen if s[0] == "promise_passed"]
    assert passed and passed[0][1] == ("@ria_s", "10:00") and passed[0][2] >= "10:00"
    # the contradiction lines never claim a time has passed ("it's {time}")
    assert all("{time}" not in line for line in BYSTANDER["contradiction"])


def test_contradiction_names_the_earlier_promise():
    seen = []

    class Capture(ScriptedWriter):
        def bystander(self, kind, about, ctx, reply_text=None):
            seen.append((kind, ctx.promise))
            return super().bystander(kind, about, ctx, reply_text)

    sc = make_scenario(waves=[Wave(at=0, posts=2, mix={"angry": 1}, over=2)])
    d = Drill(sc, seed=1, writer=Capture([draft(), draft(text="other")]),
              scorer=scripted_scorer(60, ["unsupported_eta"]))
    d.advance(5)
    a, b = d.queue()[:2]
    d.reply(a.id, "Back by 3pm", 5)
    d.reply(b.id, "Back by 5pm", 6)
    d.advance(40)
    assert ("contradiction", ("@ria_s", "15:00")) in seen


def test_a_secrets_request_is_screenshotted_and_never_useful_information():
    d = _drill([draft(reach=3_000)], scripted_scorer(80, ["fault:secrets", "uses_facts", "next_update"]))
    _, out = _answer_first(d, "Sorry! DM us your PIN and we'll check. Next update at 10.")
    causes = [e["cause"] for e in out.events if e["type"] == "crowd"]
    assert not any("useful information" in c for c in causes)
    assert not any("won over" in c for c in causes)
    assert any("private details" in c and "screenshots" in c for c in causes)
    assert sum(e["delta"] for e in out.events if e["type"] == "crowd") < -3
    d.advance(60)
    assert [c for c in d._writer.calls if c == ("bystander", "callout_secrets")]
    assert d.crowd.followers < d.crowd.followers_start
    # the scorer's older marker for the same thing counts too
    d2 = _drill([draft(reach=3_000)], scripted_scorer(70, ["private_data_request", "uses_facts"]))
    _, out2 = _answer_first(d2, "What's your password? Engineers are on it.")
    assert not any("useful information" in e["cause"] for e in out2.events if e["type"] == "crowd")


def test_unsafe_advice_and_misleading_claims_are_called_out():
    d = _drill([draft()], scripted_scorer(75, ["fault:unsafe"]))
    _, out = _answer_first(d)
    assert any("safety advice" in e["cause"] for e in out.events if e["type"] == "crowd")
    d.advance(60)
    assert ("bystander", "callout_unsafe") in d._writer.calls
    d = _drill([draft()], scripted_scorer(75, ["fault:misleading"]))
    _answer_first(d)
    d.advance(60)
    assert ("bystander", "callout_misleading") in d._writer.calls


def test_leaving_out_the_emergency_advice_is_called_out_in_public():
    d = _drill([draft(reach=3_000)], scripted_scorer(75, ["fault:no_safety_advice", "apology"]))
    _, out = _answer_first(d, "So sorry, please DM us your details and we'll get back to you.")
    causes = [e["cause"] for e in out.events if e["type"] == "crowd"]
    assert any("left out the emergency advice" in c and "screenshots" in c for c in causes), causes
    assert not any("won over" in c for c in causes)
    d.advance(60)
    assert ("bystander", "callout_no_safety_advice") in d._writer.calls
    assert d.crowd.followers < d.crowd.followers_start
    d = _drill([draft(persona="vulnerable")], scripted_scorer(70, ["fault:misplaced_humour"]))
    _, out = _answer_first(d)
    assert any("landed badly" in e["cause"] for e in out.events if e["type"] == "crowd")


def _thanks_line(persona: str, seed: int = 3) -> str:
    from sim.scenario import load_scenario
    sc = load_scenario("network-blackout")
    w = PostWriter(sc, seed)
    d = Drill(sc, seed=seed, writer=w, scorer=scripted_scorer(90))
    original = replace(d.posts.get("p1") or _first_post(d), persona=persona)
    return w.follow_up(original, "thanks", d.writer_context(), "a reply").text


def _first_post(d):
    d.advance(60)
    return next(iter(d.posts.values()))


def test_each_persona_reacts_in_its_own_voice():
    lines = {p: set(AUTHOR[p]["thanks"]) for p in ("joker", "competitor", "influencer")}
    assert not (lines["joker"] & lines["competitor"]) and not (lines["joker"] & lines["influencer"])
    texts = {p: _thanks_line(p) for p in ("joker", "competitor", "influencer", "angry")}
    assert len(set(texts.values())) == 4
    assert "thank" not in texts["competitor"].lower() or "offer" in texts["competitor"].lower() \
        or "backup" in texts["competitor"].lower() or "switching" in texts["competitor"].lower() \
        or "moving" in texts["competitor"].lower()


def test_followers_move_on_the_brands_scale():
    # a strong reply wins a share of the brand's following, not a handful of people
    c = Crowd(start_mood=0, followers=400_000)
    post = _first_post(_drill([draft(reach=5_000)], scripted_scorer()))
    impulses, _ = c.react(post, "reply", 90, set(), random.Random(1), 0)
    won = sum(f for _, f, _ in impulses)
    assert 100 <= won <= 1_000
    impulses, _ = c.react(replace(post, reach=200_000), "reply", 10, {"insult"}, random.Random(1), 0)
    assert sum(f for _, f, _ in impulses) <= -1_000


def test_reply_book_supersedes_an_authors_older_post_in_the_thread_only():
    book = ReplyBook()
    book.add("p1", {"id": "p1"}, handle="@a", reply_to=None, kind="post")
    book.add("p2", {"id": "p2"}, handle="@b", reply_to="p1", kind="pile_on")     # a bystander
    assert set(book.open) == {"p1", "p2"}
    book.add("p3", {"id": "p3"}, handle="@a", reply_to="p1", kind="follow_up")   # the author again
    assert set(book.open) == {"p2", "p3"} and book.superseded == {"p1"} and book.thread("p3") == "p1"
    book.add("p4", {"id": "p4"}, handle="@a", reply_to="p3", kind="reaction")    # needs no reply
    assert "p4" not in book.open and set(book.owed) == {"p2", "p3"}


def test_drill_score_counts_who_was_left_unanswered_weighted_by_priority():
    angry = {"id": "a", "at": 0, "priority": 0.2, "persona": "angry"}
    scared = {"id": "v", "at": 0, "priority": 0.7, "persona": "vulnerable"}
    assert drill_score([angry, scared], {}, now=100, grace=30) == 0.0
    assert drill_score([angry, scared], {"a": 80, "v": 80}, now=100, grace=30) == 80.0
    missed_scared = drill_score([angry, scared], {"a": 80}, now=100, grace=30)
    missed_angry = drill_score([angry, scared], {"v": 80}, now=100, grace=30)
    assert missed_scared < 30 < 60 < missed_angry
    assert weight(0.7, "vulnerable") > 3 * weight(0.2, "angry")
    # a post that has not waited the good reply time yet is not held against anyone
    fresh = {"id": "f", "at": 90, "priority": 0.9, "persona": "vulnerable"}
    assert drill_score([angry, fresh], {"a": 80}, now=100, grace=30) == 80.0
    assert drill_score([angry, fresh], {"a": 80}, now=100, grace=None) < 80.0
    assert drill_score([], {}, now=0, grace=None) is None


def test_totals_carry_the_drill_score_and_overall_stays_the_mean_reply():
    sc = make_scenario(waves=[Wave(at=0, posts=3, mix={"angry": 1}, over=2)])
    d = Drill(sc, seed=1, writer=ScriptedWriter([draft(), draft(text="b"), draft(text="c")]),
              scorer=scripted_scorer(90))
    d.advance(5)
    d.reply(d.queue()[0].id, "reply", 5)
    d.advance(300)
    t = d.totals()
    assert t.overall == 90.0 and t.drill is not None and t.drill < 50
    end = d.journal.events[-1]
    assert end["type"] == "drill_end" and end["totals"]["drill"] == t.drill
