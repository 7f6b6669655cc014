"""A year without a target of its own is judged against the path from the base value to the end target."""

from decimal import Decimal as D

from hypothesis import assume, given
from hypothesis import strategies as st

from ansinh.rules.checks import CellContext, IndicatorFacts, StoredCell, check_cell
from ansinh.rules.verdicts import (
    PATH_RANK,
    PathBase,
    Status,
    TargetRule,
    choose_path_base,
    is_path_year,
    judge,
    path_value,
    summarize,
)
from ansinh.rules.verdicts import Observation as Obs

UNEMPLOYMENT_2030 = TargetRule(comparator="lt", value=D(3), unit="%", year=2030, is_end_target=True, phrase="dưới 3%")
TRAINED_2030 = TargetRule(comparator="gt", value=D(80), unit="%", year=2030, is_end_target=True, phrase="trên 80%")


def test_a_2024_figure_is_judged_against_the_path_to_2030_not_against_2030():
    base = PathBase(2023, D(70), "số liệu năm 2023")
    # The path from 70% (2023) to 80% (2030) asks for 71,43% in 2024.
    on = judge(TRAINED_2030, "up", Obs(value=D("72")), year=2024, path_base=base)
    assert on.status == Status.ON_PATH and on.rule == "path"
    assert "71,43%" in on.explanation and "năm 2030" in on.explanation and "đúng lộ trình" in on.explanation
    behind = judge(TRAINED_2030, "up", Obs(value=D("71")), year=2024, path_base=base)
    assert behind.status == Status.BEHIND_PATH
    assert "chậm so với lộ trình" in behind.explanation and "0,43 điểm phần trăm" in behind.explanation
    assert "chưa đạt" not in behind.explanation
    # The end year itself is judged against the target as written.
    assert judge(TRAINED_2030, "up", Obs(value=D("79")), year=2030, path_base=base).status == Status.NOT_ACHIEVED


def test_a_falling_indicator_and_one_already_at_its_end_target():
    base = PathBase(2023, D("4.5"), "")
    assert judge(UNEMPLOYMENT_2030, "down", Obs(value=D("4.2")), year=2024, path_base=base).status == Status.ON_PATH
    assert judge(UNEMPLOYMENT_2030, "down", Obs(value=D("4.4")), year=2024, path_base=base).status == (
        Status.BEHIND_PATH
    )
    # Already below 3%: on the path even with no base value.
    early = judge(UNEMPLOYMENT_2030, "down", Obs(value=D("1.02")), year=2024)
    assert early.status == Status.ON_PATH and "đã đạt mục tiêu năm 2030" in early.explanation


def test_without_a_base_value_there_is_no_path_to_be_behind():
    verdict = judge(TRAINED_2030, "up", Obs(value=D("60")), year=2024)
    assert verdict.status == Status.NO_DATA and "năm gốc" in verdict.explanation


def test_which_years_use_the_path():
    assert is_path_year(TRAINED_2030, 2024)
    assert not is_path_year(TRAINED_2030, 2030) and not is_path_year(TRAINED_2030, 2031)
    yearly = TargetRule(comparator="gt", value=D(75), unit="%", year=2024)
    assert not is_path_year(yearly, 2024)
    change = TargetRule(comparator="ge", value=D(5), year=2030, is_end_target=True, kind="change_per_year")
    assert not is_path_year(change, 2024)
    assert not is_path_year(TargetRule(comparator="qualitative", year=2030, is_end_target=True), 2024)


def test_where_the_path_starts():
    recorded = PathBase(2020, D(1), "Kế hoạch")
    assert choose_path_base(recorded, {2023: D(5)}, 2024, 2023) == recorded
    assert choose_path_base(PathBase(2024, D(1)), {}, 2024, 2023) is None  # a base must come before the year
    assert choose_path_base(None, {2023: D(5), 2024: D(6)}, 2025, 2023) == PathBase(2023, D(5), "số liệu năm 2023")
    assert choose_path_base(None, {2023: None, 2024: D(6)}, 2025, 2023) == PathBase(2024, D(6), "số liệu năm 2024")
    assert choose_path_base(None, {2024: D(6)}, 2024, 2023) is None


