"""Does the crowd tell the bot players apart? Evidence over many seeds of every bundled scenario.

    .venv/bin/python benchmarks/crowd_check.py [--seeds 20]

For each scenario prints the mean end mood per bot player, in how many seeds the ordering
model > silent > rude held, and how many canned runs were called out for copy-pasting.
Exit 1 if any ordering or call-out failed.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.scenario import list_bundled  # noqa: E402
from sim.simulate import result, run  # noqa: E402

PLAYERS = ("model", "canned", "silent", "rude")


def check(seeds: int) -> int:
    bad = 0
    print(f"{'scenario':22s} " + " ".join(f"{p:>8s}" for p in PLAYERS) + "   order ok   canned called out")
    for sc in list_bundled():
        moods: dict[str, list[float]] = {p: [] for p in PLAYERS}
        order_ok = called = 0
        for seed in range(seeds):
            end = {}
            for p in PLAYERS:
                res = result(run(sc, seed=seed, player=p))
                end[p] = res["crowd"]["mood_end"]
                moods[p].append(end[p])
                if p == "canned" and res["callouts"]["copy_paste"] >= 1:
                    called += 1
            order_ok += end["model"] > end["silent"] > end["rude"]
        bad += (order_ok < seeds) + (called < seeds)
        print(f"{sc.id:22s} " + " ".join(f"{statistics.mean(moods[p]):+8.1f}" for p in PLAYERS)
              + f"   {order_ok:>3d}/{seeds:<3d}     {called:>3d}/{seeds}")
    return 1 if bad else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20)
    sys.exit(check(ap.parse_args().seeds))
