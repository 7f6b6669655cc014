"""Template filters for figures and dates the Vietnamese way, built on the pure formatters."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from ansinh.core.dates import format_date
from ansinh.core.names import person_name as format_person_name
from ansinh.core.numbers import format_number, format_percent, format_quantity

register = template.Library()


@register.filter
def vn_number(value, places=None):
    if value in (None, ""):
        return "—"
    return format_number(value, int(places) if places not in (None, "") else None)


@register.filter
def vn_percent(value, places=None):
    if value in (None, ""):
        return "—"
    return format_percent(value, int(places) if places not in (None, "") else None)


@register.filter
def vn_date(value):
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value:%H:%M} {format_date(value.date())}"
    if isinstance(value, date):
        return format_date(value)
    return "—"


@register.filter
def vn_quantity(value, unit=""):
    return format_quantity(value, unit or "")


@register.filter
def figure(value, indicator):
    """A figure of ``indicator`` rounded by its precision, with its unit: ``{{ row.actual|figure:row.indicator }}``."""
    return indicator.figure_text(value)


@register.filter
def vn_rate(value):
    """A yearly growth rate kept as a fraction (0.032) written as ``3,2%/năm``."""
    if value in (None, ""):
        return "—"
    return format_percent(Decimal(str(value)) * 100, 2) + "/năm"


@register.filter
def person_name(user, default="—"):
    """A person's name in Vietnamese order (family name first), or the username; ``default`` for nobody."""
    return default if user in (None, "") else format_person_name(user)
