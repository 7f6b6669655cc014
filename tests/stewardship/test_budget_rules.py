"""The pure rules of a budget: the checks of a line, the disbursement rate, sums that keep "not reported" apart
from zero, and amounts written as Vietnamese reports write them."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.core.numbers import parse_number
from ansinh.rules.budget import (
    AMOUNT_FIELDS,
    BILLION,
    MILLION,
    Amounts,
    add_amounts,
    amount_problems,
    below_threshold,
    disbursement_rate,
    format_money,
)

dong = st.integers(min_value=0, max_value=10**16).map(Decimal)
maybe = st.one_of(st.none(), dong)
amounts = st.builds(Amounts, estimate=maybe, allocated=maybe, disbursed=maybe, settled=maybe)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal(20_990) * BILLION, "20.990 tỷ đồng"),
        (Decimal("1234567890"), "1,23 tỷ đồng"),
        (Decimal("1250500000"), "1,25 tỷ đồng"),
        (Decimal("1250500000") / 10, "125,05 triệu đồng"),
        (Decimal(1_500_000), "1,5 triệu đồng"),
        (Decimal(500_000), "500.000 đồng"),
        (Decimal(0), "0 đồng"),
        (None, "—"),
    ],
)
def test_amounts_are_written_in_trieu_and_ty(amount, text):
    assert format_money(amount) == text


@given(dong)
def test_a_written_amount_reads_back_within_its_rounding(amount):
    number, _, unit = format_money(amount).partition(" ")
    scale = {"tỷ": BILLION, "triệu": MILLION, "đồng": Decimal(1)}[unit.split()[0]]
    assert abs(parse_number(number) * scale - amount) <= scale / 200


def test_negative_and_fractional_amounts_are_refused_in_vietnamese():
    problems = amount_problems(Amounts(allocated=Decimal(-5), disbursed=Decimal("2.5")))
    assert any("Giao không thể là số âm" in p for p in problems)
    assert any("Giải ngân ghi bằng đồng" in p for p in problems)
    assert amount_problems(Amounts()) == ["Cần ghi ít nhất một số tiền (dự toán, giao, giải ngân hoặc quyết toán)."]


@given(dong, dong, st.text(max_size=5))
def test_disbursed_above_allocated_needs_a_note(allocated, disbursed, note):
    problems = amount_problems(Amounts(allocated=allocated, disbursed=disbursed), note)
    refused = any("cần ghi chú lý do" in p for p in problems)
    assert refused == (disbursed > allocated and not note.strip())


@given(st.lists(amounts, max_size=6))
def test_sums_keep_not_reported_apart_from_zero(rows):
    total = add_amounts(rows)
    for name in AMOUNT_FIELDS:
        reported = [row.get(name) for row in rows if row.get(name) is not None]
        assert total.get(name) == (sum(reported) if reported else None)


@given(maybe, maybe, st.integers(min_value=0, max_value=100).map(Decimal))
def test_rate_and_threshold(allocated, disbursed, threshold):
    rate = disbursement_rate(allocated, disbursed)
    if allocated is None or disbursed is None or allocated == 0:
        assert rate is None and not below_threshold(rate, threshold)
    else:
        assert rate == disbursed * 100 / allocated
        assert below_threshold(rate, threshold) == (disbursed * 100 < threshold * allocated)
