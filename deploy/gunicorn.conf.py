"""gunicorn settings for Retour: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``."""

import multiprocessing
import os

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
# No query strings in the logs: /d/<token> links are secrets, so log the path only.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
