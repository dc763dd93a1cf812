"""The scorer's judgement, mechanism by mechanism, each in both directions.

Written for this project (other brands, other wording than any calibration file): claims against
facts, secrets and scam warnings, the question and its answer, fitting any post, register, the
order of the overall, reasons a trainee can act on, and replies that are not English prose.
"""
from __future__ import annotations

import pytest

from scoring import Fact, ReplyContext, score_reply
from scoring.claims import check
from scoring.questions import answered, asks
from scoring.secrets import request, warning


def s(post, reply, facts=(), persona=None, voice="warm", **kw):
    return score_reply(ReplyContext(post=post, reply=reply, facts=tuple(facts), persona=persona, voice=voice, **kw))


GAS = ("Gas leak being repaired on Mill Lane", "Homes on Mill Lane must not use gas cookers or boilers until checked by an engineer",
       "Plug-in electric heaters are safe to use")


# -- 1. claims checked against what is known ------------------------------------------------------
class TestClaims:
    def test_a_reply_that_reverses_a_safety_fact_is_unsafe_and_fails(self):
        post = "freezing on Mill Lane, is it ok to light the boiler for an hour?"
        bad = s(post, "Sorry Dee, that's miserable. The boiler should be fine for an hour if you keep a window open.", GAS, "vulnerable")
        good = s(post, "Please don't, Dee: no gas boilers or cookers until an engineer has checked your home. "
                       "A plug-in electric heater is safe to use meanwhile.", GAS, "vulnerable")
        assert "fault:unsafe" in bad.markers and bad.overall < 25
        assert any("must not use gas cookers" in r for r in bad.reasons)
        assert "fault:unsafe" not in good.markers and good.overall > bad.overall + 30

    def test_negation_is_scoped(self):
        facts = ("Landlines down in Hexley", "112 calls work from any mobile handset", "Wi-Fi calling works")
        post = "landline's dead in Hexley, my mum's frail. can she still call 112?"
        wrong = s(post, "I'm afraid 112 won't work from mobiles until we're fixed.", facts, "vulnerable")
        right = s(post, "Yes: 112 works from any mobile handset, even with the landline down. Please don't worry about that part.",
                  facts, "vulnerable")
        assert "fault:unsafe" in wrong.markers
        assert not {"fault:unsafe", "fault:misleading"} & set(right.markers)

    def test_antonyms_count_as_negation(self):
        facts = ("Northgate walk-in clinic is open as normal", "Booking website offline")
        bad = check("Sadly the walk-in clinic has had to shut today.", tuple((f, None) for f in facts))
        ok = check("The walk-in clinic is open as normal.", tuple((f, None) for f in facts))
        assert [v.status for v in bad] == ["contradicted"] and all(v.status == "supported" for v in ok)

    def test_two_things_in_one_sentence_are_two_claims(self):
        facts = (("Card payments failing at all stores", None), ("Cash machines working in all stores", None))
        v = check("Card payments are failing in stores, but cash machines are working.", facts)
        assert len(v) == 2 and all(x.status == "supported" for x in v)
        v = check("Card payments are working in stores, but cash machines are failing.", facts)
        assert len(v) == 2 and all(x.status == "contradicted" for x in v)

    def test_denying_a_reported_outage_is_misleading(self):
        facts = ("Broadband outage across Kelso and Melrose since 7am", "Engineers repairing a damaged cable")
        post = "no internet in Melrose again, anyone else?"
        bad = s(post, "There are no known issues in Melrose, so it's probably your router. Try a restart!", facts)
        good = s(post, "It's not your router: there's an outage across Kelso and Melrose since 7am, and engineers are "
                       "repairing a damaged cable.", facts)
        assert "fault:misleading" in bad.markers and "fault:misleading" not in good.markers
        assert good.overall > bad.overall + 25

    @pytest.mark.parametrize("reply,fault", [
        ("It'll be back by 5pm, promise.", True),
        ("Crews say it's a quick job, so you'll be online again this afternoon.", True),
        ("I won't promise a time: there isn't one yet, and I'll post it here when there is.", False),
        ("We don't know yet when it'll be fixed; the next update is at 3pm.", False),
    ])
    def test_time_claims_against_a_no_time_fact(self, reply, fault):
        facts = ("Outage in Alnwick after a cable fault", "No repair time yet", "Next update 15:00")
        r = s("when is Alnwick back??", reply, facts, "angry")
        assert ("fault:misleading" in r.markers) is fault, r.reasons

    def test_a_time_the_facts_give_is_supported_and_a_time_nobody_gave_is_unsupported(self):
        facts = ("Water supply off in Ripon", "Expected back by 19:00")
        ok = s("when's the water back in Ripon?", "We expect it back by 7pm.", facts)
        assert "fault:misleading" not in ok.markers and "answers_question" in ok.markers
        made_up = s("when's the water back in Ripon?", "It'll be back within the hour.", ("Water supply off in Ripon",))
        assert "unsupported_eta" in made_up.markers and "fault:misleading" in made_up.markers

    @pytest.mark.parametrize("reply,bad", [
        ("It was caused by a lightning strike on the substation.", True),
        ("We've been hacked, sadly.", True),
        ("We don't know the cause yet; engineers are still looking.", False),
        ("There's no sign of a hack: it's a fault we're still tracing.", False),
    ])
    def test_cause_claims(self, reply, bad):
        facts = ("Power cut across Selby", "The cause is under investigation", "There is no evidence of a cyber attack")
        r = s("why is Selby off again? was it hackers?", reply, facts, "question")
        assert ("fault:misleading" in r.markers) is bad, r.reasons

    def test_money_promised_against_an_undecided_position(self):
        facts = ("Streaming outage for two hours tonight", "Any goodwill credit will be decided after the incident review")
        bad = s("do we get money back for tonight?", "Everyone affected gets £20 off next month, automatically!", facts)
        good = s("do we get money back for tonight?", "Honestly, not decided yet: any credit will be decided after the "
                                                       "incident review, and we'll say here.", facts)
        assert "fault:misleading" in bad.markers and "fault:misleading" not in good.markers

    def test_a_fact_released_after_the_reply_gives_no_credit(self):
        facts = (Fact("Exchange repaired; service returning", kind="restored", at=900.0),)
        early = s("is it fixed yet?", "The exchange is repaired and service is returning.", facts, at=300.0)
        late = s("is it fixed yet?", "The exchange is repaired and service is returning.", facts, at=1200.0)
        assert "uses_facts" not in early.markers and "uses_facts" in late.markers


