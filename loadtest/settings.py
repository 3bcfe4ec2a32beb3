"""Settings of the load run only (`make loadtest`): the production settings, plus the bench's yardstick URL.

Everything else comes from config.settings as production reads it (DJANGO_DEBUG=0, secure cookies, HTTPS redirect):
run.py serves gunicorn over TLS with a throwaway certificate instead of loosening any of them. DEV_APPS must name
`bench` (run.py sets DEV_APPS=demo,bench) for bench.urls to import.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
