"""Donor reports and pages as a donor reads them: what issue 11 found wrong in them."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from helpers import csrf_token
from pypdf import PdfReader
from sqlalchemy import select
from test_dashboard_figures import add_response

from survey.models import DonorLink


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def text_of_page(pdf: bytes, number: int) -> str:
    page = PdfReader(io.BytesIO(pdf)).pages[number]
    return re.sub(r"\s+", " ", page.extract_text().replace("\u202f", " ").replace("\xa0", " "))


def report(client, training, lang="en") -> str:
    response = client.get(f"/trainings/{training.id}/report.pdf?lang={lang}")
    assert response.status_code == 200
    return text_of(response.data)


def test_breakdown_shows_groups_when_the_second_outcome_has_no_answers(
    logged_in, db, trainer, make_training
):
    training = make_training(owner=trainer, expected=12)
    for _ in range(6):
        add_response(db, training, satisfaction=5, country="MA")
    for i in range(6):
        add_response(db, training, satisfaction=4 if i < 3 else 2, country="CM")
    db.commit()
    text = report(logged_in, training)
    start = text.index("By country")
    section = text[start : text.index("All respondents", start)]
    assert "hidden" not in section
    # 6 of 6 and 3 of 6 satisfied, each with its n: the dashboard's figures.
    assert re.search(r"Morocco 100% \(n = 6", section)
    assert re.search(r"Cameroon 50% \(n = 6", section)


def test_every_hidden_group_reads_alike_in_the_report(logged_in, db, trainer, make_training):
    """A small group and its partner say the same: 'fewer than 5' on one would bound both
    (here 3 and 6 hidden, 16 in all, so the small one is at most 4 and the other 5 or more)."""
    training = make_training(owner=trainer, expected=20)
    for country, count in (("CM", 3), ("MA", 6), ("NG", 7)):
        for i in range(count):
            add_response(db, training, satisfaction=5 if i % 2 else 3, country=country)
    db.commit()
    text = report(logged_in, training)
    start = text.index("By country")
    section = " ".join(text[start : text.index("All respondents", start)].split())
    assert "Cameroon hidden (small groups protected)" in section
    assert "Morocco hidden (small groups protected)" in section
    assert "fewer than" not in section
    assert re.search(r"Nigeria \d+% \(n = 7", section)


def test_one_rounding_rule_matches_exact_half_up():
    from survey.analysis.proportions import whole_percent

    for n in range(1, 201):
        for k in range(0, 2 * n + 1):
            exact = (Decimal(100) * k / n).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            assert whole_percent(k / n) == int(exact), (k, n)


def test_36_of_32_is_113_percent_on_dashboard_report_and_project_page(
    logged_in, db, trainer, make_training
):
    training = make_training(owner=trainer, expected=32)
    for _ in range(36):
        add_response(db, training, satisfaction=5, adopt=5, country="MA")
    db.commit()
    dashboard = logged_in.get(f"/trainings/{training.id}").text
    assert re.search(r"113\s?%", dashboard.replace("\u202f", " ").replace("\xa0", " "))
    assert not re.search(r"112\s?%", dashboard.replace("\u202f", " ").replace("\xa0", " "))
    project = logged_in.get(f"/projects/{training.project_id}").text
    assert "113" in project and "112" not in project
    assert "(113%)" in report(logged_in, training)


def test_more_responses_than_expected_is_said_and_never_met(logged_in, db, trainer, make_training):
    from survey.models import Indicator

    training = make_training(owner=trainer, expected=32)
    training.project.indicators = [Indicator(metric="response_rate", target=0.8, position=0)]
    for _ in range(36):
        add_response(db, training, satisfaction=5, adopt=5, country="MA")
    db.commit()
    dashboard = logged_in.get(f"/trainings/{training.id}?lang=en").text
    assert "more responses than expected participants" in dashboard
    text = report(logged_in, training)
    assert "more responses than expected participants: check the expected number" in text
    indicators = text[text.index("Project indicators") :]
    assert "Cannot tell" in indicators
    assert " Met " not in indicators
    french = report(logged_in, training, "fr")
    assert "plus de réponses que de participants attendus" in french
    arabic = report(logged_in, training, "ar")
    assert "التحقّق" in arabic or "تحقّقوا" in arabic


@pytest.mark.parametrize(
    ("responses", "lang", "caveat"),
    [
        (7, "en", "Small sample (n = 7)"),
        (7, "fr", "Petit échantillon (n = 7)"),
        (7, "ar", "عيّنة صغيرة"),
    ],
)
def test_a_report_on_fewer_than_10_responses_says_its_sample_is_small(
    logged_in, db, trainer, make_training, responses, lang, caveat
):
    training = make_training(owner=trainer, expected=20)
    for _ in range(responses):
        add_response(db, training, satisfaction=4, adopt=5, country="MA")
    db.commit()
    pdf = logged_in.get(f"/trainings/{training.id}/report.pdf?lang={lang}").data
    cover = text_of_page(pdf, 0)
    assert caveat in cover
    # On the cover, then again in the summary with its reason.
    assert cover.count(caveat.split(" (")[0]) >= 2


def test_a_report_on_10_responses_has_no_small_sample_caveat(logged_in, db, trainer, make_training):
    training = make_training(owner=trainer, expected=20)
    for _ in range(10):
        add_response(db, training, satisfaction=4, adopt=5, country="MA")
    db.commit()
    assert "Small sample" not in report(logged_in, training)


def solid_png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def coloured_pixels(pdf: bytes, tmp_path, colours) -> dict:
    """Count, on page 1 drawn as a person sees it, the pixels of each colour."""
    from PIL import Image

    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile"]
        + [str(tmp_path / "r.pdf"), str(tmp_path / "cover")],
        check=True,
    )
    found = Image.open(tmp_path / "cover.png").convert("RGB").getcolors(1 << 24) or []
    return {
        c: sum(n for n, p in found if max(abs(a - b) for a, b in zip(p, c, strict=True)) < 12)
        for c in colours
    }


ORG, DONOR = (0, 170, 0), (200, 0, 200)


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_cover_shows_both_logos_in_every_language(
    logged_in, db, trainer, make_training, tmp_path, lang
):
    training = make_training(owner=trainer)
    add_response(db, training, satisfaction=5, adopt=5, country="MA")
    project = training.project
    project.org_logo, project.org_logo_type = solid_png(ORG), "image/png"
    project.donor_logo, project.donor_logo_type = solid_png(DONOR), "image/png"
    db.commit()
    pdf = logged_in.get(f"/trainings/{training.id}/report.pdf?lang={lang}").data
    seen = coloured_pixels(pdf, tmp_path, (ORG, DONOR))
    # Each logo is drawn at up to 60 x 16 mm: at 40 dpi, about 95 x 25 pixels, whole.
    assert seen[ORG] > 1500, seen
    assert seen[DONOR] > 1500, seen


def test_project_page_links_to_its_pdf_in_each_language_and_to_donor_links(
    logged_in, db, trainer, make_training
):
    training = make_training(owner=trainer)
    page = logged_in.get(f"/projects/{training.project_id}?lang=en").text
    for lang in ("fr", "en", "ar"):
        assert f'href="/projects/{training.project_id}/report.pdf?lang={lang}"' in page
        assert logged_in.get(f"/projects/{training.project_id}/report.pdf?lang={lang}").data[
            :4
        ] == (b"%PDF")
    assert f'href="/projects/{training.project_id}/donor-links"' in page


def test_donor_page_shows_charts_logos_and_when_its_figures_date_from(
    app, logged_in, db, trainer, make_training
):
    from test_donor_links import create_link

    from survey.models import DonorLinkVisit

    training = make_training(owner=trainer, timezone="Africa/Casablanca")
    for i in range(12):
        add_response(db, training, satisfaction=5 - i % 3, adopt=4, recommend=9, country="MA")
    project = training.project
    project.org_logo, project.org_logo_type = solid_png(ORG), "image/png"
    project.donor_logo, project.donor_logo_type = solid_png(DONOR), "image/jpeg"
    db.commit()
    path, _ = create_link(logged_in, training)
    donor = app.test_client()
    before = datetime.now(ZoneInfo("Africa/Casablanca"))
    page = donor.get(path)
    after = datetime.now(ZoneInfo("Africa/Casablanca"))
    assert page.status_code == 200
    # The headline charts, drawn inline: the page's CSP stays strict.
    assert page.text.count("<svg") >= 2
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "img-src 'self' data:" in csp
    # Logos served by the app itself, each as the image uploaded; opening them is no visit.
    for kind, colour in (("org", ORG), ("donor", DONOR)):
        src = f"{path}/logo/{kind}"
        assert f'src="{src}"' in page.text
        image = donor.get(src)
        assert image.status_code == 200
        assert image.data == solid_png(colour)
    assert donor.get(f"{path}/logo/other").status_code == 404
    assert logged_in.get(f"/projects/{project.id}").status_code == 200
    db.expire_all()
    assert db.query(DonorLinkVisit).count() == 1
    # "Figures as of" the time of opening, in the training's own zone (Morocco).
    stamp = re.search(r"Figures as of ([^<]+)\.</span>", page.text)
    assert stamp, page.text
    assert "Morocco" in stamp.group(1)
    hours = {f"{when:%-I:%M}" for when in (before, after)}
    assert any(h in stamp.group(1) for h in hours), (stamp.group(1), hours)
    assert str(before.year) in stamp.group(1)


def test_donor_page_logos_need_an_active_link(app, logged_in, db, trainer, make_training):
    from test_donor_links import create_link

    training = make_training(owner=trainer)
    training.project.org_logo, training.project.org_logo_type = solid_png(ORG), "image/png"
    db.commit()
    path, _ = create_link(logged_in, training)
    donor = app.test_client()
    assert donor.get(f"{path}/logo/org").status_code == 200
    assert donor.get("/d/" + "x" * 43 + "/logo/org").status_code == 404
    link_id = db.scalar(select(DonorLink.id))
    page = logged_in.get(f"/projects/{training.project_id}/donor-links?lang=en")
    logged_in.post(f"/donor-links/{link_id}/revoke", data={"csrf_token": csrf_token(page.text)})
    assert donor.get(f"{path}/logo/org").status_code == 410


def test_targets_take_decimals_and_show_their_unit(logged_in, db, trainer, make_training):
    from test_dashboard_projects import _settings_form

    from survey.models import Indicator

    training = make_training(owner=trainer)
    for _ in range(12):
        add_response(db, training, satisfaction=5, adopt=4, recommend=10, country="MA")
    db.commit()
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    saved = _settings_form(
        logged_in,
        training.project_id,
        target_ready_to_adopt="72,5",
        target_recommend="12.5",
        target_satisfied="٧٢٫٢٥",
    )
    assert saved.status_code == 302
    targets = {i.metric: i.target for i in db.scalars(select(Indicator))}
    assert targets == pytest.approx(
        {"ready_to_adopt": 0.725, "recommend": 12.5, "satisfied": 0.7225}
    )
    settings = logged_in.get(f"/projects/{training.project_id}/settings").text
    assert 'value="72.5"' in settings and 'value="12.5"' in settings
    assert 'value="72.25"' in settings
    assert "A percentage, from 0 to 100" in settings and "In points, from -100" in settings
    page = logged_in.get(f"/projects/{training.project_id}").text
    assert "target 72.5%" in page and "target +12.5 points" in page
    text = report(logged_in, training)
    indicators = text[text.index("Project indicators") :]
    assert "72.5%" in indicators and "72.25%" in indicators and "+12.5 points" in indicators
    french = report(logged_in, training, "fr")
    assert "72,5 %" in french and "+12,5 points" in french


@pytest.mark.parametrize("typed", ["abc", "nan", "inf", "1e400", "72,5,1"])
def test_a_target_that_is_no_number_is_explained_and_kept(
    logged_in, db, trainer, make_training, typed
):
    from test_dashboard_projects import _settings_form

    training = make_training(owner=trainer)
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    response = _settings_form(logged_in, training.project_id, target_ready_to_adopt=typed)
    assert response.status_code == 200
    assert "Tapez un nombre, par exemple 72,5." in response.text or "entre" in response.text
    assert f'value="{typed}"' in response.text


WORDINGS = {
    "name_en": "Support to vulnerable migrants",
    "name_ar": "دعم المهاجرين المستضعفين",
    "donor_en": "European Union",
    "donor_ar": "الاتحاد الأوروبي",
    "organisation_en": "International Organization for Migration",
    "organisation_ar": "المنظمة الدولية للهجرة",
}


def test_project_wording_per_language_on_reports_forms_pages(
    app, logged_in, client, db, trainer, make_training
):
    from test_dashboard_projects import _settings_form
    from test_donor_links import create_link

    training = make_training(
        owner=trainer, title_translations={"ar": "العودة وإعادة الإدماج", "en": "Return"}
    )
    for _ in range(6):
        add_response(db, training, satisfaction=5, adopt=5, country="MA")
    db.commit()
    saved = _settings_form(
        logged_in,
        training.project_id,
        organisation="Organisation pour les migrations",
        privacy_ar="",  # the notice built from the organisation's name
        **WORDINGS,
    )
    assert saved.status_code == 302
    settings = logged_in.get(f"/projects/{training.project_id}/settings").text
    assert all(f'value="{text}"' in settings for text in WORDINGS.values())
    # Reports: the cover's project, donor and organisation in the report's language.
    english = report(logged_in, training)
    for key in ("name_en", "donor_en", "organisation_en"):
        assert WORDINGS[key] in english
    assert "Projet migrants" not in english and "Union européenne" not in english
    arabic = report(logged_in, training, "ar")
    for key in ("name_ar", "donor_ar", "organisation_ar"):
        assert WORDINGS[key] in arabic
    french = report(logged_in, training, "fr")
    assert "Projet migrants" in french and "Organisation pour les migrations" in french
    # The Arabic project report names the trainings by their Arabic titles.
    project_pdf = logged_in.get(f"/projects/{training.project_id}/report.pdf?lang=ar").data
    project_text = text_of(project_pdf)
    assert "العودة وإعادة الإدماج" in project_text
    assert "Retour et réintégration" not in project_text
    assert WORDINGS["name_ar"] in project_text
    # The Arabic form's privacy notice names the organisation in Arabic.
    form = client.get(f"/s/{training.code}?lang=ar").text
    assert WORDINGS["organisation_ar"] in form
    assert "Organisation pour les migrations" not in form
    # Dashboards and donor pages.
    page = logged_in.get(f"/projects/{training.project_id}?lang=en").text
    assert WORDINGS["name_en"] in page and WORDINGS["donor_en"] in page
    path, _ = create_link(logged_in, training, lang="ar")
    donor_page = app.test_client().get(path).text
    assert WORDINGS["name_ar"] in donor_page and WORDINGS["donor_ar"] in donor_page


def test_the_demo_has_its_wording_in_three_languages(app, logged_in, db, make_user):
    from helpers import login

    from survey.demo import seed_demo
    from survey.models import Training

    seed_demo(db, responses=40)
    make_user("admin@example.org", role="admin")
    admin = app.test_client()
    login(admin, "admin@example.org")
    training = db.scalars(select(Training)).first()
    english = report(admin, training)
    assert "Responding to the needs of vulnerable migrants in distress" in english
    assert "European Union" in english and "Rabat, Morocco" in english
    assert "Union européenne" not in english and "Maroc" not in english
    arabic = report(admin, training, "ar")
    assert "الاتحاد الأوروبي" in arabic and "الرباط، المغرب" in arabic


def test_a_trainer_gives_the_place_in_each_language(logged_in, db, trainer, make_training):
    from test_dashboard import edit

    training = make_training(owner=trainer)
    add_response(db, training, satisfaction=5, adopt=5, country="MA")
    db.commit()
    changed = edit(
        logged_in,
        training.id,
        location="Rabat",
        country="Maroc",
        place_en="Rabat, Morocco",
        place_ar="الرباط، المغرب",
    )
    assert changed.status_code == 302
    form = logged_in.get(f"/trainings/{training.id}/edit").text
    assert 'value="Rabat, Morocco"' in form and 'value="الرباط، المغرب"' in form
    english = report(logged_in, training)
    assert "Rabat, Morocco" in english and "Maroc" not in english
    assert "الرباط، المغرب" in report(logged_in, training, "ar")
    # French has no place of its own: place and country as typed.
    assert "Rabat, Maroc" in report(logged_in, training, "fr")
    # The participants' form says where, in the form's language.
    assert "الرباط، المغرب" in logged_in.get(f"/s/{training.code}?lang=ar").text
    assert "Rabat, Maroc" in logged_in.get(f"/s/{training.code}?lang=fr").text


def test_arabic_project_page_names_trainings_by_their_arabic_titles(
    logged_in, db, trainer, make_training
):
    training = make_training(owner=trainer, title_translations={"ar": "العودة وإعادة الإدماج"})
    for _ in range(6):
        add_response(db, training, satisfaction=5, adopt=5, country="MA")
    db.commit()
    page = logged_in.get(f"/projects/{training.project_id}?lang=ar").text
    assert "العودة وإعادة الإدماج" in page
    assert "Retour et réintégration" not in page
    french = logged_in.get(f"/projects/{training.project_id}?lang=fr").text
    assert "Retour et réintégration" in french


def test_a_net_promoter_score_of_12_5_is_13_everywhere(logged_in, db, trainer, make_training):
    training = make_training(owner=trainer, expected=8)
    for value in (10, 10, 10, 8, 8, 8, 3, 3):
        add_response(db, training, satisfaction=4, adopt=4, recommend=value, country="MA")
    db.commit()
    # 3 promoters and 2 detractors of 8: exactly +12.5, whole points rounded half up.
    exact = (Decimal(3 - 2) * 100 / 8).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert exact == 13
    dashboard = logged_in.get(f"/trainings/{training.id}?lang=en").text
    assert "a Net Promoter Score of 13." in dashboard
    project = logged_in.get(f"/projects/{training.project_id}?lang=en").text
    assert re.search(r'id="pooled-recommend">.*?<div class="value">13</div>', project, re.S)
    assert "score of +13 (95% CI" in report(logged_in, training)
