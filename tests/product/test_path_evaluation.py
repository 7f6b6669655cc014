"""The 2024 evaluation of 181/KH-UBND (targets for 2030 only) judges against the path to 2030, and the soft check
at submission says the same."""

from decimal import Decimal

import pytest

from ansinh.evaluation.selectors import evaluate_program
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.selectors import report_issues
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.verdicts import Status
from tests.product.test_evaluation_engine import approved, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@pytest.fixture
def plan():
    return Program.objects.get(slug="181-kh-ubnd")


def test_2024_is_judged_against_the_path_to_2030_not_against_2030(plan):
    trained = plan.indicators.get(code="3.1")  # "đạt trên 80%" by 2030
    trained.base_year, trained.base_value, trained.base_source = 2023, Decimal(70), "thử nghiệm"
    trained.save()
    approved(plan, "P-01", 2024, **{"3_1": "72", "2_1": "1,02"})
    evaluation = evaluate_program(plan, 2024)
    on = row(evaluation, "3.1")
    assert on.status == Status.ON_PATH, on.verdict.explanation
    assert "lộ trình" in on.verdict.explanation and "71,43%" in on.verdict.explanation
    # Unemployment of 1,02% is already under the 2030 target of 3%.
    assert row(evaluation, "2.1").status == Status.ON_PATH
    assert not [r for r in evaluation.rows if r.status == Status.NOT_ACHIEVED]
    assert "đúng lộ trình" in evaluation.summary.sentence
    # 2025 without a recorded base starts from the 2024 figure (another indicator, no base of its own).
    approved(plan, "P-01", 2025, **{"3_1": "71"})
    assert row(evaluate_program(plan, 2025), "3.1").status == Status.BEHIND_PATH


def test_the_soft_check_asks_for_a_note_only_when_behind_the_path(plan):
    trained = plan.indicators.get(code="3.1")
    trained.base_year, trained.base_value = 2023, Decimal(70)
    trained.save()
    report = get_or_create_report(get_or_open_year_period(plan, 2024), OrgUnit.objects.get(code="P-01"))
    save_values(report, [ValueInput(trained, text="75", source="thử nghiệm")])
    assert not [i for i in report_issues(report) if i.code in ("target_missed", "behind_path")]
    save_values(report, [ValueInput(trained, text="70,5", source="thử nghiệm")])
    [issue] = [i for i in report_issues(report) if i.code in ("target_missed", "behind_path")]
    assert issue.code == "behind_path" and "chậm so với lộ trình" in issue.message


def test_the_demo_draws_the_health_insurance_path_from_the_published_2023_figure(plan):
    coverage = plan.indicators.get(code="7.8")
    assert (coverage.base_year, coverage.base_value) == (2023, Decimal(94)) and "Baomoi" in coverage.base_source
    approved(plan, "P-01", 2024, **{"7_8": "94,33"})  # published for 6/2024
    verdict = row(evaluate_program(plan, 2024), "7.8").verdict
    assert verdict.status == Status.BEHIND_PATH and "94,57%" in verdict.explanation
