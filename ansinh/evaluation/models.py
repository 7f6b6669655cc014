from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.programs.models import Indicator
from ansinh.rules.verdicts import DECLARABLE_STATUSES


class DeclaredVerdict(models.Model):
    """A verdict the steering committee published where no figure was published with it.

    Shown as declared, never as computed; a computed verdict from a reported figure takes precedence
    only where the committee declared nothing (the two are shown side by side when they differ)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="declared_verdicts")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("kết quả"), max_length=16, choices=[(s.value, s.label) for s in DECLARABLE_STATUSES])
    reason = models.TextField(_("lý do"), blank=True)
    source = models.TextField(_("nguồn"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả do Ban Chỉ đạo công bố")
        verbose_name_plural = _("kết quả do Ban Chỉ đạo công bố")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="unique_declared_verdict")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.status}"


class DeclaredSummary(models.Model):
    """The committee's own summary of a year as published, kept beside the computed one."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="declared_summaries")
    year = models.PositiveSmallIntegerField(_("năm"))
    sentence = models.TextField(_("kết luận của Ban Chỉ đạo"))
    source = models.TextField(_("nguồn"))

    class Meta:
        verbose_name = _("kết luận do Ban Chỉ đạo công bố")
        verbose_name_plural = _("kết luận do Ban Chỉ đạo công bố")
        constraints = [models.UniqueConstraint(fields=["program", "year", "sentence"], name="unique_declared_summary")]

    def __str__(self) -> str:
        return f"{self.program} {self.year}: {self.sentence}"
