"""Importing a plan from its text: paste it or upload a .txt/.docx, see what would change, confirm.

The confirmation posts the same text back; the server reads it again and checks, with a signed
digest made at preview time, that it is the text the person saw. Nothing the browser sends is
trusted beyond that text and the choice of lead units, which is checked against the preview's own
suggestions."""

import hashlib
import unicodedata
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from ansinh.accounts.access import require
from ansinh.accounts.models import Membership
from ansinh.accounts.rules import PLAN_IMPORT_ROLES, can_import_plans
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.plan_import.docx import read_docx_text
from ansinh.programs.plan_import.pipeline import PlanFormatError, parse_plan
from ansinh.programs.plan_import.results import ParsedPlan
from ansinh.programs.plan_services import (
    ACTION_LABELS,
    ImportPreview,
    IndicatorPreview,
    PlanImportError,
    apply_import,
    find_program,
    preview_import,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SIGNING_NAMESPACE = "ansinh.web.plan_import"  # a namespace for signing.dumps, not a secret
TOKEN_MAX_AGE = 24 * 60 * 60


# ---------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------


class PlanTextForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung kế hoạch"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": "Số: 181/KH-UBND …"}),
    )
    file = forms.FileField(label=_("Hoặc chọn tệp (.txt, .docx)"), required=False)
    end_year = forms.IntegerField(
        label=_("Năm kết thúc (khi văn bản không nêu)"), required=False, min_value=2000, max_value=2100
    )
    owner_unit = forms.ChoiceField(label=_("Địa bàn (khi tạo chương trình mới)"), required=False)

    def __init__(self, *args, owner_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner_unit"]
        assert isinstance(owner_field, forms.ChoiceField)
        owner_field.choices = owner_choices

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        upload: UploadedFile | None = cleaned.get("file")
        text = cleaned.get("text") or ""
        if upload is not None:
            text = _read_upload(upload)
        if not text.strip():
            raise forms.ValidationError("Văn bản trống: hãy dán nội dung kế hoạch hoặc chọn tệp .txt, .docx.")
        cleaned["plan_text"] = normalise_text(text)
        return cleaned


def _read_upload(upload: UploadedFile) -> str:
    name = (upload.name or "").lower()
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise forms.ValidationError("Tệp lớn hơn 5 MB; hãy chỉ gửi văn bản kế hoạch.")
    if name.endswith(".docx"):
        try:
            return read_docx_text(upload)
        except PlanFormatError as error:
            raise forms.ValidationError(str(error)) from error
    if name.endswith(".txt"):
        data = upload.read()
        encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            raise forms.ValidationError("Tệp .txt phải là văn bản mã UTF-8 (lưu lại với mã hóa UTF-8).") from error
    raise forms.ValidationError("Chỉ nhận tệp .txt hoặc .docx (tệp .doc cũ: hãy mở bằng Word và lưu thành .docx).")


def normalise_text(text: str) -> str:
    """One form of the text for reading and for the digest: browsers send line breaks as CRLF."""
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").strip()


def _digest(text: str, end_year: int | None, owner_code: str) -> str:
    return hashlib.sha256(f"{end_year or ''}\n{owner_code}\n{text}".encode()).hexdigest()


def _owner_choices(user) -> list[tuple[str, str]]:
    """The provinces and cities where the user may create a programme."""
    if getattr(user, "is_superuser", False):
        units = OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE, valid_to__isnull=True).order_by("name")
        return [(unit.code, unit.name) for unit in units]
    choices: dict[str, str] = {}
    for membership in Membership.objects.filter(user=user, role__in=PLAN_IMPORT_ROLES).select_related("unit"):
        unit: OrgUnit | None = membership.unit
        while unit is not None and unit.kind != OrgUnitKind.PROVINCE:
            unit = unit.parent
        if unit is not None:
            choices[unit.code] = unit.name
    return sorted(choices.items(), key=lambda choice: choice[1])


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    """Step 1: the text; on POST, step 2: the preview."""
    require(request, can_import_plans, None, action="nhập kế hoạch từ văn bản")
    owner_choices = _owner_choices(request.user)
    form = PlanTextForm(request.POST or None, request.FILES or None, owner_choices=owner_choices)
    if request.method == "POST" and form.is_valid():
        text, end_year = form.cleaned_data["plan_text"], form.cleaned_data.get("end_year")
        owner_code = form.cleaned_data.get("owner_unit") or ""
        try:
            preview = _preview(request, text, end_year=end_year, owner_code=owner_code)
        except PlanFormatError as error:
            form.add_error(None, str(error))
        else:
            return _render_preview(request, preview, text=text, end_year=end_year, owner_code=owner_code)
    status = 400 if form.is_bound else 200
    return render(request, "web/plan_import.html", {"form": form}, status=status)


