"""The deadline rush, small: a real gunicorn with the production settings on 127.0.0.1, a real PostgreSQL
(the test database, committed so that the server sees it), a few communes sending their reports at once
through the API. No timing is asserted: the figures are printed by the bench, here only errors and the
database afterwards count."""

from datetime import date

import pytest
from django.db import connection

from ansinh.core.numbers import format_number
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Indicator, Program, ValueType
from ansinh.reporting.models import AssignmentRole, DataValue, Report, ReportStatus
from ansinh.reporting.services.assignments import add_assignment
from ansinh.rules.periods import PeriodKey
from benchmarks.rush import CellText, prepare_rush, run_rush, serve, verify

COMMUNES = 12


def _database_url() -> str:
    """The database this test writes to (pytest-django's test database), for the server."""
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def _programme() -> Program:
    province = OrgUnit.objects.create(code="P-CD", name="Tỉnh Cao Điểm", kind=OrgUnitKind.PROVINCE)
    for number in range(1, COMMUNES + 1):
        OrgUnit.objects.create(code=f"W-CD{number:02}", name=f"Xã {number}", kind=OrgUnitKind.COMMUNE, parent=province)
    program = Program.objects.create(
        slug="cao-diem",
        code="09/KH-UBND",
        kind="Kế hoạch",
        title="Kế hoạch thử tải",
        issuer="Ủy ban nhân dân tỉnh",
        issued_on=date(2025, 1, 10),
        start_year=2025,
        end_year=2030,
        owner_unit=province,
    )
    for code, name, unit, value_type in [
        ("1", "Số người được hỗ trợ việc làm", "người", ValueType.NUMBER),
        ("2", "Tỷ lệ hộ nghèo", "%", ValueType.PERCENT),
        ("3", "Thu nhập bình quân", "triệu đồng", ValueType.NUMBER),
    ]:
        indicator = Indicator.objects.create(program=program, code=code, name=name, unit=unit, value_type=value_type)
        add_assignment(indicator, role=AssignmentRole.COMMUNES)
    return program


def _cells(unit: OrgUnit, indicators: tuple[Indicator, ...]) -> list[CellText]:
    """Figures that differ by commune and pass the checks: whole people (a cut with a note), a rate as its
    parts, a decimal."""
    number = int(unit.code.removeprefix("W-CD"))
    cells = []
    for indicator in indicators:
        if indicator.value_type == ValueType.PERCENT:
            cells.append((indicator.code, "", "", str(40 + number), "1.000"))
        elif indicator.unit == "người":
            cells.append((indicator.code, "", format_number(1000 + 25 * number), "", ""))
            cells.append((indicator.code, "Nữ", format_number(500 + 10 * number), "", "", "Số liệu thử tải"))
        else:
            cells.append((indicator.code, "", format_number(60 + number / 8, 3), "", ""))
    return cells


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_small_rush_against_threaded_gunicorn_loses_nothing():
    """The bench's own server (sync workers, which close the connection after each answer) is rushed by the small
    benchmark (test_bench_smoke, its step 5 with the same checks); here a threaded worker, which keeps its
    connections alive between answers and shares one process between requests."""
    workers, threads = 1, 4
    program = _programme()
    units = prepare_rush(program, PeriodKey(2026, "year"), cells_for=_cells)
    assert len(units) == COMMUNES and all(len(unit.cells) == 4 for unit in units)

    with serve(_database_url(), workers=workers, threads=threads) as base_url:
        result = run_rush(base_url, units, clients=4, baseline_requests=40)
    result.verification = verify(units)

    report = "\n".join(result.lines())
    print(report)  # the figures, for -s; nothing about speed is asserted
    assert result.errors == 0, report
    assert result.baseline.count == 40 and result.put.count == result.submit.count == COMMUNES, report
    assert result.values_sent == 4 * COMMUNES, report
    assert result.verification.ok and result.verification.found == 4 * COMMUNES, report
    assert result.ok and "Kết quả: đạt" in report
    assert Report.objects.filter(period__program=program, status=ReportStatus.SUBMITTED).count() == COMMUNES
    assert DataValue.objects.filter(disaggregation="Nữ", note="Số liệu thử tải").count() == COMMUNES

    # The check reads the database: a figure changed after the rush is found.
    DataValue.objects.filter(report_id=units[0].report_id, indicator__code="3").update(value=0)
    changed = verify(units)
    assert not changed.ok and changed.different == 1 and changed.found == 4 * COMMUNES - 1


def test_the_rush_refuses_any_server_but_this_machine():
    for address in ("http://10.0.0.5:8000", "http://example.org:80", "https://127.0.0.1:8443"):
        with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
            run_rush(address, [], clients=1, baseline_requests=1)
