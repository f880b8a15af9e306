"""Time a training's dashboard and JSON figures at 10,000 and 100,000 responses.

Builds the demo in a temporary SQLite instance with N responses (seed_demo spreads them
over two trainings; all are then moved into the first one, which shares the
questionnaire), logs in as its trainer with Flask's test client and times:
  - the dashboard page, cold (empty caches: SQL + every chart drawn) and warm (cached);
  - the dashboard page after one new response (counts updated with that response only,
    charts drawn again);
  - the JSON figures, cold and warm;
  - the project page, which pools the demo's two trainings, cold and warm;
  - the SQL alone (training_figures + breakdowns), which is the part that grows with N;
and prints the peak Python memory (tracemalloc) of a cold dashboard request.

    .venv/bin/python bench/dashboard.py [N ...]      (default: 10000 100000)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _demo import demo_app  # noqa: E402

from survey.dashboard.cache import cache_for, tallies_for  # noqa: E402
from survey.db import get_session  # noqa: E402
from survey.models import Answer, Response, Training  # noqa: E402
from survey.results import breakdowns, training_figures  # noqa: E402

TARGET_WARM_MS = 300
TARGET_COLD_MS = 1000


CPU: dict[str, float] = {}


def timed(fn, repeat: int = 1, label: str = "") -> float:
    """Return the median wall time of fn() in milliseconds (and keep its CPU time).

    The machine may be shared: the CPU time this process spent (median, under CPU[label])
    is printed too, since it does not grow when other processes take the cores.
    """
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(1000 * (time.perf_counter() - start))
        cpu.append(1000 * (time.process_time() - start_cpu))
    if label:
        CPU[label] = median(cpu)
    return median(times)


def run(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        app, client, tid, project_id, _rows = demo_app(tmp, n, one_training=True)
        seeded = time.perf_counter() - start
        page, json_url = f"/trainings/{tid}", f"/trainings/{tid}/figures.json"
        project = f"/projects/{project_id}"
        cache = cache_for(app)
        tallies = tallies_for(app)

        def get(url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        def cold(url):
            cache.clear()
            tallies.clear()
            get(url)

        get(page)  # imports, fonts and SQLite's page cache warmed once
        result = {
            "page_cold": timed(lambda: cold(page), 5, "page_cold"),
            "page_warm": timed(lambda: get(page), 5),
            "json_cold": timed(lambda: cold(json_url), 5, "json_cold"),
            "json_warm": timed(lambda: get(json_url), 5),
            # The project page pools the demo's two trainings (all answers are in one).
            "project_cold": timed(lambda: cold(project), 3, "project_cold"),
            "project_warm": timed(lambda: get(project), 3),
        }

        def one_more():
            # A participant answers: the page is drawn again, but the counts are updated
            # with that one response instead of counted from scratch.
            with app.app_context():
                session = get_session()
                training = session.get(Training, tid)
                response = Response(
                    training_id=tid,
                    questionnaire_id=training.questionnaire_id,
                    submission_id=f"bench-{time.perf_counter_ns()}",
                    language="fr",
                )
                question = training.questionnaire.questions[0]
                response.answers.append(Answer(question_id=question.id, likert=4))
                session.add(response)
                session.commit()
            start = time.perf_counter()
            get(page)
            return 1000 * (time.perf_counter() - start)

        result["page_new_response"] = median(one_more() for _ in range(3))
        with app.app_context():
            session = get_session()
            training = session.get(Training, tid)

            def from_scratch():
                session.info.clear()
                training_figures(session, training, comment_limit=0)
                breakdowns(session, [tid])

            result["sql_only"] = timed(from_scratch, 3)
        cache.clear()
        tallies.clear()
        tracemalloc.start()
        get(page)
        result["peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        app.extensions["survey_db"].engine.dispose()
    print(f"\n{n:,} responses in one training (seeded in {seeded:.0f} s)")
    print(
        f"  dashboard  cold {result['page_cold']:7.0f} ms   warm {result['page_warm']:6.1f} ms"
        f"   cold/warm {result['page_cold'] / result['page_warm']:5.0f}x"
    )
    print(
        f"  JSON       cold {result['json_cold']:7.0f} ms   warm {result['json_warm']:6.1f} ms"
        f"   cold/warm {result['json_cold'] / result['json_warm']:5.0f}x"
    )
    print(
        f"  project    cold {result['project_cold']:7.0f} ms   "
        f"warm {result['project_warm']:6.1f} ms   (pooling all {n:,} responses)"
    )
    print(
        f"  dashboard after one new response (counts updated, charts redrawn) "
        f"{result['page_new_response']:.0f} ms"
    )
    print(f"  SQL only, from scratch (figures + 6 breakdowns) {result['sql_only']:.0f} ms")
    print(
        f"  CPU time of this process, cold: dashboard {CPU['page_cold']:.0f} ms, "
        f"JSON {CPU['json_cold']:.0f} ms (load average {os.getloadavg()[0]:.1f})"
    )
    print(f"  peak Python memory of a cold dashboard request {result['peak_mib']:.1f} MiB")
    return result


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    results = {n: run(n) for n in sizes}
    biggest = results[max(sizes)]
    ok = biggest["page_warm"] < TARGET_WARM_MS and biggest["page_cold"] < TARGET_COLD_MS
    print(
        f"\ntargets at {max(sizes):,}: warm < {TARGET_WARM_MS} ms, cold < {TARGET_COLD_MS} ms:"
        f" {'met' if ok else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
