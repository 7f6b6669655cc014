"""Amounts of a budget the way Vietnamese reports write them (``20.990 tỷ đồng``), and disbursement rates."""

from django import template

from ansinh.rules.budget import format_money, format_rate

register = template.Library()


@register.filter
def vn_money(value) -> str:
    return format_money(value) if value not in ("", None) else "—"


@register.filter
def vn_rate_percent(value) -> str:
    return format_rate(value) if value not in ("", None) else "—"
