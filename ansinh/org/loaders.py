"""Vietnamese administrative units read from the ``vietnamadminunits`` package (MIT). Pure: no ORM.

The package ships its data as files; we read ``data/dataset.db`` (SQLite) and
``data/converter_2025.json`` directly and never import the package, because its address converter
can call an online geocoder and the product must never fetch anything.

What the data holds (package 1.0.4)
-----------------------------------
* ``admin_units_legacy``: the three levels before 1/7/2025 — 63 provinces, 696 districts and
  10,035 communes (10,040 rows: five island districts have no commune level and appear as one row
  with an empty commune: Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo).
* ``admin_units``: the two levels from 1/7/2025 — 34 provinces and 3,321 communes
  (2,621 xã, 687 phường, 13 đặc khu).
* ``converter_2025.json``: which old provinces formed each new one, and for every old commune the
  new commune(s) it went to. 9,569 old entries went whole to one new commune; 471 were divided
  among 2–5 new communes, one of them flagged as the default (main) successor.

Code scheme (``OrgUnit.code``; ``official_code`` keeps the official number)
--------------------------------------------------------------------------
``VN``          the country.
``P-01``        a province as it was before 1/7/2025 (official province code).
``P25-24``      a province formed on 1/7/2025 by merging old provinces.
``D-001``       a district (official 3-digit code); all districts end on 30/6/2025.
``W-00001``     a commune before 1/7/2025 (official 5-digit code).
``W25-00004``   a commune from 1/7/2025.
The era prefixes are needed because the new units reuse old official numbers for different
territory: 3,316 of the 3,321 new communes carry a code an old commune also had (``00004`` was
Phường Trúc Bạch and is now Phường Ba Đình), and new province ``24`` (Bắc Ninh) reuses old
Bắc Giang's code.

The 11 provinces the reform left whole (Hà Nội, Huế, Cao Bằng, Điện Biên, Lai Châu, Lạng Sơn,
Quảng Ninh, Thanh Hóa, Nghệ An, Hà Tĩnh, Sơn La) are ONE unit valid across both eras (``P-01``,
valid_to None), not an old and a new unit joined by a succession. The city is the same legal
entity with the same territory; it reports on programmes that run across 1/7/2025 and owns the city
departments, so splitting it would scatter one reporter's history over two units. With one unit,
"what was under Hà Nội on a given day" is a single query that gives the right answer for both eras:
30 districts and 526 communes on 30/6/2025, 126 communes and wards on 1/7/2025 (old communes sit
under their district, new communes directly under the province; every unit carries its own
validity). The 52 provinces that were merged end on 30/6/2025 and pass to a ``P25-`` unit through
a succession with share 1 (provinces were merged whole, never split).

Successions and shares
----------------------
Every old commune gets a succession to each new commune that took part of it, effective 1/7/2025.
An old commune that went whole to one new commune: share 1, is_default True. An old commune that
was divided: is_default as the package flags it, and the share is the new commune's area
(``newWardAreaKm2``) divided by the total area of all the new communes it was divided among, or
None for all of them if any area is missing. This is a rough proxy, not the measured split: the
data has the area of each new commune, not of the piece of the old commune it received, so a
large new commune that took a sliver of the old one still gets a large share (Thị trấn Tây Đằng:
0.17 to its default successor Xã Minh Châu, 0.83 to Xã Quảng Oai, only because Quảng Oai is the
bigger commune). Use the share to apportion old figures only where nothing better exists, and say
so; the succession's ``source`` names the method. Shares are rounded to 6
places, the remainder going to the default successor so that they add up to exactly 1.

The five island districts without communes pass directly to the đặc khu that replaced them.

Names and types
---------------
``name`` is the legal name with its type (``Phường Ba Đình``, ``Quận Ba Đình``), ``type_name`` the
type (``Phường``) and ``short_name`` the name without it (``Ba Đình``). A name that is only a
number keeps its type (``Phường 1``, ``Quận 12``): a bare "1" names nothing. The type is read from
the name, not from the package's type column, because the two disagree for seven communes and the
name is the legal one (e.g. "Phường 5" of Quận Phú Nhuận is typed "Xã"; new "Xã Phong Điền" of
Cần Thơ is typed "Phường"); see ``type_conflicts()``. Capitalisation of the type is normalised
("Thị Trấn Ái Tử" → "Thị trấn Ái Tử").
"""

