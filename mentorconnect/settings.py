"""MentorConnect settings: one module, read from the environment.

Every value has a development default that points at the project-local services that
`make services` starts; production sets the variables listed in README.md. A `.env` file in the
project root (written by `make`) is read first, and real environment variables win over it.
"""

from __future__ import annotations

import os
from pathlib import Path

import django.forms
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).")
    SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105

# Feedback between mentor and mentee is encrypted with keys of its own (Fernet keys, newest
# first; see feedback/crypto.py). Generate one with:
#   python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
FEEDBACK_ENCRYPTION_KEYS = env.list("FEEDBACK_ENCRYPTION_KEYS", default=[])
if not FEEDBACK_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("Set FEEDBACK_ENCRYPTION_KEYS (see README).")
    FEEDBACK_ENCRYPTION_KEYS = ["Rr8n1xqbqRkWcm2HFm8b5xU6Yv3jvL2qQJ2cF1o0yVQ="]  # development only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public address of the site, used to build links in emails sent outside a request.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "MentorConnect"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "mentorconnect.outbox",
    "profiles",
    "mentorships",
    "mentorships.circles",
    "feedback",
    "programs",
    "programs.cohorts",
    # The top layer, for its management commands (demo_data).
    "mentorconnect",
]

MIDDLEWARE = [
    # First, so that every response carries a request id and every log line of it too.
    "mentorconnect.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "mentorconnect.middleware.RejectImpossibleAddressMiddleware",
    # Static files are answered here, before sessions and the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mentorconnect.middleware.MemberLanguageMiddleware",
    "mentorconnect.sessions.KeepActiveSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "mentorconnect.urls"
WSGI_APPLICATION = "mentorconnect.wsgi.application"

TEMPLATES = [
    {
        # What pages draw many times over: Django's own widget templates in their Jinja2 form,
        # the field template of templates/jinja2/ (it comes first, see FORM_RENDERER), and the
        # search's result cards (profiles/cards.py). Pages themselves are Django templates.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [Path(django.forms.__file__).parent / "jinja2", BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "NAME": "jinja2",
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Its `date` filter stands in for Django's in every template: French writes the
            # first of a month "1er", which no date format can say (mentorconnect/dates.py).
            # Its `join` joins translated names in emails' plain text too (lists.py).
            "builtins": ["mentorconnect.templatetags.dates", "mentorconnect.templatetags.lists"],
        },
    },
]

# Database: one PostgreSQL database. The default is the cluster `make services` runs.
DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default="postgres://mentorconnect@127.0.0.1:55432/mentorconnect",
    )
}
# Two test runs on one machine (two checkouts, say) each need a test database of their own.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}
# Production keeps each worker's connection open between requests. Django's development server
# starts a thread per request, which would leave a connection behind each time: not there.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Form choice lists iterate small querysets; a server-side cursor would cost extra round trips.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A page's queries take milliseconds: starting parallel workers for them costs more than it
# saves, and under load they take the cores other requests need. Compiling a query to machine
# code (JIT) is for long reports: a keyword search matching every mentor ("library") spent
# 117 of its 460 ms compiling.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    "-c max_parallel_workers_per_gather=0 -c jit=off"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis carries the Celery broker (REDIS_URL's database) and the cache (allauth's rate limits,
# shared figures that expire by time) in the next database up, so clearing the cache never
# empties the task queue. CACHE_URL overrides the cache's address.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:56379/0")


def _next_redis_database(url: str, step: int = 1) -> str:
    server, _, database = url.rpartition("/")
    return f"{server}/{int(database or 0) + step}"


# `make test` runs the suite in parallel processes (pytest-xdist's gw0, gw1, …). Each has its own
# test database already; here each takes its own pair of Redis databases too, so one process
# clearing its cache or starting a Celery worker never touches another's. The processes the
# tests start inherit the variable, and so find the same pair.
if (_test_worker := os.environ.get("PYTEST_XDIST_WORKER", "")).startswith("gw"):
    REDIS_URL = _next_redis_database(REDIS_URL, 2 * int(_test_worker.removeprefix("gw")))


