"""Writes for reporting periods, assignments, reports and their figures: the one path every figure takes,
whether a person types it, a file brings it, or the demo loads a published result.

Every write is audited and all-or-nothing. Services do not check access: views check it first
(``ansinh.accounts.rules``, which uses ``selectors.approving_unit``)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.rules import covers_unit
from ansinh.audit.models import AuditEvent
from ansinh.audit.services import audit_event, record
from ansinh.core.dates import format_date
from ansinh.core.numbers import NumberFormatError, format_number, parse_number
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Indicator, Program, ValueType
from ansinh.reporting import totals
from ansinh.reporting.checks import Issue, blocking
from ansinh.reporting.models import (
    AREA_ROLES,
    FROZEN_STATUSES,
    Assignment,
    AssignmentRole,
    CellDraft,
    DataValue,
    DataValueChange,
    Notification,
    PeriodKind,
    ReminderSent,
    Report,
    ReportAction,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
)
from ansinh.reporting.periods import PeriodKey, cutoff_window, deadline_for
from ansinh.reporting.selectors import expected_reports, report_issues, snapshot

# DataValue stores six decimal places.
STORED_PLACES = Decimal("0.000001")


class ReportingError(Exception):
    """A write that cannot be done; ``message`` is Vietnamese and fit to show."""

    def __init__(self, message: str, *, code: str = "reporting_error", errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.errors = errors or {}


class CellConflict(ReportingError):
    """The cell changed since the person started typing; ``current`` is what is stored now (None: empty)."""

    def __init__(self, message: str, *, current: dict | None):
        super().__init__(message, code="cell_conflict")
        self.current = current


class ChecksFailed(ReportingError):
    """The report did not pass the checks; ``issues`` lists what blocks it, ``errors`` the same by cell."""

    def __init__(self, issues: list[Issue]):
        errors: dict[str, str] = {}
        for issue in issues:
            errors[issue.cell_key] = (
                f"{errors[issue.cell_key]} {issue.message}" if issue.cell_key in errors else issue.message
            )
        super().__init__(
            f"Báo cáo chưa gửi được: {len(issues)} vấn đề cần sửa hoặc ghi chú giải thích.",
            code="checks_failed",
            errors=errors,
        )
        self.issues = issues


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# -- Periods ---------------------------------------------------------------------------------------


def year_cutoff(year: int) -> tuple[date, date]:
    """Decree 09/2019: the yearly data window runs from 15/12 of the previous year to 14/12."""
    return cutoff_window(PeriodKey(year, PeriodKind.YEAR))


def get_or_open_period(program: Program, key: PeriodKey, *, actor=None) -> ReportingPeriod:
    """The programme's period for ``key``, created with its Decree 09 cut-off window and deadline if new."""
    starts_on, ends_on = cutoff_window(key)
    period, created = ReportingPeriod.objects.get_or_create(
        program=program,
        kind=key.kind,
        year=key.year,
        number=key.number,
        defaults={"starts_on": starts_on, "ends_on": ends_on, "deadline": deadline_for(key, program.report_deadline)},
    )
    if created:
        record(
            actor=actor,
            action="period.open",
            obj=period,
            summary=f"Mở kỳ báo cáo {period} — {program}, hạn gửi {format_date(period.deadline)}",
        )
    return period


def get_or_open_year_period(program: Program, year: int, *, actor=None) -> ReportingPeriod:
    return get_or_open_period(program, PeriodKey(year, PeriodKind.YEAR), actor=actor)


def get_or_create_report(period: ReportingPeriod, unit: OrgUnit, *, actor=None) -> Report:
    report, created = Report.objects.get_or_create(period=period, unit=unit)
    if created:
        record(actor=actor, action="report.create", obj=report, summary=f"Tạo báo cáo {report}")
    return report


def _closed_error(period: ReportingPeriod) -> ReportingError:
    return ReportingError(
        f"Kỳ báo cáo {period} đã đóng. Muốn nhận thêm báo cáo, hãy mở lại kỳ (ghi rõ lý do).", code="period_closed"
    )


