"""Writes for targets set by the secretariat: a yearly target, a target handed down to one unit (a department, a
commune), an indicator's base value. Each is checked first (Vietnamese message, nothing saved) and audited with its
before and after, which is the target's history."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from ansinh.audit.services import record
from ansinh.core.dates import format_date
from ansinh.core.numbers import NumberFormatError, parse_number, plain_decimal
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Target
from ansinh.rules.targets import parse_target


class TargetError(ValueError):
    """A target that cannot be saved; ``message`` is Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TargetInput:
    indicator: Indicator
    year: int
    phrase: str
    scope: OrgUnit | None = None
    source: str = ""


def _state(target: Target | None) -> dict | None:
    if target is None:
        return None
    return {
        "program": target.indicator.program.slug,
        "indicator": target.indicator.code,
        "year": target.year,
        "scope": target.scope.code if target.scope else None,
        "comparator": target.comparator,
        "value": None if target.value is None else str(plain_decimal(target.value)),
        "value_max": None if target.value_max is None else str(plain_decimal(target.value_max)),
        "unit": target.unit,
        "phrase": target.phrase,
        "source": target.source,
    }


def check_target_year(indicator: Indicator, year: int) -> None:
    program = indicator.program
    if year not in program.years:
        raise TargetError(
            f"Năm {year} nằm ngoài thời gian thực hiện của {program} ({program.start_year}–{program.end_year})."
        )


def check_unit_in_year(unit: OrgUnit, year: int) -> None:
    """A unit's own target needs the unit to have existed during the year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if (unit.valid_from is not None and unit.valid_from > last) or (
        unit.valid_to is not None and unit.valid_to < first
    ):
        span = []
        if unit.valid_from:
            span.append(f"từ {format_date(unit.valid_from)}")
        if unit.valid_to:
            span.append(f"đến {format_date(unit.valid_to)}")
        raise TargetError(f"{unit.name} không tồn tại trong năm {year} (hiệu lực {' '.join(span)}).")


def set_target(data: TargetInput, *, actor=None) -> Target:
    """Create or replace the target of one indicator, year and scope (the whole programme when ``scope`` is None),
    read from its phrase as the plan would write it ("dưới 3%", "tối thiểu 95%")."""
    indicator = data.indicator
    check_target_year(indicator, data.year)
    if data.scope is not None:
        check_unit_in_year(data.scope, data.year)
    phrase = data.phrase.strip()
    if not phrase:
        raise TargetError("Cần ghi mục tiêu, ví dụ “dưới 3%” hoặc “tối thiểu 95%”.")
    parsed = parse_target(phrase, direction=indicator.direction, default_year=data.year)
    if not parsed.has_target:
        raise TargetError(f"Không đọc được mục tiêu trong “{phrase}”: {parsed.review_reason}")
    program = indicator.program
    is_end = data.scope is None and data.year == program.end_year
    values = {
        "is_end_target": is_end,
        "kind": parsed.kind,
        "comparator": parsed.comparator,
        "value": parsed.value,
        "value_max": parsed.value_max,
        "unit": parsed.unit or indicator.unit,
        "base_year": parsed.base_year,
        "multiplier": parsed.multiplier,
        "phrase": phrase,
        "needs_review": parsed.needs_review,
        "source": data.source.strip() or "Ban Chỉ đạo nhập trên trang mục tiêu",
    }
    with transaction.atomic():
        existing = (
            # Only the target's row: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join (the scope).
            Target.objects.select_for_update(of=("self",))
            .select_related("scope")
            .filter(indicator=indicator, year=data.year, scope=data.scope)
            .first()
        )
        before = _state(existing)
        target, _ = Target.objects.update_or_create(
            indicator=indicator, year=data.year, scope=data.scope, defaults=values
        )
        target.refresh_from_db()
        scope = f" cho {data.scope.name}" if data.scope else ""
        record(
            actor=actor,
            action="target.set",
            obj=target,
            summary=f"Mục tiêu năm {data.year}{scope} của chỉ tiêu {indicator.code} ({program}): {phrase}",
            before=before,
            after=_state(target),
        )
    return target


def remove_target(target: Target, *, actor=None) -> None:
    with transaction.atomic():
        before = _state(target)
        summary = f"Bỏ mục tiêu năm {target.year} của chỉ tiêu {target.indicator.code} ({target.indicator.program})"
        record(actor=actor, action="target.remove", obj=target, summary=summary, before=before)
        target.delete()


def set_base_value(indicator: Indicator, *, year: int, text: str, source: str, actor=None) -> Indicator:
    """Record where the path to the end target starts: the base year (before the judged years) and its value."""
    program = indicator.program
    if year >= program.end_year or year < program.start_year - 10:
        raise TargetError(
            f"Năm gốc {year} phải trước năm kết thúc {program.end_year} của {program} (thường là năm trước năm bắt "
            "đầu)."
        )
    try:
        value: Decimal = parse_number(text)
    except NumberFormatError as error:
        raise TargetError(f"Giá trị năm gốc “{text}” không đọc được: {error}") from error
    if not source.strip():
        raise TargetError("Cần ghi nguồn của giá trị năm gốc.")
    with transaction.atomic():
        before = {
            "program": program.slug,
            "indicator": indicator.code,
            "base_year": indicator.base_year,
            "base_value": None if indicator.base_value is None else str(plain_decimal(indicator.base_value)),
            "base_source": indicator.base_source,
        }
        indicator.base_year, indicator.base_value, indicator.base_source = year, value, source.strip()
        indicator.save(update_fields=["base_year", "base_value", "base_source"])
        record(
            actor=actor,
            action="target.base_value",
            obj=indicator,
            summary=f"Giá trị năm gốc {year} của chỉ tiêu {indicator.code} ({program}): {text}",
            before=before,
            after={
                "program": program.slug,
                "indicator": indicator.code,
                "base_year": year,
                "base_value": str(plain_decimal(value)),
                "base_source": source.strip(),
            },
        )
    return indicator
