"""The third-party apps under their Vietnamese names, so the admin site speaks Vietnamese throughout (their own
labels are English and not translatable). Only the name shown changes: labels, models and migrations stay theirs."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from django_tasks_db.apps import TasksAppConfig

from ansinh.core.templatetags.vn import vn_date


class AxesConfig(AxesAppConfig):
    verbose_name = "Khoá đăng nhập khi nhập sai nhiều lần"

    def ready(self) -> None:
        super().ready()
        # The admin names each record by its __str__, which axes writes in English with a raw timestamp
        # ("Access Log for admin @ 2026-12-07 08:11:08.801780+00:00"); the same facts in Vietnamese.
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = lambda record: f"Đăng nhập sai: {record.username}, {vn_date(record.attempt_time)}"
        AccessFailureLog.__str__ = lambda record: (
            f"Đăng nhập thất bại{' (đã khoá)' if record.locked_out else ''}: {record.username}, "
            f"{vn_date(record.attempt_time)}, từ {record.ip_address}"
        )
        AccessLog.__str__ = lambda record: f"Đăng nhập: {record.username}, {vn_date(record.attempt_time)}"


class OTPConfig(AppConfig):
    name = "django_otp"
    verbose_name = "Xác thực hai bước"
    default_auto_field = "django.db.models.AutoField"


class TOTPConfig(TOTPAppConfig):
    verbose_name = "Ứng dụng xác thực (TOTP)"


class TasksConfig(TasksAppConfig):
    verbose_name = "Việc chạy nền"
