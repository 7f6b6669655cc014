from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ansinh.rules.verdicts import (
    STATUS_RANK,
    Observation,
    Status,
    TargetRule,
    choose_target,
    judge,
    summarize,
)

D = Decimal


def verdict(comparator, value, actual, direction="up", value_max=None, unit="%", **kwargs):
    target = TargetRule(
        comparator=comparator, value=D(value), value_max=None if value_max is None else D(value_max), unit=unit
    )
    return judge(target, direction, Observation(value=D(actual)), **kwargs)


@pytest.mark.parametrize(
    ("comparator", "value", "actual", "direction", "expected"),
    [
        # The committee's 2022 verdicts (seed 001).
        ("lt", "4", "2.23", "down", Status.EXCEEDED),
        ("ge", "160000", "203027", "up", Status.EXCEEDED),
        ("ge", "76.5", "76.0", "up", Status.NOT_ACHIEVED),
        # Strict and non-strict comparators at the boundary.
        ("lt", "3", "3", "down", Status.NOT_ACHIEVED),
        ("le", "3", "3", "down", Status.ACHIEVED),
        ("gt", "80", "80", "up", Status.NOT_ACHIEVED),
        ("ge", "95", "95", "up", Status.ACHIEVED),
        # Better, but not by more than the tolerance (2% of the target): achieved, not exceeded.
        ("ge", "95", "96", "up", Status.ACHIEVED),
        ("ge", "95", "97", "up", Status.EXCEEDED),
        ("lt", "15", "14.8", "down", Status.ACHIEVED),
        # 100% cannot be beaten.
        ("ge", "100", "100", "up", Status.ACHIEVED),
        # "khoảng 77 tuổi": within 2% is achieved.
        ("approx", "77", "76", "up", Status.ACHIEVED),
        ("approx", "77", "74", "up", Status.NOT_ACHIEVED),
        ("approx", "77", "80", "up", Status.EXCEEDED),
        ("approx", "2.1", "2.5", "band", Status.NOT_ACHIEVED),
        ("approx", "2.1", "1.6", "band", Status.NOT_ACHIEVED),
        # A band indicator is achieved inside the band, never exceeded.
        ("lt", "3", "0.5", "band", Status.ACHIEVED),
        ("eq", "2.1", "2.1", "band", Status.ACHIEVED),
    ],
)
def test_numeric_verdicts(comparator, value, actual, direction, expected):
    assert verdict(comparator, value, actual, direction).status == expected


def test_between_target():
    assert verdict("between", "0.88", "0.89", value_max="0.9", unit="").status == Status.ACHIEVED
    assert verdict("between", "0.88", "0.87", value_max="0.9", unit="").status == Status.NOT_ACHIEVED
    assert verdict("between", "1", "3", value_max="2", unit="khu").status == Status.EXCEEDED
    assert verdict("between", "1", "3", direction="band", value_max="2", unit="khu").status == Status.NOT_ACHIEVED


def test_explanation_says_why_with_vietnamese_numbers():
    result = verdict("lt", "4", "2.23", "down")
    assert result.explanation.startswith("Thực hiện 2,23% so với mục tiêu “dưới 4%”: vượt kế hoạch")
    assert "1,77 điểm phần trăm" in result.explanation
    jobs = verdict("ge", "160000", "203027", unit="lượt người/năm")
    assert "203.027 lượt người/năm" in jobs.explanation
    missed = verdict("ge", "76.5", "76", unit="tuổi")
    assert "chưa đạt (còn cách mục tiêu 0,5 tuổi)" in missed.explanation


def test_a_share_of_a_named_whole_is_judged_in_points_of_it():
    # "Kinh tế số đạt khoảng 20% GDP", "đạt 100% chỉ tiêu": the gap is in percentage points of that whole.
    missed = verdict("approx", "20", "15", unit="% GDP")
    assert missed.status == Status.NOT_ACHIEVED
    assert "Thực hiện 15% GDP" in missed.explanation
    assert "còn cách mục tiêu 5 điểm phần trăm GDP" in missed.explanation
    assert verdict("ge", "100", "100", unit="% chỉ tiêu").status == Status.ACHIEVED


