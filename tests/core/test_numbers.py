from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.core.dates import format_date, format_date_long
from ansinh.core.numbers import NumberFormatError, format_number, format_percent, format_quantity, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,23", Decimal("2.23")),
        ("203.027", Decimal("203027")),
        ("6.227.000", Decimal("6227000")),
        ("0,095", Decimal("0.095")),
        ("2,23%", Decimal("2.23")),
        (" 1.234,5 ", Decimal("1234.5")),
        ("160000", Decimal("160000")),
        ("-1,5", Decimal("-1.5")),
        ("2.5", Decimal("2.5")),
        ("76", Decimal("76")),
        ("1 234", Decimal("1234")),
    ],
)
def test_parse_number_reads_vietnamese_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "abc", "2,2,3", "1.23.456", "12,3.4", "hai", "--1", "1e5", "%"])
def test_parse_number_rejects_what_is_not_a_number_with_a_vietnamese_message(text):
    with pytest.raises(NumberFormatError) as error:
        parse_number(text)
    assert "giá trị" in str(error.value) or "không phải là số" in str(error.value)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("6227000"), None, "6.227.000"),
        (Decimal("2.23"), None, "2,23"),
        (Decimal("0.0950"), None, "0,095"),
        (Decimal("20990"), None, "20.990"),
        (Decimal("2.225"), 2, "2,23"),  # half-up, as administrative figures are rounded
        (Decimal("2.235"), 2, "2,24"),
        (Decimal("-1234.5"), None, "-1.234,5"),
        (Decimal("-0.0001"), 2, "0"),
        (0, None, "0"),
        (None, None, "—"),
    ],
)
def test_format_number_writes_vietnamese_numbers(value, places, expected):
    assert format_number(value, places) == expected


def test_format_percent_and_quantity_put_no_space_before_percent():
    assert format_percent(Decimal("2.23")) == "2,23%"
    assert format_quantity(Decimal("8"), "‰") == "8‰"
    assert format_quantity(Decimal("203027"), "lượt người/năm") == "203.027 lượt người/năm"
    assert format_quantity(None, "%") == "—"


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False, allow_infinity=False))
def test_formatting_then_parsing_gives_the_number_back(value):
    assert parse_number(format_number(value)) == value


def test_dates_the_vietnamese_way():
    from datetime import date

    assert format_date(date(2024, 3, 5)) == "05/03/2024"
    assert format_date_long(date(2024, 3, 5)) == "ngày 05 tháng 3 năm 2024"
    assert format_date_long(date(2024, 2, 15)) == "ngày 15 tháng 02 năm 2024"
