from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnitKind(models.TextChoices):
    COUNTRY = "country", _("Quốc gia")
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Quận, huyện, thị xã")
    COMMUNE = "commune", _("Xã, phường, thị trấn")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    OTHER = "other", _("Cơ quan, đơn vị khác")


class OrgUnit(models.Model):
    """A unit that reports or is reported on, valid over a span of dates.

    The 2025 reform ends old units (valid_to = 30/6/2025) and starts new ones (valid_from =
    1/7/2025); history survives through OrgUnitSuccession, never by renaming a unit in place.
    """

    code = models.CharField(_("mã"), max_length=64, unique=True)
    official_code = models.CharField(_("mã hành chính"), max_length=16, blank=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=255, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=OrgUnitKind.choices)
    type_name = models.CharField(_("loại hình"), max_length=64, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    # A date or split that no published document read confirms is kept, and said so (never guessed silently).
    dates_confirmed = models.BooleanField(_("ngày hiệu lực đã đối chiếu văn bản"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["parent", "kind"]), models.Index(fields=["kind", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class OrgUnitSuccession(models.Model):
    """Old unit → new unit, with the share of the old unit that went to the new one when known."""

    predecessor = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successions_out"
    )
    successor = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị kế thừa"), on_delete=models.CASCADE, related_name="successions_in"
    )
    effective_on = models.DateField(_("ngày hiệu lực"))
    share = models.DecimalField(_("tỷ lệ"), max_digits=7, decimal_places=6, null=True, blank=True)
    is_default = models.BooleanField(
        _("đơn vị kế thừa chính"), default=True, help_text=_("Khi đơn vị cũ bị chia, đơn vị mới nhận phần chính.")
    )
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    # The duties that moved (a split of a department): by indicator field, or by "<programme code>|<indicator code>";
    # both empty means everything not named by another succession of the same unit (ansinh.rules.succession).
    fields = models.JSONField(_("lĩnh vực chuyển giao"), default=list, blank=True)
    indicators = models.JSONField(_("chỉ tiêu chuyển giao"), default=list, blank=True)
    confirmed = models.BooleanField(_("đã đối chiếu văn bản"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession")]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
