"""gunicorn's settings for school-plans: `gunicorn -c gunicorn.conf.py` in the checkout (README: "Run in production").

The command line overrides any of them, e.g. `--bind 127.0.0.1:8001` or `--workers 3`.
"""
import multiprocessing
import os

wsgi_app = "wsgi:app"
# Behind a reverse proxy on the same machine, which alone talks to the internet (and terminates TLS).
bind = "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
# Load the app once, before the workers fork: a missing SECRET_KEY or a bad setting stops gunicorn with its
# reason, and the translation catalogues are compiled once rather than by several workers at the same time.
preload_app = True
# The app alone decides which proxy headers to believe (TRUST_PROXY_HOPS); gunicorn's own handling of
# X-Forwarded-Proto would otherwise trust any process on 127.0.0.1.
secure_scheme_headers = {}
# No control socket: it lives at one path per user, which a second instance would fight over.
control_socket_disable = True
# No access log: invitation and password links carry their secret in the path. Errors go to stderr.


def post_fork(server, worker):
    """A worker never shares a database connection opened before the fork (SQLAlchemy's advice)."""
    from school_plans.extensions import db
    from wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)
