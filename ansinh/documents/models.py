from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.rules.decree30 import AUTHORITY_LABELS, Authority


class DocumentSettings(models.Model):
    """How a programme's secretariat signs its documents: the header block, the signer, the usual addressees and
    recipients. Set once, used by the yearly report, the reminder letters and the notices."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="document_settings")
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255)
    issuer_symbol = models.CharField(_("chữ viết tắt tên cơ quan"), max_length=32)
    drafting_unit = models.CharField(
        _("đơn vị soạn thảo (viết tắt)"),
        max_length=32,
        blank=True,
        help_text=_("Dùng trong ký hiệu công văn và dòng “Lưu: VT, …”."),
    )
    place = models.CharField(_("địa danh"), max_length=64)
    authority = models.CharField(
        _("thẩm quyền ký"), max_length=8, blank=True, choices=[(a.value, AUTHORITY_LABELS[a]) for a in Authority]
    )
    principal = models.CharField(_("tập thể hoặc người đứng đầu"), max_length=128, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=128, blank=True)
    addressees = models.TextField(_("kính gửi (mỗi dòng một nơi)"), blank=True)
    recipients = models.TextField(_("nơi nhận (mỗi dòng một nơi)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("thể thức văn bản của chương trình")
        verbose_name_plural = _("thể thức văn bản của chương trình")

    def __str__(self) -> str:
        return f"{self.program}: {self.issuing_body}"


class ReportDraft(models.Model):
    """The words of a programme's yearly report that a person writes: the figures are never typed, they come
    from the evaluation when the document is generated. Every save keeps a revision."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="report_drafts")
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(
        _("số văn bản"), null=True, blank=True, help_text=_("Để trống: văn thư cấp số khi phát hành.")
    )
    issued_on = models.DateField(_("ngày văn bản"), null=True, blank=True)
    general_assessment = models.TextField(_("đánh giá chung"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế, nguyên nhân"), blank=True)
    next_steps = models.TextField(_("phương hướng, nhiệm vụ năm sau"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dự thảo báo cáo năm")
        verbose_name_plural = _("dự thảo báo cáo năm")
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="unique_report_draft")]

    def __str__(self) -> str:
        return f"{self.program} — {self.year}"


class ReportDraftRevision(models.Model):
    """The draft as it was saved, each time: who, when, what."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("phiên bản"))
    content = models.JSONField(_("nội dung"))
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phiên bản dự thảo")
        verbose_name_plural = _("phiên bản dự thảo")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["draft", "version"], name="unique_draft_revision")]

    def __str__(self) -> str:
        return f"{self.draft} v{self.version}"


class BriefingTrigger(models.TextChoices):
    MONTH_END = "month_end", _("Ngày cuối mỗi tháng")
    BEFORE_MEETING = "before_meeting", _("Trước mỗi cuộc họp của Ban Chỉ đạo")


class BriefingSchedule(models.Model):
    """The secretariat's order to send the leadership the dashboard as a PDF by e-mail, at each month's end or a
    number of days before each meeting."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="briefing_schedules")
    trigger = models.CharField(_("thời điểm gửi"), max_length=16, choices=BriefingTrigger.choices)
    days_before = models.PositiveSmallIntegerField(_("số ngày trước cuộc họp"), default=2)
    recipients = models.TextField(_("thư điện tử người nhận (mỗi dòng một địa chỉ)"))
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lịch gửi bản tin lãnh đạo")
        verbose_name_plural = _("lịch gửi bản tin lãnh đạo")
        ordering = ["program", "-is_active", "trigger"]

    def __str__(self) -> str:
        return f"{self.program}: {self.get_trigger_display()}"

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class BriefingSent(models.Model):
    """One briefing of one schedule for one occasion (a month's end, a meeting's date): sent once."""

    schedule = models.ForeignKey(BriefingSchedule, on_delete=models.CASCADE, related_name="sent")
    occasion = models.DateField(_("dịp gửi"), help_text=_("Ngày cuối tháng hoặc ngày họp."))
    sent_on = models.DateField(_("ngày gửi"))
    recipients = models.JSONField(_("người nhận"))

    class Meta:
        verbose_name = _("bản tin đã gửi")
        verbose_name_plural = _("bản tin đã gửi")
        constraints = [models.UniqueConstraint(fields=["schedule", "occasion"], name="unique_briefing_sent")]

    def __str__(self) -> str:
        return f"{self.schedule} — {self.occasion:%d/%m/%Y}"


class UnitBoundary(models.Model):
    """An official boundary an administrator loaded for a unit (GeoJSON Polygon or MultiPolygon, WGS 84).
    The unit data itself has only a centroid; a map draws polygons where these exist."""

    unit = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField(_("hình học (GeoJSON)"))
    source = models.CharField(_("nguồn"), max_length=255)
    loaded_at = models.DateTimeField(auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ranh giới đơn vị")
        verbose_name_plural = _("ranh giới đơn vị")

    def __str__(self) -> str:
        return str(self.unit)
