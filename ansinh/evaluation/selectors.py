"""Reads that judge a programme: gather targets, approved figures and the committee's declarations,
then apply the pure verdict rules."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ansinh.evaluation.models import DeclaredSummary, DeclaredVerdict
from ansinh.evaluation.verdicts import (
    Observation,
    Status,
    Summary,
    TargetRule,
    Verdict,
    choose_target,
    judge,
    summarize,
)
from ansinh.programs.models import Indicator, Program, Target
from ansinh.reporting.models import DataValue, PeriodKind, ReportStatus


@dataclass
class IndicatorEvaluation:
    indicator: Indicator
    year: int
    target: TargetRule | None
    observation: Observation | None
    data_value: DataValue | None
    verdict: Verdict
    declared: DeclaredVerdict | None = None
    is_declared: bool = False

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def actual(self) -> Decimal | None:
        return self.observation.value if self.observation else None


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


def target_rule(target: Target) -> TargetRule:
    return TargetRule(
        comparator=target.comparator,
        value=target.value,
        value_max=target.value_max,
        unit=target.unit,
        phrase=target.phrase,
        year=target.year,
        scope_id=target.scope_id,
        is_end_target=target.is_end_target,
        base_year=target.base_year,
        multiplier=target.multiplier,
    )


def approved_city_values(program: Program) -> dict[tuple[int, int], DataValue]:
    """(indicator id, year) → the approved headline figure of the programme's own unit."""
    values = DataValue.objects.filter(
        report__period__program=program,
        report__period__kind=PeriodKind.YEAR,
        report__unit_id=program.owner_unit_id,
        report__status=ReportStatus.APPROVED,
        disaggregation="",
    ).select_related("report__period")
    return {(value.indicator_id, value.report.period.year): value for value in values}


def _observation(value: DataValue | None) -> Observation | None:
    if value is None:
        return None
    return Observation(
        value=value.value, achieved=value.achieved, not_implemented=value.not_implemented, evidence=value.evidence
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


def evaluate_indicator(
    indicator: Indicator,
    year: int,
    *,
    rules: list[TargetRule],
    values: dict[tuple[int, int], DataValue],
    declared: DeclaredVerdict | None,
    tolerance: Decimal,
) -> IndicatorEvaluation:
    target = choose_target(rules, year)
    data_value = values.get((indicator.pk, year))
    observation = _observation(data_value)
    if declared is not None and declared.status == Status.NOT_ASSESSED:
        return IndicatorEvaluation(
            indicator, year, target, observation, data_value, _declared_verdict(declared, target), declared, True
        )
    base_value = None
    if target is not None and target.base_year is not None:
        base = values.get((indicator.pk, target.base_year))
        base_value = base.value if base is not None else None
    computed = judge(target, indicator.direction, observation, tolerance=tolerance, base_value=base_value, year=year)
    if declared is not None and computed.status == Status.NO_DATA:
        return IndicatorEvaluation(
            indicator, year, target, observation, data_value, _declared_verdict(declared, target), declared, True
        )
    if declared is not None and Status(declared.status) != computed.status:
        computed = Verdict(
            computed.status,
            computed.explanation + f" (Ban Chỉ đạo công bố: {Status(declared.status).label.lower()}.)",
            computed.rule,
            computed.target,
        )
    return IndicatorEvaluation(indicator, year, target, observation, data_value, computed, declared, False)


def evaluate_program(program: Program, year: int) -> ProgramEvaluation:
    indicators = list(
        program.indicators.filter(is_group=False).select_related("lead_unit", "parent").order_by("sort_key")
    )
    rules_by_indicator: dict[int, list[TargetRule]] = defaultdict(list)
    for target in Target.objects.filter(indicator__program=program, scope__isnull=True):
        rules_by_indicator[target.indicator_id].append(target_rule(target))
    values = approved_city_values(program)
    declared = {d.indicator_id: d for d in DeclaredVerdict.objects.filter(indicator__program=program, year=year)}
    rows = [
        evaluate_indicator(
            indicator,
            year,
            rules=rules_by_indicator[indicator.pk],
            values=values,
            declared=declared.get(indicator.pk),
            tolerance=program.approx_tolerance,
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
    rules = [target_rule(t) for t in indicator.targets.filter(scope__isnull=True)]
    values = approved_city_values(program)
    declared = {d.year: d for d in indicator.declared_verdicts.all()}
    return [
        evaluate_indicator(
            indicator, year, rules=rules, values=values, declared=declared.get(year), tolerance=program.approx_tolerance
        )
        for year in program.years
    ]
