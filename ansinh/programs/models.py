from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.core.numbers import format_quantity, rounded
from ansinh.org.models import OrgUnit
from ansinh.rules.precision import display_places
from ansinh.rules.verdicts import PathBase, TargetRule


class OutlookMethod(models.TextChoices):
    OPEN_SDG = "open_sdg", _("Open SDG / Thống kê Canada")
    UNSD = "unsd", _("Cơ quan Thống kê Liên Hợp Quốc (ngoại suy)")


class Program(models.Model):
    slug = models.SlugField(_("tên trong đường dẫn"), unique=True)
    code = models.CharField(_("số hiệu"), max_length=64, unique=True)
    kind = models.CharField(_("loại văn bản"), max_length=64)
    title = models.TextField(_("trích yếu"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    issued_on = models.DateField(_("ngày ban hành"))
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    implements = models.CharField(_("thực hiện văn bản"), max_length=255, blank=True)
    parent_program = models.ForeignKey(
        "self", verbose_name=_("chương trình cấp trên"), null=True, blank=True, on_delete=models.SET_NULL
    )
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="owned_programs"
    )
    standing_agency = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cơ quan thường trực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="standing_programs",
    )
    report_deadline = models.CharField(_("thời hạn báo cáo"), max_length=255, blank=True)
    is_published = models.BooleanField(_("công khai"), default=False)
    indicator_count_declared = models.PositiveSmallIntegerField(_("số chỉ tiêu theo văn bản"), null=True, blank=True)
    completeness_note = models.TextField(_("ghi chú về danh mục chỉ tiêu"), blank=True)
    approx_tolerance = models.DecimalField(
        _("dung sai cho mục tiêu 'khoảng'"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.02"),
        help_text=_("Tỷ lệ tương đối: 0,02 nghĩa là ±2% giá trị mục tiêu."),
    )
    outlook_method = models.CharField(
        _("phương pháp đánh giá triển vọng"),
        max_length=16,
        choices=OutlookMethod.choices,
        default=OutlookMethod.OPEN_SDG,
    )
    min_coverage = models.DecimalField(
        _("tỷ lệ đơn vị tối thiểu để đánh giá số cộng dồn (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Số cộng dồn từ các đơn vị cấp dưới chỉ được đánh giá đạt hay chưa đạt khi có ít nhất tỷ lệ này "
            "số đơn vị phải báo cáo đã có số liệu được duyệt."
        ),
    )
    source = models.TextField(_("nguồn"), blank=True)

    class Meta:
        verbose_name = _("chương trình, kế hoạch")
        verbose_name_plural = _("chương trình, kế hoạch")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class ValueType(models.TextChoices):
    NUMBER = "number", _("Số")
    PERCENT = "percent", _("Tỷ lệ phần trăm")
    PER_N = "per_n", _("Tỷ suất trên N dân")
    YES_NO = "yes_no", _("Có/Không")
    QUALITATIVE = "qualitative", _("Định tính")


class Direction(models.TextChoices):
    UP = "up", _("Càng cao càng tốt")
    DOWN = "down", _("Càng thấp càng tốt")
    BAND = "band", _("Giữ trong khoảng")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Cộng dồn")
    RATIO = "ratio", _("Tử số/mẫu số")
    WEIGHTED_MEAN = "weighted_mean", _("Bình quân gia quyền")
    NONE = "none", _("Chỉ Thành phố báo cáo")


class Indicator(models.Model):
    program = models.ForeignKey(
        Program, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("mã"), max_length=32)
    parent = models.ForeignKey(
        "self", verbose_name=_("chỉ tiêu cha"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    sort_key = models.CharField(max_length=64, editable=False)
    name = models.TextField(_("tên chỉ tiêu"))
    field = models.CharField(_("lĩnh vực"), max_length=64, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=64, blank=True)
    value_type = models.CharField(_("kiểu giá trị"), max_length=16, choices=ValueType.choices, default=ValueType.NUMBER)
    per_n = models.PositiveIntegerField(_("trên N dân"), null=True, blank=True)
    direction = models.CharField(_("chiều mong muốn"), max_length=8, choices=Direction.choices, default=Direction.UP)
    aggregation = models.CharField(
        _("quy tắc tổng hợp"), max_length=16, choices=Aggregation.choices, default=Aggregation.NONE
    )
    lead_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_indicators",
    )
    coordinating_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_indicators"
    )
    target_text = models.TextField(_("mục tiêu như văn bản ghi"), blank=True)
    is_group = models.BooleanField(_("là nhóm chỉ tiêu"), default=False)
    # Hard bounds of a figure (rules/figures.py): none below the lower bound (0 when empty), none above the upper.
    lower_bound = models.DecimalField(
        _("giá trị nhỏ nhất"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Để trống: không nhận số âm. Ghi số âm nếu chỉ tiêu có thể âm."),
    )
    upper_bound = models.DecimalField(_("giá trị lớn nhất"), max_digits=20, decimal_places=6, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(
        _("số chữ số thập phân khi hiển thị"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(6)],
        help_text=_("Để trống: số nguyên với chỉ tiêu đếm người, hộ, lượt; 2 chữ số thập phân với chỉ tiêu khác."),
    )
    source = models.TextField(_("nguồn"), blank=True)
    # Where the path to the end target starts for years with no target of their own (docs/rules.md).
    base_year = models.PositiveSmallIntegerField(_("năm gốc"), null=True, blank=True)
    base_value = models.DecimalField(_("giá trị năm gốc"), max_digits=20, decimal_places=6, null=True, blank=True)
    base_source = models.TextField(_("nguồn giá trị năm gốc"), blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["program", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs):
        self.sort_key = sort_key_for(self.code)
        super().save(*args, **kwargs)

    @property
    def recorded_path_base(self) -> PathBase | None:
        """The base value recorded for the indicator (the plan's, or the secretariat's), if any."""
        if self.base_year is None or self.base_value is None:
            return None
        return PathBase(self.base_year, self.base_value, self.base_source or f"giá trị năm gốc {self.base_year}")

    @property
    def places(self) -> int:
        """How many decimals its figures show (``ansinh.rules.precision``)."""
        return display_places(self.value_type, self.unit, self.decimals)

    def rounded(self, value: Decimal | None) -> Decimal | None:
        """A figure of this indicator rounded by its precision, for a number cell of an export."""
        return rounded(value, self.places)

    def figure_text(self, value) -> str:
        """A figure of this indicator as every page, export and API display string writes it: ``0,102%``."""
        return format_quantity(value, self.unit, self.places)

    @property
    def rate_scale(self) -> Decimal:
        """What a numerator/denominator ratio is multiplied by: 100 for a percentage, N for a per-N rate."""
        if self.value_type == ValueType.PERCENT:
            return Decimal(100)
        if self.value_type == ValueType.PER_N and self.per_n:
            return Decimal(self.per_n)
        return Decimal(1)


def sort_key_for(code: str) -> str:
    """'7.10' sorts after '7.9': pad every numeric part of the code path."""
    return ".".join(part.zfill(4) if part.isdigit() else part for part in code.split("."))


class Comparator(models.TextChoices):
    LT = "lt", _("dưới")
    LE = "le", _("không quá")
    GT = "gt", _("trên")
    GE = "ge", _("tối thiểu")
    EQ = "eq", _("bằng")
    APPROX = "approx", _("khoảng")
    BETWEEN = "between", _("trong khoảng")
    YES_NO = "yes_no", _("có/không")
    QUALITATIVE = "qualitative", _("định tính")
    RELATIVE = "relative", _("so với năm gốc")


class TargetKind(models.TextChoices):
    """What a target states (ansinh.rules.targets.KINDS): a level, or a change judged against a base year."""

    LEVEL = "level", _("mức cần đạt")
    CHANGE_PER_YEAR = "change_per_year", _("mức thay đổi bình quân mỗi năm")
    CHANGE_VS_BASE = "change_vs_base", _("mức thay đổi so với năm gốc")
    POINTS_CHANGE = "points_change", _("mức thay đổi (điểm phần trăm) so với năm gốc")
    MULTIPLE = "multiple", _("gấp số lần năm gốc")


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("năm"))
    is_end_target = models.BooleanField(_("mục tiêu cuối kỳ"), default=False)
    scope = models.ForeignKey(
        OrgUnit,
        verbose_name=_("phạm vi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Để trống: mục tiêu chung của chương trình."),
    )
    kind = models.CharField(
        _("loại mục tiêu"),
        max_length=16,
        choices=TargetKind.choices,
        default=TargetKind.LEVEL,
        help_text=_("Mức thay đổi: giá trị là độ lớn của mức tăng/giảm, so với số liệu năm gốc."),
    )
    comparator = models.CharField(_("phép so sánh"), max_length=16, choices=Comparator.choices)
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=6, null=True, blank=True)
    value_max = models.DecimalField(_("giá trị trên"), max_digits=20, decimal_places=6, null=True, blank=True)
    unit = models.CharField(_("đơn vị"), max_length=64, blank=True)
    base_year = models.PositiveSmallIntegerField(_("năm gốc"), null=True, blank=True)
    multiplier = models.DecimalField(_("hệ số so với năm gốc"), max_digits=10, decimal_places=4, null=True, blank=True)
    phrase = models.TextField(_("nguyên văn"))
    needs_review = models.BooleanField(_("cần rà soát"), default=False)
    source = models.TextField(_("nguồn"), blank=True)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=models.Q(scope__isnull=True), name="unique_programme_target"
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "scope"],
                condition=models.Q(scope__isnull=False),
                name="unique_unit_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.phrase}"

    def as_rule(self) -> TargetRule:
        """The target as the pure verdict rules take it."""
        return TargetRule(
            comparator=self.comparator,
            value=self.value,
            value_max=self.value_max,
            unit=self.unit,
            phrase=self.phrase,
            year=self.year,
            scope_id=self.scope_id,
            is_end_target=self.is_end_target,
            base_year=self.base_year,
            multiplier=self.multiplier,
            kind=self.kind,
            places=self.indicator.places,
        )


class LinkRelation(models.TextChoices):
    ABOVE = "above", _("văn bản cấp trên (chương trình, kế hoạch này thực hiện)")
    BELOW = "below", _("văn bản thực hiện chương trình, kế hoạch này")


class ProgramLink(models.Model):
    """A document in the programme's hierarchy: the resolution and programme it implements (Nghị quyết 42-NQ/TW →
    Chương trình 32-CTr/TU → Kế hoạch 181/KH-UBND), or the plan that implements it (08-CTr/TU → 207/KH-UBND).
    Kept by the secretariat, each with its source."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="links")
    relation = models.CharField(_("quan hệ"), max_length=8, choices=LinkRelation.choices)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0, help_text=_("Văn bản cấp cao nhất trước."))
    kind = models.CharField(_("loại văn bản"), max_length=64)
    code = models.CharField(_("số hiệu"), max_length=64)
    title = models.TextField(_("trích yếu"), blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    source = models.TextField(_("nguồn"))

    class Meta:
        verbose_name = _("văn bản liên quan")
        verbose_name_plural = _("văn bản liên quan")
        ordering = ["program", "relation", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="unique_program_link")]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"
