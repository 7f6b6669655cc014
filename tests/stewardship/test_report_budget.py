"""A unit's budget inside its periodic report: typed with the draft, refused whole in Vietnamese, locked when the
report is sent, approved or its period closed, back in the unit's hands when the report is returned or reopened,
every change kept with who and when and audited; the roll-ups count a report's lines once it is approved (its
latest approved report of the year, unless the finance office consolidated the same line), and the finance office
enters and uploads every unit's lines without typing or approving a report."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ansinh.accounts.rules import (
    can_edit_report,
    can_enter_budget,
    can_import_budget,
    can_review_report,
    sees_all_budget,
)
from ansinh.accounts.tokens import create_token
from ansinh.audit.models import AuditEvent
from ansinh.exchange.services.budget import budget_sheet_row, import_budget_sheet
from ansinh.exchange.services.spreadsheets import export_report_workbook, import_report_workbook
from ansinh.followups.models import Task
from ansinh.org.models import OrgUnit
from ansinh.reporting.models import PeriodKind, Report
from ansinh.reporting.selectors import Progress, completeness
from ansinh.reporting.services.assignments import create_default_assignments
from ansinh.reporting.services.lifecycle import approve_report, reopen_report, return_report, submit_report
from ansinh.reporting.services.periods import close_period, open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey
from ansinh.stewardship.models import BudgetLine, BudgetLineChange, BudgetSource
from ansinh.stewardship.selectors import budget_lines_visible_to, budget_summary, counted_budget_lines
from ansinh.stewardship.services.budget import BudgetInput, ReportBudgetRow, save_budget_line, save_report_budget
from ansinh.stewardship.services.errors import StewardshipError

BILLION = Decimal(10) ** 9


@pytest.fixture
def lead_report(world) -> Report:
    create_default_assignments(world.program)
    period = open_period(world.program, PeriodKey(2025, PeriodKind.YEAR))
    return Report.objects.get(period=period, unit=world.lead)


def _row(**values) -> ReportBudgetRow:
    return ReportBudgetRow(**{"source": BudgetSource.CITY, "allocated": 10 * BILLION, **values})


def _send_and_approve(world, report, cast) -> None:
    save_values(report, [ValueInput(indicator=world.supported, text="1.250")], actor=cast.lan)
    submit_report(report)  # sent as the system does: the figures' checks are not the point here
    approve_report(report, actor=cast.ha)


def test_lines_are_saved_with_the_draft_with_history_and_audit(world, cast, lead_report):
    changed = save_report_budget(lead_report, [(1, _row(disbursed=6 * BILLION))], actor=cast.lan)
    assert changed == 1 and lead_report.version == 1
    line = BudgetLine.objects.get()
    assert (line.report, line.unit, line.year, line.allocated) == (lead_report, world.lead, 2025, 10 * BILLION)
    # Again, corrected, plus a socialised line: one line changed, one added; then the first removed.
    rows = [(1, _row(disbursed=7 * BILLION)), (2, _row(source=BudgetSource.SOCIALISED, allocated=BILLION))]
    assert save_report_budget(lead_report, rows, actor=cast.minh) == 2
    assert save_report_budget(lead_report, rows, actor=cast.minh) == 0  # nothing changed, nothing recorded
    assert save_report_budget(lead_report, rows[1:], actor=cast.lan) == 1
    assert list(BudgetLine.objects.values_list("source", flat=True)) == ["socialised"]
    history = list(BudgetLineChange.objects.filter(report=lead_report).order_by("pk"))
    assert [
        (c.changed_by.username, c.before and c.before["disbursed"], c.after and c.after["disbursed"]) for c in history
    ] == [
        ("lan", None, str(6 * BILLION)),
        ("minh", str(6 * BILLION), str(7 * BILLION)),
        ("minh", None, None),
        ("lan", str(7 * BILLION), None),
    ]
    assert history[-1].line is None and "Ngân sách thành phố" in history[-1].label
    actions = list(
        AuditEvent.objects.filter(action__startswith="budget.").order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["budget.save", "budget.save", "budget.save", "budget.delete"]
    assert lead_report.version == 3


def test_a_draft_with_only_its_budget_typed_has_started(world, cast, lead_report):
    """The completeness page shows a unit that typed its budget before any figure as at work, not as not started."""

    def progress() -> Progress:
        period = lead_report.period
        rows = completeness(period, today=period.deadline).rows  # before the deadline passes: not yet missing
        return next(row.progress for row in rows if row.unit == world.lead)

    assert progress() == Progress.NOT_STARTED
    save_report_budget(lead_report, [(1, _row(disbursed=6 * BILLION))], actor=cast.lan)
    assert not lead_report.values.exists()
    assert progress() == Progress.IN_PROGRESS


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (_row(allocated=Decimal(-5)), "không thể là số âm"),
        (_row(disbursed=11 * BILLION), "cần ghi chú lý do"),
        (_row(source="von-vay"), "không hợp lệ"),
        (_row(allocated=None), "ít nhất một số tiền"),
    ],
)
def test_bad_lines_are_refused_whole_and_nothing_is_saved(world, cast, lead_report, row, words):
    save_report_budget(lead_report, [(1, _row(disbursed=BILLION))], actor=cast.lan)
    with pytest.raises(StewardshipError) as refused:
        save_report_budget(lead_report, [(1, _row(disbursed=2 * BILLION)), (2, row)], actor=cast.lan)
    assert any(error.startswith("Dòng 2:") and words in error for error in refused.value.errors)
    assert BudgetLine.objects.get().disbursed == BILLION  # the good row was not written either
    assert BudgetLineChange.objects.count() == 1


def test_two_rows_for_the_same_line_are_refused(world, cast, lead_report):
    with pytest.raises(StewardshipError) as refused:
        save_report_budget(lead_report, [(1, _row()), (2, _row(disbursed=BILLION))], actor=cast.lan)
    assert refused.value.errors == ["Dòng 2: trùng với dòng 1 (cùng đơn vị, năm, nguồn và nhiệm vụ)."]


def test_locked_with_the_report_and_back_in_hand_when_returned_or_reopened(world, cast, lead_report):
    save_report_budget(lead_report, [(1, _row(disbursed=6 * BILLION))], actor=cast.lan)
    save_values(lead_report, [ValueInput(indicator=world.supported, text="1.250")], actor=cast.lan)
    submit_report(lead_report)
    with pytest.raises(StewardshipError, match="Đã gửi") as refused:
        save_report_budget(lead_report, [(1, _row(disbursed=9 * BILLION))], actor=cast.lan)
    assert refused.value.code == "report_locked"
    return_report(lead_report, reason="Giải ngân chưa khớp sổ kế toán", actor=cast.ha)
    save_report_budget(lead_report, [(1, _row(disbursed=8 * BILLION))], actor=cast.lan)
    submit_report(lead_report)
    approve_report(lead_report, actor=cast.ha)
    with pytest.raises(StewardshipError, match="Đã duyệt"):
        save_report_budget(lead_report, [], actor=cast.lan)
    reopen_report(lead_report, reason="Quyết toán bổ sung", actor=cast.ha)
    save_report_budget(lead_report, [(1, _row(disbursed=8 * BILLION, settled=8 * BILLION))], actor=cast.lan)
    close_period(lead_report.period, actor=cast.thu)
    with pytest.raises(StewardshipError):
        save_report_budget(lead_report, [], actor=cast.lan)
    assert BudgetLine.objects.get().settled == 8 * BILLION


def test_rollups_count_approved_report_lines_only_and_the_finance_office_wins(world, cast, lead_report):
    save_report_budget(lead_report, [(1, _row(disbursed=6 * BILLION))], actor=cast.lan)
    assert not counted_budget_lines(world.program).exists()  # a draft counts for nothing
    save_values(lead_report, [ValueInput(indicator=world.supported, text="1.250")], actor=cast.lan)
    submit_report(lead_report)
    assert not counted_budget_lines(world.program).exists()  # nor a report waiting for approval
    approve_report(lead_report, actor=cast.ha)
    save_budget_line(
        world.program,
        BudgetInput(unit=world.partner, year=2025, source=BudgetSource.CITY, allocated=4 * BILLION, disbursed=BILLION),
        actor=cast.tai,
    )
    summary = budget_summary(budget_lines_visible_to(cast.tai, world.program))
    assert summary.total.amounts.allocated == 14 * BILLION and summary.total.amounts.disbursed == 7 * BILLION
    assert {row.key: row.rate for row in summary.by_unit} == {"T-LDXH": 60, "T-SYT": 25}
    # The finance office's consolidation of the same line replaces the unit's own in every roll-up.
    save_budget_line(
        world.program,
        BudgetInput(
            unit=world.lead, year=2025, source=BudgetSource.CITY, allocated=10 * BILLION, disbursed=9 * BILLION
        ),
        actor=cast.tai,
    )
    summary = budget_summary(budget_lines_visible_to(cast.thu, world.program))
    assert {row.key: row.rate for row in summary.by_unit} == {"T-LDXH": 90, "T-SYT": 25}
    assert summary.total.lines == 2
    # Reopened, the report's lines leave the roll-ups until approved again.
    BudgetLine.objects.filter(report__isnull=True, unit=world.lead).delete()
    reopen_report(lead_report, reason="Sửa kinh phí", actor=cast.ha)
    assert list(counted_budget_lines(world.program).values_list("unit__code", flat=True)) == ["T-SYT"]


def test_a_later_approved_report_of_the_year_restates_the_year(world, cast, lead_report):
    half = open_period(world.program, PeriodKey(2025, PeriodKind.HALF, 1))
    first = Report.objects.get(period=half, unit=world.lead)
    for report, disbursed in ((first, 3 * BILLION), (lead_report, 9 * BILLION)):
        save_report_budget(report, [(1, _row(disbursed=disbursed))], actor=cast.lan)
        _send_and_approve(world, report, cast)
    counted = list(counted_budget_lines(world.program))
    assert [(line.report_id, line.disbursed) for line in counted] == [(lead_report.pk, 9 * BILLION)]


def test_the_finance_office_consolidates_but_neither_types_nor_approves(world, cast, lead_report):
    tai = cast.tai
    assert sees_all_budget(tai, world.program) and can_import_budget(tai, world.program)
    assert can_enter_budget(tai, BudgetLine(program=world.program, unit=world.partner))
    assert not can_edit_report(tai, lead_report) and not can_review_report(tai, lead_report)
    assert not sees_all_budget(cast.lan, world.program) and not can_import_budget(cast.lan, world.program)


def _post(**rows) -> dict:
    data = {"b-count": "2", "version": ""}
    for index, values in rows.items():
        data.update({f"b{index[1:]}-{name}": value for name, value in values.items()})
    return data


def test_the_report_page_enters_the_budget_the_vietnamese_way(world, cast, lead_report, client):
    client.force_login(cast.lan)
    page = reverse("report_detail", args=[lead_report.pk])
    url = reverse("report_budget", args=[lead_report.pk])
    assert 'name="b0-allocated"' in client.get(page).content.decode()
    line = {"source": "city", "allocated": "1.250.000.000", "disbursed": "mười tỷ"}
    refused = client.post(url, _post(r0=line, r1={"source": "", "estimate": "-1"}))
    body = refused.content.decode()
    assert refused.status_code == 400 and "Dòng 1: Giải ngân:" in body and "Dòng 2: chọn nguồn kinh phí." in body
    assert "mười tỷ" in body  # what was typed is shown again
    assert not BudgetLine.objects.exists()
    saved = client.post(url, _post(r0={**line, "disbursed": "1.000.000.000"}, r1={"source": "socialised"}))
    assert saved.status_code == 302 and saved["Location"].endswith("#kinh-phi")
    line = BudgetLine.objects.get()
    assert (line.report_id, line.allocated, line.disbursed) == (lead_report.pk, 1_250_000_000, BILLION)
    body = client.get(page).content.decode()
    assert "1,25 tỷ đồng" in body and "80%" in body and 'value="1.250.000.000"' in body
    assert "Lịch sử thay đổi kinh phí" in body
    # Not counted until the report is approved; the budget page tells the unit where its lines go.
    budget_page = client.get(reverse("budget", args=[world.program.slug])).content.decode()
    assert 'id="ghi-trong-bao-cao"' in budget_page and "1,25 tỷ đồng" not in budget_page
    # Someone else's report, and a sent one: refused, nothing changed.
    other = Report.objects.get(period=lead_report.period, unit=world.partner)
    assert (
        client.post(
            reverse("report_budget", args=[other.pk]), _post(r0={"source": "city", "allocated": "1"})
        ).status_code
        == 403
    )
    save_values(lead_report, [ValueInput(indicator=world.supported, text="1.250")], actor=cast.lan)
    submit_report(lead_report)
    locked = client.post(url, _post(r0={"source": "city", "allocated": "2.000.000.000"}))
    assert locked.status_code == 400 and "không thể sửa" in locked.content.decode()
    assert 'name="b0-allocated"' not in locked.content.decode()
    assert BudgetLine.objects.get().allocated == 1_250_000_000


def test_the_finance_office_uploads_every_units_lines_but_not_a_report(world, cast, lead_report, sign_in):
    client = sign_in(cast.tai)
    url = reverse("budget_import", args=[world.program.slug])
    assert client.get(url).status_code == 200
    book = Workbook()
    book.active.append(["Mã đơn vị", "Năm", "Nguồn kinh phí", "Giao (đồng)", "Giải ngân (đồng)"])
    book.active.append(["T-LDXH", 2025, "Ngân sách thành phố", 10 * BILLION, 4 * BILLION])
    book.active.append(["T-SYT", 2025, "Xã hội hóa", 2 * BILLION, BILLION])
    upload = SimpleUploadedFile("so-tai-chinh.xlsx", _saved(book))
    assert client.post(url, {"file": upload}).status_code == 302
    lines = BudgetLine.objects.order_by("unit__code")
    assert [(line.unit.code, line.report, line.updated_by) for line in lines] == [
        ("T-LDXH", None, cast.tai),
        ("T-SYT", None, cast.tai),
    ]
    page = client.get(reverse("budget", args=[world.program.slug])).content.decode()
    assert "Sở Y tế" in page and "Sở Lao động" in page and "40%" in page
    # Neither a report's budget nor its figures nor its approval are the finance office's.
    assert client.post(reverse("report_budget", args=[lead_report.pk]), _post()).status_code == 403
    assert client.post(reverse("report_detail", args=[lead_report.pk]), {"version": "0"}).status_code == 403
    assert client.post(reverse("report_approve", args=[lead_report.pk])).status_code == 403


def test_the_report_workbook_carries_the_budget_and_reads_back(world, cast, lead_report):
    """Export → fill → import gives the same lines (and one more); a wrong sheet is refused by its rows, and
    then neither the budget nor the figures of the file are saved."""
    save_report_budget(
        lead_report,
        [(1, _row(disbursed=6 * BILLION, note="=ghi chú")), (2, _row(source=BudgetSource.LOCAL, estimate=BILLION))],
        actor=cast.lan,
    )
    content = export_report_workbook(lead_report.period, world.lead)
    book = load_workbook(io.BytesIO(content))
    sheet = book["Kinh phí"]
    header = [cell.value for cell in sheet[4]]
    assert header[:3] == ["Nguồn kinh phí", "Mã nhiệm vụ", "Dự toán (đồng)"]
    assert [cell.value for cell in sheet[5]][:7] == [
        "Ngân sách thành phố",
        None,
        None,
        10 * BILLION,
        6 * BILLION,
        None,
        "=ghi chú",
    ]
    before = sorted(
        (line.source, line.allocated, line.disbursed, line.estimate, line.note) for line in BudgetLine.objects.all()
    )
    BudgetLine.objects.all().delete()
    result = import_report_workbook(
        lead_report.period, world.lead, _saved(book), filename="bao-cao.xlsx", actor=cast.lan
    )
    assert result.ok, result.errors
    after = sorted(
        (line.source, line.allocated, line.disbursed, line.estimate, line.note) for line in BudgetLine.objects.all()
    )
    assert after == before and all(line.report_id == lead_report.pk for line in BudgetLine.objects.all())
    # Filled: a new line in the first blank row; and a version moved on, so a fresh template is needed.
    book = load_workbook(io.BytesIO(export_report_workbook(lead_report.period, world.lead)))
    sheet = book["Kinh phí"]
    for column, value in enumerate(["Xã hội hóa", None, None, "500.000.000", "200.000.000"], start=1):
        sheet.cell(7, column).value = value
    result = import_report_workbook(lead_report.period, world.lead, _saved(book), filename="b.xlsx", actor=cast.lan)
    assert result.ok and "kinh phí: 1 dòng thay đổi" in result.message
    assert BudgetLine.objects.get(source="socialised").allocated == 500_000_000
    # A wrong sheet: every problem by its row; nothing saved.
    book = load_workbook(io.BytesIO(export_report_workbook(lead_report.period, world.lead)))
    sheet = book["Kinh phí"]
    sheet.cell(5, 5).value = "mười tỷ"
    sheet.cell(8, 1).value = "Vốn vay"
    sheet.cell(8, 4).value = 1
    sheet.cell(9, 1).value = "Nguồn khác"
    sheet.cell(9, 4).value = -5
    count = BudgetLineChange.objects.count()
    result = import_report_workbook(lead_report.period, world.lead, _saved(book), filename="c.xlsx", actor=cast.lan)
    assert not result.ok
    assert any("Trang “Kinh phí” — Dòng 5: Giải ngân (đồng):" in error for error in result.errors)
    assert any("Dòng 8: nguồn kinh phí “Vốn vay” không hợp lệ" in error for error in result.errors)
    assert any("Dòng 9: Giao không thể là số âm" in error for error in result.errors)
    assert BudgetLineChange.objects.count() == count and BudgetLine.objects.count() == 3


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_api_reads_and_writes_a_reports_budget_through_the_same_service(world, cast, lead_report, client):
    key = create_token(cast.lan, name="nhập liệu", can_write=True)[1]
    url = f"/api/v1/reports/{lead_report.pk}/budget"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = {"version": 0, "lines": [{"source": "city", "allocated": 10 * BILLION, "disbursed": 11 * BILLION}]}
    refused = client.put(url, body, content_type="application/json", **auth)
    assert refused.status_code == 400 and "cần ghi chú lý do" in refused.json()["errors"][0]
    body["lines"][0]["note"] = "Kinh phí năm 2024 chuyển sang"
    saved = client.put(url, body, content_type="application/json", **auth)
    assert saved.status_code == 200 and saved.json() == {"changed": 1, "version": 1}
    stale = client.put(url, body, content_type="application/json", **auth)
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    read = client.get(url, **auth).json()
    assert read["version"] == 1 and read["lines"][0]["amounts"]["disbursed_text"] == "11 tỷ đồng"
    save_values(lead_report, [ValueInput(indicator=world.supported, text="1.250")], actor=cast.lan)
    submit_report(lead_report)
    locked = client.put(url, {"lines": []}, content_type="application/json", **auth)
    assert locked.status_code == 409 and locked.json()["code"] == "report_locked"
    assert BudgetLine.objects.get().disbursed == 11 * BILLION


def test_a_secretariat_line_outside_a_report_also_replaces_the_units_own(world, cast, lead_report):
    """Any line entered outside a report for the same key wins over an approved report's, not only the finance
    office's (docs/stewardship.md, "What counts")."""
    save_report_budget(lead_report, [(1, _row(disbursed=6 * BILLION))], actor=cast.lan)
    _send_and_approve(world, lead_report, cast)
    save_budget_line(
        world.program,
        BudgetInput(unit=world.lead, year=2025, source=BudgetSource.CITY, allocated=10 * BILLION, disbursed=BILLION),
        actor=cast.thu,
    )
    counted = list(counted_budget_lines(world.program))
    assert [(line.report_id, line.disbursed) for line in counted] == [(None, BILLION)]