from __future__ import annotations

import difflib
import importlib.metadata
import importlib.util
import json
import re
import sqlite3
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = "vietnamadminunits"
REFORM_DATE = date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = date(2025, 6, 30)
COUNTRY_CODE = "VN"
SHARE_PLACES = Decimal("0.000001")


class Kind(StrEnum):
    """Mirrors ``ansinh.org.models.OrgUnitKind`` without importing Django."""

    COUNTRY = "country"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    DEPARTMENT = "department"
    OTHER = "other"


PROVINCE_TYPES = ("Thành phố", "Tỉnh")
DISTRICT_TYPES = ("Thành phố", "Thị xã", "Quận", "Huyện")
COMMUNE_TYPES = ("Thị trấn", "Đặc khu", "Phường", "Xã")


def old_province_code(official: str) -> str:
    return f"P-{official}"


def new_province_code(official: str) -> str:
    return f"P25-{official}"


def district_code(official: str) -> str:
    return f"D-{official}"


def old_commune_code(official: str) -> str:
    return f"W-{official}"


def new_commune_code(official: str) -> str:
    return f"W25-{official}"


@dataclass(frozen=True, slots=True)
class UnitRecord:
    code: str
    official_code: str
    name: str
    short_name: str
    kind: Kind
    type_name: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None
    latitude: float | None
    longitude: float | None
    source: str


@dataclass(frozen=True, slots=True)
class SuccessionRecord:
    predecessor_code: str
    successor_code: str
    effective_on: date
    share: Decimal | None
    is_default: bool
    source: str


@dataclass(frozen=True)
class AdminUnitSet:
    """Units and successions for one new province (with the old provinces that formed it) or the country.

    A province the reform left whole is the same record in ``old_provinces`` and ``new_provinces``.
    """

    country: UnitRecord
    old_provinces: tuple[UnitRecord, ...]
    old_districts: tuple[UnitRecord, ...]
    old_communes: tuple[UnitRecord, ...]
    new_provinces: tuple[UnitRecord, ...]
    new_communes: tuple[UnitRecord, ...]
    successions: tuple[SuccessionRecord, ...]

    def units(self) -> list[UnitRecord]:
        """Every unit once, parents before children (the order the database needs)."""
        seen: set[str] = set()
        ordered: list[UnitRecord] = []
        for group in (
            (self.country,),
            self.old_provinces,
            self.new_provinces,
            self.old_districts,
            self.old_communes,
            self.new_communes,
        ):
            for unit in group:
                if unit.code not in seen:
                    seen.add(unit.code)
                    ordered.append(unit)
        return ordered

    def valid_on(self, day: date, kind: Kind | None = None) -> list[UnitRecord]:
        return [
            unit
            for unit in self.units()
            if (kind is None or unit.kind == kind)
            and (unit.valid_from is None or unit.valid_from <= day)
            and (unit.valid_to is None or day <= unit.valid_to)
        ]


@dataclass(frozen=True)
class NewProvinceEntry:
    """One of the 34 provinces from 1/7/2025 and the old provinces that formed it."""

    key: str
    official_code: str
    name: str
    short_name: str
    old_names: tuple[str, ...]
    continues_unchanged: bool


class UnknownProvinceError(LookupError):
    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f" Có phải: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Không tìm thấy tỉnh, thành phố “{query}”.{hint}")


# --- reading the package files ---------------------------------------------------------------


