"""Two holes a fresh probe of the scorer left open (other brands than the eval's):

- a bare "yes" or "no" claims nothing by its words, only by the question it answers: "Is the water
  fine now?" "Yep all good, drink up!" under a boil-water notice scored 59, and "Do I still need to
  boil it?" "No, ... drink away!" 63;
- a claim was aligned with the fact sharing the most words, not the fact said of the same thing:
  "All appointments are cancelled" against "Appointments will still go ahead as planned" was taken
  as agreeing with "Hospital appointment booking line down" (83), where "appointment" is only what
  kind of line it is.
"""
from __future__ import annotations

import pytest

from scoring import Fact, ReplyContext, score_reply
from scoring.claims import check


def score(post, reply, facts=(), persona="question", voice="warm"):
    return score_reply(ReplyContext(post=post, reply=reply, persona=persona, voice=voice,
                                    facts=tuple(Fact(text=t, kind=k) for t, k in facts)))


WATER = (("Boil water notice in force for Kettleby and Marsh End after a filter failure", "safety"),
         ("Bottled water at Kettleby Sports Hall, 9am to 7pm", "workaround"),
         ("The notice is expected to stay in place for two more days", "eta"))


@pytest.mark.parametrize("post,reply", [
    ("Is the water ok now? the kids are thirsty", "Yes, all fine! Pour away 😊"),
    ("is our tap water safe yet", "Yep, you're good to go!"),
    ("Do we still need to boil the water in Marsh End? Neighbours are saying different things",
     "Nope, that was only ever a couple of streets. Enjoy!"),
])
def test_a_bare_yes_or_no_that_says_the_water_is_safe_is_unsafe(post, reply):
    if "?" not in post:
        post += "?"
    r = score(post, reply, WATER)
    assert "fault:unsafe" in r.markers and r.overall < 35, (r.overall, r.reasons)
    assert any(reply.split("!")[0].split(",")[0] in x and "contradicts" in x for x in r.reasons), r.reasons


@pytest.mark.parametrize("post,reply", [
    ("Is the water ok now? the kids are thirsty",
     "No, not yet, I'm sorry. Please boil it and let it cool first; there's bottled water at Kettleby Sports Hall "
     "until 7pm."),
    ("Do we still need to boil the water in Marsh End?",
     "Yes, please keep boiling it for now. The notice should stay for about two more days, and bottled water is at "
     "Kettleby Sports Hall, 9am to 7pm."),
])
def test_the_right_yes_or_no_is_not_a_fault(post, reply):
    r = score(post, reply, WATER)
    assert not {"fault:unsafe", "fault:misleading"} & set(r.markers) and r.overall >= 60, (r.overall, r.reasons)


FLIGHTS = (("All flights from Hallam Airport cancelled this afternoon after a radar fault", "status"),
           ("Rebooking is free on the app or at the desks", "workaround"))


def test_yes_to_is_my_flight_still_going_misleads():
    r = score("Is my flight from Hallam still going ahead this afternoon?", "Yes! Have a lovely trip ✈️", FLIGHTS)
    assert "fault:misleading" in r.markers and r.overall < 40, (r.overall, r.reasons)
    good = score("Is my flight from Hallam still going ahead this afternoon?",
                 "No, I'm sorry: every flight from Hallam this afternoon is cancelled after a radar fault. You can "
                 "rebook free on the app or at the desks.", FLIGHTS)
    assert "fault:misleading" not in good.markers and good.overall >= 60, (good.overall, good.reasons)


@pytest.mark.parametrize("post", [
    "Isn't the water meant to be safe by now?",            # asked in the negative: a yes is no clear claim
    "Is the water safe or do I boil it?",                  # two things asked: a yes answers neither
    "Will I get money back for the bottled water I bought now that it's unsafe?",   # the state is not what is asked
])
def test_a_yes_claims_only_what_a_yes_or_no_question_asks(post):
    assert check("Yes.", tuple((t, k) for t, k in WATER), post) == ()


def test_a_yes_that_agrees_earns_no_credit_for_using_the_facts():
    r = score("Is the water still unsafe to drink?", "Yes.", WATER)
    assert "uses_facts" not in r.markers and "fault:unsafe" not in r.markers, r.markers


CLINIC = (("Appointment booking line down since 8am after a phone system fault", "status"),
          ("Appointments will still go ahead as planned", "status"),
          ("Patients can book or cancel on the online portal", "workaround"))


def test_a_claim_is_checked_against_the_fact_said_of_the_same_thing():
    r = score("is my appointment at the clinic still on tomorrow?",
              "Sorry, all appointments are cancelled until the phones are fixed.", CLINIC, persona="vulnerable")
    assert "fault:misleading" in r.markers and r.overall < 40, (r.overall, r.reasons)
    assert any("Appointments will still go ahead" in x for x in r.reasons), r.reasons


def test_a_thing_named_in_passing_is_still_read_right():
    r = score("is my appointment at the clinic still on tomorrow?",
              "Yes, it is: the booking line is down, but appointments still go ahead as planned. If you need to "
              "change it, the online portal works.", CLINIC, persona="vulnerable")
    assert "fault:misleading" not in r.markers and r.overall >= 60, (r.overall, r.reasons)


def test_the_fact_about_the_same_thing_decides_between_two():
    facts = (("Website down for all customers since 10:00", "status"), ("The app is working normally", "status"))
    v = check("Sorry, the app is down too.", facts, "can't get on your site")
    assert [x.status for x in v] == ["contradicted"] and v[0].fact == "The app is working normally", v
    v = check("Sorry, the website is down.", facts, "can't get on your site")
    assert [x.status for x in v] == ["supported"], v


GYM = (("Membership changes in the app are unavailable", "status"),
       ("Members can cancel by emailing help@ironfield.example", "workaround"))


def test_what_someone_can_do_is_an_action_not_a_state():
    facts = tuple((t, k) for t, k in GYM)
    ok = check("You can cancel by emailing help@ironfield.example.", facts, "how do I cancel with the app down?")
    assert [v.status for v in ok] == ["supported"], ok
    bad = check("Sorry, you can't cancel until the app is back.", facts, "how do I cancel with the app down?")
    assert [v.status for v in bad] == ["contradicted"], bad
    assert bad[0].fact.startswith("Members can cancel")


def test_a_purpose_the_facts_allow_is_not_read_against_another_fact():
    facts = (("Do Not Drink notice for Wrenfold after a chemical leak at the works", "safety"),
             ("Boiling the water will not make it safe", "safety"),
             ("Tap water can still be used for washing clothes", "status"))
    v = check("No, boiling won't make it safe this time. Tap water is fine for washing clothes though.", facts,
              "can I boil the tap water and drink it?")
    assert all(x.status == "supported" for x in v) and v, v
