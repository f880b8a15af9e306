"""What a phone downloads: versioned static URLs, long caching, gzip, and its weight.

A participant on a slow mobile connection should get the whole form in the first
round trips (about 14 KB compressed: TCP's initial congestion window), so the form's
CSS is inlined into the page, its script is small and deferred, and text is gzipped.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for
from markupsafe import Markup

# A year: safe because every URL we hand out carries the file's content hash.
LONG_CACHE = 365 * 24 * 3600
BUDGET = 14_600
_TEXT_TYPES = (
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/svg+xml",
)
_MIN_GZIP = 500


@cache
def _file_hash(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def _static_path(filename: str) -> Path:
    return Path(current_app.static_folder or "") / filename


def asset_url(filename: str) -> str:
    """URL of a static file with its content hash, so a changed file gets a new URL."""
    path = _static_path(filename)
    version = _file_hash(str(path), path.stat().st_mtime)
    return url_for("static", filename=filename, v=version)


FORM_STYLES = ("css/base.css", "css/form.css")


def inline_css(*filenames: str) -> Markup:
    """The stylesheets' text, one after the other, to put inside a <style> element."""
    texts = []
    for filename in filenames:
        path = _static_path(filename)
        texts.append(_read_text(str(path), path.stat().st_mtime))
    # Our own stylesheets from static/, never visitor input.
    return Markup("".join(texts).replace("</", "<\\/"))  # noqa: S704  # nosec B704


def inline_style_hash(filenames: tuple[str, ...] = FORM_STYLES) -> str:
    """The CSP source ('sha256-...') that allows the inlined stylesheet without 'unsafe-inline'."""
    digest = hashlib.sha256(str(inline_css(*filenames)).encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@cache
def _read_text(path: str, mtime: float) -> str:
    return Path(path).read_text(encoding="utf-8")


def init_app(app: Flask) -> None:
    app.add_template_global(asset_url)
    app.add_template_global(inline_css)
    app.after_request(_cache_and_compress)


def _cache_and_compress(response: Response) -> Response:
    if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.max_age = LONG_CACHE
        response.cache_control.immutable = True
    # Only participant pages and static files are compressed: trainer pages carry a
    # CSRF token next to text the visitor typed, the pattern BREACH needs to guess the
    # token from compressed sizes; a participant's anonymous form protects nothing secret.
    if request.endpoint == "static" or (request.blueprint == "collect"):
        _gzip(response)
    return response


def accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def _gzip(response: Response) -> None:
    if (
        not accepts_gzip()
        or response.status_code not in (200, 422)  # not 206: a range of the plain bytes
        or "Content-Encoding" in response.headers
        or response.mimetype not in _TEXT_TYPES
        or (response.is_streamed and not response.direct_passthrough)
    ):
        return
    source = response.response
    response.direct_passthrough = False
    body = response.get_data()
    if hasattr(source, "close"):
        source.close()  # a static file's handle, already read in full
    response.vary.add("Accept-Encoding")
    if len(body) < _MIN_GZIP:
        return
    response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    # The ETag of the file no longer describes these bytes.
    if response.headers.get("ETag"):
        response.headers["ETag"] = response.headers["ETag"].rstrip('"') + '-gz"'


@dataclass(frozen=True)
class Weight:
    """Bytes a page needs for its first render, as sent (gzip) and before."""

    url: str
    raw: int
    compressed: int


_ASSET = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|icon|preload|manifest)"[^>]*href|script[^>]+src|img[^>]+src)'
    r'="([^"]+)"'
)


def page_weight(client, path: str, headers: dict[str, str] | None = None) -> list[Weight]:
    """Fetch ``path`` and every asset it references with a test client; gzip sizes."""
    asked = {"Accept-Encoding": "gzip", **(headers or {})}
    weights = []
    page = client.get(path, headers=asked)
    if page.status_code != 200:
        raise ValueError(f"{path} answered {page.status_code}")
    html = _plain(page)
    weights.append(Weight(path, len(html), len(page.data)))
    for url in _ASSET.findall(html.decode("utf-8")):
        if url.startswith("data:"):
            continue
        asset = client.get(url.replace("&amp;", "&"), headers=asked)
        if asset.status_code != 200:
            raise ValueError(f"{url} answered {asset.status_code}")
        weights.append(Weight(url, len(_plain(asset)), len(asset.data)))
    return weights


def _plain(response: Response) -> bytes:
    if response.headers.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.data)
    return response.data
