"""Send the leadership briefings that are due (each month's end, before each meeting); run it once a day."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ansinh.core.dates import format_date, parse_date
from ansinh.documents.services.briefings import send_briefings


class Command(BaseCommand):
    help = "Gửi bản tin lãnh đạo (bảng điều khiển dạng PDF) qua thư điện tử theo lịch: cuối tháng, trước cuộc họp."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Ngày tính lịch gửi, dạng dd/mm/yyyy (mặc định: hôm nay).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = parse_date(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(str(error)) from error
        summary = send_briefings(today)
        self.stdout.write(f"Ngày {format_date(today)}: {summary.sent} bản tin đã gửi.")
        for problem in summary.problems or []:
            self.stderr.write(problem)
        if summary.failed:
            self.stderr.write(f"{summary.failed} bản tin chưa gửi được, sẽ gửi lại lần chạy sau.")
