"""The budget spreadsheet of the finance office: read every row, find its unit and task, and hand the lines to
``stewardship.services.budget.save_budget_lines`` — all or nothing, every problem named by its row. The export
writes the same columns, so a downloaded sheet can be filled and uploaded again."""

from collections.abc import Iterable, Iterator, Sequence

from ansinh.core.numbers import format_number
from ansinh.exchange.formats.budget_sheet import HEADERS, BudgetSheetError, read_budget_sheet, source_code
from ansinh.exchange.formats.table import Value
from ansinh.exchange.formats.workbook import UnreadableWorkbook
from ansinh.followups.selectors import task_reference, tasks_by_reference
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.rules.budget import AMOUNT_FIELDS
from ansinh.stewardship.models import BudgetLine, BudgetSource
from ansinh.stewardship.services.budget import BudgetInput, batch_problems, save_budget_lines
from ansinh.stewardship.services.errors import StewardshipError


def import_budget_sheet(program: Program, content: bytes, *, filename: str = "", actor) -> list[BudgetLine]:
    try:
        rows = read_budget_sheet(content, filename=filename)
    except (UnreadableWorkbook, BudgetSheetError) as error:
        raise StewardshipError(str(error), code="unreadable_sheet") from error
    # With the units above them, so that whether each is in the programme's area costs no query.
    units = {
        unit.code: unit
        for unit in OrgUnit.objects.filter(code__in={row.unit_code for row in rows}).select_related(
            "parent__parent__parent"
        )
    }
    tasks = tasks_by_reference(program, {row.task_code for row in rows if row.task_code})
    errors: list[str] = []
    inputs: list[tuple[int, BudgetInput]] = []
    for row in rows:
        problems = list(row.problems)
        unit = units.get(row.unit_code)
        if row.unit_code and unit is None:
            problems.append(f"không có đơn vị mã “{row.unit_code}”.")
        source = source_code(row.source, [(value, str(label)) for value, label in BudgetSource.choices])
        if source is None:
            labels = ", ".join(str(label) for label in BudgetSource.labels)
            problems.append(f"nguồn kinh phí “{row.source}” không hợp lệ; ghi một trong: {labels}.")
        task = tasks.get(row.task_code) if row.task_code else None
        if row.task_code and task is None:
            problems.append(f"không có nhiệm vụ mã “{row.task_code}” trong {program.code}.")
        if problems:
            errors.extend(f"Dòng {row.number}: {problem}" for problem in problems)
            continue
        assert unit is not None and row.year is not None and source is not None
        inputs.append(
            (
                row.number,
                BudgetInput(
                    unit=unit,
                    year=row.year,
                    to_year=row.to_year,
                    source=source,
                    task=task,
                    field=row.field,
                    note=row.note,
                    estimate=row.amounts.get("estimate"),
                    allocated=row.amounts.get("allocated"),
                    disbursed=row.amounts.get("disbursed"),
                    settled=row.amounts.get("settled"),
                ),
            )
        )
    if errors:
        errors.extend(batch_problems(program, inputs))  # the readable rows' own problems, nothing written
        raise StewardshipError(
            f"Không lưu dòng nào: {format_number(len(errors))} lỗi cần sửa trong bảng tính.",
            code="invalid_budget_lines",
            errors=errors,
        )
    return save_budget_lines(program, inputs, actor=actor)


# What the budget list is called in its title, its file name and the audit trail.
BUDGET_LIST = "Kinh phí"


def budget_sheet_row(line: BudgetLine) -> Sequence[Value]:
    """One line of the export: the import's columns, amounts as whole numbers of đồng, every text as text."""
    return [
        line.unit.code if line.unit else "",
        line.unit.name if line.unit else "Cấp chương trình",
        line.year,
        line.to_year,
        str(BudgetSource(line.source).label),
        task_reference(line.task) if line.task else "",
        line.field,
        *(None if getattr(line, name) is None else int(getattr(line, name)) for name in AMOUNT_FIELDS),
        " — ".join(part for part in (line.note, line.phrase, line.citation) if part),
    ]


def budget_sheet_rows(lines: Iterable[BudgetLine]) -> tuple[Sequence[str], Iterator[Sequence[Value]]]:
    """The export's headers and its rows, one line at a time (:func:`budget_sheet_row`)."""
    return HEADERS, (budget_sheet_row(line) for line in lines)
