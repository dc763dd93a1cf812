"""Do the crowd and the drill score tell the bot players apart? Evidence over many seeds of every
bundled scenario.

    .venv/bin/python benchmarks/crowd_check.py [--seeds 20]

For each scenario prints, per bot player, the mean end mood, the mean drill score
(``totals.drill``) and the mean follower change as a share of the brand's following; then in how
many seeds each ordering held:

- mood: model > silent > rude (the design's crowd target: a kind, useful desk ends happier than
  silence, a rude one angrier);
- drill score: model > canned > silent, and the silent drill within 10 of the bottom (0);
- canned called out for copy-pasting.

Exit 1 if any of them failed in any seed.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.scenario import list_bundled
from sim.simulate import result, run

PLAYERS = ("model", "canned", "silent", "rude")
SILENT_NEAR_BOTTOM = 10.0


def check(seeds: int) -> int:
    bad = 0
    print(f"{'scenario':18s} {'player':7s} {'mood':>7s} {'drill':>6s} {'followers':>10s}")
    summary = []
    for sc in list_bundled():
        moods: dict[str, list[float]] = {p: [] for p in PLAYERS}
        drills: dict[str, list[float]] = {p: [] for p in PLAYERS}
        follow: dict[str, list[float]] = {p: [] for p in PLAYERS}
        mood_ok = drill_ok = called = silent_low = 0
        for seed in range(seeds):
            end, score = {}, {}
            for p in PLAYERS:
                res = result(run(sc, seed=seed, player=p))
                c = res["crowd"]
                end[p] = c["mood_end"]
                score[p] = res["totals"]["drill"] or 0.0
                moods[p].append(end[p])
                drills[p].append(score[p])
                follow[p].append((c["followers_end"] - c["followers_start"]) / max(1, c["followers_start"]))
                if p == "canned" and res["callouts"]["copy_paste"] >= 1:
                    called += 1
            mood_ok += end["model"] > end["silent"] > end["rude"]
            drill_ok += score["model"] > score["canned"] > score["silent"]
            silent_low += score["silent"] <= SILENT_NEAR_BOTTOM
        bad += (mood_ok < seeds) + (drill_ok < seeds) + (called < seeds) + (silent_low < seeds)
        for p in PLAYERS:
            print(f"{sc.id:18s} {p:7s} {statistics.mean(moods[p]):+7.1f} {statistics.mean(drills[p]):6.1f} "
                  f"{100 * statistics.mean(follow[p]):+9.2f}%")
        summary.append(f"{sc.id:18s} mood order {mood_ok}/{seeds}  drill order {drill_ok}/{seeds}  "
                       f"silent near 0 {silent_low}/{seeds}  canned called out {called}/{seeds}")
    print()
    print("\n".join(summary))
    return 1 if bad else 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20)
    sys.exit(check(ap.parse_args().seeds))
