"""What every import shares: the error an import refuses a file with, the summary it answers with (as
DHIS2's import summary does), and reading an upload's text."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ansinh.core.file_limits import capped
from ansinh.core.numbers import format_number
from ansinh.exchange.formats.dhis2_values import (
    Conflict,
)

UNIT_MISMATCH = "unit_mismatch"

Progress = Callable[[int, int], None]
logger = logging.getLogger(__name__)


class ExchangeError(Exception):
    """An import or mapping that cannot be done; ``message`` and ``errors`` are Vietnamese. Nothing was written."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = capped(errors or [])


@dataclass
class ImportSummary:
    """What an import did, counted in the file's values (a DHIS2 value, an Open SDG row), as DHIS2's
    import summary counts them: ``total == imported + updated + ignored + conflicting``."""

    total: int = 0
    imported: int = 0
    updated: int = 0
    ignored: int = 0  # unchanged, or left alone by the CREATE / UPDATE strategy
    reports: int = 0  # reports written to
    conflicts: list[Conflict] = field(default_factory=list)
    dry_run: bool = False

    @property
    def conflicting(self) -> int:
        return sum(conflict.count for conflict in self.conflicts)

    def message(self) -> str:
        head = "Chạy thử, chưa ghi gì" if self.dry_run else "Đã nhập xong"
        return (
            f"{head}: {format_number(self.total)} giá trị trong tệp — {format_number(self.imported)} mới, "
            f"{format_number(self.updated)} cập nhật, {format_number(self.ignored)} bỏ qua (không đổi), "
            f"{format_number(self.conflicting)} không nhập được."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "imported": self.imported,
            "updated": self.updated,
            "ignored": self.ignored,
            "conflicting": self.conflicting,
            "reports": self.reports,
            "dry_run": self.dry_run,
            "message": self.message(),
            "conflicts": [conflict.as_dict() for conflict in self.conflicts],
        }


def decode_text(content: str | bytes | memoryview) -> str:
    if isinstance(content, str):
        return content
    try:
        return bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeError("Tệp không phải văn bản UTF-8; chưa nhập gì.") from error
