"""A map of one indicator for one year: every commune of the programme's area (or every province, for a national
programme) at its centroid, coloured by its approved figure or by its verdict; polygons where an administrator
loaded official boundaries. Only approved figures; drawn in the browser from our own static files."""

from dataclasses import dataclass
from datetime import date

from ansinh.documents.models import UnitBoundary
from ansinh.evaluation.selectors import area_figures, unit_figures
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.org.selectors import communes_of, provinces_of
from ansinh.programs.models import Indicator
from ansinh.reporting.models import AssignmentRole
from ansinh.rules.geo import float_or_none, unit_target_applies
from ansinh.rules.periods import year_cutoff
from ansinh.rules.verdicts import Observation, Status, choose_target, judge


@dataclass(frozen=True)
class MapUnit:
    unit: OrgUnit
    value: float | None
    text: str
    status: Status | None  # None: no target applies to this unit (see rules.geo.unit_target_applies)
    explanation: str


@dataclass(frozen=True)
class IndicatorMap:
    indicator: Indicator
    year: int
    level: str  # "commune" or "province"
    units: list[MapUnit]
    boundaries: dict[str, dict]  # unit code → GeoJSON geometry
    judged: bool  # whether any verdict applies

    @property
    def reported(self) -> int:
        return sum(1 for item in self.units if item.value is not None)

    @property
    def without_position(self) -> list[MapUnit]:
        return [item for item in self.units if item.unit.latitude is None and item.unit.code not in self.boundaries]

    def as_json(self) -> dict:
        return {
            "indicator": self.indicator.code,
            "unit": self.indicator.unit,
            "year": self.year,
            "judged": self.judged,
            "units": [
                {
                    "code": item.unit.code,
                    "name": item.unit.name,
                    "lat": item.unit.latitude,
                    "lon": item.unit.longitude,
                    "value": item.value,
                    "text": item.text,
                    "status": item.status.value if item.status else None,
                    "statusLabel": item.status.label if item.status else "",
                }
                for item in self.units
            ],
            "boundaries": {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"code": code}, "geometry": geometry}
                    for code, geometry in self.boundaries.items()
                ],
            },
        }


def map_level(indicator: Indicator) -> str:
    program = indicator.program
    national = program.owner_unit.kind == OrgUnitKind.COUNTRY
    by_province = indicator.assignments.filter(role=AssignmentRole.PROVINCES).exists()
    return "province" if national or by_province else "commune"


def indicator_map(indicator: Indicator, year: int) -> IndicatorMap:
    program = indicator.program
    level = map_level(indicator)
    last_day: date = year_cutoff(year)[1]
    area = (
        provinces_of(program.owner_unit, last_day) if level == "province" else communes_of(program.owner_unit, last_day)
    )
    figures = {value.report.unit_id: value for value in unit_figures(indicator, year)}
    # A province that did not report itself shows the roll-up of the units that count under it (the totals).
    rolled = area_figures(indicator, year, list(area.values_list("pk", flat=True))) if level == "province" else {}
    targets = [target.as_rule() for target in indicator.targets.all()]
    own_targets = {rule.scope_id for rule in targets if rule.scope_id is not None}
    units = []
    for unit in area.order_by("name"):
        figure = figures.get(unit.pk)
        value = figure.value if figure is not None else rolled.get(unit.pk)
        status = None
        explanation = ""
        if unit_target_applies(has_own_target=unit.pk in own_targets, aggregation=indicator.aggregation):
            target = choose_target(targets, year, scope_id=unit.pk)
            observation = (
                Observation(figure.value, figure.achieved, figure.not_implemented, figure.evidence)
                if figure is not None
                else Observation(value)
                if value is not None
                else None
            )
            verdict = judge(target, indicator.direction, observation, tolerance=program.approx_tolerance, year=year)
            status, explanation = verdict.status, verdict.explanation
        text = indicator.figure_text(value)
        units.append(MapUnit(unit, float_or_none(value), text, status, explanation))
    boundaries = dict(
        UnitBoundary.objects.filter(unit__in=[item.unit.pk for item in units]).values_list("unit__code", "geometry")
    )
    return IndicatorMap(indicator, year, level, units, boundaries, any(item.status for item in units))
