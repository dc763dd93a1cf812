"""The post writer: deterministic, right kinds, postable, fit for a training room."""
from __future__ import annotations

import base64
import re
from dataclasses import replace

import pytest

import random

from sim.model import PERSONAS, Fact, Post, WriterContext
from sim.posts import PostWriter, fill, mask, pick_alternatives, quote_reply, quoted_spans
from sim.writer.lines import Line
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


REPLIES = ["@ria_s Calm down, it's not our fault. Read the FAQ before posting!",
           "Much appreciated for the feedback Julie, literally really helpful. We are on it.",
           "@a @b we're sorry!! engineers are working flat out; updates every 30 mins at vela.example/status",
           "ok", "Sorry. Sorry again. And again, we're so so sorry about this, truly, deeply, honestly sorry.",
           "We hear you — it's shit, we know — and we'll fix it by 15:00."]


@pytest.mark.parametrize("reply", REPLIES)
def test_every_quote_of_a_reply_is_exact_and_cut_at_a_boundary(scenario, reply):
    r = random.Random(1)
    for _ in range(50):
        q = quote_reply(reply, r)
        inner = quoted_spans(q)[0]
        assert inner and inner in reply, (inner, reply)
        start = reply.index(inner)
        end = start + len(inner)
        assert start == 0 or not reply[start - 1].isalnum()         # starts at a word
        assert end == len(reply) or not reply[end].isalnum()        # ends at a word or sentence end
        assert not inner.startswith("@")                             # the handles are not the player's words
    w = PostWriter(scenario, 9)
    for kind in ("escalates", "mocks"):
        for _ in range(20):
            text = w.follow_up(original(reach=50_000), kind, ctx(), reply).text
            for inner in quoted_spans(text):
                assert inner in reply, (inner, text)
    for _ in range(20):
        for inner in quoted_spans(w.bystander("pile_on", original(), ctx(), reply).text):
            assert inner in reply


def test_contradiction_names_the_promise(scenario):
    w = PostWriter(scenario, 5)
    texts = [w.bystander("contradiction", original(), ctx(promise=("@dave_1987", "15:00")), None).text
             for _ in range(10)]
    assert all("15:00" in t or "@dave_1987" in t for t in texts)


def test_a_follow_up_comes_from_the_same_person(scenario):
    """The author's chasers keep their place, stake and voice, and the second one escalates or
    gives up, as that person would."""
    from sim.writer.lines import bundled
    w = PostWriter(scenario, 6)
    L = bundled()
    for i in range(60):
        first = w.post("angry", ctx(t=10.0), ())
        person = w.people[first.handle]
        post = Post(id=f"p{i}", at=10.0, author=first.author, handle=first.handle, persona="angry",
                    text=first.text, reach=first.reach, anger=first.anger, priority=0.5)
        one = w.follow_up(post, "chaser", ctx(t=60.0), None)
        said_before = set(person.said)
        two = w.follow_up(post, "chaser", ctx(t=120.0), None)
        assert w.people[first.handle] is person and one.handle == two.handle == first.handle
        used = person.said - said_before
        step = "escalate" if person.escalates else "give_up"
        group = {ln.text for ln in L.chaser[step]["upset"]}
        assert used & group, (person.escalates, two.text)
        others = [p for h, p in w.people.items() if h != first.handle]
        for text in (one.text, two.text):
            assert text != first.text
            # a stake they mention is their own, never someone else's
            assert not [o.stake for o in others if o.stake not in person.stake and len(o.stake) > 25 and o.stake in text]


def test_follow_ups_do_not_state_the_wait_twice(scenario):
    w = PostWriter(scenario, 16)
    dur = re.compile(r"\b(?:\d+ ?(?:mins?|minutes)|an? hour|\d+ hours?|half an hour|hour and a half)\b", re.I)
    for i in range(300):
        d = w.follow_up(original(at=0.0), "chaser", ctx(t=40.0 + i), None)
        assert len(dur.findall(d.text)) <= 1, d.text


