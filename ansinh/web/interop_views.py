"""Pages of data exchange with DHIS2 and Open SDG: a programme's exchange page (its DHIS2 mapping, its
recent import jobs, exports of approved figures, and for the secretariat the uploads, queued as
background jobs) and the page of one import job, whose progress refreshes itself while it runs.

Exports carry APPROVED figures only, which a published programme already shows on its public pages:
they need ``can_view_program``, the same rule as the API (``ansinh.api.exchange``). The exchange page
and the jobs are for those who follow the programme; uploads are for its secretariat."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from ansinh.accounts.access import require
from ansinh.accounts.rules import can_follow_program, can_manage_program, can_view_program
from ansinh.core.downloads import attachment
from ansinh.exchange.formats.dhis2_values import (
    ATTRIBUTE_COMBO,
    CREATE,
    CREATE_AND_UPDATE,
    DELETED_VALUE,
    EMPTY_VALUE,
    LOCKED_REPORT,
    PERIOD_CLOSED,
    PERIOD_OUTSIDE_PROGRAM,
    UNMAPPED_COMBO,
    UNMAPPED_ELEMENT,
    UNMAPPED_ORG_UNIT,
    UNSUPPORTED_PERIOD,
    UPDATE,
)
from ansinh.exchange.models import Dhis2Mapping, ImportJob, ImportKind, JobStatus
from ansinh.exchange.selectors import (
    code_table,
    dhis2_export_units,
    dhis2_filename,
    export_content_type,
    in_background,
    job_progress,
    mapping_table,
    opensdg_filename,
    opensdg_indicators,
)
from ansinh.exchange.services.common import UNIT_MISMATCH, ExchangeError
from ansinh.exchange.services.export_jobs import enqueue_dhis2_export, enqueue_opensdg_export
from ansinh.exchange.services.exports import ID_SCHEMES, audited_dhis2_export, audited_opensdg_export, upload_problem
from ansinh.exchange.services.jobs import enqueue_import
from ansinh.gates import job_checked, program_checked
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.web.exchange_views import export_start
from ansinh.web.forms import year_choices

JOBS_SHOWN = 50
FILE_ERRORS = {"required": _("Cần chọn tệp."), "empty": _("Tệp trống.")}
INDICATOR_ERRORS = {"invalid_choice": _("Chương trình không có chỉ tiêu dạng số mã “%(value)s”.")}

STRATEGIES = [
    (CREATE_AND_UPDATE, _("Thêm mới và cập nhật")),
    (CREATE, _("Chỉ thêm số liệu chưa có")),
    (UPDATE, _("Chỉ cập nhật số liệu đã có")),
]
# Why a value was left out of an import (docs/dhis2.md, "Conflicts are reported").
CONFLICT_REASONS = {
    UNMAPPED_ELEMENT: _("Phần tử dữ liệu chưa có trong bảng ánh xạ"),
    UNMAPPED_COMBO: _("Tổ hợp phân tổ chưa có trong bảng ánh xạ"),
    UNMAPPED_ORG_UNIT: _("Đơn vị chưa có trong bảng ánh xạ"),
    UNSUPPORTED_PERIOD: _("Loại kỳ không được hỗ trợ"),
    PERIOD_OUTSIDE_PROGRAM: _("Kỳ nằm ngoài thời gian của chương trình"),
    ATTRIBUTE_COMBO: _("Tổ hợp thuộc tính không phải mặc định"),
    EMPTY_VALUE: _("Giá trị trống"),
    DELETED_VALUE: _("Giá trị đã bị xóa"),
    LOCKED_REPORT: _("Báo cáo đã khóa"),
    PERIOD_CLOSED: _("Kỳ báo cáo đã đóng"),
    UNIT_MISMATCH: _("Đơn vị tính khác của chỉ tiêu"),
}


# -- Forms ---------------------------------------------------------------------------------------


def _choices(form: forms.Form, name: str, choices) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _id_schemes(program: Program) -> list[tuple[str, str]]:
    has_mapping = Dhis2Mapping.objects.filter(program=program).exists()
    return [(key, str(label)) for key, label in ID_SCHEMES.items() if has_mapping or key == "code"]


def _indicator_choices(program: Program) -> list[tuple[str, str]]:
    return [(indicator.code, f"{indicator.code}. {indicator.name}") for indicator in opensdg_indicators(program)]


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *JobStatus.choices])
    kind = forms.ChoiceField(label=_("Loại tệp"), required=False, choices=[("", _("Tất cả")), *ImportKind.choices])


class ConflictFilterForm(forms.Form):
    reason = forms.ChoiceField(label=_("Lý do"), required=False)

    def __init__(self, *args, reasons: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "reason", [("", _("Tất cả")), *reasons])


class Dhis2ExportForm(forms.Form):
    start_year = forms.TypedChoiceField(label=_("Từ năm"), coerce=int)
    end_year = forms.TypedChoiceField(label=_("Đến năm"), coerce=int)
    file_format = forms.ChoiceField(label=_("Định dạng"), choices=[("json", "JSON"), ("csv", "CSV")])
    scheme = forms.ChoiceField(label=_("Mã dùng trong tệp"))

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "start_year", year_choices(program))
        _choices(self, "end_year", year_choices(program))
        _choices(self, "scheme", _id_schemes(program))
        self.fields["start_year"].initial = program.start_year
        self.fields["end_year"].initial = program.end_year

    def clean(self):
        data = self.cleaned_data
        if data.get("start_year") and data.get("end_year") and data["start_year"] > data["end_year"]:
            raise forms.ValidationError(_("Năm bắt đầu không được sau năm kết thúc."))
        return data


class OpenSdgExportForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"), error_messages=INDICATOR_ERRORS)
    units = forms.CharField(
        label=_("Mã đơn vị (cột GeoCode)"),
        required=False,
        max_length=2000,
        help_text=_("Không bắt buộc; nhiều mã cách nhau bởi dấu phẩy, ví dụ W25-00004, W25-00008."),
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "indicator", _indicator_choices(program))

    def clean_units(self) -> list[OrgUnit]:
        codes = [code.strip() for code in self.cleaned_data["units"].split(",") if code.strip()]
        units = list(OrgUnit.objects.filter(code__in=codes).order_by("code"))
        missing = sorted(set(codes) - {unit.code for unit in units})
        if missing:
            raise forms.ValidationError(f"Không có đơn vị mã {', '.join(missing)}.")
        return units


class Dhis2UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp dataValueSets (.json hoặc .csv)"), error_messages=FILE_ERRORS)
    scheme = forms.ChoiceField(label=_("Mã dùng trong tệp"))
    strategy = forms.ChoiceField(label=_("Cách nhập"), choices=STRATEGIES, initial=CREATE_AND_UPDATE)
    dry_run = forms.BooleanField(label=_("Chạy thử: kiểm tra và báo kết quả, không ghi gì"), required=False)

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "scheme", _id_schemes(program))

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith((".json", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .json hoặc .csv (dataValueSets của DHIS2)."))
        problem = upload_problem(self._kind(upload), upload.name or "", upload.size or 0)
        if problem:
            raise forms.ValidationError(problem)
        return upload

    @staticmethod
    def _kind(upload: UploadedFile) -> str:
        return ImportKind.DHIS2_JSON if (upload.name or "").lower().endswith(".json") else ImportKind.DHIS2_CSV

    def job(self) -> tuple[str, dict]:
        data = self.cleaned_data
        options = {"id_scheme": data["scheme"], "strategy": data["strategy"], "dry_run": data["dry_run"]}
        return self._kind(data["file"]), options


class OpenSdgUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Open SDG (.csv)"), error_messages=FILE_ERRORS)
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"), error_messages=INDICATOR_ERRORS)
    dry_run = forms.BooleanField(label=_("Chạy thử: kiểm tra và báo kết quả, không ghi gì"), required=False)

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "indicator", _indicator_choices(program))

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        problem = upload_problem(ImportKind.OPENSDG_CSV, upload.name or "", upload.size or 0)
        if problem:
            raise forms.ValidationError(problem)
        return upload

    def job(self) -> tuple[str, dict]:
        data = self.cleaned_data
        return ImportKind.OPENSDG_CSV, {"indicator": data["indicator"], "dry_run": data["dry_run"]}


# -- The exchange page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MappingSummary:
    mapping: Dhis2Mapping
    elements: int
    indicators: int
    org_units: int


def _mapping_summary(program: Program) -> MappingSummary | None:
    mapping = Dhis2Mapping.objects.filter(program=program).first()
    if mapping is None:
        return None
    return MappingSummary(
        mapping=mapping,
        elements=mapping.elements.count(),
        indicators=mapping.elements.values("indicator").distinct().count(),
        org_units=mapping.org_units.count(),
    )


UPLOAD_FORMS: dict[str, type[Dhis2UploadForm] | type[OpenSdgUploadForm]] = {
    "dhis2": Dhis2UploadForm,
    "opensdg": OpenSdgUploadForm,
}


@login_required
@require_http_methods(["GET", "POST"])
def interop(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_follow_program, "xem trao đổi dữ liệu")
    upload_forms: dict[str, Dhis2UploadForm | OpenSdgUploadForm] = {
        name: form_class(prefix=name, program=program) for name, form_class in UPLOAD_FORMS.items()
    }
    refused = False
    if request.method == "POST":
        require(request, can_manage_program, program, action="nhập tệp trao đổi dữ liệu")
        chosen = request.POST.get("upload", "")
        form_class = UPLOAD_FORMS.get(chosen, Dhis2UploadForm)
        name = chosen if chosen in UPLOAD_FORMS else "dhis2"
        form = form_class(request.POST, request.FILES, prefix=name, program=program)
        upload_forms[name] = form
        refused = True
        if form.is_valid():
            kind, options = form.job()
            upload = form.cleaned_data["file"]
            try:
                # The job and its task row commit together (see exchange.services.enqueue_import).
                with transaction.atomic():
                    job = enqueue_import(
                        program, kind, upload.read(), filename=upload.name, options=options, actor=request.user
                    )
            except ExchangeError as error:
                for line in [error.message, *error.errors]:
                    form.add_error(None, line)
            else:
                messages.success(request, f"Đã nhận tệp {upload.name}; xem tiến độ nhập bên dưới.")
                return redirect("import_job", job_id=job.pk)
    filter_form = JobFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    jobs = ImportJob.objects.filter(program=program).defer("content").select_related("created_by")
    if filters.get("status"):
        jobs = jobs.filter(status=filters["status"])
    if filters.get("kind"):
        jobs = jobs.filter(kind=filters["kind"])
    return render(
        request,
        "web/interop.html",
        {
            "program": program,
            "mapping": _mapping_summary(program),
            "jobs": jobs[:JOBS_SHOWN],
            "filter_form": filter_form,
            "dhis2_export_form": Dhis2ExportForm(program=program),
            "opensdg_export_form": OpenSdgExportForm(program=program),
            "dhis2_upload_form": upload_forms["dhis2"],
            "opensdg_upload_form": upload_forms["opensdg"],
            "may_manage": can_manage_program(request.user, program),
        },
        status=400 if refused else 200,
    )


def _export_refused(request: HttpRequest, program: Program, form: forms.Form) -> HttpResponse:
    """A wrong export form: said on the exchange page, or on the programme page for those who do not follow it."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    if can_follow_program(request.user, program):
        return redirect("interop", slug=program.slug)
    return redirect("program_overview", slug=program.slug)


