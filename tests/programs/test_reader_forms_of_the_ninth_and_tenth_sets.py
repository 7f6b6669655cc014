"""The plan reader on forms the ninth and tenth sets' documents showed (tests/programs/unseen9 and unseen10, development
sets from the reader19 round) together with earlier ones, each tested on phrases of our own: docs/plan-import.md,
"Which rule came from which form"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.rules.targets import GE, GT, LE, LT, parse_targets

D = Decimal


def test_a_ratio_to_live_births_counts_its_events_as_cases() -> None:
    """ "Giảm tỷ số tử vong bà mẹ xuống còn 50/100.000 trẻ đẻ sống, trong đó khu vực miền núi còn 70/100.000 sơ
    sinh sống" (ví dụ minh họa): maternal deaths per 100.000 live births, in the parts too, "sơ sinh sống" being live
    births as well; the abortion ratio counts abortions; a child mortality rate per live births counts no event."""
    targets = parse_targets(
        "Giảm tỷ số tử vong bà mẹ xuống còn 50/100.000 trẻ đẻ sống, trong đó khu vực miền núi giảm xuống còn "
        "70/100.000 sơ sinh sống. Tỷ số phá thai giảm xuống còn 20/100 sơ sinh sống. Tỷ suất tử vong trẻ em dưới 5 "
        "tuổi giảm xuống 18/1.000 trẻ đẻ sống.",
        default_year=2030,
    )
    assert [(t.comparator, t.value, t.unit, t.per_n) for t in targets] == [
        (LE, D(50), "ca tử vong mẹ/100.000 trẻ đẻ sống", 100_000),
        (LE, D(70), "ca tử vong mẹ/100.000 sơ sinh sống", 100_000),
        (LE, D(20), "ca phá thai/100 sơ sinh sống", 100),
        (LE, D(18), "/1.000 trẻ đẻ sống", 1000),
    ]


def test_the_plains_are_no_comparator() -> None:
    """ "khu vực đồng bằng đạt 97%" (ví dụ minh họa): "bằng" ends the name of the plains, it is no "equal to"; the part
    is a floor as the whole before it."""
    targets = parse_targets(
        "Tỷ lệ phụ nữ đẻ được khám thai đạt 90%, trong đó khu vực đồng bằng đạt 97% và khu vực miền núi đạt 80%.",
        default_year=2030,
    )
    assert [(t.comparator, t.value) for t in targets] == [(GE, D(90)), (GE, D(97)), (GE, D(80))]


def test_a_source_named_after_theo_ends_at_its_comma() -> None:
    """ "Theo Đề án, mục tiêu đến năm 2018: …" (ví dụ minh họa, the form of unseen8 e04 and unseen9 g08): the source
    ends at its comma and the year is its targets'; a source whose own horizon follows its name keeps it masked."""
    targets = parse_targets(
        "Theo Đề án, mục tiêu đến năm 2018: xóa mù chữ cho 500 nghìn người, nâng tỷ lệ biết chữ đạt 95%.",
        default_year=2030,
    )
    assert [(t.value, t.year) for t in targets] == [(D(500_000), 2018), (D(95), 2018)]
    targets = parse_targets(
        "Theo quy hoạch phát triển thể thao của tỉnh, đến năm 2027 tỷ lệ gia đình thể thao đạt 30%.", default_year=2030
    )
    assert [(t.value, t.year) for t in targets] == [(D(30), 2027)]
    targets = parse_targets(
        "Theo Chiến lược quốc gia về người cao tuổi đến năm 2030, tỷ lệ người cao tuổi được khám sức khỏe đạt 90%.",
        default_year=2027,
    )
    assert [(t.value, t.year) for t in targets] == [(D(90), 2027)]


def test_results_to_keep_are_an_aim_not_a_report() -> None:
    """ "… tiếp tục học tập nhằm củng cố vững chắc kết quả biết chữ" (ví dụ minh họa; unseen9 g01 and g08, unseen2 13,
    unseen7 c10 and unseen10 j02 write results to keep so): the target is not flagged as a result; a sentence that
    opens on results still is."""
    plan = parse_plan(
        "Kế hoạch xóa mù chữ tỉnh An Khánh\n"
        "Đến năm 2027, nâng tỷ lệ biết chữ đạt 97%; 85% số người mới biết chữ tiếp tục học tập nhằm củng cố vững chắc "
        "kết quả biết chữ; duy trì kết quả giảm nghèo, tỷ lệ hộ nghèo dưới 2%.\n"
        "Kết quả năm 2024, tỷ lệ biết chữ đạt 93%.\n"
    )
    flagged = {t.value: "kết quả đã đạt" in t.review_reason for t in plan.targets}
    assert flagged == {D(97): False, D(85): False, D(2): False, D(93): True}


