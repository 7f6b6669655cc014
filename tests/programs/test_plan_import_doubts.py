"""Signs of a weak reading across a document (ansinh/programs/plan_import/doubts.py): each criterion on phrases of
our own (ví dụ minh họa), with the reading it must leave alone; docs/plan-import.md, "Signs of a weak reading"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan

D = Decimal


def _reasons(text: str) -> list[tuple[Decimal | None, int | None, str]]:
    plan = parse_plan(text)
    return [(t.value, t.year, t.review_reason) for i in plan.indicators for t in i.targets if t.has_target]


def test_a_target_of_a_year_before_the_plans_period_is_flagged() -> None:
    """A plan for 2021 - 2025 that gives a figure "năm 2020" reports a result; its own years are left alone."""
    reasons = _reasons(
        "Kế hoạch phát triển thể thao\n"
        "Theo kế hoạch giai đoạn 2021 - 2025, tỉnh phấn đấu tỷ lệ học sinh bơi được đạt 60% năm 2025.\n"
        "Trong khi đó, số câu lạc bộ bơi đạt 40% năm 2020, đến năm 2025 đạt 55%.\n"
    )
    before = {value for value, year, reason in reasons if "trước thời kỳ" in reason}
    assert before == {D(40)}
    assert {value for value, year, _reason in reasons} >= {D(60), D(55)}


def test_a_period_after_the_plans_last_year_does_not_start_it() -> None:
    """ "giai đoạn 2026 - 2030" named in a plan to 2025 is the next plan's: its 2025 targets are not before it."""
    reasons = _reasons(
        "Kế hoạch phòng chống sốt xuất huyết đến năm 2025\n"
        "1. Mục tiêu\n"
        "- Tỷ lệ xã có đội phun hóa chất đạt 90% vào năm 2025.\n"
        "- Chuẩn bị nội dung cho giai đoạn 2026 - 2030.\n"
    )
    assert reasons and not any("trước thời kỳ" in reason for _value, _year, reason in reasons)


def test_a_photo_caption_is_flagged() -> None:
    """A caption tells what was done ("… cho 120 lượt người … - Ảnh: …"); the sentence before it is read as it was."""
    reasons = _reasons(
        "Chương trình chăm sóc mắt cho người cao tuổi đến năm 2030\n"
        "Chương trình phấn đấu đến năm 2030 có 80% người cao tuổi được khám mắt định kỳ.\n"
        "Khám mắt miễn phí cho 120 lượt người cao tuổi tại xã Tân Lập. - Ảnh: Minh An\n"
    )
    caption = {value for value, _year, reason in reasons if "chú thích ảnh" in reason}
    assert caption == {D(120)}


def test_one_figure_read_twice_is_flagged_both_times() -> None:
    """An article's lead repeating its body word for word: both readings flagged, which one to keep the words do not
    say; another indicator with the same figure and year is left alone."""
    reasons = _reasons(
        "Phê duyệt Chương trình nước sạch nông thôn đến năm 2030\n"
        "(TTX) - Chương trình đặt mục tiêu 85% hộ gia đình nông thôn dùng nước sạch đạt quy chuẩn vào năm 2030.\n"
        "Thủ tướng vừa phê duyệt Chương trình nước sạch nông thôn.\n"
        "Chương trình đặt mục tiêu 85% hộ gia đình nông thôn dùng nước sạch đạt quy chuẩn vào năm 2030; 85% trường "
        "học có công trình vệ sinh đạt chuẩn năm 2030.\n"
    )
    twice = [value for value, _year, reason in reasons if "Cùng con số" in reason]
    assert twice == [D(85), D(85)]
    assert len([value for value, _year, _reason in reasons if value == D(85)]) == 3


def test_a_headline_figure_inside_a_body_clause_is_flagged() -> None:
    """ "hộ cận nghèo giảm 1,5%" as a short line and "giảm 1,5%" in the body's clause: one figure read twice, the
    body's reading flagged too (which of the two is the target the words do not say)."""
    reasons = _reasons(
        "Kế hoạch giảm nghèo năm 2019 của huyện A\n"
        "Năm 2019, huyện A phấn đấu giảm 300 hộ nghèo, giảm 1,2% và 200 hộ cận nghèo, giảm 1,5%.\n"
        "Huyện A: hộ cận nghèo giảm 1,5%\n"
    )
    twice = [reason for value, _year, reason in reasons if value == D("1.5")]
    assert len(twice) == 2 and all("Cùng con số" in reason for reason in twice)


