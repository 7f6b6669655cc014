"""Budget lines: a unit enters its own inside its periodic report (estimate, allocation, disbursement, settlement
of the report's year by source, optionally of a task: ``save_report_budget``), the secretariat or the finance
office enters any unit's, one at a time or many at once from a spreadsheet. A line is found again by its report
(or none), unit, years, source and task, so entering it twice updates it instead of doubling it. The checks
(``rules.budget.amount_problems`` and the ones of the programme below) refuse the whole batch, with one Vietnamese
message a line, before anything is written; every change is kept (``BudgetLineChange``) and audited."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from ansinh.accounts.rules import unit_in_program_area
from ansinh.audit.models import AuditEvent
from ansinh.audit.services import audit_event
from ansinh.core.numbers import format_number
from ansinh.followups.models import Task
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.models import Report
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.values import bump_version, lock_for_edit
from ansinh.rules.budget import AMOUNT_FIELDS, Amounts, amount_problems, format_money
from ansinh.stewardship.models import BudgetLine, BudgetLineChange, BudgetSource
from ansinh.stewardship.services.errors import StewardshipError


@dataclass
class BudgetInput:
    """One line as a person or a spreadsheet gives it. ``unit`` None is a programme-level figure."""

    unit: OrgUnit | None
    year: int
    source: str
    estimate: Decimal | None = None
    allocated: Decimal | None = None
    disbursed: Decimal | None = None
    settled: Decimal | None = None
    to_year: int | None = None
    task: Task | None = None
    field: str = ""
    note: str = ""
    phrase: str = ""
    citation: str = ""
    is_illustrative: bool = False
    report: Report | None = None

    @property
    def amounts(self) -> Amounts:
        return Amounts(**{name: getattr(self, name) for name in AMOUNT_FIELDS})


def _existed_in(unit: OrgUnit, first: int, last: int) -> bool:
    return (unit.valid_from is None or unit.valid_from <= date(last, 12, 31)) and (
        unit.valid_to is None or unit.valid_to >= date(first, 1, 1)
    )


def line_problems(program: Program, data: BudgetInput) -> list[str]:
    """Everything wrong with a line, in Vietnamese (empty when it may be saved)."""
    problems: list[str] = []
    last = data.to_year or data.year
    if not program.start_year <= data.year <= program.end_year:
        problems.append(
            f"Năm {data.year} ngoài thời gian của {program.code} ({program.start_year}–{program.end_year})."
        )
    if data.to_year is not None and not data.year <= data.to_year <= program.end_year:
        problems.append(f"“Đến năm” {data.to_year} phải từ năm {data.year} đến năm {program.end_year}.")
    if data.source not in BudgetSource.values:
        labels = ", ".join(str(label) for label in BudgetSource.labels)
        problems.append(f"Nguồn kinh phí “{data.source}” không hợp lệ; chọn một trong: {labels}.")
    if data.unit is not None and not _existed_in(data.unit, data.year, last):
        problems.append(f"{data.unit.name} không tồn tại trong năm {data.year}.")
    # A report's unit is the report's; a line entered outside one (the page, the finance office's sheet) names
    # any unit code, and only a unit of the programme's area belongs in its budget.
    if data.unit is not None and data.report is None and not unit_in_program_area(program, data.unit):
        problems.append(f"{data.unit.name} không thuộc địa bàn của {program.code}.")
    if data.task is not None and data.task.program_id != program.pk:
        problems.append(f"Nhiệm vụ “{data.task}” không thuộc {program.code}.")
    problems.extend(amount_problems(data.amounts, data.note))
    return problems


def snapshot(line: BudgetLine) -> dict[str, Any]:
    """What the audit log keeps of a line, before and after a change (amounts in đồng, as text)."""
    return {
        "unit": line.unit.code if line.unit else None,
        "year": line.year,
        "to_year": line.to_year,
        "source": line.source,
        "task": line.task.code or line.task_id if line.task else None,
        "field": line.field,
        **{name: None if getattr(line, name) is None else str(getattr(line, name)) for name in AMOUNT_FIELDS},
        "note": line.note,
        "phrase": line.phrase,
        "citation": line.citation,
        "is_illustrative": line.is_illustrative,
    }


def _label(line: BudgetLine) -> str:
    who = line.unit.name if line.unit else f"{line.program.code} (cấp chương trình)"
    task = f" — nhiệm vụ {line.task.code or line.task.pk}" if line.task else ""
    return f"Kinh phí {line.get_source_display()} {line.years_label}{task} — {who}"[:500]


def _existing(program: Program, data: BudgetInput) -> BudgetLine | None:
    return (
        BudgetLine.objects.select_for_update(of=("self",))
        .select_related("program__owner_unit", "unit", "task")
        .filter(
            program=program,
            report=data.report,
            unit=data.unit,
            year=data.year,
            to_year=data.to_year,
            source=data.source,
            task=data.task,
        )
        .first()
    )


def _apply(line: BudgetLine, data: BudgetInput, actor) -> None:
    for name in AMOUNT_FIELDS:
        setattr(line, name, getattr(data, name))
    line.field = (data.field or (data.task.field if data.task else "")).strip()[:64]
    line.note = data.note.strip()
    line.phrase = data.phrase.strip()[:255]
    line.citation = data.citation.strip()
    line.is_illustrative = data.is_illustrative
    line.updated_by = actor if getattr(actor, "is_authenticated", False) else None


@dataclass
class Written:
    """What a written line leaves: its audit event and history row (unsaved: many are saved with one statement)."""

    event: AuditEvent
    change: BudgetLineChange


def _write(program: Program, data: BudgetInput, actor) -> tuple[BudgetLine, Written | None]:
    """Create or correct the line; no ``Written`` when it is already exactly so (nothing written or recorded)."""
    line = _existing(program, data)
    before = snapshot(line) if line is not None else None
    if line is None:
        line = BudgetLine(
            program=program,
            report=data.report,
            unit=data.unit,
            year=data.year,
            to_year=data.to_year,
            source=data.source,
            task=data.task,
        )
    _apply(line, data, actor)
    after = snapshot(line)
    if before == after:
        return line, None
    line.save()
    return line, Written(*_records(line, "budget.save", before, after, actor))


def _records(line: BudgetLine, action: str, before, after, actor) -> tuple[AuditEvent, BudgetLineChange]:
    label = _label(line)
    amounts = (
        "" if after is None else f": giao {format_money(line.allocated)}, giải ngân {format_money(line.disbursed)}"
    )
    event = audit_event(
        actor=actor,
        action=action,
        obj=line,
        summary=f"{label}{' (bỏ dòng)' if after is None else ''}{amounts}",
        before=before,
        after=after,
        unit_code=line.unit.code if line.unit else line.program.owner_unit.code,
    )
    person = actor if getattr(actor, "is_authenticated", False) else None
    change = BudgetLineChange(
        program=line.program,
        report=line.report,
        line=line if after is not None else None,
        label=label,
        before=before,
        after=after,
        changed_by=person,
    )
    return event, change


def _save_records(written: Sequence[Written]) -> None:
    AuditEvent.objects.bulk_create([each.event for each in written])
    BudgetLineChange.objects.bulk_create([each.change for each in written])


def save_budget_line(program: Program, data: BudgetInput, *, actor) -> BudgetLine:
    """Enter or correct one line; refused whole, with the reasons, when anything is wrong."""
    problems = line_problems(program, data)
    if problems:
        raise StewardshipError(" ".join(problems), code="invalid_budget_line", errors=problems)
    with transaction.atomic():
        line, written = _write(program, data, actor)
        _save_records([written] if written else [])
    return line


def batch_problems(program: Program, rows: Sequence[tuple[int, BudgetInput]]) -> list[str]:
    """Every problem of many lines, "Dòng N: …", including two rows that are the same line."""
    errors = [f"Dòng {number}: {problem}" for number, data in rows for problem in line_problems(program, data)]
    keys: dict[tuple, int] = {}
    for number, data in rows:
        key = (
            data.unit.pk if data.unit else None,
            data.year,
            data.to_year,
            data.source,
            data.task.pk if data.task else None,
        )
        if key in keys:
            errors.append(f"Dòng {number}: trùng với dòng {keys[key]} (cùng đơn vị, năm, nguồn và nhiệm vụ).")
        keys.setdefault(key, number)
    return errors


def save_budget_lines(program: Program, rows: Sequence[tuple[int, BudgetInput]], *, actor) -> list[BudgetLine]:
    """Many lines at once (a spreadsheet's rows, each with its row number): all are checked first, every
    problem reported as "Dòng N: …", and either every line is written or none is."""
    errors = batch_problems(program, rows)
    if not rows:
        errors.append("Bảng tính không có dòng kinh phí nào.")
    if errors:
        raise StewardshipError(
            f"Không lưu dòng nào: {format_number(len(errors))} lỗi cần sửa trong bảng tính.",
            code="invalid_budget_lines",
            errors=errors,
        )
    with transaction.atomic():
        lines = [_write(program, data, actor) for _, data in rows]
        written = [each for _, each in lines if each is not None]
        _save_records(written)
        audit_event(
            actor=actor,
            action="budget.import",
            obj=program,
            summary=f"Nhập {format_number(len(rows))} dòng kinh phí từ bảng tính ({format_number(len(written))} dòng thay đổi) "
            f"— {program}",
            after={"lines": len(rows), "changed": len(written)},
        ).save(force_insert=True)
    return [line for line, _ in lines]


# -- A unit's budget inside its periodic report ------------------------------------------------------------------


@dataclass
class ReportBudgetRow:
    """One line of a report's budget section (or of its workbook's budget sheet): the unit and year are the
    report's."""

    source: str
    task: Task | None = None
    estimate: Decimal | None = None
    allocated: Decimal | None = None
    disbursed: Decimal | None = None
    settled: Decimal | None = None
    note: str = ""


