"""Budget lines through their services, pages, spreadsheet and API, in the shared world: a unit enters its own,
the secretariat enters many at once (all or nothing, errors by row), bad amounts are refused in Vietnamese with
nothing saved, every write is audited, and the roll-ups add up."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ansinh.accounts.rules import can_enter_budget
from ansinh.accounts.tokens import create_token
from ansinh.audit.models import AuditEvent
from ansinh.exchange.services.budget import import_budget_sheet
from ansinh.stewardship.models import BudgetLine, BudgetSource
from ansinh.stewardship.selectors import budget_lines_visible_to, budget_summary
from ansinh.stewardship.services.budget import BudgetInput, save_budget_line
from ansinh.stewardship.services.errors import StewardshipError

BILLION = Decimal(10) ** 9


LEAD = object()


def _line(world, unit=LEAD, **values) -> BudgetInput:
    data = {
        "unit": world.lead if unit is LEAD else unit,
        "year": 2025,
        "source": BudgetSource.CITY,
        "allocated": 10 * BILLION,
    }
    data.update(values)
    return BudgetInput(**data)


def test_a_unit_enters_its_line_and_entering_it_again_corrects_it(world, cast):
    line = save_budget_line(world.program, _line(world, disbursed=6 * BILLION), actor=cast.lan)
    again = save_budget_line(world.program, _line(world, disbursed=9 * BILLION), actor=cast.lan)
    assert again.pk == line.pk and BudgetLine.objects.count() == 1
    events = AuditEvent.objects.filter(action="budget.save").order_by("pk")
    assert [e.after["disbursed"] for e in events] == [str(6 * BILLION), str(9 * BILLION)]
    assert events[1].before["disbursed"] == str(6 * BILLION) and events[1].unit_code == world.lead.code


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"allocated": Decimal(-1)}, "không thể là số âm"),
        ({"disbursed": 11 * BILLION}, "cần ghi chú lý do"),
        ({"year": 2031}, "ngoài thời gian"),
        ({"unit": "old_commune", "year": 2026}, "không tồn tại trong năm 2026"),
        ({"source": "ngan-sach"}, "không hợp lệ"),
    ],
)
def test_bad_lines_are_refused_in_vietnamese_and_nothing_is_saved(world, cast, values, words):
    if values.get("unit") == "old_commune":
        values["unit"] = world.old_communes[0]
    with pytest.raises(StewardshipError) as refused:
        save_budget_line(world.program, _line(world, **values), actor=cast.lan)
    assert words in refused.value.message
    assert not BudgetLine.objects.exists() and not AuditEvent.objects.filter(action="budget.save").exists()


def test_disbursed_above_allocated_is_kept_with_its_note(world, cast):
    line = save_budget_line(
        world.program, _line(world, disbursed=11 * BILLION, note="Kinh phí năm 2024 chuyển sang"), actor=cast.lan
    )
    assert line.rate == Decimal(110)


def test_who_may_enter_a_line_outside_a_report(world, cast):
    """A unit's own lines go through its report; outside one, the finance office enters any unit's line and the
    secretariat any line, the programme-level figures included; a report's line is changed only in its report."""
    lead_line, partner_line = (
        BudgetLine(program=world.program, unit=world.lead),
        BudgetLine(program=world.program, unit=world.partner),
    )
    programme_line = BudgetLine(program=world.program, unit=None)
    assert not can_enter_budget(cast.lan, lead_line) and not can_enter_budget(cast.nga, lead_line)
    assert can_enter_budget(cast.tai, lead_line) and can_enter_budget(cast.tai, partner_line)
    assert not can_enter_budget(cast.tai, programme_line)
    assert can_enter_budget(cast.thu, partner_line) and can_enter_budget(cast.thu, programme_line)
    assert not can_enter_budget(cast.thu, BudgetLine(program=world.program, unit=world.lead, report_id=1))


def test_rollups_by_unit_source_and_year_and_the_threshold(world, cast):
    save_budget_line(world.program, _line(world, disbursed=9 * BILLION), actor=cast.thu)
    save_budget_line(world.program, _line(world, world.partner, disbursed=2 * BILLION), actor=cast.thu)
    save_budget_line(
        world.program,
        _line(world, world.partner, source=BudgetSource.SOCIALISED, allocated=None, disbursed=BILLION),
        actor=cast.thu,
    )
    save_budget_line(
        world.program, _line(world, None, year=2024, to_year=2025, allocated=100 * BILLION), actor=cast.thu
    )
    summary = budget_summary(budget_lines_visible_to(cast.thu, world.program))
    by_unit = {row.key: row for row in summary.by_unit}
    assert by_unit[world.lead.code].rate == 90 and not by_unit[world.lead.code].below
    assert by_unit[world.partner.code].amounts.disbursed == 3 * BILLION
    assert by_unit[world.partner.code].rate == 30 and by_unit[world.partner.code].below
    assert summary.total.amounts.allocated == 20 * BILLION  # the programme-level figure is not added in
    assert [line.years_label for line in summary.programme_level] == ["2024–2025"]
    assert [(row.label, row.amounts.disbursed) for row in summary.by_source] == [
        ("Ngân sách thành phố", 11 * BILLION),
        ("Xã hội hóa", BILLION),
    ]
    # Lan sees her department's lines and the programme-level figure, not Sở Y tế's.
    seen = budget_lines_visible_to(cast.lan, world.program)
    assert {line.unit_id for line in seen} == {world.lead.pk, None}


