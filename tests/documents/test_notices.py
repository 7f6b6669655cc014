from datetime import date

from ansinh.documents.builders.annual_report import annual_report_data, build_annual_report
from ansinh.documents.builders.conclusions_notice import build_conclusions_notice
from ansinh.documents.selectors import default_settings
from ansinh.documents.steering import MeetingNotice
from ansinh.followups.models import DeadlineKind, Task


def test_a_notice_of_conclusions_numbers_each_conclusion(world):
    meeting = MeetingNotice(
        held_on=date(2023, 1, 9),
        title="Hội nghị đánh giá kết quả năm 2022",
        chair="Trưởng Ban Chỉ đạo",
        conclusions=("Tập trung chỉ đạo các chỉ tiêu y tế.", "Triển khai chương trình sức khỏe học đường."),
    )
    document = build_conclusions_notice(
        default_settings(world.program), world.program, meeting, number=3, issued_on=date(2023, 1, 12)
    )
    texts = [p.text for p in document.body]
    assert document.header.number == "Số: 03/TB-SNV" and document.header.kind.type_name == "THÔNG BÁO"
    assert "1. Tập trung chỉ đạo các chỉ tiêu y tế." in texts and texts[-1].endswith("./.")


def test_steering_parts_appear_in_the_report_and_empty_parts_say_so(world):
    Task.objects.create(
        program=world.program,
        title="Ban hành kế hoạch hỗ trợ việc làm",
        lead_unit=world.lead,
        deadline_kind=DeadlineKind.DATE,
        due_on=date(2025, 6, 30),
    )
    texts = [p.text for p in build_annual_report(annual_report_data(world.program, 2025)).body]
    assert any(t.startswith("Năm 2025 có 1 nhiệm vụ đến hạn; đã hoàn thành 0/1 (1 quá hạn).") for t in texts)
    assert "Ban hành kế hoạch hỗ trợ việc làm — Sở Lao động, hạn 30/06/2025: quá hạn, chưa hoàn thành." in texts
    assert any(t.endswith("Công tác kiểm tra, giám sát") for t in texts)  # kept, nothing recorded in 2025 …
    assert "Năm 2025 chưa ghi nhận nội dung này trên ansinh." in texts
    assert any(t.endswith("Kinh phí thực hiện") for t in texts)  # budget and rewards are kept: said to be empty
    assert any(t.endswith("Thi đua, khen thưởng") for t in texts)
