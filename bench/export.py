"""Time the CSV and Excel exports of a large training against a floor run in this process.

Builds the demo in a temporary SQLite instance with N responses (seed_demo spreads them
over two trainings) and exports the first training through the app, as a trainer's
browser does (`/trainings/<id>/export.csv` and `.xlsx`, streamed and read to the end).
The floor is what any export of the same rows costs: one plain sqlite3 query of the
responses and their answers in response order, a Python pivot to one row per response,
and the csv module writing them. Alternate runs, median kept; then the peak Python memory
(tracemalloc) of each export at N and at N/10 responses, which must stay flat.

    .venv/bin/python bench/export.py [N]      (default: 100000)

Targets (issue 17): CSV at most 1.5x the floor; XLSX at most 3x the CSV floor; peak
memory at N within 1.5x that at N/10.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _demo import demo_app  # noqa: E402


def floor(path: str, training_id: int) -> int:
    """The same rows the plain way; return the number of bytes written."""
    con = sqlite3.connect(path)
    questions = [
        row[0]
        for row in con.execute(
            "SELECT q.id FROM questions q"
            " JOIN trainings t ON t.questionnaire_id = q.questionnaire_id"
            " WHERE t.id = ? ORDER BY q.position",
            (training_id,),
        )
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["response_id", "submitted_at", "language", *questions])
    cursor = con.execute(
        "SELECT r.id, r.submitted_at, r.language, a.question_id,"
        " coalesce(a.likert, a.rating, a.choice, a.number, a.text)"
        " FROM responses r LEFT JOIN answers a ON a.response_id = r.id"
        " WHERE r.training_id = ? ORDER BY r.id, a.id",
        (training_id,),
    )
    current, values, head = None, {}, None
    written = 0
    for rid, submitted, language, qid, value in cursor:
        if rid != current:
            if current is not None:
                writer.writerow([*head, *(values.get(q, "") for q in questions)])
            current, values, head = rid, {}, (rid, submitted, language)
        if qid is not None:
            values[qid] = value if qid not in values else f"{values[qid]} | {value}"
        if out.tell() > 1 << 20:
            written += out.tell()
            out.seek(0)
            out.truncate()
    if current is not None:
        writer.writerow([*head, *(values.get(q, "") for q in questions)])
    con.close()
    return written + out.tell()


def export(client, url: str) -> int:
    response = client.get(url, buffered=False)
    assert response.status_code == 200, (url, response.status_code)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    return size


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak_mib(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def measure(n: int, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        app, client, tid, _project, rows = demo_app(tmp, n)
        path = f"{tmp}/bench.sqlite"
        csv_url, xlsx_url = (
            f"/trainings/{tid}/export.csv?lang=fr",
            f"/trainings/{tid}/export.xlsx?lang=fr",
        )
        export(client, csv_url)  # imports and SQLite's page cache warmed once
        times: dict[str, list[float]] = {"floor": [], "csv": [], "xlsx": []}
        for _ in range(rounds):
            times["floor"].append(timed(lambda: floor(path, tid)))
            times["csv"].append(timed(lambda: export(client, csv_url)))
            times["xlsx"].append(timed(lambda: export(client, xlsx_url)))
        result = {key: median(values) for key, values in times.items()}
        result["rows"] = rows
        result["csv_mib"] = peak_mib(lambda: export(client, csv_url))
        result["xlsx_mib"] = peak_mib(lambda: export(client, xlsx_url))
        app.extensions["survey_db"].engine.dispose()
    return result


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 100_000
    big = measure(n, rounds=3)
    small = measure(n // 10, rounds=1)
    floor_s = big["floor"]
    print(f"\nexport of one training, {big['rows']:,} rows (demo with {n:,} responses)")
    print(f"  floor {floor_s:6.2f} s   (sqlite3 + pivot + csv)")
    csv_s, xlsx_s = big["csv"], big["xlsx"]
    print(f"  CSV   {csv_s:6.2f} s   {csv_s / floor_s:4.1f}x the floor (target 1.5x)")
    print(f"  XLSX  {xlsx_s:6.2f} s   {xlsx_s / floor_s:4.1f}x the CSV floor (target 3x)")
    for kind in ("csv", "xlsx"):
        ratio = big[f"{kind}_mib"] / small[f"{kind}_mib"]
        print(
            f"  peak memory {kind.upper():4}  {small[f'{kind}_mib']:6.1f} MiB at "
            f"{small['rows']:,} rows, {big[f'{kind}_mib']:6.1f} MiB at {big['rows']:,} "
            f"({ratio:.2f}x; target 1.5x)"
        )
    print(f"  (load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
