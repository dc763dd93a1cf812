"""Team drill screens: the facilitator's console, responder, approver, observer, projector.

Every screen reads one thing: the seat's folded log (``sim.drill.team.TeamState``), refreshed on
a timer; every action is a command sent through the seat. Nothing here changes the drill.
"""
from __future__ import annotations

import threading

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

POLL = 0.1


def _post_line(p: dict, claim: dict | None, pending: dict | None) -> Text:
    t = Text()
    t.append(f"{p['id']:>4} ", style="dim")
    t.append(f"{p['handle']} ", style="bold")
    t.append(f"[{p['persona']}] ", style="cyan")
    if pending:
        t.append(f"(awaiting approval: {pending['by']}{', STALE' if pending.get('stale') else ''}) ",
                 style="yellow")
    elif claim:
        t.append(f"(held by {claim['by']}) ", style="magenta")
    t.append(p["text"][:140])
    return t


def _reply_line(r: dict) -> Text:
    t = Text()
    t.append(f"{r['t']:>5.0f}s ", style="dim")
    t.append(f"{r.get('author', '?')}", style="bold green")
    if r.get("approved_by"):
        t.append(f" (ok {r['approved_by']})", style="green")
    t.append(f" -> {r['post_id']} [{r['scores']['overall']:.0f}] ", style="dim")
    t.append(r["text"][:160])
    return t


class SeatScreen(Screen):
    """Shared plumbing: a status line and a refresh from the seat's state."""

    def __init__(self, seat) -> None:
        super().__init__()
        self.seat = seat
        self._news = 0

    def status_text(self) -> Text:
        d = self.seat.desk
        m = self.seat.state.meta
        return Text(f"drill {self.seat.code}  {m.get('title', '')}  desk {d.name}  t {d.t:.0f}s  "
                    f"mood {d.mood:+.0f}  waiting {len(d.open)}  answered {len(d.replies)}"
                    f"{'  PAUSED' if d.paused else ''}{'  OVER' if self.seat.state.over else ''}"
                    f"  you: {self.seat.name} ({self.seat.role})")

    def refresh_view(self) -> None:
        self.query_one("#status", Static).update(self.status_text())
        d = self.seat.desk
        news = d.facts + d.injects
        for ev in news[self._news:]:
            if self._news or ev.get("type") == "inject":
                self.on_news(ev)
        self._news = len(news)

    def on_news(self, ev: dict) -> None:
        label = "Inject" if ev["type"] == "inject" else "New fact"
        self.app.notify(f"{label}: {ev['text']}", title="News", timeout=6)


