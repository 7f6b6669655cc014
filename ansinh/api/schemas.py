from decimal import Decimal
from typing import Annotated

from ninja import Path, Schema
from pydantic import StringConstraints

# PostgreSQL text cannot hold the NUL character: every string the API takes says so in its schema, so
# a client (or a fuzzer) learns it from the contract instead of from a server error.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
ProgramSlug = Annotated[str, Path(pattern=r"^[-a-z0-9_]+$", max_length=50)]


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


class OutlookOut(Schema):
    code: str
    label: str
    method: str
    rule: str
    explanation: str
    base_year: int | None
    base_value: float | None
    current_year: int | None
    current_value: float | None
    target_year: int | None
    target_value: float | None
    observed_growth: float | None
    required_growth: float | None
    ratio: float | None
    projected_end_value: float | None


class IndicatorEvaluationOut(Schema):
    code: str
    name: str
    field: str
    unit: str
    lead_unit: str | None
    target_phrase: str | None
    target_year: int | None
    actual_value: Decimal | None
    # The figure as the pages write it, rounded by the indicator's precision: "0,102%".
    actual_text: str
    status: str
    status_label: str
    explanation: str
    is_declared: bool
    source: str
    figure_origin: str | None
    is_estimated: bool
    outlook: OutlookOut | None


class SummaryOut(Schema):
    counts: dict[str, int]
    outlook_counts: dict[str, int]
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
    # By cell (reporting), by row of a file (exchange), or one Vietnamese line a problem (stewardship: "Dòng 2: …").
    errors: dict[str, str] | list[dict] | list[str] | None = None
