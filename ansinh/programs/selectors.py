from django.db.models import QuerySet

from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.models import PeriodKind, ReportStatus


def latest_reported_year(program: Program) -> int:
    years = program.periods.filter(kind=PeriodKind.YEAR, reports__status=ReportStatus.APPROVED).values_list(
        "year", flat=True
    )
    return max(years, default=program.start_year)


def program_fields(program: Program) -> list[str]:
    return sorted(set(program.indicators.exclude(field="").values_list("field", flat=True)))


def program_lead_units(program: Program) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(led_indicators__program=program).distinct().order_by("name")
