"""Importing DHIS2 dataValueSets (ansinh.exchange.services.import_dhis2) with DHIS2's own sample."""

import csv
import io
import json
from collections import Counter
from decimal import Decimal

import pytest
from dhis2_support import (  # noqa: F401
    malaria_fixture,
    mapped_in,
    operand,
    sample_text_fixture,
    sample_values_fixture,
    sierra_leone_fixture,
)

from ansinh.audit.models import AuditEvent
from ansinh.exchange.formats.dhis2_values import CREATE, UPDATE
from ansinh.exchange.selectors import code_table, mapping_table
from ansinh.exchange.services.common import ExchangeError
from ansinh.exchange.services.dhis2_import import import_dhis2
from ansinh.exchange.services.mappings import load_dhis2_mapping
from ansinh.programs.models import Program
from ansinh.reporting.models import DataValue, Report, ReportingPeriod
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import get_or_open_period
from ansinh.rules.periods import PeriodKey

pytestmark = pytest.mark.django_db


def stored(program: Program) -> dict[tuple, tuple]:
    """Every figure of the programme: (period, unit, indicator, disaggregation) → (value, num, den, achieved, note)."""
    return {
        (
            str(value.report.period.key.year) + value.report.period.kind + str(value.report.period.number),
            value.report.unit.code,
            value.indicator.code,
            value.disaggregation,
        ): (value.value, value.numerator, value.denominator, value.achieved, value.note)
        for value in DataValue.objects.filter(report__period__program=program).select_related(
            "report__period", "report__unit", "indicator"
        )
    }


def nothing_written(program: Program) -> bool:
    return (
        not DataValue.objects.exists()
        and not Report.objects.exists()
        and not ReportingPeriod.objects.filter(program=program).exists()
        and not AuditEvent.objects.filter(action__startswith="datavalue").exists()
        and not AuditEvent.objects.filter(action="exchange.dhis2.import").exists()
    )


def test_the_real_sample_imports_every_mapped_value_and_lists_the_others(malaria, sample_text, sample_values):
    mapped = mapped_in(sample_values)
    assert len(sample_values) == 231 and len(mapped) == 24

    summary = import_dhis2(malaria, sample_text, mapping_table(malaria))

    assert (summary.total, summary.imported, summary.updated, summary.ignored) == (231, 24, 0, 0)
    assert summary.conflicting == 231 - 24
    # Every unmapped data element is listed once, with as many values as the file holds for it.
    unmapped = Counter(value["dataElement"] for value in sample_values if value not in mapped)
    by_element = {conflict.object: conflict for conflict in summary.conflicts}
    assert {code: conflict.count for code, conflict in by_element.items()} == dict(unmapped)
    assert {conflict.code for conflict in summary.conflicts} == {"unmapped_data_element"}
    stockout = by_element["mIefFUftPpa"]
    position = next(index for index, value in enumerate(sample_values, 1) if value["dataElement"] == "mIefFUftPpa")
    assert stockout.message == "Phần tử dữ liệu “mIefFUftPpa” chưa có trong bảng ánh xạ."
    assert stockout.where == (f"giá trị thứ {position}",)

    figures = stored(malaria)
    # 12 RDT values make 6 rates; 3 + 1 + 1 + 1 + 3 + 3 single values.
    assert len(figures) == 6 + 3 + 1 + 1 + 1 + 3 + 3
    # The rate follows from numerator and denominator (40 positive of 200 tested, boys 0-4).
    boys = figures[("2019month12", "SL-BO", "1", "Giới tính=Nam;Nhóm tuổi=0-4")]
    assert boys[:3] == (Decimal(20), Decimal(40), Decimal(200))
    assert figures[("2018year1", "SL-BO", "3", "")][0] == Decimal(200000)
    assert figures[("2019month12", "SL-BO", "2", "Nhóm tuổi=15+")][0] == Decimal(200)
    # A DHIS2 boolean reaches a yes/no indicator; its comment becomes the note.
    assert figures[("2019month12", "SL-BO", "5", "")][3:] == (True, "Important!")
    # One report per (period, unit); the month and the year of the sample.
    assert sorted(str(report.period) for report in Report.objects.all()) == ["Năm 2018", "Tháng 12/2019"]
    assert summary.reports == 2
    assert DataValue.objects.filter(source="Nhập từ DHIS2").count() == len(figures)


def test_every_mapped_value_matches_the_file(malaria, sample_text, sample_values):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    figures = stored(malaria)
    table = mapping_table(malaria)
    for value in mapped_in(sample_values):
        target = table.element(*operand(value))
        kind = "year1" if value["period"] == "2018" else "month12"
        period = value["period"][:4] + kind
        stored_value = figures[(period, "SL-BO", target.indicator, target.disaggregation)]
        position = {"value": 0, "numerator": 1, "denominator": 2}[target.field]
        if value["value"] in ("true", "false"):
            assert stored_value[3] is (value["value"] == "true")
        else:
            assert stored_value[position] == Decimal(value["value"])


