"""The screens a player moves through: Title -> Briefing -> Desk -> Results, plus Help and Quit.

State lives in the engine (``sim.engine.Drill``); screens only render what it returns.
"""
from __future__ import annotations

from collections import deque
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from sim.engine import Drill, DrillError
from sim.journal import Journal
from sim.model import DIFFICULTIES
from sim.tui.feed import Feed
from sim.tui.render import gauge, post_line, queue_label, reply_line, sparkline

FEED_LINES = 2000           # what the feed keeps on screen; the journal keeps everything


def _static(text, **kw) -> Static:
    return Static(text if isinstance(text, Text) else Text(str(text)), **kw)


# -- title -------------------------------------------------------------------------------------------
class TitleScreen(Screen):
    BINDINGS = [
        Binding("enter", "choose", "Start", show=True),
        Binding("d", "difficulty", "Difficulty"),
        Binding("m", "mode", "Mode"),
        Binding("s", "new_seed", "New seed"),
        Binding("r", "resume", "Resume interrupted"),
        Binding("b", "debrief", "Debrief interrupted"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Label(Text("STORMDESK  ·  practise answering the public during an outage", style="bold"), id="title-head")
        with Horizontal(id="title-body"):
            yield OptionList(id="scenarios")
            with VerticalScroll(id="title-side"):
                yield _static("", id="brief")
                yield _static("", id="settings")
                yield _static("", id="recent")
        yield Footer()

    def on_mount(self) -> None:
        ol = self.query_one("#scenarios", OptionList)
        for sc in self.app.scenarios:
            ol.add_option(Option(Text(f"{sc.title}\n  {sc.industry} · {sc.length / 60:.0f} min · {len(sc.waves)} waves"), id=sc.id))
        start = next((i for i, s in enumerate(self.app.scenarios) if s.id == self.app.chosen_id), 0)
        ol.highlighted = start
        ol.focus()
        self.refresh_side()

    @property
    def scenario(self):
        ol = self.query_one("#scenarios", OptionList)
        i = ol.highlighted or 0
        return self.app.scenarios[i]

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self.refresh_side()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_choose()

    def refresh_side(self) -> None:
        sc, app = self.scenario, self.app
        self.query_one("#brief", Static).update(Text(f"{sc.title}\n{sc.summary}\n", style=""))
        self.query_one("#settings", Static).update(Text(
            f"Difficulty: {app.difficulty}   [d]\nMode: {app.mode}{' (untimed)' if app.mode == 'turns' else ''}   [m]\n"
            f"Seed: {app.seed}   [s]\n"))
        lines = []
        store = app.store
        if store is not None:
            for w in store.warnings:
                lines.append(f"! {w}")
            rows = store.drills(sc.id, limit=5)
            if rows:
                lines.append("Recent results on this scenario:")
                for r in rows:
                    o = r.totals.get("overall")
                    lines.append(f"  {(r.started_at or '')[:16]}  overall {o if o is not None else '-'}"
                                 f"  {'finished' if r.finished else 'interrupted'}")
                prog = store.progress(sc.id)
                best = prog["best"].get(sc.id)
                if best:
                    lines.append(f"Personal best: {best['overall']}")
                if prog["trend"].get("overall") is not None:
                    lines.append(f"Trend (overall): {prog['trend']['overall']:+.1f}")
            else:
                lines.append("No results on this scenario yet.")
            cut = store.interrupted()
            if cut:
                lines.append(f"\nAn interrupted drill ({cut[0].scenario}, seed {cut[0].seed}) can be resumed [r] or debriefed [b].")
        else:
            lines.append("History is unavailable this session.")
        self.query_one("#recent", Static).update(Text("\n".join(lines)))

    def action_difficulty(self) -> None:
        app = self.app
        app.difficulty = DIFFICULTIES[(DIFFICULTIES.index(app.difficulty) + 1) % len(DIFFICULTIES)]
        self.refresh_side()

    def action_mode(self) -> None:
        self.app.mode = "turns" if self.app.mode == "realtime" else "realtime"
        self.refresh_side()

    def action_new_seed(self) -> None:
        self.app.seed = self.app.new_seed()
        self.refresh_side()

    def action_choose(self) -> None:
        self.app.push_screen(BriefingScreen(self.scenario))

    def action_resume(self) -> None:
        store = self.app.store
        cut = store.interrupted() if store else []
        if not cut:
            self.notify("No interrupted drill to resume.")
            return
        from sim.replay import ReplayError, resume
        try:
            drill, t = resume(cut[0].journal)
        except (ReplayError, OSError) as e:
            self.notify(f"Cannot resume: {e}", severity="error")
            return
        self.app.adopt(drill, cut[0].journal, t)
        self.app.push_screen(DeskScreen(drill, cut[0].journal))

    def action_debrief(self) -> None:
        store = self.app.store
        cut = store.interrupted() if store else []
        if not cut:
            self.notify("No interrupted drill to debrief.")
            return
        path = self.app.write_report(cut[0].journal)
        self.notify(f"Report written: {path}" if path else "Could not write the report.")


# -- briefing ------------------------------------------------------------------------------------------
class BriefingScreen(Screen):
    BINDINGS = [Binding("enter", "start", "Start the drill"), Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, scenario) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        sc, app = self.scenario, self.app
        known = "\n".join(f"  • {f.text}" for f in sc.facts_known(0)) or "  (nothing yet)"
        rules = ("realtime: posts arrive on the clock; answer the most urgent first (!! vulnerable, ★ high reach)."
                 if app.mode == "realtime" else
                 "turns: the clock stands still; the facilitator brings the next wave with Ctrl+N.")
        text = (f"{sc.title}\n\nYou are the social desk for {sc.brand.name} ({sc.brand.handle}). "
                f"Brand voice: {sc.brand.voice}.\n\n{sc.briefing}\n\nWhat you know now:\n{known}\n\n"
                f"Rules: replies up to 280 characters; each is scored on empathy, speed, tone and substance, "
                f"and the crowd reacts. Say only what the facts panel says.\nMode {rules}\n"
                f"Difficulty {app.difficulty}, seed {app.seed}.\n\nPress Enter to start.")
        with VerticalScroll(id="briefing"):
            yield _static(text)
        yield Footer()

    def action_start(self) -> None:
        self.app.switch_screen(DeskScreen(self.app.start_drill(self.scenario)))


# -- the desk ------------------------------------------------------------------------------------------
class DeskScreen(Screen):
    BINDINGS = [
        Binding("f2", "pause", "Pause"),
        Binding("ctrl+n", "next_wave", "Next wave"),
        Binding("ctrl+down", "queue_next", "Next post"),
        Binding("ctrl+up", "queue_prev", "Prev post"),
        Binding("f1", "help", "Help"),
        Binding("ctrl+t", "projector", "Projector"),
        Binding("ctrl+e", "end", "End drill"),
        Binding("ctrl+q", "quit_drill", "Quit", priority=True),
    ]
    selected: reactive[str | None] = reactive(None)

    def __init__(self, drill: Drill, journal_path: Path | None = None) -> None:
        super().__init__()
        self.drill = drill
        self.journal_path = journal_path or (drill.journal.path if drill.journal else None)
        self.moods: deque[float] = deque(maxlen=60)
        self.volumes: deque[float] = deque(maxlen=60)
        self.last_score = Text("Pick a post from the queue (Ctrl+↓/↑), type, press Enter.")
        self._queue_ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield _static("", id="status")
        with Horizontal(id="desk-body"):
            with Vertical(id="left"):
                yield Feed(id="feed", max_entries=FEED_LINES)
            with Vertical(id="right"):
                yield Label("Needs reply (most urgent first)", classes="panel-title")
                yield OptionList(id="queue")
                yield _static("", id="facts")
                yield _static("", id="crowd")
        yield _static("", id="quoted")
        with Horizontal(id="compose-row"):
            yield Input(placeholder="Write your reply (Enter to send)", max_length=400, id="compose")
        yield _static("", id="score")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#compose", Input).focus()
        self.query_one("#compose", Input).border_subtitle = "0/280"
        self.apply_projector()
        # replay anything already in the drill (a resumed drill)
        for ev in self.drill.journal.events[1:]:
            self.show_event(ev, live=False)
        self.render_panels()
        self.timer = self.set_interval(0.25, self.tick)

    def apply_projector(self) -> None:
        self.set_class(self.app.projector, "projector")

    # -- the loop
    def tick(self) -> None:
        if self.drill.finished or self.app.clock.paused:
            return
        events = self.drill.advance(self.app.clock())
        for ev in events:
            self.show_event(ev)
        self.render_panels()
        if self.drill.finished:
            self.finished()

    def show_event(self, ev: dict, live: bool = True) -> None:
        feed = self.query_one("#feed", Feed)
        kind = ev.get("type")
        wt = self.drill.scenario.clock.label(float(ev.get("t", 0)))
        if kind == "post":
            p = ev["post"]
            feed.add(post_line(p, wt), post_id=p["id"], parent_id=p.get("reply_to"))
        elif kind == "fact":
            feed.add(Text(f"{wt} FACT ({ev.get('kind')}): {ev.get('text')}", style="bold cyan"))
        elif kind == "wave":
            feed.add(Text(f"{wt} ── wave {ev.get('index', 0) + 1}: {ev.get('name') or ''} ──", style="bold"))
        elif kind == "event":
            feed.add(Text(f"{wt} EVENT ({ev.get('kind')}): {ev.get('text')}", style="bold yellow"))
        elif kind == "reply":
            p = self.drill.posts.get(ev.get("post_id"))
            feed.add(reply_line(p.to_dict() if p else None, ev.get("text", ""), (ev.get("scores") or {}).get("overall")),
                     parent_id=ev.get("post_id"))
        elif kind == "sample":
            self.moods.append(float(ev.get("mood", 0)))
            self.volumes.append(float(ev.get("volume", 0)))
        elif kind == "crowd" and abs(float(ev.get("delta", 0))) >= 3:
            d = float(ev["delta"])
            feed.add(Text(f"    crowd {'▲' if d > 0 else '▼'} {d:+.0f}: {ev.get('cause')}", style="green" if d > 0 else "red"),
                     parent_id=ev.get("post_id"))

    def render_panels(self) -> None:
        d = self.drill
        if not self.moods:
            self.moods.append(d.crowd.mood)
            self.volumes.append(0.0)
        tot = d.totals().to_dict()
        f = lambda v: "-" if v is None else f"{v:.0f}"
        waves = len(d.scenario.waves)
        paused = " PAUSED" if self.app.clock.paused else ""
        mode = "turns (untimed)" if d.mode == "turns" else "realtime"
        self.query_one("#status", Static).update(Text(
            f"{d.scenario.brand.name} · {d.scenario.clock.label(d.t)} · wave {getattr(d, '_waves_started', 0)}/{waves} · "
            f"{mode}{paused} · empathy {f(tot['empathy'])} speed {f(tot['speed'])} tone {f(tot['tone'])} "
            f"substance {f(tot['substance'])} · answered {tot['answered']} waiting {len(d.waiting())}", style="bold"))
        q = d.queue()
        ids = [p.id for p in q[:200]]
        if ids != self._queue_ids:
            ol = self.query_one("#queue", OptionList)
            keep = self.selected
            ol.clear_options()
            ol.add_options([Option(queue_label(p), id=p.id) for p in q[:200]])
            self._queue_ids = ids
            if keep in ids:
                ol.highlighted = ids.index(keep)
            elif ids:
                self.selected = ids[0]
                ol.highlighted = 0
            else:
                self.selected = None
        known = d.scenario.facts_known(d.t)
        self.query_one("#facts", Static).update(Text("What you may say:\n" + "\n".join(f"• {x.text}" for x in known[-5:]),
                                                    style="cyan"))
        trending = " ".join(d.crowd.trending(d.t)[:3])
        ticker = list(getattr(d.crowd, "ticker", []) or [])[-2:]
        self.query_one("#crowd", Static).update(Text(
            f"Mood {gauge(d.crowd.mood, 15)}\nmood   {sparkline(list(self.moods), 24, -100, 100)}\n"
            f"volume {sparkline(list(self.volumes), 24, 0)} {self.volumes[-1]:.0f}/min\n"
            f"followers {d.crowd.followers:,}  trending {trending or '-'}\n" + "\n".join(f"» {t}" for t in ticker)))
        post = d.posts.get(self.selected) if self.selected else None
        self.query_one("#quoted", Static).update(
            Text("Replying to: ") + post_line(post.to_dict(), "") if post else Text("No post selected.", style="dim"))
        self.query_one("#score", Static).update(self.last_score)

    def watch_selected(self, _old, _new) -> None:
        if self.is_mounted:
            self.render_panels()

    @on(OptionList.OptionHighlighted, "#queue")
    def _queue_highlight(self, event: OptionList.OptionHighlighted) -> None:
        self.selected = event.option.id

    @on(OptionList.OptionSelected, "#queue")
    def _queue_select(self, event: OptionList.OptionSelected) -> None:
        self.selected = event.option.id
        self.query_one("#compose", Input).focus()

    @on(Input.Changed, "#compose")
    def _count(self, event: Input.Changed) -> None:
        n = len(event.value)
        # the counter lives in the box's border: updating it needs no new layout, so typing stays
        # cheap however full the feed is
        event.input.border_subtitle = f"{n}/280" + (" too long" if n > 280 else "")

    @on(Input.Submitted, "#compose")
    def _send(self, event: Input.Submitted) -> None:
        text = event.value
        if not text.strip():
            self.notify("Type a reply first.")
            return
        if not self.selected:
            self.notify("No post selected: pick one from the queue (Ctrl+↓).")
            return
        try:
            out = self.drill.reply(self.selected, text, self.app.clock())
        except DrillError as e:
            self.notify(str(e), severity="warning")
            return
        event.input.value = ""
        for ev in out.events:
            self.show_event(ev)
        s = out.score
        f = lambda v: "-" if v is None else f"{v:.0f}"
        self.last_score = Text(f"Score {f(s.overall)} (empathy {f(s.empathy)} · speed {f(s.speed)} · tone {f(s.tone)} · "
                               f"substance {f(s.substance)})  " + "  ".join(s.reasons[:4]),
                               style="green" if s.overall >= 60 else "red" if s.overall < 40 else "")
        self.selected = None
        self._queue_ids = []
        self.render_panels()
        if self.drill.finished:
            self.finished()

    def action_queue_next(self) -> None:
        self._move(1)

    def action_queue_prev(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        if not self._queue_ids:
            return
        i = self._queue_ids.index(self.selected) if self.selected in self._queue_ids else -1
        i = max(0, min(len(self._queue_ids) - 1, i + step))
        self.selected = self._queue_ids[i]
        self.query_one("#queue", OptionList).highlighted = i

    def action_pause(self) -> None:
        if self.drill.mode != "realtime" or self.drill.finished:
            self.notify("Turns mode is untimed: nothing to pause.")
            return
        clock = self.app.clock
        if clock.paused:
            clock.resume()
            self.drill.resume()
        else:
            self.drill.pause(clock())
            clock.pause()
        self.render_panels()

    def action_next_wave(self) -> None:
        if self.drill.mode != "turns":
            self.notify("Next wave is for turns mode; in realtime the clock brings the waves.")
            return
        for ev in self.drill.next_wave():
            self.show_event(ev)
        self.render_panels()
        if self.drill.finished:
            self.finished()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_projector(self) -> None:
        self.app.projector = not self.app.projector
        self.apply_projector()

    def action_end(self) -> None:
        if not self.drill.finished:
            for ev in self.drill.finish("ended", self.app.clock()):
                self.show_event(ev)
        self.finished()

    def action_quit_drill(self) -> None:
        if isinstance(self.app.screen, ConfirmQuit):
            return
        def answer(yes: bool | None) -> None:
            if yes:
                self.app.record(self.journal_path)
                self.app.exit()
        self.app.push_screen(ConfirmQuit(), answer)

    def finished(self) -> None:
        if getattr(self, "_done", False):
            return
        self._done = True
        self.timer.stop()
        self.app.record(self.journal_path)
        self.app.switch_screen(ResultsScreen(self.drill, self.journal_path))


# -- results -------------------------------------------------------------------------------------------
class ResultsScreen(Screen):
    BINDINGS = [Binding("r", "report", "Write full debrief"), Binding("enter", "again", "Back to title"),
                Binding("q", "app.quit", "Quit")]

    def __init__(self, drill: Drill, journal_path: Path | None) -> None:
        super().__init__()
        self.drill = drill
        self.journal_path = journal_path

    def compose(self) -> ComposeResult:
        d = self.drill
        tot = d.totals().to_dict()
        f = lambda v: "-" if v is None else f"{v:.0f}"
        replies = sorted(d.replies.values(), key=lambda e: e["scores"]["overall"])
        lines = [Text(f"Drill over ({d.end_reason or 'finished'}): {d.scenario.title}", style="bold"),
                 Text(f"overall {f(tot['overall'])} · empathy {f(tot['empathy'])} · speed {f(tot['speed'])} · "
                      f"tone {f(tot['tone'])} · substance {f(tot['substance'])} · answered {tot['answered']} · missed {tot['missed']}"),
                 Text(f"Crowd mood {d.crowd.mood:+.0f} · followers {d.crowd.followers:,}")]
        moods = [e["mood"] for e in d.journal.events if e.get("type") == "sample"]
        if moods:
            lines.append(Text("mood over the drill " + sparkline(moods, 60, -100, 100)))
        if replies:
            lines.append(Text("\nBest replies:", style="bold green"))
            for e in reversed(replies[-3:]):
                lines.append(Text(f"  {e['scores']['overall']:.0f}  {e['text']}\n      " + "  ".join(e['scores']['reasons'][:3])))
            lines.append(Text("\nWorst replies:", style="bold red"))
            for e in replies[:3]:
                lines.append(Text(f"  {e['scores']['overall']:.0f}  {e['text']}\n      " + "  ".join(e['scores']['reasons'][:3])))
        missed = d.waiting()
        vuln = [p for p in missed if p.persona == "vulnerable"]
        lines.append(Text(f"\nMissed posts: {len(missed)} ({len(vuln)} vulnerable)"))
        for p in (vuln + [p for p in missed if p.persona != "vulnerable"])[:5]:
            lines.append(Text(f"  {p.handle} ({p.persona}): {p.text}"))
        lines.append(Text(f"\nJournal: {Path(self.journal_path).name if self.journal_path else '(none)'}\nPress r to write the full debrief (HTML and Markdown).", style="dim"))
        with VerticalScroll(id="results"):
            for t in lines:
                yield _static(t)
        yield Footer()

    def action_report(self) -> None:
        if not self.journal_path:
            self.notify("This drill has no journal file.")
            return
        path = self.app.write_report(self.journal_path)
        self.notify(f"Debrief written: {path}" if path else "Could not write the report.", timeout=10)

    def action_again(self) -> None:
        self.app.switch_screen(TitleScreen())


# -- overlays ------------------------------------------------------------------------------------------
class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        yield _static(Text(
            "Keys at the desk\n\n"
            "  Enter          send the reply to the selected post\n"
            "  Ctrl+↓ / Ctrl+↑ move through the needs-reply queue (or Tab to it and use arrows)\n"
            "  F2             pause / resume (realtime)\n"
            "  Ctrl+N         next wave (turns mode: the facilitator advances)\n"
            "  Ctrl+T         projector layout (large, fewer panels)\n"
            "  Ctrl+E         end the drill now and see results\n"
            "  Ctrl+Q         quit (everything sent so far is kept in the journal)\n"
            "  F1 / Esc       close this help\n\n"
            "Symbols: !! vulnerable person, ★ high reach (50k+). Persona and anger are written as words.\n"
            "Reply to the most urgent first; say only what the facts panel says; never promise a fix time."),
            id="help")


class ConfirmQuit(ModalScreen[bool]):
    BINDINGS = [Binding("y", "yes", "Yes, quit"), Binding("n,escape", "no", "No, keep playing")]

    def compose(self) -> ComposeResult:
        yield _static(Text("Quit the drill? Everything you sent is saved in the journal; you can resume or debrief it "
                           "from the title screen.\n\n  y: quit    n: keep playing"), id="confirm")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
