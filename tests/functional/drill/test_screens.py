"""Pilot tests of each role's screen against a live host (a thread here) on a real SQLite file."""
from __future__ import annotations

import asyncio
import threading

import pytest

from sim.drill.seat import Seat
from sim.events import Turn
from sim.drill.store_sqlite import SqliteStore
from sim.tui.drill.app import DrillApp
from sim.tui.view import DeskView
from sim.tui.widgets import ComposeBox, CrowdPanel, FactsPanel, Feed, NeedsReply, ScoreCard, StatusBar
from sim.tui.widgets.projector import ProjectorView

from .test_commands import make_host


@pytest.fixture
def live(tmp_path):
    path = tmp_path / "d.sqlite3"
    store, host = make_host(path, approval=True)
    host.fake.set(40)
    stop = threading.Event()

    def loop():
        while not stop.is_set() and host.step(0.01):
            pass

    th = threading.Thread(target=loop, daemon=True)
    th.start()

    def seat(name, role="responder", fac=False):
        s = Seat(SqliteStore.open(f"sqlite:///{path}"), host.facilitator_code if fac else host.code,
                 name, role=role, home=tmp_path, facilitator_code=host.facilitator_code if fac else None)
        if not fac:
            s.join()
        for _ in range(200):          # the host's clock is at 40s: posts are on the desk
            if s.desk.open:
                break
            s.poll(0.02)
        return s

    yield host, seat
    stop.set()
    th.join(2)


async def _settle(pilot, until, tries=60):
    for _ in range(tries):
        await pilot.pause(0.05)
        if until():
            return
    raise AssertionError("screen never showed it")


def _text(app, wid):
    from textual.widgets import OptionList
    w = app.screen.query_one(wid)
    if hasattr(w, "query_one") and w.id == "compose-box" or wid == "#quoted":
        w = app.screen.query_one("#quoted")
    if isinstance(w, OptionList):
        return "\n".join(str(w.get_option_at_index(i).prompt) for i in range(w.option_count))
    return str(w.render())


def _desk_widgets(screen, *kinds):
    """Each seat screen is built from the single-player desk's widgets, fed a DeskView."""
    for kind in kinds:
        w = screen.query_one(kind)
        view = getattr(w, "view", "no view")
        assert view is None or isinstance(view, DeskView) or view == "no view", (kind, view)


def test_responder_inject_while_drafting_shows_a_toast_and_keeps_the_draft(live):
    host, seat = live
    ana = seat("Ana")
    fac = seat("facilitator", fac=True)
    ben = seat("Ben")

    async def go():
        app = DrillApp(ana, "responder")
        async with app.run_test(size=(120, 40)) as pilot:
            await _settle(pilot, lambda: ana.desk.queue()[0].handle in _text(app, "#queue"))
            _desk_widgets(app.screen, StatusBar, Feed, NeedsReply, ComposeBox, FactsPanel, ScoreCard, CrowdPanel)
            assert isinstance(app.screen.query_one("#queue").view, DeskView)
            first = ana.desk.queue()[0]
            assert first.text[:20] in _text(app, "#quoted")          # "Replying to" the selection
            assert first.text[:20] in "\n".join(app.screen.query_one(Feed).plain_lines)
            other = ana.desk.queue()[1].id
            assert ben.do({"type": "claim", "post_id": other}) is None
            await _settle(pilot, lambda: "[held by Ben]" in _text(app, "#queue"))
            await pilot.press("ctrl+l")
            await _settle(pilot, lambda: "drafting for" in _text(app, "#drafting"))
            await _settle(pilot, lambda: "[held by Ana]" in _text(app, "#queue"))
            await pilot.press(*"Sorry, we are on it")
            assert fac.do({"type": "inject", "text": "a tabloid says staff ignore complaints",
                           "mood": -5}) is None
            await _settle(pilot, lambda: any("tabloid" in n.message for n in app._notifications))
            assert app.screen.query_one("#compose").value == "Sorry, we are on it"
            assert "STALE" in _text(app, "#drafting")
            assert "INJECT" in "\n".join(app.screen.query_one(Feed).plain_lines)
            await pilot.press("enter")
            await _settle(pilot, lambda: ana.desk.pending)
            assert next(iter(ana.desk.pending.values())).stale is True
            await _settle(pilot, lambda: "Ana: awaiting approval, STALE" in _text(app, "#queue"))
    asyncio.run(go())


