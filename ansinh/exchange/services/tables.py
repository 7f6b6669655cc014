"""Lists downloaded as Excel sheets (tasks, meetings, difficulties, inspections), audited like every export."""

from collections.abc import Sequence

from ansinh.audit.services import record
from ansinh.exchange.formats.table import Value, write_table
from ansinh.programs.models import Program


def audited_table(
    program: Program, *, what: str, title: str, headers: Sequence[str], rows: list[Sequence[Value]], actor
) -> bytes:
    content = write_table(title, headers, rows)
    record(
        actor=actor,
        action="exchange.export",
        obj=program,
        summary=f"Xuất Excel {what}: {len(rows)} dòng — {program}",
        after={"format": "xlsx", "what": what, "rows": len(rows)},
    )
    return content
