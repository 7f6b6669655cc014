"""Exporting approved figures as DHIS2 dataValueSets (ansinh.exchange.selectors.export_dhis2), and back."""

import json
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

from ansinh.exchange.formats.dhis2_values import parse_csv, parse_json
from ansinh.exchange.selectors import code_table, export_dhis2, mapping_table
from ansinh.exchange.services.dhis2_import import import_dhis2
from ansinh.programs.models import Program
from ansinh.reporting.models import DataValue, Report, ReportingPeriod
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.values import ValueInput, save_values

pytestmark = pytest.mark.django_db


def approve_all() -> None:
    for report in Report.objects.all():
        approve_report(submit_report(report))


def figures(program: Program) -> set[tuple]:
    return {
        (
            value.report.period.kind,
            value.report.period.year,
            value.report.period.number,
            value.report.unit.code,
            value.indicator.code,
            value.disaggregation,
            value.value,
            value.numerator,
            value.denominator,
            value.achieved,
            value.note,
        )
        for value in DataValue.objects.filter(report__period__program=program).select_related(
            "report__period", "report__unit", "indicator"
        )
    }


def clear(program: Program) -> None:
    DataValue.objects.all().delete()
    Report.objects.all().delete()
    ReportingPeriod.objects.filter(program=program).delete()


def test_the_export_gives_back_the_values_that_came_in(malaria, sample_text, sample_values):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    approve_all()
    result = export_dhis2(malaria, mapping_table(malaria))

    exported = {(v["dataElement"], v["period"], v["orgUnit"], v.get("categoryOptionCombo", ""), v["value"])
                for v in json.loads(result.text)["dataValues"]}  # fmt: skip
    came_in = {(*operand(v), v["period"], v["orgUnit"], v["value"]) for v in mapped_in(sample_values)}
    assert {(de, period, unit, combo, value) for de, combo, period, unit, value in came_in} == exported
    assert result.count == 24 and result.skipped == []
    stockout = next(v for v in json.loads(result.text)["dataValues"] if v["dataElement"] == "Md3xk3vlABx")
    assert stockout == {
        "dataElement": "Md3xk3vlABx",
        "period": "201912",
        "orgUnit": "O6uvpzGd5pu",
        "value": "true",
        "comment": "Important!",
    }


@pytest.mark.parametrize("data_format", ["json", "csv"])
def test_an_export_imports_back_to_the_same_figures(malaria, sample_text, data_format):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    approve_all()
    before = figures(malaria)
    text = export_dhis2(malaria, mapping_table(malaria), data_format=data_format).text
    clear(malaria)
    summary = import_dhis2(malaria, text, mapping_table(malaria), data_format=data_format)
    assert (summary.imported, summary.conflicting) == (24, 0)
    assert figures(malaria) == before


def test_json_and_csv_exports_hold_the_same_values(malaria, sample_text):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    approve_all()
    as_json = parse_json(export_dhis2(malaria, mapping_table(malaria)).text)
    as_csv = parse_csv(export_dhis2(malaria, mapping_table(malaria), data_format="csv").text)
    assert as_json == as_csv and len(as_json) == 24


def test_only_approved_figures_of_the_chosen_years_leave(malaria, sample_text):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    yearly = Report.objects.get(period__kind="year")
    approve_report(submit_report(yearly))
    assert export_dhis2(malaria, mapping_table(malaria)).count == 5  # 2018 only; December 2019 is a draft
    assert export_dhis2(malaria, mapping_table(malaria), years=range(2019, 2021)).count == 0


def test_our_own_codes_round_trip_without_a_mapping(malaria, sierra_leone, sample_text):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    report = Report.objects.get(period__kind="year")
    save_values(report, [ValueInput(malaria.indicators.get(code="1"), numerator_text="3", denominator_text="12")])
    approve_all()
    before = figures(malaria)
    result = export_dhis2(malaria, code_table(malaria))
    values = json.loads(result.text)["dataValues"]
    rate = [v for v in values if v["dataElement"].startswith("1") and v["period"] == "2018"]
    assert rate == [
        {"dataElement": "1", "period": "2018", "orgUnit": "SL-BO", "value": "25"},
        {"dataElement": "1:numerator", "period": "2018", "orgUnit": "SL-BO", "value": "3"},
        {"dataElement": "1:denominator", "period": "2018", "orgUnit": "SL-BO", "value": "12"},
    ]
    boys = next(v for v in values if v["dataElement"] == "1" and v["period"] == "201912")
    assert boys["categoryOptionCombo"] == "Giới tính=Nam;Nhóm tuổi=0-4" and boys["orgUnit"] == "SL-BO"
    clear(malaria)
    summary = import_dhis2(malaria, result.text, code_table(malaria))
    assert summary.conflicting == 0 and summary.total == result.count
    assert figures(malaria) == before


def test_figures_the_mapping_does_not_name_are_listed(malaria, sample_text, sierra_leone):
    import_dhis2(malaria, sample_text, mapping_table(malaria))
    report = Report.objects.get(period__kind="year")
    save_values(report, [ValueInput(malaria.indicators.get(code="8"), text="12,5")])
    yearly = Report.objects.get(period__kind="year")
    other = Report.objects.create(period=yearly.period, unit=sierra_leone["SL-NGELEHUN"])
    save_values(other, [ValueInput(malaria.indicators.get(code="3"), text="1.000")])
    approve_all()
    result = export_dhis2(malaria, mapping_table(malaria))
    assert [(c.code, c.object, c.where) for c in result.skipped] == [
        ("unmapped_indicator", "8", ("SL-BO 2018",)),
        ("unmapped_org_unit", "SL-NGELEHUN", ("SL-NGELEHUN 2018",)),
    ]
    assert result.count == 24
    assert DataValue.objects.get(report=other).value == Decimal(1000)
