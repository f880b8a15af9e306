"""Time the PDF reports, cold and cached, against a plain WeasyPrint render.

Builds two demos in a temporary SQLite instance:
  - a training with 63 responses (the Rabat demo with 63 responses moved into one training);
  - a project of 5 trainings sharing 1,000 responses;
then times, for each:
  - cold: cache emptied, so SQL + analysis + every chart + WeasyPrint (median of 5);
  - cached: the same report again (median of 20);
and, in the same run, a plain WeasyPrint render (default fetcher, no PDF/UA) of a
hand-written HTML page with the same sections, tables and number of SVG charts, using the
same fonts (median of 5, each run right after a cold one). It prints the ratio cold / plain,
of wall-clock times and of CPU times.

    .venv/bin/python bench/report.py
"""

from __future__ import annotations

import base64
import io
import os
import sys
import tempfile
import time
from html import escape
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader  # noqa: E402
from sqlalchemy import select, update  # noqa: E402
from weasyprint import HTML  # noqa: E402

from survey import create_app  # noqa: E402
from survey.db import get_session, upgrade  # noqa: E402
from survey.demo import seed_demo  # noqa: E402
from survey.models import Project, Response, Training  # noqa: E402
from survey.reports import render  # noqa: E402
from survey.reports.build import (  # noqa: E402
    _draw_charts,
    project_pdf,
    project_report,
    report_cache,
    training_pdf,
    training_report,
)
from survey.reports.strings import strings_for  # noqa: E402

TARGET_COLD_S = 2.0
TARGET_CACHED_MS = 50
TARGET_RATIO = 1.5


def build(tmp: str):
    os.environ["SURVEY_INSTANCE_PATH"] = tmp
    db_file = Path(tmp) / "bench.sqlite"
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{db_file}"})
    with app.app_context():
        upgrade(app.extensions["survey_db"].engine)
        session = get_session()
        # A training with 63 responses: the demo with 63 responses, all in its first training.
        seed_demo(session, responses=63, rng_seed=1)
        first_project = session.scalars(select(Project).order_by(Project.id)).first()
        one, other = first_project.trainings[:2]
        session.execute(
            update(Response).where(Response.training_id == other.id).values(training_id=one.id)
        )
        one.expected_participants = 66
        # A project of 5 trainings sharing 1,000 responses.
        seed_demo(session, responses=1000, rng_seed=2)
        project = session.scalars(select(Project).order_by(Project.id.desc())).first()
        base = project.trainings[0]
        for i in range(3):
            session.add(
                Training(
                    project=project,
                    questionnaire=base.questionnaire,
                    title=f"Session régionale {i + 1}",
                    location="Rabat",
                    country="Maroc",
                    start_date=base.start_date,
                    end_date=base.end_date,
                    expected_participants=220,
                    code=f"bench{i}",
                    languages=["fr", "en", "ar"],
                    default_language="fr",
                )
            )
        session.flush()
        ids = [t.id for t in project.trainings]
        responses = session.scalars(
            select(Response.id).where(Response.training_id.in_(ids)).order_by(Response.id)
        ).all()
        for i, rid in enumerate(responses):
            session.execute(
                update(Response).where(Response.id == rid).values(training_id=ids[i % len(ids)])
            )
        session.commit()
        return app, one.id, project.id


