"""DHIS2 aggregate data: dataValueSets in JSON and CSV, mapping files, and the mapping of DHIS2
values onto ansinh's figures. Pure: no ORM; the database side is in ``exchange.services``.

A DHIS2 value is keyed by (data element, period, org unit, category option combo, attribute option
combo). A mapping sends (data element, category option combo) to (indicator, disaggregation, field),
where the field is the figure's value, numerator or denominator — two DHIS2 data elements can feed
one rate — and a DHIS2 org unit to one of ours. The default category option combo (uid
``HllvX50cXC0``, code ``default``) is written as a blank combo. Without a mapping, the **code scheme**
(DHIS2's idScheme=CODE) uses our own codes: the data element is the indicator code, with
``:numerator`` or ``:denominator`` for the parts of a rate; the category option combo is the
disaggregation key; the org unit is the unit code.

:func:`map_values` sorts every value into a figure of one (period, unit) or a conflict (a value left
out, with the reason, as DHIS2's import summary lists them), and refuses the whole file for a
problem in a value it would import (not a number, a numerator without its denominator, …).
"""

import csv
import io
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ansinh.exchange.opensdg import DisaggregationKeyError, canonical_disaggregation, parse_plain_decimal
from ansinh.reporting.periods import PeriodCodeError, PeriodKey, label, parse_dhis2_period

DEFAULT_COMBO_UID = "HllvX50cXC0"
DEFAULT_COMBOS = frozenset({"", DEFAULT_COMBO_UID, "default"})

VALUE, NUMERATOR, DENOMINATOR = "value", "numerator", "denominator"
FIELDS = (VALUE, NUMERATOR, DENOMINATOR)
FIELD_LABELS = {VALUE: "giá trị", NUMERATOR: "tử số", DENOMINATOR: "mẫu số"}

CREATE, UPDATE, CREATE_AND_UPDATE = "CREATE", "UPDATE", "CREATE_AND_UPDATE"
STRATEGIES = (CREATE_AND_UPDATE, CREATE, UPDATE)

# ansinh.programs.models.ValueType values this module needs (it cannot import the models).
YES_NO, QUALITATIVE = "yes_no", "qualitative"

CSV_COLUMNS = (
    "dataelement",
    "period",
    "orgunit",
    "catoptcombo",
    "attroptcombo",
    "value",
    "storedby",
    "timestamp",
    "comment",
    "followup",
)
# Newer DHIS2 versions name the timestamp column "lastupdated" and add "deleted" at the end.
_CSV_POSITIONS = {name: index for index, name in enumerate((*CSV_COLUMNS, "deleted"))}
_CSV_ALIASES = {"lastupdated": "timestamp"}
_CSV_REQUIRED = ("dataelement", "period", "orgunit", "value")


class Dhis2FormatError(ValueError):
    """A file that cannot be imported at all; ``errors`` lists every problem, in Vietnamese."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


# Conflict codes: why a value was left out.
UNMAPPED_ELEMENT = "unmapped_data_element"
UNMAPPED_COMBO = "unmapped_category_option_combo"
UNMAPPED_ORG_UNIT = "unmapped_org_unit"
UNSUPPORTED_PERIOD = "unsupported_period"
PERIOD_OUTSIDE_PROGRAM = "period_outside_program"
ATTRIBUTE_COMBO = "attribute_option_combo"
EMPTY_VALUE = "empty_value"
DELETED_VALUE = "deleted_value"
LOCKED_REPORT = "locked_report"
PERIOD_CLOSED = "period_closed"


@dataclass(frozen=True)
class Conflict:
    """Values left out for one reason about one object (a data element, an org unit, a period …)."""

    code: str
    object: str
    message: str
    where: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.where)

    def as_dict(self, *, places: int = 100) -> dict[str, Any]:
        """For a stored summary: the count is whole, the places in the file are the first ``places``."""
        return {
            "code": self.code,
            "object": self.object,
            "message": self.message,
            "count": self.count,
            "where": list(self.where[:places]),
        }


class ConflictLog:
    """Collects conflicts, one per (reason, object), in the order they first occur."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[str, list[str]]] = {}

    def add(self, code: str, obj: str, message: str, where: Iterable[str]) -> None:
        entry = self._entries.setdefault((code, obj), (message, []))
        entry[1].extend(where)

    def conflicts(self) -> list[Conflict]:
        return [Conflict(code, obj, message, tuple(where)) for (code, obj), (message, where) in self._entries.items()]