def test_importing_again_reports_every_value_unchanged(malaria, sample_text):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    changes = AuditEvent.objects.filter(action="datavalue.save").count()
    again = import_dhis2(malaria, sample_text, mapping_table(malaria))
    assert (again.imported, again.updated, again.ignored, again.conflicting) == (0, 0, 24, 207)
    assert AuditEvent.objects.filter(action="datavalue.save").count() == changes


def test_a_changed_value_is_updated_and_what_the_file_cannot_say_is_kept(malaria, sample_text):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    deaths = DataValue.objects.get(indicator__code="2", disaggregation="Nhóm tuổi=0-4")
    deaths.evidence = "Sổ tử vong của huyện"
    deaths.note = "Đã đối chiếu"
    deaths.save()
    data = json.loads(sample_text)
    for value in data["dataValues"]:
        if value["dataElement"] == "GxlrIgMyEf4" and value["categoryOptionCombo"] == "oPcWGgS2Liz":
            value["value"] = "135"
    summary = import_dhis2(malaria, json.dumps(data), mapping_table(malaria))
    assert (summary.imported, summary.updated, summary.ignored) == (0, 1, 23)
    deaths.refresh_from_db()
    assert (deaths.value, deaths.evidence, deaths.note) == (Decimal(135), "Sổ tử vong của huyện", "Đã đối chiếu")
    assert deaths.changes.first().before["value"] == "134"


