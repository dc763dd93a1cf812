"""What PostgreSQL adds to the contract: migrations, protocol, fencing, read-only seats,
credentials, wake-ups that may be missed (issue 18). Needs a server (see conftest.py)."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("psycopg")

import psycopg

from sim.drill import store_pg
from sim.drill.store import PROTOCOL, StoreError, open_store

ROOT = Path(__file__).resolve().parents[3]
READONLY_SQL = ROOT / "sim" / "drill" / "migrations" / "pg" / "readonly_role.sql"


def new_drill(store):
    code, fcode = secrets.token_hex(10).upper(), secrets.token_urlsafe(18)
    return store.create_drill(code, fcode, {"scenario": "network-blackout"})


def sql(url: str, query: str, args=()):
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(query, args)
        return cur.fetchall() if cur.description else None


def test_first_use_creates_the_schema_once_even_from_several_processes(pg_fresh_url):
    code = ("import sys; from sim.drill.store import open_store; "
            "open_store(sys.argv[1]).close(); print('ok')")
    procs = [subprocess.Popen([sys.executable, "-c", code, pg_fresh_url], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    shipped = store_pg.migrations()
    assert sql(pg_fresh_url, "SELECT version, name FROM stormdesk_schema ORDER BY version") == [
        (v, n) for v, n, _ in shipped]
    open_store(pg_fresh_url).close()        # opening again changes nothing
    assert len(sql(pg_fresh_url, "SELECT * FROM stormdesk_schema")) == len(shipped)


def test_the_migrations_ship_as_package_data():
    names = [n for _, n, _ in store_pg.migrations()]
    assert names[0] == "0001_drill_log.sql"
    text = (ROOT / "pyproject.toml").read_text()
    assert '"sim.drill.migrations" = ["pg/*.sql"]' in text


def test_a_database_from_a_newer_stormdesk_is_refused_untouched(pg_fresh_url):
    open_store(pg_fresh_url).close()
    sql(pg_fresh_url, "INSERT INTO stormdesk_schema (version, name) VALUES (99, 'future')")
    with pytest.raises(StoreError, match="newer Stormdesk"):
        open_store(pg_fresh_url)
    assert sql(pg_fresh_url, "SELECT max(version) FROM stormdesk_schema") == [(99,)]


def test_a_drill_of_another_protocol_is_refused_with_the_reason(pg_session_url):
    s = open_store(pg_session_url)
    info = new_drill(s)
    sql(pg_session_url, "UPDATE stormdesk_drills SET protocol = %s WHERE code = %s",
        (PROTOCOL + 1, info.code))
    seat = open_store(pg_session_url)
    assert seat.drill(info.code).protocol == PROTOCOL + 1   # status can still say what it is
    for call in (lambda: seat.submit(info.code, "k", {"type": "join"}),
                 lambda: seat.events_after(info.code, 0),
                 lambda: seat.acquire_host(info.code)):
        with pytest.raises(StoreError, match=f"protocol {PROTOCOL + 1}.*protocol {PROTOCOL}"):
            call()
    s.close()
    seat.close()


def test_only_the_lock_holder_appends_and_a_host_that_lost_its_lock_cannot(pg_session_url):
    s, other = open_store(pg_session_url), open_store(pg_session_url)
    code = new_drill(s).code
    with pytest.raises(StoreError, match="host lock"):
        s.append(code, None, [{"type": "x"}])
    lock = s.acquire_host(code)
    assert s.append(code, None, [{"type": "first"}]) == [1]
    pid = lock.conn.info.backend_pid
    sql(pg_session_url, "SELECT pg_terminate_backend(%s)", (pid,))   # the host's link dies
    time.sleep(0.2)
    with pytest.raises(StoreError, match="restart the host"):
        s.append(code, None, [{"type": "after"}])
    successor = other.acquire_host(code)
    assert successor is not None
    assert other.append(code, None, [{"type": "second"}]) == [2]
    assert [e.body["type"] for e in other.events_after(code, 0)] == ["first", "second"]
    s.close()
    other.close()


def test_a_command_is_applied_once(pg_session_url):
    s = open_store(pg_session_url)
    code = new_drill(s).code
    s.acquire_host(code)
    cid = s.submit(code, "k", {"type": "claim"})
    s.append(code, cid, [{"type": "claimed"}])
    with pytest.raises(StoreError, match="already applied"):
        s.append(code, cid, [{"type": "claimed"}])
    with pytest.raises(StoreError, match="no command"):
        s.append(code, cid + 100, [{"type": "claimed"}])
    assert [e.seq for e in s.events_after(code, 0)] == [1]
    s.close()


def test_a_missed_notification_loses_nothing(pg_session_url):
    """An event that arrives with no wake-up at all is still read within POLL_SECONDS."""
    s = open_store(pg_session_url)
    code = new_drill(s).code
    s.wait(code, 0)
    sql(pg_session_url, "INSERT INTO stormdesk_events (drill, seq, body) VALUES "
        "(%s, 1, '{\"type\": \"silent\"}')", (code,))
    t0, got, waits, woken = time.monotonic(), [], 0, s._wakes
    while not got and time.monotonic() - t0 < 10:
        s.wait(code, 60)        # asked for a minute; returns within POLL_SECONDS
        waits += 1
        got = s.events_after(code, 0)
    assert [e.body for e in got] == [{"type": "silent"}]
    assert s._wakes == woken    # nothing woke it: the re-read found the event
    assert waits == 1           # on the first wait, which ended on its own (POLL_SECONDS)...
    assert time.monotonic() - t0 < 30                   # ...not after the minute asked for
    s.close()


def test_a_reader_whose_connections_drop_reconnects_and_carries_on(pg_session_url):
    host, seat = open_store(pg_session_url), open_store(pg_session_url)
    code = new_drill(host).code
    host.acquire_host(code)
    seat.wait(code, 0)
    assert seat.events_after(code, 0) == []
    sql(pg_session_url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE pid = %s", (seat._conn.info.backend_pid,))
    host.append(code, None, [{"type": "while you were away"}])
    seat.wait(code, 1)          # notices the dead connection, comes back for a re-read
    deadline, got = time.monotonic() + 10, []
    while not got and time.monotonic() < deadline:
        got = seat.events_after(code, 0)
        seat.wait(code, 0.5)
    assert [e.body["type"] for e in got] == ["while you were away"]
    woken = seat._wakes
    host.append(code, None, [{"type": "next"}])
    seat.wait(code, 5)
    assert seat._wakes > woken and len(seat.events_after(code, 0)) == 2   # listening again
    host.close()
    seat.close()


def _connections(url: str) -> int:
    return sql(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stormdesk' "
               "AND datname = current_database()")[0][0]


def test_a_seat_holds_one_connection_and_listens_on_it(pg_session_url):
    """Seats are cheap: reading and waiting use one server connection, so 50 trainees fit in
    PostgreSQL's default max_connections (100) with room for the host and projectors."""
    host = open_store(pg_session_url)
    code = new_drill(host).code
    host.acquire_host(code)
    before = _connections(pg_session_url)
    seat = open_store(pg_session_url)
    seat.wait(code, 0)
    assert seat.events_after(code, 0) == []
    woken = seat._wakes
    host.append(code, None, [{"type": "tick"}])
    seat.wait(code, 2)
    assert seat._wakes > woken              # woken by the append, on that one connection
    assert len(seat.events_after(code, 0)) == 1
    assert _connections(pg_session_url) - before == 1
    host.close()
    seat.close()


