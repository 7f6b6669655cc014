"""The approved totals (``ApprovedTotal``) kept current as reports are approved and reopened.

DHIS2 shows new figures on its dashboards only after an "analytics" batch run. Here a report's figures
are added to the total of every area above its unit (province, country; district before 1/7/2025) in
the same transaction that approves it, and taken out again in the one that reopens it, so a national
total is current the moment the approval commits and a dashboard reads a few hundred rows instead of
scanning millions of values.

The total of an area is the sum over the territorial units *under* it (communes, districts,
provinces), never the area's own report: a province's own report counts towards the country, not
towards itself. A department's report is not added to anything: a department speaks for its city
(the city-wide figure of the indicators it leads), so adding it to the communes' sum would count the
same people twice.

An approved report cannot change (it is frozen until reopened), so taking out exactly what is stored
when it is reopened removes exactly what approving it added. Anything that changes approved figures
by another road (a bulk load of approved history, a repair) calls :func:`rebuild` for the periods it
touched, which recomputes them from the values themselves.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import connection, transaction

from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.reporting.models import ApprovedTotal, DataValue, Report, ReportingPeriod, ReportStatus

TOTALS = ApprovedTotal._meta.db_table
VALUES = DataValue._meta.db_table
REPORTS = Report._meta.db_table
TERRITORIAL_KINDS = (OrgUnitKind.COMMUNE, OrgUnitKind.DISTRICT, OrgUnitKind.PROVINCE)
# Filled for each rebuild: which areas each unit with an approved report counts towards.
UNIT_AREAS = "ansinh_unit_areas"

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


def _signed(number: Decimal | None, sign: int) -> Decimal:
    return Decimal(0) if number is None else number * sign


def add_report(report: Report, *, sign: int) -> int:
    """Add (``sign`` 1) or take out (``sign`` −1) the stored figures of ``report`` to the totals of every area
    above its unit. Called inside the transaction that approves or reopens it. Returns the rows touched."""
    kind = OrgUnit.objects.filter(pk=report.unit_id).values_list("kind", flat=True).first()
    areas = areas_above(report.unit_id) if kind in TERRITORIAL_KINDS else []
    if not areas:
        return 0
    # Waits for a rebuild of the period (which holds it FOR UPDATE) instead of adding to totals it replaces.
    list(ReportingPeriod.objects.select_for_update(no_key=True).filter(pk=report.period_id).values_list("pk"))
    rows = []
    figures = DataValue.objects.filter(report=report).values_list(
        "indicator_id", "disaggregation", "value", "numerator", "denominator"
    )
    for indicator_id, disaggregation, value, numerator, denominator in figures:
        has_parts = numerator is not None and denominator is not None
        for area_id in areas:
            rows.append(
                (
                    area_id,
                    report.period_id,
                    indicator_id,
                    disaggregation,
                    _signed(value, sign),
                    sign if value is not None else 0,
                    _signed(numerator if has_parts else None, sign),
                    _signed(denominator if has_parts else None, sign),
                    sign if has_parts else 0,
                )
            )
    rows.sort(key=lambda row: (row[1], row[0], row[2], row[3]))
    with connection.cursor() as cursor:
        cursor.executemany(_ADD, rows)
    return len(rows)


def _fill_unit_areas(cursor, period_ids: list[int]) -> None:
    cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {UNIT_AREAS} (unit_id bigint NOT NULL, area_id bigint NOT NULL)")
    cursor.execute(f"DELETE FROM {UNIT_AREAS}")
    reporting_units = set(
        Report.objects.filter(period_id__in=period_ids, status=ReportStatus.APPROVED, unit__kind__in=TERRITORIAL_KINDS)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    pairs = [(unit_id, area_id) for unit_id in sorted(reporting_units) for area_id in areas_above(unit_id, parents)]
    cursor.executemany(f"INSERT INTO {UNIT_AREAS} (unit_id, area_id) VALUES (%s, %s)", pairs)


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
            cursor.execute(_RECOMPUTE.format(periods=", ".join(["%s"] * len(ids))), [ReportStatus.APPROVED.value, *ids])
            written = cursor.rowcount
            cursor.execute(f"DELETE FROM {UNIT_AREAS}")
    return written
