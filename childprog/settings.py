"""One settings module, driven by the environment.

With no environment at all a checkout runs on SQLite in DEBUG mode, so `make run` just works;
production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and usually DATABASE_URL (see .env.example).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def envbool(name, default="0"):
    return env(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name, default):
    return int(env(name, str(default)))


def envlist(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "childprog.admin_site.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "childprog",
    "activities",
    "reports",
    "plans",
    "commendations",
    "library",
    "jobs",
    "audit",
    "django_tasks",
    "django_tasks_db",
]
if env("TASKS_BACKEND") == "rq":
    INSTALLED_APPS.append("django_rq")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "audit.log.AuditRequestMiddleware",
    "childprog.middleware.PortalLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "childprog.middleware.SessionTimeoutMiddleware",
    "childprog.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "childprog.middleware.ForcePasswordChangeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "childprog.urls"

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
                "childprog.context_processors.access",
                "reports.context_processors.attention",
            ],
        },
    },
]

WSGI_APPLICATION = "childprog.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several officers saving at once (and the job worker, a second process) must wait for the
    # write lock rather than fail: a transaction takes it when it begins (IMMEDIATE), since a read
    # that later writes cannot wait for it, and readers go on beside the writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
    }

# Long work (large exports and imports, provincial report documents, e-mails) runs as background
# jobs through Django's Tasks API.
# Embedded default: a queue in the portal's own database, run by `manage.py db_worker` (started
# by `make run`), so a newcomer needs no other server. At scale: RQ on Redis
# (TASKS_BACKEND=rq, REDIS_URL), run by `manage.py rqworker default --job-class django_tasks_rq.Job`. See docs/deploy.md.
if env("TASKS_BACKEND") == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": env("REDIS_URL", "redis://127.0.0.1:6379/0"), "DEFAULT_TIMEOUT": 3600}}
elif env("TASKS_BACKEND") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Above these sizes an export leaves the request and runs as a job with a progress bar.
EXPORT_INLINE_MAX_ROWS = envint("EXPORT_INLINE_MAX_ROWS", 5000)
# How long the activity list's count and totals may be reused (their key changes with every
# write; this only bounds the rare save whose ids were given out before a later save's).
LIST_SUMMARY_SECONDS = envint("LIST_SUMMARY_SECONDS", 300)

AUTH_USER_MODEL = "childprog.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 (Django's recommended hasher) for every new or changed password; the PBKDF2 hashes
# already stored still verify and are rehashed with Argon2 at the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: slow down password guessing without locking officers out for a day.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = envbool("AXES_ENABLED", "1")
# Attempts during a lock are not counted, so they do not extend it: otherwise one request every
# quarter of an hour would keep an officer locked out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The Vietnamese page with the time left (childprog/lockout.py).
AXES_LOCKOUT_CALLABLE = "childprog.lockout.locked_out"
# Behind TRUSTED_PROXY_COUNT reverse proxies the client's address is the one they add to
# X-Forwarded-For; with none, the connection's address (a client cannot spoof it by a header).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "childprog.lockout.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# locale/ is the project's (make messages); locale-vendor/ holds Vietnamese for the libraries' English
# that they ship no Vietnamese for, and is never rewritten by make messages.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-vendor"]
FORMAT_MODULE_PATH = ["childprog.locale_formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Private uploads (photos, documents) live outside any public folder; views serve them after
# the access check. Only published news photos get a public copy.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Where `manage.py backup` (make backup) writes its archives.
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", 10) * 1024 * 1024
# What an uploaded Office file (a zip) may expand to, all parts together (childprog.files).
UPLOAD_MAX_EXPANDED_BYTES = envint("UPLOAD_MAX_EXPANDED_MB", 100) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "cong-thong-tin@tinhdoancaobang.vn")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# A filter left empty means every value: say so, rather than Django's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("Tất cả")

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Text from users never runs as a formula in a spreadsheet the admin exports.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Sessions (ASVS 3.3): end after SESSION_IDLE_MINUTES without a request, SESSION_ABSOLUTE_HOURS
# after sign-in whatever the activity, and with the browser (childprog.middleware.SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF or language cookie (htmx sends the token from the page), so neither is
# readable by one.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): scripts only from the portal's own static files, never
# inline (behaviour lives in static/js). Inline style attributes remain allowed for layout.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), magnetometer=(), "
    "gyroscope=(), accelerometer=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A report is sent from its period's last day; the province may allow this many days earlier.
REPORT_SUBMIT_DAYS_EARLY = envint("REPORT_SUBMIT_DAYS_EARLY", 0)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is opt-in: a government domain cannot easily leave the browsers' preload list.
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "0")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Activity imports (activities.imports): the file's size, rows and columns are bounded, and so is
# what an XLSX unzips to (a small zip can expand into gigabytes).
IMPORT_MAX_BYTES = envint("IMPORT_MAX_MB", 30) * 1024 * 1024
IMPORT_MAX_UNZIPPED_BYTES = envint("IMPORT_MAX_UNZIPPED_MB", 400) * 1024 * 1024
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", 200)
# A checked file waits this long for its confirmation.
IMPORT_PENDING_SECONDS = envint("IMPORT_PENDING_SECONDS", 6 * 3600)
# Files with more data rows than this are checked, and their confirmed rows written, in a
# background job with a progress bar instead of in the request.
IMPORT_INLINE_MAX_ROWS = envint("IMPORT_INLINE_MAX_ROWS", 5000)
