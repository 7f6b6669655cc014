"""The checks a report must pass before it is sent: pure rules, no ORM. ``reporting.selectors.report_issues``
gathers the inputs from the database.

Two severities:

- **error** (hard): the report cannot be sent until the cell is fixed — a percentage outside 0–100, a
  numerator above its denominator, a required value missing and not marked "chưa triển khai", a value of
  the wrong kind (a number on a yes/no indicator; a negative or fractional count of people, households,
  visits…), a cell whose text could not be read.
- **needs_note** (soft): the figure may be right but needs an explanation in the cell's note before the
  report is sent — a jump of more than ``JUMP_THRESHOLD`` against the same unit's figure of the previous
  period of the same kind, an outlier among the unit's peers in the same period (its siblings: the units of the
  same kind under the same parent, gathered by ``reporting.selectors``; modified z-score of Iglewicz and Hoaglin,
  ``|0,6745·(x − median)/MAD| > OUTLIER_Z``, with at least ``MIN_PEERS`` peers), a yearly figure that misses the
  target that applies to the unit.

The thresholds are module constants: a per-programme setting would be a field of ``Program``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from statistics import median

from ansinh.core.numbers import format_number, format_quantity
from ansinh.rules.verdicts import Observation, PathBase, Status, TargetRule, judge

JUMP_THRESHOLD = Decimal("0.5")  # 50 % up or down against the previous period
OUTLIER_Z = Decimal("3.5")
MIN_PEERS = 5
MAD_SCALE = Decimal("0.6745")  # makes the MAD comparable with a standard deviation for normal data

PERCENT, PER_N, YES_NO = "percent", "per_n", "yes_no"
VALUE_TYPES_WITH_FIGURE = ("number", PERCENT, PER_N)

# Units that count whole people, households, visits or places: a figure in them is a non-negative integer.
# "con" is left out on purpose: "2,1 con" is a fertility rate, not a count.
COUNT_UNITS = frozenset(
    {
        "người",
        "lượt",
        "lượt người",
        "hộ",
        "hộ gia đình",
        "lao động",
        "đối tượng",
        "trẻ",
        "trẻ em",
        "căn",
        "căn hộ",
        "căn nhà",
        "khu",
        "cơ sở",
    }
)
NAME_LENGTH = 80


class Severity(StrEnum):
    ERROR = "error"
    NEEDS_NOTE = "needs_note"


@dataclass(frozen=True)
class IndicatorFacts:
    code: str
    name: str
    value_type: str
    unit: str = ""
    direction: str = "up"


@dataclass(frozen=True)
class StoredCell:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    achieved: bool | None = None
    not_implemented: bool = False
    note: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class CellContext:
    """Everything the checks need to know about one cell of a report."""

    indicator: IndicatorFacts
    disaggregation: str = ""
    cell: StoredCell | None = None
    required: bool = False
    draft_error: str = ""
    previous_value: Decimal | None = None
    peer_values: Sequence[Decimal] = ()
    target: TargetRule | None = None
    tolerance: Decimal = Decimal("0.02")
    year: int | None = None
    # Where the path to an end target starts, when the year has no target of its own (verdicts.judge_on_path).
    path_base: PathBase | None = None


@dataclass(frozen=True)
class Issue:
    indicator_code: str
    disaggregation: str
    field: str  # value, numerator, denominator or note
    severity: Severity
    code: str
    message: str
    explained: bool = False  # a soft issue whose cell has a note

    @property
    def blocks_submission(self) -> bool:
        return self.severity == Severity.ERROR or not self.explained

    @property
    def cell_key(self) -> str:
        return f"{self.indicator_code} — {self.disaggregation}" if self.disaggregation else self.indicator_code


def indicator_words(indicator: IndicatorFacts) -> str:
    """ "Chỉ tiêu 7.8 “Tỷ lệ bao phủ bảo hiểm y tế”", the name cut at a word when long."""
    name = indicator.name
    if len(name) > NAME_LENGTH:
        name = name[:NAME_LENGTH].rsplit(" ", 1)[0] + "…"
    return f"Chỉ tiêu {indicator.code} “{name}”"


def is_count(indicator: IndicatorFacts) -> bool:
    unit = indicator.unit.strip().lower().removesuffix("/năm").strip()
    return indicator.value_type == "number" and unit in COUNT_UNITS


def relative_change(previous: Decimal, current: Decimal) -> Decimal | None:
    """(current − previous)/|previous|; None from zero, where a relative change means nothing."""
    if previous == 0:
        return None
    return (current - previous) / abs(previous)


def robust_z(value: Decimal, peers: Sequence[Decimal]) -> Decimal | None:
    """The modified z-score of ``value`` against its peers; None with too few peers or when most of them
    are equal (MAD 0: no spread to measure against)."""
    if len(peers) < MIN_PEERS:
        return None
    middle = median(peers)
    spread = median([abs(peer - middle) for peer in peers])
    if spread == 0:
        return None
    return MAD_SCALE * (value - middle) / spread


def check_cell(context: CellContext) -> list[Issue]:
    issues = _hard_issues(context)
    # A figure that is wrong is fixed first; asking to explain it would be noise.
    if context.cell is not None and not issues:
        issues = _soft_issues(context, context.cell)
    return issues


def check_report(cells: Iterable[CellContext]) -> list[Issue]:
    return [issue for context in cells for issue in check_cell(context)]


def blocking(issues: Iterable[Issue]) -> list[Issue]:
    return [issue for issue in issues if issue.blocks_submission]


def _issue(context: CellContext, field: str, code: str, message: str, severity: Severity = Severity.ERROR) -> Issue:
    explained = severity == Severity.NEEDS_NOTE and context.cell is not None and bool(context.cell.note.strip())
    return Issue(context.indicator.code, context.disaggregation, field, severity, code, message, explained)


def _hard_issues(context: CellContext) -> list[Issue]:
    indicator, cell = context.indicator, context.cell
    named = indicator_words(indicator)
    if context.draft_error:
        return [
            # The draft's error is a whole sentence ("Tử số (11) lớn hơn mẫu số (10): …"): said as it is.
            _issue(context, "value", "unparsed_draft", f"{named}: ô nhập chưa lưu được — {context.draft_error}")
        ]
    if cell is None or _is_empty(indicator, cell):
        if context.required and (cell is None or not cell.not_implemented):
            return [
                _issue(
                    context,
                    "value",
                    "required_missing",
                    f"{named}: đơn vị được giao báo cáo chỉ tiêu này nhưng chưa nhập số liệu; nếu chưa thực hiện, "
                    "hãy đánh dấu “chưa triển khai”.",
                )
            ]
        return []
    issues: list[Issue] = []
    if indicator.value_type == YES_NO and cell.value is not None:
        issues.append(
            _issue(
                context,
                "value",
                "number_on_yes_no",
                f"{named} là chỉ tiêu có/không: chọn “đạt” hoặc “chưa đạt” kèm minh chứng, không nhập số "
                f"({format_number(cell.value)}).",
            )
        )
    if indicator.value_type == PERCENT and cell.value is not None and not 0 <= cell.value <= 100:
        issues.append(
            _issue(
                context,
                "value",
                "percent_out_of_range",
                f"{named}: tỷ lệ phần trăm phải trong khoảng 0–100, đang là {format_number(cell.value)}%.",
            )
        )
    if cell.denominator is not None and cell.denominator <= 0:
        issues.append(
            _issue(
                context,
                "denominator",
                "denominator_not_positive",
                f"{named}: mẫu số phải lớn hơn 0, đang là {format_number(cell.denominator)}.",
            )
        )
    if (
        indicator.value_type == PERCENT
        and cell.numerator is not None
        and cell.denominator is not None
        and cell.numerator > cell.denominator
    ):
        issues.append(
            _issue(
                context,
                "numerator",
                "numerator_above_denominator",
                f"{named}: tử số ({format_number(cell.numerator)}) lớn hơn mẫu số ({format_number(cell.denominator)}).",
            )
        )
    if is_count(indicator) and cell.value is not None:
        if cell.value < 0:
            issues.append(
                _issue(
                    context,
                    "value",
                    "negative_count",
                    f"{named} đếm {indicator.unit}: không thể âm ({format_number(cell.value)}).",
                )
            )
        elif cell.value != cell.value.to_integral_value():
            issues.append(
                _issue(
                    context,
                    "value",
                    "fractional_count",
                    f"{named} đếm {indicator.unit}: phải là số nguyên, đang là {format_number(cell.value)}.",
                )
            )
    return issues


def _is_empty(indicator: IndicatorFacts, cell: StoredCell) -> bool:
    """Nothing reported: no figure for a figure indicator, no judgement for a yes/no or qualitative one."""
    if indicator.value_type in VALUE_TYPES_WITH_FIGURE:
        return cell.value is None and cell.numerator is None
    return cell.achieved is None and cell.value is None


def _soft_issues(context: CellContext, cell: StoredCell) -> list[Issue]:
    if cell.not_implemented:
        return []
    issues: list[Issue] = []
    if cell.value is not None and context.indicator.value_type in VALUE_TYPES_WITH_FIGURE:
        issues += _unusual_figure(context, cell.value)
    missed = _target_missed(context, cell)
    if missed is not None:
        issues.append(missed)
    return issues


def _unusual_figure(context: CellContext, value: Decimal) -> list[Issue]:
    indicator = context.indicator
    named = indicator_words(indicator)
    issues: list[Issue] = []
    if context.previous_value is not None:
        change = relative_change(context.previous_value, value)
        if change is not None and abs(change) > JUMP_THRESHOLD:
            direction = "tăng" if change > 0 else "giảm"
            issues.append(
                _issue(
                    context,
                    "note",
                    "jump_from_previous",
                    f"{named}: {format_quantity(value, indicator.unit)} {direction} "
                    f"{format_number(abs(change) * 100, 0)}% so với kỳ trước "
                    f"({format_quantity(context.previous_value, indicator.unit)}); cần ghi chú giải thích.",
                    Severity.NEEDS_NOTE,
                )
            )
    z = robust_z(value, context.peer_values)
    if z is not None and abs(z) > OUTLIER_Z:
        side = "cao" if z > 0 else "thấp"
        issues.append(
            _issue(
                context,
                "note",
                "outlier_among_peers",
                f"{named}: {format_quantity(value, indicator.unit)} {side} bất thường so với "
                f"{len(context.peer_values)} đơn vị cùng cấp, cùng địa bàn trong kỳ (trung vị "
                f"{format_quantity(median(context.peer_values), indicator.unit)}); cần ghi chú giải thích.",
                Severity.NEEDS_NOTE,
            )
        )
    return issues


def _target_missed(context: CellContext, cell: StoredCell) -> Issue | None:
    """Only the whole figure (no disaggregation) of a yearly report is judged against a target."""
    if context.target is None or context.year is None or context.disaggregation:
        return None
    verdict = judge(
        context.target,
        context.indicator.direction,
        Observation(value=cell.value, achieved=cell.achieved, evidence=cell.evidence),
        tolerance=context.tolerance,
        year=context.year,
        path_base=context.path_base,
    )
    if verdict.status == Status.BEHIND_PATH:
        return _issue(
            context,
            "note",
            "behind_path",
            f"{indicator_words(context.indicator)} chậm so với lộ trình năm {context.year}: {verdict.explanation} "
            "Cần ghi chú nêu lý do.",
            Severity.NEEDS_NOTE,
        )
    if verdict.status != Status.NOT_ACHIEVED:
        return None
    return _issue(
        context,
        "note",
        "target_missed",
        f"{indicator_words(context.indicator)} chưa đạt mục tiêu năm {context.year}: {verdict.explanation} "
        "Cần ghi chú nêu lý do.",
        Severity.NEEDS_NOTE,
    )
