"""The README's default-scenario example is the shipped file: whole, except that template lists
may be cut short, with a "# ... N more" line saying how many lines were left out."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from sim.scenario import bundled_dir

ROOT = Path(__file__).resolve().parents[3]
ELIDED = re.compile(r"^\s+# \.\.\. (\d+) more in the shipped file$")


def _readme_block() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    at = text.index("`scenarios/network-blackout.yaml`, is the reference example")
    start = text.index("```yaml\n", at) + len("```yaml\n")
    return text[start:text.index("```", start)].rstrip("\n").split("\n")


def test_readme_example_is_the_shipped_default_scenario():
    shipped = (bundled_dir() / "network-blackout.yaml").read_text(encoding="utf-8").rstrip("\n").split("\n")
    shown = _readme_block()
    i = 0
    for line in shown:
        m = ELIDED.match(line)
        if m:
            skipped = shipped[i:i + int(m.group(1))]
            assert skipped and all(s.startswith("    ") for s in skipped), f"README elides {m.group(1)} lines at {i + 1}"
            i += int(m.group(1))
            continue
        assert i < len(shipped) and line == shipped[i], \
            f"README example line differs from scenarios/network-blackout.yaml line {i + 1}: {line!r}"
        i += 1
    assert i == len(shipped), "the README example stops before the end of the shipped file"
    # and the cut is only ever inside templates
    templates = shipped.index(next(s for s in shipped if s.startswith("templates:")))
    assert not any(ELIDED.match(line) for line in shown[:templates + 1])


def test_readme_example_is_valid_yaml():
    data = yaml.safe_load("\n".join(_readme_block()))
    assert data["id"] == "network-blackout" and "templates" in data
