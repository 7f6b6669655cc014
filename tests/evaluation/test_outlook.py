"""Outlook to the end target (shared/reference/progress-method.md)."""

import math
import re
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ansinh.rules.outlook import (
    METHOD_NAMES,
    OUTLOOK_RANK,
    Outlook,
    OutlookCode,
    assess_band_outlook,
    assess_outlook,
    assess_qualitative_outlook,
    assess_yes_no_outlook,
    code_from_score,
    growth,
    limit_factor_for,
    open_sdg_code,
    open_sdg_no_target_code,
    open_sdg_no_target_score,
    open_sdg_score,
    outlook_for_target,
    unsd_code,
)

# --- the public worked examples --------------------------------------------------------------------


def test_worked_example_should_fall_but_rose_is_deterioration():
    outlook = assess_outlook({2015: 10, 2016: 30}, direction="down", target_value=1, target_year=2030)
    assert outlook.code == OutlookCode.DETERIORATION
    assert outlook.label == "đi xuống"
    assert outlook.observed_growth == pytest.approx(2.0)
    assert outlook.required_growth == pytest.approx((1 / 10) ** (1 / 15) - 1)
    assert outlook.ratio is not None and outlook.ratio < 0
    assert outlook.score == -5.0
    assert (outlook.base_year, outlook.base_value, outlook.current_year, outlook.current_value) == (2015, 10, 2016, 30)


def test_worked_example_should_rise_and_rises_fast_is_on_track():
    outlook = assess_outlook({2015: 5, 2016: 6}, direction="up", target_value=9, target_year=2030)
    assert outlook.code == OutlookCode.ON_TRACK
    assert outlook.label == "đúng tiến độ"
    assert outlook.observed_growth == pytest.approx(0.2)
    assert outlook.required_growth == pytest.approx((9 / 5) ** (1 / 15) - 1)
    assert outlook.ratio == pytest.approx(0.2 / ((9 / 5) ** (1 / 15) - 1))
    assert outlook.score == 5.0
    # UNSD's projection is given for information: 6 · 1,2^14.
    assert outlook.projected_end_value == pytest.approx(6 * 1.2**14)


def test_explanation_reads_the_vietnamese_way():
    outlook = assess_outlook({2015: 5, 2016: 6}, direction="up", target_value=9, target_year=2030)
    assert outlook.explanation == (
        "Từ 5 (năm 2015) đến 6 (năm 2016), tăng trưởng bình quân quan sát 20%/năm, cần 4%/năm để đạt mục tiêu 9 "
        "vào năm 2030; tỷ số 5 (≥ 0,95): đúng tiến độ (phương pháp Open SDG)."
    )


def test_explanation_uses_decimal_comma_and_typographic_minus():
    outlook = assess_outlook({2015: 10, 2020: 8.5}, direction="down", target_value=4.5, target_year=2030)
    assert "đến 8,5 (năm 2020)" in outlook.explanation
    assert "quan sát −3,2%/năm" in outlook.explanation
    assert "cần −5,2%/năm để đạt mục tiêu 4,5 vào năm 2030" in outlook.explanation
    assert "tỷ số 0,62 (từ 0,6 đến dưới 0,95)" in outlook.explanation
    assert outlook.code == OutlookCode.ACCELERATION_NEEDED
    assert outlook.explanation.endswith("có tiến bộ nhưng cần đẩy nhanh (phương pháp Open SDG).")


# --- growth, base and current ---------------------------------------------------------------------


def test_growth_is_compound_annual():
    assert growth(121, 100, 2022, 2020) == pytest.approx(0.1)
    assert growth(100, 100, 2030, 2015) == 0


def test_configured_base_year_with_a_value_is_used():
    outlook = assess_outlook(
        {2014: 1, 2015: 2, 2018: 3, 2020: 4}, direction="up", target_value=10, target_year=2030, base_year=2015
    )
    assert (outlook.base_year, outlook.base_value) == (2015, 2)
    assert (outlook.current_year, outlook.current_value) == (2020, 4)


def test_base_year_without_a_value_moves_to_the_first_later_year():
    outlook = assess_outlook(
        {2014: 1, 2017: 2, 2018: 3, 2020: 4}, direction="up", target_value=10, target_year=2030, base_year=2015
    )
    assert (outlook.base_year, outlook.base_value) == (2017, 2)


