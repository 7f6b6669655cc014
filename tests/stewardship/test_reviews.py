"""Reviews in the shared world: a review freezes the programme's state; a figure it contains changed and
approved again leaves it as it was, and the comparison names exactly that change; two reviews compare; the page
and the API show both; bad requests are refused in Vietnamese and write nothing."""

from datetime import date

import pytest
from django.urls import reverse

from ansinh.accounts.tokens import create_token
from ansinh.audit.models import AuditEvent
from ansinh.reporting.services.lifecycle import approve_report, reopen_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import ValueInput, save_values
from ansinh.rules.reviews import Difference
from ansinh.stewardship.models import Review, ReviewKind
from ansinh.stewardship.selectors import review_comparison
from ansinh.stewardship.services.budget import BudgetInput, save_budget_line
from ansinh.stewardship.services.errors import StewardshipError
from ansinh.stewardship.services.reviews import take_review

TODAY = date(2026, 3, 1)


def _approved(world, text: str, report=None):
    if report is None:
        report = get_or_create_report(get_or_open_year_period(world.program, 2025), world.province)
    save_values(report, [ValueInput(world.supported, text=text, source="thử nghiệm")])
    return approve_report(submit_report(report))


def _review(world, cast, **overrides):
    data = {"kind": ReviewKind.MID_TERM, "year": 2025, "as_of": date(2025, 12, 31), "actor": cast.thu, "today": TODAY}
    data.update(overrides)
    return take_review(world.program, **data)


def test_a_review_stays_as_it_was_and_the_comparison_names_exactly_the_corrected_figure(world, cast):
    report = _approved(world, "1.200")
    save_budget_line(
        world.program, BudgetInput(unit=world.lead, year=2025, source="city", allocated=10**9), actor=cast.thu
    )
    review = _review(world, cast)
    frozen = Review.objects.get(pk=review.pk).state
    assert frozen["indicators"]["1.2"]["figure_2025"] == "1.200 người"
    assert frozen["budget"]["T-LDXH — 2025 — Ngân sách thành phố"]["allocated"] == "1.000.000.000 đồng"
    assert review_comparison(review, today=TODAY).differences == []

    report = reopen_report(report, reason="Sửa số liệu sau kiểm tra")
    _approved(world, "1.350", report)

    assert Review.objects.get(pk=review.pk).state == frozen
    assert review_comparison(review, today=TODAY).differences == [
        Difference("indicators", "1.2", "figure_2025", "1.200 người", "1.350 người")
    ]
    later = _review(world, cast, kind=ReviewKind.FINAL, as_of=date(2026, 1, 31))
    [difference] = review_comparison(later, review).differences
    assert difference.sentence == "Chỉ tiêu 1.2, số liệu năm 2025: 1.200 người → 1.350 người"
    assert AuditEvent.objects.filter(action="review.take").count() == 2


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"year": 2031}, "ngoài thời gian"),
        ({"as_of": date(2026, 3, 2)}, "không thể sau hôm nay"),
        ({"as_of": date(2024, 12, 31)}, "trước khi"),
        ({"kind": "so_ket"}, "sơ kết hoặc tổng kết"),
    ],
)
def test_bad_reviews_are_refused_in_vietnamese(world, cast, overrides, words):
    with pytest.raises(StewardshipError) as refused:
        _review(world, cast, **overrides)
    assert words in refused.value.message
    assert not Review.objects.exists() and not AuditEvent.objects.filter(action="review.take").exists()


def test_the_pages_take_show_and_compare_a_review(world, cast, client, pass_two_factor):
    _approved(world, "1.200")
    client.force_login(cast.thu)
    pass_two_factor(client, cast.thu)
    url = reverse("review_list", args=[world.program.slug])
    response = client.post(url, {"kind": "mid_term", "year": "2025", "as_of": "31/12/2025"})
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("review_detail", args=[review.pk])
    assert review.title == "Sơ kết Kế hoạch 01/KH-UBND (số liệu đến năm 2025)"
    page = client.get(response["Location"]).content.decode()
    assert "0 khác biệt" in page and "1.200 người" in page
    assert client.get(url).status_code == 200
    client.force_login(cast.lan)
    assert client.get(response["Location"]).status_code == 403
    assert client.post(url, {"kind": "mid_term", "year": "2025", "as_of": "31/12/2025"}).status_code == 403


def test_the_api_lists_reviews_and_their_differences(world, cast, client):
    _approved(world, "1.200")
    review = _review(world, cast, today=None)
    key = create_token(cast.nga, name="đọc")[1]
    listed = client.get(f"/api/v1/programs/{world.program.slug}/reviews", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert listed.status_code == 200
    assert [(r["id"], r["kind"], r["year"]) for r in listed.json()] == [(review.pk, "mid_term", 2025)]
    detail = client.get(f"/api/v1/reviews/{review.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert detail["state"]["indicators"]["1.2"]["figure_2025"] == "1.200 người"
    assert detail["differences"] == []
