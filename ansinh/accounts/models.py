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
    FINANCE = "finance", _("Cơ quan tài chính")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    includes_subunits = models.BooleanField(_("gồm đơn vị cấp dưới"), default=False)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class ApiToken(models.Model):
    """A person's key for machine clients. It acts as that person, with their memberships, so it is
    scoped exactly like them; a read-only token may not write. Only a hash of the key is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=12, help_text=_("Vài ký tự đầu của khoá, để nhận ra khoá."))
    key_hash = models.CharField(_("mã băm của khoá"), max_length=64, unique=True)
    can_write = models.BooleanField(_("được ghi dữ liệu"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khoá API")
        verbose_name_plural = _("khoá API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) — {self.user}"
