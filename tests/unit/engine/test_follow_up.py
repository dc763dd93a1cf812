"""Follow-ups: a second (third...) reply to a post already answered, in its thread."""
from __future__ import annotations

import pytest

from scoring import Score
from sim.engine import Drill, DrillError
from sim.model import Wave
from sim.replay import replay

from .conftest import ScriptedWriter, draft, make_scenario, scripted_scorer


def _recording(overall=80.0, markers=()):
    seen = []

    def score(ctx):
        seen.append(ctx)
        return scripted_scorer(overall, markers)(ctx)
    return score, seen


def _ev(out):
    """The reply event among what a reply produced (ticks due before it come first)."""
    return next(e for e in out.events if e["type"] == "reply")


def _one_post(**kw):
    score, seen = _recording(**kw)
    d = Drill(make_scenario(), seed=1, writer=ScriptedWriter([draft()]), scorer=score)
    d.advance(5)
    return d, d.queue()[0], seen


def test_a_follow_up_is_journalled_told_to_the_scorer_and_untimed():
    d, post, seen = _one_post()
    first = d.reply(post.id, "Sorry Ria, we are on it", 6)
    assert "follow_up" not in _ev(first)
    again = d.reply(post.id, "Ria, Wi-Fi Calling works now", 9)
    ev = _ev(again)
    assert ev["type"] == "reply" and ev["post_id"] == post.id and ev["follow_up"] == 1
    assert seen[-1].thread_replies == ("Sorry Ria, we are on it",)
    assert seen[-1].seconds_to_reply is None and seen[-1].higher_priority_waiting == 0   # speed: judged once
    assert seen[0].thread_replies == () and seen[0].seconds_to_reply is not None
    third = d.reply(post.id, "Ria, it's back", 12)
    assert _ev(third)["follow_up"] == 2
    assert seen[-1].thread_replies == ("Sorry Ria, we are on it", "Ria, Wi-Fi Calling works now")
    assert d.replies[post.id].to_json() == _ev(first)    # the first reply stays the post's reply
    assert [e.text for e in d.follow_ups] == ["Ria, Wi-Fi Calling works now", "Ria, it's back"]
    assert [e.to_json() for e in d.sent] == [_ev(first), _ev(again), _ev(third)]   # typed, as journalled


def test_totals_count_follow_ups_in_the_mean_but_not_as_answered_or_in_the_drill_score():
    scores = iter([40.0, 90.0])

    def score(ctx):
        return scripted_scorer(next(scores))(ctx)
    d = Drill(make_scenario(), seed=1, writer=ScriptedWriter([draft()]), scorer=score)
    d.advance(5)
    pid = d.queue()[0].id
    d.reply(pid, "first", 6)
    before = d.totals()
    assert "follow_ups" not in before.to_dict()          # journals without follow-ups are unchanged
    d.reply(pid, "second", 8)
    t = d.totals()
    assert t.answered == 1 and t.follow_ups == 1 and t.to_dict()["follow_ups"] == 1
    assert t.overall == pytest.approx(65.0)               # (40 + 90) / 2: every reply sent
    assert t.drill == before.drill                        # the person's first reply, still 40


def test_a_follow_up_waits_for_the_newest_post_when_the_author_wrote_again():
    d, post, _ = _one_post(overall=40.0)                  # weak: the author is still angry
    d.reply(post.id, "Sorry", 6)
    d.advance(40)
    newer = [p for p in d.queue() if p.handle == post.handle]
    assert newer, "the author wrote again"
    with pytest.raises(DrillError, match="written again.*" + newer[-1].id):
        d.reply(post.id, "again", 41)
    out = d.reply(newer[-1].id, "Here is the news", 42)    # an ordinary reply to their newest post
    assert "follow_up" not in _ev(out)
    again = d.reply(newer[-1].id, "And more news", 43)     # now that post is answered: a follow-up
    assert _ev(again)["follow_up"] == 2               # both earlier replies in the thread


