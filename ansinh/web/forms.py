from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.audit.labels import action_choices
from ansinh.core.numbers import NumberFormatError, parse_number
from ansinh.org.models import OrgUnitKind
from ansinh.programs.models import Program


def year_choices(program: Program) -> list[tuple[int, str]]:
    return [(year, str(year)) for year in program.years]


class OverviewFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    lead = forms.ChoiceField(label=_("Đơn vị chủ trì"), required=False)
    status = forms.ChoiceField(label=_("Kết quả"), required=False)
    trang = forms.IntegerField(label=_("Trang"), required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data=None, *, program: Program, year: int, fields: list[str], leads, statuses, **kwargs):
        """``year``: the year the page shows when the request names none; the dropdown shows it selected."""
        if data is not None and not data.get("year"):
            data = data.copy()
            data["year"] = str(year)
        super().__init__(data, initial={"year": year}, **kwargs)
        choices: dict[str, list] = {
            "year": year_choices(program),
            "field": [("", _("Tất cả lĩnh vực")), *((f, f) for f in fields)],
            "lead": [("", _("Tất cả đơn vị")), *((u.code, u.short_name or u.name) for u in leads)],
            "status": [("", _("Tất cả kết quả")), *statuses],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class OpenPeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại kỳ"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Kỳ số"), min_value=1, max_value=12, initial=1, help_text=_("Quý 1–4, tháng 1–12, 6 tháng 1–2.")
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = kinds


class CompletenessFilterForm(forms.Form):
    progress = forms.ChoiceField(label=_("Tình trạng"), required=False)
    timeliness = forms.ChoiceField(
        label=_("Đúng hạn"),
        required=False,
        choices=[("", _("Tất cả")), ("on_time", _("Đúng hạn")), ("late", _("Trễ hạn"))],
    )
    q = forms.CharField(label=_("Tên hoặc mã đơn vị"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), required=False)
    trang = forms.IntegerField(label=_("Trang"), required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, progress_choices, **kwargs):
        super().__init__(*args, **kwargs)
        progress_field = self.fields["progress"]
        assert isinstance(progress_field, forms.ChoiceField)
        progress_field.choices = [("", _("Tất cả")), *progress_choices]
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [("", _("Mọi loại đơn vị")), *OrgUnitKind.choices]


class AssignmentForm(forms.Form):
    indicator = forms.CharField(label=_("Mã chỉ tiêu"), max_length=32)
    role = forms.ChoiceField(label=_("Vai trò"))
    unit = forms.CharField(
        label=_("Mã đơn vị"), max_length=32, required=False, help_text=_("Bỏ trống khi giao cho cấp xã.")
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = roles


class AssignmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Mã, tên chỉ tiêu hoặc đơn vị"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Vai trò"), required=False)

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [("", _("Tất cả")), *roles]


DATE_INPUT = ["%d/%m/%Y"]


class AuditFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", _("Mọi hành động")), *action_choices()]

    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Hành động"), required=False, choices=())
    unit = forms.CharField(label=_("Mã đơn vị"), required=False, max_length=32)
    since = forms.DateField(label=_("Từ ngày"), required=False, input_formats=DATE_INPUT)
    until = forms.DateField(label=_("Đến ngày"), required=False, input_formats=DATE_INPUT)

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
        return cleaned


class UnitFigureFilterForm(forms.Form):
    """Filters of a list of units at national scale: kind of unit, a name or code, the page."""

    kind = forms.ChoiceField(label=_("Loại đơn vị"), required=False)
    q = forms.CharField(label=_("Tìm đơn vị"), required=False, max_length=100)
    trang = forms.IntegerField(label=_("Trang"), required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Mọi loại đơn vị")), *OrgUnitKind.choices]


class CoverageForm(forms.Form):
    """The share of expected units a roll-up needs before it is judged, typed the Vietnamese way (80 or 66,7)."""

    min_coverage = forms.CharField(
        label=_("Tỷ lệ đơn vị tối thiểu để đánh giá số cộng dồn (%)"),
        max_length=12,
        help_text=_(
            "Số cộng dồn từ các đơn vị cấp dưới chỉ được đánh giá khi có ít nhất tỷ lệ này số đơn vị phải báo cáo "
            "đã có số liệu được duyệt; dưới mức đó trang kết quả ghi “Mới có …/… đơn vị báo cáo”."
        ),
    )

    def clean_min_coverage(self) -> Decimal:
        try:
            value = parse_number(self.cleaned_data["min_coverage"])
        except NumberFormatError as error:
            raise forms.ValidationError(str(error)) from error
        if not Decimal(0) <= value <= Decimal(100):
            raise forms.ValidationError(_("Tỷ lệ phải từ 0 đến 100%."))
        return value
