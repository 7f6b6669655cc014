"""The plan reader on forms of plans as issued (the plan's own words, `genre = "text"`) that its misses on the developed
sets show (the reader28 round), each tested on phrases of our own: docs/plan-import.md, "Plans as issued"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.rules.targets import GE, parse_targets

D = Decimal


def test_a_bracket_that_lists_shares_states_each_of_them() -> None:
    """ "phấn đấu đạt mục tiêu 95 - 95 - 95 (95% người mắc lao được phát hiện; 95% người được phát hiện được điều trị;
    90% người điều trị khỏi bệnh) vào năm 2030" (ví dụ minh họa): the bracket spells the named aim out, a share a clause."""
    targets = parse_targets(
        "Đến năm 2030, phấn đấu đạt mục tiêu 95 - 95 - 95 (95% người mắc lao được phát hiện; 95% người được phát hiện "
        "được điều trị; 90% người được điều trị khỏi bệnh)."
    )
    shares = [(t.value, t.unit, t.year) for t in targets if t.has_target and t.unit == "%"]
    assert shares == [(D(95), "%", 2030), (D(95), "%", 2030), (D(90), "%", 2030)]


def test_a_bracket_that_lists_the_parts_of_a_figure_reads_each_part_in_its_unit() -> None:
    """ "… đạt 30,5 m² sàn/người (trong đó: khu vực đô thị đạt 33 m² sàn/người; khu vực nông thôn đạt 27 m² sàn/người)"
    (ví dụ minh họa): the parts of an average by area, in whatever unit the figure is, are targets of their own."""
    targets = parse_targets(
        "Đến năm 2030, diện tích nhà ở bình quân đầu người đạt 30,5 m² sàn/người (trong đó: khu vực đô thị đạt 33 m² "
        "sàn/người; khu vực nông thôn đạt 27 m² sàn/người)."
    )
    assert [(t.comparator, t.value, t.unit, t.year) for t in targets] == [
        (GE, D("30.5"), "m² sàn/người", 2030),
        (GE, D(33), "m² sàn/người", 2030),
        (GE, D(27), "m² sàn/người", 2030),
    ]


def test_a_bracket_of_remarks_is_still_no_target() -> None:
    """ "(theo Nghị quyết số 12/NQ-HĐND; Quyết định số 345/QĐ-UBND)" lists documents, not targets."""
    targets = parse_targets(
        "Đến năm 2030, tỷ lệ hộ nghèo dưới 2% (theo Nghị quyết số 12/NQ-HĐND ngày 5/3/2021; Quyết định số "
        "345/QĐ-UBND ngày 7/4/2021)."
    )
    assert [(t.value, t.unit) for t in targets if t.has_target] == [(D(2), "%")]


def test_a_bracket_that_lists_the_figures_of_named_years_stays_masked() -> None:
    """ "… dưới 3% (năm 2020 đạt 5,2%; năm 2022 đạt 4,1%)" (ví dụ minh họa): the bracket gives the figures of the years
    it names, results as often as targets, and its years carry to no sentence after it."""
    targets = parse_targets(
        "Đến năm 2025, tỷ lệ hộ nghèo giảm còn dưới 3% (năm 2020 đạt 5,2%; năm 2022 đạt 4,1%). Tỷ lệ trẻ em suy dinh "
        "dưỡng dưới 10%.",
        default_year=2025,
    )
    assert [(t.value, t.year) for t in targets if t.has_target] == [(D(3), 2025), (D(10), 2025)]


_POINTING_TO_A_TABLE = """KẾ HOẠCH PHÁT TRIỂN NHÀ Ở GIAI ĐOẠN 2026 - 2030
1. Chỉ tiêu diện tích nhà ở bình quân đầu người
Đến năm 2030: Diện tích nhà ở bình quân đầu người toàn tỉnh đạt 30,5 m² sàn/người (trong đó: Khu vực đô thị đạt 33 m² sàn/người; Khu vực nông thôn đạt 27 m² sàn/người). Cụ thể như bảng sau:
Bảng 1. Chỉ tiêu diện tích nhà ở bình quân đầu người hằng năm
Đơn vị: m2 sàn/người
Khu vực
|
Năm 2030
|
Toàn tỉnh
|
30,5
"""


def test_a_line_that_points_to_a_table_keeps_its_own_clauses_apart() -> None:
    """ "… (trong đó: …; …). Cụ thể như bảng sau:" (ví dụ minh họa): the colon opens the table's cells, not parts of the
    line, so the line's three figures are three indicators, not one line flagged for holding several."""
    plan = parse_plan(_POINTING_TO_A_TABLE)
    read = [(t.value, t.year, t.needs_review) for t in plan.targets if t.has_target]
    assert read == [(D("30.5"), 2030, False), (D(33), 2030, False), (D(27), 2030, False)]


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
