"""Writes for reporting periods, reports and their figures: the one path every figure takes,
whether a person types it, a file brings it, or the demo loads a published result."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.core.numbers import NumberFormatError, format_number, parse_number, plain_decimal
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program, ValueType
from ansinh.reporting.models import (
    DataValue,
    DataValueChange,
    PeriodKind,
    Report,
    ReportingPeriod,
    ReportStatus,
)
from ansinh.reporting.periods import PeriodKey, cutoff_window

# DataValue stores six decimal places.
STORED_PLACES = Decimal("0.000001")


class ReportingError(Exception):
    """A write that cannot be done; ``message`` is Vietnamese and fit to show."""

    def __init__(self, message: str, *, code: str = "reporting_error", errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.errors = errors or {}


def year_cutoff(year: int) -> tuple[date, date]:
    """Decree 09/2019: the yearly data window runs from 15/12 of the previous year to 14/12."""
    return cutoff_window(PeriodKey(year, PeriodKind.YEAR))


def get_or_open_period(program: Program, key: PeriodKey, *, actor=None) -> ReportingPeriod:
    """The programme's period for ``key``, created with its Decree 09 cut-off window if new."""
    starts_on, ends_on = cutoff_window(key)
    period, created = ReportingPeriod.objects.get_or_create(
        program=program,
        kind=key.kind,
        year=key.year,
        number=key.number,
        defaults={"starts_on": starts_on, "ends_on": ends_on},
    )
    if created:
        record(actor=actor, action="period.open", obj=period, summary=f"Mở kỳ báo cáo {period} — {program}")
    return period


def get_or_open_year_period(program: Program, year: int, *, actor=None) -> ReportingPeriod:
    return get_or_open_period(program, PeriodKey(year, PeriodKind.YEAR), actor=actor)


def get_or_create_report(period: ReportingPeriod, unit: OrgUnit, *, actor=None) -> Report:
    report, created = Report.objects.get_or_create(period=period, unit=unit)
    if created:
        record(actor=actor, action="report.create", obj=report, summary=f"Tạo báo cáo {report}")
    return report


@dataclass
class ValueInput:
    """One cell as typed: text for the number (Vietnamese format), or flags."""

    indicator: Indicator
    text: str = ""
    disaggregation: str = ""
    numerator_text: str = ""
    denominator_text: str = ""
    not_implemented: bool = False
    achieved: bool | None = None
    note: str = ""
    evidence: str = ""
    source: str = ""

    @property
    def is_blank(self) -> bool:
        typed = (self.text, self.numerator_text, self.denominator_text, self.note, self.evidence)
        return not (any(part.strip() for part in typed) or self.not_implemented or self.achieved is not None)


@dataclass
class SaveResult:
    changed: int = 0
    unchanged: int = 0
    errors: dict[str, str] = field(default_factory=dict)


def _snapshot(value: DataValue) -> dict:
    return {
        "value": None if value.value is None else str(plain_decimal(value.value)),
        "numerator": None if value.numerator is None else str(plain_decimal(value.numerator)),
        "denominator": None if value.denominator is None else str(plain_decimal(value.denominator)),
        "achieved": value.achieved,
        "not_implemented": value.not_implemented,
        "note": value.note,
        "evidence": value.evidence,
        "source": value.source,
    }


@dataclass(frozen=True)
class ReadCell:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None


def rate_scale(indicator: Indicator) -> Decimal:
    """What a numerator/denominator ratio is multiplied by: 100 for a percentage, N for a per-N rate."""
    if indicator.value_type == ValueType.PERCENT:
        return Decimal(100)
    if indicator.value_type == ValueType.PER_N and indicator.per_n:
        return Decimal(indicator.per_n)
    return Decimal(1)


def _read_cell(cell: ValueInput) -> ReadCell:
    """Read one cell; a rate may come as its numerator and denominator, from which the value follows."""
    value = parse_number(cell.text) if cell.text.strip() else None
    numerator = parse_number(cell.numerator_text, allow_percent=False) if cell.numerator_text.strip() else None
    denominator = parse_number(cell.denominator_text, allow_percent=False) if cell.denominator_text.strip() else None
    if (numerator is None) != (denominator is None):
        raise NumberFormatError("Cần nhập cả tử số và mẫu số.")
    if numerator is not None and denominator is not None:
        if denominator <= 0:
            raise NumberFormatError("Mẫu số phải lớn hơn 0.")
        if numerator < 0:
            raise NumberFormatError("Tử số không được âm.")
        if cell.indicator.value_type == ValueType.PERCENT and numerator > denominator:
            raise NumberFormatError(
                f"Tử số ({format_number(numerator)}) lớn hơn mẫu số ({format_number(denominator)})."
            )
        if value is None:
            value = (numerator / denominator * rate_scale(cell.indicator)).quantize(STORED_PLACES, ROUND_HALF_UP)
    if value is not None and cell.indicator.value_type == ValueType.PERCENT and not (0 <= value <= 100):
        raise NumberFormatError(f"Tỷ lệ phần trăm phải nằm trong khoảng 0–100; đã nhập “{cell.text}”.")
    return ReadCell(value, numerator, denominator)


