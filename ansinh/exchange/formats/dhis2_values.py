"""DHIS2 aggregate data values: dataValueSets in JSON and CSV, read and written, and the conflicts an
import lists (DHIS2's import summary). Pure: no ORM.

A DHIS2 value is keyed by (data element, period, org unit, category option combo, attribute option
combo). The default category option combo (uid ``HllvX50cXC0``, code ``default``) is written as a blank
combo."""

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ansinh.core.cells import csv_line_writer, csv_plain, csv_text
from ansinh.core.file_limits import FileTooLarge, capped, check_json_records, check_lines

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
        self.errors = capped(errors or [])


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
        check_json_records(text)
        data = json.loads(text)
    except FileTooLarge as error:
        raise Dhis2FormatError(error.message) from error
    except json.JSONDecodeError as error:
        raise Dhis2FormatError(f"Tệp JSON hỏng (dòng {error.lineno}, cột {error.colno}): {error.msg}.") from error
    except RecursionError as error:
        raise Dhis2FormatError("Tệp JSON lồng nhau quá sâu, không phải dataValueSets.") from error
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
        check_lines(text, "giá trị")
        for record in reader:
            where = f"dòng {reader.line_num}"
            cells = [csv_plain(cell.strip()) for cell in record]
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
    except FileTooLarge as error:
        raise Dhis2FormatError(error.message) from error
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


def _json_item(value: Dhis2Value) -> dict[str, Any]:
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
    return item


def iter_json(values: Iterable[Dhis2Value]) -> Iterator[str]:
    """A dataValueSet in JSON, piece by piece (one value at a time, so that a file of millions of values is
    written with flat memory): the same text as ``json.dumps({"dataValues": [...]}, indent=2)``. The default
    combos and empty fields are left out, as DHIS2 allows."""
    first = True
    for value in values:
        # json.dumps escapes every line break inside a string, so the only line breaks are its own.
        item = json.dumps(_json_item(value), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ('{\n  "dataValues": [\n    ' if first else ",\n    ") + item
        first = False
    yield '{\n  "dataValues": []\n}\n' if first else "\n  ]\n}\n"


def format_json(values: Iterable[Dhis2Value]) -> str:
    """A dataValueSet in JSON (:func:`iter_json`)."""
    return "".join(iter_json(values))


def iter_csv(values: Iterable[Dhis2Value]) -> Iterator[str]:
    """A dataValueSet in DHIS2's CSV, with its header row, one row at a time."""
    writer = csv_line_writer()
    yield writer.writerow(CSV_COLUMNS)
    for value in values:
        yield writer.writerow(
            [
                value.data_element,
                value.period,
                value.org_unit,
                normalize_combo(value.category_option_combo),
                normalize_combo(value.attribute_option_combo),
                csv_text(value.value or ""),
                csv_text(value.stored_by),
                value.last_updated,
                csv_text(value.comment),
                "true" if value.followup else "false",
            ]
        )


def format_csv(values: Iterable[Dhis2Value]) -> str:
    """A dataValueSet in DHIS2's CSV (:func:`iter_csv`)."""
    return "".join(iter_csv(values))
