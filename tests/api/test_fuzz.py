"""schemathesis generates requests from our OpenAPI schema and sends them to the application
in-process (WSGI), on the demo data, as an anonymous caller and as a secretariat with a write key:
no response may be a server error, and every response must match the schema (status code
documented, body valid). Bounded so that it runs in CI: a fixed number of examples per operation,
derandomised so a failure reproduces.

schemathesis' own pytest plugin does not run under pytest 9, so the operations are walked here and
each one's Hypothesis strategy is driven directly."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.org.models import OrgUnit
from ansinh.wsgi import application

EXAMPLES_PER_OPERATION = 15


def secretariat_key(django_user_model) -> str:
    user = django_user_model.objects.create_user("fuzz-secretariat")
    Membership.objects.create(user=user, unit=OrgUnit.objects.get(code="HN-SLDTBXH"), role=Role.SECRETARIAT)
    return create_token(user, name="fuzz", can_write=True)[1]


# A schema cannot list a programme's indicator or task codes, nor say "disbursed above allocated needs a note" or
# "one line a source and task": a well-formed body breaking them is refused with 400, which is right.
RULES_BEYOND_THE_SCHEMA = ("PUT /api/v1/reports/{report_id}/values", "PUT /api/v1/reports/{report_id}/budget")


def carries_nul(case) -> bool:
    """Whether a NUL character is anywhere in the request (a field's name or value, a header, the path)."""
    return "\\x00" in repr([case.path_parameters, case.headers, case.cookies, case.query, case.body])


def checks_not_asked(case) -> list:
    """ "Schema-valid means accepted" is not asked of the writes whose rules go beyond the schema, nor of a request
    carrying a NUL character, which every entrance refuses with 400 (ansinh.core.middleware) though a schema cannot
    say so. Every other check (no 5xx, a documented status, a valid body) still is."""
    beyond = case.operation.label in RULES_BEYOND_THE_SCHEMA or carries_nul(case)
    return [positive_data_acceptance] if beyond else []


@pytest.fixture
def connection_kept_open():
    """Requests go through the WSGI handler itself, which closes the database connection after each one;
    inside a test's transaction that would end it (Django's test client disconnects the same signals)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("caller", ["anonymous", "secretariat"])
def test_api_conforms_to_its_schema(demo, db, django_user_model, connection_kept_open, caller) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    headers = {"Authorization": f"Bearer {secretariat_key(django_user_model)}"} if caller == "secretariat" else {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10, "every endpoint of the API is in the schema"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=checks_not_asked(case))

        conforms()