def test_a_command_wakes_the_host_not_every_seat(pg_session_url):
    """A seat's submit notifies the host's channel only; the host's append wakes the seats."""
    host, seat, other = (open_store(pg_session_url) for _ in range(3))
    code = new_drill(host).code
    host.acquire_host(code)
    seat.wait(code, 0)
    host.wait(code, 0, commands=True)
    before = seat._wakes
    timer = threading.Timer(0.2, other.submit, (code, "k1", {"type": "claim"}))
    timer.start()
    assert host.wait(code, 1.5, commands=True)   # woken by the command, not by its timeout
    timer.join()
    seat.wait(code, 0.3)
    assert seat._wakes == before            # the seat heard nothing of another seat's command
    timer = threading.Timer(0.2, host.append, (code, 1, [{"type": "claimed"}]))
    timer.start()
    assert seat.wait(code, 1.5) and seat._wakes > before
    timer.join()
    for s in (host, seat, other):
        s.close()


def test_a_wake_up_read_by_another_threads_statement_still_ends_the_wait(pg_session_url):
    """The waiter sleeps on the socket without holding the connection; when another thread's
    query reads the notification first, the notify handler still wakes the waiter."""
    host, seat = open_store(pg_session_url), open_store(pg_session_url)
    code = new_drill(host).code
    host.acquire_host(code)
    seat.wait(code, 0)
    done = []
    waiter = threading.Thread(target=lambda: done.append(seat.wait(code, 1.9)))
    with seat._lock:                # the waiter cannot read the socket itself while we hold this
        waiter.start()
        time.sleep(0.2)
        host.append(code, None, [{"type": "tick"}])
        time.sleep(0.3)             # the notification is in the seat's socket now
        assert len(seat.events_after(code, 0)) == 1   # this statement reads it
    waiter.join(5)
    assert done == [True]           # the notify handler ended the wait, not its timeout
    host.close()
    seat.close()


