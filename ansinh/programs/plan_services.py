"""A plan read from its text (:mod:`ansinh.programs.plan_import`) into the database.

:func:`preview_import` says what an import would do — indicators and targets to create, to update
(field by field, before → after), unchanged, and those the database holds that the plan no longer
lists (never deleted) — without writing. :func:`apply_import` then writes, in one transaction, every
write audited. Importing the same text again changes nothing: indicators are matched by (programme,
code), targets by (indicator, year, programme-wide scope).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ansinh.audit.services import record
from ansinh.core.numbers import format_number
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.org.selectors import communes_of
from ansinh.programs.models import Comparator, Direction, Indicator, Program, Target, TargetKind, ValueType
from ansinh.programs.plan_import.responsibilities import unit_key
from ansinh.programs.plan_import.results import ParsedPlan, PlanIndicator
from ansinh.programs.plan_import.text import fold
from ansinh.rules.targets import ParsedTarget, render_target

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTION_LABELS = {CREATE: "Tạo mới", UPDATE: "Cập nhật", UNCHANGED: "Không đổi"}

# Indicator and Target fields an import writes. Aggregation, coordinating units and sources are the
# committee's own work: an import never overwrites them.
INDICATOR_FIELDS = ("parent", "name", "field", "unit", "value_type", "per_n", "direction", "target_text", "is_group")
TARGET_FIELDS = (
    "is_end_target",
    "kind",
    "comparator",
    "value",
    "value_max",
    "unit",
    "base_year",
    "multiplier",
    "phrase",
    "needs_review",
)
# Only filled where the database has nothing: a programme's metadata is curated by hand.
PROGRAM_FIELDS = ("kind", "title", "issuer", "issued_on", "start_year", "end_year", "implements", "standing_agency")
_VALUE_PLACES = Decimal("0.000001")
_MULTIPLIER_PLACES = Decimal("0.0001")
_CHOICE_LABELS: dict[str, dict[str, str]] = {
    "value_type": {str(value): str(label) for value, label in ValueType.choices},
    "direction": {str(value): str(label) for value, label in Direction.choices},
    "comparator": {str(value): str(label) for value, label in Comparator.choices},
    "kind": {str(value): str(label) for value, label in TargetKind.choices},
}


class PlanImportError(ValueError):
    """The import cannot be done; the message is Vietnamese and says why. Nothing was written."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: Any
    after: Any

    @property
    def before_text(self) -> str:
        return display_value(self.field, self.before)

    @property
    def after_text(self) -> str:
        return display_value(self.field, self.after)


@dataclass(frozen=True)
class ResolvedSuggestion:
    unit_name: str  # as the plan writes it
    unit_code: str | None  # the unit in the database, when one matches the name
    unit_label: str
    reason: str


@dataclass
class TargetPreview:
    parsed: ParsedTarget
    year: int | None
    action: str
    changes: list[FieldChange]

    @property
    def rendered(self) -> str:
        return render_target(self.parsed) if self.parsed.has_target else "(chưa có mức chỉ tiêu)"

    @property
    def kind_label(self) -> str:
        """``mức thay đổi bình quân mỗi năm`` for a change target; nothing for a level."""
        if self.parsed.kind == TargetKind.LEVEL:
            return ""
        return _CHOICE_LABELS["kind"].get(self.parsed.kind, self.parsed.kind)


@dataclass
class IndicatorPreview:
    parsed: PlanIndicator
    action: str
    changes: list[FieldChange]
    targets: list[TargetPreview]
    suggestions: list[ResolvedSuggestion]
    current_lead_code: str | None = None

    @property
    def code(self) -> str:
        return self.parsed.code

    @property
    def needs_review(self) -> bool:
        return any(target.parsed.needs_review for target in self.targets)


