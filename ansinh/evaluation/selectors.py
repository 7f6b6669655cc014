"""Reads that judge a programme: gather targets, approved figures and the committee's declarations,
then apply the pure rules (verdicts, outlook, roll-up).

Where a programme's figure for a year comes from, in order: the programme unit's own approved report
(the city); else the approved report of the indicator's lead department, which reports for the whole
city; else, for an indicator with an aggregation rule, the roll-up of the approved figures of the units
that count under the programme's unit (``rules.rollup.counted_units``: the communes, or the provinces of
a national programme, unless a unit between them reported itself), read from the maintained totals,
with the figures of communes that ended inside the period (the 1/7/2025 reform) carried to their
successors and marked as estimated. A roll-up of fewer units than the programme's coverage
(``Program.min_coverage``) gives no verdict: it says how many units are in."""

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from ansinh.evaluation.models import DeclaredSummary, DeclaredVerdict
from ansinh.org.models import OrgUnit, OrgUnitKind, OrgUnitSuccession
from ansinh.org.selectors import OfficeHolders, communes_of, provinces_of
from ansinh.programs.models import Aggregation, Indicator, Program, Target, ValueType
from ansinh.reporting.models import (
    ApprovedTotal,
    Assignment,
    AssignmentRole,
    DataValue,
    PeriodKind,
    Report,
    ReportStatus,
)
from ansinh.reporting.totals import TERRITORIAL_KINDS
from ansinh.rules.outlook import Method, Outlook, OutlookCode, outlook_for_target
from ansinh.rules.periods import year_cutoff
from ansinh.rules.rollup import Aggregation as RollupRule
from ansinh.rules.rollup import (
    RolledUp,
    Succession,
    Sums,
    UnitValue,
    below_coverage,
    carry_through_successions,
    counted_units,
    coverage_sentence,
    figure_from_sums,
    has_own_figure,
    merge_reported_and_carried,
    rollup,
    summed_up,
)
from ansinh.rules.verdicts import (
    CHANGE_KINDS,
    Observation,
    Status,
    Summary,
    TargetRule,
    Verdict,
    choose_path_base,
    choose_target,
    is_path_year,
    judge,
    level_of_change,
    summarize,
)


@dataclass(frozen=True)
class Figure:
    """The figure a verdict is based on, and where it came from."""

    value: Decimal | None
    achieved: bool | None
    not_implemented: bool
    source: str
    origin: str  # "city", "lead_unit", "rollup"
    data_value: DataValue | None = None
    rolled_up: RolledUp | None = None
    note: str = ""
    evidence: str = ""
    # A roll-up: how many units are in, and how many should report.
    counted: int | None = None
    expected: int | None = None

    @property
    def observation(self) -> Observation:
        return Observation(
            value=self.value, achieved=self.achieved, not_implemented=self.not_implemented, evidence=self.evidence
        )

    @property
    def estimated(self) -> bool:
        return self.rolled_up is not None and self.rolled_up.estimated


@dataclass
class IndicatorEvaluation:
    indicator: Indicator
    year: int
    target: TargetRule | None
    figure: Figure | None
    verdict: Verdict
    outlook: Outlook | None = None
    declared: DeclaredVerdict | None = None
    is_declared: bool = False

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def actual(self) -> Decimal | None:
        return self.figure.value if self.figure else None

    @property
    def data_value(self) -> DataValue | None:
        return self.figure.data_value if self.figure else None

    @property
    def source(self) -> str:
        if self.figure is not None:
            return self.figure.source
        return self.declared.source if self.declared else ""


LAGGING_OUTLOOKS = (
    OutlookCode.ACCELERATION_NEEDED,
    OutlookCode.LIMITED_PROGRESS,
    OutlookCode.DETERIORATION,
    OutlookCode.STAGNATION,
)


