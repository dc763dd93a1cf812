"""Bot seats: the built-in bot players (sim.bots) working a team desk, and an approver bot.

A responder bot claims the post its player would choose among those nobody holds, writes the
reply its player writes, submits it, and waits its typing pace (drill seconds) before the next.
Told that someone else has the post, it picks another. Asked for changes, it writes again with
what it knows now (twice at most, then lets the post go).

The approver bot approves safe, honest drafts and asks for changes on the rest: a draft that is
stale (a fact or inject arrived after it was begun), or that the scorer found rude, dismissive
or promising what the facts do not say.
"""
from __future__ import annotations

import zlib

from sim.drill.host import bad_draft
from sim.drill.seat import Seat
from sim.drill.team import Pending

MAX_REWRITES = 2


def _scenario(seat: Seat):
    from sim.replay import scenario_for
    m = seat.state.meta
    return scenario_for({"scenario": (m.scenario if m else None) or seat.info.meta["scenario"]})


def run_responder(seat: Seat, player: str, *, scenario=None) -> dict:
    from sim.bots import make_bot
    sc = scenario or _scenario(seat)
    seed = int(seat.state.meta.seed if seat.state.meta else 0) + zlib.crc32(seat.name.encode()) % 10000
    bot = make_bot(player, sc, seed)
    ready = 0.0
    rewrites: dict[str, int] = {}
    mine: dict[str, int] = {}              # post -> submitted revision waiting for review
    stats = {"claims": 0, "lost": 0, "submitted": 0}
    seen_reviews = 0
    while not seat.state.over:
        seat.poll(0.05)
        desk = seat.desk
        if desk.finished:
            break
        # reviews of my drafts
        while seen_reviews < len(desk.reviews):
            rv = desk.reviews[seen_reviews]
            seen_reviews += 1
            if rv.post_id in mine and rv.verdict == "changes":
                pid = rv.post_id
                mine.pop(pid)
                post = desk.open.get(pid)
                held = desk.claims.get(pid)
                if post is None or held is None or held.by != seat.name:
                    continue
                if rewrites.get(pid, 0) >= MAX_REWRITES:
                    seat.do({"type": "release", "post_id": pid})
                    continue
                rewrites[pid] = rewrites.get(pid, 0) + 1
                text = bot.write(post, sc.facts_known(desk.t))
                seat.do({"type": "submit", "post_id": pid, "text": text, "based_on": seat.state.seq})
                mine[pid] = 1
            elif rv.post_id in mine:
                mine.pop(rv.post_id, None)
        # a draft waits for its review only while its post is open (a log from before the host
        # refused submits to superseded posts can hold one pending for a closed post for ever)
        mine = {p: r for p, r in mine.items() if p in desk.pending and p in desk.open}
        if mine or desk.t < ready or desk.paused:
            continue
        free = [p for p in desk.queue() if p.id not in desk.claims]
        if not free:
            continue
        post = bot.choose(free)
        if post is None:
            continue
        why = seat.do({"type": "claim", "post_id": post.id})
        if why:
            stats["lost"] += 1
            continue
        stats["claims"] += 1
        text = bot.write(post, sc.facts_known(desk.t))
        why = seat.do({"type": "submit", "post_id": post.id, "text": text,
                       "based_on": seat.state.seq})
        if not why:
            stats["submitted"] += 1
            if seat.state.meta.approval:
                mine[post.id] = 1
        if seat.state.meta.mode != "turns":     # in turns mode the clock stands still
            ready = desk.t + bot.pace
    return stats


def verdict(pending: Pending) -> tuple[bool, str]:
    """(approve?, comment) for a submitted draft."""
    if pending.stale:
        return False, "a new fact or inject arrived after you began this: check it still holds"
    bad = bad_draft(pending.scores)
    if bad:
        reasons = [r for r in pending.scores.get("reasons", ()) if r.startswith("-")]
        return False, "; ".join(reasons[:2]) or ("not safe to publish: " + ", ".join(bad))
    return True, ""


def run_approver(seat: Seat) -> dict:
    stats = {"approved": 0, "changes": 0}
    done: set[tuple[str, int]] = set()
    while not seat.state.over:
        seat.poll(0.05)
        desk = seat.desk
        if desk.finished:
            break
        for pid, pend in sorted(desk.pending.items(), key=lambda kv: kv[1].t):
            key = (pid, int(pend.rev))
            if key in done:
                continue
            done.add(key)
            ok, comment = verdict(pend)
            if ok:
                why = seat.do({"type": "approve", "post_id": pid, "rev": pend.rev})
                stats["approved"] += why is None
            else:
                why = seat.do({"type": "changes", "post_id": pid, "rev": pend.rev,
                               "comment": comment})
                stats["changes"] += why is None
    return stats
