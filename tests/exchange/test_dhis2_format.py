"""DHIS2 dataValueSets, mapping files and the mapping of values (ansinh.exchange.dhis2): pure, no database."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from dhis2_support import MAPPING_TOML, sample_path
from hypothesis import given
from hypothesis import strategies as st

from ansinh.exchange.formats.dhis2_mapping import (
    CodeScheme,
    ElementSpec,
    ElementTarget,
    MappingTable,
    OrgUnitSpec,
    map_values,
    parse_mapping_toml,
)
from ansinh.exchange.formats.dhis2_values import (
    Conflict,
    Dhis2FormatError,
    Dhis2Value,
    format_csv,
    format_json,
    normalize_combo,
    parse_csv,
    parse_json,
)
from ansinh.rules.periods import PeriodKey

# --- reading and writing dataValueSets ---------------------------------------------------------------


def test_the_real_sample_reads_whole():
    values = parse_json(sample_path().read_text(encoding="utf-8"))
    assert len(values) == 231
    first = values[0]
    assert (first.data_element, first.period, first.org_unit, first.value) == (
        "tpz77FcntKx",
        "2018",
        "O6uvpzGd5pu",
        "500000",
    )
    # DHIS2's built-in default combo is read as the blank combo.
    assert (first.category_option_combo, first.attribute_option_combo) == ("", "")
    flagged = next(value for value in values if value.comment)
    assert (flagged.data_element, flagged.comment, flagged.followup, flagged.value) == (
        "Md3xk3vlABx",
        "Important!",
        True,
        "true",
    )
    assert values[-1].last_updated == "2019-09-02T16:01:33.994+0000"


def test_the_sets_own_period_and_org_unit_apply_to_values_that_leave_them_out():
    text = json.dumps(
        {
            "dataSet": "VEM58nY22sO",
            "period": "201912",
            "orgUnit": "O6uvpzGd5pu",
            "attributeOptionCombo": "HllvX50cXC0",
            "dataValues": [
                {"dataElement": "a", "value": 12},
                {"dataElement": "b", "period": "2019", "orgUnit": "X", "value": True},
                {"dataElement": "c", "value": 2.5, "categoryOptionCombo": "default"},
            ],
        }
    )
    a, b, c = parse_json(text)
    assert (a.period, a.org_unit, a.value) == ("201912", "O6uvpzGd5pu", "12")
    assert (b.period, b.org_unit, b.value) == ("2019", "X", "true")
    assert (c.value, c.category_option_combo) == ("2.5", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"dataValues": [', "Tệp JSON hỏng (dòng 1, cột 17)"),
        ("[1, 2]", "Tệp JSON không phải dataValueSets"),
        ('{"dataValue": []}', "Tệp JSON không phải dataValueSets"),
    ],
)
def test_an_unreadable_json_file(text, message):
    with pytest.raises(Dhis2FormatError) as raised:
        parse_json(text)
    assert raised.value.message.startswith(message)


def test_every_problem_of_a_json_file_is_listed():
    text = json.dumps(
        {
            "dataValues": [
                {"dataElement": "a", "period": "2019", "orgUnit": "X", "value": "1"},
                "not an object",
                {"period": "2019", "value": "1"},
                {"dataElement": "a", "period": "2019", "orgUnit": "X", "value": {"n": 1}},
                {"dataElement": "a", "period": "2019", "orgUnit": "X", "value": "1", "followup": "maybe"},
            ]
        }
    )
    with pytest.raises(Dhis2FormatError) as raised:
        parse_json(text)
    assert raised.value.message == "Tệp có 4 lỗi; chưa nhập gì."
    assert raised.value.errors == [
        "giá trị thứ 2: không phải một đối tượng JSON.",
        "giá trị thứ 3: thiếu dataElement, orgUnit.",
        "giá trị thứ 4: trường “value” phải là chuỗi hoặc số.",
        "giá trị thứ 5: trường “followup” phải là true hoặc false.",
    ]


def test_csv_with_and_without_a_header_row():
    rows = 'a,201912,X,HllvX50cXC0,HllvX50cXC0,12,admin,2019-12-01,"ghi chú, có dấu phẩy",true\nb,2019,Y,c1,,3\n'
    with_header = (
        "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,timestamp,comment,followup\n" + rows
    )
    assert parse_csv(rows) == parse_csv(with_header)
    a, b = parse_csv("\ufeff" + with_header)
    assert (a.data_element, a.category_option_combo, a.stored_by, a.last_updated) == ("a", "", "admin", "2019-12-01")
    assert (a.comment, a.followup) == ("ghi chú, có dấu phẩy", True)
    assert (b.category_option_combo, b.value, b.comment, b.followup) == ("c1", "3", "", False)
    assert (a.where, b.where) == ("dòng 2", "dòng 3")


def test_a_header_row_finds_columns_by_name_as_newer_dhis2_writes_them():
    text = "orgunit,period,dataelement,value,lastupdated,deleted\nX,2019,a,1,2020-01-01,false\nX,2019,b,2,,true\n"
    a, b = parse_csv(text)
    assert (a.data_element, a.org_unit, a.value, a.last_updated, a.deleted) == ("a", "X", "1", "2020-01-01", False)
    assert b.deleted
    assert parse_csv("b,2019,X,,,2,,,,false,true\n") == [b]  # without a header, "deleted" comes eleventh


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("a,2019,X,,\n", "dòng 1: có 5 cột; cần từ 6 đến 11 cột theo thứ tự của DHIS2."),
        ("a,2019,,,,1\n", "dòng 1: thiếu orgunit."),
        (
            "dataelement,period,orgunit,value,colour\na,2019,X,1,red\n",
            "dòng 1: cột “colour” không thuộc định dạng CSV của DHIS2.",
        ),
        ("dataelement,period,value\na,2019,1\n", "dòng 1: thiếu cột “orgunit”."),
        ("dataelement,period,orgunit,value\na,2019,X,1,extra\n", "dòng 2: có nhiều cột hơn dòng tiêu đề."),
        ("a,2019,X,,,1,,,,perhaps\n", "dòng 1: trường “followup” phải là true hoặc false."),
        ("a,2019,X,,,1,,,,false,true,x\n", "dòng 1: có 12 cột; cần từ 6 đến 11 cột theo thứ tự của DHIS2."),
        ("\n\nperiod,dataelement,orgunit,value,value\n", "dòng 3: cột “value” xuất hiện hai lần."),
    ],
)
def test_csv_problems(text, error):
    with pytest.raises(Dhis2FormatError) as raised:
        parse_csv(text)
    assert error in raised.value.errors


def test_an_unterminated_quote_is_a_broken_csv():
    with pytest.raises(Dhis2FormatError, match="Tệp CSV hỏng"):
        parse_csv('a,2019,X,,,"1\n')


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).map(str.strip)
_id = st.text("abcdefghijkABCDEFGHIJK0123456789_-.:=; ", min_size=1, max_size=12).map(str.strip).filter(bool)
_values = st.lists(
    st.builds(
        Dhis2Value,
        data_element=_id,
        period=_id,
        org_unit=_id,
        category_option_combo=st.one_of(st.just(""), _id).map(normalize_combo),
        attribute_option_combo=st.one_of(st.just(""), _id).map(normalize_combo),
        value=_text.filter(bool),
        stored_by=_text,
        last_updated=_text,
        comment=_text,
        followup=st.booleans(),
    ),
    max_size=8,
)


@given(_values)
def test_json_written_reads_back_the_same(values):
    assert parse_json(format_json(values)) == values


@given(_values)
def test_csv_written_reads_back_the_same(values):
    assert parse_csv(format_csv(values)) == values


def test_the_default_combo_however_written():
    assert [normalize_combo(text) for text in ("", " HllvX50cXC0 ", "default", "b449dBrOSFK")] == [
        "",
        "",
        "",
        "b449dBrOSFK",
    ]


# --- mapping files ---------------------------------------------------------------------------------


def test_the_test_mapping_file():
    spec = parse_mapping_toml(MAPPING_TOML.read_text(encoding="utf-8"))
    assert spec.program == "dhis2-malaria" and len(spec.elements) == 24 and len(spec.org_units) == 3
    rdt = [element for element in spec.elements if element.data_element == "vTRrNdOOT9g"]
    assert {element.target.field for element in rdt} == {"numerator"}
    assert rdt[1].category_option_combo == "t5FrQ0GTvGf"
    assert rdt[1].target == ElementTarget("1", "Giới tính=Nữ;Nhóm tuổi=0-4", "numerator")
    population = next(element for element in spec.elements if element.data_element == "cOVhTyW8zN6")
    assert (population.category_option_combo, population.target) == ("", ElementTarget("3", "", "value"))


def test_a_single_combo_with_its_own_disaggregation_written_in_any_order():
    spec = parse_mapping_toml(
        """
        [mapping]
        program = "p"
        [[element]]
        data_element = "DE"
        category_option_combo = "C1"
        disaggregation = " Nhóm tuổi = 0-4 ; Giới tính=Nam "
        indicator = 2
        [[element]]
        data_element = "DE"
        category_option_combo = "HllvX50cXC0"
        indicator = "2"
        """
    )
    assert spec.name == "p"
    assert [(e.category_option_combo, e.target.disaggregation, e.target.indicator) for e in spec.elements] == [
        ("C1", "Giới tính=Nam;Nhóm tuổi=0-4", "2"),
        ("", "", "2"),
    ]


def test_every_mistake_in_a_mapping_file_is_listed():
    with pytest.raises(Dhis2FormatError) as raised:
        parse_mapping_toml(
            """
            colour = "red"
            [mapping]
            program = "p"
            [category_option_combos]
            C1 = "Giới tính=Nam"
            C2 = "Thành thị"
            [[org_unit]]
            dhis2 = "OU1"
            unit = "A"
            [[org_unit]]
            dhis2 = "OU1"
            unit = "A"
            [[element]]
            data_element = "N"
            indicator = "1"
            field = "numerator"
            [[element]]
            data_element = "V"
            indicator = "2"
            field = "total"
            [[element]]
            data_element = "V"
            indicator = "2"
            [[element]]
            data_element = "W"
            indicator = "3"
            category_option_combos = ["C1", "C9"]
            [[element]]
            data_element = "X"
            indicator = "3"
            category_option_combo = "C1"
            [[element]]
            indicator = "4"
            """
        )
    assert raised.value.errors == [
        "tệp: khóa “colour” không được hỗ trợ.",
        "[category_option_combos] C2: Phân tổ “Thành thị” không viết theo dạng “Tên=Giá trị;Tên=Giá trị”, "
        "ví dụ “Giới tính=Nữ;Khu vực=Thành thị”.",
        "[[org_unit]] thứ 2: đơn vị DHIS2 “OU1” được ánh xạ hai lần.",
        "[[org_unit]] thứ 2: đơn vị “A” đã nhận một đơn vị DHIS2 khác (cần một-một để xuất ngược).",
        "[[element]] thứ 2 (V): field phải là value, numerator hoặc denominator, không phải “total”.",
        "[[element]] thứ 4 (W): tổ hợp “C9” chưa có trong [category_option_combos].",
        "[[element]] thứ 6: thiếu “data_element”.",
        "“V” được ánh xạ hai lần.",
        "“V” và “V” cùng ghi vào giá trị của chỉ tiêu 2.",
        "“W.C1” và “X.C1” cùng ghi vào giá trị của chỉ tiêu 3, phân tổ “Giới tính=Nam”.",
        "Chỉ tiêu 1 có tử số mà không có mẫu số.",
    ]


def test_the_example_in_the_documentation_is_a_valid_mapping():
    document = (Path(__file__).parents[2] / "docs" / "dhis2.md").read_text(encoding="utf-8")
    spec = parse_mapping_toml(document.split("```toml\n", 1)[1].split("```", 1)[0])
    assert len(spec.elements) == 10 and [unit.unit for unit in spec.org_units] == ["SL-BO"]
    foci = spec.elements[-1]
    assert (foci.operand, foci.target) == (
        "EHbjdbiKtd8.Ngi3BgUod0E",
        ElementTarget("6", "Phân loại ổ dịch=Đang hoạt động"),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[mapping\n", "Tệp TOML hỏng"),
        ('[element]\ndata_element = "x"\n', "Thiếu bảng [mapping]"),
    ],
)
def test_an_unreadable_mapping_file(text, message):
    with pytest.raises(Dhis2FormatError, match=message.replace("[", r"\[")):
        parse_mapping_toml(text)


# --- mapping values --------------------------------------------------------------------------------

TABLE = MappingTable(
    [
        ElementSpec("POS", "M", ElementTarget("1", "Giới tính=Nam", "numerator")),
        ElementSpec("TEST", "M", ElementTarget("1", "Giới tính=Nam", "denominator")),
        ElementSpec("DEATHS", "", ElementTarget("2")),
        ElementSpec("STOCKOUT", "", ElementTarget("5")),
    ],
    [OrgUnitSpec("OU", "SL-BO")],
)
TYPES = {"1": "percent", "2": "number", "5": "yes_no"}


def value(data_element: str, the_value: str | None = "1", *, period="2019", org_unit="OU", combo="", where="v", **more):
    return Dhis2Value(data_element, period, org_unit, combo, value=the_value, where=where, **more)


def test_values_become_figures_of_a_period_and_a_unit():
    mapped = map_values(
        [
            value("POS", "40", combo="M", comment="đã kiểm", where="v1"),
            value("TEST", "200", combo="M", comment="đã kiểm", where="v2"),
            value("DEATHS", "0.123457", period="201912", where="v3"),
            value("STOCKOUT", "TRUE", where="v4"),
        ],
        TABLE,
        value_types=TYPES,
        years=range(2018, 2021),
    )
    rate, deaths, stockout = mapped.cells
    assert (rate.indicator, rate.disaggregation, rate.numerator, rate.denominator, rate.value) == (
        "1",
        "Giới tính=Nam",
        Decimal(40),
        Decimal(200),
        None,
    )
    assert (rate.period, rate.org_unit, rate.comment, rate.where, rate.sources) == (
        PeriodKey(2019, "year"),
        "SL-BO",
        "đã kiểm",
        ("v1", "v2"),
        2,
    )
    assert (deaths.period, deaths.value) == (PeriodKey(2019, "month", 12), Decimal("0.123457"))
    assert (stockout.achieved, stockout.value) == (True, None)
    assert mapped.conflicts == [] and mapped.total == 4


def test_values_that_cannot_be_placed_are_conflicts_grouped_by_reason_and_object():
    mapped = map_values(
        [
            value("UNKNOWN", where="v1"),
            value("UNKNOWN", "abc", where="v2"),
            value("POS", combo="F", where="v3"),
            value("DEATHS", org_unit="OTHER", where="v4"),
            value("DEATHS", period="2019W5", where="v5"),
            value("DEATHS", period="2019BiW1", where="v6"),
            value("DEATHS", period="2017", where="v7"),
            value("DEATHS", attribute_option_combo="AOC", where="v8"),
            value("DEATHS", None, where="v9"),
            value("DEATHS", " ", where="v10"),
            value("DEATHS", deleted=True, where="v11"),
        ],
        TABLE,
        value_types=TYPES,
        years=range(2018, 2021),
    )
    assert mapped.cells == []
    assert [(c.code, c.object, c.where) for c in mapped.conflicts] == [
        ("unmapped_data_element", "UNKNOWN", ("v1", "v2")),
        ("unmapped_category_option_combo", "POS.F", ("v3",)),
        ("unmapped_org_unit", "OTHER", ("v4",)),
        ("unsupported_period", "2019W5", ("v5",)),
        ("unsupported_period", "2019BiW1", ("v6",)),
        ("period_outside_program", "2017", ("v7",)),
        ("attribute_option_combo", "AOC", ("v8",)),
        ("empty_value", "DEATHS", ("v9", "v10")),
        ("deleted_value", "DEATHS", ("v11",)),
    ]
    assert mapped.conflicts[1].message == "Tổ hợp phân tổ “F” của phần tử dữ liệu “POS” chưa có trong bảng ánh xạ."
    assert mapped.conflicts[5].message == "Năm 2017 nằm ngoài thời gian của chương trình (2018–2020)."


def test_problems_in_values_that_would_be_imported_refuse_the_file():
    with pytest.raises(Dhis2FormatError) as raised:
        map_values(
            [
                value("DEATHS", "1.234,5", where="v1"),
                value("STOCKOUT", "yes", where="v2"),
                value("DEATHS", "3", period="2020", where="v3"),
                value("DEATHS", "4", period="2020", where="v4"),
                value("POS", "4", combo="M", where="v5"),
                value("DEATHS", "1e20", period="2018", where="v6"),
            ],
            TABLE,
            value_types=TYPES,
        )
    assert raised.value.errors == [
        "v1: “DEATHS” — “1.234,5” không phải là số (tệp trao đổi ghi số dạng 1234.5, dấu chấm thập phân).",
        "v2: chỉ tiêu 5 nhận Có/Không (true hoặc false); “STOCKOUT” có giá trị “yes”.",
        "v4: trùng với v3 — cùng ghi vào giá trị của chỉ tiêu 2, kỳ 2020, đơn vị OU.",
        "v6: “DEATHS” — “1e20” không phải là số (tệp trao đổi ghi số dạng 1234.5, dấu chấm thập phân).",
        "v5: chỉ tiêu 1, phân tổ “Giới tính=Nam”, kỳ 2019, đơn vị OU có tử số mà thiếu mẫu số.",
    ]


@given(
    st.lists(
        st.builds(
            value,
            st.sampled_from(["POS", "TEST", "DEATHS", "STOCKOUT", "OTHER"]),
            st.sampled_from(["1", "2", "", None]),
            period=st.sampled_from(["2019", "2017", "2019W1", "201903"]),
            org_unit=st.sampled_from(["OU", "ELSEWHERE"]),
            combo=st.sampled_from(["", "M"]),
        ),
        max_size=12,
    )
)
def test_every_value_is_counted_once(values):
    """Whatever the mix, each value either feeds a figure or is in exactly one conflict — or the file is refused."""
    try:
        mapped = map_values(
            [v for v in values if not (v.data_element == "STOCKOUT" and v.value == "2")],
            TABLE,
            value_types=TYPES,
            years=range(2018, 2021),
        )
    except Dhis2FormatError as error:
        assert error.errors
        return
    counted = sum(cell.sources for cell in mapped.cells) + sum(conflict.count for conflict in mapped.conflicts)
    assert counted == mapped.total


def test_our_own_codes():
    scheme = CodeScheme({"1": "percent", "2": "number", "5": "yes_no"})
    assert scheme.element("1:numerator", "Giới tính=Nữ") == ElementTarget("1", "Giới tính=Nữ", "numerator")
    assert scheme.element("2", "HllvX50cXC0") == ElementTarget("2", "", "value")
    assert scheme.element("5", "") == ElementTarget("5")
    assert scheme.element("5:denominator", "") is None
    assert scheme.element("9", "") is None
    assert scheme.org_unit("SL-BO") == "SL-BO"
    assert scheme.reverse_element(ElementTarget("1", "Giới tính=Nữ", "denominator")) == (
        "1:denominator",
        "Giới tính=Nữ",
    )
    assert TABLE.reverse_element(ElementTarget("1", "Giới tính=Nam", "numerator")) == ("POS", "M")
    assert TABLE.reverse_org_unit("SL-BO") == "OU" and TABLE.reverse_org_unit("SL") is None


def test_a_stored_conflict_keeps_its_count_and_the_first_places():
    conflict = Conflict("unmapped_data_element", "X", "…", tuple(f"dòng {n}" for n in range(1, 151)))
    stored = conflict.as_dict()
    assert (stored["count"], len(stored["where"]), stored["where"][-1]) == (150, 100, "dòng 100")