def test_a_list_pasted_into_one_paragraph_opens_an_item_at_each_dash_after_a_stop() -> None:
    """ "… so với năm 2020. - Trên 80% lao động … - Trên 90% đường …" (ví dụ minh họa; regression 11, unseen10 j02): each
    dash after a stop opens a target of its own; a photo's credit after the stop ("- Ảnh: …") opens none."""
    targets = parse_targets(
        "Giảm 40% số thôn đặc biệt khó khăn so với năm 2020. - Trên 85% lao động có việc làm ổn định. - Trên 95% đường "
        "ở thôn, bản được cứng hóa.",
        default_year=2025,
    )
    assert [(t.comparator, t.value, t.phrase) for t in targets] == [
        (GE, D(40), "Giảm 40% số thôn đặc biệt khó khăn so với năm 2020"),
        (GT, D(85), "Trên 85% lao động có việc làm ổn định"),
        (GT, D(95), "Trên 95% đường ở thôn, bản được cứng hóa"),
    ]
    (caption,) = parse_targets("Khám sức khỏe cho 120 lượt người cao tuổi tại xã. - Ảnh: Minh An", default_year=2025)
    assert "Ảnh" in caption.phrase


def test_a_change_verb_before_a_rate_named_ty_suat_is_a_change() -> None:
    """ "tiếp tục giảm tỷ suất sinh 0,1 - 0,2‰", "giảm tỷ suất sinh 0,2‰ so với năm 2025" (ví dụ minh họa; unseen8 e10,
    unseen10 i09): the verb before "tỷ suất" states a change, as before "tỷ lệ"; "xuống còn" still states a level."""
    targets = parse_targets(
        "Năm 2026, tiếp tục giảm tỷ suất sinh 0,1 - 0,2‰. Giảm tỷ suất sinh thô 0,2‰ so với năm 2025. Giảm tỷ số tử "
        "vong mẹ xuống còn 40/100.000 trẻ đẻ sống.",
        default_year=2026,
    )
    assert [(t.kind, t.value, t.base_year) for t in targets] == [
        ("change_per_year", D("0.1"), 2025),
        ("change_vs_base", D("0.2"), 2025),
        ("level", D(40), None),
    ]


def test_a_later_figure_of_a_rate_written_without_its_population_is_counted_as_the_first() -> None:
    """ "xuống 600/100.000 trẻ em vào năm 2025 và 520/100.000 vào năm 2030" (ví dụ minh họa; unseen9 g06): the second
    figure is the same rate for a later year; "8/8 huyện" names no rate and stays a count."""
    targets = parse_targets(
        "Giảm tỷ suất trẻ em bị tai nạn thương tích xuống 600/100.000 trẻ em vào năm 2025 và 520/100.000 vào năm 2030; "
        "có 8/8 huyện đạt chuẩn.",
        default_year=2030,
    )
    assert [(t.value, t.unit, t.per_n, t.year) for t in targets] == [
        (D(600), "trẻ em/100.000 trẻ em", 100_000, 2025),
        (D(520), "trẻ em/100.000 trẻ em", 100_000, 2030),
        (D(8), "huyện", None, 2030),
    ]


def test_a_rate_per_a_group_of_people_counts_people_of_the_group() -> None:
    """ "tỷ suất tử vong do tai nạn dưới 14/100.000 trẻ" (ví dụ minh họa; unseen7 d02, as unseen3 09 and unseen9 g06
    label their rates per children): the children who die are counted, though the name does not say "trẻ"."""
    (target,) = parse_targets("Đến năm 2030, tỷ suất tử vong do tai nạn dưới 14/100.000 trẻ.")
    assert (target.value, target.unit, target.per_n) == (D(14), "trẻ/100.000 trẻ", 100_000)


def test_a_paragraph_of_prose_closes_the_bullets_above_it() -> None:
    """A page's list of other articles ("• Thông tư …") after the article's paragraphs (ví dụ minh họa; unseen10 j08):
    its bullet is no sub-item of the last dash item above, whose parts ("trong đó …") are still read apart."""
    plan = parse_plan(
        "Mục tiêu đến năm 2030 như sau:\n"
        "- Tỷ lệ lao động tham gia bảo hiểm xã hội đạt 50%, trong đó nông dân tham gia bảo hiểm xã hội tự nguyện "
        "chiếm khoảng 3%.\n"
        "Xem thêm nội dung tại Nghị quyết.\n"
        "VĂN BẢN MỚI CẬP NHẬT\n"
        "  • Thông tư quy định thẩm quyền tuyển dụng nhà giáo\n"
    )
    assert sorted(t.value for t in plan.targets if t.has_target) == [D(3), D(50)]


def test_people_counted_by_who_they_are() -> None:
    """ "đào tạo cán bộ chủ chốt cấp xã 300 thanh niên", "Hằng năm tổ chức tập huấn trên 1.500 vận động viên" (ví dụ
    minh họa; unseen10 j04, unseen8 e05): the count is in youths, in athletes (a year), not a number of a name."""
    targets = parse_targets(
        "Đến năm 2027 sẽ đào tạo cán bộ chủ chốt cấp xã 300 thanh niên. Hằng năm tổ chức tập huấn trên 1.500 vận "
        "động viên.",
        default_year=2027,
    )
    assert [(t.value, t.unit) for t in targets] == [(D(300), "thanh niên"), (D(1500), "vận động viên/năm")]