def _start_job_page(request: HttpRequest, program: Program, *, title: str, units: int) -> HttpResponse:
    """Over settings.EXPORT_JOB_MIN_UNITS units: the page whose button POSTs the same options to the same address."""
    return export_start(
        request,
        program,
        title=title,
        units=units,
        action=request.path,
        button=_("Tạo tệp"),
        fields=[(name, value) for name, values in request.GET.lists() for value in values],
    )


@require_http_methods(["GET", "POST"])
def interop_dhis2_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The approved figures as DHIS2 dataValueSets: at once, or — more than EXPORT_JOB_MIN_UNITS units — a
    page whose button (POST, signed in) queues a background job."""
    program = program_checked(request, slug, can_view_program, "xuất số liệu DHIS2")
    form = Dhis2ExportForm(request.POST if request.method == "POST" else request.GET, program=program)
    if not form.is_valid():
        return _export_refused(request, program, form)
    data = form.cleaned_data
    table = code_table(program) if data["scheme"] == "code" else mapping_table(program)
    assert table is not None  # the form offers the mapping only to a programme that has one
    years = range(data["start_year"], data["end_year"] + 1)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        job = enqueue_dhis2_export(
            program, years=years, data_format=data["file_format"], id_scheme=data["scheme"], actor=request.user
        )
        return redirect("export_job", job_id=job.pk)
    units = dhis2_export_units(program, years)
    if in_background(units):
        return _start_job_page(request, program, title=f"{_('Xuất DHIS2')} — {program.code}", units=units)
    result = audited_dhis2_export(
        program, table, years=years, data_format=data["file_format"], id_scheme=data["scheme"], actor=request.user
    )
    return attachment(
        result.text, dhis2_filename(program, years, data["file_format"]), export_content_type(data["file_format"])
    )


@require_http_methods(["GET", "POST"])
def interop_opensdg_export(request: HttpRequest, slug: str) -> HttpResponse:
    """One indicator as Open SDG CSV: at once, or for more than EXPORT_JOB_MIN_UNITS units as a job (as DHIS2)."""
    program = program_checked(request, slug, can_view_program, "xuất số liệu Open SDG")
    form = OpenSdgExportForm(request.POST if request.method == "POST" else request.GET, program=program)
    if not form.is_valid():
        return _export_refused(request, program, form)
    indicator = get_object_or_404(
        opensdg_indicators(program).select_related("program"), code=form.cleaned_data["indicator"]
    )
    units = form.cleaned_data["units"]
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        job = enqueue_opensdg_export(indicator, units=units, actor=request.user)
        return redirect("export_job", job_id=job.pk)
    if in_background(len(units)):
        title = f"{_('Xuất Open SDG')} — {program.code} {indicator.code}"
        return _start_job_page(request, program, title=title, units=len(units))
    result = audited_opensdg_export(indicator, units=units, actor=request.user)
    return attachment(result.text, opensdg_filename(indicator), export_content_type("csv"))


# -- One import job ------------------------------------------------------------------------------


def _reason_label(code: str) -> str:
    return str(CONFLICT_REASONS.get(code, code))


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_checked(request, job_id, "xem lượt nhập tệp")
    progress = job_progress(job)
    conflicts = [
        {**conflict, "reason": _reason_label(conflict["code"])}
        for conflict in (progress.summary or {}).get("conflicts", [])
    ]
    reasons = sorted({(conflict["code"], conflict["reason"]) for conflict in conflicts}, key=lambda pair: pair[1])
    form = ConflictFilterForm(request.GET or None, reasons=reasons)
    reason = form.cleaned_data.get("reason") if form.is_valid() else ""
    shown = [conflict for conflict in conflicts if not reason or conflict["code"] == reason]
    options = job.options
    indicator = None
    if job.kind == ImportKind.OPENSDG_CSV:
        indicator = job.program.indicators.filter(code=options.get("indicator", "")).first()
    return render(
        request,
        "web/interop_job.html",
        {
            "job": job,
            "program": job.program,
            "progress": progress,
            "conflicts": shown,
            "conflict_total": len(conflicts),
            "form": form,
            "indicator": indicator,
            "scheme": ID_SCHEMES.get(options.get("id_scheme", "")),
            "strategy": dict(STRATEGIES).get(options.get("strategy", "")),
        },
    )


@login_required
@require_GET
def import_job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress part of the job page, polled by htmx while the job runs. A finished job's part has
    no trigger, so polling stops; the page then reloads itself once to show the whole summary."""
    job = job_checked(request, job_id, "xem lượt nhập tệp")
    progress = job_progress(job)
    response = render(request, "web/interop_job_progress.html", {"progress": progress})
    if progress.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
