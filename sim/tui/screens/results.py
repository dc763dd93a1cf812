"""Results: totals, best and worst replies with reasons, missed posts, the mood over the drill,
and the way to the full debrief (HTML and Markdown written next to the journal)."""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from sim.debrief import best_worst
from sim.engine import Drill
from sim.events import Replied, Sample
from sim.fmt import whole as _n
from sim.model import Post
from sim.personas import at_risk
from sim.tui.messages import PlayAgain
from sim.tui.render import clean, mood_chart, priority_mark
from sim.tui.session import ReportFailed, Session


def _reply(t: Text, ev: Replied, p: Post | None) -> None:
    t.append(f"  {_n(ev.score('overall')):>3}  ", style="bold")
    t.append(f"to {clean(p.handle)} ({p.persona}): " if p else "", style="dim")
    t.append(clean(ev.text) + "\n")
    for r in ev.reasons[:4]:
        good = r.startswith("+")
        t.append("       ✓ " if good else "       ✗ ", style="green" if good else "red")
        t.append(clean(r.lstrip("+- ")) + "\n")


class ResultsScreen(Screen):
    CSS_PATH = "results.tcss"
    BINDINGS = [Binding("r", "report", "Write full debrief"), Binding("enter", "again", "Title"),
                Binding("q", "app.quit", "Quit")]

    def __init__(self, drill: Drill, session: Session, journal_path: Path | None) -> None:
        super().__init__()
        self.drill = drill
        self.session = session          # the debrief writer
        self.journal_path = journal_path

    def compose(self) -> ComposeResult:
        d = self.drill
        st = d.state
        tot = st.totals
        t = Text()
        t.append(f"Drill over ({d.end_reason or 'finished'}): {d.scenario.title}\n", style="bold")
        t.append(f"drill score {_n(tot.drill)}/100", style="bold")
        t.append(" (counts everyone owed a reply)\n", style="dim")
        speed = "" if d.mode == "turns" else f"speed {_n(tot.speed)} · "
        t.append(f"overall {_n(tot.overall)} · empathy {_n(tot.empathy)} · {speed}"
                 f"tone {_n(tot.tone)} · substance {_n(tot.substance)}\n"
                 f"answered {tot.answered} · missed {tot.missed} · crowd mood {st.mood:+.0f} "
                 f"(low {st.mood_min:+.0f}) · followers {st.followers:,}\n")
        moods = [e.mood for e in d.events if isinstance(e, Sample)]
        if moods:
            t.append("\nCrowd mood over the drill\n", style="bold")
            width = max(20, min(60, self.app.size.width - 16))
            t.append(mood_chart(moods, width=width, height=5))
            t.append("\n")
        replies = list(d.first_replies)
        if replies:
            best, worst = best_worst(replies, lambda e: e.overall)   # as the report ranks
            t.append("\nBest replies\n", style="bold green")
            for ev in best:
                _reply(t, ev, d.post(ev.post_id))
            if len(replies) > 3:
                t.append("\nWorst replies\n", style="bold red")
                for ev in worst:
                    _reply(t, ev, d.post(ev.post_id))
        else:
            t.append("\nNo replies sent.\n", style="italic")
        missed = list(st.queue)
        vuln = sum(1 for p in missed if at_risk(p.persona))
        t.append(f"\nMissed posts: {len(missed)} ({vuln} from vulnerable people)\n", style="bold")
        for p in missed[:5]:
            t.append(f"  {priority_mark(p)} {clean(p.handle)} ({p.persona}): {clean(p.text)}\n")
        name = Path(self.journal_path).name if self.journal_path else "(not saved)"
        t.append(f"\nJournal: {name}\nPress r to write the full debrief (HTML and Markdown) next to it.",
                 style="dim")
        with VerticalScroll(id="results"):
            yield Static(t)
            yield Static("", id="report-path")
        yield Footer()

    def action_report(self) -> None:
        if not self.journal_path:
            self.notify("This drill has no journal file.")
            return
        try:
            path = self.session.write_report(self.journal_path)
        except ReportFailed as e:
            self.notify(f"Report failed: {e}", severity="error")
            return
        self.query_one("#report-path", Static).update(Text(
            f"\nDebrief written:\n  {path}\n  {Path(path).with_suffix('.md')}", style="bold"))
        self.notify(f"Debrief written: {path}", timeout=10)

    def action_again(self) -> None:
        self.post_message(PlayAgain())
