"""Checks of an uploaded file before it is queued, and the exports the pages and the API give, audited."""

from django.utils.translation import gettext_lazy as _

from ansinh.audit.services import record
from ansinh.core.numbers import format_number
from ansinh.exchange.formats.dhis2_mapping import MappingTable
from ansinh.exchange.models import (
    ImportKind,
)
from ansinh.exchange.selectors import (
    ExportResult,
    export_dhis2,
    export_opensdg,
)
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program

# The file is kept in the database with its job; a DHIS2 export of a whole province for a year is a few
# megabytes.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_LABEL = "20 MB"
EXTENSIONS: dict[str, str] = {
    ImportKind.DHIS2_JSON: ".json",
    ImportKind.DHIS2_CSV: ".csv",
    ImportKind.OPENSDG_CSV: ".csv",
}
ID_SCHEMES = {
    "mapping": _("Bảng ánh xạ DHIS2 của chương trình"),
    "code": _("Mã chỉ tiêu, mã đơn vị của ansinh (idScheme=CODE)"),
}


def upload_problem(kind: str, filename: str, size: int) -> str | None:
    """What is wrong with an uploaded file before it is queued, in Vietnamese; None when nothing is."""
    if size > MAX_IMPORT_BYTES:
        return f"Tệp quá lớn (tối đa {MAX_IMPORT_LABEL})."
    if size == 0:
        return "Tệp trống."
    extension = EXTENSIONS.get(kind)
    if extension is not None and not filename.lower().endswith(extension):
        return f"Tệp {ImportKind(kind).label} phải có đuôi {extension}."
    return None


def dhis2_export_summary(
    program: Program, *, years: range, data_format: str, id_scheme: str, count: int, skipped: int
) -> str:
    summary = (
        f"Xuất {format_number(count)} giá trị DHIS2 ({data_format.upper()}, {years.start}–{years.stop - 1}, "
        f"{ID_SCHEMES[id_scheme]}) — {program}"
    )
    if skipped:
        summary += f"; {format_number(skipped)} số liệu chưa có trong bảng ánh xạ nên không xuất"
    return summary


def opensdg_export_summary(indicator: Indicator, count: int) -> str:
    return f"Xuất Open SDG chỉ tiêu {indicator.code}: {format_number(count)} dòng — {indicator.program}"


def audited_dhis2_export(
    program: Program, table: MappingTable, *, years: range, data_format: str, id_scheme: str, actor
) -> ExportResult:
    result = export_dhis2(program, table, years=years, data_format=data_format)
    skipped = sum(conflict.count for conflict in result.skipped)
    record(
        actor=actor,
        action="exchange.export",
        obj=program,
        summary=dhis2_export_summary(
            program, years=years, data_format=data_format, id_scheme=id_scheme, count=result.count, skipped=skipped
        ),
        after={
            "format": f"dhis2_{data_format}",
            "years": [years.start, years.stop - 1],
            "id_scheme": id_scheme,
            "count": result.count,
            "skipped": skipped,
        },
    )
    return result


def audited_opensdg_export(indicator: Indicator, *, units: list[OrgUnit], actor) -> ExportResult:
    result = export_opensdg(indicator, units=units)
    record(
        actor=actor,
        action="exchange.export",
        obj=indicator.program,
        summary=opensdg_export_summary(indicator, result.count),
        after={"format": "opensdg_csv", "indicator": indicator.code, "units": [unit.code for unit in units]},
    )
    return result
