"""A draft submitted for approval in the same moment its author writes again (a chaser that
supersedes the post) is refused at submit, not left pending for ever.

Seen on PostgreSQL bots at pace 60: the host checked the post was open, then moved the clock to
now (the chaser came, the post closed), then recorded the submit anyway. The desk's fold then
held a pending draft for a closed post: the approver's approve was refused ("post p3 no longer
needs a reply"), nothing ever cleared the draft, and the responder bot, waiting for its review,
never claimed another post (one bot: a drill with 0 replies)."""
from __future__ import annotations

from sim.events import Posted

from .test_commands import make_host, send, setup_seats


def _first_chase(tmp_path):
    """(post, time) of the first post whose author writes again in its thread, unanswered: a
    host of the same seed run on its own (the engine is deterministic)."""
    store, host = make_host(tmp_path / "probe.sqlite3")
    setup_seats(store, host)
    t = 20.0
    while t < 300:
        t += 0.5
        host.fake.set(t)
        host.step(0)
        d = host.state.desk("shared")
        for ev in d.events:
            p = ev.post if isinstance(ev, Posted) else None
            if p and p.reply_to in d.posts and d.posts[p.reply_to].handle == p.handle \
                    and p.reply_to not in d.open and p.reply_to not in d.replies:
                store.close()
                return p.reply_to, p.id, float(ev.t)
    raise AssertionError("nobody chased in the fixture drill")


def test_a_submit_that_races_its_posts_supersession_is_refused_and_leaves_nothing_pending(tmp_path):
    post, newer, t = _first_chase(tmp_path)
    store, host = make_host(tmp_path / "d.sqlite3")
    setup_seats(store, host)
    send(store, host, {"type": "claim", "post_id": post}, "c1", "Ana")
    host.step(0)
    assert host.state.desk("shared").claims[post].by == "Ana"
    host.fake.set(t + 0.01)              # the chaser is due: it comes inside the submit's command
    cid = send(store, host, {"type": "submit", "post_id": post, "text": "So sorry, we're on it."},
               "s1", "Ana")
    host.step(0)
    d = host.state.desk("shared")
    assert newer in d.open and post not in d.open        # the author wrote again: the post closed
    assert host.state.refusals.get(cid) == f"post {post} no longer needs a reply"
    assert d.pending == {} and post not in d.claims        # nothing left waiting for a review
    # and Ana can carry on: the newer post of the thread is hers to claim and answer
    send(store, host, {"type": "claim", "post_id": newer}, "c2", "Ana")
    send(store, host, {"type": "submit", "post_id": newer, "text": "So sorry, we're on it."}, "s2", "Ana")
    host.step(0)
    assert newer in host.state.desk("shared").pending


class _Slow:
    """A clock source that moves on by ``step`` drill seconds at every read: a loaded machine at
    a fast pace, where scoring a draft takes long enough for the drill to move on."""

    def __init__(self, t: float, step: float) -> None:
        self.t, self.step = t, step

    def __call__(self) -> float:
        self.t += self.step
        return self.t


def test_a_submit_happens_at_one_drill_second_however_slow_the_machine(tmp_path):
    """The submit is checked and recorded at the second it arrived: the clock moving on while it
    is applied (the draft being scored) cannot bring a chaser between the check and the record."""
    from sim.clock import DrillClock
    post, newer, t = _first_chase(tmp_path)
    store, host = make_host(tmp_path / "d.sqlite3")
    setup_seats(store, host)
    host.fake.set(t - 3)                 # just before the author chases
    send(store, host, {"type": "claim", "post_id": post}, "c1", "Ana")
    host.step(0)
    host.clock = DrillClock(source=_Slow(0.0, 2.0), offset=t - 3)   # then t-1, t+1, t+3...
    host.clock.start()
    cid = send(store, host, {"type": "submit", "post_id": post, "text": "So sorry, we're on it."},
               "s1", "Ana")
    host.step(0)
    d = host.state.desk("shared")
    assert host.state.refusals.get(cid) is None            # it arrived while the post was open
    assert all(pid in d.open for pid in d.pending), (d.pending, list(d.open))
