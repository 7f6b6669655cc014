"""What the leadership reads: the dashboard of a programme and across programmes, the map of an indicator, the
public results page of a published programme, the briefing schedules, and the upload of official boundaries.
Each view checks access first, reads through the documents selectors, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ansinh.accounts.access import require
from ansinh.accounts.rules import can_follow_program, can_load_boundaries, can_manage_program, can_view_program
from ansinh.core.downloads import attachment
from ansinh.documents.dashboard import followed_programs, program_dashboard
from ansinh.documents.maps import indicator_map
from ansinh.documents.method import (
    DECLARED_METHOD,
    OUTLOOK_SOURCE,
    TARGET_METHOD,
    TREND_METHOD,
    outlook_methods,
    status_methods,
)
from ansinh.documents.public import public_results
from ansinh.documents.selectors import briefing_schedules
from ansinh.documents.services.boundaries import load_boundaries
from ansinh.documents.services.briefings import create_schedule, stop_schedule
from ansinh.documents.services.errors import DocumentError
from ansinh.gates import briefing_schedule_checked, program_checked
from ansinh.reporting.selectors import latest_reported_year
from ansinh.web.document_forms import BoundaryUploadForm, BriefingScheduleForm


def _year(request: HttpRequest, program) -> int:
    """The year asked for (?year=), if it is one of the programme's; else the last year with approved figures."""
    text = request.GET.get("year", "")
    if text.isdigit() and int(text) in program.years:
        return int(text)
    return latest_reported_year(program)


@login_required
def leadership_home(request: HttpRequest) -> HttpResponse:
    tiles = followed_programs(request.user, timezone.localdate())
    return render(request, "web/leadership_home.html", {"tiles": tiles})


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_follow_program, "xem bảng điều khiển")
    year = _year(request, program)
    dashboard = program_dashboard(program, year, timezone.localdate())
    chart = {
        "statuses": [
            {"status": status.value, "label": status.label, "count": count}
            for status, count in dashboard.evaluation.summary.counts.items()
            if count
        ],
    }
    return render(
        request,
        "web/dashboard.html",
        {
            "program": program,
            "year": year,
            "dashboard": dashboard,
            "chart": chart,
            "methods": status_methods(program),
            "outlook_methods": outlook_methods(),
            "method_notes": (TARGET_METHOD, DECLARED_METHOD, TREND_METHOD, OUTLOOK_SOURCE),
            "may_manage": can_manage_program(request.user, program),
        },
    )


def program_results(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page of a programme's results: scorecard, charts with target lines, map, the method of every
    status. Approved figures and the committee's published results only."""
    program = program_checked(request, slug, can_view_program, "xem kết quả công khai")
    year = _year(request, program)
    results = public_results(program, year)
    return render(
        request,
        "web/program_results.html",
        {
            "program": program,
            "year": year,
            "results": results,
            "methods": status_methods(program),
            "outlook_methods": outlook_methods(),
            "method_notes": (TARGET_METHOD, DECLARED_METHOD, TREND_METHOD, OUTLOOK_SOURCE),
        },
    )


def program_map(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_view_program, "xem bản đồ")
    indicators = list(program.indicators.filter(is_group=False).order_by("sort_key"))
    code = request.GET.get("indicator", "")
    indicator = next((i for i in indicators if i.code == code), None)
    if indicator is None:
        indicator = next((i for i in indicators if i.aggregation != "none"), indicators[0] if indicators else None)
    year = _year(request, program)
    mode = "verdict" if request.GET.get("mode") == "verdict" else "value"
    data = indicator_map(indicator, year) if indicator is not None else None
    if data is not None and request.GET.get("format") == "csv":
        assert indicator is not None
        lines = ["ma_don_vi,ten_don_vi,gia_tri,ket_qua"]
        for item in data.units:
            value = "" if item.value is None else item.text
            name = item.unit.name.replace('"', '""')
            lines.append(f'{item.unit.code},"{name}","{value}",{item.status.label if item.status else ""}')
        return attachment(
            "\ufeff" + "\n".join(lines) + "\n",
            f"ban-do-{program.slug}-{indicator.code}-{year}.csv",
            "text/csv; charset=utf-8",
        )
    status_filter = request.GET.get("status", "")
    rows = data.units if data else []
    if status_filter:
        rows = [item for item in rows if item.status and item.status.value == status_filter]
    return render(
        request,
        "web/program_map.html",
        {
            "program": program,
            "indicators": indicators,
            "indicator": indicator,
            "year": year,
            "mode": mode if data is None or data.judged else "value",
            "data": data,
            "rows": rows,
            "status_filter": status_filter,
            "map_json": data.as_json() if data else {},
            "methods": status_methods(program),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def briefings(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_follow_program, "xem lịch gửi bản tin")
    form = BriefingScheduleForm()
    status = 200
    if request.method == "POST":
        program = program_checked(request, slug, can_manage_program, "đặt lịch gửi bản tin")
        form = BriefingScheduleForm(request.POST)
        if form.is_valid():
            create_schedule(program, actor=request.user, **form.cleaned_data)
            messages.success(request, "Đã đặt lịch gửi bản tin.")
            return redirect("briefings", slug=program.slug)
        status = 400
    return render(
        request,
        "web/briefings.html",
        {
            "program": program,
            "form": form,
            "schedules": briefing_schedules(program),
            "may_manage": can_manage_program(request.user, program),
        },
        status=status,
    )


@login_required
@require_POST
def briefing_stop(request: HttpRequest, schedule_id: int) -> HttpResponse:
    schedule = briefing_schedule_checked(request, schedule_id, can_manage_program, "dừng lịch gửi bản tin")
    stop_schedule(schedule, actor=request.user)
    messages.success(request, "Đã dừng lịch gửi bản tin.")
    return redirect("briefings", slug=schedule.program.slug)


@login_required
@require_http_methods(["GET", "POST"])
def boundaries(request: HttpRequest) -> HttpResponse:
    require(request, can_load_boundaries, None, action="nạp ranh giới hành chính")
    form = BoundaryUploadForm()
    status = 200
    if request.method == "POST":
        form = BoundaryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                loaded = load_boundaries(upload.read(), source=form.cleaned_data["source"], actor=request.user)
            except DocumentError as error:
                messages.error(request, error.message)
                status = 400
            else:
                messages.success(request, f"Đã nạp ranh giới của {loaded} đơn vị.")
                return redirect("boundaries")
        else:
            status = 400
    return render(request, "web/boundaries.html", {"form": form}, status=status)
