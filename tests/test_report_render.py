"""Donor PDF: the numbers a donor reads, its metadata, and a fetcher that fetches nothing else."""

from __future__ import annotations

import gc
import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from survey.charts import LikertRow, diverging_likert_svg
from survey.reports.render import (
    STATIC_DIR,
    Headline,
    RefusedURLError,
    SafeURLFetcher,
    TrainingReport,
    collector_paused,
    format_decimal,
    format_interval,
    format_percent,
    render_training_html,
    render_training_pdf,
)

HOSTILE = '<img src="file:///etc/passwd"><link rel=stylesheet href="http://example.com/x.css">'
LONG_WORD = "Anticonstitutionnellement" * 12

LIKERT = diverging_likert_svg(
    [
        LikertRow("La formation a répondu à mes attentes", (0, 1, 5, 22, 30)),
        LikertRow("Je suis prêt·e à adopter les nouvelles approches", (0, 2, 6, 26, 24)),
    ]
)


def make_report(**changes: object) -> TrainingReport:
    report = TrainingReport(
        lang="fr",
        project_name="Gouvernance locale inclusive",
        donor="Union européenne",
        title="Approches participatives dans l’action publique",
        location="Rabat, Maroc",
        dates="3–5 mars 2025",
        responses=58,
        expected=63,
        headlines=[
            Headline(
                "Satisfaction",
                "52 participants sur 58 se disent satisfaits.",
                52,
                58,
                52 / 58,
                0.7924,
                0.9518,
            ),
            Headline(
                "Prêts à adopter",
                "50 participants sur 58 sont prêts à adopter les approches.",
                50,
                58,
                50 / 58,
                0.7512,
                0.9282,
            ),
        ],
        charts={"likert": LIKERT},
        comments=["Très utile."],
        generated_on="12 mars 2025",
    )
    return replace(report, **changes)  # type: ignore[arg-type]


def flat(text: str) -> str:
    """Drop all whitespace (PDF extraction breaks lines and spaces its own way)."""
    return "".join(text.split())


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def sample() -> tuple[bytes, SafeURLFetcher]:
    fetcher = SafeURLFetcher(STATIC_DIR)
    return render_training_pdf(make_report(), static_dir=STATIC_DIR, url_fetcher=fetcher), fetcher


@pytest.fixture(scope="module")
def hostile() -> tuple[bytes, SafeURLFetcher]:
    report = make_report(
        title="Formation " + HOSTILE,
        project_name=HOSTILE,
        donor=HOSTILE,
        location=LONG_WORD,
        headlines=[Headline(HOSTILE, HOSTILE, 0, 0, None, None, None)],
        comments=[HOSTILE, "mot " * 1250, LONG_WORD],
        generated_on=HOSTILE,
    )
    fetcher = SafeURLFetcher(STATIC_DIR)
    return render_training_pdf(report, static_dir=STATIC_DIR, url_fetcher=fetcher), fetcher


def test_pdf_shows_title_headline_numbers_and_n(sample: tuple[bytes, SafeURLFetcher]) -> None:
    pdf, _ = sample
    assert pdf.startswith(b"%PDF-")
    text = flat(pdf_text(PdfReader(io.BytesIO(pdf))))

    assert flat("Approches participatives dans l’action publique") in text
    assert "90%" in text  # 52 / 58, big
    assert "86%" in text  # 50 / 58
    assert "n=58" in text
    assert "ICà95%:79–95%" in text
    assert "ICà95%:75–93%" in text
    assert "92%" in text  # response rate, 58 / 63
    assert flat("58 réponses sur 63 participants") in text
    assert flat("La formation a répondu à mes attentes") in text  # chart text stays text
    assert flat("Rapport généré le 12 mars 2025") in text
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert f"1/{pages}" in text  # page x / y in the footer


def test_pdf_metadata_language_and_bookmarks(sample: tuple[bytes, SafeURLFetcher]) -> None:
    reader = PdfReader(io.BytesIO(sample[0]))

    assert reader.metadata is not None
    assert reader.metadata.title == (
        "Approches participatives dans l’action publique – Rapport d’évaluation"
    )
    assert reader.metadata.author == "Gouvernance locale inclusive"
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    outline = reader.outline
    assert outline[0]["/Title"] == "Approches participatives dans l’action publique"
    titles = [item["/Title"] for item in outline[1]]
    assert titles[0] == "Synthèse"
    assert "Méthodologie" in titles
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged, as PDF/UA asks


def test_pdf_uses_bundled_fonts_and_fetches_only_its_own_files(
    sample: tuple[bytes, SafeURLFetcher],
) -> None:
    pdf, fetcher = sample
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Noto-Sans" in name for name in fonts), fonts

    assert fetcher.refused == []
    assert "static:/fonts/NotoSans-Regular.ttf" in fetcher.served
    assert "chart:likert" in fetcher.served
    assert all(url.startswith(("static:/", "chart:")) for url in fetcher.served)


def test_hostile_text_is_printed_literally_and_fetches_nothing(
    hostile: tuple[bytes, SafeURLFetcher],
) -> None:
    pdf, fetcher = hostile
    reader = PdfReader(io.BytesIO(pdf))
    text = flat(pdf_text(reader))

    assert flat(HOSTILE) in text
    assert LONG_WORD[:60] in text
    assert len(reader.pages) >= 2  # the 5,000-character comment flows on
    assert fetcher.refused == []
    assert all(url.startswith(("static:/", "chart:")) for url in fetcher.served)