def open_period(program: Program, key: PeriodKey, *, actor=None) -> ReportingPeriod:
    """Open the period (cut-off window, deadline) and create the report of every unit expected in it.
    Opening again creates only what is missing: a unit assigned since, or a deadline never set."""
    with transaction.atomic():
        period = get_or_open_period(program, key, actor=actor)
        period = (
            ReportingPeriod.objects.select_for_update(of=("self",))
            .select_related("program__owner_unit")
            .get(pk=period.pk)
        )
        if not period.is_open:
            raise _closed_error(period)
        if period.deadline is None:
            period.deadline = deadline_for(key, program.report_deadline)
            period.save(update_fields=["deadline"])
            record(
                actor=actor,
                action="period.deadline",
                obj=period,
                summary=f"Đặt hạn gửi kỳ {period}: {format_date(period.deadline)}",
                after={"deadline": period.deadline.isoformat()},
            )
        existing = set(Report.objects.filter(period=period).values_list("unit_id", flat=True))
        for expected in expected_reports(period):
            if expected.unit.pk not in existing:
                report = Report.objects.create(period=period, unit=expected.unit)
                record(actor=actor, action="report.create", obj=report, summary=f"Tạo báo cáo {report}")
    return period


def close_period(period: ReportingPeriod, *, actor=None) -> int:
    """Close the period: every report of it not sent (draft, returned, or never started by an expected
    unit) becomes "Không gửi báo cáo" and is frozen. Sent reports can still be approved. Returns how many
    reports were marked missing."""
    with transaction.atomic():
        locked = (
            ReportingPeriod.objects.select_for_update(of=("self",))
            .select_related("program__owner_unit")
            .get(pk=period.pk)
        )
        if not locked.is_open:
            raise ReportingError(f"Kỳ báo cáo {locked} đã đóng từ trước.", code="period_closed")
        missing = 0
        reports = list(Report.objects.select_for_update(of=("self",)).select_related("unit").filter(period=locked))
        for report in reports:
            if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
                _move(report, ReportStatus.MISSING, actor=actor, action=ReportAction.MARK_MISSING)
                missing += 1
        reported = {report.unit_id for report in reports}
        for expected in expected_reports(locked):
            if expected.unit.pk not in reported:
                report = Report.objects.create(period=locked, unit=expected.unit, status=ReportStatus.MISSING)
                record(
                    actor=actor,
                    action="report.create",
                    obj=report,
                    summary=f"Tạo báo cáo {report}: không gửi báo cáo khi đóng kỳ",
                    after={"status": ReportStatus.MISSING},
                )
                ReportEvent.objects.create(
                    report=report,
                    action=ReportAction.MARK_MISSING,
                    to_status=ReportStatus.MISSING,
                    actor=_person(actor),
                )
                missing += 1
        locked.is_open = False
        locked.save(update_fields=["is_open"])
        record(
            actor=actor,
            action="period.close",
            obj=locked,
            summary=f"Đóng kỳ báo cáo {locked} — {locked.program}: {missing} đơn vị không gửi báo cáo",
            before={"is_open": True},
            after={"is_open": False, "missing": missing},
        )
    period.is_open = False
    return missing


def reopen_period(period: ReportingPeriod, *, reason: str, actor=None) -> int:
    """Open a closed period again, with the reason; reports marked missing go back to where they were
    (draft or returned). Returns how many were restored."""
    if not reason.strip():
        raise ReportingError("Cần ghi rõ lý do mở lại kỳ báo cáo.", code="reason_required")
    with transaction.atomic():
        locked = ReportingPeriod.objects.select_for_update(of=("self",)).select_related("program").get(pk=period.pk)
        if locked.is_open:
            raise ReportingError(f"Kỳ báo cáo {locked} đang mở.", code="period_open")
        restored = 0
        missing = Report.objects.select_for_update(of=("self",)).select_related("unit")
        for report in missing.filter(period=locked, status=ReportStatus.MISSING):
            marked = report.events.filter(action=ReportAction.MARK_MISSING).order_by("-at", "-id").first()
            earlier = marked.from_status if marked is not None and marked.from_status else ReportStatus.DRAFT
            _move(report, earlier, actor=actor, action=ReportAction.RESTORE, reason=reason.strip())
            restored += 1
        locked.is_open = True
        locked.save(update_fields=["is_open"])
        record(
            actor=actor,
            action="period.reopen",
            obj=locked,
            summary=f"Mở lại kỳ báo cáo {locked} — {locked.program}. Lý do: {reason.strip()}",
            before={"is_open": False},
            after={"is_open": True, "restored": restored, "reason": reason.strip()},
        )
    period.is_open = True
    return restored


# -- Assignments -----------------------------------------------------------------------------------