def package_data_dir() -> Path:
    """The package's data folder, found without importing the package (see the module docstring)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"Chưa cài gói {PACKAGE}; cài bằng: pip install {PACKAGE}")
    return Path(spec.origin).parent / "data"


@cache
def package_version() -> str:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "?"


# What each part of the package holds, in words: a page shows the source, never a table name.
_PARTS = {
    "admin_units": "đơn vị hành chính từ 1/7/2025",
    "admin_units_legacy": "đơn vị hành chính đến 30/6/2025",
    "dataset.db": "danh mục đơn vị hành chính",
    "converter_2025.json DICT_PROVINCE": "bảng chuyển đổi tỉnh, thành phố theo sắp xếp 2025",
    "converter_2025.json DICT_PROVINCE_WARD_NO_DIVIDED": "bảng chuyển đổi xã, phường theo sắp xếp 2025 (xã giữ nguyên)",
    "converter_2025.json DICT_PROVINCE_WARD_DIVIDED": "bảng chuyển đổi xã, phường theo sắp xếp 2025 (xã chia tách)",
}


def _source(part: str) -> str:
    return f"Gói {PACKAGE} {package_version()} (giấy phép MIT): {_PARTS.get(part, part)}"


@dataclass(frozen=True)
class _RawData:
    legacy_rows: tuple[dict[str, Any], ...]
    new_rows: tuple[dict[str, Any], ...]
    province_members: dict[str, tuple[str, ...]]  # new province key -> old province keys
    undivided: dict[str, dict[str, tuple[str, ...]]]  # new province key -> new ward key -> old keys
    divided: dict[str, dict[str, tuple[dict[str, Any], ...]]]  # new province key -> old key -> options


_LEGACY_COLUMNS = (
    "province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKey, provinceShortKey, provinceAlias, "
    "district, districtType, districtCode, districtLat, districtLon, districtKey, "
    "ward, wardType, wardCode, wardLat, wardLon, wardKey"
)
_NEW_COLUMNS = (
    "province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKey, provinceShortKey, provinceAlias, "
    "ward, wardType, wardCode, wardLat, wardLon, wardAreaKm2, wardKey"
)


@cache
def _read_raw(data_dir: Path) -> _RawData:
    # Read-only URI so a stray write can never touch the installed package's file.
    connection = sqlite3.connect(f"{(data_dir / 'dataset.db').as_uri()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        legacy_rows = tuple(
            dict(row)
            for row in connection.execute(
                f"SELECT {_LEGACY_COLUMNS} FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"  # noqa: S608
            )
        )
        new_rows = tuple(
            dict(row)
            for row in connection.execute(
                f"SELECT {_NEW_COLUMNS} FROM admin_units ORDER BY provinceCode, wardCode"  # noqa: S608
            )
        )
    finally:
        connection.close()
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    return _RawData(
        legacy_rows=legacy_rows,
        new_rows=new_rows,
        province_members={key: tuple(olds) for key, olds in converter["DICT_PROVINCE"].items()},
        undivided={
            key: {ward: tuple(olds) for ward, olds in wards.items()}
            for key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        },
        divided={
            key: {old: tuple(options) for old, options in olds.items()}
            for key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items()
        },
    )


def _raw(data_dir: Path | None) -> _RawData:
    return _read_raw(data_dir or package_data_dir())


# --- names -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Name:
    full: str
    type_name: str
    short: str


def split_name(name: str, known_types: Iterable[str], fallback_type: str | None = None) -> _Name:
    """``Phường Ba Đình`` → (``Phường Ba Đình``, ``Phường``, ``Ba Đình``); see the module docstring."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    lowered = name.casefold()
    for type_name in known_types:
        if lowered.startswith(type_name.casefold() + " "):
            rest = name[len(type_name) + 1 :].strip()
            full = f"{type_name} {rest}"
            return _Name(full=full, type_name=type_name, short=full if rest.isdigit() else rest)
    return _Name(full=name, type_name=fallback_type or "", short=name)


