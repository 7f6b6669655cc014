"""Reads for the reporting cycle: who is expected to report what, who approves, what blocks a report,
how complete a period is, and the history of every figure."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from ansinh.accounts.rules import REVIEW_ROLES, can_follow_program, memberships_of
from ansinh.accounts.selectors import covered_unit_ids
from ansinh.core.numbers import plain_decimal
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.org.selectors import OfficeHolders, communes_of, districts_of, provinces_of
from ansinh.programs.models import Indicator, Program, Target
from ansinh.reporting.models import (
    AREA_ROLES,
    ApprovedTotal,
    Assignment,
    AssignmentRole,
    CellDraft,
    DataValue,
    DataValueChange,
    Notification,
    PeriodKind,
    Report,
    ReportAction,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
)
from ansinh.rules import checks, timeliness
from ansinh.rules.approval import approving_unit_id_of
from ansinh.rules.figures import FigureRule
from ansinh.rules.periods import previous_key
from ansinh.rules.rollup import Sums, figure_from_sums
from ansinh.rules.verdicts import PathBase, TargetRule, choose_path_base, choose_target, is_path_year

# Figures another unit or an earlier period has sent: what a new figure is compared with.
SENT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def snapshot(value: DataValue) -> dict:
    """A stored cell as plain JSON: what history records and what an autosave is based on."""
    return {
        "value": None if value.value is None else str(plain_decimal(value.value)),
        "numerator": None if value.numerator is None else str(plain_decimal(value.numerator)),
        "denominator": None if value.denominator is None else str(plain_decimal(value.denominator)),
        "achieved": value.achieved,
        "not_implemented": value.not_implemented,
        "note": value.note,
        "evidence": value.evidence,
        "source": value.source,
    }


def cell_snapshot(report: Report, indicator: Indicator, disaggregation: str = "") -> dict | None:
    """The stored cell as a page starts editing it (``based_on`` of ``autosave_cell``); None when empty."""
    stored = DataValue.objects.filter(report=report, indicator=indicator, disaggregation=disaggregation).first()
    return None if stored is None else snapshot(stored)


# -- Assignments and expected reports -------------------------------------------------------------


def assignments_of(program: Program) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(indicator__program=program)
        .select_related("indicator", "unit")
        .order_by("indicator__sort_key", "role", "unit__name")
    )


@dataclass(frozen=True)
class ExpectedReport:
    unit: OrgUnit
    indicators: tuple[Indicator, ...]


def expected_reports(period: ReportingPeriod) -> list[ExpectedReport]:
    """Every unit expected to report in ``period`` and what: its assignments, for the units that exist on
    the last day of the period's cut-off window. "Collected at commune level" means every commune of the
    programme's province on that day: old communes (under districts) for a period ending before 1/7/2025,
    new ones after."""
    program = period.program
    units: dict[int, OrgUnit] = {}
    # By indicator id: a national period gives thousands of units the same few dozen indicators, and hashing
    # model instances (Model.__hash__) for each of them cost seconds.
    indicators: dict[int, dict[int, Indicator]] = defaultdict(dict)
    for_area: dict[str, dict[int, Indicator]] = defaultdict(dict)
    assignments = Assignment.objects.filter(indicator__program=program, indicator__is_group=False).select_related(
        "indicator__program", "unit"
    )
    holders: OfficeHolders | None = None
    for assignment in assignments:
        if assignment.unit is None:
            for_area[assignment.role][assignment.indicator_id] = assignment.indicator
        elif assignment.unit.is_valid_on(period.ends_on):
            units[assignment.unit.pk] = assignment.unit
            indicators[assignment.unit.pk][assignment.indicator_id] = assignment.indicator
        elif assignment.unit.valid_to is not None and assignment.unit.valid_to < period.ends_on:
            # A department that ended: its duty for this indicator is reported by the body that took it over.
            holders = holders or OfficeHolders()
            holder = holders.holder_of_indicator(assignment.unit, period.ends_on, assignment.indicator)
            if holder is not None and holder.is_valid_on(period.ends_on):
                units[holder.pk] = holder
                indicators[holder.pk][assignment.indicator_id] = assignment.indicator
    for role, assigned in for_area.items():
        for unit in area_units(role, program.owner_unit, period.ends_on):
            units.setdefault(unit.pk, unit)
            indicators[unit.pk].update(assigned)
    # Units assigned the same indicators share one sorted tuple.
    ordered: dict[tuple[int, ...], tuple[Indicator, ...]] = {}
    expected = []
    for pk, unit in units.items():
        chosen = indicators[pk]
        key = tuple(chosen)
        if key not in ordered:
            ordered[key] = tuple(sorted(chosen.values(), key=lambda indicator: indicator.sort_key))
        expected.append(ExpectedReport(unit, ordered[key]))
    return sorted(expected, key=lambda expected: (expected.unit.kind, expected.unit.name, expected.unit.code))


def area_units(role: str, area: OrgUnit, on: date) -> QuerySet[OrgUnit]:
    """The units an area role covers on ``on``: the communes of the programme's area (whichever era), or
    its provinces."""
    if role == AssignmentRole.PROVINCES:
        return provinces_of(area, on)
    if role == AssignmentRole.DISTRICTS:
        # None after 1/7/2025: communes report to the city directly.
        return districts_of(area, on)
    return communes_of(area, on)


def may_report(unit: OrgUnit, period: ReportingPeriod) -> bool:
    """The one meaning of "the unit is valid in the period", for every write: it existed on some day of the
    period's window. A commune that ended on 30/6/2025 still sends what it gathered in 2025 before it ended
    (the evaluation carries that figure to its successor, as an estimate); a unit that did not exist at all in
    the window sends nothing. Who is *expected* to report (``expected_reports``, completeness, reminders) is
    narrower: the units that exist on the window's last day."""
    return (unit.valid_from is None or unit.valid_from <= period.ends_on) and (
        unit.valid_to is None or unit.valid_to >= period.starts_on
    )


