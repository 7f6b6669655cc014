"""Report workbooks against the database: export a unit's pre-filled template or the standing agency's
sheet of many units, and import them back. Every figure goes through ``reporting.services.values.write_values``;
an import writes every value or none, and lists each problem in Vietnamese, naming its cell.

A unit's template also carries the report's budget on its ``Kinh phí`` sheet; imported, the sheet becomes the
report's budget through ``stewardship.services.budget.save_report_budget`` in the same transaction as the
figures — both or neither."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from ansinh.audit.services import record
from ansinh.core.dates import format_date
from ansinh.core.file_limits import MAX_ERRORS
from ansinh.core.numbers import format_number
from ansinh.exchange.formats.budget_sheet import (
    REPORT_BUDGET_SHEET,
    BudgetSheetError,
    ReportBudgetLine,
    add_report_budget_sheet,
    read_report_budget_sheet,
    source_code,
)
from ansinh.exchange.formats.workbook import (
    Entry,
    Field,
    Figures,
    IndicatorLine,
    ReadBook,
    ReportHeader,
    SheetKind,
    SheetProblem,
    TotalSpec,
    UnitSheet,
    UnreadableWorkbook,
)
from ansinh.exchange.formats.workbook_read import FALLBACK_NOTICE, identity_problems, read_workbook
from ansinh.exchange.formats.workbook_write import write_multi_unit_workbook, write_report_workbook
from ansinh.followups.selectors import task_reference, tasks_by_reference
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Aggregation, Indicator, ValueType
from ansinh.reporting.models import FROZEN_STATUSES, Assignment, DataValue, Report, ReportingPeriod, ReportStatus
from ansinh.reporting.selectors import expected_reports, may_report, period_totals
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.periods import get_or_create_report
from ansinh.reporting.services.values import CellInput, write_values
from ansinh.rules.budget import AMOUNT_FIELDS
from ansinh.rules.periods import dhis2_code, label
from ansinh.stewardship.models import BudgetSource
from ansinh.stewardship.selectors import report_budget_lines
from ansinh.stewardship.services.budget import ReportBudgetRow, save_report_budget
from ansinh.stewardship.services.errors import StewardshipError

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JUDGED_BY_PERSON = (ValueType.YES_NO, ValueType.QUALITATIVE)


@dataclass
class UnitOutcome:
    unit: OrgUnit
    report: Report
    changed: int = 0
    unchanged: int = 0
    budget_changed: int = 0


@dataclass
class SheetImportResult:
    """What an import did: on success one outcome per unit; on failure nothing was written and
    ``problems`` lists every reason, row by row."""

    filename: str = ""
    outcomes: list[UnitOutcome] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # How many problems the file had: only the first MAX_ERRORS are kept in ``problems``.
    problem_count: int = 0

    def __post_init__(self) -> None:
        self.problem_count = max(self.problem_count, len(self.problems))
        if len(self.problems) > MAX_ERRORS:
            rest = len(self.problems) - MAX_ERRORS
            more = SheetProblem(f"… và {format_number(rest)} lỗi khác (chỉ liệt kê {MAX_ERRORS} lỗi đầu).")
            self.problems = [*self.problems[:MAX_ERRORS], more]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> int:
        return sum(outcome.changed for outcome in self.outcomes)

    @property
    def unchanged(self) -> int:
        return sum(outcome.unchanged for outcome in self.outcomes)

    @property
    def errors(self) -> list[str]:
        """Each problem as one Vietnamese line: "Ô E14 — chỉ tiêu 1.2: …"."""
        return [str(problem) for problem in self.problems]

    @property
    def message(self) -> str:
        if self.problems:
            return f"Tệp có {format_number(self.problem_count)} lỗi; chưa nhập số liệu nào. Hãy sửa rồi tải lên lại."
        units = f" của {format_number(len(self.outcomes))} đơn vị" if len(self.outcomes) > 1 else ""
        budget = sum(outcome.budget_changed for outcome in self.outcomes)
        lines = f"; kinh phí: {format_number(budget)} dòng thay đổi" if budget else ""
        return (
            f"Đã nhập số liệu{units} từ tệp: {format_number(self.changed)} số liệu thay đổi, "
            f"{format_number(self.unchanged)} không đổi{lines}."
        )


# --- export -----------------------------------------------------------------------------------------


def report_header(period: ReportingPeriod) -> ReportHeader:
    program = period.program
    return ReportHeader(
        program_code=program.code,
        program_slug=program.slug,
        program_name=str(program),
        program_title=program.title,
        period=period.key,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        deadline=period.deadline,
    )


def _inputs(indicator: Indicator) -> frozenset[Field]:
    """The cells a person fills for an indicator, as on the data-entry page: a yes/no or qualitative
    indicator is judged (Đạt?), a number is typed, a ratio may come as numerator and denominator."""
    if indicator.is_group:
        return frozenset()
    common = {Field.NOT_IMPLEMENTED, Field.NOTE, Field.EVIDENCE}
    if indicator.value_type in JUDGED_BY_PERSON:
        return frozenset({Field.ACHIEVED, *common})
    if indicator.aggregation == Aggregation.RATIO:
        return frozenset({Field.VALUE, Field.NUMERATOR, Field.DENOMINATOR, *common})
    return frozenset({Field.VALUE, *common})


def _line(indicator: Indicator, value: DataValue | None) -> IndicatorLine:
    figures = Figures()
    if value is not None:
        figures = Figures(
            value=value.value,
            numerator=value.numerator,
            denominator=value.denominator,
            achieved=value.achieved,
            not_implemented=value.not_implemented,
            note=value.note,
            evidence=value.evidence,
        )
    return IndicatorLine(
        code=indicator.code,
        name=indicator.name,
        measure=indicator.unit,
        target=indicator.target_text,
        is_group=indicator.is_group,
        inputs=_inputs(indicator),
        figures=figures,
    )


def _with_sections(period: ReportingPeriod, indicators: Sequence[Indicator] | None) -> list[Indicator]:
    """The indicators in code order, each under the group rows above it."""
    everything = {indicator.pk: indicator for indicator in period.program.indicators.all()}
    if indicators is None:
        return sorted(everything.values(), key=lambda indicator: indicator.sort_key)
    chosen = {indicator.pk: indicator for indicator in indicators}
    for indicator in indicators:
        parent = everything.get(indicator.parent_id) if indicator.parent_id else None
        while parent is not None:
            if parent.is_group:
                chosen.setdefault(parent.pk, parent)
            parent = everything.get(parent.parent_id) if parent.parent_id else None
    return sorted(chosen.values(), key=lambda indicator: indicator.sort_key)


def _unit_sheet(
    unit: OrgUnit,
    report: Report | None,
    indicators: Sequence[Indicator],
    period: ReportingPeriod,
    values: dict[int, DataValue],
) -> UnitSheet:
    status = report.get_status_display() if report is not None else ReportStatus.DRAFT.label
    return UnitSheet(
        code=unit.code,
        name=unit.name,
        status_label=str(status),
        version=report.version if report is not None else 0,
        editable=period.is_open and (report is None or not report.is_locked),
        lines=tuple(_line(indicator, values.get(indicator.pk)) for indicator in indicators),
    )


def _current_values(reports: Sequence[Report]) -> dict[int, dict[int, DataValue]]:
    """Each report's figures (the whole, not a disaggregation) by indicator, in one query."""
    by_report: dict[int, dict[int, DataValue]] = {report.pk: {} for report in reports}
    for value in DataValue.objects.filter(report__in=reports, disaggregation=""):
        by_report[value.report_id][value.indicator_id] = value
    return by_report


