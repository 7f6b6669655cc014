"""DHIS2 mapping files, and the mapping of DHIS2 values onto ansinh's figures. Pure: no ORM; the
database side is in ``exchange.services``.

A mapping sends (data element, category option combo) to (indicator, disaggregation, field), where the
field is the figure's value, numerator or denominator — two DHIS2 data elements can feed one rate — and a
DHIS2 org unit to one of ours. Without a mapping, the **code scheme** (DHIS2's idScheme=CODE) uses our own
codes: the data element is the indicator code, with ``:numerator`` or ``:denominator`` for the parts of a
rate; the category option combo is the disaggregation key; the org unit is the unit code.

:func:`map_values` sorts every value into a figure of one (period, unit) or a conflict (a value left
out, with the reason, as DHIS2's import summary lists them), and refuses the whole file for a problem in a
value it would import (not a number, a numerator without its denominator, …)."""

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.exchange.formats.dhis2_values import (
    ATTRIBUTE_COMBO,
    DELETED_VALUE,
    DENOMINATOR,
    EMPTY_VALUE,
    FIELD_LABELS,
    FIELDS,
    NUMERATOR,
    PERIOD_OUTSIDE_PROGRAM,
    QUALITATIVE,
    UNMAPPED_COMBO,
    UNMAPPED_ELEMENT,
    UNMAPPED_ORG_UNIT,
    UNSUPPORTED_PERIOD,
    VALUE,
    YES_NO,
    Conflict,
    ConflictLog,
    Dhis2FormatError,
    Dhis2Value,
    normalize_combo,
)
from ansinh.exchange.formats.opensdg import DisaggregationKeyError, canonical_disaggregation, parse_plain_decimal
from ansinh.rules.periods import PeriodCodeError, PeriodKey, label, parse_dhis2_period


@dataclass(frozen=True)
class ElementTarget:
    """Where a DHIS2 (data element, category option combo) goes: an indicator code of the programme,
    a canonical disaggregation key, and the figure's field."""

    indicator: str
    disaggregation: str = ""
    field: str = VALUE


@dataclass(frozen=True)
class ElementSpec:
    data_element: str
    category_option_combo: str
    target: ElementTarget
    name: str = ""

    @property
    def operand(self) -> str:
        return f"{self.data_element}.{self.category_option_combo}" if self.category_option_combo else self.data_element


@dataclass(frozen=True)
class OrgUnitSpec:
    dhis2: str
    unit: str  # our OrgUnit.code
    name: str = ""


@dataclass(frozen=True)
class MappingSpec:
    program: str  # slug
    name: str
    description: str
    elements: list[ElementSpec]
    org_units: list[OrgUnitSpec]


def _target_label(target: ElementTarget) -> str:
    where = f", phân tổ “{target.disaggregation}”" if target.disaggregation else ""
    return f"{FIELD_LABELS[target.field]} của chỉ tiêu {target.indicator}{where}"


def element_problems(elements: Iterable[ElementSpec]) -> list[str]:
    """Two entries for one DHIS2 operand, two entries feeding one field of one figure, and a numerator
    without its denominator (or the reverse) are mistakes in a mapping."""
    problems: list[str] = []
    operands: dict[tuple[str, str], ElementSpec] = {}
    targets: dict[ElementTarget, ElementSpec] = {}
    parts: dict[tuple[str, str], set[str]] = {}
    for spec in elements:
        operand = (spec.data_element, spec.category_option_combo)
        if operand in operands:
            problems.append(f"“{spec.operand}” được ánh xạ hai lần.")
        operands.setdefault(operand, spec)
        if spec.target in targets:
            problems.append(
                f"“{targets[spec.target].operand}” và “{spec.operand}” cùng ghi vào {_target_label(spec.target)}."
            )
        targets.setdefault(spec.target, spec)
        parts.setdefault((spec.target.indicator, spec.target.disaggregation), set()).add(spec.target.field)
    for (indicator, disaggregation), fields in parts.items():
        if (NUMERATOR in fields) != (DENOMINATOR in fields):
            present, absent = (NUMERATOR, DENOMINATOR) if NUMERATOR in fields else (DENOMINATOR, NUMERATOR)
            where = f", phân tổ “{disaggregation}”" if disaggregation else ""
            problems.append(
                f"Chỉ tiêu {indicator}{where} có {FIELD_LABELS[present]} mà không có {FIELD_LABELS[absent]}."
            )
    return problems


