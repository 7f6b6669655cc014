"""Pages of a programme's stewardship: the budget (lines a unit enters for itself, roll-ups by unit, field,
source and year, disbursement against a threshold, Excel export, the finance office's spreadsheet)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ansinh.accounts.access import require
from ansinh.accounts.rules import (
    can_enter_budget,
    can_enter_some_budget,
    can_import_budget,
    can_view_budget,
    is_program_secretariat,
)
from ansinh.accounts.selectors import covered_unit_ids
from ansinh.exchange.services.budget import budget_sheet_rows, import_budget_sheet
from ansinh.followups.models import Task
from ansinh.gates import program_checked
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.stewardship.models import BudgetLine
from ansinh.stewardship.selectors import (
    DEFAULT_THRESHOLD,
    BudgetFilters,
    budget_lines_visible_to,
    budget_summary,
    filter_budget,
)
from ansinh.stewardship.services.budget import BudgetInput, save_budget_line
from ansinh.stewardship.services.errors import StewardshipError
from ansinh.web.exchange_views import SpreadsheetForm
from ansinh.web.followup_views import _area_units, _excel, _wants_export
from ansinh.web.stewardship_forms import BudgetFilterForm, BudgetLineForm


def _budget_form(request: HttpRequest, program: Program) -> BudgetLineForm | None:
    if not can_enter_some_budget(request.user, program):
        return None
    secretariat = is_program_secretariat(request.user, program)
    area = _area_units(program)
    units = area if secretariat else [unit for unit in area if unit.pk in covered_unit_ids(request.user)]
    tasks = Task.objects.filter(program=program).order_by("code", "pk")
    return BudgetLineForm(
        request.POST if request.method == "POST" else None, units=units, tasks=tasks, programme_level=secretariat
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        program = program_checked(request, slug, can_enter_some_budget, "ghi kinh phí")
    else:
        program = program_checked(request, slug, can_view_budget, "xem kinh phí")
    form = _budget_form(request, program)
    if request.method == "POST" and form is not None:
        # Any unit of the area may be named in the post; the unit's own check decides (403 when refused).
        unit = OrgUnit.objects.filter(code=request.POST.get("unit", "")).first()
        require(request, can_enter_budget, BudgetLine(program=program, unit=unit), action="ghi kinh phí của đơn vị")
        if form.is_valid():
            data = form.cleaned_data
            task = Task.objects.filter(program=program, pk=data["task"]).first() if data["task"] else None
            try:
                save_budget_line(
                    program,
                    BudgetInput(
                        unit=unit,
                        year=data["year"],
                        to_year=data["to_year"],
                        source=data["source"],
                        task=task,
                        field=data["field"],
                        estimate=data["estimate"],
                        allocated=data["allocated"],
                        disbursed=data["disbursed"],
                        settled=data["settled"],
                        note=data["note"],
                        citation=data["citation"],
                    ),
                    actor=request.user,
                )
            except StewardshipError as error:
                for problem in error.errors or [error.message]:
                    form.add_error(None, problem)
            else:
                messages.success(request, "Đã lưu dòng kinh phí.")
                return redirect("budget", slug=program.slug)
    visible = budget_lines_visible_to(request.user, program)
    years = sorted(set(visible.values_list("year", flat=True)))
    units = OrgUnit.objects.filter(pk__in=visible.values("unit")).order_by("name")
    fields = sorted(set(visible.exclude(field="").values_list("field", flat=True)))
    filter_form = BudgetFilterForm(request.GET or None, years=years, units=units, fields=fields)
    chosen = filter_form.cleaned_data if filter_form.is_valid() else {}
    unit = units.filter(code=chosen.get("unit")).first() if chosen.get("unit") else None
    lines = filter_budget(
        visible,
        BudgetFilters(
            year=chosen.get("year"),
            unit_id=unit.pk if unit else None,
            source=chosen.get("source", ""),
            field=chosen.get("field", ""),
        ),
    ).order_by("year", "unit__name", "source", "pk")
    threshold = chosen.get("nguong")
    summary = budget_summary(lines, threshold if threshold is not None else DEFAULT_THRESHOLD)
    if _wants_export(request):
        headers, rows = budget_sheet_rows(summary.lines)
        return _excel(request, program, "Kinh phí", headers, rows)
    return render(
        request,
        "stewardship/budget.html",
        {
            "program": program,
            "summary": summary,
            "form": form,
            "filter_form": filter_form,
            "export_query": request.GET.urlencode().replace("&xuat=xlsx", ""),
            "may_import": can_import_budget(request.user, program),
            "illustrative": any(line.is_illustrative for line in summary.lines),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_import(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_import_budget, "nhập kinh phí từ bảng tính")
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            lines = import_budget_sheet(program, upload.read(), filename=upload.name, actor=request.user)
        except StewardshipError as error:
            messages.error(request, error.message)
            errors = error.errors
        else:
            messages.success(request, f"Đã lưu {len(lines)} dòng kinh phí.")
            return redirect("budget", slug=program.slug)
    return render(request, "stewardship/budget_import.html", {"program": program, "form": form, "errors": errors})
