"""Open SDG tidy CSV, one file per indicator, and the canonical disaggregation key. Pure: no ORM.

A tidy file has ``Year`` first and ``Value`` last; every column between is a disaggregation
(``Sex``, ``Urban/rural``, ``Series`` …) except ``Units`` (the unit of measure) and ``GeoCode`` (the
unit a row is about; the exporter writes it second to last). A headline row has every
disaggregation column empty.

A figure's disaggregation is stored as one string, the **canonical key**: ``name=value`` pairs for
the non-empty columns, sorted by name (Unicode code-point order), joined with ``;`` —
``Sex=Female;Urban/rural=Urban``; the headline is the empty key. The key takes its shape from the
tidy columns, so it lives here; DHIS2 mappings write their disaggregations in the same form, so a
figure imported from DHIS2 and one imported from Open SDG land on the same key.

Values in these files are machine numbers (``2.23``, ``203027``), never the Vietnamese way of
writing them: :func:`parse_plain_decimal` reads them (DHIS2 values too).
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ansinh.core.cells import csv_line_writer, csv_plain, csv_text
from ansinh.core.file_limits import FileTooLarge, capped, check_lines
from ansinh.rules.figures import checked_number

YEAR, VALUE, GEOCODE, UNITS = "Year", "Value", "GeoCode", "Units"
# DataValue.disaggregation is a CharField(max_length=128).
MAX_KEY_LENGTH = 128

# ASCII digits only: other scripts' digits are refused, as on every entrance.
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)


class OpenSdgFormatError(ValueError):
    """A tidy file that cannot be read; ``errors`` lists every problem, in Vietnamese."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = capped(errors or [])


class DisaggregationKeyError(ValueError):
    """A disaggregation that cannot be written as a canonical key; the message is Vietnamese."""


def _check_part(text: str, what: str) -> str:
    cleaned = text.strip()
    if "=" in cleaned and what == "tên":
        raise DisaggregationKeyError(f"Tên phân tổ “{cleaned}” không được chứa dấu “=”.")
    if ";" in cleaned:
        raise DisaggregationKeyError(f"{what.capitalize()} phân tổ “{cleaned}” không được chứa dấu “;”.")
    return cleaned


