"""The plan reader on the forms whose wrong readings went without a review flag (the reader29 round, issue 20), each
tested on phrases of our own (ví dụ minh họa): a field the words leave open is flagged, so the person looks before the
figure is entered; docs/plan-import.md, "No wrong target taken on trust"."""

from decimal import Decimal

from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.rules.targets import parse_targets

D = Decimal


def test_a_bare_fertility_rate_is_read_about_its_figure_and_flagged() -> None:
    """A bare "Tổng tỷ suất sinh: 2,1 con/phụ nữ" names a level to hold but not whether the figure is a floor, a
    ceiling or a level to stay near: the reader's "khoảng" is its own word (the labelled plans mean the figure itself,
    or a floor where a city raises its rate), so the target is flagged; a rate with its word ("không dưới 2,1") is not, nor one
    named the replacement level ("Mức sinh thay thế 2,1", as 181/KH-UBND writes it: a level to stay near)."""
    (bare,) = [target for target in parse_targets("Tổng tỷ suất sinh: 2,1 con/phụ nữ", default_year=2025)]
    assert (bare.comparator, bare.value, bare.needs_review) == ("approx", D("2.1"), True)
    assert "mức sinh" in bare.review_reason
    (worded,) = [target for target in parse_targets("Tổng tỷ suất sinh không dưới 2,1 con/phụ nữ", default_year=2025)]
    assert (worded.comparator, worded.needs_review) == ("ge", False)
    (replacement,) = [target for target in parse_targets("Mức sinh thay thế 2,1", default_year=2025)]
    assert (replacement.comparator, replacement.needs_review) == ("approx", False)
    plan = parse_plan("Mục tiêu đến năm 2025\n- Tỷ suất sinh thô: 12,8‰\n- Tỷ lệ hộ nghèo dưới 3%\n")
    flags = [(t.comparator, t.needs_review) for indicator in plan.indicators for t in indicator.targets if t.has_target]
    assert flags == [("approx", True), ("lt", False)]


def _read(text: str) -> list[tuple[Decimal | None, str, bool, str]]:
    plan = parse_plan(text)
    return [
        (t.value, t.unit, t.needs_review, t.review_reason)
        for indicator in plan.indicators
        for t in indicator.targets
        if t.has_target
    ]


def test_a_figure_of_what_is_being_done_now_is_flagged() -> None:
    """A clause "12/40 xã đang được hỗ trợ đầu tư để đạt chuẩn" opens on its figure and says those it counts are
    being served today: what is under way, not the aim the sentence goes on to (a flag); "đang hoạt động" only
    describes them."""
    read = _read(
        "Huyện X phấn đấu giảm nghèo đến năm 2025.\n\n"
        "Trong đó, 12/40 xã đang được hỗ trợ đầu tư để đạt chuẩn nông thôn mới vào cuối năm 2025.\n\n"
        "Mục tiêu đến năm 2025, 100% khu công nghiệp đang hoạt động có hệ thống xử lý nước thải.\n"
    )
    under_way = [row for row in read if row[0] == 12]
    assert under_way and all(flagged and "đang được" in reason for _v, _u, flagged, reason in under_way)
    described = [row for row in read if row[0] == 100]
    assert described and not any("đang được" in reason for _v, _u, _f, reason in described)


def test_a_rate_per_inhabitants_written_nguoi_dan_is_per_dan() -> None:
    """A rate "dưới 20 người trên 100.000 người dân" counts per the same inhabitants as "trên 100.000 dân": the unit
    is "người/100.000 dân", as the plans and their labels write it, not a unit of its own."""
    (target,) = [
        target
        for target in parse_targets(
            "giảm số người mắc bệnh lao xuống dưới 20 người trên 100.000 người dân", default_year=2030
        )
        if target.has_target
    ]
    assert (target.comparator, target.value, target.unit, target.per_n) == ("lt", D(20), "người/100.000 dân", 100000)


def test_a_bare_count_of_those_named_by_a_harm_is_flagged() -> None:
    """A bare "tổ chức dạy nghề cho 800 người nghiện sau cai" counts people the harm names, those the plan acts on: the
    reader's "at most" (the harm pulls down) is a guess, so the target is flagged; a rate the harm names before its
    figure ("Tỷ lệ hộ nghèo 5%") or a fall the words say ("giảm … xuống 800 người") is read as before."""

    def read(phrase: str) -> list[tuple[str, bool, str]]:
        return [
            (target.comparator, target.needs_review, target.review_reason)
            for target in parse_targets(phrase, default_year=2025)
            if target.has_target
        ]

    ((comparator, flagged, reason),) = read("tổ chức dạy nghề cho 800 người nghiện sau cai")
    assert (comparator, flagged) == ("le", True) and "“nghiện”" in reason
    for phrase in ("Tỷ lệ hộ nghèo 5%", "giảm số người nghiện ma túy xuống 800 người"):
        ((comparator, _flagged, reason),) = read(phrase)
        assert comparator == "le" and "mang tên một điều cần giảm" not in reason, phrase


def test_a_year_its_own_words_do_not_give_is_flagged() -> None:
    """A target read for 2025 from the plan's heading while its own words name "tầm nhìn đến năm 2030" took its year
    from elsewhere, against its words: flagged. A year in brackets is the bracket's figure's ("đạt 80% (95% vào năm
    2030)"), and a target whose words give its year is read as before. ("Thể thao cho mọi người, giai đoạn 2026 -
    2030: …", this sign's first form, is now read for 2030: the phase before a colon heads its paragraph, reader30.)"""
    plan = parse_plan(
        "Kế hoạch phát triển thể thao tỉnh X giai đoạn 2021 - 2025\n\n"
        "Mục tiêu đến năm 2025, tỷ lệ người tập luyện thể thao thường xuyên đạt 35%; tỷ lệ trường học có sân tập đạt "
        "80% (95% vào năm 2030).\n\n"
        "Thể thao cho mọi người, giai đoạn 2026 - 2030: Phấn đấu hàng năm, tỷ lệ người tập luyện thể thao thường "
        "xuyên tăng từ 1,5 - 2%.\n\n"
        "Với tầm nhìn đến năm 2030, tỷ lệ người mắc bệnh lao trong cộng đồng giảm xuống dưới 20/100.000 dân.\n"
    )
    read = [
        (t.value, t.year, t.needs_review) for indicator in plan.indicators for t in indicator.targets if t.has_target
    ]
    assert read == [(D(35), 2025, False), (D(80), 2025, False), (D("1.5"), 2030, False), (D(20), 2025, True)]
    flagged = next(t for indicator in plan.indicators for t in indicator.targets if t.needs_review)
    assert "năm 2030" in flagged.review_reason
