"""Reads that judge a programme: gather targets, approved figures and the committee's declarations,
then apply the pure rules (verdicts, outlook, roll-up).

Where a programme's figure for a year comes from, in order: the programme unit's own approved report
(the city); else the approved report of the indicator's lead department, which reports for the whole
city; else, for an indicator with an aggregation rule, the roll-up of the approved reports of the
communes valid in the period, with the figures of communes that ended inside the period (the
1/7/2025 reform) carried to their successors and marked as estimated."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.db.models import Q

from ansinh.evaluation.models import DeclaredSummary, DeclaredVerdict
from ansinh.org.models import OrgUnit, OrgUnitKind, OrgUnitSuccession
from ansinh.programs.models import Aggregation, Indicator, Program, Target, ValueType
from ansinh.reporting.models import Assignment, AssignmentRole, DataValue, PeriodKind, ReportStatus
from ansinh.rules.outlook import Method, Outlook, OutlookCode, outlook_for_target
from ansinh.rules.periods import year_cutoff
from ansinh.rules.rollup import Aggregation as RollupRule
from ansinh.rules.rollup import (
    RolledUp,
    Succession,
    UnitValue,
    carry_through_successions,
    merge_reported_and_carried,
    rollup,
)
from ansinh.rules.verdicts import (
    Observation,
    Status,
    Summary,
    TargetRule,
    Verdict,
    choose_path_base,
    choose_target,
    is_path_year,
    judge,
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
    """Every approved yearly figure of a programme, read once, answering "the figure of indicator I
    in year Y" by the order of precedence in the module notes."""

    def __init__(self, program: Program):
        self.program = program
        # Plain rows, not model instances: a national programme has hundreds of thousands of yearly figures,
        # and only the few that are a city's or a lead unit's own figure are read whole (``_whole``).
        rows = DataValue.objects.filter(
            report__period__program=program,
            report__period__kind=PeriodKind.YEAR,
            report__status=ReportStatus.APPROVED,
            disaggregation="",
        ).values_list(
            "pk", "indicator_id", "report__period__year", "report__unit_id", "value", "numerator", "denominator"
        )
        self.by_unit: dict[tuple[int, int, int], tuple[int, UnitValue]] = {}
        self.units_reporting: dict[tuple[int, int], set[int]] = defaultdict(set)
        for pk, indicator_id, year, unit_id, value, numerator, denominator in rows.order_by("pk"):
            self.by_unit[(indicator_id, year, unit_id)] = (pk, UnitValue(unit_id, value, numerator, denominator))
            self.units_reporting[(indicator_id, year)].add(unit_id)
        # Indicators a national programme collects from its provinces: rolled up over provinces, not communes.
        self._by_province = set(
            Assignment.objects.filter(indicator__program=program, role=AssignmentRole.PROVINCES).values_list(
                "indicator_id", flat=True
            )
        )
        self._communes: dict[int, tuple[set[int], set[int]]] = {}
        self._provinces: dict[int, tuple[set[int], set[int]]] = {}
        self._figures: dict[tuple[int, int], Figure | None] = {}
        self._names: dict[int, dict[int, str]] = {}

    def figure(self, indicator: Indicator, year: int) -> Figure | None:
        # The verdict, the outlook series and a relative target's base year all ask for the same
        # figures; a roll-up reads the database, so each is computed once.
        key = (indicator.pk, year)
        if key not in self._figures:
            self._figures[key] = self._find_figure(indicator, year)
        return self._figures[key]

    def _find_figure(self, indicator: Indicator, year: int) -> Figure | None:
        own = self.by_unit.get((indicator.pk, year, self.program.owner_unit_id))
        if own is not None:
            return _figure_from(_whole(own[0]), "city")
        if indicator.lead_unit_id is not None:
            led = self.by_unit.get((indicator.pk, year, indicator.lead_unit_id))
            if led is not None:
                return _figure_from(_whole(led[0]), "lead_unit")
        if indicator.aggregation != Aggregation.NONE:
            return self._rolled_up(indicator, year)
        return None

    def _rolled_up(self, indicator: Indicator, year: int) -> Figure | None:
        aggregation = cast(RollupRule, indicator.aggregation)
        reporting = self.units_reporting.get((indicator.pk, year), set())
        if not reporting:
            return None
        if indicator.pk in self._by_province:
            expected, ended = self._provinces_of_period(year)
        else:
            expected, ended = self._communes_of_period(year)
        if not reporting & (expected | ended):
            return None
        reported = [self._unit_value(indicator, year, unit_id) for unit_id in sorted(reporting & expected)]
        carried_from = {unit_id: self._unit_value(indicator, year, unit_id) for unit_id in reporting & ended}
        if carried_from:
            successions = [
                Succession(s.predecessor_id, s.successor_id, s.share, s.is_default)
                for s in OrgUnitSuccession.objects.filter(predecessor_id__in=carried_from)
            ]
            carried = carry_through_successions(carried_from, successions, aggregation, scale=indicator.rate_scale)
            reported = merge_reported_and_carried(reported, carried, aggregation)
        names = self._unit_names(year) if indicator.pk not in self._by_province else self._province_names(year)
        result = rollup(
            reported,
            aggregation=aggregation,
            scale=indicator.rate_scale,
            expected_unit_ids=expected,
            unit_names=names,
        )
        return Figure(
            value=result.value,
            achieved=None,
            not_implemented=False,
            source=result.explanation_vi,
            origin="rollup",
            rolled_up=result,
        )

    def _unit_value(self, indicator: Indicator, year: int, unit_id: int) -> UnitValue:
        return self.by_unit[(indicator.pk, year, unit_id)][1]

    def _unit_names(self, year: int) -> dict[int, str]:
        if year not in self._names:
            expected, ended = self._communes_of_period(year)
            self._names[year] = dict(OrgUnit.objects.filter(pk__in=expected | ended).values_list("pk", "name"))
        return self._names[year]

    def _province_names(self, year: int) -> dict[int, str]:
        expected, ended = self._provinces_of_period(year)
        return dict(OrgUnit.objects.filter(pk__in=expected | ended).values_list("pk", "name"))

    def _provinces_of_period(self, year: int) -> tuple[set[int], set[int]]:
        """Provinces of the country valid on the last day of the year's cut-off window, and those that ended
        within the window (merged into the new provinces of 1/7/2025)."""
        if year not in self._provinces:
            start, end = year_cutoff(year)
            provinces = OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE, parent=self.program.owner_unit)
            expected = provinces.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=end)
            )
            ended = provinces.filter(valid_to__gte=start, valid_to__lt=end)
            self._provinces[year] = (
                set(expected.values_list("pk", flat=True)),
                set(ended.values_list("pk", flat=True)),
            )
        return self._provinces[year]

    def _communes_of_period(self, year: int) -> tuple[set[int], set[int]]:
        """Communes of the programme's unit valid on the last day of the year's cut-off window, and those
        that existed in the window but ended before its last day (their figures are carried)."""
        if year not in self._communes:
            start, end = year_cutoff(year)
            city = self.program.owner_unit
            communes = OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE).filter(Q(parent=city) | Q(parent__parent=city))
            expected = communes.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=end)
            )
            ended = communes.filter(valid_to__gte=start, valid_to__lt=end)
            self._communes[year] = (
                set(expected.values_list("pk", flat=True)),
                set(ended.values_list("pk", flat=True)),
            )
        return self._communes[year]


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