@dataclass(frozen=True)
class Breakdown:
    """Counts by status and by outlook for one group of indicators (a field, a lead unit)."""

    key: str
    label: str
    total: int
    by_status: dict[Status, int]
    by_outlook: dict[OutlookCode, int]

    @property
    def not_achieved(self) -> int:
        return self.by_status.get(Status.NOT_ACHIEVED, 0)

    @property
    def lagging(self) -> int:
        """Indicators whose outlook asks for action: acceleration needed, limited progress or worse."""
        return sum(self.by_outlook.get(code, 0) for code in LAGGING_OUTLOOKS)


@dataclass
class ProgramEvaluation:
    program: Program
    year: int
    rows: list[IndicatorEvaluation]
    summary: Summary
    declared_summaries: list[DeclaredSummary] = field(default_factory=list)

    @property
    def is_partial(self) -> bool:
        declared = self.program.indicator_count_declared
        return declared is not None and len(self.rows) < declared

    @property
    def outlook_counts(self) -> dict[OutlookCode, int]:
        counts = Counter(row.outlook.code for row in self.rows if row.outlook is not None)
        return {code: counts[code] for code in OutlookCode if counts[code]}

    def breakdown(self, by: str) -> list[Breakdown]:
        """Counts per field (``by="field"``) or per lead unit (``by="lead"``), the group with the most
        indicators not achieved first: "which department has most indicators not achieved"."""
        groups: dict[str, list[IndicatorEvaluation]] = defaultdict(list)
        labels: dict[str, str] = {}
        for row in self.rows:
            if by == "field":
                key = label = row.indicator.field or "—"
            else:
                lead = row.indicator.lead_unit
                key = lead.code if lead else ""
                label = (lead.short_name or lead.name) if lead else "Chưa giao đơn vị chủ trì"
            groups[key].append(row)
            labels[key] = label
        result = [
            Breakdown(
                key=key,
                label=labels[key],
                total=len(rows),
                by_status=dict(Counter(row.status for row in rows)),
                by_outlook=dict(Counter(row.outlook.code for row in rows if row.outlook is not None)),
            )
            for key, rows in groups.items()
        ]
        return sorted(result, key=lambda group: (-group.not_achieved, -group.total, group.label))