def test_posts_pick_up_facts_once_known(scenario):
    w = PostWriter(scenario, 7)
    fact = Fact("c", 0, "The fault is a software failure in a core database", "cause")
    before = " ".join(d.text for d in many(w, 300))
    after = " ".join(d.text for d in many(w, 300, facts=[fact]))
    assert "software failure" not in before
    assert "software failure" in after
    # passed on word for word: never a word swapped inside it
    assert "The fault is a software failure in a core database" in after


def test_a_cause_in_the_brands_voice_is_passed_on_in_the_posters(scenario):
    # "someone next to me reckons "record demand overloaded our sign-in servers"": a stranger
    # does not speak as the brand; they say "their servers", every other word as the brand said it
    w = PostWriter(scenario, 7)
    fact = Fact("c", 0, "Record demand overloaded our sign-in servers", "cause")
    after = [d.text for d in many(w, 600, facts=[fact])]
    passed_on = [t for t in after if "overloaded their sign-in servers" in t]
    assert passed_on, "nobody passed the cause on"
    assert not any(re.search(r"(?:reckons|hearing|saying|reports of) \W?Record demand overloaded our", t) for t in after)
    assert all("record demand overloaded their sign-in servers" in t for t in passed_on)


def test_still_three_times_is_three_lines_stuck_together():
    from sim.posts import repeated_word
    assert repeated_word("STILL here. it's still dead as of 11:47. still no word from you") == "still"
    assert repeated_word("still here. it's dead as of 11:47. still no word from you") is None
    meant = "still, still, still nothing"                    # a line that says it on purpose
    assert repeated_word("still, still, still nothing from you", meant) is None
    assert repeated_word("now, now. just now, just just", "now now now") == "just"


def test_swearing_masked_when_mild_and_spelled_out_when_strong(scenario):
    assert mask("what the fuck, absolute shit") == "what the f***, absolute s***"
    # a swear is in about one post in 200, so 2,000 posts: a handful, whatever the lines draw
    mild = " ".join(d.text for d in many(PostWriter(scenario, 8, language="mild"), 2000))
    strong = " ".join(d.text for d in many(PostWriter(scenario, 8, language="strong"), 2000))
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
    texts = {w.post("angry", ctx(), ()).text for w in (PostWriter(sc, seed) for seed in range(2, 12)) for _ in range(60)}
    assert not any("<" in t for t in texts)
    assert any("second" in t.lower() and "this week" in t.lower() for t in texts)      # each once a drill
    w = PostWriter(sc, 2)
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
    # the personas that make up most of a drill; the whole mix, as drills bring it, is held in
    # tests/functional/test_post_variety.py
    w = PostWriter(scenario, 12)
    mix = ("angry", "angry", "angry", "question", "question", "business", "vulnerable", "influencer", "troll")
    texts = [w.post(mix[i % len(mix)], ctx(hours=2), ("#VelaDown",)).text for i in range(1000)]
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


def test_thanks_never_end_in_a_question_mark(scenario):
    w = PostWriter(scenario, 21)
    for persona in PERSONAS:
        for _ in range(30):
            d = w.follow_up(original(persona=persona), "thanks", ctx(), "Sorry Ria, engineers are on it.")
            assert not d.text.rstrip().endswith("?"), d.text
            assert "#" not in d.text                     # no hashtag at odds with a thank-you


def test_lines_fit_the_scenario_nobody_on_hold_to_a_dead_phone_network(scenario):
    assert "phones-down" in PostWriter(scenario, 1).tags
    w = PostWriter(scenario, 22)
    texts = [d.text.lower() for d in many(w, 1500, hours=2)]
    texts += [w.follow_up(original(), "chaser", ctx(t=100.0 + i), None).text.lower() for i in range(300)]
    assert not [t for t in texts if re.search(r"on hold|helpline just plays|ring you back", t)]
    airport = load_scenario("airport-checkin")
    w = PostWriter(airport, 22)
    assert {"in-person", "travel"} <= w.tags
    air = " ".join(d.text.lower() for d in many(w, 1500, hours=2))
    assert "on hold" in air or "helpline" in air                    # lines that fit there do appear
    assert "wi-fi calling" not in air


