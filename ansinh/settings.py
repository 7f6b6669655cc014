"""Settings for ansinh.

The embedded default is SQLite in the working tree; DATABASE_URL selects another database
(PostgreSQL in production and CI). Production hardening lives in ``ansinh.settings_production``.
"""

import os
from pathlib import Path

import dj_database_url

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
    "ninja",
    "django_tasks_db",
    "ansinh.core",
    "ansinh.org",
    "ansinh.programs",
    "ansinh.reporting",
    "ansinh.evaluation",
    "ansinh.accounts",
    "ansinh.audit",
    "ansinh.exchange",
    "ansinh.web",
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
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
            "builtins": ["ansinh.core.templatetags.vn"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'ansinh.sqlite3'}",
        conn_max_age=int(os.environ.get("ANSINH_DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "ansinh" / "static"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

MAILERS = {
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