def test_figures_with_no_words_of_their_own_are_not_compared() -> None:
    """ "90% năm 2030" of two indicators of a list says nothing of what it measures: no repeat flag."""
    reasons = _reasons(
        "Kế hoạch chăm sóc người cao tuổi\n"
        "1. Mục tiêu cụ thể\n"
        "- Tỷ lệ người cao tuổi được khám sức khỏe: 80% năm 2025, 90% năm 2030.\n"
        "- Tỷ lệ người cao tuổi có thẻ bảo hiểm y tế: 85% năm 2025, 90% năm 2030.\n"
    )
    assert not any("Cùng con số" in reason for _value, _year, reason in reasons)


def test_a_figure_its_own_words_call_todays_is_flagged() -> None:
    """ "(hiện nay là trên 30%)" beside a target: today's level, flagged; "thực hiện đạt 100%" is no "hiện đạt"."""
    reasons = _reasons(
        "Kế hoạch phát triển thể thao\n"
        "Đến năm 2025, tỷ lệ gia đình thể thao đạt 41% (hiện nay là trên 30%) số hộ; phấn đấu thực hiện đạt 100% "
        "trường học có sân tập.\n"
    )
    now = {value for value, _year, reason in reasons if "mức hiện nay" in reason}
    assert now == {D(30)}


PLAN_YEAR = "Năm lấy theo thời kỳ"


def _plan_year_flags(text: str, end_year: int | None = None) -> list[tuple[Decimal | None, int | None, bool]]:
    plan = parse_plan(text, end_year=end_year)
    return [(t.value, t.year, PLAN_YEAR in t.review_reason) for t in plan.targets if t.has_target]


def test_a_typed_year_the_text_does_not_contradict_is_not_flagged() -> None:
    """A plan's targets section that names no year (ví dụ minh họa), the year typed by the person importing it:
    the year is theirs and nothing in the text says another, so there is nothing to confirm. A date
    ("ngày 12/3/2024") and a document's number ("15/2023/NĐ-CP") name no target's year."""
    text = (
        "Hà Nội, ngày 12/3/2024\n"
        "KẾ HOẠCH\nChăm sóc người cao tuổi\nCăn cứ Nghị định số 15/2023/NĐ-CP;\n"
        "I. MỤC TIÊU\n- Tỷ lệ người cao tuổi được khám sức khỏe định kỳ đạt 90%.\n"
        "- 100% người cao tuổi có thẻ bảo hiểm y tế.\n"
    )
    assert _plan_year_flags(text, end_year=2030) == [(D(90), 2030, False), (D(100), 2030, False)]


def test_a_typed_year_beside_another_year_of_the_text_stays_flagged() -> None:
    """The same plan naming a year of its own ("Năm 2026 …") or a period that is not the typed year's ("giai đoạn
    2021 - 2025" against a typed 2030): a target with no year may be for that one (ví dụ minh họa)."""
    for other in ("- Năm 2026 tổ chức 20 lớp tập huấn.\n", "Mục tiêu của giai đoạn 2021 - 2025 được kế thừa.\n"):
        text = "I. MỤC TIÊU\n- Tỷ lệ người cao tuổi được khám sức khỏe định kỳ đạt 90%.\n" + other
        flags = _plan_year_flags(text, end_year=2030)
        assert (D(90), 2030, True) in flags, other


def test_a_year_guessed_from_a_target_is_safe_only_under_the_plans_period() -> None:
    """A term's targets (ví dụ minh họa): the end year read from one target's "đến năm 2025" is the others' too when
    the text names the term that ends then ("nhiệm kỳ 2020 - 2025"); a base year before it ("so với năm 2019",
    "giá so sánh năm 2010") is no other horizon. Without the term, one target's deadline is no plan's year."""
    targets = (
        "I. CÁC CHỈ TIÊU CHỦ YẾU\n"
        "1. Tốc độ tăng giá trị sản xuất (giá so sánh năm 2010) đạt 9%/năm.\n"
        "2. Thu nhập bình quân đầu người đến năm 2025 đạt 60 triệu đồng.\n"
        "3. Tỷ lệ lao động qua đào tạo đạt 70%, tăng 10 điểm phần trăm so với năm 2019.\n"
    )
    termed = "Nghị quyết Đại hội Đảng bộ huyện nhiệm kỳ 2020 - 2025\n" + targets
    assert not any(flag for _value, _year, flag in _plan_year_flags(termed))
    assert (D(70), 2025, True) in _plan_year_flags(targets)