def test_no_base_year_uses_the_first_year_and_missing_values_are_skipped():
    outlook = assess_outlook(
        {2013: None, 2014: float("nan"), 2016: 2, 2019: None, 2020: 4},
        direction="up",
        target_value=10,
        target_year=2030,
    )
    assert (outlook.base_year, outlook.current_year, outlook.current_value) == (2016, 2020, 4)


def test_decimal_inputs_are_accepted():
    outlook = assess_outlook(
        {2015: Decimal("5"), 2016: Decimal("6")}, direction="up", target_value=Decimal(9), target_year=2030
    )
    assert outlook.code == OutlookCode.ON_TRACK


# --- target already met ------------------------------------------------------------------------------


def test_target_met_wins_whatever_the_trend():
    outlook = assess_outlook({2015: 2, 2016: 3}, direction="down", target_value=5, target_year=2030)
    assert outlook.code == OutlookCode.TARGET_ACHIEVED
    assert outlook.rule == "target_already_met"
    assert outlook.score == 5.0
    assert "không xét xu hướng" in outlook.explanation


def test_target_met_with_a_single_value_is_achieved():
    outlook = assess_outlook({2024: 96}, direction="up", target_value=95, target_year=2030)
    assert outlook.code == OutlookCode.TARGET_ACHIEVED


def test_target_met_at_equality_unless_strict():
    series = {2020: 5, 2024: 3}
    achieved = assess_outlook(series, direction="down", target_value=3, target_year=2030)
    assert achieved.code == OutlookCode.TARGET_ACHIEVED
    strict = assess_outlook(series, direction="down", target_value=3, target_year=2030, strict=True)
    assert strict.code != OutlookCode.TARGET_ACHIEVED


def test_zero_target_is_met_at_zero_not_at_the_replacement():
    met = assess_outlook({2015: 10, 2020: 0}, direction="down", target_value=0, target_year=2030)
    assert met.code == OutlookCode.TARGET_ACHIEVED
    close = assess_outlook({2015: 10, 2020: 0.0005}, direction="down", target_value=0, target_year=2030)
    assert close.code != OutlookCode.TARGET_ACHIEVED


# --- Open SDG thresholds --------------------------------------------------------------------------
# Base 1 in 2020, target in 2021, latest in 2021: CAGR_req = T − 1 and CAGR_obs = v − 1, both exact
# in binary for the values below, so R lands exactly on the threshold.


def _one_year(current: float, target: float, direction="up", **kwargs) -> Outlook:
    return assess_outlook(
        {2020: 1.0, 2021: current}, direction=direction, target_value=target, target_year=2021, **kwargs
    )


def test_ratio_exactly_095_is_on_track_and_just_below_is_not():
    at = _one_year(1.59375, 1.625)  # 0,59375 / 0,625 = 0,95
    assert at.ratio == 0.95
    assert at.code == OutlookCode.ON_TRACK
    below = _one_year(math.nextafter(1.59375, 0), 1.625)
    assert below.ratio is not None and below.ratio < 0.95
    assert below.code == OutlookCode.ACCELERATION_NEEDED


def test_ratio_exactly_060_is_moderate_and_just_below_is_limited():
    at = _one_year(1.75, 2.25)  # 0,75 / 1,25 = 0,6
    assert at.ratio == 0.6
    assert at.code == OutlookCode.ACCELERATION_NEEDED
    below = _one_year(math.nextafter(1.75, 0), 2.25)
    assert below.ratio is not None and below.ratio < 0.6
    assert below.code == OutlookCode.LIMITED_PROGRESS


def test_ratio_exactly_zero_is_limited_and_below_is_deterioration():
    at = _one_year(1.0, 2.0)
    assert at.ratio == 0
    assert at.code == OutlookCode.LIMITED_PROGRESS
    below = _one_year(0.99, 2.0)
    assert below.code == OutlookCode.DETERIORATION


def test_ratio_boundaries_for_a_falling_indicator():
    # Down: base 1, target 0,375 (CAGR_req −0,625), latest 0,40625 (CAGR_obs −0,59375): R = 0,95.
    at = _one_year(0.40625, 0.375, direction="down")
    assert at.ratio == 0.95
    assert at.code == OutlookCode.ON_TRACK


