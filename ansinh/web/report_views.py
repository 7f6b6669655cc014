"""Pages of the reporting cycle: a unit's report (typing with autosave, submitting), the approver's
review (approve, return with a reason, reopen), the periods of a programme with who has sent what,
assignments, notifications. Each view checks access first, calls a service or selector, renders."""

import json
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ansinh.accounts.access import require
from ansinh.accounts.rules import (
    can_edit_report,
    can_follow_program,
    can_manage_program,
    can_review_report,
    can_submit_report,
    can_view_report,
    reviews_reports,
)
from ansinh.accounts.selectors import covered_unit_ids
from ansinh.audit.services import record
from ansinh.core.numbers import format_number
from ansinh.evaluation.selectors import UNITS_PER_PAGE
from ansinh.exchange.selectors import in_background
from ansinh.followups.models import Task
from ansinh.followups.selectors import report_tasks
from ansinh.gates import REPORT_RELATED, period_checked, program_checked, report_checked
from ansinh.org.models import OrgUnit
from ansinh.org.selectors import unit_found_by
from ansinh.programs.models import Indicator
from ansinh.programs.selectors import programs_visible_to
from ansinh.reporting.models import (
    Assignment,
    AssignmentRole,
    CellDraft,
    DataValue,
    PeriodKind,
    Report,
    ReportStatus,
)
from ansinh.reporting.selectors import (
    Progress,
    approving_unit,
    assignments_of,
    cell_history,
    completeness,
    consolidated_from_below,
    report_events,
    report_indicators,
    report_issues,
    snapshot,
    typists_of,
    unread_notifications,
)
from ansinh.reporting.services.assignments import add_assignment, remove_assignment
from ansinh.reporting.services.errors import CellConflict, ChecksFailed, ReportingError
from ansinh.reporting.services.lifecycle import approve_report, reopen_report, return_report, submit_report
from ansinh.reporting.services.periods import close_period, open_period, reopen_period
from ansinh.reporting.services.reminders import ReminderError, mark_notifications_read, remind_period
from ansinh.reporting.services.values import ValueInput, autosave_cell, save_values
from ansinh.rules.approval import approval_refusal
from ansinh.rules.budget import AMOUNT_FIELDS, AMOUNT_LABELS, format_money
from ansinh.rules.periods import PeriodCodeError, PeriodKey
from ansinh.stewardship.models import BudgetSource
from ansinh.stewardship.selectors import report_budget_history, report_budget_lines
from ansinh.stewardship.services.budget import save_report_budget
from ansinh.stewardship.services.errors import StewardshipError
from ansinh.web.forms import (
    AssignmentFilterForm,
    AssignmentForm,
    CompletenessFilterForm,
    OpenPeriodForm,
    ReasonForm,
)
from ansinh.web.stewardship_forms import BLANK_BUDGET_ROWS, TypedBudget, read_report_budget

EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


# -- A report: typing, autosave, the lifecycle ----------------------------------------------------------


def _typed_from_post(post, indicator: Indicator) -> dict:
    """One row of the report form as the fields of ValueInput (what autosave_cell takes)."""
    prefix = f"i{indicator.pk}"
    return {
        "text": post.get(f"{prefix}-value", "").strip(),
        "numerator_text": post.get(f"{prefix}-numerator", "").strip(),
        "denominator_text": post.get(f"{prefix}-denominator", "").strip(),
        "not_implemented": post.get(f"{prefix}-not_implemented") == "on",
        "achieved": {"yes": True, "no": False}.get(post.get(f"{prefix}-achieved", "")),
        "note": post.get(f"{prefix}-note", "").strip(),
        "evidence": post.get(f"{prefix}-evidence", "").strip(),
    }


def _is_editable(user, report: Report) -> bool:
    return report.status in EDITABLE_STATUSES and report.period.is_open and can_edit_report(user, report)


def _row(indicator: Indicator, value: DataValue | None, draft: CellDraft | None, **extra) -> dict:
    stored = snapshot(value) if value is not None else None
    row: dict = {
        "indicator": indicator,
        "value": value,
        "typed": draft.typed if draft is not None else None,
        "error": draft.error if draft is not None else "",
        "based_on": json.dumps(stored),
        "issues": [],
    }
    row.update(extra)
    return row


TRIED_TO_SEND = "ansinh_reports_tried_to_send"