def plain_html(report: render.TrainingReport, static: Path) -> str:
    """A hand-written page with the report's sections: cover, summary, indicators,
    charts (as data: URIs), tables, comments, methodology and annex, with page numbers and
    a running title. Its words are the report's; only the way they are put on the page is
    plain (no template, no safe fetcher, no PDF/UA tagging)."""
    fonts = "".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'src: url("{(static / "fonts" / name).as_uri()}"); }}'
        for family, weight, name in (
            ("Noto Sans", 400, "NotoSans-Regular.ttf"),
            ("Noto Sans", 700, "NotoSans-Bold.ttf"),
            ("Noto Naskh Arabic", 400, "NotoNaskhArabic-Regular.ttf"),
        )
    )
    t = strings_for(report.lang)
    parts = [
        f"<html lang='fr'><head><meta charset='utf-8'><title>{escape(report.title)}</title>"
        f"<style>{fonts} @page {{ size: A4; margin: 20mm; "
        "@top-center { content: string(title) } "
        "@bottom-right { content: counter(page) ' / ' counter(pages) } } "
        "h1 { string-set: title content() } .cover { page-break-after: always } "
        "body { font: 9.5pt 'Noto Sans', 'Noto Naskh Arabic'; } "
        "table { width: 100%; border-collapse: collapse; font-size: 8.5pt } "
        "td, th { border-bottom: 0.4pt solid #ccc; padding: 1mm } img { width: 100% }"
        "</style></head><body>",
        f"<div class='cover'><h1>{escape(report.title)}</h1><p>{escape(report.project_name)}"
        f" – {escape(report.donor)}</p><p>{escape(report.location)} – {escape(report.dates)}"
        f"</p><p>{escape(report.organisation)}</p></div>"
        f"<h2>{escape(t['summary'])}</h2><p>{escape(report.response_sentence)}</p>",
    ]
    for h in report.headlines:
        parts.append(f"<h3>{escape(h.label)}</h3><p>{escape(h.sentence)}</p>")
    if report.indicators:
        parts.append(f"<h2>{escape(t['indicators'])}</h2><table>")
        for i in report.indicators:
            cells = (i.label, i.target, f"{i.achieved} {i.ci}", i.sentence)
            parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        parts.append("</table>")
    tables = list(report.breakdowns) + list(report.annex)
    if report.comparison:
        tables.insert(0, report.comparison)
    for name, svg in report.charts.items():
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        parts.append(f"<h3>{escape(name)}</h3><img src='{uri}'>")
    for table in tables:
        parts.append(f"<h3>{escape(table.title)}</h3><table>")
        parts.append("<tr>" + "".join(f"<th>{escape(c)}</th>" for c in table.columns) + "</tr>")
        for row in table.rows:
            parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
        parts.append(f"</table><p>{escape(table.note)}</p>")
    for comment in report.comments:
        parts.append(f"<blockquote>{escape(getattr(comment, 'text', comment))}</blockquote>")
    parts.append(f"<h2>{escape(t['method'])}</h2>")
    for key in ("method_ci", "method_chart", "method_nps"):
        parts.append(f"<p>{escape(t[key])}</p>")
    parts.append(f"<p>{escape(t['method_suppression'].format(min=report.min_cell_size))}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def timed(fn, repeat: int) -> float:
    return timed_in_turn([fn], repeat)[0][0]


def timed_in_turn(fns, repeat: int) -> list[tuple[float, float]]:
    """Return each function's median wall-clock and CPU times, running them in turn.

    The machine is shared: timing one function's runs, then the other's, lets a change
    of load between the two blocks move their ratio; alternating spreads it over both.
    CPU time leaves out the time other processes had the cores.
    """
    times: list[list[tuple[float, float]]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, fn_times in zip(fns, times, strict=True):
            started, started_cpu = time.perf_counter(), time.process_time()
            fn()
            fn_times.append((time.perf_counter() - started, time.process_time() - started_cpu))
    return [(median(t[0] for t in ts), median(t[1] for t in ts)) for ts in times]


def bench(app, label: str, make_pdf, make_report) -> tuple[float, float, float]:
    static = Path(app.static_folder or "static")
    with app.test_request_context():
        make_pdf("en")  # warm up: fonts, matplotlib, templates (once per process)

        def cold() -> None:
            report_cache().clear()
            _draw_charts.cache_clear()  # cold means the charts are drawn again too
            make_pdf("fr")

        report = make_report("fr")
        html = plain_html(report, static)

        def plain() -> None:
            HTML(string=html).write_pdf()

        plain()  # warm up too, as the report was
        (cold_s, cold_cpu), (plain_s, plain_cpu) = timed_in_turn([cold, plain], 5)
        cached_s = timed(lambda: make_pdf("fr"), 20)
        pages = _pages(make_pdf("fr"))
        plain_pages = _pages(HTML(string=html).write_pdf())
    print(
        f"{label:<34} cold {cold_s:6.2f} s   cached {1000 * cached_s:6.2f} ms   "
        f"plain WeasyPrint {plain_s:5.2f} s   ratio {cold_s / plain_s:4.2f}x "
        f"(CPU time {cold_cpu / plain_cpu:4.2f}x)   "
        f"({len(report.charts)} charts; {pages} pages, plain {plain_pages})"
    )
    return cold_s, cached_s, plain_s


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app, training_id, project_id = build(tmp)
        with app.app_context():
            session = get_session()
            training = session.get(Training, training_id)
            project = session.get(Project, project_id)
            results = {}
            results["training"] = bench(
                app,
                "training report, 63 responses",
                lambda lang: training_pdf(training, lang),
                lambda lang: training_report(training, lang),
            )
            results["project"] = bench(
                app,
                "project report, 5 trainings, 1,000",
                lambda lang: project_pdf(project, lang),
                lambda lang: project_report(project, lang),
            )
        cold, cached, plain = results["training"]
        print()
        print(
            f"targets (63 responses): cold < {TARGET_COLD_S} s: "
            f"{'met' if cold < TARGET_COLD_S else 'NOT met'}; cached < {TARGET_CACHED_MS} ms: "
            f"{'met' if 1000 * cached < TARGET_CACHED_MS else 'NOT met'}; "
            f"<= {TARGET_RATIO}x plain render: "
            f"{'met' if cold / plain <= TARGET_RATIO else 'NOT met'} ({cold / plain:.2f}x)"
        )


if __name__ == "__main__":
    main()
