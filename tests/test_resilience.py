"""The task worker is supervised by `thidua serve`; SQLite waits for locks instead of failing."""

import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from thidua.core.management.commands.serve import Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def test_a_dead_task_worker_is_started_again_and_everything_stops_with_the_web_server():
    lines = []
    supervisor = Supervisor(SLEEPER, SLEEPER, log=lines.append, max_delay=2)
    supervisor.start()
    try:
        first = supervisor.worker.pid
        supervisor.worker.kill()  # as "database is locked" or an out-of-memory kill would end it
        deadline = time.monotonic() + 10
        while supervisor.restarts == 0 and time.monotonic() < deadline:
            assert supervisor.poll() is None
            time.sleep(0.1)
        assert supervisor.restarts == 1 and supervisor.worker.pid != first and supervisor.worker.poll() is None
        assert "restarting" in lines[0]
        supervisor.web.terminate()
        supervisor.web.wait()
        assert supervisor.poll() is not None
    finally:
        supervisor.stop()
    assert supervisor.worker.poll() is not None


def test_sqlite_runs_in_wal_with_a_busy_timeout_and_immediate_transactions(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


def test_a_web_write_waits_for_a_long_import_transaction_instead_of_failing(tmp_path):
    """Two real connections to one SQLite file with the pragmas of our settings: one holds a write transaction
    for 2 s (a long import), the other's write waits for it instead of failing with "database is locked"."""
    import sqlite3

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if "init_command" not in options:
        pytest.skip("SQLite settings")
    path = tmp_path / "db.sqlite3"

    def connect():
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.executescript(options["init_command"])
        return db

    setup = connect()
    setup.execute("CREATE TABLE t (v TEXT)")
    holding = threading.Event()

    def long_import():
        db = connect()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t VALUES ('import')")
        holding.set()
        time.sleep(2)
        db.execute("COMMIT")

    worker = threading.Thread(target=long_import)
    worker.start()
    holding.wait(5)
    web = connect()
    started = time.monotonic()
    web.execute("BEGIN IMMEDIATE")  # the web request's write: waits for the lock
    web.execute("INSERT INTO t VALUES ('web')")
    web.execute("COMMIT")
    waited = time.monotonic() - started
    worker.join()
    assert sorted(r[0] for r in web.execute("SELECT v FROM t")) == ["import", "web"]
    assert 1 < waited < 10