def test_approver_sees_the_draft_with_reasons_and_approves(live):
    host, seat = live
    ana, lead = seat("Ana"), seat("Lead", "approver")
    pid = ana.desk.queue()[0].id
    assert ana.do({"type": "submit", "post_id": pid, "text": "I'm so sorry, we're on it."}) is None

    async def go():
        app = DrillApp(lead, "approver")
        async with app.run_test(size=(120, 40)) as pilot:
            await _settle(pilot, lambda: f"{pid} rev 1 by Ana" in _text(app, "#pending"))
            _desk_widgets(app.screen, StatusBar, Feed, FactsPanel, ScoreCard, CrowdPanel)
            app.screen.query_one("#pending").highlighted = 0
            await _settle(pilot, lambda: "draft by Ana, rev 1" in _text(app, "#draft"))
            card = app.screen.query_one(ScoreCard)
            assert "Ana's draft" in str(card.border_title) and card.reply.text == "I'm so sorry, we're on it."
            assert lead.desk.posts[pid].text[:20] in _text(app, "#quoted")
            await pilot.press("ctrl+a")
            await _settle(pilot, lambda: pid in lead.desk.replies)
            r = lead.desk.replies[pid]
            assert (r.author, r.approved_by) == ("Ana", "Lead")
    asyncio.run(go())


def test_observer_notes_are_tied_to_a_post(live):
    host, seat = live
    obs = seat("Olu", "observer")
    pid = obs.desk.queue()[0].id if obs.desk.queue() else "p1"

    async def go():
        app = DrillApp(obs, "observer")
        async with app.run_test(size=(120, 40)) as pilot:
            app.screen.query_one("#note").focus()
            await pilot.press(*f"{pid}: slow to triage the vulnerable one")
            await pilot.press("enter")
            await _settle(pilot, lambda: obs.desk.notes)
            note = obs.desk.notes[-1]
            assert (note.by, note.post_id, note.text) == ("Olu", pid, "slow to triage the vulnerable one")
            await _settle(pilot, lambda: "slow to triage" in _text(app, "#timeline"))
            _desk_widgets(app.screen, StatusBar, Feed, FactsPanel, CrowdPanel)
            assert app.screen.query_one(Feed).plain_lines
    asyncio.run(go())


def test_projector_shows_the_last_published_reply_and_its_score(live):
    host, seat = live
    ana, proj = seat("Ana"), seat("Wall", "projector")
    lead = seat("Lead", "approver")
    pid = ana.desk.queue()[0].id
    ana.do({"type": "submit", "post_id": pid, "text": "I'm so sorry, we're on it."})
    lead.do({"type": "approve", "post_id": pid, "rev": 1})

    async def go():
        app = DrillApp(proj, "projector")
        async with app.run_test(size=(120, 40)) as pilot:
            await _settle(pilot, lambda: "last reply by Ana, approved by Lead" in _text(app, "#seat"))
            await _settle(pilot, lambda: "I'm so sorry, we're on it." in _text(app, "#proj-reply-text"))
            _desk_widgets(app.screen, ProjectorView, CrowdPanel, Feed)
            score = float(proj.desk.replies[pid].overall)
            assert str(app.screen.query_one("#proj-score").value) == f"{score:.0f}"
    asyncio.run(go())


def test_facilitator_console_pauses_and_injects(live):
    host, seat = live
    fac = seat("facilitator", fac=True)
    seat("Ana")

    async def go():
        app = DrillApp(fac, "facilitator")
        async with app.run_test(size=(120, 40)) as pilot:
            await _settle(pilot, lambda: "Ana (responder)" in _text(app, "#seat"))
            await pilot.press("f5")
            await _settle(pilot, lambda: fac.state.desk("shared").paused)
            app.screen.query_one("#note").focus()
            await pilot.press(*"!-10 the CEO says it was a cyber attack")
            await pilot.press("enter")
            await _settle(pilot, lambda: fac.state.desk("shared").injects)
            inj = fac.state.desk("shared").injects[-1]
            assert (inj.text, inj.mood, inj.posts) == ("the CEO says it was a cyber attack", -10.0, 3)
            assert not fac.state.desk("shared").notes          # an inject is not also a note
            await pilot.press(*"/checks vulnerable first; no fix time promised")
            await pilot.press("enter")
            await _settle(pilot, lambda: fac.state.checks == ["vulnerable first", "no fix time promised"])
            await _settle(pilot, lambda: "[2] no fix time promised" in _text(app, "#timeline"))
    asyncio.run(go())


