"""Pages that list units at national scale show one page at a time, filter, and say which units count."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ansinh.audit.models import AuditEvent
from ansinh.evaluation import selectors
from ansinh.evaluation.selectors import evaluate_program
from ansinh.programs.models import Target
from ansinh.reporting.models import AssignmentRole
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period, open_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.periods import PeriodKey
from ansinh.rules.verdicts import Status
from ansinh.web import report_views

pytestmark = pytest.mark.django_db


def approve_year(world, unit, people: int, approver) -> None:
    report = get_or_create_report(get_or_open_year_period(world.program, 2026), unit)
    save_values(report, [ValueInput(world.supported, text=str(people))])
    approve_report(submit_report(report), actor=approver)


def rows(response) -> list[tuple[str, bool]]:
    return [(row.data_value.report.unit.name, row.counts) for row in response.context["unit_figures"]]


def test_the_indicator_page_pages_filters_and_marks_the_units_that_count(world, cast, approver, sign_in, monkeypatch):
    monkeypatch.setattr(selectors, "UNITS_PER_PAGE", 2)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    for people, commune in zip((10, 20, 30), world.new_communes, strict=False):
        approve_year(world, commune, people, approver)
    client = sign_in(cast.nga)
    url = reverse("indicator_detail", args=[world.program.slug, world.supported.code])

    first = client.get(url)
    assert first.status_code == 200
    assert rows(first) == [("Xã Mới 1", True), ("Xã Mới 2", True)]
    assert "Trang 1/2" in first.content.decode()
    assert rows(client.get(url, {"trang": 2})) == [("Xã Mới 3", True)]
    assert rows(client.get(url, {"q": "mới 2"})) == [("Xã Mới 2", True)]

    # The province reports its own figure: it covers its communes, which no longer count in the roll-up.
    approve_year(world, world.province, 100, approver)
    assert rows(client.get(url, {"kind": "commune"})) == [("Xã Mới 1", False), ("Xã Mới 2", False)]
    assert rows(client.get(url, {"kind": "province"})) == [("Tỉnh Thử Nghiệm", True)]
    bad = client.get(url, {"trang": "abc"})
    assert bad.status_code == 200 and len(rows(bad)) == 2


def test_the_indicator_page_marks_communes_their_district_covers_as_not_counting(world, cast, approver, sign_in):
    # Whether a listed unit counts is read from the units above it alone (not from every unit of the indicator).
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    add_assignment(world.supported, role=AssignmentRole.DISTRICTS)

    def approve_2024(unit, people: int) -> None:
        report = get_or_create_report(get_or_open_year_period(world.program, 2024), unit)
        save_values(report, [ValueInput(world.supported, text=str(people))])
        approve_report(submit_report(report), actor=approver)

    for people, commune in zip((10, 20), world.old_communes, strict=False):
        approve_2024(commune, people)
    client = sign_in(cast.nga)
    url = reverse("indicator_detail", args=[world.program.slug, world.supported.code])
    assert rows(client.get(url)) == [("Xã Cũ 1", True), ("Xã Cũ 2", True)]

    approve_2024(world.district, 25)
    assert rows(client.get(url)) == [("Huyện Cũ", True), ("Xã Cũ 1", False), ("Xã Cũ 2", False)]
    assert rows(client.get(url, {"kind": "commune"})) == [("Xã Cũ 1", False), ("Xã Cũ 2", False)]


def test_the_completeness_page_pages_and_filters_by_kind_of_unit(world, cast, sign_in, monkeypatch):
    monkeypatch.setattr(report_views, "UNITS_PER_PAGE", 4)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    period = open_period(world.program, PeriodKey(2025, "month", 8))
    client = sign_in(cast.nga)
    url = reverse("period_detail", args=[period.pk])

    first = client.get(url)
    everyone = len(first.context["rows"])
    assert everyone > 4 and len(first.context["rows_page"]) == 4
    assert "Trang 1/" in first.content.decode()
    rest = client.get(url, {"trang": 2})
    assert len(rest.context["rows_page"]) == min(4, everyone - 4)
    communes = client.get(url, {"kind": "commune"}).context["rows_page"]
    assert [row.unit.name for row in communes] == ["Xã Mới 1", "Xã Mới 2", "Xã Mới 3", "Xã Mới 4"]
    second = client.get(url, {"kind": "commune", "trang": 2})
    assert [row.unit.name for row in second.context["rows_page"]] == ["Xã Mới 5", "Xã Mới 6"]
    assert "kind=commune&amp;trang=1" in second.content.decode()


def test_the_secretariat_sets_the_coverage_a_roll_up_needs_and_a_city_verdict_follows(world, cast, approver, sign_in):
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    Target.objects.create(indicator=world.supported, year=2026, comparator="ge", value=Decimal(10), phrase="10 người")
    approve_year(world, world.new_communes[0], 50, approver)
    thin = row(evaluate_program(world.program, 2026), world.supported)
    assert thin.status == Status.NO_DATA and thin.verdict.explanation.startswith("Mới có 1/6 đơn vị báo cáo")

    url = reverse("evaluation_settings", args=[world.program.slug])
    client = sign_in(cast.thu)
    refused = client.post(url, {"min_coverage": "120"})
    assert refused.status_code == 400 and "từ 0 đến 100" in refused.content.decode()
    assert client.post(url, {"min_coverage": "16,5"}).status_code == 302
    world.program.refresh_from_db()
    assert world.program.min_coverage == Decimal("16.5")
    assert AuditEvent.objects.filter(action="program.min_coverage").count() == 1
    assert "16,5" in client.get(url).content.decode()
    judged = row(evaluate_program(world.program, 2026), world.supported)
    assert judged.status == Status.EXCEEDED and judged.actual == Decimal(50)


def row(evaluation, indicator):
    return next(item for item in evaluation.rows if item.indicator.pk == indicator.pk)
