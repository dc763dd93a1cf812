"""Team drill screens: the facilitator's console, responder, approver, observer, projector.

Every seat screen is built from the single-player desk's widgets (sim/tui/widgets: the feed,
the needs-reply queue, "Replying to", the facts, the score card, the crowd gauge, the status
bar, the projector view). They take a typed ``DeskView``; a seat has no engine, so
``sim.tui.drill.view.DeskFold`` makes that view from the seat's folded log
(``sim.drill.team.TeamState``), refreshed when new events arrive. Every action is a command
sent through the seat; nothing here changes the drill.
"""
from __future__ import annotations

import secrets
import threading

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from sim.events import Event, FactKnown, Injected, Noted, Replied, Reviewed, Sample, Scripted
from sim.tui.dialogs import FactsDialog, ReasonsDialog
from sim.tui.drill.view import DeskFold
from sim.tui.layout import SHORT
from sim.tui.widgets import ComposeBox, CrowdPanel, FactsPanel, Feed, NeedsReply, ScoreCard, StatusBar
from sim.tui.widgets.compose import Quote, quote_text
from sim.tui.widgets.feed import event_entry
from sim.tui.widgets.projector import ProjectorView

POLL = 0.1


class TeamQueue(NeedsReply):
    """The desk's needs-reply queue, each post marked with who holds it or whose draft of it
    waits for approval (everyone on the desk sees the same marks)."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.marks: dict[str, str] = {}

    def _label(self, p, full: bool) -> Text:
        t = super()._label(p, full)
        mark = self.marks.get(p.id)
        if not mark:
            return t
        return Text.assemble((mark + " ", "bold magenta"), t)

    def set_marks(self, marks: dict[str, str]) -> None:
        if marks != self.marks:
            self.marks = marks
            self._rebuild(force=True)


TIMELINE = (Replied, Reviewed, Noted, Injected, FactKnown)     # the observers' timeline


def timeline_line(ev: Event) -> str:
    """One line of the observers' timeline: when, what, who, and what was said."""
    who = verdict = post_id = said = ""
    match ev:
        case Replied():
            who, post_id, said = ev.author or "", ev.post_id, ev.text
        case Reviewed():
            who, verdict, post_id, said = ev.by, ev.verdict, ev.post_id, ev.comment or ""
        case Noted():
            who, post_id, said = ev.by, ev.post_id or "", ev.text
        case Injected():
            who, said = ev.by or "", ev.text
        case FactKnown():
            said = ev.text
    return f"  {ev.t:>5.0f}s {ev.kind:<7} {who:<10} {verdict} {post_id} {said[:110]}\n"


def queue_marks(desk) -> dict[str, str]:
    out = {}
    for pid in desk.open:
        pend, claim = desk.pending.get(pid), desk.claims.get(pid)
        if pend:
            out[pid] = f"[{pend.by}: awaiting approval{', STALE' if pend.stale else ''}]"
        elif claim:
            out[pid] = f"[held by {claim.by}]"
    return out


