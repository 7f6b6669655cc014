"""Steering work around a programme's figures: tasks and documents to issue (from the plan's text, a
meeting's conclusions or an inspection's recommendations), their progress in each periodic report, meetings,
difficulties, yearly inspection plans with teams, visits and findings, and the alerts already sent.

A task's deadline is a date, a year or "thường xuyên" (``deadline_kind``); the status a person sees adds what
the calendar says ("quá hạn", "hoàn thành quá hạn": ``ansinh.rules.followups.task_status``)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import Report
from ansinh.rules.followups import STATUS_LABELS, STORED_STATUSES, Deadline, DeadlineKind, TaskStatus, task_status

ILLUSTRATIVE = "ví dụ minh họa"


class Attachment(models.Model):
    """A file kept in the database (evidence of a completed task, an inspection report): small documents,
    served back only through an access check."""

    filename = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=128)
    content = models.BinaryField()
    size = models.PositiveIntegerField(_("dung lượng"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.filename


class TaskKind(models.TextChoices):
    TASK = "task", _("Nhiệm vụ")
    DOCUMENT = "document", _("Văn bản cần ban hành")
    DIRECTIVE = "directive", _("Kết luận, chỉ đạo")
    RECOMMENDATION = "recommendation", _("Kiến nghị sau kiểm tra")


class DocumentType(models.TextChoices):
    RESOLUTION = "nghi_quyet", _("Nghị quyết")
    DECISION = "quyet_dinh", _("Quyết định")
    PLAN = "ke_hoach", _("Kế hoạch")
    SCHEME = "de_an", _("Đề án")
    PROGRAMME = "chuong_trinh", _("Chương trình")


class TaskOrigin(models.TextChoices):
    PLAN = "plan", _("Nội dung kế hoạch")
    MEETING = "meeting", _("Kết luận hội nghị")
    INSPECTION = "inspection", _("Kiểm tra, giám sát")
    MANUAL = "manual", _("Giao trực tiếp")


STORED_CHOICES = [(status.value, STATUS_LABELS[status]) for status in STORED_STATUSES]


class Meeting(models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Định kỳ")
        THEMATIC = "thematic", _("Chuyên đề")
        AD_HOC = "ad_hoc", _("Đột xuất")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("ngày họp"))
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("tên hội nghị"), max_length=500)
    chair = models.CharField(_("chủ trì"), max_length=255)
    attending_units = models.ManyToManyField(OrgUnit, verbose_name=_("đơn vị dự"), blank=True, related_name="+")
    attendance_note = models.TextField(_("thành phần dự"), blank=True)
    summary = models.TextField(_("nội dung, kết quả"), blank=True)
    conclusions = models.TextField(_("kết luận"), blank=True)
    source = models.TextField(_("nguồn"), blank=True)
    is_illustrative = models.BooleanField(_("ví dụ minh họa"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội nghị, giao ban")
        verbose_name_plural = _("hội nghị, giao ban")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class InspectionPlan(models.Model):
    """A yearly inspection plan: how many units the committee means to inspect (its own target, checked
    like any other) and over which span."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="inspection_plans")
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    target_units = models.PositiveSmallIntegerField(_("số đơn vị cần kiểm tra"))
    target_phrase = models.CharField(_("chỉ tiêu như văn bản ghi"), max_length=255, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    source = models.TextField(_("nguồn"), blank=True)
    is_illustrative = models.BooleanField(_("ví dụ minh họa"), default=False)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class InspectionTeam(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("tên đoàn"), max_length=255)
    leader = models.CharField(_("trưởng đoàn"), max_length=255, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), blank=True, related_name="inspection_teams"
    )
    report = models.ForeignKey(
        Attachment, verbose_name=_("báo cáo kết quả kiểm tra"), null=True, blank=True, on_delete=models.SET_NULL
    )
    source = models.TextField(_("nguồn"), blank=True)

    class Meta:
        verbose_name = _("đoàn kiểm tra")
        verbose_name_plural = _("đoàn kiểm tra")
        ordering = ["plan", "name"]

    def __str__(self) -> str:
        return self.name