def _rows(
    report: Report, *, typed: dict | None = None, errors: dict | None = None, tried_to_send: bool = False
) -> list[dict]:
    values = {v.indicator_id: v for v in DataValue.objects.filter(report=report, disaggregation="")}
    drafts = {d.indicator_id: d for d in CellDraft.objects.filter(report=report, disaggregation="")}
    # Before anyone has typed a cell, "chưa nhập số liệu" on every row is noise, not a warning: it is shown once the
    # report has been started or someone tried to send it (sending an empty report is refused either way).
    started = bool(values or drafts or typed or errors or tried_to_send)
    issues_by_code: dict[str, list] = {}
    for issue in report_issues(report):
        if started or issue.code != "required_missing":
            issues_by_code.setdefault(issue.indicator_code, []).append(issue)
    rows = []
    for indicator in report_indicators(report):
        row = _row(indicator, values.get(indicator.pk), drafts.get(indicator.pk))
        if typed and indicator.code in typed:
            row["typed"] = typed[indicator.code]
        if errors and indicator.code in errors:
            row["error"] = errors[indicator.code]
        row["issues"] = issues_by_code.get(indicator.code, [])
        rows.append(row)
    return rows


def _report_context(request: HttpRequest, report: Report, **extra) -> dict:
    user = request.user
    status = report.status
    reviewable = can_review_report(user, report)
    context: dict = {
        "report": report,
        "program": report.period.program,
        "period": report.period,
        "editable": _is_editable(user, report),
        "may_submit": status in EDITABLE_STATUSES and report.period.is_open and can_submit_report(user, report),
        "may_review": status == ReportStatus.SUBMITTED and reviewable,
        "may_reopen": status == ReportStatus.APPROVED and reviewable,
        # Separation of duties: say why the approve button is missing instead of offering a refusal.
        "approval_refused": status == ReportStatus.SUBMITTED
        and reviewable
        and approval_refusal(user.pk, typed_by=typists_of(report), sent_by=report.submitted_by_id),
        "approver": approving_unit(report),
        "events": report_events(report),
        "reason_form": ReasonForm(),
        "report_tasks": report_tasks(report),
        "consolidated": consolidated_from_below(report),
    }
    context.update(extra)
    if "budget" not in context:
        context["budget"] = _budget_context(report, context["editable"])
    if "rows" not in context:
        context["rows"] = _rows(report, tried_to_send=report.pk in request.session.get(TRIED_TO_SEND, []))
    context["blocking"] = [issue for row in context["rows"] for issue in row["issues"] if issue.blocks_submission]
    return context


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_checked(request, report_id, can_view_report, "xem báo cáo")
    if request.method == "GET":
        record(actor=request.user, action="report.view", obj=report, summary=f"Xem báo cáo {report}")
        return render(request, "web/report.html", _report_context(request, report))
    require(request, can_edit_report, report, action="sửa số liệu báo cáo")
    indicators = report_indicators(report)
    typed = {indicator.code: _typed_from_post(request.POST, indicator) for indicator in indicators}
    cells = [ValueInput(indicator=indicator, **typed[indicator.code]) for indicator in indicators]
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        result = save_values(report, cells, actor=request.user, expected_version=version)
    except ReportingError as error:
        messages.error(request, error.message)
        rows = _rows(report, typed=typed, errors=error.errors)
        return render(request, "web/report.html", _report_context(request, report, rows=rows), status=400)
    messages.success(request, f"Đã lưu {result.changed} số liệu thay đổi.")
    return redirect("report_detail", report_id=report.pk)


@login_required
@require_POST
def report_cell(request: HttpRequest, report_id: int, indicator_id: int) -> HttpResponse:
    """Autosave of one row (htmx): answers with the row, saved, kept as a draft, or in conflict."""
    report = report_checked(request, report_id, can_edit_report, "sửa số liệu báo cáo")
    indicator = get_object_or_404(Indicator, pk=indicator_id, program=report.period.program)
    typed = _typed_from_post(request.POST, indicator)
    try:
        # Per row: htmx also sends the other rows of the form, each with its own stored state.
        based_on = json.loads(request.POST.get(f"i{indicator.pk}-based_on") or "null")
    except json.JSONDecodeError:
        based_on = None
    try:
        result = autosave_cell(report, indicator, values=typed, based_on=based_on, actor=request.user)
    except CellConflict as conflict:
        row = _row(indicator, None, None, typed=typed, conflict=conflict.current, based_on=json.dumps(conflict.current))
        row["message"] = conflict.message
    except ReportingError as error:
        row = _row(indicator, None, None, typed=typed, error=error.message)
    else:
        value = DataValue.objects.filter(report=report, indicator=indicator, disaggregation="").first()
        draft = CellDraft.objects.filter(report=report, indicator=indicator, disaggregation="").first()
        row = _row(indicator, value, draft)
        row["message"] = (
            f"Đã lưu lúc {timezone.localtime():%H:%M:%S}." if result.saved else "Đã giữ nội dung vừa gõ; hãy sửa lỗi."
        )
        row["version"] = result.version
    # Always 200: htmx swaps only successful answers, and the row itself says saved, draft or conflict.
    return render(request, "web/_report_row.html", {"row": row, "report": report, "editable": True})