class SeatScreen(Screen):
    """Shared plumbing: the seat line, the desk widgets fed from the seat's fold, news toasts."""
    CSS_PATH = "seat.tcss"
    BINDINGS = [Binding("f7", "next_desk", "Next desk", show=False),
                Binding("f3", "reasons", "Reasons", show=False), Binding("f4", "facts", "Facts", show=False)]
    # Turns mode: a seat has no Ctrl+N (the single-player desk's key); the host brings each wave,
    # at the facilitator's F6 or, in a headless drill, after a quiet spell.
    TURNS_HINT = "the host brings each wave"

    def __init__(self, seat) -> None:
        super().__init__()
        self.seat = seat
        self._news = 0
        self._scenario = None
        self.fold: DeskFold | None = None
        self.desk_name: str | None = None
        self.view = None

    # -- which desk this seat shows ----------------------------------------------------------
    def own_desk(self) -> str:
        return self.seat.desk.name

    def scenario(self):
        if self._scenario is None:
            from sim.replay import scenario_for
            self._scenario = scenario_for({"scenario": self.seat.state.meta.scenario})
        return self._scenario

    def _fold(self) -> DeskFold:
        name = self.desk_name or self.own_desk()
        if self.fold is None or self.fold.desk.name != name:
            self.desk_name = name
            self.fold = DeskFold(self.seat.state.desk(name), self.scenario(), self.seat.state.meta)
            for feed in self.query(Feed):                # a new desk: its own feed from the start
                feed.entries.clear()
                feed._thread_of.clear()
                feed._dirty = True
        return self.fold

    def action_next_desk(self) -> None:
        """F7 (observer, projector, facilitator): show the next desk of a parallel drill."""
        names = list(self.seat.state.desks)
        if len(names) > 1 and self.seat.role not in ("responder", "approver"):
            cur = self.desk_name or self.own_desk()
            self.desk_name = names[(names.index(cur) + 1) % len(names)] if cur in names else names[0]
            self.refresh_view()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < SHORT, "-short")

    def action_reasons(self) -> None:
        """F3: every reason for the reply or draft on the score card."""
        cards = [c.reply for c in self.query(ScoreCard) if c.reply is not None]
        if cards:
            self.app.push_screen(ReasonsDialog(cards[0]))
        else:
            self.app.notify("Nothing scored yet.")

    def action_facts(self) -> None:
        """F4: every fact known now."""
        if self.view is not None:
            self.app.push_screen(FactsDialog(self.view.facts, self.fold.label))

    # -- the seat line -------------------------------------------------------------------------
    def seat_text(self) -> Text:
        d = self._fold().desk
        m = self.seat.state.meta
        more = f"  desk {d.name} (F7 next)" if len(self.seat.state.desks) > 1 else f"  desk {d.name}"
        return Text(f"drill {self.seat.code} · {(m.title or '') if m else ''} · you: {self.seat.name} "
                    f"({self.seat.role}){more} · {len(d.claims)} claimed · {len(d.pending)} awaiting approval"
                    f"{' · DRILL OVER' if self.seat.state.over else ''}", no_wrap=True, overflow="ellipsis")

    # -- refreshing ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.seat.catch_up()
        self._shown = self.seat.state.seq
        self.refresh_view()
        self.set_interval(POLL, self._tick)

    def _tick(self) -> None:
        """Read new events by sequence number; redraw when there are any (only while on top)."""
        if self.app.screen is not self:
            return
        self.seat.catch_up()
        if self.seat.state.seq != self._shown:
            self._shown = self.seat.state.seq
            self.refresh_view()

    def refresh_view(self) -> None:
        fold = self._fold()
        feeds = list(self.query(Feed))
        crowds = list(self.query(CrowdPanel))
        for ev in fold.new_events():
            if isinstance(ev, Sample):
                for c in crowds:
                    c.sample(ev.mood, ev.volume)
            post = fold.posts.get(ev.post_id) if isinstance(ev, Replied) else None
            entry = event_entry(ev, post, fold.label(ev.t))
            if entry is not None:
                for f in feeds:
                    f.add(*entry)
        v = self.view = fold.view(over=self.seat.state.over)
        for cls in (StatusBar, FactsPanel, CrowdPanel, NeedsReply):
            for w in self.query(cls):
                w.view = v
        for w in self.query("#seat"):
            w.update(self.seat_text())
        d = fold.desk
        news = d.facts + d.injects
        for ev in news[self._news:]:
            if self._news or isinstance(ev, Injected):
                self.on_news(ev)
        self._news = len(news)
        self.show(v)

    def show(self, v) -> None:
        """What this role shows beyond the shared widgets."""

    def on_news(self, ev: FactKnown | Scripted | Injected) -> None:
        label = "Inject" if isinstance(ev, Injected) else "New fact"
        self.app.notify(f"{label}: {ev.text}", title="News", timeout=6)

    def quote(self, pid: str | None) -> Quote | None:
        fold = self.fold
        post = fold.posts.get(pid) if (fold and pid) else None
        if post is None:
            return None
        return Quote(post, tuple(fold.thread(post.id)) or (post,), fold.label)


