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
