"""Importing a DHIS2 dataValueSet (JSON or CSV) through a mapping table or the code scheme."""

from ansinh.exchange.formats.dhis2_mapping import MappingTable, map_values
from ansinh.exchange.formats.dhis2_values import (
    CREATE_AND_UPDATE,
    STRATEGIES,
    UNMAPPED_ORG_UNIT,
    ConflictLog,
    Dhis2FormatError,
    parse_csv,
    parse_json,
)
from ansinh.exchange.selectors import (
    importable_value_types,
)
from ansinh.exchange.services.common import ExchangeError, ImportSummary, Progress, decode_text
from ansinh.exchange.services.figures import FileCell, ReportDraft, write_figures
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.rules.periods import PeriodKey

DHIS2_SOURCE = "Nhập từ DHIS2"


def import_dhis2(
    program: Program,
    content: str | bytes,
    table: MappingTable,
    *,
    data_format: str = "json",
    strategy: str = CREATE_AND_UPDATE,
    dry_run: bool = False,
    actor=None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a DHIS2 dataValueSet (``data_format`` "json" or "csv") into ``program`` through ``table``
    (:func:`~ansinh.exchange.selectors.mapping_table` or :func:`~ansinh.exchange.selectors.code_table`).
    ``strategy``: CREATE_AND_UPDATE, CREATE (only new figures) or UPDATE (only existing ones).
    ``progress(done, total)`` is called before writing and after each report."""
    if data_format not in ("json", "csv"):
        raise ExchangeError(f"Định dạng “{data_format}” không được hỗ trợ; chọn json hoặc csv.")
    if strategy not in STRATEGIES:
        raise ExchangeError(f"importStrategy “{strategy}” không được hỗ trợ; chọn {', '.join(STRATEGIES)}.")
    text = decode_text(content)
    try:
        values = parse_json(text) if data_format == "json" else parse_csv(text)
        mapped = map_values(values, table, value_types=importable_value_types(program), years=program.years)
    except Dhis2FormatError as error:
        raise ExchangeError(error.message, error.errors) from error

    indicators = {indicator.code: indicator for indicator in program.indicators.all()}
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in={cell.org_unit for cell in mapped.cells})}
    missing_units = ConflictLog()
    drafts: dict[tuple[PeriodKey, str], ReportDraft] = {}
    for cell in mapped.cells:
        unit = units.get(cell.org_unit)
        if unit is None:
            missing_units.add(
                UNMAPPED_ORG_UNIT, cell.org_unit, table.unmapped_org_unit_message(cell.org_unit), cell.where
            )
            continue
        draft = drafts.setdefault((cell.period, unit.code), ReportDraft(cell.period, unit))
        draft.cells.append(
            FileCell(
                indicator=indicators[cell.indicator],
                disaggregation=cell.disaggregation,
                value=cell.value,
                numerator=cell.numerator,
                denominator=cell.denominator,
                achieved=cell.achieved,
                note=cell.comment,
                where=cell.where,
            )
        )
    summary = ImportSummary(total=mapped.total, conflicts=mapped.conflicts + missing_units.conflicts(), dry_run=dry_run)
    write_figures(
        program,
        list(drafts.values()),
        summary,
        strategy=strategy,
        source=DHIS2_SOURCE,
        action="exchange.dhis2.import",
        actor=actor,
        progress=progress,
    )
    return summary
