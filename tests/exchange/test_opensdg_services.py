"""Open SDG tidy CSV of one indicator: export (selectors.export_opensdg) and import (services.import_opensdg)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ansinh.audit.models import AuditEvent
from ansinh.exchange.selectors import export_opensdg
from ansinh.exchange.services.common import ExchangeError
from ansinh.exchange.services.opensdg_import import import_opensdg
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Indicator, Program
from ansinh.programs.services import load_program_file
from ansinh.reporting.models import AssignmentRole, DataValue, Report
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import ValueInput, save_values

pytestmark = pytest.mark.django_db
PROGRAM_TOML = Path(__file__).parent / "fixtures" / "opensdg_program.toml"
REFORM = date(2025, 7, 1)


@pytest.fixture
def units() -> dict[str, OrgUnit]:
    """A city with two communes until the 2025 reform and one after it that reuses an official code."""
    city = OrgUnit.objects.create(code="TP", official_code="01", name="Thành phố", kind="province")
    old_a = OrgUnit.objects.create(
        code="W-00004", official_code="00004", name="Phường A", kind="commune", parent=city, valid_to=date(2025, 6, 30)
    )
    old_b = OrgUnit.objects.create(
        code="W-00012", official_code="00012", name="Phường B", kind="commune", parent=city, valid_to=date(2025, 6, 30)
    )
    new_a = OrgUnit.objects.create(
        code="W25-00004", official_code="00004", name="Phường A mới", kind="commune", parent=city, valid_from=REFORM
    )
    department = OrgUnit.objects.create(code="SO-LD", name="Sở Lao động", kind="department", parent=city)
    return {unit.code: unit for unit in (city, old_a, old_b, new_a, department)}


@pytest.fixture
def program(units) -> Program:
    """Every commune and the department report every indicator (a figure needs an assignment)."""
    program = load_program_file(PROGRAM_TOML, owner_unit=units["TP"]).program
    for indicator in program.indicators.filter(is_group=False):
        add_assignment(indicator, role=AssignmentRole.COMMUNES)
        add_assignment(indicator, role=AssignmentRole.COORDINATING, unit=units["SO-LD"])
    return program


@pytest.fixture
def jobs(program) -> Indicator:
    return program.indicators.select_related("program").get(code="1")


def approved(program: Program, unit: OrgUnit, year: int, *cells: ValueInput) -> Report:
    report = get_or_create_report(get_or_open_year_period(program, year), unit)
    save_values(report, list(cells))
    return approve_report(submit_report(report))


def figures(indicator: Indicator) -> set[tuple]:
    return {
        (value.report.period.year, value.report.unit.code, value.disaggregation, value.value)
        for value in DataValue.objects.filter(indicator=indicator).select_related("report__period", "report__unit")
    }


@pytest.fixture
def published(program, jobs, units) -> None:
    """2023: the city's own figure and one by sex; 2024: only the communes reported (the programme figure is
    their roll-up); 2022: a draft, never exported."""
    approved(
        program,
        units["TP"],
        2023,
        ValueInput(jobs, text="1.000"),
        ValueInput(jobs, text="600", disaggregation="Giới tính=Nữ"),
    )
    approved(program, units["W-00004"], 2024, ValueInput(jobs, text="300"))
    approved(program, units["W-00012"], 2024, ValueInput(jobs, text="200"))
    save_values(get_or_create_report(get_or_open_year_period(program, 2022), units["TP"]), [ValueInput(jobs, text="5")])


def test_the_export(published, jobs, units):
    result = export_opensdg(jobs, units=[units["W-00004"], units["W-00012"], units["TP"]])
    assert result.text == (
        "Year,Units,Giới tính,GeoCode,Value\n"
        "2023,người,,,1000\n"
        "2024,người,,,500\n"  # the roll-up of the communes, as the verdicts find it
        "2023,người,Nữ,,600\n"
        "2024,người,,00004,300\n"
        "2024,người,,00012,200\n"
    )
    assert result.count == 5 and result.skipped == []
    assert (
        export_opensdg(jobs, years=[2023]).text == "Year,Units,Giới tính,Value\n2023,người,,1000\n2023,người,Nữ,600\n"
    )


def test_a_free_text_disaggregation_is_left_out_and_said(program, jobs, units):
    approved(program, units["TP"], 2023, ValueInput(jobs, text="7", disaggregation="Thành thị"))
    result = export_opensdg(jobs)
    assert result.text == "Year,Units,Value\n"
    assert [(c.code, c.object, c.where) for c in result.skipped] == [
        ("disaggregation_not_canonical", "Thành thị", ("TP 2023",))
    ]


def test_the_export_imports_back_to_the_same_file(published, program, jobs, units):
    listed = [units["W-00004"], units["W-00012"]]
    first = export_opensdg(jobs, units=listed).text
    DataValue.objects.all().delete()
    Report.objects.all().delete()
    summary = import_opensdg(jobs, first)
    assert (summary.total, summary.imported, summary.conflicting, summary.reports) == (5, 5, 0, 4)
    assert figures(jobs) == {
        (2023, "TP", "", Decimal(1000)),
        (2024, "TP", "", Decimal(500)),
        (2023, "TP", "Giới tính=Nữ", Decimal(600)),
        (2024, "W-00004", "", Decimal(300)),
        (2024, "W-00012", "", Decimal(200)),
    }
    for report in Report.objects.all():
        approve_report(submit_report(report))
    assert export_opensdg(jobs, units=listed).text == first


def test_the_import_places_each_row_and_lists_what_it_cannot(program, jobs, units):
    approved(program, units["TP"], 2022, ValueInput(jobs, text="1"))
    text = (
        "Year,Units,Sex,Urban/rural,GeoCode,Value\n"
        "2023,người,,,,1200\n"
        "2023,người,Female,Urban,,300\n"
        "2023,Người ,Female,,,700\n"
        "2024,người,,,00004,40\n"  # official code: the old ward in 2024
        "2025,người,,,W25-00004,45\n"  # our code
        "2025,người,,,00004,46\n"  # two wards held 00004 in 2025
        "2024,người,,,99999,1\n"
        "2021,người,,,,1\n"
        "2024,%,,,,1\n"
        "2024,người,Male,,,\n"
        "2022,người,,,,2\n"  # the city's approved 2022 report
    )
    summary = import_opensdg(jobs, text)
    assert (summary.total, summary.imported, summary.updated, summary.ignored) == (11, 5, 0, 0)
    assert [(c.code, c.object, c.where) for c in summary.conflicts] == [
        ("unmapped_org_unit", "00004", ("dòng 7",)),
        ("unmapped_org_unit", "99999", ("dòng 8",)),
        ("period_outside_program", "2021", ("dòng 9",)),
        ("unit_mismatch", "%", ("dòng 10",)),
        ("empty_value", "2024", ("dòng 11",)),
        ("locked_report", "TP 2022", ("dòng 12",)),
    ]
    assert summary.conflicts[0].message == "Không có đơn vị mang mã “00004” (mã hoặc mã hành chính) trong năm 2025."
    assert summary.conflicts[3].message == "Đơn vị tính “%” khác đơn vị của chỉ tiêu 1 (“người”)."
    assert figures(jobs) == {
        (2022, "TP", "", Decimal(1)),
        (2023, "TP", "", Decimal(1200)),
        (2023, "TP", "Sex=Female;Urban/rural=Urban", Decimal(300)),
        (2023, "TP", "Sex=Female", Decimal(700)),
        (2024, "W-00004", "", Decimal(40)),
        (2025, "W25-00004", "", Decimal(45)),
    }
    assert DataValue.objects.filter(source="Nhập từ Open SDG").count() == 5
    again = import_opensdg(jobs, text.replace("2023,người,,,,1200", "2023,người,,,,1250"))
    assert (again.imported, again.updated, again.ignored) == (0, 1, 4)


def test_a_rate_keeps_its_parts_when_the_file_brings_the_same_value(program, units):
    poverty = program.indicators.get(code="2")
    approved(program, units["W-00004"], 2023, ValueInput(poverty, numerator_text="3", denominator_text="120"))
    Report.objects.update(status="draft")
    summary = import_opensdg(poverty, "Year,GeoCode,Value\n2023,W-00004,2.5\n")
    assert summary.ignored == 1
    value = DataValue.objects.get()
    assert (value.value, value.numerator, value.denominator) == (Decimal("2.5"), Decimal(3), Decimal(120))
    import_opensdg(poverty, "Year,GeoCode,Value\n2023,W-00004,2.6\n")
    value.refresh_from_db()
    assert (value.value, value.numerator, value.denominator) == (Decimal("2.6"), None, None)


def test_a_broken_file_or_a_dry_run_writes_nothing(program, jobs, units):
    for text, message in [
        ("Year,Value\n2023,1.234,5\n", "Tệp có 1 lỗi; chưa nhập gì."),
        ("Value,Year\n", "Dòng tiêu đề không đúng dạng Open SDG."),
        ("Year,GeoCode,Value\n2024,W-00004,1\n2024,00004,2\n", "Tệp có 1 lỗi; chưa nhập gì."),
        ("Year,Value\n2023,150\n", None),
    ]:
        if message is None:
            summary = import_opensdg(jobs, text, dry_run=True)
            assert summary.imported == 1 and summary.message().startswith("Chạy thử, chưa ghi gì")
        else:
            with pytest.raises(ExchangeError, match=message):
                import_opensdg(jobs, text)
        assert not DataValue.objects.exists() and not Report.objects.exists()
        assert not AuditEvent.objects.filter(action__in=["exchange.opensdg.import", "datavalue.save"]).exists()


def test_duplicate_rows_for_one_unit_are_named(jobs, units):
    with pytest.raises(ExchangeError) as raised:
        import_opensdg(jobs, "Year,GeoCode,Value\n2024,W-00004,1\n2024,00004,2\n")
    assert raised.value.errors == ["dòng 3: trùng với dòng 2 — cùng một số liệu của Phường A năm 2024."]


def test_only_numeric_indicators(program):
    with pytest.raises(ExchangeError, match="Chỉ tiêu 3 không nhận số liệu dạng số"):
        import_opensdg(program.indicators.get(code="3"), "Year,Value\n2023,1\n")


def test_the_commands(published, program, jobs, units, tmp_path, capsys):
    target = tmp_path / "1.csv"
    call_command(
        "export_opensdg", "--program", "opensdg-thu", "--indicator", "1", "--units", "W-00004", "--output", str(target)
    )
    assert "Đã xuất 4 dòng." in capsys.readouterr().err
    DataValue.objects.all().delete()
    Report.objects.all().delete()
    call_command("import_opensdg", str(target), "--program", "opensdg-thu", "--indicator", "1", "--dry-run")
    assert capsys.readouterr().out.startswith("Chạy thử, chưa ghi gì: 4 giá trị trong tệp — 4 mới")
    assert not DataValue.objects.exists()
    call_command("import_opensdg", str(target), "--program", "opensdg-thu", "--indicator", "1")
    assert DataValue.objects.count() == 4
    with pytest.raises(CommandError, match="không có chỉ tiêu mã “9”"):
        call_command("import_opensdg", str(target), "--program", "opensdg-thu", "--indicator", "9")
    with pytest.raises(CommandError, match="Không có đơn vị mã KHONG-CO"):
        call_command("export_opensdg", "--program", "opensdg-thu", "--indicator", "1", "--units", "KHONG-CO")
