"""The plan reader on forms among the misses of the thirteenth set's first reading (unseen13; the reader24 round) that
another set shares, each tested on phrases of our own: docs/plan-import.md, "Which rule came from which form"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.rules.targets import GE, parse_targets

D = Decimal


def test_a_sentence_that_opens_with_its_figure_keeps_the_phase_of_the_sentence_before() -> None:
    """ "Giai đoạn 2026 - 2030, tỉnh phấn đấu 95% trẻ em … . 85% người cao tuổi …; 100% …" (ví dụ minh họa): the second
    sentence names nothing before its figure and goes on listing the phase's targets, so they are for 2030, not for the
    plan's end year."""
    targets = parse_targets(
        "Giai đoạn 2026 - 2030, tỉnh phấn đấu 95% trẻ em khuyết tật được tiếp cận giáo dục. 85% người cao tuổi được "
        "khám sức khỏe định kỳ; 100% người cao tuổi cô đơn được chăm sóc tại cộng đồng.",
        default_year=2025,
    )
    assert [(t.comparator, t.value, t.year) for t in targets] == [
        (GE, D(95), 2030),
        (GE, D(85), 2030),
        (GE, D(100), 2030),
    ]


def test_a_sentence_that_opens_with_a_name_still_takes_the_plans_year() -> None:
    """A sentence with a name of its own before its figure ("Tỷ lệ …") starts afresh: the phase of the sentence before
    does not reach it, as before."""
    targets = parse_targets(
        "Giai đoạn 2026 - 2030, tỉnh phấn đấu 95% trẻ em khuyết tật được tiếp cận giáo dục. Tỷ lệ người cao tuổi được "
        "khám sức khỏe định kỳ đạt 85%.",
        default_year=2025,
    )
    assert [(t.value, t.year) for t in targets] == [(D(95), 2030), (D(85), 2025)]


def test_a_period_that_closes_a_figures_clause_dates_it() -> None:
    """ "… xuống còn 3% giai đoạn 2021 - 2022 và 2% giai đoạn 2023 - 2025", "Năm 2024, chỉ tiêu … là 2.000 người, phấn đấu
    đạt kế hoạch đào tạo 9.000-10.000 người giai đoạn 2021-2025." (ví dụ minh họa): the period written after the figure,
    closing its clause, is its deadline, over the plan's year and over the year that opens the sentence."""
    pair = parse_targets(
        "Giảm tỷ lệ học sinh bỏ học xuống còn 3% giai đoạn 2021 - 2022 và 2% giai đoạn 2023 - 2025.", default_year=2025
    )
    assert [(t.value, t.year) for t in pair] == [(D(3), 2022), (D(2), 2025)]
    targets = parse_targets(
        "Năm 2024, chỉ tiêu đào tạo nghề là 2.000 người, phấn đấu đạt kế hoạch đào tạo 9.000-10.000 người giai đoạn "
        "2021-2025.",
        default_year=2024,
    )
    assert [(t.value, t.value_max, t.year) for t in targets] == [(D(2000), None, 2024), (D(9000), D(10000), 2025)]


def test_the_period_of_a_standard_or_of_a_base_is_no_deadline() -> None:
    """ "… đạt chuẩn phổ cập giáo dục giai đoạn 2016 - 2030" names the standard's period, "so với … trung bình giai đoạn
    2016 - 2020" the base's: the target keeps its own year."""
    (standard,) = parse_targets("Năm 2024, 95% xã đạt chuẩn phổ cập giáo dục giai đoạn 2016 - 2030.", default_year=2024)
    assert standard.year == 2024
    (base,) = parse_targets(
        "Năm 2024, giảm 10% số vụ tai nạn so với số vụ trung bình giai đoạn 2016 - 2020.", default_year=2024
    )
    assert base.year == 2024


def _no_aim_word(text: str) -> dict[Decimal, bool]:
    plan = parse_plan(text)
    return {
        t.value: "Câu không có từ nêu mục tiêu" in t.review_reason
        for i in plan.indicators
        for t in i.targets
        if t.value is not None
    }


def test_a_sentence_that_opens_with_its_figure_takes_the_aim_of_the_sentence_before() -> None:
    """ "Giai đoạn 2026 - 2030, tỉnh phấn đấu 90% …. 80% người khuyết tật …" (ví dụ minh họa): the second sentence lists on
    under the first one's "phấn đấu", so it is not flagged as stating how things are; after a sentence that states
    how things are ("Toàn tỉnh có 5.000 người khuyết tật."), it still is."""
    aimed = _no_aim_word(
        "Kế hoạch trợ giúp người khuyết tật\n\n"
        "Giai đoạn 2026 - 2030, tỉnh phấn đấu 90% trẻ em khuyết tật được tiếp cận giáo dục. 80% người khuyết tật có "
        "nhu cầu được hỗ trợ học nghề.\n"
    )
    assert aimed[D(80)] is False
    stated = _no_aim_word(
        "Kế hoạch trợ giúp người khuyết tật\n\n"
        "Toàn tỉnh có 5.000 người khuyết tật được hỗ trợ. 80% người khuyết tật có nhu cầu được hỗ trợ học nghề.\n"
    )
    assert stated[D(80)] is True


def test_a_share_of_a_listed_group_that_gains_needs_no_direction_asked() -> None:
    """ "60% cán bộ, công chức, viên chức, người lao động … cấp xã, cấp huyện, đạt danh hiệu …" (ví dụ minh họa): those
    counted are a list with its commas, and what they reach ("đạt") says the share is to rise, as for "60% trường đạt
    …"; a list with no such verb still asks."""
    (listed,) = parse_targets(
        "Đến năm 2025, 60% cán bộ, công chức, viên chức, người lao động trong đơn vị học tập cấp xã, cấp huyện, đạt "
        "danh hiệu “Công dân học tập”.",
        default_year=2025,
    )
    assert (listed.comparator, listed.value) == (GE, D(60))
    assert "Chưa rõ chỉ tiêu cần tăng hay giảm" not in listed.review_reason
    (attended,) = parse_targets(
        "Đến năm 2025, 60% cán bộ, công chức, viên chức cấp xã, cấp huyện dự các lớp chuyên đề.", default_year=2025
    )
    assert "Chưa rõ chỉ tiêu cần tăng hay giảm" in attended.review_reason


def test_a_portals_standing_slogan_is_no_period_of_the_plan() -> None:
    """A provincial portal prints "Quyết tâm thực hiện thắng lợi Nghị quyết Đại hội … nhiệm kỳ 2020 - 2025" over every page
    (ví dụ minh họa): its term is no second period of a strategy to 2030, which names no other year, so the strategy's
    targets need not ask whether their year is the plan's."""
    text = (
        "Quyết tâm thực hiện thắng lợi Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025\n\n"
        "Chiến lược phát triển thanh niên giai đoạn 2021 - 2030\n\n"
        "Theo đó, phấn đấu 80% thanh niên được tư vấn hướng nghiệp; 90% thanh niên được giáo dục pháp luật.\n"
    )
    plan = parse_plan(text)
    targets = [t for i in plan.indicators for t in i.targets if t.value is not None]
    assert [(t.value, t.year) for t in targets] == [(D(80), 2030), (D(90), 2030)]
    assert not any("Năm lấy theo thời kỳ" in t.review_reason for t in targets)
