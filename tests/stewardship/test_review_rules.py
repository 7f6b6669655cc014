"""The pure rules of a review: two states compare field by field, every difference named, nothing else; the
committee's declared verdicts against the computed ones."""

from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.reviews import apply, compare, disagreements, field_label

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(["Đạt", "Vượt", "12,5%", ""]))
rows = st.dictionaries(st.sampled_from(["figure_2023", "verdict_2023", "status", "title", "allocated"]), scalars)
sections = st.dictionaries(st.sampled_from(["1", "2", "3.1", "III.2"]), rows, max_size=4)
states = st.dictionaries(st.sampled_from(["indicators", "tasks", "budget", "other"]), sections, max_size=4)


def _without_nones(state):
    return {
        section: {key: {name: value for name, value in row.items() if value is not None} for key, row in rows.items()}
        for section, rows in state.items()
        if rows
    }


@given(states)
def test_a_state_has_no_difference_with_itself(state):
    assert compare(state, state) == []


@given(states, states)
def test_the_differences_lead_from_one_state_to_the_other_and_nothing_else(before, after):
    differences = compare(before, after)
    assert _without_nones(apply(before, differences)) == _without_nones(after)
    assert (differences == []) == (_without_nones(before) == _without_nones(after))
    # one difference a changed field or a row only on one side: never two for the same place
    places = [(d.section, d.key, d.field) for d in differences]
    assert len(places) == len(set(places))


def test_a_changed_figure_is_one_named_difference():
    before = {"indicators": {"5": {"name": "Tỷ lệ hộ nghèo", "figure_2023": "0,5%", "verdict_2023": "Đạt"}}}
    after = {"indicators": {"5": {"name": "Tỷ lệ hộ nghèo", "figure_2023": "0,7%", "verdict_2023": "Đạt"}}}
    [difference] = compare(before, after)
    assert difference.sentence == "Chỉ tiêu 5, số liệu năm 2023: 0,5% → 0,7%"
    assert field_label("declared_2022") == "kết quả Ban Chỉ đạo công bố năm 2022"


def test_declared_and_computed_verdicts_that_differ():
    state = {
        "indicators": {
            "12": {"verdict_2022": "Chưa đạt", "declared_2022": "Đạt", "declared_source_2022": "seed 001"},
            "13": {"verdict_2022": "Đạt", "declared_2022": "Đạt"},
            "14": {"verdict_2022": None, "declared_2022": "Chưa đạt"},
            "15": {"verdict_2022": "Chưa có số liệu", "declared_2022": "Đạt"},
        }
    }
    [found] = disagreements(state)
    assert (found.key, found.year, found.computed, found.declared, found.source) == (
        "12",
        "2022",
        "Chưa đạt",
        "Đạt",
        "seed 001",
    )
    assert found.sentence == "Chỉ tiêu 12, năm 2022: tính từ số liệu “Chưa đạt”, Ban Chỉ đạo công bố “Đạt”"
