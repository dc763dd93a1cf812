"""The post writer: deterministic, right kinds, postable, fit for a training room."""
from __future__ import annotations

import base64
import re
from dataclasses import replace

import pytest

from sim.model import PERSONAS, Fact, Post, WriterContext
import random

from sim.posts import PostWriter, fill, mask, pick_alternatives
from sim.scenario import load_scenario


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("network-blackout")


def ctx(t=60.0, facts=(), promise=None, restored=False, hours=0):
    return WriterContext(t=t, world_time="09:00", since="06:30", hours=hours, facts=tuple(facts),
                         promise=promise, restored=restored)


def original(persona="angry", reach=300, at=0.0):
    return Post(id="p1", at=at, author="Ria Shah", handle="@ria_s", persona=persona,
                text="@VelaMobile no signal", reach=reach, anger=60.0, priority=0.5)


def many(w, n=300, **kw):
    return [w.post(PERSONAS[i % len(PERSONAS)], ctx(**kw), ("#VelaDown",)) for i in range(n)]


def test_same_seed_same_posts_other_seed_differs(scenario):
    a = [d.text for d in many(PostWriter(scenario, 5), 50)]
    b = [d.text for d in many(PostWriter(scenario, 5), 50)]
    c = [d.text for d in many(PostWriter(scenario, 6), 50)]
    assert a == b and a != c


def test_every_persona_posts_something_postable(scenario):
    w = PostWriter(scenario, 1)
    for persona in PERSONAS:
        for _ in range(20):
            d = w.post(persona, ctx(), ())
            assert d.persona == persona and d.kind == "post"
            assert 0 < len(d.text) <= 280
            assert 0 <= d.anger <= 100 and d.reach >= 1
            assert d.handle.startswith("@")


def test_reach_is_heavy_tailed_and_journalists_are_big(scenario):
    w = PostWriter(scenario, 2)
    angry = sorted(w.post("angry", ctx(), ()).reach for _ in range(400))
    assert angry[200] < 2_000 < angry[-1]               # most small, a few large
    assert all(w.post("journalist", ctx(), ()).reach >= 20_000 for _ in range(30))


@pytest.mark.parametrize("kind,draft_kind", [("thanks", "reaction"), ("softens", "reaction"),
                                             ("still_angry", "follow_up"), ("escalates", "follow_up"),
                                             ("mocks", "follow_up"), ("chaser", "follow_up")])
def test_follow_up_kinds(scenario, kind, draft_kind):
    w = PostWriter(scenario, 3)
    d = w.follow_up(original(reach=200_000), kind, ctx(t=200), "Calm down, it's not our fault.")
    assert d.kind == draft_kind and len(d.text) <= 280
    assert d.handle == "@ria_s"


@pytest.mark.parametrize("kind,draft_kind", [("praise", "reaction"), ("pile_on", "pile_on"),
                                             ("callout_copy_paste", "callout"), ("callout_vulnerable", "callout"),
                                             ("contradiction", "callout"), ("joins_in", "post"), ("press", "press"),
                                             ("something_new", "callout")])
def test_bystander_kinds(scenario, kind, draft_kind):
    w = PostWriter(scenario, 4)
    d = w.bystander(kind, original(), ctx(promise=("@dave_1987", "15:00")), "We'll be back by 3pm")
    assert d.kind == draft_kind and len(d.text) <= 280 and d.handle != "@ria_s"


def test_pile_on_quotes_the_reply(scenario):
    w = PostWriter(scenario, 9)
    texts = [w.bystander("pile_on", original(), ctx(), "Calm down, read the FAQ").text for _ in range(20)]
    assert any("Calm down" in t or "FAQ" in t for t in texts)


def test_contradiction_names_the_promise(scenario):
    w = PostWriter(scenario, 5)
    texts = [w.bystander("contradiction", original(), ctx(promise=("@dave_1987", "15:00")), None).text
             for _ in range(10)]
    assert all("15:00" in t or "@dave_1987" in t for t in texts)


