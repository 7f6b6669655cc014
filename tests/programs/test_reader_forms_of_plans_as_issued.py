"""The plan reader on forms of plans as issued (the plan's own words, `genre = "text"`) that its misses on the developed
sets show (the reader28 round), each tested on phrases of our own: docs/plan-import.md, "Plans as issued"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan

D = Decimal


def test_a_later_lines_target_merged_into_an_indicator_is_judged_by_its_own_line() -> None:
    """ "Đến năm 2027: Tỷ lệ … đạt 80%." then "Đến năm 2030: Tỷ lệ … đạt 90%." (ví dụ minh họa), the plan's end year
    typed by the person: the 2030 target's own line states its year, so it is not flagged as taking the plan's year,
    though it joins the indicator of the 2027 line."""
    text = (
        "Đến năm 2027: Tỷ lệ hộ gia đình có nhà tiêu hợp vệ sinh đạt 80%.\n"
        "Đến năm 2030: Tỷ lệ hộ gia đình có nhà tiêu hợp vệ sinh đạt 90%.\n"
    )
    plan = parse_plan(text, end_year=2030)
    (indicator,) = [indicator for indicator in plan.indicators if indicator.has_target]
    assert [(t.value, t.year, t.needs_review) for t in indicator.targets] == [
        (D(80), 2027, False),
        (D(90), 2030, False),
    ]