def test_html_escapes_every_user_value() -> None:
    html = render_training_html(make_report(title=HOSTILE, comments=[HOSTILE], donor=HOSTILE))

    assert '<img src="file:' not in html
    assert "<link" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "data:text/css,body{}",
        "javascript:alert(1)",
        "static:/../../etc/passwd",
        "static:../../etc/passwd",
        "static:/%2e%2e/%2e%2e/etc/passwd",
        "static:/css/../../survey/__init__.py",
        "static:/fonts/LICENSE-noto.txt",  # a file, but not a type the report needs
        "static:/",
        "static:/missing.css",
        "chart:missing",
        "css/report.css",
    ],
)
def test_fetcher_refuses(url: str) -> None:
    fetcher = SafeURLFetcher(STATIC_DIR)

    with pytest.raises(RefusedURLError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.served == []


def test_fetcher_refuses_symlink_out_of_static(tmp_path: Path) -> None:
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    (static / "css" / "link.css").symlink_to(secret)
    (static / "css" / "ok.css").write_text("p { margin: 0 }")
    fetcher = SafeURLFetcher(static)

    with pytest.raises(RefusedURLError):
        fetcher.fetch("static:/css/link.css")
    response = fetcher.fetch("static:/css/ok.css")
    assert response.read() == b"p { margin: 0 }"
    assert response.content_type == "text/css"


def test_fetcher_serves_registered_charts_only_by_valid_name() -> None:
    fetcher = SafeURLFetcher(STATIC_DIR)
    url = fetcher.add_chart("likert", "<svg/>")

    assert url == "chart:likert"
    assert fetcher.fetch(url).content_type == "image/svg+xml"
    with pytest.raises(ValueError):
        fetcher.add_chart("../x", "<svg/>")


def test_chart_font_lists_are_written_for_weasyprint_and_user_text_kept() -> None:
    fetcher = SafeURLFetcher(STATIC_DIR)
    label = "font-family: 'A', 'B'; \"quoted\""
    svg = (
        "<svg><text style=\"font-size: 8px; font-family: 'Noto Sans', 'Noto Naskh Arabic'; "
        f'fill: #555">{label}</text></svg>'
    )
    body = fetcher.fetch(fetcher.add_chart("likert", svg)).read()

    assert b"font-family: 'Noto Sans','Noto Naskh Arabic'; fill" in body
    assert label.encode() in body


def test_arabic_chart_labels_are_drawn_in_the_bundled_arabic_font() -> None:
    chart = diverging_likert_svg(
        [LikertRow("ما مدى رضاكم عن التنظيم والجوانب اللوجستية؟", (1, 2, 3, 4, 5))], lang="ar"
    )
    report = make_report(lang="ar", title="تقرير", charts={"likert": chart}, comments=[])
    reader = PdfReader(io.BytesIO(render_training_pdf(report, static_dir=STATIC_DIR)))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }

    # Before, the chart's Arabic fell back to DejaVu Sans, wider than matplotlib measured.
    assert any("Naskh" in name for name in fonts), fonts
    assert not any("DejaVu" in name for name in fonts), fonts


def test_collector_is_paused_during_a_report_and_switched_back_on() -> None:
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer report is still being made
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()
    render_training_pdf(make_report(), static_dir=STATIC_DIR)
    assert gc.isenabled()


def test_collector_switched_off_by_someone_else_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_weasyprint_goes_through_fetcher_for_injected_markup() -> None:
    # Were markup ever to reach the HTML unescaped, nothing would be fetched.
    fetcher = SafeURLFetcher(STATIC_DIR)
    HTML(string=HOSTILE + "<p>x</p>", base_url="static:/", url_fetcher=fetcher).write_pdf()

    assert set(fetcher.refused) == {"file:///etc/passwd", "http://example.com/x.css"}
    assert fetcher.served == []


def test_english_report_and_missing_expected_count() -> None:
    html = render_training_html(make_report(lang="en", expected=None))

    assert '<html lang="en" dir="ltr">' in html
    assert "Response rate" not in html
    assert "58 responses" in html
    assert "95% CI: 79–95%" in html


def test_arabic_report_is_right_to_left() -> None:
    assert 'dir="rtl"' in render_training_html(make_report(lang="ar"))


def test_headline_without_answers_shows_no_share() -> None:
    html = render_training_html(
        make_report(headlines=[Headline("Satisfaction", "Pas de réponse.", 0, 0, None, None, None)])
    )

    assert "n = 0" in html
    assert "IC à" not in html


def test_percent_formatting() -> None:
    assert format_percent(0.525, "fr") == "53\u202f%"  # half up, not half to even
    assert format_percent(0.525, "en") == "53%"
    assert format_percent(None, "fr") == "–"
    assert format_interval(0.7924, 0.9518, "fr") == "79–95\u202f%"
    assert format_interval(None, 0.5, "fr") == ""
    assert format_decimal(3.85, "fr") == "3,9"  # a decimal comma in French, half up
    assert format_decimal(3.85, "en") == "3.9"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_first_page_renders_to_png(sample: tuple[bytes, SafeURLFetcher], tmp_path: Path) -> None:
    pdf_path = tmp_path / "report.pdf"
    pdf_path.write_bytes(sample[0])

    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf_path,
            tmp_path / "page",
        ],
        check=True,
        timeout=30,
    )
    png = tmp_path / "page.png"
    assert png.exists()
    assert png.stat().st_size > 1000
    assert png.read_bytes().startswith(b"\x89PNG")


def test_numbered_likert_charts_get_likert_alt_text_and_one_heading() -> None:
    html = render_training_html(make_report(charts={"likert0": LIKERT, "likert1": LIKERT}))

    assert html.count('src="chart:likert0"') == 1
    assert html.count("Graphique en barres divergentes") == 2
    assert html.count("<h3>Appréciation de la formation</h3>") == 1
