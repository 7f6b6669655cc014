"""Forms of the steering pages: filters of each list, and the inputs of tasks, meetings, difficulties and
inspections. Dates are typed the Vietnamese way (dd/mm/yyyy); a deadline is a date, a year or "thường xuyên"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.names import person_name
from ansinh.followups.models import Difficulty, DocumentType, Meeting, TaskKind, TaskOrigin
from ansinh.org.models import OrgUnit
from ansinh.rules.followups import STATUS_LABELS, STORED_STATUSES, DeadlineError, TaskStatus, parse_deadline

DATE_HELP = _("dd/mm/yyyy")


def _date_field(label, required=False):
    return forms.DateField(label=label, required=required, widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))


def _set_choices(form: forms.Form, name: str, choices) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def unit_choices(units, empty) -> list[tuple[str, str]]:
    return [("", empty), *((unit.code, unit.short_name or unit.name) for unit in units)]


class TaskFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Mọi trạng thái")), *((s.value, STATUS_LABELS[s]) for s in TaskStatus)],
    )
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Mọi loại")), *TaskKind.choices])
    origin = forms.ChoiceField(
        label=_("Nguồn giao"), required=False, choices=[("", _("Mọi nguồn")), *TaskOrigin.choices]
    )
    due_from = _date_field(_("Hạn từ"))
    due_to = _date_field(_("Hạn đến"))
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)

    def __init__(self, *args, units, fields, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self, "unit", unit_choices(units, _("Mọi đơn vị")))
        _set_choices(self, "field", [("", _("Mọi lĩnh vực")), *((f, f) for f in fields)])


class DeadlineField(forms.CharField):
    def clean(self, value):
        text = super().clean(value)
        try:
            return parse_deadline(text or "")
        except DeadlineError as error:
            raise forms.ValidationError(str(error)) from error


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500)
    kind = forms.ChoiceField(label=_("Loại"), choices=[TaskKind.choices[0], TaskKind.choices[1], TaskKind.choices[2]])
    document_type = forms.ChoiceField(
        label=_("Loại văn bản (nếu là văn bản)"), required=False, choices=[("", "—"), *DocumentType.choices]
    )
    text = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=64)
    lead_unit = forms.ChoiceField(label=_("Đơn vị chủ trì"))
    coordinating_units = forms.MultipleChoiceField(
        label=_("Đơn vị phối hợp"), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    deadline = DeadlineField(
        label=_("Thời hạn"), initial="thường xuyên", help_text=_("Một ngày (dd/mm/yyyy), một năm, hoặc “thường xuyên”.")
    )
    indicators = forms.MultipleChoiceField(
        label=_("Chỉ tiêu liên quan"), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )

    def __init__(self, *args, units, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(unit.code, unit.short_name or unit.name) for unit in units]
        _set_choices(self, "lead_unit", choices)
        _set_choices(self, "coordinating_units", choices)
        _set_choices(self, "indicators", [(str(i.pk), f"{i.code}. {i.name[:80]}") for i in indicators])


class ConclusionForm(TaskForm):
    """A conclusion or directive of a meeting: a task with its owner and deadline."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("kind")
        self.fields.pop("document_type")
        self.fields["title"].label = _("Kết luận, chỉ đạo")