def ascii_key(text: str) -> str:
    """``Thành phố Hà Nội`` → ``thanhphohanoi``: the package's own key style, for matching what people type."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]", "", stripped.lower())


def type_conflicts(data_dir: Path | None = None) -> list[tuple[str, str, str]]:
    """(code, name, package type) for communes whose type column contradicts their name."""
    raw = _raw(data_dir)
    conflicts = []
    for rows, make_code in ((raw.legacy_rows, old_commune_code), (raw.new_rows, new_commune_code)):
        for row in rows:
            if row["ward"] is None:
                continue
            parsed = split_name(row["ward"], COMMUNE_TYPES, row["wardType"])
            if row["wardType"] and parsed.type_name.casefold() != row["wardType"].casefold():
                conflicts.append((make_code(row["wardCode"]), parsed.full, row["wardType"]))
    return conflicts


# --- provinces ---------------------------------------------------------------------------------


def _continuing_keys(raw: _RawData) -> set[str]:
    """New provinces formed from exactly one old province with the same key: the reform left them whole."""
    return {key for key, olds in raw.province_members.items() if olds == (key,)}


def province_directory(data_dir: Path | None = None) -> list[NewProvinceEntry]:
    raw = _raw(data_dir)
    old_names = {row["provinceKey"]: split_name(row["province"], PROVINCE_TYPES).full for row in raw.legacy_rows}
    continuing = _continuing_keys(raw)
    seen: dict[str, NewProvinceEntry] = {}
    for row in raw.new_rows:
        key = row["provinceKey"]
        if key not in seen:
            seen[key] = NewProvinceEntry(
                key=key,
                official_code=row["provinceCode"],
                name=split_name(row["province"], PROVINCE_TYPES).full,
                short_name=row["provinceShort"],
                old_names=tuple(old_names[old] for old in raw.province_members[key]),
                continues_unchanged=key in continuing,
            )
    return sorted(seen.values(), key=lambda entry: entry.official_code)


def _json_list(text: str | None) -> list[str]:
    return list(json.loads(text)) if text else []


@cache
def _province_lookup(data_dir: Path) -> dict[str, frozenset[str]]:
    """Every way of naming a province (either era) → the new province key(s) it leads to."""
    raw = _read_raw(data_dir)
    new_key_of_old = {old: new for new, olds in raw.province_members.items() for old in olds}
    lookup: dict[str, set[str]] = {}

    def add(spelling: str, new_key: str) -> None:
        if spelling:
            lookup.setdefault(spelling, set()).add(new_key)

    for rows, code_of, target in (
        (raw.new_rows, new_province_code, lambda key: key),
        (raw.legacy_rows, old_province_code, new_key_of_old.__getitem__),
    ):
        for row in rows:
            new_key = target(row["provinceKey"])
            code = row["provinceCode"]
            for spelling in (
                row["provinceKey"],
                row["provinceShortKey"],
                ascii_key(row["province"]),
                ascii_key(row["provinceShort"]),
                code,
                code.lstrip("0"),
                ascii_key(code_of(code)),
                *(_json_list(row["provinceAlias"])),
            ):
                add(spelling, new_key)
    return {spelling: frozenset(keys) for spelling, keys in lookup.items()}


def resolve_province(query: str, data_dir: Path | None = None) -> str:
    """The key of the new province (from 1/7/2025) that ``query`` names.

    Accepts a name in either era with or without diacritics and type (``Hà Nội``, ``Thành phố Hà Nội``,
    ``hanoi``, ``TP Hà Nội``), an official code (``01``), our code (``P-01``, ``P25-24``) or the
    package's alias (``hn``, ``hcm``). An old province leads to the new province it merged into
    (``Bắc Giang`` → Bắc Ninh), so the set loaded always holds both ends of every succession.
    """
    lookup = _province_lookup(data_dir or package_data_dir())
    spelled = ascii_key(query)
    candidates = [spelled]
    for prefix in ("thanhpho", "tinh", "tp"):
        if spelled.startswith(prefix) and len(spelled) > len(prefix):
            candidates.append(spelled[len(prefix) :])
    for candidate in candidates:
        keys = lookup.get(candidate)
        if keys and len(keys) == 1:
            return next(iter(keys))
    directory = province_directory(data_dir)
    names = {ascii_key(entry.short_name): entry.name for entry in directory}
    close = difflib.get_close_matches(spelled, list(names), n=3, cutoff=0.6)
    raise UnknownProvinceError(query, [names[key] for key in close])


# --- building the records ----------------------------------------------------------------------


def _province_record(row: dict[str, Any], *, code: str, valid_from: date | None, valid_to: date | None, part: str):
    name = split_name(row["province"], PROVINCE_TYPES)
    return UnitRecord(
        code=code,
        official_code=row["provinceCode"],
        name=name.full,
        short_name=row["provinceShort"] or name.short,
        kind=Kind.PROVINCE,
        type_name=name.type_name,
        parent_code=COUNTRY_CODE,
        valid_from=valid_from,
        valid_to=valid_to,
        latitude=row["provinceLat"],
        longitude=row["provinceLon"],
        source=_source(part),
    )


def _country() -> UnitRecord:
    return UnitRecord(
        code=COUNTRY_CODE,
        official_code="",
        name="Việt Nam",
        short_name="Việt Nam",
        kind=Kind.COUNTRY,
        type_name="Quốc gia",
        parent_code=None,
        valid_from=None,
        valid_to=None,
        latitude=None,
        longitude=None,
        source=_source("dataset.db"),
    )


def _shares(options: tuple[dict[str, Any], ...]) -> list[Decimal | None]:
    areas = [option.get("newWardAreaKm2") for option in options]
    if any(area is None or area <= 0 for area in areas):
        return [None] * len(options)
    total = sum(Decimal(str(area)) for area in areas)
    shares = [(Decimal(str(area)) / total).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP) for area in areas]
    default_index = next((i for i, option in enumerate(options) if option.get("isDefaultNewWard")), 0)
    shares[default_index] += Decimal(1) - sum(shares)
    return list(shares)


@dataclass
class _Builder:
    raw: _RawData
    new_keys: set[str]
    old_keys: set[str]
    continuing: set[str]
    old_provinces: dict[str, UnitRecord] = field(default_factory=dict)
    new_provinces: dict[str, UnitRecord] = field(default_factory=dict)
    districts: dict[str, UnitRecord] = field(default_factory=dict)
    old_communes: dict[str, UnitRecord] = field(default_factory=dict)
    new_communes: dict[str, UnitRecord] = field(default_factory=dict)
    # package key "province_district_ward" (ward empty for island districts) -> our code
    old_code_by_key: dict[str, str] = field(default_factory=dict)
    new_code_by_key: dict[tuple[str, str], str] = field(default_factory=dict)
    successions: list[SuccessionRecord] = field(default_factory=list)

    def province_unit_code(self, new_key: str, official: str) -> str:
        return old_province_code(official) if new_key in self.continuing else new_province_code(official)

    def build_new(self) -> None:
        for row in self.raw.new_rows:
            key = row["provinceKey"]
            if key not in self.new_keys:
                continue
            province_code = self.province_unit_code(key, row["provinceCode"])
            if province_code not in self.new_provinces:
                continuing = key in self.continuing
                self.new_provinces[province_code] = _province_record(
                    row,
                    code=province_code,
                    valid_from=None if continuing else REFORM_DATE,
                    valid_to=None,
                    part="admin_units",
                )
            name = split_name(row["ward"], COMMUNE_TYPES, row["wardType"])
            code = new_commune_code(row["wardCode"])
            self.new_communes[code] = UnitRecord(
                code=code,
                official_code=row["wardCode"],
                name=name.full,
                short_name=name.short,
                kind=Kind.COMMUNE,
                type_name=name.type_name,
                parent_code=province_code,
                valid_from=REFORM_DATE,
                valid_to=None,
                latitude=row["wardLat"],
                longitude=row["wardLon"],
                source=_source("admin_units"),
            )
            self.new_code_by_key[(key, row["wardKey"])] = code

    def build_old(self) -> None:
        for row in self.raw.legacy_rows:
            key = row["provinceKey"]
            if key not in self.old_keys:
                continue
            province_code = old_province_code(row["provinceCode"])
            if province_code not in self.old_provinces:
                if key in self.continuing:
                    # The same unit continues; its record (current coordinates) was built from the new data.
                    self.old_provinces[province_code] = self.new_provinces[province_code]
                else:
                    self.old_provinces[province_code] = _province_record(
                        row,
                        code=province_code,
                        valid_from=None,
                        valid_to=LAST_DAY_BEFORE_REFORM,
                        part="admin_units_legacy",
                    )
            code_of_district = district_code(row["districtCode"])
            if code_of_district not in self.districts:
                name = split_name(row["district"], DISTRICT_TYPES, row["districtType"])
                self.districts[code_of_district] = UnitRecord(
                    code=code_of_district,
                    official_code=row["districtCode"],
                    name=name.full,
                    short_name=name.short,
                    kind=Kind.DISTRICT,
                    type_name=name.type_name,
                    parent_code=province_code,
                    valid_from=None,
                    valid_to=LAST_DAY_BEFORE_REFORM,
                    latitude=row["districtLat"],
                    longitude=row["districtLon"],
                    source=_source("admin_units_legacy"),
                )
            package_key = f"{key}_{row['districtKey']}_{row['wardKey'] or ''}"
            if row["ward"] is None:
                # An island district without communes: it passes whole to a đặc khu.
                self.old_code_by_key[package_key] = code_of_district
                continue
            name = split_name(row["ward"], COMMUNE_TYPES, row["wardType"])
            code = old_commune_code(row["wardCode"])
            self.old_communes[code] = UnitRecord(
                code=code,
                official_code=row["wardCode"],
                name=name.full,
                short_name=name.short,
                kind=Kind.COMMUNE,
                type_name=name.type_name,
                parent_code=code_of_district,
                valid_from=None,
                valid_to=LAST_DAY_BEFORE_REFORM,
                latitude=row["wardLat"],
                longitude=row["wardLon"],
                source=_source("admin_units_legacy"),
            )
            self.old_code_by_key[package_key] = code

    def build_successions(self) -> None:
        new_official_by_key = {row["provinceKey"]: row["provinceCode"] for row in self.raw.new_rows}
        old_official_by_key = {row["provinceKey"]: row["provinceCode"] for row in self.raw.legacy_rows}
        for new_key in sorted(self.new_keys - self.continuing):
            new_official = new_official_by_key[new_key]
            for old_key in self.raw.province_members[new_key]:
                old_official = old_official_by_key[old_key]
                self.successions.append(
                    SuccessionRecord(
                        predecessor_code=old_province_code(old_official),
                        successor_code=new_province_code(new_official),
                        effective_on=REFORM_DATE,
                        share=Decimal(1),
                        is_default=True,
                        source=_source("converter_2025.json DICT_PROVINCE"),
                    )
                )
        for new_key in sorted(self.new_keys):
            for new_ward_key, old_keys in self.raw.undivided.get(new_key, {}).items():
                successor = self.new_code_by_key[(new_key, new_ward_key)]
                for old_key in old_keys:
                    self.successions.append(
                        SuccessionRecord(
                            predecessor_code=self.old_code_by_key[old_key],
                            successor_code=successor,
                            effective_on=REFORM_DATE,
                            share=Decimal(1),
                            is_default=True,
                            source=_source("converter_2025.json DICT_PROVINCE_WARD_NO_DIVIDED"),
                        )
                    )
            for old_key, options in self.raw.divided.get(new_key, {}).items():
                predecessor = self.old_code_by_key[old_key]
                for option, share in zip(options, _shares(options), strict=True):
                    self.successions.append(
                        SuccessionRecord(
                            predecessor_code=predecessor,
                            successor_code=self.new_code_by_key[(new_key, option["newWardKey"])],
                            effective_on=REFORM_DATE,
                            share=share,
                            is_default=bool(option["isDefaultNewWard"]),
                            source=_source("converter_2025.json DICT_PROVINCE_WARD_DIVIDED")
                            + "; tỷ lệ ước theo diện tích xã mới",
                        )
                    )


def read_admin_units(province: str | None = None, *, data_dir: Path | None = None) -> AdminUnitSet:
    """Units and successions for the new province ``province`` names (see ``resolve_province``), or all."""
    raw = _raw(data_dir)
    new_keys = set(raw.province_members) if province is None else {resolve_province(province, data_dir)}
    builder = _Builder(
        raw=raw,
        new_keys=new_keys,
        old_keys={old for key in new_keys for old in raw.province_members[key]},
        continuing=_continuing_keys(raw),
    )
    builder.build_new()
    builder.build_old()
    builder.build_successions()
    return AdminUnitSet(
        country=_country(),
        old_provinces=tuple(builder.old_provinces.values()),
        old_districts=tuple(builder.districts.values()),
        old_communes=tuple(builder.old_communes.values()),
        new_provinces=tuple(builder.new_provinces.values()),
        new_communes=tuple(builder.new_communes.values()),
        successions=tuple(builder.successions),
    )


# --- city departments --------------------------------------------------------------------------

DEPARTMENT_FIELDS = {"code", "name", "short_name", "kind", "item", "source", "name_in_source", "valid_from", "valid_to"}
DEPARTMENT_KINDS = {Kind.DEPARTMENT.value, Kind.OTHER.value}
DEFAULT_DEPARTMENTS_FILE = Path(__file__).resolve().parent / "data" / "hanoi-departments.toml"


@dataclass(frozen=True)
class DepartmentFile:
    city_code: str
    departments: list[dict[str, Any]]


class DepartmentFileError(ValueError):
    """The departments file is malformed; the message is Vietnamese."""


def read_departments(path: Path = DEFAULT_DEPARTMENTS_FILE) -> DepartmentFile:
    """Read and check a departments file (``city_code`` and ``[[department]]`` tables)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DepartmentFileError(f"Không đọc được tệp {path}: {error}") from error
    city_code = data.get("city_code")
    entries = data.get("department")
    if not isinstance(city_code, str) or not isinstance(entries, list) or not entries:
        raise DepartmentFileError(f"Tệp {path} cần có city_code và ít nhất một mục [[department]].")
    return DepartmentFile(city_code=city_code, departments=check_departments(entries))