@dataclass
class ImportPreview:
    parsed: ParsedPlan
    program: Program | None
    program_changes: list[FieldChange]
    program_differences: list[FieldChange]  # curated values that differ from the text; not overwritten
    indicators: list[IndicatorPreview]
    absent_indicators: list[Indicator]
    absent_targets: list[Target]
    unit_codes: dict[str, str]
    problems: list[str] = field(default_factory=list)

    @property
    def program_action(self) -> str:
        if self.program is None:
            return CREATE
        return UPDATE if self.program_changes else UNCHANGED

    @property
    def targets(self) -> list[TargetPreview]:
        return [target for indicator in self.indicators for target in indicator.targets]

    def counts(self) -> dict[str, int]:
        indicators, targets = self.indicators, self.targets
        return {
            "indicators_to_create": sum(item.action == CREATE for item in indicators),
            "indicators_to_update": sum(item.action == UPDATE for item in indicators),
            "indicators_unchanged": sum(item.action == UNCHANGED for item in indicators),
            "targets_to_create": sum(item.action == CREATE for item in targets),
            "targets_to_update": sum(item.action == UPDATE for item in targets),
            "targets_unchanged": sum(item.action == UNCHANGED for item in targets),
            "targets_needing_review": sum(item.parsed.needs_review for item in targets),
            "indicators_absent": len(self.absent_indicators),
            "targets_absent": len(self.absent_targets),
        }

    @property
    def has_changes(self) -> bool:
        counts = self.counts()
        return self.program is None or bool(
            self.program_changes
            or counts["indicators_to_create"]
            or counts["indicators_to_update"]
            or counts["targets_to_create"]
            or counts["targets_to_update"]
        )


@dataclass(frozen=True)
class ImportSummary:
    program: Program
    program_created: bool
    indicators_created: int
    indicators_updated: int
    indicators_unchanged: int
    targets_created: int
    targets_updated: int
    targets_unchanged: int
    targets_needing_review: int
    lead_units_set: int

    def message(self) -> str:
        verb = "Đã tạo" if self.program_created else "Đã nhập vào"
        text = (
            f"{verb} {self.program}: {self.indicators_created} chỉ tiêu mới, {self.indicators_updated} chỉ tiêu cập nhật, "
            f"{self.indicators_unchanged} chỉ tiêu không đổi; {self.targets_created} mục tiêu mới, "
            f"{self.targets_updated} mục tiêu cập nhật, {self.targets_unchanged} mục tiêu không đổi"
        )
        if self.lead_units_set:
            text += f"; giao đơn vị chủ trì cho {self.lead_units_set} chỉ tiêu"
        if self.targets_needing_review:
            text += f". {self.targets_needing_review} mục tiêu cần rà soát"
        return text + "."


# ---------------------------------------------------------------------------------------------
# Preview
# ---------------------------------------------------------------------------------------------


def find_program(parsed: ParsedPlan) -> Program | None:
    """The programme the text is, by its number (``181/KH-UBND``)."""
    code = parsed.metadata.code
    return Program.objects.filter(code=code).select_related("owner_unit", "standing_agency").first() if code else None


