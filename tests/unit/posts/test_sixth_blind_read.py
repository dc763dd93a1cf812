"""The sixth blind read's tells: choice groups that cross into a clause nobody types ("gave the
app another more go", "will there news by 7?", "Ours's no better", "is the a replay later?"),
a stake or detail that belongs to another outage (a payroll firm's customer whose auntie "is now
affected too"), and a journalist whose story "has gone out around 9:15am"."""
from __future__ import annotations

import re

from sim.writer.lines import bundled, expansions

# Each from a line whose <a|b> groups were picked apart; every way every line comes out is checked.
GARBLED = re.compile(
    r"\banother (?:more|last)\b|\bone another\b|\bfurther (?:on|at) (?:the|go) (?:go|\d|\{tries\})"
    r"|\b(?:ours|yours|theirs|hers)'s\b|\bwill there (?!be\b)|\bis there be\b"
    r"|\bhas there (?:a fix|an ETA|news)\b|\bis the (?:a replay|highlights)\b|\bis there (?:highlights|update)\b"
    r"|\bthe my\b|\bpay the my\b|\bfor (?:every|each) (?:device|telly)\b|\b(?:had|got) [^.?]* on cash\b"
    r"|\btill the week\b|\b(?:so far|currently) on \{hours\}|\bin (?:the|my) small claims\b"
    r"|\bI still (?:seen|got) (?:a|one)\b|\bplease (?:another way|anything else)\?"
    r"|\b(?:has gone|have gone) (?:live|out) (?:at|around) \{time\}|\bminus balance when I topped\b"
    r"|\bgone out when I\b", re.I)


def test_no_line_picks_its_alternatives_into_a_clause_nobody_types():
    bad = sorted({f"{w.rsplit('/', 1)[-1]}: {v}" for w, ln in bundled().all_lines
                  for v in expansions(ln.text, 3000) if GARBLED.search(v)})
    assert not bad, bad[:10]


def test_a_relative_has_it_too_only_where_households_have_it():
    """'my auntie is now affected too' and 'I've got zero texts' to a payroll-software firm: a
    relative has the outage only where it is a household's (shared); a firm's payroll sends no texts."""
    L = bundled()
    payroll = L.tags_for("Cloud accounting software")
    lines = [ln.text for _, ln in L.all_lines if ln.fits(payroll)]
    too = re.compile(r"\{relative\}[^.?]*\b(?:affected|stuck) (?:too|as well)\b")
    assert not [t for t in lines if too.search(t)]
    assert not [t for t in lines if re.search(r"\b(?:no|zero)> <[^>]*\btexts\b", t)]
