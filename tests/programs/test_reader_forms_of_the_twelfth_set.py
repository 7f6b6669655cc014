"""The plan reader on forms among the misses of the twelfth set's first reading (unseen12; the reader23 round), each
tested on phrases of our own: docs/plan-import.md, "Which rule came from which form"."""

from decimal import Decimal

from ansinh.rules.targets import BETWEEN, CHANGE_VS_BASE, DOWN, GE, LEVEL, LT, parse_targets

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
