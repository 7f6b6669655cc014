"""Change targets (tăng/giảm bình quân mỗi năm, so với năm gốc, điểm phần trăm, gấp … lần) judged against
the base year's value: examples from the regression documents, and properties with hypothesis."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.verdicts import (
    CHANGE_PER_YEAR,
    CHANGE_VS_BASE,
    MULTIPLE,
    POINTS,
    POINTS_CHANGE,
    STATUS_RANK,
    Observation,
    Status,
    TargetRule,
    achieved_change,
    judge,
    level_of_change,
)

D = Decimal


def rule(kind, comparator, value, unit, base_year, value_max=None, year=2023):
    return TargetRule(
        comparator=comparator, value=D(value), value_max=value_max, unit=unit, year=year, base_year=base_year, kind=kind
    )


@pytest.mark.parametrize(
    ("target", "direction", "base", "actual", "expected"),
    [
        # "Tỷ lệ hộ nghèo giảm bình quân từ 1 - 1,5%/năm" (points a year) from 5% in 2020
        (rule(CHANGE_PER_YEAR, "between", "1", POINTS, 2020, D("1.5")), "down", "5", "1.4", Status.ACHIEVED),
        (rule(CHANGE_PER_YEAR, "between", "1", POINTS, 2020, D("1.5")), "down", "5", "0.2", Status.EXCEEDED),
        (rule(CHANGE_PER_YEAR, "between", "1", POINTS, 2020, D("1.5")), "down", "5", "4.5", Status.NOT_ACHIEVED),
        # a rise of the poverty rate is never a fall
        (rule(CHANGE_PER_YEAR, "ge", "0.5", POINTS, 2022), "down", "3", "3.2", Status.NOT_ACHIEVED),
        # "Tổng kim ngạch xuất khẩu tăng bình quân 15%/năm": compound growth
        (rule(CHANGE_PER_YEAR, "ge", "15", "%", 2020), "up", "100", "152.1", Status.ACHIEVED),
        (rule(CHANGE_PER_YEAR, "ge", "15", "%", 2020), "up", "100", "140", Status.NOT_ACHIEVED),
        # "giảm 15% so với năm 2022": relative to the base value
        (rule(CHANGE_VS_BASE, "ge", "15", "%", 2022), "down", "200", "170", Status.ACHIEVED),
        (rule(CHANGE_VS_BASE, "ge", "15", "%", 2022), "down", "200", "180", Status.NOT_ACHIEVED),
        # "tăng thêm tối thiểu 01 tiêu chí so với năm 2016": a count
        (rule(CHANGE_VS_BASE, "ge", "1", "tiêu chí", 2016, year=2017), "up", "14", "15", Status.ACHIEVED),
        # "-0,2 điểm phần trăm"
        (rule(POINTS_CHANGE, "ge", "0.2", POINTS, 2022), "down", "3", "2.8", Status.ACHIEVED),
        # "tăng lên 3,5 lần so với năm 2011"
        (rule(MULTIPLE, "ge", "3.5", "lần", 2011, year=2020), "up", "10", "35.5", Status.ACHIEVED),
        (rule(MULTIPLE, "ge", "3.5", "lần", 2011, year=2020), "up", "10", "30", Status.NOT_ACHIEVED),
    ],
)
def test_change_targets(target, direction, base, actual, expected):
    verdict = judge(target, direction, Observation(value=D(actual)), base_value=D(base), year=target.year)
    assert verdict.status == expected, verdict.explanation
    assert verdict.rule == target.kind
    assert f"Năm gốc {target.base_year}" in verdict.explanation


def test_the_sentence_says_what_changed_the_vietnamese_way():
    target = rule(CHANGE_PER_YEAR, "between", "1", POINTS, 2020, D("1.5"))
    verdict = judge(target, "down", Observation(value=D("1.4")), base_value=D(5), year=2023)
    assert verdict.explanation == (
        "Năm gốc 2020: 5; năm 2023: 1,4, tức giảm 1,2 điểm phần trăm bình quân mỗi năm, so với mục tiêu "
        "“từ 1 đến 1,5 điểm phần trăm”: đạt."
    )


def test_no_base_value_is_no_data():
    target = rule(CHANGE_VS_BASE, "ge", "15", "%", 2022)
    verdict = judge(target, "down", Observation(value=D(170)), base_value=None, year=2023)
    assert verdict.status == Status.NO_DATA and "năm gốc 2022" in verdict.explanation
    no_base_year = rule(CHANGE_VS_BASE, "ge", "15", "%", None)
    assert judge(no_base_year, "down", Observation(value=D(1)), base_value=D(2), year=2023).status == Status.NO_DATA


KINDS = st.sampled_from(
    [
        (CHANGE_PER_YEAR, POINTS),
        (CHANGE_PER_YEAR, "%"),
        (CHANGE_VS_BASE, "%"),
        (POINTS_CHANGE, POINTS),
        (MULTIPLE, "lần"),
    ]
)
VALUES = st.decimals(min_value=D("0.5"), max_value=D(1000), places=2)


@given(KINDS, st.sampled_from(["up", "down"]), VALUES, VALUES, VALUES, st.integers(min_value=1, max_value=10))
def test_moving_further_the_wanted_way_never_worsens_the_verdict(kind_unit, direction, base, first, second, years):
    kind, unit = kind_unit
    if kind == MULTIPLE:
        direction = "up"
    target = rule(kind, "ge", "2", unit, 2020, year=2020 + years)
    worse, better = sorted((first, second), reverse=direction == "down")
    statuses = [
        judge(target, direction, Observation(value=value), base_value=base, year=2020 + years).status
        for value in (worse, better)
    ]
    assert STATUS_RANK[statuses[0]] <= STATUS_RANK[statuses[1]]


@given(st.decimals(min_value=D("0.5"), max_value=D(50), places=1), st.integers(min_value=1, max_value=10), VALUES)
def test_a_steady_yearly_growth_is_measured_as_that_growth(growth, years, base):
    actual = base * (1 + growth / 100) ** years
    measured = achieved_change(CHANGE_PER_YEAR, "%", "up", actual, base, years)
    assert measured is not None and abs(measured - growth) < D("0.01")


@given(
    kind=st.sampled_from([CHANGE_PER_YEAR, CHANGE_VS_BASE, POINTS_CHANGE, MULTIPLE]),
    unit=st.sampled_from(["%", POINTS, "người"]),
    direction=st.sampled_from(["up", "down"]),
    size=st.decimals(min_value=D("0.5"), max_value=50, places=2),
    base=st.decimals(min_value=10, max_value=10_000, places=2),
    years=st.integers(1, 10),
)
def test_the_level_of_a_change_measures_back_to_the_same_change(kind, unit, direction, size, base, years):
    level = level_of_change(kind, unit, direction, size, base, years)
    if level is None or (unit == "%" and level <= 0):
        return
    measured = achieved_change(kind, unit, direction, level, base, years)
    assert measured is not None
    assert abs(measured - size) <= D("0.0001") * max(D(1), size)