class ProgramFigures:
    """The yearly figures of a programme, answering "the figure of indicator I in year Y" by the order of
    precedence in the module notes. The programme unit's and the lead units' own figures are read once (a
    few rows); a roll-up is read from the maintained totals (``reporting.ApprovedTotal``, one row per
    indicator and year) — the same units that count as the raw roll-up of :func:`explain_rollup`, which
    stays the reference (tests hold them equal) and answers where sums do not: a weighted mean, and a year
    in which units that ended inside it reported (their figures are carried through the successions)."""

    def __init__(self, program: Program):
        self.program = program
        owner = program.owner_unit_id
        leads = set(program.indicators.exclude(lead_unit=None).values_list("lead_unit_id", flat=True))
        rows = DataValue.objects.filter(
            report__period__program=program,
            report__period__kind=PeriodKind.YEAR,
            report__status=ReportStatus.APPROVED,
            report__unit_id__in={owner, *leads},
            disaggregation="",
        ).values_list("pk", "indicator_id", "report__period__year", "report__unit_id")
        self.own: dict[tuple[int, int, int], int] = {
            (indicator_id, year, unit_id): pk for pk, indicator_id, year, unit_id in rows
        }
        self.totals: dict[tuple[int, int], Sums] = {
            (indicator_id, year): Sums(value_sum, value_count, numerator_sum, denominator_sum, parts_count)
            for indicator_id, year, value_sum, value_count, numerator_sum, denominator_sum, parts_count in (
                ApprovedTotal.objects.filter(
                    period__program=program, period__kind=PeriodKind.YEAR, area_id=owner, disaggregation=""
                ).values_list(
                    "indicator_id",
                    "period__year",
                    "value_sum",
                    "value_count",
                    "numerator_sum",
                    "denominator_sum",
                    "parts_count",
                )
            )
        }
        # Indicators a national programme collects from its provinces: their expected units are provinces.
        self._by_province = set(
            Assignment.objects.filter(indicator__program=program, role=AssignmentRole.PROVINCES).values_list(
                "indicator_id", flat=True
            )
        )
        self._expected: dict[tuple[bool, int], int] = {}
        self._carried_years: dict[int, bool] = {}
        self._figures: dict[tuple[int, int], Figure | None] = {}
        # Read once for the programme: building it reads every succession out of an ended department, and the
        # overview asks it for each indicator whose lead unit ended.
        self._holders = OfficeHolders()

    def figure(self, indicator: Indicator, year: int) -> Figure | None:
        # The verdict, the outlook series and a change target's base year all ask for the same figures.
        key = (indicator.pk, year)
        if key not in self._figures:
            self._figures[key] = self._find_figure(indicator, year)
        return self._figures[key]

    def _find_figure(self, indicator: Indicator, year: int) -> Figure | None:
        own = self.own.get((indicator.pk, year, self.program.owner_unit_id))
        if own is not None:
            return _figure_from(_whole(own), "city")
        lead = lead_unit_in_office(indicator, year, self._holders)
        if lead is not None:
            led = self.own.get((indicator.pk, year, lead.pk))
            if led is not None:
                return _figure_from(_whole(led), "lead_unit")
        if indicator.aggregation == Aggregation.NONE:
            return None
        if indicator.aggregation == Aggregation.WEIGHTED_MEAN or self._carries(year):
            return _figure_from_rollup(explain_rollup(indicator, year))
        sums = self.totals.get((indicator.pk, year))
        if sums is None or not (sums.value_count or sums.parts_count):
            return None
        result = summed_up(
            sums,
            aggregation=indicator.aggregation,
            expected=self._expected_count(indicator, year),
            scale=indicator.rate_scale,
        )
        assert result is not None  # sum and ratio decompose into sums
        return _rolled_figure(result.value, result.explanation_vi, result.counted, result.expected)

    def _carries(self, year: int) -> bool:
        """Whether units that ended inside the year's window have approved figures in it: their figures are
        carried to their successors, which sums cannot do."""
        if year not in self._carried_years:
            start, end = year_cutoff(year)
            self._carried_years[year] = Report.objects.filter(
                period__program=self.program,
                period__kind=PeriodKind.YEAR,
                period__year=year,
                status=ReportStatus.APPROVED,
                unit__valid_to__gte=start,
                unit__valid_to__lt=end,
            ).exists()
        return self._carried_years[year]

    def _expected_count(self, indicator: Indicator, year: int) -> int:
        key = (indicator.pk in self._by_province, year)
        if key not in self._expected:
            self._expected[key] = expected_units(self.program, year, by_province=key[0])[0].count()
        return self._expected[key]


def expected_units(program: Program, year: int, *, by_province: bool) -> tuple[QuerySet[OrgUnit], QuerySet[OrgUnit]]:
    """The units a roll-up of ``year`` expects under the programme's unit — its provinces for an indicator
    collected by provinces, else its communes — valid on the last day of the year's cut-off window; and
    those that existed in the window but ended before that day (their figures are carried)."""
    start, end = year_cutoff(year)
    owner = program.owner_unit
    if by_province:
        expected = provinces_of(owner, end)
        level = OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE, parent=owner)
    else:
        expected = communes_of(owner, end)
        level = OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE).filter(
            Q(parent=owner) | Q(parent__parent=owner) | Q(parent__parent__parent=owner)
        )
    return expected, level.filter(valid_to__gte=start, valid_to__lt=end)


