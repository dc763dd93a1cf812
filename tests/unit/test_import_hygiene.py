"""Layering rules (README "How it works"), proved in fresh interpreters.

- Nothing outside sim/tui imports textual (so headless tools start fast and run anywhere).
- scoring never imports sim (trainers can score transcripts without the game).
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _modules(package: str) -> list[str]:
    mods = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[-1] == "__main__" or "tui" in parts:
            continue
        mods.append(".".join(parts))
    return mods


HEADLESS = _modules("sim") + _modules("scoring")


def _loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_there_are_modules_to_check():
    assert "sim.engine" in HEADLESS and "scoring" in HEADLESS


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_never_loads_textual(module):
    loaded = _loaded_after_import(module)
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded), module


@pytest.mark.parametrize("module", _modules("scoring"))
def test_scoring_never_loads_sim(module):
    loaded = _loaded_after_import(module)
    assert not any(m == "sim" or m.startswith("sim.") for m in loaded), module


def test_no_textual_import_statement_outside_tui():
    offenders = []
    for path in list((ROOT / "sim").rglob("*.py")) + list((ROOT / "scoring").rglob("*.py")):
        if "tui" in path.relative_to(ROOT).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "textual" or n.startswith("textual.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_cli_help_does_not_load_textual_faker_or_yaml():
    code = ("import sys; from sim.cli import build_parser; build_parser().format_help(); "
            "print('\\n'.join(sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    loaded = set(out.stdout.split())
    assert not {"textual", "faker", "yaml"} & loaded


def test_every_engine_module_is_under_the_import_contract():
    """pyproject's import-linter contract lists the engine layer by name: a new module of sim
    (outside sim.tui and sim.cli) must be added there, or lint-imports would not check it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    engine = next(c for c in contracts if "engine layer" in c["name"])
    listed = set(engine["source_modules"])
    children = {f"sim.{p.stem}" for p in (ROOT / "sim").glob("*.py")}
    children |= {f"sim.{p.name}" for p in (ROOT / "sim").iterdir()
                 if p.is_dir() and (p / "__init__.py").exists()}
    children -= {"sim.__init__", "sim.__main__", "sim.tui", "sim.cli"}
    assert children - listed == set(), "add these to the import-linter contract in pyproject"
