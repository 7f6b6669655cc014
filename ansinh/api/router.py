"""JSON API v1 (django-ninja). Endpoints call the same selectors and services as the pages and
check access first with the same helper."""

import math

from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import Field

from ansinh.accounts.access import AccessDenied
from ansinh.accounts.rules import can_view_program
from ansinh.api.documents import router as documents_router
from ansinh.api.exchange import router as exchange_router
from ansinh.api.followups import router as followups_router
from ansinh.api.reporting import router as reporting_router
from ansinh.api.schemas import (
    DeclaredSummaryOut,
    ErrorOut,
    EvaluationOut,
    IndicatorEvaluationOut,
    OutlookOut,
    ProgramOut,
    ProgramSlug,
    SummaryOut,
)
from ansinh.api.stewardship import router as stewardship_router
from ansinh.api.targets import router as targets_router
from ansinh.core.dates import format_date
from ansinh.core.numbers import plain_decimal
from ansinh.evaluation.selectors import evaluate_program
from ansinh.followups.services.errors import FollowupError
from ansinh.gates import program_checked
from ansinh.programs.models import Program
from ansinh.programs.selectors import programs_visible_to
from ansinh.reporting.services.errors import ReportingError
from ansinh.rules.outlook import Outlook
from ansinh.rules.periods import PeriodCodeError
from ansinh.stewardship.services.errors import StewardshipError

# Personal API keys (`/tai-khoan/`) are read by accounts.middleware.ApiTokenMiddleware, not by ninja's auth, so the
# schema declares the scheme itself. Optional at the top level (public endpoints answer anonymous callers); an
# endpoint that needs a person answers 401/403 without one.
BEARER_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "asn_…",
    "description": "Khoá API cá nhân tạo tại /tai-khoan/: Authorization: Bearer asn_…",
}


class AnsinhAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearerAuth"] = BEARER_SCHEME
        schema["security"] = [{"bearerAuth": []}, {}]
        return schema


api = AnsinhAPI(
    title="ansinh API",
    version="1",
    description="Dữ liệu chương trình an sinh xã hội: chỉ tiêu, mục tiêu, kết quả đánh giá.",
    urls_namespace="api-v1",
)
api.add_router("", reporting_router)
api.add_router("", exchange_router)
api.add_router("", followups_router)
api.add_router("", documents_router)
api.add_router("", stewardship_router)
api.add_router("", targets_router)


@api.exception_handler(AccessDenied)
def access_denied(request: HttpRequest, exc: AccessDenied):
    return api.create_response(request, {"code": "forbidden", "message": str(exc)}, status=403)


# A refused write says why with a stable code: conflicts are 409, failed checks 422, separation of duties 403,
# the rest 400.
CONFLICT_CODES = {"version_conflict", "cell_conflict", "report_locked", "invalid_transition", "period_closed"}


@api.exception_handler(ReportingError)
def reporting_error(request: HttpRequest, exc: ReportingError):
    status = (
        409
        if exc.code in CONFLICT_CODES
        else 422
        if exc.code == "checks_failed"
        else 403
        if exc.code == "separation_of_duties"
        else 400
    )
    return api.create_response(request, {"code": exc.code, "message": exc.message, "errors": exc.errors}, status=status)


@api.exception_handler(PeriodCodeError)
def invalid_period(request: HttpRequest, exc: PeriodCodeError):
    """A period that does not exist (a year with a number, a thirteenth month): the caller's mistake, not a 500."""
    return api.create_response(request, {"code": "invalid_period", "message": str(exc), "errors": {}}, status=400)


@api.exception_handler(FollowupError)
def followup_error(request: HttpRequest, exc: FollowupError):
    return api.create_response(request, {"code": exc.code, "message": exc.message}, status=400)