def test_a_line_outside_a_report_names_a_unit_of_the_programmes_area_only(world, cast):
    """The finance office's sheet (and the page's form) name units by code: a unit of another province is no part
    of this programme's budget, refused by its row; nothing is saved."""
    elsewhere = OrgUnit.objects.create(code="P-K", name="Tỉnh Khác", kind="province")
    OrgUnit.objects.create(code="W25-K1", name="Xã Tỉnh Khác", kind="commune", parent=elsewhere)
    book = Workbook()
    book.active.append(["Mã đơn vị", "Năm", "Nguồn kinh phí", "Giao (đồng)"])
    book.active.append(["W25-T1", 2025, "Ngân sách thành phố", 10 * BILLION])
    book.active.append(["W25-K1", 2025, "Ngân sách thành phố", 2 * BILLION])
    with pytest.raises(StewardshipError) as refused:
        import_budget_sheet(world.program, _saved(book), filename="so-tai-chinh.xlsx", actor=cast.tai)
    assert refused.value.errors == [f"Dòng 3: Xã Tỉnh Khác không thuộc địa bàn của {world.program.code}."]
    assert not BudgetLine.objects.exists()
    with pytest.raises(StewardshipError, match="không thuộc địa bàn"):
        save_budget_line(
            world.program,
            BudgetInput(unit=elsewhere, year=2025, source=BudgetSource.CITY, allocated=BILLION),
            actor=cast.thu,
        )


