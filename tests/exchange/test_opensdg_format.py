"""Open SDG tidy CSV, the canonical disaggregation key and plain decimals (ansinh.exchange.formats.opensdg): pure."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.exchange.formats.opensdg import (
    DisaggregationKeyError,
    OpenSdgFormatError,
    TidyRow,
    canonical_disaggregation,
    disaggregation_key,
    disaggregation_pairs,
    format_tidy_csv,
    parse_plain_decimal,
    parse_tidy_csv,
    plain_text,
)

# --- the canonical disaggregation key --------------------------------------------------------------


def test_the_key_sorts_names_and_drops_empty_columns():
    assert disaggregation_key({"Urban/rural": "Urban", "Sex": "Female", "Age": ""}) == "Sex=Female;Urban/rural=Urban"
    assert disaggregation_key([(" Giới tính ", " Nữ ")]) == "Giới tính=Nữ"
    assert disaggregation_key({}) == disaggregation_key({"Sex": " "}) == ""


def test_pairs_of_a_key():
    assert disaggregation_pairs("Urban/rural=Urban; Sex=Female") == {"Sex": "Female", "Urban/rural": "Urban"}
    assert disaggregation_pairs("Công thức=a=b") == {"Công thức": "a=b"}
    assert disaggregation_pairs("  ") == {}
    assert canonical_disaggregation(" Nhóm tuổi=0-4;Giới tính=Nam") == "Giới tính=Nam;Nhóm tuổi=0-4"


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ({"a=b": "c"}, "Tên phân tổ “a=b” không được chứa dấu “=”."),
        ({"Sex": "Male;Female"}, "Giá trị phân tổ “Male;Female” không được chứa dấu “;”."),
        ({"": "Nữ"}, "Giá trị phân tổ “Nữ” thiếu tên phân tổ."),
        ([("Sex", "F"), ("Sex ", "M")], "Phân tổ “Sex” xuất hiện hai lần."),
        ({"Tên": "x" * 130}, "dài quá 128 ký tự"),
    ],
)
def test_what_cannot_be_a_key(pairs, message):
    with pytest.raises(DisaggregationKeyError, match=message):
        disaggregation_key(pairs)


@pytest.mark.parametrize("key", ["Thành thị", "Sex=", "=Female", "Sex=Female;;Age=5"])
def test_free_text_is_not_a_canonical_key(key):
    with pytest.raises(DisaggregationKeyError, match="không viết theo dạng"):
        disaggregation_pairs(key)


_part = st.text(
    st.characters(blacklist_characters="=;", blacklist_categories=("Cs", "Cc", "Zs")), min_size=1, max_size=6
)


@given(st.dictionaries(_part, _part, max_size=4))
def test_a_key_is_the_same_whatever_the_order_and_reads_back(pairs):
    key = disaggregation_key(pairs)
    assert key == disaggregation_key(list(reversed(list(pairs.items()))))
    assert disaggregation_pairs(key) == pairs
    assert canonical_disaggregation(key) == key


# --- plain decimals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", "12"),
        (" 2.23 ", "2.23"),
        ("-0.5", "-0.5"),
        ("1.500", "1.5"),
        (".5", "0.5"),
        ("7.", "7"),
        ("0.123457", "0.123457"),
    ],
)
def test_plain_decimals(text, number):
    assert parse_plain_decimal(text) == Decimal(number)


@pytest.mark.parametrize(
    ("text", "message"),
    [("0.1234565", "quá 6 chữ số thập phân"), ("100000000000000", "quá lớn"), ("٢٣", "không phải là số")],
)
def test_a_seventh_decimal_a_huge_number_or_other_digits_are_refused(text, message):
    with pytest.raises(ValueError, match=message):
        parse_plain_decimal(text)


@pytest.mark.parametrize("text", ["2,23", "1.234,5", "6.227.000", "1e3", "", "abc", "12%"])
def test_what_is_not_a_plain_decimal(text):
    with pytest.raises(ValueError, match="không phải là số"):
        parse_plain_decimal(text)


def test_a_number_too_large_to_store():
    with pytest.raises(ValueError, match="quá lớn"):
        parse_plain_decimal("100000000000000")
    assert parse_plain_decimal("99999999999999.999999") == Decimal("99999999999999.999999")


@given(st.decimals(min_value=-(10**13), max_value=10**13, places=6))
def test_a_stored_figure_written_plain_reads_back(number):
    assert parse_plain_decimal(plain_text(number)) == number
    assert "E" not in plain_text(number) and "," not in plain_text(number)


def test_plain_text_drops_the_storage_scale():
    assert [plain_text(Decimal(text)) for text in ("2.230000", "203027.000000", "-0.000000", "0.000001")] == [
        "2.23",
        "203027",
        "0",
        "0.000001",
    ]


# --- tidy CSV --------------------------------------------------------------------------------------

TIDY = """Year,Units,Sex,Urban/rural,GeoCode,Value
2020,%,,,,4.5
2020,%,Female,,,4.1
2020,%,Female,Urban,,3.9
2021,%,,,00004,2.25
2021,%,,,00004,
"""


def test_reading_a_tidy_file():
    with pytest.raises(OpenSdgFormatError) as raised:
        parse_tidy_csv(TIDY)
    assert raised.value.errors == ["dòng 6: trùng năm, đơn vị và phân tổ với dòng 5."]

    table = parse_tidy_csv(TIDY.replace("2021,%,,,00004,\n", "2022,%,,,00004,\n"))
    assert table.dimensions == ["Sex", "Urban/rural"] and table.has_geocode and table.has_units
    assert table.rows == [
        TidyRow(2020, Decimal("4.5"), "", "", "%"),
        TidyRow(2020, Decimal("4.1"), "Sex=Female", "", "%"),
        TidyRow(2020, Decimal("3.9"), "Sex=Female;Urban/rural=Urban", "", "%"),
        TidyRow(2021, Decimal("2.25"), "", "00004", "%"),
        TidyRow(2022, None, "", "00004", "%"),
    ]
    assert [row.where for row in table.rows] == ["dòng 2", "dòng 3", "dòng 4", "dòng 5", "dòng 6"]


def test_the_smallest_tidy_file():
    table = parse_tidy_csv("\ufeffyear,value\n2024,1\n\n")
    assert table.rows == [TidyRow(2024, Decimal(1))] and table.dimensions == [] and not table.has_geocode


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("Value,Year\n", ["Cột đầu tiên phải là “Year”.", "Cột cuối cùng phải là “Value”."]),
        ("Year,Sex,Sex,Value\n", ["Cột “Sex” xuất hiện hai lần."]),
        ("Year,,Value\n", ["Cột thứ 2 không có tên."]),
        (
            "Year,Value,Sex,Value\n",
            ["Cột “Value” chỉ được đứng ở đầu (Year) hoặc cuối (Value).", "Cột “Value” xuất hiện hai lần."],
        ),
        ("Year,Giới=tính,Value\n", ["Tên cột “Giới=tính” không được chứa dấu “=” hoặc “;”."]),
        ("Year,Sex,Value\n20x0,F,1\n", ["dòng 2: năm “20x0” không hợp lệ."]),
        ("Year,Sex,Value\n2020,F,1\n2020,F\n", ["dòng 3: có 2 cột, dòng tiêu đề có 3 cột."]),
        ("Year,Sex,Value\n2020,F;M,1,5\n", ["dòng 2: có 4 cột, dòng tiêu đề có 3 cột."]),
        ("Year,Sex,Value\n2020,F;M,1\n", ["dòng 2: Giá trị phân tổ “F;M” không được chứa dấu “;”."]),
        (
            'Year,Sex,Value\n2020,F,"2,5"\n',
            ["dòng 2: “2,5” không phải là số (tệp trao đổi ghi số dạng 1234.5, dấu chấm thập phân)."],
        ),
    ],
)
def test_a_tidy_file_that_cannot_be_read(text, errors):
    with pytest.raises(OpenSdgFormatError) as raised:
        parse_tidy_csv(text)
    assert raised.value.errors == errors


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Tệp trống: cần dòng tiêu đề Year, …, Value."), ('Year,Value\n2020,"1\n', "Tệp CSV hỏng")],
)
def test_an_empty_or_broken_tidy_file(text, message):
    with pytest.raises(OpenSdgFormatError, match=message):
        parse_tidy_csv(text)


def test_writing_puts_year_first_geocode_second_to_last_and_value_last():
    rows = [
        TidyRow(2020, Decimal("4.500000")),
        TidyRow(2020, Decimal("4.1"), "Sex=Female"),
        TidyRow(2021, Decimal("2.25"), "Urban/rural=Urban", "00004"),
    ]
    assert format_tidy_csv(rows, units="%", geocodes=True) == (
        "Year,Units,Sex,Urban/rural,GeoCode,Value\n2020,%,,,,4.5\n2020,%,Female,,,4.1\n2021,%,,Urban,00004,2.25\n"
    )
    assert format_tidy_csv(rows[:1]) == "Year,Value\n2020,4.5\n"


_rows = st.lists(
    st.builds(
        TidyRow,
        st.integers(1900, 2200),
        st.decimals(min_value=-(10**9), max_value=10**9, places=6),
        st.dictionaries(st.sampled_from(["Giới tính", "Khu vực", "Series"]), _part, max_size=3).map(disaggregation_key),
        st.sampled_from(["", "00004", "W25-1"]),
    ),
    max_size=8,
    unique_by=lambda row: (row.year, row.geocode, row.disaggregation),
)


@given(_rows)
def test_a_written_file_reads_back_the_same(rows):
    table = parse_tidy_csv(format_tidy_csv(rows, units="người", geocodes=True))
    assert table.rows == [TidyRow(row.year, row.value, row.disaggregation, row.geocode, "người") for row in rows]
