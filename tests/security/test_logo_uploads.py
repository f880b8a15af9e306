"""Uploaded logos: pixel sizes checked before decoding, raster logos saved again, SVG
logos that fetch or swap in outside files refused."""

from __future__ import annotations

import gc
import io
import warnings

import pytest
from PIL import Image, PngImagePlugin
from test_dashboard_projects import _settings_form

from survey.models import Project


def png(size: tuple[int, int], mode: str = "RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (31, 78, 121) if mode == "RGB" else 0).save(buffer, "PNG", **save)
    return buffer.getvalue()


def upload(client, project_id: int, data: bytes, name: str = "logo.png"):
    with warnings.catch_warnings():
        # Werkzeug spools an upload over 500 KB to a temporary file that its test client
        # leaves to the garbage collector; collect it here, not in the next test.
        warnings.simplefilter("ignore", ResourceWarning)
        response = _settings_form(
            client, project_id, name="Nom gardé", org_logo=(io.BytesIO(data), name)
        )
        status, text = response.status_code, response.text
        del response
        gc.collect()
    return status, text


@pytest.fixture
def project_id(logged_in, make_training, trainer):
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return make_training(owner=trainer).project_id


def test_a_logo_of_huge_dimensions_is_refused_before_decoding(logged_in, db, project_id):
    # A few hundred kilobytes that decode to 81 million pixels (243 MB, 11 s a report).
    bomb = png((9000, 9000), mode="1", optimize=True)
    assert len(bomb) < 1024 * 1024
    status, text = upload(logged_in, project_id, bomb)
    assert status == 200
    assert "The logo is 9000 × 9000 pixels: at most 4000 pixels wide and high" in text
    assert 'value="Nom gardé"' in text  # what was typed is kept
    db.expire_all()
    assert db.get(Project, project_id).org_logo is None


def test_a_kept_logo_is_scaled_down_and_saved_again(logged_in, db, project_id):
    # A large logo with a text chunk and bytes after its end (a file that is also
    # something else): what is kept is only the picture, at most 1000 pixels a side.
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    original = png((3000, 1200), pnginfo=info) + b"PK\x03\x04 trailing archive"
    status, _text = upload(logged_in, project_id, original)
    assert status == 302
    db.expire_all()
    project = db.get(Project, project_id)
    assert project.org_logo_type == "image/png"
    assert b"<script>" not in project.org_logo and b"PK\x03\x04" not in project.org_logo
    with Image.open(io.BytesIO(project.org_logo)) as kept:
        assert kept.format == "PNG"
        assert kept.size == (1000, 400)
        assert kept.convert("RGB").getpixel((500, 200)) == (31, 78, 121)


def test_a_jpeg_logo_stays_a_jpeg(logged_in, db, project_id):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 800), (200, 30, 30)).save(buffer, "JPEG", quality=95)
    status, _text = upload(logged_in, project_id, buffer.getvalue(), "logo.jpg")
    assert status == 302
    db.expire_all()
    project = db.get(Project, project_id)
    assert project.org_logo_type == "image/jpeg"
    with Image.open(io.BytesIO(project.org_logo)) as kept:
        assert (kept.format, kept.size) == ("JPEG", (1000, 500))


def test_a_file_that_only_starts_like_a_png_is_refused(logged_in, db, project_id):
    status, text = upload(logged_in, project_id, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert status == 200
    assert "must be a PNG, JPEG or SVG image" in text
    db.expire_all()
    assert db.get(Project, project_id).org_logo is None


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'
ACTIVE_SVGS = {
    "style @import": "<style>@import url(https://evil.example/x.css);</style>",
    "style @import, no url()": '<style>@import "https://evil.example/x.css";</style>',
    "style url()": "<style>rect{fill:url( 'https://evil.example/p.svg#p')}</style>",
    "attribute url()": '<rect style="filter:url(https://evil.example/f.svg#f)"/>',
    "animate href": '<a href="#x"><animate attributeName="href" to="https://evil.example"/></a>',
    "set xlink:href": (
        '<a xlink:href="#x"><set attributeName="xlink:href" to="https://evil.example"/></a>'
    ),
}


@pytest.mark.parametrize("body", ACTIVE_SVGS.values(), ids=ACTIVE_SVGS.keys())
def test_an_svg_logo_that_fetches_or_swaps_in_outside_files_is_refused(
    logged_in, db, project_id, body
):
    status, text = upload(logged_in, project_id, SVG.format(body).encode(), "logo.svg")
    assert status == 200
    assert "SVG without scripts" in text
    db.expire_all()
    assert db.get(Project, project_id).org_logo is None


def test_a_plain_svg_logo_with_its_own_gradient_is_kept(logged_in, db, project_id):
    plain = SVG.format(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#0b5cad"/>'
        '</linearGradient></defs><rect width="10" height="10" fill="url(#g)"/>'
        '<animate attributeName="opacity" from="0" to="1" dur="1s"/>'
    ).encode()
    status, _text = upload(logged_in, project_id, plain, "logo.svg")
    assert status == 302
    db.expire_all()
    project = db.get(Project, project_id)
    assert (project.org_logo, project.org_logo_type) == (plain, "image/svg+xml")
