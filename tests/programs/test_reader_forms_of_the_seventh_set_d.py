"""The plan reader on forms the seventh set's documents d01–d10 showed (tests/programs/unseen7, a development set
from the reader15 and reader16 rounds), each tested on phrases of our own: docs/plan-import.md, "Which rule came from
which form"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.rules.targets import BETWEEN, CHANGE_PER_YEAR, LEVEL, parse_targets

D = Decimal


def _reasons(text: str) -> dict[Decimal | None, str]:
    plan = parse_plan(text)
    return {t.value: t.review_reason for i in plan.indicators for t in i.targets if t.has_target}


def test_money_set_aside_raised_or_lent_for_a_plan_is_flagged() -> None:
    """ "Tổng ngân sách … bố trí cho Đề án … khoảng 900 tỷ đồng, trong đó ngân sách địa phương khoảng 600 tỷ đồng":
    what pays for the plan (ví dụ minh họa), flagged; a budget's revenue and a whole economy's investment are not."""
    reasons = _reasons(
        "Đề án hỗ trợ sinh kế\n"
        "Phấn đấu đến năm 2030 tỷ lệ hộ nghèo giảm xuống dưới 2%.\n"
        "Tổng ngân sách bố trí cho Đề án giai đoạn 2026 - 2030 khoảng 900 tỷ đồng, trong đó ngân sách địa phương "
        "khoảng 600 tỷ đồng.\n"
        "Tổng mức vốn huy động thực hiện Đề án khoảng 1.500 tỷ đồng.\n"
        "Phấn đấu đến năm 2030 thu ngân sách nhà nước trên địa bàn đạt 4.000 tỷ đồng.\n"
        "Phấn đấu đến năm 2030 tổng vốn đầu tư toàn xã hội huy động đạt 70.000 tỷ đồng.\n"
    )
    funds = {value for value, reason in reasons.items() if "kinh phí" in reason}
    assert funds == {D(900), D(600), D(1500)}


def test_a_lenders_figures_are_flagged() -> None:
    """ "Quỹ … cho vay hơn 2.000 lượt hộ, tổng số tiền 80 tỷ đồng" (ví dụ minh họa): lending pays for a policy."""
    reasons = _reasons(
        "Tín dụng chính sách\n"
        "Đến năm 2030, Quỹ hỗ trợ nông dân cho vay hơn 2.000 lượt hộ nghèo, tổng số tiền 80 tỷ đồng.\n"
        "Phấn đấu đến năm 2030 có 95% hộ nghèo có nhu cầu được vay vốn ưu đãi.\n"
    )
    assert "cho vay" in reasons[D(2000)] and "kinh phí" in reasons[D(80)]
    assert "cho vay" not in reasons[D(95)] and "kinh phí" not in reasons[D(95)]


def test_a_figure_worked_out_from_those_before_is_flagged() -> None:
    """ "Như vậy, so với năm 2020, … tăng khoảng 40%", "con số này tăng lên …": the writer's sums and a quoted
    statistic's next value (ví dụ minh họa), not targets set."""
    reasons = _reasons(
        "Thu nhập bình quân\n"
        "Đến năm 2030, thu nhập bình quân đầu người đạt 140 triệu đồng/người/năm.\n"
        "Năm 2024 thu nhập bình quân đầu người đạt 70 triệu đồng. Dự kiến đến năm 2025, con số này tăng lên 80 "
        "triệu đồng. Như vậy, so với năm 2020, thu nhập bình quân đầu người tăng khoảng 40%.\n"
    )
    worked_out = {value for value, reason in reasons.items() if "tính lại" in reason}
    assert worked_out == {D(80), D(40)}


def test_the_count_of_a_plans_parts_listed_next_is_flagged() -> None:
    """ "sẽ thực hiện 5 dự án, gồm: …" (ví dụ minh họa) counts the plan's parts; "Triển khai 20 dự án nhân rộng
    mô hình" is a target."""
    reasons = _reasons(
        "Giảm nghèo năm 2025\n"
        "Theo Kế hoạch, trong năm 2025, huyện sẽ thực hiện 5 dự án, gồm: hỗ trợ sản xuất; đào tạo nghề.\n"
        "Phấn đấu trong năm 2025 triển khai 20 dự án nhân rộng mô hình giảm nghèo.\n"
    )
    assert "số phần của kế hoạch" in reasons[D(5)] and "số phần của kế hoạch" not in reasons[D(20)]


