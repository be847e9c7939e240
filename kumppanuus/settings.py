"""Settings for Kumppanuus.

Everything that differs between a laptop and production comes from the
environment (see .env.example). The defaults run on a fresh machine with
nothing but Python: SQLite, an embedded Celery broker and a file mailbox.
"""

from datetime import date
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from kumppanuus.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)

# Without DEBUG an unset SECRET_KEY stays empty: Django refuses anything that
# signs (sessions, CSRF, password reset) and `check --deploy` fails, while
# commands that need no secret (migrate, makemigrations) still run.
SECRET_KEY = env_str("SECRET_KEY") or (
    "dev-only-insecure-key-do-not-use-in-production" if DEBUG else ""
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

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
    "crispy_forms",
    "crispy_bootstrap5",
    "rules",
    "kumppanuus.accounts.login_records.LoginRecordsConfig",
    "csp",
    "kumppanuus.accounts",
    "kumppanuus.places",
    "kumppanuus.notifications",
    "kumppanuus.history",
    "associations",
    "forums",
    "grants",
    "kumppanuus.partnerships",
    "kumppanuus.agreements",
    "kumppanuus.bench",
    "kumppanuus.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kumppanuus.middleware.SessionIdleTimeoutMiddleware",
    "kumppanuus.middleware.PrivacyHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

if env_bool("BENCH_QUERY_COUNT", False):
    MIDDLEWARE.insert(0, "kumppanuus.bench.middleware.QueryCountMiddleware")

ROOT_URLCONF = "kumppanuus.urls"
WSGI_APPLICATION = "kumppanuus.wsgi.application"

TEMPLATES = [
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
                "kumppanuus.context_processors.portal",
            ],
            # The base template's tags (kumppanuus/portal_tags.py), without an app of their own.
            "libraries": {"portal_tags": "kumppanuus.portal_tags"},
        },
    }
]

# Form widgets may use the project's templates (TemplatesSetting), the plain <input>
# widgets drawn in Python (kumppanuus.widgets.FormRenderer).
FORM_RENDERER = "kumppanuus.widgets.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kumppanuus.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Web requests are short and many run at once: starting parallel workers costs
    # more than it saves (the directory's deep page: 29 ms with them, 7 ms without).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=0"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)

# Limits on what makes the portal send email on someone's behalf.
INVITATIONS_PER_HOUR = env_int("INVITATIONS_PER_HOUR", 20)
FEEDBACK_PER_HOUR = env_int("FEEDBACK_PER_HOUR", 5)
REQUEST_AFTER_REJECTION_DAYS = env_int("REQUEST_AFTER_REJECTION_DAYS", 7)

# Login throttling: five failures for one email from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_USERNAME_CALLABLE = "kumppanuus.accounts.axes.login_name"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Login records (django-axes) are deleted after this many days by a daily task.
LOGIN_LOG_DAYS = env_int("LOGIN_LOG_DAYS", 30)
AXES_IPWARE_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0) or None

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# No MEDIA_URL: attachments are never served from a public URL, only through views.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if env_str("AWS_STORAGE_BUCKET_NAME"):
    # Attachments on S3-compatible storage: private objects, reached only
    # through the permission-checked download views (never a public URL).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "location": "media",
        },
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: SMTP when EMAIL_HOST is set, otherwise a file mailbox under var/mail.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kumppanuus <noreply@kumppanuus.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A sender owns the messages it claimed for this long; after that the sweep
# takes them again (the sender crashed). Longer than one batch takes to send.
MESSAGE_CLAIM_SECONDS = env_int("MESSAGE_CLAIM_SECONDS", 300)
FEEDBACK_EMAIL = env_str("FEEDBACK_EMAIL", "saavutettavuus@kumppanuus.invalid")

