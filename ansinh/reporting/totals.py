"""The approved totals (``ApprovedTotal``) kept current as reports are approved and reopened.

DHIS2 shows new figures on its dashboards only after an "analytics" batch run. Here a report's figures
are added to the total of every area above its unit (province, country; district before 1/7/2025) in
the same transaction that approves it, and taken out again in the one that reopens it, so a national
total is current the moment the approval commits and a dashboard reads a few hundred rows instead of
scanning millions of values.

Which units count is one rule, written once in ``rules/rollup.py`` (:func:`~ansinh.rules.rollup.counted_units`)
and shared with the verdicts: an area's total is the sum of the own figures of the territorial units
(communes, districts, provinces) under it, except a unit with a reporting unit between it and the area,
whose figure that unit's already covers; never the area's own report (a province's own report counts
towards the country, not towards itself). So a city that reported 225.000 and one of its communes that
reported 1.200 give the country 225.000, and the city a total of 1.200 beside its own 225.000. A
department's report is not added to anything: a department speaks for its city (the city-wide figure of
the indicators it leads), so adding it to the communes' sum would count the same people twice.

Approving a unit's report therefore adds, to each area whose total counts it (:func:`areas_counting`),
its own figure less what the units under it had contributed (its own total); reopening takes the same
difference out.

An approved report cannot change (it is frozen until reopened), so taking out exactly what is stored
when it is reopened removes exactly what approving it added. Anything that changes approved figures
by another road (a bulk load of approved history, a repair) calls :func:`rebuild` for the periods it
touched, which recomputes them from the values themselves.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import connection, transaction

from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.reporting.models import ApprovedTotal, DataValue, Report, ReportingPeriod, ReportStatus
from ansinh.rules.rollup import areas_counting, has_own_figure

TOTALS = ApprovedTotal._meta.db_table
VALUES = DataValue._meta.db_table
REPORTS = Report._meta.db_table
TERRITORIAL_KINDS = (OrgUnitKind.COMMUNE, OrgUnitKind.DISTRICT, OrgUnitKind.PROVINCE)
# Filled for each rebuild: which areas each unit with an approved report counts towards.
UNIT_AREAS = "ansinh_unit_areas"
# And, for each such pair, the units strictly between the unit and the area.
UNIT_BETWEEN = "ansinh_unit_between"

_COLUMNS = (
    "area_id, period_id, indicator_id, disaggregation, value_sum, value_count, numerator_sum, denominator_sum, "
    "parts_count"
)
# Rows are added in key order so that two approvals touching the same national rows lock them in the same
# order and never deadlock.
_ADD = f"""
INSERT INTO {TOTALS} ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (period_id, area_id, indicator_id, disaggregation) DO UPDATE SET
    value_sum = {TOTALS}.value_sum + excluded.value_sum,
    value_count = {TOTALS}.value_count + excluded.value_count,
    numerator_sum = {TOTALS}.numerator_sum + excluded.numerator_sum,
    denominator_sum = {TOTALS}.denominator_sum + excluded.denominator_sum,
    parts_count = {TOTALS}.parts_count + excluded.parts_count
"""
_HAS_PARTS = "v.numerator IS NOT NULL AND v.denominator IS NOT NULL"
# A unit between a reporting unit and an area, reporting the same indicator and cut itself, covers it there.
# Every reference to the outer query is in the WHERE clause, none in a JOIN's ON: only then can PostgreSQL plan
# the NOT EXISTS as one hashed anti-join instead of running it once per figure and area (10,8 s → 1,4 s for a
# national month); the periods are repeated inside so that join reads only theirs.
_COVERED = f"""
SELECT 1 FROM {UNIT_BETWEEN} ub
JOIN {REPORTS} r2 ON r2.unit_id = ub.between_id
JOIN {VALUES} v2 ON v2.report_id = r2.id
WHERE ub.unit_id = ua.unit_id AND ub.area_id = ua.area_id AND r2.status = %s AND r2.period_id IN ({{periods}})
  AND r2.period_id = r.period_id AND v2.indicator_id = v.indicator_id AND v2.disaggregation = v.disaggregation
  AND (v2.value IS NOT NULL OR (v2.numerator IS NOT NULL AND v2.denominator IS NOT NULL))