class ResponderScreen(SeatScreen):
    BINDINGS = [Binding("ctrl+l", "claim", "claim"), Binding("ctrl+r", "release", "release"),
                Binding("ctrl+s", "save", "save draft")]

    def __init__(self, seat) -> None:
        super().__init__(seat)
        self.post_id: str | None = None
        self.draft_started: int | None = None
        self.stale = False

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal():
            yield OptionList(id="queue")
            yield Static(id="feed")
        yield Static(id="drafting")
        yield Input(placeholder="write your reply; Enter submits", id="draft")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        super().refresh_view()
        d = self.seat.desk
        q = self.query_one("#queue", OptionList)
        hi = q.highlighted_option.id if q.highlighted_option is not None else None
        q.clear_options()
        posts = d.queue()
        q.add_options([Option(_post_line(p, d.claims.get(p["id"]), d.pending.get(p["id"])), id=p["id"])
                       for p in posts])
        ids = [p["id"] for p in posts]
        if ids:
            q.highlighted = ids.index(hi) if hi in ids else 0
        replies = sorted(d.replies.values(), key=lambda r: r["t"])[-12:]
        feed = Text("Published\n", style="bold")
        for r in replies:
            feed.append_text(_reply_line(r))
            feed.append("\n")
        self.query_one("#feed", Static).update(feed)
        about = f"drafting for {self.post_id}" if self.post_id else "highlight a post, ctrl+l claims it"
        if self.post_id and self.post_id not in d.open:
            about = f"{self.post_id} no longer needs a reply"
        self.query_one("#drafting", Static).update(
            Text(about + ("  STALE: news arrived after you began" if self.stale else ""),
                 style="yellow" if self.stale else ""))

    def on_news(self, ev: dict) -> None:
        if self.query_one("#draft", Input).value.strip():
            self.stale = True
        super().on_news(ev)

    def _highlighted(self) -> str | None:
        q = self.query_one("#queue", OptionList)
        return q.highlighted_option.id if q.highlighted_option is not None else None

    def action_claim(self) -> None:
        pid = self._highlighted()
        if pid is None:
            return
        why = self.seat.do({"type": "claim", "post_id": pid})
        if why:
            self.app.notify(why, severity="warning")
            return
        self.post_id = pid
        self.draft_started = self.seat.state.seq
        self.stale = False
        self.refresh_view()
        self.query_one("#draft", Input).focus()

    def action_release(self) -> None:
        if self.post_id:
            self.seat.do({"type": "release", "post_id": self.post_id})
            self.post_id = None

    def action_save(self) -> None:
        if self.post_id:
            self.seat.send({"type": "draft", "post_id": self.post_id,
                            "text": self.query_one("#draft", Input).value})

    def on_input_submitted(self, event: Input.Submitted) -> None:
        pid = self.post_id or self._highlighted()
        if not pid or not event.value.strip():
            return
        why = self.seat.do({"type": "submit", "post_id": pid, "text": event.value,
                            "based_on": self.draft_started or self.seat.state.seq})
        if why:
            self.app.notify(why, severity="warning")
            return
        event.input.value = ""
        self.post_id, self.stale = None, False
        self.app.notify("sent for approval" if self.seat.state.meta.get("approval") else "published")


class ApproverScreen(SeatScreen):
    BINDINGS = [Binding("ctrl+a", "approve", "approve"), Binding("ctrl+x", "changes", "ask for changes")]

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield OptionList(id="pending")
        yield Static(id="detail")
        yield Input(placeholder="comment for changes (ctrl+x sends)", id="comment")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        super().refresh_view()
        d = self.seat.desk
        lst = self.query_one("#pending", OptionList)
        hi = lst.highlighted_option.id if lst.highlighted_option is not None else None
        lst.clear_options()
        items = sorted(d.pending.items(), key=lambda kv: kv[1]["t"])
        for pid, s in items:
            t = Text(f"{pid} rev {s['rev']} by {s['by']}  score {s['scores']['overall']:.0f}"
                     f"{'  STALE' if s.get('stale') else ''}  ")
            t.append(s["text"][:120])
            lst.add_option(Option(t, id=f"{pid}:{s['rev']}"))
        ids = [f"{p}:{s['rev']}" for p, s in items]
        if ids:
            lst.highlighted = ids.index(hi) if hi in ids else 0
        sel = self._selected()
        detail = Text()
        if sel:
            s = d.pending[sel[0]]
            post = d.posts.get(sel[0], {})
            detail.append(f"{post.get('handle', '')}: {post.get('text', '')}\n", style="bold")
            detail.append(f"draft: {s['text']}\n")
            for r in s["scores"].get("reasons", [])[:6]:
                detail.append(f"  {r}\n", style="green" if r.startswith("+") else "red")
        self.query_one("#detail", Static).update(detail)

    def _selected(self) -> tuple[str, int] | None:
        lst = self.query_one("#pending", OptionList)
        o = lst.highlighted_option
        if o is None:
            return None
        pid, rev = o.id.rsplit(":", 1)
        return (pid, int(rev)) if pid in self.seat.desk.pending else None

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

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield Static(id="timeline")
        yield Input(placeholder="note (p12: ... ties it to a post; +name / -name pass/fail a check)",
                    id="note")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        super().refresh_view()
        t = Text()
        for d in self.seat.state.desks.values():
            t.append(f"desk {d.name}: mood {d.mood:+.0f}, {len(d.replies)} answered, "
                     f"{len(d.open)} waiting, {len(d.claims)} claimed, {len(d.pending)} pending\n",
                     style="bold")
            for ev in [e for e in d.events if e.get("type") in ("reply", "review", "note", "inject",
                                                                "fact")][-14:]:
                who = ev.get("author") or ev.get("by") or ""
                t.append(f"  {ev['t']:>5.0f}s {ev['type']:<7} {who:<10} "
                         f"{ev.get('verdict', '')} {ev.get('post_id', '')} "
                         f"{(ev.get('text') or ev.get('comment') or '')[:110]}\n")
        if self.seat.state.checks:
            done = {}
            for d in self.seat.state.desks.values():
                for n in d.notes:
                    if n.get("check"):
                        done[n["check"]] = n.get("passed")
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
            if pid.strip() in self.seat.desk.posts or any(pid.strip() in d.posts for d in self.seat.state.desks.values()):
                body.update(post_id=pid.strip(), text=rest.strip())
        why = self.seat.do(body)
        event.input.value = ""
        self.app.notify(why or "noted")


