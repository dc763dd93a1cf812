"""A seat's view of one desk of a team drill, as the single-player desk's widgets see it.

The desk widgets (sim/tui/widgets) take one typed ``DeskView``. A seat has no engine: it has the
host's log, folded (``sim.drill.team.Desk``: posts, replies, claims, crowd events). ``DeskFold``
turns that fold into a ``DeskView`` (and the posts into ``Post`` objects, the replies into
``ReplySent``), keeping what needs the whole history (the lowest mood, followers at the start,
the threads) as new events arrive, so a refresh costs the new events, not the whole log.
"""
from __future__ import annotations

from collections import Counter

from sim.drill.log import Opened
from sim.drill.team import Pending
from sim.engine import Totals
from sim.events import CrowdMoved, DrillStart, Event, Posted, Replied, Sample, WaveStart
from sim.model import Fact, Post
from sim.threads import ReplyBook
from sim.tui.view import DeskView, ReplySent

TRENDING_WINDOW = 300.0     # drill seconds of posts whose hashtags count as trending
TICKER = 4                  # crowd call-outs kept as the ticker


def _avg(vals: list) -> float | None:
    vals = [v for v in vals if v is not None]
    return round(sum(vals) / len(vals), 1) if vals else None


class DeskFold:
    """Follows one desk's events (``desk.events``) and makes DeskViews of it."""

    def __init__(self, desk, scenario, meta: Opened | None) -> None:
        self.desk = desk
        self.scenario = scenario
        self.meta = meta
        self.book = ReplyBook()                # threads, as the engine keeps them (sim.threads)
        self.posts: dict[str, Post] = {}
        self.seen = 0                          # desk events folded so far
        self.mood_min = 0.0
        self.followers = self.followers_start = 0
        self.volume = 0.0
        self.wave = 0
        self.ticker: list[str] = []

    def label(self, t: float) -> str:
        return self.scenario.clock.label(float(t))

    def new_events(self) -> list[Event]:
        """The desk's events (typed) since the last call, folded here too."""
        evs = self.desk.events[self.seen:]
        self.seen = len(self.desk.events)
        for ev in evs:
            match ev:
                case DrillStart():
                    self.mood_min = float(ev.mood or 0.0)
                    self.followers = self.followers_start = int(ev.brand.get("followers", 0) or 0)
                case Posted(post=post):
                    self.posts[post.id] = post
                    self.book.add(post.id, post, handle=post.handle, reply_to=post.reply_to, kind=post.kind)
                case WaveStart():
                    self.wave += 1
                case CrowdMoved() | Sample():
                    self.mood_min = min(self.mood_min, float(ev.mood))
                    self.followers = int(ev.followers or self.followers)
                    if isinstance(ev, Sample):
                        self.volume = float(ev.volume)
                    elif abs(float(ev.delta)) >= 3 and not ev.slide:
                        self.ticker = (self.ticker + [ev.cause])[-TICKER:]
        return evs

    def thread(self, post_id: str) -> list[Post]:
        """The whole thread ``post_id`` belongs to, first post first."""
        return [self.posts[i] for i in self.book.members(post_id) if i in self.posts]

    def reply_sent(self, reply: Replied | Pending | None) -> ReplySent | None:
        """The score card's reply: one published, or a draft awaiting approval (the reply it
        would be)."""
        if isinstance(reply, Pending):
            reply = Replied(t=reply.t, post_id=reply.post_id, text=reply.text, seconds=0.0,
                            scores=reply.scores)
        if reply is None:
            return None
        return ReplySent.of(reply, self.posts.get(reply.post_id), self.label(reply.t))

    def trending(self) -> tuple[str, ...]:
        t = self.desk.t
        tags = Counter(h for p in self.posts.values() if t - p.at <= TRENDING_WINDOW for h in p.hashtags)
        return tuple(h for h, _ in tags.most_common(3))

    def view(self, *, over: bool = False) -> DeskView:
        d = self.desk
        replies = list(d.replies.values())
        totals = Totals(*(_avg([r.score(k) for r in replies]) for k in ("empathy", "speed", "tone", "substance", "overall")),
                        answered=len(replies), missed=len(d.open), drill=None)
        if d.end is not None and d.end.totals:
            totals = Totals(**d.end.totals)
        queue = tuple(self.posts[p.id] for p in d.queue() if p.id in self.posts)
        answered = tuple(self.posts[r.post_id] for r in sorted(replies, key=lambda r: -r.t)
                         if r.post_id in self.posts)
        facts = tuple(Fact(id=f.id or "", at=float(f.t), text=f.text, kind=f.fact_kind or "status")
                      for f in d.facts)
        return DeskView(t=d.t, world_time=self.label(d.t), length=self.scenario.length, mode=self.meta.mode if self.meta else "realtime",
                        paused=d.paused, held=False, finished=d.finished or over, wave=self.wave,
                        waves=len(self.scenario.waves), mood=d.mood, mood_min=self.mood_min,
                        volume=self.volume, followers=self.followers,
                        followers_change=self.followers - self.followers_start, trending=self.trending(),
                        ticker=tuple(self.ticker), facts=facts, queue=queue, answered=answered,
                        totals=totals, last_reply=self.reply_sent(d.last_reply))
