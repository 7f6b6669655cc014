"""Target phrases → structured targets (ansinh.rules.targets): how a clause of a sentence is told apart from
the clauses around it (its way, its kind, its figure), on phrases of our own in the forms of the regression set's
documents once held out (docs/plan-import.md)."""

from decimal import Decimal as D

from ansinh.rules.targets import APPROX, CHANGE_PER_YEAR, DOWN, GE, LE, LEVEL, LT, infer_direction, parse_targets


def test_a_share_opening_its_clause_takes_its_way_from_its_own_words():
    targets = parse_targets(
        "Đến năm 2025, giảm tỷ suất tử vong trẻ sơ sinh xuống 9‰, 100% các xã đưa mục tiêu giảm tử vong trẻ em vào "
        "kế hoạch của địa phương, 80% xã có bố trí kinh phí thực hiện chương trình"
    )
    assert [(t.comparator, t.value, t.direction) for t in targets] == [
        (LE, D(9), DOWN),
        (GE, D(100), DOWN),
        (GE, D(80), None),
    ]
    # a figure that carries the clause before it to its deadline keeps that clause's way
    targets = parse_targets("Giảm tỷ suất tử vong trẻ sơ sinh xuống 10‰ vào năm 2025 và 8‰ vào năm 2030")
    assert [(t.comparator, t.value, t.year) for t in targets] == [(LE, D(10), 2025), (LE, D(8), 2030)]


def test_a_change_verb_right_after_a_figures_unit_opens_the_next_clause():
    targets = parse_targets(
        "giảm tỷ lệ trẻ dưới 1 tuổi suy dinh dưỡng xuống dưới 12,5% giảm tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng "
        "xuống dưới 18,5% tăng số trạm y tế có bác sĩ lên 90%"
    )
    assert [(t.comparator, t.value, t.phrase.split(" xuống")[0]) for t in targets] == [
        (LT, D("12.5"), "giảm tỷ lệ trẻ dưới 1 tuổi suy dinh dưỡng"),
        (LT, D("18.5"), "giảm tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng"),
        (GE, D(90), "tăng số trạm y tế có bác sĩ lên 90%"),
    ]
    # a verb after the figure that names no rate nor count goes on with the clause
    (target,) = parse_targets("Tỷ lệ hộ nghèo dưới 3% giảm bền vững")
    assert (target.comparator, target.value) == (LT, D(3))


def test_xuong_con_duoc_is_the_level_reached():
    (target,) = parse_targets("Phấn đấu giảm tỷ lệ phát triển dân số tự nhiên xuống còn được 1,1%")
    assert (target.kind, target.comparator, target.value, target.unit) == ("level", LE, D("1.1"), "%")


def test_a_change_during_the_year_is_a_change_per_year():
    (target,) = parse_targets("Tỷ lệ hộ nghèo giảm trong năm là 1,5%", default_year=2024)
    assert (target.kind, target.comparator, target.value, target.direction) == (CHANGE_PER_YEAR, GE, D("1.5"), DOWN)
    (target,) = parse_targets("Số doanh nghiệp thành lập mới tăng trong năm 12%", default_year=2024)
    assert (target.kind, target.value) == (CHANGE_PER_YEAR, D(12))
    # "trong năm 2024" names the year: the level of that year
    (target,) = parse_targets("Tỷ lệ hộ nghèo trong năm 2024 là 1,5%")
    assert (target.kind, target.year) == (LEVEL, 2024)


def test_the_share_of_farm_labour_should_fall():
    assert infer_direction("Tỷ lệ lao động nông nghiệp trong tổng lao động xã hội") == (DOWN, False)
    (target,) = parse_targets("Tỷ lệ lao động nông nghiệp trong tổng lao động năm 2025: 50%")
    assert (target.comparator, target.value) == (LE, D(50))


def test_a_bare_figure_of_the_sex_ratio_at_birth_counts_boys_per_100_girls():
    targets = parse_targets(
        "Giảm tốc độ tăng tỷ số giới tính khi sinh, để tỷ số này dưới mức 112 vào năm 2025 và khoảng 109 năm 2030"
    )
    assert [(t.comparator, t.value, t.unit, t.per_n, t.year) for t in targets] == [
        (LT, D(112), "bé trai/100 bé gái", 100, 2025),
        (APPROX, D(109), "bé trai/100 bé gái", 100, 2030),
    ]
    # a figure after another rate of the sentence is that rate's
    targets = parse_targets("Tỷ số giới tính khi sinh 110, tỷ lệ sinh con thứ ba 12", default_year=2030)
    assert [t.unit for t in targets] == ["bé trai/100 bé gái", ""]


def test_an_amount_per_head_a_year_named_so_is_per_head_a_year():
    (target,) = parse_targets("Thu nhập bình quân đầu người/năm đến năm 2030: 95 triệu đồng")
    assert (target.value, target.unit) == (D(95), "triệu đồng/người/năm")
    (target,) = parse_targets("Thu nhập bình quân đầu người một năm đạt 70 triệu đồng", default_year=2030)
    assert target.unit == "triệu đồng/người/năm"
    # with no year in the name, the amount is as written
    (target,) = parse_targets("Thu nhập bình quân đầu người đến năm 2030: 95 triệu đồng")
    assert target.unit == "triệu đồng"


def test_the_populations_yearly_growth_rate_is_a_level_in_percent_a_year_that_should_fall():
    (target,) = parse_targets("Tốc độ tăng dân số bình quân hằng năm dưới 0,9%", default_year=2030)
    assert (target.kind, target.comparator, target.value, target.unit) == (LEVEL, LT, D("0.9"), "%/năm")
    (target,) = parse_targets("Tỷ lệ tăng dân số tự nhiên hàng năm: 1,2%", default_year=2030)
    assert (target.kind, target.comparator, target.unit, target.direction) == (LEVEL, LE, "%/năm", DOWN)
    # the economy's growth averaged over the years stays a change per year
    (target,) = parse_targets("Tốc độ tăng trưởng kinh tế bình quân hằng năm 7%", default_year=2030)
    assert target.kind == CHANGE_PER_YEAR


def test_a_difference_from_a_target_is_no_target_and_the_bracketed_target_is():
    targets = parse_targets(
        "Tỷ lệ dân số tham gia BHYT đạt 90,5%, thấp hơn 1,5% so với chỉ tiêu Chính phủ giao (92%); tỷ lệ lao động "
        "tham gia BHXH đạt 40,2%",
        default_year=2024,
    )
    assert [(t.comparator, t.value) for t in targets] == [(GE, D("90.5")), (GE, D(92)), (GE, D("40.2"))]
    # with no target in brackets the figure may be the aim itself: "phấn đấu vượt 5% so với kế hoạch"
    targets = parse_targets("Thu ngân sách phấn đấu vượt 5% so với kế hoạch", default_year=2024)
    assert D(5) in [t.value for t in targets]
    # a bracket after a stop is not the difference's target
    targets = parse_targets("Tỷ lệ đạt 90%, vượt 1% so với kế hoạch. Số xã đạt chuẩn (95%)", default_year=2024)
    assert D(95) not in [t.value for t in targets]