def test_the_writers_numbers_live_in_one_table():
    """One persona table: sim/personas.yaml, read only by sim/personas.py; the writer reads
    its numbers from it, and no module keeps a second table of numbers per persona."""
    import pathlib

    import sim
    from sim import personas, posts
    assert set(personas.PERSONAS) == set(PERSONAS)
    assert posts.persona_row is personas.persona
    assert not [n for n in ("REACH", "ANGER", "TEXTURE", "PERSONA_HASHTAG", "WRITER_PERSONAS") if hasattr(posts, n)]
    root = pathlib.Path(sim.__file__).parent
    assert not (root / "writer" / "numbers.py").exists()
    readers = [f.relative_to(root).as_posix() for f in root.rglob("*.py") if '"personas.yaml"' in f.read_text(encoding="utf-8")]
    assert readers == ["personas.py"], readers
    # no other module spells out a persona-keyed table of numbers ({"angry": 72, "question": 42, ...})
    def keyed(text: str) -> int:
        return sum(bool(re.search(rf'"{n}":\s*\w*\(?\s*[\d(\[]', text)) for n in PERSONAS)
    tables = [f.relative_to(root).as_posix() for f in root.rglob("*.py") if keyed(f.read_text(encoding="utf-8")) >= 3]
    assert not tables, tables
    # the writer's numbers are the table's: a post's reach falls inside the persona's bounds
    w = PostWriter(load_scenario("network-blackout"), 3)
    for name, row in personas.PERSONAS.items():
        d = w.post(name, ctx(), ())
        assert row.reach[2] <= d.reach <= row.reach[3]


def test_specific_detail_times_places_numbers(scenario):
    texts = [d.text for seed in (23, 24, 25) for d in many(PostWriter(scenario, seed), 600, hours=2)]   # one seed swings it
    times = sum(bool(re.search(r"\b\d{1,2}[:.]\d{2}(?:am|pm)?\b|\b(?:about|around|after|gone|nearly|before|half|past|to) \d{1,2}\b"
                               r"|\b\d{1,2}ish\b|\bfirst thing\b|\blunchtime\b|\bthis morning\b", t)) for t in texts)
    numbers = sum(bool(re.search(r"£\d|\b\d+ (?:times|goes|tries|attempts|minutes|mins)\b|ending \d{4}", t)) for t in texts)
    assert times > 0.15 * len(texts) and numbers > 0.04 * len(texts), (times, numbers)   # numbers: 20-34 of 600 by seed, so three seeds


def test_a_fault_written_as_a_bare_adjective_gets_its_verb():
    """'my dongle dead' is no sentence: the writer types the verb a person would."""
    from sim.posts import as_clause
    r = random.Random(1)
    assert as_clause("my mobile broadband dongle dead", r) in (
        "my mobile broadband dongle is dead", "my mobile broadband dongle's dead")
    assert as_clause("the gate screens blank", r) == "the gate screens are blank"
    assert as_clause("the queue not moved in an hour", r) in (
        "the queue hasn't moved in an hour", "the queue has not moved in an hour")
    assert as_clause("bag drop not working", r, perfect=True) in (
        "bag drop hasn't been working", "bag drop's not been working")
    for kept in ("boarding passes that won't print", "'check-in closed' an hour before departure",
                 "a blank page after sign-in", "my flight vanished from the booking", "calls failing"):
        assert as_clause(kept, r) == kept
    sc = load_scenario("network-blackout")      # the scenario's own fault, in every post
    sc = replace(sc, templates={**sc.templates, "broken": ("my <4G router|mobile broadband dongle|4G home router> dead",)})
    texts = " ".join(d.text.lower() for d in many(PostWriter(sc, 4), 400, hours=2))
    assert "dongle dead" not in texts and ("dongle is dead" in texts or "dongle's dead" in texts)


def test_nobody_quotes_a_web_address_or_joins_with_a_dash_or_leaves_grammar(scenario):
    facts = [Fact("f1", 0.0, "Next update at 10:00 on status.tallyforge.example"),
             Fact("f2", 0.0, "Engineers are restoring service")]
    texts = []
    for seed in (8, 9):
        w = PostWriter(load_scenario("airport-checkin"), seed)
        texts += [d.text for d in many(w, 800, facts=facts, hours=2)]
        texts += [w.follow_up(original(), "chaser", ctx(t=100.0 + i, facts=facts), None).text for i in range(300)]
    assert not [t for t in texts if ".example" in t]
    assert any("Engineers are restoring service" in t for t in texts)       # facts are still passed on
    assert not [t for t in texts if re.search(r"\w - \w", t)]
    assert not [t for t in texts if re.search(r"[{}]|<[^3]|\|", t)]