def last_day_in(unit: OrgUnit, period: ReportingPeriod) -> date:
    """The last day of the period's window on which ``unit`` existed (the window's last day if it still does)."""
    return min(period.ends_on, unit.valid_to) if unit.valid_to is not None else period.ends_on


def reportable_indicator_ids(period: ReportingPeriod, unit: OrgUnit) -> set[int] | None:
    """The indicators ``unit`` may send figures for in ``period``: every one for the programme's own unit
    (None); else those assigned to it by name, and those of an area role (communes, provinces) it belonged to
    on its last day in the period. Empty if the unit did not exist in the period."""
    program = period.program
    if unit.pk == program.owner_unit_id:
        return None
    if not may_report(unit, period):
        return set()
    day = last_day_in(unit, period)
    assigned = Q(unit=unit)
    for role in AREA_ROLES:
        if area_units(role, program.owner_unit, day).filter(pk=unit.pk).exists():
            assigned |= Q(role=role, unit__isnull=True)
    return set(
        Assignment.objects.filter(assigned, indicator__program=program, indicator__is_group=False).values_list(
            "indicator_id", flat=True
        )
    )


def assigned_indicators(period: ReportingPeriod, unit: OrgUnit) -> list[Indicator]:
    """The indicators ``unit`` must report in ``period`` (none if the unit did not exist on its last day)."""
    if not unit.is_valid_on(period.ends_on):
        return []
    assigned = Q(assignments__unit=unit)
    inherited = _inherited_indicator_ids(period, unit)
    if inherited:
        assigned |= Q(pk__in=inherited)
    for role in AREA_ROLES:
        if area_units(role, period.program.owner_unit, period.ends_on).filter(pk=unit.pk).exists():
            assigned |= Q(assignments__role=role)
    return list(
        Indicator.objects.filter(assigned, program=period.program_id, is_group=False).distinct().order_by("sort_key")
    )