def test_a_headline_whose_figures_the_article_gives_again_is_flagged() -> None:
    """A long headline with no stop ("Huyện A phấn đấu giảm tỷ lệ hộ nghèo 1,8%, …") over the article that states the
    same figures (ví dụ minh họa) repeats its targets: flagged; the article's own sentence is not flagged as a
    headline (it is as one figure read twice, doubts.py: which of the two is kept is the person's call), nor is a line
    with no stop whose figure the text does not give again."""
    text = (
        "Tin địa phương\n"
        "Huyện A phấn đấu giảm tỷ lệ hộ nghèo 1,8%, hộ cận nghèo giảm 2,2%, giải quyết việc làm cho 2.400 lao động "
        "trong năm nay\n"
        "Năm 2019, huyện A phấn đấu giảm 400 hộ nghèo, giảm 1,8% và 500 hộ cận nghèo, giảm 2,2%; giải quyết việc làm "
        "cho 2.400 lao động.\n"
        "Phấn đấu đến cuối năm 2019 tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng còn dưới 9%\n"
    )
    plan = parse_plan(text)
    headline = [t for i in plan.indicators if i.line == 2 for t in i.targets if t.has_target]
    assert headline and all("tiêu đề" in t.review_reason for t in headline)
    rest = [t for i in plan.indicators if i.line > 2 for t in i.targets if t.has_target]
    assert rest and not any("tiêu đề" in t.review_reason for t in rest)


def test_a_lead_in_opening_with_an_articles_words_then_a_period_gives_its_end_year() -> None:
    """ "Theo đó, trong giai đoạn 2026 – 2028, Đề án đặt ra các chỉ tiêu như sau:" under a strategy to 2035 (ví dụ
    minh họa): the bullets below are the period's, 2028, not the strategy's horizon."""
    plan = parse_plan(
        "Đề án chăm sóc trẻ em đến năm 2035\n"
        "Đề án chăm sóc trẻ em đến năm 2035, tầm nhìn đến năm 2045 được thực hiện trên phạm vi toàn quốc.\n"
        "Theo đó, trong giai đoạn 2026 – 2028, Đề án đặt ra các chỉ tiêu cụ thể như sau:\n"
        "- Ít nhất 70% trẻ em được tiêm chủng đầy đủ.\n"
        "- Ít nhất 40% số xã có điểm vui chơi cho trẻ em.\n"
    )
    years = [t.year for i in plan.indicators for t in i.targets if t.has_target]
    assert years == [2028, 2028]


def test_a_change_verb_after_words_of_aiming_opens_the_clause() -> None:
    """ "Đề án đặt mục tiêu giảm tỷ lệ trẻ suy dinh dưỡng 0,5-1%/năm" (ví dụ minh họa): the verb after "mục tiêu" opens
    the clause as after "phấn đấu", a yearly change; "xuống còn" still states the level."""
    [target] = parse_targets("Đề án đặt mục tiêu giảm tỷ lệ trẻ suy dinh dưỡng 0,5-1%/năm.")
    assert (target.kind, target.comparator, target.value, target.value_max) == (
        CHANGE_PER_YEAR,
        BETWEEN,
        D("0.5"),
        D(1),
    )
    [target] = parse_targets("Tỉnh sẽ tăng tỷ lệ lao động có việc làm 2%/năm.")
    assert target.kind == CHANGE_PER_YEAR
    [target] = parse_targets("Mục tiêu giảm tỷ lệ trẻ suy dinh dưỡng xuống còn 8%.")
    assert (target.kind, target.value) == (LEVEL, D(8))


def test_a_sentence_opening_with_its_parts_keeps_the_deadline_of_the_one_before() -> None:
    """ "Đến năm 2025, … dưới 20/100.000 trẻ. Trong đó, tử vong do ngộ độc giảm ít nhất 15%." (ví dụ minh họa): the parts
    are the 2025 figure's, not the vision's 2030 after them."""
    targets = parse_targets(
        "Đến năm 2025, phấn đấu giảm tỷ suất tử vong do tai nạn xuống dưới 20/100.000 trẻ. Trong đó, tử vong do ngộ độc "
        "giảm ít nhất 15%. Tầm nhìn đến năm 2030 hướng tới môi trường an toàn cho trẻ em.",
        default_year=2030,
    )
    assert [t.year for t in targets] == [2025, 2025]


def test_a_part_of_a_result_is_a_result() -> None:
    """ "Theo số liệu thống kê, năm 2025, … đạt 90%. Trong đó, … đạt gần 40%." (ví dụ minh họa): the part is flagged as
    its whole is."""
    reasons = _reasons(
        "Nước sạch nông thôn\n"
        "Theo số liệu thống kê, năm 2025, tỷ lệ hộ nông thôn dùng nước hợp vệ sinh đạt 90%. Trong đó, tỷ lệ hộ "
        "nông thôn dùng nước sạch đạt gần 40%.\n"
        "Phấn đấu năm 2026 tỷ lệ hộ nông thôn dùng nước sạch đạt 45%.\n"
    )
    assert "kết quả" in reasons[D(90)] and "kết quả" in reasons[D(40)] and "kết quả" not in reasons[D(45)]