def test_money_and_times_are_mostly_round_as_people_say_them(scenario):
    # three drills: one has 30-40 sums of money, and at 12% to the penny one in ~80 has none
    texts = [d.text for seed in (9, 10, 11) for d in many(PostWriter(scenario, seed), 1500, hours=2)]
    sums = [m for t in texts for m in re.findall(r"£\d+(?:\.\d\d)?", t)]
    pennies = [s for s in sums if "." in s]
    assert len(sums) > 75 and 0 < len(pennies) < 0.35 * len(sums), (len(sums), len(pennies))
    rough = sum(bool(re.search(r"\b(?:about|nearly|just after|half) \d|\b\d+ish\b", t)) for t in texts)
    assert rough > 0.02 * len(texts)


def test_a_fault_written_with_an_ing_verb_gets_is_when_it_has_a_subject():
    """Issue 15: "the app showing my flight as 'cancelled'" is no sentence mid-post."""
    from sim.posts import as_clause
    r = random.Random(3)
    assert as_clause("the app saying 'error'", r) in ("the app is saying 'error'", "the app's saying 'error'")
    assert as_clause("the kiosks showing an error", r) == "the kiosks are showing an error"
    assert as_clause("the booking page blank", r) == "the booking page is blank" or \
        as_clause("the booking page blank", r) == "the booking page's blank"
    assert as_clause("my vend code never arriving", r) in ("my vend code is never arriving", "my vend code's never arriving")
    assert as_clause("the stream buffering", r, perfect=True) in ("the stream has been buffering", "the stream's been buffering")
    assert as_clause("the parking app", r) == "the parking app"


def test_a_subject_with_a_place_in_it_still_gets_its_verb():
    from sim.posts import as_clause
    assert as_clause("the card reader in my taxi dead", random.Random(2)) in (
        "the card reader in my taxi is dead", "the card reader in my taxi's dead")


def test_a_question_inside_a_post_is_not_followed_by_a_full_stop(scenario):
    """Issue 15, read in a drill: "is that true?. any idea when?" (a {progress} ending in "?"
    put before the frame's full stop)."""
    w = PostWriter(scenario, 5)
    texts = [w.follow_up(original(at=0.0), "chaser", ctx(t=40.0 + i), None).text for i in range(400)]
    texts += [d.text for d in many(w, 400, hours=2)]
    assert not [t for t in texts if re.search(r"[?!]\.(?:\s|$)", t)]


def test_an_apostrophe_s_joins_the_word_before_it(scenario):
    """Read in a drill: "my brother 's with Kestrel" (a line's "{relative} <is|'s>")."""
    w = PostWriter(scenario, 6)
    texts = [w.follow_up(original(at=0.0), "chaser", ctx(t=40.0 + i), None).text for i in range(400)]
    texts += [d.text for d in many(w, 600, hours=2)]
    assert not [t for t in texts if re.search(r"\w '(?:s|ve|re|d|ll)\b", t)]


def test_a_lower_case_typer_keeps_words_in_capitals():
    """Issue 15, blind test: "the guy at the desk said 'it are looking at it'" (a lower-case
    typer's "IT are looking at it" lowered whole)."""
    from sim.posts import _lower_keeping_caps
    assert _lower_keeping_caps("The Desk said IT are on it, DHL came, thanks for NOTHING. I Am") == \
        "the desk said IT are on it, DHL came, thanks for NOTHING. i am"


def test_nobody_calls_their_own_partner_ours(scenario):
    """Issue 15, blind test: "we've now messaged our boyfriend" (a line's "<my|our> {relative}"
    with the person's partner as the relative)."""
    texts = []
    for seed in range(4):
        w = PostWriter(scenario, 40 + seed)
        texts += [w.follow_up(original(at=0.0), "chaser", ctx(t=40.0 + i), None).text for i in range(300)]
        texts += [d.text for d in many(w, 500, hours=2)]
    partner = re.compile(r"\bour (?:wife|husband|partner|girlfriend|boyfriend)\b", re.I)
    assert [t for t in texts if re.search(r"\bmy (?:wife|husband|partner|girlfriend|boyfriend)\b", t, re.I)]
    assert not [t for t in texts if partner.search(t)]


