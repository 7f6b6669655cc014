"""Reads of a programme's stewardship: the budget lines a person may see, filtered, and their roll-ups by unit,
field, source and year, with each unit's disbursement rate against a threshold (lines of units are summed;
programme-level figures — what a source published for the whole programme, sometimes over several years — are
shown beside them, never added to them or split below them); the programme's state as a review freezes it
(``program_state``, read through the selectors of evaluation, reporting and followups), and the reviews."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from ansinh.accounts.rules import can_follow_program
from ansinh.accounts.selectors import covered_unit_ids
from ansinh.core.dates import format_date
from ansinh.core.numbers import format_number, format_quantity
from ansinh.evaluation.selectors import evaluate_program
from ansinh.followups.models import InspectionPlan, Task
from ansinh.followups.selectors import plan_progress, task_rows
from ansinh.programs.models import Program
from ansinh.reporting.selectors import completeness
from ansinh.rules.budget import AMOUNT_FIELDS, Amounts, add_amounts, below_threshold, disbursement_rate
from ansinh.rules.reviews import Difference, compare
from ansinh.rules.verdicts import Status
from ansinh.stewardship.models import BudgetLine, BudgetSource, Review

# Below this share of the allocation disbursed, a unit is flagged (the page and the API take another).
DEFAULT_THRESHOLD = Decimal(80)


def budget_lines_visible_to(user, program: Program) -> QuerySet[BudgetLine]:
    lines = BudgetLine.objects.filter(program=program).select_related("unit", "task", "program__owner_unit")
    if can_follow_program(user, program):
        return lines
    return lines.filter(Q(unit__isnull=True) | Q(unit_id__in=covered_unit_ids(user)))


@dataclass(frozen=True)
class BudgetFilters:
    year: int | None = None
    unit_id: int | None = None
    source: str = ""
    field: str = ""


def filter_budget(lines: QuerySet[BudgetLine], filters: BudgetFilters) -> QuerySet[BudgetLine]:
    if filters.year is not None:
        lines = lines.filter(year__lte=filters.year).filter(Q(year=filters.year) | Q(to_year__gte=filters.year))
    if filters.unit_id is not None:
        lines = lines.filter(unit_id=filters.unit_id)
    if filters.source:
        lines = lines.filter(source=filters.source)
    if filters.field:
        lines = lines.filter(field=filters.field)
    return lines


@dataclass(frozen=True)
class RollupRow:
    key: str
    label: str
    amounts: Amounts
    lines: int
    rate: Decimal | None
    below: bool


@dataclass
class BudgetSummary:
    """The roll-ups of the lines of units, and the programme-level figures beside them."""

    lines: list[BudgetLine]
    threshold: Decimal
    by_unit: list[RollupRow] = field(default_factory=list)
    by_field: list[RollupRow] = field(default_factory=list)
    by_source: list[RollupRow] = field(default_factory=list)
    by_year: list[RollupRow] = field(default_factory=list)
    total: RollupRow | None = None
    programme_level: list[BudgetLine] = field(default_factory=list)

    @property
    def units_below(self) -> list[RollupRow]:
        return [row for row in self.by_unit if row.below]


def _rollup(
    lines: Iterable[BudgetLine], key: Callable[[BudgetLine], tuple[str, str]], threshold: Decimal
) -> list[RollupRow]:
    groups: dict[tuple[str, str], list[BudgetLine]] = defaultdict(list)
    for line in lines:
        groups[key(line)].append(line)
    rows = []
    for (sort_key, label), members in sorted(groups.items()):
        amounts = add_amounts(line.amounts for line in members)
        rate = disbursement_rate(amounts.allocated, amounts.disbursed)
        rows.append(RollupRow(sort_key, label, amounts, len(members), rate, below_threshold(rate, threshold)))
    return rows


def _unit_key(line: BudgetLine) -> tuple[str, str]:
    assert line.unit is not None
    return line.unit.code, line.unit.name


def budget_summary(lines: Iterable[BudgetLine], threshold: Decimal = DEFAULT_THRESHOLD) -> BudgetSummary:
    lines = list(lines)
    of_units = [line for line in lines if line.unit_id is not None]
    summary = BudgetSummary(lines=lines, threshold=threshold)
    summary.programme_level = [line for line in lines if line.unit_id is None]
    summary.by_unit = _rollup(of_units, _unit_key, threshold)
    summary.by_field = _rollup(of_units, lambda line: (line.field, line.field or "Chưa ghi lĩnh vực"), threshold)
    labels = dict(BudgetSource.choices)
    order = {value: index for index, value in enumerate(BudgetSource.values)}
    summary.by_source = _rollup(of_units, lambda line: (f"{order[line.source]}", str(labels[line.source])), threshold)
    summary.by_year = _rollup(of_units, lambda line: (line.years_label, line.years_label), threshold)
    if of_units:
        summary.total = _rollup(of_units, lambda line: ("", "Tổng cộng"), threshold)[0]
    return summary


# -- Reviews: the programme's state as plain data (rules.reviews.State) ----------------------------------------


def _text(value) -> str | None:
    return None if value in (None, "") else str(value)


def _indicator_section(program: Program, year: int) -> tuple[dict[str, dict], dict[str, dict]]:
    indicators: dict[str, dict] = {}
    summary: dict[str, dict] = {}
    for each_year in range(program.start_year, year + 1):
        evaluation = evaluate_program(program, each_year)
        summary[str(each_year)] = {
            "sentence": evaluation.summary.sentence,
            "declared_sentence": _text(" ".join(d.sentence for d in evaluation.declared_summaries)),
        }
        for row in evaluation.rows:
            indicator = row.indicator
            entry = indicators.setdefault(indicator.code, {"name": indicator.name, "unit": indicator.unit or None})
            entry[f"target_{each_year}"] = _text(row.target.phrase if row.target else None)
            entry[f"figure_{each_year}"] = None if row.actual is None else format_quantity(row.actual, indicator.unit)
            entry[f"verdict_{each_year}"] = None if row.is_declared else row.status.label
            if row.declared is not None:
                entry[f"declared_{each_year}"] = Status(row.declared.status).label
                entry[f"declared_source_{each_year}"] = _text(row.declared.source)
            if each_year == year:
                entry["outlook"] = row.outlook.code.label if row.outlook is not None else None
    return indicators, summary


def _completeness_section(program: Program, year: int) -> dict[str, dict]:
    section = {}
    for period in program.periods.filter(year__lte=year).order_by("year", "kind", "number"):
        state = completeness(period)
        section[str(period)] = {
            "expected": state.expected,
            "sent": state.sent,
            "on_time": state.on_time,
            "late": state.late,
        }
    return section


def _task_section(program: Program, as_of: date) -> dict[str, dict]:
    tasks = Task.objects.filter(program=program).select_related("lead_unit").order_by("code", "pk")
    return {
        (row.task.code or f"#{row.task.pk}"): {
            "title": row.task.title,
            "lead": row.task.lead_unit.name if row.task.lead_unit else None,
            "deadline": row.task.deadline.label,
            "status": row.status_label,
        }
        for row in task_rows(tasks, as_of)
    }


def _inspection_section(program: Program, year: int, as_of: date) -> dict[str, dict]:
    section = {}
    for plan in InspectionPlan.objects.filter(program=program, year__lte=year).order_by("year", "pk"):
        progress = plan_progress(plan, as_of)
        section[f"{plan.year} — {plan.title}"] = {
            "target_units": plan.target_units,
            "visited": progress.visited,
            "pace": progress.pace_label,
        }
    return section


def _amount_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{format_number(value)} đồng"


def _budget_section(program: Program, year: int) -> dict[str, dict]:
    section = {}
    lines = BudgetLine.objects.filter(program=program, year__lte=year).select_related("unit", "task")
    for line in lines:
        who = line.unit.code if line.unit else "cấp chương trình"
        task = f" — {line.task.code or line.task.pk}" if line.task else ""
        key = f"{who} — {line.years_label} — {line.get_source_display()}{task}"
        amounts = {name: _amount_text(getattr(line, name)) for name in AMOUNT_FIELDS}
        section[key] = amounts | {"note": _text(line.note)}
    return section


def program_state(program: Program, year: int, as_of: date) -> dict[str, dict[str, dict]]:
    """Everything a review freezes: the indicators and summaries of every year from the programme's start to
    ``year`` (figures written the Vietnamese way, verdicts and the committee's declarations by their labels), the
    outlook in ``year``, completeness of every period up to ``year``, tasks and inspection plans as of
    ``as_of``, the budget lines up to ``year`` (amounts in đồng)."""
    indicators, summary = _indicator_section(program, year)
    return {
        "indicators": indicators,
        "summary": summary,
        "completeness": _completeness_section(program, year),
        "tasks": _task_section(program, as_of),
        "inspections": _inspection_section(program, year, as_of),
        "budget": _budget_section(program, year),
    }


def reviews_of(program: Program) -> QuerySet[Review]:
    return Review.objects.filter(program=program).select_related("taken_by")


@dataclass(frozen=True)
class Comparison:
    described: str
    differences: list[Difference]


def review_comparison(review: Review, other: Review | None = None, today: date | None = None) -> Comparison:
    """A review against another (the earlier one first, whichever was asked), or against the programme's state
    now: the figures up to the review's year as they stand today, tasks and inspections as of today."""
    if other is not None:
        before, after = (other, review) if (other.as_of, other.pk) <= (review.as_of, review.pk) else (review, other)
        return Comparison(f"{before.title} → {after.title}", compare(before.state, after.state))
    today = today or timezone.localdate()
    return Comparison(
        f"tình hình hiện nay (số liệu đến năm {review.year}, nhiệm vụ đến {format_date(today)})",
        compare(review.state, program_state(review.program, review.year, today)),
    )