@api.exception_handler(StewardshipError)
def stewardship_error(request: HttpRequest, exc: StewardshipError):
    """A report's budget refused for the report's state answers as its figures would (409)."""
    status = 409 if exc.code in CONFLICT_CODES else 400
    return api.create_response(request, {"code": exc.code, "message": exc.message, "errors": exc.errors}, status=status)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError):
    return api.create_response(
        request,
        {"code": "invalid_request", "message": "Yêu cầu không hợp lệ.", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    codes = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found"}
    return api.create_response(
        request, {"code": codes.get(exc.status_code, "error"), "message": str(exc)}, status=exc.status_code
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"code": "not_found", "message": "Không tìm thấy."}, status=404)


def _program_out(program: Program, modelled: int) -> ProgramOut:
    declared = program.indicator_count_declared
    return ProgramOut(
        slug=program.slug,
        code=program.code,
        kind=program.kind,
        title=program.title,
        issuer=program.issuer,
        issued_on=format_date(program.issued_on),
        start_year=program.start_year,
        end_year=program.end_year,
        indicator_count_declared=declared,
        indicator_count_modelled=modelled,
        is_indicator_list_complete=declared is None or modelled >= declared,
        completeness_note=program.completeness_note,
    )


def _outlook_out(outlook: Outlook | None) -> OutlookOut | None:
    if outlook is None:
        return None
    numbers = {
        name: _finite(getattr(outlook, name))
        for name in (
            "base_value",
            "current_value",
            "target_value",
            "observed_growth",
            "required_growth",
            "ratio",
            "projected_end_value",
        )
    }
    return OutlookOut(
        code=outlook.code.value,
        label=outlook.label,
        method=outlook.method,
        rule=outlook.rule,
        explanation=outlook.explanation,
        base_year=outlook.base_year,
        current_year=outlook.current_year,
        target_year=outlook.target_year,
        **numbers,
    )


def _finite(number: float | None) -> float | None:
    """JSON has no infinity: an extrapolation that overflowed is reported as unknown."""
    return number if number is not None and math.isfinite(number) else None


class HealthOut(Schema):
    status: str


@api.get("/health", response=HealthOut, summary="Máy chủ đang trả lời (không đọc cơ sở dữ liệu)")
def health(request: HttpRequest):
    """For a load balancer's probe and as the benchmarks' baseline: the cost of the stack without the database."""
    return HealthOut(status="ok")


@api.get("/programs/", response=list[ProgramOut], summary="Danh sách chương trình, kế hoạch")
def list_programs(request: HttpRequest):
    programs = programs_visible_to(request.user).annotate(
        modelled=Count("indicators", filter=Q(indicators__is_group=False))
    )
    return [_program_out(program, program.modelled) for program in programs]


class EvaluationQuery(Schema):
    year: int = Field(..., ge=1900, le=2100, description="Năm đánh giá, ví dụ 2022")


@api.get(
    "/programs/{slug}/evaluation",
    response={200: EvaluationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Đánh giá từng chỉ tiêu của một chương trình trong một năm",
)
def program_evaluation(request: HttpRequest, slug: ProgramSlug, query: Query[EvaluationQuery]):
    program = program_checked(request, slug, can_view_program, "xem đánh giá qua API")
    if query.year not in program.years:
        raise HttpError(400, f"Năm {query.year} nằm ngoài thời gian {program.start_year}–{program.end_year}.")
    evaluation = evaluate_program(program, query.year)
    return EvaluationOut(
        program=program.slug,
        year=evaluation.year,
        is_indicator_list_complete=not evaluation.is_partial,
        summary=SummaryOut(
            counts={status.value: count for status, count in evaluation.summary.counts.items()},
            assessed=evaluation.summary.assessed,
            met=evaluation.summary.met,
            outlook_counts={code.value: count for code, count in evaluation.outlook_counts.items()},
            sentence=evaluation.summary.sentence,
        ),
        declared_summaries=[
            DeclaredSummaryOut(sentence=d.sentence, source=d.source) for d in evaluation.declared_summaries
        ],
        indicators=[
            IndicatorEvaluationOut(
                code=row.indicator.code,
                name=row.indicator.name,
                field=row.indicator.field,
                unit=row.indicator.unit,
                lead_unit=row.indicator.lead_unit.name if row.indicator.lead_unit else None,
                target_phrase=row.target.phrase if row.target else None,
                target_year=row.target.year if row.target else None,
                actual_value=plain_decimal(row.actual),
                actual_text=row.indicator.figure_text(row.actual),
                status=row.status.value,
                status_label=row.verdict.label,
                explanation=row.verdict.explanation,
                is_declared=row.is_declared,
                source=row.source,
                figure_origin=row.figure.origin if row.figure else None,
                is_estimated=bool(row.figure and row.figure.estimated),
                outlook=_outlook_out(row.outlook),
            )
            for row in evaluation.rows
        ],
    )
