"""The pure checks a report must pass before it is sent (``ansinh/rules/checks.py``)."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ansinh.rules.checks import (
    JUMP_THRESHOLD,
    MIN_PEERS,
    OUTLIER_Z,
    CellContext,
    IndicatorFacts,
    Severity,
    StoredCell,
    blocking,
    check_cell,
    check_report,
    indicator_words,
    is_count,
    robust_z,
)
from ansinh.rules.verdicts import TargetRule

COVERAGE = IndicatorFacts("1.1", "Tỷ lệ người dân tham gia bảo hiểm y tế", "percent", "%")
PEOPLE = IndicatorFacts("1.2", "Số người được hỗ trợ việc làm", "number", "người")
FERTILITY = IndicatorFacts("7.1", "Mức sinh thay thế", "number", "con", "band")
SCHEME = IndicatorFacts("2", "Có đề án chăm sóc người cao tuổi", "yes_no")
AT_LEAST_90 = TargetRule(comparator="ge", value=Decimal(90), unit="%", phrase="đạt 90%", year=2026)

amounts = st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=3)
positive = st.decimals(min_value=Decimal("0.001"), max_value=10**9, allow_nan=False, allow_infinity=False, places=3)


def codes(context: CellContext) -> list[str]:
    return [issue.code for issue in check_cell(context)]


def cell(value=None, **fields) -> StoredCell:
    return StoredCell(value=None if value is None else Decimal(value), **fields)


# -- Hard checks -----------------------------------------------------------------------------------


def test_a_percentage_above_100_is_an_error_that_names_the_indicator():
    [issue] = check_cell(CellContext(COVERAGE, cell=cell("120")))
    assert (issue.code, issue.field, issue.severity) == ("percent_out_of_range", "value", Severity.ERROR)
    assert issue.indicator_code == "1.1"
    assert "Chỉ tiêu 1.1 “Tỷ lệ người dân tham gia bảo hiểm y tế”" in issue.message and "120%" in issue.message
    assert issue.blocks_submission


@given(st.decimals(min_value=-1000, max_value=1000, allow_nan=False, places=2))
def test_a_percentage_is_an_error_exactly_when_outside_0_to_100(value):
    flagged = "percent_out_of_range" in codes(CellContext(COVERAGE, cell=StoredCell(value=value)))
    assert flagged == (not 0 <= value <= 100)


@given(positive, positive)
def test_a_numerator_above_its_denominator_is_an_error(numerator, denominator):
    stored = StoredCell(value=Decimal(50), numerator=numerator, denominator=denominator)
    issues = check_cell(CellContext(COVERAGE, cell=stored))
    assert ("numerator_above_denominator" in [i.code for i in issues]) == (numerator > denominator)
    assert all(issue.field == "numerator" for issue in issues if issue.code == "numerator_above_denominator")


def test_a_denominator_of_zero_is_an_error():
    stored = StoredCell(value=Decimal(0), numerator=Decimal(0), denominator=Decimal(0))
    assert codes(CellContext(COVERAGE, cell=stored)) == ["denominator_not_positive"]


def test_a_required_value_missing_is_an_error_unless_marked_not_implemented():
    assert codes(CellContext(PEOPLE, required=True)) == ["required_missing"]
    assert codes(CellContext(PEOPLE, cell=cell(note="sẽ bổ sung"), required=True)) == ["required_missing"]
    assert codes(CellContext(PEOPLE, cell=cell(not_implemented=True), required=True)) == []
    assert codes(CellContext(PEOPLE, required=False)) == []
    # A yes/no indicator is reported by a judgement, not a number.
    assert codes(CellContext(SCHEME, cell=cell(achieved=True), required=True)) == []
    assert codes(CellContext(SCHEME, cell=cell(evidence="Quyết định 12"), required=True)) == ["required_missing"]
    # A rate given as numerator and denominator is reported.
    fraction = StoredCell(value=Decimal(90), numerator=Decimal(9), denominator=Decimal(10))
    assert codes(CellContext(COVERAGE, cell=fraction, required=True)) == []


def test_a_number_on_a_yes_no_indicator_is_an_error():
    [issue] = check_cell(CellContext(SCHEME, cell=cell("1")))
    assert issue.code == "number_on_yes_no" and "có/không" in issue.message


@pytest.mark.parametrize(("value", "code"), [("-3", "negative_count"), ("12.5", "fractional_count")])
def test_a_count_of_people_is_a_non_negative_integer(value, code):
    [issue] = check_cell(CellContext(PEOPLE, cell=cell(value)))
    assert issue.code == code and "người" in issue.message


@given(st.integers(min_value=0, max_value=10**12))
def test_a_whole_count_is_never_flagged(value):
    assert codes(CellContext(PEOPLE, cell=StoredCell(value=Decimal(value)))) == []


def test_only_units_that_count_people_households_or_places_are_counts():
    assert is_count(PEOPLE)
    assert is_count(IndicatorFacts("5", "Lượt người được trợ giúp", "number", "lượt người/năm"))
    assert not is_count(FERTILITY)  # "2,1 con" is a rate
    assert not is_count(IndicatorFacts("9", "Diện tích nhà ở bình quân", "number", "m²/người"))
    assert not is_count(IndicatorFacts("10", "Tỷ lệ hộ nghèo", "percent", "hộ"))
    assert codes(CellContext(FERTILITY, cell=cell("2.1"))) == []


def test_an_unparsed_draft_is_an_error_carrying_the_reading_error():
    context = CellContext(PEOPLE, cell=cell("12"), draft_error="“hai trăm” không phải là số hợp lệ.")
    [issue] = check_cell(context)
    assert issue.code == "unparsed_draft" and "hai trăm" in issue.message and issue.blocks_submission


# -- Soft checks -----------------------------------------------------------------------------------


def test_a_jump_of_more_than_half_against_the_previous_period_needs_a_note():
    [issue] = check_cell(CellContext(PEOPLE, cell=cell("1600"), previous_value=Decimal(1000)))
    assert (issue.code, issue.field, issue.severity) == ("jump_from_previous", "note", Severity.NEEDS_NOTE)
    assert "tăng 60%" in issue.message and "1.000 người" in issue.message
    assert issue.blocks_submission
    explained = CellContext(PEOPLE, cell=cell("1600", note="Thêm 3 xã nhập vào"), previous_value=Decimal(1000))
    [issue] = check_cell(explained)
    assert issue.explained and not issue.blocks_submission
    assert codes(CellContext(PEOPLE, cell=cell("1500"), previous_value=Decimal(1000))) == []
    assert codes(CellContext(PEOPLE, cell=cell("400"), previous_value=Decimal(1000))) == ["jump_from_previous"]
    assert codes(CellContext(PEOPLE, cell=cell("400"), previous_value=Decimal(0))) == []


@given(amounts, amounts)
def test_the_jump_rule_is_a_relative_change_beyond_the_threshold(previous, current):
    assume(previous != 0)
    flagged = "jump_from_previous" in codes(
        CellContext(FERTILITY, cell=StoredCell(value=current), previous_value=previous)
    )
    assert flagged == (abs(current - previous) > JUMP_THRESHOLD * abs(previous))


PEERS = tuple(Decimal(v) for v in ("92", "93", "94", "95", "93.5"))


def test_an_outlier_among_at_least_five_peers_needs_a_note():
    [issue] = check_cell(CellContext(COVERAGE, cell=cell("40"), peer_values=PEERS))
    assert issue.code == "outlier_among_peers" and "thấp bất thường" in issue.message and "5 đơn vị" in issue.message
    assert codes(CellContext(COVERAGE, cell=cell("93"), peer_values=PEERS)) == []
    assert codes(CellContext(COVERAGE, cell=cell("40"), peer_values=PEERS[:4])) == []
    same = (Decimal(90),) * 6
    assert codes(CellContext(COVERAGE, cell=cell("40"), peer_values=same)) == []  # no spread: nothing to measure


peer_lists = st.lists(
    st.decimals(min_value=-1000, max_value=1000, allow_nan=False, places=2), min_size=MIN_PEERS, max_size=12
)


@given(peer_lists, st.decimals(min_value=-1000, max_value=1000, allow_nan=False, places=2), positive, amounts)
def test_the_robust_z_score_ignores_the_scale_and_origin_of_the_figures(peers, value, scale, shift):
    z = robust_z(value, peers)
    moved = robust_z(value * scale + shift, [peer * scale + shift for peer in peers])
    assert (z is None) == (moved is None)
    if z is not None and moved is not None:
        assert abs(z - moved) < Decimal("1e-6") * max(Decimal(1), abs(z))


@given(peer_lists)
def test_a_value_at_the_median_of_its_peers_is_never_an_outlier(peers):
    ordered = sorted(peers)
    middle = ordered[len(ordered) // 2]
    z = robust_z(middle, peers)
    assert z is None or abs(z) <= OUTLIER_Z


def test_a_yearly_figure_that_misses_its_target_needs_a_note():
    context = CellContext(COVERAGE, cell=cell("85"), target=AT_LEAST_90, year=2026)
    [issue] = check_cell(context)
    assert issue.code == "target_missed" and "chưa đạt mục tiêu năm 2026" in issue.message
    assert "85%" in issue.message and "đạt 90%" in issue.message
    assert codes(replace(context, cell=cell("85", note="Dịch bệnh"))) == ["target_missed"]
    assert blocking(check_cell(replace(context, cell=cell("85", note="Dịch bệnh")))) == []
    assert codes(replace(context, cell=cell("91"))) == []
    assert codes(replace(context, disaggregation="Nông thôn")) == []  # targets judge the whole figure
    assert codes(replace(context, year=None)) == []  # not a yearly report
    assert codes(replace(context, cell=cell(not_implemented=True))) == []


def test_a_yes_no_indicator_judged_not_achieved_needs_a_note():
    target = TargetRule(comparator="yes_no", phrase="Có đề án", year=2026)
    context = CellContext(SCHEME, cell=cell(achieved=False), target=target, year=2026)
    assert codes(context) == ["target_missed"]
    assert codes(replace(context, cell=cell(achieved=True))) == []


def test_a_wrong_figure_is_fixed_before_it_is_explained():
    context = CellContext(COVERAGE, cell=cell("140"), previous_value=Decimal(50), target=AT_LEAST_90, year=2026)
    assert codes(context) == ["percent_out_of_range"]


@given(
    st.decimals(min_value=0, max_value=100, allow_nan=False, places=2),
    st.one_of(st.none(), st.decimals(min_value=1, max_value=100, allow_nan=False, places=2)),
    st.lists(st.decimals(min_value=0, max_value=100, allow_nan=False, places=2), max_size=8),
)
def test_a_note_clears_every_soft_issue_and_no_hard_one(value, previous, peers):
    context = CellContext(
        COVERAGE,
        cell=StoredCell(value=value),
        previous_value=previous,
        peer_values=peers,
        target=AT_LEAST_90,
        year=2026,
    )
    noted = replace(context, cell=StoredCell(value=value, note="Giải trình"))
    assert [issue.code for issue in check_cell(context)] == [issue.code for issue in check_cell(noted)]
    assert blocking(check_cell(noted)) == []
    assert all(issue.severity == Severity.NEEDS_NOTE for issue in check_cell(context))


def test_check_report_keeps_the_order_of_the_cells_and_blocking_keeps_what_stops_sending():
    issues = check_report(
        [
            CellContext(PEOPLE, required=True),
            CellContext(COVERAGE, cell=cell("85", note="Lý do"), target=AT_LEAST_90, year=2026),
            CellContext(SCHEME, cell=cell("2")),
        ]
    )
    assert [issue.code for issue in issues] == ["required_missing", "target_missed", "number_on_yes_no"]
    assert [issue.code for issue in blocking(issues)] == ["required_missing", "number_on_yes_no"]


def test_long_indicator_names_are_cut_at_a_word():
    long = IndicatorFacts("1", "Tỷ lệ người có công " * 10, "percent", "%")
    words = indicator_words(long)
    assert words.startswith("Chỉ tiêu 1 “Tỷ lệ người có công") and words.endswith("…”")
    assert len(words) < 110
