"""gunicorn settings for Retour: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``."""

import ipaddress
import multiprocessing
import os
import re

from gunicorn.glogging import Logger


def _reached_only_from_this_host(address: str) -> bool:
    if address.startswith("unix:"):
        return True
    host = address.rpartition(":")[0].strip("[]") if ":" in address else address
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# Only nginx on this host may reach gunicorn: a unix socket or a loopback address. With
# SURVEY_PROXY_FIX=1 Retour takes the client's address from X-Forwarded-For, which nginx
# sets; anyone else reaching gunicorn could set it to a new value for every guess and
# never meet the per-address login limit. Another app server gets an nginx of its own.
bind = os.environ.get("RETOUR_BIND", "127.0.0.1:8000").split(",")
if not all(_reached_only_from_this_host(address.strip()) for address in bind):
    raise SystemExit(
        f"RETOUR_BIND={','.join(bind)}: gunicorn must listen on a unix socket or a loopback "
        "address (127.0.0.1:8000), where only nginx on this host reaches it."
    )
# Sync workers are right behind a buffering proxy: nginx absorbs slow phones.
workers = int(os.environ.get("RETOUR_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# PDF reports take a few seconds; nothing should take a minute.
timeout = 60
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then (matplotlib and WeasyPrint hold caches).
max_requests = 2000
max_requests_jitter = 200
# Load the app in each worker, not the master, so each opens its own database pool.
preload_app = False
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'

# A donor link's token (/d/<token>) opens its reports: the database keeps only its hash,
# and the logs keep neither it nor query strings. Every logged value is cleaned, so a
# format that adds the request line, the referrer or an environ variable stays clean.
_DONOR_TOKEN = re.compile(r"(/+d/+)[^/?#\s\"']+", re.IGNORECASE)
_QUERY = re.compile(r"\?[^\s\"']*")


class RedactingLogger(Logger):
    """gunicorn's logger, with donor tokens and query strings left out of its lines."""

    # gunicorn's own messages name the request too ("Error handling request GET /d/...",
    # "Invalid request from ip=...: Invalid HTTP request line: '...'").
    def error(self, msg, *args, **kwargs):
        super().error(_redacted(msg), *map(_redacted, args), **kwargs)

    def warning(self, msg, *args, **kwargs):
        super().warning(_redacted(msg), *map(_redacted, args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(_redacted(msg), *map(_redacted, args), **kwargs)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["q"] = "-"
        atoms["r"] = f"{atoms['m']} {atoms['U']} {atoms['H']}"
        for name, value in atoms.items():
            if name != "U":  # the path (PATH_INFO) has no query string to drop
                value = _redacted(value)
            elif isinstance(value, str):
                value = _DONOR_TOKEN.sub(r"\1-", value)
            atoms[name] = value
        return atoms


def _redacted(value):
    """``value`` without donor tokens and query strings, when it is text."""
    if not isinstance(value, str) or "/" not in value:
        return value
    return _QUERY.sub("", _DONOR_TOKEN.sub(r"\1-", value))


logger_class = RedactingLogger
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
