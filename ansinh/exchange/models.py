from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.exchange.formats.dhis2_values import YES_NO, normalize_combo
from ansinh.exchange.formats.opensdg import DisaggregationKeyError, canonical_disaggregation
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program, ValueType
from ansinh.reporting.models import ReportingPeriod


class Dhis2Mapping(models.Model):
    """How one programme's figures and units are named in a DHIS2 instance (docs/dhis2.md)."""

    program = models.OneToOneField(
        Program, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="dhis2_mapping"
    )
    name = models.CharField(_("tên"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bảng ánh xạ DHIS2")
        verbose_name_plural = _("bảng ánh xạ DHIS2")

    def __str__(self) -> str:
        return self.name


class Dhis2Field(models.TextChoices):
    VALUE = "value", _("Giá trị")
    NUMERATOR = "numerator", _("Tử số")
    DENOMINATOR = "denominator", _("Mẫu số")


class Dhis2ElementMapping(models.Model):
    """A DHIS2 data element with a category option combo → an indicator, a disaggregation and a field."""

    mapping = models.ForeignKey(
        Dhis2Mapping, verbose_name=_("bảng ánh xạ"), on_delete=models.CASCADE, related_name="elements"
    )
    data_element = models.CharField(_("phần tử dữ liệu DHIS2 (uid hoặc mã)"), max_length=64)
    category_option_combo = models.CharField(
        _("tổ hợp phân tổ DHIS2"),
        max_length=64,
        blank=True,
        help_text=_("Để trống: tổ hợp mặc định của DHIS2 (HllvX50cXC0)."),
    )
    dhis2_name = models.CharField(_("tên trong DHIS2"), max_length=255, blank=True)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="dhis2_elements"
    )
    disaggregation = models.CharField(
        _("phân tổ"),
        max_length=128,
        blank=True,
        help_text=_("Dạng “Tên=Giá trị;Tên=Giá trị”, ví dụ “Giới tính=Nữ;Nhóm tuổi=0-4”. Để trống: số chung."),
    )
    field = models.CharField(_("ghi vào"), max_length=16, choices=Dhis2Field.choices, default=Dhis2Field.VALUE)

    class Meta:
        verbose_name = _("ánh xạ phần tử dữ liệu")
        verbose_name_plural = _("ánh xạ phần tử dữ liệu")
        ordering = ["mapping", "indicator__sort_key", "disaggregation", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["mapping", "data_element", "category_option_combo"], name="unique_dhis2_operand"
            ),
            models.UniqueConstraint(
                fields=["mapping", "indicator", "disaggregation", "field"], name="unique_dhis2_element_target"
            ),
        ]

    def __str__(self) -> str:
        operand = (
            f"{self.data_element}.{self.category_option_combo}" if self.category_option_combo else self.data_element
        )
        return f"{operand} → {self.indicator.code}"

    def clean(self) -> None:
        self.data_element = self.data_element.strip()
        self.category_option_combo = normalize_combo(self.category_option_combo)
        errors: dict[str, str] = {}
        try:
            self.disaggregation = canonical_disaggregation(self.disaggregation)
        except DisaggregationKeyError as error:
            errors["disaggregation"] = str(error)
        if self.indicator_id and self.mapping_id:
            indicator = self.indicator
            if indicator.program_id != self.mapping.program_id:
                errors["indicator"] = str(_("Chỉ tiêu không thuộc chương trình của bảng ánh xạ."))
            elif indicator.is_group or indicator.value_type == ValueType.QUALITATIVE:
                errors["indicator"] = str(_("Chỉ tiêu nhóm hoặc định tính không nhận số liệu DHIS2."))
            elif indicator.value_type == YES_NO and self.field != Dhis2Field.VALUE:
                errors["field"] = str(_("Chỉ tiêu Có/Không chỉ nhận giá trị, không có tử số, mẫu số."))
        if errors:
            raise ValidationError(errors)


