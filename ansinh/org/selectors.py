"""Reads for org units: what existed on a day, what came before and after the 2025 reform."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import F, Q, QuerySet

from ansinh.org.models import OrgUnit, OrgUnitKind, OrgUnitSuccession
from ansinh.rules.succession import Handover, UnitSpan, holder_on, indicator_key

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class SuccessionAnnotations(TypedDict):
    succession_share: Decimal | None
    succession_is_default: bool
    succession_effective_on: date


def _valid_on(day: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def units_valid_on(day: date, kind: str | None = None, parent: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """Units that existed on ``day``, optionally of one kind and/or directly under one parent."""
    units = OrgUnit.objects.filter(_valid_on(day))
    if kind is not None:
        units = units.filter(kind=kind)
    if parent is not None:
        units = units.filter(parent=parent)
    return units


def subunits(unit: OrgUnit, on: date | None = None, kind: str | None = None) -> QuerySet[OrgUnit]:
    """Units directly under ``unit`` (on ``on`` if given): districts before 1/7/2025, communes after.

    A city's departments are its children too and have no end date; pass ``kind`` to keep them out.
    """
    units = OrgUnit.objects.filter(parent=unit)
    if on is not None:
        units = units.filter(_valid_on(on))
    if kind is not None:
        units = units.filter(kind=kind)
    return units


def communes_of(area: OrgUnit, on: date) -> QuerySet[OrgUnit]:
    """Communes of a province (or of the country) on ``on``, whichever era: under districts before 1/7/2025,
    directly under their province after."""
    return units_valid_on(on, kind=OrgUnitKind.COMMUNE).filter(
        Q(parent=area) | Q(parent__parent=area) | Q(parent__parent__parent=area)
    )


def districts_of(area: OrgUnit, on: date) -> QuerySet[OrgUnit]:
    """The districts of a province on ``on`` (none from 1/7/2025, when the district level ended)."""
    return units_valid_on(on, kind=OrgUnitKind.DISTRICT, parent=area)


def provinces_of(area: OrgUnit, on: date) -> QuerySet[OrgUnit]:
    """The provinces directly under ``area`` (the country) on ``on``."""
    return units_valid_on(on, kind=OrgUnitKind.PROVINCE, parent=area)


def successors_of(unit: OrgUnit) -> QuerySet[WithAnnotations[OrgUnit, SuccessionAnnotations]]:
    """The units that took over ``unit``, each annotated with ``succession_share``, ``succession_is_default``
    and ``succession_effective_on``; the default (main) successor first."""
    return (
        OrgUnit.objects.filter(successions_in__predecessor=unit)
        .annotate(
            succession_share=F("successions_in__share"),
            succession_is_default=F("successions_in__is_default"),
            succession_effective_on=F("successions_in__effective_on"),
        )
        .order_by("-succession_is_default", "name")
    )


def predecessors_of(unit: OrgUnit) -> QuerySet[WithAnnotations[OrgUnit, SuccessionAnnotations]]:
    """The units ``unit`` took over (wholly or in part), annotated like ``successors_of``."""
    return (
        OrgUnit.objects.filter(successions_out__successor=unit)
        .annotate(
            succession_share=F("successions_out__share"),
            succession_is_default=F("successions_out__is_default"),
            succession_effective_on=F("successions_out__effective_on"),
        )
        .order_by("name")
    )


def unit_found_by(unit: OrgUnit, text: str) -> bool:
    """Whether a list's search box finds ``unit``: ``text`` in its name or its code, whatever the case."""
    needle = text.casefold()
    return needle in unit.name.casefold() or needle in unit.code.casefold()


def descendant_ids(unit_ids: set[int]) -> set[int]:
    """The given units and every unit below them, in any era (one query per level)."""
    found = set(unit_ids)
    level = set(unit_ids)
    while level:
        level = set(OrgUnit.objects.filter(parent_id__in=level).values_list("pk", flat=True)) - found
        found |= level
    return found


class OfficeHolders:
    """Who holds a unit's duties on a day (``ansinh.rules.succession.holder_on``), for the units that ended and
    handed their duties on (departments merged or split in 2025). Reads the successions out of ended
    non-territorial units once; a unit still in office costs nothing."""

    def __init__(self) -> None:
        ended = OrgUnit.objects.filter(valid_to__isnull=False).exclude(
            kind__in=(OrgUnitKind.COMMUNE, OrgUnitKind.DISTRICT, OrgUnitKind.PROVINCE)
        )
        successions = list(
            OrgUnitSuccession.objects.filter(predecessor__in=ended).select_related("predecessor", "successor")
        )
        self.units: dict[int, UnitSpan] = {}
        self.by_id: dict[int, OrgUnit] = {}
        self.handovers: list[Handover] = []
        for succession in successions:
            for unit in (succession.predecessor, succession.successor):
                self.units[unit.pk] = UnitSpan(unit.pk, unit.valid_from, unit.valid_to)
                self.by_id[unit.pk] = unit
            self.handovers.append(
                Handover(
                    succession.predecessor_id,
                    succession.successor_id,
                    succession.effective_on,
                    frozenset(succession.fields or ()),
                    frozenset(succession.indicators or ()),
                    succession.is_default,
                )
            )

    def holder(self, unit: OrgUnit, day: date, *, duty_field: str = "", indicator: str = "") -> OrgUnit | None:
        """The unit in office on ``day`` that holds ``unit``'s duty (``unit`` itself while it is in office)."""
        if unit.valid_to is None or day <= unit.valid_to:
            return unit
        self.units.setdefault(unit.pk, UnitSpan(unit.pk, unit.valid_from, unit.valid_to))
        found = holder_on(unit.pk, day, self.units, self.handovers, duty_field=duty_field, indicator=indicator)
        if found is None:
            return None
        return self.by_id.get(found) or OrgUnit.objects.get(pk=found)

    def holder_of_indicator(self, unit: OrgUnit, day: date, indicator) -> OrgUnit | None:
        """``unit``'s duty for one indicator (its field, its key) on ``day``."""
        return self.holder(
            unit,
            day,
            duty_field=indicator.field,
            indicator=indicator_key(indicator.program.code, indicator.code),
        )


def unit_in_office(unit: OrgUnit, day: date) -> OrgUnit | None:
    """The body in office on ``day`` that holds ``unit``'s duties (its main successor after it ended)."""
    return OfficeHolders().holder(unit, day)


def handovers_from(unit: OrgUnit) -> QuerySet[OrgUnitSuccession]:
    """The successions out of ``unit`` with what each moved, its date, source and whether it is confirmed; the main
    successor first."""
    return (
        OrgUnitSuccession.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("-is_default", "successor__name")
    )
