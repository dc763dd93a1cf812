"""The writer's lines as data: the loader, the one list of placeholders, and grammar that holds
for every frame with every fragment."""
from __future__ import annotations

import re
import shutil

import pytest

from sim.model import TEMPLATE_FRAGMENTS, TEMPLATE_PLACEHOLDERS
from sim.scenario import list_bundled
from sim.writer.lines import (HERE, PLACEHOLDER, LinesError, bundled, expansions, fragment_problems,
                              load_lines, slot_problems, verb_slips)

SCENARIOS = list_bundled()


@pytest.fixture(scope="module")
def lines():
    return bundled()


def test_the_bundled_lines_load_with_no_problems(lines):
    assert lines.first["angry"] and lines.chaser["first"]["upset"] and lines.details and lines.endings["upset"]
    assert len(lines.all_lines) > 400


def test_one_list_of_placeholders_covers_what_a_scenario_may_use(lines):
    # the scenario validator's list is part of the writer's one list: nothing a scenario may write
    # is left unfilled
    assert [n for n in TEMPLATE_PLACEHOLDERS if n not in lines.placeholders] == []
    used = {n for _, ln in lines.all_lines for n in PLACEHOLDER.findall(ln.text)}
    assert used <= set(lines.placeholders)
    # and every listed placeholder is used somewhere (no dead entries)
    assert set(lines.placeholders) - used - set(TEMPLATE_PLACEHOLDERS) == set()


def _copy(tmp_path):
    dst = tmp_path / "lines"
    shutil.copytree(HERE, dst)
    return dst


def refused(tmp_path, bad: str) -> str:
    """The loader's message for the bundled lines with ``bad`` (YAML) first under angry:."""
    folder = _copy(tmp_path)
    path = folder / "first_posts.yaml"
    text = path.read_text(encoding="utf-8").replace("angry:\n", "angry:\n" + bad, 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LinesError) as err:
        load_lines(folder)
    return str(err.value)


@pytest.mark.parametrize("bad,expected", [
    ('  - "{handle} {brokn} since {clock}"\n', "unknown placeholder {brokn}"),
    ('  - {line: "{handle} hello", only: [phone-down]}\n', "unknown tag 'phone-down'"),
    ('  - "{handle} I waited hours of {broken}"\n', "{broken} does not fit"),
    ('  - "{handle} I\'m going to {stake}"\n', "{stake} does not fit"),
    ('  - "{handle} <one|two"\n', "unbalanced"),
    ('  - {line: "{handle} hi", colour: red}\n', "unknown key(s) ['colour']"),
])
def test_the_loader_names_each_problem_and_where(tmp_path, bad, expected):
    message = refused(tmp_path, bad)
    assert expected in message
    assert "first_posts.yaml" in message and "angry[0]" in message


def test_a_thank_you_ending_in_a_question_mark_is_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "follow_ups.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("thanks:                   # the author after a reply that helped; never ends in \"?\"\n",
                        "thanks:\n  - \"{handle} thank you?\"\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LinesError, match="never ends in"):
        load_lines(folder)


def test_a_broken_file_is_reported_not_a_traceback(tmp_path):
    folder = _copy(tmp_path)
    (folder / "endings.yaml").write_text("upset: [\n", encoding="utf-8")
    with pytest.raises(LinesError, match="endings.yaml: cannot read"):
        load_lines(folder)


def test_slot_rules():
    assert slot_problems("{handle} {broken} since {clock}") == []
    assert slot_problems("{handle} I'm {place}. so much for {stake}") == []
    assert slot_problems("{handle} 6 hrs of {broken}")                 # a clause is not a noun
    assert slot_problems("{handle} also waiting {broken}")              # no verb for it
    assert slot_problems("{handle} going to {stake}")                   # "going to my sister's wedding"?
    assert fragment_problems("place", "at Terminal 5") == []
    assert fragment_problems("place", "Terminal 5")
    assert fragment_problems("broken", "bag drop shut.")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_a_scenarios_fragments_and_whole_posts_fit_their_frames(scenario):
    for key, items in scenario.templates.items():
        name = TEMPLATE_FRAGMENTS.get(key)
        for item in items:
            problems = fragment_problems(name, item) if name else slot_problems(item)
            assert problems == [], (key, item, problems)


# Values for everything that is not a scenario fragment, to fill a frame completely.
_FIXED = {"daypart": "morning", "handle": "@Brand", "brand": "Brand", "brand_short": "Brand", "digits2": "0001", "town": "York", "town2": "Hull",
          "time": "10:42", "since": "06:30", "hours": "4", "fact": "\"Service is down\"", "first_name": "Ria",
          "song": "Song Title", "jab": "shambles", "hashtag": "#BrandDown", "mood_tag": "#frustrated", "clock": "7:15", "tries": "5",
          "relative": "mum", "staff": "the lad at the desk", "staff_said": "try again later", "waited": "an hour",
          "soon": "11:05", "plan_b": "going to try again later", "quote": "\u201cwe are on it\u201d", "other": "@dave_1",
          "promised": "15:00", "outlet": "City Wire", "competitor": "Orbit", "rumour": "it's hackers",
          "price": "£30", "n": "12", "trade": "cafe", "years": "6", "ref": "account ending 4417",
          "device": "my iPhone", "device2": "the laptop", "staff_name": "Dawn", "street": "Mill Lane",
          "shop": "the Co-op", "amount": "£12.40", "mins_exact": "47", "flight": "BW2231",
          "detail": "tried 5 times", "progress": "tried twice more since",
          "they": "she", "them": "her", "their": "her", "theirs": "hers"}      # the mum's