def test_chasers_say_how_long_they_waited(scenario):
    w = PostWriter(scenario, 6)
    texts = [w.follow_up(original(at=0.0), "chaser", ctx(t=60.0), None).text for _ in range(30)]
    # 60 drill seconds at 60x is 60 in-world minutes
    assert any(re.search(r"\b60\b|1 hour|mins|minutes|waiting|still", t, re.I) for t in texts)


def test_posts_pick_up_facts_once_known(scenario):
    w = PostWriter(scenario, 7)
    fact = Fact("c", 0, "The fault is a software failure in a core database", "cause")
    before = " ".join(d.text for d in many(w, 300))
    after = " ".join(d.text for d in many(w, 300, facts=[fact]))
    assert "software failure" not in before
    assert "software failure" in after


def test_swearing_masked_when_mild_and_spelled_out_when_strong(scenario):
    assert mask("what the fuck, absolute shit") == "what the f***, absolute s***"
    mild = " ".join(d.text for d in many(PostWriter(scenario, 8, language="mild"), 600))
    strong = " ".join(d.text for d in many(PostWriter(scenario, 8, language="strong"), 600))
    assert not re.search(r"\b(fuck|fucking|shit)\b", mild, re.I)
    assert re.search(r"\b(fuck|fucking|shit|bollocks|crap)\b", strong, re.I)


def test_scenario_templates_are_masked_too(scenario):
    sc = replace(scenario, templates={**scenario.templates, "angry": ("{handle} this is shit",)})
    w = PostWriter(sc, 1)
    texts = [w.post("angry", ctx(), ()).text for _ in range(200)]
    assert not any(re.search(r"\bshit\b", t) for t in texts)


# A few words that must never appear, stored encoded so the repository stays clean.
_BLOCK = [base64.b64decode(x).decode() for x in (b"a2lsbCB5b3U=", b"Ym9tYg==", b"c2hvb3Q=", b"ZGllIGlu")]


def test_never_threats_or_hate(scenario):
    w = PostWriter(scenario, 11, language="strong")
    texts = [d.text.lower() for d in many(w, 2000)]
    texts += [w.follow_up(original(), k, ctx(), "x y z").text.lower()
              for k in ("escalates", "mocks", "still_angry") for _ in range(100)]
    for word in _BLOCK:                 # as words: a typo'd "screenshooting" is not a threat
        rx = re.compile(rf"\b{word}\b")
        assert not any(rx.search(t) for t in texts), word


def test_fill_leaves_unknown_and_odd_braces_alone():
    assert fill("{brand} {nope} {", {"brand": "Vela"}) == "Vela {nope} {"
    assert fill("[bold]{x}[/]", {"x": "{brand}"}) == "[bold]{brand}[/]"


def test_alternatives_pick_one_each_time_nested_and_empty_included():
    r = random.Random(3)
    seen = {" ".join(pick_alternatives("no <signal|service|bars <at all|whatsoever>> <here|>", r).split())
            for _ in range(300)}
    assert "no signal here" in seen and "no service" in seen and "no bars whatsoever here" in seen
    assert not any("<" in s or "|" in s for s in seen)
    # no "|" inside: not an alternative, left exactly as written
    assert pick_alternatives("love it <3 | a <b> c", r) == "love it <3 | a <b> c"


def test_alternatives_in_a_scenario_template_but_never_in_a_quoted_reply(scenario):
    sc = replace(scenario, templates={**scenario.templates, "angry": ("{handle} <first|second> time <today|this week>",)})
    w = PostWriter(sc, 2)
    texts = {w.post("angry", ctx(), ()).text for _ in range(400)}
    assert not any("<" in t for t in texts)
    assert any("second" in t.lower() and "this week" in t.lower() for t in texts)
    reply = "we <never|always> do that"
    for _ in range(40):
        text = w.follow_up(original(reach=50_000), "mocks", ctx(), reply).text
        assert "<never|always>" in text