def preview_import(program: Program | None, parsed: ParsedPlan, *, owner_unit: OrgUnit | None = None) -> ImportPreview:
    """What importing ``parsed`` into ``program`` would do. With no programme, the one with the same
    number is used when it exists, else a new one would be created (under ``owner_unit``)."""
    problems: list[str] = []
    if program is None:
        program = find_program(parsed)
        if program is not None and parsed.metadata.issued_on and program.issued_on != parsed.metadata.issued_on:
            problems.append(
                f"Số hiệu {program.code} đã dùng cho {program} ban hành ngày {program.issued_on:%d/%m/%Y}, "
                f"khác ngày {parsed.metadata.issued_on:%d/%m/%Y} của văn bản này; hãy chọn chương trình cần cập nhật."
            )
    elif parsed.metadata.code and parsed.metadata.code != program.code:
        problems.append(
            f"Văn bản là {parsed.metadata.kind.lower() or 'văn bản'} số {parsed.metadata.code}, không phải {program}; "
            "không nhập vào chương trình này."
        )
    within = program.owner_unit if program is not None else owner_unit
    commune = issuing_commune(parsed, within)
    unit_codes = resolve_unit_names(_unit_names(parsed), within=within, commune=commune)
    end_year = program.end_year if program is not None and program.end_year else parsed.metadata.end_year
    start_year = program.start_year if program is not None else parsed.metadata.start_year
    program_changes, program_differences = _program_changes(program, parsed, unit_codes)
    if program is None:
        problems.extend(_creation_problems(parsed))

    existing = (
        {indicator.code: indicator for indicator in program.indicators.select_related("parent", "lead_unit")}
        if program is not None
        else {}
    )
    existing_targets: dict[tuple[str, int], Target] = {}
    if program is not None:
        for stored_target in Target.objects.filter(indicator__program=program, scope__isnull=True).select_related(
            "indicator"
        ):
            existing_targets[(stored_target.indicator.code, stored_target.year)] = stored_target

    previews: list[IndicatorPreview] = []
    without_year: list[str] = []  # one problem for all of them, not one box per target
    for indicator in parsed.indicators:
        current = existing.get(indicator.code)
        values = indicator_values(indicator)
        changes = _changes(Indicator, _indicator_state(current), values) if current else []
        targets = []
        for target in indicator.targets:
            if target.year is None:
                without_year.append(indicator.code)
            wanted = target_values(target, end_year=end_year, start_year=start_year)
            stored = existing_targets.get((indicator.code, target.year)) if target.year is not None else None
            target_changes = _changes(Target, _target_state(stored), wanted) if stored else []
            action = CREATE if stored is None else UPDATE if target_changes else UNCHANGED
            targets.append(TargetPreview(target, target.year, action, target_changes))
        previews.append(
            IndicatorPreview(
                parsed=indicator,
                action=CREATE if current is None else UPDATE if changes else UNCHANGED,
                changes=changes,
                targets=targets,
                suggestions=[
                    ResolvedSuggestion(
                        unit_name=suggestion.unit_name,
                        unit_code=unit_codes.get(suggestion.unit_name),
                        unit_label=_unit_label(suggestion.unit_name, unit_codes, commune),
                        reason=suggestion.reason,
                    )
                    for suggestion in indicator.suggested_lead_units
                ],
                current_lead_code=current.lead_unit.code if current is not None and current.lead_unit else None,
            )
        )
    if without_year:
        codes = ", ".join(dict.fromkeys(without_year))
        problems.append(
            f"{len(without_year)} mục tiêu chưa có năm (chỉ tiêu {codes}): hãy nhập năm kết thúc của kế hoạch."
        )

    parsed_codes = {indicator.code for indicator in parsed.indicators}
    parsed_years = {(indicator.code, target.year) for indicator in parsed.indicators for target in indicator.targets}
    absent_indicators = sorted(
        (indicator for code, indicator in existing.items() if code not in parsed_codes), key=lambda i: i.sort_key
    )
    absent_targets = sorted(
        (target for key, target in existing_targets.items() if key[0] in parsed_codes and key not in parsed_years),
        key=lambda t: (t.indicator.sort_key, t.year),
    )
    return ImportPreview(
        parsed=parsed,
        program=program,
        program_changes=program_changes,
        program_differences=program_differences,
        indicators=previews,
        absent_indicators=absent_indicators,
        absent_targets=absent_targets,
        unit_codes=unit_codes,
        problems=list(dict.fromkeys(problems)),
    )


def _unit_names(parsed: ParsedPlan) -> set[str]:
    names = {duty.unit_name for duty in parsed.responsibilities if not duty.is_collective}
    if parsed.metadata.standing_agency_name:
        names.add(parsed.metadata.standing_agency_name)
    return names


# "Ủy ban nhân dân xã Tân Lập": the plan of a commune, whose section IV gives the work to the commune's own offices.
_COMMUNE_ISSUER = re.compile(r"^(?:ủy|uỷ) ban nhân dân\s+(?P<name>(?:xã|phường|thị trấn|đặc khu)\s.+)$")
# Bodies above a commune, which a commune's plan may also name: never read as one of the commune's offices.
_ABOVE_COMMUNE = re.compile(r"^(?:sở|bộ|cục)\s|\b(?:tỉnh|thành phố|huyện|quận|thị xã|trung ương)\b")


