from datetime import date

from ansinh.core.contributions import Contribution, Meeting, SectionText, register, unregister
from ansinh.documents.builders.annual_report import annual_report_data, build_annual_report
from ansinh.documents.builders.conclusions_notice import build_conclusions_notice
from ansinh.documents.selectors import default_settings


def test_a_notice_of_conclusions_numbers_each_conclusion(world):
    meeting = Meeting(
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


def test_contributed_parts_appear_in_the_report_and_absent_ones_do_not(world):
    rewards = Contribution(slot="rewards", section=lambda program, year: SectionText(("Khen thưởng 12 tập thể.",)))
    budget = Contribution(slot="budget", section=lambda program, year: None)
    register(rewards)
    register(budget)
    try:
        texts = [p.text for p in build_annual_report(annual_report_data(world.program, 2025)).body]
    finally:
        unregister(rewards)
        unregister(budget)
    assert "Khen thưởng 12 tập thể." in texts
    assert (
        any(t.endswith("Kinh phí thực hiện") for t in texts)
        and "Năm 2025 chưa ghi nhận nội dung này trên ansinh." in texts
    )
    assert not any("kiểm tra, giám sát" in t for t in texts)  # nobody keeps inspections yet: left out
