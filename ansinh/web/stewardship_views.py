"""Pages of a programme's stewardship: the budget (lines a unit enters for itself, roll-ups by unit, field,
source and year, disbursement against a threshold, Excel export, the finance office's spreadsheet); the reviews
(take one, see it, compare it with today or with another, every difference listed and exported); emulation
(a year's topic and weights, each unit's score with its parts, the ranking, reward proposals and the committee's
decision)."""

from collections.abc import Sequence
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ansinh.accounts.access import require
from ansinh.accounts.rules import (
    can_decide_rewards,
    can_enter_budget,
    can_enter_some_budget,
    can_import_budget,
    can_manage_emulation,
    can_take_review,
    can_view_budget,
    can_view_emulation,
    can_view_reviews,
    is_program_secretariat,
)
from ansinh.core.numbers import format_number
from ansinh.evaluation.selectors import UNITS_PER_PAGE
from ansinh.exchange.formats.table import Value
from ansinh.exchange.selectors import in_background
from ansinh.exchange.services.budget import BUDGET_LIST, budget_sheet_rows, import_budget_sheet
from ansinh.exchange.services.export_jobs import enqueue_budget_export
from ansinh.followups.models import Task
from ansinh.gates import program_checked, proposal_checked, review_checked
from ansinh.org.models import OrgUnit
from ansinh.org.selectors import unit_found_by
from ansinh.programs.models import Program
from ansinh.rules.emulation import round_score
from ansinh.rules.reviews import SECTION_LABELS, disagreements, field_label
from ansinh.stewardship.models import BudgetLine, EmulationTopic, ReviewKind
from ansinh.stewardship.selectors import (
    DEFAULT_THRESHOLD,
    BudgetFilters,
    budget_lines,
    budget_lines_visible_to,
    budget_summary,
    emulation_scores,
    proposals_of,
    review_comparison,
    reviews_of,
    topic_of,
)
from ansinh.stewardship.services.budget import BudgetInput, save_budget_line
from ansinh.stewardship.services.emulation import ProposalInput, decide_proposal, draft_proposal, set_topic
from ansinh.stewardship.services.errors import StewardshipError
from ansinh.stewardship.services.reviews import take_review
from ansinh.web.exchange_views import SpreadsheetForm, export_start
from ansinh.web.followup_views import _area_units, _excel, _wants_export
from ansinh.web.stewardship_forms import (
    BudgetFilterForm,
    BudgetLineForm,
    DecisionForm,
    EmulationFilterForm,
    ProposalForm,
    ReviewForm,
    TopicForm,
)


def _budget_form(request: HttpRequest, program: Program) -> BudgetLineForm | None:
    if not can_enter_some_budget(request.user, program):
        return None
    # The secretariat and the finance office enter any unit's lines; only the former a programme-level figure.
    secretariat = is_program_secretariat(request.user, program)
    tasks = Task.objects.filter(program=program).order_by("code", "pk")
    return BudgetLineForm(
        request.POST if request.method == "POST" else None,
        units=_area_units(program),
        tasks=tasks,
        programme_level=secretariat,
    )


def _budget_filters(user, program: Program, data) -> tuple[BudgetFilterForm, BudgetFilters, dict]:
    """The budget page's filters (year, unit, source, field; ``nguong`` only shapes the page), among what this
    person sees; a wrong filter is shown on the form and filters nothing."""
    visible = budget_lines_visible_to(user, program)
    years = sorted(set(visible.values_list("year", flat=True)))
    units = OrgUnit.objects.filter(pk__in=visible.values("unit")).order_by("name")
    fields = sorted(set(visible.exclude(field="").values_list("field", flat=True)))
    # Ids of their own: the entry form below has fields of the same names.
    filter_form = BudgetFilterForm(data, years=years, units=units, fields=fields, auto_id="loc_%s")
    chosen = filter_form.cleaned_data if filter_form.is_valid() else {}
    unit = units.filter(code=chosen.get("unit")).first() if chosen.get("unit") else None
    filters = BudgetFilters(
        year=chosen.get("year"),
        unit_id=unit.pk if unit else None,
        source=chosen.get("source", ""),
        field=chosen.get("field", ""),
    )
    return filter_form, filters, chosen


