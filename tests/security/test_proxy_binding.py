"""gunicorn listens only where nginx on the same host reaches it: with SURVEY_PROXY_FIX=1
anyone else reaching it could rotate X-Forwarded-For past the per-address login limit."""

from __future__ import annotations

import os
import re
import runpy
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import servers

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _settings(monkeypatch, bind: str | None) -> dict:
    """The shipped settings file read as gunicorn reads it, with RETOUR_BIND set or not."""
    if bind is None:
        monkeypatch.delenv("RETOUR_BIND", raising=False)
    else:
        monkeypatch.setenv("RETOUR_BIND", bind)
    return runpy.run_path(str(CONF))


def test_by_default_gunicorn_listens_on_loopback_only(monkeypatch):
    assert _settings(monkeypatch, None)["bind"] == ["127.0.0.1:8000"]


@pytest.mark.parametrize(
    "bind", ["unix:/run/retour/gunicorn.sock", "127.0.0.1:8001", "[::1]:8000", "localhost:8000"]
)
def test_a_socket_or_another_loopback_address_is_accepted(monkeypatch, bind):
    assert _settings(monkeypatch, bind)["bind"] == [bind]


@pytest.mark.parametrize(
    "bind",
    ["0.0.0.0:8000", "10.0.0.12:8000", "[::]:8000", "retour.example.org:8000",
     "127.0.0.1:8000,0.0.0.0:8001", ":8000", "8000"],
)  # fmt: skip
def test_gunicorn_refuses_to_listen_where_others_reach_it(monkeypatch, bind):
    with pytest.raises(SystemExit, match="loopback"):
        _settings(monkeypatch, bind)


def test_gunicorn_refusing_a_public_address_never_listens(tmp_path):
    """Started for real on every interface, it exits instead of taking requests."""
    port = servers.free_port()
    env = {
        **os.environ,
        "SURVEY_SECRET_KEY": "binding-test",
        "SURVEY_DATABASE_URL": f"sqlite:///{tmp_path / 'survey.sqlite'}",
        "SURVEY_INSTANCE_PATH": str(tmp_path / "instance"),
        "SURVEY_PROXY_FIX": "1",
        "RETOUR_WORKERS": "1",
        "RETOUR_BIND": f"0.0.0.0:{port}",
    }
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as output:
        started = subprocess.Popen(
            [str(GUNICORN), "-c", str(CONF), "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        assert started.wait(timeout=60) != 0
    finally:
        if started.poll() is None:
            os.killpg(started.pid, signal.SIGTERM)
            started.wait()
    assert "loopback" in log.read_text()


def test_nginx_proxies_to_the_address_gunicorn_listens_on():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    upstream = re.search(r"upstream retour \{(.*?)\}", nginx, re.DOTALL).group(1)
    servers_named = re.findall(r"^\s*server\s+(\S+)", upstream, re.MULTILINE)
    assert servers_named == ["127.0.0.1:8000"]
    # nginx replaces the header rather than appending to it: what reaches Retour is the
    # address nginx saw, whatever the client sent.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx
