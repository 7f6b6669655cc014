"""The plan reader on forms the seventh set's first half showed (tests/programs/unseen7, files c…, a development set
from the reader15 round), each tested on phrases of our own: docs/plan-import.md, "Which rule came from which form"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.rules.targets import CHANGE_PER_YEAR, CHANGE_VS_BASE, EQ, GE, LE, QUALITATIVE, YES_NO, parse_targets

D = Decimal


def test_a_set_of_national_criteria_kept_is_done_or_not_and_leaves_the_next_clause_its_own() -> None:
    """ "Duy trì bộ tiêu chí quốc gia về trường học, tỷ lệ …": keeping a set of national criteria is done or not, and
    the rate after the comma is a target of its own (ví dụ minh họa); keeping a thing with no standard is judged."""
    targets = parse_targets(
        "Duy trì và giữ vững bộ tiêu chí quốc gia về giáo dục, tỷ lệ trẻ đến trường đạt 98% trở lên."
    )
    assert [(t.comparator, t.value) for t in targets] == [(YES_NO, None), (GE, D(98))]
    assert targets[1].phrase == "tỷ lệ trẻ đến trường đạt 98% trở lên"
    assert [t.comparator for t in parse_targets("Duy trì ổn định an ninh trật tự.")] == [QUALITATIVE]


def test_how_a_session_voted_is_flagged() -> None:
    """ "95% đại biểu biểu quyết thông qua Nghị quyết về kế hoạch …": a council's vote reported, flagged though it says
    "kế hoạch" (ví dụ minh họa); the plan's own target after it is not."""
    plan = parse_plan(
        "Kỳ họp HĐND huyện\n"
        "Chiều 20/12, 95% đại biểu HĐND huyện biểu quyết thông qua Nghị quyết về kế hoạch phát triển năm 2026.\n"
        "Năm 2026, huyện phấn đấu tỷ lệ hộ nghèo giảm còn 2%.\n"
    )
    flags = {t.value: t.needs_review for i in plan.indicators for t in i.targets if t.has_target}
    assert flags[D(95)] and not flags[D(2)]


def test_the_sex_ratio_written_boys_against_a_hundred_girls() -> None:
    """ "dưới 110 bé trai sinh ra sống so với 100 bé gái sinh ra sống": boys per 100 girls, as "110 bé trai/100 bé gái"
    (ví dụ minh họa); the 100 is the reference, no target of its own."""
    for text in (
        "Tỷ số giới tính khi sinh năm 2028 dưới 110 bé trai sinh ra sống so với 100 bé gái sinh ra sống.",
        "Tỷ số giới tính khi sinh năm 2028 dưới 110 bé trai so với 100 bé gái.",
    ):
        targets = parse_targets(text)
        assert [(t.value, t.unit) for t in targets] == [(D(110), "bé trai/100 bé gái")]


def test_a_sentence_opening_with_every_year_makes_each_of_its_changes_yearly() -> None:
    """ "Hằng năm, số vụ … tăng 3%; số vụ … tăng 5%": each change after ";" in the sentence is a yearly one (ví dụ minh
    họa); the next sentence's change against a base year is not."""
    targets = parse_targets(
        "Hằng năm, số vụ vi phạm được phát hiện tăng trên 3%; số vụ được xử lý tăng trên 5%. "
        "Số vụ tai nạn đến năm 2030 giảm 10% so với năm 2025."
    )
    assert [(t.kind, t.value, t.base_year) for t in targets] == [
        (CHANGE_PER_YEAR, D(3), None),
        (CHANGE_PER_YEAR, D(5), None),
        (CHANGE_VS_BASE, D(10), 2025),
    ]


def test_a_figureless_aim_after_its_lead_ins_colon_is_a_target() -> None:
    """ "Kế hoạch phấn đấu đến năm 2030: giảm số người …; đạt 60% …": the measure to move after the lead-in's colon is
    a target a person judges, with the lead-in's year (ví dụ minh họa)."""
    targets = parse_targets(
        "Kế hoạch phấn đấu đến năm 2030: giảm số người mắc bệnh lao; đạt ít nhất 60% số xã không có bệnh nhân mới."
    )
    assert [(t.comparator, t.value, t.year) for t in targets] == [(QUALITATIVE, None, 2030), (GE, D(60), 2030)]