# -- 2. secrets and scams -------------------------------------------------------------------------
class TestSecrets:
    @pytest.mark.parametrize("reply", [
        "DM us the long number across the front of your card and we'll sort it.",
        "Pop the three little digits from the back of your card in a message to us.",
        "Just reply with the code we texted you and we'll log you in.",
        "Please send your online banking password so we can check.",
        "To verify you, DM your mother's maiden name and full date of birth.",
        "Message us your PIN and we'll unblock the card right away.",
    ])
    def test_asking_for_a_secret_is_a_severe_fault_however_it_is_put(self, reply):
        r = s("my card's blocked after your outage, help", reply, ("Cards blocked by the outage unblock by 6pm",))
        assert "fault:secrets" in r.markers and r.overall < 25, r.reasons

    @pytest.mark.parametrize("reply", [
        "That was NOT us. We never ask for your PIN or a code: hang up and ring the number on your card.",
        "Please don't share that code with anyone, us included. It's only for typing into the app.",
        "DM us your booking reference and we'll check where your refund is.",
    ])
    def test_a_scam_warning_or_an_ordinary_dm_is_not_a_secrets_request(self, reply):
        assert request(reply) is None

    def test_a_firm_scam_warning_scores_well(self):
        post = "someone rang saying they're your fraud team and need my PIN because of the outage. is this you??"
        facts = ("Scam calls exploiting the outage have been reported", "We will never ask for your PIN or passcodes")
        good = s(post, "That was NOT us. We will never ask for your PIN or passcodes. Hang up, and if you shared "
                       "anything, call us on the number on your card.", facts, "question")
        assert "scam_warning" in good.markers and good.overall >= 60, good.reasons
        assert not {"shouting", "blame", "fault:secrets"} & set(good.markers)
        assert warning("Never give your PIN to anyone who calls.")


