"""sim.consistency: do two reply texts disagree, topic by topic (the scorer's claims analysis)?"""
from __future__ import annotations

import pytest

from sim.consistency import disagreement

DISAGREE = [
    ("This was caused by a cyber attack on our systems.", "The outage is due to a power fault at our exchange.", "cause"),
    ("We don't know the cause yet, engineers are investigating.", "It was a cyber attack, we're sorry.", "cause"),
    ("There is no evidence of a cyber attack.", "We've been hacked, sorry.", "cause"),
    ("Please don't travel to the airport today.", "Come to the airport as normal and check in at desk 4.", "advice"),
    ("Please don't travel unless essential.", "You can travel as planned, come to the airport by 10.", "advice"),
    ("Stay at home if you can.", "Head to the station, we have buses.", "advice"),
    ("Please don't drink the tap water until further notice.", "The tap water is safe to drink.", "advice"),
    ("The app is working fine for most people.", "Sorry, the app is down for everyone.", "status"),
    ("Everyone will get a £10 credit on their bill.", "You'll get a £20 credit on your bill.", "money"),
]
AGREE = [
    ("The outage is caused by a power cut at our Reading exchange.", "It's down to a power failure at the Reading exchange."),
    ("Sorry Ria, we're on it and will update you.", "Sorry Tom, engineers are working on it."),
    ("I'm so sorry, we're on it. We'll get back to you.", "We'll come back to you soon, sorry!"),
    ("Wi-Fi Calling works if you are on Wi-Fi.", "Our mobile network is down nationwide."),
    ("Please don't travel today.", "Please avoid travelling today, trains are cancelled."),
    ("The cause is still under investigation.", "We don't know the cause yet, sorry."),
    ("Please don't drink the tap water.", "The app is working again."),
]


@pytest.mark.parametrize("a, b, topic", DISAGREE)
def test_incompatible_replies_disagree_on_their_topic_either_way_round(a, b, topic):
    assert disagreement(a, b).topic == topic
    assert disagreement(b, a).topic == topic


@pytest.mark.parametrize("a, b", AGREE)
def test_compatible_replies_do_not(a, b):
    assert disagreement(a, b) is None and disagreement(b, a) is None