@dataclass(frozen=True)
class Dhis2Value:
    """One DHIS2 data value as read; the default combos are read as blank."""

    data_element: str
    period: str
    org_unit: str
    category_option_combo: str = ""
    attribute_option_combo: str = ""
    value: str | None = None
    stored_by: str = ""
    last_updated: str = ""
    comment: str = ""
    followup: bool = False
    deleted: bool = False
    where: str = field(default="", compare=False)

    @property
    def operand(self) -> str:
        """``dataElement.categoryOptionCombo``, as DHIS2 writes an operand; the data element alone for the default combo."""
        combo = normalize_combo(self.category_option_combo)
        return f"{self.data_element}.{combo}" if combo else self.data_element


def normalize_combo(combo: str) -> str:
    """The default category option combo, however it is written, is the blank combo."""
    cleaned = (combo or "").strip()
    return "" if cleaned in DEFAULT_COMBOS else cleaned


# --- reading dataValueSets -------------------------------------------------------------------------


def _as_text(item: Mapping[str, Any], name: str, where: str, errors: list[str]) -> str:
    raw = item.get(name)
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, str | int | float):
        return str(raw).strip()
    errors.append(f"{where}: trường “{name}” phải là chuỗi hoặc số.")
    return ""


def _as_flag(raw: Any, name: str, where: str, errors: list[str]) -> bool:
    if raw is None or raw == "":
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    errors.append(f"{where}: trường “{name}” phải là true hoặc false.")
    return False


def parse_json(text: str) -> list[Dhis2Value]:
    """A dataValueSet in JSON. The set's own ``period``, ``orgUnit`` and ``attributeOptionCombo`` apply to
    values that leave them out, as in DHIS2."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise Dhis2FormatError(f"Tệp JSON hỏng (dòng {error.lineno}, cột {error.colno}): {error.msg}.") from error
    if not isinstance(data, dict) or not isinstance(data.get("dataValues"), list):
        raise Dhis2FormatError("Tệp JSON không phải dataValueSets: cần một đối tượng có danh sách “dataValues”.")
    errors: list[str] = []
    defaults = {name: _as_text(data, name, "dataValueSet", errors) for name in ("period", "orgUnit")}
    default_attribute = _as_text(data, "attributeOptionCombo", "dataValueSet", errors)
    values: list[Dhis2Value] = []
    for number, item in enumerate(data["dataValues"], start=1):
        where = f"giá trị thứ {number}"
        if not isinstance(item, dict):
            errors.append(f"{where}: không phải một đối tượng JSON.")
            continue
        count = len(errors)
        texts = {
            name: _as_text(item, name, where, errors)
            for name in (
                "dataElement",
                "period",
                "orgUnit",
                "categoryOptionCombo",
                "attributeOptionCombo",
                "storedBy",
                "lastUpdated",
                "created",
                "comment",
            )
        }
        value = None if item.get("value") is None else _as_text(item, "value", where, errors)
        followup = _as_flag(item.get("followup"), "followup", where, errors)
        deleted = _as_flag(item.get("deleted"), "deleted", where, errors)
        period = texts["period"] or defaults["period"]
        org_unit = texts["orgUnit"] or defaults["orgUnit"]
        required = {"dataElement": texts["dataElement"], "period": period, "orgUnit": org_unit}
        missing = [name for name, present in required.items() if not present]
        if missing:
            errors.append(f"{where}: thiếu {', '.join(missing)}.")
        if len(errors) > count:
            continue
        values.append(
            Dhis2Value(
                data_element=texts["dataElement"],
                period=period,
                org_unit=org_unit,
                category_option_combo=normalize_combo(texts["categoryOptionCombo"]),
                attribute_option_combo=normalize_combo(texts["attributeOptionCombo"] or default_attribute),
                value=value,
                stored_by=texts["storedBy"],
                last_updated=texts["lastUpdated"] or texts["created"],
                comment=texts["comment"],
                followup=followup,
                deleted=deleted,
                where=where,
            )
        )
    if errors:
        raise Dhis2FormatError(f"Tệp có {len(errors)} lỗi; chưa nhập gì.", errors)
    return values


def parse_csv(text: str) -> list[Dhis2Value]:
    """A dataValueSet in DHIS2's CSV: columns dataelement, period, orgunit, catoptcombo, attroptcombo,
    value, storedby, timestamp, comment, followup (and deleted, as newer versions write), in that order
    when there is no header row; a first row that names ``dataelement`` is a header, and then the
    columns are found by name."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    errors: list[str] = []
    values: list[Dhis2Value] = []
    columns: dict[str, int] | None = None
    has_header = False
    try:
        for record in reader:
            where = f"dòng {reader.line_num}"
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if columns is None:
                has_header = "dataelement" in (cell.lower() for cell in cells)
                columns = _csv_header(cells, where, errors) if has_header else _CSV_POSITIONS
                if has_header:
                    continue
            value = _csv_value(cells, columns, has_header, where, errors)
            if value is not None:
                values.append(value)
    except csv.Error as error:
        raise Dhis2FormatError(f"Tệp CSV hỏng (dòng {reader.line_num}): {error}.") from error
    if errors:
        raise Dhis2FormatError(f"Tệp có {len(errors)} lỗi; chưa nhập gì.", errors)
    return values


