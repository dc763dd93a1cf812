"""Who still needs a reply, and what the drill as a whole scored: one set of books.

The engine keeps these books while a drill runs; the debrief keeps the same books while it reads a
journal back. Both call the same code, so "which posts still need a reply" and "when a newer
post supersedes an older one" are decided in one place.

Rules:

- A post needs a reply when its kind is one the player is expected to answer
  (:data:`NEEDS_REPLY`: a post, a follow-up, a call-out, a pile-on quote, a press piece).
- A post that replies to another belongs to that post's thread (the thread's root is the first
  post; :meth:`ReplyBook.members` lists a thread in order). When someone posts again in a thread, their own earlier unanswered posts in that thread
  are superseded: the player answers the newest, and the thread counts once. Bystanders have
  other handles, so they never supersede the author.

The drill score (:func:`drill_score`), 0-100, counts everyone who was owed a reply:

    drill = sum(weight(p) * overall(reply to p), 0 if unanswered) / sum(weight(p))

over every post that needed a reply and was not superseded. ``weight`` grows with the post's
triage priority (vulnerable people, then reach, then anger) and doubles for a vulnerable person,
so leaving one frightened customer unanswered costs as much as several ordinary ones. A post that
arrived so late that it had not yet waited the scenario's "good" reply time when the drill ended
is not counted against the player (nobody could have answered it yet); in turns mode every open
post counts. The mean reply score stays ``overall``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from sim.personas import at_risk

NEEDS_REPLY = frozenset({"post", "follow_up", "callout", "pile_on", "press"})
VULNERABLE_FACTOR = 2.0
AHEAD_MARGIN = 0.15     # priority by which a waiting post must outrank the one answered to count


def needs_reply(kind: str | None) -> bool:
    return (kind or "post") in NEEDS_REPLY


def weight(priority: float, persona: str) -> float:
    """How much one person owed a reply counts in the drill score."""
    w = 1.0 + 3.0 * max(0.0, min(1.0, float(priority)))
    return w * (VULNERABLE_FACTOR if at_risk(persona) else 1.0)


@dataclass
class ReplyBook:
    """Threads, open posts and supersessions, fed post by post in the order they happened."""
    root: dict[str, str] = field(default_factory=dict)         # post id -> thread root id
    open: dict = field(default_factory=dict)                    # post id -> post, needs a reply, none yet
    superseded: set[str] = field(default_factory=set)
    threads: dict[str, list[str]] = field(default_factory=dict)  # root id -> its post ids, in order
    owed: dict = field(default_factory=dict)                    # post id -> post, every post that needed a reply
    _by_handle: dict[str, list[str]] = field(default_factory=dict)

    def thread(self, pid: str) -> str:
        return self.root.get(pid, pid)

    def add(self, pid: str, post, *, handle: str, reply_to: str | None, kind: str | None) -> list[str]:
        """A new post arrived. Returns the ids it supersedes (its author's earlier unanswered
        posts in the same thread), which are no longer open."""
        self.root[pid] = self.thread(reply_to) if reply_to else pid
        self.threads.setdefault(self.root[pid], []).append(pid)
        if not needs_reply(kind):
            return []
        gone: list[str] = []
        if reply_to:
            root = self.root[pid]
            for q in self._by_handle.get(handle, ()):
                if q in self.open and self.thread(q) == root:
                    gone.append(q)
            for q in gone:
                del self.open[q]
                self.superseded.add(q)
                self.owed.pop(q, None)
        self.open[pid] = post
        self.owed[pid] = post
        self._by_handle.setdefault(handle, []).append(pid)
        return gone

    def answered(self, pid: str) -> None:
        self.open.pop(pid, None)

    def members(self, pid: str) -> list[str]:
        """The ids of the whole thread ``pid`` belongs to, first post first."""
        return list(self.threads.get(self.thread(pid), ()))


def _get(p, key: str, default=None):
    if isinstance(p, Mapping):
        return p.get(key, default)
    return getattr(p, key, default)


def waiting_ahead(waiting: Iterable, post) -> int:
    """How many of the ``waiting`` posts (objects or journal dicts) are more urgent than
    ``post`` and were there first: answering ``post`` jumped the triage queue past them."""
    pid, pr, at = _get(post, "id"), float(_get(post, "priority", 0.0) or 0.0), float(_get(post, "at", 0.0))
    return sum(1 for q in waiting if _get(q, "id") != pid
               and float(_get(q, "priority", 0.0) or 0.0) > pr + AHEAD_MARGIN
               and float(_get(q, "at", 0.0)) < at)


def drill_score(owed: Iterable, overall_by_post: Mapping[str, float | None], *, now: float,
                grace: float | None) -> float | None:
    """The drill score (module docstring). ``owed``: every post that needed a reply and was not
    superseded (objects or journal dicts with id, at, priority, persona); ``overall_by_post``:
    the overall of the reply each answered post got; ``grace``: seconds an open post may have
    waited at ``now`` without counting (None: every open post counts). None when nobody was
    owed anything."""
    total = got = 0.0
    for p in owed:
        pid = _get(p, "id")
        answered = pid in overall_by_post
        if not answered and grace is not None and now - float(_get(p, "at", 0.0)) < grace:
            continue
        w = weight(float(_get(p, "priority", 0.0) or 0.0), str(_get(p, "persona", "")))
        total += w
        if answered:
            got += w * float(overall_by_post[pid] or 0.0)
    if total <= 0:
        return None
    return round(got / total, 1)