def report_inputs(report: Report, rows: Sequence[tuple[int, ReportBudgetRow]]) -> list[tuple[int, BudgetInput]]:
    return [
        (
            number,
            BudgetInput(
                unit=report.unit,
                year=report.period.year,
                source=row.source,
                task=row.task,
                estimate=row.estimate,
                allocated=row.allocated,
                disbursed=row.disbursed,
                settled=row.settled,
                note=row.note,
                report=report,
            ),
        )
        for number, row in rows
    ]


def save_report_budget(
    report: Report, rows: Sequence[tuple[int, ReportBudgetRow]], *, actor, expected_version: int | None = None
) -> int:
    """The report's budget becomes exactly ``rows`` (the section or the sheet lists every line; a line left out is
    removed): checked whole first, then written under the report's own lock — refused, as its figures are, once
    it is sent, approved, or its period closed — each change kept with who and when and audited, the report's
    version moved on. Returns how many lines changed."""
    program = report.period.program
    inputs = report_inputs(report, rows)
    errors = batch_problems(program, inputs)
    if errors:
        raise StewardshipError(
            f"Chưa lưu kinh phí: {len(errors)} lỗi cần sửa.", code="invalid_budget_lines", errors=errors
        )
    with transaction.atomic():
        try:
            locked = lock_for_edit(report)
        except ReportingError as error:
            raise StewardshipError(error.message, code=error.code) from error
        if expected_version is not None and expected_version != locked.version:
            raise StewardshipError(
                "Báo cáo vừa được người khác cập nhật. Hãy tải lại trang trước khi lưu kinh phí.",
                code="version_conflict",
            )
        lines = [_write(program, data, actor) for _, data in inputs]
        written = [each for _, each in lines if each is not None]
        kept = [line.pk for line, _ in lines]
        gone = list(
            BudgetLine.objects.filter(report=locked).exclude(pk__in=kept).select_related("program", "unit", "task")
        )
        removed = [Written(*_records(line, "budget.delete", snapshot(line), None, actor)) for line in gone]
        _save_records([*written, *removed])
        BudgetLine.objects.filter(pk__in=[line.pk for line in gone]).delete()
        if written or removed:
            bump_version(locked, report)
    return len(written) + len(removed)
