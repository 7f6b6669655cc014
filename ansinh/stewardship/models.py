"""A programme's stewardship at year end and at its reviews: the budget it spends (``BudgetLine``, per unit,
year, source and optionally task, in đồng), and — below — the emulation topics with their rewards and the
frozen snapshots of the mid-term and final reviews."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.followups.models import Task
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.models import Report
from ansinh.rules.budget import AMOUNT_FIELDS, Amounts, disbursement_rate
from ansinh.rules.emulation import CRITERION_LABELS, Criterion

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
    "not reported", never zero.

    A line with a ``report`` is the unit's own, entered inside its periodic report (the report's year): it is
    typed, locked, returned and approved with the report and counts only once the report is approved. A line
    without one is entered in bulk (the finance office's consolidation, a published figure) and counts at once;
    ``selectors.counted_budget_lines`` is the one rule of what counts."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="budget_lines")
    report = models.ForeignKey(
        Report,
        verbose_name=_("báo cáo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        help_text=_("Để trống: dòng nhập trực tiếp hoặc từ bảng tính tổng hợp, không qua báo cáo của đơn vị."),
    )
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


class BudgetLineChange(models.Model):
    """Every change of a budget line — entered, corrected, removed — with who, when, from what to what, kept
    after the line itself is removed (``label`` names it then)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="budget_changes")
    line = models.ForeignKey(BudgetLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes")
    label = models.CharField(_("dòng kinh phí"), max_length=500)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi kinh phí")
        verbose_name_plural = _("thay đổi kinh phí")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} @ {self.changed_at:%d/%m/%Y %H:%M}"


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


class EmulationTopic(models.Model):
    """A yearly emulation topic (chuyên đề thi đua) on the programme, with the criteria and weights the
    secretariat sets (``EmulationCriterion``, summing to 100%)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="emulation_topics")
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên chuyên đề"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    source = models.TextField(_("nguồn"), blank=True)
    is_illustrative = models.BooleanField(_("ví dụ minh họa"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chuyên đề thi đua")
        verbose_name_plural = _("chuyên đề thi đua")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="unique_emulation_topic")]

    def __str__(self) -> str:
        return self.title


class EmulationCriterion(models.Model):
    topic = models.ForeignKey(EmulationTopic, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(
        _("tiêu chí"), max_length=32, choices=[(c.value, CRITERION_LABELS[c]) for c in Criterion]
    )
    weight = models.DecimalField(_("trọng số (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("tiêu chí thi đua")
        verbose_name_plural = _("tiêu chí thi đua")
        ordering = ["topic", "id"]
        constraints = [models.UniqueConstraint(fields=["topic", "criterion"], name="unique_emulation_criterion")]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.weight}%"


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class AwardKind(models.TextChoices):
    CITY_MERIT = "city_merit", _("Bằng khen của Ủy ban nhân dân Thành phố")
    CITY_FLAG = "city_flag", _("Cờ thi đua của Ủy ban nhân dân Thành phố")
    DEPARTMENT_MERIT = "department_merit", _("Giấy khen")
    OTHER = "other", _("Hình thức khác")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo, chờ Ban Chỉ đạo")
    APPROVED = "approved", _("Ban Chỉ đạo đồng ý đề nghị")
    REJECTED = "rejected", _("Ban Chỉ đạo không đồng ý")


class RewardProposal(models.Model):
    """A proposal to reward a collective (a unit) or an individual (of a unit) under a year's topic, drafted by
    the secretariat for the proposing unit, decided by the committee. A unit never proposes itself."""

    topic = models.ForeignKey(EmulationTopic, on_delete=models.CASCADE, related_name="proposals")
    recipient_kind = models.CharField(_("đối tượng"), max_length=16, choices=RecipientKind.choices)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("họ và tên"), max_length=255, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    award = models.CharField(_("hình thức khen thưởng"), max_length=32, choices=AwardKind.choices)
    grounds = models.TextField(_("thành tích, căn cứ đề nghị"))
    proposed_by = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("tình trạng"), max_length=16, choices=ProposalStatus.choices, default="draft")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("ý kiến Ban Chỉ đạo"), blank=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["topic", "recipient_kind", "id"]

    def __str__(self) -> str:
        who = self.person_name if self.recipient_kind == RecipientKind.INDIVIDUAL else self.unit.name
        return f"{self.get_award_display()}: {who}"
