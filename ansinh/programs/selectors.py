from django.db.models import QuerySet

from ansinh.org.models import OrgUnit
from ansinh.programs.models import Aggregation, Indicator, Program
from ansinh.reporting.models import PeriodKind, ReportStatus


def indicators_for_unit(program: Program, unit: OrgUnit) -> QuerySet[Indicator]:
    """What a unit reports until assignments are edited: the programme's own unit reports every
    indicator, a department the ones it leads, a local unit those that roll up from below."""
    indicators = program.indicators.filter(is_group=False).order_by("sort_key")
    if unit.pk == program.owner_unit_id:
        return indicators
    if unit.kind == "department":
        return indicators.filter(lead_unit=unit)
    return indicators.exclude(aggregation=Aggregation.NONE)


def latest_reported_year(program: Program) -> int:
    years = program.periods.filter(kind=PeriodKind.YEAR, reports__status=ReportStatus.APPROVED).values_list(
        "year", flat=True
    )
    return max(years, default=program.start_year)


def program_fields(program: Program) -> list[str]:
    return sorted(set(program.indicators.exclude(field="").values_list("field", flat=True)))


def program_lead_units(program: Program) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(led_indicators__program=program).distinct().order_by("name")