def test_a_period_with_an_earlier_phase_keeps_the_flag() -> None:
    """A plan to 2030 (typed) with a phase to 2025 (ví dụ minh họa): a target with no year may be the phase's."""
    text = (
        "I. MỤC TIÊU\n- Đến năm 2025, 95% trẻ em được tiêm chủng đầy đủ.\n- Tỷ lệ trẻ em suy dinh dưỡng dưới 10%.\n"
        "- Đến năm 2030, 98% trẻ em được tiêm chủng đầy đủ.\n"
    )
    assert (D(10), 2030, True) in _plan_year_flags(text, end_year=2030)


def test_an_article_read_whole_keeps_a_typed_year_flagged() -> None:
    """An article with no targets section (ví dụ minh họa): what it reports and what it aims at are mixed, so a
    typed year given to its figures stays to be confirmed."""
    text = "Tin tức\nTrong năm, toàn huyện đào tạo nghề cho 3.500 lao động và giải quyết việc làm cho 5.500 lao động.\n"
    assert all(flag for _value, _year, flag in _plan_year_flags(text, end_year=2030))


def test_a_base_year_is_no_other_horizon_even_at_the_periods_start() -> None:
    """A term named "nhiệm kỳ 2020 - 2025" whose targets measure against 2020, the term's first year (ví dụ minh
    họa): "so với năm 2020" is a base, not a year a target is for; a target for 2020 itself still keeps the flag."""
    targets = (
        "I. CÁC CHỈ TIÊU CHỦ YẾU\n"
        "1. Đến năm 2025, thu nhập bình quân đầu người tăng gấp 1,5 lần so với năm 2020.\n"
        "2. Tỷ lệ lao động qua đào tạo đạt 70%.\n"
    )
    termed = "Nghị quyết Đại hội Đảng bộ huyện nhiệm kỳ 2020 - 2025\n" + targets
    assert (D(70), 2025, False) in _plan_year_flags(termed)
    with_a_year_of_its_own = termed + "3. Năm 2020 có 5 xã đạt chuẩn nông thôn mới.\n"
    assert (D(70), 2025, True) in _plan_year_flags(with_a_year_of_its_own)


def test_a_target_with_no_figure_where_the_copy_stops_is_flagged() -> None:
    """A copy cut inside its last item (ví dụ minh họa): the figure-less clause it ends on may have lost its figure;
    the same clause in a copy that ends at a stop, and the figures before it, are left alone."""
    head = (
        "KẾ HOẠCH\nPhòng chống tác hại của rượu, bia năm 2024\nI. MỤC TIÊU\n"
        "- 100% xã, phường tổ chức truyền thông về tác hại của rượu, bia.\n"
        "- Tăng tỷ lệ hiểu biết của người trưởng thành về tác hại của rượu, bia"
    )
    for ending, flagged in (("; đến năm 2025 tỷ lệ uống rượu", True), (".", False)):
        plan = parse_plan(head + ending + "\n")
        read = [(t.value, "cắt mất" in t.review_reason) for t in plan.targets if t.has_target]
        assert read == [(D(100), False), (None, flagged)], ending


def test_a_figure_whose_name_the_copy_cut_is_flagged() -> None:
    """A copy that stops three words into the name of a figure written first (ví dụ minh họa: "… 100% cán bộ, công"):
    what the figure counts is lost; the same item ending at a stop, and a cut item whose name comes before its figure
    ("Tỷ lệ … đạt 98%, trong đó: thành"), are left alone."""
    head = (
        "KẾ HOẠCH\nPhòng chống đuối nước trẻ em năm 2024\nI. MỤC TIÊU\n"
        "- 60% trẻ em từ 6 đến 16 tuổi biết bơi an toàn.\n"
    )
    for ending, flagged in (("- 100% cán bộ, công", True), ("- 100% cán bộ, công chức được tập huấn.", False)):
        plan = parse_plan(head + ending + "\n")
        read = [(t.value, "tên của nó chưa hết" in t.review_reason) for t in plan.targets if t.has_target]
        assert read == [(D(60), False), (D(100), flagged)], ending
    named_first = parse_plan(head + "- Tỷ lệ hộ có nhà kiên cố đạt 98%, trong đó: thành\n")
    assert not any("tên của nó chưa hết" in t.review_reason for t in named_first.targets)