def check_departments(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    problems: list[str] = []
    codes: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        label = entry.get("code") or f"mục thứ {number}"
        for missing in sorted({"code", "name", "kind", "source"} - entry.keys()):
            problems.append(f"{label}: thiếu trường {missing}")
        for unknown in sorted(entry.keys() - DEPARTMENT_FIELDS):
            problems.append(f"{label}: trường không hợp lệ {unknown}")
        if entry.get("kind") not in DEPARTMENT_KINDS:
            problems.append(f"{label}: kind phải là một trong {', '.join(sorted(DEPARTMENT_KINDS))}")
        code = entry.get("code", "")
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]*", str(code)):
            problems.append(f"{label}: mã chỉ gồm chữ in hoa không dấu, số và dấu gạch ngang")
        if code in codes:
            problems.append(f"{label}: mã bị trùng")
        codes.add(code)
        for bound in ("valid_from", "valid_to"):
            if bound in entry and not isinstance(entry[bound], date):
                problems.append(f"{label}: {bound} phải là ngày (YYYY-MM-DD)")
    if problems:
        raise DepartmentFileError("Tệp danh sách cơ quan, đơn vị có lỗi:\n" + "\n".join(problems))
    return entries


@dataclass(frozen=True)
class AdminChanges:
    """Units and successions the package does not hold (it describes the units of 30/6/2025), read from a
    file of ours with a source on every line: ``units``, ``successions``, and ``valid_from`` dates to set
    on units the package has."""

    units: list[UnitRecord]
    successions: list[SuccessionRecord]
    valid_from: dict[str, date]


