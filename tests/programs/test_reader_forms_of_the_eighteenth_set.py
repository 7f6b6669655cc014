"""The plan reader on the forms of the eighteenth set (the reader30 round, issue 20), each tested on phrases of our own
(ví dụ minh họa): which year governs a clause, read from the phase that heads its paragraph, and a figure whose
unit the copy cut; docs/plan-import.md, "The eighteenth set"."""

from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.rules.targets import parse_targets


def _years(text: str, default_year: int) -> list[tuple[str, int | None]]:
    return [
        (str(target.value), target.year)
        for target in parse_targets(text, default_year=default_year)
        if target.has_target and target.value is not None
    ]


def test_a_phase_before_a_colon_heads_the_sentences_of_its_paragraph() -> None:
    """A sentence opening "Mục tiêu cụ thể trong giai đoạn 2026 - 2030: …" heads its paragraph as a heading line
    would: its later sentences, which name no year ("… . Giảm tỷ lệ hộ cận nghèo: khu vực nông thôn xuống dưới 4%"),
    are for 2030, not for the plan's year."""
    text = (
        "Mục tiêu cụ thể trong giai đoạn 2026 - 2030: Tỷ lệ hộ nghèo xuống dưới 2%; vùng đồng bào dân tộc dưới 5%. "
        "Giảm tỷ lệ hộ cận nghèo: khu vực nông thôn xuống dưới 4%; khu vực thành thị xuống dưới 1%."
    )
    assert _years(text, 2025) == [("2", 2030), ("5", 2030), ("4", 2030), ("1", 2030)]


def test_a_named_part_s_phase_before_a_colon_heads_its_paragraph() -> None:
    """In "Thể thao cho mọi người, giai đoạn 2026 - 2030: …" the phase of a part of the plan, written after the part's
    name, is the year of the paragraph's figures, its first sentence's included."""
    text = (
        "Thể thao cho mọi người, giai đoạn 2026 - 2030: Số câu lạc bộ thể thao cơ sở đạt 1.600 câu lạc bộ. "
        "Số gia đình thể thao đạt 50%."
    )
    assert _years(text, 2025) == [("1600", 2030), ("50", 2030)]


def test_a_figure_whose_unit_the_copy_cut_is_flagged() -> None:
    """A copy that stops inside the one word after a figure read with no unit ("… nhóm nữ từ 15 tu") lost what the
    figure counts: the reading is flagged, not taken on trust."""
    plan = parse_plan(
        "Kế hoạch phòng, chống tác hại của thuốc lá giai đoạn 2026 - 2030\n\n"
        "Mục tiêu cụ thể đến năm 2030:\n"
        "- Giảm tỷ lệ sử dụng thuốc lá trong nhóm nam từ 15 tuổi trở lên xuống dưới 36%; nhóm nữ từ 15 tu"
    )
    read = [(t.value, t.unit, t.needs_review, t.review_reason) for t in plan.targets if t.has_target]
    cut = [row for row in read if not row[1]]
    assert cut and all(flagged and "bị cắt" in reason for _v, _u, flagged, reason in cut)
    assert [row[2] for row in read if row[1] == "%"] == [False]