def _posts_and_chasers(scid, seed=5, n=300):
    """First posts and two chasers each, at hours into a drill: what the time lines see."""
    def c(t):
        return WriterContext(t=t, world_time="09:00", since="06:30", hours=2, facts=(), promise=None, restored=False)
    w = PostWriter(load_scenario(scid), seed)
    texts = []
    for i in range(n):
        d = w.post(("angry", "question", "business", "vulnerable", "journalist")[i % 5], c(200.0 + i))
        texts.append(d.text)
        o = Post(id=f"p{i}", at=150.0 + i, author=d.author, handle=d.handle, persona=d.persona, text=d.text,
                 reach=300, anger=60.0, priority=0.5)
        texts += [w.follow_up(o, "chaser", c(300.0 + i + k * 50), None).text for k in range(2)]
    return texts


@pytest.mark.parametrize("scid", ["airport-checkin", "network-blackout", "payday-payments"])
def test_when_someone_tried_or_waited_is_said_roughly_and_a_timetable_time_exactly(scid):
    """Blind reader: "i tried at 08:39", "since 07:37" give a program away; people say "since
    about 8", "just after 8", "first thing", but "boards at 11:05", "we publish at 14:30"."""
    texts = _posts_and_chasers(scid)
    past = [m for t in texts for m in re.findall(r"\b(?:since|from|around|about|tried at|asked at) (\d{1,2})[:.](\d{2})", t)]
    assert len([m for m in past if int(m[1]) % 5]) < 0.02 * len(texts), past       # old writer: 8-12% of posts
    rough = sum(bool(re.search(r"\b(?:since|from) (?:about|around|just after|just gone|half|nearly|first thing|this morning|"
                               r"lunchtime|\d{1,2}ish|\d{1,2}[:.](?:00|15|30|45)\b)", t)) for t in texts)
    assert rough > 0.03 * len(texts)
    plan = [m for t in texts for m in re.findall(r"\b(?:boards at|boarding at|publish at|publishing at|deadline is|closes at) "
                                                 r"(\d{1,2})[:.](\d{2})", t)]
    assert all(int(mm) % 5 == 0 for _, mm in plan), plan


def test_say_time_fits_the_word_before_it():
    from sim.posts import say_time
    r = random.Random(3)
    for m in range(300, 1300, 7):
        around = say_time(m, "past", "around", r, "24", 1400)
        assert not re.search(r"around (?:about|around|just)|around \d{1,2}:(?!00|15|30|45)\d\d", around), around
        now = say_time(m, "now", "it's", r, "dot", m)
        assert re.fullmatch(r"it's (?:gone \d{1,2}|nearly \d{1,2}|\d{1,2}\.\d\d|\d{1,2}(?:ish)?|half \d{1,2}"
                            r"|quarter (?:past|to) \d{1,2})", now), now      # to the minute, or as rounded as people say it
        by = say_time(m, "plan", "by", r, "24", m)
        assert re.fullmatch(r"by (?:\d{2}:(?:00|30)|\d{1,2}|half \d{1,2}|quarter (?:past|to) \d{1,2})", by), by
        at = say_time(m, "past", "at", r, "24", m + 600)
        assert not at.startswith("at first thing") and not at.startswith("at this morning"), at


def test_a_person_writes_clock_times_one_way():
    from sim.posts import say_time
    r = random.Random(4)
    for style, pat in (("24", r"\d{2}:\d{2}"), ("24n", r"\d{1,2}:\d{2}"), ("dot", r"\d{1,2}\.\d{2}"),
                       ("ampm", r"\d{1,2}(?::\d{2})?(?:am|pm)")):
        for m in range(0, 1440, 37):
            assert re.fullmatch("at " + pat, say_time(m, "plan", "at", r, style, m)), style


def test_a_fact_with_a_bare_web_address_is_not_quoted():
    """"Next update at 07:30 on bluewrenair.example/status" slipped past: one dot only."""
    facts = [Fact("f1", 0.0, "Next update at 07:30 on bluewrenair.example/status")]
    w = PostWriter(load_scenario("airport-checkin"), 8)
    texts = [d.text for d in many(w, 500, facts=facts, hours=2)]
    assert not [t for t in texts if ".example" in t]


