"""Production settings: the defaults of ``ansinh.settings`` plus what a public deployment needs.

Select with DJANGO_SETTINGS_MODULE=ansinh.settings_production. Required environment:
ANSINH_SECRET_KEY (50+ random characters), ANSINH_ALLOWED_HOSTS (comma-separated), DATABASE_URL.
Optional: ANSINH_STATIC_ROOT, where ``collectstatic`` writes the hashed static files and WhiteNoise serves
them from (default var/static; the benchmarks collect into a temporary folder); ANSINH_SSL_REDIRECT=0 where
nothing terminates TLS in front (a benchmark on 127.0.0.1).
``manage.py check --deploy`` is clean with these settings (a test proves it)."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from ansinh.settings import *  # noqa: F403

DEBUG = False

SECRET_KEY = os.environ.get("ANSINH_SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("ANSINH_SECRET_KEY phải có ít nhất 50 ký tự ngẫu nhiên / must be 50+ random characters.")

ALLOWED_HOSTS = [h for h in os.environ.get("ANSINH_ALLOWED_HOSTS", "").split(",") if h]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ANSINH_ALLOWED_HOSTS chưa đặt / is not set.")

# Production never falls back to the embedded SQLite file silently: DATABASE_URL must say which database.
if not os.environ.get("DATABASE_URL", "").strip():
    raise ImproperlyConfigured(
        "DATABASE_URL chưa đặt: bản triển khai cần CSDL PostgreSQL, ví dụ "
        "DATABASE_URL=postgres://ansinh:MẬT_KHẨU@127.0.0.1:5432/ansinh / DATABASE_URL is not set."
    )

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# ... and appends the client's address to X-Forwarded-For: lock-out and the audit log read it from there (one proxy
# by default; ANSINH_CLIENT_IP_HEADER="" where nothing stands in front, ANSINH_CLIENT_IP_PROXY_COUNT for a chain).
CLIENT_IP_HEADER = os.environ.get("ANSINH_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
SECURE_SSL_REDIRECT = os.environ.get("ANSINH_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

if os.environ.get("ANSINH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["ANSINH_STATIC_ROOT"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("ANSINH_SMTP_HOST", "localhost"),
            "port": int(os.environ.get("ANSINH_SMTP_PORT", "587")),
            "username": os.environ.get("ANSINH_SMTP_USER", ""),
            "password": os.environ.get("ANSINH_SMTP_PASSWORD", ""),
            "use_tls": os.environ.get("ANSINH_SMTP_TLS", "1") == "1",
            "timeout": 30,
        },
    }
}
