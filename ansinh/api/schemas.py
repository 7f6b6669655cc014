from decimal import Decimal

from ninja import Schema


class ProgramOut(Schema):
    slug: str
    code: str
    kind: str
    title: str
    issuer: str
    issued_on: str
    start_year: int
    end_year: int
    indicator_count_declared: int | None
    indicator_count_modelled: int
    is_indicator_list_complete: bool
    completeness_note: str


class IndicatorEvaluationOut(Schema):
    code: str
    name: str
    field: str
    unit: str
    lead_unit: str | None
    target_phrase: str | None
    target_year: int | None
    actual_value: Decimal | None
    status: str
    status_label: str
    explanation: str
    is_declared: bool
    source: str


class SummaryOut(Schema):
    counts: dict[str, int]
    assessed: int
    met: int
    sentence: str


class DeclaredSummaryOut(Schema):
    sentence: str
    source: str


class EvaluationOut(Schema):
    program: str
    year: int
    is_indicator_list_complete: bool
    summary: SummaryOut
    declared_summaries: list[DeclaredSummaryOut]
    indicators: list[IndicatorEvaluationOut]


class ErrorOut(Schema):
    code: str
    message: str
