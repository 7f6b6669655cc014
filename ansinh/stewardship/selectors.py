"""Reads of a programme's stewardship: the budget lines a person may see, filtered, and their roll-ups by unit,
field, source and year, with each unit's disbursement rate against a threshold. Lines of units are summed;
programme-level figures (what a source published for the whole programme, sometimes over several years) are
shown beside them, never added to them or split below them."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from ansinh.accounts.rules import can_follow_program
from ansinh.accounts.selectors import covered_unit_ids
from ansinh.programs.models import Program
from ansinh.rules.budget import Amounts, add_amounts, below_threshold, disbursement_rate
from ansinh.stewardship.models import BudgetLine, BudgetSource

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