class ResponderScreen(SeatScreen):
    BINDINGS = [Binding("ctrl+l", "claim", "Claim"), Binding("ctrl+r", "release", "Release"),
                Binding("ctrl+s", "save", "Save draft"), Binding("ctrl+down", "queue_next", "Next"),
                Binding("ctrl+up", "queue_prev", "Prev post", show=False)]

    def __init__(self, seat) -> None:
        super().__init__(seat)
        self.post_id: str | None = None           # the post this seat holds (claimed)
        self.selected: str | None = None          # the post highlighted in the queue
        self.draft_started: int | None = None     # log seq when the draft was begun
        self.stale = False
        self._mine = None

    def compose(self) -> ComposeResult:
        yield Static(id="seat")
        yield StatusBar(id="status", turns_hint=self.TURNS_HINT)
        with Horizontal(id="desk-body"):
            with Vertical(id="left"):
                yield Feed(id="feed")
                yield ScoreCard("Your published replies are scored here.", id="score")
            with Vertical(id="right"):
                yield TeamQueue(id="queue")
                yield FactsPanel(id="facts")
                yield CrowdPanel(id="crowd")
        yield Static(id="drafting")
        yield ComposeBox(id="compose-box")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#compose", Input).focus()

    @property
    def target(self) -> str | None:
        return self.post_id or self.selected

    def show(self, v) -> None:
        d = self.fold.desk
        queue = self.query_one(TeamQueue)
        queue.set_marks(queue_marks(d))
        if self.selected not in d.open and v.queue and self.post_id is None:
            self.selected = v.queue[0].id
        queue.selected = self.selected
        self.query_one(ComposeBox).quote = self.quote(self.target)
        mine = [r for r in d.replies.values() if r.author == self.seat.name]
        last = max(mine, key=lambda r: r.t) if mine else None
        if last is not self._mine:
            self._mine = last
            self.query_one(ScoreCard).reply = self.fold.reply_sent(last)
        if self.post_id:
            about = f"drafting for {self.post_id} (you hold it; ctrl+r releases it)"
            if self.post_id not in d.open:
                about = f"{self.post_id} no longer needs a reply"
        else:
            about = "pick a post (ctrl+↓/↑), ctrl+l claims it; Enter submits your reply"
        self.query_one("#drafting", Static).update(
            Text(about + ("  STALE: news arrived after you began" if self.stale else ""),
                 style="bold yellow" if self.stale else ""))

    def on_news(self, ev: dict) -> None:
        if self.query_one("#compose", Input).value.strip():
            self.stale = True
        super().on_news(ev)

    @on(NeedsReply.Picked)
    def _picked(self, message: NeedsReply.Picked) -> None:
        self.selected = message.post_id
        self.query_one(NeedsReply).selected = message.post_id
        if self.post_id is None:
            self.query_one(ComposeBox).quote = self.quote(self.target)

    def action_queue_next(self) -> None:
        self.query_one(NeedsReply).move(1)

    def action_queue_prev(self) -> None:
        self.query_one(NeedsReply).move(-1)

    @on(Input.Changed, "#compose")
    def _typing(self, event: Input.Changed) -> None:
        if event.value.strip() and self.draft_started is None:
            self.draft_started = self.seat.state.seq

    def action_claim(self) -> None:
        pid = self.selected
        if pid is None:
            return
        why = self.seat.do({"type": "claim", "post_id": pid})
        if why:
            self.app.notify(why, severity="warning")
            return
        self.post_id = pid
        self.draft_started = self.draft_started or self.seat.state.seq
        self.stale = False
        self.refresh_view()
        self.query_one("#compose", Input).focus()

    def action_release(self) -> None:
        if self.post_id:
            self.seat.do({"type": "release", "post_id": self.post_id})
            self.post_id = None
            self.refresh_view()

    def action_save(self) -> None:
        if self.post_id:
            self.seat.send({"type": "draft", "post_id": self.post_id,
                            "text": self.query_one("#compose", Input).value})

    @on(Input.Submitted, "#compose")
    def _submit(self, event: Input.Submitted) -> None:
        pid = self.target
        if not pid or not event.value.strip():
            self.app.notify("Pick a post and type a reply first.")
            return
        why = self.seat.do({"type": "submit", "post_id": pid, "text": event.value,
                            "based_on": self.draft_started or self.seat.state.seq})
        if why:
            self.app.notify(why, severity="warning")     # the draft stays in the box
            return
        event.input.value = ""
        self.post_id, self.stale, self.draft_started = None, False, None
        self.app.notify("sent for approval" if self.seat.state.meta.approval else "published")
        self.refresh_view()


