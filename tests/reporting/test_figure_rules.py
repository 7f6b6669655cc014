"""rules.figures: what a figure must be before it is stored, whichever entrance brings it (pure, hypothesis)."""

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.core.numbers import NumberFormatError, parse_number
from ansinh.rules.figures import LIMIT, FigureError, FigureRule, checked_number, figure, nfc

COUNT = FigureRule("1.2", "number", whole=True)
PERCENT = FigureRule("1.1", "percent", scale=Decimal(100))
LIFE = FigureRule("3", "number", lower=Decimal(0), upper=Decimal(120))
GROWTH = FigureRule("4", "number", lower=Decimal(-100))

storable = st.decimals(min_value=-LIMIT + 1, max_value=LIMIT - 1, places=6, allow_nan=False, allow_infinity=False)


@given(storable)
def test_every_storable_number_passes_unchanged(number):
    assert checked_number(number) == number


@given(st.decimals(min_value=LIMIT, max_value=Decimal(10) ** 30, places=0), st.booleans())
def test_every_number_of_fifteen_digits_or_more_is_refused(number, negative):
    with pytest.raises(FigureError, match="quá lớn"):
        checked_number(-number if negative else number)


@given(storable, st.integers(min_value=1, max_value=9))
def test_a_seventh_decimal_is_refused_not_rounded(number, digit):
    with pytest.raises(FigureError, match="quá 6 chữ số thập phân"):
        checked_number(number + Decimal(digit).scaleb(-7))


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=1, max_value=999_999))
def test_a_head_count_takes_whole_numbers_only(whole, fraction):
    assert figure(COUNT, Decimal(whole)) == (Decimal(whole), None, None)
    with pytest.raises(FigureError, match="cần số nguyên"):
        figure(COUNT, Decimal(whole) + Decimal(fraction).scaleb(-6))


@given(storable)
def test_a_figure_is_within_the_indicators_bounds_or_refused(number):
    for rule in (COUNT, PERCENT, LIFE, GROWTH):
        upper = Decimal(100) if rule is PERCENT else rule.upper
        inside = (rule.lower is None or number >= rule.lower) and (upper is None or number <= upper)
        inside = inside and (not rule.whole or number == number.to_integral_value())
        if inside:
            assert figure(rule, number)[0] == number
        else:
            with pytest.raises(FigureError):
                figure(rule, number)


def test_life_expectancy_of_minus_three_is_refused_with_the_bound():
    with pytest.raises(FigureError, match="không nhận giá trị nhỏ hơn 0; đang là -3"):
        figure(LIFE, Decimal(-3))


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_a_rate_follows_from_its_parts_and_a_numerator_above_its_denominator_is_said_so(numerator, denominator):
    if numerator <= denominator:
        value, _, _ = figure(PERCENT, None, Decimal(numerator), Decimal(denominator))
        assert value is not None and abs(value - Decimal(numerator) * 100 / denominator) <= Decimal("0.0000005")
    else:
        with pytest.raises(FigureError) as raised:
            figure(PERCENT, None, Decimal(numerator), Decimal(denominator))
        assert str(raised.value).startswith("Tử số (") and "không thể vượt quá 100%" in str(raised.value)


@pytest.mark.parametrize("typed", ["٢٣", "२३", "1٢", "١٬٢٣٤", "２３"])
def test_digits_of_other_scripts_are_not_numbers(typed):
    with pytest.raises(NumberFormatError):
        parse_number(typed)


@given(st.text(alphabet="NữườếĐđàáạảã ", max_size=12))
def test_text_in_either_encoding_is_one_text(text):
    decomposed = unicodedata.normalize("NFD", text)
    assert nfc(decomposed) == nfc(text) == unicodedata.normalize("NFC", text)
