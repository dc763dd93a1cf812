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
