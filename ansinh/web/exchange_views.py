"""Spreadsheets on the report and period pages: download a pre-filled template, upload it back
(.xlsx, .xls, .ods) — for one unit, or for many units at once by the standing agency."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from ansinh.accounts.rules import (
    can_edit_report,
    can_enter_data,
    can_follow_program,
    can_manage_program,
    can_view_report,
)
from ansinh.audit.services import record
from ansinh.core.downloads import attachment
from ansinh.exchange.selectors import export_job_path, export_job_progress, in_background, period_workbook_units
from ansinh.exchange.services.export_jobs import enqueue_period_workbook, record_export_download
from ansinh.exchange.services.spreadsheets import (
    XLSX_CONTENT_TYPE,
    export_multi_unit_workbook,
    export_report_workbook,
    import_multi_unit_workbook,
    import_report_workbook,
    report_workbook_filename,
)
from ansinh.gates import export_job_checked, period_checked, report_checked
from ansinh.reporting.selectors import report_indicators

# A report template is a few hundred kilobytes; a city's multi-unit sheet a few megabytes.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class SpreadsheetForm(forms.Form):
    file = forms.FileField(label=_("Tệp bảng tính (.xlsx, .xls, .ods)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        if not upload.name.lower().endswith((".xlsx", ".xls", ".ods")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx, .xls hoặc .ods."))
        return upload


def export_start(
    request: HttpRequest,
    program,
    *,
    title: str,
    units: int,
    action: str,
    button: str | Promise,
    period=None,
    fields: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """The page an export too large for a web request answers a GET with (issue 21): it builds nothing and
    creates nothing; its button POSTs ``fields`` (the export's options) to ``action``, which queues the job."""
    context = {
        "program": program,
        "period": period,
        "title": title,
        "units": units,
        "action": action,
        "button": button,
        "fields": fields or [],
    }
    return render(request, "web/export_start.html", context)


@login_required
def report_workbook(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_checked(request, report_id, can_view_report, "tải mẫu báo cáo")
    record(actor=request.user, action="report.export_spreadsheet", obj=report, summary=f"Tải bảng tính {report}")
    content = export_report_workbook(report.period, report.unit, report_indicators(report))
    return attachment(content, report_workbook_filename(report.period, report.unit), XLSX_CONTENT_TYPE)


@login_required
@require_POST
def report_workbook_upload(request: HttpRequest, report_id: int) -> HttpResponse:
    report = report_checked(request, report_id, can_edit_report, "nhập số liệu từ bảng tính")
    form = SpreadsheetForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors.get("file", [])))
        return redirect("report_detail", report_id=report.pk)
    upload = form.cleaned_data["file"]
    result = import_report_workbook(report.period, report.unit, upload.read(), filename=upload.name, actor=request.user)
    if result.ok:
        messages.success(request, result.message)
        return redirect("report_detail", report_id=report.pk)
    return render(request, "web/spreadsheet_result.html", {"result": result, "back": report}, status=400)


@login_required
@require_GET
def period_workbook(request: HttpRequest, period_id: int) -> HttpResponse:
    """The period's multi-unit workbook, at once; a period with more units than EXPORT_JOB_MIN_UNITS gets
    a page whose button (POST) starts a background job instead — a GET builds nothing big, creates nothing."""
    period = period_checked(request, period_id, can_follow_program, "tải bảng tổng hợp nhiều đơn vị")
    units = period_workbook_units(period)
    if in_background(len(units)):
        return export_start(
            request,
            period.program,
            title=f"{_('Bảng tổng hợp các đơn vị')} — {period}",
            units=len(units),
            action=reverse("period_workbook_job", args=[period.pk]),
            button=_("Tạo bảng tổng hợp (Excel)"),
            period=period,
        )
    record(
        actor=request.user,
        action="period.export_spreadsheet",
        obj=period,
        summary=f"Tải bảng tổng hợp {period} — {period.program} ({len(units)} đơn vị)",
    )
    return attachment(export_multi_unit_workbook(period, units), report_workbook_filename(period), XLSX_CONTENT_TYPE)


@login_required
@require_POST
def period_workbook_job(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_checked(request, period_id, can_follow_program, "tải bảng tổng hợp nhiều đơn vị")
    job = enqueue_period_workbook(period, actor=request.user)
    return redirect("export_job", job_id=job.pk)


@login_required
@require_GET
def export_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = export_job_checked(request, job_id, "xem lượt xuất tệp")
    progress = export_job_progress(job)
    ready = export_job_path(job) is not None
    return render(
        request,
        "web/export_job.html",
        {"job": job, "period": job.period, "program": job.program, "progress": progress, "ready": ready},
    )


@login_required
@require_GET
def export_job_progress_part(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress part of the job page, polled by htmx while the job runs; once finished, the page
    reloads itself to show the download link (as the import job page does)."""
    job = export_job_checked(request, job_id, "xem lượt xuất tệp")
    progress = export_job_progress(job)
    response = render(
        request,
        "web/export_job_progress.html",
        {"job": job, "progress": progress, "ready": export_job_path(job) is not None},
    )
    if progress.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def export_job_download(request: HttpRequest, job_id: int) -> FileResponse:
    """The finished file, for the person who asked for it and the programme's secretariat (checked again here)."""
    job = export_job_checked(request, job_id, "tải tệp của lượt xuất")
    path = export_job_path(job)
    if path is None:
        raise Http404(_("Tệp chưa sẵn sàng hoặc không còn nữa."))
    record_export_download(job, actor=request.user)
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.filename, content_type=job.content_type)


@login_required
@require_POST
def period_workbook_upload(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_checked(request, period_id, can_manage_program, "nhập bảng tổng hợp nhiều đơn vị")
    form = SpreadsheetForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors.get("file", [])))
        return redirect("period_detail", period_id=period.pk)
    upload = form.cleaned_data["file"]
    user = request.user
    result = import_multi_unit_workbook(
        period,
        upload.read(),
        may_write=lambda unit: can_enter_data(user, unit) or can_manage_program(user, period.program),
        filename=upload.name,
        actor=user,
    )
    if result.ok:
        messages.success(request, result.message)
        return redirect("period_detail", period_id=period.pk)
    return render(request, "web/spreadsheet_result.html", {"result": result, "back_period": period}, status=400)
