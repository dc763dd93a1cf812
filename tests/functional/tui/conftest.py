"""Helpers for playing the game headless: a fake clock (no sleeps) and a temporary history."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sim.clock import FakeClock
from sim.tui.app import make_app

FIXED = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def build(tmp_path):
    """``build(**make_app kwargs) -> (app, clock)``: seed 7, fake clock, history in tmp_path."""
    def _build(**kw):
        clock = FakeClock()
        kw.setdefault("seed", 7)
        app = make_app(clock_source=clock, store_root=tmp_path, now=lambda: FIXED, **kw)
        return app, clock
    return _build


async def to_desk(pilot):
    """The newcomer's path: Enter on the highlighted scenario, Enter on the briefing."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def run_for(pilot, clock, seconds: float):
    """Move the drill clock on and let the desk catch up (one tick, as the timer would)."""
    clock.advance(seconds)
    pilot.app.screen.tick()
    await pilot.pause()


def post(pid: str, text: str, **kw) -> dict:
    base = {"id": pid, "at": 1.0, "author": "A", "handle": f"@{pid}", "persona": "angry", "kind": "post",
            "text": text, "reach": 5, "anger": 50, "priority": 0.1}
    base.update(kw)
    return base


def screen_text(app) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    import html
    import re
    svg = app.export_screenshot()
    svg = svg[svg.index("</style>"):] if "</style>" in svg else svg
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


@pytest.fixture
def build_fixed(tmp_path):
    """``build_fixed(**make_app kwargs) -> (app, clock)`` on the fixture scenario, with the
    scripted writer and scorer: the desk's tests read fixed words."""
    from tests.functional.tui.scripted import DeskWriter, desk_scorer, fixture_scenario

    def _build(**kw):
        clock = FakeClock()
        kw.setdefault("seed", 7)
        app = make_app(clock_source=clock, store_root=tmp_path, now=lambda: FIXED,
                       scenarios=[fixture_scenario()], writer_factory=DeskWriter, scorer=desk_scorer, **kw)
        return app, clock
    return _build
