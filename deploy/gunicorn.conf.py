"""gunicorn settings for Retour: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``."""

import multiprocessing
import os
import re

from gunicorn.glogging import Logger

# Only nginx talks to gunicorn. Use 0.0.0.0:8000 only on a private network behind nginx.
bind = os.environ.get("RETOUR_BIND", "127.0.0.1:8000")
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
_DONOR_TOKEN = re.compile(r"(/+d/+)[^/?#\s\"]+", re.IGNORECASE)


class RedactingLogger(Logger):
    """gunicorn's logger, with donor tokens and query strings left out of access lines."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["q"] = "-"
        atoms["r"] = f"{atoms['m']} {atoms['U']} {atoms['H']}"
        for name, value in atoms.items():
            if isinstance(value, str) and "/" in value:
                value = _DONOR_TOKEN.sub(r"\1-", value)
                if name != "U" and "?" in value:
                    value = value.split("?", 1)[0]
                atoms[name] = value
        return atoms


logger_class = RedactingLogger
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
