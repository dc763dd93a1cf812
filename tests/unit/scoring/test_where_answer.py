"""A "where" question is answered by a place. The place pattern was case-blind as a whole, so its
"a capital after 'at', 'in', 'on'" test matched any word: "crews are working hard on the broken
pipe" counted as naming a place."""
from __future__ import annotations

import pytest

from scoring.questions import answered


@pytest.mark.parametrize("reply", [
    "So sorry, we appreciate your patience while crews work hard on the broken pipe; back by ten.",
    "Sorry, it's rotten in this cold. We're on it and will update you at the top of the hour.",
])
def test_no_place_named_is_no_answer_to_where(reply):
    assert not answered("where", reply)


@pytest.mark.parametrize("reply", [
    "Collect bottles at Priory Leisure Centre until 8pm.",
    "the nearest is the sports hall car park on mill lane",
    "Head to Castlegate, by the old market.",
    "Details of every station are on hexwater.co.uk",
])
def test_a_place_answers_where(reply):
    assert answered("where", reply)


@pytest.mark.parametrize("post", [
    "'No service' where the bars should be since 7, half the estate is out",
    "had a minute around 9 where it worked, then dead again",
    "@Kestrel where are you lot. two hours and nothing",
])
def test_a_relative_or_rhetorical_where_asks_for_no_place(post):
    from scoring.questions import asks
    assert "where" not in asks(post)


@pytest.mark.parametrize("post", [
    "where can I get bottled water near Priory Road?",
    "anyone know where I can top up tonight",
    "Where's the nearest open branch",
])
def test_a_where_question_asks_for_a_place(post):
    from scoring.questions import asks
    assert "where" in asks(post)