_SUBJECT_THEN_NOUN = re.compile(r"\b(?:I|we|you|they)\s+(?:the|a|an|my|your|our|no)\b")
_DOUBLED = re.compile(r"(?<![\w'])(\w+) \1(?![\w'])", re.I)


def _slips(text: str) -> list[str]:
    out = [slip.split(" in ", 1)[0] for slip in verb_slips(text) if not slip.startswith("a word said twice")]
    if m := _DOUBLED.search(text):
        out.append(f"doubled {m.group(0)!r}")
    if m := _SUBJECT_THEN_NOUN.search(text):
        out.append(f"no verb: {m.group(0)!r}")
    if re.search(r"\b(?:waiting|hours of|hrs of|mins of)\s+(?:the|a|my|no)\b", text):
        out.append("a clause where a noun should be")
    if re.search(r"[{}<>|]", text.replace("\u201c", "")):
        out.append("left-over grammar")
    if "  " in text or " ." in text or " ," in text or ".." in text.replace("...", ""):
        out.append("stray spacing or punctuation")
    return out


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_every_frame_with_every_fragment_reads(lines, scenario):
    """Every line of the writer with every one of this scenario's fragments in each slot (each
    fragment as first written, and each frame in every way its alternatives come out): no
    doubled words, no missing verbs, nothing left over."""
    tags = lines.tags_for(scenario.industry or "")
    pools = {"broken": lines.pool(scenario.templates.get("broken", ()), "broken", tags),     # the scenario's own
             "stake": lines.pool(scenario.templates.get("stakes", ()), "stake", tags),      # and the writer's
             "place": lines.pool(scenario.templates.get("places", ()), "place", tags)}      # tagged for it
    pools["also_broken"], pools["new_place"] = pools["broken"], pools["place"]
    checked = 0
    bad = []

    def check(where, frame, values):
        nonlocal checked
        text = " ".join(PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), frame).split())
        checked += 1
        bad.extend((where, slip, text) for slip in _slips(text))

    for where, ln in lines.all_lines:
        if "fragments." in where:
            continue
        slots = [s for s in pools if "{" + s + "}" in ln.text and pools[s]]
        first = {s: " ".join(next(expansions(pools[s][0])).split()) for s in slots}
        frames = list(expansions(ln.text, 40))
        for frame in frames:                        # every way the frame comes out (as the writer fills it)
            check(where, frame, {**_FIXED, **first})
        for slot in slots:                          # every fragment in every slot it can take,
            contexts = {}                           # next to every word the frame puts beside it
            for frame in frames:
                for m in re.finditer(r"(\S*)\s*\{" + slot + r"\}\s*(\S*)", frame):
                    contexts.setdefault((m.group(1), m.group(2)), frame)
            for frame in contexts.values():
                for frag in pools[slot]:
                    for frag_text in list(expansions(frag, 3)):
                        check(where, frame, {**_FIXED, **first, slot: " ".join(frag_text.split())})
    assert checked > 5_000
    assert bad == [], bad[:10]


def test_the_fast_yaml_reader_reads_the_writer_files_and_personas_as_the_plain_one_does():
    """The line files and the persona table are read with libyaml's safe loader (start-up: every
    process that writes posts reads them); it must give exactly what PyYAML's own reader gives."""
    import yaml

    from sim.personas import YAML_LOADER
    from sim.writer import lines as writer_lines
    files = [writer_lines.HERE / n for n in writer_lines.FILES]
    files.append(writer_lines.HERE.parents[1] / "personas.yaml")
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=YAML_LOADER) == yaml.safe_load(text), f.name


def test_no_data_file_says_a_key_twice():
    """YAML keeps the last of two equal keys without a word, so a second 'swears:' would silently
    replace the first: every mapping in the line files and the persona table has each key once."""
    import yaml

    from sim.writer import lines as writer_lines
    files = [writer_lines.HERE / n for n in writer_lines.FILES]
    files.append(writer_lines.HERE.parents[1] / "personas.yaml")
    twice = []
    for f in files:
        todo = [yaml.compose(f.read_text(encoding="utf-8"))]
        while todo:
            node = todo.pop()
            if isinstance(node, yaml.MappingNode):
                keys = [k.value for k, _ in node.value]
                twice += [f"{f.name}:{k.start_mark.line + 1}: {k.value}" for i, (k, _) in enumerate(node.value)
                          if k.value in keys[:i]]
                todo += [v for _, v in node.value]
            elif isinstance(node, yaml.SequenceNode):
                todo += node.value
    assert twice == []
