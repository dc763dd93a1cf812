"""`stormdesk history --store URL` at the command line (in process, through ``sim.cli.main``):
the flag is there, the local history without it is untouched, and a store is read, never made.
The multi-process cases on SQLite and PostgreSQL are in tests/functional/drill_store/test_history.py."""
from __future__ import annotations

import json

from sim.cli import build_parser, main
from sim.simulate import run
from sim.scenario import load_scenario


def sd(capsys, *args):
    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_history_takes_a_store_and_says_so_in_its_help(capsys):
    args = build_parser().parse_args(["history", "--store", "postgresql://a@b/c", "--player", "Ana", "--json"])
    assert (args.store, args.player, args.json) == ("postgresql://a@b/c", "Ana", True)
    try:
        main(["history", "--help"])
    except SystemExit:
        pass
    assert "--store URL" in capsys.readouterr().out


def test_without_store_history_is_the_local_one_and_ignores_drill_stores(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STORMDESK_HOME", str(tmp_path))
    from sim.drill.store import open_store
    open_store(None, str(tmp_path)).close()            # a team drill store in the same home
    from sim.store import Store
    st = Store.open(tmp_path)
    j = st.new_journal_path("network-blackout", 3)
    run(load_scenario("network-blackout"), seed=3, player="model", journal_path=j)
    st.record(j)
    st.close()
    rc, out, err = sd(capsys, "history", "--json")
    assert rc == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"root", "drills", "progress"} and len(data["drills"]) == 1
    assert data["drills"][0]["journal"] == str(j.resolve())


def test_the_default_drill_store_is_read_where_hosts_put_it(tmp_path, monkeypatch, capsys):
    """`--store` with the default store's path reads it; a path that holds nothing is refused and
    nothing is created there."""
    monkeypatch.setenv("STORMDESK_HOME", str(tmp_path))
    missing = tmp_path / "elsewhere" / "drills.sqlite3"
    rc, out, err = sd(capsys, "history", "--store", str(missing))
    assert rc == 2 and out == "" and "no drill store at" in err and not missing.parent.exists()
    from sim.drill.store import open_store
    open_store(None, str(tmp_path)).close()
    rc, out, err = sd(capsys, "history", "--store", str(tmp_path / "drills.sqlite3"))
    assert rc == 0 and out.startswith("No team drills in sqlite:///") and err == ""
