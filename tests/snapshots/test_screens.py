"""Snapshots of every screen at 80x24, and the desk at 160x48 (pytest-textual-snapshot).

Deterministic: a fixed seed, a fake clock, a fixed date and an empty temporary history.
Update after an intended change with `pytest tests/snapshots --snapshot-update`.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sim.clock import FakeClock

FIXED = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def build(tmp_path):
    def _build(**kw):
        from sim.tui.app import make_app
        clock = FakeClock()
        app = make_app(seed=7, clock_source=clock, store_root=tmp_path, now=lambda: FIXED, **kw)
        app._fake_clock = clock
        return app
    return _build


async def _desk(pilot, seconds=45):
    await pilot.press("enter")
    await pilot.press("enter")
    await pilot.pause()
    pilot.app._fake_clock.advance(seconds)
    pilot.app.screen.tick()          # do not depend on the real-time timer having fired
    await pilot.pause()


def test_title(snap_compare, build):
    assert snap_compare(build(), terminal_size=(80, 24))


def test_briefing(snap_compare, build):
    assert snap_compare(build(), terminal_size=(80, 24), press=["enter"])


def test_desk(snap_compare, build):
    assert snap_compare(build(), terminal_size=(80, 24), run_before=_desk)


def test_desk_large(snap_compare, build):
    assert snap_compare(build(), terminal_size=(160, 48), run_before=_desk)


def test_desk_after_a_reply(snap_compare, build):
    async def run(pilot):
        await _desk(pilot)
        await pilot.press(*"Sorry, calls are down across the UK; engineers are on it. DM me")
        await pilot.press("enter")
        await pilot.pause()
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)


def test_help(snap_compare, build):
    async def run(pilot):
        await _desk(pilot)
        await pilot.press("f1")
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)


def test_projector(snap_compare, build):
    assert snap_compare(build(projector=True), terminal_size=(80, 24), run_before=_desk)


def test_turns_mode_desk(snap_compare, build):
    async def run(pilot):
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
    assert snap_compare(build(mode="turns"), terminal_size=(80, 24), run_before=run)


def test_desk_no_color(snap_compare, build, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(build(), terminal_size=(80, 24), run_before=_desk)


def test_quit_confirmation(snap_compare, build):
    async def run(pilot):
        await _desk(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)


def test_results(snap_compare, build):
    async def run(pilot):
        await _desk(pilot)
        await pilot.press(*"Sorry, engineers are on it")
        await pilot.press("enter")
        pilot.app._fake_clock.advance(700)
        pilot.app.screen.tick()
        await pilot.pause()
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)