def test_what_people_know_or_are_spared_rises_though_a_harm_names_them() -> None:
    """ "Tỷ lệ thanh niên có hiểu biết đầy đủ về phòng bệnh lao đạt 80%", "… không bị kỳ thị …": a share to reach at
    least, though the harm named (a disease) falls (ví dụ minh họa); the harm's own rate still falls."""
    for text in (
        "Tỷ lệ học sinh có hiểu biết đầy đủ về HIV/AIDS đạt 80% vào năm 2027.",
        "Tỷ lệ người nghiện ma túy không bị kỳ thị đạt 75% vào năm 2027.",
        "Tỷ lệ người mắc lao biết tình trạng bệnh của mình đạt 90% vào năm 2027.",
    ):
        assert [t.comparator for t in parse_targets(text)] == [GE], text
    assert [t.comparator for t in parse_targets("Tỷ lệ nhiễm HIV trong cộng đồng đạt 0,3% vào năm 2027.")] == [LE]


def test_cases_and_people_per_hundred_thousand_inhabitants() -> None:
    """ "dưới 50 trường hợp/năm": cases a year, not schools; "Tỷ lệ người … tử vong dưới 2/100.000 dân": people per
    100.000 inhabitants, as the name counts people (ví dụ minh họa); the maternal mortality ratio counts deaths."""
    targets = parse_targets("Số ca mắc sởi phát hiện mới dưới 50 trường hợp/năm vào năm 2027.")
    assert [(t.value, t.unit) for t in targets] == [(D(50), "trường hợp/năm")]
    targets = parse_targets("Tỷ lệ người tử vong do tai nạn giao thông dưới 2/100.000 dân vào năm 2027.")
    assert [(t.value, t.unit) for t in targets] == [(D(2), "người/100.000 dân")]
    targets = parse_targets("Tỷ suất tử vong mẹ dưới 40/100.000 trẻ đẻ sống vào năm 2027.")
    assert [(t.value, t.unit) for t in targets] == [(D(40), "ca tử vong mẹ/100.000 trẻ đẻ sống")]


def test_what_a_budget_spends_is_set_and_what_it_collects_is_a_floor() -> None:
    """ "Tổng chi ngân sách địa phương là 950 tỷ đồng": an allocation, neither floor nor ceiling (ví dụ minh họa);
    "Thu ngân sách … 500 tỷ đồng" stays a floor."""
    targets = parse_targets("Tổng chi ngân sách địa phương là 950 tỷ đồng; thu ngân sách trên địa bàn đạt 500 tỷ đồng.")
    assert [(t.comparator, t.value) for t in targets] == [(EQ, D(950)), (GE, D(500))]


def test_a_rank_in_the_name_still_tells_the_way() -> None:
    """ "Tỷ lệ sinh con thứ 3 trở lên là 2,5%": the third child's rate falls, written in digits as in words (ví dụ minh
    họa); "3" and its "trở lên" are the rank, not the target."""
    for text in ("Tỷ lệ sinh con thứ 3 trở lên là 2,5%.", "Tỷ lệ sinh con thứ ba trở lên là 2,5%."):
        assert [(t.comparator, t.value) for t in parse_targets(text)] == [(LE, D("2.5"))], text


def test_an_aim_set_out_by_a_resolution_has_its_year_and_more_takes_the_clauses_verb() -> None:
    """ "Nghị quyết đề ra mục tiêu đến năm 2030, tăng cân nặng … của trẻ em và vị thành niên thêm 1 kg": the year is
    the targets' (setting out an aim ends a cited document's name), and "thêm" takes the verb before the name's "và"
    (ví dụ minh họa); a cited programme's horizon stays no deadline."""
    targets = parse_targets(
        "Nghị quyết đề ra mục tiêu đến năm 2030, tăng cân nặng trung bình của trẻ em và vị thành niên thêm 1 kg."
    )
    assert [(t.kind, t.value, t.year) for t in targets] == [(CHANGE_VS_BASE, D(1), 2030)]
    targets = parse_targets("Thực hiện Nghị quyết về dân số đến năm 2030, tỷ lệ sàng lọc trước sinh đạt 70%.")
    assert [(t.value, t.year) for t in targets] == [(D(70), None)]


def test_figureless_aims_meeting_and_beating_the_estimate_or_easing_a_burden() -> None:
    """ "các chỉ tiêu thu ngân sách đạt và vượt dự toán được giao", "giảm gánh nặng bệnh không lây nhiễm": targets a
    person judges, with no figure (ví dụ minh họa); "đạt 80%" after them stays a figure."""
    targets = parse_targets(
        "Năm 2027, phấn đấu các chỉ tiêu thu ngân sách đạt và vượt dự toán được giao; giảm gánh nặng bệnh không lây "
        "nhiễm; tỷ lệ hộ gia đình văn hóa đạt 80%."
    )
    assert [(t.comparator, t.value, t.year) for t in targets] == [
        (QUALITATIVE, None, 2027),
        (QUALITATIVE, None, 2027),
        (GE, D(80), 2027),
    ]
