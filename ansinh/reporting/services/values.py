"""The one path every figure takes, whether a person types it, a file brings it, or the demo loads a
published result: ``write_values`` takes figures (Decimals) and a disaggregation, checks them in one place —
the indicator belongs to the programme, the unit exists on the period's last day and is assigned the
indicator, the figure obeys ``rules.figures`` (magnitude, decimals, whole numbers, bounds, rates) — then
writes all or none, each change with its history and audit event, guarded by the report's version.

Typed Vietnamese text ("2,23", "6.227.000") is read only at the page's edge: ``save_values`` (the form) and
``autosave_cell`` (one cell as it is typed, keeping unreadable or refused input as a draft)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ansinh.audit.models import AuditEvent
from ansinh.audit.services import audit_event, record
from ansinh.core.dates import format_date
from ansinh.core.numbers import NumberFormatError, parse_number
from ansinh.programs.models import Indicator
from ansinh.reporting.models import (
    FROZEN_STATUSES,
    CellDraft,
    DataValue,
    DataValueChange,
    Report,
    ReportingPeriod,
)
from ansinh.reporting.selectors import figure_rule, may_report, reportable_indicator_ids, snapshot
from ansinh.reporting.services.errors import CellConflict, ReportingError, period_closed_error, person_or_none
from ansinh.rules.figures import FigureError, figure, nfc


@dataclass
class CellInput:
    """One cell as figures: what every entrance hands to ``write_values``. Text is NFC-normalised."""

    indicator: Indicator
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    disaggregation: str = ""
    not_implemented: bool = False
    achieved: bool | None = None
    note: str = ""
    evidence: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        self.disaggregation, self.note = nfc(self.disaggregation), nfc(self.note)
        self.evidence, self.source = nfc(self.evidence), nfc(self.source)

    @property
    def is_blank(self) -> bool:
        figures = (self.value, self.numerator, self.denominator)
        return not (
            any(part is not None for part in figures)
            or self.note.strip()
            or self.evidence.strip()
            or self.not_implemented
            or self.achieved is not None
        )


@dataclass
class ValueInput:
    """One cell as a person typed it on the page: text for the numbers (the Vietnamese way), or flags."""

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

    def __post_init__(self) -> None:
        self.disaggregation = nfc(self.disaggregation)

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


def read_typed(cell: ValueInput) -> CellInput:
    """The page's edge: a typed cell as figures (``NumberFormatError`` if a number does not read)."""

    def number(text: str, *, allow_percent: bool) -> Decimal | None:
        return parse_number(text, allow_percent=allow_percent) if text.strip() else None

    return CellInput(
        indicator=cell.indicator,
        value=number(cell.text, allow_percent=True),
        numerator=number(cell.numerator_text, allow_percent=False),
        denominator=number(cell.denominator_text, allow_percent=False),
        disaggregation=cell.disaggregation,
        not_implemented=cell.not_implemented,
        achieved=cell.achieved,
        note=cell.note,
        evidence=cell.evidence,
        source=cell.source,
    )


def _read_cell(cell: CellInput) -> ReadCell:
    """The stored figures of a cell by ``rules.figures`` (``FigureError`` if refused)."""
    return ReadCell(*figure(figure_rule(cell.indicator), cell.value, cell.numerator, cell.denominator))


def _unit_problem(report: Report) -> ReportingError | None:
    """A unit sends figures for a period only if it existed in the period's window (``selectors.may_report``)."""
    unit, period = report.unit, report.period
    if may_report(unit, period):
        return None
    since = format_date(unit.valid_from) if unit.valid_from else "—"
    until = format_date(unit.valid_to) if unit.valid_to else "nay"
    return ReportingError(
        f"{unit.name} không tồn tại trong kỳ báo cáo {period} (hiệu lực từ {since} đến {until}); "
        "đơn vị này không báo cáo kỳ này.",
        code="unit_not_valid",
    )


class _Assigned:
    """The indicators a report may take new figures for: the unit's assignments in the period (every
    indicator for the programme's own unit), and whatever it already holds, which may still be corrected."""

    def __init__(self, report: Report):
        reportable = reportable_indicator_ids(report.period, report.unit)
        self.everything = reportable is None
        self.ids: set[int] = set()
        if reportable is not None:
            self.ids = reportable
            self.ids |= set(DataValue.objects.filter(report=report).values_list("indicator_id", flat=True))
            self.ids |= set(CellDraft.objects.filter(report=report).values_list("indicator_id", flat=True))
        self.unit = report.unit

    def problem(self, cell: CellInput | ValueInput) -> str | None:
        if self.everything or cell.is_blank or cell.indicator.pk in self.ids:
            return None
        return f"{self.unit.name} không được giao báo cáo chỉ tiêu {cell.indicator.code}."


def _cell_problem(report: Report, cell: CellInput | ValueInput, assigned: _Assigned) -> str | None:
    if cell.indicator.program_id != report.period.program_id:
        return "Chỉ tiêu không thuộc chương trình của kỳ báo cáo này."
    return assigned.problem(cell)


