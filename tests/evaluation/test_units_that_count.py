"""The units that count in an area's total: one rule for the maintained totals and the verdicts."""

from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.rollup import areas_counting, counted_units, has_own_figure

# country ← city ← district ← commune; city ← new commune
PARENTS = {"VN": None, "HN": "VN", "D1": "HN", "W1": "D1", "W2": "D1", "W3": "HN"}


def test_a_city_and_one_of_its_communes_count_the_city_once_in_the_country():
    reporters = {"HN", "W3"}
    assert counted_units("VN", PARENTS, reporters) == {"HN"}
    # The city's own total is its communes' figures; its own figure stands beside it.
    assert counted_units("HN", PARENTS, reporters) == {"W3"}


def test_a_communes_figure_stops_at_the_nearest_area_that_reports_itself():
    assert areas_counting("W1", PARENTS, {"W1"}) == ["D1", "HN", "VN"]
    assert areas_counting("W1", PARENTS, {"W1", "HN"}) == ["D1", "HN"]
    assert areas_counting("W1", PARENTS, {"W1", "D1", "HN"}) == ["D1"]


def test_a_qualitative_answer_covers_nothing():
    assert not has_own_figure(None, None, None)
    assert not has_own_figure(None, 3, None)
    assert has_own_figure(None, 3, 4) and has_own_figure(0, None, None)


@given(st.sets(st.sampled_from(sorted(PARENTS))))
def test_each_reporter_counts_once_in_every_area_above_it(reporters):
    # Whatever reports, every unit under an area is covered by exactly one counted unit, or by none.
    for area in PARENTS:
        counted = counted_units(area, PARENTS, reporters)
        for leaf in PARENTS:
            chain, above = [], leaf
            while above is not None and above != area:
                chain.append(above)
                above = PARENTS[above]
            if above != area or leaf == area:
                continue
            assert len(set(chain) & counted) == (1 if set(chain) & set(reporters) else 0)
        for unit in counted:
            assert area in areas_counting(unit, PARENTS, reporters)
