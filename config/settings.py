"""Banso settings. Everything that differs between machines comes from the environment.

- DATABASE_URL: PostgreSQL in production (postgres://user:pass@host:port/name); default is an
  embedded SQLite file in var/.
- SECRET_KEY: required when BANSO_DEBUG is off; for local runs one is generated into var/.
- BANSO_DEBUG: true for local development and the demo (`make run`); off in production.
- BANSO_ALLOWED_HOSTS, BANSO_CSRF_TRUSTED_ORIGINS: comma-separated, for production.
- BANSO_SECURE_SSL_REDIRECT: default on in production (set off behind a TLS proxy that redirects).
- BANSO_SECURE_COOKIES: default on in production; off only for `make serve` on loopback (plain http).
- BANSO_TASKS_BACKEND: the django-tasks backend for background jobs (default: the database backend).
"""

import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BANSO_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("BANSO_DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY を環境変数で設定してください (BANSO_DEBUG が無効な本番設定です)。"
        )
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("BANSO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("BANSO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "banso.core",
    "banso.orgs",
    "banso.companies",
    "banso.diagnosis",
    "banso.engagements",
    "banso.comments",
    "banso.monitoring",
    "banso.home",
    "banso.sharing",
    "banso.portal",
    "banso.knowledge",
    "banso.api",
    "banso.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "banso.core.middleware.RequestSizeGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "banso.orgs.middleware.TwoFactorMiddleware",
    "banso.orgs.middleware.OrganizationMiddleware",
    "banso.core.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last.
    "axes.middleware.AxesMiddleware",
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
                "banso.orgs.context_processors.current_organization",
                "banso.core.notifications.bell",
            ],
            "builtins": ["banso.core.templatetags.banso_format", "banso.core.templatetags.org_urls"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'banso.sqlite3'}"),
        conn_max_age=env_int("BANSO_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one request writes; the timeout waits out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Background work (banso/core/jobs.py) through Django's task interface (django-tasks). The default is
# the database backend: the queue is a table of the same database (SQLite or PostgreSQL) and
# `manage.py db_worker` runs it, so one machine needs nothing else. BANSO_TASKS_BACKEND names another
# backend class for a larger deployment (its OPTIONS from BANSO_TASKS_OPTIONS_* are not read here:
# configure such a backend in a settings module of your own that imports this one).
TASKS = {
    "default": {
        "BACKEND": env_str("BANSO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A running job that reports no progress for this long is taken as abandoned (its worker died): the
# page offers to run it again.
BANSO_JOB_STALE_SECONDS = env_int("BANSO_JOB_STALE_SECONDS", 600)
# A job's result file (a long engagement's report made by the worker) is kept this long, then removed
# by the next result or by the scheduled `enqueue_scheduled purge_job_results`.
BANSO_JOB_RESULT_SECONDS = env_int("BANSO_JOB_RESULT_SECONDS", 24 * 3600)
# The portfolio of an organization with at least BANSO_PORTFOLIO_LIVE_LIMIT companies is computed by the
# worker (home.PortfolioSnapshot) and refreshed when older than BANSO_PORTFOLIO_MAX_AGE_MINUTES.
BANSO_PORTFOLIO_LIVE_LIMIT = env_int("BANSO_PORTFOLIO_LIVE_LIMIT", 2000)
BANSO_PORTFOLIO_MAX_AGE_MINUTES = env_int("BANSO_PORTFOLIO_MAX_AGE_MINUTES", 60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-factor sign-in (banso/orgs/two_factor.py): wrong codes count in the sign-in lock-out below (5 per
# user name and IP, then 15 minutes), so django-otp's own per-device back-off is off; it would also
# refuse a right code typed within a second of a wrong one.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = "Banso"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out: per username and IP, for a while, reset by a successful login (see stack_notes.md);
# and per IP across user names at a higher limit (one password sprayed over many accounts), which
# an office behind one NAT does not reach with a few typos (banso/orgs/lockout.py).
AXES_HANDLER = "banso.orgs.lockout.UserAndAddressLockoutHandler"
AXES_FAILURE_LIMIT = env_int("BANSO_LOGIN_FAILURE_LIMIT", 5)
BANSO_LOGIN_IP_FAILURE_LIMIT = env_int("BANSO_LOGIN_IP_FAILURE_LIMIT", 30)
if BANSO_LOGIN_IP_FAILURE_LIMIT <= AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "BANSO_LOGIN_IP_FAILURE_LIMIT must be higher than BANSO_LOGIN_FAILURE_LIMIT "
        "(otherwise one user's typos lock out everyone behind the same address)."
    )
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files (attachments, imports) live outside the database and are served only
# through views that apply the access rule, never as public media URLs.
PRIVATE_FILES_ROOT = Path(env_str("BANSO_PRIVATE_FILES_ROOT", str(VAR_DIR / "private")))

# Request size limits. Form fields above 2.5 MB are refused with a Japanese 413 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("BANSO_MAX_FORM_BYTES", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
BANSO_MAX_UPLOAD_BYTES = env_int("BANSO_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# E-mail (member invitations, later reminders): printed to the console unless an SMTP host is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    EMAIL_USE_TLS = False  # implicit TLS (port 465) wins when both are asked for
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Banso <noreply@localhost>")
# How long a member's invitation link works (hours); it works once.
BANSO_INVITE_HOURS = env_int("BANSO_INVITE_HOURS", 72)
# The address Banso is reached at, for links in e-mails sent without a request (the daily digest).
BANSO_BASE_URL = env_str("BANSO_BASE_URL", "http://localhost:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    # BANSO_SECURE_COOKIES=false only for `make serve` on loopback (plain http, no TLS proxy).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("BANSO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("BANSO_SECURE_SSL_REDIRECT", True)
    # The load balancer's health probe speaks plain http inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("BANSO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BANSO_BEHIND_TLS_PROXY", False):
        # Only behind a proxy that sets X-Forwarded-Proto itself; otherwise clients could fake it.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere: page data reaches JS through json_script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_FAILURE_VIEW = "banso.core.views.csrf_failure"

# simple-history: who changed a record is taken from the request.
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BANSO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Display of negative amounts: "triangle" (△1,234) or "minus" (-1,234). (ux.md)
BANSO_NEGATIVE_STYLE = env_str("BANSO_NEGATIVE_STYLE", "triangle")
# Company size rule (docs/domain.md §3.2): 小規模 up to these headcounts.
BANSO_SMALL_COMPANY_MAX_EMPLOYEES = 20
BANSO_SMALL_COMMERCE_MAX_EMPLOYEES = 5
# ロカベン industries treated as 商業・サービス業 for the size rule. 1002 娯楽 and 1301 観光業
# are left out on purpose: the 中小企業基本法 政令 keeps 宿泊業・娯楽業 at 20 employees.
BANSO_COMMERCE_SERVICE_INDUSTRIES = [
    "0401", "0402", "0403", "0404", "0501", "0601",
    "1001", "1003", "1004", "1005", "1006", "1101", "1201",
]  # fmt: skip

# ローカルベンチマーク (docs/domain.md §3.2, Banso rules): total score needed for ranks A, B and C (below C is
# D), and whether リース債務 counts as 借入金 in EBITDA有利子負債倍率. Each stored result records the values
# it was computed with. Environment: BANSO_LOCABEN_RANK_CUTOFFS="24,18,12".
BANSO_LOCABEN_RANK_CUTOFFS = dict(
    zip(
        ("A", "B", "C"),
        (int(v) for v in env_list("BANSO_LOCABEN_RANK_CUTOFFS", ["24", "18", "12"])),
        strict=True,
    )
)
BANSO_LOCABEN_INCLUDE_LEASE_OBLIGATIONS = env_bool("BANSO_LOCABEN_INCLUDE_LEASE_OBLIGATIONS", False)
# Statement checks (総資産 = 負債合計 + 純資産; 営業利益 = 売上高 − 売上原価 − 販管費) allow this
# difference in yen: figures typed in 千円 may be rounded or truncated, and three or four meet in a check.
BANSO_STATEMENT_TOLERANCE_YEN = env_int("BANSO_STATEMENT_TOLERANCE_YEN", 3000)
