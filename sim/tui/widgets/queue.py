"""The needs-reply queue: posts waiting for an answer, most urgent first (the engine's order).

One line per post, cut to the panel's width, so a flood never pushes the top of the queue out
of sight. Priority, persona and anger are written as symbols and words as well as colours.
"""
from __future__ import annotations

from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sim.tui.render import queue_label

SHOWN = 200             # the queue keeps the most urgent 200 on screen; the engine keeps them all


class NeedsReply(OptionList):
    DEFAULT_CSS = "NeedsReply { height: 1fr; }"
    posts: reactive[tuple] = reactive((), always_update=True)

    class Picked(Message):
        """The player moved to a post in the queue (``post_id``; None: the queue is empty)."""

        def __init__(self, post_id: str | None) -> None:
            super().__init__()
            self.post_id = post_id

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._ids: list[str] = []
        self._width = 0
        self.selected: str | None = None

    def on_mount(self) -> None:
        self.border_title = "Needs reply · most urgent first"

    def watch_posts(self, posts: tuple) -> None:
        self._rebuild(force=False)

    def on_resize(self) -> None:
        self._rebuild(force=True)

    def _rebuild(self, force: bool) -> None:
        shown = self.posts[:SHOWN]
        ids = [p.id for p in shown]
        width = max(10, (self.scrollable_content_region.width or 30) - 1)
        if ids == self._ids and not force and width == self._width:
            return
        self._ids, self._width = ids, width
        self.border_subtitle = f"{len(self.posts)} waiting" if self.posts else "all answered"
        keep = self.selected
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options([Option(queue_label(p, width), id=p.id) for p in shown])
            if keep in ids:
                self.highlighted = ids.index(keep)
            elif ids:
                self.highlighted = 0
        new = ids[self.highlighted] if ids and self.highlighted is not None else None
        if new != keep:
            self.pick(new)

    def pick(self, post_id: str | None) -> None:
        self.selected = post_id
        self.post_message(self.Picked(post_id))

    def move(self, step: int) -> None:
        if not self._ids:
            return
        i = self._ids.index(self.selected) if self.selected in self._ids else -1
        i = max(0, min(len(self._ids) - 1, i + step))
        self.highlighted = i            # OptionHighlighted follows and selects it

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self.selected:
            self.pick(event.option.id)