@pytest.mark.parametrize(
    ("ratio", "code"),
    [
        (5.0, OutlookCode.ON_TRACK),
        (0.95, OutlookCode.ON_TRACK),
        (math.nextafter(0.95, 0), OutlookCode.ACCELERATION_NEEDED),
        (0.6, OutlookCode.ACCELERATION_NEEDED),
        (math.nextafter(0.6, 0), OutlookCode.LIMITED_PROGRESS),
        (0.0, OutlookCode.LIMITED_PROGRESS),
        (-1e-12, OutlookCode.DETERIORATION),
    ],
)
def test_open_sdg_code_thresholds(ratio, code):
    assert open_sdg_code(ratio) == code


def test_required_growth_of_zero_is_deterioration():
    # Target equal to the base and the latest value has moved away from it.
    outlook = assess_outlook({2015: 5, 2020: 4}, direction="up", target_value=5, target_year=2030)
    assert outlook.code == OutlookCode.DETERIORATION
    assert outlook.ratio is None
    assert outlook.score == -5.0


# --- no target ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("progress", "factor", "code"),
    [
        (0.015, 1.0, OutlookCode.ON_TRACK),
        (math.nextafter(0.015, 0), 1.0, OutlookCode.ACCELERATION_NEEDED),
        (0.005, 1.0, OutlookCode.ACCELERATION_NEEDED),
        (math.nextafter(0.005, 0), 1.0, OutlookCode.LIMITED_PROGRESS),
        (0.0, 1.0, OutlookCode.LIMITED_PROGRESS),
        (-1e-12, 1.0, OutlookCode.DETERIORATION),
        (0.0075, 0.5, OutlookCode.ON_TRACK),
        (0.0025, 0.5, OutlookCode.ACCELERATION_NEEDED),
        (0.002, 0.5, OutlookCode.LIMITED_PROGRESS),
        (0.0, 0.0, OutlookCode.ON_TRACK),
    ],
)
def test_no_target_thresholds(progress, factor, code):
    assert open_sdg_no_target_code(progress, factor) == code


@pytest.mark.parametrize(
    ("latest", "code"),
    [
        (102, OutlookCode.ON_TRACK),
        (101, OutlookCode.ACCELERATION_NEEDED),
        (100.1, OutlookCode.LIMITED_PROGRESS),
        (100, OutlookCode.LIMITED_PROGRESS),
        (99, OutlookCode.DETERIORATION),
    ],
)
def test_no_target_series(latest, code):
    outlook = assess_outlook({2020: 100, 2021: latest}, direction="up", target_value=None, target_year=None)
    assert outlook.code == code
    assert outlook.rule == "open_sdg_no_target"
    assert outlook.ratio == pytest.approx(latest / 100 - 1)
    assert "không có mục tiêu" in outlook.explanation
    assert "ngưỡng 1,5%/năm và 0,5%/năm" in outlook.explanation


def test_no_target_limit_factor_scales_the_thresholds():
    series = {2020: 100, 2021: 101}
    assert assess_outlook(series, direction="up", target_value=None, target_year=None).code == (
        OutlookCode.ACCELERATION_NEEDED
    )
    reduced = assess_outlook(series, direction="up", target_value=None, target_year=None, limit_factor=0.5)
    assert reduced.code == OutlookCode.ON_TRACK
    assert "C = 0,5" in reduced.explanation


def test_limit_factor_for_follows_sdg_build():
    assert limit_factor_for(200, 100) == 1.0
    assert limit_factor_for(0, 100) == 1.0
    assert limit_factor_for(100, 100) == 0.0
    assert limit_factor_for(50, 100) == pytest.approx(1 - 0.5**4.44)
    assert limit_factor_for(150, 100) == pytest.approx(1 - 0.5**4.44)


# --- not available ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("series", "kwargs", "words"),
    [
        ({}, {}, "chưa có số liệu năm nào"),
        ({2020: 4}, {}, "cần ít nhất hai năm"),
        ({2020: 4, 2021: None}, {}, "cần ít nhất hai năm"),
        ({2015: 4, 2020: 5}, {"base_year": 2021}, "năm gốc 2021 sau năm có số liệu gần nhất (2020)"),
        ({2015: 4, 2020: 5}, {"base_year": 2016}, "cần ít nhất hai năm"),
        ({2015: 4, 2020: -5}, {}, "trái dấu"),
        ({2015: -4, 2020: 5}, {}, "trái dấu"),
        ({2015: 0, 2020: -5}, {}, "trái dấu"),
        ({2015: 4, 2020: 5}, {"target_year": 2015}, "không sau năm gốc"),
        ({2015: -4, 2020: -3}, {"target_value": 2}, "trái dấu"),
    ],
)
def test_not_available(series, kwargs, words):
    arguments = {"direction": "up", "target_value": 10, "target_year": 2030, **kwargs}
    outlook = assess_outlook(series, **arguments)
    assert outlook.code == OutlookCode.INSUFFICIENT_DATA
    assert outlook.label == "chưa đủ số liệu"
    assert outlook.rank is None
    assert words in outlook.explanation
    assert outlook.score is None