def _is_within(unit: OrgUnit, area: OrgUnit) -> bool:
    current: OrgUnit | None = unit
    while current is not None:
        if current.pk == area.pk:
            return True
        current = current.parent
    return False


# An area role's level and the units it covers, as a message names them.
AREA_ROLE_WORDS: dict[str, tuple[str, str]] = {
    AssignmentRole.COMMUNES: ("cấp xã", "xã, phường"),
    AssignmentRole.PROVINCES: ("cấp tỉnh", "tỉnh, thành phố"),
}


def _validate_assignment(
    indicator: Indicator, role: str, unit: OrgUnit | None, *, replacing: Assignment | None
) -> None:
    if role not in AssignmentRole.values:
        raise ReportingError(f"Vai trò “{role}” không hợp lệ.", code="invalid_assignment")
    if indicator.is_group:
        raise ReportingError(
            f"Chỉ tiêu {indicator.code} là nhóm chỉ tiêu, không giao báo cáo được; hãy giao từng chỉ tiêu con.",
            code="invalid_assignment",
        )
    others = Assignment.objects.filter(indicator=indicator).select_related("unit")
    if replacing is not None:
        others = others.exclude(pk=replacing.pk)
    if role in AREA_ROLES:
        level, units = AREA_ROLE_WORDS[role]
        if unit is not None:
            raise ReportingError(
                f"Giao cho {level} là giao cho mọi {units} của địa bàn; không chọn một đơn vị cụ thể.",
                code="invalid_assignment",
            )
        if others.filter(role=role).exists():
            raise ReportingError(
                f"Chỉ tiêu {indicator.code} đã được giao cho {level} thu thập.", code="invalid_assignment"
            )
        if role == AssignmentRole.PROVINCES and indicator.program.owner_unit.kind != OrgUnitKind.COUNTRY:
            raise ReportingError(
                "Giao cho cấp tỉnh chỉ dùng cho chương trình toàn quốc; chương trình này thuộc "
                f"{indicator.program.owner_unit.name}.",
                code="invalid_assignment",
            )
        return
    if unit is None:
        raise ReportingError("Cần chọn đơn vị được giao.", code="invalid_assignment")
    owner = indicator.program.owner_unit
    if not _is_within(unit, owner):
        raise ReportingError(
            f"{unit.name} không thuộc địa bàn của {indicator.program} ({owner.name}).", code="invalid_assignment"
        )
    same_unit = others.filter(unit=unit).first()
    if same_unit is not None:
        raise ReportingError(
            f"{unit.name} đã được giao chỉ tiêu {indicator.code} với vai trò "
            f"“{same_unit.get_role_display().lower()}”; hãy đổi vai trò thay vì giao thêm.",
            code="invalid_assignment",
        )
    lead = others.filter(role=AssignmentRole.LEAD).first()
    if role == AssignmentRole.LEAD and lead is not None and lead.unit is not None:
        raise ReportingError(
            f"Chỉ tiêu {indicator.code} đã có đơn vị chủ trì là {lead.unit.name}; mỗi chỉ tiêu chỉ có một đơn vị "
            "chủ trì, hãy đổi đơn vị chủ trì thay vì thêm.",
            code="invalid_assignment",
        )


def _assignment_state(assignment: Assignment) -> dict:
    return {
        "indicator": assignment.indicator.code,
        "role": assignment.role,
        "unit": assignment.unit.code if assignment.unit is not None else None,
    }


def _saving_assignment(write: Callable[[], Assignment]) -> Assignment:
    """Two people assigning at once: the database constraint decides, the loser gets the same message."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as error:
        raise ReportingError(
            "Phân công này vừa được người khác thay đổi; hãy tải lại trang.", code="invalid_assignment"
        ) from error


def add_assignment(indicator: Indicator, *, role: str, unit: OrgUnit | None = None, actor=None) -> Assignment:
    """Give ``unit`` an indicator to report as lead or coordinating unit, or (``role`` communes, no unit)
    have every commune of the programme's province report it."""

    def write() -> Assignment:
        _validate_assignment(indicator, role, unit, replacing=None)
        assignment = Assignment.objects.create(indicator=indicator, role=role, unit=unit)
        record(
            actor=actor,
            action="assignment.create",
            obj=assignment,
            summary=f"Giao báo cáo: {assignment}",
            after=_assignment_state(assignment),
        )
        return assignment

    return _saving_assignment(write)


