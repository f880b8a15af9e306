"""'Thank you' means the answers are on disk, even if the power goes.

The power cut is simulated by a disk that keeps only what was synced (tests/power): the
server runs with it under LD_PRELOAD, is killed with SIGKILL, and the database files are
put back as of their last fsync. Every response that got a thank-you must be there.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import power
import pytest
from sqlalchemy import create_engine, text

from survey.db import make_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import _loadgen as load  # noqa: E402


@pytest.fixture(scope="module")
def shim(tmp_path_factory) -> Path:
    try:
        return power.build_shim(tmp_path_factory.mktemp("shim"))
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        pytest.fail(f"cannot build the power-cut shim: {exc}")


# A writer that commits one row at a time, says which ones were committed, then dies.
_WRITER = textwrap.dedent(
    """
    import os, signal, sqlite3, sys
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=" + sys.argv[2])
    for i in range(int(sys.argv[3])):
        con.execute("BEGIN")
        con.execute("INSERT INTO t(v) VALUES (?)", (i,))
        con.execute("COMMIT")
        print(i, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _commit_then_die(shim: Path, disk: Path, synchronous: str, rows: int) -> tuple[int, int]:
    """Commit `rows` rows, cut the power; return (acknowledged, still there)."""
    db = disk / "t.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE t (v INTEGER)")
    power.mark_all_synced(disk)
    run = subprocess.run(
        [sys.executable, "-c", _WRITER, str(db), synchronous, str(rows)],
        env={**power.shim_env(shim, disk), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    acknowledged = len(run.stdout.split())
    power.power_cut(disk)
    with sqlite3.connect(db) as con:
        return acknowledged, con.execute("SELECT count(*) FROM t").fetchone()[0]


def test_the_simulated_disk_loses_commits_that_were_not_synced(shim, tmp_path):
    """The instrument can fail: WAL with synchronous=NORMAL loses acknowledged commits."""
    acknowledged, kept = _commit_then_die(shim, tmp_path, "NORMAL", rows=20)
    assert acknowledged == 20
    assert kept < acknowledged


def test_the_simulated_disk_keeps_synced_commits(shim, tmp_path):
    acknowledged, kept = _commit_then_die(shim, tmp_path, "FULL", rows=20)
    assert (acknowledged, kept) == (20, 20)


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_every_thanked_participant_survives_a_power_cut(shim, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    url = f"sqlite:///{disk / 'survey.sqlite'}"
    path = load.prepare_retour(url)
    checkpoint = sqlite3.connect(disk / "survey.sqlite")
    checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint.close()
    power.mark_all_synced(disk)
    env = {
        "SURVEY_INSTANCE_PATH": str(tmp_path / "instance"),
        "SURVEY_SECRET_KEY": "power-cut-test",
        "SURVEY_DATABASE_URL": url,
        "SURVEY_HTTPS": "0",
        **power.shim_env(shim, disk),
    }
    server = load.start_gunicorn("wsgi:app", load.free_port(), env, tmp_path / "log", workers=2)
    port = int(server.args[server.args.index("--bind") + 1].rsplit(":", 1)[1])
    count = 40
    try:
        with ThreadPoolExecutor(8) as pool:
            forms = list(pool.map(lambda _: load.get_form(port, path), range(count)))
            answers = [load.random_answers(load.random.Random(i)) for i in range(count)]
            statuses = list(
                pool.map(
                    lambda i: load.post_form(port, path, forms[i], answers[i])[0], range(count)
                )
            )
    finally:
        load.stop(server, signal.SIGKILL)  # the power goes: no clean shutdown, no checkpoint
    thanked = {forms[i].fields["sid"] for i, status in enumerate(statuses) if status == 303}
    assert len(thanked) == count, statuses

    power.power_cut(disk)
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = set(connection.execute(text("SELECT submission_id FROM responses")).scalars())
        answers_per_response = connection.execute(
            text("SELECT min(n) FROM (SELECT count(*) AS n FROM answers GROUP BY response_id) AS c")
        ).scalar()
        integrity = connection.execute(text("PRAGMA integrity_check")).scalar()
    engine.dispose()
    assert integrity == "ok"
    assert thanked - stored == set(), f"{len(thanked - stored)} thanked answers lost"
    assert answers_per_response > 0


def test_every_sqlite_connection_syncs_each_commit(tmp_path):
    """Each pooled connection, not just the first, has synchronous=FULL (2)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    connections = [engine.connect() for _ in range(3)]
    try:
        modes = [c.exec_driver_sql("PRAGMA synchronous").scalar() for c in connections]
    finally:
        for connection in connections:
            connection.close()
        engine.dispose()
    assert modes == [2, 2, 2]


def test_app_database_commits_durably(app):
    """The app's own engine: SQLite syncs each commit; PostgreSQL commits synchronously."""
    from survey.db import database

    with app.app_context():
        engine = database().engine
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        else:
            # The throwaway test server runs with synchronous_commit=off: the app's
            # sessions turn it back on, as they would on a server configured that way.
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
