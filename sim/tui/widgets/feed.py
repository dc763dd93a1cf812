"""The live feed: a line-API ScrollView (only visible lines are rendered), threaded.

Posts arrive at the bottom. A reply, or a reaction to a post, is inserted under the thread it
belongs to, so the player's replies and the crowd's reactions sit under the posts they answer.
The feed keeps at most ``max_entries`` entries (oldest threads go first); the journal keeps
everything.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sim.events import CrowdMoved, Event, FactKnown, Injected, Posted, Replied, Scripted, WaveStart
from sim.model import Post
from sim.tui.render import post_line, reasons_text, reply_line


def event_entry(ev: Event, post: Post | None, wt: str) -> tuple[Text, str | None, str | None] | None:
    """The feed's line for one journal event (typed, ``sim.events``), as ``(text, post_id,
    parent_id)`` for :meth:`Feed.add`, or None when the event is not shown in the feed (pauses,
    samples...). ``post``: the post a reply answers; ``wt``: the event's in-world time. A reply
    written in a team drill names its author (and who approved it)."""
    match ev:
        case Posted(post=p):
            return post_line(p, wt), p.id, p.reply_to
        case FactKnown():
            return Text(f"{wt} ℹ FACT ({ev.fact_kind}): {ev.text}", style="bold cyan"), None, None
        case WaveStart():
            return Text(f"{wt} ── wave {ev.index + 1}: {ev.name or ''} ──", style="bold"), None, None
        case Scripted():
            return Text(f"{wt} ⚑ EVENT ({ev.event_kind}): {ev.text}", style="bold yellow"), None, None
        case Injected():
            return Text(f"{wt} ⚑ INJECT ({ev.inject_kind}): {ev.text}", style="bold yellow"), None, None
        case Replied():
            line = reply_line(post, ev.text, ev.score("overall"),
                              follow_up=bool(ev.follow_up))
            if ev.author:
                line.append(f"  by {ev.author}" + (f", approved by {ev.approved_by}" if ev.approved_by else ""),
                            style="dim")
            line.append("\n")
            line.append_text(reasons_text(ev.scores.get("reasons"), indent="      "))   # every reason, under it
            return line, None, ev.post_id
        case CrowdMoved(slide=True):        # the cost of silence, once a minute
            return Text(f"{wt} ▼ crowd {ev.cause}", style="red"), None, None
        case CrowdMoved() if abs(float(ev.delta)) >= 3:
            d = float(ev.delta)
            return (Text(f"    crowd {'▲' if d > 0 else '▼'} {d:+.0f}: {ev.cause}",
                         style="green" if d > 0 else "red"), None, ev.post_id)
    return None             # pause and resume show in the status bar, not as feed lines


@dataclass
class Entry:
    text: Text
    thread: str | None              # the thread (root post id) it belongs to; None: stands alone
    strips: list[Strip] = field(default_factory=list)
    width: int = -1


class Feed(ScrollView, can_focus=True):
    # The gutter is kept for the scrollbar from the start, so the wrap width never changes when the
    # scrollbar appears (it used to cover the last character of every full-width line).
    DEFAULT_CSS = "Feed { height: 1fr; overflow-x: hidden; scrollbar-gutter: stable; }"
    gap: reactive[int] = reactive(0)        # blank lines between entries (the projector layout)

    def __init__(self, *, max_entries: int = 2000, **kw) -> None:
        super().__init__(**kw)
        self.max_entries = max_entries
        self.entries: list[Entry] = []
        self._thread_of: dict[str, str] = {}        # post id -> thread root id
        self._offsets: list[int] = [0]              # first line of each entry, plus the total
        self._dirty = True
        self._cache: dict[tuple[int, int, int, int], Strip] = {}
        self.follow = True                          # keep the newest lines in view

    # -- following the newest lines, unless the reader scrolls back ------------------------
    def on_mouse_scroll_up(self) -> None:
        self.follow = False

    def on_mouse_scroll_down(self) -> None:
        self.call_after_refresh(self._check_follow)

    def _check_follow(self) -> None:
        self.follow = self.scroll_y >= self.max_scroll_y - 1

    def action_scroll_up(self) -> None:
        self.follow = False
        super().action_scroll_up()

    def action_page_up(self) -> None:
        self.follow = False
        super().action_page_up()

    def action_scroll_home(self) -> None:
        self.follow = False
        super().action_scroll_home()

    def action_scroll_down(self) -> None:
        super().action_scroll_down()
        self.call_after_refresh(self._check_follow)

    def action_page_down(self) -> None:
        super().action_page_down()
        self.call_after_refresh(self._check_follow)

    def action_scroll_end(self) -> None:
        self.follow = True
        super().action_scroll_end()

    # -- adding ----------------------------------------------------------------------------
    def add(self, text: Text, post_id: str | None = None, parent_id: str | None = None) -> None:
        """Add a line. ``parent_id``: the post it answers or reacts to (threaded under it)."""
        root = self._thread_of.get(parent_id, parent_id) if parent_id else post_id
        if post_id and root:
            self._thread_of[post_id] = root
        entry = Entry(text, root)
        i = self._find_last(root) if (parent_id and root) else None
        if i is None:
            self.entries.append(entry)
            if not self._dirty and self._wrap(entry):
                self._offsets.append(self._offsets[-1] + len(entry.strips))
            else:
                self._dirty = True
        else:
            self.entries.insert(i + 1, entry)
            self._dirty = True
        if len(self.entries) > self.max_entries + 200:      # trim in batches, oldest first
            del self.entries[: len(self.entries) - self.max_entries]
            self._dirty = True
        if self._dirty:
            self._relayout()
        else:
            self.virtual_size = Size(self._width(), self._offsets[-1])
            self.refresh()
        if self.follow:
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    def _find_last(self, root: str) -> int | None:
        for i in range(len(self.entries) - 1, -1, -1):
            if self.entries[i].thread == root:
                return i
        return None

    @property
    def plain_lines(self) -> list[str]:
        return [e.text.plain for e in self.entries]

    # -- layout ----------------------------------------------------------------------------
    def _width(self) -> int:
        return max(10, self.scrollable_content_region.width or self.size.width or 80)

    def _wrap(self, e: Entry) -> bool:
        """Wrap an entry to the current width (cached). False until the feed is on screen."""
        width = self._width()
        if e.width == width:
            return True
        if not self.is_attached:
            return False
        console = self.app.console
        lines = e.text.wrap(console, width, overflow="fold", no_wrap=False)
        base = self.rich_style
        e.strips = [Strip(list(Segment.apply_style(line.render(console), base)), line.cell_len)
                    for line in lines] or [Strip.blank(width)]
        e.strips.extend(Strip.blank(width, base) for _ in range(self.gap))
        e.width = width
        return True

    def _relayout(self) -> None:
        offsets = [0]
        ok = True
        for e in self.entries:
            ok = self._wrap(e) and ok
            offsets.append(offsets[-1] + max(1, len(e.strips)))
        self._offsets = offsets
        self._cache.clear()
        self.virtual_size = Size(self._width(), offsets[-1])
        self._dirty = not ok
        self.refresh()
        if self.follow:
            self.call_after_refresh(self.scroll_end, animate=False, x_axis=False)

    def on_resize(self) -> None:
        if self.entries and self.entries[-1].width != self._width() or self._dirty:
            self._relayout()                # only when the wrap width really changed

    def on_mount(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        """The theme (or any style) changed: the cached strips carry the old colours, so wrap
        and render every entry again, as Textual's own line-API widgets (Log, RichLog) do."""
        super().notify_style_update()
        for e in self.entries:
            e.width = -1
        self._cache.clear()
        if self.is_mounted:
            self._relayout()

    def watch_gap(self) -> None:
        for e in self.entries:
            e.width = -1                    # wrap again with the new spacing
        if self.is_mounted:
            self._relayout()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        line = y + scroll_y
        width = self.size.width
        if line >= self._offsets[-1] or not self.entries:
            return Strip.blank(width, self.rich_style)
        i = bisect_right(self._offsets, line) - 1
        e = self.entries[i]
        k = line - self._offsets[i]
        if k >= len(e.strips):
            return Strip.blank(width, self.rich_style)
        key = (id(e), k, scroll_x, width)
        strip = self._cache.get(key)
        if strip is None:
            if len(self._cache) > 4000:
                self._cache.clear()
            strip = self._cache[key] = e.strips[k].crop_extend(scroll_x, scroll_x + width, self.rich_style)
        return strip