def change_assignment(assignment: Assignment, *, role: str, unit: OrgUnit | None = None, actor=None) -> Assignment:
    """Change who reports (another lead department) or in which role."""

    def write() -> Assignment:
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("indicator__program__owner_unit", "unit")
            .get(pk=assignment.pk)
        )
        before = _assignment_state(locked)
        _validate_assignment(locked.indicator, role, unit, replacing=locked)
        locked.role, locked.unit = role, unit
        locked.save(update_fields=["role", "unit"])
        record(
            actor=actor,
            action="assignment.update",
            obj=locked,
            summary=f"Đổi phân công báo cáo: {locked}",
            before=before,
            after=_assignment_state(locked),
        )
        return locked

    return _saving_assignment(write)


def remove_assignment(assignment: Assignment, *, actor=None) -> None:
    """Reports already created keep their figures; the unit is no longer expected from the next period opened."""
    with transaction.atomic():
        before = _assignment_state(assignment)
        record(
            actor=actor,
            action="assignment.delete",
            obj=assignment,
            summary=f"Bỏ phân công: {assignment}",
            before=before,
        )
        assignment.delete()


def create_default_assignments(program: Program, *, actor=None) -> int:
    """The assignments the plan itself states: each indicator's lead unit and its coordinating units.
    Only what is missing is created (an assignment the standing agency changed is left as it is);
    "collected at commune level" is never a default, since no indicator field says it. Returns how
    many were created."""
    created = 0
    with transaction.atomic():
        indicators = (
            program.indicators.filter(is_group=False)
            .select_related("lead_unit")
            .prefetch_related("coordinating_units", "assignments")
        )
        for indicator in indicators:
            assigned = {assignment.unit_id for assignment in indicator.assignments.all()}
            has_lead = any(assignment.role == AssignmentRole.LEAD for assignment in indicator.assignments.all())
            wanted: list[tuple[str, OrgUnit]] = []
            if indicator.lead_unit is not None and not has_lead:
                wanted.append((AssignmentRole.LEAD, indicator.lead_unit))
            wanted += [(AssignmentRole.COORDINATING, unit) for unit in indicator.coordinating_units.all()]
            for role, unit in wanted:
                if unit.pk in assigned:
                    continue
                assignment = Assignment.objects.create(indicator=indicator, role=role, unit=unit)
                assigned.add(unit.pk)
                record(
                    actor=actor,
                    action="assignment.create",
                    obj=assignment,
                    summary=f"Giao báo cáo theo kế hoạch: {assignment}",
                    after=_assignment_state(assignment),
                )
                created += 1
    return created


# -- Figures ---------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class ReadCell:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None


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
        # The parts decide: the value shown beside them on a page is the old ratio until it is saved again.
        value = (numerator / denominator * cell.indicator.rate_scale).quantize(STORED_PLACES, ROUND_HALF_UP)
    if value is not None and cell.indicator.value_type == ValueType.PERCENT and not (0 <= value <= 100):
        raise NumberFormatError(f"Tỷ lệ phần trăm phải nằm trong khoảng 0–100; đã nhập “{cell.text}”.")
    return ReadCell(value, numerator, denominator)


