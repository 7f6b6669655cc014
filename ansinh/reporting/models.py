from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.periods import PeriodKey, label


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Năm")
    HALF = "half", _("6 tháng")
    QUARTER = "quarter", _("Quý")
    MONTH = "month", _("Tháng")


class ReportingPeriod(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("loại kỳ"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("số thứ tự trong năm"), default=1)
    starts_on = models.DateField(_("chốt số liệu từ"))
    ends_on = models.DateField(_("chốt số liệu đến"))
    deadline = models.DateField(_("thời hạn gửi"), null=True, blank=True)
    is_open = models.BooleanField(_("đang mở"), default=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["program", "year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind", "year", "number"], name="unique_period"),
        ]

    def __str__(self) -> str:
        return label(self.key)

    @property
    def key(self) -> PeriodKey:
        return PeriodKey(self.year, self.kind, self.number)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class Report(models.Model):
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("trạng thái"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    source = models.TextField(
        _("nguồn"),
        blank=True,
        help_text=_("Văn bản hoặc bài viết công bố số liệu, khi báo cáo được nhập từ nguồn công khai."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="unique_report")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.status in (ReportStatus.APPROVED, ReportStatus.SUBMITTED)


class DataValue(models.Model):
    """One figure of one report. A rate may carry its numerator and denominator so that roll-ups
    divide sums instead of averaging rates."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    disaggregation = models.CharField(_("phân tổ"), max_length=128, blank=True, default="")
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(_("tử số"), max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(_("mẫu số"), max_digits=20, decimal_places=6, null=True, blank=True)
    achieved = models.BooleanField(_("đạt (chỉ tiêu có/không)"), null=True, blank=True)
    not_implemented = models.BooleanField(_("chưa triển khai"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    evidence = models.TextField(_("minh chứng"), blank=True)
    source = models.TextField(_("nguồn"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator", "disaggregation"], name="unique_data_value")
        ]
        indexes = [models.Index(fields=["indicator", "report"])]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"


class DataValueChange(models.Model):
    """Every change of a figure: who, when, from what to what."""

    data_value = models.ForeignKey(DataValue, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.data_value_id} @ {self.changed_at:%d/%m/%Y %H:%M}"
