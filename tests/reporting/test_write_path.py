"""The one write path (reporting.services.values.write_values) as every entrance meets it: figures as Decimals,
the unit valid on the period's last day and assigned the indicator, the figure rule (magnitude, decimals, whole
numbers, bounds, rates), NFC text — the same answer from the page, autosave, the API and the files."""

import json
import unicodedata
from decimal import Decimal

import pytest

from ansinh.accounts.tokens import create_token
from ansinh.exchange.formats.bulk_csv import COLUMNS
from ansinh.exchange.selectors import code_table
from ansinh.exchange.services.bulk import import_values
from ansinh.exchange.services.common import ExchangeError
from ansinh.exchange.services.dhis2_import import import_dhis2
from ansinh.programs.models import Indicator, ValueType
from ansinh.reporting.models import AssignmentRole, CellDraft, DataValue, PeriodKind
from ansinh.reporting.selectors import cell_snapshot, report_issues
from ansinh.reporting.services.assignments import add_assignment, create_default_assignments
from ansinh.reporting.services.errors import ReportingError
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_period
from ansinh.reporting.services.values import CellInput, ValueInput, autosave_cell, save_values, write_values
from ansinh.rules.periods import PeriodKey

pytestmark = pytest.mark.django_db
NU = "Nữ"
NU_DECOMPOSED = unicodedata.normalize("NFD", NU)


@pytest.fixture
def report(world):
    create_default_assignments(world.program)
    return get_or_create_report(get_or_open_period(world.program, PeriodKey(2026, PeriodKind.YEAR)), world.lead)


@pytest.fixture
def life(world):
    indicator = Indicator.objects.create(
        program=world.program, code="3", name="Tuổi thọ trung bình", unit="tuổi", upper_bound=Decimal(120)
    )
    add_assignment(indicator, role=AssignmentRole.LEAD, unit=world.lead)
    return indicator


def refused(report, *cells: CellInput) -> dict[str, str]:
    with pytest.raises(ReportingError) as raised:
        write_values(report, list(cells))
    assert not DataValue.objects.filter(report=report).exists()
    return raised.value.errors


def test_a_figure_too_large_or_too_precise_is_refused_not_rounded(world, report):
    assert "quá lớn" in refused(report, CellInput(world.supported, Decimal(10) ** 15))["1.2"]
    assert "quá 6 chữ số thập phân" in refused(report, CellInput(world.coverage, Decimal("12.1234567")))["1.1"]
    with pytest.raises(ReportingError) as raised:
        save_values(report, [ValueInput(world.coverage, text="12,1234567")])
    assert "quá 6 chữ số thập phân" in raised.value.errors["1.1"]


def test_a_head_count_takes_whole_numbers_and_every_figure_its_bounds(world, report, life):
    with pytest.raises(ReportingError) as raised:
        save_values(report, [ValueInput(world.supported, text="2,23")])
    assert "cần số nguyên" in raised.value.errors["1.2"]
    assert "không nhận giá trị nhỏ hơn 0; đang là -3" in refused(report, CellInput(life, Decimal(-3)))["3"]
    assert "lớn hơn 120" in refused(report, CellInput(life, Decimal(130)))["3"]

    write_values(report, [CellInput(life, Decimal("73.6")), CellInput(world.supported, Decimal(1200))])
    assert DataValue.objects.get(report=report, indicator=life).value == Decimal("73.6")


def test_autosave_keeps_fifteen_digits_as_a_draft_and_says_why(world, report, reporter):
    typed = {"text": "123.456.789.012.345"}
    kept = autosave_cell(report, world.supported, values=typed, based_on=None, actor=reporter)
    assert not kept.saved and "quá lớn" in kept.error and kept.draft == typed
    assert CellDraft.objects.get(report=report).typed == typed
    assert not DataValue.objects.filter(report=report).exists()


def test_a_numerator_above_its_denominator_is_said_plainly(world, report, reporter):
    kept = autosave_cell(
        report,
        world.coverage,
        values={"numerator_text": "11", "denominator_text": "10"},
        based_on=None,
        actor=reporter,
    )
    assert not kept.saved
    [issue] = [issue for issue in report_issues(report) if issue.code == "unparsed_draft"]
    assert "Tử số (11) lớn hơn mẫu số (10)" in issue.message
    assert "chưa đọc được thành số" not in issue.message and ".)." not in issue.message


def test_a_disaggregation_in_two_encodings_is_one_cell(world, report, reporter):
    write_values(report, [CellInput(world.supported, Decimal(5), disaggregation=NU_DECOMPOSED)])
    saved = autosave_cell(
        report,
        world.supported,
        disaggregation=NU,
        values={"text": "6"},
        based_on=cell_snapshot(report, world.supported, NU),
        actor=reporter,
    )
    assert saved.saved
    assert list(DataValue.objects.filter(report=report).values_list("disaggregation", "value")) == [(NU, Decimal(6))]