def _lock_for_edit(report: Report) -> Report:
    """The report row locked for the rest of the transaction, if it may still be edited. The period is read
    after the lock, so a period closed meanwhile is seen."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status in FROZEN_STATUSES:
        raise ReportingError(
            f"Báo cáo đang ở trạng thái “{locked.get_status_display()}”, không thể sửa.", code="report_locked"
        )
    locked.period = ReportingPeriod.objects.get(pk=locked.period_id)
    if not locked.period.is_open:
        raise _closed_error(locked.period)
    return locked


def _discard_draft(report: Report, cell: ValueInput, actor) -> bool:
    return _discard_drafts(report, [cell], actor) > 0


def _discard_drafts(report: Report, cells: list[ValueInput], actor) -> int:
    """The cells now read: whatever was left unreadable in them goes, each draft with its audit record.
    Returns how many drafts went."""
    by_key = {(cell.indicator.pk, cell.disaggregation): cell for cell in cells}
    drafts = [draft for draft in report.drafts.all() if (draft.indicator_id, draft.disaggregation) in by_key]
    for draft in drafts:
        cell = by_key[(draft.indicator_id, draft.disaggregation)]
        record(
            actor=actor,
            action="celldraft.discard",
            obj=draft,
            summary=f"{report.unit} — {report.period}: chỉ tiêu {cell.indicator.code}, bỏ nội dung chưa hợp lệ",
            before={"typed": draft.typed, "error": draft.error},
        )
    if drafts:
        CellDraft.objects.filter(pk__in=[draft.pk for draft in drafts]).delete()
    return len(drafts)


def _write_cell(report: Report, cell: ValueInput, read: ReadCell, actor) -> bool:
    """Store one read cell on a locked report, with its history; returns whether the stored figure changed."""
    return _write_cells(report, [(cell, read)], actor) > 0


def _write_cells(report: Report, parsed: list[tuple[ValueInput, ReadCell]], actor) -> int:
    """Store read cells on a locked report, each change with its history and audit record, in a handful of
    statements however many cells there are: at a deadline thousands of units send their reports at once, and
    five statements per figure kept each report's lock (and a server thread) five times longer. Cells are
    applied in order, so a cell given twice is changed twice, as one save per cell would. Returns how many
    cells changed a figure."""
    stored = {(value.indicator_id, value.disaggregation): value for value in report.values.all()}
    person = _person(actor)
    inserted: dict[tuple[int, str], DataValue] = {}
    updated: dict[tuple[int, str], DataValue] = {}
    changes: list[tuple[DataValue, ValueInput, dict | None, dict]] = []
    for cell, read in parsed:
        key = (cell.indicator.pk, cell.disaggregation)
        existing = stored.get(key)
        if existing is None and cell.is_blank:
            continue
        data_value = existing or DataValue(report=report, indicator=cell.indicator, disaggregation=cell.disaggregation)
        before = snapshot(data_value) if existing else None
        data_value.value = read.value
        data_value.numerator = read.numerator
        data_value.denominator = read.denominator
        data_value.not_implemented = cell.not_implemented
        data_value.achieved = cell.achieved
        data_value.note = cell.note
        data_value.evidence = cell.evidence
        data_value.source = cell.source or data_value.source
        after = snapshot(data_value)
        if before == after:
            continue
        data_value.updated_by = person
        stored[key] = data_value
        (inserted if data_value.pk is None else updated)[key] = data_value
        changes.append((data_value, cell, before, after))
    if not changes:
        return 0
    DataValue.objects.bulk_create(inserted.values())
    # bulk_update leaves auto_now fields alone: set the time save() would have set. The fields a snapshot
    # compares are the fields a cell writes.
    now = timezone.now()
    for data_value in updated.values():
        data_value.updated_at = now
    DataValue.objects.bulk_update(updated.values(), [*snapshot(DataValue()), "updated_at", "updated_by"])
    DataValueChange.objects.bulk_create(
        DataValueChange(data_value=data_value, changed_by=person, before=before, after=after)
        for data_value, _, before, after in changes
    )
    AuditEvent.objects.bulk_create(
        audit_event(
            actor=actor,
            action="datavalue.save",
            obj=data_value,
            summary=f"{report.unit} — {report.period}: chỉ tiêu {cell.indicator.code}",
            before=before,
            after=after,
        )
        for data_value, cell, before, after in changes
    )
    return len(changes)


def _bump_version(locked: Report, report: Report) -> None:
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    report.version = locked.version


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
        locked = _lock_for_edit(report)
        if expected_version is not None and expected_version != locked.version:
            raise ReportingError(
                "Báo cáo vừa được người khác cập nhật. Hãy tải lại trang để xem số liệu mới nhất trước khi lưu.",
                code="version_conflict",
            )
        drafts_discarded = _discard_drafts(locked, [cell for cell, _ in parsed], actor)
        result.changed = _write_cells(locked, parsed, actor)
        result.unchanged = len(parsed) - result.changed
        if result.changed or drafts_discarded:
            _bump_version(locked, report)
    return result


AUTOSAVE_FIELDS: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "numerator_text": (str,),
    "denominator_text": (str,),
    "not_implemented": (bool,),
    "achieved": (bool, type(None)),
    "note": (str,),
    "evidence": (str,),
    "source": (str,),
}


@dataclass(frozen=True)
class AutosaveResult:
    """``saved``: the cell is stored (``cell`` is the stored snapshot, None when empty). Otherwise the typed
    values are kept as a draft (``draft``) with the Vietnamese ``error``. ``version`` is the report's."""

    saved: bool
    cell: dict | None
    version: int
    error: str = ""
    draft: dict | None = None


