"""The title screen: pick a scenario (Enter), set difficulty, mode and seed, see recent results
and progress for that scenario, and resume or debrief an interrupted drill."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from sim.model import DIFFICULTIES
from sim.fmt import whole as _n
from sim.tui.messages import ResumeDrill, ScenarioChosen
from sim.tui.session import ReportFailed, Session


def _when(iso: str | None) -> str:
    """'2026-11-23T06:40:47+00:00' -> '23 Nov 06:40'."""
    from datetime import datetime
    try:
        return datetime.fromisoformat(iso or "").strftime("%d %b %H:%M")
    except ValueError:
        return (iso or "")[:16]


class TitleScreen(Screen):
    CSS_PATH = "title.tcss"
    BINDINGS = [
        Binding("enter", "choose", "Start", show=True),
        Binding("d", "difficulty", "Difficulty"),
        Binding("m", "mode", "Mode"),
        Binding("s", "new_seed", "Seed"),
        Binding("r", "resume", "Resume"),
        Binding("b", "debrief", "Debrief"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Label(Text("STORMDESK · practise answering the public during an outage", style="bold"), id="title-head")
        with Horizontal(id="title-body"):
            yield OptionList(id="scenarios")
            with VerticalScroll(id="title-side"):
                yield Static("", id="brief")
                yield Static("", id="settings")
                yield Static("", id="recent")
        yield Footer()

    def on_mount(self) -> None:
        ol = self.query_one("#scenarios", OptionList)
        ol.border_title = "Scenarios"
        for sc in self.session.scenarios:
            ol.add_option(Option(Text.assemble((sc.title, "bold"), f"\n  {sc.industry} · {sc.length / 60:.0f} min · "
                                               f"{len(sc.waves)} waves"), id=sc.id))
        start = next((i for i, s in enumerate(self.session.scenarios) if s.id == self.session.chosen_id), 0)
        ol.highlighted = start
        ol.focus()
        self.refresh_side()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_side()

    @property
    def scenario(self):
        i = self.query_one("#scenarios", OptionList).highlighted or 0
        return self.session.scenarios[i]

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self.refresh_side()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_choose()

    def refresh_side(self) -> None:
        sc, setup = self.scenario, self.session.setup
        self.query_one("#brief", Static).update(Text.assemble((sc.title, "bold"), f"\n{sc.summary}\n"))
        self.query_one("#settings", Static).update(Text(
            f"Difficulty  {setup.difficulty}  [d]\n"
            f"Mode        {setup.mode}{' (untimed)' if setup.mode == 'turns' else ''}  [m]\n"
            f"Seed        {setup.seed}  [s]\n"
            f"Enter: the briefing\n"))
        self.query_one("#recent", Static).update(self._history(sc))

    def _history(self, sc) -> Text:
        store = self.session.store
        if store is None:
            return Text("History unavailable this session.", style="italic")
        t = Text()
        for w in store.warnings:
            t.append(f"! {w}\n", style="bold")
        try:
            rows = store.drills(sc.id, limit=4)
            prog = store.progress(sc.id)
            cut = store.interrupted()
        except Exception as e:          # history must never stop the game
            t.append(f"History unavailable: {e}\n", style="italic")
            return t
        if rows:
            t.append("Recent results\n", style="bold")
            for r in rows:
                state = "finished" if r.finished else "interrupted"
                t.append(f"  {_when(r.started_at)}  overall {_n(r.totals.get('overall')):>3}  {r.difficulty}  {state}\n")
            best = (prog.get("best") or {}).get(sc.id)
            if best and best.get("overall") is not None:
                t.append(f"Personal best {_n(best['overall'])}")
            trend = (prog.get("trend") or {}).get("overall")
            if trend is not None:
                t.append(f"   trend {trend:+.1f} {'▲' if trend > 0 else '▼' if trend < 0 else '='}")
            t.append("\n")
        else:
            t.append("No results on this scenario yet.\n", style="italic")
        if cut:
            c = cut[0]
            t.append(f"\nInterrupted: {c.title or c.scenario}, seed {c.seed}, "
                     f"{c.totals.get('answered', 0)} answered.\n", style="bold")
            t.append("  r  resume it    b  write its debrief\n")
        return t

    def action_difficulty(self) -> None:
        setup = self.session.setup
        setup.difficulty = DIFFICULTIES[(DIFFICULTIES.index(setup.difficulty) + 1) % len(DIFFICULTIES)]
        self.refresh_side()

    def action_mode(self) -> None:
        setup = self.session.setup
        setup.mode = "turns" if setup.mode == "realtime" else "realtime"
        self.refresh_side()

    def action_new_seed(self) -> None:
        self.session.new_seed()
        self.refresh_side()

    def action_choose(self) -> None:
        self.post_message(ScenarioChosen(self.scenario))

    def _interrupted(self):
        store = self.session.store
        try:
            return store.interrupted() if store else []
        except Exception:
            return []

    def action_resume(self) -> None:
        cut = self._interrupted()
        if not cut:
            self.notify("No interrupted drill to resume.")
            return
        from sim.replay import resume
        try:
            drill, t = resume(cut[0].journal)
        except Exception as e:          # a journal we cannot carry on is reported, not raised
            self.notify(f"Cannot resume: {e}", severity="error", timeout=10)
            return
        self.post_message(ResumeDrill(drill, cut[0].journal, t))

    def action_debrief(self) -> None:
        cut = self._interrupted()
        if not cut:
            self.notify("No interrupted drill to debrief.")
            return
        try:
            path = self.session.write_report(cut[0].journal)
        except ReportFailed as e:
            self.notify(f"Report failed: {e}", severity="error")
            return
        self.notify(f"Debrief written: {path}", timeout=15)