def _csv_header(header: list[str], where: str, errors: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = _CSV_ALIASES.get(raw.lower(), raw.lower())
        if name not in _CSV_POSITIONS:
            errors.append(f"{where}: cột “{raw}” không thuộc định dạng CSV của DHIS2.")
        elif name in columns:
            errors.append(f"{where}: cột “{raw}” xuất hiện hai lần.")
        else:
            columns[name] = index
    errors += [f"{where}: thiếu cột “{name}”." for name in _CSV_REQUIRED if name not in columns]
    return columns


def _csv_value(
    cells: list[str], columns: dict[str, int], has_header: bool, where: str, errors: list[str]
) -> Dhis2Value | None:
    if not has_header and not 6 <= len(cells) <= len(_CSV_POSITIONS):
        errors.append(f"{where}: có {len(cells)} cột; cần từ 6 đến {len(_CSV_POSITIONS)} cột theo thứ tự của DHIS2.")
        return None
    if has_header and len(cells) > max(columns.values(), default=-1) + 1:
        errors.append(f"{where}: có nhiều cột hơn dòng tiêu đề.")
        return None

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    count = len(errors)
    missing = [name for name in ("dataelement", "period", "orgunit") if not cell(name)]
    if missing:
        errors.append(f"{where}: thiếu {', '.join(missing)}.")
    followup = _as_flag(cell("followup"), "followup", where, errors)
    deleted = _as_flag(cell("deleted"), "deleted", where, errors)
    if len(errors) > count:
        return None
    return Dhis2Value(
        data_element=cell("dataelement"),
        period=cell("period"),
        org_unit=cell("orgunit"),
        category_option_combo=normalize_combo(cell("catoptcombo")),
        attribute_option_combo=normalize_combo(cell("attroptcombo")),
        value=cell("value") or None,
        stored_by=cell("storedby"),
        last_updated=cell("timestamp"),
        comment=cell("comment"),
        followup=followup,
        deleted=deleted,
        where=where,
    )


# --- writing dataValueSets -------------------------------------------------------------------------


def format_json(values: Iterable[Dhis2Value]) -> str:
    """A dataValueSet in JSON; the default combos and empty fields are left out, as DHIS2 allows."""
    items = []
    for value in values:
        item: dict[str, Any] = {"dataElement": value.data_element, "period": value.period, "orgUnit": value.org_unit}
        optional = (
            ("categoryOptionCombo", normalize_combo(value.category_option_combo)),
            ("attributeOptionCombo", normalize_combo(value.attribute_option_combo)),
            ("value", value.value),
            ("storedBy", value.stored_by),
            ("lastUpdated", value.last_updated),
            ("comment", value.comment),
        )
        item.update({name: text for name, text in optional if text})
        if value.followup:
            item["followup"] = True
        items.append(item)
    return json.dumps({"dataValues": items}, ensure_ascii=False, indent=2) + "\n"


def format_csv(values: Iterable[Dhis2Value]) -> str:
    """A dataValueSet in DHIS2's CSV, with its header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for value in values:
        writer.writerow(
            [
                value.data_element,
                value.period,
                value.org_unit,
                normalize_combo(value.category_option_combo),
                normalize_combo(value.attribute_option_combo),
                value.value or "",
                value.stored_by,
                value.last_updated,
                value.comment,
                "true" if value.followup else "false",
            ]
        )
    return buffer.getvalue()


# --- mappings ---------------------------------------------------------------------------------------


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


# --- mapping values --------------------------------------------------------------------------------


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