CACHES = {
    "default": {
        # While Redis is down, reads miss and writes are skipped (mentorconnect/cache.py); the
        # short timeouts keep a hung Redis from holding up every page.
        "BACKEND": "mentorconnect.cache.ForgivingRedisCache",
        "LOCATION": env("CACHE_URL", default=_next_redis_database(REDIS_URL)),
        "KEY_PREFIX": "mc",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    },
    # Parts of pages that are the same for everyone who shares their key (the header's links
    # for one page, language and kind of member; the footer), kept by each process. They
    # change only with the code or the catalogues, which a deploy restarts the processes for,
    # so nothing ever needs clearing (in development, restart `make run` after editing the
    # header or footer); nothing private is in them.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

CELERY_BROKER_URL = REDIS_URL
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Queuing a task must not hold a member's request for long when the broker is away (at worst
# two attempts of two seconds): what must not be lost is a row first, and a sweep sends it once
# the broker is back. The read timeout stays above the worker's one-second BRPOP.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Beat's schedule: short sweeps that find due work in the database and claim it row by row.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Also the one sender of feedback's emails, due once the author's edit window has closed
    # (feedback/services.py feedback_send): they go up to this long after that. Each run is one
    # look at a partial index of the unsent events.
    "send-unsent-mentorship-emails": {
        "task": "mentorships.tasks.send_unsent_emails",
        "schedule": 60,
    },
    "record-program-views": {
        "task": "programs.tasks.record_counted_views",
        "schedule": 60 * 10,
    },
    "expire-unanswered-requests": {
        "task": "mentorships.tasks.expire_unanswered_requests",
        "schedule": env.int("REMINDER_SWEEP_SECONDS", default=60 * 3),
    },
    "reminder-sweep": {
        "task": "mentorconnect.outbox.tasks.reminder_sweep",
        "schedule": env.int("REMINDER_SWEEP_SECONDS", default=60 * 3),
    },
    # What members deactivated by a bulk UPDATE still had open (the admin closes it at once).
    "close-relationships-of-deactivated": {
        "task": "mentorconnect.tasks.close_relationships_of_deactivated",
        "schedule": env.int("REMINDER_SWEEP_SECONDS", default=60 * 3),
    },
    # Which mentor each waiting mentee is suggested first (mentorships/planning.py).
    "plan-matches": {
        "task": "mentorships.tasks.plan_matches",
        "schedule": env.int("MATCH_PLAN_SECONDS", default=60 * 10),
    },
}

# Every timing of the reminder emails: the outbox's (mentorconnect/outbox/sweep.py) and those of
# each app's reminders.py.
REMINDERS = {
    "PENDING_REQUEST_DAYS": [3, 7],
    "CHECK_IN_GRACE_DAYS": 3,
    "MEETING_AHEAD_HOURS": 24,
    "PLANNED_END_AHEAD_DAYS": 14,
    "PROFILE_UNFINISHED_DAYS": [2, 7],
    "NO_REQUEST_DAYS": 7,
    "PROGRAM_DEADLINE_AHEAD_DAYS": 7,
    # Reminders go out in the recipient's daytime, in their own time zone.
    "DAY_STARTS": 9,
    "DAY_ENDS": 17,
    # For members who have not told us their city yet: the middle of the continent.
    "DEFAULT_TIME_ZONE": "America/Chicago",
    # A claimed email (a reminder, or a mentorship event's email) whose worker died is taken
    # again after this lease; a worker still sending a batch renews it as it goes.
    "LEASE_SECONDS": env.int("REMINDER_LEASE_SECONDS", default=60 * 10),
    # Reminders claimed and sent per transaction (tests make it small to interleave workers).
    "BATCH": env.int("REMINDER_BATCH", default=500),
}

# Mentorships: at most this many open requests per mentee; a request not answered within
# this many days expires and the mentee is shown other suggestions.
MENTORSHIP_MAX_OPEN_REQUESTS = env.int("MENTORSHIP_MAX_OPEN_REQUESTS", default=3)
MENTORSHIP_REQUEST_EXPIRY_DAYS = env.int("MENTORSHIP_REQUEST_EXPIRY_DAYS", default=14)

# Accounts: a custom user model with email as the login; allauth does the flows.
AUTH_USER_MODEL = "profiles.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_ADAPTER = "mentorconnect.adapters.AccountAdapter"
# Signing up with an address that has an account takes as long as with a new one.
ACCOUNT_FORMS = {"signup": "mentorconnect.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
# One password field: fewer steps to a first request (the browser can show what was typed).
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# One click on the emailed link confirms the address (no second "Confirm" button: the link is
# unguessable and single-purpose, and a person who asked to join expects the click to do it),
# signs the new member in in the browser that opened it and takes them on to their profile.
ACCOUNT_CONFIRM_EMAIL_ON_GET = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Five wrong passwords for one account lock it for five minutes, on top of a per-address limit.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}

# Changing the sign-in email address asks for the password again (within five minutes of the
# last time); changing the password asks for the current one on the same form.
ACCOUNT_REAUTHENTICATION_REQUIRED = True

# A library's shared computer is a common place to sign in, and the next person at it may find
# the browser still open. So a session ends when the browser closes or after an hour without a
# request, whichever comes first (mentorconnect/sessions.py keeps an active session alive).
# There is no "Remember me": people tick it by habit, on shared computers too, and signing in
# again on one's own device now and then costs little for a service used a few times a month.
ACCOUNT_SESSION_REMEMBER = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 60 * 60
# Sessions are read from the Redis cache and written through to PostgreSQL: one query less on
# every signed-in page, and any web process (on any machine) reads the same session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# A form from an out-of-date page gets a page in the site's design that leads back to it.
CSRF_FAILURE_VIEW = "mentorconnect.views.csrf_failure"

