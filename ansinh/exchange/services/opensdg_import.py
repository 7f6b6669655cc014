"""Importing an Open SDG tidy CSV for one indicator."""

from django.db.models import Q

from ansinh.exchange.formats.dhis2_values import (
    CREATE_AND_UPDATE,
    EMPTY_VALUE,
    PERIOD_OUTSIDE_PROGRAM,
    QUALITATIVE,
    UNMAPPED_ORG_UNIT,
    YES_NO,
    ConflictLog,
)
from ansinh.exchange.formats.opensdg import OpenSdgFormatError, parse_tidy_csv
from ansinh.exchange.services.common import UNIT_MISMATCH, ExchangeError, ImportSummary, Progress, decode_text
from ansinh.exchange.services.figures import FileCell, ReportDraft, write_figures
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator
from ansinh.reporting.models import PeriodKind
from ansinh.rules.periods import PeriodKey, year_cutoff

OPENSDG_SOURCE = "Nhập từ Open SDG"


def _unit_for_geocode(geocode: str, year: int, candidates: list[OrgUnit]) -> OrgUnit | None:
    """The unit whose code is ``geocode``; else the one unit with that official code that existed in
    the year (old and new communes of the 2025 reform may share an official code)."""
    for unit in candidates:
        if unit.code == geocode:
            return unit
    start, end = year_cutoff(year)
    official = [
        unit
        for unit in candidates
        if unit.official_code == geocode
        and (unit.valid_from is None or unit.valid_from <= end)
        and (unit.valid_to is None or unit.valid_to >= start)
    ]
    return official[0] if len(official) == 1 else None


def import_opensdg(
    indicator: Indicator,
    content: str | bytes,
    *,
    dry_run: bool = False,
    actor=None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import one indicator's Open SDG tidy CSV: headline and other rows without a GeoCode go to the
    programme unit's yearly report, rows with a GeoCode to that unit's (by code, else by official
    code); the disaggregation columns become the canonical key (``exchange.opensdg``)."""
    program = indicator.program
    if indicator.is_group or indicator.value_type in (YES_NO, QUALITATIVE):
        raise ExchangeError(f"Chỉ tiêu {indicator.code} không nhận số liệu dạng số; Open SDG chỉ chứa số liệu dạng số.")
    try:
        table = parse_tidy_csv(decode_text(content))
    except OpenSdgFormatError as error:
        raise ExchangeError(error.message, error.errors) from error

    geocodes = {row.geocode for row in table.rows if row.geocode}
    candidates = list(OrgUnit.objects.filter(Q(code__in=geocodes) | Q(official_code__in=geocodes)))
    log = ConflictLog()
    errors: list[str] = []
    drafts: dict[tuple[PeriodKey, str], ReportDraft] = {}
    placed: dict[tuple[PeriodKey, str, str], str] = {}
    for row in table.rows:
        if row.units and indicator.unit and row.units.strip().casefold() != indicator.unit.strip().casefold():
            log.add(
                UNIT_MISMATCH,
                row.units,
                f"Đơn vị tính “{row.units}” khác đơn vị của chỉ tiêu {indicator.code} (“{indicator.unit}”).",
                [row.where],
            )
            continue
        if row.year not in program.years:
            log.add(
                PERIOD_OUTSIDE_PROGRAM,
                str(row.year),
                f"Năm {row.year} nằm ngoài thời gian của chương trình ({program.start_year}–{program.end_year}).",
                [row.where],
            )
            continue
        if row.value is None:
            log.add(EMPTY_VALUE, str(row.year), "Giá trị trống: ansinh không xóa số liệu qua tệp nhập.", [row.where])
            continue
        unit = _unit_for_geocode(row.geocode, row.year, candidates) if row.geocode else program.owner_unit
        if unit is None:
            log.add(
                UNMAPPED_ORG_UNIT,
                row.geocode,
                f"Không có đơn vị mang mã “{row.geocode}” (mã hoặc mã hành chính) trong năm {row.year}.",
                [row.where],
            )
            continue
        key = PeriodKey(row.year, PeriodKind.YEAR)
        identity = (key, unit.code, row.disaggregation)
        if identity in placed:
            errors.append(
                f"{row.where}: trùng với {placed[identity]} — cùng một số liệu của {unit.name} năm {row.year}."
            )
            continue
        placed[identity] = row.where
        drafts.setdefault((key, unit.code), ReportDraft(key, unit)).cells.append(
            FileCell(indicator=indicator, disaggregation=row.disaggregation, value=row.value, where=(row.where,))
        )
    if errors:
        raise ExchangeError(f"Tệp có {len(errors)} lỗi; chưa nhập gì.", errors)
    summary = ImportSummary(total=len(table.rows), conflicts=log.conflicts(), dry_run=dry_run)
    write_figures(
        program,
        list(drafts.values()),
        summary,
        strategy=CREATE_AND_UPDATE,
        source=OPENSDG_SOURCE,
        action="exchange.opensdg.import",
        actor=actor,
        progress=progress,
    )
    return summary