def _autosave_input(indicator: Indicator, disaggregation: str, values: dict) -> ValueInput:
    unknown = sorted(set(values) - set(AUTOSAVE_FIELDS))
    wrong = sorted(
        name
        for name, value in values.items()
        if name in AUTOSAVE_FIELDS and not isinstance(value, AUTOSAVE_FIELDS[name])
    )
    if unknown or wrong:
        raise ReportingError(f"Ô nhập có trường không hợp lệ: {', '.join(unknown + wrong)}.", code="invalid_cell")
    return ValueInput(indicator=indicator, disaggregation=disaggregation, **values)


def _keep_draft(report: Report, cell: ValueInput, typed: dict, error: str, actor) -> bool:
    """Keep what was typed, verbatim; returns whether anything changed."""
    draft = CellDraft.objects.filter(
        report=report, indicator=cell.indicator, disaggregation=cell.disaggregation
    ).first()
    before = {"typed": draft.typed, "error": draft.error} if draft is not None else None
    after = {"typed": typed, "error": error}
    if before == after:
        return False
    draft = draft or CellDraft(report=report, indicator=cell.indicator, disaggregation=cell.disaggregation)
    draft.typed, draft.error, draft.updated_by = typed, error, _person(actor)
    draft.save()
    record(
        actor=actor,
        action="celldraft.save",
        obj=draft,
        summary=f"{report.unit} — {report.period}: chỉ tiêu {cell.indicator.code}, nội dung chưa hợp lệ",
        before=before,
        after=after,
    )
    return True


def autosave_cell(
    report: Report,
    indicator: Indicator,
    *,
    disaggregation: str = "",
    values: dict,
    based_on: dict | None,
    actor=None,
) -> AutosaveResult:
    """Save one cell as it is typed. ``values`` holds the typed texts and flags (the fields of
    ``ValueInput``: text, numerator_text, denominator_text, not_implemented, achieved, note, evidence,
    source); ``based_on`` is the stored cell the page started from (``selectors.cell_snapshot``, or the
    ``cell`` of the previous autosave; None for an empty cell).

    A cell changed by someone else since ``based_on`` is refused (``CellConflict``, code "cell_conflict",
    with the stored value). A valid cell is stored the way ``save_values`` stores it (history, audit, new
    version). A cell that does not read is kept verbatim as a draft with its error, and the report cannot
    be sent until it is fixed or cleared. Cells of one report are saved one at a time (the report row is
    locked), so two people typing in different cells both keep their work."""
    cell = _autosave_input(indicator, disaggregation, values)
    if indicator.program_id != report.period.program_id:
        raise ReportingError("Chỉ tiêu không thuộc chương trình của kỳ báo cáo này.", code="invalid_cell")
    with transaction.atomic():
        locked = _lock_for_edit(report)
        stored = DataValue.objects.filter(report=locked, indicator=indicator, disaggregation=disaggregation).first()
        current = snapshot(stored) if stored is not None else None
        # Only someone else's change is a conflict: the person's own earlier autosave of the same row may
        # still be answering when the next one leaves (tabbing quickly through a row).
        changed_by_someone_else = stored is None or stored.updated_by_id != getattr(actor, "pk", None)
        if current != based_on and changed_by_someone_else:
            raise CellConflict(
                f"Chỉ tiêu {indicator.code} vừa được người khác sửa. Hãy xem số liệu đang lưu trước khi nhập tiếp.",
                current=current,
            )
        try:
            read = _read_cell(cell)
        except NumberFormatError as error:
            if _keep_draft(locked, cell, dict(values), str(error), actor):
                _bump_version(locked, report)
            return AutosaveResult(
                saved=False, cell=current, version=locked.version, error=str(error), draft=dict(values)
            )
        had_draft = _discard_draft(locked, cell, actor)
        if _write_cell(locked, cell, read, actor) or had_draft:
            _bump_version(locked, report)
        stored = DataValue.objects.filter(report=locked, indicator=indicator, disaggregation=disaggregation).first()
        return AutosaveResult(saved=True, cell=snapshot(stored) if stored is not None else None, version=locked.version)


# -- Lifecycle -------------------------------------------------------------------------------------