def test_a_broken_file_changes_nothing(malaria, sample_text):
    with pytest.raises(ExchangeError) as raised:
        import_dhis2(malaria, sample_text[: len(sample_text) // 2], mapping_table(malaria))
    assert raised.value.message.startswith("Tệp JSON hỏng (dòng ")
    assert nothing_written(malaria)


def test_a_mapped_value_that_is_not_a_number_refuses_the_whole_file(malaria, sample_text):
    data = json.loads(sample_text)
    deaths = next(index for index, value in enumerate(data["dataValues"], 1) if value["dataElement"] == "GxlrIgMyEf4")
    data["dataValues"][deaths - 1]["value"] = "13,4"
    # An unmapped value that is not a number is only a conflict: it is never read.
    data["dataValues"][1]["value"] = "không phải số"  # FRbgzTZ74Hh
    with pytest.raises(ExchangeError) as raised:
        import_dhis2(malaria, json.dumps(data), mapping_table(malaria))
    assert raised.value.message == "Tệp có 1 lỗi; chưa nhập gì."
    assert raised.value.errors[0].startswith(
        f"giá trị thứ {deaths}: “GxlrIgMyEf4.oPcWGgS2Liz” — “13,4” không phải là số"
    )
    assert nothing_written(malaria)


def test_a_broken_file_after_a_good_import_leaves_the_good_figures_alone(malaria, sample_text):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    before = stored(malaria)
    data = json.loads(sample_text)
    for value in data["dataValues"]:
        if value["dataElement"] == "GxlrIgMyEf4":
            value["value"] = str(int(value["value"]) + 1)  # would be an update …
    numerator = next(value for value in data["dataValues"] if value["dataElement"] == "vTRrNdOOT9g")
    data["dataValues"].remove(numerator)
    denominator = next(value for value in data["dataValues"] if value["dataElement"] == "pmRn0GsUfr6")
    denominator["value"] = "999"  # … but a denominator now stands without its numerator
    with pytest.raises(ExchangeError) as raised:
        import_dhis2(malaria, json.dumps(data), mapping_table(malaria))
    assert "có mẫu số mà thiếu tử số" in raised.value.errors[0]
    assert stored(malaria) == before


def test_a_rate_refused_by_the_reporting_rules_refuses_the_file(malaria, sample_text):
    """The real sample has 290 positive of 190 tested by microscopy (girls 0-4): as a percentage that
    cannot be, so mapping DHIS2's slide positivity rate refuses the whole file."""
    extra = (
        '\n[[element]]\ndata_element = "enVf9I39FRZ"\nindicator = "8"\nfield = "numerator"\n'
        'category_option_combos = ["b449dBrOSFK", "t5FrQ0GTvGf", "j21YQgQ9GzP", "bWFxj7MF1qR", "AroSt3y4ir0", "kQBGXKMwoqR"]\n'
        '\n[[element]]\ndata_element = "DPNsg3wjxGm"\nindicator = "8"\nfield = "denominator"\n'
        'category_option_combos = ["b449dBrOSFK", "t5FrQ0GTvGf", "j21YQgQ9GzP", "bWFxj7MF1qR", "AroSt3y4ir0", "kQBGXKMwoqR"]\n'
    )
    from dhis2_support import MAPPING_TOML

    load_dhis2_mapping(MAPPING_TOML.read_text(encoding="utf-8") + extra)
    with pytest.raises(ExchangeError) as raised:
        import_dhis2(malaria, sample_text, mapping_table(malaria))
    assert raised.value.message == "Có ô nhập chưa hợp lệ; chưa lưu thay đổi nào."
    assert any("Tử số (290) lớn hơn mẫu số (190)" in error for error in raised.value.errors)
    assert any(error.startswith("giá trị thứ ") and "chỉ tiêu 8" in error for error in raised.value.errors)
    assert nothing_written(malaria)


def test_a_dry_run_reports_the_same_and_writes_nothing(malaria, sample_text):
    dry = import_dhis2(malaria, sample_text, mapping_table(malaria), dry_run=True)
    assert dry.dry_run and dry.message().startswith("Chạy thử, chưa ghi gì: 231 giá trị trong tệp — 24 mới")
    assert nothing_written(malaria)
    real = import_dhis2(malaria, sample_text, mapping_table(malaria))
    assert (dry.imported, dry.updated, dry.ignored, dry.conflicts) == (
        real.imported,
        real.updated,
        real.ignored,
        real.conflicts,
    )


def sample_as_csv(values: list[dict], *, header: bool) -> str:
    """The sample in DHIS2's CSV, written here with the csv module, not with the code under test."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(["dataelement", "period", "orgunit", "catoptcombo", "attroptcombo", "value", "storedby",
                         "lastupdated", "comment", "followup"])  # fmt: skip
    for value in values:
        writer.writerow(
            [
                value["dataElement"],
                value["period"],
                value["orgUnit"],
                value["categoryOptionCombo"],
                value["attributeOptionCombo"],
                value["value"],
                value.get("storedBy", ""),
                value.get("lastUpdated", ""),
                value.get("comment", ""),
                str(value.get("followup", False)).lower(),
            ]
        )
    return buffer.getvalue()


@pytest.mark.parametrize("header", [True, False])
def test_the_same_values_in_csv_import_the_same(malaria, sample_text, sample_values, header):
    from_json = import_dhis2(malaria, sample_text, mapping_table(malaria), dry_run=True)
    summary = import_dhis2(
        malaria, sample_as_csv(sample_values, header=header), mapping_table(malaria), data_format="csv"
    )
    assert (summary.total, summary.imported, summary.conflicting) == (231, 24, 207)
    assert [(c.code, c.object, c.count) for c in summary.conflicts] == [
        (c.code, c.object, c.count) for c in from_json.conflicts
    ]
    assert summary.conflicts[0].where[0] == ("dòng 3" if header else "dòng 2")  # FRbgzTZ74Hh, the second value
    json_figures = stored(malaria)
    DataValue.objects.all().delete()
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    assert stored(malaria) == json_figures


def test_unmapped_units_weeks_and_locked_reports_are_conflicts_while_the_rest_imports(malaria, sample_text):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    yearly = Report.objects.get(period__kind="year")
    submit_report(yearly)
    approve_report(yearly)

    data = json.loads(sample_text)
    deaths = next(value for value in data["dataValues"] if value["dataElement"] == "GxlrIgMyEf4")
    data["dataValues"] += [
        {**deaths, "orgUnit": "DiszpKrYNg8", "value": "3"},  # Ngelehun CHC: not in the mapping
        {**deaths, "period": "2019W5", "value": "4"},  # a week
        {**deaths, "period": "2021", "value": "5"},  # after the programme
        {**deaths, "period": "201911", "attributeOptionCombo": "abcdefghijk", "value": "6"},
        {**deaths, "period": "201911", "categoryOptionCombo": "HllvX50cXC0", "value": "7"},  # combo not mapped
        {**deaths, "period": "201911", "value": ""},
        {**deaths, "period": "201910", "value": "8"},  # imports
    ]
    for value in data["dataValues"]:
        if value["period"] == "2018":
            value["value"] = str(int(value["value"]) + 1)  # the approved year report would change
    summary = import_dhis2(malaria, json.dumps(data), mapping_table(malaria))

    reasons = {conflict.code: conflict for conflict in summary.conflicts}
    assert reasons["unmapped_org_unit"].object == "DiszpKrYNg8"
    assert reasons["unsupported_period"].message.startswith("Mã kỳ “2019W5” không được hỗ trợ")
    assert reasons["period_outside_program"].message == "Năm 2021 nằm ngoài thời gian của chương trình (2018–2020)."
    assert reasons["attribute_option_combo"].object == "abcdefghijk"
    assert reasons["unmapped_category_option_combo"].object == "GxlrIgMyEf4"
    assert reasons["empty_value"].count == 1
    locked = reasons["locked_report"]
    assert locked.object == "SL-BO 2018" and locked.count == 5  # cOVhTyW8zN6, tpz77FcntKx, 3 × dFaBg0HpoIL
    assert "đang ở trạng thái “Đã duyệt”" in locked.message
    assert (summary.imported, summary.updated, summary.ignored) == (1, 0, 19)
    assert summary.total == summary.imported + summary.updated + summary.ignored + summary.conflicting
    assert DataValue.objects.get(report__period__number=10, indicator__code="2").value == Decimal(8)
    assert DataValue.objects.get(report=yearly, indicator__code="3").value == Decimal(200000)


def test_create_and_update_strategies(malaria, sample_text):
    import_dhis2(malaria, sample_text, mapping_table(malaria), strategy=UPDATE)
    assert not DataValue.objects.exists()
    first = import_dhis2(malaria, sample_text, mapping_table(malaria), strategy=CREATE)
    assert first.imported == 24
    data = json.loads(sample_text)
    for value in data["dataValues"]:
        if value["dataElement"] == "cOVhTyW8zN6":
            value["value"] = "210000"
    created_only = import_dhis2(malaria, json.dumps(data), mapping_table(malaria), strategy=CREATE)
    assert (created_only.imported, created_only.updated, created_only.ignored) == (0, 0, 24)
    updated = import_dhis2(malaria, json.dumps(data), mapping_table(malaria), strategy=UPDATE)
    assert (updated.imported, updated.updated, updated.ignored) == (0, 1, 23)
    with pytest.raises(ExchangeError, match="importStrategy “DELETE” không được hỗ trợ"):
        import_dhis2(malaria, sample_text, mapping_table(malaria), strategy="DELETE")


def test_our_own_codes_without_a_mapping(malaria, sierra_leone):
    text = json.dumps(
        {
            "dataValues": [
                {"dataElement": "1:numerator", "period": "2019Q2", "orgUnit": "SL", "categoryOptionCombo": "Giới tính=Nữ", "value": "3"},
                {"dataElement": "1:denominator", "period": "2019Q2", "orgUnit": "SL", "categoryOptionCombo": "Giới tính=Nữ", "value": "12"},
                {"dataElement": "2", "period": "2019S1", "orgUnit": "SL-BO", "value": "7", "comment": "Ước tính"},
                {"dataElement": "5", "period": "2019", "orgUnit": "SL", "value": "false"},
                {"dataElement": "5:numerator", "period": "2019", "orgUnit": "SL", "value": "1"},
                {"dataElement": "9", "period": "2019", "orgUnit": "SL", "value": "1"},
                {"dataElement": "2", "period": "2019", "orgUnit": "KHONG-CO", "value": "1"},
            ]
        }
    )  # fmt: skip
    summary = import_dhis2(malaria, text, code_table(malaria))
    assert (summary.imported, summary.conflicting) == (4, 3)
    assert {(c.code, c.object) for c in summary.conflicts} == {
        ("unmapped_data_element", "5:numerator"),
        ("unmapped_data_element", "9"),
        ("unmapped_org_unit", "KHONG-CO"),
    }
    rate = DataValue.objects.get(indicator__code="1")
    assert (rate.disaggregation, rate.value, rate.report.period.kind) == ("Giới tính=Nữ", Decimal(25), "quarter")
    assert DataValue.objects.get(indicator__code="2").note == "Ước tính"
    assert DataValue.objects.get(indicator__code="5").achieved is False


def test_an_empty_or_undecodable_file(malaria):
    empty = import_dhis2(malaria, '{"dataValues": []}', mapping_table(malaria))
    assert (empty.total, empty.reports) == (0, 0)
    with pytest.raises(ExchangeError, match="không phải văn bản UTF-8"):
        import_dhis2(malaria, b"\xff\xfe\x00d", mapping_table(malaria), data_format="csv")
    with pytest.raises(ExchangeError, match="Định dạng “xml” không được hỗ trợ"):
        import_dhis2(malaria, "<dataValueSet/>", mapping_table(malaria), data_format="xml")


def test_a_closed_period_takes_no_figures_while_the_others_import(malaria, sample_text):
    closed = get_or_open_period(malaria, PeriodKey(2018, "year"))
    ReportingPeriod.objects.filter(pk=closed.pk).update(is_open=False)
    summary = import_dhis2(malaria, sample_text, mapping_table(malaria))
    refused = next(conflict for conflict in summary.conflicts if conflict.code == "period_closed")
    assert (refused.object, refused.count) == ("SL-BO 2018", 5)
    assert refused.message == "Năm 2018 đã đóng, không nhận thêm số liệu; giữ nguyên số liệu."
    assert summary.imported == 19 and not Report.objects.filter(period=closed).exists()