def issuing_commune(parsed: ParsedPlan, within: OrgUnit | None) -> OrgUnit | None:
    """The commune (of the province ``within``, on the day the plan was issued) whose People's Committee issued the
    plan; None for a plan of a higher level, or when no single commune has that name."""
    match = _COMMUNE_ISSUER.match(fold(parsed.metadata.issuer or ""))
    if match is None or within is None:
        return None
    key = unit_key(match["name"])
    # Undated: the commune as it is today in Việt Nam (the server's own clock may be on another day).
    day = parsed.metadata.issued_on or timezone.localdate()
    found = [unit for unit in communes_of(within, day) if unit_key(unit.name) == key]
    return found[0] if len(found) == 1 else None


def resolve_unit_names(
    names: Iterable[str], *, within: OrgUnit | None = None, commune: OrgUnit | None = None
) -> dict[str, str]:
    """Unit names as a plan writes them → codes of units in the database (departments and other
    agencies, under ``within`` when given). A name that matches no unit, or several, is left out.

    In the plan of ``commune``, its offices ("Phòng Văn hóa - Xã hội", "Trạm Y tế") are its own units when the
    catalogue has them (kind "other" under the commune), else the commune itself: it leads and reports the
    indicators through them."""
    candidates = OrgUnit.objects.filter(kind__in=(OrgUnitKind.DEPARTMENT, OrgUnitKind.OTHER))
    if within is not None:
        candidates = candidates.filter(parent__in=[within, *([commune] if commune else [])])
    by_key: dict[str, set[str]] = {}
    for code, name, short_name in candidates.values_list("code", "name", "short_name"):
        for spelling in {name, short_name} - {""}:
            by_key.setdefault(unit_key(spelling), set()).add(code)
    resolved = {}
    for name in names:
        codes = by_key.get(unit_key(name), set())
        if len(codes) == 1:
            resolved[name] = next(iter(codes))
        elif not codes and commune is not None and not _ABOVE_COMMUNE.search(fold(name)):
            resolved[name] = commune.code
    return resolved


def _unit_label(name: str, unit_codes: Mapping[str, str], commune: OrgUnit | None) -> str:
    """The name as the plan writes it; a commune's office that the commune itself stands for says so."""
    if commune is not None and unit_codes.get(name) == commune.code:
        return f"{commune.name} ({name})"
    return name


def _creation_problems(parsed: ParsedPlan) -> list[str]:
    meta, problems = parsed.metadata, []
    if not meta.code:
        problems.append("Không đọc được số hiệu văn bản (dòng “Số: …/KH-UBND”); chưa tạo được chương trình mới.")
    if meta.issued_on is None:
        problems.append(
            "Không đọc được ngày ban hành (dòng “…, ngày … tháng … năm …”); chưa tạo được chương trình mới."
        )
    if not meta.title:
        problems.append("Không đọc được trích yếu của văn bản (dòng ngay sau “KẾ HOẠCH”).")
    if meta.end_year is None:
        problems.append("Không xác định được năm kết thúc của kế hoạch; hãy nhập năm kết thúc.")
    return problems


def _program_values(parsed: ParsedPlan, unit_codes: Mapping[str, str]) -> dict[str, Any]:
    meta = parsed.metadata
    standing = unit_codes.get(meta.standing_agency_name)
    return {
        "kind": meta.kind,
        "title": meta.title,
        "issuer": meta.issuer,
        "issued_on": meta.issued_on,
        "start_year": meta.start_year or meta.end_year,
        "end_year": meta.end_year,
        "implements": meta.implements,
        "standing_agency": OrgUnit.objects.filter(code=standing).first() if standing else None,
    }


def _program_changes(
    program: Program | None, parsed: ParsedPlan, unit_codes: Mapping[str, str]
) -> tuple[list[FieldChange], list[FieldChange]]:
    if program is None:
        return [], []
    fills, differences = [], []
    for name, value in _program_values(parsed, unit_codes).items():
        if value in (None, ""):
            continue
        current = getattr(program, name)
        label = _label(Program, name)
        if current in (None, ""):
            fills.append(FieldChange(name, label, _plain(current), _plain(value)))
        elif _plain(current) != _plain(value):
            differences.append(FieldChange(name, label, _plain(current), _plain(value)))
    return fills, differences


