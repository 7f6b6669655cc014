"""Budget lines: a unit enters its own (estimate, allocation, disbursement, settlement of a year and source,
optionally of a task), the secretariat or finance office enters many at once from a spreadsheet. A line is
found again by its unit, years, source and task, so entering it twice updates it instead of doubling it.
The checks (``rules.budget.amount_problems`` and the ones of the programme below) refuse the whole batch, with
one Vietnamese message a line, before anything is written."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from ansinh.audit.models import AuditEvent
from ansinh.audit.services import audit_event
from ansinh.followups.models import Task
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.rules.budget import AMOUNT_FIELDS, Amounts, amount_problems, format_money
from ansinh.stewardship.models import BudgetLine, BudgetSource
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
    }


def _existing(program: Program, data: BudgetInput) -> BudgetLine | None:
    return (
        BudgetLine.objects.select_for_update(of=("self",))
        .select_related("unit", "task")
        .filter(
            program=program,
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


def _write(program: Program, data: BudgetInput, actor) -> tuple[BudgetLine, AuditEvent]:
    line = _existing(program, data)
    before = snapshot(line) if line is not None else None
    if line is None:
        line = BudgetLine(
            program=program, unit=data.unit, year=data.year, to_year=data.to_year, source=data.source, task=data.task
        )
    _apply(line, data, actor)
    line.save()
    who = data.unit.name if data.unit else f"{program.code} (cấp chương trình)"
    event = audit_event(
        actor=actor,
        action="budget.save",
        obj=line,
        summary=f"Kinh phí {line.get_source_display()} {line.years_label} — {who}: "
        f"giao {format_money(line.allocated)}, giải ngân {format_money(line.disbursed)}",
        before=before,
        after=snapshot(line),
        unit_code=data.unit.code if data.unit else program.owner_unit.code,
    )
    return line, event


def save_budget_line(program: Program, data: BudgetInput, *, actor) -> BudgetLine:
    """Enter or correct one line; refused whole, with the reasons, when anything is wrong."""
    problems = line_problems(program, data)
    if problems:
        raise StewardshipError(" ".join(problems), code="invalid_budget_line", errors=problems)
    with transaction.atomic():
        line, event = _write(program, data, actor)
        event.save(force_insert=True)
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
            f"Không lưu dòng nào: {len(errors)} lỗi cần sửa trong bảng tính.",
            code="invalid_budget_lines",
            errors=errors,
        )
    with transaction.atomic():
        written = [_write(program, data, actor) for _, data in rows]
        AuditEvent.objects.bulk_create([event for _, event in written])
        audit_event(
            actor=actor,
            action="budget.import",
            obj=program,
            summary=f"Nhập {len(written)} dòng kinh phí từ bảng tính — {program}",
            after={"lines": len(written)},
        ).save(force_insert=True)
    return [line for line, _ in written]
