import pytest


@pytest.fixture
def secretary(db, demo, django_user_model):
    """Thu runs the programmes for the standing agency (Sở LĐTB&XH) of the Hà Nội demo."""
    from ansinh.accounts.models import Membership, Role
    from ansinh.org.models import OrgUnit

    thu = django_user_model.objects.create_user("thu-demo", email="thu@ansinh.test")
    Membership.objects.create(user=thu, unit=OrgUnit.objects.get(code="HN-SLDTBXH"), role=Role.SECRETARIAT)
    return thu


@pytest.fixture
def leader(db, demo, django_user_model):
    """Nga leads and reads: the city and every unit under it."""
    from ansinh.accounts.models import Membership, Role
    from ansinh.org.models import OrgUnit

    nga = django_user_model.objects.create_user("nga-demo", email="nga@ansinh.test")
    Membership.objects.create(user=nga, unit=OrgUnit.objects.get(code="P-01"), role=Role.VIEWER, includes_subunits=True)
    return nga