def indicator_values(indicator: PlanIndicator) -> dict[str, Any]:
    """What the database should hold for a parsed indicator (parent as its code)."""
    return {
        "parent": indicator.parent_code,
        "name": indicator.name,
        "field": indicator.field[:64],
        "unit": indicator.unit[:64],
        "value_type": indicator.value_type,
        "per_n": indicator.per_n,
        "direction": indicator.direction,
        "target_text": "" if indicator.is_group else indicator.text,
        "is_group": indicator.is_group,
    }


def target_values(target: ParsedTarget, *, end_year: int | None, start_year: int | None = None) -> dict[str, Any]:
    base_year = target.base_year
    if target.kind == TargetKind.CHANGE_PER_YEAR and base_year is None and start_year is not None:
        base_year = start_year - 1  # "bình quân mỗi năm" over the plan: counted from the year before it starts
    return {
        "is_end_target": target.year is not None and target.year == end_year,
        "kind": target.kind,
        "comparator": target.comparator,
        "value": _quantize(target.value, _VALUE_PLACES),
        "value_max": _quantize(target.value_max, _VALUE_PLACES),
        "unit": target.unit[:64],
        "base_year": base_year,
        "multiplier": _quantize(target.multiplier, _MULTIPLIER_PLACES),
        "phrase": target.phrase,
        "needs_review": target.needs_review,
    }


def _indicator_state(indicator: Indicator | None) -> dict[str, Any]:
    if indicator is None:
        return {}
    state = {name: getattr(indicator, name) for name in INDICATOR_FIELDS if name != "parent"}
    state["parent"] = indicator.parent.code if indicator.parent else None
    return state


def _target_state(target: Target | None) -> dict[str, Any]:
    return {name: getattr(target, name) for name in TARGET_FIELDS} if target is not None else {}