def lock_for_edit(report: Report) -> Report:
    """The report row locked for the rest of the transaction, if it may still be edited. The period is read
    after the lock, so a period closed meanwhile is seen. Whatever else a report carries (its budget lines, in
    stewardship) is locked by this same check."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status in FROZEN_STATUSES:
        raise ReportingError(
            f"Báo cáo đang ở trạng thái “{locked.get_status_display()}”, không thể sửa.", code="report_locked"
        )
    locked.period = ReportingPeriod.objects.get(pk=locked.period_id)
    if not locked.period.is_open:
        raise period_closed_error(locked.period)
    return locked


def _discard_draft(report: Report, cell: CellInput, actor) -> bool:
    return _discard_drafts(report, [cell], actor) > 0


def _discard_drafts(report: Report, cells: list[CellInput], actor) -> int:
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


def _write_cell(report: Report, cell: CellInput, read: ReadCell, actor) -> bool:
    """Store one read cell on a locked report, with its history; returns whether the stored figure changed."""
    return _write_cells(report, [(cell, read)], actor) > 0


def _write_cells(report: Report, parsed: list[tuple[CellInput, ReadCell]], actor) -> int:
    """Store read cells on a locked report, each change with its history and audit record, in a handful of
    statements however many cells there are: at a deadline thousands of units send their reports at once, and
    five statements per figure kept each report's lock (and a server thread) five times longer. Cells are
    applied in order, so a cell given twice is changed twice, as one save per cell would. Returns how many
    cells changed a figure."""
    stored = {(value.indicator_id, value.disaggregation): value for value in report.values.all()}
    person = person_or_none(actor)
    inserted: dict[tuple[int, str], DataValue] = {}
    updated: dict[tuple[int, str], DataValue] = {}
    changes: list[tuple[DataValue, CellInput, dict | None, dict]] = []
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


def bump_version(locked: Report, report: Report) -> None:
    """A change to the report (a figure, a draft, its budget lines): a page or a workbook from before it is stale."""
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    report.version = locked.version


def write_values(
    report: Report, cells: list[CellInput], *, actor=None, expected_version: int | None = None
) -> SaveResult:
    """The one write path: check every cell first, then write all of them or none (a bad cell changes
    nothing). Refused: a unit that does not exist on the period's last day (code "unit_not_valid"); an
    indicator of another programme or not assigned to the unit, a figure against ``rules.figures`` (code
    "invalid_values", ``errors`` by indicator code).

    ``expected_version`` guards against two people overwriting each other: a save based on an
    older version of the report is refused."""
    unit_problem = _unit_problem(report)
    if unit_problem is not None:
        raise unit_problem
    assigned = _Assigned(report)
    errors: dict[str, str] = {}
    parsed: list[tuple[CellInput, ReadCell]] = []
    for cell in cells:
        problem = _cell_problem(report, cell, assigned)
        if problem is not None:
            errors[cell.indicator.code] = problem
            continue
        try:
            parsed.append((cell, _read_cell(cell)))
        except FigureError as error:
            errors[cell.indicator.code] = str(error)
    if errors:
        raise ReportingError("Có ô nhập chưa hợp lệ; chưa lưu thay đổi nào.", code="invalid_values", errors=errors)

    result = SaveResult()
    with transaction.atomic():
        locked = lock_for_edit(report)
        if expected_version is not None and expected_version != locked.version:
            raise ReportingError(
                "Báo cáo vừa được người khác cập nhật. Hãy tải lại trang để xem số liệu mới nhất trước khi lưu.",
                code="version_conflict",
            )
        drafts_discarded = _discard_drafts(locked, [cell for cell, _ in parsed], actor)
        result.changed = _write_cells(locked, parsed, actor)
        result.unchanged = len(parsed) - result.changed
        if result.changed or drafts_discarded:
            bump_version(locked, report)
    return result


def save_values(
    report: Report, cells: list[ValueInput], *, actor=None, expected_version: int | None = None
) -> SaveResult:
    """The page's form: read every typed cell, then ``write_values``. A cell that does not read changes
    nothing (code "invalid_values", ``errors`` by indicator code)."""
    errors: dict[str, str] = {}
    read: list[CellInput] = []
    for cell in cells:
        try:
            read.append(read_typed(cell))
        except NumberFormatError as error:
            errors[cell.indicator.code] = str(error)
    if errors:
        raise ReportingError("Có ô nhập chưa hợp lệ; chưa lưu thay đổi nào.", code="invalid_values", errors=errors)
    return write_values(report, read, actor=actor, expected_version=expected_version)


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
    draft.typed, draft.error, draft.updated_by = typed, error, person_or_none(actor)
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
    typed = _autosave_input(indicator, disaggregation, values)
    unit_problem = _unit_problem(report)
    if unit_problem is not None:
        raise unit_problem
    problem = _cell_problem(report, typed, _Assigned(report))
    if problem is not None:
        raise ReportingError(problem, code="invalid_cell")
    disaggregation = typed.disaggregation
    with transaction.atomic():
        locked = lock_for_edit(report)
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
            cell = read_typed(typed)
            read = _read_cell(cell)
        except (NumberFormatError, FigureError) as error:
            # Unreadable, too large, too precise, out of bounds: what was typed is kept, never lost.
            if _keep_draft(locked, typed, dict(values), str(error), actor):
                bump_version(locked, report)
            return AutosaveResult(
                saved=False, cell=current, version=locked.version, error=str(error), draft=dict(values)
            )
        had_draft = _discard_draft(locked, cell, actor)
        if _write_cell(locked, cell, read, actor) or had_draft:
            bump_version(locked, report)
        stored = DataValue.objects.filter(report=locked, indicator=indicator, disaggregation=disaggregation).first()
        return AutosaveResult(saved=True, cell=snapshot(stored) if stored is not None else None, version=locked.version)
