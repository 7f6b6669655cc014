"""API v1 for targets (yearly, handed down to units), base values and the committee's declarations: the same
services as the targets page (issue 14)."""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from ansinh.accounts.rules import can_manage_program, can_view_program
from ansinh.api.schemas import ErrorOut, ProgramSlug, Text
from ansinh.core.numbers import plain_decimal
from ansinh.evaluation.selectors import declarations_of
from ansinh.evaluation.services import DeclarationError, declare_summary, declare_verdict
from ansinh.gates import program_checked
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program, Target
from ansinh.programs.selectors import targets_of
from ansinh.programs.target_services import TargetError, TargetInput, set_target

router = Router(tags=["Mục tiêu"])
READ_ERRORS = {403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Code = Field(..., max_length=32, pattern=r"^[-A-Za-z0-9_.]+$")


class TargetOut(Schema):
    id: int
    indicator: str
    year: int
    unit: str | None
    is_end_target: bool
    comparator: str
    value: str | None
    value_max: str | None
    measure: str
    phrase: str
    source: str


class TargetIn(Schema):
    model_config = ConfigDict(extra="forbid")
    indicator: str = Code
    year: int = Field(..., ge=1900, le=2200)
    phrase: Text = Field(..., max_length=500)
    unit: str | None = Field(None, max_length=32, pattern=r"^[-A-Za-z0-9_.]*$")
    source: Text = Field("", max_length=500)


class DeclaredVerdictIn(Schema):
    model_config = ConfigDict(extra="forbid")
    indicator: str = Code
    year: int = Field(..., ge=1900, le=2200)
    status: Text = Field(..., max_length=16)
    reason: Text = Field("", max_length=1000)
    source: Text = Field(..., max_length=500)


class DeclaredSummaryIn(Schema):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(..., ge=1900, le=2200)
    sentence: Text = Field(..., max_length=2000)
    source: Text = Field(..., max_length=500)


class DeclaredVerdictOut(Schema):
    indicator: str
    year: int
    status: str
    reason: str
    source: str


class DeclarationSummaryOut(Schema):
    year: int
    sentence: str
    source: str


class DeclarationsOut(Schema):
    verdicts: list[DeclaredVerdictOut]
    summaries: list[DeclarationSummaryOut]


def _target_out(target: Target) -> TargetOut:
    return TargetOut(
        id=target.pk,
        indicator=target.indicator.code,
        year=target.year,
        unit=target.scope.code if target.scope else None,
        is_end_target=target.is_end_target,
        comparator=target.comparator,
        value=None if target.value is None else str(plain_decimal(target.value)),
        value_max=None if target.value_max is None else str(plain_decimal(target.value_max)),
        measure=target.unit,
        phrase=target.phrase,
        source=target.source,
    )


def _refused(message: str) -> Status:
    return Status(400, ErrorOut(code="invalid_target", message=message))


def _indicator(program: Program, code: str) -> Indicator | None:
    return Indicator.objects.filter(program=program, code=code, is_group=False).select_related("program").first()


@router.get("/programs/{slug}/targets", response={200: list[TargetOut], **READ_ERRORS}, summary="Các mục tiêu")
def list_targets(request: HttpRequest, slug: ProgramSlug):
    program = program_checked(request, slug, can_view_program, "xem mục tiêu qua API")
    return [_target_out(target) for target in targets_of(program)]


@router.post("/programs/{slug}/targets", response={201: TargetOut, **WRITE_ERRORS}, summary="Đặt một mục tiêu")
def put_target(request: HttpRequest, slug: ProgramSlug, body: TargetIn):
    program = program_checked(request, slug, can_manage_program, "đặt mục tiêu qua API")
    indicator = _indicator(program, body.indicator)
    if indicator is None:
        return _refused("Chương trình không có chỉ tiêu mã này.")
    unit = None
    if body.unit:
        unit = OrgUnit.objects.filter(code=body.unit).first()
        if unit is None:
            return _refused("Không có đơn vị mã này.")
    try:
        target = set_target(TargetInput(indicator, body.year, body.phrase, unit, body.source), actor=request.user)
    except TargetError as error:
        return _refused(error.message)
    return Status(201, _target_out(target))


@router.get(
    "/programs/{slug}/declarations", response={200: DeclarationsOut, **READ_ERRORS}, summary="Kết quả BCĐ công bố"
)
def list_declarations(request: HttpRequest, slug: ProgramSlug):
    program = program_checked(request, slug, can_view_program, "xem kết quả công bố qua API")
    verdicts, summaries = declarations_of(program)
    return DeclarationsOut(
        verdicts=[
            DeclaredVerdictOut(
                indicator=v.indicator.code, year=v.year, status=v.status, reason=v.reason, source=v.source
            )
            for v in verdicts
        ],
        summaries=[DeclarationSummaryOut(year=s.year, sentence=s.sentence, source=s.source) for s in summaries],
    )


@router.post(
    "/programs/{slug}/declared-verdicts",
    response={201: DeclaredVerdictOut, **WRITE_ERRORS},
    summary="Nhập kết quả BCĐ công bố cho một chỉ tiêu",
)
def post_declared_verdict(request: HttpRequest, slug: ProgramSlug, body: DeclaredVerdictIn):
    program = program_checked(request, slug, can_manage_program, "nhập kết quả công bố qua API")
    indicator = _indicator(program, body.indicator)
    if indicator is None:
        return _refused("Chương trình không có chỉ tiêu mã này.")
    try:
        declared, _ = declare_verdict(
            indicator, body.year, status=body.status, source=body.source, reason=body.reason, actor=request.user
        )
    except DeclarationError as error:
        return _refused(error.message)
    return Status(
        201,
        DeclaredVerdictOut(
            indicator=indicator.code,
            year=declared.year,
            status=declared.status,
            reason=declared.reason,
            source=declared.source,
        ),
    )


@router.post(
    "/programs/{slug}/declared-summaries",
    response={201: DeclarationSummaryOut, **WRITE_ERRORS},
    summary="Nhập kết luận BCĐ công bố của một năm",
)
def post_declared_summary(request: HttpRequest, slug: ProgramSlug, body: DeclaredSummaryIn):
    program = program_checked(request, slug, can_manage_program, "nhập kết luận công bố qua API")
    try:
        declared = declare_summary(program, body.year, sentence=body.sentence, source=body.source, actor=request.user)
    except DeclarationError as error:
        return _refused(error.message)
    return Status(201, DeclarationSummaryOut(year=declared.year, sentence=declared.sentence, source=declared.source))