def test_a_reference_fits_who_is_posting():
    """Blind reader: "invoice 3079" from someone whose card was declined at a till."""
    w = PostWriter(load_scenario("payday-payments"), 12)
    people = [w._new_person(p, ctx()) for p in ("angry", "question", "vulnerable") * 150]
    assert not [p.ref for p in people if "invoice" in p.ref]
    assert any("invoice" in w._new_person("business", ctx()).ref for _ in range(150))


def test_no_expansion_of_a_line_crosses_its_alternatives_into_bad_grammar():
    """Alternatives picked one by one must still agree: "have you get", "mine haven't",
    "asked me his phone", "last 2021", "I've don't", "it used to works", "she said his went"."""
    from sim.writer.lines import bundled, expansions
    bad = re.compile(r"\bhave you get\b|\bmine haven't\b|\? mine didn't\b|\bsays it (?:back|working)\b|\basked me (?:his|her) |\blast 20\d\d\b|\bI've don't\b|"
                     r"\bused to works\b|\bshe (?:said|reckons) his\b|\bhe (?:said|reckons) hers\b|\btold \{staff_name\} (?:at|around) \{clock\} for\b|"
                     r"\bthey reckons\b|\bfrom \{clock\} and now\b|\bhas a clue anything\b|\bknocked to\b|\bI would only like\b|\bsaid whether\b|\bbefore don't\b|\bknow if to\b|\bat \{clock\}, I checked|\blunch\b.*\{clock\}")
    found = [v for _, ln in bundled().all_lines for v in expansions(ln.text, 2000) if bad.search(v)]
    assert not found, found[:5]


def test_a_comma_typer_joins_two_sentences_not_the_whole_post(scenario):
    """Blind reader: comma-joined run-ons. Someone who types ', ' for '. ' does it once a post."""
    from sim.personas import persona as row
    w = PostWriter(scenario, 2)
    p = w._new_person("angry", ctx())
    p.stop, p.voice = ", ", "plain"
    text = w._type("the app is down. I tried twice. nothing works. I want an answer", p, row("angry"), (), 0.0)
    assert text.count(", ") == 1, text


def test_a_line_that_reads_the_same_every_time_is_picked_less_often():
    """Blind reader: the same stock line across posts ("tried N more times since", "[relative] has
    the same"). A line with no alternatives and nothing of the person's in it comes out word for
    word each time, so it is drawn little over half as often as one that varies."""
    from sim.posts import _variety
    assert _variety("I've given up refreshing") == pytest.approx(0.25 + 1 / 3)
    assert _variety("<I've|we've> <stopped|given up> <refreshing|checking> the <app|site> on {device}") == 1.0
    w = PostWriter(load_scenario("network-blackout"), 3)
    p = w._new_person("angry", ctx())
    rigid, varied = Line("I've given up refreshing"), Line("<I've|we've> <stopped|given up> <refreshing|checking> on {device}")
    picks = [w._choose((rigid, varied), w._values(p, ctx())) for _ in range(600) if not p.said.clear()]
    share = sum(x == rigid.text for x in picks) / len(picks)
    assert 0.25 < share < 0.45, share      # 0.58 / 1.58 = 0.37; 0.5 if both were drawn alike


# What the second blind reader caught, stitched from alternatives that do not agree: "is anyone
# senior actually read this", "unless someone reply first", "is this been an attack", "has it
# happening long", "does you know", "are someone aware", "they says", "they has", "one desks open".
_DISAGREE = re.compile(
    r"\bis (?:anyone|somebody|someone)(?: \w+){0,3} (?:read|seen)\b|\b(?:unless|if) (?:someone|somebody|anyone|he|she) (?:answer|reply)\b"
    r"|\bis (?:this|it|there) (?:been|got)\b|\bhas (?:it|this) happening\b|\bdoes (?:you|they|we)\b|\bdo (?:anyone|he|she)\b"
    r"|\bare (?:someone|anyone|somebody)\b|\bthey (?:says|reckons|thinks|has)\b|\bhave (?:this|the outage) been\b"
    r"|(?<!no )\bone (?:desks|members|flights|people|staff members|minutes|hours|times|goes|tries)\b")


