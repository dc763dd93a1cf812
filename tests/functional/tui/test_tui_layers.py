"""How the UI's parts may reach each other (issue 16), read from the source:

- a screen or widget uses ``self.app`` only for Textual's own App API (notify, push_screen,
  screen, size...); what it needs of Stormdesk's App comes in one typed object
  (``sim.tui.session.Session``, or the parts of it a screen takes) through its constructor;
- the UI reads the engine through its documented read-only surface (``Drill.state``,
  ``post``, ``is_answered``, ``events``...), never its books (``posts``, ``replies``,
  ``crowd``, ``follow_ups``) or its journal's event lists;
- the team seats' screens (sim/tui/drill) import no single-player screen.
"""
from __future__ import annotations

import ast
from pathlib import Path

from textual.app import App

TUI = Path(__file__).resolve().parents[3] / "sim" / "tui"
ENGINE_BOOKS = {"posts", "replies", "crowd"}


def _sources(root: Path = TUI):
    for path in sorted(root.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_self_app(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "app" and \
        isinstance(node.value, ast.Name) and node.value.id == "self"


def app_attributes(tree: ast.AST) -> list[tuple[int, str]]:
    """Every ``self.app.X`` in ``tree``, and ``app.X`` where ``app = self.app`` (any name)."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                pairs = zip(target.elts, node.value.elts) \
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple) else [(target, node.value)]
                aliases |= {t.id for t, v in pairs if isinstance(t, ast.Name) and _is_self_app(v)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (
                _is_self_app(node.value) or (isinstance(node.value, ast.Name) and node.value.id in aliases)):
            out.append((node.lineno, node.attr))
    return out


TEXTUAL_APP = App()          # what Textual's own App has, before any Stormdesk App adds to it


def textual_api(name: str) -> bool:
    """An attribute Textual's own App has (a method, a property, or one its __init__ sets)."""
    return name in dir(App) or name in vars(TEXTUAL_APP)


def test_the_check_knows_textuals_api_from_stormdesks():
    assert all(textual_api(n) for n in ("notify", "push_screen", "switch_screen", "exit", "screen", "size",
                                         "console", "call_from_thread"))
    assert not any(textual_api(n) for n in ("clock", "scenarios", "write_report", "store", "projector", "mode",
                                             "seed", "record", "new_seed", "chosen_id", "ticket"))
    tree = ast.parse("def f(self):\n    app = self.app\n    app.seed = 1\n    self.app.clock()\n    self.app.notify('x')\n"
                     "    sc, a = 1, self.app\n    a.mode\n")
    assert sorted(app_attributes(tree)) == [(3, "seed"), (4, "clock"), (5, "notify"), (7, "mode")]


def test_screens_and_widgets_use_self_app_for_textuals_api_only():
    bad = [f"{path.relative_to(TUI)}:{line}: self.app.{attr}"
           for path, tree in _sources() for line, attr in app_attributes(tree) if not textual_api(attr)]
    assert not bad, "reach Stormdesk's App through the screen's typed inputs (sim.tui.session), not self.app:\n" \
        + "\n".join(bad)


def test_the_ui_reads_the_engine_through_its_read_only_surface():
    """No ``x.posts`` / ``.replies`` / ``.crowd`` (the engine's books), no ``drill.follow_ups``
    or ``drill._anything``, and no ``x.journal.typed`` / ``x.journal.events``. The seats
    (sim/tui/drill, sim/tui/serve) have no engine: their fold of the team log
    (sim.drill.team.Desk) is their own data."""
    bad = []
    for path, tree in _sources():
        if path.parent.name in ("drill", "serve"):      # team seats: no engine (serve: the CLI's parser)
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            journal = node.attr in ("typed", "events") and isinstance(node.value, ast.Attribute) \
                and node.value.attr == "journal"
            of_drill = (isinstance(node.value, ast.Name) and node.value.id == "drill") or \
                (isinstance(node.value, ast.Attribute) and node.value.attr == "drill")
            private = of_drill and (node.attr == "follow_ups" or node.attr.startswith("_"))
            if node.attr in ENGINE_BOOKS or journal or private:
                bad.append(f"{path.relative_to(TUI)}:{node.lineno}: .{node.attr}")
    assert not bad, "use Drill.state, post(), is_answered(), first_replies, events instead:\n" + "\n".join(bad)


def test_the_seat_screens_import_no_single_player_screen():
    bad = []
    for path, tree in _sources(TUI / "drill"):
        for node in ast.walk(tree):
            mods = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            bad += [f"{path.name}:{node.lineno}: {m}" for m in mods if m.startswith("sim.tui.screens")]
    assert not bad, "\n".join(bad)


async def test_the_titles_settings_reach_the_briefing_and_the_drill_through_the_session(build_fixed):
    """d, m and s on the title change the session's setup; the briefing shows it and the drill
    starts with it (the screens share one typed Session, not attributes of the App)."""
    from sim.tui.screens import BriefingScreen, DeskScreen, TitleScreen
    from tests.functional.tui.conftest import screen_text

    app, _ = build_fixed()
    app.session.seeds = lambda: 4242
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, TitleScreen) and app.screen.session is app.session
        await pilot.press("d", "m", "s")
        await pilot.pause()
        setup = app.session.setup
        assert (setup.difficulty, setup.mode, setup.seed) == ("storm", "turns", 4242)
        assert "Seed        4242" in screen_text(app) and "turns (untimed)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert "Difficulty storm · seed 4242" in screen_text(app) and "Turns mode" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        d = app.drill
        assert (d.difficulty, d.mode, d.seed) == ("storm", "turns", 4242)
        await pilot.press("ctrl+t")                 # the projector switch is the session's: kept
        await pilot.pause()
        assert app.session.projector and app.projector


async def test_a_debrief_that_cannot_be_written_is_reported_and_the_results_stay(build_fixed):
    """r on the results when the report cannot be written: a plain message, no traceback."""
    from sim.tui.screens import ResultsScreen
    from tests.functional.tui.conftest import run_for, to_desk

    app, clock = build_fixed()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_desk(pilot)
        await run_for(pilot, clock, 2000)
        assert isinstance(app.screen, ResultsScreen)
        app.journal_path.with_suffix(".html").mkdir()       # a folder where the report goes
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Report failed:") for m in said), said
        assert not any(m.startswith("Debrief written") for m in said)