TPHCM_2012_2020_FILE = Path(__file__).resolve().parent / "data" / "tphcm-2012-2020.toml"


def read_admin_changes(path: Path) -> AdminChanges:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    units = [
        UnitRecord(
            code=entry["code"],
            official_code=entry.get("official_code", ""),
            name=entry["name"],
            short_name=entry.get("short_name", ""),
            kind=Kind(entry["kind"]),
            type_name=entry.get("type_name", ""),
            parent_code=entry.get("parent"),
            valid_from=entry.get("valid_from"),
            valid_to=entry.get("valid_to"),
            latitude=None,
            longitude=None,
            source=entry["source"],
        )
        for entry in data.get("unit", [])
    ]
    successions = [
        SuccessionRecord(
            predecessor_code=entry["predecessor"],
            successor_code=entry["successor"],
            effective_on=entry["effective_on"],
            share=None,
            is_default=entry.get("is_default", True),
            source=entry["source"],
        )
        for entry in data.get("succession", [])
    ]
    valid_from = {entry["code"]: entry["date"] for entry in data.get("valid_from", [])}
    return AdminChanges(units, successions, valid_from)


# -- Reorganisations of departments (2025) ---------------------------------------------------------------------------

HANOI_DEPARTMENTS_2025_FILE = Path(__file__).resolve().parent / "data" / "hanoi-departments-2025.toml"
_NEW_FIELDS = {"code", "name", "short_name", "kind", "valid_from", "source", "note", "confirmed"}
_ENDED_FIELDS = {"code", "valid_to", "source", "note", "confirmed"}
_SUCCESSION_FIELDS = {
    "predecessor",
    "successor",
    "effective_on",
    "share",
    "is_default",
    "fields",
    "indicators",
    "source",
    "note",
    "confirmed",
}


