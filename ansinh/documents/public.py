"""The public results page of a published programme: the scorecard of a year, each indicator's yearly figures
against its target line, and the map; approved figures and the committee's published results only (what
``evaluate_program`` reads), never a draft or a report waiting for approval."""

from dataclasses import dataclass

from ansinh.documents.dashboard import ScoreRow
from ansinh.evaluation.selectors import ProgramEvaluation, evaluate_program
from ansinh.programs.models import Program
from ansinh.reporting.selectors import latest_reported_year
from ansinh.rules.trend import trend


@dataclass(frozen=True)
class PublicResults:
    evaluation: ProgramEvaluation
    rows: list[ScoreRow]
    charts: list[dict]


def _number(value) -> float | None:
    return None if value is None else float(value)


def public_results(program: Program, year: int) -> PublicResults:
    last = max(year, latest_reported_year(program))
    evaluations = {y: evaluate_program(program, y) for y in range(program.start_year, last + 1)}
    evaluation = evaluations[year]
    before = {row.indicator.pk: row.actual for row in evaluations[year - 1].rows} if year - 1 in evaluations else {}
    rows = [
        ScoreRow(row, trend(before.get(row.indicator.pk), row.actual, row.indicator.direction))
        for row in evaluation.rows
    ]
    years = sorted(evaluations)
    charts = []
    for index, row in enumerate(evaluation.rows):
        per_year = [evaluations[y].rows[index] for y in years]
        values = [_number(item.actual) for item in per_year]
        if not any(value is not None for value in values):
            continue  # nothing to draw: the scorecard says why (declared, no data)
        charts.append(
            {
                "code": row.indicator.code,
                "name": row.indicator.name,
                "unit": row.indicator.unit,
                "years": [str(y) for y in years],
                "values": values,
                "targets": [_number(item.target.value) if item.target else None for item in per_year],
            }
        )
    return PublicResults(evaluation, rows, charts)
