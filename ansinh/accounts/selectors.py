from django.db.models import QuerySet

from ansinh.accounts.models import Membership
from ansinh.programs.models import Program


def programs_visible_to(user) -> QuerySet[Program]:
    programs = Program.objects.select_related("owner_unit", "standing_agency")
    if getattr(user, "is_superuser", False):
        return programs
    if getattr(user, "is_authenticated", False) and Membership.objects.filter(user=user).exists():
        return programs
    return programs.filter(is_published=True)