# -- 3. the question and its answer ---------------------------------------------------------------
class TestQuestions:
    @pytest.mark.parametrize("post,kind", [
        ("when will the trains be running again?", "when"),
        ("where can I get bottled water near Ely?", "where"),
        ("is it just my street or the whole town?", "whether"),
        ("who do I call about my meter?", "contact"),
        ("am I entitled to a refund for this?", "money"),
        ("why does this keep happening?", "why"),
        ("is it safe to drink the tap water?", "safe"),
        ("what should I do with the food in my freezer?", "what_do"),
    ])
    def test_what_the_post_asks(self, post, kind):
        assert asks(post)[0] == kind

    @pytest.mark.parametrize("kind,good,bad", [
        ("when", "No fix time yet, sorry; next update at 4pm.", "We know how frustrating this is."),
        ("where", "There's a water station at Ely Library car park.", "We're so sorry you're without water."),
        ("contact", "Ring 0800 555 0123, it's free.", "We're here for you."),
        ("money", "Yes: you can claim a refund at our website.", "Thanks for bearing with us."),
        ("why", "It's down because of a failed update last night.", "Our teams are on it."),
    ])
    def test_the_kind_of_answer(self, kind, good, bad):
        assert answered(kind, good) and not answered(kind, bad)

    def test_sharing_a_word_is_not_answering_and_the_reason_says_what_was_missing(self):
        post = "how long until the water's back in Thirsk?"
        r = s(post, "Water in Thirsk is such a worry, and we're sorry.", ("Burst main in Thirsk",), "question")
        assert "ignores_question" in r.markers
        assert any("they asked when: give the time, or say there isn't one yet" in x for x in r.reasons)
        ok = s(post, "There's no restoration time yet for Thirsk; I'll post here once there is.", ("Burst main in Thirsk",),
               "question")
        assert "answers_question" in ok.markers and ok.overall > r.overall


# -- 4. fitting this post, not any post ------------------------------------------------------------
class TestSpecificity:
    STOCK = ("We're so sorry for the trouble and completely understand your frustration. We appreciate your patience "
             "and our team is working hard. Please DM us and we'll keep you updated!")

    def test_a_stock_reply_is_generic_and_loses_to_a_specific_one(self):
        post = "bins not emptied on Holly Road for 3 weeks, rats now"
        facts = ("Collections delayed by a fleet breakdown", "Holly Road will be collected on Saturday")
        stock = s(post, self.STOCK, facts, "angry")
        real = s(post, "Three weeks with rats about is grim, I'm sorry. A fleet breakdown delayed us; Holly Road is "
                       "collected this Saturday.", facts, "angry")
        assert "generic" in stock.markers and "generic" not in real.markers
        assert any("this would fit any post" in x for x in stock.reasons)
        assert stock.overall < 50 and real.overall > stock.overall + 20

    def test_pasting_the_posts_longest_word_into_a_template_does_not_make_it_specific(self):
        post = "my pharmacy delivery didn't arrive and I'm out of inhalers"
        r = s(post, "So sorry to hear about inhalers! " + self.STOCK, (), "vulnerable")
        assert "generic" in r.markers and r.overall < 50

    def test_the_drills_other_posts_are_used_when_given(self):
        reply = "Sorry about the ferry and the wedding, that is rotten."
        post = "the ferry to Mull with my wedding dress on it is cancelled"
        alone = s(post, reply)
        crowd = s(post, reply, other_posts=("ferry cancelled and we're due at a wedding", "wedding guests stuck, no ferry"))
        assert "generic" not in alone.markers and "generic" in crowd.markers

    def test_sympathy_saturates(self):
        post = "no heating in the flat since Monday, two toddlers"
        facts = ("Heating network fault in Ashby Court", "Engineer visits booked for today")
        one = s(post, "Sorry, no heating with two toddlers is hard. An engineer visit is booked for today.", facts)
        pile = s(post, "So sorry, we completely understand, we hear you and we're here for you, thanks for bearing with us, "
                       "we appreciate your patience. An engineer visit is booked for today.", facts)
        assert "boilerplate" in pile.markers and one.overall > pile.overall
        assert pile.empathy <= one.empathy + 5


