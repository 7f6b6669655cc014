"""The pages where the secretariat prepares the documents it issues: the yearly report (its words drafted and
kept with their history, its figures shown as the document will print them, downloads in DOCX, PDF and Excel),
the programme's document settings, and the reminder letter to the units late for a period."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ansinh.accounts.rules import can_follow_program, can_manage_program
from ansinh.core.downloads import attachment
from ansinh.documents.builders.annual_report import annual_report_data, missing_narratives
from ansinh.documents.builders.common import verdict_label
from ansinh.documents.builders.reminder_letter import late_units
from ansinh.documents.selectors import draft_revisions, settings_for
from ansinh.documents.services.drafts import DRAFT_FIELDS, save_document_settings, save_report_draft
from ansinh.documents.services.errors import DocumentError
from ansinh.documents.services.generation import FORMAT_LABELS, reminder_letter_file
from ansinh.documents.steering import SLOTS
from ansinh.gates import period_checked, program_checked
from ansinh.web.document_forms import DocumentSettingsForm, ReminderLetterForm, ReportDraftForm


def _draft_initial(draft) -> dict:
    return {"version": draft.version, **{name: getattr(draft, name) for name in DRAFT_FIELDS}}


@login_required
@require_http_methods(["GET", "POST"])
def annual_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    program = program_checked(request, slug, can_follow_program, "chuẩn bị báo cáo năm")
    may_manage = can_manage_program(request.user, program)
    if year not in program.years:
        messages.error(request, f"Năm {year} nằm ngoài thời gian {program.start_year}–{program.end_year}.")
        return redirect("program_overview", slug=program.slug)
    data = annual_report_data(program, year)
    form = ReportDraftForm(initial=_draft_initial(data.draft))
    status = 200
    if request.method == "POST":
        program = program_checked(request, slug, can_manage_program, "sửa dự thảo báo cáo năm")
        form = ReportDraftForm(request.POST)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in DRAFT_FIELDS}
            for name in ("general_assessment", "shortcomings", "next_steps", "proposals"):
                values[name] = values[name].replace("\r\n", "\n").strip()
            try:
                save_report_draft(program, year, values, based_on=form.cleaned_data["version"], actor=request.user)
            except DocumentError as error:
                messages.error(request, error.message)
                status = 409 if error.code == "version_conflict" else 400
            else:
                messages.success(request, "Đã lưu dự thảo.")
                return redirect("annual_report", slug=program.slug, year=year)
        else:
            status = 400
    rows = [(row, verdict_label(row)) for row in data.evaluation.rows]
    return render(
        request,
        "web/annual_report.html",
        {
            "program": program,
            "year": year,
            "data": data,
            "rows": rows,
            "form": form,
            "may_manage": may_manage,
            "missing": missing_narratives(data.draft),
            "provided": [(SLOTS[slot], part is not None) for slot, part in data.sections.items()],
            "absent": [label for slot, label in SLOTS.items() if slot not in data.sections and slot != "meetings"],
            "revisions": draft_revisions(data.draft)[:20],
            "formats": FORMAT_LABELS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_settings(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_follow_program, "xem thể thức văn bản")
    settings = settings_for(program)
    form = DocumentSettingsForm(instance=settings)
    status = 200
    if request.method == "POST":
        program = program_checked(request, slug, can_manage_program, "sửa thể thức văn bản")
        form = DocumentSettingsForm(request.POST, instance=settings_for(program))
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                save_document_settings(program, values, actor=request.user)
            except DocumentError as error:
                messages.error(request, error.message)
                status = 400
            else:
                messages.success(request, "Đã lưu thể thức văn bản.")
                return redirect("document_settings", slug=program.slug)
        else:
            status = 400
    return render(
        request,
        "web/document_settings.html",
        {"program": program, "form": form, "may_manage": can_manage_program(request.user, program)},
        status=status,
    )


@login_required
def reminder_letter(request: HttpRequest, period_id: int) -> HttpResponse:
    """The công văn đôn đốc to the units that have not sent their report of a period: a form, then the file."""
    period = period_checked(request, period_id, can_manage_program, "soạn công văn đôn đốc")
    today = timezone.localdate()
    late = late_units(period, today)
    form = ReminderLetterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            generated = reminder_letter_file(
                period,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"] or today,
                new_deadline=form.cleaned_data["new_deadline"],
                file_format=form.cleaned_data["file_format"],
                actor=request.user,
                today=today,
            )
        except DocumentError as error:
            messages.error(request, error.message)
        else:
            return attachment(generated.content, generated.filename, generated.content_type)
    return render(
        request,
        "web/reminder_letter.html",
        {"period": period, "program": period.program, "form": form, "late": late, "today": today},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
