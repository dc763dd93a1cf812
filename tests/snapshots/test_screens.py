"""Snapshots of every screen at 80x24, and the desk and projector at 160x45 (pytest-textual-snapshot).

They run on fixed data: the fixture scenario with the scripted writer and scorer
(tests/functional/tui/scripted.py), so a change to the real post writer or scorer never moves
them. Two snapshots keep the real content on purpose (``test_real_*``): the bundled scenario,
the real writer and scorer, so a change there is seen on screen once.

Deterministic: a fixed seed, a fake clock, a fixed date and an empty temporary history.
Update after an intended change with `pytest tests/snapshots --snapshot-update`, and look.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sim.clock import FakeClock
from tests.functional.tui.scripted import DeskWriter, desk_scorer, fixture_scenario

FIXED = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
REPLY = "So sorry, calls are down across the UK; 999 calls still connect. DM me and we'll help"


@pytest.fixture
def build(tmp_path):
    """The app on the fixture scenario, with the scripted writer and scorer."""
    def _build(**kw):
        from sim.tui.app import make_app
        clock = FakeClock()
        app = make_app(seed=7, clock_source=clock, store_root=tmp_path, now=lambda: FIXED,
                       scenarios=[fixture_scenario()], writer_factory=DeskWriter, scorer=desk_scorer, **kw)
        app._fake_clock = clock
        return app
    return _build


@pytest.fixture
def build_real(tmp_path):
    """The app on the bundled scenarios, with the real writer and scorer."""
    def _build(**kw):
        from sim.tui.app import make_app
        clock = FakeClock()
        app = make_app(seed=7, clock_source=clock, store_root=tmp_path, now=lambda: FIXED, **kw)
        app._fake_clock = clock
        return app
    return _build


def _steady(pilot) -> None:
    """No blinking cursor: a blink caught half-way made snapshots differ from run to run."""
    for box in pilot.app.screen.query("Input"):
        box.cursor_blink = False


async def _desk(pilot, seconds=45):
    await pilot.press("enter")
    await pilot.press("enter")
    await pilot.pause()
    _steady(pilot)
    pilot.app._fake_clock.advance(seconds)
    pilot.app.screen.tick()          # do not depend on the real-time timer having fired
    await pilot.pause()


async def _replied(pilot):
    await _desk(pilot)
    await pilot.press(*REPLY)
    await pilot.press("enter")
    await pilot.pause()


def test_title(snap_compare, build):
    assert snap_compare(build(), terminal_size=(80, 24))


def test_briefing(snap_compare, build):
    assert snap_compare(build(), terminal_size=(80, 24), press=["enter"])


def test_desk(snap_compare, build):
    assert snap_compare(build(), terminal_size=(80, 24), run_before=_desk)


def test_desk_large(snap_compare, build):
    assert snap_compare(build(), terminal_size=(160, 45), run_before=_desk)


def test_desk_after_a_reply(snap_compare, build):
    assert snap_compare(build(), terminal_size=(80, 24), run_before=_replied)


def test_desk_following_up(snap_compare, build):
    """F5 after a reply: the answered post picked, "Following up with" and the thread with the
    reply sent in it."""
    async def run(pilot):
        await _replied(pilot)
        await pilot.press("f5")
        await pilot.pause()
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)


def test_desk_paused(snap_compare, build):
    async def run(pilot):
        await _replied(pilot)
        await pilot.press("f2")
        await pilot.pause()
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)


def test_reasons(snap_compare, build):
    async def run(pilot):
        await _replied(pilot)
        await pilot.press("f3")
        await pilot.pause()
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)


def test_facts(snap_compare, build):
    async def run(pilot):
        await _desk(pilot, seconds=130)
        await pilot.press("f4")
        await pilot.pause()
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)


def test_help(snap_compare, build):
    async def run(pilot):
        await _desk(pilot)
        await pilot.press("f1")
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)


def test_projector(snap_compare, build):
    assert snap_compare(build(projector=True), terminal_size=(80, 24), run_before=_replied)


def test_projector_large(snap_compare, build):
    assert snap_compare(build(projector=True), terminal_size=(160, 45), run_before=_replied)


def test_turns_mode_desk(snap_compare, build):
    async def run(pilot):
        await pilot.press("enter", "enter")
        await pilot.pause()
        _steady(pilot)
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


def test_end_confirmation(snap_compare, build):
    async def run(pilot):
        await _desk(pilot)
        await pilot.press("f10")
        await pilot.pause()
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)


def test_results(snap_compare, build):
    async def run(pilot):
        await _replied(pilot)
        pilot.app._fake_clock.advance(700)
        pilot.app.screen.tick()
        await pilot.pause()
    assert snap_compare(build(), terminal_size=(80, 24), run_before=run)


# -- real content, on purpose: the bundled scenario with the real writer and scorer ----------
def test_real_desk_after_a_reply(snap_compare, build_real):
    async def run(pilot):
        await _desk(pilot)
        await pilot.press(*"Sorry, calls are down across the UK; engineers are on it. DM me")
        await pilot.press("enter")
        await pilot.pause()
    assert snap_compare(build_real(), terminal_size=(80, 24), run_before=run)


def test_real_results(snap_compare, build_real):
    async def run(pilot):
        await _desk(pilot)
        await pilot.press(*"Sorry, engineers are on it")
        await pilot.press("enter")
        pilot.app._fake_clock.advance(700)
        pilot.app.screen.tick()
        await pilot.pause()
    assert snap_compare(build_real(), terminal_size=(80, 24), run_before=run)