# -- 5. register ------------------------------------------------------------------------------------
class TestRegister:
    def test_laughing_at_a_frightened_person_is_a_severe_fault(self):
        post = "lift stuck between floors with my dad in his wheelchair, I'm scared"
        for reply in ("😂", "Ha, going up in the world! 😅 Engineers are on the way.",
                      "Good news!! Engineers are on the way, you've got this! 💪"):
            r = s(post, reply, ("Lift engineers on site at Tower B",), "vulnerable")
            assert "fault:misplaced_humour" in r.markers and r.overall < 35, (reply, r.reasons)
        calm = s(post, "I'm sorry, that's frightening. Lift engineers are on site at Tower B now; if your dad feels unwell, "
                       "call 999.", ("Lift engineers on site at Tower B",), "vulnerable")
        assert "fault:misplaced_humour" not in calm.markers

    def test_humour_fits_a_joker_but_not_a_formal_brand(self):
        post = "broadband so slow I've taken up knitting lol"
        reply = "Ha, we'll take the scarf as compensation 😄 The slowdown is a congested exchange; a fix goes in at 6pm."
        facts = ("Congested exchange slowing broadband", "Fix scheduled for 18:00")
        playful = s(post, reply, facts, "joker", voice="playful")
        formal = s(post, reply, facts, "joker", voice="formal")
        assert "humour" in playful.markers and "fault:misplaced_humour" not in playful.markers
        assert "fault:misplaced_humour" in formal.markers and formal.overall < playful.overall

    @pytest.mark.parametrize("reply", [
        "For the fourth time: the 14 is running. Hope that helps! 🙂",
        "Bless you, it's really not complicated, just look at the map.",
        "Thanks for the lovely message 😊 The 14 is running.",
        "Your 'urgent' request is in the queue like everyone else's.",
    ])
    def test_sarcasm_and_condescension_by_their_shapes(self, reply):
        post = "useless clowns, is the 14 running or not?? my urgent request has been ignored"
        plain = s(post, "Sorry you've had to chase. Yes, the 14 is running to the hospital as normal.",
                  ("Route 14 running as normal",), "angry")
        r = s(post, reply, ("Route 14 running as normal",), "angry")
        assert {"sarcasm", "condescending"} & set(r.markers), r.reasons
        assert plain.tone > r.tone and plain.overall > r.overall

    def test_congratulations_that_are_meant_are_not_sarcasm(self):
        post = "new baby at home and a text asking for my PIN 'to keep the account open'. real?"
        r = s(post, "Congratulations on the baby! That text was NOT us: we never ask for your PIN. Please don't reply to it.",
              ("Scam texts are circulating",), "question")
        assert "sarcasm" not in r.markers and "scam_warning" in r.markers


# -- 6. the overall: safe and honest, then helpful, then warm ---------------------------------------
def test_warmth_never_buys_back_danger_or_dishonesty():
    post = "the water smells of chemicals in Yeovil, can I still give it to my kids?"
    facts = ("Do not drink tap water in Yeovil until further notice", "Bottled water at Yeovil Library")
    warm_wrong = s(post, "Oh I completely understand, little ones come first 💙 It'll be fine to drink, thanks for "
                         "your patience and take care!", facts, "vulnerable")
    plain_right = s(post, "No, please don't: no tap water for drinking until further notice. Bottled water is at Yeovil "
                          "Library.", facts, "vulnerable")
    assert "fault:unsafe" in warm_wrong.markers and warm_wrong.overall < 25
    assert plain_right.overall > warm_wrong.overall + 35
    assert warm_wrong.reasons[0].startswith("- ") and "Do not drink" in warm_wrong.reasons[0]


def test_speed_does_not_lift_a_fault_over_its_cap():
    facts = ("Do not drink tap water in Yeovil until further notice",)
    slow = s("can I drink the water?", "Yes, the tap water is fine to drink.", facts, seconds_to_reply=400)
    fast = s("can I drink the water?", "Yes, the tap water is fine to drink.", facts, seconds_to_reply=5)
    assert fast.overall < 25 and slow.overall <= fast.overall


# -- 7. reasons a trainee can act on -----------------------------------------------------------------
def test_reasons_quote_whole_words():
    post = "waited forty minutes at Harlow for a bus that never came"
    r = s(post, "Forty minutes waiting is rotten, I'm sorry. Buses from Harlow are running again from 4pm.",
          ("Harlow buses running again from 16:00",))
    quoted = [x for x in r.reasons if "(" in x and not x.startswith("+ used what is known")]   # that one names the fact
    assert quoted
    words = set("Forty minutes waiting is rotten I'm sorry Buses from Harlow are running again 4pm".lower().split())
    for x in quoted:
        inside = x[x.index("(") + 1:x.rindex(")")].rstrip("…").replace(",", " ").lower().split()
        assert all(w in words for w in inside), x


def _quoted(reason: str) -> str:
    """What a reason quotes: the text in its last (...) or its first '...'."""
    if reason.endswith(")") and "(" in reason:
        return reason[reason.rindex("(") + 1:-1]
    return reason.split("'")[1]


def _is_whole_words_of(quote: str, text: str) -> bool:
    """``quote`` (without a closing "…") is a run of whole words of ``text``."""
    import re
    q = quote.removesuffix("…").strip()
    return bool(q) and re.search(r"(?<![\w'’])" + re.escape(q) + r"(?![\w'’])", text, re.I) is not None


