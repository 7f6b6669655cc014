import pytest


@pytest.fixture
def city_reporter(db, demo, django_user_model):
    """Alice enters Hà Nội's own figures."""
    from ansinh.accounts.models import Membership, Role
    from ansinh.org.models import OrgUnit

    alice = django_user_model.objects.create_user("alice", password="mat-khau-alice-2024")
    Membership.objects.create(user=alice, unit=OrgUnit.objects.get(code="P-01"), role=Role.REPORTER)
    return alice


@pytest.fixture
def commune_reporter(db, demo, django_user_model):
    """Bob reports for one commune only (Phường Ba Đình, from 1/7/2025)."""
    from ansinh.accounts.models import Membership, Role
    from ansinh.org.models import OrgUnit

    bob = django_user_model.objects.create_user("bob", password="mat-khau-bob-2024")
    Membership.objects.create(user=bob, unit=OrgUnit.objects.get(code="W25-00004"), role=Role.REPORTER)
    return bob
