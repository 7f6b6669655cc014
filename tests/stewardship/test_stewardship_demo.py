"""The demo's stewardship: the published "hơn 20.990 tỷ đồng" of city budget for 08-CTr/TU in 2021–2023 (seed
004) as one programme-level figure with its source, nothing below it, answered by the API; loading twice adds
nothing."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.demo.stewardship import load_stewardship
from ansinh.org.models import OrgUnit
from ansinh.stewardship.models import BudgetLine

pytestmark = pytest.mark.django_db


def test_the_published_budget_is_one_programme_level_figure_with_its_source(demo):
    lines = BudgetLine.objects.filter(program__slug="08-ctr-tu")
    assert lines.count() == 1
    line = lines.get()
    assert line.unit is None and (line.year, line.to_year, line.source) == (2021, 2023, "city")
    assert line.allocated == Decimal(20_990) * 10**9 and line.phrase == "hơn 20.990 tỷ đồng"
    assert "seed 004" in line.citation and not line.is_illustrative
    load_stewardship(lambda _message: None)
    assert BudgetLine.objects.filter(program__slug="08-ctr-tu").count() == 1


def test_the_api_answers_the_budget_of_the_demo(demo, client):
    leader = get_user_model().objects.create_user("lanh-dao-thanh-pho")
    Membership.objects.create(
        user=leader, unit=OrgUnit.objects.get(code="P-01"), role=Role.VIEWER, includes_subunits=True
    )
    key = create_token(leader, name="kiểm tra")[1]
    response = client.get("/api/v1/programs/08-ctr-tu/budget", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    body = response.json()
    [published] = body["programme_level"]
    assert published["phrase"] == "hơn 20.990 tỷ đồng" and published["amounts"]["allocated"] == 20_990 * 10**9
    assert published["amounts"]["allocated_text"] == "20.990 tỷ đồng" and "Hà Nội Mới" in published["citation"]
    assert body["lines"] == [] and body["by_unit"] == [] and body["total"] is None
