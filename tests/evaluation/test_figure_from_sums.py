"""A maintained total's figure, computed from sums alone, is the figure the roll-up gives for the same units."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.rollup import Sums, UnitValue, figure_from_sums, rollup

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def sums_of(items: list[UnitValue]) -> Sums:
    with_parts = [item for item in items if item.numerator is not None and item.denominator is not None]
    return Sums(
        value_sum=sum((item.value for item in items if item.value is not None), Decimal(0)),
        value_count=sum(1 for item in items if item.value is not None),
        numerator_sum=sum((item.numerator for item in with_parts if item.numerator is not None), Decimal(0)),
        denominator_sum=sum((item.denominator for item in with_parts if item.denominator is not None), Decimal(0)),
        parts_count=len(with_parts),
    )


@given(st.lists(st.one_of(st.none(), amounts), max_size=30))
def test_a_sum_is_the_roll_up_of_the_same_counts(values):
    items = [UnitValue(unit_id=n, value=value) for n, value in enumerate(values)]

    assert figure_from_sums(sums_of(items), aggregation="sum") == rollup(items, aggregation="sum").value


@given(
    st.lists(st.tuples(amounts, st.decimals(min_value=1, max_value=10**9, places=2)), max_size=30),
    st.sampled_from([1, 100, 1000, 100000]),
)
def test_a_rate_is_the_ratio_of_sums_as_the_roll_up_computes_it(parts, scale):
    items = [
        UnitValue(unit_id=n, value=numerator / denominator * scale, numerator=numerator, denominator=denominator)
        for n, (numerator, denominator) in enumerate(parts)
    ]

    assert figure_from_sums(sums_of(items), aggregation="ratio", scale=scale) == (
        rollup(items, aggregation="ratio", scale=scale).value
    )


def test_rules_that_do_not_add_up_give_nothing():
    sums = Sums(Decimal(5), 1, Decimal(1), Decimal(2), 1)

    assert figure_from_sums(sums, aggregation="weighted_mean") is None
    assert figure_from_sums(sums, aggregation="none") is None
    assert figure_from_sums(Sums(Decimal(0), 0, Decimal(0), Decimal(0), 0), aggregation="ratio") is None
