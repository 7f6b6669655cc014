"""The bulk values import: checks every row, writes all or nothing, records what it changed."""

from decimal import Decimal

import pytest

from ansinh.audit.models import AuditEvent
from ansinh.exchange.formats.bulk_csv import COLUMNS
from ansinh.exchange.services.bulk import import_values, open_upload
from ansinh.exchange.services.common import ExchangeError
from ansinh.programs.models import Indicator, ValueType
from ansinh.reporting.models import (
    ApprovedTotal,
    Assignment,
    AssignmentRole,
    DataValue,
    DataValueChange,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportStatus,
)
from ansinh.reporting.selectors import snapshot
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import open_period
from ansinh.rules.periods import PeriodKey

HEADER = ",".join(COLUMNS)


@pytest.fixture
def collected(world):
    """1.1 (a percentage) and 1.2 (a count) are collected by every commune."""
    add_assignment(world.coverage, role=AssignmentRole.COMMUNES)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    return world


def csv_lines(*rows: str) -> list[str]:
    return [HEADER + "\n", *(row + "\n" for row in rows)]


def august_rows(world, people=(10, 20, 30, 40, 50, 60)) -> list[str]:
    rows = []
    for commune, count in zip(world.new_communes, people, strict=True):
        rows.append(f"202508,{commune.code},1.2,,{count},,")
        rows.append(f"202508,{commune.code},1.1,,,{count - 1},{count}")
    return rows


def test_imports_every_row_into_new_draft_reports(collected, reporter):
    summary = import_values(
        collected.program, csv_lines(*august_rows(collected)), filename="thang8.csv", actor=reporter
    )

    assert (summary.rows, summary.imported, summary.updated, summary.unchanged) == (12, 12, 0, 0)
    assert (summary.reports, summary.reports_created) == (6, 6)
    first = Report.objects.get(unit=collected.new_communes[0], period__kind="month", period__number=8)
    assert first.status == ReportStatus.DRAFT and first.version == 1
    rate = DataValue.objects.get(report=first, indicator=collected.coverage)
    assert (rate.numerator, rate.denominator, rate.value) == (Decimal(9), Decimal(10), Decimal(90))
    count = DataValue.objects.get(report=first, indicator=collected.supported)
    assert count.value == Decimal(10) and count.source == "Nhập hàng loạt từ tệp thang8.csv"
    event = AuditEvent.objects.get(action="exchange.bulk.import")
    assert event.actor == reporter and "12 số liệu mới" in event.summary


def test_a_second_file_updates_only_what_changed_and_keeps_the_history(collected, reporter):
    import_values(collected.program, csv_lines(*august_rows(collected)), actor=reporter)
    report = Report.objects.get(unit=collected.new_communes[0], period__number=8)
    count = DataValue.objects.get(report=report, indicator=collected.supported)
    before = snapshot(count)

    changed = august_rows(collected, people=(11, 20, 30, 40, 50, 60))
    summary = import_values(collected.program, csv_lines(*changed), filename="lan2.csv", actor=reporter)

    assert (summary.imported, summary.updated, summary.unchanged, summary.reports_created) == (0, 2, 10, 0)
    count.refresh_from_db()
    assert count.value == Decimal(11)
    history = DataValueChange.objects.get(data_value=count)
    assert history.before == before
    assert history.after == snapshot(count)
    assert history.changed_by == reporter
    report.refresh_from_db()
    assert report.version == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("202508,W25-KHONG,1.2,,5,,", "không có đơn vị mã “W25-KHONG”"),
        ("202508,{lead},1.2,,5,,", "không được giao báo cáo chỉ tiêu 1.2"),
        ("202508,{old},1.2,,5,,", "không tồn tại trong kỳ"),
        ('202508,{new},1.2,,"1,5",,', "dấu phẩy"),
        ("202508,{new},1.2,,năm,,", "không phải là số"),
        ("202508,{new},1.1,,101,,", "0–100"),
        ("202508,{new},1.1,,,11,10", "Tử số (11) lớn hơn mẫu số (10)"),
        ("202508,{new},1.1,,,5,", "Cần nhập cả tử số và mẫu số"),
        ("202508,{new},1.1,,,5,0", "Mẫu số phải lớn hơn 0"),
        ("202508,{new},1.2,,,5,10", "là số đếm"),
        ("202508,{new},9.9,,5,,", "không có chỉ tiêu mã “9.9”"),
        ("2040,{new},1.2,,5,,", "ngoài thời gian của chương trình"),
        ("2025W3,{new},1.2,,5,,", "không được hỗ trợ"),
        ("202508,{new},1.2,,0.1234567,,", "quá 6 chữ số thập phân"),
        ("202508,{new},1.2,,5", "có 5 cột, cần 7"),
    ],
)
def test_a_bad_row_fails_the_whole_file_and_names_its_line(collected, row, message):
    bad = row.format(lead=collected.lead.code, old=collected.old_communes[0].code, new=collected.new_communes[0].code)
    rows = [*august_rows(collected), bad]

    with pytest.raises(ExchangeError) as raised:
        import_values(collected.program, csv_lines(*rows))

    assert any(line.startswith(f"Dòng {len(rows) + 1}:") and message in line for line in raised.value.errors), (
        raised.value.errors
    )
    assert not DataValue.objects.exists() and not Report.objects.exists()
    assert not ReportingPeriod.objects.exists()


