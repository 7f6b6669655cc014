"""DHIS2 mapping files loaded into a programme's mapping tables (data elements and org units)."""

from dataclasses import dataclass

from django.db import transaction

from ansinh.audit.services import record
from ansinh.exchange.formats.dhis2_mapping import MappingSpec, MappingTable, parse_mapping_toml
from ansinh.exchange.formats.dhis2_values import (
    QUALITATIVE,
    VALUE,
    YES_NO,
    Dhis2FormatError,
)
from ansinh.exchange.models import (
    Dhis2ElementMapping,
    Dhis2Mapping,
    Dhis2OrgUnitMapping,
)
from ansinh.exchange.services.common import ExchangeError
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program


@dataclass(frozen=True)
class MappingLoadSummary:
    mapping: Dhis2Mapping
    created: int
    updated: int
    deleted: int
    unchanged: int

    def message(self) -> str:
        return (
            f"Bảng ánh xạ “{self.mapping.name}” ({self.mapping.program.code}): {self.created} dòng mới, "
            f"{self.updated} cập nhật, {self.deleted} xóa, {self.unchanged} không đổi."
        )


@dataclass(frozen=True)
class ResolvedMapping:
    program: Program
    spec: MappingSpec
    indicators: dict[str, Indicator]
    units: dict[str, OrgUnit]

    @property
    def table(self) -> MappingTable:
        return MappingTable(self.spec.elements, self.spec.org_units)


def read_mapping(text: str) -> ResolvedMapping:
    """A mapping file read and checked against the database, without saving it."""
    try:
        spec = parse_mapping_toml(text)
    except Dhis2FormatError as error:
        raise ExchangeError(error.message, error.errors) from error
    program = Program.objects.filter(slug=spec.program).first()
    if program is None:
        raise ExchangeError(f"Không có chương trình “{spec.program}”.")
    indicators = {indicator.code: indicator for indicator in program.indicators.all()}
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in={entry.unit for entry in spec.org_units})}
    errors: list[str] = []
    for element in spec.elements:
        indicator = indicators.get(element.target.indicator)
        if indicator is None:
            errors.append(
                f"“{element.operand}”: chương trình {program.code} không có chỉ tiêu mã “{element.target.indicator}”."
            )
        elif indicator.is_group or indicator.value_type == QUALITATIVE:
            errors.append(
                f"“{element.operand}”: chỉ tiêu {indicator.code} là chỉ tiêu nhóm hoặc định tính, không nhận số liệu."
            )
        elif indicator.value_type == YES_NO and element.target.field != VALUE:
            errors.append(f"“{element.operand}”: chỉ tiêu {indicator.code} (Có/Không) không có tử số, mẫu số.")
    errors += [
        f"Không có đơn vị mã “{entry.unit}” (ánh xạ từ “{entry.dhis2}”)."
        for entry in spec.org_units
        if entry.unit not in units
    ]
    if errors:
        raise ExchangeError(f"Bảng ánh xạ có {len(errors)} lỗi; chưa nạp gì.", errors)
    return ResolvedMapping(program, spec, indicators, units)


def load_dhis2_mapping(text: str, *, actor=None) -> MappingLoadSummary:
    """Save a mapping file as its programme's mapping. The file is the whole truth: rows it no longer
    lists are deleted; loading the same file again changes nothing (and records nothing)."""
    resolved = read_mapping(text)
    spec = resolved.spec
    with transaction.atomic():
        mapping, created_mapping = Dhis2Mapping.objects.get_or_create(
            program=resolved.program, defaults={"name": spec.name, "description": spec.description}
        )
        header_changed = not created_mapping and (mapping.name, mapping.description) != (spec.name, spec.description)
        if header_changed:
            mapping.name, mapping.description = spec.name, spec.description
            mapping.save(update_fields=["name", "description", "updated_at"])
        elements = _sync_rows(
            mapping.elements.all(),
            key=lambda row: (row.data_element, row.category_option_combo),
            state=lambda row: (row.indicator_id, row.disaggregation, row.field, row.dhis2_name),
            wanted={
                (element.data_element, element.category_option_combo): Dhis2ElementMapping(
                    mapping=mapping,
                    data_element=element.data_element,
                    category_option_combo=element.category_option_combo,
                    dhis2_name=element.name,
                    indicator=resolved.indicators[element.target.indicator],
                    disaggregation=element.target.disaggregation,
                    field=element.target.field,
                )
                for element in spec.elements
            },
            model=Dhis2ElementMapping,
        )
        units = _sync_rows(
            mapping.org_units.all(),
            key=lambda row: row.dhis2_org_unit,
            state=lambda row: (row.org_unit_id, row.dhis2_name),
            wanted={
                unit.dhis2: Dhis2OrgUnitMapping(
                    mapping=mapping, dhis2_org_unit=unit.dhis2, dhis2_name=unit.name, org_unit=resolved.units[unit.unit]
                )
                for unit in spec.org_units
            },
            model=Dhis2OrgUnitMapping,
        )
        created, updated, deleted, unchanged = (a + b for a, b in zip(elements, units, strict=True))
        summary = MappingLoadSummary(mapping, created, updated + header_changed, deleted, unchanged)
        if created_mapping or created or updated or deleted or header_changed:
            record(
                actor=actor,
                action="exchange.dhis2_mapping.load",
                obj=mapping,
                summary=summary.message(),
                after={"elements": len(spec.elements), "org_units": len(spec.org_units)},
            )
    return summary


def _sync_rows(existing, *, key, state, wanted: dict, model) -> tuple[int, int, int, int]:
    """Make the rows of one mapping exactly ``wanted``. Changed rows are deleted and created again
    rather than updated in place, so that two rows swapping targets never meet a unique constraint."""
    current = {key(row): row for row in existing}
    stale = [row.pk for k, row in current.items() if k not in wanted or state(row) != state(wanted[k])]
    fresh = [row for k, row in wanted.items() if k not in current or state(current[k]) != state(row)]
    model.objects.filter(pk__in=stale).delete()
    model.objects.bulk_create(fresh)
    updated = sum(1 for k in wanted if k in current and state(current[k]) != state(wanted[k]))
    created = len(fresh) - updated
    deleted = len(stale) - updated
    return created, updated, deleted, len(wanted) - created - updated
