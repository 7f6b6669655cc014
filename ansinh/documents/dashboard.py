"""What a leader reads in thirty seconds: every indicator's verdict with its trend against last year and its
outlook to the end target, the indicators behind, the units late or not reporting in the current period, what is
past its deadline (from the apps that keep tasks and inspections), the committee's summary sentence.

Reads through the evaluation selectors (``evaluate_program``, which reads the maintained totals) and
``reporting.selectors.completeness``; never a scan of every value."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from ansinh.accounts.rules import can_follow_program
from ansinh.documents.steering import FollowupItem, answered_indicators, overdue_items
from ansinh.evaluation.selectors import LAGGING_OUTLOOKS, IndicatorEvaluation, ProgramEvaluation, evaluate_program
from ansinh.programs.models import Program
from ansinh.programs.selectors import programs_visible_to
from ansinh.reporting.models import ReportingPeriod
from ansinh.reporting.selectors import Progress, UnitCompleteness, completeness, latest_reported_year
from ansinh.rules.trend import Trend, trend
from ansinh.rules.verdicts import Status

SENT = (Progress.SUBMITTED, Progress.APPROVED)


@dataclass(frozen=True)
class ScoreRow:
    evaluation: IndicatorEvaluation
    trend: Trend

    @property
    def is_behind(self) -> bool:
        """Not achieved this year, or off the path to the end target."""
        outlook = self.evaluation.outlook
        return self.evaluation.status in (Status.NOT_ACHIEVED, Status.BEHIND_PATH) or (
            outlook is not None and outlook.code in LAGGING_OUTLOOKS
        )


@dataclass(frozen=True)
class LateUnit:
    row: UnitCompleteness
    overdue: bool  # the deadline has passed and nothing was sent

    @property
    def label(self) -> str:
        if self.row.late:
            return "Gửi trễ hạn"
        return "Quá hạn, chưa gửi" if self.overdue else self.row.progress.label


@dataclass
class Dashboard:
    program: Program
    year: int
    evaluation: ProgramEvaluation
    rows: list[ScoreRow]
    period: ReportingPeriod | None
    late: list[LateUnit]
    overdue: list[FollowupItem]
    answered: set[int]  # indicators an open task answers
    expected_units: int = 0
    sent_units: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def behind(self) -> list[ScoreRow]:
        return [row for row in self.rows if row.is_behind]

    @property
    def behind_without_task(self) -> list[ScoreRow]:
        return [row for row in self.behind if row.evaluation.indicator.pk not in self.answered]


def current_period(program: Program, today: date) -> ReportingPeriod | None:
    """The period a leader asks about today: the one whose deadline came last (on or before today); before any
    deadline, the open period that ends first; else the latest."""
    periods = ReportingPeriod.objects.filter(program=program)
    due = periods.filter(deadline__lte=today).order_by("-deadline", "-ends_on").first()
    if due is not None:
        return due
    upcoming = periods.filter(Q(deadline__gt=today) | Q(deadline__isnull=True), is_open=True)
    return upcoming.order_by("ends_on").first() or periods.order_by("-ends_on").first()


def late_units(period: ReportingPeriod, today: date) -> tuple[list[LateUnit], int, int]:
    state = completeness(period, today=today)
    passed = period.deadline is not None and today > period.deadline
    late = [
        LateUnit(row, overdue=passed and row.progress not in SENT)
        for row in state.rows
        if row.late or row.progress not in SENT
    ]
    late.sort(key=lambda item: (not item.overdue, not item.row.late, item.row.unit.name))
    return late, state.expected, state.sent


def program_dashboard(program: Program, year: int, today: date) -> Dashboard:
    evaluation = evaluate_program(program, year)
    previous = evaluate_program(program, year - 1) if year - 1 in program.years else None
    before = {row.indicator.pk: row.actual for row in previous.rows} if previous else {}
    rows = [
        ScoreRow(row, trend(before.get(row.indicator.pk), row.actual, row.indicator.direction))
        for row in evaluation.rows
    ]
    period = current_period(program, today)
    late, expected, sent = late_units(period, today) if period is not None else ([], 0, 0)
    overdue = overdue_items(program, today)
    answered = answered_indicators(program)
    return Dashboard(program, year, evaluation, rows, period, late, overdue, answered, expected, sent)


@dataclass(frozen=True)
class ProgramTile:
    program: Program
    year: int
    evaluation: ProgramEvaluation
    behind: int
    late: int
    period: ReportingPeriod | None


def followed_programs(user, today: date) -> list[ProgramTile]:
    """One tile per programme the person follows (secretariat, leadership, inspectors of its area)."""
    tiles = []
    for program in programs_visible_to(user).select_related("owner_unit", "standing_agency"):
        if not can_follow_program(user, program):
            continue
        year = latest_reported_year(program)
        dashboard = program_dashboard(program, year, today)
        tiles.append(
            ProgramTile(
                program,
                year,
                dashboard.evaluation,
                len(dashboard.behind),
                sum(1 for item in dashboard.late if item.overdue or item.row.late),
                dashboard.period,
            )
        )
    return tiles