def test_a_cell_written_twice_is_refused(collected):
    rows = [*august_rows(collected), f"202508,{collected.new_communes[0].code},1.2,,99,,"]

    with pytest.raises(ExchangeError) as raised:
        import_values(collected.program, csv_lines(*rows))

    assert raised.value.errors[0].startswith("Dòng 2: cùng ô số liệu với dòng 14")
    assert not DataValue.objects.exists()


def test_a_cell_written_twice_in_an_existing_report_is_refused(collected):
    import_values(collected.program, csv_lines(*august_rows(collected)))
    rows = [*august_rows(collected), f"202508,{collected.new_communes[0].code},1.2,,99,,"]

    with pytest.raises(ExchangeError):
        import_values(collected.program, csv_lines(*rows))

    assert DataValue.objects.get(report__unit=collected.new_communes[0], indicator=collected.supported).value == 10


def test_a_header_that_is_not_the_format_is_refused(collected):
    with pytest.raises(ExchangeError, match="thiếu cột mau_so"):
        import_values(collected.program, ["ky,don_vi,chi_tieu,phan_to,gia_tri,tu_so\n"])


def test_errors_are_listed_up_to_a_hundred(collected):
    rows = [f"202508,W25-KHONG-{n},1.2,,5,," for n in range(150)]

    with pytest.raises(ExchangeError) as raised:
        import_values(collected.program, csv_lines(*rows))

    assert len(raised.value.errors) == 100


def test_a_sent_report_is_not_changed(collected, reporter):
    import_values(collected.program, csv_lines(*august_rows(collected)))
    report = Report.objects.get(unit=collected.new_communes[0], period__number=8)
    submit_report(report)

    with pytest.raises(ExchangeError) as raised:
        import_values(collected.program, csv_lines(*august_rows(collected, people=(99, 20, 30, 40, 50, 60))))

    assert "Đã gửi" in raised.value.errors[0]
    assert DataValue.objects.get(report=report, indicator=collected.supported).value == 10


def test_a_closed_period_takes_nothing(collected):
    period = open_period(collected.program, PeriodKey(2025, "month", 8))
    period.is_open = False
    period.save()

    with pytest.raises(ExchangeError) as raised:
        import_values(collected.program, csv_lines(*august_rows(collected)))

    assert "đã đóng" in raised.value.errors[0]


def test_a_dry_run_reports_and_keeps_nothing(collected):
    summary = import_values(collected.program, csv_lines(*august_rows(collected)), dry_run=True)

    assert summary.imported == 12 and summary.dry_run
    assert not DataValue.objects.exists() and not Report.objects.exists()


def test_approved_history_is_marked_approved_and_added_to_the_totals(collected, approver):
    import_values(collected.program, csv_lines(*august_rows(collected)), approve=True, actor=approver)

    reports = Report.objects.filter(period__number=8)
    assert {report.status for report in reports} == {ReportStatus.APPROVED}
    assert ReportEvent.objects.filter(action="approve", report__in=reports).count() == 6
    total = ApprovedTotal.objects.get(area=collected.province, indicator=collected.supported)
    assert (total.value_sum, total.value_count) == (Decimal(210), 6)
    rate = ApprovedTotal.objects.get(area=collected.province, indicator=collected.coverage)
    assert (rate.numerator_sum, rate.denominator_sum, rate.parts_count) == (Decimal(204), Decimal(210), 6)


def test_an_upload_is_read_as_utf8_with_a_bom(collected):
    content = ("\ufeff" + "".join(csv_lines(*august_rows(collected)))).encode()

    summary = import_values(collected.program, open_upload(content))

    assert summary.imported == 12


