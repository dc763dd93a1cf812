"""Every test, and every process a test starts, keeps its files out of the user's data folder.

A test that needs its own home sets STORMDESK_HOME itself (monkeypatch or a subprocess env);
everything else (a `stormdesk list` cache, a history database) lands in one throw-away folder.
"""
from __future__ import annotations

import os
import shutil
import tempfile

_HOME = tempfile.mkdtemp(prefix="stormdesk-tests-")
os.environ["STORMDESK_HOME"] = _HOME


def pytest_unconfigure(config):
    shutil.rmtree(_HOME, ignore_errors=True)


# Real-time multi-process drills (a host, seat processes, a browser, 50 load clients): under
# pytest-xdist (`make test`) each store's run of them goes to one worker, in turn, as they ran
# before the suite went parallel, so they never crowd each other out of the two cores; the
# SQLite and PostgreSQL runs still overlap, and every other test spreads over the workers.
REALTIME = {
    "tests/functional/drill/test_acceptance.py",
    "tests/functional/drill/test_multiprocess.py",
    "tests/functional/drill_store/test_browser_seat.py",
    "tests/functional/drill_store/test_load.py",
    "tests/functional/drill_store/test_pg.py::test_a_password_in_the_store_url_is_never_written_anywhere",
}
# ... except the tests in those files that start no drill: they spread over the workers.
NOT_REALTIME = {
    "tests/functional/drill/test_multiprocess.py::test_a_store_that_is_not_one_gets_a_clear_message_and_stays_untouched",
}


# Under xdist the long runs start first, so none is left running alone at the end: the
# real-time groups, and the longest CPU-bound tests (hypothesis mutations, the snapshots).
LONG_FIRST = ("tests/unit/scenario/test_scenario_mutations.py", "tests/snapshots/",
              "tests/functional/drill/test_screens.py", "tests/functional/test_bot_players.py")


def _tryfirst(hook):
    import pytest
    return pytest.hookimpl(tryfirst=True)(hook)


@_tryfirst              # before xdist's worker reads the groups off the items
def pytest_collection_modifyitems(config, items):
    import pytest
    for item in items:
        path, _, name = item.nodeid.partition("::")
        test = f"{path}::{name.split('[')[0]}"
        if (path in REALTIME or test in REALTIME) and test not in NOT_REALTIME:
            params = getattr(getattr(item, "callspec", None), "params", {})
            backend = str(params.get("store_url", "sqlite"))
            if "pg_fresh_url" in item.fixturenames:
                backend = "pg"
            store = "sqlite" if backend == "sqlite" else "pg"
            item.add_marker(pytest.mark.xdist_group(f"realtime-{store}"))
    if hasattr(config, "workerinput"):          # an xdist worker: each collects the same order
        items.sort(key=lambda i: 0 if (i.get_closest_marker("xdist_group")
                                       or i.nodeid.startswith(LONG_FIRST)) else 1)
