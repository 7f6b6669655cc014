"""Reads for org units: what existed on a day, what came before and after the 2025 reform."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import F, Q, QuerySet

from ansinh.org.models import OrgUnit, OrgUnitKind

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


def descendant_ids(unit_ids: set[int]) -> set[int]:
    """The given units and every unit below them, in any era (one query per level)."""
    found = set(unit_ids)
    level = set(unit_ids)
    while level:
        level = set(OrgUnit.objects.filter(parent_id__in=level).values_list("pk", flat=True)) - found
        found |= level
    return found
