"""Submissions under load on SQLite: 200 participants, p99 of the POST under 100 ms?

Starts gunicorn (`wsgi:app`, 127.0.0.1 only) on a fresh SQLite database and runs 200
participants (GET the form, POST the answers, 10% send twice) twice: all at the same
instant (the worst case: everyone presses Send together) and arriving over 30 seconds
(a room at the end of a session). Prints throughput, p50/p99 of the POSTs, and checks
that every acknowledged submission is stored exactly once.

    .venv/bin/python bench/submit_load.py [--participants 200] [--workers 4]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import _loadgen as load

TARGET_P99_MS = 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--spread", type=float, default=30.0)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="retour-submit-") as name:
        tmp = Path(name)
        for n, (label, spread) in enumerate(
            (("all at once", 0.0), (f"over {args.spread:.0f} s", args.spread))
        ):
            db = tmp / f"retour-{n}.sqlite"
            url = f"sqlite:///{db}"
            env = {
                "SURVEY_INSTANCE_PATH": str(tmp / "instance"),
                "SURVEY_SECRET_KEY": "submit-benchmark",
                "SURVEY_DATABASE_URL": url,
                "SURVEY_HTTPS": "0",
            }
            path = load.prepare_retour(url)
            port = load.free_port()
            server = load.start_gunicorn("wsgi:app", port, env, tmp / "log", args.workers)
            try:
                load.warm_up(port, path)
                outcomes, seconds = load.run_participants(
                    port, path, args.participants, resend_share=0.1, spread=spread
                )
            finally:
                load.stop(server)
            stored = load.stored_submission_ids(url, "SELECT submission_id FROM responses")
            summary = load.summarise(f"SQLite, {label}", outcomes, seconds, stored)
            print(summary.line())
            clean = summary.lost == summary.duplicated == summary.errors == 0
            verdict = "ok" if summary.p99_ms < TARGET_P99_MS else "above"
            losses = "no loss, no duplicate, no error" if clean else "LOSS/DUPLICATE/ERROR"
            print(
                f"  p99 {summary.p99_ms:.0f} ms: {verdict} the {TARGET_P99_MS} ms target; {losses}"
            )
            print(f"  integrity_check: {load.sqlite_integrity(db)}")
            ok = ok and clean
    print(f"gunicorn {args.workers} sync workers on 127.0.0.1; {args.participants} participants")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