class Dhis2OrgUnitMapping(models.Model):
    """A DHIS2 org unit → one of our units (one to one, so that an export can name it back)."""

    mapping = models.ForeignKey(
        Dhis2Mapping, verbose_name=_("bảng ánh xạ"), on_delete=models.CASCADE, related_name="org_units"
    )
    dhis2_org_unit = models.CharField(_("đơn vị DHIS2 (uid hoặc mã)"), max_length=64)
    dhis2_name = models.CharField(_("tên trong DHIS2"), max_length=255, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="dhis2_mappings"
    )

    class Meta:
        verbose_name = _("ánh xạ đơn vị")
        verbose_name_plural = _("ánh xạ đơn vị")
        ordering = ["mapping", "dhis2_org_unit"]
        constraints = [
            models.UniqueConstraint(fields=["mapping", "dhis2_org_unit"], name="unique_dhis2_org_unit"),
            models.UniqueConstraint(fields=["mapping", "org_unit"], name="unique_dhis2_our_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.dhis2_org_unit} → {self.org_unit.code}"


class ImportKind(models.TextChoices):
    DHIS2_JSON = "dhis2_json", _("DHIS2 dataValueSets (JSON)")
    DHIS2_CSV = "dhis2_csv", _("DHIS2 dataValueSets (CSV)")
    OPENSDG_CSV = "opensdg_csv", _("Open SDG (CSV dạng tidy)")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    SUCCEEDED = "succeeded", _("Hoàn thành")
    FAILED = "failed", _("Thất bại")


class BackgroundJob(models.Model):
    """What every background job keeps: where it stands, how far it got, who asked and when."""

    status = models.CharField(_("trạng thái"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    progress_total = models.PositiveIntegerField(_("tổng số"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    task_id = models.CharField(_("mã tác vụ nền"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class ImportJob(BackgroundJob):
    """A file import run in the background: the file itself, its options, and how far it got."""

    kind = models.CharField(_("loại tệp"), max_length=32, choices=ImportKind.choices)
    program = models.ForeignKey(
        Program, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content = models.BinaryField(_("nội dung tệp"))
    options = models.JSONField(_("tùy chọn"), default=dict, blank=True)
    summary = models.JSONField(_("kết quả"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập tệp")
        verbose_name_plural = _("lượt nhập tệp")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.filename or self.pk} ({self.get_status_display()})"


class ExportKind(models.TextChoices):
    PERIOD_WORKBOOK = "period_workbook", _("Bảng tổng hợp các đơn vị của kỳ (Excel)")
    DHIS2 = "dhis2", _("Số liệu đã duyệt dạng DHIS2 dataValueSets")
    OPENSDG = "opensdg", _("Một chỉ tiêu dạng Open SDG (CSV)")
    BUDGET = "budget", _("Các dòng kinh phí (Excel)")


class ExportJob(BackgroundJob):
    """An export too big to build inside a web request (issue 21): built by a background task into a
    private folder (settings.EXPORT_JOB_ROOT, never served as a static or media file), then downloaded
    through a page that checks access again. ``kind`` names the writer (exchange.services.export_jobs.WRITERS),
    ``options`` what it was asked for (years, format, indicator, units …)."""

    kind = models.CharField(_("loại tệp"), max_length=32, choices=ExportKind.choices)
    program = models.ForeignKey(
        Program, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("kỳ báo cáo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    options = models.JSONField(_("tùy chọn"), default=dict, blank=True)
    filename = models.CharField(_("tên tệp tải về"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    stored_name = models.CharField(_("tên tệp đã lưu"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"), default=0)

    class Meta:
        verbose_name = _("lượt xuất tệp")
        verbose_name_plural = _("lượt xuất tệp")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.filename} ({self.get_status_display()})"

    @property
    def progress_noun(self) -> str:
        """What the job's progress counts."""
        return str(EXPORT_PROGRESS_NOUNS[self.kind])


# What an export job's progress counts, by kind: units written, or figures read for DHIS2.
EXPORT_PROGRESS_NOUNS: dict[str, Any] = {
    ExportKind.PERIOD_WORKBOOK: _("đơn vị"),
    ExportKind.DHIS2: _("số liệu"),
    ExportKind.OPENSDG: _("đơn vị"),
    ExportKind.BUDGET: _("dòng"),
}
