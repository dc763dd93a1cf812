"""The needs-reply queue: posts waiting for an answer, most urgent first (the engine's order),
then the posts already answered (pick one to follow up in its thread).

The queue never chooses what the reply goes to: the desk owns the selection and the queue
only highlights it, so new posts arriving (and the queue re-sorting) never move it. Each entry
is two lines (who, then the start of the text); the highlighted one is shown in full.
Priority, persona and anger are written as symbols and words as well as colours.
"""
from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sim.model import Post
from sim.tui.render import answered_label, queue_label
from sim.tui.view import DeskView

SHOWN = 200             # the queue keeps the most urgent 200 on screen; the engine keeps them all
ANSWERED = 30           # answered posts listed for a follow-up, newest first
SEPARATOR = "--answered--"


class NeedsReply(OptionList):
    DEFAULT_CSS = "NeedsReply { height: 1fr; }"
    view: reactive[DeskView | None] = reactive(None, always_update=True)
    selected: reactive[str | None] = reactive(None)     # set by the desk; the queue only shows it

    class Picked(Message):
        """The player moved to a post in the queue (``post_id``)."""

        def __init__(self, post_id: str | None) -> None:
            super().__init__()
            self.post_id = post_id

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._ids: list[str] = []               # option ids in order (the separator included)
        self._posts: dict[str, Post] = {}
        self._answered: set[str] = set()
        self._width = 0
        self._full: int | None = None           # the option shown in full

    def on_mount(self) -> None:
        self.border_title = "Needs reply · most urgent first"

    def watch_view(self, v: DeskView | None) -> None:
        self._rebuild(force=False)

    def watch_selected(self, _old: str | None, _new: str | None) -> None:
        self._show_selection()

    def on_resize(self) -> None:
        self._rebuild(force=True)

    def _label(self, p: Post, full: bool) -> Text:
        if p.id in self._answered:
            return answered_label(p, self._width, full)
        return queue_label(p, self._width, full)

    def _rebuild(self, force: bool) -> None:
        v = self.view
        if v is None:
            return
        queue = v.queue[:SHOWN]
        answered = v.answered[:ANSWERED]
        ids = [p.id for p in queue] + ([SEPARATOR] if answered else []) + [p.id for p in answered]
        width = max(10, (self.scrollable_content_region.width or 30) - 1)
        self.border_subtitle = f"{len(v.queue)} waiting" if v.queue else "all answered"
        if ids == self._ids and not force and width == self._width:
            return
        self._ids, self._width = ids, width
        self._posts = {p.id: p for p in (*queue, *answered)}
        self._answered = {p.id for p in answered}
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            opts = [Option(self._label(p, False), id=p.id) for p in queue]
            if answered:
                opts.append(Option(Text("── answered · F5 follow-up", style="dim"),
                                   id=SEPARATOR, disabled=True))
                opts += [Option(self._label(p, False), id=p.id) for p in answered]
            self.add_options(opts)
            self._full = None
        self._show_selection()

    def _show_selection(self) -> None:
        """Highlight the desk's selection (and show it in full); nothing else."""
        i = self._ids.index(self.selected) if self.selected in self._ids else None
        with self.prevent(OptionList.OptionHighlighted):
            if self._full is not None and self._full != i and self._full < len(self._ids):
                self.replace_option_prompt_at_index(self._full, self._label(self._posts[self._ids[self._full]], False))
            if i is not None and self._full != i:
                self.replace_option_prompt_at_index(i, self._label(self._posts[self._ids[i]], True))
            self._full = i
            if self.highlighted != i:
                self.highlighted = i

    def move(self, step: int) -> None:
        """Ctrl+↓ / Ctrl+↑: the next or previous entry (the separator is skipped)."""
        ids = [i for i in self._ids if i != SEPARATOR]
        if not ids:
            return
        i = ids.index(self.selected) if self.selected in ids else -1
        i = max(0, min(len(ids) - 1, i + step))
        self.post_message(self.Picked(ids[i]))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != SEPARATOR and event.option.id != self.selected:
            self.post_message(self.Picked(event.option.id))