def _inherited_indicator_ids(period: ReportingPeriod, unit: OrgUnit) -> list[int]:
    """Indicators assigned to departments that ended before the period's last day and whose duty ``unit`` took
    over (``org.OfficeHolders``)."""
    ended = Assignment.objects.filter(
        indicator__program=period.program_id, unit__valid_to__lt=period.ends_on, indicator__is_group=False
    ).select_related("indicator__program", "unit")
    holders: OfficeHolders | None = None
    found = []
    for assignment in ended:
        holders = holders or OfficeHolders()
        holder = holders.holder_of_indicator(assignment.unit, period.ends_on, assignment.indicator)  # type: ignore[arg-type]
        if holder is not None and holder.pk == unit.pk:
            found.append(assignment.indicator_id)
    return found


def report_indicators(report: Report) -> list[Indicator]:
    """What the unit is assigned in the period (the programme's own unit consolidates every indicator),
    plus anything it already holds figures or drafts for."""
    program = report.period.program
    if report.unit_id == program.owner_unit_id:
        assigned = list(program.indicators.filter(is_group=False).order_by("sort_key"))
    else:
        assigned = assigned_indicators(report.period, report.unit)
    extra_ids = set(DataValue.objects.filter(report=report).values_list("indicator_id", flat=True))
    extra_ids |= set(CellDraft.objects.filter(report=report).values_list("indicator_id", flat=True))
    extra_ids -= {indicator.pk for indicator in assigned}
    extra = list(Indicator.objects.filter(pk__in=extra_ids))
    return sorted([*assigned, *extra], key=lambda indicator: indicator.sort_key)


def year_period(program: Program, year: int) -> ReportingPeriod | None:
    """The programme's yearly period, if it was opened (reading it opens nothing)."""
    return ReportingPeriod.objects.filter(program=program, kind=PeriodKind.YEAR, year=year).first()


# -- Approval --------------------------------------------------------------------------------------


def approving_unit(report: Report) -> OrgUnit:
    """The unit whose leadership approves ``report`` (rules in ``rules/approval.py``)."""
    program = report.period.program
    chosen = approving_unit_id_of(report)
    candidates = [report.unit.parent, program.owner_unit, report.period.standing_agency, program.standing_agency]
    return next(candidate for candidate in candidates if candidate is not None and candidate.pk == chosen)


def typists_of(report: Report) -> set[int | None]:
    """Everyone who ever typed or imported a figure of ``report`` (its values' history and their last writers):
    separation of duties keeps them from approving it (``rules.approval.approval_refusal``)."""
    changed = DataValueChange.objects.filter(data_value__report=report).values_list("changed_by_id", flat=True)
    last = DataValue.objects.filter(report=report).values_list("updated_by_id", flat=True)
    typists: set[int | None] = set(changed.distinct())
    return typists | set(last.distinct())


# -- Reports a person may open --------------------------------------------------------------------


def reports_visible_to(user, period: ReportingPeriod) -> QuerySet[Report]:
    """The period's reports the person may open: all of them for those who follow the programme; else
    their own units' and, for approvers, the reports they approve (a district's communes before 2025)."""
    reports = Report.objects.filter(period=period).select_related("unit", "period__program")
    if can_follow_program(user, period.program):
        return reports
    reviewer_units = {m.unit_id for m in memberships_of(user) if m.role in REVIEW_ROLES}
    return reports.filter(Q(unit_id__in=covered_unit_ids(user)) | Q(unit__parent_id__in=reviewer_units))


# -- Checks ----------------------------------------------------------------------------------------


def figure_rule(indicator: Indicator) -> FigureRule:
    """What ``rules.figures`` needs of an indicator: its type and scale, whole numbers for counts, its bounds."""
    return FigureRule(
        code=indicator.code,
        value_type=indicator.value_type,
        scale=indicator.rate_scale,
        whole=checks.is_count(_indicator_facts(indicator)),
        lower=indicator.lower_bound if indicator.lower_bound is not None else Decimal(0),
        upper=indicator.upper_bound,
    )


def _indicator_facts(indicator: Indicator) -> checks.IndicatorFacts:
    return checks.IndicatorFacts(
        code=indicator.code,
        name=indicator.name,
        value_type=indicator.value_type,
        unit=indicator.unit,
        direction=indicator.direction,
    )


def _stored_cell(value: DataValue) -> checks.StoredCell:
    return checks.StoredCell(
        value=value.value,
        numerator=value.numerator,
        denominator=value.denominator,
        achieved=value.achieved,
        not_implemented=value.not_implemented,
        note=value.note,
        evidence=value.evidence,
    )


