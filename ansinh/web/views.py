"""Pages. Each view checks access first (ansinh.accounts.access.require), calls a selector or a
service, and renders."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ansinh.accounts.access import require
from ansinh.accounts.rules import can_enter_program_data, can_follow_program, can_manage_program, can_view_program
from ansinh.core.numbers import format_number
from ansinh.demo.people import demo_people, two_factor_usernames
from ansinh.evaluation.selectors import evaluate_program, indicator_history, unit_figures_page
from ansinh.gates import program_checked
from ansinh.org.models import OrgUnit
from ansinh.org.selectors import handovers_from, predecessors_of, unit_in_office
from ansinh.programs.selectors import program_fields, program_lead_units, programs_visible_to
from ansinh.programs.services import ProgramSettingError, set_min_coverage
from ansinh.reporting.models import Report
from ansinh.reporting.selectors import latest_reported_year, year_period
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.rules.verdicts import STATUS_LABELS, Status
from ansinh.web.forms import CoverageForm, OverviewFilterForm, UnitFigureFilterForm

# The programme page's table of indicators shows this many at a time.
INDICATORS_PER_PAGE = 50


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "programs": programs_visible_to(request.user),
            "demo_people": demo_people(),
            "two_factor_people": set(two_factor_usernames()),
        },
    )


def program_overview(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_view_program, "xem chương trình")
    leads = list(program_lead_units(program))
    statuses = [(status.value, STATUS_LABELS[status]) for status in Status]
    form = OverviewFilterForm(
        request.GET or None,
        program=program,
        year=latest_reported_year(program),
        fields=program_fields(program),
        leads=leads,
        statuses=statuses,
    )
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or form.initial["year"]
    evaluation = evaluate_program(program, year)
    rows = evaluation.rows
    if filters.get("field"):
        rows = [row for row in rows if row.indicator.field == filters["field"]]
    if filters.get("lead"):
        rows = [row for row in rows if row.indicator.lead_unit and row.indicator.lead_unit.code == filters["lead"]]
    if filters.get("status"):
        rows = [row for row in rows if row.status == filters["status"]]
    if form.is_bound and not form.is_valid():
        messages.warning(request, "Bộ lọc không hợp lệ đã được bỏ qua.")
    status_columns = [
        (s, STATUS_LABELS[s])
        for s in (
            Status.EXCEEDED,
            Status.ACHIEVED,
            Status.NOT_ACHIEVED,
            Status.ON_PATH,
            Status.BEHIND_PATH,
            Status.NOT_IMPLEMENTED,
            Status.NO_DATA,
        )
    ]
    breakdowns = [
        ("Theo lĩnh vực", evaluation.breakdown("field"), "by-field"),
        ("Theo đơn vị chủ trì", evaluation.breakdown("lead"), "by-lead"),
    ]
    # The counts and breakdowns judge every indicator; the table shows them a page at a time (a national
    # programme follows about a hundred).
    rows_page = Paginator(rows, INDICATORS_PER_PAGE).get_page(filters.get("trang") or 1)
    rows_query = urlencode({name: value for name, value in filters.items() if value and name != "trang"})
    return render(
        request,
        "web/program_overview.html",
        {
            "program": program,
            "standing_now": unit_in_office(program.standing_agency, timezone.localdate())
            if program.standing_agency
            else None,
            "evaluation": evaluation,
            "rows": rows,
            "rows_page": rows_page,
            "rows_query": rows_query,
            "form": form,
            "year": year,
            "breakdowns": breakdowns,
            "status_columns": status_columns,
        },
    )


def indicator_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    program = program_checked(request, slug, can_view_program, "xem chương trình")
    indicator = get_object_or_404(
        program.indicators.select_related("lead_unit", "parent").prefetch_related("coordinating_units"), code=code
    )
    history = indicator_history(indicator)
    as_of = latest_reported_year(program)
    current = next((row for row in history if row.year == as_of), history[-1])
    units_year = current.year
    unit_form = UnitFigureFilterForm(request.GET or None)
    unit_filters = unit_form.cleaned_data if unit_form.is_valid() else {}
    chart = {
        "years": [row.year for row in history],
        "values": [None if row.actual is None else float(row.actual) for row in history],
        "targets": [
            None if row.target is None or row.target.value is None else float(row.target.value) for row in history
        ],
        "unit": indicator.unit,
    }
    return render(
        request,
        "web/indicator_detail.html",
        {
            "program": program,
            "indicator": indicator,
            "history": history,
            "targets": indicator.targets.select_related("scope").order_by("year"),
            "children": indicator.children.order_by("sort_key"),
            "chart": chart,
            "current": current,
            "unit_figures": unit_figures_page(
                indicator,
                units_year,
                kind=unit_filters.get("kind") or "",
                search=(unit_filters.get("q") or "").strip(),
                page=unit_filters.get("trang") or 1,
            ),
            "units_year": units_year,
            "unit_form": unit_form,
            "unit_query": urlencode({k: v for k, v in unit_filters.items() if v and k != "trang"}),
        },
    )


def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), code=code)
    # Units are public reference data; their reports are listed only to those who may see them.
    visible_programs = programs_visible_to(request.user)
    return render(
        request,
        "web/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.order_by("kind", "name"),
            "handovers": list(handovers_from(unit)),
            "predecessors": list(predecessors_of(unit).select_related("parent")),
            "led_indicators": unit.led_indicators.filter(program__in=visible_programs).select_related("program"),
            "reports": Report.objects.filter(unit=unit, period__program__in=visible_programs, status="approved")
            .select_related("period__program")
            .order_by("-period__year"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def data_entry(request: HttpRequest, slug: str, unit_code: str, year: int) -> HttpResponse:
    """The unit's yearly report. A GET only reads: it leads to the report if there is one, else it asks for a
    confirmation (a POST) — a link from elsewhere opens no period and creates no report. Opening a period that
    does not exist yet is the programme's secretariat's (as in the API); creating the unit's report in an open
    period is for whoever may enter its figures."""
    program = program_checked(request, slug, can_view_program, "xem chương trình")
    unit = get_object_or_404(OrgUnit, code=unit_code)
    require(request, lambda user, unit: can_enter_program_data(user, program, unit), unit, action="nhập số liệu")
    if year not in program.years:
        messages.error(request, f"Năm {year} nằm ngoài thời gian thực hiện của {program}.")
        return redirect("program_overview", slug=program.slug)
    period = year_period(program, year)
    report = period.reports.filter(unit=unit).first() if period is not None else None
    if report is not None:
        return redirect("report_detail", report_id=report.pk)
    if request.method == "POST":
        if period is None:
            require(request, can_manage_program, program, action="mở kỳ báo cáo")
        try:
            period = period or get_or_open_year_period(program, year, actor=request.user)
            report = get_or_create_report(period, unit, actor=request.user)
        except ReportingError as error:
            messages.error(request, error.message)
        else:
            return redirect("report_detail", report_id=report.pk)
    context = {
        "program": program,
        "unit": unit,
        "year": year,
        "period": period,
        "may_open": period is not None or can_manage_program(request.user, program),
    }
    return render(request, "web/data_entry_open.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """How a programme's roll-ups are judged: the share of units a roll-up needs (the secretariat sets it)."""
    program = program_checked(request, slug, can_follow_program, "xem cách đánh giá")
    may_manage = can_manage_program(request.user, program)
    form = CoverageForm(initial={"min_coverage": format_number(program.min_coverage)})
    status = 200
    if request.method == "POST":
        program = program_checked(request, slug, can_manage_program, "sửa cách đánh giá")
        form = CoverageForm(request.POST)
        if form.is_valid():
            try:
                set_min_coverage(program, form.cleaned_data["min_coverage"], actor=request.user)
            except ProgramSettingError as error:
                form.add_error("min_coverage", error.message)
            else:
                messages.success(request, "Đã lưu cách đánh giá số cộng dồn.")
                return redirect("evaluation_settings", slug=program.slug)
        status = 400
    return render(
        request,
        "web/evaluation_settings.html",
        {"program": program, "form": form, "may_manage": may_manage},
        status=status,
    )