def test_not_available_without_a_target_too():
    outlook = assess_outlook({2020: 4}, direction="up", target_value=None, target_year=None)
    assert outlook.code == OutlookCode.INSUFFICIENT_DATA


# --- zero replacement and negative base ------------------------------------------------------------


def test_zero_base_is_replaced_by_0001():
    outlook = assess_outlook({2015: 0, 2016: 5}, direction="up", target_value=10, target_year=2030)
    assert outlook.base_value == 0
    assert outlook.observed_growth == pytest.approx(5 / 0.001 - 1)
    assert outlook.required_growth == pytest.approx((10 / 0.001) ** (1 / 15) - 1)
    assert "giá trị gốc bằng 0 được thay bằng 0,001" in outlook.explanation


def test_zero_target_is_replaced_by_0001_in_the_formulas():
    outlook = assess_outlook({2015: 10, 2020: 5}, direction="down", target_value=0, target_year=2030)
    required = (0.001 / 10) ** (1 / 15) - 1
    assert outlook.required_growth == pytest.approx(required)
    assert outlook.ratio == pytest.approx(((0.5) ** (1 / 5) - 1) * -1 / abs(required))
    assert "mục tiêu bằng 0 được thay bằng 0,001" in outlook.explanation


def test_negative_base_flips_the_sign():
    # A negative balance rising toward zero for an "up" indicator is progress.
    rising = assess_outlook({2015: -10, 2016: -5}, direction="up", target_value=None, target_year=None)
    assert rising.observed_growth == pytest.approx(-0.5)
    assert rising.ratio == pytest.approx(0.5)
    assert rising.code == OutlookCode.ON_TRACK
    falling = assess_outlook({2015: -10, 2016: -20}, direction="up", target_value=None, target_year=None)
    assert falling.code == OutlookCode.DETERIORATION


def test_negative_base_with_a_target():
    outlook = assess_outlook({2015: -10, 2020: -8}, direction="up", target_value=-1, target_year=2030)
    required = (0.1) ** (1 / 15) - 1
    observed = (0.8) ** (1 / 5) - 1
    ratio = -1 * observed / abs(required)
    assert outlook.ratio == pytest.approx(ratio)
    assert outlook.code == open_sdg_code(ratio) == OutlookCode.LIMITED_PROGRESS


# --- scores ----------------------------------------------------------------------------------------


def test_open_sdg_score_formula_and_bands():
    assert open_sdg_score(0.95) == pytest.approx(2.5, abs=1e-3)
    assert open_sdg_score(0.6) == pytest.approx(0.0, abs=1e-3)
    assert open_sdg_score(0.0) == -2.5
    assert open_sdg_score(100) == 5.0
    assert open_sdg_score(-100) == -5.0
    assert code_from_score(5) == OutlookCode.ON_TRACK
    assert code_from_score(2.5) == OutlookCode.ON_TRACK
    assert code_from_score(2.49) == OutlookCode.ACCELERATION_NEEDED
    assert code_from_score(0) == OutlookCode.ACCELERATION_NEEDED
    assert code_from_score(-0.01) == OutlookCode.LIMITED_PROGRESS
    assert code_from_score(-2.5) == OutlookCode.LIMITED_PROGRESS
    assert code_from_score(-2.51) == OutlookCode.DETERIORATION
    assert code_from_score(None) == OutlookCode.INSUFFICIENT_DATA
    assert code_from_score(-5, target_achieved=True) == OutlookCode.TARGET_ACHIEVED


def test_no_target_score_is_continuous_at_the_thresholds():
    assert open_sdg_no_target_score(0.005) == pytest.approx(0.0)
    assert open_sdg_no_target_score(math.nextafter(0.005, 0)) == pytest.approx(0.0)
    assert open_sdg_no_target_score(0.015) == pytest.approx(2.5)
    assert open_sdg_no_target_score(math.nextafter(0.015, 0)) == pytest.approx(2.5)
    assert open_sdg_no_target_score(0.0) == -2.5
    assert open_sdg_no_target_score(-1) == -5.0
    assert open_sdg_no_target_score(1) == 5.0
    assert open_sdg_no_target_score(0.001, 0.0) == 5.0