def test_odd_templates_do_not_crash(scenario):
    sc = replace(scenario, templates={"angry": ("{", "{}", "{{handle}}", "[b]{handle}[/b] 😡 ‏שלום"),
                                      "stakes": ("{unknown}",)})
    w = PostWriter(sc, 1)
    for _ in range(100):
        assert w.post("angry", ctx(), ()).text


def test_variety_of_a_thousand_posts(scenario):
    w = PostWriter(scenario, 12)
    texts = [d.text for d in many(w, 1000, hours=2)]
    assert len(set(texts)) >= 990            # at most 1% exact duplicates


def test_a_frightened_person_does_not_type_like_a_troll(scenario):
    w = PostWriter(scenario, 4)
    rough = re.compile(r"\b(ffs|lads|ugh|sigh|fr)\b", re.I)
    texts = [w.post("vulnerable", ctx(), ()).text for _ in range(400)]
    assert not [t for t in texts if rough.search(t)]


def test_a_whole_post_template_is_not_padded_with_what_it_already_says(scenario):
    sc = replace(scenario, templates={"angry": ("stuck here since {since} #VelaDown",)})
    w = PostWriter(sc, 3)
    texts = [w.post("angry", ctx(), ()).text for _ in range(400)]
    own = [t for t in texts if "stuck here since" in t.lower()]
    assert own, "the scenario's own template was never used"
    for t in own:
        after = t.split("#VelaDown", 1)[1]
        assert t.lower().count("since") == 1 and not re.sub(r"#\w+", "", after).strip(" ?!.").isalnum(), t
        assert not re.search(r"\b(now|in|here|mins)\b", after), t   # any extra sits before the tag


def test_greetings_follow_the_drill_clock():
    from sim.posts import _greet
    assert _greet("morning @VelaMobile, not happy", 15 * 60) == "afternoon @VelaMobile, not happy"
    assert _greet("@VelaMobile Good Evening, quick one", 7 * 60 + 30) == "@VelaMobile Good Morning, quick one"
    assert _greet("Morning fam, re @VelaMobile:", 20 * 60) == "Evening fam, re @VelaMobile:"
    # the time of day as a thing, not a greeting, is left alone
    for said in ("@VelaMobile morning ruined, cheers.", "@VelaMobile trying to plan my evening.",
                 "hi @VelaMobile, I'll leave it till the morning."):
        assert _greet(said, 15 * 60) == said


def test_no_morning_greeting_in_the_afternoon(scenario):
    w = PostWriter(scenario, 9)
    clock = scenario.clock                      # drill second at which it is 15:00 in the world
    afternoon = ctx(t=(15 * 60 - clock.start_minutes) * 60 / clock.speed)
    assert clock.label(afternoon.t) == "15:00"
    expected = "afternoon"
    greet = re.compile(r"^(?:@\w+ )?(?:good )?(morning|afternoon|evening)\b[,!]", re.I)
    said = [m.group(1).lower() for m in (greet.match(w.post(p, afternoon, ()).text)
                                          for p in ("angry", "question", "business") for _ in range(400)) if m]
    assert said and set(said) == {expected}


def test_someone_posting_for_another_person_talks_about_them(scenario, monkeypatch):
    from sim import post_fragments as F
    monkeypatch.setitem(F.OPEN, "vulnerable", ("{handle} writing for my {relative},",))
    w = PostWriter(replace(scenario, templates={}), 6)      # no whole-post templates: every post opens so
    about_me = re.compile(r"\b(?:on my own|by myself|I'm pregnant|I'm deaf|I use a wheelchair|I have epilepsy|"
                          r"I'm housebound|I'm partially sighted)\b", re.I)
    texts = [w.post("vulnerable", ctx(), ()).text for _ in range(500)]
    assert not [t for t in texts if about_me.search(t)]
    assert sum("writing for my" in t for t in texts) > 400          # the opening was used