def _move(report: Report, to: str, *, actor, action: str, reason: str = "", **fields) -> None:
    """Move a locked report to ``to``: its fields, a new version, the event and the audit record."""
    before = {"status": report.status}
    from_status = report.status
    report.status = to
    for name, value in fields.items():
        setattr(report, name, value)
    report.version += 1
    report.save()
    if to == ReportStatus.APPROVED and from_status != ReportStatus.APPROVED:
        totals.add_report(report, sign=1)
    elif from_status == ReportStatus.APPROVED and to != ReportStatus.APPROVED:
        totals.add_report(report, sign=-1)
    ReportEvent.objects.create(
        report=report, action=action, from_status=from_status, to_status=to, actor=_person(actor), reason=reason
    )
    after: dict = {"status": to}
    if reason:
        after["reason"] = reason
    record(actor=actor, action=f"report.{action}", obj=report, summary=str(report), before=before, after=after)


def _transition(
    report: Report,
    *,
    allowed_from: tuple[str, ...],
    to: str,
    actor,
    action: str,
    reason: str = "",
    needs_open_period: bool = True,
    validate: Callable[[Report], None] | None = None,
    **fields,
) -> Report:
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status not in allowed_from:
            raise ReportingError(
                f"Không thể chuyển báo cáo từ trạng thái “{locked.get_status_display()}”.", code="invalid_transition"
            )
        locked.period = ReportingPeriod.objects.select_related("program").get(pk=locked.period_id)
        if needs_open_period and not locked.period.is_open:
            raise _closed_error(locked.period)
        if validate is not None:
            validate(locked)
        _move(locked, to, actor=actor, action=action, reason=reason, **fields)
    return locked


SYSTEM_SUBMISSION = "Nạp bởi hệ thống, không có người gửi: không chạy kiểm tra số liệu."


def submit_report(report: Report, *, actor=None, checks: bool | None = None) -> Report:
    """Send the report for approval. The checks (``reporting/checks.py``) run on the figures as stored,
    inside the same lock as the change of status, so a figure saved meanwhile is either checked or refused.

    ``checks``: by default the checks run whenever a person sends (``actor`` signed in) and cannot be
    skipped for a person. A load without a person (the committee's published figures) skips them unless
    asked (``checks=True``); the event records that they did not run."""
    person = _person(actor)
    if checks is False and person is not None:
        raise ReportingError("Báo cáo do cán bộ gửi luôn phải qua kiểm tra số liệu.", code="checks_required")
    run_checks = person is not None if checks is None else checks

    def validate(locked: Report) -> None:
        if not locked.values.exists():
            raise ReportingError("Báo cáo chưa có số liệu nào, chưa thể gửi.", code="empty_report")
        if run_checks:
            blockers = blocking(report_issues(locked))
            if blockers:
                raise ChecksFailed(blockers)

    return _transition(
        report,
        allowed_from=(ReportStatus.DRAFT, ReportStatus.RETURNED),
        to=ReportStatus.SUBMITTED,
        actor=actor,
        action=ReportAction.SUBMIT,
        reason="" if run_checks else SYSTEM_SUBMISSION,
        validate=validate,
        submitted_at=timezone.now(),
        submitted_by=person,
        return_reason="",
    )


def approve_report(report: Report, *, actor=None) -> Report:
    """Approve a sent report; a report sent before its period closed can still be approved after."""
    return _transition(
        report,
        allowed_from=(ReportStatus.SUBMITTED,),
        to=ReportStatus.APPROVED,
        actor=actor,
        action=ReportAction.APPROVE,
        needs_open_period=False,
        approved_at=timezone.now(),
        approved_by=_person(actor),
    )


def return_report(report: Report, *, reason: str, actor=None) -> Report:
    if not reason.strip():
        raise ReportingError("Cần ghi rõ lý do trả lại báo cáo.", code="reason_required")
    return _transition(
        report,
        allowed_from=(ReportStatus.SUBMITTED,),
        to=ReportStatus.RETURNED,
        actor=actor,
        action=ReportAction.RETURN,
        reason=reason.strip(),
        return_reason=reason.strip(),
    )


def reopen_report(report: Report, *, reason: str, actor=None) -> Report:
    """Reopen an approved report so that its unit can correct it: it goes back as returned, with the
    reason, and must be sent and approved again."""
    if not reason.strip():
        raise ReportingError("Cần ghi rõ lý do mở lại báo cáo đã duyệt.", code="reason_required")
    return _transition(
        report,
        allowed_from=(ReportStatus.APPROVED,),
        to=ReportStatus.RETURNED,
        actor=actor,
        action=ReportAction.REOPEN,
        reason=reason.strip(),
        return_reason=reason.strip(),
        approved_at=None,
        approved_by=None,
    )