def test_a_file_that_is_not_utf8_is_refused(collected):
    content = "".join(csv_lines(*august_rows(collected))).encode() + "Xã\n".encode("utf-16")

    with pytest.raises(ExchangeError, match="UTF-8"):
        import_values(collected.program, open_upload(content))


def test_values_reach_the_approved_totals_once_their_report_is_approved(collected, approver):
    import_values(collected.program, csv_lines(*august_rows(collected)))
    report = Report.objects.get(unit=collected.new_communes[0], period__number=8)
    submit_report(report)

    approve_report(report, actor=approver)

    total = ApprovedTotal.objects.get(area=collected.province, indicator=collected.supported)
    assert (total.value_sum, total.value_count) == (Decimal(10), 1)


def test_the_command_streams_a_file_and_prints_the_summary(collected, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "thang8.csv"
    path.write_text("".join(csv_lines(*august_rows(collected))), encoding="utf-8")
    out = StringIO()

    call_command("import_values", str(path), program=collected.program.slug, stdout=out, stderr=StringIO())

    assert "12 số liệu mới" in out.getvalue()
    assert DataValue.objects.count() == 12


def test_the_command_lists_the_errors_and_keeps_nothing(collected, tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "loi.csv"
    path.write_text("".join(csv_lines(f"202508,{collected.new_communes[0].code},1.2,,abc,,")), encoding="utf-8")

    with pytest.raises(CommandError, match="Dòng 2: Giá trị “abc” không phải là số"):
        call_command("import_values", str(path), program=collected.program.slug, stdout=StringIO(), stderr=StringIO())

    assert not DataValue.objects.exists()


def _read_back(world) -> dict[tuple[str, str, str], Decimal | None]:
    return {
        (value.report.unit.code, value.indicator.code, value.disaggregation): value.value
        for value in DataValue.objects.filter(report__period__kind="month", report__period__number=8).select_related(
            "report__unit", "indicator"
        )
    }


def test_a_file_for_existing_empty_reports_stores_every_row(collected, reporter):
    """Issue 21: the period is opened (every commune's report exists, empty) before the file comes."""
    open_period(collected.program, PeriodKey(2025, "month", 8))
    assert Report.objects.filter(period__number=8).count() == 6 and not DataValue.objects.exists()

    summary = import_values(collected.program, csv_lines(*august_rows(collected)), actor=reporter)

    assert (summary.imported, summary.updated, summary.unchanged, summary.reports_created) == (12, 0, 0, 0)
    assert len(_read_back(collected)) == 12
    assert summary.reports == 6


def test_new_cells_of_a_report_that_holds_other_cells_are_stored(collected, reporter):
    first = collected.new_communes[0].code
    import_values(collected.program, csv_lines(f"202508,{first},1.2,,10,,"), actor=reporter)

    # Two new cells of the same report, none overlapping the one it holds, and a cut of the stored one.
    rows = [f"202508,{first},1.1,,,9,10", f"202508,{first},1.2,Nữ,4,,"]
    summary = import_values(collected.program, csv_lines(*rows), actor=reporter)

    assert (summary.imported, summary.updated, summary.unchanged) == (2, 0, 0)
    assert _read_back(collected) == {
        (first, "1.2", ""): Decimal(10),
        (first, "1.1", ""): Decimal(90),
        (first, "1.2", "Nữ"): Decimal(4),
    }


def test_a_file_that_overlaps_some_cells_stores_the_new_ones_too(collected, reporter):
    first = collected.new_communes[0].code
    import_values(collected.program, csv_lines(f"202508,{first},1.2,,10,,"), actor=reporter)

    rows = [f"202508,{first},1.2,,11,,", f"202508,{first},1.1,,,9,10"]
    summary = import_values(collected.program, csv_lines(*rows), actor=reporter)

    assert (summary.imported, summary.updated, summary.unchanged) == (1, 1, 0)
    assert _read_back(collected) == {(first, "1.2", ""): Decimal(11), (first, "1.1", ""): Decimal(90)}


def test_a_cell_twice_in_a_file_for_an_existing_empty_report_is_refused(collected):
    open_period(collected.program, PeriodKey(2025, "month", 8))
    first = collected.new_communes[0].code

    with pytest.raises(ExchangeError) as raised:
        import_values(collected.program, csv_lines(f"202508,{first},1.2,,10,,", f"202508,{first},1.2,,11,,"))

    assert raised.value.errors[0].startswith("Dòng 2: cùng ô số liệu với dòng 3")
    assert not DataValue.objects.exists()


# -- Every check the SQL runs over the staged rows: one row per kind of fault, each named at its line ----------


@pytest.fixture
def checked(collected):
    """Beside 1.1 and 1.2: a score with its own bounds (1.3), a rate per 1.000 that may be negative (1.4), the
    yes/no indicator 2 — all collected by every commune."""
    score = Indicator.objects.create(
        program=collected.program,
        code="1.3",
        name="Điểm đánh giá (ví dụ minh họa)",
        unit="điểm",
        value_type=ValueType.NUMBER,
        lower_bound=Decimal(-5),
        upper_bound=Decimal(50),
    )
    rate = Indicator.objects.create(
        program=collected.program,
        code="1.4",
        name="Tỷ suất trên 1.000 dân (ví dụ minh họa)",
        unit="‰",
        value_type=ValueType.PER_N,
        per_n=1000,
        # A change rate may fall below zero; its numerator still may not.
        lower_bound=Decimal(-1000),
    )
    for indicator in (score, rate, collected.scheme):
        add_assignment(indicator, role=AssignmentRole.COMMUNES)
    return collected


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("202508,{new},1.2,{long},5,,", "dài quá 128 ký tự"),
        ('202508,{new},1.2,"Nữ\x07",5,,', "ký tự điều khiển"),
        # PostgreSQL's COPY takes neither a NUL nor a raw line break: both must still reach the check.
        ('202508,{new},1.2,"Nữ\x00",5,,', "ký tự điều khiển"),
        ('202508,{new},1.2,"Nữ\nNam",5,,', "ký tự điều khiển"),
        ("202508,{new},1.2,,100000000000000,,", "quá lớn"),
        ("202508,{new},1.2,,-1,,", "không nhận giá trị nhỏ hơn 0"),
        ("202508,{new},1.2,,2.5,,", "cần số nguyên"),
        ("202508,{new},1.2,,,,", "không có giá trị"),
        ("202508,{new},1.2,,٢٣,,", "không phải là số"),
        ("202508,{new},1.1,,abc,9,10", "Giá trị “abc” không phải là số"),
        ("202508,{new},1.1,,,x,10", "Tử số “x” không phải là số"),
        ("202508,{new},1.1,,,9,1.0000001", "Mẫu số 1,0000001 có quá 6 chữ số thập phân"),
        ("202508,{new},1.1,,,-1,10", "Tử số không được âm"),
        ("202508,{new},1.4,,,-1,10", "Tử số không được âm"),
        # Each of the next two is refused by one check alone: the figure itself would pass.
        ("202508,{new},1.1,,,10000000.000001,10000000", "lớn hơn mẫu số"),
        ("202508,{new},1.4,,,100000000000000,99999999999999", "Tử số 100.000.000.000.000 quá lớn"),
        ("202508,{new},1.1,,,,5", "Cần nhập cả tử số và mẫu số"),
        ("202508,{new},1.3,,-6,,", "không nhận giá trị nhỏ hơn -5"),
        ("202508,{new},1.3,,51,,", "không nhận giá trị lớn hơn 50"),
        ("202508,{new},1.4,,,99999999999999,0.000001", "quá lớn"),
        ("202508,{new},2,,1,,", "không nhận số"),
        ("202508,{new},1,,5,,", "không có chỉ tiêu mã “1”"),
        ("202513,{new},1.2,,5,,", "Kỳ số 13 không hợp lệ"),
        ("202508,{old},1.1,,,1,2", "không tồn tại trong kỳ Tháng 08/2025"),
        ("202508,{lead},1.1,,,1,2", "không được giao báo cáo chỉ tiêu 1.1"),
    ],
)
def test_every_check_names_its_row(checked, row, message):
    new = checked.new_communes[1].code
    bad = row.format(lead=checked.lead.code, old=checked.old_communes[0].code, new=new, long="x" * 129)
    rows = [*august_rows(checked), bad, f"202508,{new},1.3,,7,,"]

    with pytest.raises(ExchangeError) as raised:
        import_values(checked.program, csv_lines(*rows))

    assert raised.value.errors == [raised.value.errors[0]] and raised.value.errors[0].startswith(
        f"Dòng {len(rows)}:"
    ), raised.value.errors
    assert message in raised.value.errors[0], raised.value.errors
    assert raised.value.message.startswith("Tệp có 1 dòng lỗi;")
    assert not DataValue.objects.exists() and not ReportingPeriod.objects.exists()


