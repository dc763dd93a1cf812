"""A separate process on a drill log, for the multi-process tests (run as a script).

    python seat.py hold-host URL HOME CODE      prints "held" or "busy", then holds until killed
    python seat.py submit URL HOME CODE KEY N   submits N commands KEY-0..KEY-(N-1), prints ids
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from sim.drill.store import open_store


def main(argv: list[str]) -> int:
    action, url, home, code = argv[:4]
    store = open_store(url, home)
    if action == "hold-host":
        lock = store.acquire_host(code)
        print("held" if lock else "busy", flush=True)
        while lock:
            time.sleep(1)
        return 0
    if action == "submit":
        key, n = argv[4], int(argv[5])
        ids = [store.submit(code, f"{key}-{i}", {"type": "claim", "by": key, "i": i})
               for i in range(n)]
        print(json.dumps(ids), flush=True)
        return 0
    raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