def explain_rollup(indicator: Indicator, year: int) -> RolledUp | None:
    """The raw roll-up of one indicator and year for the programme's unit, unit by unit: the approved figures
    of the units that count (:func:`ansinh.rules.rollup.counted_units`, the rule the maintained totals
    keep), with the figures of units that ended inside the year carried to their successors. It names
    every unit counted, missing or excluded: the explanation of a figure, and the reference the maintained
    totals are tested against."""
    program = indicator.program
    aggregation = cast(RollupRule, indicator.aggregation)
    if aggregation == "none":
        return None
    owner = program.owner_unit_id
    rows = DataValue.objects.filter(
        indicator=indicator,
        report__period__program=program,
        report__period__kind=PeriodKind.YEAR,
        report__period__year=year,
        report__status=ReportStatus.APPROVED,
        report__unit__kind__in=TERRITORIAL_KINDS,
        disaggregation="",
    ).values_list("report__unit_id", "value", "numerator", "denominator")
    figures = {
        unit_id: UnitValue(unit_id, value, numerator, denominator)
        for unit_id, value, numerator, denominator in rows
        if has_own_figure(value, numerator, denominator)
    }
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    counted = cast(set[int], counted_units(owner, parents, set(figures)))
    if not counted:
        return None
    by_province = Assignment.objects.filter(indicator=indicator, role=AssignmentRole.PROVINCES).exists()
    expected_qs, ended_qs = expected_units(program, year, by_province=by_province)
    ended = set(ended_qs.values_list("pk", flat=True)) & counted
    expected = set(expected_qs.values_list("pk", flat=True)) | (counted - ended)
    reported = [figures[unit_id] for unit_id in sorted(counted - ended)]
    if ended:
        successions = [
            Succession(s.predecessor_id, s.successor_id, s.share, s.is_default)
            for s in OrgUnitSuccession.objects.filter(predecessor_id__in=ended)
        ]
        carried = carry_through_successions(
            {unit_id: figures[unit_id] for unit_id in ended}, successions, aggregation, scale=indicator.rate_scale
        )
        reported = merge_reported_and_carried(reported, carried, aggregation)
    names = dict(OrgUnit.objects.filter(pk__in=expected | ended).values_list("pk", "name"))
    return rollup(
        reported,
        aggregation=aggregation,
        scale=indicator.rate_scale,
        expected_unit_ids=expected,
        unit_names=names,
    )


def _figure_from_rollup(result: RolledUp | None) -> Figure | None:
    if result is None:
        return None
    counted = len(result.units_counted)
    expected = counted + len(result.units_missing) + len(result.units_excluded)
    return _rolled_figure(result.value, result.explanation_vi, counted, expected, rolled_up=result)


def _rolled_figure(
    value: Decimal | None, source: str, counted: int, expected: int, *, rolled_up: RolledUp | None = None
) -> Figure:
    return Figure(
        value=value,
        achieved=None,
        not_implemented=False,
        source=source,
        origin="rollup",
        rolled_up=rolled_up,
        counted=counted,
        expected=expected,
    )


def lead_unit_in_office(indicator: Indicator, year: int, holders: OfficeHolders) -> OrgUnit | None:
    """The lead unit of ``indicator`` for ``year``: the plan's, or the body that took over its duty for this
    indicator once it ended (Sở LĐTB&XH's poverty indicators went elsewhere on 01/03/2025)."""
    lead = indicator.lead_unit
    if lead is None or lead.valid_to is None:
        return lead
    return holders.holder_of_indicator(lead, year_cutoff(year)[1], indicator)


def _whole(pk: int) -> DataValue:
    return DataValue.objects.select_related("report__period", "report__unit").get(pk=pk)


def _figure_from(value: DataValue, origin: str) -> Figure:
    source = value.source or value.report.source or f"Báo cáo đã duyệt của {value.report.unit.name}"
    return Figure(
        value=value.value,
        achieved=value.achieved,
        not_implemented=value.not_implemented,
        source=source,
        origin=origin,
        data_value=value,
        note=value.note,
        evidence=value.evidence,
    )


def _declared_verdict(declared: DeclaredVerdict, target: TargetRule | None) -> Verdict:
    status = Status(declared.status)
    reason = f" {declared.reason}." if declared.reason else ""
    return Verdict(
        status,
        f"Ban Chỉ đạo công bố: {status.label.lower()}.{reason} Nguồn: {declared.source}.",
        "declared",
        target,
    )


def _end_target(rules: list[TargetRule]) -> TargetRule | None:
    ends = [rule for rule in rules if rule.is_end_target and rule.scope_id is None]
    return max(ends, key=lambda rule: rule.year or 0, default=None)


def _judged(figure: Figure | None, program: Program) -> Figure | None:
    """The figure, unless it is a roll-up of fewer units than the programme's coverage: then nothing to judge."""
    if figure is not None and _thin(figure, program):
        return None
    return figure