def test_a_task_given_on_the_page_keeps_its_line_through_the_workbook_and_the_api(world, cast, lead_report, client):
    """A task given on the page has no code: files and the API name it by its id (as the API always showed it), so
    the report workbook read back and a PUT of what the GET gave keep the line on its task instead of dropping it."""
    task = Task.objects.create(program=world.program, title="Hỗ trợ việc làm", lead_unit=world.lead)
    save_report_budget(lead_report, [(1, _row(task=task, disbursed=BILLION))], actor=cast.lan)
    content = export_report_workbook(lead_report.period, world.lead)
    assert load_workbook(io.BytesIO(content))["Kinh phí"].cell(5, 2).value == str(task.pk)
    result = import_report_workbook(lead_report.period, world.lead, content, filename="b.xlsx", actor=cast.lan)
    assert result.ok, result.errors
    assert list(BudgetLine.objects.values_list("task", flat=True)) == [task.pk]
    assert BudgetLineChange.objects.count() == 1  # read back unchanged: nothing removed, nothing added
    assert budget_sheet_row(BudgetLine.objects.get())[5] == str(task.pk)  # the budget list names it alike
    key = create_token(cast.lan, name="nhập liệu", can_write=True)[1]
    url, auth = f"/api/v1/reports/{lead_report.pk}/budget", {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    read = client.get(url, **auth).json()
    line = read["lines"][0]
    body = {
        "version": read["version"],
        "lines": [{"source": line["source"], "task": line["task_code"], "allocated": 1}],
    }
    saved = client.put(url, body, content_type="application/json", **auth)
    assert saved.status_code == 200, saved.content
    assert list(BudgetLine.objects.values_list("task", "allocated")) == [(task.pk, 1)]


def test_a_sheet_of_thousands_of_faults_counts_them_the_vietnamese_way(world, cast):
    book = Workbook()
    book.active.append(["Mã đơn vị", "Năm", "Nguồn kinh phí", "Giao (đồng)"])
    for _ in range(1_001):
        book.active.append(["KHONG-CO", 2025, "Ngân sách thành phố", 1])
    with pytest.raises(StewardshipError) as refused:
        import_budget_sheet(world.program, _saved(book), filename="so-tai-chinh.xlsx", actor=cast.tai)
    assert refused.value.message == "Không lưu dòng nào: 1.001 lỗi cần sửa trong bảng tính."