class ApproverScreen(SeatScreen):
    BINDINGS = [Binding("ctrl+a", "approve", "Approve"), Binding("ctrl+x", "changes", "Ask for changes")]

    def compose(self) -> ComposeResult:
        yield Static(id="seat")
        yield StatusBar(id="status", turns_hint=self.TURNS_HINT)
        with Horizontal(id="desk-body"):
            with Vertical(id="left"):
                yield OptionList(id="pending")
                yield Static(id="quoted")
                yield Static(id="draft")
                yield ScoreCard("Pick a draft: its score and every reason show here.", id="score")
            with Vertical(id="right"):
                yield Feed(id="feed")
                yield FactsPanel(id="facts")
                yield CrowdPanel(id="crowd")
        yield Input(placeholder="comment for changes (ctrl+x sends; ctrl+a approves)", id="comment")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pending").border_title = "Awaiting approval · oldest first"
        super().on_mount()
        self._shown = None

    def show(self, v) -> None:
        d = self.fold.desk
        lst = self.query_one("#pending", OptionList)
        hi = lst.highlighted_option.id if lst.highlighted_option is not None else None
        items = sorted(d.pending.items(), key=lambda kv: kv[1].t)
        ids = [f"{p}:{s.rev}" for p, s in items]
        if ids != [lst.get_option_at_index(i).id for i in range(lst.option_count)]:
            lst.clear_options()
            for pid, s in items:
                t = Text(f"{pid} rev {s.rev} by {s.by}  score {s.submit.overall:.0f}"
                         f"{'  STALE' if s.stale else ''}  ")
                t.append(s.text[:120])
                lst.add_option(Option(t, id=f"{pid}:{s.rev}"))
            if ids:
                lst.highlighted = ids.index(hi) if hi in ids else 0
        self.show_selected()

    @on(OptionList.OptionHighlighted, "#pending")
    def show_selected(self) -> None:
        sel = self._selected()
        key = (sel, self.seat.state.seq) if sel else None
        if key == getattr(self, "_shown", None):
            return
        self._shown = key
        card = self.query_one(ScoreCard)
        if not sel:
            self.query_one("#quoted", Static).update(Text("No draft waits for approval.", style="dim"))
            self.query_one("#draft", Static).update("")
            return
        s = self.fold.desk.pending[sel[0]]
        self.query_one("#quoted", Static).update(quote_text(self.quote(sel[0])))
        draft = Text(f"draft by {s.by}, rev {s.rev}{' · STALE: news came after it was begun' if s.stale else ''}\n",
                     style="bold yellow" if s.stale else "bold")
        draft.append(s.text)
        self.query_one("#draft", Static).update(draft)
        card.reply = self.fold.reply_sent(s)
        card.border_title = str(card.border_title).replace("Your reply", f"{s.by}'s draft", 1)

    def _selected(self) -> tuple[str, int] | None:
        lst = self.query_one("#pending", OptionList)
        o = lst.highlighted_option
        if o is None:
            return None
        pid, rev = o.id.rsplit(":", 1)
        return (pid, int(rev)) if pid in self.fold.desk.pending else None

    def action_approve(self) -> None:
        sel = self._selected()
        if sel:
            why = self.seat.do({"type": "approve", "post_id": sel[0], "rev": sel[1]})
            self.app.notify(why or f"approved {sel[0]}", severity="warning" if why else "information")

    def action_changes(self) -> None:
        sel = self._selected()
        if sel:
            box = self.query_one("#comment", Input)
            why = self.seat.do({"type": "changes", "post_id": sel[0], "rev": sel[1],
                                "comment": box.value})
            box.value = ""
            self.app.notify(why or f"asked for changes on {sel[0]}")


