"""What the desk's widgets see: one typed, read-only object per update (``DeskView``).

The desk screen builds a ``DeskView`` from the engine's snapshot (``Drill.state``, a
``DrillState``) after every batch of events and hands it to the widgets (reactive ``view``
attributes). A ``DeskView`` is that snapshot plus what only the screen knows (a dialog holds the
clock); its fields are the engine's, declared once. Widgets import this module, never the
engine, so how the engine keeps its state can change without touching a widget.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from sim.engine import Drill, DrillState, ReplySent
from sim.model import Post

__all__ = ["DeskView", "ReplySent", "thread_replies"]


@dataclass(frozen=True)
class DeskView(DrillState):
    """The drill as the desk shows it at one moment."""
    held: bool = False              # a dialog is open: the clock waits behind it

    @classmethod
    def of(cls, drill: Drill, *, held: bool = False) -> DeskView:
        st = drill.state
        return cls(**{f.name: getattr(st, f.name) for f in fields(DrillState)}, held=held)


def thread_replies(drill: Drill, post: Post, label) -> tuple[ReplySent, ...]:
    """Every reply the player sent to ``post``'s author in its thread, oldest first."""
    root = drill.thread_root(post.id)
    out = []
    for ev in drill.sent:
        p = drill.post(ev.post_id)
        if p is not None and p.handle == post.handle and drill.thread_root(p.id) == root:
            out.append(ReplySent.of(ev, p, label(float(ev.t))))
    return tuple(out)
