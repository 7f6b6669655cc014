"""Yearly and per-unit targets set by the secretariat, base values, and the committee's declarations entered on a
page (issue 14): history and audit, and bad input refused in Vietnamese with nothing saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ansinh.evaluation.models import DeclaredSummary, DeclaredVerdict
from ansinh.evaluation.selectors import evaluate_program
from ansinh.evaluation.services import DeclarationError, declare_summary
from ansinh.programs.models import Target
from ansinh.programs.selectors import target_history
from ansinh.programs.target_services import TargetError, TargetInput, set_base_value, set_target
from ansinh.rules.verdicts import choose_target

pytestmark = pytest.mark.django_db


def test_a_yearly_and_a_per_unit_target_are_set_and_their_history_kept(world, cast):
    yearly = set_target(TargetInput(world.coverage, 2025, "tối thiểu 85%"), actor=cast.thu)
    assert (yearly.comparator, yearly.value, yearly.scope, yearly.is_end_target) == ("ge", Decimal(85), None, False)
    commune = world.new_communes[0]
    own = set_target(TargetInput(world.coverage, 2026, "đạt 92%", scope=commune, source="Quyết định giao"))
    assert own.scope == commune and own.value == 92
    rules = [t.as_rule() for t in Target.objects.filter(indicator=world.coverage)]
    assert choose_target(rules, 2026, scope_id=commune.pk).value == 92
    assert choose_target(rules, 2026, scope_id=world.new_communes[1].pk).value == 90
    set_target(TargetInput(world.coverage, 2025, "tối thiểu 86%"), actor=cast.thu)
    history = list(target_history(world.program))
    assert len(history) == 3 and history[0].before["phrase"] == "tối thiểu 85%"
    assert history[0].after["phrase"] == "tối thiểu 86%" and history[0].actor == cast.thu


def test_bad_targets_are_refused_in_vietnamese_and_nothing_is_saved(world):
    before = Target.objects.count()
    with pytest.raises(TargetError, match="Năm 2031 nằm ngoài thời gian thực hiện"):
        set_target(TargetInput(world.coverage, 2031, "tối thiểu 95%"))
    old = world.old_communes[0]  # ended on 30/06/2025
    with pytest.raises(TargetError, match="không tồn tại trong năm 2026"):
        set_target(TargetInput(world.coverage, 2026, "tối thiểu 95%", scope=old))
    with pytest.raises(TargetError, match="Không đọc được mục tiêu"):
        set_target(TargetInput(world.coverage, 2026, "tăng cường công tác"))
    assert Target.objects.count() == before
    with pytest.raises(TargetError, match="Năm gốc 2030"):
        set_base_value(world.coverage, year=2030, text="80", source="x")
    with pytest.raises(TargetError, match="không đọc được"):
        set_base_value(world.coverage, year=2023, text="tám mươi", source="x")
    world.coverage.refresh_from_db()
    assert world.coverage.base_value is None


def test_the_secretariat_sets_targets_on_the_page_and_others_may_not(world, cast, client, sign_in):
    url = reverse("targets", args=[world.program.slug])
    sign_in(cast.thu)
    form = {"form": "target", "target-indicator": "1.1", "target-year": "2027", "target-phrase": "đạt 91%"}
    assert client.post(url, form).status_code == 302
    assert Target.objects.filter(indicator=world.coverage, year=2027, scope=None, value=91).exists()
    bad = client.post(url, {**form, "target-year": "2035"})
    assert bad.status_code == 400 and "nằm ngoài thời gian thực hiện" in bad.content.decode()
    assert not Target.objects.filter(year=2035).exists()
    base = {
        "form": "base",
        "base-indicator": "1.1",
        "base-year": "2023",
        "base-value": "80,5",
        "base-source": "Niên giám",
    }
    assert client.post(url, base).status_code == 302
    world.coverage.refresh_from_db()
    assert world.coverage.base_value == Decimal("80.5")
    page = client.get(url).content.decode()
    assert "đạt 91%" in page and 'id="history"' in page and "Niên giám" in page
    sign_in(cast.lan)
    assert client.post(url, {**form, "target-year": "2028"}).status_code == 403
    assert not Target.objects.filter(year=2028).exists()


def test_the_committees_declarations_are_entered_on_a_page(world, cast, client, sign_in):
    url = reverse("declarations", args=[world.program.slug])
    sign_in(cast.thu)
    summary = {
        "form": "summary",
        "summary-year": "2025",
        "summary-sentence": "2/3 chỉ tiêu đạt và vượt kế hoạch.",
        "summary-source": "Hội nghị Ban Chỉ đạo (ví dụ minh họa)",
    }
    assert client.post(url, summary).status_code == 302
    assert [s.sentence for s in evaluate_program(world.program, 2025).declared_summaries] == [
        "2/3 chỉ tiêu đạt và vượt kế hoạch."
    ]
    verdict = {
        "form": "verdict",
        "verdict-indicator": "2",
        "verdict-year": "2025",
        "verdict-status": "not_assessed",
        "verdict-reason": "Thay bằng chỉ tiêu quốc gia",
        "verdict-source": "Hội nghị (ví dụ minh họa)",
    }
    assert client.post(url, verdict).status_code == 302
    assert DeclaredVerdict.objects.get(indicator=world.scheme, year=2025).status == "not_assessed"
    outside = client.post(url, {**verdict, "verdict-year": "2019"})
    assert outside.status_code == 400 and "nằm ngoài thời gian thực hiện" in outside.content.decode()
    assert not DeclaredVerdict.objects.filter(year=2019).exists()
    with pytest.raises(DeclarationError, match="nằm ngoài"):
        declare_summary(world.program, 2040, sentence="x", source="y")
    assert DeclaredSummary.objects.count() == 1
    sign_in(cast.lan)
    assert client.post(url, summary).status_code == 403


def test_the_programme_hierarchy_is_shown_and_kept_by_the_secretariat(world, cast, client, sign_in):
    url = reverse("program_links", args=[world.program.slug])
    sign_in(cast.thu)
    above = {
        "relation": "above",
        "kind": "Nghị quyết",
        "code": "42-NQ/TW",
        "issued_on": "24/11/2023",
        "position": "0",
        "source": "Phần mở đầu của kế hoạch (ví dụ minh họa)",
    }
    assert client.post(url, above).status_code == 302
    late = client.post(url, {**above, "code": "99-NQ/TW", "issued_on": "01/01/2025"})
    assert late.status_code == 400 and "sau 01/KH-UBND" in late.content.decode()
    bad_date = client.post(url, {**above, "code": "98-NQ/TW", "issued_on": "2023-11-24"})
    assert bad_date.status_code == 400 and "ngày/tháng/năm" in bad_date.content.decode()
    assert list(world.program.links.values_list("code", flat=True)) == ["42-NQ/TW"]
    page = client.get(reverse("program_overview", args=[world.program.slug])).content.decode()
    chain = page[page.index('id="hierarchy"') :]
    assert chain.index("42-NQ/TW") < chain.index("01/KH-UBND")
    sign_in(cast.lan)
    assert client.post(url, {**above, "code": "97-NQ/TW"}).status_code == 403
