"""A programme's stewardship at year end and at its reviews: the budget it spends (``BudgetLine``, per unit,
year, source and optionally task, in đồng), and — below — the emulation topics with their rewards and the
frozen snapshots of the mid-term and final reviews."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.followups.models import Task
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.rules.budget import AMOUNT_FIELDS, Amounts, disbursement_rate

ILLUSTRATIVE = "ví dụ minh họa"


class BudgetSource(models.TextChoices):
    CITY = "city", _("Ngân sách thành phố")
    LOCAL = "local", _("Ngân sách cấp huyện, cấp xã")
    CENTRAL = "central", _("Ngân sách trung ương")
    SOCIALISED = "socialised", _("Xã hội hóa")
    OTHER = "other", _("Nguồn khác")


def _amount(label):
    return models.DecimalField(label, max_digits=20, decimal_places=0, null=True, blank=True)


class BudgetLine(models.Model):
    """What one unit (or, with no unit, the whole programme as a source published it) estimated, was
    allocated, disbursed and settled for the programme in a year — or over a span of years when a source gives
    only a total (``to_year``) — from one source, optionally for one task. Amounts in whole đồng; None is
    "not reported", never zero."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="budget_lines")
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: số liệu cấp chương trình (tổng hợp đã công bố)."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    to_year = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    source = models.CharField(_("nguồn kinh phí"), max_length=16, choices=BudgetSource.choices)
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    field = models.CharField(_("lĩnh vực"), max_length=64, blank=True)
    estimate = _amount(_("dự toán"))
    allocated = _amount(_("giao"))
    disbursed = _amount(_("giải ngân"))
    settled = _amount(_("quyết toán"))
    note = models.TextField(_("ghi chú"), blank=True)
    phrase = models.CharField(_("như nguồn ghi"), max_length=255, blank=True)
    citation = models.TextField(_("nguồn"), blank=True)
    is_illustrative = models.BooleanField(_("ví dụ minh họa"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("kinh phí")
        ordering = ["year", "unit__name", "source", "id"]
        indexes = [models.Index(fields=["program", "year"])]

    def __str__(self) -> str:
        return f"{self.unit or self.program} — {self.years_label} — {self.get_source_display()}"

    @property
    def years_label(self) -> str:
        return f"{self.year}–{self.to_year}" if self.to_year and self.to_year != self.year else str(self.year)

    @property
    def amounts(self) -> Amounts:
        return Amounts(**{name: getattr(self, name) for name in AMOUNT_FIELDS})

    @property
    def rate(self):
        return disbursement_rate(self.allocated, self.disbursed)


class ReviewKind(models.TextChoices):
    MID_TERM = "mid_term", _("Sơ kết")
    FINAL = "final", _("Tổng kết")


class Review(models.Model):
    """A sơ kết or tổng kết: the programme's state frozen when it was taken — every indicator's figures, targets,
    verdicts (computed and declared) and outlook up to ``year``, the summaries, completeness of reporting, tasks
    and inspections as of ``as_of``, the budget — stored as plain data (``rules.reviews.State``) so that later
    corrections do not change it. Nothing edits a review once taken."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("loại"), max_length=16, choices=ReviewKind.choices)
    title = models.CharField(_("tên"), max_length=500)
    year = models.PositiveSmallIntegerField(_("số liệu đến năm"))
    as_of = models.DateField(_("tình hình đến ngày"))
    state = models.JSONField(_("ảnh chụp"))
    note = models.TextField(_("ghi chú"), blank=True)
    is_illustrative = models.BooleanField(_("ví dụ minh họa"), default=False)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    taken_at = models.DateTimeField(_("thời điểm chụp"), auto_now_add=True)

    class Meta:
        verbose_name = _("sơ kết, tổng kết")
        verbose_name_plural = _("sơ kết, tổng kết")
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return self.title
