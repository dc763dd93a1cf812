"""Holes a second fresh probe found (register, answers, safety), each tested both ways in new words:

- "you're entitled to a hotel" was read as calling them entitled (an insult): 75 -> 33;
- "we'll post as soon as the app's back" was read as a promised fix time;
- "per our last tweet", "maybe check the status page before tweeting next time", "if you'd just
  scroll down" talked down to them unseen (58-64);
- "what am I supposed to do?" was typed as a yes-or-no question;
- "3 days added to your subscription" did not count as the compensation position, and "as a
  result of" did not count as a cause;
- "it should be fine to move it" passed against "never touch or approach fallen power lines"
  (moving, touching and approaching are one thing to a safety fact), and "grounded" was no state;
- a workaround is an answer to "what should I do?";
- "Maybe check our status page before tweeting next time?" was told it was not English.
"""
from __future__ import annotations

import pytest

from scoring import Fact, ReplyContext, score_reply


def score(post, reply, facts=(), persona="question", voice="warm"):
    return score_reply(ReplyContext(post=post, reply=reply, persona=persona, voice=voice,
                                    facts=tuple(Fact(text=t, kind=k) for t, k in facts)))


def test_entitled_to_something_is_not_an_insult_but_sounding_entitled_is():
    facts = (("Customers on cancelled sailings are entitled to a full refund or a free transfer", "compensation"),)
    good = score("my 6am ferry to Brodick is cancelled, do I get anything back?",
                 "Sorry, that's a miserable start. You're entitled to a full refund or a free transfer to the next sailing.",
                 facts, persona="angry")
    bad = score("my 6am ferry to Brodick is cancelled, do I get anything back?", "You sound a bit entitled, to be honest.", facts,
                persona="angry")
    assert "insult" not in good.markers and good.overall >= 65, (good.overall, good.reasons)
    assert "insult" in bad.markers


def test_as_soon_as_something_is_back_is_no_fix_time():
    r = score("booking app down again, missed my class",
              "Sorry you missed it. Reception can book you in for now, and we'll post here as soon as the booking app is back.",
              (("Class booking app is down", "status"), ("Reception can take bookings", "workaround")), persona="angry")
    assert not {"unsupported_eta", "fault:misleading"} & set(r.markers), r.reasons


@pytest.mark.parametrize("reply", [
    "As per our previous tweet, it's down. It's all on our feed.",
    "If you'd just scrolled down you'd have seen it's down.",
    "It's down. Perhaps read the status page before tweeting next time?",
])
def test_talking_down_in_other_shapes_is_condescending(reply):
    r = score("is your app down or is it just me??", reply, (("The app is down for all users", "status"),), persona="angry")
    assert "condescending" in r.markers and r.overall < 45, (r.overall, r.reasons)
    assert "not_english" not in r.markers


def test_reading_the_status_page_is_fine_advice_without_the_jab():
    r = score("is your app down or is it just me??",
              "It's not just you, the app is down for everyone. The status page has the latest, and we'll post here too.",
              (("The app is down for all users", "status"),), persona="angry")
    assert "condescending" not in r.markers


def test_what_am_i_supposed_to_do_wants_an_instruction_and_a_workaround_is_one():
    facts = (("Tickets are valid on any later service today", "workaround"),)
    post = "my train to my sister's wedding just got cancelled, what am I supposed to do?"
    given = score(post, "I'm so sorry. Your ticket is valid on any later train today, so the 15:20 from platform 4 "
                        "still gets you there.", facts, persona="vulnerable")
    none = score(post, "I'm so sorry, that's really bad timing with the wedding.", facts, persona="vulnerable")
    assert "ignores_question" not in given.markers and given.overall >= 65, (given.overall, given.reasons)
    assert "ignores_question" in none.markers and any("what to do" in x for x in none.reasons), none.reasons


def test_days_added_is_a_compensation_answer_and_as_a_result_of_is_a_cause():
    comp = score("do subscribers get anything back for last night?",
                 "Yes: every subscriber gets 5 days added to their plan automatically.",
                 (("All subscribers get 5 days added to their plan", "compensation"),))
    why = score("why were the trains cancelled this morning?",
                "Sorry for the disruption: they were cancelled as a result of a signalling failure at Leeds.",
                (("Cancellations this morning after a signalling failure at Leeds", "status"),))
    assert "ignores_question" not in comp.markers, comp.reasons
    assert "ignores_question" not in why.markers, why.reasons


LINE = (("Never touch or approach fallen power lines; stay 10 metres away and call 105", "safety"),)


@pytest.mark.parametrize("reply", [
    "Yes, with thick gloves on it should be fine to move it.",
    "You can drag it aside if you're careful.",
])
def test_moving_a_line_the_facts_say_never_to_touch_is_unsafe(reply):
    r = score("a cable has come down across our gate in the wind, can I shift it myself?", reply, LINE)
    assert "fault:unsafe" in r.markers and r.overall < 30, (r.overall, r.reasons)


def test_keeping_away_from_the_line_agrees():
    r = score("a cable has come down across our gate in the wind, can I shift it myself?",
              "Please don't: never touch or go near a fallen line. Stay 10 metres back and call 105 now.", LINE)
    assert "fault:unsafe" not in r.markers and r.overall >= 55, (r.overall, r.reasons)


def test_grounded_is_a_state():
    facts = (("All Skylark flights from Carrow are operating today; allow extra time at check-in", "status"),)
    bad = score("are Skylark flights grounded today?", "Yes, sadly all flights are grounded today.", facts)
    good = score("are Skylark flights grounded today?",
                 "No, all Skylark flights from Carrow are operating today; allow extra time at check-in.", facts)
    assert "fault:misleading" in bad.markers and bad.overall < 35, (bad.overall, bad.reasons)
    assert "fault:misleading" not in good.markers


def test_a_short_english_jab_is_english_and_a_language_with_no_english_word_is_not():
    jab = score("is your app down or is it just me??", "Maybe check our status page before tweeting next time?",
                persona="angry")
    other = score("is your app down or is it just me??", "Maaf, layanan kami sedang gangguan, mohon bersabar sebentar.")
    assert "not_english" not in jab.markers and "condescending" in jab.markers, jab.reasons
    assert other.markers == ["not_english"], other.reasons
