from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import action_label


class AuditEvent(models.Model):
    """Who did what to which object, before and after, when, from where."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    unit_code = models.CharField(_("đơn vị"), max_length=32, blank=True, db_index=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action_label} {self.object_type}#{self.object_id}"

    @property
    def action_label(self) -> str:
        """The action in Vietnamese ("Xem báo cáo"), never its code."""
        return action_label(self.action)
