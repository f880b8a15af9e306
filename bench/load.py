"""Load: 200 phones send the form at once to gunicorn, on SQLite and on PostgreSQL.

For each database, starts gunicorn (several workers, 127.0.0.1 only) with Retour
(`wsgi:app`) and with a bare Flask + SQLAlchemy app that stores the same answers
(`bench/_baseline_app.py`), the baseline, in alternate rounds (3 by default; the median
round of each is reported). Every participant GETs the form (asking for gzip, as a
phone's browser does) and POSTs its answers; some send theirs twice. Prints throughput,
p50/p99 latency of the POSTs, what was stored, lost (acknowledged but not stored),
duplicated and errors, and Retour's throughput as a share of the baseline's.

    .venv/bin/python bench/load.py [--participants 200] [--workers 4] [--rounds 3] [--only sqlite]

Targets: 0 lost, 0 duplicated, 0 errors; at least half the baseline's throughput.
PostgreSQL runs on a throwaway server (tests/servers.py) with fsync and synchronous
commits on, as in production; skipped when not installed.

Retour's commits are durable (SQLite synchronous=FULL, PostgreSQL synchronous_commit=on),
and so are the baseline's. What that costs is printed too: on SQLite, the baseline again
with synchronous=NORMAL in the same rounds, and the time of one commit of a response and
its answers with FULL and with NORMAL.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import _loadgen as load

sys.path.insert(0, str(load.ROOT / "tests"))
import servers  # noqa: E402

RETOUR_SQL = "SELECT submission_id FROM responses"
BASELINE_SQL = "SELECT sid FROM base_responses"


def run_app(label, app, env, url_sql, path, args, log, seed: int) -> load.Summary:
    port = load.free_port()
    server = load.start_gunicorn(app, port, env, log, workers=args.workers, threads=args.threads)
    try:
        load.warm_up(port, path)
        outcomes, seconds = load.run_participants(
            port, path, args.participants, resend_share=args.resend, spread=args.spread, seed=seed
        )
    finally:
        load.stop(server)
    url, sql = url_sql
    # Earlier rounds stored into the same database: count this round's submissions only.
    sent = {out.sid for out in outcomes}
    stored = [sid for sid in load.stored_submission_ids(url, sql) if sid in sent]
    return load.summarise(label, outcomes, seconds, stored)


def bench_backend(name: str, retour_url: str, baseline_url: str, tmp: Path, args) -> list:
    """Run Retour and the baseline in alternate rounds; return each one's median round.

    The machine may be shared: alternating keeps a change of load from favouring one
    side, and the median of a few rounds is steadier than one burst of about a second.
    """
    import _baseline_app as baseline_app
    from sqlalchemy import create_engine

    path = load.prepare_retour(retour_url)
    engine = create_engine(baseline_url)
    baseline_app.metadata.create_all(engine)
    engine.dispose()
    env = {
        "SURVEY_INSTANCE_PATH": str(tmp / "instance"),
        "SURVEY_SECRET_KEY": "load-benchmark",
        "SURVEY_DATABASE_URL": retour_url,
        "SURVEY_HTTPS": "0",
        "BASELINE_DATABASE_URL": baseline_url,
    }
    log = tmp / f"gunicorn-{name}.log"
    sides = {
        "retour": (f"Retour on {name}", "wsgi:app", (retour_url, RETOUR_SQL)),
        "baseline": (
            f"baseline on {name}",
            "bench._baseline_app:app",
            (baseline_url, BASELINE_SQL),
        ),
    }
    if name == "SQLite":
        sides["not durable"] = (
            "baseline on SQLite, synchronous=NORMAL (not durable)",
            "bench._baseline_app:app",
            (baseline_url, BASELINE_SQL),
        )
    rounds: dict[str, list[load.Summary]] = {side: [] for side in sides}
    for seed in range(1, args.rounds + 1):
        for side, (label, app, url_sql) in sides.items():
            side_env = env
            if side == "not durable":
                side_env = {**env, "BASELINE_SQLITE_SYNCHRONOUS": "NORMAL"}
            rounds[side].append(run_app(label, app, side_env, url_sql, path, args, log, seed))
    medians = {}
    for side in sides:
        runs = sorted(rounds[side], key=lambda summary: summary.throughput)
        figures = ", ".join(f"{summary.throughput:.0f}" for summary in rounds[side])
        print(f"{sides[side][0]}: {figures} posts/s in {args.rounds} rounds")
        median = runs[len(runs) // 2]
        # Losses, duplicates and errors of every round, not only the median one's.
        median.lost = sum(r.lost for r in runs)
        median.duplicated = sum(r.duplicated for r in runs)
        median.errors = sum(r.errors for r in runs)
        medians[side] = median
    if "not durable" in medians:
        durable, fast = medians["baseline"].throughput, medians["not durable"].throughput
        print(
            f"Durable commits on SQLite: the baseline sends {durable:.0f} posts/s with "
            f"synchronous=FULL, {fast:.0f} with NORMAL ({durable / fast:.2f} x)"
        )
    return [medians["retour"], medians["baseline"]]


def commit_cost(directory: Path, transactions: int = 500) -> None:
    """Print the time of one commit of a response and 14 answers, FULL against NORMAL."""
    for mode in ("FULL", "NORMAL"):
        path = directory / f"commit-{mode}.sqlite"
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute(f"PRAGMA synchronous={mode}")
        con.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, sid TEXT UNIQUE)")
        con.execute("CREATE TABLE a (r INTEGER, q INTEGER, v INTEGER)")
        started = time.perf_counter()
        for i in range(transactions):
            con.execute("BEGIN")
            rid = con.execute("INSERT INTO r (sid) VALUES (?)", (f"s{i}",)).lastrowid
            con.executemany("INSERT INTO a VALUES (?, ?, ?)", [(rid, q, q % 5) for q in range(14)])
            con.execute("COMMIT")
        seconds = time.perf_counter() - started
        con.close()
        print(
            f"SQLite commit of one response and 14 answers, synchronous={mode}: "
            f"{seconds / transactions * 1000:.2f} ms ({transactions / seconds:.0f} per second)"
        )


def report(results: list[load.Summary]) -> bool:
    ok = True
    for summary in results:
        print(summary.line())
    for retour, baseline in zip(results[::2], results[1::2], strict=True):
        ratio = retour.throughput / baseline.throughput if baseline.throughput else 0
        clean = retour.lost == retour.duplicated == retour.errors == 0
        print(
            f"{retour.label}: {ratio:.2f} x the baseline's throughput "
            f"({'ok' if ratio >= 0.5 else 'BELOW the 0.5 target'}); "
            f"{'no loss, no duplicate, no error' if clean else 'LOSS, DUPLICATE OR ERROR'}"
        )
        ok = ok and clean and ratio >= 0.5
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--resend", type=float, default=0.1, help="share that send twice")
    parser.add_argument("--spread", type=float, default=0.0, help="arrivals over N seconds")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=3, help="alternate rounds, median kept")
    args = parser.parse_args()
    sys.path.insert(0, str(load.ROOT))

    results = []
    with tempfile.TemporaryDirectory(prefix="retour-load-") as name:
        tmp = Path(name)
        if args.only != "postgresql":
            results += bench_backend(
                "SQLite", f"sqlite:///{tmp / 'retour.sqlite'}",
                f"sqlite:///{tmp / 'baseline.sqlite'}", tmp, args,
            )  # fmt: skip
            print(f"SQLite integrity: {load.sqlite_integrity(tmp / 'retour.sqlite')}")
            commit_cost(tmp)
        if args.only != "sqlite":
            try:
                pg = servers.start_postgres(durable=True)
            except servers.Missing as exc:
                print(f"PostgreSQL skipped: {exc}")
            else:
                try:
                    with pg.connect() as conn:
                        conn.execute("CREATE DATABASE retour")
                        conn.execute("CREATE DATABASE baseline")
                    results += bench_backend(
                        "PostgreSQL", pg.url("retour"), pg.url("baseline"), tmp, args
                    )
                finally:
                    pg.stop()
    print(
        f"\n{args.participants} participants at once ({args.resend:.0%} send twice), "
        f"gunicorn {args.workers} workers x {args.threads} threads, 127.0.0.1; "
        f"the median of {args.rounds} alternate rounds (lost, duplicated, errors: all rounds)"
    )
    return 0 if report(results) else 1


if __name__ == "__main__":
    sys.exit(main())