def export_report_workbook(
    period: ReportingPeriod, unit: OrgUnit, indicators: Sequence[Indicator] | None = None
) -> bytes:
    """The .xlsx template of ``unit`` for ``period``, pre-filled with its current figures.

    ``indicators`` are the ones the unit reports (the caller passes its assignments); by default every
    indicator of the programme. Groups above them appear as section rows. Nothing is written: a unit
    without a report yet gets an empty template."""
    report = Report.objects.filter(period=period, unit=unit).select_related("period").first()
    values = _current_values([report])[report.pk] if report is not None else {}
    lines = _with_sections(period, indicators)
    sheet = _unit_sheet(unit, report, lines, period, values)
    budget = list(report_budget_lines(report)) if report is not None else []
    labels = dict(BudgetSource.choices)

    def budget_sheet(workbook) -> None:
        add_report_budget_sheet(
            workbook,
            period.year,
            [
                ReportBudgetLine(
                    str(labels[line.source]),
                    task_reference(line.task) if line.task else "",
                    {name: getattr(line, name) for name in AMOUNT_FIELDS},
                    line.note,
                )
                for line in budget
            ],
            sources=[str(label) for label in labels.values()],
            editable=sheet.editable,
        )

    return write_report_workbook(report_header(period), sheet, budget_sheet)


