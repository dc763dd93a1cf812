"""50 clients on one drill, on each store: no event lost or duplicated, and every client's view
equals the host's log. Bounded: 60 appends, a 120 s budget, loopback only. (Latency figures
are for `make bench`, which runs the same harness: benchmarks/drill_load.py.)"""
from __future__ import annotations

import drill_load


def test_fifty_clients_see_exactly_the_hosts_log(store_url, tmp_path):
    res = drill_load.run_load(store_url, str(tmp_path), clients=50, appends=60, rate=30.0,
                              budget=120.0)
    assert res.events == 60 * 2 + 1          # 1, 2 or 3 events per append, and the end mark
    assert res.ok, res.summary()
    assert len(res.latencies_ms) == 50 * res.events