class RecommendationForm(ConclusionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = _("Kiến nghị")
        self.fields["lead_unit"].label = _("Đơn vị thực hiện")


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=[(s.value, STATUS_LABELS[s]) for s in STORED_STATUSES])
    completed_on = _date_field(_("Ngày hoàn thành"))
    evidence_number = forms.CharField(label=_("Số, ký hiệu văn bản"), required=False, max_length=100)
    evidence_date = _date_field(_("Ngày văn bản"))
    evidence_note = forms.CharField(label=_("Minh chứng"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = forms.FileField(label=_("Tệp minh chứng"), required=False)


class ProgressForm(forms.Form):
    results = forms.CharField(
        label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    difficulties = forms.CharField(
        label=_("Khó khăn, vướng mắc"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    proposals = forms.CharField(
        label=_("Kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class MeetingForm(forms.Form):
    held_on = _date_field(_("Ngày họp"), required=True)
    kind = forms.ChoiceField(label=_("Loại"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Tên hội nghị"), max_length=500)
    chair = forms.CharField(label=_("Chủ trì"), max_length=255)
    attending_units = forms.MultipleChoiceField(
        label=_("Đơn vị dự"), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    summary = forms.CharField(label=_("Nội dung, kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    conclusions = forms.CharField(label=_("Kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self, "attending_units", [(u.code, u.short_name or u.name) for u in units])


class MeetingFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Mọi loại")), *Meeting.Kind.choices])


class DifficultyForm(forms.Form):
    title = forms.CharField(label=_("Khó khăn, vướng mắc"), max_length=500)
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    proposal = forms.CharField(label=_("Kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=64)
    raised_by = forms.ChoiceField(label=_("Đơn vị nêu"))
    resolving_unit = forms.ChoiceField(label=_("Đơn vị giải quyết"), required=False)
    indicators = forms.MultipleChoiceField(
        label=_("Chỉ tiêu liên quan"), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )

    def __init__(self, *args, own_units, units, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self, "raised_by", [(u.code, u.short_name or u.name) for u in own_units])
        _set_choices(self, "resolving_unit", unit_choices(units, "—"))
        _set_choices(self, "indicators", [(str(i.pk), f"{i.code}. {i.name[:80]}") for i in indicators])


class DifficultyFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[("", _("Mọi tình trạng")), *Difficulty.Status.choices]
    )
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)

    def __init__(self, *args, units, fields, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self, "unit", unit_choices(units, _("Mọi đơn vị")))
        _set_choices(self, "field", [("", _("Mọi lĩnh vực")), *((f, f) for f in fields)])


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    resolved_on = _date_field(_("Ngày giải quyết"), required=True)


class InspectionPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=500)
    target_units = forms.IntegerField(label=_("Số đơn vị cần kiểm tra"), min_value=1, max_value=10000)
    target_phrase = forms.CharField(label=_("Chỉ tiêu như văn bản ghi"), required=False, max_length=255)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Tên đoàn"), max_length=255)
    leader = forms.CharField(label=_("Trưởng đoàn"), required=False, max_length=255)
    members = forms.MultipleChoiceField(label=_("Thành viên (thanh tra)"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self, "members", [(str(p.pk), person_name(p)) for p in people])


class VisitForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị được kiểm tra"))
    team = forms.ChoiceField(label=_("Đoàn"), required=False)
    planned_on = _date_field(_("Ngày dự kiến"))

    def __init__(self, *args, units, teams, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self, "unit", [(u.code, u.name) for u in units])
        _set_choices(self, "team", [("", "—"), *((str(t.pk), t.name) for t in teams)])


class VisitDoneForm(forms.Form):
    visit = forms.IntegerField(widget=forms.HiddenInput)
    visited_on = _date_field(_("Ngày kiểm tra"), required=True)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)


class FindingForm(forms.Form):
    visit = forms.ChoiceField(label=_("Tại đơn vị"))
    text = forms.CharField(label=_("Nội dung phát hiện"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    indicators = forms.MultipleChoiceField(
        label=_("Chỉ tiêu liên quan"), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    correction_report = forms.ChoiceField(label=_("Báo cáo cần điều chỉnh số liệu"), required=False)

    def __init__(self, *args, visits, indicators, reports, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self, "visit", [(str(v.pk), v.unit.name) for v in visits])
        _set_choices(self, "indicators", [(str(i.pk), f"{i.code}. {i.name[:80]}") for i in indicators])
        _set_choices(
            self, "correction_report", [("", "—"), *((str(r.pk), f"{r.unit.name} — {r.period}") for r in reports)]
        )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Báo cáo kết quả kiểm tra"))


def units_by_codes(codes) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(code__in=list(codes)))