def _thin(figure: Figure, program: Program) -> bool:
    return (
        figure.origin == "rollup"
        and figure.counted is not None
        and below_coverage(figure.counted, figure.expected or 0, program.min_coverage)
    )


def _flipped(comparator: str) -> str:
    return {"ge": "le", "le": "ge", "gt": "lt", "lt": "gt"}.get(comparator, comparator)


def indicator_outlook(
    indicator: Indicator, rules: list[TargetRule], figures: ProgramFigures, up_to_year: int
) -> Outlook | None:
    """The outlook to the end target as it looked at the end of ``up_to_year``. A roll-up below the
    programme's coverage is no point of the series."""
    end = _end_target(rules)
    if end is None or end.year is None:
        return None
    program = indicator.program
    series: dict[int, Decimal | None] = {}
    answers: dict[int, bool | None] = {}
    for year in range(program.start_year, min(up_to_year, end.year) + 1):
        figure = _judged(figures.figure(indicator, year), program)
        if figure is not None:
            series[year] = figure.value
            answers[year] = figure.achieved
    value, value_max = end.value, end.value_max
    comparator = end.comparator
    if comparator == "relative":
        base = series.get(end.base_year) if end.base_year else None
        if base is None or end.multiplier is None:
            return None
        value = base * end.multiplier
        comparator = "le" if indicator.direction == "down" else "ge"
    elif end.kind in CHANGE_KINDS:
        # A change since the base year: aim at the level that change reaches in the end year.
        if end.base_year is None or value is None:
            return None
        base_figure = _judged(figures.figure(indicator, end.base_year), program)
        if base_figure is None or base_figure.value is None:
            return None
        wanted = "down" if indicator.direction == "down" else "up"
        years = end.year - end.base_year
        levels = [
            level_of_change(end.kind, end.unit, wanted, size, base_figure.value, years) if size is not None else None
            for size in (value, value_max)
        ]
        if levels[0] is None:
            return None
        value, value_max = levels
        if wanted == "down":
            comparator = _flipped(comparator)
            if comparator == "between" and value_max is not None:
                value, value_max = value_max, value
    return outlook_for_target(
        series,
        comparator=comparator,
        value=value,
        value_max=value_max,
        target_year=end.year,
        direction=indicator.direction,
        method=cast(Method, program.outlook_method),
        tolerance=program.approx_tolerance,
        is_percent=indicator.value_type == ValueType.PERCENT,
        answers=answers,
    )


def evaluate_indicator(
    indicator: Indicator,
    year: int,
    *,
    rules: list[TargetRule],
    figures: ProgramFigures,
    declared: DeclaredVerdict | None,
) -> IndicatorEvaluation:
    program = indicator.program
    target = choose_target(rules, year)
    figure = figures.figure(indicator, year)
    outlook = indicator_outlook(indicator, rules, figures, year)
    if declared is not None and declared.status == Status.NOT_ASSESSED:
        verdict = _declared_verdict(declared, target)
        return IndicatorEvaluation(indicator, year, target, figure, verdict, None, declared, True)
    base_value = None
    if target is not None and target.base_year is not None:
        base = _judged(figures.figure(indicator, target.base_year), program)
        base_value = base.value if base is not None else None
    if figure is not None and _thin(figure, program):
        # One commune of 126 must not decide the city's verdict: say how much is in instead.
        sentence = coverage_sentence(figure.counted or 0, figure.expected or 0, program.min_coverage)
        computed = Verdict(Status.NO_DATA, sentence, "below_coverage", target)
    else:
        observation = figure.observation if figure is not None else None
        path_base = None
        if is_path_year(target, year):
            series = {}
            for earlier in range(program.start_year - 1, year):
                found = _judged(figures.figure(indicator, earlier), program)
                series[earlier] = found.value if found is not None else None
            path_base = choose_path_base(indicator.recorded_path_base, series, year, program.start_year - 1)
        computed = judge(
            target,
            indicator.direction,
            observation,
            tolerance=program.approx_tolerance,
            base_value=base_value,
            year=year,
            path_base=path_base,
        )
    if declared is not None and computed.status == Status.NO_DATA:
        verdict = _declared_verdict(declared, target)
        return IndicatorEvaluation(indicator, year, target, figure, verdict, outlook, declared, True)
    notes = []
    if figure is not None and figure.origin == "rollup":
        notes.append(figure.source)
    elif figure is not None and figure.origin == "lead_unit":
        notes.append(f"Số liệu của đơn vị chủ trì ({figure.data_value.report.unit.name}).")  # type: ignore[union-attr]
    if declared is not None and Status(declared.status) != computed.status:
        notes.append(f"(Ban Chỉ đạo công bố: {Status(declared.status).label.lower()}.)")
    if notes:
        computed = replace(computed, explanation=" ".join([computed.explanation, *notes]))
    return IndicatorEvaluation(indicator, year, target, figure, computed, outlook, declared, False)