def test_a_unit_not_assigned_the_indicator_gets_no_figure(world):
    """1.1 is the lead department's and its partner's; the standing agency reports nothing of it."""
    create_default_assignments(world.program)
    period = get_or_open_period(world.program, PeriodKey(2026, PeriodKind.YEAR))
    report = get_or_create_report(period, world.standing)
    errors = refused(report, CellInput(world.coverage, Decimal(90)))
    assert errors["1.1"] == "Sở Nội vụ không được giao báo cáo chỉ tiêu 1.1."
    with pytest.raises(ReportingError, match="không được giao"):
        autosave_cell(report, world.coverage, values={"text": "90"}, based_on=None)
    # The programme's own unit consolidates every indicator.
    write_values(get_or_create_report(period, world.province), [CellInput(world.coverage, Decimal(90))])


def test_a_unit_reports_the_periods_it_existed_in(world):
    """Xã Cũ 1 ended on 30/6/2025: it still sends its 2025 figure (carried to its successor), not 2026's;
    a commune of the 2025 reform sends 2025's."""
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    year_2025 = get_or_open_period(world.program, PeriodKey(2025, PeriodKind.YEAR))
    year_2026 = get_or_open_period(world.program, PeriodKey(2026, PeriodKind.YEAR))
    old = world.old_communes[0]
    write_values(get_or_create_report(year_2025, old), [CellInput(world.supported, Decimal(5))])
    with pytest.raises(ReportingError) as raised:
        write_values(get_or_create_report(year_2026, old), [CellInput(world.supported, Decimal(5))])
    assert raised.value.code == "unit_not_valid" and "30/06/2025" in raised.value.message
    write_values(get_or_create_report(year_2025, world.new_communes[0]), [CellInput(world.supported, Decimal(5))])
    assert DataValue.objects.count() == 2


def test_the_api_refuses_ten_to_the_fifteen_and_the_report_still_reads(world, cast, client):
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    report = get_or_create_report(
        get_or_open_period(world.program, PeriodKey(2025, PeriodKind.YEAR)), world.new_communes[0]
    )
    key = create_token(cast.xuan, name="kiểm thử", can_write=True)[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = {"version": 0, "values": [{"indicator": "1.2", "value": 1e15}]}

    answer = client.put(
        f"/api/v1/reports/{report.pk}/values", data=json.dumps(body), content_type="application/json", **headers
    )

    assert answer.status_code == 400, answer.content
    assert "quá lớn" in json.dumps(answer.json(), ensure_ascii=False)
    assert not DataValue.objects.exists()
    assert client.get(f"/api/v1/reports/{report.pk}", **headers).status_code == 200


def test_files_refuse_the_same_figures_and_find_the_same_cell(world):
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    commune = world.new_communes[0].code
    header = ",".join(COLUMNS) + "\n"
    with pytest.raises(ExchangeError) as raised:
        import_values(world.program, [header, f"2025,{commune},1.2,,2.5,,\n"])
    assert "cần số nguyên" in raised.value.errors[0]
    with pytest.raises(ExchangeError) as raised:
        import_values(world.program, [header, f"2025,{commune},1.2,,٢٣,,\n"])
    assert "không phải là số" in raised.value.errors[0]

    import_values(world.program, [header, f"2025,{commune},1.2,{NU_DECOMPOSED},4,,\n"])
    values = [{"dataElement": "1.2", "period": "2025", "orgUnit": commune, "value": "5"}]
    # The code scheme has no category combos: the cut of a DHIS2 value is its key, written here as the bulk file did.
    summary = import_dhis2(world.program, json.dumps({"dataValues": values}), code_table(world.program))
    assert summary.imported == 1
    assert sorted(DataValue.objects.values_list("disaggregation", flat=True)) == ["", NU]
    with pytest.raises(ExchangeError) as raised:
        import_dhis2(
            world.program,
            json.dumps({"dataValues": [{**values[0], "value": "5.1234567"}]}),
            code_table(world.program),
        )
    assert any("quá 6 chữ số thập phân" in error for error in raised.value.errors) or "quá 6" in raised.value.message


def test_indicators_of_every_type_keep_their_value_types(world, report):
    """A yes/no indicator still takes its judgement through the same path."""
    assert world.scheme.value_type == ValueType.YES_NO
    write_values(
        get_or_create_report(report.period, world.partner), [CellInput(world.scheme, achieved=True, evidence="QĐ 12")]
    )
    assert DataValue.objects.get(indicator=world.scheme).achieved is True
