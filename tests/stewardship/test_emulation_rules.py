"""The pure rules of emulation: weights that sum to 100%, a score out of 100 reproducible from its parts, and the
ranking among comparable units."""

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from ansinh.rules.emulation import Criterion, Part, rank, round_score, score, weight_problems

counts = st.integers(min_value=0, max_value=50).map(Decimal)
parts = st.builds(lambda done, due: Part(min(done, due), due), counts, counts)
weights = st.dictionaries(
    st.sampled_from(list(Criterion)), st.integers(min_value=1, max_value=100).map(Decimal), min_size=1
)


def test_weights_must_sum_to_100_percent():
    assert weight_problems({"indicators_achieved": Decimal(60), "tasks_on_time": Decimal(40)}) == []
    [problem] = weight_problems({"indicators_achieved": Decimal(60), "tasks_on_time": Decimal("35.5")})
    assert problem == "Tổng trọng số các tiêu chí phải bằng 100% (đang là 95,5%)."
    assert any("từ 0 đến 100%" in p for p in weight_problems({"tasks_on_time": Decimal(120), "budget_disbursed": -20}))
    assert any("không có trong danh mục" in p for p in weight_problems({"khac": Decimal(100)}))


def test_a_score_reproduced_by_hand():
    result = score(
        {
            Criterion.INDICATORS: Part(Decimal(3), Decimal(4)),
            Criterion.TASKS: Part(Decimal(2), Decimal(2)),
            Criterion.BUDGET: Part(Decimal(0), Decimal(0)),
        },
        {Criterion.INDICATORS: Decimal(20), Criterion.TASKS: Decimal(30), Criterion.BUDGET: Decimal(50)},
    )
    assert result.value == Decimal(90)  # (20 × 3/4 + 30 × 2/2) / 50 × 100: budget does not apply
    assert result.explanation == "(20 × 3/4 + 30 × 2/2) / 50 × 100 = 90"


@given(weights, st.data())
def test_a_score_is_out_of_100_and_is_its_parts(chosen, data):
    given_parts = {criterion: data.draw(parts) for criterion in chosen}
    result = score(given_parts, chosen)
    applied = [p for p in result.parts if p.part.applies]
    if not applied:
        assert result.value is None
        return
    assert result.value is not None and 0 <= result.value <= 100
    by_hand = sum(p.weight * p.part.done / p.part.due for p in applied) / sum(p.weight for p in applied) * 100
    assert abs(result.value - by_hand) < Decimal("1e-20")  # the same sum, up to 28-digit division


@given(weights, st.data())
def test_more_done_never_lowers_a_score(chosen, data):
    given_parts = {criterion: data.draw(parts) for criterion in chosen}
    criterion = data.draw(st.sampled_from(sorted(chosen)))
    part = given_parts[criterion]
    assume(part.done < part.due)
    better = {**given_parts, criterion: Part(part.done + 1, part.due)}
    assert score(better, chosen).value > score(given_parts, chosen).value


@given(st.lists(st.one_of(st.none(), st.integers(0, 10000).map(lambda n: Decimal(n) / 100)), max_size=8))
def test_ranking_is_by_score_with_ties_sharing_a_place(values):
    places = rank(enumerate(values))
    for i, a in enumerate(values):
        if a is None:
            assert places[i] is None
            continue
        higher = sum(1 for b in values if b is not None and round_score(b) > round_score(a))
        assert places[i] == higher + 1
