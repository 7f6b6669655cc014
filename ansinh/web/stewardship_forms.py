"""Forms of the stewardship pages: a budget line (amounts typed the Vietnamese way, in đồng), the filters of the
budget page and of the emulation scores, and the spreadsheet upload."""

import dataclasses
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.numbers import NumberFormatError, parse_number
from ansinh.followups.models import Task
from ansinh.rules.budget import AMOUNT_FIELDS, AMOUNT_LABELS
from ansinh.rules.emulation import CRITERION_LABELS, Criterion
from ansinh.stewardship.models import AwardKind, BudgetSource, RecipientKind, ReviewKind
from ansinh.stewardship.services.budget import ReportBudgetRow
from ansinh.web.followup_forms import _set_choices, unit_choices


class AmountField(forms.CharField):
    """An amount in đồng typed the Vietnamese way (``1.250.000.000``); blank is "not reported"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "1.250.000.000"}))
        super().__init__(*args, **kwargs)

    def clean(self, value) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_number(text, allow_percent=False)
        except NumberFormatError as error:
            raise forms.ValidationError(str(error)) from error


class BudgetLineForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=1900, max_value=2200)
    to_year = forms.IntegerField(
        label=_("Đến năm"),
        required=False,
        min_value=1900,
        max_value=2200,
        help_text=_("Chỉ khi số liệu gộp nhiều năm."),
    )
    source = forms.ChoiceField(label=_("Nguồn kinh phí"), choices=BudgetSource.choices)
    task = forms.ChoiceField(label=_("Nhiệm vụ"), required=False)
    field = forms.CharField(label=_("Lĩnh vực"), required=False, max_length=64)
    estimate = AmountField(label=_("Dự toán (đồng)"))
    allocated = AmountField(label=_("Giao (đồng)"))
    disbursed = AmountField(label=_("Giải ngân (đồng)"))
    settled = AmountField(label=_("Quyết toán (đồng)"))
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi giải ngân lớn hơn kinh phí được giao."),
    )
    citation = forms.CharField(label=_("Nguồn số liệu"), required=False, max_length=500)

    def __init__(self, *args, units, tasks, programme_level: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = unit_choices(units, _("— Cấp chương trình —"))
        _set_choices(self, "unit", choices if programme_level else choices[1:])
        self.fields["unit"].required = not programme_level
        _set_choices(self, "task", [("", "—"), *((str(t.pk), f"{t.code} {t.title}"[:120].strip()) for t in tasks)])


class BudgetFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    source = forms.ChoiceField(label=_("Nguồn"), required=False, choices=[("", _("Mọi nguồn")), *BudgetSource.choices])
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    nguong = forms.DecimalField(
        label=_("Ngưỡng giải ngân (%)"), required=False, min_value=0, max_value=100, localize=True
    )

    def __init__(self, *args, years, units, fields, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self, "year", [("", _("Mọi năm")), *((str(y), str(y)) for y in years)])
        _set_choices(self, "unit", unit_choices(units, _("Mọi đơn vị")))
        _set_choices(self, "field", [("", _("Mọi lĩnh vực")), *((f, f) for f in fields)])


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ReviewKind.choices)
    year = forms.IntegerField(label=_("Số liệu đến năm"), min_value=1900, max_value=2200)
    as_of = forms.DateField(
        label=_("Tình hình nhiệm vụ, kiểm tra đến ngày"), widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    title = forms.CharField(label=_("Tên"), required=False, max_length=500)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _weight(criterion: Criterion) -> forms.DecimalField:
    return forms.DecimalField(
        label=f"{CRITERION_LABELS[criterion]} (%)",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        localize=True,
    )


class TopicForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1900, max_value=2200)
    title = forms.CharField(label=_("Tên chuyên đề thi đua"), max_length=500)
    description = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"weight_{criterion.value}"] = _weight(criterion)

    def weights(self) -> dict[str, Decimal]:
        return {
            criterion.value: self.cleaned_data.get(f"weight_{criterion.value}") or Decimal(0) for criterion in Criterion
        }


class EmulationFilterForm(forms.Form):
    """Filters of a year's emulation scores, which rank every department, district and commune with work due: the
    group ranked together, a unit's name or code, the page."""

    nhom = forms.ChoiceField(label=_("Nhóm"), required=False)
    q = forms.CharField(label=_("Tìm đơn vị"), required=False, max_length=100)
    trang = forms.IntegerField(label=_("Trang"), required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, groups: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self, "nhom", [("", _("Mọi nhóm")), *((group, group) for group in groups)])


class ProposalForm(forms.Form):
    recipient_kind = forms.ChoiceField(label=_("Đối tượng"), choices=RecipientKind.choices)
    unit = forms.ChoiceField(label=_("Đơn vị (tập thể, hoặc nơi công tác của cá nhân)"))
    person_name = forms.CharField(label=_("Họ và tên (cá nhân)"), required=False, max_length=255)
    position = forms.CharField(label=_("Chức vụ (cá nhân)"), required=False, max_length=255)
    award = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=AwardKind.choices)
    grounds = forms.CharField(label=_("Thành tích, căn cứ đề nghị"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        _set_choices(self, "unit", [(u.code, u.short_name or u.name) for u in units])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Ý kiến Ban Chỉ đạo"), choices=[("approve", _("Đồng ý đề nghị")), ("reject", _("Không đồng ý"))]
    )
    note = forms.CharField(label=_("Ghi chú, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# -- The budget section of a unit's periodic report: rows b0…bN of the form, the Vietnamese way -----------------

BUDGET_ROW_TEXTS = ("source", "task", *AMOUNT_FIELDS, "note")
# Blank rows offered below a report's lines; a report lists at most this many lines at once.
BLANK_BUDGET_ROWS = 3
MAX_BUDGET_ROWS = 200


@dataclasses.dataclass
class TypedBudget:
    """What the report's budget section posted: each row as typed (to show again when refused), the rows read
    (row number, line), and every problem "Dòng N: …"."""

    typed: list[dict[str, str]] = dataclasses.field(default_factory=list)
    rows: list[tuple[int, ReportBudgetRow]] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)


def read_report_budget(post, tasks: dict[str, Task]) -> TypedBudget:
    """The posted rows read at the page's edge: amounts typed the Vietnamese way (``1.250.000.000``), a source by
    its code, a task by its id among the programme's; a row left wholly blank is no line."""
    try:
        count = min(max(int(post.get("b-count", "0")), 0), MAX_BUDGET_ROWS)
    except ValueError:
        count = 0
    result = TypedBudget()
    for index in range(count):
        typed = {name: post.get(f"b{index}-{name}", "").strip() for name in BUDGET_ROW_TEXTS}
        result.typed.append(typed)
        if not any(typed[name] for name in (*AMOUNT_FIELDS, "note")):
            continue
        number = index + 1
        amounts: dict[str, Decimal | None] = {}
        for name in AMOUNT_FIELDS:
            try:
                amounts[name] = parse_number(typed[name], allow_percent=False) if typed[name] else None
            except NumberFormatError as error:
                result.errors.append(f"Dòng {number}: {AMOUNT_LABELS[name]}: {error}")
        task = tasks.get(typed["task"]) if typed["task"] else None
        if typed["task"] and task is None:
            result.errors.append(f"Dòng {number}: nhiệm vụ không thuộc chương trình.")
        if not typed["source"]:
            result.errors.append(f"Dòng {number}: chọn nguồn kinh phí.")
        if len(amounts) == len(AMOUNT_FIELDS):
            result.rows.append((number, ReportBudgetRow(typed["source"], task, note=typed["note"], **amounts)))
    return result
