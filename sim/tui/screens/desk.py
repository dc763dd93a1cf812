"""The desk: the game itself.

A timer calls ``drill.advance(clock())`` a few times a second; whatever events come back are
added to the feed as one batch, and one ``DrillUpdated`` message asks the panels to catch up.
``DrillUpdated`` coalesces (``can_replace``), so a burst of ticks or replies renders the panels
once. The panels are widgets with reactive attributes fed one typed ``DeskView``; the drill (the
engine) holds the state.

The selection (``selected``) belongs to this screen alone: new posts and the queue re-sorting
never move it. When the selected person writes again, the selection follows them to their
newest post (the same thread), and "Replying to" shows that thread from its first post, with
the replies you sent in it. Enter sends to the post shown there and to nothing else. Answered
posts are listed below the waiting ones (F5 jumps to them): picking one and pressing Enter
sends a follow-up in its thread (scored as one: see scoring/followup.py).

The drill clock stops whenever another screen is on top of the desk (help, the quit and end
dialogs, the reasons and facts dialogs, the command palette): the desk is suspended then.
When the drill ends the desk posts ``DrillFinished``; the App shows the results.
"""
from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize, ScreenResume, ScreenSuspend
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input

from sim.engine import Drill, DrillError
from sim.events import Event, Replied, Sample
from sim.journal import typed_of
from sim.model import Post
from sim.tui.dialogs import (ConfirmEnd, ConfirmLastWave, ConfirmQuit, FactsDialog, HelpScreen,
                             JournalStuck, ReasonsDialog)
from sim.tui.layout import NARROW, SHORT
from sim.tui.messages import DrillFinished
from sim.tui.session import Session
from sim.tui.view import DeskView, ReplySent, thread_replies
from sim.tui.widgets import ComposeBox, CrowdPanel, FactsPanel, Feed, NeedsReply, ScoreCard, StatusBar
from sim.tui.widgets.compose import Quote
from sim.tui.widgets.feed import event_entry
from sim.tui.widgets.projector import ProjectorView

FEED_ENTRIES = 2000         # what the feed keeps on screen; the journal keeps everything
TICK = 0.25                 # seconds between engine advances