# The organisation that runs the portal: the data controller of the privacy
# notice and the provider in the accessibility statement.
ORGANISATION_NAME = env_str("ORGANISATION_NAME") or "Kumppanuus"
ORGANISATION_ADDRESS = env_str("ORGANISATION_ADDRESS").replace("\\n", "\n")
PRIVACY_EMAIL = env_str("PRIVACY_EMAIL") or "tietosuoja@kumppanuus.invalid"
# The accessibility statement (Act 306/2019 §15): "full" or "partial" compliance
# with WCAG 2.1 AA, when it was made and last reviewed, and the supervisory
# authority. An empty authority name or unit shows the translated default.
ACCESSIBILITY_COMPLIANCE = env_str("ACCESSIBILITY_COMPLIANCE") or "partial"
ACCESSIBILITY_STATEMENT_MADE = date.fromisoformat(
    env_str("ACCESSIBILITY_STATEMENT_MADE") or "2026-11-25"
)
ACCESSIBILITY_STATEMENT_REVIEWED = date.fromisoformat(
    env_str("ACCESSIBILITY_STATEMENT_REVIEWED") or "2026-11-25"
)
ACCESSIBILITY_AUTHORITY_NAME = env_str("ACCESSIBILITY_AUTHORITY_NAME")
ACCESSIBILITY_AUTHORITY_UNIT = env_str("ACCESSIBILITY_AUTHORITY_UNIT")
ACCESSIBILITY_AUTHORITY_WEBSITE = (
    env_str("ACCESSIBILITY_AUTHORITY_WEBSITE") or "https://www.saavutettavuusvaatimukset.fi/"
)
ACCESSIBILITY_AUTHORITY_EMAIL = env_str("ACCESSIBILITY_AUTHORITY_EMAIL") or "saavutettavuus@avi.fi"
ACCESSIBILITY_AUTHORITY_PHONE = env_str("ACCESSIBILITY_AUTHORITY_PHONE") or "0295 016 000"

# The cache is shared by every process (web, Celery worker, management commands),
# so that a change made in one refreshes the cached pages the others serve:
# Redis with CACHE_URL, otherwise files under var/.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
# Public pages for anonymous visitors (kumppanuus.pagecache); 0 turns the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# What the pages of a long list learned of it (kumppanuus.paging.ListWindow): its
# count and first ids, until its rows change; 0 turns it off.
LIST_CACHE_SECONDS = env_int("LIST_CACHE_SECONDS", 300)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if env_str("CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("CACHE_URL"),
    }

# Celery: Redis in production, an embedded filesystem broker by default.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = VAR_DIR / "celery"
    for _folder in ("queue", "control"):
        (_queue / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "queue"),
        "data_folder_out": str(_queue / "queue"),
        "control_folder": str(_queue / "control"),
    }
elif CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 10}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "purge-login-logs": {
        "task": "kumppanuus.accounts.tasks.purge_login_logs",
        "schedule": crontab(hour=3, minute=30),
    },
    "send-due-messages": {
        "task": "kumppanuus.notifications.tasks.send_due_messages",
        "schedule": crontab(minute="*"),
    },
    "forget-meeting-guests": {
        "task": "forums.tasks.forget_guests",
        "schedule": crontab(hour=3, minute=45),
    },
    "refresh-agreements": {
        "task": "kumppanuus.agreements.tasks.refresh_agreements",
        "schedule": crontab(hour=0, minute=15),
    },
}
CELERY_TIMEZONE = TIME_ZONE

# Security. Production runs behind TLS; SECURE_SSL_REDIRECT may be turned off
# where a proxy already redirects.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# A session ends after this many minutes without a request; officials (contact
# persons, administrators, the officials group) see more people's data and get
# a shorter one.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 60)
SESSION_IDLE_MINUTES_OFFICIALS = env_int("SESSION_IDLE_MINUTES_OFFICIALS", 30)
SESSION_COOKIE_AGE = 2 * max(SESSION_IDLE_MINUTES, SESSION_IDLE_MINUTES_OFFICIALS) * 60
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
# Off by default: a municipality's domain may have other hosts that do not speak TLS,
# and preloading is a promise that is slow to take back.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The deployment checklist warns about both; they are deliberate choices here.
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
# Largest attachment (kumppanuus.uploads); requests may carry a few of them.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
