"""The figures of the targets part that became no target (ansinh.programs.plan_import.unread): listed in the
preview so that a target the reader missed is not silent, and counted by the scorer against the labels."""

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from ansinh.demo.loader import DATA_DIR
from ansinh.programs.plan_import import scoring
from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.programs.plan_import.results import UnreadFigure
from ansinh.programs.plan_import.text import Line
from ansinh.programs.plan_import.unread import unread_figures
from ansinh.rules.targets import ParsedTarget

SEED_003 = (DATA_DIR / "plans" / "181-kh-ubnd.txt").read_text(encoding="utf-8")
WITH_A_BASELINE = SEED_003.replace(
    "2.1. Tỷ lệ thất nghiệp chung dưới 3%.", "2.1. Tỷ lệ thất nghiệp chung dưới 3% (năm 2023 là 2,9%)."
)


def target(phrase: str, value: str) -> ParsedTarget:
    return ParsedTarget(kind="level", comparator="ge", value=Decimal(value), phrase=phrase)


def test_a_figure_no_target_holds_is_listed_with_its_clause_and_line() -> None:
    line = Line(12, "b) Phấn đấu 90% trẻ em được tiêm chủng đầy đủ; 95% phụ nữ có thai được khám thai định kỳ.")
    read = [target("Phấn đấu 90% trẻ em được tiêm chủng đầy đủ", "90")]
    [unread] = unread_figures([line], read)
    assert (unread.line, unread.figure) == (12, "95%")
    assert unread.clause == "95% phụ nữ có thai được khám thai định kỳ."
    both = [*read, target("95% phụ nữ có thai được khám thai định kỳ", "95")]
    assert unread_figures([line], both) == []


@pytest.mark.parametrize(
    "text",
    [
        "1. Đến năm 2025, trẻ em dưới 5 tuổi được chăm sóc theo Quyết định số 1246/QĐ-TTg ngày 05/3/2024.",
        "Đạt 35 giường bệnh viện trên 10.000 dân.",  # the rate's base, its figure read
        "Giảm tỷ số tử vong mẹ xuống còn 58,3/100.000 trẻ đẻ sống.",
        "Cập nhật: Thứ tư, 13/2/2019 | 7:49:01 AM",
        "Phòng chống dịch COVID-19 cho bệnh nhân BN91 và người sinh con thứ 3 trở lên.",
    ],
)
def test_years_dates_ages_codes_ordinals_and_a_rates_base_are_not_figures_to_aim_at(text: str) -> None:
    read = [target("Đạt 35 giường bệnh viện", "35"), target("Giảm tỷ số tử vong mẹ xuống còn 58,3", "58.3")]
    assert unread_figures([Line(1, text)], read) == []


def test_a_count_with_its_scale_word_is_read_either_way_and_a_ranges_end_is_a_figure() -> None:
    line = Line(3, "Đón 8 triệu lượt khách; 60-70% hội viên câu lạc bộ là phụ nữ.")
    [unread] = unread_figures([line], [target("Đón 8 triệu lượt khách", "8000000")])
    assert unread.figure == "70%"


def test_a_plan_read_whole_lists_none_and_a_baseline_is_listed_in_the_preview_and_its_json() -> None:
    assert parse_plan(SEED_003).unread == []
    plan = parse_plan(WITH_A_BASELINE)
    [baseline] = plan.unread
    assert baseline.figure == "2,9%" and "(năm 2023 là 2,9%)" in baseline.clause
    assert plan.as_json()["unread_figures"] == [{"line": baseline.line, "clause": baseline.clause, "figure": "2,9%"}]


LABEL = """[document]
title = "Kế hoạch 181/KH-UBND"
genre = "text"
genre_note = "a test's own text"

[[target]]
indicator = "Tỷ lệ thất nghiệp chung năm 2023"
quote = "năm 2023, tỷ lệ này là 2,9%"
kind = "level"
comparator = "eq"
value = "2.9"
unit = "%"
year = 2023
"""


def test_the_scorer_counts_a_missed_target_the_preview_points_at(tmp_path: Path, capsys, monkeypatch) -> None:
    """A label no target answers, whose clause the preview lists among the figures not read (here put there by hand:
    what is counted is the pointing, whatever the reader lists)."""
    listed = UnreadFigure(40, "Năm 2023, tỷ lệ này là 2,9%.", "2,9%")
    monkeypatch.setattr(
        scoring, "parse_plan", lambda text, **years: replace(parse_plan(text, **years), unread=[listed])
    )
    (tmp_path / "a.txt").write_text(SEED_003, encoding="utf-8")
    (tmp_path / "a.toml").write_text(LABEL, encoding="utf-8")
    score = scoring.score_document(tmp_path / "a.txt", tmp_path / "a.toml")
    assert (score.expected, score.found, score.missing_pointed, score.unread) == (1, 0, 1, 1)
    call_command("score_plan_reader", str(tmp_path))
    assert "thiếu mà bản xem trước chỉ ra: 1/1 (câu có số chưa đọc: 1)" in capsys.readouterr().out
    (tmp_path / "a.toml").write_text(
        LABEL.replace("năm 2023, tỷ lệ này là 2,9%", "lao động qua đào tạo đạt 75%"), encoding="utf-8"
    )
    assert scoring.score_document(tmp_path / "a.txt", tmp_path / "a.toml").missing_pointed == 0