def _sheet(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Kinh phí"])
    sheet.append([])
    sheet.append(["Mã đơn vị", "Năm", "Nguồn kinh phí", "Giao (đồng)", "Giải ngân (đồng)", "Ghi chú"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_spreadsheet_is_all_or_nothing_with_errors_by_row(world, cast):
    content = _sheet(
        [
            ["T-LDXH", 2025, "Ngân sách thành phố", "10.000.000.000", "6.000.000.000", ""],
            ["T-SYT", 2025, "ngân sách trung ương", 5_000_000_000, -1, ""],
            ["T-KHONG", 2025, "Xã hội hóa", 1, 1, ""],
            ["T-SNV", "năm nay", "Vốn vay", 1, 2, ""],
        ]
    )
    with pytest.raises(StewardshipError) as refused:
        import_budget_sheet(world.program, content, filename="kinh-phi.xlsx", actor=cast.thu)
    errors = refused.value.errors
    assert any(e.startswith("Dòng 5:") and "số âm" in e for e in errors)
    assert any(e.startswith("Dòng 6:") and "T-KHONG" in e for e in errors)
    assert any(e.startswith("Dòng 7:") and "Vốn vay" in e for e in errors)
    assert any(e.startswith("Dòng 7: Năm:") and "năm nay" in e for e in errors)
    assert not any(e.startswith("Dòng 4:") for e in errors)
    assert not BudgetLine.objects.exists()
    good = _sheet(
        [
            ["T-LDXH", 2025, "Ngân sách thành phố", "10.000.000.000", "6.000.000.000", ""],
            ["T-SYT", 2025, "central", 5_000_000_000, 5_500_000_000, "Bổ sung giữa năm"],
        ]
    )
    lines = import_budget_sheet(world.program, good, filename="kinh-phi.xlsx", actor=cast.thu)
    assert [(line.unit.code, line.source, line.disbursed) for line in lines] == [
        ("T-LDXH", "city", 6 * BILLION),
        ("T-SYT", "central", Decimal(5_500_000_000)),
    ]
    assert AuditEvent.objects.filter(action="budget.save").count() == 2
    assert AuditEvent.objects.filter(action="budget.import").count() == 1


def test_the_export_reads_back_as_the_same_lines(world, cast, client, pass_two_factor):
    save_budget_line(world.program, _line(world, disbursed=6 * BILLION, note="=CHÚ Ý"), actor=cast.thu)
    client.force_login(cast.thu)
    pass_two_factor(client, cast.thu)
    response = client.get(reverse("budget", args=[world.program.slug]) + "?xuat=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(4, 1).value == "T-LDXH" and sheet.cell(4, 9).value == 10 * BILLION
    assert sheet.cell(4, 12).value == "=CHÚ Ý" and sheet.cell(4, 12).data_type == "s"
    BudgetLine.objects.all().delete()
    lines = import_budget_sheet(world.program, response.content, filename="x.xlsx", actor=cast.thu)
    assert [(line.unit, line.allocated, line.disbursed) for line in lines] == [(world.lead, 10 * BILLION, 6 * BILLION)]


def test_the_finance_office_enters_a_units_line_on_the_page(world, cast, client, pass_two_factor):
    url = reverse("budget", args=[world.program.slug])
    client.force_login(cast.lan)
    assert client.post(url, {"unit": "T-LDXH", "year": "2025", "source": "city", "allocated": "1"}).status_code == 403
    client.force_login(cast.tai)
    pass_two_factor(client, cast.tai)
    post = {
        "unit": "T-LDXH",
        "year": "2025",
        "source": "city",
        "allocated": "1.000.000.000",
        "disbursed": "2.000.000.000",
    }
    response = client.post(url, post)
    assert response.status_code == 200 and "cần ghi chú lý do" in response.content.decode()
    assert not BudgetLine.objects.exists()
    response = client.post(url, {**post, "disbursed": "800.000.000"})
    assert response.status_code == 302
    assert BudgetLine.objects.get().disbursed == 800_000_000
    assert client.post(url, {**post, "unit": ""}).status_code == 403  # a programme-level figure: the secretariat's
    page = client.get(url).content.decode()
    assert "1 tỷ đồng" in page and "800 triệu đồng" in page and "80%" in page


def test_the_api_answers_the_budget(world, cast, client):
    save_budget_line(world.program, _line(world, disbursed=6 * BILLION), actor=cast.thu)
    key = create_token(cast.nga, name="đọc")[1]
    response = client.get(
        f"/api/v1/programs/{world.program.slug}/budget?threshold=70", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["by_unit"][0]["amounts"]["allocated"] == 10 * BILLION
    assert body["by_unit"][0]["disbursement_rate"] == 60.0 and body["by_unit"][0]["below_threshold"]
    assert body["by_unit"][0]["amounts"]["allocated_text"] == "10 tỷ đồng"
