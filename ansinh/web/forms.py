from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.programs.models import Program


def year_choices(program: Program) -> list[tuple[int, str]]:
    return [(year, str(year)) for year in program.years]


class OverviewFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    lead = forms.ChoiceField(label=_("Đơn vị chủ trì"), required=False)
    status = forms.ChoiceField(label=_("Kết quả"), required=False)

    def __init__(self, *args, program: Program, fields: list[str], leads, statuses, **kwargs):
        super().__init__(*args, **kwargs)
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
