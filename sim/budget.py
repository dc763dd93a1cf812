"""The budget a drill runs within, so a scenario that validates cannot exhaust memory.

- At most ``MAX_POSTS`` posts in one drill, of every kind (scripted, reactions, chasers,
  pile-ons). The engine stops adding posts there and journals one ``limit`` event.
- At most ``MAX_FIRINGS`` firings of conditions in one drill, all conditions together. The
  engine stops firing them there (and journals one ``limit`` event).
- ``stormdesk validate`` refuses a scenario whose scripted posts could pass ``MAX_SCRIPTED``
  at the storm difficulty (waves, scripted events, and every condition firing as often as it
  can), or whose repeating condition (``once: false``) could fire more than ``MAX_FIRINGS``
  times: each scripted post can bring a few more (chasers, people joining in, call-outs), and
  such a scenario would run into the hard limit and stop making sense.

The numbers are stated in the README ("Writing a scenario"); bundled scenarios use about 2% of
them.
"""
from __future__ import annotations

import math
import re

from sim.model import DIFFICULTY_SCALE, Scenario

MAX_POSTS = 25_000          # posts of every kind in one drill (the engine's hard limit)
MAX_FIRINGS = 100           # condition firings in one drill, all conditions together
MAX_SCRIPTED = 5_000        # scripted posts at storm difficulty that validate accepts
TICK = 1.0                  # the engine checks conditions once per drill second


def _scaled(n: int, volume: float) -> int:
    return max(1, round(n * volume)) if n else 0


def firings(cond, length: float) -> int:
    """The most times a condition can fire in a drill of ``length`` seconds (before the budget)."""
    if cond.once:
        return 1
    # after firing, the condition must hold again for ``for`` seconds; checked every tick
    gap = max(TICK, math.ceil(cond.when.for_seconds / TICK) * TICK + TICK)
    return int(length // gap) + 1


def worst_case(sc: Scenario) -> dict:
    volume = max(s["volume"] for s in DIFFICULTY_SCALE.values())
    waves = sum(_scaled(w.posts, volume) for w in sc.waves)
    events = sum(_scaled(e.posts, volume) for e in sc.events if e.mix)
    conds = [(c, firings(c, sc.length), _scaled(c.then.posts, volume) if c.then.mix else 0)
             for c in sc.conditions]
    cond_posts = sum(min(n, MAX_FIRINGS) * per for _, n, per in conds)
    return {"waves": waves, "events": events, "conditions": conds,
            "scripted": waves + events + cond_posts}


def _line_of(source: str, *needles: str) -> int:
    """The 1-based line in the scenario file that first holds one of ``needles`` (else 1)."""
    try:
        with open(source, encoding="utf-8", errors="replace") as fh:
            text = fh.read(4 * 2**20)
    except OSError:
        return 1
    for needle in needles:
        if not needle:
            continue
        m = re.search(re.escape(needle), text)
        if m:
            return text.count("\n", 0, m.start()) + 1
    return 1


def check(sc: Scenario | None, file: str) -> list:
    """Problems (``sim.scenario.Problem``) for a scenario that would run past the budget."""
    if sc is None:
        return []
    from sim.scenario import Problem
    out: list[Problem] = []
    wc = worst_case(sc)
    for c, n, _per in wc["conditions"]:
        if n > MAX_FIRINGS:
            name = c.name or c.then.kind
            out.append(Problem(file, _line_of(file, f"name: {c.name}" if c.name else "", "conditions:"), 1,
                               f"condition {name!r} repeats (once: false) and could fire {n} times in "
                               f"this {sc.length / 60:g}-minute drill; a drill allows {MAX_FIRINGS} "
                               f"condition firings in all, so it would stop firing part-way",
                               "set once: true, or a longer 'for:' so it fires at most "
                               f"{MAX_FIRINGS} times"))
    if wc["scripted"] > MAX_SCRIPTED:
        out.append(Problem(file, _line_of(file, "waves:"), 1,
                           f"at storm difficulty this scenario can schedule {wc['scripted']:,} posts "
                           f"(waves {wc['waves']:,}, events {wc['events']:,}, conditions "
                           f"{wc['scripted'] - wc['waves'] - wc['events']:,}); the budget is "
                           f"{MAX_SCRIPTED:,} scripted posts per drill ({MAX_POSTS:,} in all, with "
                           f"the crowd's reactions)",
                           "fewer posts per wave or per condition, or conditions that fire once"))
    return out