def _rules_by_indicator(program: Program) -> dict[int, list[TargetRule]]:
    rules: dict[int, list[TargetRule]] = defaultdict(list)
    for target in Target.objects.filter(indicator__program=program, scope__isnull=True).select_related("indicator"):
        rules[target.indicator_id].append(target.as_rule())
    return rules


def evaluate_program(program: Program, year: int) -> ProgramEvaluation:
    indicators = list(
        program.indicators.filter(is_group=False).select_related("lead_unit", "parent", "program").order_by("sort_key")
    )
    rules = _rules_by_indicator(program)
    figures = ProgramFigures(program)
    declared = {d.indicator_id: d for d in DeclaredVerdict.objects.filter(indicator__program=program, year=year)}
    rows = [
        evaluate_indicator(
            indicator, year, rules=rules[indicator.pk], figures=figures, declared=declared.get(indicator.pk)
        )
        for indicator in indicators
    ]
    return ProgramEvaluation(
        program=program,
        year=year,
        rows=rows,
        summary=summarize((row.status for row in rows), sum(row.verdict.unjudged_figure for row in rows)),
        declared_summaries=list(DeclaredSummary.objects.filter(program=program, year=year)),
    )


def indicator_history(indicator: Indicator) -> list[IndicatorEvaluation]:
    """The indicator judged for every year of its programme."""
    program = indicator.program
    rules = [t.as_rule() for t in indicator.targets.filter(scope__isnull=True)]
    figures = ProgramFigures(program)
    declared = {d.year: d for d in indicator.declared_verdicts.all()}
    return [
        evaluate_indicator(indicator, year, rules=rules, figures=figures, declared=declared.get(year))
        for year in program.years
    ]


def unit_figures(indicator: Indicator, year: int) -> list[DataValue]:
    """The approved figures of every unit for one indicator and year, for the indicator page."""
    return list(
        DataValue.objects.filter(
            indicator=indicator,
            report__period__kind=PeriodKind.YEAR,
            report__period__year=year,
            report__status=ReportStatus.APPROVED,
            disaggregation="",
        )
        .select_related("report__unit")
        .order_by("report__unit__name")
    )


# The indicator page lists the units' figures this many at a time: a national indicator has thousands.
UNITS_PER_PAGE = 50


@dataclass(frozen=True)
class UnitFigure:
    """One unit's approved figure on the indicator page, and whether the programme's figure is made of it: the
    programme unit's own figure, else the lead unit's, else the units that count in the roll-up
    (:func:`ansinh.rules.rollup.counted_units`) — a commune under a city that reported itself is not."""

    data_value: DataValue
    counts: bool