def test_a_figure_less_aim_with_no_year_is_flagged() -> None:
    """A figure-less aim that neither its item nor a heading dates (ví dụ minh họa) reads as a direction of work as
    often as a target; under a heading with the year, or with a year of its own, it says when and is left alone."""
    aim = "- Giảm dần tiến tới chấm dứt việc bán rượu không rõ nguồn gốc trên thị trường.\n"
    figure = "- Tỷ lệ người trưởng thành uống rượu, bia ở mức có hại dưới 20%.\n"

    def flagged(heading: str, item: str) -> bool:
        plan = parse_plan(f"KẾ HOẠCH\nPhòng chống tác hại của rượu, bia đến năm 2025\n{heading}\n{figure}{item}")
        (qualitative,) = [t for t in plan.targets if t.has_target and t.value is None]
        return "câu lẫn đề mục không nêu năm" in qualitative.review_reason

    assert flagged("I. MỤC TIÊU", aim)
    assert not flagged("I. CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2025", aim)
    assert not flagged("I. MỤC TIÊU", aim.replace("- Giảm dần", "- Đến năm 2025, giảm dần"))


def test_a_figure_restating_the_one_before_is_flagged() -> None:
    """ "…, bằng 90%" after a count gives that count as a share (ví dụ minh họa): one figure written two ways; a share
    with words of its own ("tỷ lệ thôn … chiếm 95%") is a target of its own."""
    plan = parse_plan(
        "KẾ HOẠCH\nXây dựng gia đình văn hóa năm 2025\nI. MỤC TIÊU\n"
        "- Có 1.200 hộ đạt danh hiệu gia đình văn hóa, bằng 90%.\n"
        "- Số thôn đạt danh hiệu làng văn hóa chiếm 95%.\n"
    )
    restating = {t.value: "nói lại con số" in t.review_reason for t in plan.targets if t.has_target}
    assert restating == {D(1200): False, D(90): True, D(95): False}


def test_the_years_on_the_way_to_an_aim_are_flagged() -> None:
    """A sentence that gives one indicator year by year and strives for the last year only (ví dụ minh họa): the
    years before are the path so far; a sentence that strives first ("phấn đấu năm 2024 …, năm 2025 …") sets both."""
    reasons = _reasons(
        "Tin tức\n\nTỷ lệ trẻ em được tiêm chủng đầy đủ năm 2022 là 91%, năm 2023 tăng lên 93%, năm 2024 phấn đấu "
        "đạt 95%. Huyện phấn đấu tỷ lệ hộ dùng nước sạch năm 2024 đạt 80%, năm 2025 đạt 85%.\n"
    )
    on_the_way = {value: "trên đường tới" in reason for value, _year, reason in reasons}
    assert on_the_way == {D(91): True, D(93): True, D(95): False, D(80): False, D(85): False}


def test_the_years_before_a_deadline_clause_are_flagged() -> None:
    """A sentence that gives the years so far clause by clause, a part "trong đó …" with no year of its own, and
    closes on a deadline "; đến năm 2025 …" (ví dụ minh họa): every figure of the years before is on the way, the
    deadline's is not; a list of years with no deadline clause ("năm 2024: 90%; năm 2025: 92%") sets each year."""
    reasons = _reasons(
        "Tin tức\n\nTheo Sở Y tế, năm 2022 tỷ lệ trạm y tế có bác sĩ là 70%, trong đó có bác sĩ chuyên khoa là 40%; "
        "năm 2023 tỷ lệ này là 75%; đến năm 2025 khoảng 85%.\n"
        "Tỷ lệ bao phủ bảo hiểm y tế năm 2024: 90%; năm 2025: 92%.\n"
    )
    on_the_way = {value: "trên đường tới" in reason for value, _year, reason in reasons}
    assert on_the_way == {D(70): True, D(40): True, D(75): True, D(85): False, D(90): False, D(92): False}


def test_a_margin_beyond_the_plan_is_flagged() -> None:
    """ "vượt 12 trạm so với kế hoạch giao năm 2023" (ví dụ minh họa) is by how much what was done beat what was set: a
    result; "vượt 95%" with no plan to beat is a target read as it was."""
    reasons = _reasons(
        "Tin tức\n\nNăm 2024, huyện phấn đấu tỷ lệ trạm y tế đạt chuẩn vượt 95%. Toàn huyện có thêm 40 trạm y tế được "
        "sửa chữa, vượt 12 trạm so với kế hoạch giao năm 2023.\n"
    )
    beyond = {value: "phần vượt so với kế hoạch" in reason for value, _year, reason in reasons}
    assert beyond.get(D(12)) is True
    assert beyond.get(D(95)) is False


