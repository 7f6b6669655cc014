"""The plan reader on forms of the sixteenth set's first reading (unseen16; the reader27 round), each tested on phrases
of our own (ví dụ minh họa): a document no longer refused, and the signs that flag its inventions; docs/plan-import.md,
"Which rule came from which form"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan

D = Decimal


def _read(text: str) -> list[tuple[str, Decimal | None, int | None, bool, str]]:
    plan = parse_plan(text)
    return [
        (t.comparator, t.value, t.year, t.needs_review, t.phrase)
        for indicator in plan.indicators
        for t in indicator.targets
        if t.has_target
    ]


def test_an_article_of_aims_with_no_figure_is_read_sentence_by_sentence() -> None:
    """A news item whose one sentence aims with no figure and no list ("Từ nay đến năm 2030, ngành Y tế cần …, phấn
    đấu …") was refused ("Không tìm thấy chỉ tiêu nào"): each aim is now a qualitative target for the sentence's
    deadline, flagged, and the page says it was read sentence by sentence."""
    text = (
        "Nâng cao chất lượng y tế cơ sở\n\n"
        "Bộ trưởng: Từ nay đến năm 2030, ngành Y tế cần định hướng xây dựng các trạm y tế xã trở thành trạm đạt chuẩn "
        "quốc gia, phấn đấu đưa bệnh viện huyện trở thành bệnh viện hàng đầu về chất lượng khám chữa bệnh trong vùng.\n"
    )
    read = _read(text)
    assert [(comparator, year, flagged) for comparator, _value, year, flagged, _phrase in read] == [
        ("qualitative", 2030, True),
        ("qualitative", 2030, True),
    ]
    assert "trạm y tế xã trở thành trạm đạt chuẩn quốc gia" in read[0][4]
    assert read[1][4].startswith("phấn đấu đưa bệnh viện huyện")
    assert any("đọc từng câu" in warning for warning in parse_plan(text).warnings)


def test_figures_read_only_with_a_doubt_are_kept_flagged_rather_than_refused() -> None:
    """An article that assigns quotas as bare counts with no unit ("… với tổng số 900 chỉ tiêu. Trong đó, huyện A 120,
    huyện B 80 …") read no figure plainly enough and was refused: every reading is now kept with its flag, and its
    sentence of tasks with no figure ("… phấn đấu vượt chỉ tiêu giao") is no aim of its own."""
    read = _read(
        "Giao chỉ tiêu xuất khẩu lao động\n\n"
        "Hôm qua, tỉnh giao chỉ tiêu đưa người lao động đi làm việc ở nước ngoài năm 2024 cho các địa phương, với tổng số 900 "
        "chỉ tiêu.\n\n"
        "Trong đó, huyện Đông được giao cao nhất với 120 chỉ tiêu, tiếp đến là huyện Tây 80, huyện Nam 60. UBND tỉnh "
        "giao các huyện chỉ đạo phòng chuyên môn phối hợp với doanh nghiệp tổ chức thực hiện đạt và phấn đấu vượt chỉ "
        "tiêu giao.\n"
    )
    assert {value for _comparator, value, _year, _flagged, _phrase in read} >= {D(120), D(80), D(60)}
    assert all(flagged for _comparator, _value, _year, flagged, _phrase in read)
    assert not any(comparator == "qualitative" for comparator, *_rest in read)


def test_a_targets_section_whose_general_aim_alone_aims_is_read_whole() -> None:
    """ "I. MỤC TIÊU" with only "1. Mục tiêu chung" (the copy stops before the specific targets) gave "Mục … không có
    chỉ tiêu nào đọc được": the general aim is now read, its clauses with no reading of their own as flagged
    qualitative aims, the heading "Mục tiêu chung" as none."""
    read = _read(
        "KẾ HOẠCH\n"
        "THỰC HIỆN NHIỆM VỤ PHỔ CẬP GIÁO DỤC GIAI ĐOẠN 2021 - 2025\n\n"
        "I. MỤC TIÊU\n\n"
        "1. Mục tiêu chung\n\n"
        "Tiếp tục củng cố, nâng cao chất lượng phổ cập giáo dục mầm non cho trẻ em 5 tuổi, hướng tới thực hiện phổ cập "
        "giáo dục mầm non cho trẻ 4 tuổi ở những xã đủ điều kiện; phấn đấu tỉnh đạt chuẩn phổ cập giáo dục trung học "
        "cơ sở mức độ 2.\n\n"
        "II. NHIỆM VỤ\n\n"
        "1. Tuyên truyền.\n"
    )
    phrases = [phrase for *_rest, phrase in read]
    assert len(read) == 3, phrases
    assert phrases[0].startswith("Tiếp tục củng cố")
    assert phrases[1].startswith("hướng tới thực hiện phổ cập")
    assert "đạt chuẩn phổ cập giáo dục trung học cơ sở" in phrases[2]
    assert [(comparator, year) for comparator, _value, year, _flagged, _phrase in read] == [
        ("qualitative", 2025),
        ("qualitative", 2025),
        ("yes_no", 2025),
    ]
    assert read[0][3] and read[1][3]


def test_a_text_with_no_aim_at_all_is_still_refused() -> None:
    """Never refused is for a text that aims: a page that only reports keeps the message that asks for targets."""
    try:
        parse_plan("Tin tức\n\nHôm qua, đoàn công tác đã làm việc với các sở, ngành về tình hình y tế cơ sở.\n")
    except ValueError as error:
        assert "Không tìm thấy chỉ tiêu nào" in str(error)
    else:
        raise AssertionError("a text with no aim was read")


def test_a_figure_whose_copy_stops_inside_a_word_of_its_lone_sentence_is_flagged() -> None:
    """ "… . Phấn đấu 100% xã có trạm y tế và vườn thuốc na" where the text wrote "trạm y tế và vườn thuốc nam"
    before: the copy stops inside a word of the one figure's sentence, and what the figure counts is cut. The last of a
    ";" list, or a copy that stops between words, keeps its reading."""
    head = (
        "Kế hoạch y tế cơ sở đến năm 2025\n\n"
        "Đến năm 2025: 70% xã có trạm y tế và vườn thuốc nam đạt chuẩn; 80% thôn có nhân viên y tế hoạt động.\n\n"
    )
    cut = _read(head + "Định hướng đến năm 2030: Tiếp tục củng cố. Phấn đấu 100% xã có trạm y tế và vườn thuốc na")
    assert [flagged for _c, value, _y, flagged, _p in cut if value == D(100)] == [True]
    whole = _read(head + "Định hướng đến năm 2030: Tiếp tục củng cố. Phấn đấu 100% xã có trạm y tế và vườn thuốc")
    assert [flagged for _c, value, _y, flagged, _p in whole if value == D(100)] == [False]
    listed = _read(head + "Định hướng đến năm 2030: 90% thôn có nhân viên y tế; 100% xã có trạm y tế và vườn thuốc na")
    assert [flagged for _c, value, _y, flagged, _p in listed if value == D(100)] == [False]


def test_a_year_carried_from_the_clause_before_against_the_headings_is_flagged() -> None:
    """Under "1.1. Mục tiêu đến năm 2025", "…; đến năm 2030 có 40 bác sĩ / vạn dân; có ít nhất 30% xã …": the 30% takes
    2030 from the clause before while the heading says 2025, and which holds is a guess. A clause that names its own
    year, or one that takes the heading's, is left alone."""
    read = _read(
        "1. Mục tiêu\n"
        "1.1. Mục tiêu đến năm 2025\n"
        "Tỷ lệ trạm y tế xã có bác sĩ đạt 90%; đến năm 2030 có 40 bác sĩ / vạn dân; có ít nhất 30% xã có bác sĩ gia "
        "đình.\n"
    )
    flagged = {(value, year): needs for _c, value, year, needs, _p in read}
    assert flagged[(D(30), 2030)] is True
    assert flagged[(D(90), 2025)] is False
    assert flagged[(D(40), 2030)] is False


def test_a_counts_bound_given_again_after_its_band_is_flagged() -> None:
    """ "đạt từ 20 đến 25 bác sĩ trên 1 vạn dân. Có ít nhất 20 bác sĩ / vạn dân …" in one paragraph: the same measure
    and year as a band and as its bound is one target said again or two that contradict; the later one is flagged.
    Shares are left alone ("60 - 65%" of one name, "65%" of another), and so is a bound in another paragraph."""
    read = _read(
        "1. Mục tiêu đến năm 2025\n"
        "Phấn đấu đến năm 2025 đạt từ 20 đến 25 bác sĩ trên 1 vạn dân. Có ít nhất 20 bác sĩ / vạn dân ở các xã vùng "
        "sâu; tỷ lệ đô thị hóa từ 60 - 65%; tỷ lệ hộ dùng nước sạch đạt 65%.\n"
        "2. Mục tiêu khác\n"
        "Có ít nhất 25 bác sĩ / vạn dân ở các huyện đồng bằng.\n"
    )
    flagged = [(value, needs) for _c, value, _y, needs, phrase in read if "bác sĩ" in phrase or value == D(65)]
    assert flagged == [(D(20), False), (D(20), True), (D(65), False), (D(25), False)]
