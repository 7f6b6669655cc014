"""Who reports which indicator: the lead unit, coordinating units, or every commune (every province) of
the programme's area."""

from collections.abc import Callable

from django.db import IntegrityError, transaction

from ansinh.audit.services import record
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Indicator, Program
from ansinh.reporting.models import (
    AREA_ROLES,
    Assignment,
    AssignmentRole,
)
from ansinh.reporting.services.errors import ReportingError


def _is_within(unit: OrgUnit, area: OrgUnit) -> bool:
    current: OrgUnit | None = unit
    while current is not None:
        if current.pk == area.pk:
            return True
        current = current.parent
    return False


# An area role's level and the units it covers, as a message names them.
AREA_ROLE_WORDS: dict[str, tuple[str, str]] = {
    AssignmentRole.COMMUNES: ("cấp xã", "xã, phường"),
    AssignmentRole.PROVINCES: ("cấp tỉnh", "tỉnh, thành phố"),
    AssignmentRole.DISTRICTS: ("cấp huyện", "quận, huyện, thị xã"),
}


def _validate_assignment(
    indicator: Indicator, role: str, unit: OrgUnit | None, *, replacing: Assignment | None
) -> None:
    if role not in AssignmentRole.values:
        raise ReportingError(f"Vai trò “{role}” không hợp lệ.", code="invalid_assignment")
    if indicator.is_group:
        raise ReportingError(
            f"Chỉ tiêu {indicator.code} là nhóm chỉ tiêu, không giao báo cáo được; hãy giao từng chỉ tiêu con.",
            code="invalid_assignment",
        )
    others = Assignment.objects.filter(indicator=indicator).select_related("unit")
    if replacing is not None:
        others = others.exclude(pk=replacing.pk)
    if role in AREA_ROLES:
        level, units = AREA_ROLE_WORDS[role]
        if unit is not None:
            raise ReportingError(
                f"Giao cho {level} là giao cho mọi {units} của địa bàn; không chọn một đơn vị cụ thể.",
                code="invalid_assignment",
            )
        if others.filter(role=role).exists():
            raise ReportingError(
                f"Chỉ tiêu {indicator.code} đã được giao cho {level} thu thập.", code="invalid_assignment"
            )
        if role == AssignmentRole.PROVINCES and indicator.program.owner_unit.kind != OrgUnitKind.COUNTRY:
            raise ReportingError(
                "Giao cho cấp tỉnh chỉ dùng cho chương trình toàn quốc; chương trình này thuộc "
                f"{indicator.program.owner_unit.name}.",
                code="invalid_assignment",
            )
        return
    if unit is None:
        raise ReportingError("Cần chọn đơn vị được giao.", code="invalid_assignment")
    owner = indicator.program.owner_unit
    if not _is_within(unit, owner):
        raise ReportingError(
            f"{unit.name} không thuộc địa bàn của {indicator.program} ({owner.name}).", code="invalid_assignment"
        )
    same_unit = others.filter(unit=unit).first()
    if same_unit is not None:
        raise ReportingError(
            f"{unit.name} đã được giao chỉ tiêu {indicator.code} với vai trò "
            f"“{same_unit.get_role_display().lower()}”; hãy đổi vai trò thay vì giao thêm.",
            code="invalid_assignment",
        )
    lead = others.filter(role=AssignmentRole.LEAD).first()
    if role == AssignmentRole.LEAD and lead is not None and lead.unit is not None:
        raise ReportingError(
            f"Chỉ tiêu {indicator.code} đã có đơn vị chủ trì là {lead.unit.name}; mỗi chỉ tiêu chỉ có một đơn vị "
            "chủ trì, hãy đổi đơn vị chủ trì thay vì thêm.",
            code="invalid_assignment",
        )


def _assignment_state(assignment: Assignment) -> dict:
    return {
        "indicator": assignment.indicator.code,
        "role": assignment.role,
        "unit": assignment.unit.code if assignment.unit is not None else None,
    }


def _saving_assignment(write: Callable[[], Assignment]) -> Assignment:
    """Two people assigning at once: the database constraint decides, the loser gets the same message."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as error:
        raise ReportingError(
            "Phân công này vừa được người khác thay đổi; hãy tải lại trang.", code="invalid_assignment"
        ) from error


def add_assignment(indicator: Indicator, *, role: str, unit: OrgUnit | None = None, actor=None) -> Assignment:
    """Give ``unit`` an indicator to report as lead or coordinating unit, or (``role`` communes, no unit)
    have every commune of the programme's province report it."""

    def write() -> Assignment:
        _validate_assignment(indicator, role, unit, replacing=None)
        assignment = Assignment.objects.create(indicator=indicator, role=role, unit=unit)
        record(
            actor=actor,
            action="assignment.create",
            obj=assignment,
            summary=f"Giao báo cáo: {assignment}",
            after=_assignment_state(assignment),
        )
        return assignment

    return _saving_assignment(write)


def change_assignment(assignment: Assignment, *, role: str, unit: OrgUnit | None = None, actor=None) -> Assignment:
    """Change who reports (another lead department) or in which role."""

    def write() -> Assignment:
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("indicator__program__owner_unit", "unit")
            .get(pk=assignment.pk)
        )
        before = _assignment_state(locked)
        _validate_assignment(locked.indicator, role, unit, replacing=locked)
        locked.role, locked.unit = role, unit
        locked.save(update_fields=["role", "unit"])
        record(
            actor=actor,
            action="assignment.update",
            obj=locked,
            summary=f"Đổi phân công báo cáo: {locked}",
            before=before,
            after=_assignment_state(locked),
        )
        return locked

    return _saving_assignment(write)


def remove_assignment(assignment: Assignment, *, actor=None) -> None:
    """Reports already created keep their figures; the unit is no longer expected from the next period opened."""
    with transaction.atomic():
        before = _assignment_state(assignment)
        record(
            actor=actor,
            action="assignment.delete",
            obj=assignment,
            summary=f"Bỏ phân công: {assignment}",
            before=before,
        )
        assignment.delete()


def create_default_assignments(program: Program, *, actor=None) -> int:
    """The assignments the plan itself states: each indicator's lead unit and its coordinating units.
    Only what is missing is created (an assignment the standing agency changed is left as it is);
    "collected at commune level" is never a default, since no indicator field says it. Returns how
    many were created."""
    created = 0
    with transaction.atomic():
        indicators = (
            program.indicators.filter(is_group=False)
            .select_related("lead_unit")
            .prefetch_related("coordinating_units", "assignments")
        )
        for indicator in indicators:
            assigned = {assignment.unit_id for assignment in indicator.assignments.all()}
            has_lead = any(assignment.role == AssignmentRole.LEAD for assignment in indicator.assignments.all())
            wanted: list[tuple[str, OrgUnit]] = []
            if indicator.lead_unit is not None and not has_lead:
                wanted.append((AssignmentRole.LEAD, indicator.lead_unit))
            wanted += [(AssignmentRole.COORDINATING, unit) for unit in indicator.coordinating_units.all()]
            for role, unit in wanted:
                if unit.pk in assigned:
                    continue
                assignment = Assignment.objects.create(indicator=indicator, role=role, unit=unit)
                assigned.add(unit.pk)
                record(
                    actor=actor,
                    action="assignment.create",
                    obj=assignment,
                    summary=f"Giao báo cáo theo kế hoạch: {assignment}",
                    after=_assignment_state(assignment),
                )
                created += 1
    return created