@login_required
@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        program = program_checked(request, slug, can_enter_some_budget, "ghi kinh phí")
    else:
        program = program_checked(request, slug, can_view_budget, "xem kinh phí")
    form = _budget_form(request, program)
    if request.method == "POST" and form is not None:
        # Any unit of the area may be named in the post; the unit's own check decides (403 when refused).
        unit = OrgUnit.objects.filter(code=request.POST.get("unit", "")).first()
        require(request, can_enter_budget, BudgetLine(program=program, unit=unit), action="ghi kinh phí của đơn vị")
        if form.is_valid():
            data = form.cleaned_data
            task = Task.objects.filter(program=program, pk=data["task"]).first() if data["task"] else None
            try:
                save_budget_line(
                    program,
                    BudgetInput(
                        unit=unit,
                        year=data["year"],
                        to_year=data["to_year"],
                        source=data["source"],
                        task=task,
                        field=data["field"],
                        estimate=data["estimate"],
                        allocated=data["allocated"],
                        disbursed=data["disbursed"],
                        settled=data["settled"],
                        note=data["note"],
                        citation=data["citation"],
                    ),
                    actor=request.user,
                )
            except StewardshipError as error:
                for problem in error.errors or [error.message]:
                    form.add_error(None, problem)
            else:
                messages.success(request, "Đã lưu dòng kinh phí.")
                return redirect("budget", slug=program.slug)
    filter_form, filters, chosen = _budget_filters(request.user, program, request.GET or None)
    lines = budget_lines(request.user, program, filters)
    if _wants_export(request):
        units = lines.exclude(unit=None).order_by().values("unit_id").distinct().count()
        if in_background(units):
            return export_start(
                request,
                program,
                title=f"{BUDGET_LIST} — {program.code}",
                units=units,
                action=reverse("budget_export_job", args=[program.slug]),
                button=_("Tạo tệp Excel"),
                fields=[(name, value) for name, values in request.GET.lists() for value in values if name != "xuat"],
            )
        headers, rows = budget_sheet_rows(lines.iterator(chunk_size=2000))
        return _excel(request, program, BUDGET_LIST, headers, rows)
    threshold = chosen.get("nguong")
    summary = budget_summary(lines, threshold if threshold is not None else DEFAULT_THRESHOLD)
    return render(
        request,
        "stewardship/budget.html",
        {
            "program": program,
            "summary": summary,
            "form": form,
            "filter_form": filter_form,
            "export_query": request.GET.urlencode().replace("&xuat=xlsx", ""),
            "may_import": can_import_budget(request.user, program),
            "illustrative": any(line.is_illustrative for line in summary.lines),
        },
    )