def unit_figures_page(
    indicator: Indicator, year: int, *, kind: str = "", search: str = "", page: int | str = 1
) -> Page:
    """One page of the units' approved figures for ``indicator`` and ``year`` (:data:`UNITS_PER_PAGE` a page),
    of one kind of unit and whose name or code holds ``search`` when given; each marked with whether it
    counts in the roll-up, which explains the programme's figure unit by unit."""
    values = DataValue.objects.filter(
        indicator=indicator,
        report__period__program=indicator.program,
        report__period__kind=PeriodKind.YEAR,
        report__period__year=year,
        report__status=ReportStatus.APPROVED,
        disaggregation="",
    )
    listed = values.select_related("report__unit").order_by("report__unit__name", "pk")
    if kind:
        listed = listed.filter(report__unit__kind=kind)
    if search:
        listed = listed.filter(Q(report__unit__name__icontains=search) | Q(report__unit__code__icontains=search))
    shown = Paginator(listed, UNITS_PER_PAGE).get_page(page)
    owner = indicator.program.owner_unit_id
    listed_ids = {value.report.unit_id for value in shown.object_list}
    # Whether a unit counts depends only on the units above it: read the page's units, their ancestors, the
    # programme's and the lead unit's figures — not every unit of a national indicator.
    parents: dict[int, int | None] = {value.report.unit_id: value.report.unit.parent_id for value in shown.object_list}
    frontier = {parent for parent in parents.values() if parent is not None}
    while frontier:
        found = dict(OrgUnit.objects.filter(pk__in=frontier).values_list("pk", "parent_id"))
        parents.update(found)
        frontier = {parent for parent in found.values() if parent is not None and parent not in parents}
    reporters = {
        unit_id
        for unit_id, value, numerator, denominator in values.filter(
            report__unit_id__in={*parents, owner, indicator.lead_unit_id} - {None}
        ).values_list("report__unit_id", "value", "numerator", "denominator")
        if has_own_figure(value, numerator, denominator)
    }
    # The units the programme's figure is made of, in the order of precedence of ProgramFigures.
    making: Collection[int]
    if owner in reporters:
        making = {owner}
    elif indicator.lead_unit_id in reporters:
        making = {indicator.lead_unit_id}
    else:
        territorial = set(
            OrgUnit.objects.filter(pk__in=reporters, kind__in=TERRITORIAL_KINDS).values_list("pk", flat=True)
        )
        making = cast(frozenset[int], counted_units(owner, parents, territorial)) & listed_ids
    marked = [UnitFigure(value, value.report.unit_id in making) for value in shown.object_list]
    return Page(marked, shown.number, shown.paginator)


def area_figures(indicator: Indicator, year: int, area_ids: Collection[int]) -> dict[int, Decimal | None]:
    """Each area's figure for one indicator and year, as the programme's own figure is found: the area's own
    approved figure, else the roll-up of the units that count under it, read from the maintained totals (by the
    indicator's aggregation; None where sums cannot give it). One figure per area, whatever the units under it."""
    ids = list(area_ids)
    own = {
        unit_id: value
        for unit_id, value in DataValue.objects.filter(
            indicator=indicator,
            report__period__program=indicator.program,
            report__period__kind=PeriodKind.YEAR,
            report__period__year=year,
            report__status=ReportStatus.APPROVED,
            report__unit_id__in=ids,
            disaggregation="",
            value__isnull=False,
        ).values_list("report__unit_id", "value")
    }
    figures: dict[int, Decimal | None] = {}
    for area_id, value_sum, value_count, numerator_sum, denominator_sum, parts_count in ApprovedTotal.objects.filter(
        indicator=indicator,
        period__program=indicator.program,
        period__kind=PeriodKind.YEAR,
        period__year=year,
        area_id__in=ids,
        disaggregation="",
    ).values_list("area_id", "value_sum", "value_count", "numerator_sum", "denominator_sum", "parts_count"):
        sums = Sums(value_sum, value_count, numerator_sum, denominator_sum, parts_count)
        figures[area_id] = figure_from_sums(sums, aggregation=indicator.aggregation, scale=indicator.rate_scale)
    figures.update(own)
    return figures


def declarations_of(program: Program) -> tuple[list[DeclaredVerdict], list[DeclaredSummary]]:
    """The committee's declared verdicts and summary sentences of the programme, newest year first."""
    verdicts = list(
        DeclaredVerdict.objects.filter(indicator__program=program)
        .select_related("indicator")
        .order_by("-year", "indicator__sort_key")
    )
    summaries = list(DeclaredSummary.objects.filter(program=program).order_by("-year", "pk"))
    return verdicts, summaries
