from django import forms
from django.utils.translation import gettext_lazy as _


class TwoFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Mã 6 chữ số trong ứng dụng xác thực"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên khoá"), max_length=100)
    can_write = forms.BooleanField(label=_("Cho phép ghi số liệu"), required=False)
    days_valid = forms.IntegerField(label=_("Thời hạn (ngày)"), min_value=1, max_value=3650, initial=365)