def test_a_phase_heading_from_one_year_to_another_gives_its_items_the_last() -> None:
    """ "a) Từ 2026 đến 2028" over a dash list (ví dụ minh họa; unseen9 g04's phase heading, as "Giai đoạn 2026 - 2028"
    is read): its items are for 2028, not the plan's end year."""
    plan = parse_plan(
        "KẾ HOẠCH phát triển công tác xã hội giai đoạn 2026-2030\n"
        "2. Mục tiêu cụ thể\n"
        "a) Từ 2026 đến 2028\n"
        "- Đạt 60% số xã, phường bố trí nhân sự làm công tác xã hội.\n"
        "b) Từ 2029 đến 2030\n"
        "- Đạt 90% số xã, phường bố trí nhân sự làm công tác xã hội.\n"
    )
    assert [(t.value, t.year) for t in plan.targets if t.has_target] == [(D(60), 2028), (D(90), 2030)]


def test_the_year_striven_in_right_before_a_change_is_the_year_it_happens_in() -> None:
    """ "phấn đấu năm 2027 giảm 0,4% hộ nghèo" (ví dụ minh họa; unseen7 c09, regression 20): the fall during 2027, as
    "Năm 2027, … giảm 0,4%" reads; "đến năm 2027 giảm 2%" stays a change by then against a base the text must give."""
    (during,) = parse_targets("Thành phố phấn đấu năm 2027 giảm 0,4% hộ nghèo theo chuẩn mới.")
    assert (during.kind, during.year, during.base_year) == ("change_per_year", 2027, 2026)
    (by_then,) = parse_targets("Thành phố phấn đấu đến năm 2027 giảm 2% hộ nghèo theo chuẩn mới.")
    assert (by_then.kind, by_then.year, by_then.base_year) == ("change_vs_base", 2027, None)


def test_clubs_shortened_as_clb_are_counted_in_clubs() -> None:
    """ "phấn đấu đến năm 2027 có 1.300 CLB" (ví dụ minh họa; unseen8 e01, e02 shorten clubs so): a count of clubs."""
    (target,) = parse_targets("Phấn đấu đến năm 2027 có 1.300 CLB thể dục thể thao.")
    assert (target.value, target.unit, target.year) == (D(1300), "câu lạc bộ", 2027)


def test_a_yearly_average_in_a_bracket_after_a_periods_count_is_a_target() -> None:
    """ "đưa ít nhất 1.200 lao động … (bình quân mỗi năm đưa ít nhất 240 lao động)" (ví dụ minh họa; unseen2 16,
    unseen10 j05): the bracket's yearly average is a target beside the period's count."""
    targets = parse_targets(
        "Giai đoạn 2026 - 2030 đưa ít nhất 1.200 lao động đi làm việc ở nước ngoài (bình quân mỗi năm đưa ít nhất 240 "
        "lao động) và hỗ trợ các huyện."
    )
    assert [(t.value, t.unit, t.year) for t in targets] == [(D(1200), "lao động", 2030), (D(240), "lao động/năm", 2030)]


def test_how_fast_a_ratio_rises_is_its_yearly_change() -> None:
    """ "tốc độ tăng tỷ số giới tính khi sinh không quá 0,3%", "… xuống dưới mức 0,4 điểm phần trăm/năm" (ví dụ minh
    họa; regression 15, unseen4 09): a change per year of the ratio, not a level; "tốc độ tăng trưởng" keeps its rules."""
    targets = parse_targets(
        "Khống chế tốc độ tăng tỷ số giới tính khi sinh không quá 0,3%. Giảm tốc độ tăng tỷ số giới tính khi sinh "
        "xuống dưới mức 0,4 điểm phần trăm/năm. Tốc độ tăng trưởng kinh tế đạt 7%.",
        default_year=2030,
    )
    assert [(t.kind, t.comparator, t.value) for t in targets] == [
        ("change_per_year", LE, D("0.3")),
        ("change_per_year", LT, D("0.4")),
        ("level", GE, D(7)),
    ]


def test_a_base_closing_the_next_change_that_names_its_own_indicator_is_this_ones_too() -> None:
    """ "tử vong do đuối nước giảm ít nhất 12% và tai nạn giao thông giảm từ 5–8% so với năm 2025" (ví dụ minh họa;
    unseen7 d02, the form "giảm 10% … và giảm 20% … so với năm 2020" already read): both fall against 2025."""
    targets = parse_targets(
        "Đến năm 2030, tử vong do đuối nước giảm ít nhất 12% và tai nạn giao thông đường bộ giảm từ 5–8% so với năm "
        "2025."
    )
    assert [(t.kind, t.value, t.base_year) for t in targets] == [
        ("change_vs_base", D(12), 2025),
        ("change_vs_base", D(5), 2025),
    ]
