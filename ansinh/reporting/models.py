from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.rules.periods import PeriodKey, label


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
    # The standing agency in office for this period (the programme's, or the body that took over its duties after
    # it ended: Sở LĐTB&XH until 28/02/2025, Sở Nội vụ after); set when the period opens, never rewritten.
    standing_agency = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cơ quan thường trực của kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standing_periods",
    )

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
    MISSING = "missing", _("Không gửi báo cáo")


# A report in these states takes no edits: it waits for approval, is approved, or the period closed on it.
FROZEN_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.MISSING)


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
        return self.status in FROZEN_STATUSES or not self.period.is_open


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


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")
    COMMUNES = "communes", _("Cấp xã thu thập")
    PROVINCES = "provinces", _("Cấp tỉnh thu thập")
    # Before 1/7/2025 commune reports went to their district, which consolidated and reported to the city.
    DISTRICTS = "districts", _("Cấp huyện tổng hợp (trước 01/07/2025)")


# Roles that assign an indicator to every unit of one level within the programme's area, not to one unit.
AREA_ROLES = (AssignmentRole.COMMUNES, AssignmentRole.PROVINCES, AssignmentRole.DISTRICTS)


class Assignment(models.Model):
    """Which unit reports which indicator of a programme: the lead unit, a coordinating unit, or every
    commune (or every province) of the programme's area valid in the period (``unit`` empty)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("vai trò"), max_length=16, choices=AssignmentRole.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân công báo cáo")
        verbose_name_plural = _("phân công báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit"], condition=models.Q(unit__isnull=False), name="unique_assigned_unit"
            ),
            models.UniqueConstraint(
                fields=["indicator"], condition=models.Q(role=AssignmentRole.LEAD), name="one_lead_per_indicator"
            ),
            models.UniqueConstraint(
                fields=["indicator"], condition=models.Q(role=AssignmentRole.COMMUNES), name="one_commune_assignment"
            ),
            models.UniqueConstraint(
                fields=["indicator"], condition=models.Q(role=AssignmentRole.PROVINCES), name="one_province_assignment"
            ),
            models.UniqueConstraint(
                fields=["indicator"], condition=models.Q(role=AssignmentRole.DISTRICTS), name="one_district_assignment"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=AREA_ROLES, unit__isnull=True)
                | (~models.Q(role__in=AREA_ROLES) & models.Q(unit__isnull=False)),
                name="area_roles_have_no_unit",
            ),
        ]

    def __str__(self) -> str:
        if self.unit is not None:
            who = self.unit.name
        elif self.role == AssignmentRole.PROVINCES:
            who = str(_("các tỉnh, thành phố"))
        elif self.role == AssignmentRole.DISTRICTS:
            who = str(_("các quận, huyện, thị xã"))
        else:
            who = str(_("các xã, phường"))
        return f"{self.indicator.code} — {self.get_role_display()}: {who}"


class ReportAction(models.TextChoices):
    SUBMIT = "submit", _("Gửi báo cáo")
    APPROVE = "approve", _("Duyệt")
    RETURN = "return", _("Trả lại")
    REOPEN = "reopen", _("Mở lại báo cáo đã duyệt")
    MARK_MISSING = "missing", _("Đóng kỳ: không gửi báo cáo")
    RESTORE = "restore", _("Mở lại kỳ báo cáo")


class ReportEvent(models.Model):
    """One step of a report's life: who moved it from which status to which, when, and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=16, choices=ReportAction.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=12, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=ReportStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("diễn biến báo cáo")
        verbose_name_plural = _("diễn biến báo cáo")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} — {self.get_action_display()}"


class CellDraft(models.Model):
    """What a person typed in a cell that does not read as a figure yet: kept verbatim, with the
    Vietnamese error, so nothing typed is lost; the report cannot be sent while one is left."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="drafts")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    disaggregation = models.CharField(_("phân tổ"), max_length=128, blank=True, default="")
    typed = models.JSONField(_("nội dung đã gõ"))
    error = models.TextField(_("lỗi"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ô nhập chưa hợp lệ")
        verbose_name_plural = _("ô nhập chưa hợp lệ")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator", "disaggregation"], name="unique_cell_draft")
        ]

    def __str__(self) -> str:
        return f"{self.report} — {self.indicator.code}: {self.error}"


class Notification(models.Model):
    """An in-app message to one person about one report (a reminder of a deadline), or about another object
    (``target_type`` and ``target_id``: an alert about a task of the apps above, which reporting cannot
    import). The page links it to its object, or to the person's reports when the report does not exist yet."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    message = models.TextField(_("nội dung"))
    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message


class ReminderSent(models.Model):
    """One reminder of one period to one person for one unit, at one step before or after the
    deadline (``days_from_deadline``: −7, −1, 1, 7): running the reminders again sends nothing twice."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    days_from_deadline = models.SmallIntegerField(_("số ngày so với thời hạn"))
    sent_on = models.DateField(_("ngày gửi"))

    class Meta:
        verbose_name = _("nhắc hạn đã gửi")
        verbose_name_plural = _("nhắc hạn đã gửi")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "user", "days_from_deadline"], name="unique_reminder_sent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} — {self.unit} — {self.user}: {self.days_from_deadline}"


class ApprovedTotal(models.Model):
    """The sum of every approved figure of the units under ``area`` (not the area's own report) for one
    indicator, cut and period, kept current as reports are approved and reopened (``reporting/totals.py``),
    so that a dashboard reads a few hundred rows instead of scanning every value.

    The numerator and denominator sums cover only the figures that came with both parts
    (``parts_count`` of them), so that a rate is the ratio of sums, never an average of rates."""

    area = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    disaggregation = models.CharField(_("phân tổ"), max_length=128, blank=True, default="")
    value_sum = models.DecimalField(_("tổng giá trị"), max_digits=28, decimal_places=6, default=0)
    value_count = models.IntegerField(_("số giá trị"), default=0)
    numerator_sum = models.DecimalField(_("tổng tử số"), max_digits=28, decimal_places=6, default=0)
    denominator_sum = models.DecimalField(_("tổng mẫu số"), max_digits=28, decimal_places=6, default=0)
    parts_count = models.IntegerField(_("số giá trị có tử số, mẫu số"), default=0)

    class Meta:
        verbose_name = _("tổng hợp số liệu đã duyệt")
        verbose_name_plural = _("tổng hợp số liệu đã duyệt")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "area", "indicator", "disaggregation"], name="unique_approved_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_id} — {self.period_id} — {self.indicator_id} {self.disaggregation}: {self.value_sum}"