class InspectionVisit(models.Model):
    """One unit inspected (or to be inspected) under a plan, by a team when the source says which."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="visits")
    team = models.ForeignKey(
        InspectionTeam, verbose_name=_("đoàn"), null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị được kiểm tra"), on_delete=models.PROTECT, related_name="+"
    )
    planned_on = models.DateField(_("ngày dự kiến"), null=True, blank=True)
    visited_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    done = models.BooleanField(_("đã kiểm tra"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.TextField(_("nguồn"), blank=True)

    class Meta:
        verbose_name = _("đơn vị được kiểm tra")
        verbose_name_plural = _("đơn vị được kiểm tra")
        ordering = ["plan", "visited_on", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="unique_visit_per_plan")]

    def __str__(self) -> str:
        return f"{self.plan} — {self.unit}"


class Finding(models.Model):
    """What an inspection found at a unit; it may require figures of a report to be corrected, which goes
    through that report's reopening with a reason."""

    visit = models.ForeignKey(InspectionVisit, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("nội dung phát hiện"))
    indicators = models.ManyToManyField(Indicator, verbose_name=_("chỉ tiêu liên quan"), blank=True, related_name="+")
    correction_report = models.ForeignKey(
        Report,
        verbose_name=_("báo cáo cần điều chỉnh số liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    correction_reopened_at = models.DateTimeField(_("đã mở lại báo cáo lúc"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phát hiện kiểm tra")
        verbose_name_plural = _("phát hiện kiểm tra")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Task(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(
        _("mã"), max_length=64, blank=True, help_text=_("Theo đánh số của kế hoạch (III.3.3.a.2), khi nhập từ văn bản.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=TaskKind.choices, default=TaskKind.TASK)
    document_type = models.CharField(_("loại văn bản"), max_length=16, choices=DocumentType.choices, blank=True)
    origin = models.CharField(_("nguồn giao"), max_length=16, choices=TaskOrigin.choices, default=TaskOrigin.MANUAL)
    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    text = models.TextField(_("nội dung"), blank=True)
    plan_section = models.CharField(_("mục của kế hoạch"), max_length=500, blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=64, blank=True)
    lead_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị chủ trì"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_reason = models.TextField(_("căn cứ giao chủ trì"), blank=True)
    coordinating_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="+"
    )
    deadline_kind = models.CharField(
        _("loại thời hạn"),
        max_length=8,
        choices=[
            (DeadlineKind.DATE, _("Ngày")),
            (DeadlineKind.YEAR, _("Năm")),
            (DeadlineKind.ONGOING, _("Thường xuyên")),
        ],
        default=DeadlineKind.ONGOING,
    )
    deadline_year = models.PositiveSmallIntegerField(_("năm hạn"), null=True, blank=True)
    due_on = models.DateField(
        _("hạn"), null=True, blank=True, help_text=_("Ngày cuối cùng: ngày hạn, hoặc 31/12 của năm hạn.")
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("chỉ tiêu liên quan"), blank=True, related_name="tasks"
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=STORED_CHOICES, default=TaskStatus.NOT_STARTED)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    evidence_number = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    evidence_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    evidence_note = models.TextField(_("minh chứng"), blank=True)
    evidence_file = models.ForeignKey(
        Attachment, verbose_name=_("tệp minh chứng"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("hội nghị"), null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    finding = models.ForeignKey(
        Finding, verbose_name=_("phát hiện"), null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    needs_review = models.BooleanField(_("cần rà soát"), default=False)
    review_reason = models.TextField(_("lý do cần rà soát"), blank=True)
    source = models.TextField(_("nguồn"), blank=True)
    is_illustrative = models.BooleanField(_("ví dụ minh họa"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["program", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"], condition=~models.Q(code=""), name="unique_task_code_per_program"
            )
        ]
        indexes = [models.Index(fields=["program", "lead_unit"]), models.Index(fields=["program", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def deadline(self) -> Deadline:
        if self.deadline_kind == DeadlineKind.DATE:
            return Deadline(DeadlineKind.DATE, day=self.due_on)
        if self.deadline_kind == DeadlineKind.YEAR:
            return Deadline(DeadlineKind.YEAR, year=self.deadline_year)
        return Deadline(DeadlineKind.ONGOING)

    def status_on(self, today: date) -> TaskStatus:
        return task_status(self.status, self.due_on, self.completed_on, today)


class TaskProgress(models.Model):
    """The lead unit's account of a task in one periodic report — kết quả, khó khăn, kiến nghị — written with
    the report's figures and locked with them when the report is sent or approved."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    results = models.TextField(_("kết quả"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("kiến nghị"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("tiến độ nhiệm vụ trong kỳ")
        verbose_name_plural = _("tiến độ nhiệm vụ trong kỳ")
        constraints = [models.UniqueConstraint(fields=["task", "report"], name="unique_task_progress")]

    def __str__(self) -> str:
        return f"{self.task} — {self.report}"


class Difficulty(models.Model):
    """A difficulty (khó khăn, vướng mắc) a unit raised in its report or at a meeting, what it proposes, who
    must resolve it, and how it was resolved."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa giải quyết")
        RESOLVED = "resolved", _("Đã giải quyết")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="difficulties")
    title = models.CharField(_("khó khăn, vướng mắc"), max_length=500)
    description = models.TextField(_("mô tả"), blank=True)
    proposal = models.TextField(_("kiến nghị"), blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=64, blank=True)
    indicators = models.ManyToManyField(Indicator, verbose_name=_("chỉ tiêu liên quan"), blank=True, related_name="+")
    raised_by = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị nêu"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateField(_("ngày nêu"))
    report = models.ForeignKey(
        Report, verbose_name=_("nêu trong báo cáo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("nêu tại hội nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="difficulties",
    )
    resolving_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị giải quyết"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("tình trạng"), max_length=12, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("kết quả giải quyết"), blank=True)
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    source = models.TextField(_("nguồn"), blank=True)
    is_illustrative = models.BooleanField(_("ví dụ minh họa"), default=False)

    class Meta:
        verbose_name = _("khó khăn, vướng mắc")
        verbose_name_plural = _("khó khăn, vướng mắc")
        ordering = ["-raised_on", "id"]

    def __str__(self) -> str:
        return self.title


class DocumentQuota(models.Model):
    """How many documents of some types a year's plan asks for ("3 nghị quyết, 15 quyết định, kế hoạch,
    chương trình, đề án"): a count as published, compared with the document tasks that exist."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="document_quotas")
    year = models.PositiveSmallIntegerField(_("năm"))
    types = models.JSONField(_("loại văn bản"))
    phrase = models.CharField(_("nguyên văn"), max_length=255)
    planned = models.PositiveSmallIntegerField(_("số văn bản theo kế hoạch"))
    source = models.TextField(_("nguồn"), blank=True)

    class Meta:
        verbose_name = _("kế hoạch ban hành văn bản")
        verbose_name_plural = _("kế hoạch ban hành văn bản")
        ordering = ["program", "year", "id"]

    def __str__(self) -> str:
        return f"{self.year}: {self.phrase}"


class AlertSent(models.Model):
    """One alert to one person, once: ``key`` names the condition (``task-overdue:12``,
    ``indicator-no-task:2022:34``, ``inspection-behind:3``), so a second run sends nothing twice."""

    key = models.CharField(max_length=128)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("ngày gửi"))

    class Meta:
        verbose_name = _("cảnh báo đã gửi")
        verbose_name_plural = _("cảnh báo đã gửi")
        constraints = [models.UniqueConstraint(fields=["key", "user"], name="unique_alert_sent")]

    def __str__(self) -> str:
        return f"{self.key} → {self.user_id}"