def test_the_summary_of_a_year_judged_on_the_path():
    statuses = [Status.ON_PATH] * 30 + [Status.BEHIND_PATH] * 8 + [Status.NO_DATA] * 3
    assert summarize(statuses).sentence == (
        "30/41 chỉ tiêu đúng lộ trình đến mục tiêu cuối kỳ; 8 chỉ tiêu chậm so với lộ trình; 3 chỉ tiêu chưa có số liệu."
    )
    mixed = summarize([Status.ACHIEVED, Status.NOT_ACHIEVED, Status.ON_PATH, Status.BEHIND_PATH])
    assert mixed.sentence == (
        "1/4 chỉ tiêu đạt và vượt kế hoạch; 1 chỉ tiêu chưa đạt; 1 chỉ tiêu đúng lộ trình; "
        "1 chỉ tiêu chậm so với lộ trình."
    )


def test_the_soft_check_at_submission_uses_the_same_rule():
    facts = IndicatorFacts("3.1", "Tỷ lệ lao động qua đào tạo", "percent", "%")
    base = PathBase(2023, D(70))
    context = CellContext(facts, cell=StoredCell(value=D("71")), target=TRAINED_2030, year=2024, path_base=base)
    [issue] = check_cell(context)
    assert issue.code == "behind_path" and "chậm so với lộ trình năm 2024" in issue.message
    on_path = CellContext(facts, cell=StoredCell(value=D("75")), target=TRAINED_2030, year=2024, path_base=base)
    assert check_cell(on_path) == []
    # Without the path, a 2024 figure of 75% would be "chưa đạt" against "trên 80%" and forced a note.
    no_base = CellContext(facts, cell=StoredCell(value=D("75")), target=TRAINED_2030, year=2024)
    assert check_cell(no_base) == []


values = st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
years = st.integers(min_value=2000, max_value=2040)


@given(base_value=values, end_value=values, base_year=years, span=st.integers(1, 20), step=st.integers(0, 20))
def test_the_path_runs_from_the_base_to_the_end_target_without_overshooting(
    base_value, end_value, base_year, span, step
):
    base = PathBase(base_year, base_value)
    end_year = base_year + span
    assert path_value(base, end_year, end_value, base_year) == base_value
    assert path_value(base, end_year, end_value, end_year) == end_value
    year = base_year + min(step, span)
    reached = path_value(base, end_year, end_value, year)
    assert min(base_value, end_value) <= reached <= max(base_value, end_value)
    if year < end_year:
        # Each later year asks for at least as much of the way.
        later = path_value(base, end_year, end_value, year + 1)
        assert abs(later - base_value) >= abs(reached - base_value)


@given(
    comparator=st.sampled_from(["lt", "le", "gt", "ge", "eq", "approx", "between"]),
    direction=st.sampled_from(["up", "down"]),
    target=values,
    width=st.decimals(min_value=0, max_value=100, places=2),
    base_value=values,
    actual=values,
    improvement=st.decimals(min_value=0, max_value=10000, places=2),
    year=st.integers(2024, 2029),
)
def test_a_year_before_the_end_is_never_not_achieved_and_improving_never_hurts(
    comparator, direction, target, width, base_value, actual, improvement, year
):
    assume(not (direction == "up" and comparator in ("lt", "le")))
    assume(not (direction == "down" and comparator in ("gt", "ge")))
    end = TargetRule(
        comparator=comparator,
        value=target,
        value_max=target + width if comparator == "between" else None,
        year=2030,
        is_end_target=True,
    )
    base = PathBase(2023, base_value)
    better = actual + improvement if direction == "up" else actual - improvement
    before = judge(end, direction, Obs(value=actual), year=year, path_base=base).status
    after = judge(end, direction, Obs(value=better), year=year, path_base=base).status
    assert before in PATH_RANK and after in PATH_RANK
    assert PATH_RANK[after] >= PATH_RANK[before]
    # A figure exactly on the path is on it.
    if comparator in ("ge", "gt", "le", "lt"):
        on_line = path_value(base, 2030, target, year)
        assert judge(end, direction, Obs(value=on_line), year=year, path_base=base).status == Status.ON_PATH