@pytest.mark.parametrize("reply, marker, want", [
    ("That's a rotten start to the week, Sam, I'm sorry.", "emotional_reaction", "That's a rotten"),    # not "'s a rotten"
    ("That’s a rotten start to the week, Sam, I’m sorry.", "emotional_reaction", "That’s a rotten"),    # not "s a rotten"
    ("Honestly, you're exaggerating: the app only blipped.", "arguing", "exaggerating"),                # not "exaggerat"
    ("Sorry for the wait. If it is urgent, call 0800 111 222 and press 2.", "workaround", "call 0800"),   # not "call 0"
])
def test_a_match_inside_a_word_is_quoted_as_the_whole_word(reply, marker, want):
    r = s("my app keeps crashing, rubbish", reply)
    assert marker in r.markers, r.reasons
    reason = next(x for x in r.reasons if want.lower() in x.lower())
    assert _quoted(reason) == want
    assert _is_whole_words_of(_quoted(reason), reply)


def test_a_stemmed_word_is_quoted_as_the_reply_says_it():
    post = "no signal across the whole of Tarnwick since lunch"
    r = s(post, "No signal across Tarnwick since lunch is grim, I'm sorry.")
    ack = next(x for x in r.reasons if x.startswith("+ engaged with their situation"))
    assert _quoted(ack) in {"across", "tarnwick", "lunch", "signal", "whole"}    # the reply's word, never "acros"
    assert _is_whole_words_of(_quoted(ack), "No signal across Tarnwick since lunch is grim")


def test_a_long_fact_is_quoted_up_to_a_whole_word():
    fact = "Calls, texts and mobile data are down across the UK since 06:30"
    r = s("is it just me? no calls or data since this morning", "It's not just you: calls, texts and mobile data "
          "are down across the UK since 06:30, sorry.", (fact,))
    used = next(x for x in r.reasons if x.startswith("+ used what is known"))
    q = _quoted(used)
    assert q.endswith("…") and len(q) <= 41
    assert q == "Calls, texts and mobile data are down…"        # cut between words, never "down a…"
    assert _is_whole_words_of(q, fact)


def test_a_short_quote_is_kept_whole_and_gets_no_ellipsis():
    fact = "Texts are down in Hexley"
    r = s("texts not sending in Hexley??", "Yes, texts are down in Hexley, sorry: engineers are on it.", (fact,))
    used = next(x for x in r.reasons if x.startswith("+ used what is known"))
    assert _quoted(used) == fact


def test_a_contradicted_fact_is_named_in_whole_words():
    facts = ("Our engineers are investigating; there is no estimated time for the fix yet, and updates follow hourly",)
    r = s("when will it be back?", "It'll definitely be back by 6pm tonight, I promise!", facts)
    reason = next(x for x in r.reasons if "contradicts what is known" in x)
    said, fact = reason.split("' contradicts what is known: ")
    assert _is_whole_words_of(said.removeprefix("- '"), "It'll definitely be back by 6pm tonight, I promise!")
    assert _is_whole_words_of(fact.strip('"'), facts[0])


def test_good_practice_is_not_mistaken_for_a_fault():
    facts = ("Refunds reach your account within 5 working days",)
    r = s("where's my refund?", "Sorry it's slow, we should have told you sooner. Refunds reach your account within "
                                "5 working days.", facts)
    assert not {"legalese", "blame", "unsupported_eta", "fault:misleading"} & set(r.markers), r.reasons


# -- 8. replies that are not English prose ----------------------------------------------------------
@pytest.mark.parametrize("reply", ["Λυπούμαστε πολύ, το πρόβλημα θα λυθεί σύντομα.", "非常抱歉，我们正在修复。"])
def test_a_reply_not_in_english_is_told_so(reply):
    r = s("no signal since noon", reply)
    assert "not_english" in r.markers and r.reasons == ["- Stormdesk scores replies in English"]


def test_emoji_only_replies_are_judged_for_what_they_are():
    scared = s("I'm pregnant and alone and the power's off", "😂", persona="vulnerable")
    heart = s("I'm pregnant and alone and the power's off", "💙", persona="vulnerable")
    joke = s("my toaster has better uptime than you lol", "😂", persona="joker", voice="playful")
    assert "fault:misplaced_humour" in scared.markers and "fault:misplaced_humour" not in heart.markers
    assert "emoji_only" in joke.markers and "empty_reply" not in joke.markers
    assert scared.overall < heart.overall and max(scared.overall, heart.overall, joke.overall) < 30