class ObserverScreen(SeatScreen):
    """Read-only view of every desk, with timestamped notes (optionally 'pN: text' ties it to
    a post; '+check text' / '-check text' records a pass/fail check)."""
    BINDINGS = [Binding("f7", "next_desk", "Next desk")]
    NOTE = "note (p12: ... ties it to a post; +name / -name pass/fail a check)"
    CONSOLE = False

    def compose(self) -> ComposeResult:
        yield Static(id="seat")
        if self.CONSOLE:
            yield Static(id="roles")
            yield Static(id="code")
        yield StatusBar(id="status", turns_hint=self.TURNS_HINT)
        with Horizontal(id="desk-body"):
            with Vertical(id="left"):
                yield Feed(id="feed")
            with Vertical(id="right"):
                yield CrowdPanel(id="crowd")
                yield FactsPanel(id="facts")
                yield Static(id="timeline")
        yield Input(placeholder=self.NOTE, id="note")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#timeline").border_title = "Timeline · every desk"
        super().on_mount()

    def show(self, v) -> None:
        t = Text()
        for d in self.seat.state.desks.values():
            t.append(f"desk {d.name}: mood {d.mood:+.0f}, {len(d.replies)} answered, "
                     f"{len(d.open)} waiting, {len(d.claims)} claimed, {len(d.pending)} pending\n",
                     style="bold")
            for ev in [e for e in d.events if isinstance(e, TIMELINE)][-14:]:
                t.append(timeline_line(ev))
        if self.seat.state.checks:
            done = {}
            for d in self.seat.state.desks.values():
                for n in d.notes:
                    if n.check:
                        done[n.check] = n.passed
            t.append("checks (+name passes, -name fails): ", style="bold")
            for i, c in enumerate(self.seat.state.checks, 1):
                mark = {True: "PASS", False: "FAIL"}.get(done.get(str(i), done.get(c)), "    ")
                t.append(f" [{i}] {c} {mark} ")
            t.append("\n")
        self.query_one("#timeline", Static).update(t)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        body: dict = {"type": "note", "text": text}
        if text[:1] in "+-" and len(text) > 1:
            body.update(check=text[1:].split()[0], passed=text[0] == "+")
        elif ":" in text and text.split(":", 1)[0].strip().startswith("p"):
            pid, rest = text.split(":", 1)
            if any(pid.strip() in d.posts for d in self.seat.state.desks.values()):
                body.update(post_id=pid.strip(), text=rest.strip())
        why = self.seat.do(body)
        event.input.value = ""
        self.app.notify(why or "noted")


class ProjectorScreen(SeatScreen):
    """The room's wall: the post last answered and the reply as published with its score and
    reasons (the single-player projector view), the crowd and the feed."""
    BINDINGS = [Binding("f7", "next_desk", "Next desk")]

    def compose(self) -> ComposeResult:
        yield Static(id="seat")
        with Horizontal(id="desk-body"):
            yield ProjectorView(id="projector")
            with Vertical(id="right"):
                yield CrowdPanel(id="crowd")
                yield Feed(id="feed")

    def seat_text(self) -> Text:
        d = self._fold().desk
        r = d.last_reply
        who = (f" · last reply by {r.author or '?'}"
               + (f", approved by {r.approved_by}" if r.approved_by else "")) if r else ""
        m = self.seat.state.meta
        return Text(f"{(m.title or '') if m else ''} · desk {d.name} · answered {len(d.replies)} · "
                    f"waiting {len(d.open)}{who}{' · DRILL OVER' if self.seat.state.over else ''}",
                    no_wrap=True, overflow="ellipsis")

    def show(self, v) -> None:
        proj = self.query_one(ProjectorView)
        proj.view = v
        proj.post = v.last_reply.post if v.last_reply else (v.queue[0] if v.queue else None)