# How many units' reports and figures are read at once while the agency's sheet is written.
UNITS_PER_READ = 500


def _units_figures(period: ReportingPeriod, units: Sequence[OrgUnit]) -> Iterator[tuple[OrgUnit, tuple | None, dict]]:
    """Each unit with its report (pk, status, version) and its figures by indicator, read a few hundred
    units at a time as plain rows, so that memory does not grow with the number of units."""
    for start in range(0, len(units), UNITS_PER_READ):
        chunk = units[start : start + UNITS_PER_READ]
        reports = {
            unit_id: (pk, status, version)
            for unit_id, pk, status, version in Report.objects.filter(period=period, unit__in=chunk).values_list(
                "unit_id", "pk", "status", "version"
            )
        }
        figures: dict[int, dict[int, Figures]] = {pk: {} for pk, _status, _version in reports.values()}
        rows = DataValue.objects.filter(report__in=list(figures), disaggregation="").values_list(
            "report_id",
            "indicator_id",
            "value",
            "numerator",
            "denominator",
            "achieved",
            "not_implemented",
            "note",
            "evidence",
        )
        for report_id, indicator_id, value, numerator, denominator, achieved, idle, note, evidence in rows.iterator(
            chunk_size=5000
        ):
            figures[report_id][indicator_id] = Figures(value, numerator, denominator, achieved, idle, note, evidence)
        for unit in chunk:
            report = reports.get(unit.pk)
            yield unit, report, figures[report[0]] if report is not None else {}