@given(st.floats(min_value=-50, max_value=50))
def test_score_band_agrees_with_the_ratio_category_away_from_rounding(ratio):
    # The score's coefficients are rounded to 4 decimals, so stay clear of the thresholds.
    assume(all(abs(ratio - edge) > 1e-3 for edge in (0.95, 0.6, 0.0)))
    assert code_from_score(open_sdg_score(ratio)) == open_sdg_code(ratio)


# --- UNSD ---------------------------------------------------------------------------------------------
# Base 1 in 2020, target 11 in 2021, latest in 2021: the projection is the latest value itself and
# ratio = (v − 1) / 10, exact in binary for the values below.


def _unsd(current: float, target: float = 11.0, **kwargs) -> Outlook:
    return assess_outlook(
        {2020: 1.0, 2021: current}, direction="up", target_value=target, target_year=2021, method="unsd", **kwargs
    )


def test_unsd_ratio_thresholds():
    on_track = _unsd(10.5)
    assert on_track.ratio == 0.95
    assert on_track.code == OutlookCode.ON_TRACK
    assert _unsd(math.nextafter(10.5, 0)).code == OutlookCode.ACCELERATION_NEEDED
    progress = _unsd(2.0)
    assert progress.ratio == 0.1
    assert progress.code == OutlookCode.ACCELERATION_NEEDED
    stagnation = _unsd(math.nextafter(2.0, 0))
    assert stagnation.code == OutlookCode.STAGNATION
    assert stagnation.label == "đứng yên hoặc đi xuống"
    assert _unsd(0.5).code == OutlookCode.STAGNATION


@pytest.mark.parametrize(
    ("ratio", "code"),
    [
        (0.95, OutlookCode.ON_TRACK),
        (0.9499, OutlookCode.ACCELERATION_NEEDED),
        (0.10, OutlookCode.ACCELERATION_NEEDED),
        (0.0999, OutlookCode.STAGNATION),
        (-3, OutlookCode.STAGNATION),
    ],
)
def test_unsd_code(ratio, code):
    assert unsd_code(ratio) == code


def test_unsd_projection_and_ratio():
    outlook = assess_outlook({2015: 5, 2016: 6}, direction="up", target_value=9, target_year=2030, method="unsd")
    projected = 6 * 1.2**14
    assert outlook.projected_end_value == pytest.approx(projected)
    assert outlook.ratio == pytest.approx((projected - 5) / (9 - 5))
    assert outlook.code == OutlookCode.ON_TRACK
    assert outlook.method == "unsd"
    assert outlook.rule == "unsd_projection"
    assert "ngoại suy đến năm 2030" in outlook.explanation
    assert outlook.explanation.endswith("(phương pháp UNSD).")


def test_unsd_falling_indicator():
    outlook = assess_outlook({2015: 10, 2020: 9}, direction="down", target_value=2, target_year=2030, method="unsd")
    projected = 9 * (0.9 ** (1 / 5)) ** 10
    assert outlook.ratio == pytest.approx((projected - 10) / (2 - 10))
    assert outlook.code == OutlookCode.ACCELERATION_NEEDED


def test_unsd_target_met():
    outlook = assess_outlook({2015: 5, 2016: 9}, direction="up", target_value=9, target_year=2030, method="unsd")
    assert outlook.code == OutlookCode.TARGET_ACHIEVED


@pytest.mark.parametrize(
    ("latest", "direction", "target", "achieved"),
    [
        (0.8, "down", 0, True),
        (1.0, "down", 0, True),
        (1.2, "down", 0, False),
        (99.2, "up", 100, True),
        (99.0, "up", 100, True),
        (98.9, "up", 100, False),
    ],
)
def test_unsd_one_point_rule_for_0_and_100_percent(latest, direction, target, achieved):
    start = 5.0 if direction == "down" else 90.0
    outlook = assess_outlook(
        {2015: start, 2020: latest},
        direction=direction,
        target_value=target,
        target_year=2030,
        method="unsd",
        is_percent=True,
    )
    assert (outlook.code == OutlookCode.TARGET_ACHIEVED) is achieved
    if achieved and latest != target:
        assert outlook.rule == "unsd_within_one_point"
        assert "1 điểm phần trăm" in outlook.explanation