def _previous_values(report: Report) -> dict[tuple[int, str], Decimal]:
    period = report.period
    before = previous_key(period.key)
    sent = DataValue.objects.filter(
        report__unit=report.unit_id,
        report__status__in=SENT_STATUSES,
        report__period__program=period.program_id,
        report__period__kind=before.kind,
        report__period__year=before.year,
        report__period__number=before.number,
    )
    return {
        (indicator_id, cut): value
        for indicator_id, cut, value in sent.values_list("indicator_id", "disaggregation", "value")
        if value is not None
    }


def _peer_values(report: Report) -> dict[tuple[int, str], list[Decimal]]:
    """The figures the report's siblings sent in the period: units of the same kind directly under the same
    parent (the other communes of a province, the other departments of a city). A commune is compared with
    its neighbours, not with every commune of the country; and a submission reads a province's figures,
    not the whole country's, so a national deadline rush does not grow with the square of the communes."""
    unit = report.unit
    sent = (
        DataValue.objects.filter(
            report__period=report.period_id,
            report__unit__parent=unit.parent_id,
            report__unit__kind=unit.kind,
            report__status__in=SENT_STATUSES,
        )
        .exclude(report=report)
        .values_list("indicator_id", "disaggregation", "value")
    )
    peers: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    for indicator_id, cut, value in sent:
        if value is not None:
            peers[(indicator_id, cut)].append(value)
    return peers


def _applicable_targets(report: Report, indicators: Iterable[Indicator]) -> dict[int, TargetRule]:
    """The target each indicator is judged against for this unit and year. A unit's own target always
    applies; the programme-wide target applies to the figure that stands for the whole programme: the
    programme unit's own, or the lead unit's (the order in which evaluation picks a programme's figure)."""
    period, unit = report.period, report.unit
    by_id = {indicator.pk: indicator for indicator in indicators}
    leads = set(
        Assignment.objects.filter(indicator__in=by_id, role=AssignmentRole.LEAD, unit=unit).values_list(
            "indicator_id", flat=True
        )
    )
    rules: dict[int, list[TargetRule]] = defaultdict(list)
    for target in (
        Target.objects.filter(indicator__in=by_id)
        .filter(Q(scope__isnull=True) | Q(scope=unit))
        .select_related("indicator")
    ):
        indicator = by_id[target.indicator_id]
        stands_for_programme = (
            unit.pk in (period.program.owner_unit_id, indicator.lead_unit_id) or indicator.pk in leads
        )
        if target.scope_id is not None or stands_for_programme:
            rules[indicator.pk].append(target.as_rule())
    chosen = {pk: choose_target(candidates, period.year, scope_id=unit.pk) for pk, candidates in rules.items()}
    return {pk: rule for pk, rule in chosen.items() if rule is not None}


def _path_bases(
    report: Report, indicators: dict[int, Indicator], targets: dict[int, TargetRule]
) -> dict[int, PathBase]:
    """Where the path to the end target starts, for each indicator judged against the path this year
    (``verdicts.choose_path_base``): the indicator's recorded base value for a programme-wide target, else the
    unit's own sent figures of the years before."""
    period = report.period
    on_path = {pk: target for pk, target in targets.items() if is_path_year(target, period.year)}
    if not on_path:
        return {}
    base_year = period.program.start_year - 1
    series: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    earlier = DataValue.objects.filter(
        report__unit=report.unit_id,
        report__status__in=SENT_STATUSES,
        report__period__program=period.program_id,
        report__period__kind=PeriodKind.YEAR,
        report__period__year__lt=period.year,
        indicator__in=on_path,
        disaggregation="",
    ).values_list("indicator_id", "report__period__year", "value")
    for indicator_id, year, value in earlier:
        series[indicator_id][year] = value
    bases: dict[int, PathBase] = {}
    for pk, target in on_path.items():
        recorded = indicators[pk].recorded_path_base if target.scope_id is None else None
        base = choose_path_base(recorded, series[pk], period.year, base_year)
        if base is not None:
            bases[pk] = base
    return bases


