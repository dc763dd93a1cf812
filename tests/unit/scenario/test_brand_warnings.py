"""validate warns when a scenario carries another bundled scenario's brand (a copy left unedited)."""
from __future__ import annotations

import io

from sim.brands import brand_warnings
from sim.scenario import bundled_dir, validate_paths


def _copy(tmp_path, source="payday-payments.yaml", brand=("Northmoor Bank", "Kingsgate Bank"),
          handle=("@NorthmoorBank", "@KingsgateBank"), extra=()):
    text = (bundled_dir() / source).read_text(encoding="utf-8")
    text = text.replace(f"name: {brand[0]}", f"name: {brand[1]}").replace(handle[0], handle[1])
    for a, b in extra:
        text = text.replace(a, b)
    p = tmp_path / "copy.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_copied_scenario_with_the_old_brand_left_in_is_warned_about(tmp_path):
    p = _copy(tmp_path)
    warnings = brand_warnings(p)
    said = " ".join(str(w) for w in warnings)
    assert "'#NorthmoorDown' is the hashtag of the bundled scenario 'payday-payments'" in said
    assert "'Northmoor' is the brand name" in said
    lines = p.read_text().splitlines()
    for w in warnings:                                # each points at the word itself
        token = str(w).split("'")[1]
        assert lines[w.line - 1][w.col - 1:].lower().startswith(token.lower())
    out = io.StringIO()
    assert validate_paths([p], out=out, err=io.StringIO()) == 0      # a warning, not a failure
    assert ": warning: " in out.getvalue()


def test_a_handle_left_in_templates_is_found(tmp_path):
    p = _copy(tmp_path, extra=(("Northmoor", "Kingsgate"), ('"my PIN <suddenly', '"@VelaMobile says my PIN <suddenly')))
    assert "@VelaMobile says" in p.read_text()
    said = " ".join(str(w) for w in brand_warnings(p))
    assert "'@VelaMobile' is the handle of the bundled scenario 'network-blackout'" in said


def test_a_clean_copy_and_every_bundled_scenario_pass_without_warnings(tmp_path):
    p = _copy(tmp_path, extra=(("Northmoor", "Kingsgate"),))
    assert brand_warnings(p) == []
    for f in sorted(bundled_dir().glob("*.yaml")):
        assert brand_warnings(f) == [], f.name


def test_an_unloadable_file_gives_no_brand_warning_and_no_traceback(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("id: [unclosed\n")
    assert brand_warnings(p) == []
