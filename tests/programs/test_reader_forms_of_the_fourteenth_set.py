"""The plan reader on forms among the misses of the fourteenth set's first reading (unseen14; the reader25 round) that
another set shares, each tested on phrases of our own: docs/plan-import.md, "Which rule came from which form"."""

from decimal import Decimal

from ansinh.rules.targets import parse_targets

D = Decimal


def test_things_counted_keep_the_word_the_text_counts_them_in() -> None:
    """ "… thu hút 2.000 thành viên", "ít nhất 3 loại bệnh tật bẩm sinh", "tăng 03 bậc" (ví dụ minh họa): both people
    who labelled a text wrote the count's unit as the text writes it, where the reader kept none."""
    targets = parse_targets(
        "Đến năm 2025, các câu lạc bộ thu hút 2.000 thành viên; tầm soát sơ sinh đạt ít nhất 3 loại bệnh tật bẩm sinh; "
        "Chỉ số cải cách hành chính tăng 03 bậc so với năm 2024.",
        default_year=2025,
    )
    assert [(t.value, t.unit) for t in targets] == [(D(2000), "thành viên"), (D(3), "loại bệnh tật"), (D(3), "bậc")]


def test_a_yearly_share_listed_after_a_yearly_change_is_the_same_change() -> None:
    """ "Giảm bình quân 1% - 2%/năm số vụ bạo lực gia đình và 2% - 4%/năm số vụ …", "Trong đó, giảm tỷ lệ trẻ suy
    dinh dưỡng 1,5%/năm trở lên; trẻ thấp còi 1%/năm trở lên" (ví dụ minh họa): the second yearly figure names no verb of
    its own and goes on with the first's, a change per year, not a level; a yearly figure after a level keeps its
    reading."""
    pair = parse_targets(
        "Giảm bình quân 1% - 2%/năm số vụ bạo lực gia đình và 2% - 4%/năm số vụ xâm hại trẻ em.", default_year=2025
    )
    assert [(t.kind, t.value, t.value_max) for t in pair] == [
        ("change_per_year", D(1), D(2)),
        ("change_per_year", D(2), D(4)),
    ]
    listed = parse_targets(
        "Trong đó, giảm tỷ lệ trẻ suy dinh dưỡng 1,5%/năm trở lên; trẻ thấp còi 1%/năm trở lên.", default_year=2025
    )
    assert [(t.kind, t.value) for t in listed] == [("change_per_year", D("1.5")), ("change_per_year", D(1))]
    (level, _share) = parse_targets(
        "Tỷ lệ lao động qua đào tạo đạt 70%, tốc độ tăng năng suất lao động 6%/năm.", default_year=2025
    )
    assert level.kind == "level"
