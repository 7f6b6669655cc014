"""The plan reader on forms among the misses of the twelfth set's first reading (unseen12; the reader23 round), and a
false alarm the round found on the way, each tested on phrases of our own: docs/plan-import.md, "Which rule came from
which form"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.rules.targets import BETWEEN, CHANGE_VS_BASE, DOWN, GE, LEVEL, LT, YES_NO, parse_targets

D = Decimal


def test_a_change_verb_before_any_name_is_a_change_when_a_base_closes_the_clause() -> None:
    """ "Giảm tai nạn lao động từ 5 - 10% so với năm 2023; giảm tai nạn giao thông 10% so với năm 2023" (ví dụ minh họa): the verb
    opens the clause and the name is no rate nor count ("tai nạn lao động", "tai nạn giao thông"), but the base after the figure
    says the figure is the fall against it, not a level of 5 - 10 %."""
    targets = parse_targets(
        "Giảm tai nạn lao động từ 5 - 10% so với năm 2023; giảm tai nạn giao thông 10% so với năm 2023.",
        default_year=2024,
    )
    assert [(t.kind, t.comparator, t.value, t.value_max, t.base_year, t.direction) for t in targets] == [
        (CHANGE_VS_BASE, BETWEEN, D(5), D(10), 2023, DOWN),
        (CHANGE_VS_BASE, GE, D(10), None, 2023, DOWN),
    ]


def test_without_a_base_the_verb_before_any_name_leaves_the_level_and_growth_as_they_were() -> None:
    """With no base after the figure ("Giảm tai nạn giao thông xuống dưới 5%"), the words say the level reached; and
    "tăng trưởng kinh tế 7% so với năm 2023" names a growth rate, whose verb is part of its name."""
    (level,) = parse_targets("Giảm tai nạn giao thông xuống dưới 5%.", default_year=2024)
    assert (level.kind, level.comparator, level.value) == (LEVEL, LT, D(5))
    (growth,) = parse_targets("Tăng trưởng kinh tế đạt 7% so với năm 2023.", default_year=2024)
    assert growth.kind == LEVEL


def test_two_figure_less_aims_each_done_by_its_own_year_are_two_targets() -> None:
    """ "Hoàn thành việc lập cơ sở dữ liệu người khuyết tật vào năm 2025 và chia sẻ dữ liệu với các ngành vào năm 2030"
    (ví dụ minh họa): two aims, each by its year, not one aim of 2030; one deadline for both aims, or an aim kept until a
    later year ("… vào năm 2025 và duy trì đến năm 2030"), are read as before."""
    two = parse_targets(
        "Hoàn thành việc lập cơ sở dữ liệu người khuyết tật vào năm 2025 và chia sẻ dữ liệu với các ngành vào năm 2030."
    )
    assert [(t.comparator, t.year) for t in two] == [(YES_NO, 2025), (YES_NO, 2030)]
    assert two[1].phrase == "chia sẻ dữ liệu với các ngành vào năm 2030"
    (one,) = parse_targets("Hoàn thành việc lập cơ sở dữ liệu và chia sẻ dữ liệu với các ngành vào năm 2030.")
    assert one.year == 2030
    kept = parse_targets("Hoàn thành việc lập cơ sở dữ liệu người khuyết tật vào năm 2025 và duy trì đến năm 2030.")
    assert [t.year for t in kept] == [2025, 2030] and "duy trì" in kept[1].phrase


def test_carrying_out_is_no_word_of_today() -> None:
    """ "thực hiện" (to carry out) holds "hiện" but says nothing of today: "Tỷ lệ trường học thực hiện chương trình bơi an
    toàn đạt 90%" (ví dụ minh họa; unseen8 e02, unseen11 l01 write the form) is no state of things, while "Tỉnh hiện có
    85% trường học đạt chuẩn" still is."""
    plan = parse_plan(
        "Bến Tre phát triển thể thao quần chúng\n"
        "Tỷ lệ trường học thực hiện chương trình bơi an toàn đạt 90% ở tất cả các cấp học.\n"
        "Tỉnh hiện có 85% trường học đạt chuẩn về sân chơi.\n",
        end_year=2025,
    )
    today = {t.value: "Câu nêu mức hiện nay" in t.review_reason for t in plan.targets if t.has_target}
    assert today == {D(90): False, D(85): True}