def test_the_browser_join_screen_opens_the_trainees_seat(live, tmp_path):
    """sim/tui/serve: a right code and a free name join the drill (the host answers) and the tab
    switches to the responder's seat screen; a name someone else holds is refused."""
    from textual.widgets import Static

    from sim.tui.drill.app import ResponderScreen
    from sim.tui.serve import join
    host, seat = live
    seat("Ana")                                  # a terminal seat holds the name Ana
    join.WRONG_CODE_DELAY = 0.0

    async def go(name):
        app = join.JoinApp(store_url=f"sqlite:///{tmp_path / 'd.sqlite3'}", home=str(tmp_path / "web"))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*host.code.lower(), "enter", *name, "enter")
            await app.workers.wait_for_complete()
            await _settle(pilot, lambda: isinstance(app.screen, ResponderScreen)
                          or "in use" in str(app.screen.query_one("#join-message", Static).render()))
            if isinstance(app.screen, ResponderScreen):
                await _settle(pilot, lambda: app.screen.seat.desk.queue()[0].handle in _text(app, "#queue"))
                assert app.screen.seat.name == name and "you: Priya (responder)" in _text(app, "#seat")
                return "seat"
            return str(app.screen.query_one("#join-message", Static).render())

    assert asyncio.run(go("Priya")) == "seat"
    assert host.state.seats["Priya"].role == "responder"
    assert "already in use" in asyncio.run(go("Ana"))

    async def by_role(role, name):
        from sim.drill.serve import role_code
        app = join.JoinApp(store_url=f"sqlite:///{tmp_path / 'd.sqlite3'}", home=str(tmp_path / "web"))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*role_code(ana_info, role), "enter", *name, "enter")
            await app.workers.wait_for_complete()
            await _settle(pilot, lambda: isinstance(app.screen, SCREENS[role]))
            return app.screen.seat.role

    from sim.drill.seat import find_drill
    from sim.tui.drill.app import SCREENS
    ana_info = find_drill(SqliteStore.open(f"sqlite:///{tmp_path / 'd.sqlite3'}"), host.code)
    for role, name in (("approver", "Lee"), ("observer", "Olu"), ("projector", "Wall")):
        assert asyncio.run(by_role(role, name)) == role
        assert host.state.seats[name].role == role


def test_with_a_facilitator_console_only_the_facilitator_brings_a_wave(tmp_path):
    """Turns mode with the console (the host runs without auto_turns, as run_console does): a
    quiet spell brings nothing; F6 brings exactly the next wave."""
    import time

    from sim.drill.seat import Seat
    from .test_commands import make_host
    path = tmp_path / "t.sqlite3"
    store, host = make_host(path, mode="turns")
    assert host.auto_turns is None
    stop = threading.Event()
    th = threading.Thread(target=lambda: [host.step(0.01) for _ in iter(lambda: stop.is_set(), True)], daemon=True)
    th.start()
    fac = Seat(SqliteStore.open(f"sqlite:///{path}"), host.facilitator_code, "facilitator",
               role="observer", home=tmp_path, facilitator_code=host.facilitator_code)

    def turns():
        return [e for e in fac.state.desk("shared").events if isinstance(e, Turn)]

    async def go():
        app = DrillApp(fac, "facilitator")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            time.sleep(1.0)                      # a quiet spell, longer than headless waits
            fac.catch_up()
            assert turns() == []
            await pilot.press("f6")
            await _settle(pilot, lambda: turns())
            await pilot.pause(0.5)
            fac.catch_up()
            assert len(turns()) == 1
            await _settle(pilot, lambda: "wave 1:" in "\n".join(app.screen.query_one(Feed).plain_lines))
    try:
        asyncio.run(go())
    finally:
        stop.set()
        th.join(2)


def test_a_turns_mode_seat_does_not_offer_the_desks_ctrl_n(tmp_path):
    """The single-player desk's status bar says 'Ctrl+N next wave' in turns mode; a team seat has
    no Ctrl+N (the host brings each wave: the facilitator's F6, or a headless host when quiet),
    so a responder's bar says who brings it and the facilitator's console names its own key.
    Before, every seat showed 'Ctrl+N next wave', and Ctrl+N there did nothing."""
    path = tmp_path / "t.sqlite3"
    store, host = make_host(path, approval=False, mode="turns")
    stop = threading.Event()
    th = threading.Thread(target=lambda: [host.step(0.01) for _ in iter(lambda: stop.is_set(), True)], daemon=True)
    th.start()
    ana = Seat(SqliteStore.open(f"sqlite:///{path}"), host.code, "Ana", home=tmp_path)
    ana.join()
    fac = Seat(SqliteStore.open(f"sqlite:///{path}"), host.facilitator_code, "facilitator",
               role="observer", home=tmp_path, facilitator_code=host.facilitator_code)

    def turns():
        return [e for e in ana.state.desk("shared").events if e.kind == "turn"]

    async def go(seat, role, says):
        app = DrillApp(seat, role)
        async with app.run_test(size=(160, 40)) as pilot:
            bar = app.screen.query_one(StatusBar)
            await _settle(pilot, lambda: " · turns" in str(bar.render()))
            shown = str(bar.render())
            assert f"turns: {says}" in shown and "Ctrl+N" not in shown, shown
            if role == "responder":
                await pilot.press("ctrl+n")          # and indeed: the key brings no wave
                await pilot.pause(0.3)
                ana.catch_up()
                assert turns() == []
    try:
        asyncio.run(go(ana, "responder", "the host brings each wave"))
        asyncio.run(go(fac, "facilitator", "F6 next wave"))
    finally:
        stop.set()
        th.join(2)