_TOP_KEYS = {"mapping", "category_option_combos", "org_unit", "element"}

_MAPPING_KEYS = {"program", "name", "description"}

_ORG_UNIT_KEYS = {"dhis2", "unit", "name"}

_ELEMENT_KEYS = {
    "data_element",
    "name",
    "indicator",
    "field",
    "category_option_combo",
    "category_option_combos",
    "disaggregation",
}


def _unknown_keys(table: Mapping[str, Any], allowed: set[str], where: str) -> list[str]:
    return [f"{where}: khóa “{key}” không được hỗ trợ." for key in table if key not in allowed]


def _text_entry(table: Mapping[str, Any], key: str, where: str, errors: list[str], *, required: bool = False) -> str:
    raw = table.get(key)
    if raw is None:
        if required:
            errors.append(f"{where}: thiếu “{key}”.")
        return ""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        errors.append(f"{where}: “{key}” phải là chuỗi.")
        return ""
    text = str(raw).strip()
    if required and not text:
        errors.append(f"{where}: “{key}” không được để trống.")
    return text


def _canonical(key: str, where: str, errors: list[str]) -> str:
    try:
        return canonical_disaggregation(key)
    except DisaggregationKeyError as error:
        errors.append(f"{where}: {error}")
        return key


def parse_mapping_toml(text: str) -> MappingSpec:
    """Read a mapping file (format and example: docs/dhis2.md). Every problem is collected; any
    problem refuses the file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise Dhis2FormatError(f"Tệp TOML hỏng: {error}.") from error
    errors = _unknown_keys(data, _TOP_KEYS, "tệp")
    header = data.get("mapping")
    if not isinstance(header, dict):
        raise Dhis2FormatError("Thiếu bảng [mapping] (program = “slug của chương trình”).", errors)
    errors += _unknown_keys(header, _MAPPING_KEYS, "[mapping]")
    program = _text_entry(header, "program", "[mapping]", errors, required=True)
    name = _text_entry(header, "name", "[mapping]", errors) or program
    description = _text_entry(header, "description", "[mapping]", errors)

    combos: dict[str, str] = {}
    raw_combos = data.get("category_option_combos", {})
    if not isinstance(raw_combos, dict):
        errors.append("[category_option_combos] phải là một bảng: mã tổ hợp = “Tên=Giá trị;…”.")
        raw_combos = {}
    for combo, key in raw_combos.items():
        where = f"[category_option_combos] {combo}"
        if not isinstance(key, str):
            errors.append(f"{where}: phân tổ phải là chuỗi.")
        elif normalize_combo(combo) == "":
            errors.append(f"{where}: tổ hợp mặc định không cần khai báo (luôn là không phân tổ).")
        else:
            combos[combo.strip()] = _canonical(key, where, errors)

    org_units = _org_unit_specs(data.get("org_unit", []), errors)
    elements = _element_specs(data.get("element", []), combos, errors)
    errors += element_problems(elements)
    if errors:
        raise Dhis2FormatError(f"Bảng ánh xạ có {len(errors)} lỗi; chưa nạp gì.", errors)
    return MappingSpec(program, name, description, elements, org_units)


def _tables(raw: Any, name: str, errors: list[str]) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        errors.append(f"[[{name}]] phải là danh sách bảng.")
        return []
    return raw


def _org_unit_specs(raw: Any, errors: list[str]) -> list[OrgUnitSpec]:
    specs: list[OrgUnitSpec] = []
    seen_dhis2: set[str] = set()
    seen_units: set[str] = set()
    for number, table in enumerate(_tables(raw, "org_unit", errors), start=1):
        where = f"[[org_unit]] thứ {number}"
        errors += _unknown_keys(table, _ORG_UNIT_KEYS, where)
        dhis2 = _text_entry(table, "dhis2", where, errors, required=True)
        unit = _text_entry(table, "unit", where, errors, required=True)
        if dhis2 in seen_dhis2:
            errors.append(f"{where}: đơn vị DHIS2 “{dhis2}” được ánh xạ hai lần.")
        if unit in seen_units:
            errors.append(f"{where}: đơn vị “{unit}” đã nhận một đơn vị DHIS2 khác (cần một-một để xuất ngược).")
        seen_dhis2.add(dhis2)
        seen_units.add(unit)
        specs.append(OrgUnitSpec(dhis2, unit, _text_entry(table, "name", where, errors)))
    return specs


def _element_specs(raw: Any, combos: Mapping[str, str], errors: list[str]) -> list[ElementSpec]:
    specs: list[ElementSpec] = []
    for number, table in enumerate(_tables(raw, "element", errors), start=1):
        data_element = _text_entry(table, "data_element", f"[[element]] thứ {number}", errors, required=True)
        where = f"[[element]] thứ {number} ({data_element})"
        errors += _unknown_keys(table, _ELEMENT_KEYS, where)
        indicator = _text_entry(table, "indicator", where, errors, required=True)
        field_name = _text_entry(table, "field", where, errors) or VALUE
        if field_name not in FIELDS:
            errors.append(f"{where}: field phải là value, numerator hoặc denominator, không phải “{field_name}”.")
            field_name = VALUE
        name = _text_entry(table, "name", where, errors)
        for combo, disaggregation in _element_combos(table, combos, where, errors):
            target = ElementTarget(indicator, disaggregation, field_name)
            specs.append(ElementSpec(data_element, combo, target, name))
    return specs


def _element_combos(
    table: Mapping[str, Any], combos: Mapping[str, str], where: str, errors: list[str]
) -> list[tuple[str, str]]:
    """(combo, disaggregation) pairs of one [[element]]: one combo, a list of combos named in
    [category_option_combos], or the default combo."""
    if "category_option_combo" in table and "category_option_combos" in table:
        errors.append(f"{where}: chỉ dùng một trong category_option_combo hoặc category_option_combos.")
        return []
    if "category_option_combos" in table:
        listed = table["category_option_combos"]
        if "disaggregation" in table:
            errors.append(f"{where}: phân tổ của từng tổ hợp lấy từ [category_option_combos], bỏ “disaggregation”.")
        if not isinstance(listed, list) or not listed or not all(isinstance(item, str) for item in listed):
            errors.append(f"{where}: category_option_combos phải là danh sách mã tổ hợp.")
            return []
        pairs = []
        for combo in listed:
            cleaned = normalize_combo(combo)
            if cleaned and cleaned not in combos:
                errors.append(f"{where}: tổ hợp “{combo}” chưa có trong [category_option_combos].")
            else:
                pairs.append((cleaned, combos.get(cleaned, "")))
        return pairs
    combo = normalize_combo(_text_entry(table, "category_option_combo", where, errors))
    if "disaggregation" in table:
        return [(combo, _canonical(_text_entry(table, "disaggregation", where, errors), where, errors))]
    if combo and combo not in combos:
        errors.append(f"{where}: tổ hợp “{combo}” cần “disaggregation” hoặc một dòng trong [category_option_combos].")
        return []
    return [(combo, combos.get(combo, ""))]


class MappingTable:
    """A mapping in memory: DHIS2 operands and org units to our codes, and back for export."""

    def __init__(self, elements: Iterable[ElementSpec], org_units: Iterable[OrgUnitSpec]):
        self._elements = {(spec.data_element, spec.category_option_combo): spec.target for spec in elements}
        self._known = {data_element for data_element, _ in self._elements}
        self._reverse_elements = {target: operand for operand, target in self._elements.items()}
        self._org_units = {spec.dhis2: spec.unit for spec in org_units}
        self._reverse_org_units = {unit: dhis2 for dhis2, unit in self._org_units.items()}

    def element(self, data_element: str, combo: str) -> ElementTarget | None:
        return self._elements.get((data_element, normalize_combo(combo)))

    def unmapped_element(self, value: Dhis2Value) -> tuple[str, str, str]:
        """(conflict code, object, message) for a value whose operand has no target."""
        combo = normalize_combo(value.category_option_combo)
        if value.data_element in self._known:
            return (
                UNMAPPED_COMBO,
                value.operand,
                f"Tổ hợp phân tổ “{combo}” của phần tử dữ liệu “{value.data_element}” chưa có trong bảng ánh xạ.",
            )
        return (
            UNMAPPED_ELEMENT,
            value.data_element,
            f"Phần tử dữ liệu “{value.data_element}” chưa có trong bảng ánh xạ.",
        )

    def org_unit(self, dhis2: str) -> str | None:
        return self._org_units.get(dhis2)

    def unmapped_org_unit_message(self, dhis2: str) -> str:
        return f"Đơn vị DHIS2 “{dhis2}” chưa có trong bảng ánh xạ."

    def reverse_element(self, target: ElementTarget) -> tuple[str, str] | None:
        return self._reverse_elements.get(target)

    def reverse_org_unit(self, unit_code: str) -> str | None:
        return self._reverse_org_units.get(unit_code)


class CodeScheme(MappingTable):
    """DHIS2's idScheme=CODE on our own codes: indicator code (``:numerator``/``:denominator`` for the
    parts of a rate), disaggregation key as the combo, unit code as the org unit."""

    SUFFIXES = {f":{NUMERATOR}": NUMERATOR, f":{DENOMINATOR}": DENOMINATOR}

    def __init__(self, value_types: Mapping[str, str]):
        super().__init__((), ())
        self._value_types = dict(value_types)

    def element(self, data_element: str, combo: str) -> ElementTarget | None:
        code, field_name = data_element, VALUE
        for suffix, name in self.SUFFIXES.items():
            if data_element.endswith(suffix):
                code, field_name = data_element.removesuffix(suffix), name
        value_type = self._value_types.get(code)
        if value_type is None or value_type == QUALITATIVE or (value_type == YES_NO and field_name != VALUE):
            return None
        return ElementTarget(code, normalize_combo(combo), field_name)

    def unmapped_element(self, value: Dhis2Value) -> tuple[str, str, str]:
        return (
            UNMAPPED_ELEMENT,
            value.data_element,
            f"Không có chỉ tiêu mã “{value.data_element}” nhận số liệu trong chương trình.",
        )

    def org_unit(self, dhis2: str) -> str | None:
        return dhis2

    def unmapped_org_unit_message(self, dhis2: str) -> str:
        return f"Không có đơn vị mã “{dhis2}”."

    def reverse_element(self, target: ElementTarget) -> tuple[str, str] | None:
        suffix = "" if target.field == VALUE else f":{target.field}"
        return f"{target.indicator}{suffix}", target.disaggregation

    def reverse_org_unit(self, unit_code: str) -> str | None:
        return unit_code


@dataclass(frozen=True)
class MappedCell:
    """One figure of one (period, unit) as the file gives it."""

    period: PeriodKey
    org_unit: str  # our unit code
    indicator: str
    disaggregation: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    achieved: bool | None = None
    comment: str = ""
    where: tuple[str, ...] = ()

    @property
    def sources(self) -> int:
        """How many DHIS2 values feed this figure (two for a rate given as numerator and denominator)."""
        return len(self.where)


@dataclass(frozen=True)
class MappedValues:
    cells: list[MappedCell]
    conflicts: list[Conflict]
    total: int


def _read(value: Dhis2Value, target: ElementTarget, value_type: str, errors: list[str]) -> Decimal | bool | None:
    text = (value.value or "").strip()
    if value_type == YES_NO:
        if text.lower() in ("true", "1"):
            return True
        if text.lower() in ("false", "0"):
            return False
        errors.append(
            f"{value.where}: chỉ tiêu {target.indicator} nhận Có/Không (true hoặc false); "
            f"“{value.operand}” có giá trị “{text}”."
        )
        return None
    try:
        return parse_plain_decimal(text)
    except ValueError as error:
        errors.append(f"{value.where}: “{value.operand}” — {error}")
        return None


def map_values(
    values: list[Dhis2Value], table: MappingTable, *, value_types: Mapping[str, str], years: range | None = None
) -> MappedValues:
    """Every value becomes part of a figure or a conflict; a problem in a value that would be imported
    refuses the file (Dhis2FormatError listing every such problem).

    ``value_types``: indicator code → value type, for the indicators that take figures; ``years``: the
    programme's years (a period outside them is a conflict)."""
    log = ConflictLog()
    errors: list[str] = []
    slots: dict[tuple[PeriodKey, str, str, str], dict[str, tuple[Dhis2Value, Decimal | bool]]] = {}
    for value in values:
        if value.deleted:
            log.add(
                DELETED_VALUE,
                value.operand,
                "Giá trị đã xóa trong DHIS2: ansinh không xóa số liệu qua tệp nhập.",
                [value.where],
            )
            continue
        attribute = normalize_combo(value.attribute_option_combo)
        if attribute:
            log.add(
                ATTRIBUTE_COMBO,
                attribute,
                f"Tổ hợp thuộc tính “{attribute}” không được hỗ trợ; chỉ nhận tổ hợp mặc định.",
                [value.where],
            )
            continue
        target = table.element(value.data_element, value.category_option_combo)
        value_type = value_types.get(target.indicator) if target else None
        if target is None or value_type is None:
            code, obj, message = table.unmapped_element(value)
            log.add(code, obj, message, [value.where])
            continue
        unit = table.org_unit(value.org_unit)
        if unit is None:
            log.add(UNMAPPED_ORG_UNIT, value.org_unit, table.unmapped_org_unit_message(value.org_unit), [value.where])
            continue
        try:
            key = parse_dhis2_period(value.period)
        except PeriodCodeError as error:
            log.add(UNSUPPORTED_PERIOD, value.period, str(error), [value.where])
            continue
        if years is not None and key.year not in years:
            log.add(
                PERIOD_OUTSIDE_PROGRAM,
                value.period,
                f"{label(key)} nằm ngoài thời gian của chương trình ({years.start}–{years.stop - 1}).",
                [value.where],
            )
            continue
        if not (value.value or "").strip():
            log.add(EMPTY_VALUE, value.operand, "Giá trị trống: ansinh không xóa số liệu qua tệp nhập.", [value.where])
            continue
        read = _read(value, target, value_type, errors)
        if read is None:
            continue
        slot = slots.setdefault((key, unit, target.indicator, target.disaggregation), {})
        if target.field in slot:
            errors.append(
                f"{value.where}: trùng với {slot[target.field][0].where} — cùng ghi vào {_target_label(target)}, "
                f"kỳ {value.period}, đơn vị {value.org_unit}."
            )
            continue
        slot[target.field] = (value, read)

    cells = []
    for (key, unit, indicator, disaggregation), slot in slots.items():
        if (NUMERATOR in slot) != (DENOMINATOR in slot):
            present, absent = (NUMERATOR, DENOMINATOR) if NUMERATOR in slot else (DENOMINATOR, NUMERATOR)
            where = f", phân tổ “{disaggregation}”" if disaggregation else ""
            errors.append(
                f"{slot[present][0].where}: chỉ tiêu {indicator}{where}, kỳ {slot[present][0].period}, đơn vị "
                f"{slot[present][0].org_unit} có {FIELD_LABELS[present]} mà thiếu {FIELD_LABELS[absent]}."
            )
            continue
        parts = {name: read for name, (_, read) in slot.items()}
        ordered = [slot[name][0] for name in FIELDS if name in slot]
        comments = list(dict.fromkeys(value.comment for value in ordered if value.comment))
        value_part = parts.get(VALUE)
        achieved = value_part if isinstance(value_part, bool) else None
        cells.append(
            MappedCell(
                period=key,
                org_unit=unit,
                indicator=indicator,
                disaggregation=disaggregation,
                value=_decimal(value_part),
                numerator=_decimal(parts.get(NUMERATOR)),
                denominator=_decimal(parts.get(DENOMINATOR)),
                achieved=achieved,
                comment="; ".join(comments),
                where=tuple(value.where for value in ordered),
            )
        )
    if errors:
        raise Dhis2FormatError(f"Tệp có {len(errors)} lỗi; chưa nhập gì.", errors)
    return MappedValues(cells, log.conflicts(), len(values))


def _decimal(read: Decimal | bool | None) -> Decimal | None:
    return read if isinstance(read, Decimal) else None
