"""The third-party apps under their Vietnamese names, so the admin site speaks Vietnamese throughout (their own
labels are English and not translatable). Only the name shown changes: labels, models and migrations stay theirs."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = "Khoá đăng nhập khi nhập sai nhiều lần"


class OTPConfig(AppConfig):
    name = "django_otp"
    verbose_name = "Xác thực hai bước"
    default_auto_field = "django.db.models.AutoField"


class TOTPConfig(TOTPAppConfig):
    verbose_name = "Ứng dụng xác thực (TOTP)"


class TasksConfig(TasksAppConfig):
    verbose_name = "Việc chạy nền"