def disaggregation_key(pairs: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """The canonical key of a disaggregation: ``{"Urban/rural": "Urban", "Sex": "Female"}`` →
    ``Sex=Female;Urban/rural=Urban``. Pairs with an empty value are dropped (a tidy file's empty
    cell); no pairs at all is the headline, ``""``."""
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    cleaned: dict[str, str] = {}
    for name, value in items:
        clean_value = _check_part(value or "", "giá trị")
        if not clean_value:
            continue
        clean_name = _check_part(name, "tên")
        if not clean_name:
            raise DisaggregationKeyError(f"Giá trị phân tổ “{clean_value}” thiếu tên phân tổ.")
        if clean_name in cleaned:
            raise DisaggregationKeyError(f"Phân tổ “{clean_name}” xuất hiện hai lần.")
        cleaned[clean_name] = clean_value
    key = ";".join(f"{name}={cleaned[name]}" for name in sorted(cleaned))
    if len(key) > MAX_KEY_LENGTH:
        raise DisaggregationKeyError(f"Phân tổ “{key}” dài quá {MAX_KEY_LENGTH} ký tự.")
    return key


def disaggregation_pairs(key: str) -> dict[str, str]:
    """The pairs of a key written in the canonical form (spaces and order forgiven); a key that is not
    ``name=value`` pairs — free text such as ``Thành thị`` — is refused."""
    if not key.strip():
        return {}
    pairs: list[tuple[str, str]] = []
    for part in key.split(";"):
        name, equals, value = part.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise DisaggregationKeyError(
                f"Phân tổ “{key}” không viết theo dạng “Tên=Giá trị;Tên=Giá trị”, ví dụ “Giới tính=Nữ;Khu vực=Thành thị”."
            )
        pairs.append((name, value))
    # Names never hold "=", so the first "=" of a canonical part separates name and value.
    canonical = disaggregation_key(pairs)
    return {name: value for name, _, value in (part.partition("=") for part in canonical.split(";"))}


def canonical_disaggregation(key: str) -> str:
    """``Urban/rural=Urban; Sex=Female`` → ``Sex=Female;Urban/rural=Urban``."""
    return disaggregation_key(disaggregation_pairs(key))


def parse_plain_decimal(text: str) -> Decimal:
    """A machine number (``12``, ``2.23``, ``-0.5``) that may be stored (``rules.figures``: below 10^14,
    at most six decimals; more decimals are refused, not rounded). Raises ValueError (Vietnamese message) for
    anything else, Vietnamese formats included: in these files ``1.500`` is one and a half."""
    cleaned = text.strip()
    if not _PLAIN_NUMBER.match(cleaned):
        raise ValueError(f"“{text}” không phải là số (tệp trao đổi ghi số dạng 1234.5, dấu chấm thập phân).")
    return checked_number(Decimal(cleaned), "Số")


def plain_text(number: Decimal) -> str:
    """A stored figure written as a machine number: 2.230000 → ``2.23``, 203027.000000 → ``203027``."""
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class TidyRow:
    year: int
    value: Decimal | None
    disaggregation: str = ""
    geocode: str = ""
    units: str = ""
    where: str = field(default="", compare=False)


@dataclass(frozen=True)
class TidyTable:
    rows: list[TidyRow]
    dimensions: list[str]
    has_geocode: bool
    has_units: bool


def _column_role(name: str) -> str:
    lowered = name.strip().casefold()
    for role in (YEAR, VALUE, GEOCODE, UNITS):
        if lowered == role.casefold():
            return role
    return ""


def parse_tidy_csv(text: str) -> TidyTable:
    """Read a tidy CSV. Every problem is collected; any problem refuses the whole file.

    An empty ``Value`` is kept as ``None`` (the caller reports it and leaves it out); a row that repeats
    another's year, GeoCode, units and disaggregation is an error, since nobody can say which one holds."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        check_lines(text)
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise OpenSdgFormatError(f"Tệp CSV hỏng: {error}.") from error
    except FileTooLarge as error:
        raise OpenSdgFormatError(error.message) from error
    records = [record for record in records if any(cell.strip() for cell in record)]
    if not records:
        raise OpenSdgFormatError("Tệp trống: cần dòng tiêu đề Year, …, Value.")
    header = [csv_plain(name.strip()) for name in records[0]]
    problems = _header_problems(header)
    if problems:
        raise OpenSdgFormatError("Dòng tiêu đề không đúng dạng Open SDG.", problems)

    roles = [_column_role(name) for name in header]
    dimensions = [name for name, role in zip(header, roles, strict=True) if not role]
    errors: list[str] = []
    rows: list[TidyRow] = []
    seen: dict[tuple[int, str, str, str], str] = {}
    for number, record in enumerate(records[1:], start=2):
        where = f"dòng {number}"
        if len(record) != len(header):
            errors.append(f"{where}: có {len(record)} cột, dòng tiêu đề có {len(header)} cột.")
            continue
        cells = [csv_plain(cell.strip()) for cell in record]
        row = _read_row(header, roles, cells, where, errors)
        if row is None:
            continue
        identity = (row.year, row.geocode, row.units, row.disaggregation)
        if identity in seen:
            errors.append(f"{where}: trùng năm, đơn vị và phân tổ với {seen[identity]}.")
            continue
        seen[identity] = where
        rows.append(row)
    if errors:
        raise OpenSdgFormatError(f"Tệp có {len(errors)} lỗi; chưa nhập gì.", errors)
    return TidyTable(rows, dimensions, GEOCODE in roles, UNITS in roles)


def _header_problems(header: list[str]) -> list[str]:
    problems = []
    if len(header) < 2 or _column_role(header[0]) != YEAR:
        problems.append("Cột đầu tiên phải là “Year”.")
    if _column_role(header[-1]) != VALUE:
        problems.append("Cột cuối cùng phải là “Value”.")
    for index, name in enumerate(header, start=1):
        if not name:
            problems.append(f"Cột thứ {index} không có tên.")
        elif name.casefold() in {other.casefold() for other in header[: index - 1]}:
            problems.append(f"Cột “{name}” xuất hiện hai lần.")
        elif 0 < index - 1 < len(header) - 1 and _column_role(name) in (YEAR, VALUE):
            problems.append(f"Cột “{name}” chỉ được đứng ở đầu (Year) hoặc cuối (Value).")
        elif "=" in name or ";" in name:
            problems.append(f"Tên cột “{name}” không được chứa dấu “=” hoặc “;”.")
    return problems


def _read_row(header: list[str], roles: list[str], cells: list[str], where: str, errors: list[str]) -> TidyRow | None:
    count = len(errors)
    year = 0
    if re.fullmatch(r"\d{4}", cells[0]):
        year = int(cells[0])
    else:
        errors.append(f"{where}: năm “{cells[0]}” không hợp lệ.")
    value = None
    if cells[-1]:
        try:
            value = parse_plain_decimal(cells[-1])
        except ValueError as error:
            errors.append(f"{where}: {error}")
    pairs = {name: cell for name, role, cell in zip(header, roles, cells, strict=True) if not role}
    key = ""
    try:
        key = disaggregation_key(pairs)
    except DisaggregationKeyError as error:
        errors.append(f"{where}: {error}")
    if len(errors) > count:
        return None
    by_role = {role: cell for role, cell in zip(roles, cells, strict=True) if role}
    return TidyRow(year, value, key, by_role.get(GEOCODE, ""), by_role.get(UNITS, ""), where)


def tidy_dimensions(disaggregations: Iterable[str]) -> list[str]:
    """The disaggregation columns of a tidy CSV, in name order. Every key must be canonical."""
    return sorted({name for disaggregation in disaggregations for name in disaggregation_pairs(disaggregation)})


def iter_tidy_csv(
    rows: Iterable[TidyRow], *, dimensions: Sequence[str], units: str = "", geocodes: bool = False
) -> Iterator[str]:
    """A tidy CSV one row at a time: ``Year``, ``Units`` (when the indicator has a unit), the ``dimensions``
    (:func:`tidy_dimensions` of every row's disaggregation), ``GeoCode`` (when ``geocodes``), ``Value``."""
    header = [YEAR, *([UNITS] if units else []), *dimensions, *([GEOCODE] if geocodes else []), VALUE]
    writer = csv_line_writer()
    yield writer.writerow([csv_text(name) for name in header])
    for row in rows:
        pairs = disaggregation_pairs(row.disaggregation)
        yield writer.writerow(
            [
                row.year,
                *([csv_text(units)] if units else []),
                *(csv_text(pairs.get(name, "")) for name in dimensions),
                *([csv_text(row.geocode)] if geocodes else []),
                "" if row.value is None else plain_text(row.value),
            ]
        )


def format_tidy_csv(rows: Iterable[TidyRow], *, units: str = "", geocodes: bool = False) -> str:
    """Rows as a tidy CSV (:func:`iter_tidy_csv`), the columns found from the rows themselves."""
    materialized = list(rows)
    dimensions = tidy_dimensions(row.disaggregation for row in materialized)
    return "".join(iter_tidy_csv(materialized, dimensions=dimensions, units=units, geocodes=geocodes))
