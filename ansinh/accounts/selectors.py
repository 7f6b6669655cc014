"""What a person's memberships cover, and their own tokens. The lists scoped to a person live with the
objects they list and are built on ``ansinh.accounts.rules`` and these: ``programs.selectors``
(programmes, audit events), ``reporting.selectors`` (reports)."""

from django.db.models import QuerySet

from ansinh.accounts.models import ApiToken
from ansinh.accounts.rules import memberships_of
from ansinh.org.selectors import descendant_ids


def covered_unit_ids(user, roles=None) -> set[int]:
    """Units the person's memberships (optionally of some roles) cover, subunits included where granted."""
    memberships = [m for m in memberships_of(user) if roles is None or m.role in roles]
    direct = {m.unit_id for m in memberships if not m.includes_subunits}
    return direct | descendant_ids({m.unit_id for m in memberships if m.includes_subunits})


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
