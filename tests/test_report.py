"""The PDF report downloaded from the dashboard, read back."""

import subprocess

from pypdf import PdfReader
from sqlalchemy import select

from survey.models import Training


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_dashboard_pdf_shows_a_new_response(
    logged_in, client, db, trainer, make_training, tmp_path
):
    from test_collect import GOOD, form_url, open_form

    training = make_training(owner=trainer, expected=10)
    before = logged_in.get(f"/trainings/{training.id}/report.pdf?lang=fr")
    assert before.status_code == 200
    assert before.mimetype == "application/pdf"
    assert before.data.startswith(b"%PDF")
    assert "0 répondants sur 0" not in pdf_text(before.data, tmp_path)

    for _ in range(3):
        _, hidden = open_form(client, training)
        client.post(form_url(training), data={**hidden, **GOOD})
    after = logged_in.get(f"/trainings/{training.id}/report.pdf?lang=fr")
    text = pdf_text(after.data, tmp_path)
    assert "Retour et réintégration" in text
    assert "3 répondants sur 3" in text
    english = pdf_text(logged_in.get(f"/trainings/{training.id}/report.pdf?lang=en").data, tmp_path)
    assert "3 of 3 respondents" in english


def test_report_pages_render_to_images(logged_in, db, trainer, make_training, tmp_path):
    training = make_training(owner=trainer)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(logged_in.get(f"/trainings/{training.id}/report.pdf").data)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages and all(p.stat().st_size > 1000 for p in pages)


def test_hostile_title_is_printed_not_fetched(logged_in, db, trainer, make_training, tmp_path):
    title = '<img src="file:///etc/passwd"><link rel=stylesheet href="http://example.com/x.css">'
    training = make_training(owner=trainer, title=title)
    assert db.scalar(select(Training.title)) == title
    response = logged_in.get(f"/trainings/{training.id}/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data, tmp_path)
    assert "file:///etc/passwd" in text
    assert "root:x:0" not in text


def test_cli_writes_project_report(runner, make_training, trainer, tmp_path):
    training = make_training(owner=trainer, title="Formation A")
    out = tmp_path / "project.pdf"
    result = runner.invoke(
        args=["report", "--project", str(training.project_id), "--lang", "en", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "Project evaluation report" in text
    assert "Formation A" in text
    both = runner.invoke(args=["report", "1", "--project", "1", "-o", str(out)])
    assert both.exit_code != 0
    assert "either TRAINING or --project" in both.output
