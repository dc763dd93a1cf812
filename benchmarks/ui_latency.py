"""Keystroke-to-render latency at the desk with 0, 1,000 and 10,000 posts in the feed, headless.

    .venv/bin/python benchmarks/ui_latency.py

Floods the feed through the same path live posts take (``DeskScreen.show_event``), then types
into the compose box and times each key press until the screen has processed it and
refreshed (``pilot.press`` + ``pilot.pause``). Also times launch to the first frame.
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KEYS = 40


def _post(i: int) -> dict:
    return {"id": f"f{i}", "at": i * 0.02, "author": "Flood", "handle": f"@flood{i}", "persona": "angry",
            "kind": "post", "text": f"@VelaMobile still no signal here in town {i}, sort it out #VelaDown",
            "reach": 100 + i, "anger": 60, "priority": 0.2}


async def _latency(n_posts: int) -> float:
    from sim.clock import FakeClock
    from sim.tui.app import make_app
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(seed=1, clock_source=FakeClock(), store_root=tmp)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter", "enter")
            await pilot.pause()
            desk = app.screen
            for i in range(n_posts):
                desk.show_event({"type": "post", "t": 1.0, "post": _post(i)})
            await pilot.pause()
            times = []
            for k in range(KEYS):
                t0 = time.perf_counter()
                await pilot.press("a" if k % 2 else "b")
                await pilot.pause()
                times.append(time.perf_counter() - t0)
            return statistics.median(times) * 1000


async def _first_frame() -> float:
    from sim.clock import FakeClock
    from sim.tui.app import make_app
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        app = make_app(seed=1, clock_source=FakeClock(), store_root=tmp)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            return (time.perf_counter() - t0) * 1000


def measure() -> dict:
    out = {}
    base = None
    for n in (0, 1_000, 10_000):
        ms = asyncio.run(_latency(n))
        base = base or ms
        out[f"keystroke-to-render, {n:,} posts in the feed (ms, median of {KEYS})"] = ms
    out["ratio 10,000 posts / empty feed (target < 1.2x)"] = f"{ms / base:.2f}x"
    out["launch to first frame, headless (ms)"] = asyncio.run(_first_frame())
    return out


if __name__ == "__main__":
    for k, v in measure().items():
        print(f"{k:62s} {v if isinstance(v, str) else f'{v:,.1f}'}")
