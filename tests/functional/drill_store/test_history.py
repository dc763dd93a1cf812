"""`stormdesk history --store URL` (issue 18): the team drills kept in a drill store, read-only.

Real processes (hosts, bot seats, history, export) on a real SQLite file and, when a server is
there, on a real PostgreSQL database (see conftest.py: without one the PostgreSQL cases skip and
say how to run them). Each backend gets a database of its own, so the drills listed are exactly
the ones these tests hosted.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import drill_load

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = str(ROOT / "tests" / "fixtures" / "scenarios" / "valid-minimal.yaml")
READONLY_SQL = ROOT / "sim" / "drill" / "migrations" / "pg" / "readonly_role.sql"


def _env(home: Path) -> dict:
    return dict(os.environ, STORMDESK_HOME=str(home), PYTHONPATH=str(ROOT))


def sd(home: Path, *args: str, timeout: float = 180) -> tuple[int, str, str]:
    p = subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, env=_env(home),
                       capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def start_host(home: Path, url: str, *extra: str, seats: int, seed: int) -> tuple[subprocess.Popen, str]:
    p = subprocess.Popen([sys.executable, "-m", "sim", "drill", "host", FIXTURE, "--headless",
                          "--pace", "60", "--seed", str(seed), "--wait-seats", str(seats),
                          "--store", url, *extra], cwd=ROOT, env=_env(home),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = p.stdout.readline()
    assert first, p.stderr.read()
    p.stdout.readline()                 # the facilitator's line
    return p, first.split()[-1]


def join(home: Path, url: str, code: str, name: str, bot: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sim", "drill", "join", code, "--name", name,
                             "--bot", bot, "--store", url, *extra], cwd=ROOT, env=_env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(*procs: subprocess.Popen) -> None:
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, (out, err)


def history(home: Path, url: str, *extra: str) -> tuple[int, str, str]:
    return sd(home, "history", "--store", url, *extra)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def kept(request, tmp_path_factory):
    """A store holding two finished team drills, hosted and played by real processes: a shared
    desk (Ana and Ben) and then parallel desks (Ana on team1, Ben on team2)."""
    tmp = tmp_path_factory.mktemp(f"history-{request.param}")
    home = tmp / "home"
    home.mkdir()
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'drills.sqlite3'}"
        drop = None
    else:
        request.getfixturevalue("pg_server")
        url = drop = drill_load.pg_create_database("stormdesk_history")
    h1, shared = start_host(home, url, seats=2, seed=3)
    seats = [join(home, url, shared, "Ana", "model"), join(home, url, shared, "Ben", "canned")]
    time.sleep(0.2)
    h2, parallel = start_host(home, url, "--desks", "parallel", "--teams", "2", seats=2, seed=4)
    seats += [join(home, url, parallel, "Ana", "model", "--team", "1"),
              join(home, url, parallel, "Ben", "canned", "--team", "2")]
    finish(h1, h2, *seats)
    yield {"url": url, "home": home, "tmp": tmp, "shared": shared, "parallel": parallel,
           "backend": request.param}
    if drop:
        drill_load.pg_drop_database(drop)


def _exported(kept, code: str) -> dict:
    out = kept["tmp"] / f"export-{code}"
    rc, so, se = sd(kept["home"], "drill", "export", code, "-o", str(out), "--store", kept["url"])
    assert rc == 0, (so, se)
    return json.loads((out / "team-report.json").read_text())


def test_history_lists_the_stores_team_drills_newest_first_with_the_exports_figures(kept):
    rc, out, err = history(kept["home"], kept["url"], "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert [d["code"] for d in data["drills"]] == [kept["parallel"], kept["shared"]]
    for d in data["drills"]:
        assert d["state"] == "finished" and d["played_to_end"]
        assert (d["scenario"], d["mode"], d["difficulty"]) == ("fixture-outage", "realtime", "standard")
        assert d["started_at"] and d["protocol"] == 1
        report = _exported(kept, d["code"])          # the export's team report: the same numbers
        desks = {x["desk"]: x["totals"] for x in report["desks"]}
        assert {x["desk"]: (x["drill"], x["overall"], x["answered"], x["missed"])
                for x in d["desks"]} == {k: (t["drill"], t["overall"], t["answered"], t["missed"])
                                         for k, t in desks.items()}
        people = {p["name"]: (p["role"], p["answered"], p["overall_mean"], p["publish_median_s"])
                  for p in report["people"]}
        assert {p["name"]: (p["role"], p["answered"], p["overall"], p["publish_median_s"])
                for p in d["people"]} == people
        assert "facilitator" not in json.dumps(d).lower()   # facilitator codes never shown
    par, shared = data["drills"]
    assert par["desks_mode"] == "parallel" and shared["desks_mode"] == "shared"
    report = _exported(kept, kept["parallel"])
    assert [(t["team"], t["people"], t["answered"], t["overall"], t["missed"]) for t in par["teams"]] == [
        (t["team"], t["people"], t["answered"], t["overall_mean"], t["missed"]) for t in report["teams"]]
    assert [t["drill"] for t in par["teams"]] == [x["drill"] for x in par["desks"]]
    # one shared desk without team labels: one team, everyone on it, the desk's drill score
    assert [(t["team"], t["people"], t["drill"]) for t in shared["teams"]] == [
        ("shared", ["Ana", "Ben"], shared["desks"][0]["drill"])]
    # progress: Ana and Ben each played two drills of one scenario and mode to the end
    people = {p["name"]: p for p in data["progress"]["people"]}
    ana_scores = [next(p["overall"] for p in d["people"] if p["name"] == "Ana")
                  for d in reversed(data["drills"])]
    assert people["Ana"]["overall"]["series"] == ana_scores
    assert people["Ana"]["overall"]["trend"] == round(ana_scores[1] - ana_scores[0], 1)
    assert people["Ana"]["on"] == "fixture-outage realtime" and people["Ana"]["drills"] == 2


def test_history_text_says_what_a_facilitator_needs(kept):
    rc, out, err = history(kept["home"], kept["url"])
    assert rc == 0 and err == "", err
    lines = out.splitlines()
    assert lines[0].startswith(f"Team drills in {kept['url']}, ")
    assert lines[0].endswith("newest first (2):")
    heads = [x for x in lines if x.startswith("20")]
    assert [h.split()[-1] for h in heads] == [kept["parallel"], kept["shared"]]
    assert all("fixture-outage  realtime  standard" in h and "finished" in h for h in heads)
    assert "parallel desks" in heads[0] and "shared desk" in heads[1]
    for code in (kept["parallel"], kept["shared"]):
        assert any(x.strip() == f"export: stormdesk drill export {code} -o DIR --store "
                   f"{kept['url'].split('?')[0]}" for x in lines), out
    assert any(x.startswith("  desk team1: drill ") for x in lines)
    assert any(x.startswith("  team team2 (Ben): drill ") for x in lines)
    assert any(x.startswith("  people: ") and "Ana (responder" in x for x in lines)
    assert "Progress over 2 drills played to the end" in out
    assert any(x.startswith("  Ana on fixture-outage realtime (2 drills): mean score ") for x in lines)
    # the export command it prints works as printed
    cmd = next(x.strip() for x in lines if x.strip().startswith(f"export: stormdesk drill export {kept['shared']}"))
    args = cmd.split()[3:]                       # drill export CODE -o DIR --store URL
    args[args.index("DIR")] = str(kept["tmp"] / "as-printed")
    rc, so, se = sd(kept["home"], "drill", *args)
    assert rc == 0 and "replay MATCH" in so, (so, se)


def test_player_shows_the_drills_they_sat_in_and_their_own_figures(kept):
    rc, out, err = history(kept["home"], kept["url"], "--player", "Ana", "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert [d["code"] for d in data["drills"]] == [kept["parallel"], kept["shared"]]
    for d in data["drills"]:
        mine = next(p for p in d["people"] if p["name"] == "Ana")
        assert d["you"] == mine and mine["role"] == "responder" and mine["answered"] > 0
    assert [p["name"] for p in data["progress"]["people"]] == ["Ana"]
    assert all("Ana" in t["team"] for t in data["progress"]["teams"])
    rc, out, _ = history(kept["home"], kept["url"], "--player", "Ana")
    assert rc == 0 and " with Ana, newest first (2):" in out.splitlines()[0]
    assert sum(1 for x in out.splitlines() if x.startswith("  Ana: responder on desk ")) == 2
    assert "Ben (responder" not in out           # only Ana's own figures per drill
    rc, out, _ = history(kept["home"], kept["url"], "--player", "Nobody")
    assert rc == 0 and out.startswith("No team drills with a seat for Nobody in ") and "2 drills there" in out


def test_history_changes_nothing_in_the_store(kept):
    if kept["backend"] == "sqlite":
        folder = Path(kept["url"][len("sqlite:///"):]).parent
        before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
        assert history(kept["home"], kept["url"])[0] == 0
        after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
        # A reader of a WAL database may leave SQLite's own side files behind (the index in -shm,
        # an empty -wal) when no other connection is open; nothing may be written into the log.
        db = Path(kept["url"][len("sqlite:///"):]).name
        for side in (f"{db}-shm", f"{db}-wal"):
            if side not in before:
                after.pop(side, None)
        assert after == before
        assert not (folder / f"{db}-wal").exists() or (folder / f"{db}-wal").stat().st_size == 0 \
            or f"{db}-wal" in before
    else:
        import psycopg
        q = ("SELECT (SELECT count(*) FROM stormdesk_events), (SELECT count(*) FROM stormdesk_commands), "
             "(SELECT string_agg(code || status || last_seq || applied_through, ',' ORDER BY code) "
             "FROM stormdesk_drills), (SELECT count(*) FROM stormdesk_schema), "
             "(SELECT count(*) FROM pg_tables WHERE schemaname = 'public')")
        with psycopg.connect(kept["url"], autocommit=True) as c:
            before = c.execute(q).fetchone()
            assert history(kept["home"], kept["url"])[0] == 0
            assert c.execute(q).fetchone() == before


def test_a_read_only_role_reads_the_history_and_its_password_never_shows(kept):
    """The README's read-only role (SELECT only) is enough for history, and a password given in
    the URL appears in no output."""
    if kept["backend"] == "sqlite":
        pytest.skip("database roles are PostgreSQL's; the SQLite store is opened with mode=ro "
                    "(test_history_changes_nothing_in_the_store)")
    import secrets
    role, pw = "stormdesk_hview_" + secrets.token_hex(3), "Hist-" + secrets.token_hex(10)
    script = READONLY_SQL.read_text().replace("stormdesk_viewer", role)
    done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", f"pw='{pw}'", "-d",
                           kept["url"].split("?")[0]], input=script, text=True, capture_output=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    host, port = os.environ.get("PGHOST", "localhost"), os.environ.get("PGPORT", "5432")
    db = kept["url"].rsplit("/", 1)[1]
    url = f"postgresql://{role}:{pw}@{host}:{port}/{db}"
    try:
        rc, out, err = history(kept["home"], url, "--json")
        assert rc == 0, err
        data = json.loads(out)
        assert [d["code"] for d in data["drills"]] == [kept["parallel"], kept["shared"]]
        assert data["store"] == f"postgresql://{role}@{host}:{port}/{db}"
        owner = json.loads(history(kept["home"], kept["url"], "--json")[1])
        for mine, theirs in zip(data["drills"], owner["drills"]):
            assert (mine["desks"], mine["teams"], mine["people"]) == (
                theirs["desks"], theirs["teams"], theirs["people"])
        said = out + err
        for extra in ((), ("--player", "Ana")):
            rc2, o2, e2 = history(kept["home"], url, *extra)
            assert rc2 == 0
            said += o2 + e2
        wrong = f"postgresql://{role}:{pw}x@{host}:{port}/{db}?password={pw}"
        rc3, o3, e3 = history(kept["home"], wrong)
        said += o3 + e3
        assert pw not in said
    finally:
        import psycopg
        with psycopg.connect(kept["url"], autocommit=True) as c:
            c.execute(f'DROP OWNED BY "{role}"')
            c.execute(f'DROP ROLE "{role}"')


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request, tmp_path):
    """An empty place for a store: a SQLite path that does not exist yet, or a new database."""
    home = tmp_path / "home"
    home.mkdir()
    if request.param == "sqlite":
        yield {"url": f"sqlite:///{tmp_path / 'drills.sqlite3'}", "home": home, "backend": "sqlite",
               "path": tmp_path / "drills.sqlite3"}
    else:
        url = request.getfixturevalue("pg_fresh_url")
        yield {"url": url, "home": home, "backend": "postgresql"}


def _tables(url: str) -> int:
    import psycopg
    with psycopg.connect(url, autocommit=True) as c:
        return c.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'stormdesk%'").fetchone()[0]


def test_a_store_that_does_not_exist_is_said_and_not_made(fresh):
    rc, out, err = history(fresh["home"], fresh["url"])
    assert rc == 2 and out == "" and "Traceback" not in err
    if fresh["backend"] == "sqlite":
        assert err.startswith("stormdesk history: no drill store at sqlite:///") and not fresh["path"].exists()
        assert list(fresh["path"].parent.glob("drills.sqlite3*")) == []
    else:
        assert "has no Stormdesk drill tables: no team drill has been hosted with this store" in err
        assert _tables(fresh["url"]) == 0


def test_an_empty_store_says_so_and_how_to_fill_it(fresh):
    from sim.drill.store import open_store
    open_store(fresh["url"], str(fresh["home"])).close()      # a host made the tables, no drill yet
    for extra in ((), ("--player", "Ana")):
        rc, out, err = history(fresh["home"], fresh["url"], *extra)
        assert rc == 0 and err == ""
        assert out.startswith("No team drills in ") and "stormdesk drill host SCENARIO --store" in out
    rc, out, _ = history(fresh["home"], fresh["url"], "--json")
    assert rc == 0 and json.loads(out)["drills"] == []


def test_a_store_from_a_newer_stormdesk_is_refused_untouched(fresh):
    from sim.drill.store import open_store
    open_store(fresh["url"], str(fresh["home"])).close()
    if fresh["backend"] == "sqlite":
        db = sqlite3.connect(fresh["path"])
        db.execute("PRAGMA user_version = 99")
        db.commit()
        db.close()
    else:
        import psycopg
        with psycopg.connect(fresh["url"], autocommit=True) as c:
            c.execute("INSERT INTO stormdesk_schema (version, name) VALUES (99, 'future')")
    rc, out, err = history(fresh["home"], fresh["url"])
    assert rc == 2 and "newer Stormdesk (schema 99" in err and "Traceback" not in err
    rc, out, err = sd(fresh["home"], "drill", "status", "ANYCODE", "--store", fresh["url"])
    assert rc == 2 and "newer Stormdesk (schema 99" in err       # hosts and seats refuse it too
    if fresh["backend"] == "sqlite":
        db = sqlite3.connect(fresh["path"])
        assert db.execute("PRAGMA user_version").fetchone()[0] == 99
        db.close()


def test_a_drill_of_another_protocol_is_listed_not_read(fresh):
    from sim.drill.store import PROTOCOL, open_store
    s = open_store(fresh["url"], str(fresh["home"]))
    s.create_drill("OTHERPROTO1", "f-" + "x" * 20, {"scenario_id": "network-blackout", "mode": "turns",
                                                    "difficulty": "calm", "seed": 9, "desks_mode": "shared"})
    s.close()
    if fresh["backend"] == "sqlite":
        db = sqlite3.connect(fresh["path"])
        db.execute("UPDATE drills SET protocol = ?", (PROTOCOL + 1,))
        db.commit()
        db.close()
    else:
        import psycopg
        with psycopg.connect(fresh["url"], autocommit=True) as c:
            c.execute("UPDATE stormdesk_drills SET protocol = %s", (PROTOCOL + 1,))
    rc, out, err = history(fresh["home"], fresh["url"])
    assert rc == 0, err
    assert f"protocol {PROTOCOL + 1}" in out and "network-blackout  turns  calm  seed 9" in out
    assert "use that version to read its scores" in out


def test_a_store_that_cannot_be_reached_or_read_says_why_in_one_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    cases = {
        "postgresql://ana:S3cret-pw@127.0.0.1:1/x?connect_timeout=2": "cannot open the PostgreSQL store postgresql://ana@127.0.0.1:1/x",
        "mysql://ana:S3cret-pw@db/x": "unknown store 'mysql://ana@db/x'",
        str(tmp_path): "is a folder, not a file",
    }
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    cases[str(junk)] = "is it a Stormdesk drill store? nothing was changed"
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    cases[f"sqlite:///{other}"] = "is not a Stormdesk drill store"
    for url, says in cases.items():
        rc, out, err = history(home, url)
        assert rc == 2 and out == "" and says in err, (url, err)
        assert len(err.strip().splitlines()) == 1 and "S3cret-pw" not in err
    assert junk.read_bytes() == b"this is not a database" * 100
    # the other commands redact an unknown store's password too (it was printed before)
    rc, out, err = sd(home, "drill", "status", "ANYCODE", "--store", "mysql://ana:S3cret-pw@db/x")
    assert rc == 2 and "unknown store" in err and "S3cret-pw" not in err


def test_running_and_abandoned_drills_are_told_apart(fresh):
    """A live host shows as running; a host killed with -9 (its lock freed, the drill not over)
    as abandoned, with the command that carries it on. History never takes the host lock, so
    the host it watched can still be resumed."""
    url, home = fresh["url"], fresh["home"]
    if fresh["backend"] == "postgresql":
        from sim.drill.store import open_store
        open_store(url).close()
    host, code = start_host(home, url, seats=1, seed=2)
    try:
        rc, out, err = history(home, url, "--json")
        assert rc == 0, err
        (d,) = json.loads(out)["drills"]
        assert (d["code"], d["state"], d["host_alive"], d["played_to_end"]) == (code, "running", True, False)
    finally:
        host.kill()
        host.wait()
    deadline = time.monotonic() + 30
    while True:
        rc, out, err = history(home, url)
        if "ABANDONED" in out or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert rc == 0 and f"ABANDONED (host gone)  code {code}" in out, out + err
    assert f"carry on: stormdesk drill host --resume {code} --store " in out
    assert "No team drill played to the end yet: no trend." in out
    again = subprocess.Popen([sys.executable, "-m", "sim", "drill", "host", "--resume", code, "--headless",
                              "--store", url], cwd=ROOT, env=_env(home), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert again.stdout.readline(), again.stderr.read()
        rc, out, err = history(home, url, "--json")
        assert json.loads(out)["drills"][0]["state"] == "running"
    finally:
        again.kill()
        again.wait()


def test_host_join_status_export_and_history_take_a_plain_file_path(tmp_path):
    """A SQLite store named by its path (as `history --store` takes it) works for every command."""
    home = tmp_path / "home"
    home.mkdir()
    path = str(tmp_path / "room" / "drills.sqlite3")
    h, code = start_host(home, path, seats=1, seed=7)
    finish(h, join(home, path, code, "Ana", "model"))
    assert Path(path).is_file()
    rc, out, err = sd(home, "drill", "status", code, "--store", path)
    assert rc == 0 and out.startswith(f"drill {code}: ") and "finished" in out, err
    rc, out, err = sd(home, "drill", "export", code, "-o", str(tmp_path / "out"), "--store", path)
    assert rc == 0 and "replay MATCH" in out, err
    rc, out, err = history(home, path)
    assert rc == 0 and f"code {code}" in out and f"--store sqlite:///{path}" in out, err
