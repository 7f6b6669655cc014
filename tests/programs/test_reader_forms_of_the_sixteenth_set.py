"""The plan reader on forms of the sixteenth set's first reading (unseen16; the reader27 round), each tested on phrases
of our own (ví dụ minh họa): a document no longer refused; docs/plan-import.md,
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
