"""Keystroke-to-render latency in the desk's compose box with 0, 1,000 and 10,000 posts in the
feed, and while a flood of 50 posts a second arrives; headless.

    .venv/bin/python benchmarks/ui_latency.py

How it measures: the app runs headless (Textual's test harness). A key event is posted to the
app exactly as the terminal driver would post it, and the clock stops at the first frame the
screen sends to the display after it: the key handled, the Input refreshed, the compositor
update built and turned into terminal output (headless Textual skips that last step, so this
benchmark does it, to count what a real terminal costs). That includes waiting for Textual's
next frame (it paints at most 60 times a second), as a player would. No test-pilot sleeps are
in the figures.

The flood goes through the same path live posts take (``DeskScreen.show_event``, then a
panel update). ``measure()`` is used by benchmarks/run.py.
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KEYS = 60
SIZE = (120, 40)


def _post(i: int) -> dict:
    return {"id": f"f{i}", "at": i * 0.02, "author": "Flood", "handle": f"@flood{i}", "persona": "angry",
            "kind": "post", "text": f"@VelaMobile still no signal here in town {i}, sort it out #VelaDown",
            "reach": 100 + i, "anger": 60, "priority": 0.2}


async def _latency(n_posts: int, flood_per_second: int = 0) -> float:
    """Median milliseconds from a key press to the frame that shows it."""
    from textual import events
    from textual._compositor import CompositorUpdate

    from sim.clock import FakeClock
    from sim.tui.app import make_app

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(seed=1, clock_source=FakeClock(), store_root=tmp)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter", "enter")
            await pilot.pause()
            desk = app.screen
            for i in range(n_posts):
                desk.show_event({"type": "post", "t": 1.0, "post": _post(i)})
            desk.request_update()
            await pilot.pause()

            box = desk.query_one("#compose")
            frames: list[tuple[float, str]] = []       # when a frame went out, and the reply it showed
            real_display = app._display

            def display(screen, renderable) -> None:
                real_display(screen, renderable)
                if isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(app.console)      # what a real terminal would get
                frames.append((time.perf_counter(), box.value))
            app._display = display

            flooding = True

            async def flood() -> None:
                i = n_posts
                while flooding:
                    desk.show_event({"type": "post", "t": 1.0, "post": _post(i)})
                    desk.request_update()
                    i += 1
                    await asyncio.sleep(1 / flood_per_second)
            task = asyncio.create_task(flood()) if flood_per_second else None

            times = []
            for k in range(KEYS):
                await asyncio.sleep(0.03)            # let the previous frame settle
                char = "ab"[k % 2]
                want = box.value + char
                seen = len(frames)
                t0 = time.perf_counter()
                app.post_message(events.Key(char, char))
                shown = None
                while shown is None and time.perf_counter() < t0 + 2.0:
                    await asyncio.sleep(0)
                    shown = next((t for t, v in frames[seen:] if v == want), None)
                if shown is None:
                    raise RuntimeError("no frame showed the key within 2 s")
                times.append(shown - t0)
            flooding = False
            if task:
                await task
            app._display = real_display
            return statistics.median(times) * 1000


async def _first_frame() -> float:
    from sim.clock import FakeClock
    from sim.tui.app import make_app
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        app = make_app(seed=1, clock_source=FakeClock(), store_root=tmp)
        async with app.run_test(size=SIZE) as pilot:
            await pilot._wait_for_screen()
            return (time.perf_counter() - t0) * 1000


def measure() -> dict[str, float | str]:
    out: dict[str, float | str] = {}
    base = last = 0.0
    for n in (0, 1_000, 10_000):
        last = asyncio.run(_latency(n))
        base = base or last
        out[f"keystroke-to-render, {n:,} posts in the feed (ms, median of {KEYS})"] = round(last, 2)
    out["ratio 10,000 posts / empty feed (target < 1.2x)"] = f"{last / base:.2f}x"
    flood = asyncio.run(_latency(10_000, flood_per_second=50))
    out["keystroke-to-render while 50 posts/s arrive, 10,000 in the feed (ms)"] = round(flood, 2)
    out["launch to first frame, headless (ms)"] = round(asyncio.run(_first_frame()), 1)
    return out


if __name__ == "__main__":
    for k, v in measure().items():
        print(f"{k:72s} {v if isinstance(v, str) else f'{v:,.1f}'}")