def test_credentials_never_show(pg_session_url):
    secret = "Wr0ng-" + secrets.token_hex(8)
    parts = pg_session_url.split("://", 1)[1]
    user = os.environ.get("PGUSER", "postgres")
    host = os.environ.get("PGHOST", "localhost")
    port = os.environ.get("PGPORT", "5432")
    db = parts.rsplit("/", 1)[1].split("?")[0]
    url = f"postgresql://{user}:{secret}@{host}:{port}/{db}?password={secret}"
    try:
        let_in = store_pg.PgStore.open(url)    # a server with `trust` auth ignores passwords
    except StoreError as err:
        assert secret not in str(err) and "cannot open the PostgreSQL store" in str(err)
    else:
        assert secret not in let_in.url
        let_in.close()
    assert store_pg.safe_url(url) == f"postgresql://{user}@{host}:{port}/{db}"
    good = store_pg.PgStore.open(pg_session_url)
    assert "password" not in good.url and good.url == store_pg.safe_url(pg_session_url)
    good.close()


def test_a_store_that_cannot_be_reached_says_so_in_one_line():
    with pytest.raises(StoreError, match=r"cannot open the PostgreSQL store postgresql://"
                                         r"nobody@127\.0\.0\.1:1/x"):
        open_store("postgresql://nobody:pw@127.0.0.1:1/x?connect_timeout=2")


def test_the_documented_read_only_role_can_watch_but_not_write_or_host(pg_fresh_url):
    owner = open_store(pg_fresh_url)
    info = new_drill(owner)
    lock = owner.acquire_host(info.code)
    owner.append(info.code, None, [{"type": "posted"}])
    role = "stormdesk_viewer_" + secrets.token_hex(4)
    password = secrets.token_urlsafe(16)
    script = READONLY_SQL.read_text().replace("stormdesk_viewer", role)
    done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", f"pw='{password}'",
                           "-d", pg_fresh_url.split("?")[0]], input=script, text=True,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    host = os.environ.get("PGHOST", "localhost")
    port = os.environ.get("PGPORT", "5432")
    db = pg_fresh_url.rsplit("/", 1)[1]
    viewer = open_store(f"postgresql://{role}:{password}@{host}:{port}/{db}")
    try:
        seen = viewer.drill(info.code)
        assert seen.status == "open" and seen.facilitator_code == ""    # never learns it
        assert viewer.drill(info.facilitator_code) is None
        assert [e.body for e in viewer.events_after(info.code, 0)] == [{"type": "posted"}]
        viewer.wait(info.code, 0)
        viewer.wait(info.code, 0.1)
        with pytest.raises(StoreError, match="read-only"):
            viewer.submit(info.code, "k", {"type": "claim"})
        with pytest.raises(StoreError, match="read-only"):
            viewer.acquire_host(info.code)
        with pytest.raises(StoreError):
            viewer.create_drill("A" * 20, "b" * 20, {})
        # the seats it is for: a projector follows the drill without a join command; a
        # responder is told why it cannot take a seat with this role
        from sim.drill.seat import Seat, SeatError
        room = Seat(viewer, info.code, "Room", role="projector")
        assert room.join(timeout=5).watch_only and room.watch_only
        owner.append(info.code, None, [{"type": "next"}])
        for _ in range(20):
            if room.state.seq >= 2:
                break
            room.poll(0.5)
        assert room.state.seq == 2          # "posted" when it joined, then "next"
        with pytest.raises(SeatError, match="read-only"):
            Seat(viewer, info.code, "Ana").join(timeout=5)
    finally:
        viewer.close()
        lock.release()
        owner.close()
        sql(pg_fresh_url, f'DROP OWNED BY "{role}"')
        sql(pg_fresh_url, f'DROP ROLE "{role}"')


