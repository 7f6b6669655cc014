"""What the reporting services refuse with: a Vietnamese message fit to show, a stable code for the API."""

from ansinh.reporting.models import (
    ReportingPeriod,
)
from ansinh.rules.checks import Issue


class ReportingError(Exception):
    """A write that cannot be done; ``message`` is Vietnamese and fit to show."""

    def __init__(self, message: str, *, code: str = "reporting_error", errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.errors = errors or {}


class CellConflict(ReportingError):
    """The cell changed since the person started typing; ``current`` is what is stored now (None: empty)."""

    def __init__(self, message: str, *, current: dict | None):
        super().__init__(message, code="cell_conflict")
        self.current = current


class ChecksFailed(ReportingError):
    """The report did not pass the checks; ``issues`` lists what blocks it, ``errors`` the same by cell."""

    def __init__(self, issues: list[Issue]):
        errors: dict[str, str] = {}
        for issue in issues:
            errors[issue.cell_key] = (
                f"{errors[issue.cell_key]} {issue.message}" if issue.cell_key in errors else issue.message
            )
        super().__init__(
            f"Báo cáo chưa gửi được: {len(issues)} vấn đề cần sửa hoặc ghi chú giải thích.",
            code="checks_failed",
            errors=errors,
        )
        self.issues = issues


def person_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def period_closed_error(period: ReportingPeriod) -> ReportingError:
    return ReportingError(
        f"Kỳ báo cáo {period} đã đóng. Muốn nhận thêm báo cáo, hãy mở lại kỳ (ghi rõ lý do).", code="period_closed"
    )
