"""Writes for org units: load administrative units and city departments into the database.

Both loads are upserts keyed by ``OrgUnit.code`` (and by predecessor–successor for successions): a
second run with the same data creates and changes nothing. Units that have disappeared from the data
are left alone, never deleted: reports and assignments may hang on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from ansinh.audit import services as audit
from ansinh.core.dates import format_date
from ansinh.core.numbers import format_number
from ansinh.org import loaders
from ansinh.org.models import OrgUnit, OrgUnitKind, OrgUnitSuccession
from ansinh.rules.succession import share_problem

# Below SQLite's historical 999-variable limit, so the same code runs on every supported database.
CHUNK = 900
UNIT_FIELDS = (
    "official_code",
    "name",
    "short_name",
    "kind",
    "type_name",
    "parent_id",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
    "source",
)
SUCCESSION_FIELDS = ("effective_on", "share", "is_default", "source")

Progress = Callable[[str], None]


class MissingUnitError(LookupError):
    """A unit the load needs (e.g. the city for its departments) is not in the database."""


@dataclass
class ChangeCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadSummary:
    """What a load found in the data and what it did to the database."""

    scope: str
    merged_from: list[str] = field(default_factory=list)
    in_data: dict[str, int] = field(default_factory=dict)
    units: dict[str, ChangeCount] = field(default_factory=dict)
    successions: ChangeCount = field(default_factory=ChangeCount)

    @property
    def created(self) -> int:
        return sum(count.created for count in self.units.values()) + self.successions.created

    @property
    def updated(self) -> int:
        return sum(count.updated for count in self.units.values()) + self.successions.updated

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _units_by_code(codes: Sequence[str]) -> dict[str, OrgUnit]:
    found: dict[str, OrgUnit] = {}
    for chunk in _chunks(codes):
        found.update((unit.code, unit) for unit in OrgUnit.objects.filter(code__in=chunk))
    return found


def _ids_by_code(codes: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(codes):
        found.update(OrgUnit.objects.filter(code__in=chunk).values_list("code", "id"))
    return found


def _unit_values(record: loaders.UnitRecord, id_by_code: dict[str, int]) -> dict[str, Any]:
    return {
        "official_code": record.official_code,
        "name": record.name,
        "short_name": record.short_name,
        "kind": str(record.kind),
        "type_name": record.type_name,
        "parent_id": id_by_code[record.parent_code] if record.parent_code else None,
        "valid_from": record.valid_from,
        "valid_to": record.valid_to,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "source": record.source,
    }


def _upsert_units(
    records: Sequence[loaders.UnitRecord], id_by_code: dict[str, int], counts: dict[str, ChangeCount]
) -> None:
    """Upsert one level of the tree; parents must already be in ``id_by_code``."""
    codes = [record.code for record in records]
    existing = _units_by_code(codes)
    to_create: list[OrgUnit] = []
    to_update: list[OrgUnit] = []
    for record in records:
        count = counts.setdefault(str(record.kind), ChangeCount())
        values = _unit_values(record, id_by_code)
        unit = existing.get(record.code)
        if unit is None:
            to_create.append(OrgUnit(code=record.code, **values))
            count.created += 1
            continue
        changed = {name: value for name, value in values.items() if getattr(unit, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(unit, name, value)
            to_update.append(unit)
            count.updated += 1
        else:
            count.unchanged += 1
    OrgUnit.objects.bulk_create(to_create, batch_size=CHUNK // len(UNIT_FIELDS))
    OrgUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=CHUNK // len(UNIT_FIELDS))
    id_by_code.update(_ids_by_code(codes))


def _upsert_successions(
    records: Sequence[loaders.SuccessionRecord], id_by_code: dict[str, int], count: ChangeCount
) -> None:
    predecessor_ids = sorted({id_by_code[record.predecessor_code] for record in records})
    existing: dict[tuple[int, int], OrgUnitSuccession] = {}
    for chunk in _chunks(predecessor_ids):
        for stored in OrgUnitSuccession.objects.filter(predecessor_id__in=chunk):
            existing[(stored.predecessor_id, stored.successor_id)] = stored
    to_create: list[OrgUnitSuccession] = []
    to_update: list[OrgUnitSuccession] = []
    for record in records:
        pair = (id_by_code[record.predecessor_code], id_by_code[record.successor_code])
        values = {
            "effective_on": record.effective_on,
            "share": record.share,
            "is_default": record.is_default,
            "source": record.source,
        }
        succession = existing.get(pair)
        if succession is None:
            to_create.append(OrgUnitSuccession(predecessor_id=pair[0], successor_id=pair[1], **values))
            count.created += 1
            continue
        changed = {name: value for name, value in values.items() if getattr(succession, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(succession, name, value)
            to_update.append(succession)
            count.updated += 1
        else:
            count.unchanged += 1
    OrgUnitSuccession.objects.bulk_create(to_create, batch_size=CHUNK // 6)
    OrgUnitSuccession.objects.bulk_update(to_update, SUCCESSION_FIELDS, batch_size=CHUNK // 6)


def _quiet(_message: str) -> None:
    pass


def load_admin_units(province: str | None, *, actor=None, progress: Progress = _quiet) -> LoadSummary:
    """Load the units of one province (any spelling ``loaders.resolve_province`` accepts) or, with None, all.

    A province load brings the new province (from 1/7/2025) together with the old provinces that
    formed it, so that both ends of every succession are present. Raises
    ``loaders.UnknownProvinceError`` for a name it cannot place.
    """
    progress(f"Đọc dữ liệu từ gói {loaders.PACKAGE} {loaders.package_version()}…")
    unit_set = loaders.read_admin_units(province)
    new_codes = {unit.code for unit in unit_set.new_provinces}
    merged_from = [unit.name for unit in unit_set.old_provinces if unit.code not in new_codes]
    scope = "Toàn quốc" if province is None else ", ".join(unit.name for unit in unit_set.new_provinces)
    summary = LoadSummary(
        scope=scope,
        merged_from=[] if province is None else merged_from,
        in_data={
            "old_provinces": len(unit_set.old_provinces),
            "old_districts": len(unit_set.old_districts),
            "old_communes": len(unit_set.old_communes),
            "new_provinces": len(unit_set.new_provinces),
            "new_communes": len(unit_set.new_communes),
            "successions": len(unit_set.successions),
        },
    )
    units = unit_set.units()
    # Parents before children: one level at a time so that each level can point at the ids of the last.
    levels = [
        [unit for unit in units if unit.kind == kind]
        for kind in (loaders.Kind.COUNTRY, loaders.Kind.PROVINCE, loaders.Kind.DISTRICT, loaders.Kind.COMMUNE)
    ]
    with transaction.atomic():
        id_by_code: dict[str, int] = {}
        for level in levels:
            if level:
                kind_label = OrgUnitKind(str(level[0].kind)).label
                progress(f"Ghi {format_number(len(level))} đơn vị loại “{kind_label}”…")
                _upsert_units(level, id_by_code, summary.units)
        progress(f"Ghi {format_number(len(unit_set.successions))} quan hệ kế thừa…")
        _upsert_successions(unit_set.successions, id_by_code, summary.successions)
        audit.record(
            actor=actor,
            action="org.load_admin_units",
            summary=f"Nạp đơn vị hành chính: {scope}",
            after=summary.as_dict(),
        )
    return summary


def load_departments(departments: list[dict[str, Any]], city_code: str, *, actor=None) -> ChangeCount:
    """Upsert city departments and agencies (``kind`` department or other) under the city ``city_code``."""
    loaders.check_departments(departments)
    count = ChangeCount()
    with transaction.atomic():
        city = OrgUnit.objects.filter(code=city_code).first()
        if city is None:
            raise MissingUnitError(
                f"Chưa có đơn vị {city_code} trong cơ sở dữ liệu; hãy nạp tỉnh, thành phố đó trước "
                "(ví dụ: manage.py load_org_units --province hanoi)."
            )
        for entry in departments:
            values = {
                "name": entry["name"],
                "short_name": entry.get("short_name", ""),
                "kind": entry["kind"],
                "parent": city,
                "valid_from": entry.get("valid_from"),
                "valid_to": entry.get("valid_to"),
                "source": entry["source"],
            }
            unit = OrgUnit.objects.filter(code=entry["code"]).first()
            if unit is None:
                OrgUnit.objects.create(code=entry["code"], **values)
                count.created += 1
            elif any(getattr(unit, name) != value for name, value in values.items()):
                OrgUnit.objects.update_or_create(code=entry["code"], defaults=values)
                count.updated += 1
            else:
                count.unchanged += 1
        audit.record(
            actor=actor,
            action="org.load_departments",
            obj=city,
            summary=f"Nạp {len(departments)} cơ quan, đơn vị của {city.name}",
            after=asdict(count),
        )
    return count


def load_admin_changes(path, *, actor=None) -> ChangeCount:
    """Units and successions the package lacks (``loaders.read_admin_changes``), after ``load_admin_units``
    of their province; every unit they name must be loaded or listed in the file."""
    changes = loaders.read_admin_changes(path)
    codes = [
        *(unit.code for unit in changes.units),
        *(unit.parent_code for unit in changes.units if unit.parent_code),
        *(record.successor_code for record in changes.successions),
        *changes.valid_from,
    ]
    id_by_code = _ids_by_code(sorted(set(codes)))
    counts: dict[str, ChangeCount] = {}
    succession_count = ChangeCount()
    with transaction.atomic():
        _upsert_units(changes.units, id_by_code, counts)
        for code, day in changes.valid_from.items():
            counts.setdefault("valid_from", ChangeCount()).updated += (
                OrgUnit.objects.filter(code=code).exclude(valid_from=day).update(valid_from=day)
            )
        _upsert_successions(changes.successions, id_by_code, succession_count)
        total = ChangeCount(
            created=sum(count.created for count in counts.values()) + succession_count.created,
            updated=sum(count.updated for count in counts.values()) + succession_count.updated,
            unchanged=sum(count.unchanged for count in counts.values()) + succession_count.unchanged,
        )
        if total.created or total.updated:
            audit.record(
                actor=actor,
                action="org.load_admin_changes",
                summary=f"Nạp thay đổi đơn vị hành chính từ {path.name}",
                after=asdict(total),
            )
    return total


class SuccessionError(ValueError):
    """A succession that cannot be recorded; the message is Vietnamese."""


def check_successions(predecessor: OrgUnit, entries: Sequence[dict[str, Any]]) -> None:
    """Refuse a split whose shares do not add up to 1, a succession before the old unit ended or to a unit not in
    office on its date (``rules.succession.share_problem``)."""
    problem = share_problem([entry.get("share") for entry in entries])
    if problem:
        raise SuccessionError(f"{predecessor.name}: {problem}")
    for entry in entries:
        successor, day = entry["successor"], entry["effective_on"]
        if predecessor.valid_to is None or day <= predecessor.valid_to:
            raise SuccessionError(
                f"{predecessor.name} chưa kết thúc trước ngày {format_date(day)}; hãy ghi ngày kết thúc của đơn vị "
                "cũ trước khi ghi đơn vị kế thừa."
            )
        if not successor.is_valid_on(day):
            raise SuccessionError(f"{successor.name} không hoạt động vào ngày {format_date(day)}.")
        if successor.pk == predecessor.pk:
            raise SuccessionError(f"{predecessor.name} không thể kế thừa chính mình.")


def load_department_changes(path=loaders.HANOI_DEPARTMENTS_2025_FILE, *, actor=None) -> ChangeCount:
    """Departments that began, ended and handed their duties on (``loaders.read_department_changes``), after the
    departments of the plans are loaded. Loading again changes nothing; a bad file changes nothing."""
    changes = loaders.read_department_changes(path)
    count = ChangeCount()
    with transaction.atomic():
        city = OrgUnit.objects.filter(code=changes.city_code).first()
        if city is None:
            raise MissingUnitError(f"Chưa có đơn vị {changes.city_code} trong cơ sở dữ liệu.")
        for entry in changes.new:
            values = {
                "name": entry["name"],
                "short_name": entry.get("short_name", ""),
                "kind": entry["kind"],
                "parent": city,
                "valid_from": entry.get("valid_from"),
                "source": entry["source"],
                "note": entry.get("note", ""),
                "dates_confirmed": entry.get("confirmed", True),
            }
            _, created = OrgUnit.objects.update_or_create(code=entry["code"], defaults=values)
            count.created += created
            count.updated += not created
        codes = {entry["code"] for entry in changes.ended} | {
            entry[side] for entry in changes.successions for side in ("predecessor", "successor")
        }
        units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
        missing = sorted(codes - units.keys())
        if missing:
            raise MissingUnitError(
                "Chưa có các đơn vị " + ", ".join(missing) + " trong cơ sở dữ liệu; hãy nạp các sở, ngành trước."
            )
        for entry in changes.ended:
            unit = units[entry["code"]]
            unit.valid_to = entry["valid_to"]
            unit.dates_confirmed = entry.get("confirmed", True)
            unit.note = entry.get("note", unit.note)
            unit.save(update_fields=["valid_to", "dates_confirmed", "note"])
            count.updated += 1
        by_predecessor: dict[str, list[dict[str, Any]]] = {}
        for entry in changes.successions:
            by_predecessor.setdefault(entry["predecessor"], []).append(entry)
        for code, entries in by_predecessor.items():
            predecessor = units[code]
            resolved = [
                {**entry, "successor": units[entry["successor"]], "share": _share(entry.get("share"))}
                for entry in entries
            ]
            check_successions(predecessor, resolved)
            for entry in resolved:
                _, created = OrgUnitSuccession.objects.update_or_create(
                    predecessor=predecessor,
                    successor=entry["successor"],
                    defaults={
                        "effective_on": entry["effective_on"],
                        "share": entry["share"],
                        "is_default": entry.get("is_default", True),
                        "fields": list(entry.get("fields", [])),
                        "indicators": list(entry.get("indicators", [])),
                        "confirmed": entry.get("confirmed", True),
                        "note": entry.get("note", ""),
                        "source": entry["source"],
                    },
                )
                count.created += created
                count.updated += not created
        audit.record(
            actor=actor,
            action="org.load_department_changes",
            obj=city,
            summary=f"Nạp thay đổi cơ quan, đơn vị của {city.name}: {len(changes.ended)} đơn vị kết thúc, "
            f"{len(changes.successions)} kế thừa",
            after=asdict(count),
        )
    return count


def _share(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
