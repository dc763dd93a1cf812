"""What a reply says about the state of a service, told from what people are doing about it, from
what will be or may be, and from what is true now (scoring/claims.py's state claims).

Each case was wrong before: "our engineers are working on the app" was read as "the app is
working" and failed as a contradiction of "the app is down"; "we'll tell you as soon as it's
working" too; while "it's back up now", said when the facts say it is down, passed unseen. And a
warm reply to a medical emergency that left out the known "call 999" scored near 50.
"""
from __future__ import annotations

import pytest

from scoring import ReplyContext, score_reply
from scoring.claims import state_claims

POST = "the Fernway app won't open and my season ticket is on it, train in 20 mins"
DOWN = ("Fernway app down for all users", "Guards will accept a booking reference today")


def score(reply, facts=DOWN, post=POST, persona="angry"):
    return score_reply(ReplyContext(post=post, reply=reply, facts=tuple(facts), persona=persona, voice="warm"))


def contradicts(result) -> bool:
    return any("contradicts what is known" in r for r in result.reasons)


@pytest.mark.parametrize("reply", [
    "Sorry, our developers are working on the Fernway app right now; show the guard your booking reference.",
    "The team is working flat out to get the Fernway app open again. Guards will take your booking reference today.",
    "We're working on it, sorry. Show the guard your booking reference today and you're fine.",
    "Staff have been working through the night on the Fernway app; guards accept a booking reference today.",
])
def test_people_working_on_it_is_not_a_claim_that_it_works(reply):
    r = score(reply)
    assert not contradicts(r), r.reasons
    assert "fault:misleading" not in r.markers and r.overall > 55


@pytest.mark.parametrize("reply", [
    "Guards will accept your booking reference today, and we'll post here as soon as the Fernway app is working.",
    "Show your booking reference to the guard today; we'll tell you when the app works again.",
    "If the Fernway app does open for you, the ticket is there; if not, guards accept a booking reference today.",
    "Once the app is running we'll say so here. For now, guards accept your booking reference.",
])
def test_what_will_be_or_may_be_is_not_asserted(reply):
    r = score(reply)
    assert not contradicts(r), r.reasons


@pytest.mark.parametrize("reply", [
    "Good news, the Fernway app is working again now, so your season ticket will open.",
    "The Fernway app is back up now, try opening your season ticket again.",
    "Fernway app is back to normal, sorry for the trouble this morning.",
    "We've fixed the Fernway app, so your season ticket should open for the 20-minute train.",
    "The Fernway app is restored for all users now.",
    "Sorry for the wait: the Fernway app is back online, so your season ticket will open.",
])
def test_saying_it_works_now_when_it_is_down_misleads(reply):
    r = score(reply)
    assert contradicts(r) and any("Fernway app down" in x for x in r.reasons), r.reasons
    assert r.overall < 35


def test_saying_it_is_not_back_yet_agrees_with_the_facts():
    r = score("The Fernway app isn't back up yet, sorry: show the guard your booking reference today.")
    assert not contradicts(r) and r.overall > 55


def test_back_up_is_supported_once_the_facts_say_it_is_restored():
    facts = ("Fernway app down for all users", "Fernway app restored for all users at 08:40")
    r = score("The Fernway app is back up now, so your season ticket will open.", facts=facts)
    assert not contradicts(r), r.reasons


def test_a_time_to_come_stays_a_time_not_a_state():
    # "we'll have it back up soon" is a fix-time promise, judged as one, not a claim it works now
    assert state_claims("We'll have the Fernway app back up and running soon.") == ()
    assert state_claims("The Fernway app is back up and running.") != ()


SEIZURE = "my dad's having a seizure and the Calder GP line just rings out, what do I do"
MEDICAL = ("Calder GP phone lines down", "In an emergency call 999", "NHS 111 for urgent advice")


def test_an_emergency_without_the_emergency_advice_fails():
    warm = score("We're so sorry, that sounds so frightening. Please DM us your surgery and we'll chase it within "
                 "the hour. Thanks for bearing with us.", facts=MEDICAL, post=SEIZURE, persona="vulnerable")
    right = score("Please call 999 now for your dad, and don't wait on our GP lines: they are down this morning.",
                  facts=MEDICAL, post=SEIZURE, persona="vulnerable")
    assert "fault:no_safety_advice" in warm.markers and warm.overall < 25
    assert any("emergency advice is missing" in x and "call 999" in x for x in warm.reasons), warm.reasons
    assert "fault:no_safety_advice" not in right.markers and right.overall > warm.overall + 30


def test_no_emergency_no_emergency_advice_needed():
    r = score("Sorry, our GP lines are down this morning; for a repeat prescription NHS 111 can advise, or try "
              "again after lunch.", facts=MEDICAL, post="Calder GP line rings out, I need my repeat prescription",
              persona="angry")
    assert "fault:no_safety_advice" not in r.markers


def test_a_meters_emergency_credit_is_not_an_emergency():
    facts = ("Top-ups failing at every PayPoint", "Every prepay meter has £15 of emergency credit: press A, then B",
             "In an emergency call 999")
    r = score("Press A then B on the meter to switch on its £15 credit; we will post here before that could run out.",
              facts=facts, post="my meter's on emergency credit already, what happens when it runs out?")
    assert "fault:no_safety_advice" not in r.markers, r.reasons


def test_call_us_back_on_a_number_is_not_a_claim_that_it_works():
    facts = ("Card payments are failing for many customers since 07:00", "Phone lines are open until 8pm")
    r = score("Sorry Jo, that's a rotten start to the day. Call us back on the number on your card, lines are open "
              "till 8pm.", facts=facts, post="card declined twice at the petrol station, what do I do?")
    assert not contradicts(r), r.reasons