def test_one_point_rule_needs_a_percentage_and_the_unsd_method():
    series = {2015: 90.0, 2020: 99.5}
    not_percent = assess_outlook(series, direction="up", target_value=100, target_year=2030, method="unsd")
    assert not_percent.code != OutlookCode.TARGET_ACHIEVED
    open_sdg = assess_outlook(series, direction="up", target_value=100, target_year=2030, is_percent=True)
    assert open_sdg.code != OutlookCode.TARGET_ACHIEVED
    other_target = assess_outlook(
        {2015: 40.0, 2020: 49.5}, direction="up", target_value=50, target_year=2030, method="unsd", is_percent=True
    )
    assert other_target.code != OutlookCode.TARGET_ACHIEVED


def test_unsd_without_target_falls_back_to_open_sdg_and_says_so():
    outlook = assess_outlook({2015: 5, 2016: 6}, direction="up", target_value=None, target_year=None, method="unsd")
    assert outlook.method == "open_sdg"
    assert outlook.code == OutlookCode.ON_TRACK
    assert "UNSD cần giá trị mục tiêu" in outlook.explanation
    assert outlook.explanation.endswith(").")


def test_unsd_target_equal_to_base_and_moved_away_is_stagnation():
    outlook = assess_outlook({2015: 5, 2020: 4}, direction="up", target_value=5, target_year=2030, method="unsd")
    assert outlook.code == OutlookCode.STAGNATION
    assert outlook.ratio is None


def test_unsd_latest_after_target_year_does_not_project_backwards():
    outlook = assess_outlook({2015: 1, 2032: 1.5}, direction="up", target_value=2, target_year=2030, method="unsd")
    assert outlook.projected_end_value == 1.5
    assert outlook.ratio == pytest.approx(0.5)


# --- bands, yes/no, qualitative ---------------------------------------------------------------------


def test_band_inside_is_achieved():
    outlook = assess_band_outlook({2020: 3.5, 2024: 2.1}, low=None, high=3, high_strict=True, target_year=2030)
    assert outlook.code == OutlookCode.TARGET_ACHIEVED
    assert outlook.rule == "band_inside"
    assert "nằm trong ngưỡng mục tiêu dưới 3" in outlook.explanation
    assert "phương pháp Open SDG" in outlook.explanation


def test_band_very_low_is_not_better_but_still_inside():
    # Unemployment "dưới 3%": 0,5 % is inside the band, achieved, never "exceeded".
    outlook = assess_band_outlook({2020: 2, 2024: 0.5}, low=None, high=3, high_strict=True, target_year=2030)
    assert outlook.code == OutlookCode.TARGET_ACHIEVED


def test_band_strict_edge_is_outside():
    outlook = assess_band_outlook({2020: 4, 2024: 3}, low=None, high=3, high_strict=True, target_year=2030)
    assert outlook.code != OutlookCode.TARGET_ACHIEVED
    assert outlook.rule.startswith("band_above:")
    inclusive = assess_band_outlook({2020: 4, 2024: 3}, low=None, high=3, target_year=2030)
    assert inclusive.code == OutlookCode.TARGET_ACHIEVED


def test_band_above_is_assessed_down_toward_the_high_edge():
    series = {2020: 0.95, 2024: 0.93}
    outlook = assess_band_outlook(series, low=0.88, high=0.9, target_year=2030)
    expected = assess_outlook(series, direction="down", target_value=0.9, target_year=2030)
    assert outlook.code == expected.code
    assert outlook.ratio == expected.ratio
    assert outlook.rule == "band_above:open_sdg_target"
    assert outlook.explanation.startswith("Chỉ tiêu giữ trong ngưỡng 0,88–0,9: giá trị gần nhất 0,93 (năm 2024)")
    assert "giảm xuống mức 0,9" in outlook.explanation


def test_band_below_is_assessed_up_toward_the_low_edge():
    series = {2020: 0.80, 2024: 0.86}
    outlook = assess_band_outlook(series, low=0.88, high=0.9, target_year=2030, method="unsd")
    expected = assess_outlook(series, direction="up", target_value=0.88, target_year=2030, method="unsd")
    assert outlook.code == expected.code
    assert outlook.rule == "band_below:unsd_projection"
    assert "tăng lên mức 0,88" in outlook.explanation
    assert "phương pháp UNSD" in outlook.explanation


def test_band_without_data_and_bad_bands():
    assert assess_band_outlook({}, low=1, high=2, target_year=2030).code == OutlookCode.INSUFFICIENT_DATA
    with pytest.raises(ValueError, match="edge"):
        assess_band_outlook({2020: 1}, low=None, high=None, target_year=2030)
    with pytest.raises(ValueError, match="low edge"):
        assess_band_outlook({2020: 1}, low=3, high=2, target_year=2030)


