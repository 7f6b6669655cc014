"""A programme's stewardship through the API: its budget (lines and roll-ups), its reviews (sơ kết, tổng kết)
with every difference from today or from another review, a year's emulation (scores with their parts, ranking,
reward proposals). Same access rules and selectors as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema

from ansinh.accounts.rules import (
    can_edit_report,
    can_view_budget,
    can_view_emulation,
    can_view_report,
    can_view_reviews,
)
from ansinh.api.schemas import ErrorOut, ProgramSlug, Text
from ansinh.followups.selectors import task_reference, tasks_by_reference
from ansinh.gates import program_checked, report_checked, review_checked
from ansinh.org.models import OrgUnit
from ansinh.reporting.models import Report
from ansinh.rules.budget import LARGEST_AMOUNT, Amounts, format_money, format_rate
from ansinh.rules.emulation import round_score
from ansinh.rules.reviews import disagreements
from ansinh.stewardship.models import BudgetLine, BudgetSource, Review
from ansinh.stewardship.selectors import (
    DEFAULT_THRESHOLD,
    BudgetFilters,
    RollupRow,
    budget_lines_visible_to,
    budget_summary,
    emulation_scores,
    filter_budget,
    proposals_of,
    report_budget_lines,
    review_comparison,
    reviews_of,
    topic_of,
)
from ansinh.stewardship.services.budget import ReportBudgetRow, save_report_budget
from ansinh.stewardship.services.errors import StewardshipError

router = Router(tags=["Kinh phí, thi đua khen thưởng, sơ kết và tổng kết"])

READ_ERRORS = {403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Year = Annotated[int, Path(ge=1900, le=2200)]
ObjectId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class AmountsOut(Schema):
    """Amounts in đồng (null: not reported), and the same written the Vietnamese way."""

    estimate: int | None
    allocated: int | None
    disbursed: int | None
    settled: int | None
    allocated_text: str
    disbursed_text: str


def _amounts(amounts: Amounts) -> AmountsOut:
    def whole(value: Decimal | None) -> int | None:
        return None if value is None else int(value)

    return AmountsOut(
        estimate=whole(amounts.estimate),
        allocated=whole(amounts.allocated),
        disbursed=whole(amounts.disbursed),
        settled=whole(amounts.settled),
        allocated_text=format_money(amounts.allocated),
        disbursed_text=format_money(amounts.disbursed),
    )


class BudgetLineOut(Schema):
    id: int
    unit_code: str | None
    unit_name: str | None
    year: int
    to_year: int | None
    source: str
    source_label: str
    task_code: str | None
    field: str
    amounts: AmountsOut
    disbursement_rate: float | None
    note: str
    phrase: str = Field(description="Số liệu như nguồn công bố ghi, ví dụ “hơn 20.990 tỷ đồng”.")
    citation: str
    is_illustrative: bool


class RollupOut(Schema):
    key: str
    label: str
    lines: int
    amounts: AmountsOut
    disbursement_rate: float | None
    disbursement_rate_text: str
    below_threshold: bool


class BudgetOut(Schema):
    program: str
    threshold: float
    programme_level: list[BudgetLineOut]
    lines: list[BudgetLineOut]
    by_unit: list[RollupOut]
    by_source: list[RollupOut]
    by_field: list[RollupOut]
    by_year: list[RollupOut]
    total: RollupOut | None


class BudgetQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2200)
    unit: str | None = Field(None, max_length=64, pattern=r"^[-A-Za-z0-9_.]*$")
    source: BudgetSource | None = None
    threshold: float | None = Field(None, ge=0, le=100, description="Ngưỡng tỷ lệ giải ngân (%), mặc định 80.")


def _rate(value: Decimal | None) -> float | None:
    return None if value is None else float(round(value, 2))


def _line(line: BudgetLine) -> BudgetLineOut:
    return BudgetLineOut(
        id=line.pk,
        unit_code=line.unit.code if line.unit else None,
        unit_name=line.unit.name if line.unit else None,
        year=line.year,
        to_year=line.to_year,
        source=line.source,
        source_label=line.get_source_display(),
        task_code=task_reference(line.task) if line.task else None,
        field=line.field,
        amounts=_amounts(line.amounts),
        disbursement_rate=_rate(line.rate),
        note=line.note,
        phrase=line.phrase,
        citation=line.citation,
        is_illustrative=line.is_illustrative,
    )


def _rollup(row: RollupRow) -> RollupOut:
    return RollupOut(
        key=row.key,
        label=row.label,
        lines=row.lines,
        amounts=_amounts(row.amounts),
        disbursement_rate=_rate(row.rate),
        disbursement_rate_text=format_rate(row.rate),
        below_threshold=row.below,
    )


@router.get(
    "/programs/{slug}/budget", response={200: BudgetOut, **READ_ERRORS}, summary="Kinh phí: các dòng và tổng hợp"
)
def program_budget(request: HttpRequest, slug: ProgramSlug, filters: Query[BudgetQuery]):
    program = program_checked(request, slug, can_view_budget, "xem kinh phí qua API")
    unit = OrgUnit.objects.filter(code=filters.unit).first() if filters.unit else None
    lines = filter_budget(
        budget_lines_visible_to(request.user, program),
        BudgetFilters(
            year=filters.year, unit_id=unit.pk if unit else (-1 if filters.unit else None), source=filters.source or ""
        ),
    ).order_by("year", "unit__name", "source", "pk")
    threshold = Decimal(str(filters.threshold)) if filters.threshold is not None else DEFAULT_THRESHOLD
    summary = budget_summary(lines, threshold)
    return BudgetOut(
        program=str(program),
        threshold=float(threshold),
        programme_level=[_line(line) for line in summary.programme_level],
        lines=[_line(line) for line in summary.lines if line.unit_id is not None],
        by_unit=[_rollup(row) for row in summary.by_unit],
        by_source=[_rollup(row) for row in summary.by_source],
        by_field=[_rollup(row) for row in summary.by_field],
        by_year=[_rollup(row) for row in summary.by_year],
        total=_rollup(summary.total) if summary.total else None,
    )


# -- A unit's budget inside its periodic report (the page's section, the same service) ------------------------


class ReportBudgetOut(Schema):
    report: int
    status: str
    version: int = Field(description="Phiên bản của báo cáo; gửi lại khi ghi để không ghi đè thay đổi mới hơn.")
    year: int
    lines: list[BudgetLineOut]


Dong = Annotated[int | None, Field(None, ge=0, lt=int(LARGEST_AMOUNT), description="Đồng; để trống: chưa báo cáo.")]


class ReportBudgetLineIn(Schema):
    source: BudgetSource
    task: Annotated[str, Field(max_length=64, pattern=r"^[-A-Za-z0-9_./]+$")] | None = Field(
        None, description="Mã nhiệm vụ của chương trình, nếu có."
    )
    estimate: Dong = None
    allocated: Dong = None
    disbursed: Dong = None
    settled: Dong = None
    note: Annotated[Text, Field(max_length=2000)] = ""


class ReportBudgetIn(Schema):
    version: int | None = Field(None, ge=0, le=2**31 - 1)
    lines: list[ReportBudgetLineIn] = Field(
        max_length=200, description="Toàn bộ kinh phí của báo cáo: dòng không có thì bỏ."
    )


class ReportBudgetSaveOut(Schema):
    changed: int
    version: int


def _dong(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _report_budget(report: Report) -> ReportBudgetOut:
    return ReportBudgetOut(
        report=report.pk,
        status=report.status,
        version=report.version,
        year=report.period.year,
        lines=[_line(line) for line in report_budget_lines(report).select_related("unit")],
    )


@router.get(
    "/reports/{report_id}/budget",
    response={200: ReportBudgetOut, **READ_ERRORS},
    summary="Kinh phí đơn vị ghi trong báo cáo",
)
def report_budget(request: HttpRequest, report_id: ObjectId):
    return _report_budget(report_checked(request, report_id, can_view_report, "xem kinh phí của báo cáo qua API"))


@router.put(
    "/reports/{report_id}/budget",
    response={200: ReportBudgetSaveOut, **WRITE_ERRORS},
    summary="Ghi kinh phí trong báo cáo: toàn bộ hoặc không gì cả, khoá cùng báo cáo",
)
def put_report_budget(request: HttpRequest, report_id: ObjectId, body: ReportBudgetIn):
    report = report_checked(request, report_id, can_edit_report, "ghi kinh phí trong báo cáo qua API")
    codes = {line.task for line in body.lines if line.task}
    tasks = tasks_by_reference(report.period.program, codes)
    unknown = sorted(codes - set(tasks))
    if unknown:
        raise StewardshipError(
            f"Chương trình không có nhiệm vụ mã: {', '.join(unknown)}.", code="unknown_task", errors=unknown
        )
    rows = [
        (
            number,
            ReportBudgetRow(
                line.source,
                tasks.get(line.task) if line.task else None,
                estimate=_dong(line.estimate),
                allocated=_dong(line.allocated),
                disbursed=_dong(line.disbursed),
                settled=_dong(line.settled),
                note=line.note,
            ),
        )
        for number, line in enumerate(body.lines, start=1)
    ]
    changed = save_report_budget(report, rows, actor=request.user, expected_version=body.version)
    return ReportBudgetSaveOut(changed=changed, version=report.version)


# -- Reviews ---------------------------------------------------------------------------------------------------


class DisagreementOut(Schema):
    indicator: str
    year: int
    computed: str | None
    declared: str | None
    source: str | None
    sentence: str


class ReviewOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    year: int = Field(description="Số liệu đến năm.")
    as_of: date = Field(description="Tình hình nhiệm vụ, kiểm tra đến ngày.")
    taken_at: datetime
    note: str
    is_illustrative: bool
    summary: dict[str, str | None]
    disagreements: list[DisagreementOut]


class DifferenceOut(Schema):
    section: str
    key: str
    field: str | None
    kind: str = Field(description="changed, added hoặc removed.")
    before: Any
    after: Any
    sentence: str


class ReviewDetailOut(ReviewOut):
    compared_with: str
    differences: list[DifferenceOut]
    state: dict[str, dict[str, dict[str, Any]]]


def _review(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "kind": review.kind,
        "kind_label": review.get_kind_display(),
        "title": review.title,
        "year": review.year,
        "as_of": review.as_of,
        "taken_at": review.taken_at,
        "note": review.note,
        "is_illustrative": review.is_illustrative,
        "summary": {year: row.get("sentence") for year, row in review.state.get("summary", {}).items()},
        "disagreements": [
            DisagreementOut(
                indicator=d.key,
                year=int(d.year),
                computed=None if d.computed is None else str(d.computed),
                declared=None if d.declared is None else str(d.declared),
                source=None if d.source is None else str(d.source),
                sentence=d.sentence,
            )
            for d in disagreements(review.state)
        ],
    }


@router.get(
    "/programs/{slug}/reviews", response={200: list[ReviewOut], **READ_ERRORS}, summary="Các lần sơ kết, tổng kết"
)
def program_reviews(request: HttpRequest, slug: ProgramSlug):
    program = program_checked(request, slug, can_view_reviews, "xem sơ kết, tổng kết qua API")
    return [ReviewOut(**_review(review)) for review in reviews_of(program)]


class CompareQuery(Schema):
    compare: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Mã một lần sơ kết khác; bỏ trống để so với tình hình hiện nay."
    )


@router.get(
    "/reviews/{review_id}",
    response={200: ReviewDetailOut, **READ_ERRORS},
    summary="Một lần sơ kết, tổng kết: ảnh chụp và mọi khác biệt",
)
def get_review(request: HttpRequest, review_id: ObjectId, query: Query[CompareQuery]):
    review = review_checked(request, review_id, can_view_reviews, "xem sơ kết, tổng kết qua API")
    other = None
    if query.compare is not None:
        other = reviews_of(review.program).filter(pk=query.compare).first()
        if other is None:
            raise Http404
    comparison = review_comparison(review, other)
    return ReviewDetailOut(
        **_review(review),
        compared_with=comparison.described,
        differences=[
            DifferenceOut(
                section=d.section,
                key=d.key,
                field=d.field,
                kind=d.kind,
                before=d.before,
                after=d.after,
                sentence=d.sentence,
            )
            for d in comparison.differences
        ],
        state=review.state,
    )


# -- Emulation and rewards --------------------------------------------------------------------------------------


class CriterionOut(Schema):
    criterion: str
    label: str
    weight: float


class PartOut(Schema):
    criterion: str
    label: str
    weight: float
    applies: bool
    done: float
    due: float
    share: float | None
    points: float | None


class ScoreOut(Schema):
    unit_code: str
    unit_name: str
    group: str
    rank: int | None
    score: float | None = Field(description="Trên 100, làm tròn 2 chữ số.")
    explanation: str
    parts: list[PartOut]


class ProposalOut(Schema):
    id: int
    recipient_kind: str
    unit_code: str
    unit_name: str
    person_name: str
    position: str
    award: str
    award_label: str
    grounds: str
    proposed_by: str
    status: str
    status_label: str
    decision_note: str


class EmulationOut(Schema):
    year: int
    title: str
    description: str
    source: str
    is_illustrative: bool
    criteria: list[CriterionOut]
    scores: list[ScoreOut]
    proposals: list[ProposalOut]


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@router.get(
    "/programs/{slug}/emulation/{year}",
    response={200: EmulationOut, **READ_ERRORS},
    summary="Thi đua một năm: tiêu chí, điểm từng đơn vị với các phần, xếp hạng, đề nghị khen thưởng",
)
def program_emulation(request: HttpRequest, slug: ProgramSlug, year: Year):
    program = program_checked(request, slug, can_view_emulation, "xem thi đua, khen thưởng qua API")
    topic = topic_of(program, year)
    if topic is None:
        raise Http404
    return EmulationOut(
        year=topic.year,
        title=topic.title,
        description=topic.description,
        source=topic.source,
        is_illustrative=topic.is_illustrative,
        criteria=[
            CriterionOut(criterion=c.criterion, label=c.get_criterion_display(), weight=float(c.weight))
            for c in topic.criteria.all()
        ],
        scores=[
            ScoreOut(
                unit_code=s.unit.code,
                unit_name=s.unit.name,
                group=s.group,
                rank=s.rank,
                score=None if s.score.value is None else float(round_score(s.score.value)),
                explanation=s.score.explanation,
                parts=[
                    PartOut(
                        criterion=p.criterion.value,
                        label=p.label,
                        weight=float(p.weight),
                        applies=p.part.applies,
                        done=float(p.part.done),
                        due=float(p.part.due),
                        share=_float(p.part.share),
                        points=_float(p.points),
                    )
                    for p in s.score.parts
                ],
            )
            for s in emulation_scores(topic)
        ],
        proposals=[
            ProposalOut(
                id=p.pk,
                recipient_kind=p.recipient_kind,
                unit_code=p.unit.code,
                unit_name=p.unit.name,
                person_name=p.person_name,
                position=p.position,
                award=p.award,
                award_label=p.get_award_display(),
                grounds=p.grounds,
                proposed_by=p.proposed_by.name,
                status=p.status,
                status_label=p.get_status_display(),
                decision_note=p.decision_note,
            )
            for p in proposals_of(topic)
        ],
    )