@login_required
@require_POST
def plan_import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 3: read the same text again, check it is the one previewed, write."""
    require(request, can_import_plans, None, action="nhập kế hoạch từ văn bản")
    owner_choices = _owner_choices(request.user)
    text = normalise_text(request.POST.get("text", ""))
    owner_code = request.POST.get("owner_unit", "")
    try:
        end_year = int(request.POST["end_year"]) if request.POST.get("end_year") else None
        expected = signing.loads(request.POST.get("token", ""), salt=SIGNING_NAMESPACE, max_age=TOKEN_MAX_AGE)
    except (ValueError, signing.BadSignature):
        expected = None
    if not text or expected != _digest(text, end_year, owner_code):
        messages.error(request, "Nội dung gửi lên khác với nội dung đã xem trước (hoặc đã quá hạn); hãy xem trước lại.")
        form = PlanTextForm(initial={"text": text}, owner_choices=owner_choices)
        return render(request, "web/plan_import.html", {"form": form}, status=400)
    try:
        preview = _preview(request, text, end_year=end_year, owner_code=owner_code)
    except PlanFormatError as error:
        messages.error(request, str(error))
        return render(request, "web/plan_import.html", {"form": PlanTextForm(owner_choices=owner_choices)}, status=400)
    lead_units, lead_error = _chosen_lead_units(request, preview)
    if lead_error:
        messages.error(request, lead_error)
        return _render_preview(request, preview, text=text, end_year=end_year, owner_code=owner_code, status=400)
    owner_unit = OrgUnit.objects.filter(code=owner_code).first() if owner_code in dict(owner_choices) else None
    try:
        summary = apply_import(preview, owner_unit=owner_unit, actor=request.user, lead_units=lead_units)
    except PlanImportError as error:
        messages.error(request, str(error))
        return _render_preview(request, preview, text=text, end_year=end_year, owner_code=owner_code, status=400)
    messages.success(request, summary.message())
    return redirect("program_overview", slug=summary.program.slug)


def _preview(request: HttpRequest, text: str, *, end_year: int | None, owner_code: str) -> ImportPreview:
    parsed: ParsedPlan = parse_plan(text, end_year=end_year)
    program = find_program(parsed)
    if program is not None:
        require(request, can_import_plans, program, action=f"cập nhật {program} từ văn bản")
    owner_unit = OrgUnit.objects.filter(code=owner_code).first() if owner_code else None
    return preview_import(program, parsed, owner_unit=owner_unit)


@dataclass(frozen=True)
class _LeadOption:
    code: str
    label: str


def _lead_options(item: IndicatorPreview) -> list[_LeadOption]:
    options: dict[str, str] = {}
    if item.current_lead_code:
        options[item.current_lead_code] = f"{item.current_lead_code} (đang giao)"
    for suggestion in item.suggestions:
        if suggestion.unit_code and suggestion.unit_code not in options:
            options[suggestion.unit_code] = suggestion.unit_label
    return [_LeadOption(code, label) for code, label in options.items()]


def _chosen_lead_units(request: HttpRequest, preview: ImportPreview) -> tuple[dict[str, str], str]:
    chosen: dict[str, str] = {}
    for item in preview.indicators:
        value = request.POST.get(f"lead-{item.code}", "")
        if not value:
            continue
        if value not in {option.code for option in _lead_options(item)}:
            return {}, f"Đơn vị chủ trì chọn cho chỉ tiêu {item.code} không nằm trong các gợi ý; không lưu gì."
        chosen[item.code] = value
    return chosen, ""


def _render_preview(
    request: HttpRequest,
    preview: ImportPreview,
    *,
    text: str,
    end_year: int | None,
    owner_code: str,
    status: int = 200,
) -> HttpResponse:
    rows = []
    for item in preview.indicators:
        options = _lead_options(item)
        selected = item.current_lead_code or (options[0].code if options and not item.parsed.is_group else "")
        rows.append(
            {
                "item": item,
                "indicator": item.parsed,
                "depth": item.code.count("."),
                "action_label": ACTION_LABELS[item.action],
                "lead_options": options,
                "selected_lead": selected,
            }
        )
    context = {
        "preview": preview,
        "parsed": preview.parsed,
        "meta": preview.parsed.metadata,
        "counts": preview.counts(),
        "rows": rows,
        "action_labels": ACTION_LABELS,
        "text": text,
        "end_year": end_year or "",
        "owner_code": owner_code,
        "token": signing.dumps(_digest(text, end_year, owner_code), salt=SIGNING_NAMESPACE),
        "directions": {"up": "↑ tăng", "down": "↓ giảm", "band": "↕ trong khoảng"},
    }
    return render(request, "web/plan_import_preview.html", context, status=status)
