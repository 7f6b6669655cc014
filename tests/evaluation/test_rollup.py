"""Roll-up of unit figures and carrying old units' figures through the 2025 reform (DESIGN.md §4)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.rollup import (
    CarriedShare,
    Succession,
    SuccessionError,
    UnitSpan,
    UnitValue,
    carry_through_successions,
    effective_shares,
    merge_reported_and_carried,
    rollup,
    units_ended_within,
    units_valid_in,
)

D = Decimal

# --- sum ------------------------------------------------------------------------------------------


def test_counts_add_up_exactly():
    result = rollup(
        [UnitValue("a", D("0.1")), UnitValue("b", D("0.2")), UnitValue("c", D("1234567890123.7"))],
        aggregation="sum",
    )
    assert result.value == D("1234567890124.0")
    assert result.complete
    assert result.units_counted == ("a", "b", "c")
    assert result.units_missing == ()
    assert result.explanation_vi == "Tổng của 3/3 đơn vị: 1.234.567.890.124; đủ số liệu các đơn vị."


counts = st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False)


@given(st.lists(counts, min_size=1, max_size=40))
def test_sum_of_parts_is_the_whole(parts):
    result = rollup([UnitValue(index, value) for index, value in enumerate(parts)], aggregation="sum")
    assert result.value == sum(parts, D(0))
    assert result.units_counted == tuple(range(len(parts)))


def test_units_without_a_figure_are_listed_and_the_result_is_partial():
    result = rollup(
        [UnitValue(1, D(10)), UnitValue(2, None), UnitValue(4, D(5))],
        aggregation="sum",
        expected_unit_ids={1, 2, 3, 4},
        unit_names={1: "Ba Đình", 2: "Hoàn Kiếm", 3: "Tây Hồ", 4: "Long Biên"},
    )
    assert result.value == 15
    assert not result.complete
    assert result.units_missing == (2, 3)
    assert result.units_counted == (1, 4)
    assert result.explanation_vi == (
        "Tổng của 2/4 đơn vị: 15; kết quả chưa đầy đủ; thiếu số liệu của 2 đơn vị: Hoàn Kiếm, Tây Hồ."
    )


def test_units_outside_the_period_are_excluded_without_making_it_partial():
    result = rollup([UnitValue("new", D(10)), UnitValue("old", D(99))], aggregation="sum", expected_unit_ids={"new"})
    assert result.value == 10
    assert result.complete
    assert [e.unit_id for e in result.units_excluded] == ["old"]
    assert "không thuộc danh sách đơn vị phải báo cáo trong kỳ" in result.units_excluded[0].reason
    assert "không tính 1 đơn vị" in result.explanation_vi


def test_nothing_reported():
    result = rollup([], aggregation="sum", expected_unit_ids={"a", "b"})
    assert result.value is None
    assert result.units_missing == ("a", "b")
    assert not result.complete
    assert result.explanation_vi.startswith("Chưa có số liệu của đơn vị nào")


def test_long_lists_of_names_are_shortened():
    result = rollup([], aggregation="sum", expected_unit_ids=set(range(30)))
    assert "và 20 đơn vị khác" in result.explanation_vi


def test_a_unit_twice_is_an_error():
    with pytest.raises(ValueError, match="twice"):
        rollup([UnitValue("a", D(1)), UnitValue("a", D(2))], aggregation="sum")


def test_unknown_aggregation():
    with pytest.raises(ValueError, match="aggregation"):
        rollup([], aggregation="median")  # type: ignore[arg-type]


# --- ratio ------------------------------------------------------------------------------------------


def test_ratio_is_sum_of_numerators_over_sum_of_denominators_not_the_mean_of_rates():
    # A small commune at 50 % and a large ward at 10 %: the city rate is 11/101, not 30 %.
    values = [
        UnitValue("small", D(50), numerator=D(1), denominator=D(2)),
        UnitValue("large", D(10), numerator=D(10), denominator=D(100)),
    ]
    result = rollup(values, aggregation="ratio", scale=D(100))
    assert result.numerator == 11
    assert result.denominator == 102
    assert result.value == D(1100) / D(102)
    mean_of_rates = (D(50) + D(10)) / 2
    assert result.value != mean_of_rates
    assert "không lấy bình quân các tỷ lệ" in result.explanation_vi
    assert "tổng tử số 11 / tổng mẫu số 102 × 100 = 10,78" in result.explanation_vi


def test_per_10000_rate():
    values = [
        UnitValue("a", None, numerator=D(3), denominator=D(20000)),
        UnitValue("b", None, numerator=D(7), denominator=D(30000)),
    ]
    result = rollup(values, aggregation="ratio", scale=10000)
    assert result.value == D(2)


def test_exact_decimal_ratio():
    values = [UnitValue("a", None, D("0.1"), D("0.3")), UnitValue("b", None, D("0.2"), D("0.6"))]
    result = rollup(values, aggregation="ratio", scale=D(3))
    assert result.numerator == D("0.3")
    assert result.denominator == D("0.9")
    assert result.value == 1


positive = st.decimals(min_value=1, max_value=10**9, places=0)


@given(st.lists(st.tuples(st.decimals(min_value=0, max_value=10**9, places=2), positive), min_size=1, max_size=30))
def test_ratio_equals_sum_over_sum(pairs):
    values = [UnitValue(i, None, numerator=n, denominator=d) for i, (n, d) in enumerate(pairs)]
    result = rollup(values, aggregation="ratio", scale=D(100))
    numerator = sum((n for n, _ in pairs), D(0))
    denominator = sum((d for _, d in pairs), D(0))
    assert result.numerator == numerator
    assert result.denominator == denominator
    assert result.value == numerator * 100 / denominator


def test_a_unit_with_only_a_rate_is_excluded_never_averaged():
    values = [
        UnitValue("a", None, numerator=D(5), denominator=D(100)),
        UnitValue("b", D(80)),  # rate only
        UnitValue("c", None, numerator=D(5), denominator=None),
        UnitValue("d", None, numerator=None, denominator=D(5)),
    ]
    result = rollup(values, aggregation="ratio", scale=D(100))
    assert result.value == 5
    assert result.units_counted == ("a",)
    assert not result.complete
    reasons = {e.unit_id: e.reason for e in result.units_excluded}
    assert "chỉ báo cáo tỷ lệ, không có tử số và mẫu số" in reasons["b"]
    assert reasons["c"] == "thiếu mẫu số"
    assert reasons["d"] == "thiếu tử số"
    assert "kết quả chưa đầy đủ" in result.explanation_vi
    assert "b (chỉ báo cáo tỷ lệ" in result.explanation_vi


def test_ratio_with_zero_denominator():
    result = rollup([UnitValue("a", None, D(0), D(0))], aggregation="ratio", scale=100)
    assert result.value is None
    assert "mẫu số" in result.explanation_vi


# --- weighted mean --------------------------------------------------------------------------------


def test_weighted_mean():
    values = [UnitValue("a", D(70), weight=D(1)), UnitValue("b", D(80), weight=D(3)), UnitValue("c", D(99))]
    result = rollup(values, aggregation="weighted_mean")
    assert result.value == D("77.5")
    assert result.numerator == D(310)
    assert result.denominator == D(4)
    assert [e.unit_id for e in result.units_excluded] == ["c"]
    assert "quyền số" in result.units_excluded[0].reason


@given(st.lists(st.tuples(counts, positive), min_size=1, max_size=30))
def test_weighted_mean_is_sum_of_products_over_sum_of_weights(pairs):
    values = [UnitValue(i, v, weight=w) for i, (v, w) in enumerate(pairs)]
    result = rollup(values, aggregation="weighted_mean")
    assert result.value == sum((v * w for v, w in pairs), D(0)) / sum((w for _, w in pairs), D(0))


# --- city only ----------------------------------------------------------------------------------


def test_city_only_takes_the_citys_own_figure_and_ignores_sub_units():
    city = UnitValue("HN", D("77.1"))
    result = rollup(
        [UnitValue("a", D(1)), UnitValue("b", D(2))], aggregation="none", city_value=city, unit_names={"HN": "Hà Nội"}
    )
    assert result.value == D("77.1")
    assert result.units_counted == ("HN",)
    assert result.complete
    assert result.explanation_vi == (
        "Chỉ tiêu chỉ do thành phố báo cáo: lấy số liệu của Hà Nội (77,1); không cộng số liệu của 2 đơn vị cấp dưới."
    )


def test_city_only_without_the_citys_figure_is_no_data():
    result = rollup([UnitValue("a", D(1))], aggregation="none", city_value=UnitValue("HN", None))
    assert result.value is None
    assert result.units_missing == ("HN",)
    assert not result.complete
    assert "chưa có số liệu: thành phố chưa báo cáo" in result.explanation_vi
    nothing = rollup([UnitValue("a", D(1))], aggregation="none")
    assert nothing.value is None
    assert not nothing.complete


@given(st.lists(counts, max_size=20), counts)
def test_city_only_never_depends_on_sub_units(parts, city):
    result = rollup(
        [UnitValue(i, v) for i, v in enumerate(parts)], aggregation="none", city_value=UnitValue("HN", city)
    )
    assert result.value == city


def test_city_figure_that_differs_from_the_sum_is_mentioned():
    result = rollup([UnitValue("a", D(1)), UnitValue("b", D(2))], aggregation="sum", city_value=UnitValue("HN", D(4)))
    assert result.value == 3
    assert "thành phố tự báo cáo 4, khác số cộng dồn" in result.explanation_vi


# --- periods and units ---------------------------------------------------------------------------

OLD_END = date(2025, 6, 30)
NEW_START = date(2025, 7, 1)
SPANS = [
    UnitSpan("district", None, OLD_END),
    UnitSpan("ward", NEW_START, None),
    UnitSpan("department", date(2000, 1, 1), None),
]


def test_a_year_crossing_the_reform_expects_the_new_units():
    assert units_valid_in(SPANS, date(2024, 12, 15), date(2025, 12, 14)) == {"ward", "department"}
    assert units_ended_within(SPANS, date(2024, 12, 15), date(2025, 12, 14)) == {"district"}


def test_a_period_closed_before_the_reform_expects_the_old_units():
    assert units_valid_in(SPANS, date(2024, 12, 15), date(2025, 6, 14)) == {"district", "department"}
    assert units_ended_within(SPANS, date(2024, 12, 15), date(2025, 6, 14)) == frozenset()


def test_the_reform_days_themselves():
    assert units_valid_in(SPANS, date(2025, 1, 1), OLD_END) == {"district", "department"}
    assert units_valid_in(SPANS, date(2025, 1, 1), NEW_START) == {"ward", "department"}
    with pytest.raises(ValueError):
        units_valid_in(SPANS, NEW_START, OLD_END)


# --- successions ----------------------------------------------------------------------------------


def test_merge_sums_old_units():
    carried = carry_through_successions(
        {"a": UnitValue("a", D(10)), "b": UnitValue("b", D(5))},
        [Succession("a", "x", None, True), Succession("b", "x", None, True)],
        "sum",
        unit_names={"a": "Phường A", "b": "Phường B"},
    )
    assert list(carried) == ["x"]
    assert carried["x"].value == 15
    assert carried["x"].estimated
    assert carried["x"].sources == (CarriedShare("a", D(1)), CarriedShare("b", D(1)))
    assert carried["x"].note_vi == "ước tính từ số liệu của các đơn vị cũ: Phường A (toàn bộ), Phường B (toàn bộ)"
    assert carried["x"].as_unit_value().estimated


def test_split_by_share_with_normalisation():
    carried = carry_through_successions(
        {"a": UnitValue("a", D(100))},
        [Succession("a", "x", D("0.6"), True), Succession("a", "y", D("0.6"), False)],
        "sum",
    )
    assert carried["x"].value == 50
    assert carried["y"].value == 50
    assert carried["y"].note_vi == "ước tính từ số liệu của các đơn vị cũ: a (50%)"


def test_split_without_shares_goes_to_the_default_successor():
    carried = carry_through_successions(
        {"a": UnitValue("a", D(100))},
        [Succession("a", "x", None, False), Succession("a", "y", None, True)],
        "sum",
    )
    assert list(carried) == ["y"]
    assert carried["y"].value == 100


def test_some_shares_missing_the_remainder_goes_to_the_default():
    shares = effective_shares(
        [Succession("a", "x", D("0.3"), False), Succession("a", "y", None, True), Succession("a", "z", None, False)]
    )
    assert shares == [("x", D("0.3")), ("y", D("0.7"))]


def test_split_without_shares_and_without_one_default_is_an_error():
    with pytest.raises(SuccessionError, match="without one default"):
        effective_shares([Succession("a", "x", None, False), Succession("a", "y", None, False)])
    with pytest.raises(SuccessionError, match="without one default"):
        effective_shares([Succession("a", "x", None, True), Succession("a", "y", None, True)])
    with pytest.raises(SuccessionError, match="negative"):
        effective_shares([Succession("a", "x", D(-1), True)])
    with pytest.raises(SuccessionError, match="twice"):
        effective_shares([Succession("a", "x", D(1), True), Succession("a", "x", D(1), False)])


def test_an_old_unit_with_a_figure_and_no_successor_is_an_error():
    with pytest.raises(SuccessionError, match="no successor"):
        carry_through_successions({"a": UnitValue("a", D(1))}, [], "sum")


def test_city_only_indicators_are_not_carried():
    with pytest.raises(ValueError, match="city-only"):
        carry_through_successions({}, [], "none")


def test_ratio_is_recomputed_from_carried_numerators_and_denominators():
    carried = carry_through_successions(
        {
            "a": UnitValue("a", D(50), numerator=D(10), denominator=D(20)),
            "b": UnitValue("b", D(10), numerator=D(30), denominator=D(300)),
        },
        [
            Succession("a", "x", D("0.5"), True),
            Succession("a", "y", D("0.5"), False),
            Succession("b", "y", None, True),
        ],
        "ratio",
        scale=D(100),
    )
    assert (carried["x"].numerator, carried["x"].denominator) == (5, 10)
    assert carried["x"].value == 50
    assert (carried["y"].numerator, carried["y"].denominator) == (35, 310)
    assert carried["y"].value == D(3500) / D(310)


def test_a_bare_rate_is_carried_only_whole_and_alone():
    alone = carry_through_successions({"a": UnitValue("a", D(42))}, [Succession("a", "x", None, True)], "ratio")
    assert alone["x"].value == 42
    mixed = carry_through_successions(
        {"a": UnitValue("a", D(42)), "b": UnitValue("b", None, D(1), D(2))},
        [Succession("a", "x", None, True), Succession("b", "x", None, True)],
        "ratio",
    )
    assert mixed["x"].value is None
    assert "không ước tính được vì đơn vị cũ a chỉ có tỷ lệ" in mixed["x"].note_vi


def test_weighted_mean_is_carried_through_its_weights():
    carried = carry_through_successions(
        {"a": UnitValue("a", D(70), weight=D(1)), "b": UnitValue("b", D(80), weight=D(3))},
        [Succession("a", "x", None, True), Succession("b", "x", None, True)],
        "weighted_mean",
    )
    assert carried["x"].value == D("77.5")
    assert carried["x"].weight == 4


def test_missing_predecessors_are_named():
    carried = carry_through_successions(
        {"a": UnitValue("a", D(10)), "b": UnitValue("b", None)},
        [Succession("a", "x", None, True), Succession("b", "x", None, True), Succession("c", "x", None, True)],
        "sum",
    )
    assert carried["x"].missing_predecessors == ("b", "c")
    assert "thiếu số liệu của đơn vị cũ: b, c" in carried["x"].note_vi


def test_reported_figures_win_over_carried_estimates_and_the_rollup_says_estimated():
    carried = carry_through_successions(
        {"d1": UnitValue("d1", D(10)), "d2": UnitValue("d2", D(20))},
        [Succession("d1", "w1", None, True), Succession("d2", "w2", None, True)],
        "sum",
    )
    merged = merge_reported_and_carried([UnitValue("w1", D(12)), UnitValue("w2", None)], carried, "sum")
    assert merged == [UnitValue("w1", D(12)), UnitValue("w2", D(20), estimated=True)]
    result = rollup(merged, aggregation="sum", expected_unit_ids={"w1", "w2"})
    assert result.value == 32
    assert result.estimated
    assert "số liệu của w2 là ước tính từ đơn vị cũ" in result.explanation_vi


# --- conservation (hypothesis) --------------------------------------------------------------------

shares = st.one_of(st.none(), st.decimals(min_value=0, max_value=5, places=4))


@st.composite
def reforms(draw):
    """Old units 0..n−1, new units "n0".."nk"; each old unit goes to one or more new units."""
    old_count = draw(st.integers(min_value=1, max_value=12))
    new_ids = [f"n{i}" for i in range(draw(st.integers(min_value=1, max_value=8)))]
    successions = []
    for old in range(old_count):
        targets = draw(st.lists(st.sampled_from(new_ids), min_size=1, max_size=len(new_ids), unique=True))
        default = draw(st.sampled_from(targets))
        for target in targets:
            successions.append(Succession(old, target, draw(shares), target == default))
    return old_count, successions


@given(reforms(), st.data())
def test_carried_counts_add_up_to_the_old_counts(reform, data):
    old_count, successions = reform
    values = {old: UnitValue(old, data.draw(counts)) for old in range(old_count)}
    carried = carry_through_successions(values, successions, "sum")
    assert all(estimate.estimated for estimate in carried.values())
    total = sum((estimate.value for estimate in carried.values() if estimate.value is not None), D(0))
    assert total == sum((item.value for item in values.values() if item.value is not None), D(0))


@given(reforms(), st.data())
def test_carried_numerators_and_denominators_add_up(reform, data):
    old_count, successions = reform
    values = {
        old: UnitValue(old, None, numerator=data.draw(counts), denominator=data.draw(positive))
        for old in range(old_count)
    }
    carried = carry_through_successions(values, successions, "ratio", scale=D(100))
    numerator = sum((e.numerator for e in carried.values() if e.numerator is not None), D(0))
    denominator = sum((e.denominator for e in carried.values() if e.denominator is not None), D(0))
    assert numerator == sum((v.numerator for v in values.values() if v.numerator is not None), D(0))
    assert denominator == sum((v.denominator for v in values.values() if v.denominator is not None), D(0))
    # Rolling the carried figures up gives the same city rate as rolling the old ones up.
    before = rollup(list(values.values()), aggregation="ratio", scale=D(100))
    after = rollup([e.as_unit_value() for e in carried.values()], aggregation="ratio", scale=D(100))
    assert after.value == before.value


@given(st.lists(shares, min_size=1, max_size=8), st.data())
def test_effective_shares_add_up_to_one(raw, data):
    default = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    successions = [Succession("a", i, share, i == default) for i, share in enumerate(raw)]
    result = effective_shares(successions)
    total = sum((share for _, share in result), D(0))
    assert abs(total - 1) < D("1e-20")
    assert all(share > 0 for _, share in result)
    known = [s for s in raw if s is not None]
    if known and sum(known) > 0 and all(s is not None for s in raw):
        # Normalised proportionally.
        for successor, share in result:
            expected = raw[successor] / sum(known)
            assert abs(share - expected) < D("1e-20")
