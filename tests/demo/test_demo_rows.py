"""The copy of the demo's rows that the suite puts back instead of loading the demo again (tests/demo_rows.py):
what it puts back is what the loader wrote, value for value, whatever the tables held before."""

import pytest
from demo_rows import copy_rows, put_back
from django.db import connection

from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Target


@pytest.mark.django_db
def test_the_rows_put_back_are_the_rows_the_loader_wrote(demo_rows):
    assert {"org_orgunit", "programs_target", "reporting_report", "audit_auditevent"} <= set(demo_rows.tables)

    put_back(demo_rows)
    assert copy_rows() == demo_rows
    assert Target.objects.filter(indicator__program__slug="181-kh-ubnd").count() > 40


@pytest.mark.django_db
def test_putting_back_replaces_what_the_tables_held(demo_rows):
    put_back(demo_rows)
    OrgUnit.objects.create(code="X-TEST", name="Đơn vị thêm", kind=OrgUnitKind.DEPARTMENT)
    Target.objects.filter(pk=Target.objects.order_by("pk").values("pk")[:1]).delete()
    assert copy_rows() != demo_rows

    put_back(demo_rows)
    assert copy_rows() == demo_rows
    assert not OrgUnit.objects.filter(code="X-TEST").exists()


@pytest.mark.django_db
def test_ids_made_after_putting_back_follow_the_copied_ones(demo_rows):
    put_back(demo_rows)
    highest = OrgUnit.objects.order_by("-pk").values_list("pk", flat=True)[0]
    made = OrgUnit.objects.create(code="X-NEXT", name="Đơn vị mới", kind=OrgUnitKind.DEPARTMENT)
    assert made.pk > highest, connection.vendor