class DrillUpdated(Message, bubble=False):
    """The drill moved on: the panels should show its new state. Bursts coalesce into one."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DrillUpdated)


class DeskScreen(Screen):
    CSS_PATH = "desk.tcss"
    BINDINGS = [
        Binding("f2", "pause", "Pause"),
        Binding("ctrl+n", "next_wave", "Next wave"),
        Binding("ctrl+down", "queue_next", "Next"),
        Binding("ctrl+up", "queue_prev", "Prev post", show=False),
        Binding("f3", "reasons", "Reasons"),
        Binding("f4", "facts", "Facts"),
        Binding("f5", "follow_up", "Follow up"),
        Binding("f1", "help", "Help"),
        Binding("ctrl+t", "projector", "Projector", show=False),
        Binding("f10", "end", "End"),
        Binding("ctrl+q", "quit_drill", "Quit", priority=True),
        Binding("ctrl+c", "copy_or_quit", "Quit", show=False, priority=True),
    ]
    selected: reactive[str | None] = reactive(None)      # the post the reply will answer
    projector: reactive[bool] = reactive(False)

    def __init__(self, drill: Drill, session: Session, journal_path: Path | None = None) -> None:
        super().__init__()
        self.drill = drill
        self.session = session          # the drill clock, the projector switch, the history
        self.journal_path = journal_path or getattr(drill.journal, "path", None)
        self.view: DeskView | None = None
        self._done = False
        self._held = False              # a dialog is over the desk: the clock waits
        self.timer = None
        self._update_pending = False
        self._shown_t = -1.0
        self._shown_reply: tuple | None = None

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
        yield ProjectorView(id="projector")
        yield ComposeBox(id="compose-box")
        yield Footer()

    def on_mount(self) -> None:
        brand = self.drill.scenario.brand
        feed = self.query_one(Feed)
        feed.border_title = f"Feed · {brand.name} {brand.handle}"
        self.query_one("#compose", Input).focus()
        self.projector = self.session.projector
        for ev in self.drill.events[1:]:         # a resumed drill: what happened so far
            self.show_event(ev)
        self.render_panels()
        self.timer = self.set_interval(TICK, self.tick)

    # -- the clock: it runs only while the desk is on top and the player has not paused -----
    def _sync_clock(self) -> None:
        clock = self.session.clock
        if self.drill.mode != "realtime":
            return                      # turns mode: the clock does not move the drill
        stop = self._held or self.drill.paused or self.drill.finished
        if stop and not clock.paused:
            clock.pause()
        elif not stop and clock.paused:
            clock.resume()

    def on_screen_suspend(self, _event: ScreenSuspend) -> None:
        if not self._done and not self.drill.finished and self.drill.mode == "realtime":
            self.tick()                 # everything due up to this moment happens first
        self._held = True
        self._sync_clock()
        self.request_update()

    def on_screen_resume(self, _event: ScreenResume) -> None:
        self._held = False
        self._sync_clock()
        self.request_update()

    # -- the loop ------------------------------------------------------------------------------
    def tick(self) -> None:
        """Advance the drill to the clock, show what happened (one batch), then update panels."""
        clock = self.session.clock
        if self._done or self.drill.finished or clock.paused:
            return
        events = self.drill.advance(clock())
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
        clock = self.session.clock
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

    def label(self, t: float) -> str:
        return self.drill.scenario.clock.label(float(t))

    def show_event(self, ev: Event | dict) -> None:
        """Show one journal event (typed; a JSON object as the engine returns it is read first)."""
        if isinstance(ev, dict):
            ev = typed_of(ev)
        post = self.drill.post(ev.post_id) if isinstance(ev, Replied) else None
        if isinstance(ev, Sample):
            self.query_one(CrowdPanel).sample(ev.mood, ev.volume)
        entry = event_entry(ev, post, self.label(ev.t))
        if entry is not None:
            self.query_one(Feed).add(*entry)

    def render_panels(self) -> None:
        v = self.view = DeskView.of(self.drill, held=self._held)
        self._shown_t = v.t
        self._reselect(v)
        self.query_one(StatusBar).view = v
        queue = self.query_one(NeedsReply)
        queue.view = v
        queue.selected = self.selected
        self.query_one(FactsPanel).view = v
        self.query_one(CrowdPanel).view = v
        self.query_one(ProjectorView).view = v
        key = (v.last_reply.t, v.last_reply.text) if v.last_reply else None
        if key != self._shown_reply:
            self._shown_reply = key
            self.query_one(ScoreCard).reply = v.last_reply
        self._quote()
        if self.drill.finished:
            self.finished()

    # -- the selection -------------------------------------------------------------------------
    def _reselect(self, v: DeskView) -> None:
        """Keep the selection where the player put it. Only when its post no longer needs a
        reply because the same person wrote again does it follow them to their newest post."""
        sel = self.selected
        open_ids = {p.id for p in v.queue}
        if sel is None:
            if v.queue:
                self.selected = v.queue[0].id
            return
        if sel in open_ids or self.drill.is_answered(sel):
            return                      # still waiting, or answered (a follow-up): stays put
        newer = [p for p in self.drill.thread(sel, same_author=True) if p.id in open_ids]
        if newer:
            self.selected = newer[-1].id
        elif self.drill.post(sel) is None and v.queue:
            self.selected = v.queue[0].id

    def target(self) -> Post | None:
        """The post a reply goes to now: the selection, or, for an answered post whose author
        wrote again, their newest post in that thread."""
        post = self.drill.post(self.selected)
        if post is None or not self.drill.is_answered(post.id):
            return post
        open_ids = {p.id for p in self.drill.waiting()}
        newer = [p for p in self.drill.thread(post.id, same_author=True) if p.id in open_ids]
        return newer[-1] if newer else post

    def _quote(self) -> None:
        post = self.target()
        box = self.query_one(ComposeBox)
        proj = self.query_one(ProjectorView)
        if post is None:
            box.quote = None
            proj.post = None
            return
        thread = tuple(self.drill.thread(post.id)) or (post,)
        sent = thread_replies(self.drill, post, self.label)
        box.quote = Quote(post, thread, self.label, sent, follow_up=self.drill.is_answered(post.id))
        proj.post = post

    def watch_selected(self, post_id: str | None) -> None:
        if self.is_mounted:
            self.query_one(NeedsReply).selected = post_id
            self._quote()

    def watch_projector(self, on: bool) -> None:
        self.set_class(on, "projector")

    def on_resize(self, event: Resize) -> None:
        short = event.size.height < SHORT
        self.set_class(short, "-short")
        crowd = self.query_one(CrowdPanel)
        if crowd.has_class("-compact") != short:
            crowd.set_class(short, "-compact")
            crowd.view = self.view
        footer = self.query_one(Footer)
        footer.compact = event.size.width < NARROW       # every key fits at 80 columns
        footer.show_command_palette = event.size.width >= NARROW   # Ctrl+P still works (F1 says so)

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
        post = self.target()
        if post is None:
            if self.selected:
                self.notify(f"There is no post {self.selected!r} in this drill.", severity="warning")
            else:
                self.notify("No post selected: pick one in the queue (Ctrl+↓).", severity="warning")
            return
        try:
            out = self.drill.reply(post.id, text, self.session.clock())
        except DrillError as e:
            self.notify(str(e), severity="warning")
            return
        event.input.value = ""
        for ev in out.events:
            self.show_event(ev)
        nxt = self.drill.queue()
        self.selected = nxt[0].id if nxt else None       # sent: on to the most urgent post
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

    def action_follow_up(self) -> None:
        """F5: pick a post you answered, to follow up in its thread (the most recent first; again
        for the next one). The reply box says "Following up with" while one is picked."""
        answered = list(self.view.answered) if self.view else []
        if not answered and self.drill.first_replies:
            self.notify("Everyone you answered has written again: their newest posts wait in the "
                        "queue, and a reply there goes to their thread.")
            return
        if not answered:
            self.notify("Nothing to follow up yet: once you have answered someone, F5 picks their "
                        "thread to add news or a correction.")
            return
        ids = [p.id for p in answered]
        i = ids.index(self.selected) + 1 if self.selected in ids else 0
        self.selected = ids[i % len(ids)]
        self.query_one("#compose", Input).focus()

    def action_pause(self) -> None:
        """F2: the player's pause, journalled (the drill says so in the status bar)."""
        if self.drill.finished or self.drill.mode != "realtime":
            return
        if self.drill.paused:
            self.drill.resume()
        else:
            for ev in self.drill.pause(self.session.clock()):
                self.show_event(ev)
        self._sync_clock()
        self.request_update()

    def action_next_wave(self) -> None:
        if self.drill.finished or isinstance(self.app.screen, (ConfirmEnd, ConfirmLastWave)):
            return
        if self.drill.mode == "turns" and self.drill.waves_left == 0:
            def answer(yes: bool | None) -> None:
                if yes:
                    self._bring_next()
            self.app.push_screen(ConfirmLastWave(), answer)     # the facilitator ends it, not a key
            return
        self._bring_next()

    def _bring_next(self) -> None:
        for ev in self.drill.next_wave():
            self.show_event(ev)
        self.request_update()
        self.check_journal()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_reasons(self) -> None:
        """F3: every reason for the reply to the selected post, or for the last reply sent."""
        ev = next((e for e in reversed(self.drill.sent) if e.post_id == self.selected), None) \
            if self.selected else None
        if ev is not None:
            r = ReplySent.of(ev, self.drill.post(self.selected), self.label(ev.t))
        else:
            r = self.view.last_reply if self.view else None
        if r is None:
            self.notify("No reply sent yet: the reasons come with your first reply.")
            return
        self.app.push_screen(ReasonsDialog(r))

    def action_facts(self) -> None:
        self.app.push_screen(FactsDialog(self.drill.scenario.facts_known(self.drill.t), self.label))

    def action_projector(self) -> None:
        self.session.projector = self.projector = not self.projector

    def action_end(self) -> None:
        """F10: end the drill now, after asking (the clock waits while the question is open)."""
        if self.drill.finished:
            self.finished()
            return
        if isinstance(self.app.screen, ConfirmEnd):
            return

        def answer(yes: bool | None) -> None:
            if yes and not self.drill.finished:
                for ev in self.drill.finish("ended", self.session.clock()):
                    self.show_event(ev)
                self.finished()
        self.app.push_screen(ConfirmEnd(), answer)

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
                self.session.record(self.journal_path)
                self.app.exit()
        self.app.push_screen(ConfirmQuit(), answer)

    def finished(self) -> None:
        if self._done or not self.check_journal():
            return
        self._done = True
        if self.timer is not None:
            self.timer.stop()
        self.post_message(DrillFinished(self.drill, self.journal_path))