@login_required
@require_POST
def budget_export_job(request: HttpRequest, slug: str) -> HttpResponse:
    """The budget list of more than EXPORT_JOB_MIN_UNITS units, built by a background job: the lines this person
    sees, with the page's filters (POSTed by the button of the page a GET of the export answers with)."""
    program = program_checked(request, slug, can_view_budget, "xuất kinh phí")
    _form, filters, _chosen = _budget_filters(request.user, program, request.POST)
    job = enqueue_budget_export(program, filters=filters, actor=request.user)
    return redirect("export_job", job_id=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def budget_import(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_import_budget, "nhập kinh phí từ bảng tính")
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            lines = import_budget_sheet(program, upload.read(), filename=upload.name, actor=request.user)
        except StewardshipError as error:
            messages.error(request, error.message)
            errors = error.errors
        else:
            messages.success(request, f"Đã lưu {format_number(len(lines))} dòng kinh phí.")
            return redirect("budget", slug=program.slug)
    return render(request, "stewardship/budget_import.html", {"program": program, "form": form, "errors": errors})


# -- Reviews (sơ kết, tổng kết) ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        program = program_checked(request, slug, can_take_review, "chụp sơ kết, tổng kết")
    else:
        program = program_checked(request, slug, can_view_reviews, "xem sơ kết, tổng kết")
    form = None
    if can_take_review(request.user, program):
        today = timezone.localdate()
        year = min(max(today.year - 1, program.start_year), program.end_year)
        form = ReviewForm(request.POST or None, initial={"kind": ReviewKind.MID_TERM, "year": year, "as_of": today})
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            review = take_review(
                program,
                kind=data["kind"],
                year=data["year"],
                as_of=data["as_of"],
                title=data["title"],
                note=data["note"],
                actor=request.user,
            )
        except StewardshipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Đã chụp tình hình chương trình.")
            return redirect("review_detail", review_id=review.pk)
    reviews = list(reviews_of(program))
    return render(
        request,
        "stewardship/reviews.html",
        {"program": program, "reviews": reviews, "form": form, "illustrative": any(r.is_illustrative for r in reviews)},
    )


@login_required
@require_GET
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = review_checked(request, review_id, can_view_reviews, "xem sơ kết, tổng kết")
    program = review.program
    others = [other for other in reviews_of(program) if other.pk != review.pk]
    chosen = request.GET.get("so-voi", "")
    other = next((o for o in others if str(o.pk) == chosen), None)
    comparison = review_comparison(review, other)
    differences = comparison.differences
    if _wants_export(request):
        rows: list[Sequence[Value]] = [
            [SECTION_LABELS.get(d.section, d.section), d.key, field_label(d.field) if d.field else "", d.sentence]
            for d in differences
        ]
        return _excel(request, program, "Khác biệt sơ kết", ("Phần", "Mục", "Nội dung", "Khác biệt"), rows)
    indicators = review.state.get("indicators", {})
    years = [str(year) for year in range(program.start_year, review.year + 1)]
    return render(
        request,
        "stewardship/review.html",
        {
            "program": program,
            "review": review,
            "others": others,
            "other": other,
            "compared_with": comparison.described,
            "differences": differences,
            "disagreements": disagreements(review.state),
            "years": years,
            "indicator_rows": [
                (
                    code,
                    row,
                    [(y, row.get(f"figure_{y}"), row.get(f"verdict_{y}"), row.get(f"declared_{y}")) for y in years],
                )
                for code, row in indicators.items()
            ],
            "state": review.state,
            "export_query": f"so-voi={other.pk}" if other else "",
        },
    )


# -- Emulation and rewards -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def emulation(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        program = program_checked(request, slug, can_manage_emulation, "đặt chuyên đề thi đua")
    else:
        program = program_checked(request, slug, can_view_emulation, "xem thi đua, khen thưởng")
    form = None
    if can_manage_emulation(request.user, program):
        form = TopicForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            topic = set_topic(
                program,
                year=data["year"],
                title=data["title"],
                description=data["description"],
                weights=form.weights(),
                actor=request.user,
            )
        except StewardshipError as error:
            for problem in error.errors or [error.message]:
                form.add_error(None, problem)
        else:
            messages.success(request, "Đã lưu chuyên đề thi đua.")
            return redirect("emulation_year", slug=program.slug, year=topic.year)
    topics = list(EmulationTopic.objects.filter(program=program).prefetch_related("criteria"))
    return render(request, "stewardship/emulation.html", {"program": program, "topics": topics, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def emulation_year(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    if request.method == "POST":
        program = program_checked(request, slug, can_manage_emulation, "dự thảo đề nghị khen thưởng")
    else:
        program = program_checked(request, slug, can_view_emulation, "xem thi đua, khen thưởng")
    topic = topic_of(program, year)
    if topic is None:
        raise Http404
    may_manage = can_manage_emulation(request.user, program)
    form = ProposalForm(request.POST or None, units=_area_units(program)) if may_manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            draft_proposal(
                topic,
                ProposalInput(
                    recipient_kind=data["recipient_kind"],
                    unit=OrgUnit.objects.get(code=data["unit"]),
                    person_name=data["person_name"],
                    position=data["position"],
                    award=data["award"],
                    grounds=data["grounds"],
                    proposed_by=program.standing_agency or program.owner_unit,
                ),
                actor=request.user,
            )
        except StewardshipError as error:
            for problem in error.errors or [error.message]:
                form.add_error(None, problem)
        else:
            messages.success(request, "Đã dự thảo đề nghị khen thưởng.")
            return redirect("emulation_year", slug=program.slug, year=year)
    scores = emulation_scores(topic)
    proposals = list(proposals_of(topic))
    may_decide = can_decide_rewards(request.user, program)
    export = request.GET.get("xuat")
    if export == "xlsx":
        criteria = [c for c in topic.criteria.all()]
        headers = [
            "Nhóm",
            "Xếp hạng",
            "Đơn vị",
            "Điểm",
            *(f"{c.get_criterion_display()} ({c.weight}%)" for c in criteria),
            "Cách tính",
        ]
        rows: list[Sequence[Value]] = [
            [
                s.group,
                s.rank,
                s.unit.name,
                format_number(round_score(s.score.value)) if s.score.value is not None else "—",
                *(
                    f"{format_number(p.part.done)}/{format_number(p.part.due)}" if p.part.applies else "không áp dụng"
                    for p in s.score.parts
                ),
                s.score.explanation,
            ]
            for s in scores
        ]
        return _excel(request, program, f"Thi đua {year}", headers, rows)
    if export == "khen-thuong":
        headers = [
            "Đối tượng",
            "Đơn vị",
            "Họ và tên",
            "Chức vụ",
            "Hình thức",
            "Thành tích",
            "Đơn vị đề nghị",
            "Tình trạng",
        ]
        rows = [
            [
                p.get_recipient_kind_display(),
                p.unit.name,
                p.person_name,
                p.position,
                p.get_award_display(),
                p.grounds,
                p.proposed_by.name,
                p.get_status_display(),
            ]
            for p in proposals
        ]
        return _excel(request, program, f"Đề nghị khen thưởng {year}", headers, rows)
    # Every department, district and commune with work due is ranked: a city's list runs to hundreds of rows.
    filters_form = EmulationFilterForm(request.GET or None, groups=list(dict.fromkeys(s.group for s in scores)))
    filters = filters_form.cleaned_data if filters_form.is_valid() else {}
    shown = scores
    if filters.get("nhom"):
        shown = [s for s in shown if s.group == filters["nhom"]]
    if filters.get("q"):
        shown = [s for s in shown if unit_found_by(s.unit, filters["q"])]
    scores_page = Paginator(shown, UNITS_PER_PAGE).get_page(filters.get("trang") or 1)
    scores_query = urlencode({name: value for name, value in filters.items() if value and name != "trang"})
    return render(
        request,
        "stewardship/emulation_year.html",
        {
            "program": program,
            "topic": topic,
            "criteria": list(topic.criteria.all()),
            "scores": scores,
            "shown": shown,
            "scores_page": scores_page,
            "scores_query": scores_query,
            "filters_form": filters_form,
            "proposals": [
                (proposal, DecisionForm(auto_id=f"quyet-dinh-{proposal.pk}-%s") if may_decide else None)
                for proposal in proposals
            ],
            "form": form,
        },
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = proposal_checked(request, proposal_id, can_decide_rewards, "cho ý kiến đề nghị khen thưởng")
    program = proposal.topic.program
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cần chọn đồng ý hoặc không đồng ý.")
    else:
        try:
            decide_proposal(
                proposal,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except StewardshipError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Đã ghi ý kiến của Ban Chỉ đạo.")
    return redirect("emulation_year", slug=program.slug, year=proposal.topic.year)