def test_not_implemented_no_data_and_no_target():
    target = TargetRule(comparator="ge", value=D(100), unit="%")
    assert judge(target, "up", Observation(not_implemented=True)).status == Status.NOT_IMPLEMENTED
    assert judge(None, "up", Observation(not_implemented=True)).status == Status.NOT_IMPLEMENTED
    assert judge(target, "up", None, year=2022).explanation == "Chưa có số liệu năm 2022."
    assert judge(target, "up", Observation()).status == Status.NO_DATA
    assert judge(None, "up", Observation(value=D(1))).status == Status.NO_DATA


def test_yes_no_and_qualitative_targets_are_judged_by_a_person():
    target = TargetRule(comparator="qualitative", phrase="Cơ bản chấm dứt các dịch bệnh AIDS, lao")
    assert judge(target, "down", Observation(value=D(0))).status == Status.NO_DATA
    achieved = judge(target, "down", Observation(achieved=True, evidence="Báo cáo Sở Y tế số 12"))
    assert achieved.status == Status.ACHIEVED
    assert "Báo cáo Sở Y tế số 12" in achieved.explanation
    assert judge(target, "up", Observation(achieved=False)).status == Status.NOT_ACHIEVED


def test_relative_target_uses_the_base_year_value():
    target = TargetRule(comparator="relative", multiplier=D(2), base_year=2020, phrase="tăng gấp 2 lần so với năm 2020")
    assert judge(target, "up", Observation(value=D(210)), base_value=D(100)).status == Status.EXCEEDED
    assert judge(target, "up", Observation(value=D(200)), base_value=D(100)).status == Status.ACHIEVED
    assert judge(target, "up", Observation(value=D(150)), base_value=D(100)).status == Status.NOT_ACHIEVED
    missing = judge(target, "up", Observation(value=D(150)), base_value=None)
    assert missing.status == Status.NO_DATA
    assert "năm gốc" in missing.explanation


def test_choose_target_prefers_the_yearly_target_then_the_end_target():
    end = TargetRule(comparator="lt", value=D(3), year=2025, is_end_target=True, phrase="dưới 3%")
    yearly = TargetRule(comparator="lt", value=D(4), year=2022, phrase="dưới 4%")
    unit_own = TargetRule(comparator="lt", value=D(5), year=2022, scope_id=7, phrase="dưới 5%")
    assert choose_target([end, yearly], 2022) == yearly
    assert choose_target([end, yearly], 2023) == end
    assert choose_target([end, yearly, unit_own], 2022, scope_id=7) == unit_own
    assert choose_target([end, yearly, unit_own], 2022, scope_id=8) == yearly
    later = TargetRule(comparator="lt", value=D(2), year=2030, is_end_target=True)
    assert choose_target([end, later], 2027) == later
    assert choose_target([end, later], 2031) == later
    assert choose_target([], 2022) is None


def test_summary_sentence_in_the_committees_words():
    statuses = [Status.EXCEEDED] * 9 + [Status.ACHIEVED] * 14 + [Status.NOT_ACHIEVED] * 3 + [Status.NOT_IMPLEMENTED]
    summary = summarize(statuses)
    assert summary.sentence == (
        "23/27 chỉ tiêu đạt và vượt kế hoạch, trong đó 9 chỉ tiêu vượt; 3 chỉ tiêu chưa đạt; 1 chỉ tiêu chưa triển khai."
    )
    final = summarize([Status.ACHIEVED] * 25 + [Status.NOT_ACHIEVED] + [Status.NOT_ASSESSED])
    assert final.sentence == "25/26 chỉ tiêu đạt và vượt kế hoạch; 1 chỉ tiêu chưa đạt; 1 chỉ tiêu không đánh giá."
    assert summarize([]).sentence == "0/0 chỉ tiêu đạt và vượt kế hoạch."


