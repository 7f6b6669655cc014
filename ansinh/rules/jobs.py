"""When a background job is given up: a pure rule, no ORM.

An import runs in one transaction, so a worker killed in the middle leaves nothing imported — but its job row,
marked "running" before the transaction began, would stay so forever. A running job that has not finished within
the time limit is stale: its worker is gone. The job page shows it as failed at once (a read, nothing written), and
the next worker to start, or to run any import, records it as failed with this reason. Export jobs (issue 21)
follow the same rule with their own words."""

from datetime import datetime, timedelta


def stale_reason(
    *, running: bool, started_at: datetime | None, now: datetime, limit: timedelta, export: bool = False
) -> str | None:
    """The Vietnamese reason a job is given up, or None while it may still be running. An export job
    (``export``) wrote nothing that counts: its file is simply made again."""
    if not running or started_at is None or now - started_at <= limit:
        return None
    minutes = int(limit.total_seconds() // 60)
    if export:
        return (
            f"Lượt xuất dừng giữa chừng: tiến trình nền không kết thúc sau {minutes} phút (có thể đã bị tắt). "
            "Hãy tạo lại tệp."
        )
    return (
        f"Lượt nhập dừng giữa chừng: tiến trình nền không kết thúc sau {minutes} phút (có thể đã bị tắt). "
        "Chưa có số liệu nào được nhập; hãy nhập lại tệp."
    )