class ProjectorScreen(SeatScreen):
    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield Static(id="room")

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        super().refresh_view()
        t = Text()
        for d in self.seat.state.desks.values():
            t.append(f"{d.name.upper()}   crowd mood {d.mood:+.0f}   answered {len(d.replies)}   "
                     f"waiting {len(d.open)}\n", style="bold")
            if d.last_reply:
                r = d.last_reply
                t.append(f"last reply by {r.get('author', '?')}: score {r['scores']['overall']:.0f}\n",
                         style="bold green")
                t.append(r["text"] + "\n")
            for p in sorted(d.posts.values(), key=lambda p: p["at"])[-6:]:
                t.append(f"  {p['handle']}: {p['text'][:120]}\n", style="dim")
        self.query_one("#room", Static).update(t)


class ConsoleScreen(ObserverScreen):
    """The facilitator: every desk, pause/resume, next wave, injects, notes, end."""
    BINDINGS = [Binding("f5", "pause", "pause/resume"), Binding("f6", "next_wave", "next wave"),
                Binding("f10", "end", "end drill")]

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield Static(id="code")
        yield Static(id="timeline")
        yield Input(placeholder="note, or '!text' injects it now (!-10 text: with a mood effect)", id="note")
        yield Footer()

    def status_text(self) -> Text:
        s = self.seat.state
        people = ", ".join(f"{n} ({v['role']})" for n, v in s.seats.items()) or "nobody yet"
        return Text(f"FACILITATOR  drill {self.seat.code}  join code {self.seat.code}  in: {people}"
                    f"{'  OVER' if s.over else ''}")

    def refresh_view(self) -> None:
        super().refresh_view()
        d = self.seat.state.desks
        pend = sum(len(x.pending) for x in d.values())
        self.query_one("#code", Static).update(Text(
            f"claims {sum(len(x.claims) for x in d.values())}  pending approvals {pend}  "
            f"scores: " + "  ".join(
                f"{x.name} {sum(r['scores']['overall'] for r in x.replies.values()) / max(1, len(x.replies)):.0f}"
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
    BINDINGS = [Binding("ctrl+q", "quit", "quit")]
    CSS = """
    #status, #code, #drafting { height: 1; }
    Horizontal { height: 1fr; }
    #queue { width: 3fr; height: 1fr; }
    #feed { width: 2fr; height: 1fr; overflow-y: auto; }
    #pending { height: 1fr; }
    #detail { height: auto; max-height: 12; }
    #timeline, #room { height: 1fr; }
    """

    def __init__(self, seat, role: str, host=None) -> None:
        super().__init__()
        self.seat = seat
        self.role = role
        self.host = host

    def on_mount(self) -> None:
        self.seat.catch_up()
        self.push_screen(SCREENS[self.role](self.seat))
        self.set_interval(POLL, self._tick)

    _shown = -1

    def _tick(self) -> None:
        self.seat.catch_up()
        scr = self.screen
        if isinstance(scr, SeatScreen) and self.seat.state.seq != self._shown:
            self._shown = self.seat.state.seq
            scr.refresh_view()


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