@login_required
@require_POST
def report_submit(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_checked(request, report_id, can_submit_report, "gửi báo cáo")
    # From now on the page lists every empty cell too: the person tried to send (see _rows).
    request.session[TRIED_TO_SEND] = sorted({*request.session.get(TRIED_TO_SEND, []), report.pk})
    try:
        submit_report(report, actor=request.user)
    except ChecksFailed as failed:
        messages.error(request, failed.message)
        report.refresh_from_db()
        return render(request, "web/report.html", _report_context(request, report), status=400)
    except ReportingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã gửi báo cáo để duyệt.")
    return redirect("report_detail", report_id=report.pk)


def _review(request: HttpRequest, report_id: int, action: str, needs_reason: bool) -> HttpResponse:
    report = report_checked(request, report_id, can_review_report, action)
    form = ReasonForm(request.POST)
    if needs_reason and not form.is_valid():
        messages.error(request, "Cần ghi rõ lý do.")
        return render(request, "web/report.html", _report_context(request, report, reason_form=form), status=400)
    reason = form.cleaned_data.get("reason", "") if needs_reason else ""
    try:
        if action == "duyệt báo cáo":
            approve_report(report, actor=request.user)
            messages.success(request, "Đã duyệt báo cáo; số liệu được khoá.")
        elif action == "trả lại báo cáo":
            return_report(report, reason=reason, actor=request.user)
            messages.success(request, "Đã trả lại báo cáo kèm lý do.")
        else:
            reopen_report(report, reason=reason, actor=request.user)
            messages.success(request, "Đã mở lại báo cáo để sửa.")
    except ReportingError as error:
        messages.error(request, error.message)
    return redirect("report_detail", report_id=report.pk)


@login_required
@require_POST
def report_approve(request: HttpRequest, report_id: int) -> HttpResponse:
    return _review(request, report_id, "duyệt báo cáo", needs_reason=False)


@login_required
@require_POST
def report_return(request: HttpRequest, report_id: int) -> HttpResponse:
    return _review(request, report_id, "trả lại báo cáo", needs_reason=True)


@login_required
@require_POST
def report_reopen(request: HttpRequest, report_id: int) -> HttpResponse:
    return _review(request, report_id, "mở lại báo cáo", needs_reason=True)


FIELD_LABELS = {
    "value": "Giá trị",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "achieved": "Đạt",
    "not_implemented": "Chưa triển khai",
    "note": "Ghi chú",
    "evidence": "Minh chứng",
    "source": "Nguồn",
}
NUMBER_FIELDS = ("value", "numerator", "denominator")


def _shown(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if name in NUMBER_FIELDS:
        return format_number(Decimal(value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return str(value)


def history_lines(changes) -> list[dict]:
    """One line per changed field of each change, numbers written the Vietnamese way."""
    return [
        {
            "at": change.changed_at,
            "by": change.changed_by,
            "field": FIELD_LABELS.get(name, name),
            "before": _shown(name, (change.before or {}).get(name)),
            "after": _shown(name, change.after.get(name)),
        }
        for change in changes
        for name in change.changed_fields
    ]


@login_required
def report_cell_history(request: HttpRequest, report_id: int, indicator_id: int) -> HttpResponse:
    report = report_checked(request, report_id, can_view_report, "xem lịch sử số liệu")
    indicator = get_object_or_404(Indicator, pk=indicator_id, program=report.period.program)
    return render(
        request,
        "web/cell_history.html",
        {"report": report, "indicator": indicator, "lines": history_lines(cell_history(report, indicator))},
    )


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """The reports of the person's units in open periods, and those waiting for their approval."""
    programs = programs_visible_to(request.user)
    open_reports = Report.objects.filter(period__is_open=True, period__program__in=programs).select_related(
        *REPORT_RELATED
    )
    own = open_reports.filter(unit_id__in=covered_unit_ids(request.user)).order_by("-period__year", "unit__name")
    to_review = None  # no queue for those who review nothing (a reporter, a viewer)
    if reviews_reports(request.user):
        submitted = Report.objects.filter(status=ReportStatus.SUBMITTED, period__program__in=programs).select_related(
            *REPORT_RELATED
        )
        to_review = [report for report in submitted if can_review_report(request.user, report)]
    return render(request, "web/my_reports.html", {"own": own[:200], "to_review": to_review})


# -- The report's budget section (stewardship's lines, locked with the report) -----------------------------------


def _typed_line(line) -> dict[str, str]:
    amounts = {
        name: "" if getattr(line, name) is None else format_number(getattr(line, name)) for name in AMOUNT_FIELDS
    }
    return {"source": line.source, "task": str(line.task_id or ""), "note": line.note, **amounts}


def _budget_shown(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    return format_money(Decimal(value)) if name in AMOUNT_FIELDS else str(value)


def _change_lines(change) -> list[dict]:
    """One line per changed amount or note of a budget change, amounts in triệu/tỷ đồng."""
    before, after = change.before or {}, change.after or {}
    return [
        {
            "field": AMOUNT_LABELS.get(name, "Ghi chú"),
            "before": _budget_shown(name, before.get(name)),
            "after": _budget_shown(name, after.get(name)),
        }
        for name in (*AMOUNT_FIELDS, "note")
        if before.get(name) != after.get(name)
    ]


def _budget_context(report: Report, editable: bool, refused: TypedBudget | None = None) -> dict:
    lines = list(report_budget_lines(report))
    typed = refused.typed if refused is not None else [_typed_line(line) for line in lines]
    if editable and refused is None:
        typed += [dict.fromkeys(("source", "task", *AMOUNT_FIELDS, "note"), "") for _ in range(BLANK_BUDGET_ROWS)]
    history = [{"change": change, "lines": _change_lines(change)} for change in report_budget_history(report)[:50]]
    return {
        "lines": lines,
        "typed": typed,
        "errors": refused.errors if refused is not None else [],
        "history": history,
        "sources": BudgetSource.choices,
        "tasks": Task.objects.filter(program=report.period.program).order_by("code", "pk"),
        "year": report.period.year,
    }


@login_required
@require_POST
def report_budget(request: HttpRequest, report_id: int) -> HttpResponse:
    """The budget section of a unit's report: every line of the report's year at once, saved or refused whole."""
    report = report_checked(request, report_id, can_edit_report, "ghi kinh phí trong báo cáo")
    tasks = {str(task.pk): task for task in Task.objects.filter(program=report.period.program)}
    typed = read_report_budget(request.POST, tasks)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        if typed.errors:
            raise StewardshipError(f"Chưa lưu kinh phí: {len(typed.errors)} lỗi cần sửa.", errors=typed.errors)
        changed = save_report_budget(report, typed.rows, actor=request.user, expected_version=version)
    except StewardshipError as error:
        messages.error(request, error.message)
        typed.errors = error.errors or [error.message]
        report.refresh_from_db()
        budget = _budget_context(report, _is_editable(request.user, report), refused=typed)
        return render(request, "web/report.html", _report_context(request, report, budget=budget), status=400)
    messages.success(request, f"Đã lưu kinh phí của báo cáo: {changed} dòng thay đổi.")
    return redirect(reverse("report_detail", args=[report.pk]) + "#kinh-phi")


# -- Periods and completeness --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def periods(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_follow_program, "theo dõi kỳ báo cáo")
    form = OpenPeriodForm(request.POST or None, kinds=PeriodKind.choices, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require(request, can_manage_program, program, action="mở kỳ báo cáo")
        if form.is_valid():
            try:
                key = PeriodKey(form.cleaned_data["year"], form.cleaned_data["kind"], form.cleaned_data["number"])
                period = open_period(program, key, actor=request.user)
            except (PeriodCodeError, ReportingError) as error:
                form.add_error(None, getattr(error, "message", str(error)))
            else:
                messages.success(request, f"Đã mở kỳ {period}.")
                return redirect("period_detail", period_id=period.pk)
    listed = program.periods.order_by("-year", "kind", "-number")
    return render(
        request,
        "web/periods.html",
        {"program": program, "periods": listed, "form": form, "may_manage": can_manage_program(request.user, program)},
        status=400 if form.errors else 200,
    )


@login_required
def period_detail(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_checked(request, period_id, can_follow_program, "theo dõi kỳ báo cáo")
    summary = completeness(period)
    form = CompletenessFilterForm(request.GET or None, progress_choices=[(p.value, p.label) for p in Progress])
    filters = form.cleaned_data if form.is_valid() else {}
    rows = summary.rows
    if filters.get("progress"):
        rows = [row for row in rows if row.progress == filters["progress"]]
    if filters.get("timeliness") == "on_time":
        rows = [row for row in rows if row.on_time]
    elif filters.get("timeliness") == "late":
        rows = [row for row in rows if row.late]
    if filters.get("q"):
        rows = [row for row in rows if unit_found_by(row.unit, filters["q"])]
    if filters.get("kind"):
        rows = [row for row in rows if row.unit.kind == filters["kind"]]
    # A national monthly period expects thousands of units: one page at a time.
    rows_page = Paginator(rows, UNITS_PER_PAGE).get_page(filters.get("trang") or 1)
    rows_query = urlencode({name: value for name, value in filters.items() if value and name != "trang"})
    return render(
        request,
        "web/period.html",
        {
            "period": period,
            "program": period.program,
            "summary": summary,
            "rows": rows,
            "rows_page": rows_page,
            "rows_query": rows_query,
            "form": form,
            "may_manage": can_manage_program(request.user, period.program),
            "reason_form": ReasonForm(),
            "workbook_in_background": in_background(len(summary.rows)),
        },
    )


@login_required
@require_POST
def period_close(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_checked(request, period_id, can_manage_program, "đóng kỳ báo cáo")
    try:
        missing = close_period(period, actor=request.user)
    except ReportingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã đóng kỳ {period}; {missing} đơn vị không gửi báo cáo.")
    return redirect("period_detail", period_id=period.pk)


@login_required
@require_POST
def period_reopen(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_checked(request, period_id, can_manage_program, "mở lại kỳ báo cáo")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cần ghi rõ lý do mở lại kỳ báo cáo.")
        return redirect("period_detail", period_id=period.pk)
    try:
        restored = reopen_period(period, reason=form.cleaned_data["reason"], actor=request.user)
    except ReportingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã mở lại kỳ {period}; {restored} báo cáo trở lại trạng thái trước khi đóng.")
    return redirect("period_detail", period_id=period.pk)


@login_required
@require_POST
def period_remind(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_checked(request, period_id, can_manage_program, "nhắc hạn báo cáo")
    try:
        summary = remind_period(period, timezone.localdate(), actor=request.user)
    except ReminderError as error:
        messages.error(request, error.message)
        return redirect("period_detail", period_id=period.pk)
    messages.success(
        request,
        f"Kỳ {period}: đã gửi {format_number(summary.notifications)} thông báo và {format_number(summary.emails)} "
        "thư nhắc hạn." + (f" {summary.failed} thư gửi lỗi." if summary.failed else ""),
    )
    if summary.unreached:
        messages.warning(request, summary.unreached_text())
    return redirect("period_detail", period_id=period.pk)


# -- Assignments ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_follow_program, "xem phân công báo cáo")
    form = AssignmentForm(request.POST or None, roles=AssignmentRole.choices)
    if request.method == "POST":
        require(request, can_manage_program, program, action="phân công báo cáo")
        if form.is_valid():
            data = form.cleaned_data
            indicator = Indicator.objects.filter(program=program, code=data["indicator"].strip()).first()
            unit = OrgUnit.objects.filter(code=data["unit"].strip()).first() if data["unit"].strip() else None
            if indicator is None:
                form.add_error("indicator", "Chương trình không có chỉ tiêu mã này.")
            elif data["unit"].strip() and unit is None:
                form.add_error("unit", "Không có đơn vị mã này.")
            else:
                try:
                    add_assignment(indicator, role=data["role"], unit=unit, actor=request.user)
                except ReportingError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, f"Đã phân công chỉ tiêu {indicator.code}.")
                    return redirect("assignments", slug=program.slug)
    filter_form = AssignmentFilterForm(request.GET or None, roles=AssignmentRole.choices)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    listed = assignments_of(program)
    if filters.get("role"):
        listed = listed.filter(role=filters["role"])
    if filters.get("q"):
        q = filters["q"]
        listed = listed.filter(
            Q(indicator__code__istartswith=q) | Q(indicator__name__icontains=q) | Q(unit__name__icontains=q)
        )
    return render(
        request,
        "web/assignments.html",
        {
            "program": program,
            "assignments": listed,
            "form": form,
            "filter_form": filter_form,
            "may_manage": can_manage_program(request.user, program),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def assignment_remove(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("indicator__program"), pk=assignment_id)
    program = assignment.indicator.program
    require(request, can_manage_program, program, action="bỏ phân công báo cáo")
    try:
        remove_assignment(assignment, actor=request.user)
    except ReportingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã bỏ phân công.")
    return redirect("assignments", slug=program.slug)


# -- Notifications -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        marked = mark_notifications_read(request.user)
        messages.success(request, f"Đã đánh dấu {marked} thông báo là đã đọc.")
        return redirect("notifications")
    return render(request, "web/notifications.html", {"unread": unread_notifications(request.user)[:200]})
