"""The desk: the game itself.

A timer calls ``drill.advance(clock())`` a few times a second; whatever events come back are
added to the feed as one batch, and one ``DrillUpdated`` message asks the panels to catch up.
``DrillUpdated`` coalesces (``can_replace``), so a burst of ticks or replies renders the panels
once. The panels are widgets with reactive attributes; the drill (the engine) holds the state.
"""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input

from sim.engine import Drill, DrillError
from sim.tui.render import post_line, reply_line
from sim.tui.screens.overlays import ConfirmEnd, ConfirmQuit, HelpScreen, JournalStuck
from sim.tui.widgets import ComposeBox, CrowdPanel, FactsPanel, Feed, NeedsReply, ScoreCard, StatusBar

FEED_ENTRIES = 2000         # what the feed keeps on screen; the journal keeps everything
TICK = 0.25                 # seconds between engine advances
SHORT = 32                  # terminals shorter than this get the compact panels


class DrillUpdated(Message, bubble=False):
    """The drill moved on: the panels should show its new state. Bursts coalesce into one."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DrillUpdated)


class DeskScreen(Screen):
    CSS_PATH = "desk.tcss"
    BINDINGS = [
        Binding("f2", "pause", "Pause"),
        Binding("ctrl+n", "next_wave", "Next wave"),
        Binding("ctrl+down", "queue_next", "Next post"),
        Binding("ctrl+up", "queue_prev", "Prev post", show=False),
        Binding("f1", "help", "Help"),
        Binding("ctrl+t", "projector", "Projector"),
        Binding("f10", "end", "End"),
        Binding("ctrl+q", "quit_drill", "Quit", priority=True),
        Binding("ctrl+c", "copy_or_quit", "Quit", show=False, priority=True),
    ]
    selected: reactive[str | None] = reactive(None)      # the post the reply will answer
    projector: reactive[bool] = reactive(False)

    def __init__(self, drill: Drill, journal_path: Path | None = None) -> None:
        super().__init__()
        self.drill = drill
        self.journal_path = journal_path or getattr(drill.journal, "path", None)
        self._done = False
        self.timer = None
        self._update_pending = False
        self._shown_t = -1.0

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="desk-body"):
            with Vertical(id="left"):
                yield Feed(id="feed", max_entries=FEED_ENTRIES)
                yield ScoreCard("Pick a post in the queue (Ctrl+↓/↑), type your reply, press Enter.", id="score")
            with Vertical(id="right"):
                yield NeedsReply(id="queue")
                yield FactsPanel(id="facts")
                yield CrowdPanel(id="crowd")
        yield ComposeBox(id="compose-box")
        yield Footer()

    def on_mount(self) -> None:
        brand = self.drill.scenario.brand
        feed = self.query_one(Feed)
        feed.border_title = f"Feed · {brand.name} {brand.handle}"
        self.query_one("#compose", Input).focus()
        self.projector = self.app.projector
        for ev in self.drill.journal.events[1:]:        # a resumed drill: what happened so far
            self.show_event(ev)
        self.render_panels()
        self.timer = self.set_interval(TICK, self.tick)

    # -- the loop ------------------------------------------------------------------------------
    def tick(self) -> None:
        """Advance the drill to the clock, show what happened (one batch), then update panels."""
        if self._done or self.drill.finished or self.app.clock.paused:
            return
        events = self.drill.advance(self.app.clock())
        for ev in events:
            self.show_event(ev)
        if events or self.drill.t != self._shown_t:
            self.request_update()
        self.check_journal()

    # -- the journal must keep up ----------------------------------------------------------------
    def check_journal(self) -> bool:
        """True when the journal is written. If it is not (a full disk), pause the drill and
        ask the player to free space or quit; nothing typed is lost."""
        journal = self.drill.journal
        if getattr(journal, "failed", None) is None:
            maybe = getattr(journal, "maybe_sync", None)
            if maybe is not None:
                maybe()
            return True
        if isinstance(self.app.screen, JournalStuck):
            return False
        clock = self.app.clock
        if self.drill.mode == "realtime" and not clock.paused and not self.drill.finished:
            for ev in self.drill.pause(clock()):
                self.show_event(ev)
            clock.pause()
            self._stuck_paused = True
        self.request_update()

        def answer(choice: str | None) -> None:
            if choice == "quit":
                self.app.exit()
            elif not journal.retry():
                self.check_journal()
            else:
                if getattr(self, "_stuck_paused", False):
                    self._stuck_paused = False
                    clock.resume()
                    for ev in self.drill.resume():
                        self.show_event(ev)
                self.notify("The journal is written again; the drill carries on.")
                self.request_update()
                if self.drill.finished:
                    self.finished()
        self.app.push_screen(JournalStuck(journal.failed, journal.pending, self.journal_path), answer)
        return False

    def request_update(self) -> None:
        """Ask for one panel update; any number of requests before it is handled make one."""
        if not self._update_pending:
            self._update_pending = True
            self.post_message(DrillUpdated())

    def on_drill_updated(self, _message: DrillUpdated) -> None:
        self._update_pending = False
        self.render_panels()

    def show_event(self, ev: dict) -> None:
        feed = self.query_one(Feed)
        kind = ev.get("type")
        wt = self.drill.scenario.clock.label(float(ev.get("t", 0)))
        if kind == "post":
            p = ev["post"]
            feed.add(post_line(p, wt), post_id=p["id"], parent_id=p.get("reply_to"))
        elif kind == "fact":
            feed.add(Text(f"{wt} ℹ FACT ({ev.get('kind')}): {ev.get('text')}", style="bold cyan"))
        elif kind == "wave":
            feed.add(Text(f"{wt} ── wave {ev.get('index', 0) + 1}: {ev.get('name') or ''} ──", style="bold"))
        elif kind == "event":
            feed.add(Text(f"{wt} ⚑ EVENT ({ev.get('kind')}): {ev.get('text')}", style="bold yellow"))
        elif kind == "reply":
            p = self.drill.posts.get(ev.get("post_id"))
            feed.add(reply_line(p.to_dict() if p else None, ev.get("text", ""),
                                (ev.get("scores") or {}).get("overall")), parent_id=ev.get("post_id"))
        elif kind == "sample":
            self.query_one(CrowdPanel).sample(ev.get("mood", 0), ev.get("volume", 0))
        elif kind == "crowd" and ev.get("slide"):        # the cost of silence, once a minute
            feed.add(Text(f"{wt} ▼ crowd {ev.get('cause')}", style="red"))
        elif kind == "crowd" and abs(float(ev.get("delta", 0))) >= 3:
            d = float(ev["delta"])
            feed.add(Text(f"    crowd {'▲' if d > 0 else '▼'} {d:+.0f}: {ev.get('cause')}",
                          style="green" if d > 0 else "red"), parent_id=ev.get("post_id"))
        elif kind in ("pause", "resume"):
            feed.add(Text(f"{wt} ── {'paused' if kind == 'pause' else 'resumed'} ──", style="dim"))

    def render_panels(self) -> None:
        st = self.drill.state
        self._shown_t = st.t
        self.query_one(StatusBar).state = st
        self.query_one(NeedsReply).posts = st.queue
        self.query_one(FactsPanel).state = st
        self.query_one(CrowdPanel).state = st
        self.query_one(ComposeBox).post = self.drill.posts.get(self.selected) if self.selected else None
        if self.drill.finished:
            self.finished()

    # -- reactive state ------------------------------------------------------------------------
    def watch_selected(self, post_id: str | None) -> None:
        if self.is_mounted:
            self.query_one(ComposeBox).post = self.drill.posts.get(post_id) if post_id else None

    def watch_projector(self, on: bool) -> None:
        self.set_class(on, "projector")
        self.query_one(Feed).gap = 1 if on else 0

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < SHORT, "-short")

    @on(NeedsReply.Picked)
    def _picked(self, message: NeedsReply.Picked) -> None:
        self.selected = message.post_id

    @on(NeedsReply.OptionSelected, "#queue")
    def _queue_enter(self) -> None:
        self.query_one("#compose", Input).focus()      # Enter in the queue: go and write the reply

    # -- replying ------------------------------------------------------------------------------
    @on(Input.Submitted, "#compose")
    def _send(self, event: Input.Submitted) -> None:
        text = event.value
        if not text.strip():
            self.notify("Type a reply first.")
            return
        if not self.selected:
            self.notify("No post selected: pick one in the queue (Ctrl+↓).", severity="warning")
            return
        try:
            out = self.drill.reply(self.selected, text, self.app.clock())
        except DrillError as e:
            self.notify(str(e), severity="warning")
            return
        event.input.value = ""
        for ev in out.events:
            self.show_event(ev)
        self.query_one(ScoreCard).reply = self.drill.replies.get(out.post_id)
        self.request_update()
        self.check_journal()

    # -- actions -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Show only the keys that do something in this mode (the footer follows)."""
        if action == "pause":
            return self.drill.mode == "realtime"
        if action == "next_wave":
            return self.drill.mode == "turns"
        return True

    def action_queue_next(self) -> None:
        self.query_one(NeedsReply).move(1)

    def action_queue_prev(self) -> None:
        self.query_one(NeedsReply).move(-1)

    def action_pause(self) -> None:
        if self.drill.finished:
            return
        clock = self.app.clock
        if clock.paused:
            clock.resume()
            evs = self.drill.resume()
        else:
            evs = self.drill.pause(clock())
            clock.pause()
        for ev in evs:
            self.show_event(ev)
        self.request_update()

    def action_next_wave(self) -> None:
        if self.drill.finished or isinstance(self.app.screen, ConfirmEnd):
            return
        if self.drill.mode == "turns" and self.drill.waves_left == 0:
            def answer(yes: bool | None) -> None:
                if yes:
                    self._bring_next()
            self.app.push_screen(ConfirmEnd(), answer)      # the facilitator ends it, not a key
            return
        self._bring_next()

    def _bring_next(self) -> None:
        for ev in self.drill.next_wave():
            self.show_event(ev)
        self.request_update()
        self.check_journal()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_projector(self) -> None:
        self.app.projector = self.projector = not self.projector

    def action_end(self) -> None:
        if not self.drill.finished:
            for ev in self.drill.finish("ended", self.app.clock()):
                self.show_event(ev)
        self.finished()

    def action_copy_or_quit(self) -> None:
        box = self.query_one("#compose", Input)
        if self.focused is box and box.selected_text:
            box.action_copy()
        else:
            self.action_quit_drill()

    def action_quit_drill(self) -> None:
        if isinstance(self.app.screen, ConfirmQuit):
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.record(self.journal_path)
                self.app.exit()
        self.app.push_screen(ConfirmQuit(), answer)

    def finished(self) -> None:
        if self._done or not self.check_journal():
            return
        self._done = True
        if self.timer is not None:
            self.timer.stop()
        self.app.record(self.journal_path)
        from sim.tui.screens.results import ResultsScreen
        self.app.switch_screen(ResultsScreen(self.drill, self.journal_path))
