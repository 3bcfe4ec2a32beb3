"""Settings for the whole project, read from the environment.

The defaults are the embedded mode (`make run`): SQLite in the project folder, Celery over kombu's
filesystem transport, email printed to the console. Production sets DATABASE_URL, CELERY_BROKER_URL
(or REDIS_URL), EMAIL_URL, SECRET_KEY, DJANGO_DEBUG=0 and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.db import postgres_timeouts

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET_KEY or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters when DJANGO_DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "auditlog",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "accounts",
    "facilities",
    "interventions",
    "consents",
    "families",
    "aftercare",
    "reports",
]
# Development tools, not part of the product: `demo` (`manage.py seed_demo`, run by `make run`) and `bench`
# (`manage.py bench`, `make bench`). Installed by default only with DEBUG on; DEV_APPS=demo,bench asks for them
# explicitly (the Makefile does for its targets), DEV_APPS= (empty) leaves them out.
DEV_APPS = env.list("DEV_APPS", default=["demo", "bench"] if DEBUG else [])
if not set(DEV_APPS) <= {"demo", "bench"}:
    raise ImproperlyConfigured(f"DEV_APPS may name demo and bench only, not {', '.join(DEV_APPS)}.")
INSTALLED_APPS += DEV_APPS
# `seed_demo` creates accounts whose passwords the README publishes: it runs where DEBUG is on, or where DEMO_SEED_ALLOW=1
# (or its --i-know-this-is-not-production flag) says explicitly that this is not production.
DEMO_SEED_ALLOW = env.bool("DEMO_SEED_ALLOW", default=DEBUG)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.AuditlogMiddleware",
    "accounts.middleware.FriendlyMethodNotAllowedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Timeouts (config/db.py): a hung database answers the error page within seconds, not after gunicorn's 30.
DB_CONNECT_TIMEOUT = env.int("DB_CONNECT_TIMEOUT", default=5)
DB_STATEMENT_TIMEOUT_MS = env.int("DB_STATEMENT_TIMEOUT_MS", default=10_000)
DB_WORKER_STATEMENT_TIMEOUT_MS = env.int("DB_WORKER_STATEMENT_TIMEOUT_MS", default=300_000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = postgres_timeouts(
        DATABASES["default"].get("OPTIONS", {}),
        connect_timeout=DB_CONNECT_TIMEOUT,
        statement_timeout_ms=DB_STATEMENT_TIMEOUT_MS,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },  # ASVS 2.1.1
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email is the login; nobody signs up on their own (owners add staff, family are invited).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Changing the login email (accounts.email_address): the password is asked again, and the new address becomes the login
# address only once the link sent to it is followed; password reset links go only to the login address. "optional":
# existing accounts sign in as before (their login address counts as proven); only a new address is verified.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_FORMS = {"add_email": "accounts.email_address.AddEmailForm"}
# The old address is told when the login email or the password changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# allauth's rate limits need a shared cache (below). They key on the real client address (TRUSTED_PROXIES): failed
# sign-ins are limited per address (10 a minute) and per address and account together (5 in 5 minutes, see
# accounts.adapters), and per account from everywhere (30 an hour) against guessing from many addresses.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_account": "30/h/key",
}

# Reverse proxies whose X-Forwarded-For we believe (IPs or CIDRs, comma-separated), e.g. "127.0.0.1,10.0.0.0/8".
# Empty (the default, `make run`): the header is ignored and the client is the connection's address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# Two-step sign-in (allauth.mfa): authenticator apps (TOTP), security keys and passkeys (WebAuthn), recovery codes.
# Owners and directory admins must use it when MFA_REQUIRED_FOR_OWNERS is on (the default with DEBUG off; the demo
# of `make run` leaves it off so the README's demo logins work). An owner can require it for every member of the
# practice (Organization.require_mfa). accounts.middleware.MFARequiredMiddleware leads users through the set-up.
MFA_REQUIRED_FOR_OWNERS = env.bool("MFA_REQUIRED_FOR_OWNERS", default=not DEBUG)
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Casework"
# A login address needs no verification record: owners create staff accounts and the password is set through an
# emailed link, which proves the address (an invitation link does for family members).
MFA_ALLOW_UNVERIFIED_EMAIL = True
# WebAuthn needs HTTPS, except on localhost in the embedded mode.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # A database cache is shared between processes (rate limits must hold across gunicorn workers).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}

LANGUAGE_CODE = "en-us"
# The zone of anonymous pages and of new practices. Everything of a case is shown in its practice's zone (or the
# reader's own): accounts.zones and accounts.middleware.TimeZoneMiddleware.
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Private files (signed consent forms, PDF summaries) are never served under a public URL:
# views check access, write the audit entry, then stream them.
PRIVATE_STORAGE_ROOT = Path(env.str("PRIVATE_STORAGE_ROOT", default=str(BASE_DIR / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Casework <no-reply@casework.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in emails point to (reminders, invitations).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Audit: every change, with actor and address (AuditlogMiddleware); reads are logged by views that opt in.
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Content-Security-Policy: nothing inline but style attributes (Bootstrap progress widths).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Security: with DEBUG off, `manage.py check --deploy` must be silent.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy (accounts.middleware.SecurityHeadersMiddleware): features no page uses are off. WebAuthn
# (publickey-credentials-get/create) keeps the browser's default, this origin only.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "bluetooth", "browsing-topics", "camera", "display-capture", "geolocation",
        "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb",
    ]
}  # fmt: skip
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Automatic logoff (accounts.session_timeout): staff after their practice's idle time (Organization
# .idle_timeout_minutes, default 30), everyone this long after signing in.
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 3600)
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Only this host, over HTTPS, at / (ASVS 3.4.4). The CSRF cookie keeps its name: static JS reads it.
    SESSION_COOKIE_NAME = "__Host-sessionid"

# Celery. Embedded mode: kombu's filesystem transport in .celery/ (no Redis needed).
CELERY_DATA_DIR = BASE_DIR / ".celery"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
    _default_result_backend = f"file://{CELERY_DATA_DIR / 'results'}"
else:
    _default_result_backend = CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
REDIS_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    "max_retries": 0,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
if CELERY_BROKER_URL.startswith("redis"):
    # A broker that is down must cost a request about a second, not 20: one connection attempt, short socket
    # timeouts. The work is on its row and the outbox sweeps hand it over again (config.celery.hand_over).
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_TRANSPORT_OPTIONS
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_default_result_backend) or None
CELERY_RESULT_EXPIRES = 3600
# Tasks queued by a task (a scan queueing emails) go to this queue; test workers set their own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DATA_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "health-ping": {"task": "accounts.tasks.health_ping", "schedule": crontab(minute="*/30")},
    "aftercare-reminder-scan": {"task": "aftercare.tasks.scan_reminders", "schedule": crontab(minute="*/5")},
    # The outbox sweeps: hand over again what the broker never got, finish what a killed worker left.
    "outbox-invitations": {"task": "families.tasks.sweep_invitations", "schedule": crontab(minute="*")},
    "outbox-signing-links": {"task": "consents.tasks.sweep_signing_requests", "schedule": crontab(minute="*")},
    "outbox-summaries": {"task": "interventions.tasks.sweep_summaries", "schedule": crontab(minute="*")},
    "outbox-imports": {"task": "facilities.tasks.sweep_imports", "schedule": crontab(minute="*")},
    "outbox-referral-packets": {"task": "consents.tasks.sweep_referral_packets", "schedule": crontab(minute="*")},
    "outbox-bed-links": {"task": "facilities.tasks.sweep_bed_links", "schedule": crontab(minute="*")},
    # Facilities confirm their own beds: Monday morning, each facility not confirmed for a week gets a link.
    "weekly-bed-links": {
        "task": "facilities.tasks.send_weekly_bed_links",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# ---------------------------------------------------------------- security (issue 12): directory imports
# The largest file a directory import from the browser accepts, in bytes (README "Directory import limits").
# A state's SAMHSA locator export fits; the national one (~60 MB) is imported by state, or with
# `manage.py import_facilities`, which has no limit.
FACILITY_IMPORT_MAX_BYTES = env.int("FACILITY_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
