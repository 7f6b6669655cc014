"""How the exchange commands print a summary (Vietnamese), read their programme, and write an export."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, OutputWrapper

from ansinh.core.numbers import format_number
from ansinh.exchange.formats.dhis2_values import Conflict
from ansinh.exchange.services.common import ExchangeError, ImportSummary
from ansinh.programs.models import Program

SHOWN_PLACES = 5


def conflict_line(conflict: Conflict) -> str:
    places = ", ".join(conflict.where[:SHOWN_PLACES])
    more = f" và {format_number(conflict.count - SHOWN_PLACES)} chỗ khác" if conflict.count > SHOWN_PLACES else ""
    return f"  - {conflict.message} ({format_number(conflict.count)} giá trị: {places}{more})"


def summary_text(summary: ImportSummary) -> str:
    lines = [summary.message()]
    if summary.conflicts:
        lines.append("Không nhập được:")
        lines += [conflict_line(conflict) for conflict in summary.conflicts]
    return "\n".join(lines)


def command_error(error: ExchangeError) -> CommandError:
    return CommandError("\n".join([error.message, *(f"  - {line}" for line in error.errors)]))


def program_by_slug(slug: str) -> Program:
    program = Program.objects.filter(slug=slug).select_related("owner_unit").first()
    if program is None:
        raise CommandError(f"Không có chương trình “{slug}”.")
    return program


class _Unended:
    """stdout without the line ending Django's OutputWrapper adds to every write."""

    def __init__(self, stdout: OutputWrapper):
        self.stdout = stdout

    def write(self, text: str) -> None:
        self.stdout.write(text, ending="")


@contextmanager
def export_output(path: Path | None, stdout: OutputWrapper) -> Iterator[Any]:
    """Where an export command streams its file: ``path``, or stdout — written as it is read, never held whole."""
    if path is None:
        yield _Unended(stdout)
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        yield out
