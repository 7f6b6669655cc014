"""Lists downloaded as Excel sheets (tasks, meetings, difficulties, inspections, budget lines), audited like every
export; written as a stream (``formats.table.write_table_to``)."""

import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.text import slugify

from ansinh.audit.services import record
from ansinh.core.dates import format_date
from ansinh.core.numbers import format_number
from ansinh.exchange.formats.table import Value, write_table_to
from ansinh.programs.models import Program


def table_title(program: Program, what: str) -> str:
    return f"{what} — {program.kind} {program.code} (xuất ngày {format_date(timezone.localdate())})"


def table_filename(program: Program, what: str) -> str:
    slug = slugify(what.replace("đ", "d").replace("Đ", "D"))  # an ASCII file name: headers carry no Vietnamese
    return f"{program.slug}-{slug}.xlsx"


def audited_table(
    program: Program, *, what: str, headers: Sequence[str], rows: Iterable[Sequence[Value]], actor
) -> bytes:
    buffer = io.BytesIO()
    count = write_table_to(buffer, table_title(program, what), headers, rows)
    record(
        actor=actor,
        action="exchange.export",
        obj=program,
        summary=f"Xuất Excel {what}: {format_number(count)} dòng — {program}",
        after={"format": "xlsx", "what": what, "rows": count},
    )
    return buffer.getvalue()
