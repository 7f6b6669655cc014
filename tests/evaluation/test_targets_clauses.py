"""Target phrases → structured targets (ansinh.rules.targets): how a clause of a sentence is told apart from
the clauses around it (its way, its kind, its figure), on phrases of our own in the forms of the regression set's
documents once held out (docs/plan-import.md)."""

from decimal import Decimal as D

from ansinh.rules.targets import DOWN, GE, LE, parse_targets


def test_a_share_opening_its_clause_takes_its_way_from_its_own_words():
    targets = parse_targets(
        "Đến năm 2025, giảm tỷ suất tử vong trẻ sơ sinh xuống 9‰, 100% các xã đưa mục tiêu giảm tử vong trẻ em vào "
        "kế hoạch của địa phương, 80% xã có bố trí kinh phí thực hiện chương trình"
    )
    assert [(t.comparator, t.value, t.direction) for t in targets] == [
        (LE, D(9), DOWN),
        (GE, D(100), DOWN),
        (GE, D(80), None),
    ]
    # a figure that carries the clause before it to its deadline keeps that clause's way
    targets = parse_targets("Giảm tỷ suất tử vong trẻ sơ sinh xuống 10‰ vào năm 2025 và 8‰ vào năm 2030")
    assert [(t.comparator, t.value, t.year) for t in targets] == [(LE, D(10), 2025), (LE, D(8), 2030)]