"""
_RECOMPUTE = f"""
INSERT INTO {TOTALS} ({_COLUMNS})
SELECT ua.area_id, r.period_id, v.indicator_id, v.disaggregation,
       COALESCE(SUM(v.value), 0), COUNT(v.value),
       COALESCE(SUM(CASE WHEN {_HAS_PARTS} THEN v.numerator END), 0),
       COALESCE(SUM(CASE WHEN {_HAS_PARTS} THEN v.denominator END), 0),
       SUM(CASE WHEN {_HAS_PARTS} THEN 1 ELSE 0 END)
FROM {VALUES} v
JOIN {REPORTS} r ON r.id = v.report_id
JOIN {UNIT_AREAS} ua ON ua.unit_id = r.unit_id
WHERE r.status = %s AND r.period_id IN ({{periods}})
  AND (v.value IS NOT NULL OR ({_HAS_PARTS}))
  AND NOT EXISTS ({_COVERED})
GROUP BY ua.area_id, r.period_id, v.indicator_id, v.disaggregation
"""


def areas_above(unit_id: int, parents: Mapping[int, int | None] | None = None) -> list[int]:
    """The units above ``unit_id``, nearest first (its parent, the province, the country)."""
    if parents is None:
        walked: dict[int, int | None] = {}
        current: int | None = unit_id
        while current is not None:
            parent = OrgUnit.objects.filter(pk=current).values_list("parent_id", flat=True).first()
            walked[current] = parent
            current = parent
        parents = walked
    areas: list[int] = []
    above = parents.get(unit_id)
    while above is not None and above not in areas:
        areas.append(above)
        above = parents.get(above)
    return areas


_SUMS = ("value_sum", "value_count", "numerator_sum", "denominator_sum", "parts_count")


def _own(value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None) -> tuple:
    """What one figure adds to a total: (value, 1 if a value, numerator, denominator, 1 if both parts)."""
    has_parts = numerator is not None and denominator is not None
    return (
        Decimal(0) if value is None else value,
        0 if value is None else 1,
        numerator if has_parts else Decimal(0),
        denominator if has_parts else Decimal(0),
        1 if has_parts else 0,
    )


def add_report(report: Report, *, sign: int) -> int:
    """Add (``sign`` 1) or take out (``sign`` −1) the stored figures of ``report`` in the totals of every area
    that counts its unit (:func:`ansinh.rules.rollup.areas_counting`): its own figure less what the units
    under it contributed, which its figure covers. Called inside the transaction that approves or reopens
    it. Returns the rows touched."""
    kind = OrgUnit.objects.filter(pk=report.unit_id).values_list("kind", flat=True).first()
    above = areas_above(report.unit_id) if kind in TERRITORIAL_KINDS else []
    if not above:
        return 0
    # Waits for a rebuild of the period (which holds it FOR UPDATE), and for any other approval in it,
    # instead of adding to totals it replaces: the differences below read totals another approval changes.
    list(ReportingPeriod.objects.select_for_update(no_key=True).filter(pk=report.period_id).values_list("pk"))
    figures = [
        (indicator_id, disaggregation, _own(value, numerator, denominator))
        for indicator_id, disaggregation, value, numerator, denominator in DataValue.objects.filter(
            report=report
        ).values_list("indicator_id", "disaggregation", "value", "numerator", "denominator")
        if has_own_figure(value, numerator, denominator)
    ]
    if not figures:
        return 0
    # Which areas above report the same indicator and cut themselves (their figure stops the unit's there).
    reporting_above: dict[tuple[int, str], set[int]] = defaultdict(set)
    for unit_id, indicator_id, disaggregation, value, numerator, denominator in DataValue.objects.filter(
        report__period_id=report.period_id,
        report__status=ReportStatus.APPROVED,
        report__unit_id__in=above,
        indicator_id__in={figure[0] for figure in figures},
    ).values_list("report__unit_id", "indicator_id", "disaggregation", "value", "numerator", "denominator"):
        if has_own_figure(value, numerator, denominator):
            reporting_above[(indicator_id, disaggregation)].add(unit_id)
    # What the units under it contributed so far: its own total.
    under = {
        (row[0], row[1]): row[2:]
        for row in ApprovedTotal.objects.filter(period_id=report.period_id, area_id=report.unit_id).values_list(
            "indicator_id", "disaggregation", *_SUMS
        )
    }
    parents = dict(zip([report.unit_id, *above], [*above, None], strict=True))
    rows = []
    for indicator_id, disaggregation, own in figures:
        covered = under.get((indicator_id, disaggregation), (Decimal(0), 0, Decimal(0), Decimal(0), 0))
        change = tuple((mine - theirs) * sign for mine, theirs in zip(own, covered, strict=True))
        areas = areas_counting(report.unit_id, parents, reporting_above.get((indicator_id, disaggregation), ()))
        for area_id in areas:
            rows.append((area_id, report.period_id, indicator_id, disaggregation, *change))
    rows.sort(key=lambda row: (row[1], row[0], row[2], row[3]))
    with connection.cursor() as cursor:
        cursor.executemany(_ADD, rows)
    return len(rows)


def _fill_unit_areas(cursor, period_ids: list[int]) -> None:
    cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {UNIT_AREAS} (unit_id bigint NOT NULL, area_id bigint NOT NULL)")
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {UNIT_BETWEEN} "
        "(unit_id bigint NOT NULL, area_id bigint NOT NULL, between_id bigint NOT NULL)"
    )
    cursor.execute(f"DELETE FROM {UNIT_AREAS}")
    cursor.execute(f"DELETE FROM {UNIT_BETWEEN}")
    reporting_units = set(
        Report.objects.filter(period_id__in=period_ids, status=ReportStatus.APPROVED, unit__kind__in=TERRITORIAL_KINDS)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    pairs: list[tuple[int, int]] = []
    between: list[tuple[int, int, int]] = []
    for unit_id in sorted(reporting_units):
        areas = areas_above(unit_id, parents)
        for index, area_id in enumerate(areas):
            pairs.append((unit_id, area_id))
            between.extend((unit_id, area_id, middle) for middle in areas[:index])
    cursor.executemany(f"INSERT INTO {UNIT_AREAS} (unit_id, area_id) VALUES (%s, %s)", pairs)
    if between:
        cursor.executemany(f"INSERT INTO {UNIT_BETWEEN} (unit_id, area_id, between_id) VALUES (%s, %s, %s)", between)
    # The recompute asks, for every figure and area, whether a unit between them reported it: without an index
    # and statistics that is a scan of every pair for each of a national period's ~335.000 figure-areas
    # (over 100 s a period instead of ~3 s).
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {UNIT_BETWEEN}_pair ON {UNIT_BETWEEN} (unit_id, area_id)")
    cursor.execute(f"ANALYZE {UNIT_AREAS}")
    cursor.execute(f"ANALYZE {UNIT_BETWEEN}")


def rebuild(period_ids: Iterable[int]) -> int:
    """Recompute the totals of these periods from their approved values. The periods are locked while it
    runs, so an approval in them waits rather than adding to totals about to be replaced. Returns the
    number of total rows written."""
    ids = sorted(set(period_ids))
    if not ids:
        return 0
    with transaction.atomic():
        list(ReportingPeriod.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        ApprovedTotal.objects.filter(period_id__in=ids).delete()
        with connection.cursor() as cursor:
            _fill_unit_areas(cursor, ids)
            approved = ReportStatus.APPROVED.value
            cursor.execute(_RECOMPUTE.format(periods=", ".join(["%s"] * len(ids))), [approved, *ids, approved, *ids])
            written = cursor.rowcount
            cursor.execute(f"DELETE FROM {UNIT_AREAS}")
            cursor.execute(f"DELETE FROM {UNIT_BETWEEN}")
    return written
