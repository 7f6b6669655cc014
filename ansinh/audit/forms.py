from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT = ["%d/%m/%Y"]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    action = forms.CharField(label=_("Hành động"), required=False, max_length=64)
    unit = forms.CharField(label=_("Mã đơn vị"), required=False, max_length=32)
    since = forms.DateField(label=_("Từ ngày"), required=False, input_formats=DATE_INPUT)
    until = forms.DateField(label=_("Đến ngày"), required=False, input_formats=DATE_INPUT)

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
        return cleaned
