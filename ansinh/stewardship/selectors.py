"""Reads of a programme's stewardship: the budget lines a person may see, filtered, and their roll-ups by unit,
field, source and year, with each unit's disbursement rate against a threshold (lines of units are summed;
programme-level figures — what a source published for the whole programme, sometimes over several years — are
shown beside them, never added to them or split below them); the programme's state as a review freezes it
(``program_state``, read through the selectors of evaluation, reporting and followups), and the reviews; each
unit's emulation parts and score under a year's topic, ranked among comparable units (``emulation_scores``)."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ansinh.accounts.rules import sees_all_budget
from ansinh.accounts.selectors import covered_unit_ids
from ansinh.core.dates import format_date
from ansinh.core.numbers import format_number, format_quantity
from ansinh.evaluation.selectors import evaluate_program
from ansinh.followups.models import Finding, InspectionPlan, Task
from ansinh.followups.selectors import plan_progress, task_rows
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Program
from ansinh.reporting.models import ReportStatus
from ansinh.reporting.selectors import completeness
from ansinh.rules.budget import AMOUNT_FIELDS, Amounts, add_amounts, below_threshold, disbursement_rate
from ansinh.rules.emulation import Criterion, Part, Score, rank, score
from ansinh.rules.followups import TaskStatus
from ansinh.rules.reviews import Difference, compare
from ansinh.rules.verdicts import Status
from ansinh.stewardship.models import BudgetLine, BudgetLineChange, BudgetSource, EmulationTopic, Review

# Below this share of the allocation disbursed, a unit is flagged (the page and the API take another).
DEFAULT_THRESHOLD = Decimal(80)


def counted_budget_lines(program: Program) -> QuerySet[BudgetLine]:
    """The one rule of which lines a roll-up, an emulation score, a review or the year-end report counts:

    - every line entered outside a report (the finance office's consolidation, the secretariat's, a published
      programme-level figure);
    - a line a unit entered inside its periodic report once that report is approved — and then only from the
      unit's latest approved report of the year (a later report restates the year, it does not add to it), and
      not where a line entered outside a report for the same unit, year, source and task says otherwise (the
      finance office's consolidation, or the secretariat's line: the figure the city uses)."""
    task_key = Coalesce("task_id", Value(0), output_field=IntegerField())
    in_bulk = (
        BudgetLine.objects.filter(
            program=program,
            report__isnull=True,
            to_year__isnull=True,
            unit=OuterRef("unit"),
            year=OuterRef("year"),
            source=OuterRef("source"),
        )
        .annotate(task_key=task_key)
        .filter(task_key=OuterRef("task_key"))
    )
    outer_end = OuterRef("report__period__ends_on")
    later_report = BudgetLine.objects.filter(
        program=program, unit=OuterRef("unit"), year=OuterRef("year"), report__status=ReportStatus.APPROVED
    ).filter(
        Q(report__period__ends_on__gt=outer_end)
        | Q(report__period__ends_on=outer_end, report_id__gt=OuterRef("report_id"))
    )
    return (
        BudgetLine.objects.filter(program=program)
        .annotate(task_key=task_key)
        .filter(
            Q(report__isnull=True)
            | (Q(report__status=ReportStatus.APPROVED) & ~Exists(in_bulk) & ~Exists(later_report))
        )
    )


def budget_lines_visible_to(user, program: Program) -> QuerySet[BudgetLine]:
    lines = counted_budget_lines(program).select_related("unit", "task", "program__owner_unit")
    if sees_all_budget(user, program):
        return lines
    return lines.filter(Q(unit__isnull=True) | Q(unit_id__in=covered_unit_ids(user)))


def report_budget_lines(report) -> QuerySet[BudgetLine]:
    """The lines a unit entered in this report, whatever the report's state."""
    return BudgetLine.objects.filter(report=report).select_related("task").order_by("source", "task__code", "pk")


def report_budget_history(report) -> QuerySet[BudgetLineChange]:
    """Every change of the report's budget lines, the newest first, with who made it."""
    return BudgetLineChange.objects.filter(report=report).select_related("changed_by")


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


def budget_lines(user, program: Program, filters: BudgetFilters) -> QuerySet[BudgetLine]:
    """The lines the budget page lists and exports for this person and these filters, in the page's order."""
    lines = filter_budget(budget_lines_visible_to(user, program), filters)
    return lines.order_by("year", "unit__name", "source", "pk")


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
    lines = counted_budget_lines(program).filter(year__lte=year).select_related("unit", "task")
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


# -- Emulation: a unit's parts and score, the ranking among comparable units -----------------------------------

# Units compared with one another: departments (and other agencies), districts, communes. The city is not ranked.
COMPARABLE_GROUPS = {
    OrgUnitKind.DEPARTMENT: "Sở, ban, ngành",
    OrgUnitKind.OTHER: "Sở, ban, ngành",
    OrgUnitKind.DISTRICT: "Quận, huyện, thị xã",
    OrgUnitKind.COMMUNE: "Xã, phường, thị trấn",
}
JUDGED = (Status.EXCEEDED, Status.ACHIEVED, Status.NOT_ACHIEVED)
MET = (Status.EXCEEDED, Status.ACHIEVED)
ZERO = Decimal(0)


@dataclass
class UnitScore:
    unit: OrgUnit
    group: str
    score: Score
    rank: int | None = None