def test_yes_no_outlook():
    assert assess_yes_no_outlook({2023: False, 2024: True}).code == OutlookCode.TARGET_ACHIEVED
    lost = assess_yes_no_outlook({2023: True, 2024: False}, target_year=2025)
    assert lost.code == OutlookCode.DETERIORATION
    assert "năm 2023 đã “có”" in lost.explanation
    assert assess_yes_no_outlook({2023: False, 2024: False}).code == OutlookCode.LIMITED_PROGRESS
    assert assess_yes_no_outlook({2024: None}).code == OutlookCode.INSUFFICIENT_DATA
    assert "quy tắc chỉ tiêu có/không" in lost.explanation


def test_qualitative_outlook_records_a_judgement():
    judged = assess_qualitative_outlook("on_track", note="đã hỗ trợ 95% hộ", target_year=2025)
    assert judged.code == OutlookCode.ON_TRACK
    assert "đánh giá định tính" in judged.explanation
    assert "đã hỗ trợ 95% hộ" in judged.explanation
    assert assess_qualitative_outlook(None).code == OutlookCode.INSUFFICIENT_DATA
    with pytest.raises(ValueError):
        assess_qualitative_outlook("excellent")


def test_bad_arguments():
    with pytest.raises(ValueError, match="assess_band_outlook"):
        assess_outlook({}, direction="band", target_value=3, target_year=2030)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="method"):
        assess_outlook({}, direction="up", target_value=3, target_year=2030, method="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="target year"):
        assess_outlook({}, direction="up", target_value=3, target_year=None)
    with pytest.raises(ValueError, match="limit_factor"):
        assess_outlook({}, direction="up", target_value=None, target_year=None, limit_factor=-1)


# --- properties -------------------------------------------------------------------------------------

values = st.floats(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False).filter(
    lambda v: v == 0 or abs(v) >= 1e-3
)
methods = st.sampled_from(["open_sdg", "unsd"])
targets = st.one_of(st.none(), values, st.sampled_from([0.0, 100.0]))


@st.composite
def cases(draw):
    base_year = draw(st.integers(min_value=2010, max_value=2024))
    current_year = draw(st.integers(min_value=base_year, max_value=2026))
    target_year = draw(st.integers(min_value=2020, max_value=2035))
    series = {base_year: draw(values)}
    for year in range(base_year + 1, current_year):
        if draw(st.booleans()):
            series[year] = draw(values)
    return series, current_year, target_year


def test_rank_orders_the_categories():
    order = ["deterioration", "limited_progress", "acceleration_needed", "on_track", "target_achieved"]
    assert [OUTLOOK_RANK[OutlookCode(code)] for code in order] == [0, 1, 2, 3, 4]
    assert OUTLOOK_RANK[OutlookCode.STAGNATION] == OUTLOOK_RANK[OutlookCode.DETERIORATION]


@given(cases(), values, values, targets, methods, st.booleans(), st.booleans())
def test_raising_the_latest_value_never_lowers_an_up_indicator(case, a, b, target, method, is_percent, strict):
    series, current_year, target_year = case
    low, high = sorted((a, b))
    kwargs = {
        "direction": "up",
        "target_value": target,
        "target_year": target_year if target is not None else None,
        "method": method,
        "is_percent": is_percent,
        "strict": strict,
    }
    lower = assess_outlook({**series, current_year: low}, **kwargs)
    higher = assess_outlook({**series, current_year: high}, **kwargs)
    if (low_rank := lower.rank) is not None and (high_rank := higher.rank) is not None:
        assert high_rank >= low_rank, (lower, higher)


@given(cases(), values, values, targets, methods, st.booleans(), st.booleans())
def test_lowering_the_latest_value_never_lowers_a_down_indicator(case, a, b, target, method, is_percent, strict):
    series, current_year, target_year = case
    low, high = sorted((a, b))
    kwargs = {
        "direction": "down",
        "target_value": target,
        "target_year": target_year if target is not None else None,
        "method": method,
        "is_percent": is_percent,
        "strict": strict,
    }
    lower = assess_outlook({**series, current_year: low}, **kwargs)
    higher = assess_outlook({**series, current_year: high}, **kwargs)
    if (low_rank := lower.rank) is not None and (high_rank := higher.rank) is not None:
        assert low_rank >= high_rank, (lower, higher)


# A decimal point between digits that is not a thousands separator (exactly three digits follow).
_MACHINE_DECIMAL = re.compile(r"\d\.(\d{1,2}|\d{4,})(?!\d)")


@given(cases(), values, targets, methods, st.sampled_from(["up", "down"]))
def test_explanation_names_the_method_and_writes_numbers_the_vietnamese_way(case, latest, target, method, direction):
    series, current_year, target_year = case
    outlook = assess_outlook(
        {**series, current_year: latest},
        direction=direction,
        target_value=target,
        target_year=target_year if target is not None else None,
        method=method,
    )
    assert METHOD_NAMES[outlook.method] in outlook.explanation
    assert ("Open SDG" in outlook.explanation) or ("UNSD" in outlook.explanation)
    assert outlook.explanation.endswith(".")
    assert not _MACHINE_DECIMAL.search(outlook.explanation), outlook.explanation
    assert "-" not in outlook.explanation  # negative numbers carry the typographic minus
    assert outlook.label in outlook.explanation.lower()


@given(cases(), values, targets, st.sampled_from(["up", "down"]))
def test_target_met_is_always_achieved(case, latest, target, direction):
    series, current_year, target_year = case
    assume(target is not None)
    met = latest >= target if direction == "up" else latest <= target
    outlook = assess_outlook(
        {**series, current_year: latest}, direction=direction, target_value=target, target_year=target_year
    )
    assert (outlook.code == OutlookCode.TARGET_ACHIEVED) is met


@given(cases(), values, values, values)
def test_band_inside_is_achieved_and_outside_never_is(case, latest, a, b):
    series, current_year, target_year = case
    low, high = sorted((a, b))
    outlook = assess_band_outlook({**series, current_year: latest}, low=low, high=high, target_year=target_year)
    inside = low <= latest <= high
    assert (outlook.code == OutlookCode.TARGET_ACHIEVED) is inside
    assert "ngưỡng" in outlook.explanation


def test_exploding_extrapolation_is_written_as_a_power_of_ten():
    outlook = assess_outlook({2015: 1, 2016: 1000}, direction="up", target_value=2000, target_year=2030, method="unsd")
    assert outlook.code == OutlookCode.ON_TRACK
    assert "× 10^45" in outlook.explanation


class TestOutlookForTarget:
    def test_a_falling_indicator_with_a_strict_target(self):
        outlook = outlook_for_target(
            {2021: 0.21, 2022: 0.095, 2023: 0.03},
            comparator="lt",
            value=1,
            value_max=None,
            target_year=2025,
            direction="down",
        )
        assert outlook.code == OutlookCode.TARGET_ACHIEVED

    def test_between_is_a_band(self):
        inside = outlook_for_target(
            {2024: 0.89}, comparator="between", value=0.88, value_max=0.9, target_year=2030, direction="up"
        )
        assert inside.code == OutlookCode.TARGET_ACHIEVED
        assert inside.rule.startswith("band")

    def test_approx_on_a_band_indicator_uses_the_tolerance(self):
        near = outlook_for_target(
            {2024: 2.08}, comparator="approx", value=2.1, value_max=None, target_year=2030, direction="band"
        )
        assert near.code == OutlookCode.TARGET_ACHIEVED
        far = outlook_for_target(
            {2023: 1.5, 2024: 1.6}, comparator="approx", value=2.1, value_max=None, target_year=2030, direction="band"
        )
        assert far.code != OutlookCode.TARGET_ACHIEVED

    def test_yes_no_and_qualitative_take_a_persons_answers(self):
        done = outlook_for_target(
            {},
            comparator="yes_no",
            value=None,
            value_max=None,
            target_year=2030,
            direction="up",
            answers={2024: False, 2025: True},
        )
        assert done.code == OutlookCode.TARGET_ACHIEVED
        unjudged = outlook_for_target(
            {2024: 0.1}, comparator="qualitative", value=None, value_max=None, target_year=2030, direction="down"
        )
        assert unjudged.code == OutlookCode.INSUFFICIENT_DATA

    def test_the_worked_example_through_a_structured_target(self):
        outlook = outlook_for_target(
            {2015: 5, 2016: 6}, comparator="ge", value=9, value_max=None, target_year=2030, direction="up"
        )
        assert outlook.code == OutlookCode.ON_TRACK
        assert outlook.required_growth is not None and outlook.observed_growth is not None
