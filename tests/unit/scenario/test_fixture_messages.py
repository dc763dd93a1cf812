"""Every fixture's messages, byte for byte: the whole output of `stormdesk validate` over the
fixture corpus is kept in fixture_messages.txt, so a change to the loader or the format model
that rewords, moves or drops a message fails here (test_scenario_fixtures.py checks only that
each fixture's own message is among them).

After a deliberate change of wording, regenerate it and read the diff:
    .venv/bin/python tests/unit/scenario/test_fixture_messages.py > tests/unit/scenario/fixture_messages.txt
"""
from __future__ import annotations

import io
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "scenarios").glob("*.yaml"))
GOLDEN = Path(__file__).with_name("fixture_messages.txt")


def messages() -> str:
    from sim.scenario import validate_paths
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(ROOT)                      # paths in messages as a trainer types them
    try:
        rc = validate_paths([str(p.relative_to(ROOT)) for p in FIXTURES], out=out, err=err)
    finally:
        os.chdir(here)
    return f"{out.getvalue()}-- stderr, exit {rc}\n{err.getvalue()}"


def test_fixture_messages_are_unchanged():
    assert messages() == GOLDEN.read_text(encoding="utf-8"), (
        "the fixture corpus gives other messages: if that is meant, regenerate "
        "tests/unit/scenario/fixture_messages.txt (see this file's docstring) and read the diff")


if __name__ == "__main__":
    import sys
    sys.path.insert(0, str(ROOT))
    sys.stdout.write(messages())
