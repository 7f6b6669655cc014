"""Pages of steering work: the secretariat's page with the alerts, tasks (list, detail, status, import from
the plan's text), a task's account inside a periodic report, meetings and their conclusions, difficulties,
inspections (plans, teams, visits, findings, recommendations, corrections). Each view starts with a getter of
``ansinh.gates``, calls a followups service or selector, and renders; every list filters and exports to Excel."""

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ansinh.accounts.access import require
from ansinh.accounts.rules import (
    can_edit_report,
    can_follow_program,
    can_manage_steering,
    can_raise_difficulty,
    can_record_findings,
    can_resolve_difficulty,
    can_review_report,
    can_update_task,
    can_view_inspection,
    can_view_steering,
    can_view_task,
    can_view_team,
)
from ansinh.accounts.selectors import covered_unit_ids
from ansinh.core.dates import format_date
from ansinh.core.downloads import attachment
from ansinh.exchange.formats.table import XLSX_CONTENT_TYPE, Value
from ansinh.exchange.services.tables import audited_table, table_filename
from ansinh.followups.models import Difficulty, InspectionVisit, Task, TaskKind
from ansinh.followups.selectors import (
    ALERT_KINDS,
    DifficultyFilters,
    TaskFilters,
    current_alerts,
    difficulties_visible_to,
    document_quotas,
    filter_difficulties,
    filter_tasks,
    inspection_plans_visible_to,
    meetings_of,
    plan_progress,
    task_choices,
    task_progress,
    task_rows,
    tasks_visible_to,
    with_units,
)
from ansinh.followups.services.attachments import store_attachment
from ansinh.followups.services.difficulties import DifficultyInput, raise_difficulty, resolve_difficulty
from ansinh.followups.services.errors import FollowupError
from ansinh.followups.services.inspections import (
    add_recommendation,
    add_team,
    add_visit,
    attach_team_report,
    create_inspection_plan,
    inspectors,
    record_finding,
    record_visit,
    reopen_for_correction,
)
from ansinh.followups.services.meetings import MeetingInput, add_conclusion, create_meeting
from ansinh.followups.services.plan_tasks import apply_task_import, preview_task_import
from ansinh.followups.services.progress import save_task_progress
from ansinh.followups.services.tasks import TaskInput, create_task, edit_task, set_task_status
from ansinh.gates import (
    attachment_checked,
    difficulty_checked,
    finding_checked,
    inspection_plan_checked,
    meeting_checked,
    program_checked,
    report_checked,
    task_checked,
    team_checked,
)
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Indicator, Program
from ansinh.programs.plan_import.tasks import TaskFormatError, read_plan_tasks
from ansinh.reporting.models import Report, ReportStatus
from ansinh.web.followup_forms import (
    AttachmentForm,
    ConclusionForm,
    DifficultyFilterForm,
    DifficultyForm,
    FindingForm,
    InspectionPlanForm,
    MeetingFilterForm,
    MeetingForm,
    ProgressForm,
    RecommendationForm,
    ResolveForm,
    TaskFilterForm,
    TaskForm,
    TaskStatusForm,
    TeamForm,
    VisitDoneForm,
    VisitForm,
    units_by_codes,
)
from ansinh.web.plan_views import TOKEN_MAX_AGE, PlanTextForm, normalise_text

TASK_IMPORT_NAMESPACE = "ansinh.web.task_import"  # a namespace for signing.dumps, not a secret
PAGE_SIZE = 100
# Departments first in the lists of units a task is given to: most tasks of a city's plan go to them.
UNIT_ORDER: dict[str, int] = {
    OrgUnitKind.DEPARTMENT: 0,
    OrgUnitKind.OTHER: 1,
    OrgUnitKind.DISTRICT: 2,
    OrgUnitKind.COMMUNE: 3,
}


def _today(request: HttpRequest) -> date:
    """The day the page judges deadlines on: today, or ``?ngay=dd/mm/yyyy`` to see the state on another day."""
    text = request.GET.get("ngay", "").strip()
    if text:
        try:
            return datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            messages.warning(request, f"Ngày “{text}” không hợp lệ (dd/mm/yyyy); trang tính theo hôm nay.")
    return timezone.localdate()