# Content Security Policy: pages run and style themselves only from our own static files. No
# template has inline script, inline style or event handler attributes (the admin's scripts are
# files too), so no nonce or 'unsafe-inline' is needed; tests/browser/test_csp_journey.py walks
# the forms and the admin and fails on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's stylesheet draws its small icons (menu, close, select arrow) as data: SVGs.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Single sign-on with the association's member system (docs/sso.md): any OpenID Connect
# provider (iMIS among them), configured from the environment. Without OIDC_SERVER_URL there is
# no provider and no button; email sign-in is always there, for people who are not members.
SSO_PROVIDER_ID = "association"
OIDC_SERVER_URL = env("OIDC_SERVER_URL", default="").rstrip("/")
SOCIALACCOUNT_ADAPTER = "mentorconnect.sso.SocialAccountAdapter"
OIDC_APPS: list[dict[str, object]] = []
if OIDC_SERVER_URL:
    OIDC_APPS.append(
        {
            "provider_id": SSO_PROVIDER_ID,
            "name": env("OIDC_BUTTON_LABEL", default="Sign in with your association account"),
            "client_id": env("OIDC_CLIENT_ID"),
            "secret": env("OIDC_CLIENT_SECRET"),
            "settings": {
                "server_url": OIDC_SERVER_URL,
                "oauth_pkce_enabled": True,
                "scope": env.list("OIDC_SCOPES", default=["openid", "profile", "email"]),
            },
        }
    )
    # The sign-in button posts to us and we redirect to the provider: browsers hold that
    # redirect to the form-action directive too.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        "/".join(OIDC_SERVER_URL.split("/")[:3])
    )
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": OIDC_APPS}}
# A member who already has an account (by email and password) and signs in through the
# association for the first time finds their own account, not a second one, when the provider
# says their address is verified (allauth matches verified addresses only).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# The provider's claims are enough for an account: no extra sign-up form.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
# Membership claims (mentorconnect/sso.py): the claim names, when a provider uses others.
OIDC_CLAIMS = {
    "membership_status": env("OIDC_CLAIM_MEMBERSHIP_STATUS", default="membership_status"),
    "membership_units": env("OIDC_CLAIM_MEMBERSHIP_UNITS", default="membership_units"),
    "city": env("OIDC_CLAIM_CITY", default="address.locality"),
}

# Security settings that only make sense over HTTPS switch on when DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Email: SMTP (or any backend django-environ understands) from EMAIL_URL in production. In
# development every message is printed in the run log and kept as a file under .data/mail/.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="MentorConnect <mentoring@example.org>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    globals().update(env.email_url_config(EMAIL_URL))
elif DEBUG:
    EMAIL_BACKEND = "mentorconnect.mail_backends.DevelopmentEmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# A hung SMTP server gives up well within a sending lease (REMINDER_LEASE_SECONDS), so no
# other worker takes a message back while it may still be going out.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Widgets look for their templates in every engine above, in order. Django's widgets are found
# first in the Jinja2 engine, which renders a search form's hundreds of options in a few
# milliseconds instead of one Django template include per option; widgets that exist only as
# Django templates (the admin's, crispy's) are found in the Django engine.
FORM_RENDERER = "mentorconnect.renderers.FormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# English, French and Spanish. A visitor gets the browser's choice; a member's choice (the header's
# language menu) is kept on their account, and their emails are written in it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
# Every catalogue lives in an app's own locale/; the project's templates/ use mentorconnect's
# (first: makemessages writes the templates' strings to the first of LOCALE_PATHS). The second
# rewrites in "tú" the Spanish of the Django and allauth messages a member meets, which say
# "usted" (its django.po says why); LOCALE_PATHS outrank Django's and the apps' own catalogues.
LOCALE_PATHS = [
    BASE_DIR / "mentorconnect" / "locale",
    BASE_DIR / "mentorconnect" / "locale_overrides",
]
# English dates keep the site's day-first shape (mentorconnect/formats/en/formats.py).
FORMAT_MODULE_PATH = ["mentorconnect.formats"]
TIME_ZONE = "UTC"
# Program windows are dates in the association's calendar (programs.models.program_today).
PROGRAMS_TIME_ZONE = env("PROGRAMS_TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# In production (DEBUG off) `collectstatic` writes every file again under a name with its content
# hash, compressed, and WhiteNoise serves those with a one-year immutable cache header. Elsewhere
# files are served as they are from static/: development and tests never depend on a collectstatic
# step (Django's documentation advises against the manifest storage in tests), and
# tests/test_static_files.py runs the production pipeline itself.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST

# Logs go to standard output, one JSON object a line in production and a readable line in
# development, each with its request id and masked of email addresses and secret links
# (mentorconnect/logs.py). Django's own loggers and its development server's request lines go
# through the same handler instead of Django's default, unmasked ones.
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "mentorconnect.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {"()": "mentorconnect.logs.TextFormatter"},
        "json": {"()": "mentorconnect.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
        # Django's emailed error reports to ADMINS, as by default.
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        # The development server's own request lines: ours (mentorconnect.requests) say more.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # At DEBUG these write whole template contexts and query parameters, members' data: not
        # even LOG_LEVEL=DEBUG turns them on.
        "django.template": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
    },
}