def report_issues(report: Report) -> list[checks.Issue]:
    """Every issue the checks find in ``report``, in indicator order; ``checks.blocking`` keeps those that
    stop it from being sent."""
    period = report.period
    required = {indicator.pk: indicator for indicator in assigned_indicators(period, report.unit)}
    stored = {
        (value.indicator_id, value.disaggregation): value
        for value in DataValue.objects.filter(report=report).select_related("indicator")
    }
    drafts = {
        (draft.indicator_id, draft.disaggregation): draft
        for draft in CellDraft.objects.filter(report=report).select_related("indicator")
    }
    indicators = dict(required)
    indicators.update({value.indicator_id: value.indicator for value in stored.values()})
    indicators.update({draft.indicator_id: draft.indicator for draft in drafts.values()})
    keys = set(stored) | set(drafts) | {(pk, "") for pk in required}
    previous = _previous_values(report)
    peers = _peer_values(report)
    targets = _applicable_targets(report, indicators.values()) if period.kind == PeriodKind.YEAR else {}
    bases = _path_bases(report, indicators, targets) if targets else {}
    # A programme not read back from the database still holds the field's float default (0.02).
    tolerance = Decimal(str(period.program.approx_tolerance))
    contexts = [
        checks.CellContext(
            indicator=_indicator_facts(indicators[key[0]]),
            disaggregation=key[1],
            cell=_stored_cell(stored[key]) if key in stored else None,
            required=key[1] == "" and key[0] in required,
            draft_error=drafts[key].error if key in drafts else "",
            previous_value=previous.get(key),
            peer_values=tuple(peers.get(key, ())),
            target=targets.get(key[0]),
            tolerance=tolerance,
            year=period.year if period.kind == PeriodKind.YEAR else None,
            path_base=bases.get(key[0]),
        )
        for key in sorted(keys, key=lambda key: (indicators[key[0]].sort_key, key[1]))
    ]
    return checks.check_report(contexts)


# -- Lifecycle and history -------------------------------------------------------------------------


def report_events(report: Report) -> QuerySet[ReportEvent]:
    """Who did what to the report and when, oldest first."""
    return ReportEvent.objects.filter(report=report).select_related("actor").order_by("at", "id")


def cell_drafts(report: Report) -> QuerySet[CellDraft]:
    return CellDraft.objects.filter(report=report).select_related("indicator", "updated_by")


@dataclass(frozen=True)
class ValueChange:
    changed_at: datetime
    changed_by: AbstractBaseUser | None  # None for a system load
    before: dict | None
    after: dict

    @property
    def changed_fields(self) -> tuple[str, ...]:
        """What changed; a new figure is compared with an empty cell."""
        before = self.before or snapshot(DataValue())
        # In the order of a cell, whatever order the database kept the keys in.
        return tuple(name for name in snapshot(DataValue()) if before.get(name) != self.after.get(name))


def value_history(data_value: DataValue) -> list[ValueChange]:
    """Every change of one figure, newest first: who, when, before and after."""
    changes = DataValueChange.objects.filter(data_value=data_value).select_related("changed_by")
    return [ValueChange(change.changed_at, change.changed_by, change.before, change.after) for change in changes]


def cell_history(report: Report, indicator: Indicator, disaggregation: str = "") -> list[ValueChange]:
    stored = DataValue.objects.filter(report=report, indicator=indicator, disaggregation=disaggregation).first()
    return [] if stored is None else value_history(stored)


# -- Completeness and timeliness -------------------------------------------------------------------