def test_faults_of_every_kind_are_listed_by_line_with_their_count(checked):
    new = checked.new_communes[0].code
    rows = [
        f"202508,{new},1.2,,abc,,",  # line 2
        f"202508,{new},1.3,,7,,",
        "202508,W25-KHONG,1.2,,5,,",  # line 4
        "202508,1.2,5",  # line 5: the wrong number of columns, found while reading
        f"202508,{new},1.1,,,11,10",  # line 6
        f"2040,{new},1.2,,5,,",  # line 7
    ]

    with pytest.raises(ExchangeError) as raised:
        import_values(checked.program, csv_lines(*rows))

    assert raised.value.message == "Tệp có 5 dòng lỗi; chưa nhập gì."
    assert [error.split(":")[0] for error in raised.value.errors] == ["Dòng 2", "Dòng 4", "Dòng 5", "Dòng 6", "Dòng 7"]


def test_the_count_of_faults_goes_beyond_the_hundred_listed(collected):
    rows = [f"202508,W25-KHONG-{n},1.2,,5,," for n in range(150)]

    with pytest.raises(ExchangeError) as raised:
        import_values(collected.program, csv_lines(*rows))

    assert raised.value.message == "Tệp có 150 dòng lỗi (liệt kê 100 lỗi đầu); chưa nhập gì."
    assert raised.value.errors[-1].startswith("Dòng 101:")