def _wants_export(request: HttpRequest) -> bool:
    return request.GET.get("xuat") == "xlsx"


def _excel(
    request, program: Program, what: str, headers: Sequence[str], rows: Iterable[Sequence[Value]]
) -> HttpResponse:
    content = audited_table(program, what=what, headers=headers, rows=rows, actor=request.user)
    return attachment(content, table_filename(program, what), XLSX_CONTENT_TYPE)


def _area_units(program: Program) -> list[OrgUnit]:
    """Units a task, a difficulty or a visit may be given to: the standing agency and the units right under
    the programme's area (departments, districts until 30/6/2025, communes from 1/7/2025)."""
    units = OrgUnit.objects.filter(parent=program.owner_unit)
    if program.standing_agency_id is not None:
        units = units | OrgUnit.objects.filter(pk=program.standing_agency_id)
    return sorted(units, key=lambda unit: (UNIT_ORDER.get(str(unit.kind), len(UNIT_ORDER)), unit.name))


def _indicators(program: Program) -> list[Indicator]:
    return list(Indicator.objects.filter(program=program, is_group=False).order_by("sort_key"))


def _task_input(form, program: Program) -> TaskInput:
    data = form.cleaned_data
    units = {unit.code: unit for unit in units_by_codes([data["lead_unit"], *data.get("coordinating_units", [])])}
    return TaskInput(
        title=data["title"],
        kind=data.get("kind") or TaskKind.TASK,
        document_type=data.get("document_type") or "",
        text=data.get("text", ""),
        field=data.get("field", ""),
        lead_unit=units.get(data["lead_unit"]),
        coordinating_units=[units[code] for code in data.get("coordinating_units", []) if code in units],
        deadline=data["deadline"],
        indicators=list(Indicator.objects.filter(program=program, pk__in=data.get("indicators", []))),
    )


def _illustrative_note(rows) -> bool:
    return any(getattr(row, "is_illustrative", False) for row in rows)


# -- The secretariat's page ------------------------------------------------------------------------------


@login_required
@require_GET
def steering(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_follow_program, "theo dõi điều hành chương trình")
    today = _today(request)
    alerts = current_alerts(program, today)
    tasks = Task.objects.filter(program=program)
    rows = task_rows(tasks.select_related("lead_unit"), today)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status_label] = counts.get(row.status_label, 0) + 1
    return render(
        request,
        "followups/steering.html",
        {
            "program": program,
            "today": today,
            "alerts": alerts,
            "alert_groups": [(label, [a for a in alerts if a.kind == kind]) for kind, label in ALERT_KINDS.items()],
            "counts": sorted(counts.items()),
            "total": len(rows),
            "quotas": document_quotas(program),
            "plans": [plan_progress(plan, today) for plan in program.inspection_plans.all()],
            "meetings": meetings_of(program)[:5],
            "may_manage": can_manage_steering(request.user, program),
        },
    )


# -- Tasks -----------------------------------------------------------------------------------------------------


def _task_filters(form: TaskFilterForm) -> TaskFilters:
    data = form.cleaned_data if form.is_valid() else {}
    unit = OrgUnit.objects.filter(code=data.get("unit")).first() if data.get("unit") else None
    return TaskFilters(
        unit=unit,
        field=data.get("field", ""),
        status=data.get("status", ""),
        kind=data.get("kind", ""),
        origin=data.get("origin", ""),
        due_from=data.get("due_from"),
        due_to=data.get("due_to"),
        q=data.get("q", ""),
    )


TASK_HEADERS = (
    "Mã",
    "Nhiệm vụ",
    "Loại",
    "Lĩnh vực",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời hạn",
    "Trạng thái",
    "Ngày hoàn thành",
    "Văn bản, minh chứng",
    "Chỉ tiêu liên quan",
    "Nguồn giao",
    "Ghi chú",
)