def _changes(
    model: type[Indicator] | type[Target], before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[FieldChange]:
    return [
        FieldChange(name, _label(model, name), _plain(before.get(name)), _plain(value))
        for name, value in after.items()
        if not _same(before.get(name), value)
    ]


def _label(model: type[Program] | type[Indicator] | type[Target], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, Decimal) or isinstance(after, Decimal):
        return (before is not None and after is not None and Decimal(before) == Decimal(after)) or before == after
    return before == after


def _quantize(value: Decimal | None, places: Decimal) -> Decimal | None:
    return None if value is None else value.quantize(places)


def _plain(value: Any) -> Any:
    """JSON-ready, for the audit trail: Decimals as strings without trailing zeros, dates in ISO form, units as codes."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, OrgUnit):
        return value.code
    return value


def display_value(field_name: str, value: Any) -> str:
    """A value as the preview shows it, the Vietnamese way."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if field_name in _CHOICE_LABELS:
        return _CHOICE_LABELS[field_name].get(str(value), str(value))
    if field_name in ("value", "value_max", "multiplier"):
        return format_number(Decimal(str(value)))
    if field_name == "issued_on":
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    return str(value)


# ---------------------------------------------------------------------------------------------
# Apply
# ---------------------------------------------------------------------------------------------


def suggested_lead_units(preview: ImportPreview) -> dict[str, str]:
    """The best suggested unit of every indicator that has no lead unit yet and whose suggestion
    names a unit of the database."""
    return {
        item.code: item.suggestions[0].unit_code
        for item in preview.indicators
        if item.current_lead_code is None and item.suggestions and item.suggestions[0].unit_code
    }


def apply_import(
    preview: ImportPreview,
    *,
    owner_unit: OrgUnit | None,
    actor=None,
    lead_units: Mapping[str, str] | None = None,
) -> ImportSummary:
    """Write the previewed import in one transaction; every write is audited.

    ``lead_units`` maps indicator codes to unit codes; an empty value leaves the indicator's lead as
    it is. Raises :class:`PlanImportError` (nothing written) when the preview has problems, a code is
    unknown, or a new programme has no ``owner_unit``."""
    if preview.problems:
        raise PlanImportError(" ".join(preview.problems))
    leads = _lead_units(preview, lead_units or {})
    if preview.program is None and owner_unit is None:
        raise PlanImportError("Cần chọn địa bàn (đơn vị sở hữu) để tạo chương trình mới.")
    parsed = preview.parsed
    with transaction.atomic():
        program, created = _write_program(preview, owner_unit=owner_unit, actor=actor)
        document = f"{program.kind} {program.code}"
        source = f"{document} ({parsed.metadata.targets_section}), nhập từ văn bản"
        by_code = {indicator.code: indicator for indicator in program.indicators.select_related("parent", "lead_unit")}
        counts = dict.fromkeys(("ic", "iu", "in", "tc", "tu", "tn", "leads"), 0)
        for item in parsed.indicators:
            indicator, action, lead_set = _write_indicator(
                program, item, by_code, lead=leads.get(item.code), source=source, actor=actor, document=document
            )
            counts[{CREATE: "ic", UPDATE: "iu", UNCHANGED: "in"}[action]] += 1
            counts["leads"] += int(lead_set)
            for target in item.targets:
                target_action = _write_target(
                    indicator,
                    target,
                    end_year=program.end_year,
                    start_year=program.start_year,
                    source=source,
                    actor=actor,
                    document=document,
                )
                counts[{CREATE: "tc", UPDATE: "tu", UNCHANGED: "tn"}[target_action]] += 1
        summary = ImportSummary(
            program=program,
            program_created=created,
            indicators_created=counts["ic"],
            indicators_updated=counts["iu"],
            indicators_unchanged=counts["in"],
            targets_created=counts["tc"],
            targets_updated=counts["tu"],
            targets_unchanged=counts["tn"],
            targets_needing_review=sum(target.needs_review for target in parsed.targets),
            lead_units_set=counts["leads"],
        )
        if created or counts["ic"] or counts["iu"] or counts["tc"] or counts["tu"]:
            record(actor=actor, action="program.import", obj=program, summary=summary.message())
    return summary


def _lead_units(preview: ImportPreview, wanted: Mapping[str, str]) -> dict[str, OrgUnit]:
    known = {item.code for item in preview.indicators}
    unknown = sorted(code for code in wanted if code not in known)
    if unknown:
        raise PlanImportError(f"Văn bản không có chỉ tiêu mã {', '.join(unknown)}; không giao được đơn vị chủ trì.")
    unit_codes = {code for code in wanted.values() if code}
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=unit_codes)}
    missing = sorted(unit_codes - units.keys())
    if missing:
        raise PlanImportError(f"Không có đơn vị mã {', '.join(missing)} trong danh mục đơn vị.")
    return {code: units[unit_code] for code, unit_code in wanted.items() if unit_code}


def _free_slug(code: str) -> str:
    base = slugify(code.replace("/", "-").replace("Đ", "D").replace("đ", "d")) or "ke-hoach"
    slug, number = base, 2
    while Program.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _write_program(preview: ImportPreview, *, owner_unit: OrgUnit | None, actor) -> tuple[Program, bool]:
    parsed = preview.parsed
    values = _program_values(parsed, preview.unit_codes)
    if preview.program is None:
        if owner_unit is None:
            raise PlanImportError("Cần chọn địa bàn (đơn vị sở hữu) để tạo chương trình mới.")
        meta = parsed.metadata
        program = Program.objects.create(
            slug=_free_slug(meta.code),
            code=meta.code,
            owner_unit=owner_unit,
            source=f"{meta.kind} {meta.code} ngày {meta.issued_on:%d/%m/%Y}, nhập từ văn bản",
            **values,
        )
        record(
            actor=actor,
            action="program.import.create",
            obj=program,
            summary=f"Tạo {program} từ văn bản của kế hoạch.",
            after={name: _plain(value) for name, value in values.items()},
        )
        return program, True
    program = Program.objects.select_for_update().get(pk=preview.program.pk)
    fills, _differences = _program_changes(program, parsed, preview.unit_codes)
    if fills:
        for change in fills:
            setattr(program, change.field, values[change.field])
        program.save(update_fields=[change.field for change in fills])
        record(
            actor=actor,
            action="program.import.update",
            obj=program,
            summary=f"{program}: bổ sung {', '.join(change.label for change in fills)} từ văn bản.",
            before={change.field: change.before for change in fills},
            after={change.field: change.after for change in fills},
        )
    return program, False