def export_multi_unit_workbook(
    period: ReportingPeriod,
    units: Sequence[OrgUnit],
    indicators: Sequence[Indicator] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The standing agency's sheet (.xlsx): one row per unit and indicator the unit reports, pre-filled,
    then the totals by indicator (the approved total the evaluation reads, and what the sheet adds up to).

    Each unit gets the indicators it is assigned in the period; ``indicators``, when given, are the same for
    every unit (and a programme that assigns nothing lists every indicator for everyone, as before
    assignments existed). Written as a stream: memory stays flat whatever the number of units."""
    program = period.program
    everything = [indicator for indicator in _with_sections(period, None) if not indicator.is_group]
    if indicators is not None:
        chosen = sorted((i for i in indicators if not i.is_group), key=lambda indicator: indicator.sort_key)
        assigned: dict[int, Sequence[Indicator]] = {unit.pk: chosen for unit in units}
    elif not Assignment.objects.filter(indicator__program=program).exists():
        assigned = {unit.pk: everything for unit in units}
    else:
        assigned = {expected.unit.pk: expected.indicators for expected in expected_reports(period)}
    inputs = {indicator.pk: _inputs(indicator) for indicator in everything}
    approved = period_totals(period, program.owner_unit)
    reporting_units: dict[int, int] = {}
    for unit in units:
        for indicator in assigned.get(unit.pk, ()):
            reporting_units[indicator.pk] = reporting_units.get(indicator.pk, 0) + 1
    totals = [
        TotalSpec(
            code=indicator.code,
            name=indicator.name,
            measure=indicator.unit,
            aggregation=indicator.aggregation,
            aggregation_label=str(indicator.get_aggregation_display()),
            scale=indicator.rate_scale,
            expected_units=reporting_units[indicator.pk],
            approved=approved.get(indicator.pk),
        )
        for indicator in everything
        if indicator.pk in reporting_units
    ]
    statuses = {status.value: str(status.label) for status in ReportStatus}

    def sheets() -> Iterator[UnitSheet]:
        for unit, report, figures in _units_figures(period, units):
            status = report[1] if report is not None else ReportStatus.DRAFT
            yield UnitSheet(
                code=unit.code,
                name=unit.name,
                status_label=statuses[status],
                version=report[2] if report is not None else 0,
                editable=period.is_open and status not in FROZEN_STATUSES,
                lines=tuple(
                    IndicatorLine(
                        code=indicator.code,
                        name=indicator.name,
                        measure=indicator.unit,
                        inputs=inputs[indicator.pk],
                        figures=figures.get(indicator.pk, Figures()),
                    )
                    for indicator in assigned.get(unit.pk, ())
                ),
            )

    return write_multi_unit_workbook(report_header(period), sheets(), totals, unit_count=len(units), progress=progress)


def report_workbook_filename(period: ReportingPeriod, unit: OrgUnit | None = None) -> str:
    """An ASCII file name for the download: ansinh-181-kh-ubnd-2024-P-01.xlsx, or …-tong-hop.xlsx."""
    who = unit.code if unit is not None else "tong-hop"
    return f"ansinh-{period.program.slug}-{dhis2_code(period.key)}-{who}.xlsx"


# --- import -----------------------------------------------------------------------------------------


class _NothingImported(Exception):
    """Raised inside the import's transaction to roll every write back."""


def _value_input(indicator: Indicator, figures: Figures) -> CellInput:
    """A row's figures as the one write path takes them (more than six decimals are refused there, not
    rounded here)."""
    return CellInput(
        indicator=indicator,
        value=figures.value,
        numerator=figures.numerator,
        denominator=figures.denominator,
        not_implemented=figures.not_implemented,
        achieved=figures.achieved,
        note=figures.note,
        evidence=figures.evidence,
    )


def _failed(filename: str, messages: Sequence[str], notices: Sequence[str] = ()) -> SheetImportResult:
    return SheetImportResult(filename, problems=[SheetProblem(message) for message in messages], notices=list(notices))


def _read(content: bytes, filename: str, period: ReportingPeriod) -> ReadBook | SheetImportResult:
    if not period.is_open:
        return _failed(filename, [f"Kỳ báo cáo “{label(period.key)}” đã đóng, không nhập số liệu được."])
    try:
        return read_workbook(content, filename=filename)
    except UnreadableWorkbook as error:
        return _failed(filename, [error.message])


def _unit_label(unit: OrgUnit) -> str:
    return f"{unit.name} (mã {unit.code})"


def _unit_problem(unit: OrgUnit, period: ReportingPeriod, report: Report | None) -> str | None:
    """Why nothing may be imported for this unit in this period, if anything."""
    if not may_report(unit, period):
        since = format_date(unit.valid_from) if unit.valid_from else "—"
        until = format_date(unit.valid_to) if unit.valid_to else "nay"
        return f"Đơn vị {_unit_label(unit)} không tồn tại trong kỳ báo cáo này (hiệu lực từ {since} đến {until})."
    if report is not None and report.is_locked:
        return (
            f"Báo cáo của {_unit_label(unit)} đang ở trạng thái “{report.get_status_display()}”, không nhập lại được."
        )
    return None


def _version_problem(unit: OrgUnit, report: Report | None, expected: int | None) -> str | None:
    current = report.version if report is not None else 0
    if expected is None or expected == current:
        return None
    return (
        f"Báo cáo của {_unit_label(unit)} đã được cập nhật sau khi tải tệp này (phiên bản trong tệp {expected}, "
        f"hiện tại {current}); hãy tải mẫu mới để khỏi ghi đè số liệu mới hơn."
    )


def _row_inputs(
    entries: Sequence[Entry], indicators: dict[str, Indicator], allowed_codes: set[str] | None
) -> tuple[list[tuple[Entry, CellInput]], list[SheetProblem]]:
    """Match one unit's rows to indicators by code; rows with a problem give no input."""
    inputs: list[tuple[Entry, CellInput]] = []
    problems: list[SheetProblem] = []
    seen: set[str] = set()
    for entry in entries:
        problems.extend(entry.problems)
        indicator = indicators.get(entry.code)
        if indicator is None:
            problems.append(entry.problem(Field.CODE, f"Không có chỉ tiêu mã “{entry.code}” trong chương trình."))
        elif entry.code in seen:
            problems.append(entry.problem(Field.CODE, "Chỉ tiêu này xuất hiện ở hơn một dòng; chỉ giữ một dòng."))
        elif indicator.is_group:
            if not entry.figures.is_blank:
                problems.append(entry.problem(Field.CODE, "Đây là nhóm chỉ tiêu, không nhập số liệu."))
        elif allowed_codes is not None and entry.code not in allowed_codes:
            problems.append(entry.problem(Field.CODE, "Chỉ tiêu này không có trong mẫu đã tải về."))
        elif not entry.problems:
            inputs.append((entry, _value_input(indicator, entry.figures)))
        seen.add(entry.code)
    return inputs, problems


def _clearing_or_filled(report: Report, inputs: list[tuple[Entry, CellInput]]) -> list[tuple[Entry, CellInput]]:
    """Leave out the blank rows of indicators with no figure yet: they change nothing, and counting them
    as "unchanged" would tell the person that figures were kept where there were none."""
    stored = set(report.values.filter(disaggregation="").values_list("indicator_id", flat=True))
    return [(entry, cell) for entry, cell in inputs if not cell.is_blank or cell.indicator.pk in stored]


def _save_all(
    period: ReportingPeriod,
    groups: dict[OrgUnit, list[Entry]],
    book: ReadBook,
    problems: list[SheetProblem],
    *,
    filename: str,
    actor,
    budget: list[tuple[int, ReportBudgetRow]] | None = None,
) -> SheetImportResult:
    """Validate every unit's rows, then save them all in one transaction, or none of them. ``budget``: the lines
    of a unit's template's budget sheet, saved as its report's budget in the same transaction."""
    notices = [FALLBACK_NOTICE] if book.keys is None else []
    indicators = {indicator.code: indicator for indicator in period.program.indicators.all()}
    allowed = set(book.keys.indicator_codes) if book.keys is not None else None
    reports = {
        report.unit_id: report
        for report in Report.objects.filter(period=period, unit__in=list(groups)).select_related("period")
    }
    problems = [*book.problems, *problems]
    outcomes: list[UnitOutcome] = []
    try:
        with transaction.atomic():
            for unit, entries in groups.items():
                inputs, row_problems = _row_inputs(entries, indicators, allowed)
                problems.extend(row_problems)
                report = reports.get(unit.pk)
                expected = book.keys.unit_versions.get(unit.code) if book.keys is not None else None
                blocked = _unit_problem(unit, period, report) or _version_problem(unit, report, expected)
                if blocked:
                    problems.append(_unit_level(entries[0], blocked, book.kind))
                    continue
                report = report or get_or_create_report(period, unit, actor=actor)
                inputs = _clearing_or_filled(report, inputs)
                by_code = {entry.code: entry for entry, _cell in inputs}
                try:
                    saved = write_values(
                        report, [cell for _entry, cell in inputs], actor=actor, expected_version=expected
                    )
                except ReportingError as error:
                    for code, message in error.errors.items():
                        row = by_code.get(code)
                        problems.append(
                            row.figure_problem(message) if row else _unit_level(entries[0], message, book.kind)
                        )
                    if not error.errors:
                        problems.append(_unit_level(entries[0], error.message, book.kind))
                    continue
                budget_changed = 0
                if budget is not None:
                    try:
                        budget_changed = save_report_budget(report, budget, actor=actor)
                    except StewardshipError as error:
                        problems.extend(_budget_problem(message) for message in error.errors or [error.message])
                        continue
                if saved.changed:
                    record(
                        actor=actor,
                        action="report.import_spreadsheet",
                        obj=report,
                        summary=f"{report}: nhập từ tệp “{filename}” — {saved.changed} số liệu thay đổi, "
                        f"{saved.unchanged} không đổi",
                    )
                outcomes.append(UnitOutcome(unit, report, saved.changed, saved.unchanged, budget_changed))
            if problems:
                raise _NothingImported
    except _NothingImported:
        return SheetImportResult(filename, problems=sorted(problems, key=lambda p: p.sort_key), notices=notices)
    return SheetImportResult(filename, outcomes=outcomes, notices=notices)


def _unit_level(first: Entry, message: str, kind: SheetKind) -> SheetProblem:
    """A problem of a whole unit: in the agency's sheet named at the unit's first row, in a unit's own
    template it concerns the whole file."""
    if kind == SheetKind.MULTI_UNIT:
        return first.problem(Field.UNIT_CODE, message)
    return SheetProblem(message)


def _budget_problem(message: str) -> SheetProblem:
    return SheetProblem(f"Trang “{REPORT_BUDGET_SHEET}” — {message}")


def _read_budget(
    program, content: bytes, filename: str
) -> tuple[list[tuple[int, ReportBudgetRow]] | None, list[SheetProblem]]:
    """The template's budget sheet as lines of the report (None: the file has none), and its problems, each
    named by its row."""
    try:
        rows = read_report_budget_sheet(content, filename=filename)
    except BudgetSheetError as error:
        return None, [_budget_problem(str(error))]
    if rows is None:
        return None, []
    choices = [(value, str(label)) for value, label in BudgetSource.choices]
    tasks = tasks_by_reference(program, {row.task_code for row in rows if row.task_code})
    lines: list[tuple[int, ReportBudgetRow]] = []
    problems: list[str] = []
    for row in rows:
        found = list(row.problems)
        source = source_code(row.source, choices)
        if source is None:
            labels = "; ".join(label for _, label in choices)
            found.append(f"nguồn kinh phí “{row.source}” không hợp lệ; ghi một trong: {labels}.")
        task = tasks.get(row.task_code) if row.task_code else None
        if row.task_code and task is None:
            found.append(f"không có nhiệm vụ mã “{row.task_code}” trong {program.code}.")
        problems.extend(f"Dòng {row.number}: {problem}" for problem in found)
        if not found and source is not None:
            amounts = {name: row.amounts.get(name) for name in AMOUNT_FIELDS}
            lines.append((row.number, ReportBudgetRow(source, task, note=row.note, **amounts)))
    return lines, [_budget_problem(problem) for problem in problems]


def import_report_workbook(
    period: ReportingPeriod, unit: OrgUnit, content: bytes, *, filename: str = "", actor=None
) -> SheetImportResult:
    """Import one unit's template for ``period`` (.xlsx, .xls or .ods): every figure or none.

    Refused as a whole: an unreadable file, a file for another programme, period or unit, a locked
    (submitted, approved) report or closed period, a file older than the report's last change."""
    read = _read(content, filename, period)
    if isinstance(read, SheetImportResult):
        return read
    mismatch = identity_problems(read, report_header(period), SheetKind.REPORT, unit=(unit.code, unit.name))
    if mismatch:
        return _failed(filename, mismatch, [FALLBACK_NOTICE] if read.keys is None else [])
    if not read.entries:
        return _failed(filename, ["Tệp không có dòng chỉ tiêu nào."])
    budget, budget_problems = _read_budget(period.program, content, filename)
    return _save_all(period, {unit: read.entries}, read, budget_problems, filename=filename, actor=actor, budget=budget)


def import_multi_unit_workbook(
    period: ReportingPeriod,
    content: bytes,
    *,
    may_write: Callable[[OrgUnit], bool],
    filename: str = "",
    actor=None,
) -> SheetImportResult:
    """Import the standing agency's sheet of many units for ``period``: all units or nothing.

    ``may_write(unit)`` says whether the person may enter figures for a unit; a row of any other unit
    is an error of that row (this module knows no access rules)."""
    read = _read(content, filename, period)
    if isinstance(read, SheetImportResult):
        return read
    mismatch = identity_problems(read, report_header(period), SheetKind.MULTI_UNIT)
    if mismatch:
        return _failed(filename, mismatch, [FALLBACK_NOTICE] if read.keys is None else [])
    if not read.entries:
        return _failed(filename, ["Tệp không có dòng số liệu nào."])
    units = OrgUnit.objects.in_bulk({entry.unit_code for entry in read.entries}, field_name="code")
    permitted: dict[str, bool] = {}
    problems: list[SheetProblem] = []
    groups: dict[OrgUnit, list[Entry]] = {}
    for entry in read.entries:
        unit = units.get(entry.unit_code)
        if unit is None:
            problems.append(entry.problem(Field.UNIT_CODE, f"Không có đơn vị mã “{entry.unit_code}”."))
            continue
        if read.keys is not None and unit.code not in read.keys.unit_versions:
            problems.append(entry.problem(Field.UNIT_CODE, "Đơn vị này không có trong bảng đã tải về."))
            continue
        if unit.code not in permitted:
            permitted[unit.code] = may_write(unit)
        if not permitted[unit.code]:
            problems.append(entry.problem(Field.UNIT_CODE, f"Bạn không có quyền nhập số liệu cho {_unit_label(unit)}."))
            continue
        groups.setdefault(unit, []).append(entry)
    return _save_all(period, groups, read, problems, filename=filename, actor=actor)