class ConsoleScreen(ObserverScreen):
    """The facilitator: every desk, pause/resume, next wave, injects, notes, end."""
    BINDINGS = [Binding("f5", "pause", "Pause/resume"), Binding("f6", "next_wave", "Next wave"),
                Binding("f7", "next_desk", "Next desk"), Binding("f10", "end", "End drill")]
    NOTE = "note, or '!text' injects it now (!-10 text: with a mood effect)"
    TURNS_HINT = "F6 next wave"
    CONSOLE = True

    def seat_text(self) -> Text:
        s = self.seat.state
        people = ", ".join(f"{n} ({v.role})" for n, v in s.seats.items()) or "nobody yet"
        return Text(f"FACILITATOR · join code {self.seat.code} · desk {self._fold().desk.name} · in: {people}"
                    f"{' · DRILL OVER' if s.over else ''}")

    def role_codes(self) -> str:
        from sim.drill.serve import SEAT_ROLES, role_code
        try:
            return "  ".join(f"{r} {role_code(self.seat.info, r)}" for r in SEAT_ROLES)
        except ValueError:
            return ""

    def show(self, v) -> None:
        super().show(v)
        d = self.seat.state.desks
        pend = sum(len(x.pending) for x in d.values())
        self.query_one("#roles", Static).update(Text(f"browser seats (drill serve): responder {self.seat.code}  "
                                                      + self.role_codes(), no_wrap=True, overflow="ellipsis"))
        self.query_one("#code", Static).update(Text(
            f"claims {sum(len(x.claims) for x in d.values())}  pending approvals {pend}  "
            f"scores: " + "  ".join(
                f"{x.name} {sum(r.overall for r in x.replies.values()) / max(1, len(x.replies)):.0f}"
                for x in d.values())))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.prevent_default()          # the observer's handler (a note) runs only when called
        text = event.value.strip()
        if text.startswith("/"):
            event.input.value = ""
            self.app.notify(self.slash(text) or "done")
            return
        if text.startswith("!"):
            body: dict = {"type": "inject", "text": text[1:].strip()}
            first = text[1:].split(" ", 1)
            try:
                body.update(mood=float(first[0]), text=first[1], posts=3)
            except (ValueError, IndexError):
                pass
            why = self.seat.do(body)
            event.input.value = ""
            self.app.notify(why or "injected")
            return
        super().on_input_submitted(event)

    def slash(self, text: str) -> str | None:
        """/release POST, /assign POST NAME, /checks A; B; C, /scripted N (fire a scenario event now)."""
        word, _, rest = text[1:].partition(" ")
        args = rest.split()
        desk = next(iter(self.seat.state.desks), None)
        for d in self.seat.state.desks.values():
            if args and args[0] in d.posts:
                desk = d.name
        if word == "release" and args:
            return self.seat.do({"type": "release", "post_id": args[0], "desk": desk})
        if word == "assign" and len(args) == 2:
            return self.seat.do({"type": "reassign", "post_id": args[0], "to": args[1], "desk": desk})
        if word == "checks" and rest.strip():
            return self.seat.do({"type": "checks", "items": [c for c in rest.split(";") if c.strip()]})
        if word == "scripted" and args:
            return self.seat.do({"type": "inject", "scripted": args[0]})
        return "commands: /release POST, /assign POST NAME, /checks A; B; C, /scripted N"

    def action_pause(self) -> None:
        paused = any(x.paused for x in self.seat.state.desks.values())
        self.seat.do({"type": "resume" if paused else "pause"})

    def action_next_wave(self) -> None:
        why = self.seat.do({"type": "next_wave"})
        if why:
            self.app.notify(why, severity="warning")

    def action_end(self) -> None:
        self.seat.do({"type": "end"})


SCREENS = {"responder": ResponderScreen, "approver": ApproverScreen, "observer": ObserverScreen,
           "projector": ProjectorScreen, "facilitator": ConsoleScreen}


class DrillApp(App):
    BINDINGS = [Binding("ctrl+q", "quit", "Quit")]
    CSS_PATH = "../app.tcss"

    def __init__(self, seat, role: str, host=None) -> None:
        super().__init__()
        self.seat = seat
        self.role = role
        self.host = host

    def on_mount(self) -> None:
        self.seat.catch_up()
        self.push_screen(SCREENS[self.role](self.seat))


def join_seat(store, code: str, name: str, role: str = "responder", home=None):
    """Join a drill from a browser tab (blocking: the host answers the join), in the role its
    code grants (sim.drill.serve.check_join). Each tab joins with a key of its own, so a name already taken by
    someone else's tab is refused, never shared. SeatError says why a join failed."""
    from sim.drill.seat import Seat
    seat = Seat(store, code, name, role=role, home=home)
    seat.join(key=secrets.token_hex(8))
    return seat


def screen_for(seat) -> Screen:
    """The seat's screen for its role (it polls the log itself)."""
    return SCREENS[seat.role](seat)


def seat_screen(store, code: str, name: str) -> Screen:
    """The trainee's seat screen in a drill, for the role the code grants (sim/tui/serve/join.py
    opens it after checking the code; SeatError or JoinRefused say why not)."""
    from sim.drill.serve import check_join
    ticket = check_join(store, code, name)
    return screen_for(join_seat(store, ticket.info.code, ticket.name, ticket.role))


def run_seat(seat) -> int:
    DrillApp(seat, seat.role).run()
    return 0


def run_console(host) -> int:
    from sim.drill.seat import Seat
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set() and host.step():
            pass

    t = threading.Thread(target=loop, daemon=True)
    t.start()
    seat = Seat(host.store.reopen(), host.facilitator_code, "facilitator",
                role="observer", facilitator_code=host.facilitator_code)
    try:
        DrillApp(seat, "facilitator", host).run()
    finally:
        stop.set()
        t.join(timeout=2)
        host.close()
    print(f"drill {host.code}: export it with `stormdesk drill export {host.code} -o DIR`")
    return 0