def _write_indicator(
    program: Program,
    item: PlanIndicator,
    by_code: dict[str, Indicator],
    *,
    lead: OrgUnit | None,
    source: str,
    actor,
    document: str,
) -> tuple[Indicator, str, bool]:
    values = indicator_values(item)
    parent = by_code.get(values.pop("parent") or "")
    current = by_code.get(item.code)
    if current is None:
        indicator = Indicator.objects.create(
            program=program, code=item.code, parent=parent, lead_unit=lead, source=source, **values
        )
        by_code[item.code] = indicator
        record(
            actor=actor,
            action="indicator.import.create",
            obj=indicator,
            summary=f"{document}: tạo chỉ tiêu {item.code} “{item.name}”.",
            after={**{name: _plain(value) for name, value in values.items()}, "parent": item.parent_code}
            | ({"lead_unit": lead.code} if lead else {}),
        )
        return indicator, CREATE, lead is not None
    changes = _changes(Indicator, _indicator_state(current), {**values, "parent": item.parent_code})
    lead_changed = lead is not None and current.lead_unit_id != lead.pk
    if lead_changed and lead is not None:
        label = _label(Indicator, "lead_unit")
        changes.append(
            FieldChange("lead_unit", label, current.lead_unit.code if current.lead_unit else None, lead.code)
        )
    if not changes:
        return current, UNCHANGED, False
    for change in changes:
        if change.field == "parent":
            current.parent = parent
        elif change.field == "lead_unit":
            current.lead_unit = lead
        else:
            setattr(current, change.field, values[change.field])
    current.save()
    record(
        actor=actor,
        action="indicator.import.update",
        obj=current,
        summary=f"{document}: cập nhật chỉ tiêu {item.code} ({', '.join(change.label for change in changes)}).",
        before={change.field: change.before for change in changes},
        after={change.field: change.after for change in changes},
    )
    return current, UPDATE, lead_changed


def _write_target(
    indicator: Indicator,
    target: ParsedTarget,
    *,
    end_year: int,
    start_year: int,
    source: str,
    actor,
    document: str,
) -> str:
    if target.year is None:
        raise PlanImportError(f"Mục tiêu “{target.phrase}” của chỉ tiêu {indicator.code} chưa có năm.")
    values = target_values(target, end_year=end_year, start_year=start_year)
    current = Target.objects.filter(indicator=indicator, year=target.year, scope__isnull=True).first()
    if current is None:
        created = Target.objects.create(indicator=indicator, year=target.year, scope=None, source=source, **values)
        record(
            actor=actor,
            action="target.import.create",
            obj=created,
            summary=f"{document}: tạo mục tiêu năm {target.year} của chỉ tiêu {indicator.code}: {render_target(target)}.",
            after={"year": target.year, **{name: _plain(value) for name, value in values.items()}},
        )
        return CREATE
    changes = _changes(Target, _target_state(current), values)
    if not changes:
        return UNCHANGED
    for change in changes:
        setattr(current, change.field, values[change.field])
    current.save(update_fields=[change.field for change in changes])
    record(
        actor=actor,
        action="target.import.update",
        obj=current,
        summary=(
            f"{document}: cập nhật mục tiêu năm {target.year} của chỉ tiêu {indicator.code} "
            f"({', '.join(change.label for change in changes)})."
        ),
        before={change.field: change.before for change in changes},
        after={change.field: change.after for change in changes},
    )
    return UPDATE
