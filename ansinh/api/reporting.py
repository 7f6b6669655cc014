"""The reporting cycle through the API: periods, completeness, reports, their figures, the lifecycle
and every figure's history. Same access rules and the same services as the pages."""

import math
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ansinh.accounts.rules import (
    can_edit_report,
    can_follow_program,
    can_manage_program,
    can_review_report,
    can_submit_report,
    can_view_program,
    can_view_report,
)
from ansinh.api.schemas import ErrorOut, ProgramSlug, Text
from ansinh.audit.services import record
from ansinh.core.numbers import plain_decimal
from ansinh.gates import period_checked, program_checked, report_checked
from ansinh.programs.models import Indicator
from ansinh.reporting.models import DataValue, PeriodKind, Report, ReportingPeriod, ReportStatus
from ansinh.reporting.selectors import (
    approving_unit,
    cell_drafts,
    cell_history,
    completeness,
    report_events,
    report_issues,
    reports_visible_to,
)
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.lifecycle import approve_report, reopen_report, return_report, submit_report
from ansinh.reporting.services.periods import close_period, open_period, reopen_period
from ansinh.reporting.services.values import CellInput, write_values
from ansinh.rules.periods import PeriodKey, dhis2_code

router = Router(tags=["Báo cáo định kỳ"])

