"""An offer of money or free service beside the one that is known is invented: before, a reply
that added "plus a free month" to a known claims process, or promised "a month's broadband free"
beside a known £15 credit, scored 60-65 with no reason given, because the scorer only compared
amounts and the words of the known offer."""
from __future__ import annotations

import pytest

from scoring import ReplyContext, score_reply

TRAINS = ("Services suspended between Hebden and Todmorden", "Delay Repay claims open for all affected journeys")
BROADBAND = ("Broadband down in LS6 for a second day", "Affected customers get an automatic £12 credit on their next bill")


def score(post, reply, facts):
    return score_reply(ReplyContext(post=post, reply=reply, facts=facts, persona="angry", voice="warm"))


@pytest.mark.parametrize("post,reply,facts", [
    ("stuck at Hebden again, do I get anything back?",
     "Sorry! Everyone on the line gets a full refund and a free week of travel.", TRAINS),
    ("LS6 broadband dead two days now, am I still paying?",
     "Sorry, two days is rotten. Everyone in LS6 gets a month's broadband free.", BROADBAND),
    ("LS6 broadband dead two days now, am I still paying?",
     "Sorry, two days is rotten. You'll get two free months of broadband for this.", BROADBAND),
])
def test_an_offer_nobody_announced_misleads(post, reply, facts):
    r = score(post, reply, facts)
    assert "fault:misleading" in r.markers and r.overall < 35, (r.overall, r.reasons)


@pytest.mark.parametrize("post,reply,facts", [
    ("stuck at Hebden again, do I get anything back?",
     "Yes: claim through Delay Repay for this journey and you'll get compensation for the delay.", TRAINS),
    ("LS6 broadband dead two days now, am I still paying?",
     "Sorry, two days is rotten. An automatic £12 credit goes on your next bill, no need to claim.", BROADBAND),
])
def test_the_known_offer_said_plainly_is_fine(post, reply, facts):
    r = score(post, reply, facts)
    assert "fault:misleading" not in r.markers and r.overall > 60, (r.overall, r.reasons)
