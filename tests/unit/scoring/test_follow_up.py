"""A follow-up is judged against what the thread already got (scoring/followup.py)."""
from __future__ import annotations

from scoring import Fact, ReplyContext, score_reply

FACTS = (Fact("Calls, texts and mobile data are down across the UK since 06:30", "status", 0),
         Fact("Engineers are investigating; no ETA yet", "status", 0),
         Fact("Wi-Fi Calling works for customers connected to Wi-Fi", "workaround", 90),
         Fact("Service is coming back region by region; expected fully restored by 18:00", "eta", 390))
POST = "@VelaMobile no signal all morning, when will it be back? I work from my van"
FIRST = ("@ria_s So sorry Ria, that's a rotten start with a van to run. Engineers are investigating and there's "
         "no ETA yet; I'll update you here.")


def s(reply, thread=(FIRST,), at=400.0, previous=(FIRST,)):
    return score_reply(ReplyContext(post=POST, reply=reply, persona="angry", facts=FACTS, at=at,
                                    previous_replies=previous, thread_replies=thread,
                                    author_name="Ria Shah", author_handle="@ria_s", brand="Vela Mobile"))


def test_saying_it_again_is_told_so_and_scores_low_on_substance():
    again = "@ria_s So sorry again Ria, engineers are still investigating and there's no ETA yet; I'll update you here."
    r = s(again)
    assert "followup_repeat" in r.markers and r.substance <= 20 and r.overall < 45, r.reasons
    assert r.reasons[0].startswith("- this follow-up says nothing your earlier reply did not")
    assert "copy_paste" not in r.markers          # the same person's thread: not copy-paste to the crowd
    alone = s(again, thread=(), previous=())      # the same words as a first reply are fine
    assert "followup_repeat" not in alone.markers and alone.substance > 60


def test_news_the_earlier_reply_lacked_gets_credit():
    news = "@ria_s Update for you Ria: service is coming back region by region and should be fully restored by 18:00."
    r = s(news)
    assert "followup_news" in r.markers and "followup_repeat" not in r.markers
    assert any(x.startswith("+ followed up with news") for x in r.reasons)
    assert r.substance > s(news, thread=()).substance and r.overall >= 65


def test_a_correction_of_an_unsupported_promise_gets_credit():
    bad = "@ria_s Sorry Ria! It will be fixed by 11:00, promise."
    fix = "@ria_s Ria, I was wrong earlier: there's no fix time yet. Engineers are investigating; I'll update you here."
    r = s(fix, thread=(bad,), previous=(bad,), at=100)
    assert "followup_correction" in r.markers and "followup_repeat" not in r.markers, r.reasons
    assert r.overall > 70
    # and a follow-up that repeats the wrong promise is no correction
    worse = s("@ria_s Ria, like I said, fixed by 11:00!", thread=(bad,), previous=(bad,), at=100)
    assert "followup_correction" not in worse.markers and worse.overall < 40


def test_the_question_may_be_answered_by_the_thread_as_a_whole():
    extra = "@ria_s Ria, one more thing for the van: Wi-Fi Calling works for customers connected to Wi-Fi."
    alone = s(extra, thread=(), previous=())
    follow = s(extra)
    assert "ignores_question" in alone.markers     # "when will it be back?" is not answered here ...
    assert "ignores_question" not in follow.markers  # ... but the earlier reply said: no ETA yet
    assert "followup_news" in follow.markers and follow.overall > alone.overall


def test_no_thread_no_change():
    reply = "@ria_s Sorry Ria, Wi-Fi Calling works for customers connected to Wi-Fi."
    assert s(reply, thread=()) == s(reply, thread=("", "  "))     # blank earlier replies are no thread


def test_advice_the_facts_do_not_hold_yet_is_not_called_a_repeat():
    # Before the Wi-Fi Calling fact is out (at=60), this brings new words ("wi-fi", "works"):
    # it is judged as an unknown claim might be, but it does not say nothing new.
    told = ("So sorry Ria, calls, texts and data are down across the UK since 06:30; engineers are on it, "
            "no fix time yet. I'll update you here",)
    r = s("Quick update Ria: Wi-Fi Calling works if you're on Wi-Fi, so calls can get through that way",
          thread=told, previous=told, at=60.0)
    assert "followup_repeat" not in r.markers, r.reasons
    again = s("Quick update Ria: engineers are still on it, sorry, no fix time yet, I'll update you here",
              thread=told, previous=told, at=60.0)
    assert "followup_repeat" in again.markers, again.reasons
