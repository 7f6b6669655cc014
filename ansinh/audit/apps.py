from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "ansinh.audit"
    label = "audit"
    verbose_name = _("Nhật ký")

    def ready(self) -> None:
        from ansinh.audit import signals  # noqa: F401  (connects the receivers)
        from ansinh.audit.admin_actions import install

        install()  # the admin's bulk delete, audited for every model
