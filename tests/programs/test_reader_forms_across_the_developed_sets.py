"""The plan reader on forms that recur among the misses of the developed sets (regression, unseen … unseen11; the
reader21 and reader22 rounds), each tested on phrases of our own: docs/plan-import.md, "Which rule came from which form"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.rules.targets import BETWEEN, CHANGE_PER_YEAR, CHANGE_VS_BASE, GE, LT, parse_targets

D = Decimal


def test_a_change_in_a_text_that_names_no_year_is_a_yearly_change() -> None:
    """ "Tỷ lệ hộ nghèo giảm 2% trở lên; công nghiệp tăng 12,5%" (ví dụ minh họa) in a text that names no year at all
    (an article on a yearly plan whose headline held the year): a change with neither a year nor a base is the change
    the plan aims at within its year, not a change against a base left for a person to find."""
    targets = parse_targets("Tỷ lệ hộ nghèo giảm 2% trở lên; công nghiệp tăng từ 12-12,5%.")
    assert [(t.kind, t.comparator, t.value, t.year, t.base_year, t.needs_review) for t in targets] == [
        (CHANGE_PER_YEAR, GE, D(2), None, None, False),
        (CHANGE_PER_YEAR, BETWEEN, D(12), None, None, False),
    ]


def test_a_change_with_a_year_or_against_an_unnamed_base_still_asks_for_its_base() -> None:
    """ "Đến năm 2030, tỷ lệ hộ nghèo giảm 2%" has a year but no base, "giảm 2% so với cùng kỳ" compares with a base
    it does not name: both stay a change against a base, flagged for a person to name it."""
    dated = parse_targets("Đến năm 2030, tỷ lệ hộ nghèo giảm 2%.")
    compared = parse_targets("Số vụ tai nạn giảm 2% so với cùng kỳ.")
    assert [(t.kind, t.year, t.base_year, t.needs_review) for t in dated + compared] == [
        (CHANGE_VS_BASE, 2030, None, True),
        (CHANGE_VS_BASE, None, None, True),
    ]


def test_a_share_of_those_who_reach_a_standard_or_are_given_something_is_a_floor() -> None:
    """ "Đến năm 2030, 65% trường học đạt chuẩn an toàn; 85% hộ nghèo được tư vấn việc làm" (ví dụ minh họa): whatever
    way the name pulls, a share of those who reach or are given something is to be at least that share, and no person
    is asked which way it goes; a share of those not given it ("không được") still asks."""
    targets = parse_targets("Đến năm 2030, 65% trường học đạt chuẩn an toàn; 85% hộ nghèo được tư vấn việc làm.")
    assert [(t.comparator, t.value, t.needs_review) for t in targets] == [(GE, D(65), False), (GE, D(85), False)]
    (unsure,) = parse_targets("Đến năm 2030, 15% hộ nghèo không được tư vấn việc làm.")
    assert unsure.needs_review
    assert "tăng hay giảm" in unsure.review_reason


def test_houses_are_counted_by_their_classifier() -> None:
    """ "xây mới 2.000 căn nhà ở xã hội" (ví dụ minh họa) counts houses as "xây mới 2.000 căn" does."""
    (houses,) = parse_targets("Đến năm 2030, xây mới 2.000 căn nhà ở xã hội.")
    assert (houses.value, houses.unit) == (D(2000), "căn")


def test_a_share_named_as_those_who_reach_a_standard_is_a_floor() -> None:
    """ "Tỷ lệ đoàn viên, hội viên đạt tiêu chuẩn rèn luyện thể lực 95%" (ví dụ minh họa): the name before the figure
    says the share counts those who reach a standard, as "95% đoàn viên đạt tiêu chuẩn …" does after it."""
    (share,) = parse_targets("Năm 2025, tỷ lệ đoàn viên, hội viên đạt tiêu chuẩn rèn luyện thể lực 95%.")
    assert (share.comparator, share.value, share.needs_review) == (GE, D(95), False)


def test_the_year_after_a_documents_number_is_its_date_not_a_deadline() -> None:
    """ "Theo Quyết định 250/QĐ-UBND năm 2021, các chỉ tiêu giai đoạn 2021 - 2025 như sau:" (ví dụ minh họa): 2021 dates
    the decision; the targets under the lead-in are the period's, not 2021's."""
    plan = parse_plan(
        "KẾ HOẠCH\nGiai đoạn 2021 - 2025\nI. MỤC TIÊU\nTheo Quyết định 250/QĐ-UBND năm 2021 thì các chỉ tiêu về "
        "y tế xã giai đoạn 2021 - 2025 như sau:\n- Tỷ lệ xã đạt tiêu chí quốc gia về y tế: 95%.\n"
    )
    assert [(t.value, t.year) for t in plan.targets if t.has_target] == [(D(95), 2025)]


def test_a_sentence_opening_with_each_year_is_yearly_with_or_without_its_comma() -> None:
    """ "Hằng năm đào tạo nghề cho trên 3.000 lao động …, 200-500 lao động …" (ví dụ minh họa): "hằng năm" opening the
    sentence governs its counts whether a comma follows it or a verb does, as "Hằng năm, …" did."""
    targets = parse_targets(
        "Hằng năm đào tạo nghề cho trên 3.000 lao động nông thôn, 200-500 lao động ở mỗi huyện miền núi.",
        default_year=2030,
    )
    assert [(t.value, t.unit) for t in targets] == [(D(3000), "lao động/năm"), (D(200), "lao động/năm")]


def test_a_part_opening_the_next_sentence_of_a_yearly_count_is_yearly() -> None:
    """ "… bình quân hàng năm cho 20.000 người. Trong đó, đào tạo trình độ cao đẳng cho 5.000 người" (ví dụ minh họa):
    the part opens the next sentence, and is a part of the yearly count as after a comma."""
    targets = parse_targets(
        "Mục tiêu đến năm 2030 đào tạo nghề bình quân hàng năm cho 20.000 người. Trong đó, đào tạo trình độ cao đẳng "
        "cho 5.000 người."
    )
    assert [(t.value, t.unit) for t in targets] == [(D(20000), "người/năm"), (D(5000), "người/năm")]


def test_a_change_verb_written_once_goes_on_to_a_part_that_names_only_where() -> None:
    """ "giảm tỷ lệ hộ nghèo từ 1-1,5%, trong đó vùng đồng bào dân tộc 3 - 4%" (ví dụ minh họa): the part names only where,
    and the fall written once is its too; a part with its own level ("trong đó vùng cao còn dưới 10%") keeps it."""
    targets = parse_targets(
        "Trong năm 2026 phấn đấu giảm tỷ lệ hộ nghèo từ 1-1,5%, trong đó vùng đồng bào dân tộc 3 - 4%.",
        default_year=2026,
    )
    assert [(t.kind, t.value, t.value_max) for t in targets] == [
        (CHANGE_PER_YEAR, D(1), D("1.5")),
        (CHANGE_PER_YEAR, D(3), D(4)),
    ]
    targets = parse_targets("Năm 2026 giảm tỷ lệ hộ nghèo 1,5%, trong đó vùng cao còn dưới 10%.", default_year=2026)
    assert [(t.comparator, t.value) for t in targets][1] == (LT, D(10))


def test_a_title_in_capitals_stops_at_the_grounds() -> None:
    """A plan's title in capitals followed on the next line, with no blank line, by its grounds ("Thực hiện Công văn số
    … giai đoạn 2021 - 2025 …", "Căn cứ Quyết định số …"; ví dụ minh họa): the title is the capitals only, so the
    plan is for the title's one year and its targets with no year of their own take it, not the grounds' period."""
    for grounds in (
        "Thực hiện Công văn số 15/BYT ngày 10/12/2022 về kế hoạch giai đoạn 2021 - 2025",
        "Căn cứ Quyết định số 15/QĐ-UBND ngày 10/12/2022 về kế hoạch giai đoạn 2021 - 2025",
    ):
        plan = parse_plan(
            "ỦY BAN NHÂN DÂN\nTỈNH AN BÌNH\nSố: 12/KH-UBND\nAn Bình, ngày 14 tháng 3 năm 2023\nKẾ HOẠCH\n"
            f"PHÒNG, CHỐNG SỐT XUẤT HUYẾT NĂM 2023\n{grounds}; UBND tỉnh ban hành Kế hoạch như sau:\n"
            "I. MỤC TIÊU\n- 90% xã có đội phun hóa chất.\n- 100% ổ dịch được xử lý kịp thời.\n"
        )
        assert plan.metadata.title == "PHÒNG, CHỐNG SỐT XUẤT HUYẾT NĂM 2023"
        assert [(t.value, t.year) for t in plan.targets if t.has_target] == [(D(90), 2023), (D(100), 2023)]


def test_a_specific_aims_paragraph_closed_by_an_ellipsis_holds_its_targets() -> None:
    """An article's paragraph that opens with "Mục tiêu cụ thể …" and lists its targets up to an ellipsis
    ("… được tư vấn xét nghiệm…"; ví dụ minh họa) is a sentence that holds the targets, not a heading over nothing."""
    plan = parse_plan(
        "Phấn đấu khống chế tỷ lệ nhiễm sốt xuất huyết\n\n"
        "Kế hoạch phòng chống sốt xuất huyết năm 2024 trên địa bàn tỉnh vừa được ban hành.\n\n"
        "Mục tiêu cụ thể mà kế hoạch đề ra là 100% cơ quan thông tin đại chúng địa phương thực hiện truyền thông "
        "phòng, chống sốt xuất huyết; 80% ổ dịch được phát hiện và xử lý; 50% hộ gia đình được hướng dẫn diệt "
        "lăng quăng…\n"
    )
    assert [t.value for t in plan.targets if t.has_target] == [D(100), D(80), D(50)]
