"""What the desk's widgets see: one typed, read-only object per update (``DeskView``).

The desk screen builds a ``DeskView`` from the drill after every batch of events and hands it
to the widgets (reactive ``view`` attributes). Widgets import this module, never the engine, so
how the engine keeps its state can change without touching a widget. ``Threads`` follows the
journal's post events, so the desk can show a thread from its first post and keep a selection
on the same person when they write again.
"""
from __future__ import annotations

from dataclasses import dataclass

from sim.engine import Drill, Totals
from sim.model import Fact, Post


@dataclass(frozen=True)
class ReplySent:
    """A reply as the engine scored it: to whom, what was sent, the scores and every reason."""
    post: Post | None
    text: str
    t: float
    world_time: str
    overall: float | None
    empathy: float | None
    speed: float | None
    tone: float | None
    substance: float | None
    reasons: tuple[str, ...]

    @classmethod
    def of(cls, ev: dict, post: Post | None, world_time: str) -> ReplySent:
        s = ev.get("scores") or {}
        return cls(post=post, text=str(ev.get("text", "")), t=float(ev.get("t", 0)), world_time=world_time,
                   overall=s.get("overall"), empathy=s.get("empathy"), speed=s.get("speed"),
                   tone=s.get("tone"), substance=s.get("substance"), reasons=tuple(s.get("reasons") or ()))


@dataclass(frozen=True)
class DeskView:
    """The drill as the desk shows it at one moment."""
    t: float
    world_time: str
    mode: str                       # realtime | turns
    paused: bool                    # the player paused (F2)
    held: bool                      # a dialog is open: the clock waits behind it
    finished: bool
    wave: int
    waves: int
    mood: float
    mood_min: float
    volume: float
    followers: int
    followers_change: int
    trending: tuple[str, ...]
    ticker: tuple[str, ...]
    facts: tuple[Fact, ...]         # everything known now, oldest first
    queue: tuple[Post, ...]         # needs a reply, most urgent first
    answered: tuple[Post, ...]      # answered, nothing newer from them: one per person and thread, newest first
    totals: Totals
    last_reply: ReplySent | None

    @classmethod
    def of(cls, drill: Drill, *, held: bool = False) -> DeskView:
        st = drill.state
        label = drill.scenario.clock.label
        answered = followable(drill)
        last = None
        if drill.sent:
            ev = drill.sent[-1]
            last = ReplySent.of(ev, drill.posts.get(ev["post_id"]), label(float(ev.get("t", 0))))
        return cls(t=st.t, world_time=st.world_time, mode=st.mode, paused=st.paused, held=held,
                   finished=st.finished, wave=st.wave, waves=st.waves, mood=st.mood, mood_min=st.mood_min,
                   volume=st.volume, followers=st.followers, followers_change=st.followers_change,
                   trending=tuple(st.trending), ticker=tuple(st.ticker), facts=tuple(st.facts),
                   queue=tuple(st.queue), answered=answered, totals=st.totals, last_reply=last)


def followable(drill: Drill) -> tuple[Post, ...]:
    """The posts a follow-up can go to: answered, and their author has not written again in the
    thread (that newer post waits in the queue). One per person and thread, the thread's newest
    answered post, most recently replied first."""
    out: list[Post] = []
    seen: set[tuple[str, str]] = set()
    for ev in reversed(drill.sent):
        p = drill.posts.get(ev["post_id"])
        if p is None:
            continue
        key = (drill.thread_root(p.id), p.handle)
        if key in seen:
            continue
        seen.add(key)
        if drill.newer_in_thread(p) is None:
            out.append(p)
    return tuple(out)


def thread_replies(drill: Drill, post: Post, label) -> tuple[ReplySent, ...]:
    """Every reply the player sent to ``post``'s author in its thread, oldest first."""
    root = drill.thread_root(post.id)
    out = []
    for ev in drill.sent:
        p = drill.posts.get(ev["post_id"])
        if p is not None and p.handle == post.handle and drill.thread_root(p.id) == root:
            out.append(ReplySent.of(ev, p, label(float(ev.get("t", 0)))))
    return tuple(out)


class Threads:
    """Posts grouped by the thread they belong to (the root: the first post), from post events."""

    def __init__(self) -> None:
        self._root: dict[str, str] = {}
        self._members: dict[str, list[Post]] = {}

    def add(self, post: Post) -> None:
        if post.id in self._root:
            return
        root = self._root.get(post.reply_to, post.reply_to) if post.reply_to else post.id
        self._root[post.id] = root
        self._members.setdefault(root, []).append(post)

    def root(self, post_id: str) -> str:
        return self._root.get(post_id, post_id)

    def posts(self, post_id: str) -> list[Post]:
        """The whole thread ``post_id`` belongs to, first post first."""
        return list(self._members.get(self.root(post_id), ()))

    def by_author(self, post_id: str) -> list[Post]:
        """The thread's posts by the same person who wrote ``post_id`` (their own words)."""
        members = self.posts(post_id)
        me = next((p for p in members if p.id == post_id), None)
        return [p for p in members if me is None or p.handle == me.handle]