READ_ERRORS = {403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class PeriodOut(Schema):
    id: int
    kind: str
    year: int
    number: int
    label: str
    dhis2_period: str
    starts_on: date
    ends_on: date
    deadline: date | None
    is_open: bool


class OpenPeriodIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: PeriodKind
    year: int = Field(..., ge=2000, le=2100)
    number: int = Field(1, ge=1, le=12)


class ReasonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(..., min_length=1, max_length=2000)


class UnitCompletenessOut(Schema):
    unit_code: str
    unit_name: str
    report_id: int | None
    progress: str
    progress_label: str
    submitted_at: datetime | None
    on_time: bool | None
    return_reason: str


class CompletenessOut(Schema):
    period: PeriodOut
    expected: int
    sent: int
    on_time: int
    late: int
    sent_rate: Decimal | None
    counts: dict[str, int]
    units: list[UnitCompletenessOut]


class ReportSummaryOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    status: str
    version: int


class ValueOut(Schema):
    indicator: str
    disaggregation: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    achieved: bool | None
    not_implemented: bool
    note: str
    evidence: str


class DraftOut(Schema):
    indicator: str
    disaggregation: str
    typed: dict
    error: str


class IssueOut(Schema):
    indicator: str
    disaggregation: str
    field: str
    severity: str
    code: str
    message: str
    blocks_submission: bool


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    actor: str | None
    at: datetime
    reason: str


class ReportOut(Schema):
    id: int
    program: str
    period: PeriodOut
    unit_code: str
    unit_name: str
    approving_unit_code: str
    status: str
    status_label: str
    version: int
    return_reason: str
    values: list[ValueOut]
    drafts: list[DraftOut]
    issues: list[IssueOut]
    events: list[EventOut]


class ValueIn(Schema):
    """Figures are JSON numbers (decimal point), not Vietnamese text: machines exchange them exactly."""

    model_config = ConfigDict(extra="forbid")

    indicator: Text = Field(..., max_length=32, description="Mã chỉ tiêu, ví dụ 7.8")
    disaggregation: Text = Field("", max_length=128)
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    achieved: bool | None = None
    not_implemented: bool = False
    note: Text = ""
    evidence: Text = ""


class ValuesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(..., ge=0, description="Phiên bản báo cáo đã đọc; lệch thì bị từ chối (409)")
    values: list[ValueIn] = Field(..., max_length=2000)


class SaveOut(Schema):
    changed: int
    unchanged: int
    version: int


class HistoryQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    indicator: Text = Field(..., max_length=32)
    disaggregation: Text = Field("", max_length=128)


class ChangeOut(Schema):
    changed_at: datetime
    changed_by: str | None
    changed_fields: list[str]
    before: dict | None
    after: dict


def _period_out(period: ReportingPeriod) -> PeriodOut:
    key = period.key
    return PeriodOut(
        id=period.pk,
        kind=period.kind,
        year=period.year,
        number=period.number,
        label=str(period),
        dhis2_period=dhis2_code(key),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        deadline=period.deadline,
        is_open=period.is_open,
    )


def _figure(number: float | None) -> Decimal | None:
    """A JSON number as a Decimal. ``repr`` of a float is the shortest text that reads back as it, so 2.23
    stays 2.23 and not 2.2300000000000000266; its size and decimals are the write path's to judge."""
    if number is None:
        return None
    if not math.isfinite(number):
        raise ReportingError("Số liệu phải là số hữu hạn (không nhận Infinity, NaN).", code="invalid_values")
    return Decimal(repr(number))


def _report_out(report: Report) -> ReportOut:
    values = DataValue.objects.filter(report=report).select_related("indicator").order_by("indicator__sort_key")
    return ReportOut(
        id=report.pk,
        program=report.period.program.slug,
        period=_period_out(report.period),
        unit_code=report.unit.code,
        unit_name=report.unit.name,
        approving_unit_code=approving_unit(report).code,
        status=report.status,
        status_label=report.get_status_display(),
        version=report.version,
        return_reason=report.return_reason,
        values=[
            ValueOut(
                indicator=value.indicator.code,
                disaggregation=value.disaggregation,
                value=plain_decimal(value.value),
                numerator=plain_decimal(value.numerator),
                denominator=plain_decimal(value.denominator),
                achieved=value.achieved,
                not_implemented=value.not_implemented,
                note=value.note,
                evidence=value.evidence,
            )
            for value in values
        ],
        drafts=[
            DraftOut(
                indicator=draft.indicator.code,
                disaggregation=draft.disaggregation,
                typed=draft.typed,
                error=draft.error,
            )
            for draft in cell_drafts(report)
        ],
        issues=[
            IssueOut(
                indicator=issue.indicator_code,
                disaggregation=issue.disaggregation,
                field=issue.field,
                severity=str(issue.severity),
                code=issue.code,
                message=issue.message,
                blocks_submission=issue.blocks_submission,
            )
            for issue in report_issues(report)
        ],
        events=[
            EventOut(
                action=event.action,
                from_status=event.from_status,
                to_status=event.to_status,
                actor=event.actor.get_username() if event.actor else None,
                at=event.at,
                reason=event.reason,
            )
            for event in report_events(report)
        ],
    )


@router.get("/programs/{slug}/periods", response={200: list[PeriodOut], **READ_ERRORS}, summary="Các kỳ báo cáo")
def list_periods(request: HttpRequest, slug: ProgramSlug):
    program = program_checked(request, slug, can_view_program, "xem kỳ báo cáo qua API")
    return [_period_out(period) for period in program.periods.order_by("-year", "kind", "-number")]


@router.post("/programs/{slug}/periods", response={201: PeriodOut, **WRITE_ERRORS}, summary="Mở kỳ báo cáo")
def create_period(request: HttpRequest, slug: ProgramSlug, body: OpenPeriodIn):
    program = program_checked(request, slug, can_manage_program, "mở kỳ báo cáo qua API")
    period = open_period(program, PeriodKey(body.year, body.kind, body.number), actor=request.user)
    return Status(201, _period_out(period))


@router.post("/periods/{period_id}/close", response={200: PeriodOut, **WRITE_ERRORS}, summary="Đóng kỳ báo cáo")
def close(request: HttpRequest, period_id: int):
    period = period_checked(request, period_id, can_manage_program, "đóng kỳ báo cáo qua API")
    close_period(period, actor=request.user)
    return _period_out(period)


@router.post("/periods/{period_id}/reopen", response={200: PeriodOut, **WRITE_ERRORS}, summary="Mở lại kỳ báo cáo")
def reopen(request: HttpRequest, period_id: int, body: ReasonIn):
    period = period_checked(request, period_id, can_manage_program, "mở lại kỳ báo cáo qua API")
    reopen_period(period, reason=body.reason, actor=request.user)
    return _period_out(period)


@router.get(
    "/periods/{period_id}/completeness",
    response={200: CompletenessOut, **READ_ERRORS},
    summary="Tình hình gửi báo cáo: ai đã gửi, đúng hạn hay trễ, ai bị trả lại, ai chưa bắt đầu",
)
def period_completeness(request: HttpRequest, period_id: int):
    period = period_checked(request, period_id, can_follow_program, "theo dõi kỳ báo cáo qua API")
    summary = completeness(period)
    return CompletenessOut(
        period=_period_out(period),
        expected=summary.expected,
        sent=summary.sent,
        on_time=summary.on_time,
        late=summary.late,
        sent_rate=summary.sent_rate,
        counts={progress.value: count for progress, count in summary.counts.items()},
        units=[
            UnitCompletenessOut(
                unit_code=row.unit.code,
                unit_name=row.unit.name,
                report_id=row.report.pk if row.report else None,
                progress=row.progress.value,
                progress_label=row.progress.label,
                submitted_at=row.submitted_at,
                on_time=row.on_time,
                return_reason=row.return_reason,
            )
            for row in summary.rows
        ],
    )


@router.get(
    "/periods/{period_id}/reports",
    response={200: list[ReportSummaryOut], **READ_ERRORS},
    summary="Các báo cáo của kỳ mà người gọi được xem",
)
def period_reports(request: HttpRequest, period_id: int):
    period = period_checked(request, period_id, can_view_program, "xem báo cáo của kỳ qua API")
    return [
        ReportSummaryOut(
            id=report.pk,
            unit_code=report.unit.code,
            unit_name=report.unit.name,
            status=report.status,
            version=report.version,
        )
        for report in reports_visible_to(request.user, period).order_by("unit__name")
    ]


@router.get("/reports/{report_id}", response={200: ReportOut, **READ_ERRORS}, summary="Một báo cáo và số liệu")
def get_report(request: HttpRequest, report_id: int):
    report = report_checked(request, report_id, can_view_report, "xem báo cáo qua API")
    # Audited as the page's view is: a report's figures before they are public.
    record(actor=request.user, action="report.view", obj=report, summary=f"Xem báo cáo {report} qua API")
    return _report_out(report)


@router.put(
    "/reports/{report_id}/values",
    response={200: SaveOut, **WRITE_ERRORS},
    summary="Ghi số liệu: tất cả hoặc không gì cả, kiểm tra phiên bản",
)
def put_values(request: HttpRequest, report_id: int, body: ValuesIn):
    report = report_checked(request, report_id, can_edit_report, "ghi số liệu qua API")
    indicators = {i.code: i for i in Indicator.objects.filter(program=report.period.program_id, is_group=False)}
    unknown = sorted({item.indicator for item in body.values} - set(indicators))
    if unknown:
        raise ReportingError(
            "Chương trình không có chỉ tiêu mã: " + ", ".join(unknown),
            code="unknown_indicator",
            errors={code: "Không có chỉ tiêu mã này." for code in unknown},
        )
    cells = [
        CellInput(
            indicator=indicators[item.indicator],
            disaggregation=item.disaggregation,
            value=_figure(item.value),
            numerator=_figure(item.numerator),
            denominator=_figure(item.denominator),
            achieved=item.achieved,
            not_implemented=item.not_implemented,
            note=item.note,
            evidence=item.evidence,
        )
        for item in body.values
    ]
    result = write_values(report, cells, actor=request.user, expected_version=body.version)
    return SaveOut(changed=result.changed, unchanged=result.unchanged, version=report.version)


@router.post("/reports/{report_id}/submit", response={200: ReportOut, **WRITE_ERRORS}, summary="Gửi báo cáo")
def submit(request: HttpRequest, report_id: int):
    report = report_checked(request, report_id, can_submit_report, "gửi báo cáo qua API")
    return _report_out(submit_report(report, actor=request.user))


@router.post("/reports/{report_id}/approve", response={200: ReportOut, **WRITE_ERRORS}, summary="Duyệt báo cáo")
def approve(request: HttpRequest, report_id: int):
    report = report_checked(request, report_id, can_review_report, "duyệt báo cáo qua API")
    return _report_out(approve_report(report, actor=request.user))


@router.post(
    "/reports/{report_id}/return", response={200: ReportOut, **WRITE_ERRORS}, summary="Trả lại báo cáo, kèm lý do"
)
def send_back(request: HttpRequest, report_id: int, body: ReasonIn):
    report = report_checked(request, report_id, can_review_report, "trả lại báo cáo qua API")
    return _report_out(return_report(report, reason=body.reason, actor=request.user))


@router.post(
    "/reports/{report_id}/reopen", response={200: ReportOut, **WRITE_ERRORS}, summary="Mở lại báo cáo đã duyệt"
)
def reopen_approved(request: HttpRequest, report_id: int, body: ReasonIn):
    report = report_checked(request, report_id, can_review_report, "mở lại báo cáo qua API")
    if report.status != ReportStatus.APPROVED:
        raise ReportingError("Chỉ mở lại được báo cáo đã duyệt.", code="invalid_transition")
    return _report_out(reopen_report(report, reason=body.reason, actor=request.user))


@router.get(
    "/reports/{report_id}/history",
    response={200: list[ChangeOut], **READ_ERRORS},
    summary="Lịch sử một số liệu: ai sửa, khi nào, từ gì thành gì",
)
def history(request: HttpRequest, report_id: int, query: Query[HistoryQuery]):
    report = report_checked(request, report_id, can_view_report, "xem lịch sử số liệu qua API")
    indicator = get_object_or_404(Indicator, program=report.period.program_id, code=query.indicator)
    return [
        ChangeOut(
            changed_at=change.changed_at,
            changed_by=change.changed_by.get_username() if change.changed_by else None,
            changed_fields=list(change.changed_fields),
            before=change.before,
            after=change.after,
        )
        for change in cell_history(report, indicator, query.disaggregation)
    ]