def _counter() -> defaultdict[int, list[Decimal]]:
    return defaultdict(lambda: [ZERO, ZERO])


def _indicator_parts(program: Program, year: int) -> dict[int, list[Decimal]]:
    """Indicators a unit leads with a verdict of the year (computed, or declared by the committee): how many
    were achieved or exceeded, over how many were judged."""
    counts = _counter()
    for row in evaluate_program(program, year).rows:
        lead = row.indicator.lead_unit_id
        if lead is not None and row.status in JUDGED:
            counts[lead][1] += 1
            counts[lead][0] += row.status in MET
    return counts


def _report_parts(program: Program, year: int, day: date) -> dict[int, list[Decimal]]:
    """Reports of the year's periods whose deadline has passed on ``day``: sent on time, over expected."""
    counts = _counter()
    periods = program.periods.filter(year=year, deadline__isnull=False, deadline__lte=day)
    for period in periods:
        for row in completeness(period).rows:
            counts[row.unit.pk][1] += 1
            counts[row.unit.pk][0] += bool(row.on_time)
    return counts


def _task_parts(program: Program, year: int, day: date) -> dict[int, list[Decimal]]:
    """Tasks a unit leads that were due in the year by ``day`` (not cancelled or paused): done on time, over due."""
    counts = _counter()
    tasks = Task.objects.filter(program=program, lead_unit__isnull=False, due_on__year=year, due_on__lte=day).exclude(
        status__in=(TaskStatus.CANCELLED, TaskStatus.PAUSED)
    )
    for task in tasks:
        assert task.lead_unit_id is not None
        counts[task.lead_unit_id][1] += 1
        counts[task.lead_unit_id][0] += task.status_on(day) == TaskStatus.DONE
    return counts


def _finding_parts(program: Program, year: int) -> dict[int, list[Decimal]]:
    """Findings of the year's inspections at a unit: closed (every recommendation done; a report to correct
    reopened and approved again), over found."""
    counts = _counter()
    findings = Finding.objects.filter(visit__plan__program=program, visit__plan__year=year).select_related(
        "visit", "correction_report"
    )
    recommendations = defaultdict(list)
    for task in Task.objects.filter(finding__in=findings):
        recommendations[task.finding_id].append(task)
    for finding in findings:
        closed = all(task.status == TaskStatus.DONE for task in recommendations[finding.pk])
        report = finding.correction_report
        if report is not None:
            closed = closed and finding.correction_reopened_at is not None and report.status == ReportStatus.APPROVED
        counts[finding.visit.unit_id][1] += 1
        counts[finding.visit.unit_id][0] += closed
    return counts


def _budget_parts(program: Program, year: int) -> dict[int, list[Decimal]]:
    """Budget of the year (lines of that year alone): disbursed over allocated, in đồng."""
    counts = _counter()
    lines = (
        counted_budget_lines(program)
        .filter(unit__isnull=False, year=year)
        .filter(Q(to_year__isnull=True) | Q(to_year=year))
    )
    for line in lines.filter(allocated__gt=0):
        assert line.unit_id is not None
        counts[line.unit_id][1] += line.allocated or ZERO
        counts[line.unit_id][0] += line.disbursed or ZERO
    return counts


def emulation_scores(topic: EmulationTopic, today: date | None = None) -> list[UnitScore]:
    """Every unit with something due under the topic's criteria in its year, scored from what ansinh holds
    (judged on 31/12 of the year, or today while the year runs) and ranked within its group."""
    program, year = topic.program, topic.year
    day = min(date(year, 12, 31), today or timezone.localdate())
    weights = {Criterion(c.criterion): c.weight for c in topic.criteria.all()}
    gatherers = {
        Criterion.INDICATORS: lambda: _indicator_parts(program, year),
        Criterion.REPORTS: lambda: _report_parts(program, year, day),
        Criterion.TASKS: lambda: _task_parts(program, year, day),
        Criterion.FINDINGS: lambda: _finding_parts(program, year),
        Criterion.BUDGET: lambda: _budget_parts(program, year),
    }
    counted = {criterion: gatherers[criterion]() for criterion in weights}
    unit_ids = {unit_id for counts in counted.values() for unit_id, (_, due) in counts.items() if due > 0}
    units = OrgUnit.objects.filter(pk__in=unit_ids, kind__in=list(COMPARABLE_GROUPS))
    scores = [
        UnitScore(
            unit,
            COMPARABLE_GROUPS[OrgUnitKind(unit.kind)],
            score(
                {c: Part(*counted[c].get(unit.pk, (ZERO, ZERO))) for c in weights},
                weights,
            ),
        )
        for unit in units
    ]
    for group in set(COMPARABLE_GROUPS.values()):
        members = [s for s in scores if s.group == group]
        places = rank((s.unit.pk, s.score.value) for s in members)
        for member in members:
            member.rank = places[member.unit.pk]
    order = list(dict.fromkeys(COMPARABLE_GROUPS.values()))
    return sorted(
        scores,
        key=lambda s: (order.index(s.group), s.rank is None, s.rank or 0, s.unit.name),
    )


def topic_of(program: Program, year: int) -> EmulationTopic | None:
    return EmulationTopic.objects.filter(program=program, year=year).prefetch_related("criteria").first()


def proposals_of(topic: EmulationTopic):
    return topic.proposals.select_related("unit", "proposed_by", "drafted_by", "decided_by")
