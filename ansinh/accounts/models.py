from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.models import OrgUnit


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    SECRETARIAT = "secretariat", _("Cơ quan thường trực")
    REPORTER = "reporter", _("Cán bộ nhập số liệu")
    APPROVER = "approver", _("Lãnh đạo duyệt báo cáo")
    VIEWER = "viewer", _("Lãnh đạo theo dõi")
    INSPECTOR = "inspector", _("Thanh tra, kiểm tra")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    includes_subunits = models.BooleanField(_("gồm đơn vị cấp dưới"), default=False)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