@dataclass(frozen=True)
class DepartmentChanges:
    """Departments that began, ended, and handed their duties on (``data/hanoi-departments-2025.toml``)."""

    city_code: str
    new: list[dict[str, Any]]
    ended: list[dict[str, Any]]
    successions: list[dict[str, Any]]


def read_department_changes(path: Path = HANOI_DEPARTMENTS_2025_FILE) -> DepartmentChanges:
    """Read and check a file of department changes; every problem is listed in one Vietnamese message."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DepartmentFileError(f"Không đọc được tệp {path}: {error}") from error
    problems: list[str] = []
    city_code = data.get("city_code")
    if not isinstance(city_code, str):
        problems.append("thiếu city_code")
    tables = {"new": _NEW_FIELDS, "ended": _ENDED_FIELDS, "succession": _SUCCESSION_FIELDS}
    required = {
        "new": {"code", "name", "kind", "source"},
        "ended": {"code", "valid_to", "source"},
        "succession": {"predecessor", "successor", "effective_on", "source"},
    }
    for table, allowed in tables.items():
        for number, entry in enumerate(data.get(table, []), start=1):
            label = f"[[{table}]] thứ {number}"
            problems += [f"{label}: thiếu trường {name}" for name in sorted(required[table] - entry.keys())]
            problems += [f"{label}: trường không hợp lệ {name}" for name in sorted(entry.keys() - allowed)]
            for bound in ("valid_from", "valid_to", "effective_on"):
                if bound in entry and not isinstance(entry[bound], date):
                    problems.append(f"{label}: {bound} phải là ngày (YYYY-MM-DD)")
            if table == "new" and entry.get("kind") not in DEPARTMENT_KINDS:
                problems.append(f"{label}: kind phải là một trong {', '.join(sorted(DEPARTMENT_KINDS))}")
    if problems:
        raise DepartmentFileError("Tệp thay đổi cơ quan, đơn vị có lỗi:\n" + "\n".join(problems))
    return DepartmentChanges(
        city_code=str(city_code),
        new=list(data.get("new", [])),
        ended=list(data.get("ended", [])),
        successions=list(data.get("succession", [])),
    )
