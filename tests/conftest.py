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
