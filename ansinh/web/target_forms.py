"""Forms of the targets page and of the committee's declarations (issue 14)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.rules.verdicts import DECLARABLE_STATUSES


class TargetForm(forms.Form):
    indicator = forms.CharField(label=_("Mã chỉ tiêu"), max_length=32)
    year = forms.IntegerField(label=_("Năm"))
    unit = forms.CharField(
        label=_("Mã đơn vị nhận mục tiêu"),
        max_length=32,
        required=False,
        help_text=_("Bỏ trống: mục tiêu chung của chương trình. Ghi mã sở hoặc xã, phường để giao mục tiêu riêng."),
    )
    phrase = forms.CharField(label=_("Mục tiêu (như văn bản ghi)"), max_length=500, help_text=_("Ví dụ: dưới 3%"))
    source = forms.CharField(label=_("Nguồn"), max_length=500, required=False)


class BaseValueForm(forms.Form):
    indicator = forms.CharField(label=_("Mã chỉ tiêu"), max_length=32)
    year = forms.IntegerField(label=_("Năm gốc"))
    value = forms.CharField(label=_("Giá trị năm gốc"), max_length=64)
    source = forms.CharField(label=_("Nguồn"), max_length=500)


class DeclaredVerdictForm(forms.Form):
    indicator = forms.CharField(label=_("Mã chỉ tiêu"), max_length=32)
    year = forms.IntegerField(label=_("Năm"))
    status = forms.ChoiceField(label=_("Kết quả công bố"), choices=[(s.value, s.label) for s in DECLARABLE_STATUSES])
    reason = forms.CharField(label=_("Lý do"), max_length=1000, required=False)
    source = forms.CharField(label=_("Nguồn"), max_length=500)


class DeclaredSummaryForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"))
    sentence = forms.CharField(label=_("Kết luận của Ban Chỉ đạo"), widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(label=_("Nguồn"), max_length=500)


class ProgramLinkForm(forms.Form):
    relation = forms.ChoiceField(label=_("Quan hệ"))
    kind = forms.CharField(label=_("Loại văn bản"), max_length=64, help_text=_("Nghị quyết, Chương trình, Kế hoạch…"))
    code = forms.CharField(label=_("Số hiệu"), max_length=64, help_text=_("Ví dụ: 42-NQ/TW"))
    title = forms.CharField(label=_("Trích yếu"), max_length=1000, required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    issued_on = forms.CharField(label=_("Ngày ban hành (dd/mm/yyyy)"), max_length=10, required=False)
    position = forms.IntegerField(label=_("Thứ tự (văn bản cấp cao nhất là 0)"), min_value=0, max_value=50, initial=0)
    source = forms.CharField(label=_("Nguồn"), max_length=500)

    def __init__(self, *args, relations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["relation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = relations
