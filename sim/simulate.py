"""Headless drills: a whole scenario played by a bot, as fast as the CPU allows.

Uses the real engine, the real scorer and the real crowd model: nothing here computes a number
of its own except the summary of what the engine recorded.
"""
from __future__ import annotations

import os
from pathlib import Path

from sim.bots import make_bot
from sim.engine import Drill
from sim.events import CrowdMoved, DrillEnd, DrillStart, Posted, Replied, Sample
from sim.journal import Journal
from sim.model import Scenario

STEP = 1.0   # drill seconds between the bot's looks at the queue


def run(scenario: Scenario, *, seed: int, player: str, difficulty: str = "standard",
        mode: str = "realtime", journal_path=None) -> Drill:
    bot = make_bot(player, scenario, seed)
    if journal_path is not None:
        claim_journal_path(journal_path)
    journal = Journal(journal_path)
    try:
        drill = Drill(scenario, seed=seed, difficulty=difficulty, mode=mode, player=player,
                      journal=journal)
        if mode == "turns":
            while not drill.finished:
                for _ in range(50):
                    post = bot.choose(drill.queue())
                    if post is None:
                        break
                    drill.reply(post.id, bot.write(post, scenario.facts_known(drill.t)))
                drill.next_wave()
            return drill
        t = 0.0
        ready = 0.0
        while not drill.finished:
            drill.advance(t)
            if drill.finished:
                break
            if t >= ready:
                post = bot.choose(drill.queue())
                if post is not None:
                    drill.reply(post.id, bot.write(post, scenario.facts_known(t)), t)
                    ready = t + bot.pace
            t += STEP
        return drill
    finally:
        journal.close()
        if journal.failed is not None:
            e = journal.failed
            raise OSError(f"the journal {journal_path} could not be written: "
                          f"{e.strerror or e}") from None


def claim_journal_path(path) -> None:
    """A new drill gets a new journal: an old Stormdesk journal at ``path`` is replaced; anything
    else there (a scenario, a report, a device, a folder) is refused, never deleted."""
    from sim.files import FileRefused, is_journal
    p = Path(path)
    if not os.path.lexists(p):
        return
    if not is_journal(p):
        raise FileRefused(f"{p} already exists and is not a Stormdesk journal; refusing to "
                          f"overwrite it (give a new path, or remove it yourself)")
    p.unlink()


def result(drill: Drill) -> dict:
    """The `stormdesk simulate --json` document (the README's "Command line"), from the journal."""
    events = drill.journal.typed
    end = events[-1] if isinstance(events[-1], DrillEnd) else None
    head: DrillStart = events[0]
    posts = [ev.post for ev in events if isinstance(ev, Posted)]
    replies = [{"post_id": ev.post_id, "at": ev.t, "text": ev.text, "seconds": ev.seconds,
                "scores": ev.scores} for ev in events if isinstance(ev, Replied)]
    timeline = [{"at": ev.t, "mood": ev.mood, "volume": ev.volume, "followers": ev.followers}
                for ev in events if isinstance(ev, Sample)]
    causes = [{"at": ev.t, "delta": ev.delta, "cause": ev.cause} for ev in events if isinstance(ev, CrowdMoved)]
    totals = drill.totals().to_dict()
    c = drill.crowd
    return {
        "scenario": head.scenario, "seed": head.seed, "player": head.player,
        "difficulty": head.difficulty, "mode": head.mode,
        "posts": [{k: getattr(p, k) for k in ("id", "at", "author", "handle", "persona", "text", "reach",
                                               "anger", "priority", "kind")} | ({"reply_to": p.reply_to} if p.reply_to else {})
                  for p in posts],
        "replies": replies,
        "crowd": {"mood_start": round(c.start_mood, 2), "mood_end": round(c.mood, 2),
                  "mood_min": round(c.mood_min, 2), "followers_start": c.followers_start,
                  "followers_end": c.followers, "timeline": timeline, "causes": causes},
        "totals": totals,
        "callouts": {"copy_paste": sum(1 for p in posts if p.cause == "copy-pasted replies were called out"),
                     "pile_on": sum(1 for p in posts if p.kind == "pile_on")},
        "ended": end.reason if end else None,
    }


def summary(res: dict) -> str:
    t = res["totals"]
    c = res["crowd"]

    def f(v):
        return "-" if v is None else f"{v:.0f}"

    lines = [
        f"{res['scenario']}  seed {res['seed']}  player {res['player']}  ({res['difficulty']}, {res['mode']})",
        f"posts {len(res['posts'])}  answered {t['answered']}  missed {t['missed']}",
        f"scores  empathy {f(t['empathy'])}  speed {f(t['speed'])}  tone {f(t['tone'])}  "
        f"substance {f(t['substance'])}  overall {f(t['overall'])}  drill {f(t.get('drill'))}",
        f"crowd mood {c['mood_start']:+.0f} -> {c['mood_end']:+.0f} (low {c['mood_min']:+.0f})  "
        f"followers {c['followers_end'] - c['followers_start']:+,}",
        f"called out for copy-pasting {res['callouts']['copy_paste']}x, pile-on posts {res['callouts']['pile_on']}",
    ]
    worst = sorted(res["crowd"]["causes"], key=lambda x: x["delta"])[:3]
    if worst:
        lines.append("biggest hits:")
        lines += [f"  {w['at']:6.0f}s {w['delta']:+.1f}  {w['cause']}" for w in worst]
    return "\n".join(lines)