def _task_export_row(row) -> list[Value]:
    task = row.task
    evidence = " ".join(
        part
        for part in (
            task.evidence_number,
            format_date(task.evidence_date) if task.evidence_date else "",
            task.evidence_note,
        )
        if part
    )
    notes = "; ".join(part for part in ("ví dụ minh họa" if task.is_illustrative else "", task.review_reason) if part)
    return [
        task.code,
        task.title,
        task.get_document_type_display() or task.get_kind_display(),
        task.field,
        task.lead_unit.name if task.lead_unit else "",
        ", ".join(u.name for u in task.coordinating_units.all()),
        task.deadline.label,
        row.status_label,
        task.completed_on,
        evidence,
        ", ".join(i.code for i in task.indicators.all()),
        task.get_origin_display(),
        notes,
    ]


@login_required
@require_http_methods(["GET", "POST"])
def task_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_view_steering, "xem nhiệm vụ của chương trình")
    today = _today(request)
    fields, units = task_choices(program)
    create_form = None
    if can_manage_steering(request.user, program):
        create_form = TaskForm(
            request.POST if request.method == "POST" else None,
            units=_area_units(program),
            indicators=_indicators(program),
        )
    if request.method == "POST":
        require(request, can_manage_steering, program, action="giao nhiệm vụ")
        assert create_form is not None
        if create_form.is_valid():
            try:
                task = create_task(program, _task_input(create_form, program), actor=request.user)
            except FollowupError as error:
                create_form.add_error(None, error.message)
            else:
                messages.success(request, f"Đã giao nhiệm vụ “{task.title}”.")
                return redirect("task_detail", task_id=task.pk)
    filter_form = TaskFilterForm(request.GET or None, units=units, fields=fields)
    tasks = with_units(filter_tasks(tasks_visible_to(request.user, program), _task_filters(filter_form), today))
    rows = task_rows(tasks, today)
    if _wants_export(request):
        return _excel(request, program, "Nhiệm vụ", TASK_HEADERS, [_task_export_row(row) for row in rows])
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "followups/tasks.html",
        {
            "program": program,
            "today": today,
            "rows": rows[:PAGE_SIZE],
            "count": len(rows),
            "page_size": PAGE_SIZE,
            "filter_form": filter_form,
            "create_form": create_form,
            "illustrative": _illustrative_note(row.task for row in rows),
            "export_query": request.GET.urlencode(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = task_checked(request, task_id, can_view_task, "xem nhiệm vụ")
    program = task.program
    may_manage = can_manage_steering(request.user, program)
    edit_form = None
    if may_manage:
        initial = {
            "title": task.title,
            "kind": task.kind if task.kind in (TaskKind.TASK, TaskKind.DOCUMENT, TaskKind.DIRECTIVE) else TaskKind.TASK,
            "document_type": task.document_type,
            "text": task.text,
            "field": task.field,
            "lead_unit": task.lead_unit.code if task.lead_unit else "",
            "coordinating_units": [u.code for u in task.coordinating_units.all()],
            "deadline": task.deadline.label,
            "indicators": [str(i.pk) for i in task.indicators.all()],
        }
        edit_form = TaskForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            units=_area_units(program),
            indicators=_indicators(program),
        )
    if request.method == "POST":
        require(request, can_manage_steering, program, action="sửa nhiệm vụ")
        assert edit_form is not None
        if edit_form.is_valid():
            data = _task_input(edit_form, program)
            data.kind = task.kind if task.kind == TaskKind.RECOMMENDATION else data.kind
            data.origin, data.code, data.source = task.origin, task.code, task.source
            data.is_illustrative, data.plan_section, data.lead_reason = (
                task.is_illustrative,
                task.plan_section,
                task.lead_reason,
            )
            try:
                edit_task(task, data, actor=request.user)
            except FollowupError as error:
                edit_form.add_error(None, error.message)
            else:
                messages.success(request, "Đã sửa nhiệm vụ.")
                return redirect("task_detail", task_id=task.pk)
    return _render_task(request, task, edit_form=edit_form, status=400 if request.method == "POST" else 200)


def _render_task(request, task: Task, *, edit_form=None, status_form=None, status=200) -> HttpResponse:
    today = _today(request)
    may_update = can_update_task(request.user, task)
    return render(
        request,
        "followups/task.html",
        {
            "task": task,
            "program": task.program,
            "today": today,
            "status": task.status_on(today),
            "row": task_rows([task], today)[0],
            "progress": task_progress(task),
            "children": task.children.select_related("lead_unit"),
            "edit_form": edit_form,
            "status_form": status_form or (TaskStatusForm(initial={"status": task.status}) if may_update else None),
        },
        status=status,
    )


@login_required
@require_POST
def task_status(request: HttpRequest, task_id: int) -> HttpResponse:
    task = task_checked(request, task_id, can_update_task, "cập nhật nhiệm vụ")
    form = TaskStatusForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            evidence = (
                store_attachment(data["evidence_file"], actor=request.user) if data.get("evidence_file") else None
            )
            set_task_status(
                task,
                status=data["status"],
                completed_on=data.get("completed_on"),
                evidence_number=data.get("evidence_number", ""),
                evidence_date=data.get("evidence_date"),
                evidence_note=data.get("evidence_note", ""),
                evidence_file=evidence,
                actor=request.user,
            )
        except FollowupError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Đã cập nhật nhiệm vụ.")
            return redirect("task_detail", task_id=task.pk)
    return _render_task(request, task, status_form=form, status=400)


# -- Tasks read from the plan's text ------------------------------------------------------------------------


def _import_digest(program: Program, text: str) -> str:
    return hashlib.sha256(f"{program.slug}\n{text}".encode()).hexdigest()


@login_required
@require_http_methods(["GET", "POST"])
def task_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1: the plan's text; on POST, step 2: the preview of its tasks and their lead units."""
    program = program_checked(request, slug, can_manage_steering, "nhập nhiệm vụ từ văn bản kế hoạch")
    form = PlanTextForm(request.POST or None, request.FILES or None, owner_choices=[])
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["plan_text"]
        try:
            preview = preview_task_import(program, read_plan_tasks(text))
        except TaskFormatError as error:
            form.add_error(None, str(error))
        else:
            token = signing.dumps(_import_digest(program, text), salt=TASK_IMPORT_NAMESPACE)
            return render(
                request,
                "followups/task_import_preview.html",
                {"program": program, "preview": preview, "text": text, "token": token},
            )
    form.fields.pop("end_year")
    form.fields.pop("owner_unit")
    return render(
        request, "followups/task_import.html", {"program": program, "form": form}, status=400 if form.is_bound else 200
    )


@login_required
@require_POST
def task_import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 3: read the same text again, check it is the one previewed, write."""
    program = program_checked(request, slug, can_manage_steering, "nhập nhiệm vụ từ văn bản kế hoạch")
    text = normalise_text(request.POST.get("text", ""))
    try:
        expected = signing.loads(request.POST.get("token", ""), salt=TASK_IMPORT_NAMESPACE, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        expected = None
    if not text or expected != _import_digest(program, text):
        messages.error(request, "Nội dung gửi lên khác với nội dung đã xem trước (hoặc đã quá hạn); hãy xem trước lại.")
        return redirect("task_import", slug=program.slug)
    try:
        preview = preview_task_import(program, read_plan_tasks(text))
    except TaskFormatError as error:
        messages.error(request, str(error))
        return redirect("task_import", slug=program.slug)
    messages.success(request, apply_task_import(preview, actor=request.user).message())
    return redirect("task_list", slug=program.slug)


# -- A task's account inside a periodic report ----------------------------------------------------------


@login_required
@require_POST
def report_task_progress(request: HttpRequest, report_id: int, task_id: int) -> HttpResponse:
    report = report_checked(request, report_id, can_edit_report, "báo cáo tiến độ nhiệm vụ")
    task = get_object_or_404(Task.objects.select_related("program"), pk=task_id, program=report.period.program)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Mỗi phần tối đa 5.000 ký tự.")
    else:
        try:
            save_task_progress(task, report, actor=request.user, **form.cleaned_data)
        except FollowupError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Đã lưu tiến độ nhiệm vụ “{task.title}”.")
    return redirect(reverse("report_detail", args=[report.pk]) + f"#task-{task.pk}")


# -- Meetings -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_view_steering, "xem hội nghị của chương trình")
    may_manage = can_manage_steering(request.user, program)
    form = (
        MeetingForm(request.POST if request.method == "POST" else None, units=_area_units(program))
        if may_manage
        else None
    )
    if request.method == "POST":
        require(request, can_manage_steering, program, action="ghi hội nghị")
        assert form is not None
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = create_meeting(
                    program,
                    MeetingInput(
                        held_on=data["held_on"],
                        kind=data["kind"],
                        title=data["title"],
                        chair=data["chair"],
                        attending_units=units_by_codes(data["attending_units"]),
                        summary=data["summary"],
                        conclusions=data["conclusions"],
                    ),
                    actor=request.user,
                )
            except FollowupError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Đã ghi hội nghị; hãy thêm các kết luận, chỉ đạo.")
                return redirect("meeting_detail", meeting_id=meeting.pk)
    filter_form = MeetingFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    today = _today(request)
    meetings = list(meetings_of(program, year=filters.get("year"), kind=filters.get("kind", "")))
    rows = [(meeting, task_rows(meeting.tasks.all(), today)) for meeting in meetings]
    if _wants_export(request):
        headers = (
            "Ngày",
            "Loại",
            "Hội nghị",
            "Chủ trì",
            "Kết luận",
            "Số kết luận giao",
            "Đã hoàn thành",
            "Quá hạn",
            "Nguồn",
        )
        return _excel(
            request,
            program,
            "Hội nghị",
            headers,
            [
                [
                    m.held_on,
                    m.get_kind_display(),
                    m.title + (" (ví dụ minh họa)" if m.is_illustrative else ""),
                    m.chair,
                    m.conclusions,
                    len(r),
                    sum(x.status.value in ("done", "done_late") for x in r),
                    sum(x.status.value == "overdue" for x in r),
                    m.source,
                ]
                for m, r in rows
            ],
        )
    return render(
        request,
        "followups/meetings.html",
        {
            "program": program,
            "rows": rows,
            "filter_form": filter_form,
            "form": form,
            "today": today,
            "export_query": request.GET.urlencode(),
            "illustrative": _illustrative_note(meetings),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """What the chair asked for and what became of it, on one page."""
    meeting = meeting_checked(request, meeting_id, can_view_steering, "xem hội nghị")
    program = meeting.program
    may_manage = can_manage_steering(request.user, program)
    form = None
    if may_manage:
        form = ConclusionForm(
            request.POST if request.method == "POST" else None,
            units=_area_units(program),
            indicators=_indicators(program),
        )
    if request.method == "POST":
        require(request, can_manage_steering, program, action="ghi kết luận hội nghị")
        assert form is not None
        if form.is_valid():
            try:
                add_conclusion(meeting, _task_input(form, program), actor=request.user)
            except FollowupError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Đã giao kết luận thành nhiệm vụ.")
                return redirect("meeting_detail", meeting_id=meeting.pk)
    today = _today(request)
    visible = set(tasks_visible_to(request.user, program).filter(meeting=meeting).values_list("pk", flat=True))
    tasks = with_units(meeting.tasks.select_related("lead_unit"))
    return render(
        request,
        "followups/meeting.html",
        {
            "meeting": meeting,
            "program": program,
            "today": today,
            "form": form,
            "rows": [row for row in task_rows(tasks, today) if row.task.pk in visible],
            "hidden": tasks.count() - len(visible),
            "difficulties": meeting.difficulties.select_related("resolving_unit"),
            "attending": meeting.attending_units.order_by("name"),
        },
        status=400 if request.method == "POST" else 200,
    )


# -- Difficulties -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def difficulty_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_view_steering, "xem khó khăn, vướng mắc")
    may_raise = can_raise_difficulty(request.user, program)
    area = _area_units(program)
    own = (
        area
        if can_manage_steering(request.user, program)
        else [u for u in area if u.pk in covered_unit_ids(request.user)]
    )
    form = None
    if may_raise and own:
        form = DifficultyForm(
            request.POST if request.method == "POST" else None,
            own_units=own,
            units=area,
            indicators=_indicators(program),
        )
    if request.method == "POST":
        require(request, can_raise_difficulty, program, action="nêu khó khăn, vướng mắc")
        if form is not None and form.is_valid():
            data = form.cleaned_data
            units = {u.code: u for u in units_by_codes([data["raised_by"], data.get("resolving_unit") or ""])}
            try:
                raise_difficulty(
                    program,
                    DifficultyInput(
                        title=data["title"],
                        raised_on=timezone.localdate(),
                        description=data["description"],
                        proposal=data["proposal"],
                        field=data["field"],
                        raised_by=units.get(data["raised_by"]),
                        resolving_unit=units.get(data.get("resolving_unit") or ""),
                        indicators=list(Indicator.objects.filter(program=program, pk__in=data["indicators"])),
                    ),
                    actor=request.user,
                )
            except FollowupError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Đã ghi khó khăn, vướng mắc.")
                return redirect("difficulty_list", slug=program.slug)
    visible = difficulties_visible_to(request.user, program)
    fields = sorted(set(visible.exclude(field="").values_list("field", flat=True)))
    resolving = OrgUnit.objects.filter(pk__in=visible.values("resolving_unit")).order_by("name")
    filter_form = DifficultyFilterForm(request.GET or None, units=resolving, fields=fields)
    data = filter_form.cleaned_data if filter_form.is_valid() else {}
    unit = OrgUnit.objects.filter(code=data.get("unit")).first() if data.get("unit") else None
    rows = list(
        filter_difficulties(
            visible,
            DifficultyFilters(
                unit=unit, field=data.get("field", ""), status=data.get("status", ""), q=data.get("q", "")
            ),
        )
    )
    if _wants_export(request):
        headers = (
            "Ngày nêu",
            "Khó khăn, vướng mắc",
            "Lĩnh vực",
            "Chỉ tiêu",
            "Đơn vị nêu",
            "Nêu tại",
            "Kiến nghị",
            "Đơn vị giải quyết",
            "Tình trạng",
            "Kết quả giải quyết",
            "Nguồn",
        )
        return _excel(
            request,
            program,
            "Khó khăn vướng mắc",
            headers,
            [
                [
                    d.raised_on,
                    d.title + (" (ví dụ minh họa)" if d.is_illustrative else ""),
                    d.field,
                    ", ".join(i.code for i in d.indicators.all()),
                    d.raised_by.name if d.raised_by else "",
                    str(d.meeting) if d.meeting else (str(d.report) if d.report_id else ""),
                    d.proposal,
                    d.resolving_unit.name if d.resolving_unit else "",
                    d.get_status_display(),
                    d.resolution,
                    d.source,
                ]
                for d in rows
            ],
        )
    resolvable = {d.pk for d in rows if can_resolve_difficulty(request.user, d) and d.status == Difficulty.Status.OPEN}
    return render(
        request,
        "followups/difficulties.html",
        {
            "program": program,
            "rows": rows,
            "filter_form": filter_form,
            "form": form,
            "resolvable": resolvable,
            "resolve_form": ResolveForm(initial={"resolved_on": format_date(timezone.localdate())}),
            "export_query": request.GET.urlencode(),
            "illustrative": _illustrative_note(rows),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def difficulty_resolve(request: HttpRequest, difficulty_id: int) -> HttpResponse:
    difficulty = difficulty_checked(request, difficulty_id, can_resolve_difficulty, "giải quyết khó khăn, vướng mắc")
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cần ghi kết quả giải quyết và ngày giải quyết (dd/mm/yyyy).")
    else:
        try:
            resolve_difficulty(difficulty, actor=request.user, **form.cleaned_data)
        except FollowupError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Đã ghi kết quả giải quyết.")
    return redirect("difficulty_list", slug=difficulty.program.slug)


# -- Inspections ---------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def inspection_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_view_steering, "xem kế hoạch kiểm tra")
    may_manage = can_manage_steering(request.user, program)
    form = InspectionPlanForm(request.POST if request.method == "POST" else None) if may_manage else None
    if request.method == "POST":
        require(request, can_manage_steering, program, action="lập kế hoạch kiểm tra")
        assert form is not None
        if form.is_valid():
            try:
                plan = create_inspection_plan(program, actor=request.user, **form.cleaned_data)
            except FollowupError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Đã lập kế hoạch kiểm tra.")
                return redirect("inspection_plan", plan_id=plan.pk)
    today = _today(request)
    year = request.GET.get("nam", "")
    plans = inspection_plans_visible_to(request.user, program)
    if year.isdigit():
        plans = plans.filter(year=int(year))
    rows = [plan_progress(plan, today) for plan in plans]
    if _wants_export(request):
        headers = ("Năm", "Kế hoạch", "Chỉ tiêu", "Số đơn vị cần kiểm tra", "Đã kiểm tra", "Tiến độ", "Nguồn")
        return _excel(
            request,
            program,
            "Kế hoạch kiểm tra",
            headers,
            [
                [
                    r.plan.year,
                    r.plan.title + (" (ví dụ minh họa)" if r.plan.is_illustrative else ""),
                    r.plan.target_phrase,
                    r.plan.target_units,
                    r.visited,
                    r.pace_label,
                    r.plan.source,
                ]
                for r in rows
            ],
        )
    return render(
        request,
        "followups/inspections.html",
        {
            "program": program,
            "rows": rows,
            "form": form,
            "today": today,
            "year": year,
            "export_query": request.GET.urlencode(),
            "illustrative": _illustrative_note(r.plan for r in rows),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = inspection_plan_checked(request, plan_id, can_view_inspection, "xem kế hoạch kiểm tra")
    program = plan.program
    may_manage = can_manage_steering(request.user, program)
    teams = list(plan.teams.prefetch_related("members"))
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "")
    team_form = TeamForm(post if action == "team" else None, people=inspectors()) if may_manage else None
    visit_form = (
        VisitForm(post if action == "visit" else None, units=_area_units(program), teams=teams) if may_manage else None
    )
    if request.method == "POST":
        require(request, can_manage_steering, program, action="sửa kế hoạch kiểm tra")
        try:
            if action == "team" and team_form is not None and team_form.is_valid():
                data = team_form.cleaned_data
                members = list(get_user_model().objects.filter(pk__in=data["members"]))
                add_team(plan, name=data["name"], leader=data["leader"], members=members, actor=request.user)
                messages.success(request, "Đã lập đoàn kiểm tra.")
                return redirect("inspection_plan", plan_id=plan.pk)
            if action == "visit" and visit_form is not None and visit_form.is_valid():
                data = visit_form.cleaned_data
                unit = get_object_or_404(OrgUnit, code=data["unit"])
                team = next((t for t in teams if str(t.pk) == data.get("team")), None)
                add_visit(plan, unit, team=team, planned_on=data.get("planned_on"), actor=request.user)
                messages.success(request, f"Đã thêm {unit.name} vào kế hoạch kiểm tra.")
                return redirect("inspection_plan", plan_id=plan.pk)
            messages.error(request, "Thông tin chưa hợp lệ; xem lỗi bên dưới.")
        except FollowupError as error:
            messages.error(request, error.message)
    today = _today(request)
    visits = plan.visits.select_related("unit", "team").prefetch_related("findings__tasks__lead_unit")
    return render(
        request,
        "followups/inspection_plan.html",
        {
            "plan": plan,
            "program": program,
            "progress": plan_progress(plan, today),
            "teams": teams,
            "visits": visits,
            "team_form": team_form,
            "visit_form": visit_form,
            "today": today,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_team(request: HttpRequest, team_id: int) -> HttpResponse:
    """A team's page: its units, findings and recommendations; the team's inspectors record them here."""
    team = team_checked(request, team_id, can_view_team, "xem đoàn kiểm tra")
    plan, program = team.plan, team.plan.program
    may_record = can_record_findings(request.user, team)
    visits = list(
        InspectionVisit.objects.filter(team=team)
        .select_related("unit")
        .prefetch_related("findings__tasks__lead_unit", "findings__correction_report__period")
    )
    action = request.POST.get("action", "")
    post = request.POST if request.method == "POST" else None
    reports = Report.objects.filter(
        period__program=program, unit__in=[v.unit for v in visits], status=ReportStatus.APPROVED
    ).select_related("unit", "period")
    finding_form = (
        FindingForm(
            post if action == "finding" else None, visits=visits, indicators=_indicators(program), reports=reports
        )
        if may_record
        else None
    )
    done_form = VisitDoneForm(post if action == "visited" else None) if may_record else None
    report_form = (
        AttachmentForm(post if action == "report" else None, request.FILES if action == "report" else None)
        if may_record
        else None
    )
    if request.method == "POST":
        require(request, can_record_findings, team, action="ghi kết quả kiểm tra")
        try:
            if action == "finding" and finding_form is not None and finding_form.is_valid():
                data = finding_form.cleaned_data
                visit = next(v for v in visits if str(v.pk) == data["visit"])
                correction = next((r for r in reports if str(r.pk) == data.get("correction_report")), None)
                record_finding(
                    visit,
                    text=data["text"],
                    indicators=list(Indicator.objects.filter(program=program, pk__in=data["indicators"])),
                    correction_report=correction,
                    actor=request.user,
                )
                messages.success(request, "Đã ghi phát hiện.")
                return redirect("inspection_team", team_id=team.pk)
            if action == "visited" and done_form is not None and done_form.is_valid():
                done_visit = next((v for v in visits if v.pk == done_form.cleaned_data["visit"]), None)
                if done_visit is not None:
                    record_visit(
                        done_visit,
                        visited_on=done_form.cleaned_data["visited_on"],
                        note=done_form.cleaned_data["note"],
                        actor=request.user,
                    )
                    messages.success(request, f"Đã ghi nhận kiểm tra {done_visit.unit.name}.")
                    return redirect("inspection_team", team_id=team.pk)
            if action == "report" and report_form is not None and report_form.is_valid():
                attach_team_report(
                    team, store_attachment(report_form.cleaned_data["file"], actor=request.user), actor=request.user
                )
                messages.success(request, "Đã đính kèm báo cáo kết quả kiểm tra.")
                return redirect("inspection_team", team_id=team.pk)
            messages.error(request, "Thông tin chưa hợp lệ; xem lỗi bên dưới.")
        except FollowupError as error:
            messages.error(request, error.message)
    today = _today(request)
    return render(
        request,
        "followups/inspection_team.html",
        {
            "team": team,
            "plan": plan,
            "program": program,
            "visits": visits,
            "may_record": may_record,
            "finding_form": finding_form,
            "done_form_visits": [v for v in visits if not v.done] if may_record else [],
            "report_form": report_form,
            "today": today,
            "today_text": format_date(timezone.localdate()),
            "recommendation_form": RecommendationForm(units=_area_units(program), indicators=_indicators(program))
            if may_record
            else None,
            "may_reopen": {
                f.pk
                for v in visits
                for f in v.findings.all()
                if f.correction_report and can_review_report(request.user, f.correction_report)
            },
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def finding_recommend(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = finding_checked(request, finding_id, can_record_findings, "ghi kiến nghị sau kiểm tra")
    program = finding.visit.plan.program
    form = RecommendationForm(request.POST, units=_area_units(program), indicators=_indicators(program))
    if not form.is_valid():
        messages.error(request, "Kiến nghị chưa hợp lệ: " + "; ".join(str(e[0]) for e in form.errors.values()))
    else:
        try:
            add_recommendation(finding, _task_input(form, program), actor=request.user)
        except FollowupError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Đã giao kiến nghị thành nhiệm vụ theo dõi đến khi hoàn thành.")
    return _back_to_inspection(finding)


def _back_to_inspection(finding) -> HttpResponse:
    if finding.visit.team_id:
        return redirect("inspection_team", team_id=finding.visit.team_id)
    return redirect("inspection_plan", plan_id=finding.visit.plan_id)


@login_required
@require_POST
def finding_correct(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Reopen the report the finding concerns, through the report's own reopening with a reason."""
    finding = finding_checked(request, finding_id, can_view_team, "xem phát hiện kiểm tra")
    if finding.correction_report is None:
        messages.error(request, "Phát hiện này không yêu cầu điều chỉnh số liệu báo cáo nào.")
        return _back_to_inspection(finding)
    require(request, can_review_report, finding.correction_report, action="mở lại báo cáo để điều chỉnh")
    try:
        reopen_for_correction(finding, reason=request.POST.get("reason", ""), actor=request.user)
    except FollowupError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã mở lại báo cáo để đơn vị điều chỉnh số liệu.")
    return _back_to_inspection(finding)


@login_required
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    file = attachment_checked(request, attachment_id)
    # The stored name is the uploader's; the header gets a plain one (a Vietnamese name does not fit a header).
    extension = file.filename.rsplit(".", 1)[-1].lower() if "." in file.filename else "bin"
    return attachment(bytes(file.content), f"tep-{file.pk}.{extension}", file.content_type)
