"""The programme's sub-navigations show a page's link only to those the page would not refuse: each URL name with
the rule its view checks on a GET (ansinh.accounts.rules). A link the table misses, or a rule that drifts from its
view, is caught by the browser walk of every page (a linked page that refuses its reader is a fault)."""

from django import template
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.rules import (
    can_enter_program_data,
    can_follow_program,
    can_view_budget,
    can_view_emulation,
    can_view_reviews,
    can_view_steering,
)

register = template.Library()

RULE_OF_SECTION = {
    "periods": can_follow_program,
    "assignments": can_follow_program,
    "targets": can_follow_program,
    "declarations": can_follow_program,
    "interop": can_follow_program,
    "evaluation_settings": can_follow_program,
    "program_links": can_follow_program,
    "steering": can_follow_program,
    "task_list": can_view_steering,
    "meeting_list": can_view_steering,
    "difficulty_list": can_view_steering,
    "inspection_list": can_view_steering,
    "budget": can_view_budget,
    "emulation": can_view_emulation,
    "review_list": can_view_reviews,
}


@register.simple_tag(takes_context=True)
def may_open(context, section: str, program) -> bool:
    """Whether the person of this request may open the programme's page named ``section``."""
    return RULE_OF_SECTION[section](context["request"].user, program)


@register.simple_tag(takes_context=True)
def may_enter_figures(context, program, unit) -> bool:
    """Whether the person of this request may enter ``unit``'s figures of the programme (the data-entry page's rule)."""
    return can_enter_program_data(context["request"].user, program, unit)


# The programme page's links to its other pages, in their order.
OVERVIEW_SECTIONS = (
    ("periods", _("Kỳ báo cáo")),
    ("assignments", _("Phân công")),
    ("targets", _("Mục tiêu")),
    ("declarations", _("Kết quả công bố")),
    ("task_list", _("Nhiệm vụ")),
    ("steering", _("Điều hành")),
    ("interop", _("Trao đổi dữ liệu (DHIS2, Open SDG)")),
    ("evaluation_settings", _("Cách đánh giá số cộng dồn")),
)


@register.simple_tag
def overview_sections() -> tuple:
    return OVERVIEW_SECTIONS
