"""What reading a plan gives: its metadata, indicators with their targets, the responsibility table,
warnings; and their JSON form."""

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from datetime import date
from decimal import Decimal
from typing import Any

from ansinh.rules.targets import (
    ParsedTarget,
)


@dataclass(frozen=True)
class PlanMetadata:
    code: str = ""  # "181/KH-UBND"
    kind: str = ""  # "Kế hoạch"
    title: str = ""  # trích yếu
    issued_on: date | None = None
    place: str = ""
    issuer: str = ""
    issuer_inferred: bool = False  # read from the signature and the place, not from the heading
    implements: str = ""
    start_year: int | None = None
    end_year: int | None = None
    # the end year is in the targets section's heading or the plan's title, not typed by the user or
    # guessed from the latest "đến năm …" of the targets
    end_year_stated: bool = False
    standing_agency_name: str = ""
    targets_section: str = ""  # "II. CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2030"


@dataclass(frozen=True)
class Responsibility:
    """One unit of the responsibility table and the fields it leads."""

    item: str  # "IV.2"
    unit_name: str  # as the plan writes it: "Sở Y tế"
    leads: bool  # the unit "chủ trì" something, rather than only coordinating or reporting
    field_phrases: tuple[str, ...]  # as written: ("y tế",)
    fields: tuple[str, ...]  # canonical fields of those phrases: ("Y tế",)
    name_fields: tuple[str, ...]  # fields its own name shows: "Bảo hiểm xã hội tỉnh" → BHXH, BHYT
    is_collective: bool  # "Các sở, ngành khác", "UBND các quận, huyện": not one unit
    text: str


@dataclass(frozen=True)
class LeadSuggestion:
    unit_name: str
    item: str
    score: int
    reason: str


@dataclass
class PlanIndicator:
    code: str
    parent_code: str | None
    name: str
    text: str  # the item as written, without its numbering
    line: int
    code_generated: bool = False
    is_group: bool = False
    unit: str = ""
    value_type: str = "number"
    per_n: int | None = None
    direction: str = "up"
    direction_unsure: bool = True
    field: str = ""
    field_source: str = ""  # heading / keywords / parent
    topics: tuple[str, ...] = ()  # fields whose keywords the name holds
    targets: list[ParsedTarget] = _field(default_factory=list)
    # every target the item's text states, before they were sorted into indicators
    all_targets: list[ParsedTarget] = _field(default_factory=list, repr=False)
    split_from: str = ""  # the code of the item this indicator was split from
    suggested_lead_units: list[LeadSuggestion] = _field(default_factory=list)

    @property
    def has_target(self) -> bool:
        return any(target.has_target for target in self.targets)


@dataclass(frozen=True)
class UnreadFigure:
    """A figure of the targets part that is no read target's value, with its clause and line (``unread``)."""

    line: int  # 1-based, in the text as received
    clause: str
    figure: str


@dataclass
class ParsedPlan:
    metadata: PlanMetadata
    indicators: list[PlanIndicator]
    responsibilities: list[Responsibility]
    warnings: list[str] = _field(default_factory=list)
    unread: list[UnreadFigure] = _field(default_factory=list)

    @property
    def targets(self) -> list[ParsedTarget]:
        return [target for indicator in self.indicators for target in indicator.targets]

    def counts(self) -> dict[str, int]:
        return {
            "indicators": len(self.indicators),
            "groups": sum(indicator.is_group for indicator in self.indicators),
            "targets": len(self.targets),
            "targets_needing_review": sum(target.needs_review for target in self.targets),
        }

    def as_json(self, unit_codes: Mapping[str, str] | None = None) -> dict[str, Any]:
        """JSON-ready: Decimals as strings, dates in ISO form; ``unit_codes`` maps a unit name as the
        plan writes it to the code of the unit in the database, when the caller knows it."""
        codes = unit_codes or {}
        meta = self.metadata
        return {
            "program": {
                "code": meta.code,
                "kind": meta.kind,
                "title": meta.title,
                "issued_on": meta.issued_on.isoformat() if meta.issued_on else None,
                "issuer": meta.issuer,
                "issuer_inferred": meta.issuer_inferred,
                "implements": meta.implements,
                "start_year": meta.start_year,
                "end_year": meta.end_year,
                "standing_agency": meta.standing_agency_name,
                "standing_agency_code": codes.get(meta.standing_agency_name),
            },
            "indicators": [_indicator_json(indicator, codes) for indicator in self.indicators],
            "responsibilities": [
                {
                    "item": duty.item,
                    "unit_name": duty.unit_name,
                    "unit_code": codes.get(duty.unit_name),
                    "leads": duty.leads,
                    "fields": list(duty.fields),
                    "field_phrases": list(duty.field_phrases),
                }
                for duty in self.responsibilities
                if not duty.is_collective
            ],
            "warnings": list(self.warnings),
            "unread_figures": [
                {"line": figure.line, "clause": figure.clause, "figure": figure.figure} for figure in self.unread
            ],
            "counts": self.counts(),
        }


def _indicator_json(indicator: PlanIndicator, codes: Mapping[str, str]) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "parent_code": indicator.parent_code,
        "code_generated": indicator.code_generated,
        "name": indicator.name,
        "text": indicator.text,
        "unit": indicator.unit,
        "value_type": indicator.value_type,
        "per_n": indicator.per_n,
        "direction": indicator.direction,
        "direction_unsure": indicator.direction_unsure,
        "is_group": indicator.is_group,
        "field": indicator.field,
        "suggested_lead_units": [
            {"unit_name": s.unit_name, "unit_code": codes.get(s.unit_name), "item": s.item, "reason": s.reason}
            for s in indicator.suggested_lead_units
        ],
        "targets": [
            {
                "comparator": target.comparator,
                "value": _decimal_text(target.value),
                "value_max": _decimal_text(target.value_max),
                "unit": target.unit,
                "year": target.year,
                "base_year": target.base_year,
                "multiplier": _decimal_text(target.multiplier),
                "phrase": target.phrase,
                "needs_review": target.needs_review,
                "review_reason": target.review_reason,
                "has_target": target.has_target,
            }
            for target in indicator.targets
        ],
    }


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")