def test_a_bare_number_that_names_nothing_is_flagged() -> None:
    """ "ít nhất 1 tháng 1 lần" after a share says how often (ví dụ minh họa): a number with no unit and no word of
    what it measures; a number with no unit whose clause names its measure ("Tổng tỷ suất sinh: 2,1") is read."""
    plan = parse_plan(
        "KẾ HOẠCH\nPhòng chống bệnh không lây nhiễm năm 2024\nI. MỤC TIÊU\n"
        "- 100% đài truyền thanh xã tuyên truyền về bệnh không lây nhiễm, ít nhất 1 tháng 1 lần.\n"
        "- Tổng tỷ suất sinh: 2,1.\n"
    )
    bare = {t.value: "không nói đo cái gì" in t.review_reason for t in plan.targets if t.has_target}
    assert bare == {D(100): False, D(1): True, D("2.1"): False}


def test_a_figure_glued_to_the_sentence_before_is_flagged() -> None:
    """ "… cho trẻ 5 tuổi.100% nhóm lớp …": a lost space after a stop (ví dụ minh họa) leaves where the sentence ends a
    guess; "1.200 hộ" and the same sentences apart are read as they are."""
    for text, flagged in (
        ("duy trì phổ cập cho trẻ 5 tuổi.100% nhóm lớp được học 2 buổi/ngày.", True),
        ("duy trì phổ cập cho trẻ 5 tuổi. 100% nhóm lớp được học 2 buổi/ngày; có 1.200 hộ được vay vốn.", False),
    ):
        plan = parse_plan("KẾ HOẠCH\nGiáo dục mầm non năm 2024\nI. MỤC TIÊU\n- Phấn đấu " + text + "\n")
        glued = [t.value for t in plan.targets if t.has_target and "dính liền" in t.review_reason]
        assert glued == ([D(100)] if flagged else []), text


def test_a_figure_of_a_reporting_paragraph_is_flagged_with_the_others() -> None:
    """An article's paragraph that looks nowhere ahead and whose year's figure is a result (ví dụ minh họa): its
    other figures, "đạt 0,6%" too, report; a paragraph that strives keeps its "đạt 0,5%" as a target."""
    reasons = _reasons(
        "Tin tức dân số\n\n"
        "Theo đó, năm 2023 tỷ suất sinh của tỉnh giảm còn 14,5‰. Ngoài ra, tốc độ tăng dân số tự nhiên đạt 0,6%.\n"
        "Năm 2024, tỉnh phấn đấu tốc độ tăng dân số tự nhiên đạt 0,5%.\n"
    )
    reporting = {value: "Đoạn văn không có từ hướng tới" in reason for value, _year, reason in reasons}
    assert reporting == {D("14.5"): False, D("0.6"): True, D("0.5"): False}
    assert all(reason for value, _year, reason in reasons if value == D("14.5"))


def test_a_headline_is_the_repeat_of_the_body_that_says_it_in_words_of_its_own() -> None:
    """An article's headline and its body give one target (ví dụ minh họa): the headline's reading is the repeat,
    flagged; the body's, which says it in words of its own, is not."""
    plan = parse_plan(
        "Tin tức\nHải Dương: Mục tiêu 100% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế\n"
        "Theo kế hoạch năm 2025, tỉnh Hải Dương đặt mục tiêu 100% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế, "
        "90% người cao tuổi được khám sức khỏe định kỳ.\n"
    )
    twice = [("Hải Dương:" in t.phrase, "Cùng con số" in t.review_reason) for t in plan.targets if t.value == D(100)]
    assert sorted(twice) == [(False, False), (True, True)]


def test_the_one_a_rate_is_counted_per_is_flagged() -> None:
    """ "Giá trị sản phẩm trên 1 ha đất trồng trọt" read as "trên 1 ha" (ví dụ minh họa): the one a rate is counted
    per, not a level; the rate's own figure is left alone."""
    plan = parse_plan(
        "KẾ HOẠCH\nPhát triển nông nghiệp năm 2025\nI. MỤC TIÊU\n"
        "- Giá trị sản phẩm thu hoạch trên 1 ha đất trồng trọt\n"
        "- Số bác sĩ trên 1 vạn dân đạt 12 bác sĩ.\n"
    )
    per_one = {t.value: "đơn vị tính của một tỷ lệ" in t.review_reason for t in plan.targets if t.has_target}
    assert per_one == {D(1): True, D(12): False}


