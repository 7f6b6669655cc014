"""Remind units that have not sent their report as a deadline comes or passes; run it once a day."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ansinh.core.dates import format_date, parse_date
from ansinh.reporting.services.reminders import send_reminders


class Command(BaseCommand):
    help = "Nhắc hạn gửi báo cáo (7 và 1 ngày trước hạn, 1 và 7 ngày sau hạn): thông báo trong hệ thống và thư điện tử."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Ngày tính nhắc hạn, dạng dd/mm/yyyy (mặc định: hôm nay).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = parse_date(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(str(error)) from error
        summary = send_reminders(today)
        self.stdout.write(
            f"Ngày {format_date(today)}: {summary.notifications} thông báo, {summary.emails} thư điện tử đã gửi"
            + (f"; {summary.failed} thư gửi lỗi, sẽ gửi lại lần chạy sau." if summary.failed else ".")
        )
        if summary.unreached:
            self.stdout.write(summary.unreached_text())
