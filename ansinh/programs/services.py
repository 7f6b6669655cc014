"""Writes for programmes, indicators and targets."""

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from ansinh.audit.services import record
from ansinh.org.models import OrgUnit
from ansinh.programs.link_services import LinkInput, save_link
from ansinh.programs.models import Indicator, Program, Target


class ProgramDataError(ValueError):
    """A programme data file refers to something that does not exist; the message is Vietnamese."""


@dataclass(frozen=True)
class ProgramLoadSummary:
    program: Program
    indicators_created: int
    indicators_updated: int
    targets: int


def _unit_by_code(code: str | None) -> OrgUnit | None:
    if not code:
        return None
    try:
        return OrgUnit.objects.get(code=code)
    except OrgUnit.DoesNotExist as error:
        raise ProgramDataError(f"Không tìm thấy đơn vị mã “{code}”. Hãy nạp danh mục đơn vị trước.") from error


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text not in (None, "") else None


@transaction.atomic
def load_program_file(path: Path, *, owner_unit: OrgUnit, actor=None) -> ProgramLoadSummary:
    """Create or update a programme from a versioned data file; loading again updates in place."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    spec = data["program"]
    program, _ = Program.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "code": spec["code"],
            "kind": spec["kind"],
            "title": spec["title"],
            "issuer": spec["issuer"],
            "issued_on": spec["issued_on"],
            "start_year": spec["start_year"],
            "end_year": spec["end_year"],
            "implements": spec.get("implements", ""),
            "owner_unit": owner_unit,
            "standing_agency": _unit_by_code(spec.get("standing_agency")),
            "report_deadline": spec.get("report_deadline", ""),
            "is_published": spec.get("is_published", False),
            "indicator_count_declared": spec.get("indicator_count_declared"),
            "completeness_note": spec.get("completeness_note", ""),
            "source": spec.get("source", ""),
        },
    )
    for number, link in enumerate(data.get("hierarchy", [])):
        save_link(
            program,
            LinkInput(
                relation=link["relation"],
                kind=link["kind"],
                code=link["code"],
                source=link["source"],
                title=link.get("title", ""),
                issuer=link.get("issuer", ""),
                issued_on=link.get("issued_on"),
                position=number,
            ),
            actor=actor,
        )
    created = updated = targets = 0
    by_code: dict[str, Indicator] = {}
    for entry in data.get("indicator", []):
        code = entry["code"]
        parent_code = code.rsplit(".", 1)[0] if "." in code else None
        # Where the path to the end target starts (docs/rules.md), when the file records it with its source.
        base = entry.get("base")
        base_values = (
            {"base_year": base["year"], "base_value": _decimal(base["value"]), "base_source": base["source"]}
            if base
            else {}
        )
        indicator, was_created = Indicator.objects.update_or_create(
            program=program,
            code=code,
            defaults={
                **base_values,
                "parent": by_code.get(parent_code) if parent_code else None,
                "name": entry["name"],
                "field": entry.get("field", ""),
                "unit": entry.get("unit", ""),
                "value_type": entry.get("value_type", "number"),
                "per_n": entry.get("per_n"),
                "direction": entry.get("direction", "up"),
                "aggregation": entry.get("aggregation", "none"),
                "lead_unit": _unit_by_code(entry.get("lead_unit")),
                "target_text": entry.get("phrase", ""),
                "is_group": entry.get("is_group", False),
                "decimals": entry.get("decimals"),
                "source": entry.get("source", "") or entry.get("lead_unit_note", "") or program.source,
            },
        )
        by_code[code] = indicator
        created += was_created
        updated += not was_created
        for target in _target_specs(entry, program):
            Target.objects.update_or_create(
                indicator=indicator,
                year=target["year"],
                scope=None,
                defaults={
                    "is_end_target": target.get("end", False),
                    "kind": target.get("kind", "level"),
                    "comparator": target["comparator"],
                    "value": _decimal(target.get("value")),
                    "value_max": _decimal(target.get("value_max")),
                    "unit": target.get("unit", ""),
                    "base_year": target.get("base_year"),
                    "multiplier": _decimal(target.get("multiplier")),
                    "phrase": target["phrase"],
                    "needs_review": target.get("needs_review", False),
                    "source": target.get("source", program.source),
                },
            )
            targets += 1
    record(
        actor=actor,
        action="program.load",
        obj=program,
        summary=f"Nạp {program}: {created} chỉ tiêu mới, {updated} cập nhật, {targets} mục tiêu.",
    )
    return ProgramLoadSummary(program, created, updated, targets)


def _target_specs(entry: dict, program: Program) -> list[dict]:
    """Targets of one indicator entry: a list of yearly/end targets, or the one end target of a plan."""
    if "targets" in entry:
        return entry["targets"]
    if "target" in entry:
        return [{**entry["target"], "year": program.end_year, "end": True, "phrase": entry["phrase"]}]
    return []


class ProgramSettingError(ValueError):
    """A programme setting refused; the message is Vietnamese and nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def set_min_coverage(program: Program, coverage: Decimal, *, actor=None) -> Program:
    """Set the share of the expected units (percent, 0–100) a roll-up needs before it is judged; audited."""
    if not Decimal(0) <= coverage <= Decimal(100):
        raise ProgramSettingError("Tỷ lệ đơn vị tối thiểu phải từ 0 đến 100%.")
    if coverage != coverage.quantize(Decimal("0.01")):
        raise ProgramSettingError("Tỷ lệ đơn vị tối thiểu có nhiều nhất 2 chữ số thập phân.")
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        before = locked.min_coverage
        if before == coverage:
            return locked
        locked.min_coverage = coverage
        locked.save(update_fields=["min_coverage"])
        record(
            actor=actor,
            action="program.min_coverage",
            obj=locked,
            summary=f"{locked}: tỷ lệ đơn vị tối thiểu để đánh giá số cộng dồn",
            before={"min_coverage": str(before)},
            after={"min_coverage": str(coverage)},
        )
    return locked