# -- Reminders and notifications -------------------------------------------------------------------

# Days from the deadline on which the units that have not sent are reminded: a week and a day before,
# a day and a week after.
REMINDER_DAYS = (-7, -1, 1, 7)
REMINDED_ROLES = (Role.REPORTER, Role.APPROVER)


@dataclass
class ReminderSummary:
    notifications: int = 0
    emails: int = 0
    failed: int = 0


def _reminder_text(period: ReportingPeriod, unit: OrgUnit, deadline: date, today: date) -> str:
    days_left = (deadline - today).days
    what = f"báo cáo {period} — {period.program} của {unit.name}"
    if days_left > 1:
        return f"Còn {days_left} ngày đến hạn gửi {what} (hạn {format_date(deadline)})."
    if days_left == 1:
        return f"Ngày mai ({format_date(deadline)}) là hạn gửi {what}."
    if days_left == 0:
        return f"Hôm nay ({format_date(deadline)}) là hạn gửi {what}."
    return f"Đã quá hạn {-days_left} ngày: chưa gửi {what} (hạn {format_date(deadline)})."


def _reminder_link(period: ReportingPeriod, unit: OrgUnit) -> str:
    """The unit's report of the period (opening a period creates it); the person's report list otherwise."""
    report = Report.objects.filter(period=period, unit=unit).only("pk").first()
    return reverse("report_detail", args=[report.pk]) if report is not None else reverse("my_reports")


def _remind(
    period: ReportingPeriod, unit: OrgUnit, user, step: int, today: date, actor, summary: ReminderSummary
) -> None:
    assert period.deadline is not None  # only periods with a deadline are reminded
    message = _reminder_text(period, unit, period.deadline, today)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(period=period, unit=unit, user=user, days_from_deadline=step, sent_on=today)
            notification = Notification.objects.create(user=user, message=message, link=_reminder_link(period, unit))
            record(
                actor=actor,
                action="reminder.send",
                obj=notification,
                summary=f"Nhắc hạn {user.get_username()}: {message}",
                after={"period": period.pk, "unit": unit.code, "days_from_deadline": step},
            )
            if user.email:
                # Sent inside the transaction: a mail that fails undoes the reminder, so the next run retries it.
                send_mail(f"Nhắc hạn gửi báo cáo {period} — {unit.name}", message, None, [user.email])
    except OSError:
        summary.failed += 1
        return
    summary.notifications += 1
    summary.emails += bool(user.email)


def send_reminders(today: date, *, actor=None) -> ReminderSummary:
    """Remind the reporters and approvers of every unit that has not sent its report of an open period with
    a deadline, on the days of ``REMINDER_DAYS``: in the application and by e-mail. The latest step reached
    is sent once per person, unit and period, so running again the same day (or catching up after a day
    without a run) sends nothing twice."""
    summary = ReminderSummary()
    memberships = list(
        Membership.objects.filter(role__in=REMINDED_ROLES, user__is_active=True).select_related("user", "unit")
    )
    periods = ReportingPeriod.objects.filter(is_open=True, deadline__isnull=False).select_related("program__owner_unit")
    for period in periods:
        assert period.deadline is not None
        reached = [step for step in REMINDER_DAYS if step <= (today - period.deadline).days]
        if not reached:
            continue
        step = max(reached)
        sent_units = set(
            Report.objects.filter(period=period, status__in=FROZEN_STATUSES).values_list("unit_id", flat=True)
        )
        already = set(
            ReminderSent.objects.filter(period=period, days_from_deadline=step).values_list("unit_id", "user_id")
        )
        for expected in expected_reports(period):
            unit = expected.unit
            if unit.pk in sent_units:
                continue
            users = {membership.user for membership in memberships if covers_unit(membership, unit)}
            for user in sorted(users, key=lambda user: user.pk):
                if (unit.pk, user.pk) not in already:
                    _remind(period, unit, user, step, today, actor, summary)
    return summary


def mark_notifications_read(user, *, ids: Iterable[int] | None = None) -> int:
    """Mark the person's own unread notifications read (all of them, or those of ``ids``); returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    with transaction.atomic():
        marked = list(unread.values_list("pk", flat=True))
        if marked:
            Notification.objects.filter(pk__in=marked).update(read_at=timezone.now())
            record(
                actor=user,
                action="notification.read",
                summary=f"Đánh dấu đã đọc {len(marked)} thông báo",
                after={"notifications": marked},
            )
    return len(marked)