def test_years_counted_in_a_bracket_name_the_plans_period() -> None:
    """ "bình quân 5 năm (2021-2025)" names the plan's period as "giai đoạn 2021 - 2025" does (ví dụ minh họa): a
    target that takes the plan's year 2025 needs no confirming when the text names no other year."""
    text = (
        "CÁC CHỈ TIÊU CHỦ YẾU\n"
        "1. Tốc độ tăng tổng sản phẩm bình quân 5 năm (2021-2025) đạt 8%.\n"
        "2. Tỷ lệ lao động qua đào tạo đạt 70%.\n"
    )
    assert (D(70), 2025, False) in _plan_year_flags(text, end_year=2025)


def test_a_share_whose_name_a_list_comma_cut_is_flagged() -> None:
    """ "Tỉnh phấn đấu 60% xã, phường, thị trấn có sân chơi cho trẻ em, thu hút 15% trẻ em …" (ví dụ minh họa): the
    first figure's phrase may stop at "60% xã", the rest of its list given to the next figure, so what it counts is in
    doubt; a share whose name runs on ("60% trường học có …") and "… 71% trở lên" are left alone."""
    reasons = _reasons(
        "Bên cạnh đó, tỉnh phấn đấu 60% xã, phường, thị trấn có sân chơi cho trẻ em, thu hút 15% trẻ em tham gia các "
        "hoạt động vui chơi.\n"
    )
    cut = {value for value, _year, reason in reasons if "danh sách còn tiếp" in reason}
    assert cut == {D(60)}
    kept = _reasons("Đến năm 2025, tỉnh phấn đấu 60% trường học có sân chơi, 71% trở lên xã có nhà văn hóa.\n")
    assert not any("danh sách còn tiếp" in reason for _value, _year, reason in kept)


def test_a_figure_held_by_an_act_just_done_is_flagged() -> None:
    """ "Bộ trưởng vừa ký Quyết định phê duyệt thêm 4 dự án …" (ví dụ minh họa) tells of an act and what it holds, with no
    word of aiming before the figure; "… vừa được phê duyệt đặt mục tiêu giảm … 1,5%" aims, and is left alone."""
    act = _reasons(
        "Bổ sung dự án chăm sóc người cao tuổi\n\n"
        "HN - Bộ trưởng vừa ký Quyết định phê duyệt thêm 4 dự án chăm sóc sức khỏe người cao tuổi của Chương trình "
        "giai đoạn 2021 - 2025.\n"
    )
    assert any("vừa làm" in reason for value, _year, reason in act if value == D(4))
    aim = _reasons(
        "Chương trình giảm nghèo giai đoạn 2021 - 2025 vừa được phê duyệt đặt mục tiêu giảm tỷ lệ hộ nghèo bình quân "
        "1,5%/năm.\n"
    )
    assert aim and not any("vừa làm" in reason for _value, _year, reason in aim)


def test_a_part_of_a_figure_said_to_be_todays_is_flagged_with_it() -> None:
    """ "Hiện nay, tỷ lệ … trên 70%, trong đó, nước máy dưới 30%" (ví dụ minh họa): the part after "trong đó" is
    today's as its whole is; a part of a target ("Đến năm 2025 … đạt 90%, trong đó …") is left alone."""
    reasons = _reasons(
        "Đến năm 2025, tỷ lệ hộ dân dùng nước sạch đạt 90%, trong đó nước máy đạt ít nhất 50%. Hiện nay, tỷ lệ hộ dân "
        "dùng nước sạch của huyện trên 70%, trong đó, sử dụng nước máy dưới 30%.\n"
    )
    now = {value for value, _year, reason in reasons if "mức hiện nay" in reason}
    assert now == {D(70), D(30)}


