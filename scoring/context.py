"""The scorer's plain input and output: no game, no UI, so transcripts can be scored anywhere."""
from __future__ import annotations

from dataclasses import dataclass, field, fields

#: The longest reply a post can carry. The one home of the number: the scorer, the writer, the
#: compose box and the bots all read it from here (scoring is the layer everything else sits on).
REPLY_LIMIT = 280


@dataclass(frozen=True)
class Fact:
    """Something the brand knows: its text, its kind (status, cause, eta, workaround, safety, ...)
    and the drill second it became known (None: known from the start)."""
    text: str
    kind: str | None = None
    at: float | None = None


@dataclass(frozen=True)
class ReplyContext:
    """One reply to one post, with whatever is known about the moment it was sent."""
    post: str                                   # the post being answered (the "tweet")
    reply: str                                  # the player's reply
    persona: str | None = None                  # angry|question|vulnerable|troll|joker|journalist|...
    facts: tuple = ()                           # what the brand knew: str or Fact, in any mix
    previous_replies: tuple[str, ...] = ()      # the player's earlier replies, oldest first
    voice: str | None = None                    # playful|warm|formal
    seconds_to_reply: float | None = None       # None: untimed (no speed score)
    speed_good: float = 60.0                    # at or under this: full speed marks
    speed_late: float = 300.0                   # at or over this: speed bottoms out
    priority: float | None = None               # the engine's triage priority of this post (0..1)
    higher_priority_waiting: int = 0            # more urgent posts, older than this one, left waiting
    author_name: str | None = None              # "Ria Shah"
    author_handle: str | None = None            # "@ria_s"
    brand: str | None = None                    # "Vela Mobile"
    at: float | None = None                     # drill second the reply was sent: later facts give no credit
    other_posts: tuple[str, ...] = ()           # other posts of the drill, to test a reply for fitting any post
    thread_replies: tuple[str, ...] = ()        # a follow-up: the player's earlier replies in this thread, oldest first


_DEFAULTS = {f.name: f.default for f in fields(ReplyContext)}


def make_context(**given) -> ReplyContext:
    """``ReplyContext(**given)``, made without the frozen dataclass's one ``object.__setattr__`` a
    field (the scorer's command makes one a line; tests/unit/scoring/test_fast_paths.py compares)."""
    if not given.keys() <= _DEFAULTS.keys() or "post" not in given or "reply" not in given:
        return ReplyContext(**given)            # its own error for a missing or unknown field
    ctx = object.__new__(ReplyContext)
    d = ctx.__dict__
    d.update(_DEFAULTS)
    d.update(given)
    return ctx


def fact_texts(ctx: ReplyContext) -> tuple[tuple[str, str | None], ...]:
    """(text, kind) of every fact known when the reply went out (a fact released after the reply is
    left out: it gives no credit and cannot be contradicted)."""
    out = []
    for f in ctx.facts or ():
        if isinstance(f, str):
            out.append((f, None))
        elif isinstance(f, Fact) and isinstance(f.text, str):
            if f.at is not None and ctx.at is not None and f.at > ctx.at:
                continue
            out.append((f.text, f.kind if isinstance(f.kind, str) else None))
    return tuple(out)


@dataclass(frozen=True)
class Score:
    empathy: float
    tone: float
    substance: float
    overall: float
    speed: float | None = None
    reasons: list[str] = field(default_factory=list)     # "+ apologised", "- 'calm down' is tone policing"
    markers: list[str] = field(default_factory=list)     # ids of the markers that fired, sorted

    def to_dict(self) -> dict:
        return {"empathy": self.empathy, "tone": self.tone, "substance": self.substance,
                "speed": self.speed, "overall": self.overall, "reasons": list(self.reasons),
                "markers": list(self.markers)}