def test_a_repeat_follow_up_annoys_the_author_and_news_lifts_the_crowd():
    d, post, _ = _one_post(overall=60.0, markers=("followup_repeat",))
    d.reply(post.id, "Sorry", 6)
    out = d.reply(post.id, "Sorry", 7)
    causes = [e["cause"] for e in out.events if e["type"] == "crowd"]
    assert any("told the same thing again" in c for c in causes), causes
    assert not any("softened" in c for c in causes)
    d.advance(30)
    assert ("follow_up", "repeated") in d._writer.calls

    d2, post2, _ = _one_post(overall=80.0, markers=("followup_news",))
    d2.reply(post2.id, "Sorry", 6)
    out2 = d2.reply(post2.id, "It's back by 18:00", 7)
    causes2 = [e["cause"] for e in out2.events if e["type"] == "crowd"]
    assert any("came back to @ria_s with news" in c for c in causes2), causes2


def test_a_correction_withdraws_the_fix_time_it_corrects():
    marks = iter([("unsupported_eta",), ("followup_correction",)])

    def score(ctx):
        return Score(empathy=60, tone=60, substance=60, overall=60, speed=None, reasons=[], markers=list(next(marks)))
    sc = make_scenario(length=900.0)
    d = Drill(sc, seed=1, writer=ScriptedWriter([draft()]), scorer=score)
    d.advance(5)
    pid = d.queue()[0].id
    d.reply(pid, "Back by 9:10am!", 6)                     # the drill starts at 09:00, 60x
    assert d._promises
    d.reply(pid, "Sorry, I was wrong: no fix time yet", 7)
    assert not d._promises
    d.advance(900)
    assert not any("promised" in str(e.get("cause", "")) for e in d.journal.events if e["type"] == "crowd")


def test_a_drill_with_follow_ups_replays_as_a_match(tmp_path):
    from sim.journal import Journal
    from sim.scenario import load_scenario
    sc = load_scenario("network-blackout")
    path = tmp_path / "fu.jsonl"
    d = Drill(sc, seed=11, journal=Journal(path))
    d.advance(30)
    pid = d.queue()[0].id
    d.reply(pid, "So sorry, calls, texts and data are down across the UK; engineers are investigating.", 31)
    d.advance(100)
    d.reply(pid, "Update: Wi-Fi Calling works for customers connected to Wi-Fi, if you have Wi-Fi.", 101)
    d.reply(pid, "Update: Wi-Fi Calling works for customers connected to Wi-Fi, if you have Wi-Fi.", 102)
    d.advance(sc.length)
    ends = [e for e in d.journal.events if e["type"] == "drill_end"]
    assert ends and ends[0]["totals"]["follow_ups"] == 2
    kinds = [e.get("follow_up") for e in d.journal.events if e["type"] == "reply"]
    assert kinds == [None, 1, 2]
    res = replay(path)
    assert res.ok, res.describe()


def test_follow_ups_in_turns_mode():
    sc = make_scenario(waves=[Wave(at=0, posts=1, mix={"angry": 1}, over=5)])
    score, seen = _recording()
    d = Drill(sc, seed=1, mode="turns", writer=ScriptedWriter([draft()]), scorer=score)
    d.next_wave()
    pid = d.queue()[0].id
    d.reply(pid, "Sorry", None)
    out = d.reply(pid, "More news", None)
    assert _ev(out)["follow_up"] == 1 and out.score.speed is None


def test_the_read_only_accessors_the_ui_uses_follow_the_drill():
    """``post``, ``is_answered``, ``first_replies`` and ``events`` (sim/tui reads these, not the
    engine's books): a follow-up is in ``sent`` but not in ``first_replies``; ``events`` is the
    journal so far, typed, and a copy (changing it changes nothing)."""
    d, post, _ = _one_post()
    assert d.post(post.id) == post and d.post("p999") is None and d.post(None) is None
    assert not d.is_answered(post.id) and d.first_replies == ()
    d.reply(post.id, "Sorry Ria, we are on it", 6)
    d.reply(post.id, "Ria, Wi-Fi Calling works now", 9)
    assert d.is_answered(post.id) and not d.is_answered(None)
    assert [e.text for e in d.first_replies] == ["Sorry Ria, we are on it"]
    assert [e.text for e in d.sent] == ["Sorry Ria, we are on it", "Ria, Wi-Fi Calling works now"]
    evs = d.events
    assert evs[0].kind == "drill_start" and [e.kind for e in evs] == [e.kind for e in d.journal.typed]
    assert isinstance(evs, tuple) and len(d.events) == len(evs)