def test_a_trainee_code_that_people_could_not_type_back_is_refused(pg_session_url):
    s = open_store(pg_session_url)
    with pytest.raises(StoreError, match="upper case"):
        s.create_drill("abc" + secrets.token_hex(6), secrets.token_urlsafe(18), {})
    s.close()


def test_a_password_in_the_store_url_is_never_written_anywhere(pg_fresh_url, tmp_path):
    """A whole drill (host, a bot seat, status, export) with the password only in the URL: it
    works, and the password is in no output, log, journal, export or file Stormdesk wrote."""
    open_store(pg_fresh_url).close()                         # the owner makes the tables
    role, secret = "stormdesk_pw_" + secrets.token_hex(4), "Pw-" + secrets.token_hex(12)
    sql(pg_fresh_url, f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{secret}'")
    try:
        sql(pg_fresh_url, f'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO "{role}"')
        sql(pg_fresh_url, f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        host, port = os.environ.get("PGHOST", "localhost"), os.environ.get("PGPORT", "5432")
        url = f"postgresql://{role}:{secret}@{host}:{port}/{pg_fresh_url.rsplit('/', 1)[1]}"
        env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "PGUSER")}
        env.update(STORMDESK_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
        fixture = str(ROOT / "tests" / "fixtures" / "scenarios" / "valid-minimal.yaml")

        def run(*args, wait=True):
            p = subprocess.Popen([sys.executable, "-m", "sim", "drill", *args, "--store", url],
                                 cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
            return p.communicate(timeout=120) + (p.returncode,) if wait else p
        hostp = run("host", fixture, "--headless", "--pace", "60", "--seed", "2",
                    "--wait-seats", "1", wait=False)
        first = hostp.stdout.readline()
        first += hostp.stdout.readline()     # the facilitator's code and the store, shown
        code = first.splitlines()[0].split()[-1]
        bot = run("join", code, "--name", "Ana", "--bot", "canned")
        rest = hostp.communicate(timeout=120)
        status = run("status", code)
        export = run("export", code, "-o", str(tmp_path / "out"))
        assert hostp.returncode == 0 and bot[2] == 0 and export[2] == 0, (rest, bot, export)
        assert "replay MATCH" in export[0] and f"store postgresql://{role}@" in first
        said = first + "".join(rest) + "".join(bot[:2] + status[:2] + export[:2])
        assert secret not in said
        written = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert any(p.suffix == ".jsonl" for p in written)
        assert not [p for p in written if secret.encode() in p.read_bytes()]
        rows = sql(pg_fresh_url, "SELECT count(*) FROM stormdesk_events WHERE body::text LIKE %s "
                   "UNION ALL SELECT count(*) FROM stormdesk_drills WHERE meta::text LIKE %s",
                   (f"%{secret}%", f"%{secret}%"))
        assert rows == [(0,), (0,)]
        # a second seat in the same process (the facilitator's console) gets in with it too
        s = store_pg.PgStore.open(url)
        again = s.reopen()
        assert again.drill(code) is not None and secret not in again.url
        again.close()
        s.close()
    finally:
        sql(pg_fresh_url, f'DROP OWNED BY "{role}"')
        sql(pg_fresh_url, f'DROP ROLE "{role}"')
