"""Settings for ansinh.

The embedded default is SQLite in the working tree; DATABASE_URL selects another database
(PostgreSQL in production and CI). Production hardening lives in ``ansinh.settings_production``.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("ANSINH_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = os.environ.get("ANSINH_DEBUG", "1") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ANSINH_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third-party apps under their Vietnamese names in the admin (ansinh/accounts/third_party.py).
    "ansinh.accounts.third_party.OTPConfig",
    "ansinh.accounts.third_party.TOTPConfig",
    "ansinh.accounts.third_party.AxesConfig",
    "ninja",
    "ansinh.accounts.third_party.TasksConfig",
    "ansinh.core",
    "ansinh.org",
    "ansinh.programs",
    "ansinh.reporting",
    "ansinh.evaluation",
    "ansinh.followups",
    "ansinh.stewardship",
    "ansinh.documents",
    "ansinh.accounts",
    "ansinh.audit",
    "ansinh.exchange",
    "ansinh.demo",
    "ansinh.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "ansinh.core.middleware.RefuseNulCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ansinh.accounts.middleware.ApiTokenMiddleware",
    "ansinh.audit.middleware.RequestContextMiddleware",
    "ansinh.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lock-out raised during authentication into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ansinh.urls"
WSGI_APPLICATION = "ansinh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ansinh" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ansinh.web.context_processors.notifications",
                "ansinh.web.context_processors.navigation",
            ],
            "builtins": ["ansinh.core.templatetags.vn"],
        },
    }
]

# var/ holds the embedded database, the collected static files and the export jobs' files. Made here, not only by
# `make run`: in a fresh clone `manage.py` (migrate, createsuperuser…) would otherwise fail with SQLite's "unable to
# open database file".
VAR_DIR = BASE_DIR / "var"
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'ansinh.sqlite3'}",
        conn_max_age=int(os.environ.get("ANSINH_DB_CONN_MAX_AGE", "0")),
    )
}
# SQLite (the embedded default): the web server and the task worker write to the same file.
# - IMMEDIATE: a transaction takes the write lock when it starts, so a second writer waits instead of failing
#   with "database is locked" when it tries to upgrade a read lock;
# - a busy timeout (ANSINH_SQLITE_TIMEOUT seconds, default 30): a writer waits that long for the lock;
# - WAL: readers never wait for the writer, nor the writer for readers (page views go on during an import);
#   synchronous=NORMAL is WAL's durable-at-checkpoint setting, the one SQLite recommends with it.
SQLITE_TIMEOUT = int(os.environ.get("ANSINH_SQLITE_TIMEOUT", "30"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=SQLITE_TIMEOUT,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first (new and upgraded hashes); the others only verify hashes made before it was enabled.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTHENTICATION_BACKENDS = [
    # django-axes refuses a locked-out username/address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Five failed logins for one username from one address lock it for 15 minutes; success resets.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address, for lock-out and the audit log (ansinh.audit.context.client_ip): REMOTE_ADDR, unless the
# deployment declares the header its proxy writes (ANSINH_CLIENT_IP_HEADER, e.g. HTTP_X_FORWARDED_FOR) and how
# many proxies stand in front (ANSINH_CLIENT_IP_PROXY_COUNT). Behind a proxy, without it, everyone shares one address.
CLIENT_IP_HEADER = os.environ.get("ANSINH_CLIENT_IP_HEADER", "")
CLIENT_IP_PROXY_COUNT = int(os.environ.get("ANSINH_CLIENT_IP_PROXY_COUNT", "1"))
AXES_CLIENT_IP_CALLABLE = "ansinh.audit.context.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Sessions end after an hour without activity (every request extends them) and with the browser.
SESSION_COOKIE_AGE = 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Django's built-in Content-Security-Policy: our own files only, no inline script or style, no frames.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

OTP_TOTP_ISSUER = "ansinh"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "ansinh" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["ansinh.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "ansinh" / "static"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

DEFAULT_FROM_EMAIL = os.environ.get("ANSINH_FROM_EMAIL", "ansinh@localhost")
MAILERS: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": os.environ.get("ANSINH_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    }
}

# The embedded product never fetches anything at run time: the API documentation page uses the
# Swagger UI files that django-ninja ships, served from our own static files.
NINJA_PAGINATION_PER_PAGE = 100

# Long imports run as tasks, stored in the database and executed by `manage.py db_worker` (which
# `make run` starts beside the web server); the test suite runs them inline.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running import that has not finished after this many minutes is given up (its worker was killed):
# ansinh.rules.jobs, exchange.services.jobs.fail_stale_jobs.
IMPORT_JOB_TIME_LIMIT_MINUTES = int(os.environ.get("ANSINH_IMPORT_JOB_MINUTES", "120"))
# A period whose multi-unit workbook lists more units than this is built by a background job (issue 21),
# into this private folder (never served directly: the job's download page checks access).
EXPORT_JOB_MIN_UNITS = int(os.environ.get("ANSINH_EXPORT_JOB_MIN_UNITS", "300"))
EXPORT_JOB_ROOT = Path(os.environ.get("ANSINH_EXPORT_JOB_ROOT", str(VAR_DIR / "exports")))
# A finished export's file is removed this many days after it was made (the next export job does it).
EXPORT_JOB_KEEP_DAYS = int(os.environ.get("ANSINH_EXPORT_JOB_KEEP_DAYS", "7"))