def save_values(
    report: Report, cells: list[ValueInput], *, actor=None, expected_version: int | None = None
) -> SaveResult:
    """Validate every cell first; write all of them or none (a bad cell changes nothing).

    ``expected_version`` guards against two people overwriting each other: a save based on an
    older version of the report is refused."""
    errors: dict[str, str] = {}
    parsed: list[tuple[ValueInput, ReadCell]] = []
    for cell in cells:
        if cell.indicator.program_id != report.period.program_id:
            errors[cell.indicator.code] = "Chỉ tiêu không thuộc chương trình của kỳ báo cáo này."
            continue
        try:
            parsed.append((cell, _read_cell(cell)))
        except NumberFormatError as error:
            errors[cell.indicator.code] = str(error)
    if errors:
        raise ReportingError("Có ô nhập chưa hợp lệ; chưa lưu thay đổi nào.", code="invalid_values", errors=errors)

    result = SaveResult()
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            raise ReportingError(
                f"Báo cáo đang ở trạng thái “{locked.get_status_display()}”, không thể sửa.", code="report_locked"
            )
        if expected_version is not None and expected_version != locked.version:
            raise ReportingError(
                "Báo cáo vừa được người khác cập nhật. Hãy tải lại trang để xem số liệu mới nhất trước khi lưu.",
                code="version_conflict",
            )
        for cell, read in parsed:
            existing = DataValue.objects.filter(
                report=locked, indicator=cell.indicator, disaggregation=cell.disaggregation
            ).first()
            if existing is None and cell.is_blank:
                continue
            data_value = existing or DataValue(
                report=locked, indicator=cell.indicator, disaggregation=cell.disaggregation
            )
            before = _snapshot(data_value) if existing else None
            data_value.value = read.value
            data_value.numerator = read.numerator
            data_value.denominator = read.denominator
            data_value.not_implemented = cell.not_implemented
            data_value.achieved = cell.achieved
            data_value.note = cell.note
            data_value.evidence = cell.evidence
            data_value.source = cell.source or data_value.source
            after = _snapshot(data_value)
            if before == after:
                result.unchanged += 1
                continue
            data_value.updated_by = actor if getattr(actor, "is_authenticated", False) else None
            data_value.save()
            DataValueChange.objects.create(
                data_value=data_value, changed_by=data_value.updated_by, before=before, after=after
            )
            record(
                actor=actor,
                action="datavalue.save",
                obj=data_value,
                summary=f"{locked.unit} — {locked.period}: chỉ tiêu {cell.indicator.code}",
                before=before,
                after=after,
            )
            result.changed += 1
        if result.changed:
            locked.version += 1
            locked.save(update_fields=["version", "updated_at"])
            report.version = locked.version
    return result


def _transition(report: Report, *, allowed_from: tuple[str, ...], to: str, actor, action: str, **fields) -> Report:
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status not in allowed_from:
            raise ReportingError(
                f"Không thể chuyển báo cáo từ trạng thái “{locked.get_status_display()}”.", code="invalid_transition"
            )
        before = {"status": locked.status}
        locked.status = to
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        record(actor=actor, action=action, obj=locked, summary=str(locked), before=before, after={"status": to})
    return locked


def submit_report(report: Report, *, actor=None) -> Report:
    if not report.values.exists():
        raise ReportingError("Báo cáo chưa có số liệu nào, chưa thể gửi.", code="empty_report")
    user = actor if getattr(actor, "is_authenticated", False) else None
    return _transition(
        report,
        allowed_from=(ReportStatus.DRAFT, ReportStatus.RETURNED),
        to=ReportStatus.SUBMITTED,
        actor=actor,
        action="report.submit",
        submitted_at=timezone.now(),
        submitted_by=user,
        return_reason="",
    )


def approve_report(report: Report, *, actor=None) -> Report:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return _transition(
        report,
        allowed_from=(ReportStatus.SUBMITTED,),
        to=ReportStatus.APPROVED,
        actor=actor,
        action="report.approve",
        approved_at=timezone.now(),
        approved_by=user,
    )


def return_report(report: Report, *, reason: str, actor=None) -> Report:
    if not reason.strip():
        raise ReportingError("Cần ghi rõ lý do trả lại báo cáo.", code="reason_required")
    return _transition(
        report,
        allowed_from=(ReportStatus.SUBMITTED,),
        to=ReportStatus.RETURNED,
        actor=actor,
        action="report.return",
        return_reason=reason.strip(),
    )