def test_a_years_figure_a_source_reports_is_flagged() -> None:
    """ "Theo Sở …, năm 2022 tỷ lệ … là 48%" reports a year's figure; the deadline of the same sentence, and a plan's
    own words ("Theo kế hoạch, … phấn đấu"), are left alone."""
    reasons = _reasons(
        "Kế hoạch phát triển thư viện cơ sở\n"
        "Theo Sở Văn hóa, năm 2022 tỷ lệ xã có thư viện là 48%; đến năm 2026 khoảng 70%.\n"
        "Theo kế hoạch, năm 2026 tỉnh phấn đấu 90% trường học có thư viện đạt chuẩn.\n"
    )
    reported = {value for value, _year, reason in reasons if "Câu dẫn lời một nguồn" in reason}
    assert reported == {D(48)}
    assert {value for value, _year, _reason in reasons} >= {D(70), D(90)}


def test_a_share_of_a_target_reached_is_flagged() -> None:
    """ "đạt 87% so với chỉ tiêu" is how much of a target was reached, not a target; a margin against a target
    ("thấp hơn 3,5% so với chỉ tiêu được giao (92%)") is left to the other rules."""
    reasons = _reasons(
        "Kế hoạch tiêm chủng năm 2025\n"
        "Năm trước, số trẻ được tiêm đủ mũi chỉ đạt 87% so với chỉ tiêu được giao.\n"
        "Tỷ lệ trẻ được tiêm đủ mũi đạt 88,5%, thấp hơn 3,5% so với chỉ tiêu được giao (92%).\n"
        "Năm 2025 phấn đấu 95% trẻ em dưới 1 tuổi được tiêm chủng đầy đủ.\n"
    )
    reached = {value for value, _year, reason in reasons if "so với kế hoạch, chỉ tiêu" in reason}
    assert reached == {D(87)}


def test_a_number_that_numbers_a_part_is_flagged() -> None:
    """ "giai đoạn 2 từ năm 2026 đến năm 2030" numbers a phase; the target of the text is left alone."""
    reasons = _reasons(
        "Chương trình phát triển văn hóa cơ sở giai đoạn 2021 - 2030\n"
        "Các mục tiêu của Chương trình được chia thành 02 giai đoạn: giai đoạn 1 từ năm 2021 đến năm 2025 và giai "
        "đoạn 2 từ năm 2026 đến năm 2030.\n"
        "Đến năm 2030, 100% xã có nhà văn hóa.\n"
    )
    numbered = {value for value, _year, reason in reasons if "đánh số một phần" in reason}
    assert numbered == {D(1), D(2)}


def test_a_shares_name_followed_by_a_list_without_a_figure_is_flagged() -> None:
    """ "40% xã, phường, thị trấn có nhà văn hóa đạt chuẩn, thu hút 15% …": whether the list is the rest of the first
    share's name or the opening of the next one's is a guess; a list opened by "trong đó" is a part of the figure
    before and is left alone."""
    reasons = _reasons(
        "Kế hoạch phát triển văn hóa cơ sở đến năm 2025\n"
        "Bên cạnh đó, tỉnh phấn đấu 40% xã, phường, thị trấn có nhà văn hóa đạt chuẩn, thu hút 15% người dân tham gia "
        "sinh hoạt văn hóa; 20% thôn có đội văn nghệ.\n"
        "Đến năm 2025, tỉnh phấn đấu 70% trang trại có giấy chứng nhận, trong đó trang trại lớn, vừa đạt 90%.\n"
    )
    guessed = {value for value, _year, reason in reasons if "danh sách chưa có con số" in reason}
    assert guessed == {D(40)}


def test_a_figure_given_again_with_its_name_is_flagged_the_second_time() -> None:
    """The body gives "ít nhất 3.500 lượt người tham gia hiến máu tình nguyện" and a later paragraph says it again in
    other words before the figure: the later reading is the repeat; the first is left alone."""
    reasons = _reasons(
        "Kế hoạch vận động hiến máu năm 2025\n"
        "Năm 2025, Ban Chỉ đạo huyện đề ra mục tiêu phấn đấu vận động ít nhất 3.500 lượt người tham gia hiến máu "
        "tình nguyện.\n"
        "Các xã tổ chức tuyên truyền tại nhà văn hóa.\n"
        "Theo Kế hoạch, trong năm 2025, Ban Chỉ đạo huyện phấn đấu vận động ít nhất 3.500 lượt người tham gia hiến "
        "máu tình nguyện.\n"
    )
    again = [reason for value, _year, reason in reasons if value == D(3500)]
    assert len(again) == 2
    assert "lần này nhắc lại" not in again[0]
    assert "lần này nhắc lại" in again[1]
