"""Who approves a report: a pure rule, no ORM (the selector ``approving_unit`` feeds it from the database).

- A commune under a district (the three-level administration that ended on 1/7/2025, so a period
  ending before that day) is approved by its district.
- A report of the programme's standing agency is approved by the programme's unit: nobody approves
  their own figures.
- A report of the programme's unit itself (the city) is approved by that unit's leadership: there is no
  level above it inside the programme, and the standing agency, which compiles the city's figures,
  must not approve what it compiled.
- Everything else (districts, communes of the two-level administration, departments) is approved at
  the programme's level: by the standing agency if the programme has one, else by the programme's unit.

Who may press the button inside the approving unit is an access rule (``ansinh.accounts.rules``).
"""

from dataclasses import dataclass
from typing import Any

COMMUNE, DISTRICT = "commune", "district"


@dataclass(frozen=True)
class ReportingUnit:
    id: int
    kind: str
    parent_id: int | None = None
    parent_kind: str | None = None


def approving_unit_id(unit: ReportingUnit, *, owner_unit_id: int, standing_agency_id: int | None) -> int:
    if unit.kind == COMMUNE and unit.parent_kind == DISTRICT and unit.parent_id is not None:
        return unit.parent_id
    if unit.id in (owner_unit_id, standing_agency_id):
        return owner_unit_id
    return standing_agency_id if standing_agency_id is not None else owner_unit_id


def approving_unit_id_of(report: Any) -> int:
    """The approving unit's id for a report-like object (``report.unit`` with ``pk``, ``kind`` and ``parent``;
    ``report.period`` with the ``standing_agency_id`` in office for it, ``report.period.program`` with
    ``owner_unit_id`` and ``standing_agency_id``): the one reading of a report
    that both the access rules and the reporting selectors use."""
    unit, period = report.unit, report.period
    program = period.program
    parent = unit.parent
    # The standing agency in office for the period (a body that ended hands its duties on: ``org.OfficeHolders``).
    standing = getattr(period, "standing_agency_id", None) or program.standing_agency_id
    return approving_unit_id(
        ReportingUnit(unit.pk, unit.kind, parent.pk if parent else None, parent.kind if parent else None),
        owner_unit_id=program.owner_unit_id,
        standing_agency_id=standing,
    )


SEPARATION_OF_DUTIES = (
    "Không thể duyệt: bạn đã nhập số liệu của báo cáo này hoặc đã gửi báo cáo. "
    "Người nhập hoặc gửi số liệu không được tự duyệt; một người khác ở đơn vị duyệt cần duyệt báo cáo."
)


def approval_refusal(approver_id: int | None, *, typed_by: set[int | None], sent_by: int | None) -> str | None:
    """Separation of duties: nobody approves a report whose figures they typed (at any time in its history,
    whatever their role or path: the unit's reporter, the secretariat typing on the unit's behalf, a
    superuser) or that they sent. A load without a person (``approver_id`` None) is not a person approving.
    Returns the Vietnamese reason for a refusal, or None."""
    if approver_id is None:
        return None
    if approver_id in typed_by or approver_id == sent_by:
        return SEPARATION_OF_DUTIES
    return None