def test_a_figure_with_no_verdict_is_never_called_missing():
    """A figure in a year with no target, or for a change whose base-year figure is missing, has no verdict yet:
    its badge is "Chưa đánh giá", and the summary names it apart from the indicators with no figure."""
    in_a_year_without_target = judge(None, "up", Observation(value=D("89.1")), year=2019)
    assert (in_a_year_without_target.status, in_a_year_without_target.label) == (Status.NO_DATA, "Chưa đánh giá")
    assert in_a_year_without_target.explanation == "Đã có số liệu năm 2019 nhưng chưa có mục tiêu để đánh giá."
    change = TargetRule(comparator="ge", value=D(50), unit="%", kind="change_vs_base", base_year=2020, year=2030)
    assert judge(change, "down", Observation(value=D(1200)), year=2030).label == "Chưa đánh giá"
    for nothing in (None, Observation(), Observation(not_implemented=True)):
        assert judge(None, "up", nothing, year=2019).label != "Chưa đánh giá"
        assert judge(change, "down", nothing, year=2030).label != "Chưa đánh giá"
    judged = verdict("ge", 85, 90)
    assert judged.has_figure is False and judged.label == "Vượt"

    summary = summarize([Status.ACHIEVED] + [Status.NO_DATA] * 3, unjudged_figures=2)
    assert summary.sentence == (
        "1/4 chỉ tiêu đạt và vượt kế hoạch; 1 chỉ tiêu chưa có số liệu; 2 chỉ tiêu đã có số liệu nhưng chưa đánh giá."
    )
    assert summary.badges == [
        (Status.ACHIEVED, "Đạt", 1),
        (Status.NO_DATA, "Chưa đánh giá", 2),
        (Status.NO_DATA, "Chưa có số liệu", 1),
    ]
    everything_in = summarize([Status.NO_DATA] * 2, unjudged_figures=2)
    assert everything_in.sentence == "0/2 chỉ tiêu đạt và vượt kế hoạch; 2 chỉ tiêu đã có số liệu nhưng chưa đánh giá."
    assert everything_in.badges == [(Status.NO_DATA, "Chưa đánh giá", 2)]
    with pytest.raises(ValueError):
        summarize([Status.ACHIEVED, Status.NO_DATA], unjudged_figures=2)


numbers = st.decimals(min_value=-1000, max_value=100000, places=3, allow_nan=False, allow_infinity=False)


@given(
    comparator=st.sampled_from(["lt", "le", "gt", "ge", "eq", "approx", "between"]),
    direction=st.sampled_from(["up", "down"]),
    target=numbers,
    width=st.decimals(min_value=0, max_value=1000, places=3),
    actual=numbers,
    improvement=st.decimals(min_value=0, max_value=10000, places=3),
    tolerance=st.decimals(min_value=0, max_value=Decimal("0.2"), places=3),
)
def test_improving_the_actual_value_never_worsens_the_status(
    comparator, direction, target, width, actual, improvement, tolerance
):
    # Comparators that match the direction (one never writes "dưới" for an indicator that should rise).
    assume(not (direction == "up" and comparator in ("lt", "le")))
    assume(not (direction == "down" and comparator in ("gt", "ge")))
    rule = TargetRule(
        comparator=comparator, value=target, value_max=target + width if comparator == "between" else None
    )
    better = actual + improvement if direction == "up" else actual - improvement
    before = judge(rule, direction, Observation(value=actual), tolerance=tolerance).status
    after = judge(rule, direction, Observation(value=better), tolerance=tolerance).status
    assert STATUS_RANK[after] >= STATUS_RANK[before]


@given(actual=numbers, target=numbers, comparator=st.sampled_from(["lt", "le", "gt", "ge", "eq", "approx"]))
def test_every_numeric_verdict_explains_itself_with_the_target(actual, target, comparator):
    result = judge(
        TargetRule(comparator=comparator, value=target, unit="%", phrase="mục tiêu X"), "up", Observation(value=actual)
    )
    assert result.status in STATUS_RANK
    assert "mục tiêu X" in result.explanation
    assert result.explanation.startswith("Thực hiện ")
