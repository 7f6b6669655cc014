"""Reviews (sơ kết, tổng kết): the secretariat takes one, and the programme's state up to a year and as of a day
is stored as it is then (``selectors.program_state``). Nothing edits a review afterwards: a later correction of a
figure shows in the comparison, never in the review."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from ansinh.audit.services import record
from ansinh.core.dates import format_date
from ansinh.programs.models import Program
from ansinh.stewardship.models import Review, ReviewKind
from ansinh.stewardship.selectors import program_state
from ansinh.stewardship.services.errors import StewardshipError


def default_title(program: Program, kind: str, year: int) -> str:
    return f"{ReviewKind(kind).label} {program.kind} {program.code} (số liệu đến năm {year})"


def take_review(
    program: Program,
    *,
    kind: str,
    year: int,
    as_of: date,
    actor,
    title: str = "",
    note: str = "",
    is_illustrative: bool = False,
    today: date | None = None,
) -> Review:
    today = today or timezone.localdate()
    if kind not in ReviewKind.values:
        raise StewardshipError("Loại phải là sơ kết hoặc tổng kết.", code="invalid_kind")
    if not program.start_year <= year <= program.end_year:
        raise StewardshipError(
            f"Năm {year} ngoài thời gian của {program.code} ({program.start_year}–{program.end_year}).",
            code="year_outside_program",
        )
    if as_of > today:
        raise StewardshipError(f"Ngày chốt tình hình ({format_date(as_of)}) không thể sau hôm nay.", code="future")
    if as_of.year < year:
        raise StewardshipError(
            f"Ngày chốt tình hình ({format_date(as_of)}) trước khi hết năm số liệu {year} bắt đầu.", code="as_of_early"
        )
    state = program_state(program, year, as_of)
    with transaction.atomic():
        review = Review.objects.create(
            program=program,
            kind=kind,
            title=(title.strip() or default_title(program, kind, year))[:500],
            year=year,
            as_of=as_of,
            state=state,
            note=note.strip(),
            is_illustrative=is_illustrative,
            taken_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(
            actor=actor,
            action="review.take",
            obj=review,
            summary=f"{review.title}: chụp tình hình đến {format_date(as_of)}",
            after={
                "kind": kind,
                "year": year,
                "as_of": as_of.isoformat(),
                "indicators": len(state["indicators"]),
                "tasks": len(state["tasks"]),
            },
            unit_code=program.owner_unit.code,
        )
    return review
