"""gunicorn settings for Banso's web process (`make serve` on one machine; the same file behind a proxy).

Why gunicorn: Banso is a synchronous Django app whose requests are CPU-bound in Python (template
rendering, PDF and Excel building). gunicorn's pre-fork sync workers give one process per core with
no shared interpreter lock, restart a worker that hangs or leaks, and are the WSGI server Django's
deployment docs and most Linux distributions support. An async server would not make a CPU-bound
request faster.

Every value can be overridden from the environment (read at start-up):
- BANSO_BIND: address to listen on (default 127.0.0.1:8000; behind a proxy keep it on loopback or a
  private interface, TLS ends at the proxy).
- BANSO_WEB_WORKERS: worker processes (default 2 × cores + 1).
- BANSO_WEB_TIMEOUT: seconds before a silent worker is killed and restarted (default 60: the longest
  request is a many-page PDF of a long engagement).
- BANSO_FORWARDED_ALLOW_IPS: proxies whose X-Forwarded-* headers are trusted (default 127.0.0.1).
"""

import gc
import multiprocessing
import os

bind = os.environ.get("BANSO_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("BANSO_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("BANSO_WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter so they do not all restart at once):
# bounds the memory a long-lived process can accumulate from large imports and reports.
max_requests = 2000
max_requests_jitter = 200
# Load the app once in the master: a broken setting stops the start with its message instead of
# every worker failing in turn, and workers share the loaded code's memory.
preload_app = True
forwarded_allow_ips = os.environ.get("BANSO_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The request-size guard in Django refuses large bodies with a Japanese message; these bound the
# request line and headers before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Logs to stdout/stderr: the process supervisor (systemd, a container runtime) collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("BANSO_LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# Worker heartbeats in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "banso-web"

# gunicorn 27's control socket (for `gunicornc`) defaults to one path in the user's home, shared by every
# gunicorn of that user on the machine (a second installation, `make load` beside `make serve`); Banso is
# operated through signals and the pid file (README: Upgrades), so it stays off.
control_socket_disable = True


def when_ready(server):
    """The app is preloaded in the master (preload_app): move everything loaded so far into the
    permanent generation, so the workers' full collections do not walk Django's ~190,000 start-up
    objects on every request that triggers one (a ~120 ms pause before, ~10 ms after, measured by
    the bench) and forked workers keep sharing those pages."""
    gc.freeze()
