"""Issue 16: on the embedded SQLite, 20 of 20 writes failed "database is locked" while the worker imported. The
connection settings (ansinh/settings.py) make a writer wait for the lock instead (IMMEDIATE transactions, a busy
timeout longer than SQLite's default 5 s) and let readers go on beside the writer (WAL). Production refuses to start
without DATABASE_URL instead of silently using SQLite."""

import copy
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections, transaction

ROOT = Path(__file__).resolve().parents[2]
ALIAS = "sqlite_under_load"
HOLD_SECONDS = 6  # longer than the 5 s Python's sqlite3 waits by default
WRITERS = 12

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """A database file with exactly the project's connection settings (the test database lives in memory)."""
    config = copy.deepcopy(connections.settings["default"])
    config["NAME"] = str(tmp_path / "ansinh.sqlite3")
    connections.settings[ALIAS] = config
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE figure (id INTEGER PRIMARY KEY, who TEXT NOT NULL)")
        yield connections[ALIAS]
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def _insert(who: str) -> None:
    with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
        cursor.execute("INSERT INTO figure (who) VALUES (%s)", [who])


@on_sqlite
def test_the_connection_uses_wal_and_a_long_busy_timeout(file_database):
    with file_database.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 20_000


@on_sqlite
def test_writers_wait_for_a_long_write_transaction_and_readers_are_not_blocked(file_database):
    holding, failures, read_while_held = threading.Event(), [], []

    def hold_the_lock():
        try:
            with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                cursor.execute("INSERT INTO figure (who) VALUES ('import')")
                holding.set()
                time.sleep(HOLD_SECONDS)  # a background import writing
        finally:
            connections[ALIAS].close()

    def write(n: int):
        try:
            _insert(f"page {n}")
        except Exception as error:  # any failure is what the test reports
            failures.append(repr(error))
        finally:
            connections[ALIAS].close()

    def read():
        try:
            with connections[ALIAS].cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM figure")
                read_while_held.append((cursor.fetchone()[0], holding.is_set()))
        finally:
            connections[ALIAS].close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert holding.wait(10)
    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)] + [threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in [holder, *threads]:
        thread.join(60)
    assert not failures, f"{len(failures)}/{WRITERS} writes failed: {failures[:3]}"
    assert read_while_held == [(0, True)], "the reader saw the committed state without waiting for the writer"
    with file_database.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM figure")
        assert cursor.fetchone()[0] == WRITERS + 1


def test_production_settings_refuse_to_start_without_database_url():
    env = {
        "DJANGO_SETTINGS_MODULE": "ansinh.settings_production",
        "ANSINH_SECRET_KEY": "k" * 20 + "-production-only-9f8e7d6c5b4a39281726354453627181",
        "ANSINH_ALLOWED_HOSTS": "ansinh.example.gov.vn",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "DATABASE_URL chưa đặt" in result.stderr
