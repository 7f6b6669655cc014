"""The targets page (yearly targets, targets handed down to units, base values) and the committee's declarations
(verdicts and summary sentences), with their history from the audit log (issue 14)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ansinh.accounts.access import require
from ansinh.accounts.rules import can_follow_program, can_manage_program
from ansinh.core.dates import parse_date
from ansinh.evaluation.selectors import declarations_of
from ansinh.evaluation.services import DeclarationError, declare_summary, declare_verdict
from ansinh.gates import program_checked
from ansinh.org.models import OrgUnit
from ansinh.programs.link_services import LinkInput, remove_link, save_link
from ansinh.programs.models import Indicator, LinkRelation, Program, ProgramLink, Target
from ansinh.programs.selectors import target_history, targets_of
from ansinh.programs.target_services import TargetError, TargetInput, remove_target, set_base_value, set_target
from ansinh.web.target_forms import (
    BaseValueForm,
    DeclaredSummaryForm,
    DeclaredVerdictForm,
    ProgramLinkForm,
    TargetForm,
)


def _indicator(program: Program, code: str) -> Indicator | None:
    return (
        Indicator.objects.filter(program=program, code=code.strip(), is_group=False).select_related("program").first()
    )


@login_required
def targets(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_follow_program, "xem mục tiêu")
    if request.method == "POST":
        require(request, can_manage_program, program, action="đặt mục tiêu")
    posted = request.POST.get("form") if request.method == "POST" else None
    target_form = TargetForm(request.POST if posted == "target" else None, prefix="target")
    base_form = BaseValueForm(request.POST if posted == "base" else None, prefix="base")
    if posted in ("target", "base"):
        form = target_form if posted == "target" else base_form
        if form.is_valid():
            data = form.cleaned_data
            indicator = _indicator(program, data["indicator"])
            if indicator is None:
                form.add_error("indicator", "Chương trình không có chỉ tiêu mã này.")
            else:
                try:
                    if posted == "target":
                        unit = None
                        if data["unit"].strip():
                            unit = OrgUnit.objects.filter(code=data["unit"].strip()).first()
                            if unit is None:
                                raise TargetError("Không có đơn vị mã này.")
                        set_target(
                            TargetInput(indicator, data["year"], data["phrase"], unit, data["source"]),
                            actor=request.user,
                        )
                        messages.success(request, f"Đã lưu mục tiêu năm {data['year']} của chỉ tiêu {indicator.code}.")
                    else:
                        set_base_value(
                            indicator, year=data["year"], text=data["value"], source=data["source"], actor=request.user
                        )
                        messages.success(request, f"Đã lưu giá trị năm gốc của chỉ tiêu {indicator.code}.")
                except TargetError as error:
                    form.add_error(None, error.message)
                else:
                    return redirect("targets", slug=program.slug)
    invalid = bool(target_form.errors or base_form.errors)
    return render(
        request,
        "web/targets.html",
        {
            "program": program,
            "targets": targets_of(program),
            "bases": program.indicators.filter(base_value__isnull=False).order_by("sort_key"),
            "history": target_history(program)[:50],
            "target_form": target_form,
            "base_form": base_form,
            "may_manage": can_manage_program(request.user, program),
        },
        status=400 if invalid else 200,
    )


@login_required
@require_POST
def target_remove(request: HttpRequest, target_id: int) -> HttpResponse:
    target = get_object_or_404(Target.objects.select_related("indicator__program__owner_unit"), pk=target_id)
    program = target.indicator.program
    require(request, can_manage_program, program, action="bỏ mục tiêu")
    remove_target(target, actor=request.user)
    messages.success(request, "Đã bỏ mục tiêu.")
    return redirect("targets", slug=program.slug)


@login_required
def declarations(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_checked(request, slug, can_follow_program, "xem kết quả Ban Chỉ đạo công bố")
    if request.method == "POST":
        require(request, can_manage_program, program, action="nhập kết quả Ban Chỉ đạo công bố")
    posted = request.POST.get("form") if request.method == "POST" else None
    verdict_form = DeclaredVerdictForm(request.POST if posted == "verdict" else None, prefix="verdict")
    summary_form = DeclaredSummaryForm(request.POST if posted == "summary" else None, prefix="summary")
    if posted in ("verdict", "summary"):
        form = verdict_form if posted == "verdict" else summary_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if posted == "verdict":
                    indicator = _indicator(program, data["indicator"])
                    if indicator is None:
                        raise DeclarationError("Chương trình không có chỉ tiêu mã này.")
                    declare_verdict(
                        indicator,
                        data["year"],
                        status=data["status"],
                        source=data["source"],
                        reason=data["reason"],
                        actor=request.user,
                    )
                else:
                    declare_summary(
                        program, data["year"], sentence=data["sentence"], source=data["source"], actor=request.user
                    )
            except DeclarationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Đã lưu kết quả Ban Chỉ đạo công bố năm {data['year']}.")
                return redirect("declarations", slug=program.slug)
    verdicts, summaries = declarations_of(program)
    return render(
        request,
        "web/declarations.html",
        {
            "program": program,
            "verdicts": verdicts,
            "summaries": summaries,
            "verdict_form": verdict_form,
            "summary_form": summary_form,
            "may_manage": can_manage_program(request.user, program),
        },
        status=400 if (verdict_form.errors or summary_form.errors) else 200,
    )


@login_required
def program_links(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's hierarchy of documents: read by those who follow it, kept by the secretariat."""
    program = program_checked(request, slug, can_follow_program, "xem văn bản liên quan")
    form = ProgramLinkForm(request.POST or None, relations=LinkRelation.choices)
    if request.method == "POST":
        require(request, can_manage_program, program, action="sửa văn bản liên quan")
        if form.is_valid():
            data = form.cleaned_data
            try:
                issued_on = parse_date(data["issued_on"]) if data["issued_on"].strip() else None
                save_link(
                    program,
                    LinkInput(
                        relation=data["relation"],
                        kind=data["kind"],
                        code=data["code"],
                        source=data["source"],
                        title=data["title"],
                        issuer=data["issuer"],
                        issued_on=issued_on,
                        position=data["position"],
                    ),
                    actor=request.user,
                )
            except ValueError as error:
                form.add_error(None, getattr(error, "message", str(error)))
            else:
                messages.success(request, f"Đã lưu văn bản {data['code']}.")
                return redirect("program_links", slug=program.slug)
    return render(
        request,
        "web/program_links.html",
        {
            "program": program,
            "links": program.links.all(),
            "form": form,
            "may_manage": can_manage_program(request.user, program),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def program_link_remove(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_object_or_404(ProgramLink.objects.select_related("program__owner_unit"), pk=link_id)
    require(request, can_manage_program, link.program, action="bỏ văn bản liên quan")
    remove_link(link, actor=request.user)
    messages.success(request, "Đã bỏ văn bản.")
    return redirect("program_links", slug=link.program.slug)
