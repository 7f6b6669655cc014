"""Every figure is shown rounded by its indicator's precision (rules/precision.py): pages, exports, the API's
display strings and the verdict sentences. A ratio of 5/49 households is 10,204082% stored, 10,2% shown."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.core.numbers import format_quantity
from ansinh.reporting.models import PeriodKind, Report
from ansinh.reporting.services.assignments import create_default_assignments
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey
from ansinh.rules.precision import DEFAULT_PLACES, display_places
from ansinh.rules.verdicts import Observation, TargetRule, judge

# A decimal part longer than any indicator's precision in the test world (two places): "10,204082%".
LONG_DECIMALS = re.compile(r"\d,\d{3,}\s?(%|‰|người|$)")


def test_counts_show_whole_numbers_rates_two_decimals_and_a_declared_precision_wins():
    assert display_places("number", "người") == 0
    assert display_places("number", "lượt người/năm") == 0
    assert display_places("percent", "%") == DEFAULT_PLACES == 2
    assert display_places("per_n", "giường bệnh/10.000 dân") == 2
    assert display_places("percent", "%", declared=3) == 3


@given(value=st.decimals(min_value=-(10**9), max_value=10**9, places=6), places=st.integers(0, 6))
def test_a_shown_figure_never_has_more_decimals_than_its_precision(value, places):
    text = format_quantity(value, "%", places)
    decimals = text.removesuffix("%").partition(",")[2]
    assert len(decimals) <= places
    assert (
        abs(Decimal(text.removesuffix("%").replace(".", "").replace(",", ".")) - value)
        <= Decimal(1).scaleb(-places) / 2
    )


def test_the_verdict_sentence_rounds_the_figure():
    target = TargetRule(comparator="ge", value=Decimal(90), unit="%", phrase="đạt 90%", places=2)
    verdict = judge(target, "up", Observation(Decimal("10.204082")), tolerance=Decimal("0.02"), year=2026)
    assert "Thực hiện 10,2% so với mục tiêu “đạt 90%”" in verdict.explanation


@pytest.fixture
def ratio_approved(world, cast):
    world.program.is_published = True
    world.program.save(update_fields=["is_published"])
    create_default_assignments(world.program)
    period = open_period(world.program, PeriodKey(2026, PeriodKind.YEAR))
    report = Report.objects.get(period=period, unit=world.lead)
    save_values(
        report,
        [
            ValueInput(world.coverage, numerator_text="5", denominator_text="49", note="Số liệu thử"),
            ValueInput(world.supported, text="1.200"),
        ],
    )
    approve_report(submit_report(report, actor=cast.lan), actor=cast.ha)
    return report


@pytest.mark.django_db
def test_pages_and_the_api_show_the_ratio_rounded(world, ratio_approved, client):
    slug = world.program.slug
    assert ratio_approved.values.get(indicator=world.coverage).value == Decimal("10.204082")
    for url in (
        f"/chuong-trinh/{slug}/?year=2026",
        f"/chuong-trinh/{slug}/chi-tieu/1.1/",
        f"/chuong-trinh/{slug}/ket-qua/?year=2026",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "10,2%" in page, url
        assert not LONG_DECIMALS.search(page), (url, LONG_DECIMALS.search(page))
    api = client.get(f"/api/v1/programs/{slug}/evaluation", {"year": 2026}).json()
    (row,) = [item for item in api["indicators"] if item["code"] == "1.1"]
    assert row["actual_text"] == "10,2%" and "10,2%" in row["explanation"]


def test_a_figure_against_a_qualitative_target_is_not_called_missing():
    target = TargetRule(comparator="qualitative", unit="%", phrase="cơ bản không còn hộ nghèo", places=3)
    with_figure = judge(target, "down", Observation(Decimal("0.095")), year=2024)
    assert with_figure.label == "Chưa đánh giá" and "Đã có số liệu năm 2024" in with_figure.explanation
    assert judge(target, "down", None, year=2024).label == "Chưa có số liệu"
