"""Django settings for ytmt.

Every value comes from the environment or the `.env` file in YTMT_HOME (the
project root unless set). The product's own sync keys live in `sync/conf.py`
and are re-read at the start of every run; the keys here are read once at
start-up.
"""

import os
from pathlib import Path

import environ
from csp.constants import NONCE

from sync.envfile import read_env_file
from sync.static_headers import add_security_headers
from ytmt.secret import load_or_create_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

# YTMT_HOME contains the user's state: .env, browser.json, cache/ and config/.
YTMT_HOME = Path(os.environ.get("YTMT_HOME", BASE_DIR)).resolve()
ENV_FILE = Path(os.environ.get("YTMT_ENV_FILE", YTMT_HOME / ".env"))
CACHE_DIR = YTMT_HOME / "cache"
CONFIG_DIR = YTMT_HOME / "config"

env = environ.FileAwareEnv()
# The process environment wins over .env, as in every twelve-factor tool.
# The file's values are merged into the mapping django-environ reads, not
# into os.environ, so sync.conf can still tell which keys the environment
# really sets (the Settings page locks only those).
env.ENVIRON = environ.FileAwareMapping(env={**read_env_file(ENV_FILE), **os.environ})


def strict_bool(name: str, default: bool) -> bool:
    """Read a boolean, rejecting words that django-environ reads as false."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise environ.ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean. Use true or false."
    )


SECRET_KEY = load_or_create_secret_key(
    env.ENVIRON.get("SECRET_KEY"),
    env.ENVIRON.get("SECRET_KEY_FILE"),
    CACHE_DIR / "secret_key",
)
DEBUG = strict_bool("DEBUG", False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if env.str("SECURE_PROXY_SSL_HEADER", default=""):
    # e.g. "HTTP_X_FORWARDED_PROTO,https" behind a TLS-terminating proxy.
    header, _, value = env.str("SECURE_PROXY_SSL_HEADER").partition(",")
    SECURE_PROXY_SSL_HEADER = (header.strip(), value.strip() or "https")

SESSION_COOKIE_SECURE = strict_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_apscheduler",
    "csp",
    "sync",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sync.secure_cookies.SecureCookiesOverTLSMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "ytmt.urls"
WSGI_APPLICATION = "ytmt.wsgi.application"
LOGIN_URL = "sync:login"
LOGIN_REDIRECT_URL = "sync:dashboard"
LOGOUT_REDIRECT_URL = "sync:login"

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
                "csp.context_processors.nonce",
                "sync.context_processors.shell",
                "sync.context_processors_schedule.schedule_status",
            ],
        },
    },
]

# An empty DATABASE_URL (as in .env.example) means the SQLite default.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{CACHE_DIR / 'ytmt.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app read while a sync writes; IMMEDIATE transactions
    # take the write lock up front instead of failing half way with
    # "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "ytmt_language"
TIME_ZONE = env.str("TIMEZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static" / "dist", BASE_DIR / "static" / "public"]
# WhiteNoise answers before the CSP middleware runs; this adds the headers.
WHITENOISE_ADD_HEADERS_FUNCTION = add_security_headers
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE is django-csp's sentinel for the per-request nonce; the string
        # "'nonce'" would be sent literally and block the bundle.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://i.ytimg.com", "https://*.ggpht.com"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
    },
}

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "sync": {"level": LOG_LEVEL},
        "ytmt": {"level": LOG_LEVEL},
        "apscheduler": {"level": "WARNING"},
    },
}

# Scheduler: django-apscheduler's run-time format in the admin-free UI.
APSCHEDULER_DATETIME_FORMAT = "N j, Y, f:s a"
APSCHEDULER_RUN_NOW_TIMEOUT = 25