def test_alternatives_agree_in_every_line_and_every_scenario_template():
    from sim.scenario import list_bundled
    from sim.writer.lines import bundled, expansions
    texts = [(w, ln.text) for w, ln in bundled().all_lines]
    texts += [(f"{sc.id}.{k}[{i}]", t) for sc in list_bundled() for k, items in sc.templates.items() for i, t in enumerate(items)]
    found = sorted({f"{w}: {v}" for w, t in texts for v in expansions(t, 3000) if _DISAGREE.search(v)})
    assert not found, found[:10]


def test_a_number_picked_from_numbers_agrees_with_its_noun():
    r = random.Random(3)
    outs = {pick_alternatives("<one|two|three> desks open for <six|seven> flights", r) for _ in range(60)}
    assert "one desk open for six flights" in outs and "two desks open for six flights" in outs
    assert not any("one desks" in o for o in outs)
    assert {pick_alternatives("no one <knows|says> anything", r) for _ in range(20)} == {"no one knows anything", "no one says anything"}


@pytest.mark.parametrize("fault,clause", [
    ("the fast bag drop machines out of order", "the fast bag drop machines are out of order"),
    ("the card fine at the cash machine but nowhere else", "the card is fine at the cash machine but nowhere else"),
    ("the bank feed frozen since yesterday", "the bank feed has been frozen since yesterday"),     # "feed" is no verb
    ("paying for leccy impossible online", "paying for leccy is impossible online"),
    ("workplace pension enrolments forgotten", "workplace pension enrolments have been forgotten"),
])
def test_the_blind_readers_verbless_faults_get_their_verb(fault, clause):
    from sim.posts import as_clause
    assert as_clause(fault, random.Random(1)) == clause


def test_a_question_whose_mark_is_dropped_never_gets_an_exclamation_instead(scenario):
    """A helper's read of payroll-cloud: "what's the best way to pay her!!", "do I tell them
    yes!". Someone who leaves off the "?" leaves the question bare; they don't shout it."""
    from sim.personas import persona as row
    w = PostWriter(scenario, 3)
    nums = replace(row("angry"), no_question_mark=1.0, bang=1.0, hashtag=0.0)
    p = w._new_person("angry", ctx())
    p.voice = "plain"
    for _ in range(30):
        text = w._type("do I tell them yes?", p, nums, (), 0.0)
        assert not text.rstrip().endswith("!"), text
    assert w._type("the app is down", p, nums, (), 0.0).endswith("!")


def _words_of(text):
    return " ".join(re.findall(r"[a-z]+", text.lower()))


def test_the_writers_whole_posts_go_to_their_kind_of_outage_once_a_drill():
    """sim/writer/lines/whole_posts.yaml: posts written out in full, tagged for a kind of
    outage. A bank's ("card refused for a £2.85 flat white") go to a bank's drill, a trainer's
    own bank scenario too, and never to a phone network's; like a scenario's own whole posts,
    each comes at most once a drill, so a fifth of first posts read as one person wrote them."""
    from sim.writer.lines import bundled
    cards = [ln.text for ln in bundled().whole["angry"] if ln.only == frozenset({"cards"})]
    assert len(cards) >= 20
    bank, phones = PostWriter(load_scenario("payday-payments"), 1), PostWriter(load_scenario("network-blackout"), 1)
    assert set(cards) <= set(bank.own["angry"])
    assert not set(cards) & set(phones.own["angry"])
    # whole posts with no placeholder but the handle: their first six words are theirs alone
    heads = {" ".join(_words_of(t.split("}", 1)[1]).split()[:6]): t for t in cards if t.count("{") == 1 and t.startswith("{handle}")}
    said = {}
    for i in range(400):
        text = _words_of(bank.post("angry", ctx(t=float(i))).text)
        for head, t in heads.items():
            if head in text:
                said[t] = said.get(t, 0) + 1
    assert len(said) >= 10, f"the bank's whole posts hardly came up: {len(said)}"
    assert max(said.values()) == 1, [t for t, n in said.items() if n > 1]
