"""Two people on one desk who publish replies that disagree (a cause, advice, what works) are
called out by the crowd and in the team report; replies that agree are not (issue 17)."""
from __future__ import annotations

import pytest

from sim.drill.export import export
from sim.events import CrowdMoved, Posted

from .test_commands import make_host, send

CYBER = "So sorry, this outage was caused by a cyber attack on our systems. We're on it."
POWER = "Really sorry, the outage is due to a power fault at our exchange. Engineers are there."
POWER_TOO = "Sorry about this: it's down to a power cut at our exchange, engineers are on site."
STAY = "Sorry! Please don't travel to our shop today, it is closed."
COME = "Sorry about this. Come to our shop today and we'll help you there."


def _two_replies(tmp_path, first, second, same_person=False):
    store, host = make_host(tmp_path / "d.sqlite3", approval=False)
    for name in ("Ana", "Ben"):
        send(store, host, {"type": "join", "name": name, "role": "responder", "seat_key": name}, f"j{name}")
    host.fake.set(50)
    host.step(0)
    a, b = [p.id for p in host.state.desk("shared").queue()[:2]]
    send(store, host, {"type": "submit", "post_id": a, "text": first}, "s1", "Ana")
    send(store, host, {"type": "submit", "post_id": b, "text": second}, "s2", "Ana" if same_person else "Ben")
    host.step(0)
    d = host.state.desk("shared")
    assert {a, b} <= set(d.replies), host.state.refusals
    return store, host, d, (a, b)


def _finish(store, host, tmp_path):
    host.fake.set(400)
    for _ in range(5):
        host.step(0)
    lines = export(store, host.code, tmp_path / "out")
    assert all("replay MATCH" in ln for ln in lines if "replay" in ln), lines
    return (tmp_path / "out" / "team-report.md").read_text()


@pytest.mark.parametrize("first, second, topic", [(CYBER, POWER, "cause"), (STAY, COME, "advice")])
def test_replies_by_two_people_that_disagree_are_called_out(tmp_path, first, second, topic):
    store, host, d, (a, b) = _two_replies(tmp_path, first, second)
    calls = [e for e in d.events if isinstance(e, CrowdMoved) and e.disagrees]
    assert len(calls) == 1, calls
    c = calls[0]
    assert c.post_id == b and c.delta < 0
    assert c.disagrees == {"topic": topic, "with": a, "authors": ["Ana", "Ben"]}
    assert "but now says" in c.cause
    report = _finish(store, host, tmp_path)
    section = report.split("## Consistency call-outs", 1)[1]
    assert f", {topic} (" in section and f"Ben on {b} against Ana on {a}" in section
    # the crowd says so in public: a bystander post quoting the earlier reply
    called = [e.post for e in d.events if isinstance(e, Posted) and e.post.cause == "replies disagreed"]
    assert called and called[0].kind == "callout"


@pytest.mark.parametrize("first, second", [(POWER, POWER_TOO), (COME, COME.replace("today", "now"))])
def test_replies_that_agree_are_not_called_out(tmp_path, first, second):
    store, host, d, _ = _two_replies(tmp_path, first, second)
    assert not [e for e in d.events if isinstance(e, CrowdMoved) and e.disagrees]
    report = _finish(store, host, tmp_path)
    assert "None: the desk's replies did not contradict each other." in report


def test_one_person_changing_their_story_is_not_a_team_disagreement(tmp_path):
    store, host, d, _ = _two_replies(tmp_path, CYBER, POWER, same_person=True)
    assert not [e for e in d.events if isinstance(e, CrowdMoved) and e.disagrees]