def test_rates_are_stored_as_every_entrance_computes_them(checked):
    new = checked.new_communes[0].code
    rows = [
        f"202508,{new},1.1,,,2,3",
        f"202508,{new},1.4,,,1,3",
        f"202508,{new},1.3,,-4.5000000,,",
        f"202508,{new},1.2,Nữ,0,,",
        f"202508,{new},1.2,Nữ\\Nam,3,,",
    ]

    import_values(checked.program, csv_lines(*rows))

    stored = {
        (value.indicator.code, value.disaggregation): value.value
        for value in DataValue.objects.select_related("indicator")
    }
    assert stored == {
        ("1.1", ""): Decimal("66.666667"),
        ("1.4", ""): Decimal("333.333333"),
        ("1.3", ""): Decimal("-4.5"),
        ("1.2", "Nữ"): Decimal(0),
        ("1.2", "Nữ\\Nam"): Decimal(3),
    }


def test_who_may_report_follows_the_write_path(checked):
    """A commune that ended on 30/6/2025 still sends its 2025 year (it existed in the window and was a
    commune of the area on its last day); a department takes 1.2 once it is assigned by name."""
    add_assignment(checked.supported, role=AssignmentRole.LEAD, unit=checked.lead)
    rows = [f"2025,{checked.old_communes[0].code},1.2,,5,,", f"202508,{checked.lead.code},1.2,,7,,"]

    summary = import_values(checked.program, csv_lines(*rows))

    assert summary.imported == 2
    assert sorted(DataValue.objects.values_list("report__unit__code", "value")) == sorted(
        [(checked.old_communes[0].code, Decimal(5)), (checked.lead.code, Decimal(7))]
    )


def test_the_programmes_own_unit_writes_every_indicator(checked):
    """As on the entry page: the province consolidates, so it takes any indicator without an assignment."""
    summary = import_values(checked.program, csv_lines(f"202508,{checked.province.code},1.3,,7,,"))

    assert summary.imported == 1
    assert DataValue.objects.get().report.unit == checked.province


def test_a_cell_the_report_holds_may_be_corrected_after_its_assignment_ends(collected):
    import_values(collected.program, csv_lines(*august_rows(collected)))
    Assignment.objects.filter(indicator=collected.supported).delete()
    first, second = collected.new_communes[0], collected.new_communes[1]

    summary = import_values(collected.program, csv_lines(f"202508,{first.code},1.2,,11,,"))

    assert (summary.updated, summary.imported) == (1, 0)
    DataValue.objects.filter(report__unit=second, indicator=collected.supported).delete()
    with pytest.raises(ExchangeError) as raised:
        import_values(collected.program, csv_lines(f"202508,{second.code},1.2,,21,,"))
    assert "không được giao báo cáo chỉ tiêu 1.2" in raised.value.errors[0]


def test_a_file_of_only_its_header_imports_nothing(collected):
    summary = import_values(collected.program, csv_lines())

    assert (summary.rows, summary.imported, summary.reports, summary.periods) == (0, 0, 0, [])
    assert not Report.objects.exists()