def indicator_outlook(
    indicator: Indicator, rules: list[TargetRule], figures: ProgramFigures, up_to_year: int
) -> Outlook | None:
    """The outlook to the end target as it looked at the end of ``up_to_year``."""
    end = _end_target(rules)
    if end is None or end.year is None:
        return None
    program = indicator.program
    series: dict[int, Decimal | None] = {}
    answers: dict[int, bool | None] = {}
    for year in range(program.start_year, min(up_to_year, end.year) + 1):
        figure = figures.figure(indicator, year)
        if figure is not None:
            series[year] = figure.value
            answers[year] = figure.achieved
    value = end.value
    comparator = end.comparator
    if comparator == "relative":
        base = series.get(end.base_year) if end.base_year else None
        if base is None or end.multiplier is None:
            return None
        value = base * end.multiplier
        comparator = "le" if indicator.direction == "down" else "ge"
    return outlook_for_target(
        series,
        comparator=comparator,
        value=value,
        value_max=end.value_max,
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
        base = figures.figure(indicator, target.base_year)
        base_value = base.value if base is not None else None
    observation = figure.observation if figure is not None else None
    path_base = None
    if is_path_year(target, year):
        series = {}
        for earlier in range(program.start_year - 1, year):
            found = figures.figure(indicator, earlier)
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
        computed = Verdict(computed.status, " ".join([computed.explanation, *notes]), computed.rule, computed.target)
    return IndicatorEvaluation(indicator, year, target, figure, computed, outlook, declared, False)


def _rules_by_indicator(program: Program) -> dict[int, list[TargetRule]]:
    rules: dict[int, list[TargetRule]] = defaultdict(list)
    for target in Target.objects.filter(indicator__program=program, scope__isnull=True):
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
        summary=summarize(row.status for row in rows),
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
