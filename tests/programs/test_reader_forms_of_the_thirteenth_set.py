"""The plan reader on forms among the misses of the thirteenth set's first reading (unseen13; the reader24 round) that
another set shares, each tested on phrases of our own: docs/plan-import.md, "Which rule came from which form"."""

from decimal import Decimal

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