class Progress(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    RETURNED = "returned"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return PROGRESS_LABELS[self]


PROGRESS_LABELS = {
    Progress.NOT_STARTED: "Chưa bắt đầu",
    Progress.IN_PROGRESS: "Đang nhập",
    Progress.RETURNED: "Bị trả lại",
    Progress.SUBMITTED: "Đã gửi, chờ duyệt",
    Progress.APPROVED: "Đã duyệt",
    Progress.MISSING: "Không gửi báo cáo",
}


@dataclass(frozen=True)
class UnitCompleteness:
    unit: OrgUnit
    report: Report | None
    progress: Progress
    submitted_at: datetime | None  # the first time it was sent, which is what timeliness counts
    on_time: bool | None  # None while unsent before the deadline, or when the period has no deadline
    return_reason: str

    @property
    def late(self) -> bool:
        return self.on_time is False


@dataclass(frozen=True)
class Completeness:
    period: ReportingPeriod
    deadline: date | None
    rows: list[UnitCompleteness]
    counts: dict[Progress, int]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def sent(self) -> int:
        return self.counts[Progress.SUBMITTED] + self.counts[Progress.APPROVED]

    @property
    def on_time(self) -> int:
        return sum(1 for row in self.rows if row.on_time)

    @property
    def late(self) -> int:
        return sum(1 for row in self.rows if row.late)

    @property
    def sent_rate(self) -> Decimal | None:
        """Share of expected units that sent their report, in per cent."""
        return _rate(self.sent, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _rate(self.on_time, self.expected)


def _rate(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else Decimal(part) * 100 / Decimal(whole)


def _progress(report: Report | None, started: set[int]) -> Progress:
    """A draft nobody has changed (no figure, nothing typed, no budget line) has not started."""
    if report is None:
        return Progress.NOT_STARTED
    if report.status == ReportStatus.DRAFT:
        return Progress.IN_PROGRESS if report.pk in started else Progress.NOT_STARTED
    return Progress(report.status)


def completeness(period: ReportingPeriod, *, today: date | None = None) -> Completeness:
    """Per expected unit: where its report stands, when it was first sent and whether that was on time
    (``ansinh.rules.timeliness``: the local date of the first sending, on or before the deadline; after the
    deadline a report never sent is late and counts as "Không gửi báo cáo"); returned reports with the
    reason; counts and rates. A report sent, returned and sent again keeps the date it was first sent."""
    today = today or timezone.localdate()
    reports = {report.unit_id: report for report in Report.objects.filter(period=period)}
    # Only a draft can be "started" or not: ask about drafts, not about every figure of a national period. Any change
    # to a report moves its version on (its figures, its drafts, its budget lines, a return to the unit's hands), so a
    # draft whose version moved has started even with no figure yet (a unit that typed its budget first).
    started = set(
        Report.objects.filter(period=period, status=ReportStatus.DRAFT)
        .filter(
            Q(version__gt=0)
            | Exists(DataValue.objects.filter(report=OuterRef("pk")))
            | Exists(CellDraft.objects.filter(report=OuterRef("pk")))
        )
        .values_list("pk", flat=True)
    )
    first_sent = dict(
        ReportEvent.objects.filter(report__period=period, action=ReportAction.SUBMIT)
        .values("report_id")
        .annotate(first=Min("at"))
        .values_list("report_id", "first")
    )
    rows = []
    for expected in expected_reports(period):
        report = reports.get(expected.unit.pk)
        progress = _progress(report, started)
        sent_at = None
        if report is not None:
            sent_at = first_sent.get(report.pk, report.submitted_at)
        # Only a report that stands sent counts as sent (as closing the period reads it): a returned one is not.
        sent = progress in (Progress.SUBMITTED, Progress.APPROVED) and sent_at is not None
        sent_on = timezone.localdate(sent_at) if sent and sent_at is not None else None
        if progress in (Progress.NOT_STARTED, Progress.IN_PROGRESS) and timeliness.not_sent_by_deadline(
            sent_on, period.deadline, today
        ):
            progress = Progress.MISSING
        on_time = timeliness.on_time(sent_on, period.deadline, today)
        reason = report.return_reason if report is not None and progress == Progress.RETURNED else ""
        rows.append(UnitCompleteness(expected.unit, report, progress, sent_at, on_time, reason))
    counts = {progress: 0 for progress in Progress}
    for row in rows:
        counts[row.progress] += 1
    return Completeness(period, period.deadline, rows, counts)


# -- Notifications ---------------------------------------------------------------------------------


def unread_notifications(user) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user, read_at__isnull=True)


def latest_reported_year(program: Program) -> int:
    """The last year with an approved yearly report: the year a programme's pages open on. Before any report is
    approved, this year within the programme's period — its last year once it has ended (TP.HCM's 2012–2020
    programme opened on 2012, a year none of its targets is for)."""
    # The newest year first and one row read: a national year has thousands of approved reports.
    year = (
        program.periods.filter(kind=PeriodKind.YEAR, reports__status=ReportStatus.APPROVED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if year is not None:
        return year
    return min(max(timezone.localdate().year, program.start_year), program.end_year)


# -- Approved totals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaTotal:
    """An area's total of one indicator and cut over the periods asked for: the figure by the indicator's
    aggregation rule (None when the rule does not add up, or nothing was approved) and the sums behind it."""

    area_id: int
    indicator_id: int
    disaggregation: str
    figure: Decimal | None
    sums: Sums


def area_totals(program: Program, *, year: int, kind: str, area_ids: Iterable[int]) -> list[AreaTotal]:
    """The approved totals of every indicator of ``program`` for the areas given, over the periods of
    ``kind`` in ``year`` (the twelve months of a year for ``month``), read from the maintained totals."""
    indicators = {
        indicator.pk: (indicator.aggregation, indicator.rate_scale)
        for indicator in Indicator.objects.filter(program=program).only("aggregation", "value_type", "per_n")
    }
    rows = (
        ApprovedTotal.objects.filter(
            period__program=program, period__year=year, period__kind=kind, area_id__in=list(area_ids)
        )
        .values("area_id", "indicator_id", "disaggregation")
        .annotate(
            total_value=Sum("value_sum"),
            total_values=Sum("value_count"),
            total_numerator=Sum("numerator_sum"),
            total_denominator=Sum("denominator_sum"),
            total_parts=Sum("parts_count"),
        )
        .order_by("area_id", "indicator_id", "disaggregation")
    )
    totals = []
    for row in rows:
        sums = Sums(
            Decimal(row["total_value"]),
            row["total_values"],
            Decimal(row["total_numerator"]),
            Decimal(row["total_denominator"]),
            row["total_parts"],
        )
        aggregation, scale = indicators[row["indicator_id"]]
        totals.append(
            AreaTotal(
                row["area_id"],
                row["indicator_id"],
                row["disaggregation"],
                figure_from_sums(sums, aggregation=aggregation, scale=scale),
                sums,
            )
        )
    return totals


def period_totals(period: ReportingPeriod, area: OrgUnit) -> dict[int, Sums]:
    """The maintained sums of the approved figures of the units under ``area`` in one period, by indicator
    (the whole figure, not its cuts): what a roll-up of that period reads."""
    rows = ApprovedTotal.objects.filter(period=period, area=area, disaggregation="").values_list(
        "indicator_id", "value_sum", "value_count", "numerator_sum", "denominator_sum", "parts_count"
    )
    return {
        indicator_id: Sums(Decimal(value), count, Decimal(numerator), Decimal(denominator), parts)
        for indicator_id, value, count, numerator, denominator, parts in rows
    }


@dataclass(frozen=True)
class ConsolidatedLine:
    indicator: Indicator
    figure: Decimal | None
    reports: int


def consolidated_from_below(report: Report) -> list[ConsolidatedLine]:
    """A district's consolidation (before 1/7/2025): its communes' approved figures of the period rolled up by each
    indicator's rule (sums; rates as Σ numerators / Σ denominators), from the maintained totals. The district's own
    figures are its report's cells; the two are shown side by side."""
    unit, period = report.unit, report.period
    if unit.kind != OrgUnitKind.DISTRICT:
        return []
    totals = [
        total
        for total in area_totals(period.program, year=period.year, kind=period.kind, area_ids=[unit.pk])
        if total.disaggregation == "" and total.sums.value_count
    ]
    indicators = Indicator.objects.in_bulk([total.indicator_id for total in totals])
    lines = [
        ConsolidatedLine(
            indicators[t.indicator_id],
            # A rate is shown as the reports show rates (two decimals); a sum as it adds up.
            t.figure.quantize(Decimal("0.01")) if t.figure is not None and t.sums.parts_count else t.figure,
            t.sums.value_count,
        )
        for t in totals
    ]
    return sorted(lines, key=lambda line: line.indicator.sort_key)
