"""Forms of the pages the leadership and its secretariat use: the yearly report's draft, the document settings,
the reminder letter, the briefing schedules, the boundary upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.documents.models import BriefingSchedule, DocumentSettings
from ansinh.documents.services.boundaries import MAX_BOUNDARY_BYTES, MAX_BOUNDARY_LABEL
from ansinh.documents.services.drafts import MAX_NARRATIVE
from ansinh.web.forms import DATE_INPUT

NARRATIVE = forms.Textarea(attrs={"rows": 8, "class": "wide"})


class ReportDraftForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    number = forms.IntegerField(
        label=_("Số văn bản"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Để trống: văn thư cấp số khi phát hành."),
    )
    issued_on = forms.DateField(
        label=_("Ngày văn bản (dd/mm/yyyy)"),
        required=False,
        input_formats=DATE_INPUT,
        help_text=_("Để trống: ngày tạo tệp."),
    )
    general_assessment = forms.CharField(
        label=_("Đánh giá chung"), required=False, max_length=MAX_NARRATIVE, widget=NARRATIVE
    )
    shortcomings = forms.CharField(
        label=_("Tồn tại, hạn chế, nguyên nhân"), required=False, max_length=MAX_NARRATIVE, widget=NARRATIVE
    )
    next_steps = forms.CharField(
        label=_("Phương hướng, nhiệm vụ năm sau"), required=False, max_length=MAX_NARRATIVE, widget=NARRATIVE
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), required=False, max_length=MAX_NARRATIVE, widget=NARRATIVE
    )


class DocumentSettingsForm(forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = [
            "parent_body",
            "issuing_body",
            "issuer_symbol",
            "drafting_unit",
            "place",
            "authority",
            "principal",
            "signer_title",
            "signer_name",
            "addressees",
            "recipients",
        ]
        widgets = {
            "addressees": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }


class ReminderLetterForm(forms.Form):
    number = forms.IntegerField(label=_("Số văn bản"), required=False, min_value=1, max_value=99999)
    issued_on = forms.DateField(label=_("Ngày văn bản (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUT)
    new_deadline = forms.DateField(label=_("Đề nghị gửi trước ngày (dd/mm/yyyy)"), input_formats=DATE_INPUT)
    file_format = forms.ChoiceField(
        label=_("Định dạng"), choices=[("docx", "Word (.docx)"), ("pdf", "PDF")], initial="docx"
    )


class BriefingScheduleForm(forms.ModelForm):
    class Meta:
        model = BriefingSchedule
        fields = ["trigger", "days_before", "recipients"]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 3})}

    def clean_days_before(self):
        days = self.cleaned_data["days_before"]
        if days > 30:
            raise forms.ValidationError(_("Gửi trước cuộc họp tối đa 30 ngày."))
        return days

    def clean_recipients(self):
        validator = forms.EmailField()
        addresses = [line.strip() for line in self.cleaned_data["recipients"].splitlines() if line.strip()]
        if not addresses:
            raise forms.ValidationError(_("Nhập ít nhất một địa chỉ thư điện tử."))
        if len(addresses) > 50:
            raise forms.ValidationError(_("Tối đa 50 người nhận."))
        for address in addresses:
            try:
                validator.clean(address)
            except forms.ValidationError as error:
                raise forms.ValidationError(f"“{address}” không phải địa chỉ thư điện tử hợp lệ.") from error
        return "\n".join(addresses)


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp GeoJSON (.geojson, .json)"))
    source = forms.CharField(
        label=_("Nguồn ranh giới"),
        max_length=255,
        help_text=_("Ví dụ: văn bản hoặc cơ quan cung cấp bản đồ địa giới hành chính chính thức."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BOUNDARY_BYTES:
            raise forms.ValidationError(f"Tệp quá lớn (tối đa {MAX_BOUNDARY_LABEL}).")
        if not upload.name.lower().endswith((".geojson", ".json")):
            raise forms.ValidationError(_("Chỉ nhận tệp .geojson hoặc .json."))
        return upload
